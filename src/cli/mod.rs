//! The headless command line: clap arguments turned into library calls.

mod assurance_cmd;
mod calc;
mod catalog_cmd;
mod consolidate_cmd;
mod infra_cmd;
mod limits_cmd;
mod plan_cmd;
mod polarity_cmd;
mod report_cmd;
mod select_cmd;
mod stats_cmd;
mod verify_cmd;

use std::io::{self, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::error::InputError;

#[derive(Debug, Parser)]
#[command(
    name = "mpo-budget",
    version,
    about = "MPO/MTP channel loss budgets, polarity checks and connector selection"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A design file to open in the desktop app.
    pub design: Option<PathBuf>,
    /// A user catalog for the desktop app, merged over the built-in one.
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the loss budget of every link of a design, or of one quick link.
    Calc(calc::CalcArgs),
    /// List the catalog: transceivers, connector grades and splices, fibers, cassettes, harnesses.
    Catalog(catalog_cmd::CatalogArgs),
    /// Trace polarity lane by lane and check every mate; name the fix.
    Polarity(polarity_cmd::PolarityArgs),
    /// Supported length for 0…N mated pairs of each grade (application assurance).
    Assurance(assurance_cmd::AssuranceArgs),
    /// Monte Carlo of each link's loss: mean, P50, P95, P99.9, P(fail).
    Stats(stats_cmd::StatsArgs),
    /// The cheapest connector grades that pass with a margin; standard vs premium vs optimized.
    Select(select_cmd::SelectArgs),
    /// Utilisation of the shared trunks, panels and cassettes, and their conflicts.
    Infra(infra_cmd::InfraArgs),
    /// Turn identical private trunks into shared trunks, panels and cassettes (writes format 2).
    Consolidate(consolidate_cmd::ConsolidateArgs),
    /// Plan a link schedule (CSV or XLSX) into a design: channels from templates, trunks, panels and cassettes shared.
    Plan(plan_cmd::PlanArgs),
    /// The bill of materials with prices.
    Quote(select_cmd::QuoteArgs),
    /// One self-contained, printable HTML report of the design.
    Report(report_cmd::ReportArgs),
    /// Test limits for the installer's certifier, per link and leg: the application limit and the design budget.
    Limits(limits_cmd::LimitsArgs),
    /// Judge a certifier's measured results against the test limits and the design.
    Verify(verify_cmd::VerifyArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Csv,
}

/// The exit status scripts rely on: 0 every link passes, 1 some link fails,
/// 2 the input (file, catalog, price list or arguments) is bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Pass = 0,
    Fail = 1,
    BadInput = 2,
}

impl Exit {
    /// `Pass` when `pass`, else `Fail`.
    pub fn pass_if(pass: bool) -> Self {
        if pass { Exit::Pass } else { Exit::Fail }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// What a command prints on stdout, and the status it exits with.
pub enum Outcome {
    /// Output held whole.
    Text(String, Exit),
    /// Output too large to hold, written as it is made; it returns the
    /// status to exit with.
    Streamed(Stream),
}

/// Writes a command's output as it is made; returns its exit status.
pub type Stream = Box<dyn FnOnce(&mut dyn io::Write) -> io::Result<Exit>>;

impl Outcome {
    pub fn new(stdout: String, exit: Exit) -> Self {
        Outcome::Text(stdout, exit)
    }

    /// Output written while it is made, straight to stdout.
    pub fn streamed(stream: Stream) -> Self {
        Outcome::Streamed(stream)
    }
}

/// Leaves a large value to the operating system instead of freeing it: the
/// command is about to exit, and freeing a design of a million links piece
/// by piece takes a tenth of the run.
pub fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}

pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Calc(args) => calc::run(&args),
        Command::Catalog(args) => catalog_cmd::run(&args),
        Command::Polarity(args) => polarity_cmd::run(&args),
        Command::Assurance(args) => assurance_cmd::run(&args),
        Command::Stats(args) => stats_cmd::run(&args),
        Command::Select(args) => select_cmd::run_select(&args),
        Command::Quote(args) => select_cmd::run_quote(&args),
        Command::Infra(args) => infra_cmd::run(&args),
        Command::Consolidate(args) => consolidate_cmd::run(&args),
        Command::Plan(args) => plan_cmd::run(&args),
        Command::Report(args) => report_cmd::run(&args),
        Command::Limits(args) => limits_cmd::run(&args),
        Command::Verify(args) => verify_cmd::run(&args),
    };
    match result {
        Ok(outcome) => match print(outcome) {
            Ok(exit) => exit.into(),
            // The reader has gone (`| head`): stop quietly, as ripgrep does.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Pass.into(),
            Err(e) => {
                error(&format!("cannot write the output: {e}"));
                Exit::BadInput.into()
            }
        },
        Err(e) => {
            error(&e.to_string());
            Exit::BadInput.into()
        }
    }
}

/// Writes the outcome to stdout, returning the error (never panicking as
/// `print!` does), or the status to exit with.
fn print(outcome: Outcome) -> io::Result<Exit> {
    let mut out = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let exit = match outcome {
        Outcome::Text(text, exit) => {
            out.write_all(text.as_bytes())?;
            exit
        }
        Outcome::Streamed(stream) => stream(&mut out)?,
    };
    out.flush()?;
    Ok(exit)
}

/// `error: MESSAGE` on stderr; nothing more can be done if stderr is gone too.
fn error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "error: {message}");
}

/// Argument limits: past them a command refuses to run (exit 2) rather than
/// run for minutes or exhaust memory. The README lists them.
pub const MAX_TRIALS: u32 = 10_000_000;
/// `assurance --max-pairs` and quick `calc --mated-pairs`.
pub const MAX_MATED_PAIRS: u32 = 1_000;
/// `--splices` of quick `calc` and of `assurance`: a cable's limit in a file.
pub const MAX_SPLICES: u32 = mpo_budget_core::model::limits::MAX_SPLICES_PER_CABLE;
/// Quick `calc --length-m`: a cable's limit in a file (100 km).
pub const MAX_LENGTH_M: f64 = mpo_budget_core::model::limits::MAX_LENGTH_M;

/// Refuses `value` of `flag` past `max`, naming the limit.
fn at_most(flag: &str, value: u32, max: u32, what: &str) -> Result<(), InputError> {
    if value > max {
        return Err(InputError::new(
            "command line",
            format!("expected at most {max} {what}, found {value} (the limit is {max})"),
        )
        .field(flag));
    }
    Ok(())
}

fn load_catalog(user: Option<&PathBuf>) -> Result<Catalog, InputError> {
    match user {
        Some(path) => Catalog::with_user_file(path),
        None => Catalog::builtin(),
    }
}

/// Opens the desktop app on `design` (or the last file, or the example).
pub fn open_app(design: Option<PathBuf>, catalog: Option<PathBuf>) -> ExitCode {
    let catalog = match load_catalog(catalog.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            error(&e.to_string());
            return Exit::BadInput.into();
        }
    };
    match crate::app::run(design, catalog) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error(&format!("cannot open the window: {e}"));
            Exit::BadInput.into()
        }
    }
}

use std::path::PathBuf;

use clap::Args;

use super::limits_cmd::TestArgs;
use super::{Exit, Format, Outcome, load_catalog};
use mpo_budget_core::field::verify::verify;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::{json, verify as verify_output};
use mpo_budget_core::planning::plan::load_design_or_schedule;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    /// The measured results (CSV: link, wavelength_nm, loss_db; optional leg, fiber, length_m).
    pub measured: PathBuf,
    #[command(flatten)]
    pub test: TestArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: &VerifyArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let (method, scope) = args.test.resolve(&catalog)?;
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let measured = mpo_budget_core::io::results::read(&args.measured)?;
    let report = verify(&catalog, &loaded, &measured, method, scope);
    let text = match args.format {
        Format::Text => {
            mpo_budget_core::output::text::terminal_safe(&verify_output::text(&report)).into_owned()
        }
        Format::Json => json::pretty(&report),
        Format::Csv => verify_output::csv(&report),
    };
    Ok(Outcome::new(text, Exit::pass_if(report.pass)))
}

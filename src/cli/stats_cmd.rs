use std::path::PathBuf;

use clap::Args;

use super::{Exit, Format, MAX_TRIALS, Outcome, at_most, load_catalog};
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::json;
use mpo_budget_core::output::stats::{self, stats_report};
use mpo_budget_core::planning::plan::load_design_or_schedule;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    /// Trials per link.
    #[arg(long, default_value_t = 100_000)]
    pub trials: u32,
    /// Random seed: the same seed gives the same numbers.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: &StatsArgs) -> Result<Outcome, InputError> {
    at_most("--trials", args.trials, MAX_TRIALS, "trials")?;
    let catalog = load_catalog(args.catalog.as_ref())?;
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let file = args.design.display().to_string();
    let report = stats_report(&catalog, &loaded, args.trials, args.seed, &file)?;
    let text = match args.format {
        Format::Text => {
            mpo_budget_core::output::text::terminal_safe(&stats::text(&report)).into_owned()
        }
        Format::Json => json::pretty(&report),
        Format::Csv => stats::csv(&report),
    };
    Ok(Outcome::new(text, Exit::Pass))
}

use std::path::PathBuf;

use clap::Args;

use super::{Exit, Format, Outcome, load_catalog};
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::records::polarity_report;
use mpo_budget_core::output::{json, polarity};
use mpo_budget_core::planning::plan::load_design_or_schedule;

#[derive(Debug, Args)]
pub struct PolarityArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: &PolarityArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    if args.format == Format::Csv {
        return Err(
            InputError::new("command line", "polarity prints as text or json").field("--format"),
        );
    }
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let report = polarity_report(&catalog, &loaded);
    let text = match args.format {
        Format::Json => json::pretty(&report),
        Format::Text | Format::Csv => {
            mpo_budget_core::output::text::terminal_safe(&polarity::text(&report)).into_owned()
        }
    };
    Ok(Outcome::new(text, Exit::pass_if(report.ok)))
}

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::select_cmd::load_prices;
use super::{Exit, Outcome, load_catalog};
use mpo_budget_core::io::design_file::write_atomically;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::html::html_report;
use mpo_budget_core::planning::plan::load_design_or_schedule;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    /// Where to write the HTML report.
    #[arg(long)]
    pub out: PathBuf,
    /// A certifier's measured results (CSV, as `verify` reads them): a
    /// test-results section judged against the design's test limits.
    #[arg(long)]
    pub results: Option<PathBuf>,
    /// How the results were measured (with --results).
    #[command(flatten)]
    pub test: super::limits_cmd::TestArgs,
    /// A price list (CSV) replacing the example prices.
    #[arg(long)]
    pub prices: Option<PathBuf>,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: &ReportArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let prices = load_prices(args.prices.as_ref())?;
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let tests = match &args.results {
        Some(path) => {
            let measured = mpo_budget_core::io::results::read(path)?;
            let (method, scope) = args.test.resolve(&catalog)?;
            Some(mpo_budget_core::field::verify::verify(
                &catalog, &loaded, &measured, method, scope,
            ))
        }
        None => None,
    };
    let html = html_report(
        &catalog,
        &prices,
        &loaded,
        tests.as_ref(),
        None,
        mpo_budget_core::output::money::Grouping::from_env(),
    );
    write_atomically(&args.out, html.as_bytes()).map_err(|e| {
        InputError::new(
            args.out.display().to_string(),
            format!("could not write the report: {e}"),
        )
    })?;
    // On stderr, so stdout stays empty; nothing more to do if stderr is gone.
    let _ = writeln!(std::io::stderr().lock(), "wrote {}", args.out.display());
    Ok(Outcome::new(String::new(), Exit::Pass))
}

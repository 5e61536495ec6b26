use std::path::PathBuf;

use clap::Args;

use super::{Exit, Format, Outcome, load_catalog};
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::io::design_file;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::{json, quote as quote_out, select};
use mpo_budget_core::planning::plan::load_design_or_schedule;
use mpo_budget_core::planning::quote::quote;
use mpo_budget_core::planning::select::select_design;

#[derive(Debug, Args)]
pub struct SelectArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    /// Margin to keep under each link's limit, dB.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub margin: f64,
    /// A price list (CSV) replacing the example prices.
    #[arg(long)]
    pub prices: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Save the design with the chosen grades here.
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    /// A price list (CSV) replacing the example prices.
    #[arg(long)]
    pub prices: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn load_prices(path: Option<&PathBuf>) -> Result<Prices, InputError> {
    match path {
        Some(p) => Prices::from_csv_file(p),
        None => Prices::example(),
    }
}

pub fn run_select(args: &SelectArgs) -> Result<Outcome, InputError> {
    if !(args.margin.is_finite() && args.margin >= 0.0) {
        return Err(InputError::new(
            "command line",
            format!("expected a margin of 0 dB or more, found {}", args.margin),
        )
        .field("--margin"));
    }
    let catalog = load_catalog(args.catalog.as_ref())?;
    let prices = load_prices(args.prices.as_ref())?;
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let s = select_design(
        &catalog,
        &prices,
        &loaded.design,
        &loaded.resolved,
        args.margin,
    );
    if let Some(out) = &args.write {
        design_file::save(out, &s.optimized).map_err(|e| {
            // The file is named once, by the error itself.
            InputError::new(
                out.display().to_string(),
                format!("could not save: {}", e.source),
            )
        })?;
    }
    let text = match args.format {
        Format::Text => {
            mpo_budget_core::output::text::terminal_safe(&select::text(&s)).into_owned()
        }
        Format::Json => json::pretty(&s),
        Format::Csv => select::csv(&s),
    };
    Ok(Outcome::new(
        text,
        Exit::pass_if(s.links.iter().all(|l| l.pass)),
    ))
}

pub fn run_quote(args: &QuoteArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let prices = load_prices(args.prices.as_ref())?;
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let q = quote(&catalog, &prices, &loaded.design);
    let text = match args.format {
        Format::Text => {
            mpo_budget_core::output::text::terminal_safe(&quote_out::text(&q)).into_owned()
        }
        Format::Json => json::pretty(&q),
        Format::Csv => quote_out::bom_csv(&q),
    };
    Ok(Outcome::new(text, Exit::Pass))
}

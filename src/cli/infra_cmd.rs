use std::path::PathBuf;

use clap::Args;

use super::{Exit, Format, Outcome, load_catalog};
use mpo_budget_core::analysis::infra::infra_check;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::{infra, json};
use mpo_budget_core::planning::plan::load_design_or_schedule;

#[derive(Debug, Args)]
pub struct InfraArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

/// Utilisation of the shared trunks, panels and cassettes; exit 1 where
/// any link has a conflict or a wrong route over them.
pub fn run(args: &InfraArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let check = infra_check(&catalog, &loaded.design, &|n| loaded.resolved.get(n));
    let clean = check.problems.iter().all(Vec::is_empty);
    let text = match args.format {
        Format::Json => json::pretty(&check.report),
        Format::Csv => infra::csv(&check.report),
        Format::Text => {
            let mut s = infra::text(&check.report);
            for (link, problems) in loaded.design.links.iter().zip(&check.problems) {
                for p in problems {
                    s.push_str(&format!("  FAIL [{}] {}: {}\n", p.code, link.id, p.message));
                }
            }
            mpo_budget_core::output::text::terminal_safe(&s).into_owned()
        }
    };
    Ok(Outcome::new(text, Exit::pass_if(clean)))
}

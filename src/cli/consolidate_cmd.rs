use std::path::PathBuf;

use clap::Args;

use super::{Exit, Outcome, load_catalog};
use mpo_budget_core::io::design_file;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::planning::consolidate::consolidate;

#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// The design file (its private trunks become shared ones).
    pub design: PathBuf,
    /// Where to write the consolidated design (format 2).
    #[arg(long)]
    pub out: PathBuf,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

/// Writes the design with shared trunks, panels and cassettes, and says
/// what it merged.
pub fn run(args: &ConsolidateArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let loaded = design_file::load(&args.design, &catalog)?;
    let name = mpo_budget_core::io::error::display_name(&args.design);
    let (design, report) =
        consolidate(&catalog, &loaded.design).map_err(|e| InputError::new(&name, e))?;
    design_file::save(&args.out, &design).map_err(|e| {
        InputError::new(
            mpo_budget_core::io::error::display_name(&args.out),
            e.to_string(),
        )
    })?;
    let mut text = report.join("\n");
    let counted = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    text.push_str(&format!(
        "\n{} in, {} out; {}, {} written to {}\n",
        counted(loaded.design.links.len(), "link"),
        design.links.len(),
        counted(design.trunks.len(), "trunk"),
        counted(design.panels.len(), "panel"),
        args.out.display()
    ));
    Ok(Outcome::new(
        mpo_budget_core::output::text::terminal_safe(&text).into_owned(),
        Exit::Pass,
    ))
}

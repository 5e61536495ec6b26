use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Format, exit, load_catalog, output};
use mpo_budget_core::analysis::budget::link_budget;
use mpo_budget_core::analysis::stats::{LinkStats, StatModel, simulate};
use mpo_budget_core::io::design_file;
use mpo_budget_core::io::error::InputError;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The design file.
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

#[derive(Serialize)]
struct Report<'a> {
    design: &'a str,
    trials: u32,
    seed: u64,
    links: &'a [LinkStats],
}

pub fn run(args: &StatsArgs) -> Result<u8, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let loaded = design_file::load(&args.design, &catalog)?;
    let model = StatModel::new(&catalog);
    let file = args.design.display().to_string();
    let links = loaded
        .design
        .links
        .iter()
        .zip(&loaded.resolved)
        .enumerate()
        // Each link its own stream, so adding a link does not change the others' numbers.
        .map(|(n, (l, r))| {
            simulate(
                &model,
                &l.id,
                &link_budget(&catalog, l, r),
                args.trials,
                args.seed.wrapping_add(n as u64),
            )
            .map_err(|e| InputError::new(&file, e).in_link(Some(l.id.clone())))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let report = Report {
        design: &loaded.design.name,
        trials: args.trials.max(1),
        seed: args.seed,
        links: &links,
    };
    match args.format {
        Format::Json => print!("{}", output::json(&report)),
        Format::Csv => print!("{}", output::csv_rows(&links)),
        Format::Text => {
            println!(
                "Design: {} ({} trials per link, seed {})",
                report.design, report.trials, args.seed
            );
            println!(
                "{:14} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
                "link", "typical", "mean", "P50", "P95", "P99.9", "worst", "limit", "P(fail)"
            );
            for l in &links {
                let limit = l
                    .max_channel_loss_db
                    .map_or_else(|| "-".into(), |v| format!("{v:.3}"));
                let p_fail = l
                    .p_fail
                    .map_or_else(|| "-".into(), |p| format!("{:.4}%", p * 100.0));
                println!(
                    "{:14} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8} {:>9}",
                    l.id,
                    l.typical_loss_db,
                    l.mean_db,
                    l.p50_db,
                    l.p95_db,
                    l.p999_db,
                    l.worst_case_loss_db,
                    limit,
                    p_fail
                );
            }
        }
    }
    Ok(exit::PASS)
}

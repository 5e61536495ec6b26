//! The `stats` command: each link's Monte Carlo run as one report, and its
//! text table and CSV (its JSON is the [`StatsReport`] itself).

use std::fmt::Write as _;

use serde::Serialize;

use super::csv::text_cell;
use crate::analysis::budget::link_budget;
use crate::analysis::stats::{LinkStats, StatModel, simulate};
use crate::catalog::Catalog;
use crate::io::design_file::LoadedDesign;
use crate::io::error::InputError;

/// The `stats` command's report. Field names are a contract.
#[derive(Debug, Clone, Serialize)]
pub struct StatsReport {
    pub design: String,
    pub trials: u32,
    pub seed: u64,
    pub links: Vec<LinkStats>,
}

/// `trials` trials of every link, link n from seed `seed + n` so adding a link
/// does not change the others' numbers. `file` names the design in errors.
pub fn stats_report(
    catalog: &Catalog,
    loaded: &LoadedDesign,
    trials: u32,
    seed: u64,
    file: &str,
) -> Result<StatsReport, InputError> {
    let model = StatModel::new(catalog);
    let mut links = Vec::with_capacity(loaded.design.links.len());
    for (n, (l, r)) in loaded.design.links.iter().zip(&loaded.resolved).enumerate() {
        let seed = seed.wrapping_add(n as u64);
        let run = |id: &str, budget| {
            simulate(&model, id, &budget, trials, seed)
                .map_err(|e| InputError::new(file, e).in_link(Some(l.id.clone())))
        };
        if l.legs.is_empty() {
            links.push(run(&l.id, link_budget(catalog, l, r))?);
            continue;
        }
        // A link with legs: one row per leg (its own channel), each with the
        // link's seed, so a leg's numbers do not depend on its neighbours.
        // Each leg's channel from the link as it runs (through shared parts,
        // their expansion: a trunk leg's reference carries no length).
        for (k, leg) in r.legs.iter().enumerate() {
            if let Some(channel) = r.channel(l).leg_channel(k) {
                links.push(run(&channel.id, link_budget(catalog, &channel, leg))?);
            }
        }
    }
    Ok(StatsReport {
        design: loaded.design.name.clone(),
        trials: trials.max(1),
        seed,
        links,
    })
}

/// One line per link: typical, mean, percentiles, worst case, limit, P(fail).
pub fn text(r: &StatsReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Design: {} ({} trials per link, seed {})",
        r.design, r.trials, r.seed
    );
    let _ = writeln!(
        s,
        "{:14} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "link", "typical", "mean", "P50", "P95", "P99.9", "worst", "limit", "P(fail)"
    );
    for l in &r.links {
        let limit = l
            .max_channel_loss_db
            .map_or_else(|| "-".into(), |v| format!("{v:.3}"));
        let p_fail = l
            .p_fail
            .map_or_else(|| "-".into(), |p| format!("{:.4}%", p * 100.0));
        let _ = writeln!(
            s,
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
    s
}

/// One row per link with every figure of [`LinkStats`]; the id through
/// [`text_cell`], the figures as numbers.
pub fn csv(r: &StatsReport) -> String {
    super::csv::rows(r.links.iter().map(|l| LinkStats {
        id: text_cell(&l.id).into_owned(),
        // Not written (`serde(skip)`); every other field is a number.
        samples: Vec::new(),
        ..*l
    }))
}

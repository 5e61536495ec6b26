//! The `select` command's text and CSV (its JSON is the [`DesignSelection`] itself).

use std::fmt::Write as _;

use super::csv::text_cell;
use super::text::fixed;
use crate::planning::select::DesignSelection;

/// The three totals side by side, then each link's grades and best upgrades.
pub fn text(s: &DesignSelection) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Design: {} — {} ({}), margin {} dB",
        s.design, s.price_list, s.currency, s.margin_db
    );
    let _ = writeln!(o);
    for t in std::iter::once(&s.current).chain(&s.totals) {
        let _ = writeln!(
            o,
            "{:36} {:>12.2} {}   {} of {} links keep {} dB ({} of {} channels); {} pass",
            t.label,
            t.cost,
            s.currency,
            t.links_meeting_margin,
            s.links.len(),
            crate::model::units::fmt_db(s.margin_db),
            t.channels_meeting_margin,
            t.channels,
            t.links_passing,
        );
    }
    // Shared trunks: one grade for all the links through each.
    if !s.trunks.is_empty() {
        let _ = writeln!(o);
    }
    for t in &s.trunks {
        let note = match (t.grade == t.was, t.searched) {
            (_, false) => " (kept: too many trunks share its links to try every grade)".to_owned(),
            (true, true) => String::new(),
            (false, true) => format!("  (was {})", t.was),
        };
        let _ = writeln!(o, "trunk {}: {}{note}", t.id, t.grade);
    }
    for l in &s.links {
        let verdict = if !l.feasible {
            "  (cannot pass with this margin: lowest-loss grades shown)".to_owned()
        } else if !l.pass {
            format!(
                "  (FAIL ({}): grades cannot mend it; see calc)",
                l.failed.join(", ")
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "\n{} ×{}: {:.2} {} per link, worst case {:.3} dB, margin {}{verdict}",
            l.id,
            l.count,
            l.cost,
            s.currency,
            l.worst_case_loss_db,
            l.margin_db
                .map_or_else(|| "n/a".into(), |m| format!("{} dB", fixed(m, 3)))
        );
        for g in &l.grades {
            let change = if g.grade == g.was {
                String::new()
            } else {
                format!("  (was {})", g.was)
            };
            let _ = writeln!(o, "    element {:>2}: {}{change}", g.element, g.grade);
        }
        for u in l.upgrades.iter().take(3) {
            let per = u.db_per_cost.map_or_else(
                || "free".into(),
                |r| format!("{:.4} dB per {}", r, s.currency),
            );
            let _ = writeln!(
                o,
                "    upgrade {} to {}: −{:.3} dB for {:+.2} {} ({per})",
                u.pair, u.to_grade, u.gain_db, u.cost_delta, s.currency
            );
        }
    }
    o
}

const COLUMNS: [&str; 11] = [
    "id",
    "count",
    "feasible",
    "element",
    "grade",
    "was",
    "link_cost",
    "worst_case_loss_db",
    "margin_db",
    "pass",
    "failed",
];

/// One row per link and cable: the grade chosen and the one it replaces
/// (text cells through [`text_cell`]).
pub fn csv(s: &DesignSelection) -> String {
    super::csv::records(
        &COLUMNS,
        s.links.iter().flat_map(|l| {
            l.grades.iter().map(move |g| {
                [
                    text_cell(&l.id).into_owned(),
                    l.count.to_string(),
                    l.feasible.to_string(),
                    g.element.to_string(),
                    text_cell(&g.grade).into_owned(),
                    text_cell(&g.was).into_owned(),
                    super::quote::cents(l.cost),
                    format!("{:.3}", l.worst_case_loss_db),
                    l.margin_db.map_or_else(String::new, |m| fixed(m, 3)),
                    l.pass.to_string(),
                    l.failed.join(";"),
                ]
            })
        }),
    )
}

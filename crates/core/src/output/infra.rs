//! The `infra` command's utilisation table and CSV (its JSON is the
//! [`InfraReport`] itself).

use std::fmt::Write as _;

use serde::Serialize;

use super::csv::text_cell;
use crate::analysis::infra::InfraReport;

/// Trunks, panels and cassettes with what is used of each.
pub fn text(r: &InfraReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Trunks (fibers lit of fibers, legs used of legs)");
    for t in &r.trunks {
        let _ = writeln!(
            s,
            "  {:16} {:>4} of {:>4} fibers lit  {:>2} of {:>2} legs  links: {}",
            t.id,
            t.fibers_lit,
            t.fibers,
            t.legs_used,
            t.legs,
            t.links.join(", ")
        );
    }
    let _ = writeln!(s, "Panels (ports used of ports)");
    for p in &r.panels {
        let _ = writeln!(
            s,
            "  {:16} {:>4} of {:>4} ports  links: {}",
            p.id,
            p.ports_used,
            p.ports,
            p.links.join(", ")
        );
    }
    let _ = writeln!(s, "Cassettes (front ports used of ports)");
    for c in &r.cassettes {
        let _ = writeln!(
            s,
            "  {:16} slot {:>2}  {:16} {:>2} of {:>2} ports",
            c.panel, c.slot, c.kind, c.ports_used, c.ports
        );
    }
    s
}

#[derive(Serialize)]
struct Row<'a> {
    /// `trunk`, `panel` or `cassette`.
    part: &'static str,
    id: std::borrow::Cow<'a, str>,
    total: u32,
    used: u32,
    links: String,
}

/// One row per part: what it is, its id (a cassette's `panel/slot`), how
/// many fibers or ports it has and how many are used, and its links.
pub fn csv(r: &InfraReport) -> String {
    let trunks = r.trunks.iter().map(|t| Row {
        part: "trunk",
        id: text_cell(&t.id),
        total: t.fibers,
        used: t.fibers_lit,
        links: text_cell(&t.links.join(" ")).into_owned(),
    });
    let panels = r.panels.iter().map(|p| Row {
        part: "panel",
        id: text_cell(&p.id),
        total: p.ports,
        used: p.ports_used,
        links: text_cell(&p.links.join(" ")).into_owned(),
    });
    let cassettes = r.cassettes.iter().map(|c| Row {
        part: "cassette",
        id: std::borrow::Cow::Owned(text_cell(&format!("{}/{}", c.panel, c.slot)).into_owned()),
        total: c.ports,
        used: c.ports_used,
        links: String::new(),
    });
    super::csv::rows(trunks.chain(panels).chain(cassettes))
}

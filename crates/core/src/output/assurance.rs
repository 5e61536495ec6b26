//! The `assurance` command's table as one report, text and CSV (its JSON is
//! the [`AssuranceReport`] itself).

use std::fmt::Write as _;

use serde::Serialize;

use super::csv::text_cell;
use crate::analysis::assurance::AssuranceRow;

/// The `assurance` command's report. Field names are a contract.
#[derive(Debug, Clone, Serialize)]
pub struct AssuranceReport {
    pub transceiver: String,
    pub fiber: String,
    pub splices: u32,
    pub rows: Vec<AssuranceRow>,
}

/// Supported length by grade and number of mated pairs, and what limits it.
pub fn text(r: &AssuranceReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} on {}, {} splice(s): supported length by mated pairs",
        r.transceiver, r.fiber, r.splices
    );
    let _ = writeln!(
        s,
        "{:12} {:>5} {:>12}  limited by",
        "grade", "pairs", "max length m"
    );
    for row in &r.rows {
        let _ = writeln!(
            s,
            "{:12} {:>5} {:>12.1}  {}",
            row.grade, row.mated_pairs, row.max_length_m, row.limited_by
        );
    }
    s
}

/// One row per grade and number of pairs; the grade through [`text_cell`].
pub fn csv(r: &AssuranceReport) -> String {
    super::csv::rows(r.rows.iter().map(|row| AssuranceRow {
        grade: text_cell(&row.grade).into_owned(),
        ..*row
    }))
}

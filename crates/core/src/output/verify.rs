//! The `verify` command's output: each result with its verdict, the missing
//! ones, a summary per link and for the design.

use serde::Serialize;

use crate::field::verify::{Judgement, VerifyReport};
use crate::model::units::fmt_db;
use crate::output::csv::{rows, text_cell};

#[derive(Serialize)]
struct CsvRow<'a> {
    link: std::borrow::Cow<'a, str>,
    leg: Option<u8>,
    fiber: Option<std::borrow::Cow<'a, str>>,
    wavelength_nm: Option<u32>,
    loss_db: Option<f64>,
    limit_db: Option<f64>,
    design_db: Option<f64>,
    verdict: &'static str,
    row: Option<usize>,
    note: &'a str,
}

pub fn csv(report: &VerifyReport) -> String {
    rows(report.results.iter().map(|r| CsvRow {
        link: text_cell(&r.link),
        leg: r.leg,
        fiber: r.fiber.as_deref().map(text_cell),
        wavelength_nm: r.wavelength_nm,
        loss_db: r.loss_db,
        limit_db: r.limit_db,
        design_db: r.design_db,
        verdict: r.verdict.word(),
        row: r.row,
        note: r.note.as_deref().unwrap_or(""),
    }))
}

fn opt_db(v: Option<f64>) -> String {
    v.map_or("–".to_owned(), |v| format!("{} dB", fmt_db(v)))
}

pub fn text(report: &VerifyReport) -> String {
    let mut out = format!(
        "Test results for {} against its {} {} limits: {}\n",
        report.design,
        report.reference,
        report.scope,
        report.counts_words()
    );
    let passing = report
        .links
        .iter()
        .filter(|l| l.verdict == Judgement::Pass)
        .count();
    out.push_str(&format!(
        "{} of {} links (and legs) pass; the design {}.\n",
        passing,
        report.links.len(),
        if report.pass {
            "passes the hand-off"
        } else {
            "does not pass: over-limit, missing or unknown results"
        }
    ));
    for j in [
        Judgement::OverLimit,
        Judgement::Missing,
        Judgement::Unknown,
        Judgement::AboveDesign,
        Judgement::LengthMismatch,
        Judgement::Suspicious,
    ] {
        let these: Vec<_> = report.results.iter().filter(|r| r.verdict == j).collect();
        if these.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            j.word(),
            these.len(),
            j.advice()
        ));
        for r in these {
            let mut name = r.link.clone();
            if let Some(l) = r.leg {
                name.push_str(&format!(" leg {l}"));
            }
            if let Some(f) = &r.fiber {
                name.push_str(&format!(" fiber {f}"));
            }
            let at = r.row.map_or(String::new(), |n| format!(" (row {n})"));
            out.push_str(&format!(
                "  {name}{at}: {} at {} nm, limit {}, design {}{}\n",
                opt_db(r.loss_db),
                r.wavelength_nm.map_or("–".to_owned(), |w| w.to_string()),
                opt_db(r.limit_db),
                opt_db(r.design_db),
                r.note
                    .as_deref()
                    .map_or(String::new(), |n| format!("; {n}"))
            ));
        }
    }
    out
}

//! The `calc` command's text table and CSV (its JSON is the [`CalcReport`] itself).

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use super::csv::text_cell;
use super::records::CalcReport;
use super::text::{fixed, opt, problem_lines};

/// The widest a text column is padded to: a longer id (a catalog's ids are
/// not bounded like a design's) is written whole and pushes its row's later
/// columns right, rather than widening every row, or passing the widths a
/// formatter accepts.
const MAX_COLUMN: usize = 64;

/// The table of links, then each link's breakdown with its problems and fix.
pub fn text(r: &CalcReport) -> String {
    let passing = r.links.iter().filter(|l| l.pass).count();
    let mut s = String::new();
    let _ = writeln!(s, "Design: {}", r.design);
    let _ = writeln!(s, "{passing} of {} links pass\n", r.links.len());
    let id_w = r
        .links
        .iter()
        .map(|l| l.id.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, MAX_COLUMN);
    let tr_w = r
        .links
        .iter()
        .map(|l| l.transceiver.chars().count())
        .max()
        .unwrap_or(11)
        .clamp(11, MAX_COLUMN);
    let _ = writeln!(
        s,
        "{:id_w$}  {:>5}  {:tr_w$}  {:5}  {:>8}  {:>5}  {:>7}  {:>8}  {:>10}  {:>6}  {:>9}  {:>7}  result",
        "link",
        "count",
        "transceiver",
        "fiber",
        "length m",
        "pairs",
        "splices",
        "worst dB",
        "typical dB",
        "max dB",
        "margin dB",
        "reach m"
    );
    for l in &r.links {
        let _ = writeln!(
            s,
            "{:id_w$}  {:>5}  {:tr_w$}  {:5}  {:>8}  {:>5}  {:>7}  {:>8}  {:>10}  {:>6}  {:>9}  {:>7}  {}",
            l.id,
            l.count,
            l.transceiver,
            l.fiber,
            fixed(l.length_m, 1),
            l.mated_pairs,
            l.splices,
            fixed(l.worst_case_loss_db, 3),
            fixed(l.typical_loss_db, 3),
            opt(l.max_channel_loss_db, 3),
            opt(l.margin_db, 3),
            opt(l.reach_m, 0),
            result(l)
        );
    }
    for l in &r.links {
        let _ = writeln!(s, "\n{} ({} {}):", l.id, l.transceiver, l.fiber);
        let _ = writeln!(s, "    {:>8}  {:>10}  element", "worst dB", "typical dB");
        for b in &l.breakdown {
            let _ = writeln!(
                s,
                "    {:>8}  {:>10}  {}",
                fixed(b.worst_case_db, 3),
                fixed(b.typical_db, 3),
                b.label
            );
        }
        let _ = writeln!(
            s,
            "    {:>8}  {:>10}  total",
            fixed(l.worst_case_loss_db, 3),
            fixed(l.typical_loss_db, 3)
        );
        problem_lines(&mut s, &l.problems, l.fix.as_ref());
    }
    s
}

/// `PASS`, or `FAIL` with what fails: `FAIL (loss, polarity)`.
fn result(l: &super::records::LinkReport) -> Cow<'static, str> {
    if l.pass {
        Cow::Borrowed("PASS")
    } else if l.failed.is_empty() {
        Cow::Borrowed("FAIL")
    } else {
        Cow::Owned(format!("FAIL ({})", l.failed.join(", ")))
    }
}

#[derive(Serialize)]
struct CsvRow<'a> {
    id: Cow<'a, str>,
    count: u32,
    transceiver: Cow<'a, str>,
    fiber: Cow<'a, str>,
    length_m: f64,
    mated_pairs: u32,
    splices: u32,
    worst_case_loss_db: f64,
    typical_loss_db: f64,
    max_channel_loss_db: Option<f64>,
    reach_m: Option<f64>,
    margin_db: Option<f64>,
    pass: bool,
    problems: String,
    /// What fails, `;`-separated (`loss;polarity`); empty when it passes.
    failed: String,
}

/// One row per link; `problems` holds the problem codes. Text cells go
/// through [`text_cell`], so no cell runs as a spreadsheet formula.
pub fn csv(r: &CalcReport) -> String {
    super::csv::rows(r.links.iter().map(|l| {
        let codes: Vec<&str> = l.problems.iter().map(|p| p.code).collect();
        CsvRow {
            id: text_cell(&l.id),
            count: l.count,
            transceiver: text_cell(&l.transceiver),
            fiber: text_cell(&l.fiber),
            length_m: l.length_m,
            mated_pairs: l.mated_pairs,
            splices: l.splices,
            worst_case_loss_db: l.worst_case_loss_db,
            typical_loss_db: l.typical_loss_db,
            max_channel_loss_db: l.max_channel_loss_db,
            reach_m: l.reach_m,
            margin_db: l.margin_db,
            pass: l.pass,
            problems: text_cell(&codes.join(" ")).into_owned(),
            failed: l.failed.join(";"),
        }
    }))
}

//! The `calc` command's text table and CSV (its JSON is the [`CalcReport`] itself).

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

use super::csv::text_cell;
use super::figure::Figure;
use super::records::{CalcReport, LegReport, LinkReport};
use super::text::{fixed, opt, problem_lines};
use crate::analysis::budget::Problem;

/// The widest a text column is padded to: a longer id (a catalog's ids are
/// not bounded like a design's) is written whole and pushes its row's later
/// columns right, rather than widening every row, or passing the widths a
/// formatter accepts.
const MAX_COLUMN: usize = 64;

/// The table of links, then each link's breakdown with its problems and fix.
pub fn text(r: &CalcReport) -> String {
    let passing = r.links.iter().filter(|l| l.pass).count();
    let widths = TableWidths::of(r.links.iter().map(|l| {
        (
            l.id.as_str(),
            l.transceiver.as_str(),
            l.legs
                .iter()
                .map(|g| (g.id.as_str(), g.transceiver.as_str())),
        )
    }));
    let mut s = text_head(&r.design, passing, r.links.len(), widths);
    for l in &r.links {
        table_rows(&mut s, l, widths);
    }
    for l in &r.links {
        detail_lines(&mut s, l);
    }
    s
}

/// The widths of the table's id and transceiver columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableWidths {
    id: usize,
    transceiver: usize,
}

impl TableWidths {
    /// Over each link's (id, transceiver, its legs' (id, transceiver)).
    pub fn of<'a, L: Iterator<Item = (&'a str, &'a str)>>(
        links: impl Iterator<Item = (&'a str, &'a str, L)>,
    ) -> Self {
        let (mut id, mut transceiver) = (4, 11);
        for (link_id, link_transceiver, legs) in links {
            id = id.max(link_id.chars().count());
            transceiver = transceiver.max(link_transceiver.chars().count());
            for (leg_id, leg_transceiver) in legs {
                // A leg's row is indented under its link's.
                id = id.max(leg_id.chars().count() + 2);
                transceiver = transceiver.max(leg_transceiver.chars().count());
            }
        }
        Self {
            id: id.min(MAX_COLUMN),
            transceiver: transceiver.min(MAX_COLUMN),
        }
    }
}

/// The design's name, how many links pass, and the table's header line.
pub fn text_head(design: &str, passing: usize, links: usize, w: TableWidths) -> String {
    let (id_w, tr_w) = (w.id, w.transceiver);
    let mut s = String::new();
    let _ = writeln!(s, "Design: {design}");
    let _ = writeln!(s, "{passing} of {links} links pass\n");
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
    s
}

/// A link's rows of the table: its own, and one per leg under it (each its
/// own channel).
pub fn table_rows(s: &mut String, l: &LinkReport, w: TableWidths) {
    let (id_w, tr_w) = (w.id, w.transceiver);
    let mut row = |id: &str, transceiver: &str, f: Figures<'_>| {
        let _ = writeln!(
            s,
            "{:id_w$}  {:>5}  {:tr_w$}  {:5}  {:>8}  {:>5}  {:>7}  {:>8}  {:>10}  {:>6}  {:>9}  {:>7}  {}",
            id,
            l.count,
            transceiver,
            l.fiber,
            fixed(f.length_m, 1),
            f.mated_pairs,
            f.splices,
            fixed(f.worst_case_loss_db, 3),
            fixed(f.typical_loss_db, 3),
            opt(f.max_channel_loss_db, 3),
            opt(f.margin_db, 3),
            opt(f.reach_m, 0),
            result(f.pass, f.failed)
        );
    };
    row(&l.id, &l.transceiver, Figures::of_link(l));
    for g in &l.legs {
        row(&format!("  {}", g.id), &g.transceiver, Figures::of_leg(g));
    }
}

/// A link's breakdown (each leg's, for a link with legs) with its problems
/// and fix.
pub fn detail_lines(s: &mut String, l: &LinkReport) {
    if !l.legs.is_empty() {
        for g in &l.legs {
            let _ = writeln!(
                s,
                "\n{} (leg {} of {}: {} to {}, {}):",
                g.id, g.leg, l.id, l.transceiver, g.transceiver, l.fiber
            );
            breakdown_lines(s, &g.breakdown, g.worst_case_loss_db, g.typical_loss_db);
            reflectance_line(s, g.reflectance.as_ref());
            problem_lines(s, &g.problems, None);
        }
        return;
    }
    match &l.far_transceiver {
        Some(far) => {
            let _ = writeln!(s, "\n{} ({} to {} {}):", l.id, l.transceiver, far, l.fiber);
        }
        None => {
            let _ = writeln!(s, "\n{} ({} {}):", l.id, l.transceiver, l.fiber);
        }
    }
    breakdown_lines(s, &l.breakdown, l.worst_case_loss_db, l.typical_loss_db);
    reflectance_line(s, l.reflectance.as_ref());
    problem_lines(s, &l.problems, l.fix.as_ref());
}

/// `    reflectance: 2 above -55 dB, worst -35 dB, limit -29 dB: ok`.
fn reflectance_line(s: &mut String, r: Option<&super::records::ReflectanceReport>) {
    if let Some(r) = r {
        let _ = writeln!(
            s,
            "    reflectance: {}",
            super::records::reflectance_words(r)
        );
    }
}

fn breakdown_lines(
    s: &mut String,
    rows: &[super::records::BreakdownRow],
    worst: f64,
    typical: f64,
) {
    let _ = writeln!(s, "    {:>8}  {:>10}  element", "worst dB", "typical dB");
    for b in rows {
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
        fixed(worst, 3),
        fixed(typical, 3)
    );
}

/// `PASS`, or `FAIL` with what fails: `FAIL (loss, polarity)`.
fn result(pass: bool, failed: &[&str]) -> Cow<'static, str> {
    if pass {
        Cow::Borrowed("PASS")
    } else if failed.is_empty() {
        Cow::Borrowed("FAIL")
    } else {
        Cow::Owned(format!("FAIL ({})", failed.join(", ")))
    }
}

#[derive(Serialize)]
struct CsvRow<'a> {
    id: Cow<'a, str>,
    count: u32,
    transceiver: Cow<'a, str>,
    fiber: Cow<'a, str>,
    length_m: Figure,
    mated_pairs: u32,
    splices: u32,
    worst_case_loss_db: Figure,
    typical_loss_db: Figure,
    max_channel_loss_db: Option<Figure>,
    reach_m: Option<Figure>,
    margin_db: Option<Figure>,
    pass: bool,
    problems: String,
    /// What fails, `;`-separated (`loss;polarity`); empty when it passes.
    failed: String,
    /// A link with legs has one row per leg: its id here (the link's in `id`).
    leg: Cow<'a, str>,
    /// That leg's far module.
    leg_transceiver: Cow<'a, str>,
}

/// One row per link; `problems` holds the problem codes. Text cells go
/// through [`text_cell`], so no cell runs as a spreadsheet formula.
pub fn csv(r: &CalcReport) -> String {
    super::csv::rows(r.links.iter().flat_map(link_rows))
}

/// A link's CSV rows: its own, or one per leg.
fn link_rows(l: &LinkReport) -> impl Iterator<Item = CsvRow<'_>> {
    let legs = l
        .legs
        .iter()
        .map(move |g| csv_row(l, Figures::of_leg(g), Some(g)));
    l.legs
        .is_empty()
        .then(|| csv_row(l, Figures::of_link(l), None))
        .into_iter()
        .chain(legs)
}

/// A share of links' CSV rows (the header too for the share that starts the
/// table), and whether they all pass.
/// `infra`: the design's shared parts, to expand a link the load did not
/// keep expanded.
pub(super) fn csv_share(
    judge: &mut crate::analysis::Judge<'_>,
    loaded: &crate::io::design_file::LoadedDesign,
    infra: &crate::model::infra::Infra<'_>,
    start: usize,
    links: &[Box<crate::model::Link>],
) -> (Vec<u8>, bool) {
    let mut w = ::csv::WriterBuilder::new()
        .has_headers(start == 0)
        .from_writer(Vec::new());
    let mut pass = true;
    for (k, link) in links.iter().enumerate() {
        let resolved = &*loaded.resolved_with_expansion(infra, start + k);
        // A plain link's row needs its figures and problem codes, not its
        // sentences or breakdown; a link with legs has a row per leg.
        let written = match judge.coded_verdict(link, resolved) {
            Some((verdict, codes)) => {
                pass &= verdict.pass();
                w.serialize(coded_row(link, &verdict, &codes))
            }
            None => {
                let r = crate::output::records::summary_report(judge.catalog(), link, resolved);
                pass &= r.pass;
                link_rows(&r).try_for_each(|row| w.serialize(row))
            }
        };
        if let Err(e) = written {
            return (format!("error: {e}\n").into_bytes(), false);
        }
    }
    (w.into_inner().unwrap_or_default(), pass)
}

/// A plain link's CSV row from its verdict and problem codes: the figures
/// [`crate::output::records::summary_report`] gives it, rounded alike.
fn coded_row<'a>(
    link: &'a crate::model::Link,
    v: &crate::analysis::Verdict,
    codes: &[&str],
) -> CsvRow<'a> {
    let t = crate::output::records::ReportedTotals::of(&v.budget);
    let failed: Vec<&str> = v
        .failed
        .iter()
        .map(crate::analysis::budget::Check::label)
        .collect();
    CsvRow {
        id: text_cell(&link.id),
        count: link.count,
        transceiver: text_cell(&link.transceiver),
        fiber: text_cell(&link.fiber),
        length_m: t.length_m.into(),
        mated_pairs: t.mated_pairs,
        splices: t.splices,
        worst_case_loss_db: t.worst_case_loss_db.into(),
        typical_loss_db: t.typical_loss_db.into(),
        max_channel_loss_db: t.max_channel_loss_db.map(Figure),
        reach_m: t.reach_m.map(Figure),
        margin_db: t.margin_db.map(Figure),
        pass: v.pass(),
        problems: text_cell(&codes.join(" ")).into_owned(),
        failed: failed.join(";"),
        leg: Cow::Borrowed(""),
        leg_transceiver: Cow::Borrowed(""),
    }
}

/// A link's row, or one of its legs' (its id and module in the last two columns).
fn csv_row<'a>(l: &'a LinkReport, f: Figures<'a>, leg: Option<&'a LegReport>) -> CsvRow<'a> {
    let codes: Vec<&str> = f.problems.iter().map(|p| p.code).collect();
    CsvRow {
        id: text_cell(&l.id),
        count: l.count,
        transceiver: text_cell(&l.transceiver),
        fiber: text_cell(&l.fiber),
        length_m: f.length_m.into(),
        mated_pairs: f.mated_pairs,
        splices: f.splices,
        worst_case_loss_db: f.worst_case_loss_db.into(),
        typical_loss_db: f.typical_loss_db.into(),
        max_channel_loss_db: f.max_channel_loss_db.map(Figure),
        reach_m: f.reach_m.map(Figure),
        margin_db: f.margin_db.map(Figure),
        pass: f.pass,
        problems: text_cell(&codes.join(" ")).into_owned(),
        failed: f.failed.join(";"),
        leg: leg.map_or(Cow::Borrowed(""), |g| text_cell(&g.id)),
        leg_transceiver: leg.map_or(Cow::Borrowed(""), |g| text_cell(&g.transceiver)),
    }
}

/// What one row of the table or the CSV shows: a link's figures, or one
/// of its legs'.
#[derive(Clone, Copy)]
struct Figures<'a> {
    length_m: f64,
    mated_pairs: u32,
    splices: u32,
    worst_case_loss_db: f64,
    typical_loss_db: f64,
    max_channel_loss_db: Option<f64>,
    reach_m: Option<f64>,
    margin_db: Option<f64>,
    pass: bool,
    failed: &'a [&'static str],
    problems: &'a [Problem],
}

impl<'a> Figures<'a> {
    fn of_link(l: &'a LinkReport) -> Self {
        Figures {
            length_m: l.length_m,
            mated_pairs: l.mated_pairs,
            splices: l.splices,
            worst_case_loss_db: l.worst_case_loss_db,
            typical_loss_db: l.typical_loss_db,
            max_channel_loss_db: l.max_channel_loss_db,
            reach_m: l.reach_m,
            margin_db: l.margin_db,
            pass: l.pass,
            failed: &l.failed,
            problems: &l.problems,
        }
    }

    fn of_leg(g: &'a LegReport) -> Self {
        Figures {
            length_m: g.length_m,
            mated_pairs: g.mated_pairs,
            splices: g.splices,
            worst_case_loss_db: g.worst_case_loss_db,
            typical_loss_db: g.typical_loss_db,
            max_channel_loss_db: g.max_channel_loss_db,
            reach_m: g.reach_m,
            margin_db: g.margin_db,
            pass: g.pass,
            failed: &g.failed,
            problems: &g.problems,
        }
    }
}

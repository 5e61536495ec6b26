//! Text, JSON and CSV renderings of reports.

use std::fmt::Write as _;

use serde::Serialize;

use super::Format;
use super::catalog_cmd::CatalogList;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::output::records::{CalcReport, PolarityDesignReport};

pub fn calc(report: &CalcReport, format: Format) -> String {
    match format {
        Format::Json => json(report),
        Format::Csv => calc_csv(report),
        Format::Text => calc_text(report),
    }
}

/// Pretty JSON with a final newline (every command's `--format json`).
pub fn json<T: Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(s) => s + "\n",
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

/// Rows as CSV with a header taken from the first row's field names.
pub fn csv_rows<T: Serialize>(rows: impl IntoIterator<Item = T>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        if let Err(e) = w.serialize(row) {
            return format!("error: {e}\n");
        }
    }
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// A link's problems ("FAIL"/"WARN" with code) and its fix, indented under it.
fn problem_lines(
    s: &mut String,
    problems: &[mpo_budget_core::analysis::budget::Problem],
    fix: Option<&mpo_budget_core::analysis::polarity::Fix>,
) {
    for p in problems {
        let _ = writeln!(
            s,
            "    {} [{}] {}",
            if p.is_error() { "FAIL" } else { "WARN" },
            p.code,
            p.message
        );
    }
    if let Some(fix) = fix {
        let _ = writeln!(s, "    FIX  {}", fix.message);
    }
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |x| format!("{x:.decimals$}"))
}

fn calc_text(r: &CalcReport) -> String {
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
        .max(4);
    let tr_w = r
        .links
        .iter()
        .map(|l| l.transceiver.len())
        .max()
        .unwrap_or(11)
        .max(11);
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
            "{:id_w$}  {:>5}  {:tr_w$}  {:5}  {:>8.1}  {:>5}  {:>7}  {:>8.3}  {:>10.3}  {:>6}  {:>9}  {:>7}  {}",
            l.id,
            l.count,
            l.transceiver,
            l.fiber,
            l.length_m,
            l.mated_pairs,
            l.splices,
            l.worst_case_loss_db,
            l.typical_loss_db,
            opt(l.max_channel_loss_db, 3),
            opt(l.margin_db, 3),
            opt(l.reach_m, 0),
            if l.pass { "PASS" } else { "FAIL" }
        );
    }
    for l in &r.links {
        let _ = writeln!(s, "\n{} ({} {}):", l.id, l.transceiver, l.fiber);
        let _ = writeln!(s, "    {:>8}  {:>10}  element", "worst dB", "typical dB");
        for b in &l.breakdown {
            let _ = writeln!(
                s,
                "    {:>8.3}  {:>10.3}  {}",
                b.worst_case_db, b.typical_db, b.label
            );
        }
        let _ = writeln!(
            s,
            "    {:>8.3}  {:>10.3}  total",
            l.worst_case_loss_db, l.typical_loss_db
        );
        problem_lines(&mut s, &l.problems, l.fix.as_ref());
    }
    s
}

#[derive(Serialize)]
struct CsvRow<'a> {
    id: &'a str,
    count: u32,
    transceiver: &'a str,
    fiber: &'a str,
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
}

fn calc_csv(r: &CalcReport) -> String {
    csv_rows(r.links.iter().map(|l| {
        CsvRow {
            id: &l.id,
            count: l.count,
            transceiver: &l.transceiver,
            fiber: &l.fiber,
            length_m: l.length_m,
            mated_pairs: l.mated_pairs,
            splices: l.splices,
            worst_case_loss_db: l.worst_case_loss_db,
            typical_loss_db: l.typical_loss_db,
            max_channel_loss_db: l.max_channel_loss_db,
            reach_m: l.reach_m,
            margin_db: l.margin_db,
            pass: l.pass,
            problems: l
                .problems
                .iter()
                .map(|p| p.code)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }))
}

#[derive(Serialize)]
struct CatalogJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    transceivers: Option<&'a [mpo_budget_core::catalog::Transceiver]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grades: Option<&'a [mpo_budget_core::catalog::Grade]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    splices: Option<&'a [mpo_budget_core::catalog::SpliceGrade]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fibers: Option<&'a [mpo_budget_core::catalog::Fiber]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cassettes: Option<&'a [mpo_budget_core::catalog::CassetteKind]>,
}

pub fn catalog(c: &Catalog, list: Option<CatalogList>, format: Format) -> String {
    let show = |l: CatalogList| list.is_none_or(|x| x == l);
    if format == Format::Json {
        return json(&CatalogJson {
            transceivers: show(CatalogList::Transceivers).then(|| c.transceivers()),
            grades: show(CatalogList::Grades).then(|| c.grades()),
            splices: show(CatalogList::Grades).then(|| c.splices()),
            fibers: show(CatalogList::Fibers).then(|| c.fibers()),
            cassettes: show(CatalogList::Cassettes).then(|| c.cassettes()),
        });
    }
    let mut s = String::new();
    if show(CatalogList::Transceivers) {
        let _ = writeln!(s, "Transceivers (reach m / max channel insertion loss dB)");
        let _ = writeln!(
            s,
            "{:16} {:>6} {:>9} {:>4} {:6} {:24} source",
            "id", "nm", "port", "used", "polish", "fiber: reach / max"
        );
        for t in c.transceivers() {
            let media: Vec<String> = t
                .media
                .iter()
                .map(|m| format!("{} {}/{}", m.fiber, m.reach_m, m.max_channel_loss_db))
                .collect();
            let _ = writeln!(
                s,
                "{:16} {:>6} {:>9} {:>4} {:6} {:24} {}",
                t.id,
                t.wavelength_nm,
                t.port_label(),
                t.fibers_used,
                t.port_polish.label(),
                media.join(", "),
                t.source
            );
        }
        s.push('\n');
    }
    if show(CatalogList::Grades) {
        let _ = writeln!(s, "Connector grades (dB per mated pair)");
        let _ = writeln!(
            s,
            "{:12} {:>7} {:>7} {:>7} {:>7}  {:40} source",
            "id", "MM max", "MM typ", "SM max", "SM typ", "name"
        );
        for g in c.grades() {
            let _ = writeln!(
                s,
                "{:12} {:>7.2} {:>7.2} {:>7.2} {:>7.2}  {:40} {}",
                g.id,
                g.multimode.max_db,
                g.multimode.typical_db,
                g.single_mode.max_db,
                g.single_mode.typical_db,
                g.name,
                g.source
            );
        }
        for sp in c.splices() {
            let _ = writeln!(
                s,
                "{:12} {:>7.2} {:>7.2} {:>7.2} {:>7.2}  {:40} {}",
                sp.id, sp.max_db, sp.typical_db, sp.max_db, sp.typical_db, sp.name, sp.source
            );
        }
        s.push('\n');
    }
    if show(CatalogList::Fibers) {
        let _ = writeln!(s, "Fibers (cabled attenuation dB/km by wavelength)");
        for f in c.fibers() {
            let att: Vec<String> = f
                .attenuation_db_per_km
                .iter()
                .map(|(nm, a)| format!("{nm} nm {a}"))
                .collect();
            let _ = writeln!(
                s,
                "{:6} {:12} {:40} {}",
                f.id,
                f.mode.label(),
                att.join(", "),
                f.source
            );
        }
    }
    if show(CatalogList::Cassettes) {
        let _ = writeln!(
            s,
            "\nMPO-LC cassettes (front port: rear MPO positions of LC A, B)"
        );
        for k in c.cassettes() {
            let ports: Vec<String> = k
                .ports
                .iter()
                .enumerate()
                .map(|(n, p)| format!("{}:{}/{}", n + 1, p.a, p.b))
                .collect();
            let _ = writeln!(
                s,
                "{:16} rear MPO-{} {:?} {:?}, LC {} / MPO {}  ports {}  {}",
                k.id,
                k.mpo_fibers,
                k.rear_gender,
                k.rear_keys,
                k.lc_grade,
                k.mpo_grade,
                ports.join(" "),
                k.source
            );
        }
    }
    s
}

pub fn polarity(r: &PolarityDesignReport, format: Format) -> String {
    if format == Format::Json {
        return json(r);
    }
    let mut s = String::new();
    let right = r.links.iter().filter(|l| l.ok).count();
    let _ = writeln!(s, "Design: {}", r.design);
    let _ = writeln!(
        s,
        "{right} of {} links have right polarity and mates",
        r.links.len()
    );
    for l in &r.links {
        let _ = writeln!(
            s,
            "\n{} ({}): {}",
            l.id,
            l.transceiver,
            if l.ok { "OK" } else { "WRONG" }
        );
        for lane in &l.lanes {
            let far = lane
                .far_position
                .map_or_else(|| "lost".to_owned(), |p| p.to_string());
            let _ = writeln!(
                s,
                "    lane {:>2}: near Tx {:>2} -> far {:>4}  (its Rx: {:>2})  {}",
                lane.lane,
                lane.tx_position,
                far,
                lane.rx_position,
                if lane.ok { "ok" } else { "WRONG" }
            );
        }
        problem_lines(&mut s, &l.problems, l.fix.as_ref());
        if l.fix.is_none() && !l.ok {
            let _ = writeln!(
                s,
                "    no polarity or gender change fixes this link (see the problems above)"
            );
        }
    }
    s
}

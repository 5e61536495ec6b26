//! One self-contained, printable HTML report: summary, each link's budget,
//! plots (inline SVG) and polarity, the bill of materials, the catalog figures
//! used with their sources, and the field checklist.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::analysis::analyze_with_fix;
use crate::catalog::Catalog;
use crate::catalog::prices::Prices;
use crate::io::design_file::LoadedDesign;
use crate::model::Element;
use crate::output::charts::{Chart, svg};
use crate::output::records::breakdown_rows;
use crate::output::text::fixed;
use crate::planning::quote::{describe, quote};

/// Text for HTML: the five characters that matter escaped.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn db(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| format!("{} dB", fixed(v, 3)))
}

const STYLE: &str = r#"
body { font-family: -apple-system, "Segoe UI", Ubuntu, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #2e6da4; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #eef3f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #1e7d3a; font-weight: bold; } .fail { color: #c0392b; font-weight: bold; } .warn { color: #b07d00; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } .charts svg { width: 100%; max-width: 30em; height: auto; border: 1px solid #ddd; }
.note { color: #666; font-size: 0.9em; }
.link { page-break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-before: always; } h2.first { page-break-before: avoid; } }
"#;

/// The report; with `tests`, a section of the measured results judged
/// against the design.
/// The connector choice is compared at `margin_db` (else the catalog's
/// selection default) and money written as `grouping` says.
pub fn html_report(
    catalog: &Catalog,
    prices: &Prices,
    loaded: &LoadedDesign,
    tests: Option<&crate::field::verify::VerifyReport>,
    margin_db: Option<f64>,
    grouping: crate::output::money::Grouping,
) -> String {
    let d = &loaded.design;
    let analyses: Vec<_> = d
        .links
        .iter()
        .zip(&loaded.resolved)
        .map(|(l, r)| analyze_with_fix(catalog, l, r))
        .collect();
    let passing = analyses.iter().filter(|a| a.pass()).count();
    let worst = analyses
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.budget.totals.margin_db().map(|m| (m, i)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0} — mpo-budget report</title><style>{STYLE}</style></head><body>\n<h1>{0}</h1>\n<p class=\"note\">Channel loss budgets, polarity and bill of materials computed by mpo-budget {1} from the design file and its catalog. Every figure below traces to the catalog sources listed at the end.</p>\n",
        esc(&d.name),
        env!("CARGO_PKG_VERSION")
    );

    // Summary
    let _ = write!(
        h,
        "<h2 class=\"first\">Summary</h2>\n<table><tr><th>Link</th><th>Count</th><th>Transceiver</th><th>Fiber</th><th>Length</th><th>Mated pairs</th><th>Worst case</th><th>Typical</th><th>Limit</th><th>Margin</th><th>Polarity</th><th>Result</th></tr>\n"
    );
    for (l, a) in d.links.iter().zip(&analyses) {
        summary_row(&mut h, &esc(&l.id), l, &l.transceiver, a);
        // A link with legs: a row per leg under it.
        for leg in &a.legs {
            let id = format!("&nbsp;&nbsp;↳ {}", esc(&leg.id));
            summary_row(&mut h, &id, l, &leg.transceiver, &leg.analysis);
        }
    }
    let _ = write!(
        h,
        "</table>\n<p><b>{passing} of {} links pass.</b>",
        d.links.len()
    );
    if let Some((m, i)) = worst {
        let _ = write!(
            h,
            " Worst margin: {} dB ({}).",
            fixed(m, 3),
            esc(&d.links[i].id)
        );
    }
    h.push_str("</p>\n");

    // Each link
    h.push_str("<h2>Links</h2>\n");
    for ((l, r), a) in d.links.iter().zip(&loaded.resolved).zip(&analyses) {
        if a.legs.is_empty() {
            link_section(&mut h, catalog, l, r, a, None);
            continue;
        }
        // A link with legs: each leg is its own channel, with its own section.
        for (k, leg) in a.legs.iter().enumerate() {
            if let (Some(channel), Some(lr)) = (l.leg_channel(k), r.legs.get(k)) {
                link_section(
                    &mut h,
                    catalog,
                    &channel,
                    lr,
                    &leg.analysis,
                    Some((&l.id, leg.leg)),
                );
            }
        }
    }

    if let Some(t) = tests {
        test_results_section(&mut h, t);
    }

    // Bill of materials
    let q = quote(catalog, prices, d);
    let _ = write!(
        h,
        "<h2>Bill of materials</h2>\n<p class=\"note\">Prices: {} ({}).</p>\n<table><tr><th>Qty</th><th>Item</th><th>Ordering attributes</th><th>Unit</th><th>Extended</th></tr>\n",
        esc(&q.price_list),
        esc(&q.currency)
    );
    for l in &q.lines {
        let money = |v: Option<f64>| v.map_or_else(|| "no price".to_owned(), |v| format!("{v:.2}"));
        let _ = writeln!(
            h,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            l.quantity,
            esc(&l.item),
            esc(&describe(l)),
            money(l.unit_price),
            money(l.extended_price)
        );
    }
    let _ = writeln!(
        h,
        "<tr><th colspan=\"4\">Total ({})</th><th class=\"num\">{:.2}</th></tr></table>",
        esc(&q.currency),
        q.total
    );
    if q.unpriced_lines > 0 {
        let _ = writeln!(
            h,
            "<p class=\"warn\">{} line(s) have no price in this list and are not in the total.</p>",
            q.unpriced_lines
        );
    }

    connector_choice(&mut h, catalog, prices, loaded, margin_db, grouping);

    // Catalog figures used
    let transceivers: BTreeSet<&str> = d.links.iter().map(|l| l.transceiver.as_str()).collect();
    let mut grades: BTreeSet<String> = BTreeSet::new();
    let mut fibers: BTreeSet<String> = d.links.iter().map(|l| l.fiber.to_lowercase()).collect();
    for l in &d.links {
        for e in &l.path {
            match e {
                Element::Cable(c) => {
                    grades.insert(c.grade.to_lowercase());
                    if let Some(f) = &c.fiber {
                        fibers.insert(f.to_lowercase());
                    }
                }
                Element::LcCord(c) => {
                    grades.insert(c.grade.to_lowercase());
                }
                Element::Cassette(c) => {
                    if let Some(k) = catalog.find_cassette(&c.kind) {
                        let k = catalog.cassette(k);
                        grades.insert(
                            c.lc_grade
                                .clone()
                                .unwrap_or_else(|| k.lc_grade.clone())
                                .to_lowercase(),
                        );
                        grades.insert(
                            c.mpo_grade
                                .clone()
                                .unwrap_or_else(|| k.mpo_grade.clone())
                                .to_lowercase(),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    h.push_str("<h2>Catalog figures used</h2>\n<table><tr><th>Transceiver</th><th>Fiber: reach / max channel loss</th><th>Source</th></tr>\n");
    for t in catalog
        .transceivers()
        .iter()
        .filter(|t| transceivers.iter().any(|x| x.eq_ignore_ascii_case(&t.id)))
    {
        let media: Vec<String> = t
            .media
            .iter()
            .map(|m| format!("{} {} m / {} dB", m.fiber, m.reach_m, m.max_channel_loss_db))
            .collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&t.id),
            esc(&media.join("; ")),
            esc(&t.source)
        );
    }
    h.push_str("</table>\n<table><tr><th>Grade</th><th>Multimode max / typical</th><th>Single-mode max / typical</th><th>Source</th></tr>\n");
    for g in catalog
        .grades()
        .iter()
        .filter(|g| grades.contains(&g.id.to_lowercase()))
    {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{:.2} / {:.2} dB</td><td class=\"num\">{:.2} / {:.2} dB</td><td>{}</td></tr>",
            esc(&g.name),
            g.multimode.max_db,
            g.multimode.typical_db,
            g.single_mode.max_db,
            g.single_mode.typical_db,
            esc(&g.source)
        );
    }
    for s in catalog.splices() {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\" colspan=\"2\">{:.2} / {:.2} dB</td><td>{}</td></tr>",
            esc(&s.name),
            s.max_db,
            s.typical_db,
            esc(&s.source)
        );
    }
    h.push_str(
        "</table>\n<table><tr><th>Fiber</th><th>Cabled attenuation</th><th>Source</th></tr>\n",
    );
    for f in catalog
        .fibers()
        .iter()
        .filter(|f| fibers.contains(&f.id.to_lowercase()))
    {
        let att: Vec<String> = f
            .attenuation_db_per_km
            .iter()
            .map(|(nm, a)| format!("{a} dB/km at {nm} nm"))
            .collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.name),
            esc(&att.join(", ")),
            esc(&f.source)
        );
    }
    h.push_str("</table>\n<p class=\"note\">Worst case: fiber length × cabled attenuation at the transceiver's wavelength, plus every mated pair at its max (a pair of two grades at the worse one), plus every splice at its max. Typical: the same with typical pair and splice losses. The channel excludes the two connections into the transceivers (IEEE 802.3).</p>\n");

    h.push_str(FIELD_CHECKLIST);
    h.push_str("</body></html>\n");
    h
}

/// Measured results: the verdict counts, each link's worst verdict, and
/// every result that is not a pass with what to do.
fn test_results_section(h: &mut String, t: &crate::field::verify::VerifyReport) {
    use crate::field::verify::Judgement;
    let counts = t.counts_words();
    let _ = write!(
        h,
        "<h2>Test results</h2>\n<p>Measured results judged against the {} {} limits: <b>{}</b>. {}</p>\n",
        esc(&t.reference),
        t.scope,
        esc(&counts),
        if t.pass {
            "Every designed link was tested and is within its limit."
        } else {
            "Over-limit, missing or unknown results: the hand-off is not complete."
        }
    );
    h.push_str("<table><tr><th>Link</th><th>Results</th><th>Worst measured</th><th>Test limit</th><th>Design</th><th>Verdict</th></tr>\n");
    for l in &t.links {
        let id = match l.leg {
            Some(n) => format!("{} leg {n}", esc(&l.link)),
            None => esc(&l.link),
        };
        let class = if l.verdict == Judgement::Pass {
            "pass"
        } else if l.verdict.is_warning() {
            "warn"
        } else {
            "fail"
        };
        let _ = writeln!(
            h,
            "<tr><td>{id}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"{class}\">{}</td></tr>",
            l.results,
            db(l.worst_loss_db),
            db(l.limit_db),
            db(l.design_db),
            l.verdict.word()
        );
    }
    h.push_str("</table>\n");
    let attention: Vec<_> = t
        .results
        .iter()
        .filter(|r| r.verdict != Judgement::Pass)
        .collect();
    if !attention.is_empty() {
        h.push_str(
            "<table><tr><th>Result</th><th>Measured</th><th>Verdict</th><th>What to do</th></tr>\n",
        );
        for r in attention {
            let mut id = esc(&r.link);
            if let Some(l) = r.leg {
                let _ = write!(id, " leg {l}");
            }
            if let Some(f) = &r.fiber {
                let _ = write!(id, " fiber {}", esc(f));
            }
            let _ = writeln!(
                h,
                "<tr><td>{id}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                db(r.loss_db),
                r.verdict.word(),
                esc(r.note.as_deref().unwrap_or(r.verdict.advice()))
            );
        }
        h.push_str("</table>\n");
    }
}

/// What installers check at every mate, written from the team's field-practice notes.
const FIELD_CHECKLIST: &str = r#"<h2>Field checklist</h2>
<ol>
<li><b>Inspect before you connect.</b> Look at every end face with a digital microscope before each mating, to IEC 61300-3-35:2022. On an MT ferrule zones A (core) and B (cladding) apply to every fiber of the array; single-mode zone A (0–25 µm) allows no defect or contamination at all. The 2022 edition also asks for loose particles over the whole rectangular ferrule surface and the 250 µm around it.</li>
<li><b>Clean with the right tool.</b> Use a dry reel, box or card cleaner made for MPO, which serves pinned and unpinned connectors alike. Cotton swabs and poor cloths push dirt to the ferrule edge, where it wears the end face.</li>
<li><b>Inspect again after cleaning</b>, and connect only a clean pair.</li>
<li><b>Gender at each mate:</b> one pinned (male) and one unpinned (female) end. Transceiver ports are pinned, so equipment cords are female–female; trunks between two panels are usually male–male.</li>
<li><b>Polish, fiber and key:</b> APC (green) never meets UPC/flat; multimode never meets single-mode; 12- and 16-position connectors do not mate (offset key).</li>
<li><b>Polarity:</b> parallel optics need the Type B map end to end; check each link's method against the polarity table above before connecting.</li>
</ol>
"#;

/// One row of the summary: a link's, or one of its legs' (`id` already escaped).
fn summary_row(
    h: &mut String,
    id: &str,
    l: &crate::model::Link,
    transceiver: &str,
    a: &crate::analysis::LinkAnalysis,
) {
    let t = &a.budget.totals;
    let _ = writeln!(
        h,
        "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1} m</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
        id,
        l.count,
        esc(transceiver),
        esc(&l.fiber),
        t.length_m,
        t.mated_pairs,
        db(Some(t.worst_case_loss_db)),
        db(Some(t.typical_loss_db)),
        db(t.max_channel_loss_db()),
        db(t.margin_db()),
        if a.polarity.ok() { "right" } else { "WRONG" },
        if a.pass() { "pass" } else { "fail" },
        if a.pass() { "PASS" } else { "FAIL" }
    );
}

/// One channel's section: its figures, problems, breakdown, plots and lanes.
/// `leg_of` names the link and leg number where the channel is a leg.
fn link_section(
    h: &mut String,
    catalog: &Catalog,
    l: &crate::model::Link,
    r: &crate::analysis::resolve::ResolvedLink,
    a: &crate::analysis::LinkAnalysis,
    leg_of: Option<(&str, u8)>,
) {
    let b = &a.budget;
    let _ = write!(
        h,
        "<div class=\"link\"><h3>{} <span class=\"{}\">{}</span></h3>\n<p>{} identical link(s), {} on {}: worst case {}, typical {}, limit {}, margin {}, length {:.1} m of {} reach.</p>\n",
        match leg_of {
            None => esc(&l.id),
            Some((parent, n)) => format!("{} (leg {n} of {})", esc(&l.id), esc(parent)),
        },
        if a.pass() { "pass" } else { "fail" },
        if a.pass() { "PASS" } else { "FAIL" },
        l.count,
        match &l.far_transceiver {
            Some(far) if *far != l.transceiver =>
                format!("{} to {}", esc(&l.transceiver), esc(far)),
            _ => esc(&l.transceiver),
        },
        esc(&l.fiber),
        db(Some(b.totals.worst_case_loss_db)),
        db(Some(b.totals.typical_loss_db)),
        db(b.totals.max_channel_loss_db()),
        db(b.totals.margin_db()),
        b.totals.length_m,
        b.totals
            .reach_m()
            .map_or_else(|| "n/a".to_owned(), |r| format!("{r} m"))
    );
    if let Some(r) = &b.reflectance {
        let r = crate::output::records::ReflectanceReport::of(r);
        let _ = writeln!(
            h,
            "<p class=\"{}\">Reflectance: {}.</p>",
            if r.ok { "pass" } else { "fail" },
            esc(&crate::output::records::reflectance_words(&r))
        );
    }
    for p in a.problems() {
        let _ = writeln!(
            h,
            "<p class=\"{}\">{} [{}]</p>",
            if p.is_error() { "fail" } else { "warn" },
            esc(&p.message),
            p.code
        );
    }
    h.push_str("<table><tr><th>Element</th><th>Worst case dB</th><th>Typical dB</th></tr>\n");
    for row in breakdown_rows(catalog, l, b) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
            esc(&row.label),
            row.worst_case_db,
            row.typical_db
        );
    }
    let _ = writeln!(
        h,
        "<tr><th>Total</th><th class=\"num\">{:.3}</th><th class=\"num\">{:.3}</th></tr></table>",
        b.totals.worst_case_loss_db, b.totals.typical_loss_db
    );
    h.push_str("<div class=\"charts\">");
    for chart in [Chart::Waterfall, Chart::LossVsLength] {
        match svg(chart, catalog, l, r, a) {
            Ok(s) => h.push_str(&s),
            Err(e) => {
                let _ = write!(h, "<p class=\"warn\">plot not drawn: {}</p>", esc(&e));
            }
        }
    }
    h.push_str("</div>\n");
    let right = a.polarity.lanes.iter().filter(|x| x.ok).count();
    let _ = write!(
        h,
        "<p><b>Polarity:</b> <span class=\"{}\">{}</span>, {right} of {} lanes land on their Rx.</p>\n<table><tr><th>Lane</th><th>Near Tx</th><th>Far position</th><th>Its Rx</th><th></th></tr>",
        if a.polarity.ok() { "pass" } else { "fail" },
        if a.polarity.ok() { "right" } else { "wrong" },
        a.polarity.lanes.len()
    );
    for lane in &a.polarity.lanes {
        let _ = write!(
            h,
            "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"{}\">{}</td></tr>",
            lane.lane,
            lane.tx_position,
            lane.far_position
                .map_or_else(|| "lost".to_owned(), |p| p.to_string()),
            lane.rx_position,
            if lane.ok { "pass" } else { "fail" },
            if lane.ok { "ok" } else { "wrong" }
        );
    }
    h.push_str("</table>\n");
    if let Some(fix) = &a.polarity.fix {
        let _ = writeln!(h, "<p><b>Fix:</b> {}</p>", esc(&fix.message));
    }
    h.push_str("</div>\n");
}

/// The design as it is beside all standard, all premium and the cheapest
/// mix that keeps the margin, as the app's selection window shows them.
fn connector_choice(
    h: &mut String,
    catalog: &Catalog,
    prices: &Prices,
    loaded: &LoadedDesign,
    margin_db: Option<f64>,
    grouping: crate::output::money::Grouping,
) {
    use crate::output::money::money;
    let margin = margin_db
        .or_else(|| catalog.margin("selection-default").map(|m| m.db))
        .unwrap_or_default();
    let s = crate::planning::select::select_design(
        catalog,
        prices,
        &loaded.design,
        &loaded.resolved,
        margin,
    );
    let _ = write!(
        h,
        "<h2>Connector choice</h2>\n<p class=\"note\">Each choice priced with {} and judged keeping {} dB under every link's limit. Acceptance is judged on the worst case (every part at its maximum loss).</p>\n<table><tr><th>Choice</th><th>Cost</th><th>Links that keep {} dB</th><th>Channels (links × count)</th></tr>\n",
        esc(&s.price_list),
        crate::model::units::fmt_db(margin),
        crate::model::units::fmt_db(margin)
    );
    for t in std::iter::once(&s.current).chain(&s.totals) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} of {}</td><td class=\"num\">{} of {}</td></tr>",
            esc(&t.label),
            esc(&money(t.cost, &s.currency, grouping)),
            t.links_meeting_margin,
            s.links.len(),
            t.channels_meeting_margin,
            t.channels
        );
    }
    h.push_str("</table>\n");
    let cannot: Vec<&str> = s.cannot_meet_margin().map(|l| l.id.as_str()).collect();
    if !cannot.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"warn\">No grade keeps {} dB on: {}.</p>",
            crate::model::units::fmt_db(margin),
            esc(&cannot.join(", "))
        );
    }
    let ranked = s.upgrade_ranking();
    if !ranked.is_empty() {
        h.push_str("<p>Upgrades of the design as it is, most dB per money first:</p>\n<table><tr><th>Link</th><th>Mated pair</th><th>To</th><th>Gain</th><th>Costs</th></tr>\n");
        for (l, u) in ranked.iter().take(10) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.3} dB</td><td class=\"num\">{}</td></tr>",
                esc(&l.id),
                esc(&u.pair),
                esc(&catalog.grade_short_name(&u.to_grade)),
                u.gain_db,
                esc(&money(u.cost_delta, &s.currency, grouping))
            );
        }
        h.push_str("</table>\n");
    }
}

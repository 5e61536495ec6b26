//! Budget results as records for output (JSON, CSV, tables, the GUI's tables).
//! The JSON field names are a contract: add fields, never rename them.

use serde::Serialize;

use crate::analysis::budget::{Check, LinkBudget, Part, Problem};
use crate::analysis::polarity::{Fix, LaneTrace};
use crate::analysis::{LinkAnalysis, analyze_with_fix};
use crate::catalog::Catalog;
use crate::io::design_file::LoadedDesign;
use crate::model::Link;
use crate::model::units::fmt_db;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalcReport {
    pub design: String,
    pub pass: bool,
    pub links: Vec<LinkReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkReport {
    pub id: String,
    pub count: u32,
    pub transceiver: String,
    /// A plain link's far module, where it is another than `transceiver`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub far_transceiver: Option<String>,
    pub fiber: String,
    pub length_m: f64,
    pub mated_pairs: u32,
    pub splices: u32,
    pub worst_case_loss_db: f64,
    pub typical_loss_db: f64,
    pub max_channel_loss_db: Option<f64>,
    pub reach_m: Option<f64>,
    pub margin_db: Option<f64>,
    pub pass: bool,
    /// What a failing link fails: `loss`, `reach`, `fiber`, `path`,
    /// `polarity`, `mates` (empty when it passes).
    pub failed: Vec<&'static str>,
    pub problems: Vec<Problem>,
    pub breakdown: Vec<BreakdownRow>,
    /// Polarity and every mate right (the `polarity` command's `ok`).
    pub polarity_ok: bool,
    pub fix: Option<Fix>,
    /// Single-mode PAM4 modules: the discrete reflections against the
    /// module's IEEE table; `null` where the module has none.
    pub reflectance: Option<ReflectanceReport>,
    /// A link with legs: one entry per leg. The link's `pass` is then true
    /// only if every leg passes, its `margin_db` is the smallest leg margin
    /// and its `worst_case_loss_db` the largest leg loss.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legs: Vec<LegReport>,
}

/// One leg of a link: the shared path plus its own, to its own module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegReport {
    pub id: String,
    /// The harness leg (1-based).
    pub leg: u8,
    pub transceiver: String,
    pub length_m: f64,
    pub mated_pairs: u32,
    pub worst_case_loss_db: f64,
    pub typical_loss_db: f64,
    pub max_channel_loss_db: Option<f64>,
    pub reach_m: Option<f64>,
    pub margin_db: Option<f64>,
    pub pass: bool,
    /// As a link's `failed`.
    pub failed: Vec<&'static str>,
    pub problems: Vec<Problem>,
    pub breakdown: Vec<BreakdownRow>,
    /// As a link's `reflectance`.
    pub reflectance: Option<ReflectanceReport>,
    #[serde(skip)]
    pub splices: u32,
}

/// A channel's discrete reflections against its module's table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReflectanceReport {
    /// Connections reflecting more than −55 dB (the table's threshold).
    pub count_above_55_db: u32,
    /// The worst connection's reflectance (catalog max for its polish).
    pub worst_db: Option<f64>,
    /// What the table allows each reflection with that count; `null` when
    /// none is above −55 dB, or more are than the table lists.
    pub limit_db: Option<f64>,
    pub ok: bool,
    /// The table's threshold (−55 dB in every IEEE table).
    pub counted_above_db: f64,
}

/// "2 above -55 dB, worst -35 dB, limit -29 dB: ok" (for text and the app).
pub fn reflectance_words(r: &ReflectanceReport) -> String {
    let worst = r
        .worst_db
        .map_or(String::new(), |w| format!(", worst {} dB", fmt_db(w)));
    let limit = r
        .limit_db
        .map_or(String::new(), |l| format!(", limit {} dB", fmt_db(l)));
    format!(
        "{} above {} dB{worst}{limit}: {}",
        r.count_above_55_db,
        fmt_db(r.counted_above_db),
        if r.ok { "ok" } else { "over the limit" }
    )
}

impl ReflectanceReport {
    pub fn of(check: &crate::analysis::budget::reflectance::ReflectanceCheck) -> Self {
        Self {
            count_above_55_db: check.count_above,
            worst_db: check.worst.map(|w| w.max_db),
            limit_db: check.limit_db,
            ok: check.ok,
            counted_above_db: check.counted_above_db,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownRow {
    pub element: usize,
    /// `fiber`, `mated-pair` or `splice`.
    pub kind: &'static str,
    pub label: String,
    pub grade: Option<String>,
    pub worst_case_db: f64,
    pub typical_db: f64,
}

/// Every link's report, in full (each analysed on every core, in order).
pub fn calc_report(catalog: &Catalog, loaded: &LoadedDesign) -> CalcReport {
    let links: Vec<LinkReport> = crate::parallel::map(&loaded.design.links, |n, link| {
        link_report(
            catalog,
            link,
            &analyze_with_fix(catalog, link, &loaded.resolved[n]),
        )
    });
    CalcReport {
        design: loaded.design.name.clone(),
        pass: links.iter().all(|l| l.pass),
        links,
    }
}

/// Whether a link's report carries its breakdown rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    Breakdown,
    Summary,
}

/// One link's report without its breakdown (what calc's CSV prints).
pub fn summary_report(
    catalog: &Catalog,
    link: &Link,
    resolved: &crate::analysis::resolve::ResolvedLink,
) -> LinkReport {
    link_report_with(
        catalog,
        link,
        &analyze_with_fix(catalog, link, resolved),
        Detail::Summary,
    )
}

pub fn link_report(catalog: &Catalog, link: &Link, a: &LinkAnalysis) -> LinkReport {
    link_report_with(catalog, link, a, Detail::Breakdown)
}

fn link_report_with(
    catalog: &Catalog,
    link: &Link,
    a: &LinkAnalysis,
    detail: Detail,
) -> LinkReport {
    let b = &a.budget;
    let breakdown = |channel: &Link, budget: &LinkBudget| match detail {
        Detail::Breakdown => breakdown_rows(catalog, channel, budget),
        Detail::Summary => Vec::new(),
    };
    let legs: Vec<LegReport> = a
        .legs
        .iter()
        .enumerate()
        .filter_map(|(k, leg)| {
            let channel = link.leg_channel(k)?;
            let t = ReportedTotals::of(&leg.analysis.budget.totals);
            Some(LegReport {
                id: leg.id.clone(),
                leg: leg.leg,
                transceiver: leg.transceiver.clone(),
                length_m: t.length_m,
                mated_pairs: t.mated_pairs,
                worst_case_loss_db: t.worst_case_loss_db,
                typical_loss_db: t.typical_loss_db,
                max_channel_loss_db: t.max_channel_loss_db,
                reach_m: t.reach_m,
                margin_db: t.margin_db,
                pass: leg.analysis.pass(),
                failed: leg
                    .analysis
                    .verdict
                    .failed
                    .iter()
                    .map(Check::label)
                    .collect(),
                splices: t.splices,
                reflectance: leg
                    .analysis
                    .budget
                    .reflectance
                    .as_ref()
                    .map(ReflectanceReport::of),
                problems: leg.analysis.problems().cloned().collect(),
                breakdown: breakdown(&channel, &leg.analysis.budget),
            })
        })
        .collect();
    let t = ReportedTotals::of(&b.totals);
    // With legs: the largest leg loss and the smallest leg margin.
    let worst = legs
        .iter()
        .map(|l| l.worst_case_loss_db)
        .reduce(f64::max)
        .unwrap_or(t.worst_case_loss_db);
    let margin = if legs.is_empty() {
        t.margin_db
    } else {
        legs.iter()
            .map(|l| l.margin_db)
            .reduce(|a, b| match (a, b) {
                (Some(a), Some(b)) => Some(a.min(b)),
                _ => None,
            })
            .flatten()
    };
    LinkReport {
        id: link.id.clone(),
        count: link.count,
        transceiver: link.transceiver.clone(),
        far_transceiver: link
            .far_transceiver
            .clone()
            .filter(|f| *f != link.transceiver),
        fiber: link.fiber.clone(),
        length_m: t.length_m,
        mated_pairs: t.mated_pairs,
        splices: t.splices,
        worst_case_loss_db: worst,
        typical_loss_db: t.typical_loss_db,
        max_channel_loss_db: t.max_channel_loss_db,
        reach_m: t.reach_m,
        margin_db: margin,
        pass: a.pass(),
        failed: a.verdict.failed.iter().map(Check::label).collect(),
        problems: a.problems().cloned().collect(),
        // With legs: the governing leg's breakdown, named from its channel.
        breakdown: a
            .budget_channel(link)
            .map(|c| breakdown(&c, b))
            .unwrap_or_default(),
        polarity_ok: a.verdict.polarity_ok(),
        fix: a.polarity.fix.clone(),
        reflectance: b.reflectance.as_ref().map(ReflectanceReport::of),
        legs,
    }
}

pub fn breakdown_rows(catalog: &Catalog, link: &Link, b: &LinkBudget) -> Vec<BreakdownRow> {
    let names = crate::analysis::budget::describe_all(link);
    b.breakdown
        .iter()
        .map(|item| {
            let what = names
                .get(item.element)
                .cloned()
                .unwrap_or_else(|| crate::analysis::budget::describe(link, item.element));
            let (kind, label, grade) = match item.part {
                Part::Fiber {
                    length_m,
                    attenuation_db_per_km,
                } => {
                    let fiber = match link.path.get(item.element) {
                        Some(crate::model::Element::Cable(c)) => {
                            c.fiber.as_deref().unwrap_or(&link.fiber)
                        }
                        _ => &link.fiber,
                    };
                    (
                        "fiber",
                        format!(
                            "{what}: {} m {fiber} at {} dB/km",
                            crate::model::units::fmt_m(length_m),
                            fmt_db(attenuation_db_per_km)
                        ),
                        None,
                    )
                }
                Part::MatedPair { grade, mode } => {
                    let g = catalog.grade(grade);
                    (
                        "mated-pair",
                        format!("{what}: {} mated pair, {}", g.name, mode.label()),
                        Some(g.id.clone()),
                    )
                }
                Part::Splices { splice, count } => {
                    let s = catalog.splice(splice);
                    let label = if matches!(
                        link.path.get(item.element),
                        Some(crate::model::Element::Cable(_))
                    ) {
                        format!("{what}: {count} × {} inside", s.name.to_lowercase())
                    } else {
                        format!("{what}: {}", s.name.to_lowercase())
                    };
                    ("splice", label, Some(s.id.clone()))
                }
            };
            BreakdownRow {
                element: item.element,
                kind,
                label,
                grade,
                worst_case_db: round(item.worst_case_db),
                typical_db: round(item.typical_db),
            }
        })
        .collect()
}

pub use crate::model::units::round;

/// A budget's figures as every report prints them (CSV, JSON and text; a
/// link's and each leg's): lengths and losses rounded, the margin from the
/// unrounded loss and then rounded, limits as the catalog gives them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportedTotals {
    pub length_m: f64,
    pub mated_pairs: u32,
    pub splices: u32,
    pub worst_case_loss_db: f64,
    pub typical_loss_db: f64,
    pub max_channel_loss_db: Option<f64>,
    pub reach_m: Option<f64>,
    pub margin_db: Option<f64>,
}

impl ReportedTotals {
    pub fn of(t: &crate::analysis::budget::BudgetTotals) -> Self {
        Self {
            length_m: round(t.length_m),
            mated_pairs: t.mated_pairs,
            splices: t.splices,
            worst_case_loss_db: round(t.worst_case_loss_db),
            typical_loss_db: round(t.typical_loss_db),
            max_channel_loss_db: t.max_channel_loss_db(),
            reach_m: t.reach_m(),
            margin_db: t.margin_db().map(round),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::round;

    #[test]
    fn round_never_gives_minus_zero() {
        assert!(round(-2.220446049250313e-16).is_sign_positive());
        assert!(round(-0.0).is_sign_positive());
        assert_eq!(round(1.0360000000000003), 1.036);
        assert_eq!(round(-0.329), -0.329);
    }
}

/// The `polarity` command's report. Field names are a contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolarityDesignReport {
    pub design: String,
    pub ok: bool,
    pub links: Vec<PolarityLinkReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolarityLinkReport {
    pub id: String,
    pub transceiver: String,
    pub ok: bool,
    pub lanes: Vec<LaneTrace>,
    pub problems: Vec<Problem>,
    pub fix: Option<Fix>,
    /// A link with legs: each leg traced from the near port to its module.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub legs: Vec<PolarityLegReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolarityLegReport {
    pub id: String,
    pub ok: bool,
    pub lanes: Vec<LaneTrace>,
    pub problems: Vec<Problem>,
}

pub fn polarity_report(catalog: &Catalog, loaded: &LoadedDesign) -> PolarityDesignReport {
    let links: Vec<PolarityLinkReport> = loaded
        .design
        .links
        .iter()
        .zip(&loaded.resolved)
        .map(|(link, r)| {
            if !link.legs.is_empty() {
                let a = crate::analysis::analyze(catalog, link, r);
                return PolarityLinkReport {
                    id: link.id.clone(),
                    transceiver: link.transceiver.clone(),
                    ok: a.verdict.polarity_ok(),
                    lanes: a.polarity.lanes,
                    problems: a.polarity.problems,
                    fix: None,
                    legs: a
                        .legs
                        .into_iter()
                        .map(|l| PolarityLegReport {
                            id: l.id,
                            ok: l.analysis.verdict.polarity_ok(),
                            lanes: l.analysis.polarity.lanes,
                            problems: l.analysis.polarity.problems,
                        })
                        .collect(),
                };
            }
            let p = crate::analysis::polarity::check_link_with_fix(catalog, link, r);
            PolarityLinkReport {
                id: link.id.clone(),
                transceiver: link.transceiver.clone(),
                ok: p.ok(),
                lanes: p.lanes,
                problems: p.problems,
                fix: p.fix,
                legs: Vec::new(),
            }
        })
        .collect();
    PolarityDesignReport {
        design: loaded.design.name.clone(),
        ok: links.iter().all(|l| l.ok),
        links,
    }
}

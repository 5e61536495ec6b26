//! Measured results judged against the test limit and the design: each
//! measured fiber gets one verdict, each designed link or fiber without a
//! result is `missing`, and each result for no designed link `unknown`.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::catalog::{Catalog, TestMethod};
use crate::field::limits::{LimitRow, Percentiles, Scope, link_limits};
use crate::io::design_file::LoadedDesign;
use crate::io::results::Measured;

/// Loss and length figures within this count as equal.
const TOLERANCE: f64 = 1e-9;
/// A measured length this far off the design (a share of it, or metres,
/// whichever is larger) is `length-mismatch`.
pub const LENGTH_SHARE: f64 = 0.05;
pub const LENGTH_M: f64 = 2.0;

/// One result's verdict, worst first. The words are a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Judgement {
    /// Fails the test limit.
    OverLimit,
    /// A designed link or fiber with no result.
    Missing,
    /// A result for no designed link.
    Unknown,
    /// Within the test limit but above this channel's worst case: a part is
    /// not what the design says.
    AboveDesign,
    /// The measured length is more than 5 % or 2 m off the design.
    LengthMismatch,
    /// Within the worst case, above the statistical model's 99.9th
    /// percentile: a dirty or damaged connector is likely.
    Suspicious,
    Pass,
}

impl Judgement {
    pub fn word(self) -> &'static str {
        match self {
            Judgement::OverLimit => "over-limit",
            Judgement::Missing => "missing",
            Judgement::Unknown => "unknown",
            Judgement::AboveDesign => "above-design",
            Judgement::LengthMismatch => "length-mismatch",
            Judgement::Suspicious => "suspicious",
            Judgement::Pass => "pass",
        }
    }

    /// What to do about it, for people.
    pub fn advice(self) -> &'static str {
        match self {
            Judgement::OverLimit => {
                "fails the test limit: find the fault (inspect, clean, re-terminate) and retest"
            }
            Judgement::Missing => "no result: test it",
            Judgement::Unknown => "no such link in the design: check the link id (and leg)",
            Judgement::AboveDesign => {
                "passes the limit but exceeds the design's worst case: a part is not what the design says (grade, length, an extra connection)"
            }
            Judgement::LengthMismatch => {
                "the measured length is off the design: check the route and the record"
            }
            Judgement::Suspicious => {
                "within the worst case but above the statistical 99.9th percentile: inspect and clean the connectors, then retest"
            }
            Judgement::Pass => "",
        }
    }

    /// Reported, but does not fail the hand-off: above the design, a length
    /// off it, or suspicious.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Judgement::AboveDesign | Judgement::LengthMismatch | Judgement::Suspicious
        )
    }

    /// Fails the hand-off (exit 1): over the limit, untested, or unknown.
    pub fn fails(self) -> bool {
        matches!(
            self,
            Judgement::OverLimit | Judgement::Missing | Judgement::Unknown
        )
    }
}

/// One result row (or one missing link or fiber) with its verdict. The JSON
/// field names are a contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultRow {
    pub link: String,
    pub leg: Option<u8>,
    pub fiber: Option<String>,
    pub wavelength_nm: Option<u32>,
    pub loss_db: Option<f64>,
    pub limit_db: Option<f64>,
    pub design_db: Option<f64>,
    pub verdict: Judgement,
    /// The results file's row (none for a missing one).
    pub row: Option<usize>,
    /// Why, where more than the verdict is needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The statistical model's 99.9th percentile for this channel, with the
    /// test cords (above it, within the design: `suspicious`).
    pub p999_db: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingRow {
    pub link: String,
    pub leg: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiber: Option<String>,
    pub wavelength_nm: u32,
}

/// A designed link (or leg): its worst verdict over its results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkSummary {
    pub link: String,
    pub leg: Option<u8>,
    pub results: usize,
    pub verdict: Judgement,
    /// The largest measured loss, and the design's figures.
    pub worst_loss_db: Option<f64>,
    pub limit_db: Option<f64>,
    pub design_db: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerifyReport {
    pub design: String,
    pub reference: String,
    pub scope: &'static str,
    pub pass: bool,
    /// How many results (and missing entries) of each verdict, worst first
    /// (in JSON an object: `{"pass": 117, "over-limit": 1, …}`).
    #[serde(serialize_with = "counts_as_object")]
    pub counts: Vec<(Judgement, usize)>,
    pub results: Vec<ResultRow>,
    pub missing: Vec<MissingRow>,
    pub links: Vec<LinkSummary>,
}

impl VerifyReport {
    /// "121 pass, 1 over-limit, …", worst first.
    pub fn counts_words(&self) -> String {
        self.counts
            .iter()
            .map(|(j, n)| format!("{n} {}", j.word()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn counts_as_object<S: serde::Serializer>(
    counts: &[(Judgement, usize)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(counts.len()))?;
    for (j, n) in counts {
        map.serialize_entry(j.word(), n)?;
    }
    map.end()
}

/// Judges `measured` against the design's limits for `method` and `scope`.
pub fn verify(
    catalog: &Catalog,
    loaded: &LoadedDesign,
    measured: &[Measured],
    method: &TestMethod,
    scope: Scope,
) -> VerifyReport {
    let links = &loaded.design.links;
    // A result names its link exactly, or without case where only one
    // link has that id without case (ids are unique only with case).
    let exact: HashMap<&str, usize> = links
        .iter()
        .enumerate()
        .map(|(n, l)| (l.id.as_str(), n))
        .collect();
    let mut folded: HashMap<String, Option<usize>> = HashMap::new();
    for (n, l) in links.iter().enumerate() {
        folded
            .entry(l.id.to_lowercase())
            .and_modify(|e| *e = None)
            .or_insert(Some(n));
    }
    let find = |id: &str| -> Option<usize> {
        exact
            .get(id)
            .copied()
            .or_else(|| folded.get(&id.to_lowercase()).copied().flatten())
    };
    // The statistical model only for links with results.
    let tested: HashSet<usize> = measured.iter().filter_map(|m| find(&m.link)).collect();
    let model = Percentiles::new(catalog);
    let per_link: Vec<Vec<LimitRow>> = crate::parallel::map(links, |n, link| {
        let with_stats = tested.contains(&n).then_some(&model);
        link_limits(
            catalog,
            with_stats,
            link,
            &loaded.resolved[n],
            method,
            scope,
        )
    });
    let mut results = Vec::with_capacity(measured.len());
    // (link index, leg) → the results' verdicts and fibers.
    let mut seen: HashMap<(usize, Option<u8>), Vec<usize>> = HashMap::new();
    for m in measured {
        let unknown = |note: String| ResultRow {
            link: m.link.clone(),
            leg: m.leg,
            fiber: m.fiber.clone(),
            wavelength_nm: Some(m.wavelength_nm),
            loss_db: Some(m.loss_db),
            limit_db: None,
            design_db: None,
            verdict: Judgement::Unknown,
            row: Some(m.row),
            note: Some(note),
            p999_db: None,
        };
        let Some(n) = find(&m.link) else {
            results.push(unknown(format!("the design has no link \"{}\"", m.link)));
            continue;
        };
        let rows = &per_link[n];
        let Some(limit) = rows.iter().find(|r| r.leg == m.leg) else {
            let note = match (m.leg, rows.first().and_then(|r| r.leg)) {
                (None, Some(_)) => format!(
                    "link {} has legs {}: give the leg",
                    links[n].id,
                    rows.iter()
                        .filter_map(|r| r.leg.map(|l| l.to_string()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (Some(l), _) if !rows.is_empty() => {
                    format!("link {} has no leg {l}", links[n].id)
                }
                _ => format!(
                    "link {} has no {} to test (one cord from module to module)",
                    links[n].id,
                    scope.word()
                ),
            };
            results.push(unknown(note));
            continue;
        };
        let Some(row) = at_wavelength(catalog, loaded, n, limit, m.wavelength_nm) else {
            results.push(unknown(format!(
                "the catalog gives {} no attenuation at {} nm (or at the module's {} nm)",
                limit.fiber, m.wavelength_nm, limit.wavelength_nm
            )));
            continue;
        };
        let (verdict, note) = judge(m, &row);
        seen.entry((n, limit.leg)).or_default().push(results.len());
        results.push(ResultRow {
            link: links[n].id.clone(),
            leg: limit.leg,
            fiber: m.fiber.clone(),
            wavelength_nm: Some(m.wavelength_nm),
            loss_db: Some(m.loss_db),
            limit_db: row.limit_db,
            design_db: Some(row.design_db),
            verdict,
            row: Some(m.row),
            note,
            p999_db: row.p999_db,
        });
    }
    // Designed links and legs without a result; where a link's results name
    // fibers by position (numbers), each position its module's lanes light
    // without a result at each wavelength measured. (Strand labels that are
    // not positions cannot be checked this way.)
    let mut missing = Vec::new();
    let mut summaries = Vec::new();
    for (n, rows) in per_link.iter().enumerate() {
        for limit in rows {
            let found = seen.get(&(n, limit.leg));
            let mut this_missing: Vec<(Option<String>, u32)> = Vec::new();
            match found {
                None => this_missing.push((None, limit.wavelength_nm)),
                Some(idx) => {
                    let positions: Option<Vec<(u8, u32)>> = idx
                        .iter()
                        .map(|&i| {
                            let r = &results[i];
                            let p = r.fiber.as_deref()?.trim().parse::<u8>().ok()?;
                            Some((p, r.wavelength_nm.unwrap_or(limit.wavelength_nm)))
                        })
                        .collect();
                    if let Some(measured) = positions {
                        let mut wavelengths: Vec<u32> = measured.iter().map(|(_, w)| *w).collect();
                        wavelengths.sort_unstable();
                        wavelengths.dedup();
                        for w in wavelengths {
                            for p in lit_positions(catalog, loaded, n, limit.leg) {
                                if !measured.contains(&(p, w)) {
                                    this_missing.push((Some(p.to_string()), w));
                                }
                            }
                        }
                    }
                }
            }
            for (fiber, wavelength_nm) in &this_missing {
                missing.push(MissingRow {
                    link: links[n].id.clone(),
                    leg: limit.leg,
                    fiber: fiber.clone(),
                    wavelength_nm: *wavelength_nm,
                });
                results.push(ResultRow {
                    link: links[n].id.clone(),
                    leg: limit.leg,
                    fiber: fiber.clone(),
                    wavelength_nm: Some(*wavelength_nm),
                    loss_db: None,
                    limit_db: limit.limit_db,
                    design_db: Some(limit.design_db),
                    verdict: Judgement::Missing,
                    row: None,
                    note: None,
                    p999_db: None,
                });
            }
            let mine: Vec<&ResultRow> = found
                .map(|idx| idx.iter().map(|&i| &results[i]).collect())
                .unwrap_or_default();
            let worst = mine
                .iter()
                .map(|r| r.verdict)
                .chain((!this_missing.is_empty()).then_some(Judgement::Missing))
                .min()
                .unwrap_or(Judgement::Missing);
            summaries.push(LinkSummary {
                link: links[n].id.clone(),
                leg: limit.leg,
                results: mine.len(),
                verdict: worst,
                worst_loss_db: mine.iter().filter_map(|r| r.loss_db).reduce(f64::max),
                limit_db: limit.limit_db,
                design_db: Some(limit.design_db),
            });
        }
    }
    let mut counts: Vec<(Judgement, usize)> = Vec::new();
    for r in &results {
        match counts.iter_mut().find(|(j, _)| *j == r.verdict) {
            Some(c) => c.1 += 1,
            None => counts.push((r.verdict, 1)),
        }
    }
    counts.sort();
    VerifyReport {
        design: loaded.design.name.clone(),
        reference: method.id.clone(),
        scope: scope.word(),
        pass: !results.iter().any(|r| r.verdict.fails()),
        counts,
        results,
        missing,
        links: summaries,
    }
}

/// The limits at another wavelength than the module's: the same with the
/// fiber's attenuation there (certifiers test multimode at 850 and 1300 nm,
/// single-mode at 1310 and 1550 nm).
fn at_wavelength(
    catalog: &Catalog,
    loaded: &LoadedDesign,
    n: usize,
    limit: &LimitRow,
    wavelength_nm: u32,
) -> Option<LimitRow> {
    if wavelength_nm == limit.wavelength_nm {
        return Some(limit.clone());
    }
    let fiber = loaded.resolved[n].fiber;
    let there = catalog.attenuation_db_per_km(fiber, wavelength_nm)?;
    let here = limit.attenuation_db_per_km?;
    let shift = limit.length_m / 1000.0 * (there - here);
    let mut row = limit.clone();
    row.wavelength_nm = wavelength_nm;
    let round = crate::field::limits::round;
    row.design_db = round(row.design_db + shift);
    row.limit_db = row.limit_db.map(|l| round(l + shift));
    row.p999_db = row.p999_db.map(|p| round(p + shift));
    row.attenuation_db_per_km = Some(there);
    Some(row)
}

fn judge(m: &Measured, row: &LimitRow) -> (Judgement, Option<String>) {
    if row.limit_db.is_some_and(|l| m.loss_db > l + TOLERANCE) {
        return (Judgement::OverLimit, None);
    }
    if m.loss_db > row.design_db + TOLERANCE {
        return (Judgement::AboveDesign, None);
    }
    if let Some(len) = m.length_m {
        let allowed = (row.length_m * LENGTH_SHARE).max(LENGTH_M);
        if (len - row.length_m).abs() > allowed + TOLERANCE {
            return (
                Judgement::LengthMismatch,
                Some(format!(
                    "measured {} m against {} m designed",
                    crate::model::units::fmt_m(len),
                    crate::model::units::fmt_m(row.length_m)
                )),
            );
        }
    }
    if row.p999_db.is_some_and(|p| m.loss_db > p + TOLERANCE) {
        return (Judgement::Suspicious, None);
    }
    (Judgement::Pass, None)
}

/// The module positions its lanes light (1-based), for per-fiber results.
fn lit_positions(catalog: &Catalog, loaded: &LoadedDesign, n: usize, leg: Option<u8>) -> Vec<u8> {
    let link = &loaded.design.links[n];
    let resolved = &loaded.resolved[n];
    // A link: its near module's port. A leg: the leg's own module, whose
    // port the leg's fibers reach.
    let lanes = match leg {
        None => {
            let t = catalog.transceiver(resolved.transceiver);
            t.port(link.port).map_or(&t.lanes, |p| &p.lanes)
        }
        Some(l) => {
            let module = link
                .leg_index(l)
                .and_then(|k| catalog.find_transceiver(&link.legs[k].transceiver));
            match module {
                Some(t) => &catalog.transceiver(t).lanes,
                None => return Vec::new(),
            }
        }
    };
    let mut positions: Vec<u8> = lanes.iter().flat_map(|l| [l.tx, l.rx]).collect();
    positions.sort_unstable();
    positions.dedup();
    positions
}

//! Polarity traced lane by lane, every mate checked, and the fix named.
//! Rules and maps: standards.md §4 and §5.

mod fix;
mod geometry;
mod mates;
mod trace;

use serde::Serialize;

pub use fix::{Change, Fix, FixStep, TiaMethod, find_fix, tia_method};
pub use geometry::{Frame, Pos};
pub use mates::key_mismatch;
pub use trace::{Ends, Landing, LaneTrace, trace_lanes};

use crate::analysis::budget::{Check, Findings, Problem, Severity, code, describe};
use crate::analysis::resolve::{ResolvedElement, ResolvedLink};
use crate::catalog::{CassetteKind, Catalog};
use crate::model::{Element, Link};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolarityReport {
    pub lanes: Vec<LaneTrace>,
    pub problems: Vec<Problem>,
    pub fix: Option<Fix>,
}

impl PolarityReport {
    /// Right: every lane lands on its Rx and no mate is wrong.
    pub fn ok(&self) -> bool {
        !self.problems.iter().any(Problem::is_error)
    }
}

/// Traces and checks one link.
pub fn check_link(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> PolarityReport {
    let link = resolved.channel(link);
    let mut findings = Findings::kept();
    let mut lanes = Vec::new();
    check_into(catalog, link, resolved, &mut findings, Some(&mut lanes));
    PolarityReport {
        lanes,
        problems: findings.into_problems(),
        fix: None,
    }
}

/// The polarity and mate checks: problems go to `findings`, and each lane's
/// trace to `lanes` where the lane table is wanted.
pub fn check_into(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    findings: &mut Findings,
    lanes: Option<&mut Vec<LaneTrace>>,
) {
    // Every mate is checked even on a broken path: a path problem must never
    // hide a wrong gender or polish.
    mates::check_grade_families(catalog, link, resolved, findings);
    let ends = ends(catalog, resolved);
    mates::check_mates(catalog, link, resolved, ends, findings);
    // A broken path has no meaningful trace: say so, never "right".
    if let Some(at) = untraceable_at(&link.path) {
        findings.add(code::POLARITY_NOT_TRACED, at, Severity::Error, || {
            let why = match at {
                None => "the path has no cable".to_owned(),
                Some(i) => format!(
                    "the path is not cable, joint, cable, … from end to end at {} (see the path problem)",
                    describe(link, i)
                ),
            };
            format!("polarity could not be traced: {why}")
        });
        return;
    }
    let t = catalog.transceiver(resolved.transceiver);
    let Some(ends) = ends else {
        return;
    };
    modules_fit(catalog, resolved, ends, findings);
    if let Some((kind, leg)) = ends.harness {
        if leg == 0 {
            findings.error(code::PATH_HARNESS_WITHOUT_LEGS, || {
                format!(
                    "harness {} has no leg in use: add the legs, each to its own module",
                    kind.id
                )
            });
            return;
        }
        if !ends.near.lanes.is_empty() && ends.lanes().next().is_none() {
            findings.error(code::POLARITY_WRONG_LEG, || {
                format!(
                    "harness leg {leg} carries no breakout port of {}'s port {}: it has {} breakout ports, and a leg past them reaches lanes of other legs or none",
                    t.id,
                    resolved.port,
                    ends.near.breakout.len()
                )
            });
            return;
        }
    }
    if ends.near.lanes.is_empty() {
        findings.warning(code::POLARITY_NO_LANE_MAP, || {
            format!(
                "the catalog has no lane map for {}: polarity not checked",
                t.id
            )
        });
    }
    let cassettes = cassette_kinds(catalog, resolved);
    let mut traced = trace_lanes(ends, &link.path, &cassettes);
    match lanes {
        Some(lanes) => {
            lanes.extend(traced);
            lane_problems(link, lanes, findings);
        }
        // Most links land every lane right: only a wrong one is worth a table
        // (traced again in full, as its problems name every wrong lane).
        None => {
            if !traced.all(|l| l.ok) {
                let all: Vec<LaneTrace> = trace_lanes(ends, &link.path, &cassettes).collect();
                lane_problems(link, &all, findings);
            }
        }
    }
}

/// The check with its fix: the search tries many changes, so it runs only
/// where polarity or a gender is wrong, and only when the fix is wanted.
pub fn check_link_with_fix(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
) -> PolarityReport {
    let mut report = check_link(catalog, link, resolved);
    // Shared parts are changed where they are declared: no per-link fix.
    if resolved.expanded.is_none() {
        report.fix = fix_for(catalog, link, resolved, &report);
    }
    report
}

/// The fix for a checked link, if polarity or a gender is wrong.
pub fn fix_for(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    report: &PolarityReport,
) -> Option<Fix> {
    // An untraceable path needs its shape mended first: no trace, no fix.
    if report
        .problems
        .iter()
        .any(|p| p.code == code::POLARITY_NOT_TRACED)
    {
        return None;
    }
    let needs_fix = report.problems.iter().any(|p| {
        (p.is_error() && (p.check() == Check::Polarity || p.code.starts_with("gender-")))
                // Transposed lanes pass an aggregate link, but a designer
                // still wants the change that lands each lane on its own Rx.
                || p.code == code::POLARITY_LANES_TRANSPOSED
    });
    if !needs_fix {
        return None;
    }
    let cassettes = cassette_kinds(catalog, resolved);
    find_fix(ends(catalog, resolved)?, link, &cassettes)
}

/// The far module must carry what the near one sends: the same lane signal,
/// on as many lanes as the near port (or, on a leg, as its breakout port).
fn modules_fit(
    catalog: &Catalog,
    resolved: &ResolvedLink,
    ends: Ends<'_>,
    findings: &mut Findings,
) {
    if resolved.far_transceiver == resolved.transceiver && ends.harness.is_none() {
        return;
    }
    let (near, far) = (
        catalog.transceiver(resolved.transceiver),
        catalog.transceiver(resolved.far_transceiver),
    );
    let lanes = match ends.harness {
        Some((_, leg)) => ends
            .near
            .breakout
            .get(usize::from(leg).wrapping_sub(1))
            .map_or(ends.near.lanes.len(), Vec::len),
        None => ends.near.lanes.len(),
    };
    let signals = near.lane_signal.as_deref().zip(far.lane_signal.as_deref());
    if let Some((a, b)) = signals.filter(|(a, b)| a != b) {
        findings.error(code::PATH_MODULES_INCOMPATIBLE, || {
            format!(
                "{} sends {a} on each lane but {} receives {b}: the modules do not work together",
                near.id, far.id
            )
        });
    } else if !ends.far.lanes.is_empty() && ends.far.lanes.len() != lanes {
        findings.error(code::PATH_MODULES_INCOMPATIBLE, || {
            format!(
                "{} has {} lane{} here but {} has {}: the modules do not work together lane for lane",
                near.id,
                lanes,
                if lanes == 1 { "" } else { "s" },
                far.id,
                ends.far.lanes.len()
            )
        });
    }
}

/// The near and far ports of a resolved channel, and its harness where the
/// channel is one leg of a link. The far port is the near port's number
/// where the far module has it (twin-port to twin-port), else its first.
pub fn ends<'a>(catalog: &'a Catalog, resolved: &ResolvedLink) -> Option<Ends<'a>> {
    let near_t = catalog.transceiver(resolved.transceiver);
    let far_t = catalog.transceiver(resolved.far_transceiver);
    let harness = resolved.elements.iter().find_map(|e| match e {
        ResolvedElement::Harness(h) => Some((catalog.harness(h.kind), h.leg)),
        _ => None,
    });
    Some(Ends {
        near: near_t.port(resolved.port)?,
        far: far_t.port(resolved.port).or(far_t.ports.first())?,
        harness,
    })
}

/// Each path element's cassette kind, for the trace; empty (no allocation)
/// where the path has no cassette, as the trace looks them up only at cassettes.
pub fn cassette_kinds<'a>(
    catalog: &'a Catalog,
    resolved: &ResolvedLink,
) -> Vec<Option<&'a CassetteKind>> {
    let is_cassette = |r: &ResolvedElement| matches!(r, ResolvedElement::Cassette(_));
    if !resolved.elements.iter().any(is_cassette) {
        return Vec::new();
    }
    resolved
        .elements
        .iter()
        .map(|r| match r {
            ResolvedElement::Cassette(k) => Some(catalog.cassette(k.kind)),
            _ => None,
        })
        .collect()
}

/// Where a path stops being traceable: cables and cords joined by adapters,
/// splices or cassettes, one at each end. `Some(None)` for an empty path.
fn untraceable_at(path: &[Element]) -> Option<Option<usize>> {
    if path.is_empty() {
        return Some(None);
    }
    if let Some(i) = path
        .iter()
        .enumerate()
        .position(|(i, e)| e.is_conductor() != (i % 2 == 0))
    {
        return Some(Some(i));
    }
    path.len().is_multiple_of(2).then(|| Some(path.len() - 1))
}

/// One problem per kind of wrong landing, naming its lanes.
fn lane_problems(link: &Link, lanes: &[LaneTrace], findings: &mut Findings) {
    let list = |pick: &dyn Fn(&LaneTrace) -> Option<String>| -> (Vec<String>, Vec<String>) {
        lanes
            .iter()
            .filter_map(|l| pick(l).map(|x| (l.lane.to_string(), x)))
            .unzip()
    };
    let any = |landing: fn(&Landing) -> bool| lanes.iter().any(|l| landing(&l.landing));
    if any(|l| matches!(l, Landing::Tx)) {
        findings.error(code::POLARITY_TX_ON_TX, || {
            let (tx_on_tx, at) =
                list(&|l| matches!(l.landing, Landing::Tx).then(|| pos(l.far_position)));
            format!(
                "Tx {} {} on the far transceiver's transmit position{} {}: Tx meets Tx (the channel needs the Type B end-to-end map: an odd number of reversals)",
                lanes_word(&tx_on_tx), land(&tx_on_tx), plural(&at), at.join(", "))
        });
    }
    if any(|l| matches!(l, Landing::Unused)) {
        findings.error(code::POLARITY_TX_ON_UNUSED, || {
            let (unused, at) =
                list(&|l| matches!(l.landing, Landing::Unused).then(|| pos(l.far_position)));
            format!(
                "Tx {} {} on unused far position{} {}: no receiver there",
                lanes_word(&unused),
                land(&unused),
                plural(&at),
                at.join(", ")
            )
        });
    }
    // Each Tx still reaches an Rx of the same port: the IEEE PCS reorders
    // lanes, so an aggregate port comes up; only a broken-out link (where
    // the lanes belong to different ports) fails on it (see the legs).
    if any(|l| matches!(l, Landing::OtherRx(_))) {
        findings.warning(code::POLARITY_LANES_TRANSPOSED, || {
            let (swapped, to) = list(&|l| match l.landing {
                Landing::OtherRx(k) => Some(k.to_string()),
                _ => None,
            });
            format!(
                "Tx {} {} on the far Rx of lane{} {}: lanes are transposed within the port (a Type C pair flip, or mixed polarity methods); an aggregate link comes up, as the PCS reorders lanes, but broken out these lanes would reach the wrong neighbour",
                lanes_word(&swapped), land(&swapped), plural(&to), to.join(", "))
        });
    }
    for l in lanes {
        if let Landing::WrongLeg { element, leg } = l.landing {
            findings.error_at(code::POLARITY_WRONG_LEG, element, || {
                let wanted = match link.path.get(element) {
                    Some(Element::Harness(h)) => h.leg,
                    _ => 0,
                };
                format!(
                    "Tx lane {} comes out of {} on leg {leg}, not on this link's leg {wanted}: its breakout port reaches another module (check the harness's leg order and the trunk's polarity)",
                    l.lane, describe(link, element))
            });
        }
        if let Landing::WrongPort { element, port } = l.landing {
            findings.error_at(code::POLARITY_WRONG_PORT, element, || {
                let wanted = match link.path.get(element) {
                    Some(Element::Cassette(c)) => c.port,
                    _ => 0,
                };
                format!(
                    "Tx lane {} comes out of {} at front port {port}, not port {wanted}: the cassettes do not pair port for port (a Method B far end takes the inverted cassette)",
                    l.lane, describe(link, element))
            });
        }
    }
    let mut lost_at: Vec<usize> = lanes
        .iter()
        .filter_map(|l| match l.landing {
            Landing::Lost(i) => Some(i),
            _ => None,
        })
        .collect();
    // One problem per element where lanes are lost, however the lanes interleave.
    lost_at.sort_unstable();
    lost_at.dedup();
    for i in lost_at {
        let element = (i < link.path.len()).then_some(i);
        findings.add(code::POLARITY_LANE_LOST, element, Severity::Error, || {
            let lost: Vec<String> = lanes
                .iter()
                .filter(|l| l.landing == Landing::Lost(i))
                .map(|l| l.lane.to_string())
                .collect();
            let where_ = match element {
                None => "at the far port".to_owned(),
                Some(i) => format!("at {}", describe(link, i)),
            };
            let why = match link.path.get(i) {
                Some(Element::Cable(c)) if c.fibers == crate::model::units::FiberCount::F8 => {
                    " (a Base-8 ferrule has no fiber at positions 5–8)"
                }
                _ => " (the ferrules do not line up: see the key problem)",
            };
            format!(
                "Tx {} {} lost {where_}{why}",
                lanes_word(&lost),
                if lost.len() == 1 { "is" } else { "are" }
            )
        });
    }
}

fn pos(p: Option<u8>) -> String {
    p.map_or_else(|| "?".to_owned(), |p| p.to_string())
}

fn lanes_word(lanes: &[String]) -> String {
    format!("lane{} {}", plural(lanes), lanes.join(", "))
}

fn land(lanes: &[String]) -> &'static str {
    if lanes.len() == 1 { "lands" } else { "land" }
}

fn plural(v: &[String]) -> &'static str {
    if v.len() == 1 { "" } else { "s" }
}

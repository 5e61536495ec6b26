//! What a design's shared parts carry: which links use each panel port,
//! cassette port and trunk fiber, the conflicts and wrong routes among them
//! (each link's `infra-…` problems), and the utilisation the `infra`
//! command prints.

use crate::hash::{Map as HashMap, Set as HashSet};
use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis::budget::{Problem, Severity, code, describe};
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::Catalog;
use crate::model::infra::Infra;
use crate::model::{Design, Element};

/// Each link's problems with the shared parts, in design order, and the
/// utilisation of every part.
/// `resolved` gives each link's resolution (by index), where it has one.
pub fn infra_check<'r>(
    catalog: &Catalog,
    design: &Design,
    resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
) -> InfraCheck {
    check(catalog, design, resolved, true)
}

/// Each link's problems with the shared parts only (what loading needs):
/// the utilisation, with its lists of link ids, is not built.
pub fn infra_problems<'r>(
    catalog: &Catalog,
    design: &Design,
    resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
) -> Vec<Vec<Problem>> {
    check(catalog, design, resolved, false).problems
}

/// The problems with the shared parts of the links at `links` (ascending
/// places in the design), worked out over those links alone: the same as
/// [`infra_problems`] gives them, provided `links` holds every link that
/// shares a part with one of them in a conflict (an edit's neighbours: see
/// the app's document). A part's conflicts involve only its users, and a
/// route only its link, so the rest of the design is not read.
pub fn infra_problems_of<'r>(
    catalog: &Catalog,
    design: &Design,
    links: &[usize],
    resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
) -> Vec<Vec<Problem>> {
    let sub_links: Vec<_> = links
        .iter()
        .filter_map(|&n| design.links.get(n).cloned())
        .collect();
    let used = PartIds::of(&sub_links);
    // The parts they use, in the design's order (which orders each link's
    // conflicts), duplicates of an id and all.
    let sub = Design {
        trunks: (design.trunks.iter())
            .filter(|t| used.trunks.contains(t.id.as_str()))
            .cloned()
            .collect(),
        panels: (design.panels.iter())
            .filter(|p| used.panels.contains(p.id.as_str()))
            .cloned()
            .collect(),
        links: sub_links,
        ..Design::default()
    };
    let of = |k: usize| links.get(k).and_then(|&n| resolved(n));
    check(catalog, &sub, &of, false).problems
}

/// The ids of the panels and trunks some links use.
#[derive(Debug, Default)]
pub struct PartIds<'a> {
    pub panels: HashSet<&'a str>,
    pub trunks: HashSet<&'a str>,
}

impl<'a> PartIds<'a> {
    pub fn of(links: impl IntoIterator<Item = &'a crate::model::Link>) -> Self {
        let mut ids = Self::default();
        for e in links.into_iter().flat_map(|l| &l.path) {
            ids.panels.extend(e.panel());
            ids.trunks.extend(e.trunk());
        }
        ids
    }

    /// Whether `link` uses one of these panels or trunks.
    pub fn used_by(&self, link: &crate::model::Link) -> bool {
        link.path.iter().any(|e| {
            e.panel().is_some_and(|p| self.panels.contains(p))
                || e.trunk().is_some_and(|t| self.trunks.contains(t))
        })
    }
}

/// One share's uses of shared parts, and its links' route problems.
#[derive(Default)]
struct Gathered {
    panel_uses: Vec<(u32, u32, u32, u32)>,
    cassette_uses: Vec<(u32, u8, u8, u32, u32)>,
    cassette_legs: Vec<(u32, u8, u32, u8)>,
    leg_uses: Vec<(u32, u8, u32, u32, u64)>,
    routes: Vec<(usize, Problem)>,
}

fn check<'r>(
    catalog: &Catalog,
    design: &Design,
    resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
    with_report: bool,
) -> InfraCheck {
    let infra = design.infra();
    let mut problems: Vec<Vec<Problem>> = vec![Vec::new(); design.links.len()];
    // Parts by their place in the design: every use below is a few integers,
    // sorted once and read in runs (no map of strings, no list per port).
    let panel_index: HashMap<&str, u32> = design
        .panels
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), index(k)))
        .collect();
    let trunk_index: HashMap<&str, u32> = design
        .trunks
        .iter()
        .enumerate()
        .map(|(k, t)| (t.id.as_str(), index(k)))
        .collect();
    // (panel, port, link, element); (panel, slot, port, link, element);
    // (panel, slot, trunk, leg); (trunk, leg, link, element, lit positions),
    // gathered on all cores (each look-up of a part by id is a hash and a
    // string compare), then joined in link order.
    let shares = crate::parallel::map_shares(&design.links, |start, share| {
        let mut g = Gathered::default();
        for (k, link) in share.iter().enumerate() {
            let n = start + k;
            let path = &link.path;
            let n32 = index(n);
            for (i, e) in path.iter().enumerate() {
                let i32_ = index(i);
                match e {
                    Element::PanelPort(p) => {
                        if let Some(&k) = panel_index.get(p.panel.as_str()) {
                            g.panel_uses.push((k, p.port, n32, i32_));
                        }
                    }
                    Element::CassettePort(c) => {
                        let Some(&k) = panel_index.get(c.panel.as_str()) else {
                            continue;
                        };
                        g.cassette_uses.push((k, c.slot, c.port, n32, i32_));
                        // The trunk leg in its rear.
                        for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                            if let Some(Element::TrunkLeg(t)) = path.get(j)
                                && let Some(&tk) = trunk_index.get(t.trunk.as_str())
                            {
                                g.cassette_legs.push((k, c.slot, tk, t.leg));
                            }
                        }
                    }
                    Element::TrunkLeg(t) => {
                        let (Some(trunk), Some(&tk)) =
                            (infra.trunk(&t.trunk), trunk_index.get(t.trunk.as_str()))
                        else {
                            continue;
                        };
                        // Entered from one of its panels and left by the other.
                        let sides = [i.checked_sub(1), Some(i + 1)]
                            .map(|j| j.and_then(|j| path.get(j)).and_then(Element::panel));
                        let mut want = [trunk.from.as_str(), trunk.to.as_str()];
                        want.sort_unstable();
                        let mut got = sides;
                        got.sort_unstable();
                        if got != [Some(want[0]), Some(want[1])] {
                            g.routes.push((n, Problem {
                                code: code::INFRA_ROUTE,
                                element: Some(i),
                                message: format!(
                                    "{} (trunk {} leg {}) must run between its panels {} and {}, found {} and {}",
                                    describe(link, i),
                                    trunk.id,
                                    t.leg,
                                    trunk.from,
                                    trunk.to,
                                    sides[0].unwrap_or("no panel"),
                                    sides[1].unwrap_or("no panel")
                                ),
                                severity: Severity::Error,
                            }));
                        }
                        let lit = lit_positions(catalog, &infra, path, resolved(n), i);
                        g.leg_uses.push((tk, t.leg, n32, i32_, lit));
                    }
                    _ => {}
                }
            }
        }
        g
    });
    let mut panel_uses: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut cassette_uses: Vec<(u32, u8, u8, u32, u32)> = Vec::new();
    let mut cassette_legs: Vec<(u32, u8, u32, u8)> = Vec::new();
    let mut leg_uses: Vec<(u32, u8, u32, u32, u64)> = Vec::new();
    for g in shares {
        panel_uses.extend(g.panel_uses);
        cassette_uses.extend(g.cassette_uses);
        cassette_legs.extend(g.cassette_legs);
        leg_uses.extend(g.leg_uses);
        for (n, p) in g.routes {
            problems[n].push(p);
        }
    }
    panel_uses.sort_unstable();
    cassette_uses.sort_unstable();
    cassette_legs.sort_unstable();
    cassette_legs.dedup();
    leg_uses.sort_unstable_by_key(|&(t, l, n, i, _)| (t, l, n, i));
    let id = |n: u32| design.links[n as usize].id.as_str();
    let panel_id = |k: u32| design.panels[k as usize].id.as_str();
    let trunk_id = |k: u32| design.trunks[k as usize].id.as_str();
    let others = |users: &[u32], n: u32| -> String {
        let mut names: Vec<&str> = users.iter().filter(|&&m| m != n).map(|&m| id(m)).collect();
        names.dedup();
        names
            .iter()
            .map(|name| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Each conflict names the element of the link's path that holds the
    // shared part, so that views can outline it.
    let mut conflict = |n: u32, element: u32, message: String| {
        problems[n as usize].push(Problem {
            code: code::INFRA_CONFLICT,
            element: Some(element as usize),
            message,
            severity: Severity::Error,
        });
    };
    for run in panel_uses.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() > 1 {
            let users: Vec<u32> = run.iter().map(|u| u.2).collect();
            let (panel, port) = (panel_id(run[0].0), run[0].1);
            for &(_, _, n, i) in run {
                conflict(
                    n,
                    i,
                    format!(
                        "panel {panel} port {port} is also used by {}",
                        others(&users, n)
                    ),
                );
            }
        }
    }
    for run in cassette_uses.chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        if run.len() > 1 {
            let users: Vec<u32> = run.iter().map(|u| u.3).collect();
            let (panel, slot, port) = (panel_id(run[0].0), run[0].1, run[0].2);
            for &(_, _, _, n, i) in run {
                conflict(
                    n,
                    i,
                    format!(
                        "port {port} of the cassette in panel {panel} slot {slot} is also used by {}",
                        others(&users, n)
                    ),
                );
            }
        }
    }
    for run in cassette_legs.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() > 1 {
            let (panel, slot) = (run[0].0, run[0].1);
            let list: Vec<String> = run
                .iter()
                .map(|&(_, _, t, l)| format!("{} leg {l}", trunk_id(t)))
                .collect();
            // Every link through that cassette, once each.
            let start = cassette_uses.partition_point(|u| (u.0, u.1) < (panel, slot));
            let mut seen = HashSet::default();
            for &(_, _, _, n, i) in cassette_uses[start..]
                .iter()
                .take_while(|u| (u.0, u.1) == (panel, slot))
            {
                if seen.insert(n) {
                    conflict(
                        n,
                        i,
                        format!(
                            "the cassette in panel {} slot {slot} meets one trunk leg at its rear, but links use {}",
                            panel_id(panel),
                            list.join(" and ")
                        ),
                    );
                }
            }
        }
    }
    for run in leg_uses.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (trunk, leg) = (trunk_id(run[0].0), run[0].1);
        for (k, &(_, _, n, i, lit)) in run.iter().enumerate() {
            let clash: Vec<u32> = run
                .iter()
                .enumerate()
                .filter(|&(j, &(_, _, m, _, other))| j != k && m != n && lit & other != 0)
                .map(|(_, u)| u.2)
                .collect();
            if !clash.is_empty() {
                conflict(
                    n,
                    i,
                    format!(
                        "fibers of trunk {trunk} leg {leg} are also lit by {}",
                        others(&clash, n)
                    ),
                );
            }
        }
    }
    if !with_report {
        return InfraCheck {
            problems,
            report: InfraReport {
                trunks: Vec::new(),
                panels: Vec::new(),
                cassettes: Vec::new(),
            },
        };
    }
    // Utilisation, each part's uses read from its run of the sorted lists.
    let range_of = |k: u32, key: &dyn Fn(usize) -> u32, len: usize| -> std::ops::Range<usize> {
        let lo = partition(len, |x| key(x) < k);
        let hi = partition(len, |x| key(x) <= k);
        lo..hi
    };
    let trunks = design
        .trunks
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let uses = &leg_uses[range_of(index(k), &|x| leg_uses[x].0, leg_uses.len())];
            let mut lit = 0u32;
            let mut legs_used = 0u8;
            let mut links = BTreeSet::new();
            for run in uses.chunk_by(|a, b| a.1 == b.1) {
                if run[0].1 == 0 || run[0].1 > t.legs {
                    continue;
                }
                let positions = run.iter().fold(0u64, |all, u| {
                    links.insert(id(u.2).to_owned());
                    all | u.4
                });
                if positions != 0 {
                    legs_used += 1;
                }
                lit += positions.count_ones();
            }
            TrunkUse {
                id: t.id.clone(),
                fibers: t.fiber_count(),
                fibers_lit: lit,
                legs: t.legs,
                legs_used,
                links: links.into_iter().collect(),
            }
        })
        .collect();
    let mut panels = Vec::new();
    let mut cassettes = Vec::new();
    for (k, p) in design.panels.iter().enumerate() {
        let k = index(k);
        let ports = &panel_uses[range_of(k, &|x| panel_uses[x].0, panel_uses.len())];
        let fronts = &cassette_uses[range_of(k, &|x| cassette_uses[x].0, cassette_uses.len())];
        let mut links = BTreeSet::new();
        let mut used = 0u32;
        for run in ports.chunk_by(|a, b| a.1 == b.1) {
            used += 1;
            links.extend(run.iter().map(|u| id(u.2).to_owned()));
        }
        for c in &p.cassettes {
            let total = catalog
                .find_cassette(&c.kind)
                .map_or(0, |x| catalog.cassette(x).ports.len());
            let mut front = 0u32;
            for run in fronts
                .iter()
                .filter(|u| u.1 == c.slot)
                .collect::<Vec<_>>()
                .chunk_by(|a, b| a.2 == b.2)
            {
                front += 1;
                links.extend(run.iter().map(|u| id(u.3).to_owned()));
            }
            cassettes.push(CassetteUse {
                panel: p.id.clone(),
                slot: c.slot,
                kind: c.kind.clone(),
                ports: u32::try_from(total).unwrap_or(u32::MAX),
                ports_used: front,
            });
        }
        panels.push(PanelUse {
            id: p.id.clone(),
            ports: p.ports.unwrap_or(0),
            ports_used: used,
            links: links.into_iter().collect(),
        });
    }
    InfraCheck {
        problems,
        report: InfraReport {
            trunks,
            panels,
            cassettes,
        },
    }
}

/// An index as the u32 the use lists keep (a design holds far fewer links,
/// elements and parts than that: see `model::limits`).
fn index(k: usize) -> u32 {
    u32::try_from(k).unwrap_or(u32::MAX)
}

/// The first of `0..len` for which `before` is false (`before` true on a
/// prefix).
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Positions as bits (position 0, "no fiber", and any past 64 are none).
fn bits(positions: impl IntoIterator<Item = u8>) -> u64 {
    positions
        .into_iter()
        .filter(|p| (1..=64).contains(p))
        .fold(0, |b, p| b | 1 << (p - 1))
}

/// The positions of a trunk leg a link lights: its cassette port's two rear
/// positions where a cassette is beside the leg, else every position of the
/// near module's lanes (a Base-12 leg carrying SR4 lights 8 of 12).
fn lit_positions(
    catalog: &Catalog,
    infra: &Infra<'_>,
    path: &[Element],
    resolved: Option<&ResolvedLink>,
    i: usize,
) -> u64 {
    for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
        if let Some(Element::CassettePort(c)) = path.get(j)
            && let Some(kind) = infra
                .panel(&c.panel)
                .and_then(|p| p.cassettes.iter().find(|k| k.slot == c.slot))
                .and_then(|k| catalog.find_cassette(&k.kind))
                .map(|k| catalog.cassette(k))
            && let Some(map) = kind.ports.get(usize::from(c.port).wrapping_sub(1))
        {
            return bits([map.a, map.b]);
        }
    }
    let Some(resolved) = resolved else {
        return 0;
    };
    let t = catalog.transceiver(resolved.transceiver);
    t.port(resolved.port)
        .map(|p| bits(p.lanes.iter().flat_map(|l| [l.tx, l.rx])))
        .unwrap_or_default()
}

/// The checks' result: per link, per part.
#[derive(Debug, Clone, PartialEq)]
pub struct InfraCheck {
    /// Per link, in design order.
    pub problems: Vec<Vec<Problem>>,
    pub report: InfraReport,
}

/// The `infra` command's report. Field names are a contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InfraReport {
    pub trunks: Vec<TrunkUse>,
    pub panels: Vec<PanelUse>,
    pub cassettes: Vec<CassetteUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrunkUse {
    pub id: String,
    pub fibers: u32,
    pub fibers_lit: u32,
    pub legs: u8,
    pub legs_used: u8,
    pub links: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelUse {
    pub id: String,
    pub ports: u32,
    pub ports_used: u32,
    pub links: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CassetteUse {
    pub panel: String,
    pub slot: u8,
    pub kind: String,
    pub ports: u32,
    pub ports_used: u32,
}

//! What a design's shared parts carry: which links use each panel port,
//! cassette port and trunk fiber, the conflicts and wrong routes among them
//! (each link's `infra-…` problems), and the utilisation the `infra`
//! command prints.

use std::collections::{BTreeMap, BTreeSet};

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
    resolved: &dyn Fn(usize) -> Option<&'r ResolvedLink>,
) -> InfraCheck {
    let infra = design.infra();
    let mut problems: Vec<Vec<Problem>> = vec![Vec::new(); design.links.len()];
    // (panel, port) → (link, element); (panel, slot, port) → (link,
    // element); (trunk, leg) → (link, element, lit positions).
    let mut panel_ports: BTreeMap<(&str, u32), Vec<UsedAt>> = BTreeMap::new();
    let mut cassette_ports: BTreeMap<(&str, u8, u8), Vec<UsedAt>> = BTreeMap::new();
    let mut cassette_legs: BTreeMap<(&str, u8), BTreeSet<(&str, u8)>> = BTreeMap::new();
    let mut leg_fibers: BTreeMap<(&str, u8), Vec<LitBy>> = BTreeMap::new();
    for (n, link) in design.links.iter().enumerate() {
        let path = &link.path;
        for (i, e) in path.iter().enumerate() {
            match e {
                Element::PanelPort(p) => panel_ports
                    .entry((&p.panel, p.port))
                    .or_default()
                    .push((n, i)),
                Element::CassettePort(c) => {
                    cassette_ports
                        .entry((&c.panel, c.slot, c.port))
                        .or_default()
                        .push((n, i));
                    // The trunk leg in its rear.
                    for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                        if let Some(Element::TrunkLeg(t)) = path.get(j) {
                            cassette_legs
                                .entry((&c.panel, c.slot))
                                .or_default()
                                .insert((&t.trunk, t.leg));
                        }
                    }
                }
                Element::TrunkLeg(t) => {
                    let Some(trunk) = infra.trunk(&t.trunk) else {
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
                        problems[n].push(Problem {
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
                        });
                    }
                    let lit = lit_positions(catalog, &infra, path, resolved(n), i);
                    leg_fibers
                        .entry((&t.trunk, t.leg))
                        .or_default()
                        .push((n, i, lit));
                }
                _ => {}
            }
        }
    }
    let id = |n: usize| design.links[n].id.as_str();
    let others = |users: &[usize], n: usize| -> String {
        users
            .iter()
            .filter(|&&m| m != n)
            .map(|&m| format!("\"{}\"", id(m)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Each conflict names the element of the link's path that holds the
    // shared part, so that views can outline it.
    let mut conflict = |n: usize, element: usize, message: String| {
        problems[n].push(Problem {
            code: code::INFRA_CONFLICT,
            element: Some(element),
            message,
            severity: Severity::Error,
        });
    };
    for ((panel, port), uses) in &panel_ports {
        if uses.len() > 1 {
            let users: Vec<usize> = uses.iter().map(|(n, _)| *n).collect();
            for &(n, i) in uses {
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
    for ((panel, slot, port), uses) in &cassette_ports {
        if uses.len() > 1 {
            let users: Vec<usize> = uses.iter().map(|(n, _)| *n).collect();
            for &(n, i) in uses {
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
    for ((panel, slot), legs) in &cassette_legs {
        if legs.len() > 1 {
            let list: Vec<String> = legs.iter().map(|(t, l)| format!("{t} leg {l}")).collect();
            for (n, link) in design.links.iter().enumerate() {
                if let Some(i) = link.path.iter().position(|e| matches!(e, Element::CassettePort(c) if c.panel == *panel && c.slot == *slot)) {
                    conflict(
                        n,
                        i,
                        format!(
                            "the cassette in panel {panel} slot {slot} meets one trunk leg at its rear, but links use {}",
                            list.join(" and ")
                        ),
                    );
                }
            }
        }
    }
    for ((trunk, leg), users) in &leg_fibers {
        for (k, (n, i, lit)) in users.iter().enumerate() {
            let clash: Vec<usize> = users
                .iter()
                .enumerate()
                .filter(|(j, (m, _, other))| *j != k && m != n && !lit.is_disjoint(other))
                .map(|(_, (m, _, _))| *m)
                .collect();
            if !clash.is_empty() {
                conflict(
                    *n,
                    *i,
                    format!(
                        "fibers of trunk {trunk} leg {leg} are also lit by {}",
                        others(&clash, *n)
                    ),
                );
            }
        }
    }
    // Utilisation.
    let trunks = design
        .trunks
        .iter()
        .map(|t| {
            let mut lit = 0u32;
            let mut legs_used = 0u8;
            let mut links = BTreeSet::new();
            for leg in 1..=t.legs {
                let users = leg_fibers.get(&(t.id.as_str(), leg));
                let positions: BTreeSet<u8> = users
                    .into_iter()
                    .flatten()
                    .flat_map(|(n, _, p)| {
                        links.insert(id(*n).to_owned());
                        p.iter().copied()
                    })
                    .collect();
                if !positions.is_empty() {
                    legs_used += 1;
                }
                lit += u32::try_from(positions.len()).unwrap_or(u32::MAX);
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
    for p in &design.panels {
        let mut used = BTreeSet::new();
        let mut links = BTreeSet::new();
        // Its own entries only: the maps are ordered by panel first.
        for ((_, port), users) in panel_ports.range((p.id.as_str(), 0)..=(p.id.as_str(), u32::MAX))
        {
            used.insert(*port);
            links.extend(users.iter().map(|&(n, _)| id(n).to_owned()));
        }
        for k in &p.cassettes {
            let ports = catalog
                .find_cassette(&k.kind)
                .map_or(0, |c| catalog.cassette(c).ports.len());
            let mut front = BTreeSet::new();
            let (panel, slot) = (p.id.as_str(), k.slot);
            for ((_, _, port), users) in
                cassette_ports.range((panel, slot, 0)..=(panel, slot, u8::MAX))
            {
                front.insert(*port);
                links.extend(users.iter().map(|&(n, _)| id(n).to_owned()));
            }
            cassettes.push(CassetteUse {
                panel: p.id.clone(),
                slot: k.slot,
                kind: k.kind.clone(),
                ports: u32::try_from(ports).unwrap_or(u32::MAX),
                ports_used: u32::try_from(front.len()).unwrap_or(u32::MAX),
            });
        }
        panels.push(PanelUse {
            id: p.id.clone(),
            ports: p.ports.unwrap_or(0),
            ports_used: u32::try_from(used.len()).unwrap_or(u32::MAX),
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

/// A link (by index) and the positions of a trunk leg it lights.
/// A link and the element of its path that uses a part.
type UsedAt = (usize, usize);

/// A link, the element of its path, and the positions it lights.
type LitBy = (usize, usize, BTreeSet<u8>);

/// The positions of a trunk leg a link lights: its cassette port's two rear
/// positions where a cassette is beside the leg, else every position of the
/// near module's lanes (a Base-12 leg carrying SR4 lights 8 of 12).
fn lit_positions(
    catalog: &Catalog,
    infra: &Infra<'_>,
    path: &[Element],
    resolved: Option<&ResolvedLink>,
    i: usize,
) -> BTreeSet<u8> {
    for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
        if let Some(Element::CassettePort(c)) = path.get(j)
            && let Some(kind) = infra
                .panel(&c.panel)
                .and_then(|p| p.cassettes.iter().find(|k| k.slot == c.slot))
                .and_then(|k| catalog.find_cassette(&k.kind))
                .map(|k| catalog.cassette(k))
            && let Some(map) = kind.ports.get(usize::from(c.port).wrapping_sub(1))
        {
            return [map.a, map.b].into_iter().collect();
        }
    }
    let Some(resolved) = resolved else {
        return BTreeSet::new();
    };
    let t = catalog.transceiver(resolved.transceiver);
    t.port(resolved.port)
        .map(|p| p.lanes.iter().flat_map(|l| [l.tx, l.rx]).collect())
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

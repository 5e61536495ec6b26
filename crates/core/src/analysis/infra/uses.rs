//! Every use of a shared part in a design, as a few integers per use in four
//! sorted lists (read in runs by the conflict checks and the utilisation),
//! and each link's route problems found on the way.
//!
//! At a million links the lists are tens of megabytes: each is made once at
//! its final size (its uses counted first) and filled by every core in its
//! own part, where lists per core joined and grown took two and a half
//! times their room (150 MB and 0.3 s of a million-link load).

use crate::hash::Map as HashMap;

use crate::analysis::budget::{Problem, Severity, code, describe};
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::Catalog;
use crate::model::infra::Infra;
use crate::model::limits::place;
use crate::model::{Design, Element, Link};

/// (panel, port, link, element), by panel and port.
pub type PanelPortUse = (u32, u32, u32, u32);
/// (panel, slot, port, link, element), by panel, slot and port.
pub type CassettePortUse = (u32, u8, u8, u32, u32);
/// (panel, slot, trunk, leg): a trunk leg at a cassette's rear, once each.
pub type CassetteLeg = (u32, u8, u32, u8);
/// (trunk, leg, link, element, lit positions as bits), by trunk, leg, link
/// and element.
pub type LegUse = (u32, u8, u32, u32, u64);

/// A slot no use was written in (its part is not in the design): sorted
/// last, then cut off.
const NONE: u32 = u32::MAX;

pub struct Uses {
    pub panel_ports: Vec<PanelPortUse>,
    pub cassette_ports: Vec<CassettePortUse>,
    pub cassette_legs: Vec<CassetteLeg>,
    pub legs: Vec<LegUse>,
    /// Each link's route problems, by link (in design order).
    pub routes: Vec<(u32, Problem)>,
}

/// How many uses a share of links can write in each list: one per panel
/// port, cassette port and trunk leg, and two per cassette port for the
/// legs at its rear.
#[derive(Clone, Copy, Default)]
struct Counts {
    panel_ports: usize,
    cassette_ports: usize,
    cassette_legs: usize,
    legs: usize,
}

impl Counts {
    fn of(links: &[Box<Link>]) -> Self {
        let mut c = Self::default();
        for e in links.iter().flat_map(|l| &l.path) {
            match e {
                Element::PanelPort(_) => c.panel_ports += 1,
                Element::CassettePort(_) => {
                    c.cassette_ports += 1;
                    c.cassette_legs += 2;
                }
                Element::TrunkLeg(_) => c.legs += 1,
                _ => {}
            }
        }
        c
    }
}

/// One share's parts of the four lists.
struct Slots<'a> {
    panel_ports: &'a mut [PanelPortUse],
    cassette_ports: &'a mut [CassettePortUse],
    cassette_legs: &'a mut [CassetteLeg],
    legs: &'a mut [LegUse],
}

impl Uses {
    /// The uses of every link of `design`; `resolved` gives a link's
    /// resolution (by index) where it has one (its module's lanes light a
    /// leg without a cassette).
    pub fn gather<'r>(
        catalog: &Catalog,
        design: &Design,
        resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
    ) -> Self {
        let infra = design.infra();
        // Parts by their place in the design: a use is a few integers, not
        // strings.
        let panel_index: HashMap<&str, u32> = (design.panels.iter().enumerate())
            .map(|(k, p)| (p.id.as_str(), place(k)))
            .collect();
        let trunk_index: HashMap<&str, u32> = (design.trunks.iter().enumerate())
            .map(|(k, t)| (t.id.as_str(), place(k)))
            .collect();
        // Both passes cut the links alike: the second fills what the first
        // counted, share by share.
        let share = crate::parallel::cut(design.links.len());
        let counts = crate::parallel::map_cut(&design.links, share, |_, links| Counts::of(links));
        let total = |f: fn(&Counts) -> usize| counts.iter().map(f).sum::<usize>();
        let mut panel_ports = vec![(NONE, 0, 0, 0); total(|c| c.panel_ports)];
        let mut cassette_ports = vec![(NONE, 0, 0, 0, 0); total(|c| c.cassette_ports)];
        let mut cassette_legs = vec![(NONE, 0, 0, 0); total(|c| c.cassette_legs)];
        let mut legs = vec![(NONE, 0, 0, 0, 0); total(|c| c.legs)];
        let slots = {
            let (mut p, mut c, mut cl, mut l) = (
                &mut panel_ports[..],
                &mut cassette_ports[..],
                &mut cassette_legs[..],
                &mut legs[..],
            );
            let mut slots = Vec::with_capacity(counts.len());
            for n in &counts {
                let (p_share, p_rest) = p.split_at_mut(n.panel_ports);
                let (c_share, c_rest) = c.split_at_mut(n.cassette_ports);
                let (cl_share, cl_rest) = cl.split_at_mut(n.cassette_legs);
                let (l_share, l_rest) = l.split_at_mut(n.legs);
                slots.push(Slots {
                    panel_ports: p_share,
                    cassette_ports: c_share,
                    cassette_legs: cl_share,
                    legs: l_share,
                });
                (p, c, cl, l) = (p_rest, c_rest, cl_rest, l_rest);
            }
            slots
        };
        let routes = crate::parallel::map_cut_into(
            &design.links,
            share,
            slots,
            |start, share, slots| {
                let mut routes = Vec::new();
                let mut free = Counts::default();
                for (k, link) in share.iter().enumerate() {
                    let n = start + k;
                    let path = &link.path;
                    let (n32, rear) = (place(n), |i: usize| [i.checked_sub(1), Some(i + 1)]);
                    for (i, e) in path.iter().enumerate() {
                        let i32_ = place(i);
                        match e {
                            Element::PanelPort(p) => {
                                if let Some(&k) = panel_index.get(p.panel.as_str()) {
                                    slots.panel_ports[free.panel_ports] = (k, p.port, n32, i32_);
                                }
                                free.panel_ports += 1;
                            }
                            Element::CassettePort(c) => {
                                let panel = panel_index.get(c.panel.as_str());
                                if let Some(&k) = panel {
                                    slots.cassette_ports[free.cassette_ports] =
                                        (k, c.slot, c.port, n32, i32_);
                                }
                                free.cassette_ports += 1;
                                // The trunk leg in its rear.
                                for j in rear(i).into_iter().flatten() {
                                    if let (Some(&k), Some(Element::TrunkLeg(t))) =
                                        (panel, path.get(j))
                                        && let Some(&tk) = trunk_index.get(t.trunk.as_str())
                                    {
                                        slots.cassette_legs[free.cassette_legs] =
                                            (k, c.slot, tk, t.leg);
                                    }
                                    free.cassette_legs += 1;
                                }
                            }
                            Element::TrunkLeg(t) => {
                                let slot = free.legs;
                                free.legs += 1;
                                let (Some(trunk), Some(&tk)) =
                                    (infra.trunk(&t.trunk), trunk_index.get(t.trunk.as_str()))
                                else {
                                    continue;
                                };
                                // Entered from one of its panels and left by the other.
                                let sides = rear(i)
                                    .map(|j| j.and_then(|j| path.get(j)).and_then(Element::panel));
                                let mut want = [trunk.from.as_str(), trunk.to.as_str()];
                                want.sort_unstable();
                                let mut got = sides;
                                got.sort_unstable();
                                if got != [Some(want[0]), Some(want[1])] {
                                    routes.push((n32, Problem {
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
                                slots.legs[slot] = (tk, t.leg, n32, i32_, lit);
                            }
                            _ => {}
                        }
                    }
                }
                routes
            },
        );
        sort_and_cut(&mut panel_ports, |u| u.0);
        sort_and_cut(&mut cassette_ports, |u| u.0);
        sort_and_cut(&mut cassette_legs, |u| u.0);
        cassette_legs.dedup();
        sort_and_cut(&mut legs, |u| u.0);
        Uses {
            panel_ports,
            cassette_ports,
            cassette_legs,
            legs,
            routes: routes.into_iter().flatten().collect(),
        }
    }
}

/// Sorted, the slots left empty (last) cut off.
fn sort_and_cut<U: Ord>(uses: &mut Vec<U>, part: fn(&U) -> u32) {
    uses.sort_unstable();
    let written = uses.partition_point(|u| part(u) != NONE);
    uses.truncate(written);
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

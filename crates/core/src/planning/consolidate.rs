//! Turning private trunks into shared ones (issue 14's migration): links
//! whose trunk and the joints on either side of it are identical are given
//! one shared trunk, panels and cassettes. Counted links become one link per
//! instance (each needs its own port). Duplex links through cassettes are
//! packed as many to a cassette as it has front ports, one leg per cassette
//! pair; parallel links one to a leg. A group's legs are gathered into
//! trunks of up to 12 legs. A group is merged only if every one of its links
//! judges the same afterwards.

use std::collections::BTreeMap;

use crate::analysis::resolve::resolve_design;
use crate::analysis::verdict;
use crate::catalog::Catalog;
use crate::model::infra::{CassettePort, Panel, PanelCassette, PanelPort, Trunk, TrunkLeg};
use crate::model::limits::MAX_PANEL_PORTS;
use crate::model::{AdapterKeys, Cable, CableRole, Cassette, Design, Element, Link};

/// Legs of one consolidated parallel trunk at most (12 × 12 = 144 fibers).
pub const MAX_LEGS_PER_TRUNK: usize = 12;

/// What a link's trunk is joined by on each side.
#[derive(Debug, Clone, PartialEq)]
enum Joints {
    Adapters(AdapterKeys, AdapterKeys),
    Cassettes(Cassette, Cassette),
}

/// The design with shared parts, and a line for each merge (or refusal).
pub fn consolidate(catalog: &Catalog, design: &Design) -> Result<(Design, Vec<String>), String> {
    if !design.trunks.is_empty() || !design.panels.is_empty() {
        return Err("the design already declares shared trunks or panels".into());
    }
    let before =
        resolve_design(catalog, design).map_err(|e| format!("{}: {}", e.field, e.message))?;
    // Group by everything that must be identical: the trunk cable and the joints.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (n, link) in design.links.iter().enumerate() {
        if let Some((i, key)) = trunk_of(link) {
            let _ = i;
            groups.entry(key).or_default().push(n);
        }
    }
    let mut out = design.clone();
    out.links.clear();
    let mut report = Vec::new();
    let mut merged_links: BTreeMap<usize, Vec<Box<Link>>> = BTreeMap::new();
    for (g, members) in groups.values().enumerate() {
        let g = g + 1;
        let Some((at, _)) = trunk_of(&design.links[members[0]]) else {
            continue;
        };
        let Some((cable, joints)) = parts_at(&design.links[members[0]], at) else {
            continue;
        };
        let instances: Vec<(usize, String)> = members
            .iter()
            .flat_map(|&n| {
                let l = &design.links[n];
                (1..=l.count).map(move |k| {
                    (
                        n,
                        if l.count == 1 {
                            l.id.clone()
                        } else {
                            format!("{}/{k}", l.id)
                        },
                    )
                })
            })
            .collect();
        let per_leg = match &joints {
            Joints::Cassettes(k, _) => catalog
                .find_cassette(&k.kind)
                .map_or(1, |c| catalog.cassette(c).ports.len().max(1)),
            Joints::Adapters(..) => 1,
        };
        let (a, b) = (format!("P{g}-A"), format!("P{g}-B"));
        let mut trunks = Vec::new();
        let mut panel_a = Panel {
            id: a.clone(),
            rack: None,
            ports: None,
            keys: None,
            cassettes: Vec::new(),
        };
        let mut panel_b = Panel {
            id: b.clone(),
            ..panel_a.clone()
        };
        let duplex = matches!(joints, Joints::Cassettes(..));
        // Legs needed: one per parallel link, one per cassette of duplex links.
        let legs_needed = instances.len().div_ceil(per_leg);
        let slots_ok = !duplex || legs_needed <= usize::from(u8::MAX);
        let ports_ok = duplex || instances.len() <= MAX_PANEL_PORTS as usize;
        if !slots_ok || !ports_ok {
            report.push(format!(
                "not merged: {} ({} instances need more than one panel holds)",
                member_names(design, members),
                instances.len()
            ));
            continue;
        }
        for (c, legs) in (0..legs_needed)
            .collect::<Vec<_>>()
            .chunks(MAX_LEGS_PER_TRUNK)
            .enumerate()
        {
            trunks.push(Trunk {
                id: format!("T{g}-{}", c + 1),
                from: a.clone(),
                to: b.clone(),
                length_m: cable.length_m,
                legs: u8::try_from(legs.len()).unwrap_or(u8::MAX),
                fibers: cable.fibers,
                polarity: cable.polarity,
                ends: cable.ends,
                grade: cable.grade.clone(),
                fiber: cable.fiber.clone(),
                polish: cable.polish,
            });
        }
        if let Joints::Cassettes(ka, kb) = &joints {
            // Cassette n (slot n at each end) is fed by the n-th leg overall.
            for slot in 1..=legs_needed {
                let slot = u8::try_from(slot).unwrap_or(u8::MAX);
                for (panel, k) in [(&mut panel_a, ka), (&mut panel_b, kb)] {
                    panel.cassettes.push(PanelCassette {
                        slot,
                        kind: k.kind.clone(),
                        lc_grade: k.lc_grade.clone(),
                        mpo_grade: k.mpo_grade.clone(),
                    });
                }
            }
        }
        let mut links = Vec::new();
        for (j, (n, id)) in instances.iter().enumerate() {
            let overall_leg = j / per_leg;
            let trunk = format!("T{g}-{}", overall_leg / MAX_LEGS_PER_TRUNK + 1);
            let leg = u8::try_from(overall_leg % MAX_LEGS_PER_TRUNK + 1).unwrap_or(u8::MAX);
            let mut l = design.links[*n].clone();
            l.id.clone_from(id);
            l.count = 1;
            l.path[at] = Element::TrunkLeg(TrunkLeg { trunk, leg });
            let (near, far) = if duplex {
                let slot = u8::try_from(overall_leg + 1).unwrap_or(u8::MAX);
                let port = u8::try_from(j % per_leg + 1).unwrap_or(u8::MAX);
                let at_panel = |panel: &String| {
                    Element::CassettePort(CassettePort {
                        panel: panel.clone(),
                        slot,
                        port,
                    })
                };
                (at_panel(&a), at_panel(&b))
            } else {
                let port = u32::try_from(j + 1).unwrap_or(u32::MAX);
                let at_panel = |panel: &String| {
                    Element::PanelPort(PanelPort {
                        panel: panel.clone(),
                        port,
                    })
                };
                (at_panel(&a), at_panel(&b))
            };
            l.path[at - 1] = near;
            l.path[at + 1] = far;
            links.push((*n, l));
        }
        if let Joints::Adapters(ka, kb) = &joints {
            let ports = u32::try_from(links.len()).unwrap_or(u32::MAX);
            panel_a.ports = Some(ports);
            panel_a.keys = Some(*ka);
            panel_b.ports = Some(ports);
            panel_b.keys = Some(*kb);
        }
        // Judge the group on its own: each new link must pass or fail as its
        // original did.
        let trial = Design {
            format: design.format,
            name: design.name.clone(),
            trunks: trunks.clone(),
            panels: vec![panel_a.clone(), panel_b.clone()],
            links: links.iter().map(|(_, l)| l.clone()).collect(),
        };
        let same = resolve_design(catalog, &trial).is_ok_and(|after| {
            links.iter().zip(&after).all(|((n, l), r)| {
                let was = verdict(catalog, &design.links[*n], &before[*n]).pass();
                was == verdict(catalog, l, r).pass()
            })
        });
        let names: Vec<&str> = members
            .iter()
            .map(|&n| design.links[n].id.as_str())
            .collect();
        if !same {
            report.push(format!(
                "not merged: {} (a link would judge differently through shared parts)",
                member_names(design, members)
            ));
            continue;
        }
        report.push(format!(
            "{}: {} link{} ({} instance{}) onto {} trunk{} {} between panels {a} and {b}",
            names.join(", "),
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            instances.len(),
            if instances.len() == 1 { "" } else { "s" },
            trunks.len(),
            if trunks.len() == 1 { "" } else { "s" },
            trunks
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ));
        out.trunks.extend(trunks);
        out.panels.push(panel_a);
        out.panels.push(panel_b);
        for (n, l) in links {
            merged_links.entry(n).or_default().push(l);
        }
    }
    // Links in design order: each original, or its consolidated instances.
    for (n, link) in design.links.iter().enumerate() {
        match merged_links.remove(&n) {
            Some(ls) => out.links.extend(ls),
            None => out.links.push(link.clone()),
        }
    }
    out.format = crate::model::FORMAT_VERSION;
    Ok((out, report))
}

fn member_names(design: &Design, members: &[usize]) -> String {
    members
        .iter()
        .map(|&n| design.links[n].id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first private trunk cable with a joint of the same kind on each side
/// (two adapters, or two cassettes), and the key its group is known by.
fn trunk_of(link: &Link) -> Option<(usize, String)> {
    if !link.legs.is_empty() {
        return None;
    }
    (1..link.path.len().saturating_sub(1)).find_map(|i| {
        let Element::Cable(c) = &link.path[i] else {
            return None;
        };
        if c.role != CableRole::Trunk || c.splices > 0 {
            return None;
        }
        let (cable, joints) = parts_at(link, i)?;
        Some((
            i,
            format!("{cable:?}|{joints:?}|{}|{}", link.transceiver, link.fiber),
        ))
    })
}

/// The trunk cable at `i` and the joints on either side of it: two adapters
/// or two cassettes, else `None`.
fn parts_at(link: &Link, i: usize) -> Option<(Cable, Joints)> {
    let Element::Cable(cable) = link.path.get(i)? else {
        return None;
    };
    let joints = match (link.path.get(i.checked_sub(1)?)?, link.path.get(i + 1)?) {
        (Element::Cassette(a), Element::Cassette(b)) => {
            Joints::Cassettes((**a).clone(), (**b).clone())
        }
        (Element::Adapter(a), Element::Adapter(b)) => Joints::Adapters(a.keys, b.keys),
        _ => return None,
    };
    Some((cable.clone(), joints))
}

//! The utilisation of every shared part the `infra` command prints: fibers
//! lit and legs used of each trunk, ports used of each panel and cassette,
//! and the links on each.

use std::collections::BTreeSet;

use super::{CassetteUse, InfraReport, PanelUse, TrunkUse, Uses};
use crate::catalog::Catalog;
use crate::model::Design;
use crate::model::limits::place;

pub fn utilisation(catalog: &Catalog, design: &Design, uses: &Uses) -> InfraReport {
    let id = |n: u32| design.links[n as usize].id.as_str();
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
            let uses = &uses.legs[range_of(place(k), &|x| uses.legs[x].0, uses.legs.len())];
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
        let k = place(k);
        let ports =
            &uses.panel_ports[range_of(k, &|x| uses.panel_ports[x].0, uses.panel_ports.len())];
        let fronts = &uses.cassette_ports
            [range_of(k, &|x| uses.cassette_ports[x].0, uses.cassette_ports.len())];
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
    InfraReport {
        trunks,
        panels,
        cassettes,
    }
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

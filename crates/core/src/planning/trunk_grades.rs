//! A shared trunk's grade is one decision for every link through it. Links
//! are grouped by the trunks they share; in each group every assignment of
//! grades to its trunks is tried, each link's own cables chosen for it, and
//! the cheapest where every link meets its margin kept. Exact where a group
//! has at most [`MAX_TRUNKS_PER_GROUP`] trunks; larger groups keep their
//! trunks' grades (and say so).

use std::collections::BTreeMap;

use serde::Serialize;

use super::select::{LinkSelection, select_link};
use crate::analysis::resolve::resolve_link_in;
use crate::catalog::prices::Prices;
use crate::catalog::{Catalog, ConnectorFamily};
use crate::model::infra::{Infra, Trunk};
use crate::model::{Design, Element};

/// Trunks in one group past which the grades are not searched (3 grades
/// each: 729 assignments).
pub const MAX_TRUNKS_PER_GROUP: usize = 6;

/// A trunk's chosen grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrunkGrade {
    pub id: String,
    pub grade: String,
    pub was: String,
    /// Whether the group's assignments were all tried.
    pub searched: bool,
}

/// The trunks' grades, each chosen for all the links through it, and the
/// selection of each link through a searched group under those grades (by
/// link index; `None` for the others), so that it is not made twice.
pub fn choose(
    catalog: &Catalog,
    prices: &Prices,
    design: &Design,
    margin_db: f64,
) -> (Vec<TrunkGrade>, Vec<Option<LinkSelection>>) {
    let mut selections: Vec<Option<LinkSelection>> = vec![None; design.links.len()];
    if design.trunks.is_empty() {
        return (Vec::new(), selections);
    }
    let index: BTreeMap<&str, usize> = design
        .trunks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    // Union-find over trunks: a link through two trunks joins them.
    let mut parent: Vec<usize> = (0..design.trunks.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let uses: Vec<Vec<usize>> = design
        .links
        .iter()
        .map(|l| {
            let mut t: Vec<usize> = l
                .path
                .iter()
                .filter_map(|e| match e {
                    Element::TrunkLeg(x) => index.get(x.trunk.as_str()).copied(),
                    _ => None,
                })
                .collect();
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    for t in &uses {
        for w in t.windows(2) {
            let (a, b) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
            parent[a] = b;
        }
    }
    let mut groups: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for i in 0..design.trunks.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().0.push(i);
    }
    for (n, t) in uses.iter().enumerate() {
        if let Some(&first) = t.first() {
            let r = root(&mut parent, first);
            groups.entry(r).or_default().1.push(n);
        }
    }
    let mut chosen: Vec<TrunkGrade> = design
        .trunks
        .iter()
        .map(|t| TrunkGrade {
            id: t.id.clone(),
            grade: t.grade.clone(),
            was: t.grade.clone(),
            searched: false,
        })
        .collect();
    let base = Infra::new(&design.trunks, &design.panels);
    for (trunks, links) in groups.values() {
        if trunks.len() > MAX_TRUNKS_PER_GROUP || links.is_empty() {
            continue;
        }
        let options: Vec<Vec<String>> = trunks
            .iter()
            .map(|&t| grade_options(catalog, prices, &design.trunks[t]))
            .collect();
        let mut best: Option<(bool, f64, Vec<usize>, Vec<LinkSelection>)> = None;
        let mut pick = vec![0usize; trunks.len()];
        loop {
            let mut modified: Vec<Trunk> =
                trunks.iter().map(|&t| design.trunks[t].clone()).collect();
            for ((t, o), p) in modified.iter_mut().zip(&options).zip(&pick) {
                t.grade.clone_from(&o[*p]);
            }
            let (feasible, cost, chosen_links) =
                evaluate(catalog, prices, design, &base, &modified, links, margin_db);
            // Feasible first, then cheaper.
            let better = best.as_ref().is_none_or(|(f, c, _, _)| {
                (feasible && !f) || (feasible == *f && cost < *c - 1e-9)
            });
            if better {
                best = Some((feasible, cost, pick.clone(), chosen_links));
            }
            // Next assignment (odometer).
            let mut k = 0;
            loop {
                if k == pick.len() {
                    break;
                }
                pick[k] += 1;
                if pick[k] < options[k].len() {
                    break;
                }
                pick[k] = 0;
                k += 1;
            }
            if k == pick.len() {
                break;
            }
        }
        if let Some((_, _, p, sels)) = best {
            for ((&t, o), i) in trunks.iter().zip(&options).zip(p) {
                chosen[t].grade.clone_from(&o[i]);
                chosen[t].searched = true;
            }
            for (&n, sel) in links.iter().zip(sels) {
                selections[n] = Some(sel);
            }
        }
    }
    (chosen, selections)
}

/// The MPO grades the trunk can be bought in (its current one where the
/// price list has none).
fn grade_options(catalog: &Catalog, prices: &Prices, t: &Trunk) -> Vec<String> {
    let priced: Vec<String> = catalog
        .grades()
        .iter()
        .filter(|g| g.family == ConnectorFamily::Mpo)
        .filter(|g| {
            let at = Trunk {
                grade: g.id.clone(),
                ..t.clone()
            };
            super::quote::trunk_price(prices, &at).is_some()
        })
        .map(|g| g.id.clone())
        .collect();
    if priced.is_empty() {
        vec![t.grade.clone()]
    } else {
        priced
    }
}

/// Whether every link of the group meets its margin with these trunks, and
/// what the trunks and the links' own parts then cost.
fn evaluate<'a>(
    catalog: &Catalog,
    prices: &Prices,
    design: &Design,
    base: &Infra<'a>,
    trunks: &'a [Trunk],
    links: &[usize],
    margin_db: f64,
) -> (bool, f64, Vec<LinkSelection>) {
    let mut infra = base.clone();
    for t in trunks {
        infra.replace_trunk(t);
    }
    let mut cost: f64 = trunks
        .iter()
        .map(|t| super::quote::trunk_price(prices, t).unwrap_or(0.0))
        .sum();
    let mut feasible = true;
    let mut chosen = Vec::with_capacity(links.len());
    for &n in links {
        let link = &design.links[n];
        let Ok(r) = resolve_link_in(catalog, &infra, link) else {
            return (false, f64::INFINITY, Vec::new());
        };
        let s = select_link(catalog, prices, link, &r, margin_db);
        feasible &= s.feasible;
        cost += s.cost * f64::from(link.count);
        chosen.push(s);
    }
    (feasible, cost, chosen)
}

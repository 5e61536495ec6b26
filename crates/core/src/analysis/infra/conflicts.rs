//! The conflicts among a design's links over its shared parts: two links on
//! one panel port or cassette port, links that meet different trunk legs at
//! one cassette's rear, and links that light the same fibers of a leg.

use crate::hash::Set as HashSet;

use super::{LinkProblems, Uses};
use crate::analysis::budget::{Problem, Severity, code};
use crate::model::Design;

/// Each link's route problems and conflicts, of the links that have some.
/// A link's problems are its routes, then its conflicts over panel ports,
/// cassette ports, cassette rears and trunk legs, each by part.
pub fn link_problems(design: &Design, uses: &Uses) -> LinkProblems {
    let mut found: Vec<(u32, Problem)> = uses.routes.clone();
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
        found.push((
            n,
            Problem {
                code: code::INFRA_CONFLICT,
                element: Some(element as usize),
                message,
                severity: Severity::Error,
            },
        ));
    };
    for run in uses.panel_ports.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
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
    for run in uses
        .cassette_ports
        .chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2))
    {
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
    for run in uses.cassette_legs.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() > 1 {
            let (panel, slot) = (run[0].0, run[0].1);
            let list: Vec<String> = run
                .iter()
                .map(|&(_, _, t, l)| format!("{} leg {l}", trunk_id(t)))
                .collect();
            // Every link through that cassette, once each.
            let start = uses
                .cassette_ports
                .partition_point(|u| (u.0, u.1) < (panel, slot));
            let mut seen = HashSet::default();
            for &(_, _, _, n, i) in uses.cassette_ports[start..]
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
    for run in uses.legs.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
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
    // In link order, each link's in the order found (a stable sort).
    found.sort_by_key(|&(n, _)| n);
    let mut problems: LinkProblems = Vec::new();
    for (n, p) in found {
        let n = n as usize;
        match problems.last_mut() {
            Some((last, list)) if *last == n => list.push(p),
            _ => problems.push((n, vec![p])),
        }
    }
    problems
}

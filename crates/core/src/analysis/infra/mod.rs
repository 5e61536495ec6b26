//! What a design's shared parts carry: which links use each panel port,
//! cassette port and trunk fiber, the conflicts and wrong routes among them
//! (each link's `infra-…` problems), and the utilisation the `infra`
//! command prints.

mod conflicts;
mod report;
mod uses;

use crate::hash::Set as HashSet;

use serde::Serialize;

use crate::analysis::budget::Problem;
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::Catalog;
use crate::model::Design;
use uses::Uses;

/// Each link's problems with the shared parts, in design order, and the
/// utilisation of every part.
/// `resolved` gives each link's resolution (by index), where it has one.
pub fn infra_check<'r>(
    catalog: &Catalog,
    design: &Design,
    resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
) -> InfraCheck {
    let (problems, report) = check(catalog, design, resolved, true);
    InfraCheck {
        problems: dense(design.links.len(), problems),
        report: report.unwrap_or_default(),
    }
}

/// The problems with the shared parts only (what loading needs), of the
/// links that have some: the utilisation, with its lists of link ids, is
/// not built, nor a list for every link.
pub fn infra_problems<'r>(
    catalog: &Catalog,
    design: &Design,
    resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
) -> LinkProblems {
    check(catalog, design, resolved, false).0
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
    let used = PartIds::of(sub_links.iter().map(|l| &**l));
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
    dense(links.len(), check(catalog, &sub, &of, false).0)
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

/// Links' problems with the shared parts: each link that has some, by its
/// place in the design (ascending), with its problems in order.
pub type LinkProblems = Vec<(usize, Vec<Problem>)>;

fn check<'r>(
    catalog: &Catalog,
    design: &Design,
    resolved: &(dyn Fn(usize) -> Option<&'r ResolvedLink> + Sync),
    with_report: bool,
) -> (LinkProblems, Option<InfraReport>) {
    let uses = Uses::gather(catalog, design, resolved);
    let problems = conflicts::link_problems(design, &uses);
    let report = with_report.then(|| report::utilisation(catalog, design, &uses));
    (problems, report)
}

/// Every link's problems, links without any included (empty).
fn dense(links: usize, problems: LinkProblems) -> Vec<Vec<Problem>> {
    let mut all = vec![Vec::new(); links];
    for (n, p) in problems {
        if let Some(slot) = all.get_mut(n) {
            *slot = p;
        }
    }
    all
}

/// The checks' result: per link, per part.
#[derive(Debug, Clone, PartialEq)]
pub struct InfraCheck {
    /// Per link, in design order.
    pub problems: Vec<Vec<Problem>>,
    pub report: InfraReport,
}

/// The `infra` command's report. Field names are a contract.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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

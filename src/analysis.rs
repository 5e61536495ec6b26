//! Everything known about one link: its loss budget and its polarity and mate
//! checks. A link passes only if both do.

use crate::budget::{LinkBudget, Problem, link_budget};
use crate::catalog::Catalog;
use crate::model::Link;
use crate::polarity::{PolarityReport, check_link};
use crate::resolve::ResolvedLink;

#[derive(Debug, Clone, PartialEq)]
pub struct LinkAnalysis {
    pub budget: LinkBudget,
    pub polarity: PolarityReport,
}

impl LinkAnalysis {
    pub fn pass(&self) -> bool {
        self.budget.pass && self.polarity.ok()
    }

    /// Loss problems first, then polarity and mate problems.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.budget.problems.iter().chain(&self.polarity.problems)
    }
}

/// Budget and checks; the polarity fix is not searched (see [`analyze_with_fix`]).
pub fn analyze(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> LinkAnalysis {
    LinkAnalysis {
        budget: link_budget(catalog, link, resolved),
        polarity: check_link(catalog, link, resolved),
    }
}

/// As [`analyze`], with the fix for a link whose polarity or genders are wrong.
pub fn analyze_with_fix(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> LinkAnalysis {
    let mut a = analyze(catalog, link, resolved);
    a.polarity.fix = crate::polarity::fix_for(catalog, link, resolved, &a.polarity);
    a
}

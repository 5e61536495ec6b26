//! Everything known about one link: its loss budget and its polarity and mate
//! checks. A link passes only if both do.

use crate::analysis::budget::{
    BudgetTotals, Findings, LinkBudget, Problem, budget_into, link_budget,
};
use crate::analysis::polarity::{PolarityReport, check_into, check_link};
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::Catalog;
use crate::model::Link;

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
    a.polarity.fix = crate::analysis::polarity::fix_for(catalog, link, resolved, &a.polarity);
    a
}

/// What decides a link, without what explains it: the same checks as
/// [`analyze`], with no sentence written and no breakdown or lane table kept.
/// The whole design's status (links list, summary, optimizer) is judged with it;
/// a link's full [`LinkAnalysis`] is for showing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub budget: BudgetTotals,
    /// Loss, reach and path problems.
    pub budget_errors: u32,
    /// Polarity and mate problems that fail the link.
    pub polarity_errors: u32,
    /// Noted, but the link still passes.
    pub warnings: u32,
}

impl Verdict {
    pub fn pass(&self) -> bool {
        self.budget_errors == 0 && self.polarity_errors == 0
    }

    pub fn errors(&self) -> u32 {
        self.budget_errors + self.polarity_errors
    }
}

pub fn verdict(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> Verdict {
    let mut budget = Findings::counted();
    let totals = budget_into(catalog, link, resolved, &mut budget, None);
    let mut polarity = Findings::counted();
    check_into(catalog, link, resolved, &mut polarity, None);
    Verdict {
        budget: totals,
        budget_errors: budget.errors(),
        polarity_errors: polarity.errors(),
        warnings: budget.warnings() + polarity.warnings(),
    }
}

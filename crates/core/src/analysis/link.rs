//! Everything known about one link: its loss budget and its polarity and mate
//! checks. A link passes only if both do; [`Verdict::pass`] is the one place
//! that says so.

use crate::analysis::budget::{BudgetTotals, Failures, Findings, LinkBudget, Problem, budget_into};
use crate::analysis::polarity::{PolarityReport, check_into};
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::Catalog;
use crate::model::Link;

/// A link's full analysis, for showing: the verdict, the budget with its
/// breakdown, and the polarity report with its lanes.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkAnalysis {
    pub verdict: Verdict,
    pub budget: LinkBudget,
    pub polarity: PolarityReport,
}

impl LinkAnalysis {
    /// Loss, reach, fiber, path, polarity and every mate right.
    pub fn pass(&self) -> bool {
        self.verdict.pass()
    }

    /// Loss problems first, then polarity and mate problems.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.budget.problems.iter().chain(&self.polarity.problems)
    }
}

/// Budget and checks; the polarity fix is not searched (see [`analyze_with_fix`]).
pub fn analyze(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> LinkAnalysis {
    let mut budget_findings = Findings::kept();
    let mut breakdown = Vec::with_capacity(link.path.len() + 2);
    let totals = budget_into(
        catalog,
        link,
        resolved,
        &mut budget_findings,
        Some(&mut breakdown),
    );
    let mut polarity_findings = Findings::kept();
    let mut lanes = Vec::new();
    check_into(
        catalog,
        link,
        resolved,
        &mut polarity_findings,
        Some(&mut lanes),
    );
    LinkAnalysis {
        verdict: Verdict::of(totals, &budget_findings, &polarity_findings),
        budget: LinkBudget {
            totals,
            problems: budget_findings.into_problems(),
            breakdown,
        },
        polarity: PolarityReport {
            lanes,
            problems: polarity_findings.into_problems(),
            fix: None,
        },
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
    /// Loss, reach, fiber and path problems.
    pub budget_errors: u32,
    /// Polarity and mate problems that fail the link.
    pub polarity_errors: u32,
    /// Noted, but the link still passes.
    pub warnings: u32,
    /// What the errors are about: loss, reach, fiber, path, polarity, mates.
    pub failed: Failures,
}

impl Verdict {
    fn of(budget: BudgetTotals, budget_findings: &Findings, polarity_findings: &Findings) -> Self {
        Verdict {
            budget,
            budget_errors: budget_findings.errors(),
            polarity_errors: polarity_findings.errors(),
            warnings: budget_findings.warnings() + polarity_findings.warnings(),
            failed: budget_findings.failed().union(polarity_findings.failed()),
        }
    }

    /// The link's one pass: no error of any check.
    pub fn pass(&self) -> bool {
        self.errors() == 0
    }

    pub fn errors(&self) -> u32 {
        self.budget_errors + self.polarity_errors
    }

    /// Polarity and every mate right (the `polarity` command's `ok`).
    pub fn polarity_ok(&self) -> bool {
        self.polarity_errors == 0
    }
}

pub fn verdict(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> Verdict {
    let mut budget = Findings::counted();
    let totals = budget_into(catalog, link, resolved, &mut budget, None);
    let mut polarity = Findings::counted();
    check_into(catalog, link, resolved, &mut polarity, None);
    Verdict::of(totals, &budget, &polarity)
}

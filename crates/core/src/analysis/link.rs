//! Everything known about one link: its loss budget and its polarity and mate
//! checks. A link passes only if both do; [`Verdict::pass`] is the one place
//! that says so.

use crate::analysis::budget::{
    BudgetDetail, BudgetTotals, Failures, Findings, LinkBudget, Problem, budget_into,
};
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
    /// A link with legs: each leg's channel analysed on its own. The link's
    /// own figures are then its governing leg's (the smallest margin), its
    /// problems every leg's (each message naming its leg), and it passes
    /// only if every leg does.
    pub legs: Vec<LegAnalysis>,
    /// Which of `legs` gives the link's budget (the smallest margin).
    pub governing_leg: Option<usize>,
}

impl LinkAnalysis {
    /// The channel whose elements the budget's breakdown numbers: the link
    /// itself, or its governing leg's channel.
    pub fn budget_channel(&self, link: &Link) -> Option<Link> {
        match self.governing_leg {
            Some(k) => link.leg_channel(k),
            None => Some(link.clone()),
        }
    }

    /// The resolved ids of [`Self::budget_channel`].
    pub fn budget_resolved<'a>(&self, resolved: &'a ResolvedLink) -> &'a ResolvedLink {
        self.governing_leg
            .and_then(|k| resolved.legs.get(k))
            .unwrap_or(resolved)
    }
}

/// One leg of a link: its own channel from the near port to its module.
#[derive(Debug, Clone, PartialEq)]
pub struct LegAnalysis {
    pub id: String,
    /// The harness leg (1-based).
    pub leg: u8,
    pub transceiver: String,
    pub analysis: LinkAnalysis,
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
    let link = resolved.channel(link);
    let mut a = if link.legs.is_empty() {
        analyze_channel(catalog, link, resolved)
    } else {
        analyze_legs(catalog, link, resolved)
    };
    // Conflicts and routes over the design's shared parts.
    a.budget
        .problems
        .extend(resolved.infra_problems.iter().cloned());
    a.verdict = a.verdict.with_infra(resolved);
    a
}

fn analyze_legs(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> LinkAnalysis {
    let legs: Vec<LegAnalysis> = resolved
        .legs
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            let channel = link.leg_channel(k)?;
            Some(LegAnalysis {
                id: channel.id.clone(),
                leg: link.leg_number(k),
                transceiver: link.legs[k].transceiver.clone(),
                analysis: analyze_channel(catalog, &channel, r),
            })
        })
        .collect();
    let governing = governing_leg(legs.iter().map(|l| &l.analysis.verdict));
    let named = |leg: &LegAnalysis, problems: &[Problem]| -> Vec<Problem> {
        problems
            .iter()
            .map(|p| Problem {
                message: format!("leg {}: {}", leg.id, p.message),
                ..p.clone()
            })
            .collect()
    };
    let mut budget = governing
        .map(|g| legs[g].analysis.budget.clone())
        .unwrap_or_else(|| LinkBudget {
            totals: BudgetTotals::default(),
            problems: Vec::new(),
            breakdown: Vec::new(),
            reflectance: None,
        });
    budget.problems = legs
        .iter()
        .flat_map(|l| named(l, &l.analysis.budget.problems))
        .collect();
    let polarity = PolarityReport {
        lanes: legs
            .iter()
            .flat_map(|l| l.analysis.polarity.lanes.iter().copied())
            .collect(),
        problems: legs
            .iter()
            .flat_map(|l| named(l, &l.analysis.polarity.problems))
            .collect(),
        fix: None,
    };
    LinkAnalysis {
        verdict: Verdict::of_legs(
            &legs.iter().map(|l| l.analysis.verdict).collect::<Vec<_>>(),
            governing,
        ),
        budget,
        polarity,
        legs,
        governing_leg: governing,
    }
}

/// The leg that decides a link's figures: the smallest margin (a leg with
/// no limits on its fiber first), then the largest loss.
fn governing_leg<'a>(verdicts: impl Iterator<Item = &'a Verdict>) -> Option<usize> {
    verdicts
        .enumerate()
        .min_by(|(_, a), (_, b)| {
            let key = |v: &Verdict| v.budget.margin_db().unwrap_or(f64::NEG_INFINITY);
            key(a).total_cmp(&key(b)).then(
                b.budget
                    .worst_case_loss_db
                    .total_cmp(&a.budget.worst_case_loss_db),
            )
        })
        .map(|(i, _)| i)
}

fn analyze_channel(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> LinkAnalysis {
    let mut budget_findings = Findings::kept();
    let mut detail = BudgetDetail {
        breakdown: Vec::with_capacity(link.path.len() + 2),
        reflectance: None,
    };
    let totals = budget_into(
        catalog,
        link,
        resolved,
        &mut budget_findings,
        Some(&mut detail),
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
            breakdown: detail.breakdown,
            reflectance: detail.reflectance,
        },
        polarity: PolarityReport {
            lanes,
            problems: polarity_findings.into_problems(),
            fix: None,
        },
        legs: Vec::new(),
        governing_leg: None,
    }
}

/// As [`analyze`], with the fix for a link whose polarity or genders are wrong.
pub fn analyze_with_fix(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> LinkAnalysis {
    let mut a = analyze(catalog, link, resolved);
    // A leg's fix would name elements of its channel, not of the link, and a
    // shared part is changed where it is declared: the search runs on plain
    // links of private parts only.
    if link.legs.is_empty() && resolved.expanded.is_none() {
        a.polarity.fix = crate::analysis::polarity::fix_for(catalog, link, resolved, &a.polarity);
    }
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
    pub(crate) fn of(
        budget: BudgetTotals,
        budget_findings: &Findings,
        polarity_findings: &Findings,
    ) -> Self {
        Verdict {
            budget,
            budget_errors: budget_findings.errors(),
            polarity_errors: polarity_findings.errors(),
            warnings: budget_findings.warnings() + polarity_findings.warnings(),
            failed: budget_findings.failed().union(polarity_findings.failed()),
        }
    }

    fn of_legs(legs: &[Verdict], governing: Option<usize>) -> Self {
        let figures = governing
            .and_then(|g| legs.get(g))
            .map(|v| v.budget)
            .unwrap_or_default();
        legs.iter().fold(
            Verdict {
                budget: figures,
                budget_errors: 0,
                polarity_errors: 0,
                warnings: 0,
                failed: Failures::default(),
            },
            |mut all, v| {
                all.budget_errors += v.budget_errors;
                all.polarity_errors += v.polarity_errors;
                all.warnings += v.warnings;
                all.failed = all.failed.union(v.failed);
                all
            },
        )
    }

    /// With the link's problems over the design's shared parts.
    pub(crate) fn with_infra(mut self, resolved: &ResolvedLink) -> Self {
        for p in &resolved.infra_problems {
            if p.is_error() {
                self.budget_errors += 1;
                self.failed.insert(p.check());
            } else {
                self.warnings += 1;
            }
        }
        self
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

/// Each link's verdict, in order, the links shared over every core (a
/// design's status, the app's list, streamed output's totals); `resolved`
/// holds one resolution per link, as a loaded design does.
pub fn verdicts(catalog: &Catalog, links: &[Box<Link>], resolved: &[ResolvedLink]) -> Vec<Verdict> {
    // Each share's links judged by its own judge, a shape's checks made once.
    crate::parallel::map_with(
        resolved,
        || crate::analysis::shape::Judge::new(catalog),
        |judge, n, r| judge.verdict(&links[n], r),
    )
}

pub fn verdict(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> Verdict {
    let link = resolved.channel(link);
    let v = if link.legs.is_empty() {
        channel_verdict(catalog, link, resolved)
    } else {
        let legs: Vec<Verdict> = resolved
            .legs
            .iter()
            .enumerate()
            .filter_map(|(k, r)| Some(channel_verdict(catalog, &link.leg_channel(k)?, r)))
            .collect();
        Verdict::of_legs(&legs, governing_leg(legs.iter()))
    };
    v.with_infra(resolved)
}

/// A link's verdict with the codes of its problems, in the order its full
/// analysis lists them ([`LinkAnalysis::problems`]), no sentence written:
/// what a table of codes (calc's CSV) needs. `None` for a link with legs,
/// whose rows are its legs' (see [`analyze`]).
pub fn coded_verdict(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
) -> Option<(Verdict, Vec<&'static str>)> {
    let link = resolved.channel(link);
    if !link.legs.is_empty() {
        return None;
    }
    let mut budget = Findings::coded();
    let totals = budget_into(catalog, link, resolved, &mut budget, None);
    let mut polarity = Findings::coded();
    check_into(catalog, link, resolved, &mut polarity, None);
    let verdict = Verdict::of(totals, &budget, &polarity).with_infra(resolved);
    let codes = (budget.into_problems().iter())
        .chain(&resolved.infra_problems)
        .chain(&polarity.into_problems())
        .map(|p| p.code)
        .collect();
    Some((verdict, codes))
}

fn channel_verdict(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> Verdict {
    let mut budget = Findings::counted();
    let totals = budget_into(catalog, link, resolved, &mut budget, None);
    let mut polarity = Findings::counted();
    check_into(catalog, link, resolved, &mut polarity, None);
    Verdict::of(totals, &budget, &polarity)
}

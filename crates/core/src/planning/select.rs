//! Connector selection: per link, the cheapest grade for every MPO cable (and
//! so for every mated pair) that passes with a margin, and which pair to
//! upgrade first; design-wide, all-standard against all-premium against optimized.
//!
//! A mated pair is rated at the worse of the two cable ends it joins, so the
//! cables' grades are the decision. The optimizer walks the cables in path
//! order keeping, for each grade of the current cable, only the Pareto-best
//! (loss, cost) partial choices: exact, and small however long the path.

use serde::Serialize;

use crate::analysis::budget::{Check, Failures, joint_mode, link_budget, mated_pair};
use crate::analysis::resolve::{ResolvedElement, ResolvedLink, resolve_link};
use crate::analysis::verdict;
use crate::catalog::prices::Prices;
use crate::catalog::{Catalog, ConnectorFamily, FiberMode, GradeId};
use crate::model::{Element, Link};
use crate::planning::quote::link_cost;

const TOLERANCE: f64 = 1e-9;

/// One MPO cable and the grades it may take, with their prices.
#[derive(Debug, Clone)]
pub struct CableOptions {
    pub element: usize,
    pub current: GradeId,
    pub options: Vec<(GradeId, f64)>,
}

/// What the grades change in a link: for each cable, a loss of its own
/// (cassette rear pairs) and, with the next cable, a shared mated pair.
#[derive(Debug, Clone)]
pub struct GradeProblem {
    pub cables: Vec<CableOptions>,
    /// Mode of the pair between cable k and k + 1, if they meet in an adapter.
    pub pair_to_next: Vec<Option<FiberMode>>,
    /// Cassette MPO pairs at each cable: (the cassette's grade, mode).
    pub unary: Vec<Vec<(GradeId, FiberMode)>>,
    /// Loss that no grade changes: fiber, splices, LC pairs.
    pub fixed_db: f64,
}

impl GradeProblem {
    pub fn build(catalog: &Catalog, prices: &Prices, link: &Link, resolved: &ResolvedLink) -> Self {
        // A link through shared parts is judged on its channel, where each
        // shared trunk leg is a cable whose grade is the trunk's: fixed here
        // (one decision for every link through it), and bought once.
        let shared: Vec<bool> = link.path.iter().map(Element::is_shared).collect();
        Self::build_on(catalog, prices, resolved.channel(link), resolved, &shared)
    }

    fn build_on(
        catalog: &Catalog,
        prices: &Prices,
        link: &Link,
        resolved: &ResolvedLink,
        fixed: &[bool],
    ) -> Self {
        let mut cables = Vec::new();
        let mut pair_to_next = Vec::new();
        let mut unary = Vec::new();
        let mode_at = |i: usize| joint_mode(catalog, resolved, i);
        for (i, (e, r)) in link.path.iter().zip(&resolved.elements).enumerate() {
            let (Element::Cable(c), ResolvedElement::Cable(rc)) = (e, r) else {
                continue;
            };
            let mut options: Vec<(GradeId, f64)> = catalog
                .grades()
                .iter()
                .filter(|g| g.family == ConnectorFamily::Mpo)
                .filter_map(|g| {
                    let id = catalog.find_grade(&g.id)?;
                    Some((id, prices.cable(c.role, &g.id, c.fibers, c.length_m.get())?))
                })
                .collect();
            if options.is_empty() || fixed.get(i).copied().unwrap_or(false) {
                // Unpriced, or shared: it keeps its grade and costs nothing here.
                options = vec![(rc.grade, 0.0)];
            }
            let mut own = Vec::new();
            for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                if let Some(ResolvedElement::Cassette(k)) = resolved.elements.get(j) {
                    own.push((k.mpo_grade, mode_at(j)));
                }
            }
            // The pair into a harness's MPO end, whose grade is the harness's.
            if let (Some(Element::Adapter(_)), Some(ResolvedElement::Harness(h))) =
                (link.path.get(i + 1), resolved.elements.get(i + 2))
            {
                own.push((h.cable.grade, mode_at(i + 1)));
            }
            // Joined to the previous cable by an adapter?
            if !cables.is_empty() {
                let joined = i >= 2
                    && matches!(link.path.get(i - 1), Some(Element::Adapter(_)))
                    && matches!(link.path.get(i - 2), Some(Element::Cable(_)));
                pair_to_next.push(joined.then(|| mode_at(i - 1)));
            }
            cables.push(CableOptions {
                element: i,
                current: rc.grade,
                options,
            });
            unary.push(own);
        }
        let mut problem = GradeProblem {
            cables,
            pair_to_next,
            unary,
            fixed_db: 0.0,
        };
        let current: Vec<GradeId> = problem.cables.iter().map(|c| c.current).collect();
        // What the grades do not decide: the budget's total less what they do.
        problem.fixed_db = link_budget(catalog, link, resolved)
            .totals
            .worst_case_loss_db
            - problem.dependent_db(catalog, &current);
        problem
    }

    /// The loss the grades decide, for one grade per cable.
    pub fn dependent_db(&self, catalog: &Catalog, grades: &[GradeId]) -> f64 {
        let mut db = 0.0;
        for (k, g) in grades.iter().enumerate() {
            db += self.unary_db(catalog, k, *g);
            if let (Some(Some(mode)), Some(next)) = (self.pair_to_next.get(k), grades.get(k + 1)) {
                db += pair_db(catalog, *g, *next, *mode);
            }
        }
        db
    }

    fn unary_db(&self, catalog: &Catalog, k: usize, g: GradeId) -> f64 {
        self.unary[k]
            .iter()
            .map(|(other, mode)| pair_db(catalog, g, *other, *mode))
            .sum()
    }
}

fn pair_db(catalog: &Catalog, a: GradeId, b: GradeId, mode: FiberMode) -> f64 {
    mated_pair(catalog, a, b, mode).loss.max_db
}

/// The cheapest choice within `allowance_db` of dependent loss, or (if none
/// fits) the lowest-loss one, flagged infeasible.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub grades: Vec<GradeId>,
    pub cost: f64,
    pub dependent_db: f64,
    pub feasible: bool,
}

/// A partial choice: its loss and cost so far, and where its picks are kept.
#[derive(Clone, Copy)]
struct Partial {
    loss: f64,
    cost: f64,
    /// Its last pick in the arena of picks.
    pick: usize,
}

/// One pick: an option for one cable, and the pick for the cable before it.
/// Partial choices share their common beginnings here, so memory grows with
/// the partials kept, not with partials × path length.
#[derive(Clone, Copy)]
struct Pick {
    option: usize,
    before: Option<usize>,
}

pub fn optimize(catalog: &Catalog, p: &GradeProblem, allowance_db: f64) -> Choice {
    if p.cables.is_empty() {
        return Choice {
            grades: Vec::new(),
            cost: 0.0,
            dependent_db: 0.0,
            feasible: allowance_db >= -TOLERANCE,
        };
    }
    let mut picks: Vec<Pick> = Vec::new();
    let mut pick = |option: usize, before: Option<usize>| {
        picks.push(Pick { option, before });
        picks.len() - 1
    };
    // frontier[o]: the Pareto-best partial choices whose last cable took option o.
    let mut frontier: Vec<Vec<Partial>> = p.cables[0]
        .options
        .iter()
        .enumerate()
        .map(|(o, (g, price))| {
            vec![Partial {
                loss: p.unary_db(catalog, 0, *g),
                cost: *price,
                pick: pick(o, None),
            }]
        })
        .collect();
    for k in 1..p.cables.len() {
        let prev = &p.cables[k - 1];
        let mut next = Vec::with_capacity(p.cables[k].options.len());
        for (o, (g, price)) in p.cables[k].options.iter().enumerate() {
            let own = p.unary_db(catalog, k, *g);
            let mut candidates: Vec<(Partial, usize)> = Vec::new();
            for (po, partials) in frontier.iter().enumerate() {
                let shared = match p.pair_to_next[k - 1] {
                    Some(mode) => pair_db(catalog, prev.options[po].0, *g, mode),
                    None => 0.0,
                };
                for q in partials {
                    candidates.push((
                        Partial {
                            loss: q.loss + shared + own,
                            cost: q.cost + price,
                            pick: 0,
                        },
                        q.pick,
                    ));
                }
            }
            let kept = pareto(candidates, allowance_db)
                .into_iter()
                .map(|(q, before)| Partial {
                    pick: pick(o, Some(before)),
                    ..q
                })
                .collect();
            next.push(kept);
        }
        frontier = next;
    }
    let all: Vec<&Partial> = frontier.iter().flatten().collect();
    let fits = all
        .iter()
        .filter(|q| q.loss <= allowance_db + TOLERANCE)
        .min_by(|a, b| a.cost.total_cmp(&b.cost).then(a.loss.total_cmp(&b.loss)));
    let (best, feasible) = match fits {
        Some(q) => (*q, true),
        None => match all
            .iter()
            .min_by(|a, b| a.loss.total_cmp(&b.loss).then(a.cost.total_cmp(&b.cost)))
        {
            Some(q) => (*q, false),
            None => {
                return Choice {
                    grades: Vec::new(),
                    cost: 0.0,
                    dependent_db: 0.0,
                    feasible: false,
                };
            }
        },
    };
    // Walk the picks back from the last cable to the first.
    let mut options = Vec::with_capacity(p.cables.len());
    let mut at = Some(best.pick);
    while let Some(i) = at {
        options.push(picks[i].option);
        at = picks[i].before;
    }
    options.reverse();
    Choice {
        grades: options
            .iter()
            .enumerate()
            .map(|(k, o)| p.cables[k].options[*o].0)
            .collect(),
        cost: best.cost,
        dependent_db: best.loss,
        feasible,
    }
}

/// Keeps the choices no other beats on both loss and cost, and of those over
/// the allowance only the lowest-loss one (the answer when nothing fits; the
/// others can only get worse as cables are added). Items carry what they came
/// from.
fn pareto<T>(mut items: Vec<(Partial, T)>, allowance_db: f64) -> Vec<(Partial, T)> {
    items.sort_by(|(a, _), (b, _)| a.loss.total_cmp(&b.loss).then(a.cost.total_cmp(&b.cost)));
    let mut kept: Vec<(Partial, T)> = Vec::new();
    let mut cheapest = f64::INFINITY;
    for it in items {
        let over = it.0.loss > allowance_db + TOLERANCE;
        if over && !kept.is_empty() {
            break; // sorted by loss: the rest are over too
        }
        if it.0.cost < cheapest - TOLERANCE {
            cheapest = it.0.cost;
            kept.push(it);
        }
    }
    thin(kept)
}

/// The most partial choices kept per option of a cable. Real links keep a
/// handful (a 20-cable link a few dozen); only a path of hundreds of cables
/// with a loss allowance of many dB comes near it, and there the frontier is
/// thinned to points spread evenly from lowest loss to lowest cost (both ends
/// kept), so time and memory stay bounded: the answer is then a good choice,
/// no longer provably the cheapest.
const FRONTIER_CAP: usize = 512;

fn thin<T>(kept: Vec<(Partial, T)>) -> Vec<(Partial, T)> {
    let n = kept.len();
    if n <= FRONTIER_CAP {
        return kept;
    }
    kept.into_iter()
        .enumerate()
        .filter(|(i, _)| {
            // Index i is kept where it starts a new one of CAP − 1 equal steps.
            let step = |i: usize| i * (FRONTIER_CAP - 1) / (n - 1);
            *i == 0 || *i == n - 1 || step(*i) != step(*i - 1)
        })
        .map(|(_, it)| it)
        .collect()
}

/// A mated pair worth upgrading: the cables it joins made premium grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upgrade {
    /// The adapter or cassette of the pair.
    pub element: usize,
    pub pair: String,
    pub to_grade: String,
    pub gain_db: f64,
    pub cost_delta: f64,
    /// dB gained per unit of currency; `None` where the upgrade costs nothing.
    pub db_per_cost: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CableGrade {
    pub element: usize,
    pub grade: String,
    pub was: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkSelection {
    pub id: String,
    pub count: u32,
    /// The cheapest choice's loss passes with the margin.
    pub feasible: bool,
    /// The link with the chosen grades passes every check (loss with the
    /// margin, reach, fiber, path, polarity, mates): grades mend only loss.
    pub pass: bool,
    /// What the link with the chosen grades still fails (`loss`, `reach`,
    /// `fiber`, `path`, `polarity`, `mates`), as `calc` names it.
    pub failed: Vec<&'static str>,
    pub grades: Vec<CableGrade>,
    /// One instance of the link with the chosen grades, every part priced.
    pub cost: f64,
    pub worst_case_loss_db: f64,
    pub margin_db: Option<f64>,
    /// Pairs ranked by dB gained per unit of cost, best first.
    pub upgrades: Vec<Upgrade>,
}

pub fn select_link(
    catalog: &Catalog,
    prices: &Prices,
    link: &Link,
    resolved: &ResolvedLink,
    margin_db: f64,
) -> LinkSelection {
    let p = GradeProblem::build(catalog, prices, link, resolved);
    // Each channel's limit and the loss the grades do not decide: the link's
    // own, or each leg's (the shared grades decide the same loss in every
    // leg, so one allowance, the smallest, holds for all).
    let channels: Vec<(Option<f64>, f64)> = if link.legs.is_empty() {
        vec![(
            verdict(catalog, link, resolved)
                .budget
                .max_channel_loss_db(),
            p.fixed_db,
        )]
    } else {
        let current: Vec<GradeId> = p.cables.iter().map(|c| c.current).collect();
        let dependent = p.dependent_db(catalog, &current);
        // Each leg's channel from the link as it runs: through shared parts,
        // their expansion (a trunk leg's reference carries no length).
        let link = resolved.channel(link);
        resolved
            .legs
            .iter()
            .enumerate()
            .filter_map(|(k, r)| {
                let t = verdict(catalog, &link.leg_channel(k)?, r).budget;
                Some((t.max_channel_loss_db(), t.worst_case_loss_db - dependent))
            })
            .collect()
    };
    let limits_known = !channels.is_empty() && channels.iter().all(|(l, _)| l.is_some());
    let allowance = channels
        .iter()
        .map(|(l, fixed)| l.map_or(f64::NEG_INFINITY, |l| l - margin_db - fixed))
        .fold(f64::INFINITY, f64::min);
    let choice = optimize(catalog, &p, allowance);
    let chosen = with_grades(catalog, link, &p, &choice.grades);
    let worst = channels
        .iter()
        .map(|(_, fixed)| fixed + choice.dependent_db)
        .fold(f64::NEG_INFINITY, f64::max);
    let margin = channels
        .iter()
        .map(|(l, fixed)| l.map(|l| l - fixed - choice.dependent_db))
        .try_fold(f64::INFINITY, |m, x| x.map(|x| m.min(x)));
    let feasible = choice.feasible && limits_known;
    // The chosen grades change the ids in the link, never their resolution;
    // judged on the link's channel (its shared parts expanded), where the
    // private cables keep their places.
    let chosen_channel = with_grades(catalog, resolved.channel(link), &p, &choice.grades);
    let mut failed = match resolve_link(catalog, &chosen_channel) {
        Ok(r) => verdict(catalog, &chosen_channel, &r).failed,
        Err(_) => {
            let mut f = Failures::default();
            f.insert(Check::Path);
            f
        }
    };
    if !feasible {
        failed.insert(Check::Loss);
    }
    LinkSelection {
        id: link.id.clone(),
        count: link.count,
        feasible,
        pass: failed.is_empty(),
        failed: failed.iter().map(Check::label).collect(),
        // A shared trunk's grade is the trunk's, not this link's to choose.
        grades: p
            .cables
            .iter()
            .zip(&choice.grades)
            .filter(|(c, _)| !link.path.get(c.element).is_some_and(Element::is_shared))
            .map(|(c, g)| CableGrade {
                element: c.element,
                grade: catalog.grade(*g).id.clone(),
                was: catalog.grade(c.current).id.clone(),
            })
            .collect(),
        cost: crate::model::units::round(link_cost(catalog, prices, &chosen).0),
        worst_case_loss_db: crate::model::units::round(worst),
        margin_db: margin
            .filter(|_| limits_known)
            .map(crate::model::units::round),
        upgrades: upgrades(catalog, prices, link, &p),
    }
}

/// The link with these grades on its MPO cables (in the problem's cable order).
pub fn with_grades(catalog: &Catalog, link: &Link, p: &GradeProblem, grades: &[GradeId]) -> Link {
    let mut out = link.clone();
    for (c, g) in p.cables.iter().zip(grades) {
        if let Some(Element::Cable(cable)) = out.path.get_mut(c.element) {
            cable.grade.clone_from(&catalog.grade(*g).id);
        }
    }
    out
}

fn upgrades(catalog: &Catalog, prices: &Prices, link: &Link, p: &GradeProblem) -> Vec<Upgrade> {
    let Some(premium) = catalog.find_grade(&prices.premium_grade) else {
        return Vec::new();
    };
    let current: Vec<GradeId> = p.cables.iter().map(|c| c.current).collect();
    let base_db = p.dependent_db(catalog, &current);
    let price = |k: usize, g: GradeId| {
        p.cables[k]
            .options
            .iter()
            .find(|(o, _)| *o == g)
            .map(|(_, pr)| *pr)
    };
    let mut out = Vec::new();
    // Each pair: the cables on its two sides (adapters) or its one MPO side (cassettes).
    let mut pairs: Vec<(usize, Vec<usize>)> = Vec::new();
    for k in 0..p.cables.len() {
        if p.pair_to_next.get(k).copied().flatten().is_some() {
            pairs.push((p.cables[k].element + 1, vec![k, k + 1]));
        }
        for j in [
            p.cables[k].element.checked_sub(1),
            Some(p.cables[k].element + 1),
        ]
        .into_iter()
        .flatten()
        {
            if matches!(link.path.get(j), Some(Element::Cassette(_))) {
                pairs.push((j, vec![k]));
            }
        }
    }
    for (element, ks) in pairs {
        if ks.iter().all(|k| current[*k] == premium) {
            continue;
        }
        let mut grades = current.clone();
        let mut delta = 0.0;
        let mut priced = true;
        for k in &ks {
            match (price(*k, premium), price(*k, current[*k])) {
                (Some(new), Some(old)) => delta += new - old,
                _ => priced = false,
            }
            grades[*k] = premium;
        }
        if !priced {
            continue;
        }
        let gain = base_db - p.dependent_db(catalog, &grades);
        if gain <= TOLERANCE {
            continue;
        }
        out.push(Upgrade {
            element,
            pair: crate::analysis::budget::describe(link, element),
            to_grade: prices.premium_grade.clone(),
            gain_db: crate::model::units::round(gain),
            cost_delta: crate::model::units::round(delta),
            db_per_cost: (delta > TOLERANCE).then(|| gain / delta),
        });
    }
    // Free gains first, then the most dB per unit of cost.
    out.sort_by(|a, b| match (a.db_per_cost, b.db_per_cost) {
        (None, None) => b.gain_db.total_cmp(&a.gain_db),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => y.total_cmp(&x),
    });
    out
}

/// Totals of one way of choosing grades across the design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    pub name: String,
    /// The scenario in a sales engineer's words: "all MTP (standard)", "all
    /// MTP Elite (premium)", "cheapest mix that keeps 0.5 dB", "the design
    /// as it is".
    pub label: String,
    pub cost: f64,
    /// Links (entries) that pass, and channels (× count) that pass.
    pub links_passing: usize,
    pub channels_passing: u64,
    /// Links and channels that pass and keep the margin asked for.
    pub links_meeting_margin: usize,
    pub channels_meeting_margin: u64,
    /// Every channel of the design (each link × its count).
    pub channels: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignSelection {
    pub design: String,
    pub price_list: String,
    pub currency: String,
    pub margin_db: f64,
    /// Each shared trunk's grade, one decision for every link through it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trunks: Vec<super::trunk_grades::TrunkGrade>,
    pub links: Vec<LinkSelection>,
    /// All standard grade, all premium grade, optimized.
    pub totals: Vec<Scenario>,
    /// The design with the grades it has now, priced and judged the same way.
    pub current: Scenario,
    #[serde(skip)]
    pub optimized: crate::model::Design,
}

pub fn select_design(
    catalog: &Catalog,
    prices: &Prices,
    design: &crate::model::Design,
    resolved: &[ResolvedLink],
    margin_db: f64,
) -> DesignSelection {
    // Shared trunks first: one grade for all the links through each.
    let (trunks, mut made) = super::trunk_grades::choose(catalog, prices, design, margin_db);
    // The design as it is, priced and judged before any grade is chosen.
    let as_it_is = design;
    let mut design = std::borrow::Cow::Borrowed(design);
    if trunks.iter().any(|t| t.grade != t.was) {
        for (t, g) in design.to_mut().trunks.iter_mut().zip(&trunks) {
            t.grade.clone_from(&g.grade);
        }
    }
    // Links through a searched group were selected under its chosen grades;
    // the others (no shared trunk, or a group too large to search) keep
    // their trunks' grades, so their resolution is the one given.
    let links: Vec<LinkSelection> = design
        .links
        .iter()
        .zip(resolved)
        .enumerate()
        .map(|(n, (l, r))| match made.get_mut(n).and_then(Option::take) {
            Some(s) => s,
            None => select_link(catalog, prices, l, r, margin_db),
        })
        .collect();
    let mut optimized = design.clone().into_owned();
    for (link, sel) in optimized.links.iter_mut().zip(&links) {
        for g in &sel.grades {
            if let Some(Element::Cable(c)) = link.path.get_mut(g.element) {
                c.grade.clone_from(&g.grade);
            }
        }
    }
    let everywhere = |grade: &str| {
        let mut d: crate::model::Design = (*design).clone();
        // A shared trunk's grade changes for all its legs at once.
        for t in &mut d.trunks {
            t.grade = grade.to_owned();
        }
        for l in &mut d.links {
            for e in &mut l.path {
                if let Element::Cable(c) = e {
                    c.grade = grade.to_owned();
                }
            }
        }
        d
    };
    let grade_name = |id: &str| catalog.grade_short_name(id);
    let totals = [
        (
            format!("all {}", prices.standard_grade),
            format!("all {} (standard)", grade_name(&prices.standard_grade)),
            everywhere(&prices.standard_grade),
        ),
        (
            format!("all {}", prices.premium_grade),
            format!("all {} (premium)", grade_name(&prices.premium_grade)),
            everywhere(&prices.premium_grade),
        ),
        (
            "optimized".to_owned(),
            format!(
                "cheapest mix that keeps {} dB",
                crate::model::units::fmt_db(margin_db)
            ),
            optimized.clone(),
        ),
    ]
    .into_iter()
    .map(|(name, label, d)| scenario(catalog, prices, (name, label), &d, margin_db, None))
    .collect();
    let current = scenario(
        catalog,
        prices,
        ("current".to_owned(), "the design as it is".to_owned()),
        as_it_is,
        margin_db,
        Some(resolved),
    );
    DesignSelection {
        design: design.name.clone(),
        price_list: prices.label.clone(),
        currency: prices.currency.clone(),
        margin_db,
        trunks,
        links,
        totals,
        current,
        optimized,
    }
}

impl DesignSelection {
    /// Links that cannot keep the margin with any grade (the lowest-loss
    /// grades are shown for them).
    pub fn cannot_meet_margin(&self) -> impl Iterator<Item = &LinkSelection> {
        self.links.iter().filter(|l| !l.feasible)
    }

    /// Every pair upgrade of every link, the most dB per unit of money first
    /// (free ones first of all).
    pub fn upgrade_ranking(&self) -> Vec<(&LinkSelection, &Upgrade)> {
        let mut all: Vec<(&LinkSelection, &Upgrade)> = self
            .links
            .iter()
            .flat_map(|l| l.upgrades.iter().map(move |u| (l, u)))
            .collect();
        let rank = |u: &Upgrade| u.db_per_cost.unwrap_or(f64::INFINITY);
        all.sort_by(|a, b| rank(b.1).total_cmp(&rank(a.1)));
        all
    }
}

fn scenario(
    catalog: &Catalog,
    prices: &Prices,
    (name, label): (String, String),
    d: &crate::model::Design,
    margin_db: f64,
    given: Option<&[ResolvedLink]>,
) -> Scenario {
    // Shared parts are bought once, whatever runs through them.
    let mut cost: f64 = crate::planning::quote::shared_parts(catalog, prices, d)
        .iter()
        .map(|(l, n)| l.unit_price.unwrap_or(0.0) * *n as f64)
        .sum();
    let (mut links_passing, mut channels_passing) = (0, 0u64);
    let (mut links_meeting_margin, mut channels_meeting_margin) = (0, 0u64);
    let mut channels = 0u64;
    // Resolved over the whole design: conflicts on shared parts count (the
    // design as given comes resolved; a changed one is resolved here).
    let resolved = match given {
        Some(r) => Some(std::borrow::Cow::Borrowed(r)),
        None => crate::analysis::resolve::resolve_design(catalog, d)
            .ok()
            .map(std::borrow::Cow::Owned),
    };
    for (n, l) in d.links.iter().enumerate() {
        cost += link_cost(catalog, prices, l).0 * f64::from(l.count);
        channels += u64::from(l.count);
        let v = resolved
            .as_ref()
            .and_then(|r| r.get(n))
            .map(|r| verdict(catalog, l, r));
        if let Some(v) = v.filter(|v| v.pass()) {
            links_passing += 1;
            channels_passing += u64::from(l.count);
            // The same rounding the selection keeps its margins to.
            if v.budget.margin_db().is_some_and(|m| m >= margin_db - 1e-9) {
                links_meeting_margin += 1;
                channels_meeting_margin += u64::from(l.count);
            }
        }
    }
    Scenario {
        name,
        label,
        cost: crate::model::units::round(cost),
        links_passing,
        channels_passing,
        links_meeting_margin,
        channels_meeting_margin,
        channels,
    }
}

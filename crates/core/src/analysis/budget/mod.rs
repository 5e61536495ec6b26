//! The channel insertion-loss budget of one link (IEEE 802.3 channel: every
//! fiber, mated pair and splice between the two transceivers' ports, not the
//! two connections into the ports).

mod curves;
mod findings;
mod pair;
mod problem;
pub mod reflectance;

pub use curves::{LossLine, loss_line};
pub use findings::Findings;
pub use pair::{MatedPair, joint_mode, mated_pair};
pub use problem::{Check, Failures, Problem, Severity, code};

use crate::analysis::resolve::{ResolvedElement, ResolvedLink};
use crate::catalog::{Catalog, FiberId, FiberMode, GradeId, MediaLimits, SpliceId, TransceiverId};
use crate::model::units::{fmt_db, fmt_m};
use crate::model::{Element, Link};

/// Figures within this of a limit count as at the limit: a sum of catalog
/// figures must not fail on floating-point rounding.
const LIMIT_TOLERANCE: f64 = 1e-9;

/// A link's loss budget: its totals, the problems found, and the breakdown
/// that explains the totals.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkBudget {
    pub totals: BudgetTotals,
    /// Loss, reach, fiber and path problems.
    pub problems: Vec<Problem>,
    pub breakdown: Vec<BreakdownItem>,
    /// Single-mode PAM4 modules: the channel's discrete reflections against
    /// the module's IEEE table; `None` where the module has no table.
    pub reflectance: Option<reflectance::ReflectanceCheck>,
}

/// What a full analysis keeps beside the totals: the breakdown that explains
/// them and the reflectance check (a verdict needs neither).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BudgetDetail {
    pub breakdown: Vec<BreakdownItem>,
    pub reflectance: Option<reflectance::ReflectanceCheck>,
}

/// One contribution to the loss; the items sum to the link's totals.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownItem {
    /// Path element (0-based). A mated pair is its adapter.
    pub element: usize,
    pub part: Part,
    pub worst_case_db: f64,
    pub typical_db: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Part {
    /// Fiber attenuation of a cable.
    Fiber {
        length_m: f64,
        attenuation_db_per_km: f64,
    },
    /// One mated pair, rated at the governing (worse) grade.
    MatedPair { grade: GradeId, mode: FiberMode },
    /// `count` splices, inside a cable or between two.
    Splices { splice: SpliceId, count: u32 },
}

pub fn link_budget(catalog: &Catalog, link: &Link, resolved: &ResolvedLink) -> LinkBudget {
    let link = resolved.channel(link);
    let mut findings = Findings::kept();
    let mut detail = BudgetDetail {
        breakdown: Vec::with_capacity(link.path.len() + 2),
        reflectance: None,
    };
    let totals = budget_into(catalog, link, resolved, &mut findings, Some(&mut detail));
    LinkBudget {
        totals,
        problems: findings.into_problems(),
        breakdown: detail.breakdown,
        reflectance: detail.reflectance,
    }
}

/// A link's loss figures, without the breakdown that explains them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BudgetTotals {
    pub length_m: f64,
    pub mated_pairs: u32,
    pub splices: u32,
    pub worst_case_loss_db: f64,
    pub typical_loss_db: f64,
    /// The worst case of the mated pairs and splices alone (no fiber).
    pub connection_loss_db: f64,
    /// Where the catalog records the connection allocation: the standard's
    /// unrounded figure, reach × the link fiber's attenuation + allocation.
    pub standard_model_db: Option<f64>,
    /// `None` where the transceiver does not support the link's fiber.
    pub limits: Option<MediaLimits>,
}

impl BudgetTotals {
    /// The transceiver's max channel insertion loss on this fiber.
    pub fn max_channel_loss_db(&self) -> Option<f64> {
        self.limits.map(|l| l.max_channel_loss_db)
    }

    pub fn reach_m(&self) -> Option<f64> {
        self.limits.map(|l| l.reach_m)
    }

    /// Max channel loss − worst case; negative when over.
    pub fn margin_db(&self) -> Option<f64> {
        self.limits
            .map(|l| l.max_channel_loss_db - self.worst_case_loss_db)
    }

    /// The worst-case loss is within the transceiver's max on this fiber
    /// (false where the transceiver does not support the fiber), or over it
    /// only by the standard's rounding (see [`Self::within_rounding`]).
    pub fn loss_ok(&self) -> bool {
        self.limits.is_some_and(|l| {
            self.worst_case_loss_db <= l.max_channel_loss_db + LIMIT_TOLERANCE
                || self.within_rounding()
        })
    }

    /// Over the table figure, but built within the standard's own channel
    /// model: within the reach and with connections within the catalog's
    /// connection allocation. IEEE rounds its table figure (reach × cabled
    /// attenuation + allocation) to 0.1 dB, so such a channel is compliant
    /// although a certifier tests against the rounded figure.
    pub fn within_rounding(&self) -> bool {
        self.limits.is_some_and(|l| {
            self.worst_case_loss_db > l.max_channel_loss_db + LIMIT_TOLERANCE
                && self.length_m <= l.reach_m + LIMIT_TOLERANCE
                && l.connection_allocation_db
                    .is_some_and(|a| self.connection_loss_db <= a + LIMIT_TOLERANCE)
                // A cable of worse fiber than the link's can add more than
                // the rounding hides: the channel must be within the model.
                && self
                    .standard_model_db
                    .is_some_and(|m| self.worst_case_loss_db <= m + LIMIT_TOLERANCE)
        })
    }

    /// The length is within the transceiver's reach on this fiber (false
    /// where the transceiver does not support the fiber).
    pub fn reach_ok(&self) -> bool {
        self.limits
            .is_some_and(|l| self.length_m <= l.reach_m + LIMIT_TOLERANCE)
    }
}

/// The budget's checks and sums: problems go to `findings`, and each
/// contribution to `breakdown` where one is wanted.
pub fn budget_into(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    findings: &mut Findings,
    mut detail: Option<&mut BudgetDetail>,
) -> BudgetTotals {
    let transceiver = catalog.transceiver(resolved.transceiver);
    // The reflection tables of the two modules (each with one): the channel
    // must meet both; only then are the connections' reflections gathered.
    let table_of = |t: crate::catalog::TransceiverId| {
        catalog
            .module_reflectance_table(t)
            .map(|table| (catalog.transceiver(t), table))
    };
    // Near, then far where it is another module (no list: every link asks).
    let reflectance_tables = [
        table_of(resolved.transceiver),
        (resolved.far_transceiver != resolved.transceiver)
            .then(|| table_of(resolved.far_transceiver))
            .flatten(),
    ];
    let reflectance_table = reflectance_tables.iter().flatten().next();
    // At most one per joint; none gathered without a table.
    let mut reflections: Vec<reflectance::Reflection> = match reflectance_table {
        Some(_) => Vec::with_capacity(link.path.len()),
        None => Vec::new(),
    };
    let (mut worst, mut typical, mut length_m) = (0.0, 0.0, 0.0);
    let mut connections = 0.0;
    let (mut mated_pairs, mut splices) = (0u32, 0u32);

    if link.path.is_empty() {
        findings.error(code::PATH_EMPTY, || {
            "the path has no cable: a channel needs at least one cable".into()
        });
    }
    let mut add = |item: BreakdownItem| {
        worst += item.worst_case_db;
        if !matches!(item.part, Part::Fiber { .. }) {
            connections += item.worst_case_db;
        }
        typical += item.typical_db;
        if let Some(d) = detail.as_deref_mut() {
            d.breakdown.push(item);
        }
    };
    let pair = |element: usize, a: GradeId, b: GradeId, mode: FiberMode| {
        let p = mated_pair(catalog, a, b, mode);
        BreakdownItem {
            element,
            part: Part::MatedPair {
                grade: p.grade,
                mode: p.mode,
            },
            worst_case_db: p.loss.max_db,
            typical_db: p.loss.typical_db,
        }
    };

    for (i, (element, r)) in link.path.iter().zip(&resolved.elements).enumerate() {
        if let Some(rc) = r.conductor() {
            let len = match element {
                Element::Cable(c) => c.length_m.get(),
                Element::LcCord(c) => c.length_m.get(),
                Element::Harness(h) => h.length_m.get(),
                _ => 0.0,
            };
            length_m += len;
            let fiber = catalog.fiber(rc.fiber);
            // Both modules must support each cable's fiber.
            let far_too = (resolved.far_transceiver != resolved.transceiver)
                .then_some(resolved.far_transceiver);
            let unsupported_by = std::iter::once(resolved.transceiver)
                .chain(far_too)
                .find(|&t| catalog.media(t, rc.fiber).is_none());
            let supported = unsupported_by.is_none();
            // The link's own fiber is reported once for the whole link, below.
            if let Some(t) = unsupported_by
                && rc.fiber != resolved.fiber
            {
                findings.error_at(code::FIBER_NOT_SUPPORTED, i, || {
                    format!(
                        "{} is {}, which {} does not support",
                        describe(link, i),
                        fiber.id,
                        catalog.transceiver(t).id
                    )
                });
            }
            let attenuation = match catalog
                .module_attenuation_db_per_km(resolved.transceiver, rc.fiber)
            {
                Some(a) => a,
                None => {
                    if supported {
                        findings.error_at(code::FIBER_NO_ATTENUATION, i, || format!(
                            "{} is {}, for which the catalog gives no attenuation at {} nm; its fiber loss is not counted",
                            describe(link, i), fiber.id, transceiver.wavelength_nm));
                    }
                    0.0
                }
            };
            let db = fiber_loss_db(len, attenuation);
            add(BreakdownItem {
                element: i,
                part: Part::Fiber {
                    length_m: len,
                    attenuation_db_per_km: attenuation,
                },
                worst_case_db: db,
                typical_db: db,
            });
            if let Element::Cable(cable) = element
                && cable.splices > 0
            {
                splices += cable.splices;
                let s = catalog.splice(resolved.default_splice).loss();
                let n = f64::from(cable.splices);
                add(BreakdownItem {
                    element: i,
                    part: Part::Splices {
                        splice: resolved.default_splice,
                        count: cable.splices,
                    },
                    worst_case_db: n * s.max_db,
                    typical_db: n * s.typical_db,
                });
            }
            if resolved
                .elements
                .get(i + 1)
                .is_some_and(|e| e.conductor().is_some())
            {
                findings.error_at(code::PATH_UNJOINED_CABLES, i, || {
                    format!(
                        "{} and {} touch with no adapter, splice or cassette between them",
                        describe(link, i),
                        describe(link, i + 1)
                    )
                });
            }
            continue;
        }
        // A joint: it needs a cable or cord on each side.
        let near = i
            .checked_sub(1)
            .and_then(|j| resolved.elements.get(j))
            .and_then(ResolvedElement::conductor);
        let far = resolved
            .elements
            .get(i + 1)
            .and_then(ResolvedElement::conductor);
        let (Some(near), Some(far)) = (near, far) else {
            let (code, why) = if i == 0 || i + 1 == link.path.len() {
                (
                    code::PATH_ENDS_WITH_JOINT,
                    "the path must begin and end with a cable or cord, which plugs into the transceiver",
                )
            } else {
                (
                    code::PATH_ADJACENT_JOINTS,
                    "an adapter, splice or cassette joins two cables, so it needs one on each side",
                )
            };
            findings.error_at(code, i, || {
                format!(
                    "{} has no cable on {} side: {why}",
                    describe(link, i),
                    if near.is_none() {
                        "its near"
                    } else {
                        "its far"
                    }
                )
            });
            continue;
        };
        let mode = joint_mode(catalog, resolved, i);
        // Whether the connector on that side of the joint is an LC: an LC
        // cord, or (before the joint) a harness's LC leg.
        let lc_side = |j: usize| match (link.path.get(j), resolved.elements.get(j)) {
            (Some(Element::LcCord(_)), _) => true,
            (Some(Element::Harness(_)), Some(ResolvedElement::Harness(h))) if j < i => catalog
                .harness(h.kind)
                .legs
                .get(usize::from(h.leg).wrapping_sub(1))
                .is_some_and(|l| l.connector == crate::catalog::PortConnector::LcDuplex),
            _ => false,
        };
        // The grade of the end that meets this joint from the near side: a
        // harness meets it with its leg.
        let near_grade = i
            .checked_sub(1)
            .and_then(|j| resolved.elements.get(j))
            .and_then(ResolvedElement::far_grade)
            .unwrap_or(near.grade);
        // Its polish, likewise (for reflections).
        let near_polish = i
            .checked_sub(1)
            .and_then(|j| resolved.elements.get(j))
            .and_then(ResolvedElement::far_polish)
            .unwrap_or(near.polish);
        match r {
            ResolvedElement::Splice(splice) => {
                splices += 1;
                let s = catalog.splice(*splice).loss();
                add(BreakdownItem {
                    element: i,
                    part: Part::Splices {
                        splice: *splice,
                        count: 1,
                    },
                    worst_case_db: s.max_db,
                    typical_db: s.typical_db,
                });
            }
            ResolvedElement::Cassette(k) => {
                // One LC cord on one side, one MPO cable on the other.
                let (lc, mpo) = match (lc_side(i - 1), lc_side(i + 1)) {
                    (true, false) => (near_grade, far.grade),
                    (false, true) => (far.grade, near_grade),
                    _ => {
                        findings.error_at(code::PATH_CASSETTE_SIDES, i, || {
                            format!(
                                "{} needs an LC cord on one side and an MPO cable on the other",
                                describe(link, i)
                            )
                        });
                        continue;
                    }
                };
                mated_pairs += 2;
                add(pair(i, k.lc_grade, lc, mode));
                add(pair(i, k.mpo_grade, mpo, mode));
                if reflectance_table.is_some() {
                    // The LC cord's plug at the front; the MPO cable's at
                    // the rear, against the cassette's rear polish.
                    let rear = catalog.cassette(k.kind).rear_polish;
                    let (lc_plug, mpo_plug) = if lc_side(i - 1) {
                        (near_polish, far.polish)
                    } else {
                        (far.polish, near_polish)
                    };
                    reflections.extend(reflectance::reflection(
                        catalog,
                        i,
                        (lc_plug, lc_plug),
                        mode,
                    ));
                    reflections.extend(reflectance::reflection(catalog, i, (mpo_plug, rear), mode));
                }
            }
            _ => {
                if lc_side(i - 1) != lc_side(i + 1) {
                    findings.error_at(code::PATH_ADAPTER_LC_MPO, i, || {
                        format!(
                            "{} joins an LC cord to an MPO cable: that takes a cassette",
                            describe(link, i)
                        )
                    });
                    continue;
                }
                mated_pairs += 1;
                add(pair(i, near_grade, far.grade, mode));
                if reflectance_table.is_some() {
                    reflections.extend(reflectance::reflection(
                        catalog,
                        i,
                        (near_polish, far.polish),
                        mode,
                    ));
                }
            }
        }
    }

    let channel = channel_limits(catalog, resolved);
    let totals = BudgetTotals {
        length_m,
        mated_pairs,
        splices,
        worst_case_loss_db: worst,
        typical_loss_db: typical,
        connection_loss_db: connections,
        standard_model_db: channel.standard_model_db,
        limits: channel.limits,
    };
    if channel.limits.is_none() {
        findings.error(code::FIBER_NOT_SUPPORTED, || {
            let unsupported = catalog.transceiver(channel.unsupported);
            format!(
                "{} does not support {}; it supports {}",
                unsupported.id,
                catalog.fiber(resolved.fiber).id,
                unsupported
                    .media
                    .iter()
                    .map(|m| m.fiber.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
    }
    channel.judge(catalog, resolved.fiber, &totals, findings);

    // Judged by each module's table: the first that fails, else the first.
    let mut judged = None;
    for &(module, table) in reflectance_tables.iter().flatten() {
        let check = reflectance::check(table, &reflections);
        let failed = !check.ok;
        if judged.is_none() || failed {
            judged = Some((module, check));
        }
        if failed {
            break;
        }
    }
    let reflectance = judged.map(|(module, check)| {
        if !check.ok
            && let Some(w) = check.worst
        {
            findings.error_at(code::REFLECTANCE_OVER_LIMIT, w.element, || {
                let allowed = match check.limit_db {
                    Some(l) => format!(
                        "allows at most {} dB with {} reflections above {} dB",
                        fmt_db(l),
                        check.count_above,
                        fmt_db(check.counted_above_db)
                    ),
                    None => format!(
                        "lists at most {} reflections above {} dB, and this channel has {}",
                        check.table_rows_up_to,
                        fmt_db(check.counted_above_db),
                        check.count_above
                    ),
                };
                let apc = catalog
                    .reflectance(crate::model::Polish::Apc, w.mode)
                    .filter(|_| w.polish != crate::model::Polish::Apc)
                    .map_or(String::new(), |r| {
                        format!(
                            " (an APC connection reflects at most {} dB)",
                            fmt_db(r.max_db)
                        )
                    });
                format!(
                    "{} is a {} {} mated pair at {} dB; {} {allowed}{apc}",
                    describe(link, w.element),
                    w.polish.label(),
                    w.mode.label(),
                    fmt_db(w.max_db),
                    module.id,
                )
            });
        }
        check
    });
    if let Some(d) = detail {
        d.reflectance = reflectance;
    }
    totals
}

/// What a channel is held to: its modules' limits on the link's fiber (the
/// stricter of two different modules), which module gives each, and the
/// standard's own unrounded figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ChannelLimits {
    /// `None` where a module does not support the link's fiber.
    pub limits: Option<MediaLimits>,
    /// The module that does not support it, for the message.
    pub unsupported: TransceiverId,
    pub reach_by: TransceiverId,
    pub loss_by: TransceiverId,
    /// Reach × the link fiber's attenuation + the connection allocation,
    /// where the catalog records the allocation.
    pub standard_model_db: Option<f64>,
}

impl ChannelLimits {
    /// A channel's worst-case loss and length (`totals`, on the link's
    /// `fiber`) held to these limits, where its modules support the fiber.
    /// What it finds is marked in `findings` as the limits'
    /// ([`Findings::limits`]): the only findings of a budget that depend on
    /// its lengths and grades rather than on its shape (`analysis::shape`).
    pub(crate) fn judge(
        &self,
        catalog: &Catalog,
        fiber: FiberId,
        totals: &BudgetTotals,
        findings: &mut Findings,
    ) {
        let Some(l) = self.limits else {
            return;
        };
        let from = findings.kept_count();
        let (worst, length_m) = (totals.worst_case_loss_db, totals.length_m);
        // Who the messages name, looked up only when one is written.
        let loss_by = || &catalog.transceiver(self.loss_by).id;
        let reach_by = || &catalog.transceiver(self.reach_by).id;
        let fiber_id = || &catalog.fiber(fiber).id;
        if totals.within_rounding() {
            findings.warning(code::LOSS_WITHIN_ROUNDING, || {
                format!(
                    "worst-case loss {} dB is over the {} dB table figure of {} on {} by {} dB, but the channel is within its {} m reach and its {} dB connection allocation: compliant (IEEE rounds the figure to 0.1 dB); a certifier will test against {} dB",
                    fmt_db(worst),
                    fmt_db(l.max_channel_loss_db),
                    loss_by(),
                    fiber_id(),
                    fmt_db(worst - l.max_channel_loss_db),
                    fmt_m(l.reach_m),
                    fmt_db(l.connection_allocation_db.unwrap_or_default()),
                    fmt_db(l.max_channel_loss_db),
                )
            });
        } else if !totals.loss_ok() {
            findings.error(code::LOSS_OVER_LIMIT, || {
                format!(
                    "worst-case loss {} dB exceeds the {} dB that {} allows on {} by {} dB",
                    fmt_db(worst),
                    fmt_db(l.max_channel_loss_db),
                    loss_by(),
                    fiber_id(),
                    fmt_db(worst - l.max_channel_loss_db)
                )
            });
        }
        if !totals.reach_ok() {
            findings.error(code::OVER_REACH, || {
                format!(
                    "length {} m exceeds the {} m reach of {} on {} by {} m",
                    fmt_m(length_m),
                    fmt_m(l.reach_m),
                    reach_by(),
                    fiber_id(),
                    fmt_m(length_m - l.reach_m)
                )
            });
        }
        findings.mark_limits(from);
    }
}

pub(crate) fn channel_limits(catalog: &Catalog, resolved: &ResolvedLink) -> ChannelLimits {
    let (near, far) = (resolved.transceiver, resolved.far_transceiver);
    // Which module's figure governs each limit, for the messages.
    let (mut reach_by, mut loss_by) = (near, near);
    let (limits, unsupported) = match (
        catalog.media(near, resolved.fiber),
        catalog.media(far, resolved.fiber),
    ) {
        (Some(a), _) if far == near => (Some(a), near),
        // Two different modules: the stricter reach and loss of the two.
        (Some(a), Some(b)) => {
            if b.reach_m < a.reach_m {
                reach_by = far;
            }
            if b.max_channel_loss_db < a.max_channel_loss_db {
                loss_by = far;
            }
            (Some(stricter(a, b)), near)
        }
        (None, _) => (None, near),
        (Some(_), None) => (None, far),
    };
    let wavelength_nm = catalog.transceiver(near).wavelength_nm;
    let standard_model_db = limits.and_then(|l| {
        let allocation = l.connection_allocation_db?;
        let a = catalog.attenuation_db_per_km(resolved.fiber, wavelength_nm)?;
        Some(fiber_loss_db(l.reach_m, a) + allocation)
    });
    ChannelLimits {
        limits,
        unsupported,
        reach_by,
        loss_by,
        standard_model_db,
    }
}

/// The loss of `length_m` of fiber: the one sum every budget makes of it.
pub(crate) fn fiber_loss_db(length_m: f64, attenuation_db_per_km: f64) -> f64 {
    length_m / 1000.0 * attenuation_db_per_km
}

/// The stricter of two modules' limits on one fiber; a connection
/// allocation only where both record the same.
fn stricter(a: MediaLimits, b: MediaLimits) -> MediaLimits {
    MediaLimits {
        reach_m: a.reach_m.min(b.reach_m),
        max_channel_loss_db: a.max_channel_loss_db.min(b.max_channel_loss_db),
        connection_allocation_db: match (a.connection_allocation_db, b.connection_allocation_db) {
            (Some(x), Some(y)) => Some(x.min(y)),
            _ => None,
        },
    }
}

/// An element's name for messages, formatted only when a message is written:
/// checks that pass build no strings.
pub struct Named<'a>(pub &'a Link, pub usize);

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&describe(self.0, self.1))
    }
}

/// Every element's name ("cable 1", "adapter 1", "cable 2", …) in one pass:
/// for output that names every element, where [`describe`] per element would
/// take time growing with the square of the path.
pub fn describe_all(link: &Link) -> Vec<String> {
    let mut seen: [usize; 9] = [0; 9];
    link.path
        .iter()
        .map(|el| {
            let kind = match el {
                Element::Cable(_) => 0,
                Element::Adapter(_) => 1,
                Element::Splice(_) => 2,
                Element::LcCord(_) => 3,
                Element::Cassette(_) => 4,
                Element::Harness(_) => 5,
                Element::TrunkLeg(_) => 6,
                Element::PanelPort(_) => 7,
                Element::CassettePort(_) => 8,
            };
            seen[kind] += 1;
            format!("{} {}", el.noun(), seen[kind])
        })
        .collect()
}

/// "cable 2", "adapter 1": the element's kind and its number among that kind (1-based).
pub fn describe(link: &Link, i: usize) -> String {
    let Some(el) = link.path.get(i) else {
        return format!("element {}", i + 1);
    };
    let n = link.path[..=i]
        .iter()
        .filter(|e| std::mem::discriminant(*e) == std::mem::discriminant(el))
        .count();
    format!("{} {n}", el.noun())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Adapter, AdapterKeys, Splice};

    #[test]
    fn every_name_at_once_equals_each_name_alone() {
        let c = crate::catalog::Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let mut link = crate::model::synthetic::synthetic_design(&c, 1, 5)
            .links
            .remove(0);
        link.path.insert(1, Element::Splice(Splice::default()));
        link.path.push(Element::Adapter(Adapter {
            keys: AdapterKeys::UpUp,
        }));
        let all = describe_all(&link);
        assert_eq!(all.len(), link.path.len());
        for (i, name) in all.iter().enumerate() {
            assert_eq!(*name, describe(&link, i));
        }
        assert_eq!(all[0], "cable 1");
        assert_eq!(all[1], "splice 1");
    }
}

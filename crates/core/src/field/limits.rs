//! Test limits per link (and per leg) for a reference method and a scope.
//!
//! Two figures for each: the *application limit* — the module's maximum
//! channel insertion loss (the IEEE channel, which excludes the two module
//! connections) plus the test cord connections the reference method
//! includes; for the permanent link, less what the designed equipment cords
//! and their mated pairs take — and the *design budget*, what this channel
//! should measure at worst if built as designed: its connections and fiber
//! in scope plus the same test cord connections.

use serde::Serialize;

use crate::analysis::budget::{BreakdownItem, LinkBudget, Part, link_budget};
use crate::analysis::resolve::{ResolvedElement, ResolvedLink};
use crate::catalog::{Catalog, ConnectorFamily, TestMethod};
use crate::io::design_file::LoadedDesign;
use crate::io::error::InputError;
use crate::model::units::{fmt_db, fmt_m};
use crate::model::{Element, Link, PolarityType};

/// What the test measures: the whole channel (cords included), or the
/// permanent link between the two patch fields (cords left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Channel,
    PermanentLink,
}

impl Scope {
    pub fn word(self) -> &'static str {
        match self {
            Scope::Channel => "channel",
            Scope::PermanentLink => "permanent-link",
        }
    }
}

/// One link's (or leg's) limits at one wavelength. The JSON and CSV field
/// names are a contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimitRow {
    pub id: String,
    /// The harness leg (1-based); `null` for a link without legs.
    pub leg: Option<u8>,
    pub wavelength_nm: u32,
    pub reference: String,
    pub scope: &'static str,
    /// The application limit for this reference method and scope; `null`
    /// where the module does not support the fiber.
    pub limit_db: Option<f64>,
    /// What the channel should measure at worst, built as designed.
    pub design_db: f64,
    pub max_length_m: Option<f64>,
    /// Connections counted: the test cord connections and the mated pairs.
    pub connections: u32,
    pub splices: u32,
    /// Expected end-to-end polarity of each MPO segment in scope, in path
    /// order: `A`, `B`, `C` (or `other`).
    pub polarity: Vec<&'static str>,
    pub fiber: String,
    pub attenuation_db_per_km: Option<f64>,
    /// Fiber length in scope.
    pub length_m: f64,
    /// The design budget in words.
    pub formula: String,
    /// The application limit in words.
    pub limit_formula: String,
    /// The 99.9th percentile of the statistical model for what is in scope
    /// (with the test cord connections at their figure): above it, within
    /// the design budget, a connector is likely dirty or damaged.
    #[serde(skip)]
    pub p999_db: Option<f64>,
}

/// The limits of every link and leg of a design.
pub fn limits(
    catalog: &Catalog,
    loaded: &LoadedDesign,
    method: &TestMethod,
    scope: Scope,
) -> Vec<LimitRow> {
    let per_link = crate::parallel::map(&loaded.design.links, |n, link| {
        link_limits(catalog, None, link, &loaded.resolved[n], method, scope)
    });
    per_link.into_iter().flatten().collect()
}

/// One link's rows: one per leg for a link with legs. With a statistical
/// `model`, each row's 99.9th percentile too.
pub fn link_limits(
    catalog: &Catalog,
    model: Option<&Percentiles>,
    link: &Link,
    resolved: &ResolvedLink,
    method: &TestMethod,
    scope: Scope,
) -> Vec<LimitRow> {
    let channel = resolved.channel(link);
    if channel.legs.is_empty() {
        return channel_limits(catalog, model, channel, resolved, None, method, scope)
            .into_iter()
            .collect();
    }
    resolved
        .legs
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            let leg = channel.leg_channel(k)?;
            let mut row = channel_limits(
                catalog,
                model,
                &leg,
                r,
                Some(channel.leg_number(k)),
                method,
                scope,
            )?;
            row.id.clone_from(&link.id);
            Some(row)
        })
        .collect()
}

/// The limits of one channel; `None` for a permanent link where the channel
/// has none (one cord from module to module).
fn channel_limits(
    catalog: &Catalog,
    model: Option<&Percentiles>,
    channel: &Link,
    resolved: &ResolvedLink,
    leg: Option<u8>,
    method: &TestMethod,
    scope: Scope,
) -> Option<LimitRow> {
    let budget = link_budget(catalog, channel, resolved);
    let transceiver = catalog.transceiver(resolved.transceiver);
    let fiber = catalog.fiber(resolved.fiber);
    let Scoped {
        inside,
        left_out,
        end_losses,
    } = scoped(catalog, channel, resolved, &budget, method, scope)?;
    let test_cords_db: f64 = end_losses.iter().sum();
    let design_db = test_cords_db + inside.iter().map(|i| i.worst_case_db).sum::<f64>();
    let out_db: f64 = left_out.iter().map(|i| i.worst_case_db).sum();
    let out_m: f64 = left_out.iter().map(|i| fiber_m(i)).sum();
    let length_m: f64 = inside.iter().map(|i| fiber_m(i)).sum();
    let limits = budget.totals.limits;
    let limit_db = limits.map(|l| l.max_channel_loss_db - out_db + test_cords_db);
    let max_length_m = limits.map(|l| (l.reach_m - out_m).max(0.0));
    let mated: u32 = inside
        .iter()
        .filter(|i| matches!(i.part, Part::MatedPair { .. }))
        .count() as u32;
    let splices: u32 = inside
        .iter()
        .map(|i| match i.part {
            Part::Splices { count, .. } => count,
            _ => 0,
        })
        .sum();
    let test_words = |losses: &[f64]| -> Option<String> {
        (!losses.is_empty()).then(|| {
            grouped(
                losses.iter().map(|l| (*l, 1)),
                "test-cord connection",
                |v| format!("{} dB", fmt_db(v)),
            )
        })
    };
    let formula = [
        test_words(&end_losses),
        words_of(&inside, "mated pair", |i| match i.part {
            Part::MatedPair { .. } => Some((i.worst_case_db, 1)),
            _ => None,
        }),
        words_of(&inside, "splice", |i| match i.part {
            Part::Splices { count, .. } => Some((i.worst_case_db / f64::from(count.max(1)), count)),
            _ => None,
        }),
        fiber_words(&inside),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" + ");
    let limit_formula = match limits {
        None => format!("{} does not support {}", transceiver.id, fiber.id),
        Some(l) => {
            let mut s = format!(
                "{} dB, the maximum channel loss of {} on {}",
                fmt_db(l.max_channel_loss_db),
                transceiver.id,
                fiber.id
            );
            if !left_out.is_empty() {
                s.push_str(&format!(
                    " − {} dB for the equipment cords left out ({} m of fiber and their mated pairs)",
                    fmt_db(out_db),
                    fmt_m(out_m)
                ));
            }
            if let Some(t) = test_words(&end_losses) {
                s.push_str(" + ");
                s.push_str(&t);
            }
            s
        }
    };
    let p999_db = model
        .and_then(|m| m.p999(&budget, &inside))
        .map(|p| p + test_cords_db);
    Some(LimitRow {
        id: channel.id.clone(),
        leg,
        wavelength_nm: transceiver.wavelength_nm,
        reference: method.id.clone(),
        scope: scope.word(),
        limit_db: limit_db.map(round),
        design_db: round(design_db),
        max_length_m: max_length_m.map(round),
        connections: mated + method.end_connections,
        splices,
        polarity: segment_polarities(channel, resolved, scope),
        fiber: fiber.id.clone(),
        attenuation_db_per_km: catalog
            .attenuation_db_per_km(resolved.fiber, transceiver.wavelength_nm),
        length_m: round(length_m),
        formula,
        limit_formula,
        p999_db: p999_db.map(round),
    })
}

/// A channel's budget split by the test's scope.
struct Scoped<'b> {
    /// What the test measures.
    inside: Vec<&'b BreakdownItem>,
    /// The equipment cords and their mated pairs, for a permanent link.
    left_out: Vec<&'b BreakdownItem>,
    /// The test cord connections the reference method includes.
    end_losses: Vec<f64>,
}

/// `None` for a permanent link where the channel has none (one cord).
fn scoped<'b>(
    catalog: &Catalog,
    channel: &Link,
    resolved: &ResolvedLink,
    budget: &'b LinkBudget,
    method: &TestMethod,
    scope: Scope,
) -> Option<Scoped<'b>> {
    let last = channel.path.len().checked_sub(1)?;
    // A permanent link needs a cable between the two joints the equipment
    // cords plug into (cord, joint, cable…, joint, cord).
    if scope == Scope::PermanentLink
        && !(2..last.saturating_sub(1)).any(|i| {
            resolved
                .elements
                .get(i)
                .is_some_and(|e| e.conductor().is_some())
        })
    {
        return None;
    }
    // The elements left out of a permanent link: the two equipment cords,
    // and the mated pair each makes with its patch field (by the cord's
    // inner plug: the near cord's far one, the far cord's near one).
    let inner = |cord: usize| if cord == 0 { End::Far } else { End::Near };
    let outside = |item: &BreakdownItem| -> bool {
        match scope {
            Scope::Channel => false,
            Scope::PermanentLink => {
                // The pair the cord's inner plug makes (a harness meets
                // its joint with its MPO end).
                let end_pair = |cord: usize, joint: usize| {
                    item.element == joint
                        && matches!(item.part, Part::MatedPair { grade, .. }
                            if Some(catalog.grade(grade).family) == plug_family(catalog, resolved, cord, inner(cord)))
                };
                item.element == 0
                    || item.element == last
                    || end_pair(0, 1)
                    || end_pair(last, last.saturating_sub(1))
            }
        }
    };
    let mode = catalog.fiber(resolved.fiber).mode;
    let cord = |f: Option<ConnectorFamily>| {
        f.and_then(|f| catalog.test_cord(f))
            .map_or(0.0, |c| c.loss_db(mode))
    };
    // The reference method's end connections: both ends, or the near one.
    // A channel's test cords meet the cords' module plugs; a permanent
    // link's meet the patch fields, where the cords' inner plugs were.
    let ends = match scope {
        Scope::Channel => [
            plug_family(catalog, resolved, 0, End::Near),
            plug_family(catalog, resolved, last, End::Far),
        ],
        Scope::PermanentLink => [
            plug_family(catalog, resolved, 0, End::Far),
            plug_family(catalog, resolved, last, End::Near),
        ],
    };
    Some(Scoped {
        inside: budget.breakdown.iter().filter(|i| !outside(i)).collect(),
        left_out: budget.breakdown.iter().filter(|i| outside(i)).collect(),
        end_losses: ends
            .iter()
            .take(method.end_connections as usize)
            .map(|f| cord(*f))
            .collect(),
    })
}

/// What the test should measure, by the statistical model: `trials` draws
/// of what is in scope, with the test cord connections at their figure. For
/// a link with legs, leg `leg`'s channel.
pub fn predicted(
    catalog: &Catalog,
    model: &crate::analysis::stats::StatModel,
    link: &Link,
    resolved: &ResolvedLink,
    leg: Option<u8>,
    (method, scope): (&TestMethod, Scope),
    trials: u32,
) -> Option<crate::analysis::stats::LinkStats> {
    let channel = resolved.channel(link);
    let (channel, resolved) = match leg {
        None => (std::borrow::Cow::Borrowed(channel), resolved),
        Some(l) => {
            let k = channel.leg_index(l)?;
            (
                std::borrow::Cow::Owned(channel.leg_channel(k)?),
                resolved.legs.get(k)?,
            )
        }
    };
    let budget = link_budget(catalog, &channel, resolved);
    let s = scoped(catalog, &channel, resolved, &budget, method, scope)?;
    let cords: f64 = s.end_losses.iter().sum();
    let in_scope = LinkBudget {
        totals: budget.totals,
        problems: Vec::new(),
        breakdown: s.inside.iter().map(|i| (*i).clone()).collect(),
        reflectance: None,
    };
    let mut stats =
        crate::analysis::stats::simulate(model, &channel.id, &in_scope, trials, 1).ok()?;
    for x in &mut stats.samples {
        *x += cords;
    }
    stats.mean_db += cords;
    stats.p50_db += cords;
    stats.p95_db += cords;
    stats.p999_db += cords;
    stats.analytic_mean_db += cords;
    stats.worst_case_loss_db = cords + s.inside.iter().map(|i| i.worst_case_db).sum::<f64>();
    stats.typical_loss_db = cords + s.inside.iter().map(|i| i.typical_db).sum::<f64>();
    stats.p_fail = None;
    Some(stats)
}

/// Which plug of a cable, LC cord or harness.
#[derive(Clone, Copy)]
enum End {
    /// Its near plug (a harness's MPO end).
    Near,
    /// Its far plug (a harness's leg).
    Far,
}

/// The connector family of one plug of element `i`: what a test cord meets
/// there (a path end's outer plug for a channel; for a permanent link, the
/// end cord's inner plug, which met the patch field).
fn plug_family(
    catalog: &Catalog,
    resolved: &ResolvedLink,
    i: usize,
    end: End,
) -> Option<ConnectorFamily> {
    let e = resolved.elements.get(i)?;
    let grade = match end {
        End::Near => e.conductor()?.grade,
        End::Far => e.far_grade()?,
    };
    Some(catalog.grade(grade).family)
}

fn fiber_m(item: &BreakdownItem) -> f64 {
    match item.part {
        Part::Fiber { length_m, .. } => length_m,
        _ => 0.0,
    }
}

/// "2 mated pairs at 0.35 dB + 1 mated pair at 0.75 dB": counts grouped by figure.
fn words_of(
    items: &[&BreakdownItem],
    noun: &str,
    figure: impl Fn(&BreakdownItem) -> Option<(f64, u32)>,
) -> Option<String> {
    let figures: Vec<(f64, u32)> = items.iter().filter_map(|i| figure(i)).collect();
    (!figures.is_empty()).then(|| grouped(figures, noun, |v| format!("{} dB", fmt_db(v))))
}

fn grouped(
    figures: impl IntoIterator<Item = (f64, u32)>,
    noun: &str,
    show: impl Fn(f64) -> String,
) -> String {
    let mut groups: Vec<(String, u32)> = Vec::new();
    for (v, n) in figures {
        let s = show(v);
        match groups.iter_mut().find(|(g, _)| *g == s) {
            Some(g) => g.1 += n,
            None => groups.push((s, n)),
        }
    }
    groups
        .into_iter()
        .map(|(s, n)| format!("{n} {noun}{} at {s}", if n == 1 { "" } else { "s" }))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// "96 m at 3.5 dB/km", per attenuation.
fn fiber_words(items: &[&BreakdownItem]) -> Option<String> {
    let mut groups: Vec<(f64, f64)> = Vec::new();
    for i in items {
        if let Part::Fiber {
            length_m,
            attenuation_db_per_km,
        } = i.part
        {
            match groups.iter_mut().find(|(a, _)| *a == attenuation_db_per_km) {
                Some(g) => g.1 += length_m,
                None => groups.push((attenuation_db_per_km, length_m)),
            }
        }
    }
    (!groups.is_empty()).then(|| {
        groups
            .into_iter()
            .map(|(a, m)| format!("{} m at {} dB/km", fmt_m(m), fmt_db(a)))
            .collect::<Vec<_>>()
            .join(" + ")
    })
}

/// Trials of one Monte Carlo run for a percentile.
const TRIALS: u32 = 20_000;

/// A connection's kind, for sharing runs: a grade's mated pair in one fiber
/// mode, or so many splices of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Random {
    Pair(crate::catalog::GradeId, bool),
    Splices(crate::catalog::SpliceId, u32),
}

/// The statistical model's 99.9th percentile of what is in scope: the fiber
/// fixed, the connections random. Channels of the same connections share
/// one Monte Carlo run (20,000 trials, seed 1), so a results file of a
/// hundred thousand links of a few make-ups costs a few runs.
pub struct Percentiles {
    model: crate::analysis::stats::StatModel,
    known: std::sync::Mutex<std::collections::HashMap<Vec<Random>, Option<f64>>>,
}

impl Percentiles {
    pub fn new(catalog: &Catalog) -> Self {
        Self {
            model: crate::analysis::stats::StatModel::new(catalog),
            known: std::sync::Mutex::default(),
        }
    }

    fn p999(&self, budget: &LinkBudget, inside: &[&BreakdownItem]) -> Option<f64> {
        let fixed: f64 = inside
            .iter()
            .filter(|i| matches!(i.part, Part::Fiber { .. }))
            .map(|i| i.worst_case_db)
            .sum();
        let random: Vec<&BreakdownItem> = inside
            .iter()
            .copied()
            .filter(|i| !matches!(i.part, Part::Fiber { .. }))
            .collect();
        let mut key: Vec<Random> = random
            .iter()
            .filter_map(|i| match i.part {
                Part::MatedPair { grade, mode } => Some(Random::Pair(
                    grade,
                    mode == crate::catalog::FiberMode::SingleMode,
                )),
                Part::Splices { splice, count } => Some(Random::Splices(splice, count)),
                Part::Fiber { .. } => None,
            })
            .collect();
        key.sort_unstable();
        let known = self.known.lock().ok().and_then(|k| k.get(&key).copied());
        let connections = match known {
            Some(p) => p,
            None => {
                let scoped = LinkBudget {
                    totals: budget.totals,
                    problems: Vec::new(),
                    breakdown: random.into_iter().cloned().collect(),
                    reflectance: None,
                };
                let p = crate::analysis::stats::simulate(&self.model, "", &scoped, TRIALS, 1)
                    .ok()
                    .map(|s| s.p999_db);
                if let Ok(mut k) = self.known.lock() {
                    k.insert(key, p);
                }
                p
            }
        };
        connections.map(|c| c + fixed)
    }
}

/// Each MPO segment's end-to-end polarity in scope: a run of MPO cables
/// joined by MPO adapters (or splices), ended by a cassette, an LC part, a
/// harness or the scope's end. Position p at one end of the run arrives at
/// position f(p) at the other through its cables (A straight, B reversed,
/// C pair-flipped) and adapters (key-up/key-down straight, key-up/key-up
/// reversed): straight is Type A, reversed Type B, pair-flipped Type C.
pub fn segment_polarities(
    channel: &Link,
    resolved: &ResolvedLink,
    scope: Scope,
) -> Vec<&'static str> {
    let n = channel.path.len();
    let (from, to) = match scope {
        Scope::Channel => (0, n),
        Scope::PermanentLink => (1.min(n), n.saturating_sub(1)),
    };
    let mut out = Vec::new();
    // (reversed, pair-flipped) of the run so far, and whether an adapter
    // waits for the run's next cable: an adapter at a run's end is where
    // the test cord plugs in, not part of the segment.
    let mut run: Option<(bool, bool)> = None;
    let mut waiting = false;
    let close = |run: &mut Option<(bool, bool)>, out: &mut Vec<&'static str>| {
        if let Some((r, p)) = run.take() {
            out.push(match (r, p) {
                (false, false) => "A",
                (true, false) => "B",
                (false, true) => "C",
                (true, true) => "other",
            });
        }
    };
    for i in from..to {
        match (&channel.path[i], resolved.elements.get(i)) {
            (Element::Cable(c), Some(ResolvedElement::Cable(_))) => {
                let (r, p) = run.unwrap_or((false, false));
                let r = r ^ std::mem::take(&mut waiting);
                run = Some(match c.polarity {
                    PolarityType::A => (r, p),
                    PolarityType::B => (!r, p),
                    PolarityType::C => (r, !p),
                });
            }
            (Element::Adapter(a), _) => {
                if run.is_some() {
                    waiting = a.keys == crate::model::AdapterKeys::UpUp;
                }
            }
            (Element::Splice(_), _) => {}
            _ => {
                waiting = false;
                close(&mut run, &mut out);
            }
        }
    }
    close(&mut run, &mut out);
    out
}

/// Test limits are written to 0.001 dB and m, as a certifier takes them.
pub(crate) fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The catalog's reference method by id, or an error naming the known ones.
pub fn method<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c TestMethod, InputError> {
    catalog.find_test_method(id).ok_or_else(|| {
        InputError::new(
            "command line",
            format!(
                "expected a reference method of the catalog ({}), found \"{id}\"",
                catalog
                    .test_methods()
                    .iter()
                    .map(|m| m.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .field("--reference")
    })
}

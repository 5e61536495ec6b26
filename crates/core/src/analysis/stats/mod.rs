//! The statistical budget: Monte Carlo over a link's mated pairs and splices,
//! beside the worst case and the typical.

mod distribution;

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

pub use distribution::LossDistribution;

use crate::analysis::budget::{LinkBudget, Part};
use crate::catalog::{Catalog, FiberMode, GradeId, SpliceId};

/// Every grade's and splice's distribution, fitted once.
#[derive(Debug, Clone)]
pub struct StatModel {
    pairs: HashMap<(GradeId, FiberMode), Result<LossDistribution, String>>,
    splices: HashMap<SpliceId, Result<LossDistribution, String>>,
}

impl StatModel {
    pub fn new(catalog: &Catalog) -> Self {
        let mut pairs = HashMap::new();
        for g in catalog.grades() {
            let Some(id) = catalog.find_grade(&g.id) else {
                continue;
            };
            for mode in [FiberMode::Multimode, FiberMode::SingleMode] {
                let l = g.loss(mode);
                let d = match &g.loss_model {
                    Some(m) => LossDistribution::fit(m.shape, l.typical_db, l.max_db)
                        .map_err(|e| format!("grade {}: {e}", g.id)),
                    None => Err(format!("grade {} has no loss_model in the catalog", g.id)),
                };
                pairs.insert((id, mode), d);
            }
        }
        let mut splices = HashMap::new();
        for s in catalog.splices() {
            let Some(id) = catalog.find_splice(&s.id) else {
                continue;
            };
            let d = match &s.loss_model {
                Some(m) => LossDistribution::fit(m.shape, s.typical_db, s.max_db)
                    .map_err(|e| format!("splice {}: {e}", s.id)),
                None => Err(format!("splice {} has no loss_model in the catalog", s.id)),
            };
            splices.insert(id, d);
        }
        Self { pairs, splices }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkStats {
    pub id: String,
    pub trials: u32,
    pub mean_db: f64,
    pub p50_db: f64,
    pub p95_db: f64,
    pub p999_db: f64,
    /// Share of trials above the limit; `None` where there is no limit.
    pub p_fail: Option<f64>,
    pub worst_case_loss_db: f64,
    pub typical_loss_db: f64,
    pub max_channel_loss_db: Option<f64>,
    /// The mean and standard deviation the model gives exactly.
    pub analytic_mean_db: f64,
    pub analytic_sd_db: f64,
    #[serde(skip)]
    pub samples: Vec<f64>,
}

/// Runs `trials` trials of the link's loss. Same seed, same numbers.
pub fn simulate(
    model: &StatModel,
    id: &str,
    budget: &LinkBudget,
    trials: u32,
    seed: u64,
) -> Result<LinkStats, String> {
    let mut fixed = 0.0;
    // The link's connector and splice losses in path order: a distribution
    // and how many of it (a cable's splices are one run).
    let mut runs: Vec<(&LossDistribution, u32)> = Vec::new();
    for item in &budget.breakdown {
        match item.part {
            Part::Fiber { .. } => fixed += item.worst_case_db,
            Part::MatedPair { grade, mode } => {
                let d = model
                    .pairs
                    .get(&(grade, mode))
                    .ok_or("grade not in the model")?
                    .as_ref()?;
                runs.push((d, 1));
            }
            Part::Splices { splice, count } => {
                let d = model
                    .splices
                    .get(&splice)
                    .ok_or("splice not in the model")?
                    .as_ref()?;
                runs.push((d, count));
            }
        }
    }
    let (parts, sums) = split_runs(&runs);
    let analytic_mean_db = fixed
        + parts.iter().map(|d| d.mean()).sum::<f64>()
        + sums.iter().map(|s| s.mean).sum::<f64>();
    let analytic_sd_db = (parts.iter().map(|d| d.variance()).sum::<f64>()
        + sums.iter().map(|s| s.sd * s.sd).sum::<f64>())
    .sqrt();
    let trials = trials.max(1);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut samples: Vec<f64> = Vec::with_capacity(trials as usize);
    let mut sum = 0.0;
    let limit = budget.totals.max_channel_loss_db();
    let mut fails = 0u32;
    for _ in 0..trials {
        let mut loss = fixed;
        for d in &parts {
            loss += d.sample(rng.random::<f64>());
        }
        for s in &sums {
            loss += s.sample(&mut rng);
        }
        sum += loss;
        if limit.is_some_and(|l| loss > l) {
            fails += 1;
        }
        samples.push(loss);
    }
    let mut sorted = samples.clone();
    let mut percentile = |q: f64| {
        let k = ((q * f64::from(trials)).ceil() as usize).clamp(1, sorted.len()) - 1;
        *sorted.select_nth_unstable_by(k, f64::total_cmp).1
    };
    let (p50_db, p95_db, p999_db) = (percentile(0.50), percentile(0.95), percentile(0.999));
    Ok(LinkStats {
        id: id.to_owned(),
        trials,
        mean_db: sum / f64::from(trials),
        p50_db,
        p95_db,
        p999_db,
        p_fail: limit.map(|_| f64::from(fails) / f64::from(trials)),
        worst_case_loss_db: budget.totals.worst_case_loss_db,
        typical_loss_db: budget.totals.typical_loss_db,
        max_channel_loss_db: limit,
        analytic_mean_db,
        analytic_sd_db,
        samples,
    })
}

/// From this many identical parts on (one distribution), their sum is drawn
/// at once instead of part by part: a cable of 1,000 splices then costs one
/// draw a trial, not 1,000, so a run's time does not grow with the count.
/// Below it every part is drawn on its own, in path order (real links: a
/// handful of parts).
pub const SUM_DRAWN_FROM: u32 = 32;

/// The sum of `count` identical parts, drawn from the gamma with its exact
/// mean and variance, kept within 0 and `count` × max. Each part is a gamma
/// truncated at its max, and a sum of gammas of one scale is a gamma, so the
/// moment-matched gamma keeps the sum's right skew (a normal would understate
/// the P99.9 tail by about a third of a standard deviation at 32 parts).
#[derive(Debug, Clone, Copy)]
struct PartSum {
    mean: f64,
    sd: f64,
    max: f64,
    gamma: Option<rand_distr::Gamma<f64>>,
}

impl PartSum {
    fn new(mean: f64, variance: f64, max: f64) -> Self {
        let gamma = (mean > 0.0 && variance > 0.0)
            .then(|| rand_distr::Gamma::new(mean * mean / variance, variance / mean).ok())
            .flatten();
        PartSum {
            mean,
            sd: variance.max(0.0).sqrt(),
            max,
            gamma,
        }
    }

    fn sample(&self, rng: &mut StdRng) -> f64 {
        use rand_distr::Distribution as _;
        match &self.gamma {
            Some(g) => g.sample(rng).clamp(0.0, self.max),
            None => self.mean,
        }
    }
}

/// The parts drawn one by one (path order), and the sums drawn whole.
fn split_runs<'a>(
    runs: &[(&'a LossDistribution, u32)],
) -> (Vec<&'a LossDistribution>, Vec<PartSum>) {
    let same = |a: &LossDistribution, b: &LossDistribution| std::ptr::eq(a, b);
    let mut totals: Vec<(&LossDistribution, u64)> = Vec::new();
    for (d, n) in runs {
        match totals.iter_mut().find(|(t, _)| same(t, d)) {
            Some((_, total)) => *total += u64::from(*n),
            None => totals.push((d, u64::from(*n))),
        }
    }
    let drawn_whole = |d: &LossDistribution| {
        totals
            .iter()
            .any(|(t, n)| same(t, d) && *n >= u64::from(SUM_DRAWN_FROM))
    };
    let mut parts = Vec::new();
    for (d, n) in runs {
        if !drawn_whole(d) {
            parts.extend(std::iter::repeat_n(*d, *n as usize));
        }
    }
    let sums = totals
        .iter()
        .filter(|(_, n)| *n >= u64::from(SUM_DRAWN_FROM))
        .map(|(d, n)| {
            let k = *n as f64;
            PartSum::new(k * d.mean(), k * d.variance(), k * d.max_db)
        })
        .collect();
    (parts, sums)
}

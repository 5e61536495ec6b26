//! The loss of one random mating (or splice): a gamma distribution with its
//! mean at the typical loss, truncated at the max loss, sampled through a
//! tabulated inverse CDF so a million trials take milliseconds.

use statrs::function::gamma::checked_gamma_lr;

/// P(a, x), the regularized lower incomplete gamma: 0 at x = 0 (where statrs
/// refuses the argument), 1 at infinity.
fn gamma_lr(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else {
        checked_gamma_lr(a, x).unwrap_or(1.0)
    }
}

/// Points of the inverse-CDF table.
const TABLE: usize = 4096;
/// Points of the forward CDF grid the table is inverted from.
const GRID: usize = 16_384;

#[derive(Debug, Clone, PartialEq)]
pub struct LossDistribution {
    pub shape: f64,
    pub scale: f64,
    pub max_db: f64,
    /// x at u = i / TABLE, i = 0..=TABLE.
    inverse: Vec<f64>,
}

impl LossDistribution {
    /// The gamma of this shape whose mean, truncated at `max_db`, is `typical_db`.
    pub fn fit(shape: f64, typical_db: f64, max_db: f64) -> Result<Self, String> {
        if !(shape > 0.0 && shape.is_finite()) {
            return Err(format!("expected a gamma shape above 0, found {shape}"));
        }
        if max_db <= 0.0 || typical_db <= 0.0 {
            return Err("a loss model needs a typical and a max above 0 dB".into());
        }
        // As the scale grows the truncated mean rises towards max × k / (k + 1).
        let ceiling = max_db * shape / (shape + 1.0);
        if typical_db >= ceiling {
            return Err(format!(
                "typical {typical_db} dB is too close to max {max_db} dB for a gamma of shape {shape} (it must stay below {ceiling:.3} dB)"
            ));
        }
        let (mut lo, mut hi) = (typical_db / shape * 1e-3, typical_db / shape * 1e3);
        for _ in 0..200 {
            let mid = (lo * hi).sqrt();
            if truncated_moment(shape, mid, max_db, 1) < typical_db {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let scale = (lo * hi).sqrt();
        Ok(Self {
            shape,
            scale,
            max_db,
            inverse: inverse_table(shape, scale, max_db),
        })
    }

    pub fn mean(&self) -> f64 {
        truncated_moment(self.shape, self.scale, self.max_db, 1)
    }

    pub fn variance(&self) -> f64 {
        let m = self.mean();
        truncated_moment(self.shape, self.scale, self.max_db, 2) - m * m
    }

    /// The loss at uniform `u` ∈ [0, 1).
    #[inline]
    pub fn sample(&self, u: f64) -> f64 {
        let x = u * TABLE as f64;
        let i = (x as usize).min(TABLE - 1);
        let f = x - i as f64;
        self.inverse[i] + (self.inverse[i + 1] - self.inverse[i]) * f
    }
}

/// E[X^n | X ≤ max] for X ~ Gamma(k, θ), n = 1 or 2.
fn truncated_moment(k: f64, theta: f64, max: f64, n: u32) -> f64 {
    let z = max / theta;
    let base = gamma_lr(k, z);
    match n {
        1 => k * theta * gamma_lr(k + 1.0, z) / base,
        _ => k * (k + 1.0) * theta * theta * gamma_lr(k + 2.0, z) / base,
    }
}

/// The inverse of the truncated CDF F(x) = P(k, x/θ) / P(k, max/θ) on a table.
fn inverse_table(k: f64, theta: f64, max: f64) -> Vec<f64> {
    let total = gamma_lr(k, max / theta);
    let xs: Vec<f64> = (0..=GRID).map(|j| max * j as f64 / GRID as f64).collect();
    let cdf: Vec<f64> = xs
        .iter()
        .map(|x| (gamma_lr(k, x / theta) / total).min(1.0))
        .collect();
    let mut inverse = Vec::with_capacity(TABLE + 1);
    let mut j = 0;
    for i in 0..=TABLE {
        let u = i as f64 / TABLE as f64;
        while j + 1 < GRID && cdf[j + 1] < u {
            j += 1;
        }
        let (c0, c1) = (cdf[j], cdf[j + 1]);
        let t = if c1 > c0 {
            ((u - c0) / (c1 - c0)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        inverse.push(xs[j] + (xs[j + 1] - xs[j]) * t);
    }
    inverse
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fitted_mean_is_the_typical_loss_and_no_draw_exceeds_max() {
        for (typical, max) in [(0.10, 0.35), (0.20, 0.60), (0.35, 0.75), (0.05, 0.30)] {
            let d = LossDistribution::fit(2.0, typical, max).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                (d.mean() - typical).abs() < 1e-9,
                "{typical}/{max}: {}",
                d.mean()
            );
            assert!(d.variance() > 0.0);
            assert_eq!(d.sample(0.0), 0.0);
            assert!(d.sample(0.999_999_9) <= max);
            assert!((0..1000).all(|i| d.sample(f64::from(i) / 1000.0) <= max));
        }
    }

    #[test]
    fn the_table_mean_matches_the_analytic_mean() {
        let d = LossDistribution::fit(2.0, 0.10, 0.35).unwrap_or_else(|e| panic!("{e}"));
        let n = 1_000_000;
        let mean: f64 = (0..n)
            .map(|i| d.sample((f64::from(i) + 0.5) / f64::from(n)))
            .sum::<f64>()
            / f64::from(n);
        assert!((mean - 0.10).abs() < 2e-5, "{mean}");
    }

    #[test]
    fn a_typical_too_close_to_max_is_refused() {
        assert!(LossDistribution::fit(2.0, 0.5, 0.6).is_err());
        assert!(LossDistribution::fit(0.0, 0.1, 0.3).is_err());
    }
}

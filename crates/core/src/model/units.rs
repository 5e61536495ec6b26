//! Validated quantities that the design file carries, so a bad value is refused
//! where the parser knows its line and column.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Reported figures carry 0.000001 (dB or m): sums of catalog figures then
/// read as written (1.036, not 1.0360000000000003). A figure that rounds to
/// zero is 0.0, never -0.0 (a link exactly at its limit has margin 0).
pub fn round(x: f64) -> f64 {
    // Adding +0.0 turns -0.0 into +0.0 and leaves every other value as it is.
    (x * ROUNDING_STEPS).round() / ROUNDING_STEPS + 0.0
}

/// Steps of [`round`] in one dB or metre (0.000001 each).
pub const ROUNDING_STEPS: f64 = 1e6;

/// A cable length in metres: finite and not negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct LengthM(f64);

impl LengthM {
    pub fn new(metres: f64) -> Result<Self, String> {
        if !metres.is_finite() {
            Err(format!(
                "length_m: expected a finite length in metres, found {metres}"
            ))
        } else if metres < 0.0 {
            Err(format!(
                "length_m: expected a length of 0 m or more, found {metres}"
            ))
        } else if metres > super::limits::MAX_LENGTH_M {
            Err(format!(
                "length_m: expected a length of at most {} m (the limit), found {metres}",
                super::limits::MAX_LENGTH_M
            ))
        } else {
            Ok(Self(metres))
        }
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for LengthM {
    type Error = String;
    fn try_from(metres: f64) -> Result<Self, String> {
        Self::new(metres)
    }
}

impl From<LengthM> for f64 {
    fn from(l: LengthM) -> f64 {
        l.0
    }
}

/// The MPO fiber counts the product models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum FiberCount {
    /// Base-8: positions 1–4 and 9–12 of a 12-position ferrule.
    F8,
    F12,
    F16,
    /// Two rows of 12.
    F24,
    /// Two rows of 16.
    F32,
}

impl FiberCount {
    pub const ALL: [FiberCount; 5] = [
        FiberCount::F8,
        FiberCount::F12,
        FiberCount::F16,
        FiberCount::F24,
        FiberCount::F32,
    ];

    /// The count of that many fibers, if it is one.
    pub fn from_count(n: u32) -> Option<FiberCount> {
        Self::ALL.into_iter().find(|f| f.count() == n)
    }

    pub fn count(self) -> u32 {
        match self {
            FiberCount::F8 => 8,
            FiberCount::F12 => 12,
            FiberCount::F16 => 16,
            FiberCount::F24 => 24,
            FiberCount::F32 => 32,
        }
    }
}

impl TryFrom<u32> for FiberCount {
    type Error = String;
    fn try_from(n: u32) -> Result<Self, String> {
        FiberCount::ALL
            .into_iter()
            .find(|f| f.count() == n)
            .ok_or_else(|| format!("fibers: expected 8, 12, 16, 24 or 32, found {n}"))
    }
}

impl From<FiberCount> for u32 {
    fn from(f: FiberCount) -> u32 {
        f.count()
    }
}

impl fmt::Display for FiberCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.count())
    }
}

/// Formats a dB figure to 0.001 dB, without trailing zeros ("1.5", "0.225").
pub fn fmt_db(db: f64) -> String {
    let s = format!("{:.3}", db);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Formats metres to 0.01 m, without trailing zeros ("80", "128.57").
pub fn fmt_m(m: f64) -> String {
    let s = format!("{m:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_figures_print_without_trailing_zeros() {
        assert_eq!(fmt_db(1.5), "1.5");
        assert_eq!(fmt_db(0.225), "0.225");
        assert_eq!(fmt_db(1.7250000001), "1.725");
        assert_eq!(fmt_db(2.0), "2");
        assert_eq!(fmt_db(-0.0001), "0");
    }

    #[test]
    fn lengths_refuse_negative_and_non_finite() {
        assert!(LengthM::new(-1.0).is_err());
        assert!(LengthM::new(f64::NAN).is_err());
        assert!(LengthM::new(f64::INFINITY).is_err());
        assert_eq!(LengthM::new(0.0).map(LengthM::get), Ok(0.0));
    }

    #[test]
    fn fiber_counts_are_the_five_mpo_counts() {
        assert_eq!(FiberCount::try_from(24), Ok(FiberCount::F24));
        assert!(FiberCount::try_from(7).is_err());
    }
}

//! A reported figure as a CSV cell, written without the shortest-digits
//! search where the figure is a whole number of rounding steps.
//!
//! The CSV writer prints an `f64` in its shortest form that reads back the
//! same. A figure [`round`](crate::model::units::round)ed to 0.000001 is
//! the double nearest `k / 1,000,000` for a whole `k`; every decimal of 15
//! significant digits or fewer names a double of its own, so for `|k| <
//! 10^15` that shortest form is `k / 1,000,000` itself with its trailing
//! zeros dropped: the digits of `k` are enough. Writing them is a division
//! of integers; the search took a twelfth of a million-link `calc`'s time.
//! Anything else (a figure with more digits, a tiny or huge one that the
//! shortest form writes with an exponent, not finite) is left to the
//! writer, so every cell is byte for byte what the `f64` gives (minus zero
//! too: `-0.0`, tested).

use serde::{Serialize, Serializer};

use crate::model::units::ROUNDING_STEPS;

/// An `f64` that serializes as the CSV writer would print it, faster for
/// figures rounded to 0.000001 (see the module's note).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure(pub f64);

impl From<f64> for Figure {
    fn from(x: f64) -> Self {
        Figure(x)
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 32];
        match steps_text(self.0, &mut buf) {
            Some(text) => s.serialize_str(text),
            None => s.serialize_f64(self.0),
        }
    }
}

/// `x` as the shortest decimal that reads back as `x`, where `x` is a whole
/// number of rounding steps from 0.0001 (in size) up to 10^9, or zero;
/// `None` otherwise.
fn steps_text(x: f64, buf: &mut [u8; 32]) -> Option<&str> {
    // Up to 10^9 the step count has at most 15 digits (the note's bound);
    // from 0.0001 the shortest form is written without an exponent.
    const LARGEST: f64 = 1e9;
    const SMALLEST_STEPS: u64 = 100;
    // Steps of the fraction part: the six digits after the point.
    const STEPS: u64 = 1_000_000;
    if x.is_nan() || x.abs() >= LARGEST {
        return None;
    }
    let steps = (x * ROUNDING_STEPS).round();
    // Only a figure that is exactly what rounding to steps would give
    // (bit for bit).
    if (steps / ROUNDING_STEPS).to_bits() != x.to_bits() {
        return None;
    }
    // Exact: below 10^15, well inside f64's whole numbers.
    let magnitude = steps.abs() as u64;
    if magnitude != 0 && magnitude < SMALLEST_STEPS {
        return None;
    }
    let mut out = Cursor { buf, len: 0 };
    if x.is_sign_negative() {
        out.push(b'-');
    }
    out.push_whole(magnitude / STEPS);
    out.push(b'.');
    let mut fraction = magnitude % STEPS;
    if fraction == 0 {
        out.push(b'0');
    } else {
        let mut digits = 6;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
        out.push_padded(fraction, digits);
    }
    let len = out.len;
    std::str::from_utf8(&buf[..len]).ok()
}

struct Cursor<'a> {
    buf: &'a mut [u8; 32],
    len: usize,
}

impl Cursor<'_> {
    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }

    fn push_whole(&mut self, n: u64) {
        let digits = n.checked_ilog10().map_or(1, |l| l as usize + 1);
        self.push_padded(n, digits);
    }

    /// `n` in exactly `digits` digits, leading zeros added.
    fn push_padded(&mut self, mut n: u64, digits: usize) {
        let end = self.len + digits;
        for k in (self.len..end).rev() {
            self.buf[k] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.len = end;
    }
}

#[cfg(test)]
mod tests {
    use super::Figure;
    use crate::model::units::round;

    /// One row of cells through the CSV writer.
    fn cells<T: serde::Serialize>(values: &[T]) -> String {
        let mut w = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        w.serialize(values).expect("a row of numbers");
        String::from_utf8(w.into_inner().expect("written to memory")).expect("ASCII")
    }

    fn check(values: &[f64]) {
        let figures: Vec<Figure> = values.iter().copied().map(Figure).collect();
        assert_eq!(cells(&figures), cells(values), "{values:?}");
    }

    #[test]
    fn rounded_figures_are_written_as_the_csv_writer_writes_them() {
        assert_eq!(cells(&[Figure(1.036), Figure(36.0)]), "1.036,36.0\n");
        assert_eq!(cells(&[Figure(-0.329), Figure(0.0)]), "-0.329,0.0\n");
        check(&[
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.0001,
            -0.0001,
            0.00009,
            0.00001,
            0.000001,
            -0.000005,
            0.1,
            0.123456,
            999_999_999.999_999,
            1e9,
            -1e9,
            1e15,
            1e300,
            14.666666666666666,
            0.1 + 0.2,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            5e-324,
        ]);
    }

    /// Sums of catalog-like figures rounded as reports round them, and
    /// unrounded values near them, over every size the fast path takes.
    #[test]
    fn many_figures_agree_with_the_csv_writer() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut values = Vec::new();
        for _ in 0..200_000 {
            let r = next();
            let scale = 10f64.powi((r % 14) as i32 - 5);
            let x = (next() % 1_000_000_007) as f64 / 1_000_000_007.0 * scale;
            let x = if r & (1 << 40) != 0 { -x } else { x };
            values.push(round(x));
            values.push(x);
            values.push(round(x) + f64::EPSILON * round(x).abs());
        }
        for chunk in values.chunks(1000) {
            check(chunk);
        }
    }
}

//! What the text writers of several commands share: figures, and a link's
//! problems and fix.

use std::fmt::Write as _;

use crate::analysis::budget::Problem;
use crate::analysis::polarity::Fix;

/// A figure to `decimals` places.
pub fn fixed(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

/// [`fixed`], or `-` where there is no figure.
pub fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |x| fixed(x, decimals))
}

/// A link's problems ("FAIL"/"WARN" with code) and its fix, indented under it.
pub fn problem_lines(s: &mut String, problems: &[Problem], fix: Option<&Fix>) {
    for p in problems {
        let _ = writeln!(
            s,
            "    {} [{}] {}",
            if p.is_error() { "FAIL" } else { "WARN" },
            p.code,
            p.message
        );
    }
    if let Some(fix) = fix {
        let _ = writeln!(s, "    FIX  {}", fix.message);
    }
}

//! What the text writers of several commands share: figures printed without a
//! sign on zero, and a link's problems and fix.

use std::fmt::Write as _;

use crate::analysis::budget::Problem;
use crate::analysis::polarity::Fix;

pub use crate::io::terminal::{terminal_safe, terminal_safe_line};

/// A figure to `decimals` places. A figure that rounds to zero prints as
/// `0.000`, never `-0.000` (a link exactly at its limit has no negative margin).
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    match s.strip_prefix('-') {
        Some(unsigned) if unsigned.bytes().all(|b| b == b'0' || b == b'.') => unsigned.to_owned(),
        _ => s,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_but_line_breaks_kept() {
        assert_eq!(terminal_safe("a\nb"), "a\nb");
        assert_eq!(
            terminal_safe("\u{1b}]0;pwned\u{7}x\r\t\u{9b}\u{7f}"),
            "\\u{1b}]0;pwned\\u{7}x\\u{d}\\u{9}\\u{9b}\\u{7f}"
        );
    }

    #[test]
    fn zero_prints_without_a_sign() {
        assert_eq!(fixed(-0.0, 3), "0.000");
        assert_eq!(fixed(-1e-12, 3), "0.000");
        assert_eq!(fixed(-0.0004, 3), "0.000");
        assert_eq!(fixed(-0.0005001, 3), "-0.001");
        assert_eq!(fixed(-0.329, 3), "-0.329");
        assert_eq!(fixed(1.5, 1), "1.5");
        assert_eq!(fixed(-0.0, 0), "0");
        assert_eq!(opt(None, 3), "-");
        assert_eq!(opt(Some(-0.0), 3), "0.000");
    }
}

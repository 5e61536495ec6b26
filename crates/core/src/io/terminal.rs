//! Text from the user's files made safe to print on a terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Text safe to show on a terminal: every control character but the line
/// break (ESC, BEL, carriage return, tab, DEL, the C1 controls…) is written as
/// `\u{1b}`, so an id or name cannot move the cursor, retitle the window or
/// hide what is printed. Every text writer's output goes through it; JSON and
/// CSV keep the text, escaped as their formats say.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escaped(text, |c| c.is_control() && c != '\n')
}

/// As [`terminal_safe`], and a line break too: for one-line messages, where
/// an id holding a line break could otherwise print a second, fake line.
pub fn terminal_safe_line(text: &str) -> Cow<'_, str> {
    escaped(text, char::is_control)
}

fn escaped(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_in_an_error_line_is_escaped() {
        assert_eq!(terminal_safe("a\nb"), "a\nb");
        assert_eq!(terminal_safe_line("id\nerror: fake"), "id\\u{a}error: fake");
    }
}

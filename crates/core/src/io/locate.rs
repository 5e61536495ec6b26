//! Finding things in RON source text, to point errors that are found after
//! parsing (unknown ids, duplicates) at a line and column.

use crate::io::error::TextPosition;

/// The text with every comment replaced by spaces, so offsets stay the same
/// and nothing inside a comment is mistaken for a field.
pub fn blank_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == b'"' {
                in_string = false;
            }
            i += 1;
        } else if b == b'"' {
            in_string = true;
            i += 1;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                out[i] = b' ';
                i += 1;
            }
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                if bytes[i] != b'\n' {
                    out[i] = b' ';
                }
                i += 1;
            }
            for _ in 0..2 {
                if i < bytes.len() {
                    out[i] = b' ';
                    i += 1;
                }
            }
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

pub fn position_of(text: &str, offset: usize) -> TextPosition {
    // An offset inside a multi-byte char counts as that char's.
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    TextPosition {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Byte offset of the first `field:` at or after `from` (a whole word).
pub fn find_field(text: &str, from: usize, field: &str) -> Option<usize> {
    let mut start = from;
    while let Some(rel) = text.get(start..)?.find(field) {
        let at = start + rel;
        let before_ok = at == 0
            || !text.as_bytes()[at - 1].is_ascii_alphanumeric() && text.as_bytes()[at - 1] != b'_';
        let after = text[at + field.len()..].trim_start();
        if before_ok && after.starts_with(':') {
            return Some(at);
        }
        start = at + field.len();
    }
    None
}

/// Byte offset of the entry `key: "value"` (the `key`), first at or after `from`.
pub fn find_keyed(text: &str, from: usize, key: &str, value: &str) -> Option<usize> {
    let mut start = from;
    while let Some(at) = find_field(text, start, key) {
        let rest = text[at + key.len()..].trim_start();
        let rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
        if string_at(rest).is_some_and(|v| v == value) {
            return Some(at);
        }
        start = at + key.len();
    }
    None
}

/// The value of the RON string that opens `text` (`"a\"b"` is `a"b`), or
/// None if `text` does not open with a well-formed string.
pub fn string_at(text: &str) -> Option<String> {
    let body = text.strip_prefix('"')?;
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let raw = &text[..i + 2];
                if !raw.contains('\\') {
                    return Some(body[..i].to_owned());
                }
                return ron::from_str::<String>(raw).ok();
            }
            _ => i += 1,
        }
    }
    None
}

/// Byte offset of the `n`th (0-based) item of the list that follows `field:`
/// at or after `from`.
pub fn nth_list_item(text: &str, from: usize, field: &str, n: usize) -> Option<usize> {
    list_items(text, from, field).nth(n)
}

/// The byte offsets where the items of the list after `field:` (first at or
/// after `from`) begin, in order, found in one pass.
fn list_items<'a>(text: &'a str, from: usize, field: &str) -> ListItems<'a> {
    let open =
        find_field(text, from, field).and_then(|at| text[at..].find('[').map(|o| at + o + 1));
    ListItems {
        bytes: text.as_bytes(),
        i: open.unwrap_or(text.len()),
        depth: 0,
        expecting_item: true,
        done: open.is_none(),
    }
}

struct ListItems<'a> {
    bytes: &'a [u8],
    i: usize,
    depth: usize,
    expecting_item: bool,
    done: bool,
}

impl Iterator for ListItems<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let bytes = self.bytes;
        while !self.done && self.i < bytes.len() {
            let at = self.i;
            let b = bytes[at];
            self.i += 1;
            match b {
                b'"' => {
                    let starts_item = self.depth == 0 && self.expecting_item;
                    self.expecting_item &= !starts_item;
                    while self.i < bytes.len() && bytes[self.i] != b'"' {
                        if bytes[self.i] == b'\\' {
                            self.i += 1;
                        }
                        self.i += 1;
                    }
                    self.i += 1;
                    if starts_item {
                        return Some(at);
                    }
                }
                b'(' | b'[' | b'{' => {
                    if self.depth == 0 && self.expecting_item {
                        // An item that opens with a bracket (a tuple) starts here.
                        self.expecting_item = false;
                        self.depth += 1;
                        return Some(at);
                    }
                    self.depth += 1;
                }
                b')' | b']' | b'}' => {
                    if self.depth == 0 {
                        self.done = true; // the list's own closing bracket
                        return None;
                    }
                    self.depth -= 1;
                }
                b',' if self.depth == 0 => self.expecting_item = true,
                _ if self.depth == 0 && self.expecting_item && !b.is_ascii_whitespace() => {
                    self.expecting_item = false;
                    return Some(at);
                }
                _ => {}
            }
        }
        None
    }
}

/// Where an offset falls in the nesting of a RON text: the innermost entry
/// with an `id` around it, the field it is the value of, and which item of
/// an enclosing `path` list it is in. Found in one pass from the start, so a
/// position after a struct or list has closed is not blamed on its last field.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Context {
    /// The `id` of the innermost struct around the offset that has one.
    pub entry: Option<String>,
    /// The field of the innermost struct the offset is in the value of
    /// (None in a list, or between fields).
    pub field: Option<String>,
    /// The item (0-based) of the innermost `path` list around the offset.
    pub path_item: Option<usize>,
    /// The variant of each item of that list up to the offset's (`Cable`,
    /// `Adapter`, …), so the item can be named as the editor names it.
    pub path_kinds: Vec<String>,
    /// How many brackets are open at the offset.
    pub depth: usize,
}

struct Frame {
    list: bool,
    /// The field this bracket is the value of.
    of_field: Option<String>,
    field: Option<String>,
    id: Option<String>,
    commas: usize,
    /// A list's items' variant names, as they start.
    kinds: Vec<String>,
}

pub fn context_at(text: &str, offset: usize) -> Context {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    // The field name of a `name:` just read, not yet given a value.
    let mut i = 0;
    while i < end {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                if let Some(top) = stack.last_mut()
                    && top.field.as_deref() == Some("id")
                    && top.id.is_none()
                {
                    top.id = text.get(start..).and_then(string_at);
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                let of_field = stack.last().and_then(|f| f.field.clone());
                stack.push(Frame {
                    list: b == b'[',
                    of_field,
                    field: None,
                    id: None,
                    commas: 0,
                    kinds: Vec::new(),
                });
            }
            b')' | b']' | b'}' => {
                stack.pop();
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.commas += 1;
                    top.field = None;
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':')
                    && j < end
                    && let Some(top) = stack.last_mut()
                    && !top.list
                {
                    top.field = Some(text[start..i].to_owned());
                } else if bytes.get(j) == Some(&b'(')
                    && let Some(top) = stack.last_mut()
                    && top.list
                    && top.kinds.len() == top.commas
                {
                    // `Cable(` starting an item of a list.
                    top.kinds.push(text[start..i].to_owned());
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let entry = stack.iter().rev().find_map(|f| f.id.clone());
    let field = stack
        .last()
        .filter(|f| !f.list)
        .and_then(|f| f.field.clone());
    let path_list = stack
        .iter()
        .rev()
        .find(|f| f.list && f.of_field.as_deref() == Some("path"));
    Context {
        entry,
        field,
        path_item: path_list.map(|f| f.commas),
        path_kinds: path_list.map(|f| f.kinds.clone()).unwrap_or_default(),
        depth: stack.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Design(\n  // id: \"nope\"\n  links: [\n    Link(id: \"a\", path: [Cable(x: 1), Adapter(keys: UpUp), Splice]),\n    Link(id: \"b\", transceiver: \"x\"),\n  ],\n)\n";

    #[test]
    fn finds_fields_outside_comments() {
        let text = blank_comments(TEXT);
        let at = find_keyed(&text, 0, "id", "b").map(|o| position_of(&text, o));
        assert_eq!(
            at,
            Some(TextPosition {
                line: 5,
                column: 10
            })
        );
        let tr = find_field(
            &text,
            find_keyed(&text, 0, "id", "b").unwrap_or(0),
            "transceiver",
        );
        assert_eq!(tr.map(|o| position_of(&text, o).column), Some(19));
    }

    #[test]
    fn list_items_are_counted_at_the_top_level() {
        let text = blank_comments(TEXT);
        let link_a = find_keyed(&text, 0, "id", "a").unwrap_or(0);
        let third = nth_list_item(&text, link_a, "path", 2).map(|o| &text[o..o + 6]);
        assert_eq!(third, Some("Splice"));
        let second = nth_list_item(&text, link_a, "path", 1).map(|o| &text[o..o + 7]);
        assert_eq!(second, Some("Adapter"));
        assert_eq!(nth_list_item(&text, link_a, "path", 3), None);
    }

    #[test]
    fn a_position_in_a_path_names_its_element_and_field() {
        let text = blank_comments(TEXT);
        let link_a = find_keyed(&text, 0, "id", "a").unwrap_or(0);
        let keys = text.find("UpUp").unwrap_or(0);
        let at = context_at(&text, keys);
        assert_eq!(at.path_item, Some(1));
        assert_eq!(at.field.as_deref(), Some("keys"));
        assert_eq!(context_at(&text, link_a).path_item, None);
    }

    #[test]
    fn an_error_position_names_its_link() {
        let text = blank_comments(TEXT);
        let inside_b = text.find("transceiver").unwrap_or(0);
        assert_eq!(context_at(&text, inside_b).entry.as_deref(), Some("b"));
        assert_eq!(context_at(&text, 5).entry, None);
    }

    /// Found by fuzzing the design loader: a multi-byte char just before a
    /// field name made the name's start fall inside it.
    #[test]
    fn a_field_after_a_multi_byte_char_is_named_without_a_panic() {
        let text = "Cable(\u{1c40d}ends: 4)";
        let at = text.find('4').unwrap_or(0);
        assert_eq!(context_at(text, at).field.as_deref(), Some("ends"));
    }

    #[test]
    fn an_offset_inside_a_multi_byte_char_counts_as_that_char() {
        let text = "ab\u{1c40d}c";
        assert_eq!(position_of(text, 3).column, 3);
        assert_eq!(position_of(text, 6).column, 4);
    }
}

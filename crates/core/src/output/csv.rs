//! CSV output shared by every command: rows written with their header, and
//! text cells kept from running as spreadsheet formulas.

use std::borrow::Cow;

use serde::Serialize;

/// A text cell (an id, a name, a label, a message) as it goes into a CSV
/// file: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage return,
/// which a spreadsheet would run as a formula, gets a leading `'` (as OWASP
/// recommends for CSV injection). Every CSV writer passes its text cells
/// through here; numeric cells never are, so `-0.25` stays a number.
pub fn text_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Serialized rows with a header taken from the first row's field names.
/// The rows' text fields must already have gone through [`text_cell`].
pub fn rows<T: Serialize>(rows: impl IntoIterator<Item = T>) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        if let Err(e) = w.serialize(row) {
            return format!("error: {e}\n");
        }
    }
    finish(w)
}

/// A header and rows of cells already formatted (text cells through [`text_cell`]).
pub fn records<R, C>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = C>,
    C: AsRef<[u8]>,
{
    let mut w = ::csv::Writer::from_writer(Vec::new());
    if let Err(e) = w.write_record(header) {
        return format!("error: {e}\n");
    }
    for row in rows {
        if let Err(e) = w.write_record(row) {
            return format!("error: {e}\n");
        }
    }
    finish(w)
}

fn finish(w: ::csv::Writer<Vec<u8>>) -> String {
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote_and_others_stay() {
        for (cell, out) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("A01-B07", "A01-B07"),
            ("", ""),
            ("'already", "'already"),
        ] {
            assert_eq!(text_cell(cell), out);
        }
    }
}

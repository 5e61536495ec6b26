//! CSV output shared by every command: rows written with their header.

use serde::Serialize;

/// Serialized rows with a header taken from the first row's field names.
pub fn rows<T: Serialize>(rows: impl IntoIterator<Item = T>) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        if let Err(e) = w.serialize(row) {
            return format!("error: {e}\n");
        }
    }
    finish(w)
}

/// A header and rows of cells already formatted.
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

//! A certifier's measured results, as CSV: one row per measured fiber (or
//! per link) and wavelength. Columns by header name, in any order, without
//! case: `link`, `wavelength_nm`, `loss_db`; optional `leg` (harness leg,
//! 1-based), `fiber` (position or strand label) and `length_m`. A
//! certifier's export maps onto these by renaming its columns.

use std::path::Path;

use crate::io::error::{InputError, TextPosition, display_name};
use crate::io::schedule::{MAX_REPORTED, cell_error, combine, header_columns};
use crate::model::limits::{MAX_ID_CHARS, MAX_LENGTH_M};

/// The largest results file read.
pub const MAX_RESULTS_BYTES: u64 = 256 * 1024 * 1024;
/// Most result rows in one file (a million links of eight fibers).
pub const MAX_RESULT_ROWS: usize = 10_000_000;
/// The largest loss a result may give, dB (a broken fiber reads about 60).
pub const MAX_MEASURED_LOSS_DB: f64 = 100.0;

const REQUIRED: [&str; 3] = ["link", "wavelength_nm", "loss_db"];
const OPTIONAL: [&str; 3] = ["leg", "fiber", "length_m"];

/// One measured row.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// 1-based row of the file (the header is row 1).
    pub row: usize,
    pub link: String,
    pub leg: Option<u8>,
    pub fiber: Option<String>,
    pub wavelength_nm: u32,
    pub loss_db: f64,
    pub length_m: Option<f64>,
}

pub fn read(path: &Path) -> Result<Vec<Measured>, InputError> {
    let file = display_name(path);
    let text = crate::io::read::read_text_limited(path, "results file", MAX_RESULTS_BYTES)?;
    parse(&file, &text)
}

/// Every row checked; all bad cells named in one error (file, row, column,
/// link and what was expected); nothing returned when one is bad.
pub fn parse(file: &str, text: &str) -> Result<Vec<Measured>, InputError> {
    let text = crate::io::read::strip_bom(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(InputError::new(file, format!("expected CSV: {e}"))),
        None => {
            return Err(InputError::new(
                file,
                format!(
                    "expected a header row naming the columns {}",
                    REQUIRED.join(", ")
                ),
            ));
        }
    };
    let columns = header_columns(file, 1, &header, &REQUIRED, &OPTIONAL)?;
    let col = |name: &str| columns.get(name).copied();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut bad = 0usize;
    for (n, record) in records.enumerate() {
        let row = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(row, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                return Err(InputError::new(file, format!("expected CSV: {e}"))
                    .at(Some(TextPosition { line, column: 1 })));
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        if out.len() >= MAX_RESULT_ROWS {
            return Err(InputError::new(
                file,
                format!("expected at most {MAX_RESULT_ROWS} result rows (the limit)"),
            )
            .at(Some(TextPosition {
                line: row,
                column: 1,
            })));
        }
        let get = |name: &str| col(name).and_then(|i| record.get(i)).unwrap_or("");
        let link = get("link");
        let mut err = |column: &'static str, message: String| {
            bad += 1;
            if errors.len() < MAX_REPORTED {
                errors.push(cell_error(
                    file,
                    row,
                    col(column).map(|c| c + 1),
                    Some(link),
                    column,
                    message,
                ));
            }
        };
        if link.is_empty() || link.chars().count() > MAX_ID_CHARS {
            err(
                "link",
                format!("expected a link id of 1 to {MAX_ID_CHARS} characters"),
            );
        }
        let leg = match get("leg") {
            "" => None,
            v => match v.parse::<u8>() {
                Ok(l) if l >= 1 => Some(l),
                _ => {
                    err(
                        "leg",
                        format!("expected a harness leg from 1 to 255, found \"{v}\""),
                    );
                    None
                }
            },
        };
        let fiber = match get("fiber") {
            "" => None,
            v if v.chars().count() > MAX_ID_CHARS => {
                err(
                    "fiber",
                    format!("expected a fiber label of at most {MAX_ID_CHARS} characters"),
                );
                None
            }
            v => Some(v.to_owned()),
        };
        let wavelength = get("wavelength_nm");
        let wavelength_nm = match wavelength.parse::<f64>() {
            Ok(w) if w.fract() == 0.0 && (600.0..=1700.0).contains(&w) => Some(w as u32),
            _ => {
                err(
                    "wavelength_nm",
                    format!(
                        "expected a wavelength in nm from 600 to 1700 (850, 1310, …), found \"{wavelength}\""
                    ),
                );
                None
            }
        };
        let loss = get("loss_db");
        let loss_db = match loss.parse::<f64>() {
            // A measured loss can read slightly below 0 after a reference.
            Ok(l) if l.is_finite() && (-1.0..=MAX_MEASURED_LOSS_DB).contains(&l) => Some(l),
            _ => {
                err(
                    "loss_db",
                    format!(
                        "expected a loss in dB from -1 to {MAX_MEASURED_LOSS_DB}, found \"{loss}\""
                    ),
                );
                None
            }
        };
        let length_m = match get("length_m") {
            "" => None,
            v => match v.parse::<f64>() {
                Ok(m) if m.is_finite() && (0.0..=MAX_LENGTH_M).contains(&m) => Some(m),
                _ => {
                    err(
                        "length_m",
                        format!(
                            "expected a length in metres from 0 to {MAX_LENGTH_M}, found \"{v}\""
                        ),
                    );
                    None
                }
            },
        };
        if let (Some(wavelength_nm), Some(loss_db)) = (wavelength_nm, loss_db)
            && !link.is_empty()
        {
            out.push(Measured {
                row,
                link: link.to_owned(),
                leg,
                fiber,
                wavelength_nm,
                loss_db,
                length_m,
            });
        }
    }
    if !errors.is_empty() {
        return Err(combine(file, errors, bad));
    }
    Ok(out)
}

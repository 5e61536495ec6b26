//! Link schedules: the spreadsheet designers keep, one row per link (its
//! module, fiber, the two racks and the length), read from CSV or XLSX/XLSM.
//! Columns are matched by header name, case-insensitively, in any order;
//! other columns are ignored. Every bad cell is reported, each with its
//! file, row, column and what was expected, in one list; a schedule with
//! any bad cell gives no rows at all.

use crate::hash::{Map as HashMap, Set as HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::catalog::{Catalog, ModuleKind, PortConnector};
use crate::io::error::{InputError, TextPosition, display_name};
use crate::model::limits::{MAX_ID_CHARS, MAX_LENGTH_M, MAX_LINK_COUNT};

/// The most links a schedule may give (rows × their counts): the largest AI
/// fabric the product is for.
pub const MAX_SCHEDULE_LINKS: u64 = 1_000_000;
/// The largest schedule file read, bytes.
pub const MAX_SCHEDULE_BYTES: u64 = 256 * 1024 * 1024;
/// Bad cells reported one by one; the rest are counted.
pub(crate) const MAX_REPORTED: usize = 50;

const REQUIRED: [&str; 6] = [
    "id",
    "transceiver",
    "fiber",
    "near_rack",
    "far_rack",
    "length_m",
];
const OPTIONAL: [&str; 5] = ["count", "near_port", "far_port", "template", "grade"];

/// One row of a link schedule, checked against the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    /// 1-based row of the file (the header is row 1).
    pub row: usize,
    pub id: String,
    /// The module, fiber and racks: the same few names row after row, each
    /// kept once for all the rows that name it ([`Repeated`]).
    pub transceiver: Arc<str>,
    pub fiber: Arc<str>,
    pub near_rack: Arc<str>,
    pub far_rack: Arc<str>,
    pub length_m: f64,
    pub count: u32,
    /// A row's own (boxed: 8 bytes smaller than a `String` each).
    pub near_port: Option<Box<str>>,
    pub far_port: Option<Box<str>>,
    /// Kept once for all the rows that name it, as the racks are.
    pub template: Option<Arc<str>>,
    pub grade: Option<Arc<str>>,
    /// Parallel (MPO port) or duplex (LC) module.
    pub kind: ModuleKind,
}

/// Names a schedule repeats row after row, each kept once. A million rows
/// name a few modules and fibers and some thousands of racks; a copy of each
/// in each row was 30% of the rows' memory (some 100 MB), at the peak of
/// planning them.
#[derive(Default)]
struct Repeated(HashSet<Arc<str>>);

impl Repeated {
    fn of(&mut self, name: String) -> Arc<str> {
        if let Some(kept) = self.0.get(name.as_str()) {
            return Arc::clone(kept);
        }
        let kept: Arc<str> = name.into();
        self.0.insert(Arc::clone(&kept));
        kept
    }
}

/// A schedule's rows and where its columns are (for errors found later).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub file: String,
    pub rows: Vec<ScheduleRow>,
    /// 1-based column of each known header.
    pub columns: HashMap<&'static str, usize>,
}

impl Schedule {
    /// An error about `row`'s cell in `column`.
    pub fn error(&self, row: &ScheduleRow, column: &str, message: String) -> InputError {
        cell_error(
            &self.file,
            row.row,
            self.columns.get(column).copied(),
            Some(&row.id),
            column,
            message,
        )
    }
}

/// Whether a file is read as a link schedule (by its extension) rather than
/// as a design file.
pub fn is_schedule(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "csv" | "xlsx" | "xlsm" | "xls" | "ods"
        )
    })
}

/// Reads a CSV or an XLSX/XLSM workbook (the sheet named, or of that 1-based
/// index, or the first).
pub fn read(path: &Path, sheet: Option<&str>, catalog: &Catalog) -> Result<Schedule, InputError> {
    let file = display_name(path);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ext == "xls" || ext == "ods" {
        return Err(InputError::new(
            &file,
            "expected a CSV or an XLSX/XLSM workbook: save the sheet as XLSX (or CSV) first",
        ));
    }
    if ext == "csv" {
        let text = crate::io::read::read_text_limited(path, "link schedule", MAX_SCHEDULE_BYTES)?;
        return parse_csv(&file, &text, catalog);
    }
    let size = std::fs::metadata(path)
        .map_err(|e| InputError::new(&file, format!("cannot read the link schedule: {e}")))?
        .len();
    if size > MAX_SCHEDULE_BYTES {
        return Err(InputError::new(
            &file,
            format!(
                "the link schedule is larger than the limit of {MAX_SCHEDULE_BYTES} bytes; it was not read"
            ),
        ));
    }
    let cells = spreadsheet_cells(path, sheet).map_err(|m| InputError::new(&file, m))?;
    let expected_rows = cells.len();
    parse_cells(
        &file,
        cells
            .into_iter()
            .map(|(n, row)| (n, csv::StringRecord::from(row))),
        catalog,
        expected_rows,
    )
}

/// A CSV schedule's text.
pub fn parse_csv(file: &str, text: &str, catalog: &Catalog) -> Result<Schedule, InputError> {
    let text = crate::io::read::strip_bom(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    // Rows are read as they are checked (a large schedule is not held twice);
    // a CSV error ends the rows and is the answer.
    let mut failed: Option<InputError> = None;
    let mut record = csv::StringRecord::new();
    let mut n = 0usize;
    let rows = std::iter::from_fn(|| {
        if failed.is_some() {
            return None;
        }
        n += 1;
        match reader.read_record(&mut record) {
            Ok(true) => {
                let line = record
                    .position()
                    .map_or(n, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                // One copy of the row (two allocations), not one per cell.
                Some((line, record.clone()))
            }
            Ok(false) => None,
            Err(e) => {
                let line = e
                    .position()
                    .map_or(n, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                failed = Some(
                    InputError::new(file, format!("expected CSV: {e}"))
                        .at(Some(TextPosition { line, column: 1 })),
                );
                None
            }
        }
    });
    // Rows to expect (one a line; quoted line breaks make it an over-count).
    let lines = line_count(text.as_bytes());
    let parsed = parse_cells(file, rows, catalog, lines);
    match failed {
        Some(e) => Err(e),
        None => parsed,
    }
}

/// Columns of a spreadsheet read (a schedule has about a dozen; cells past
/// this are ignored).
const MAX_SHEET_COLUMNS: u32 = 64;

/// Every cell of the sheet as text, with its 1-based row: read cell by cell
/// as the file gives them (calamine's cell reader), so that a sheet whose
/// used area is vast but empty (one cell at XFD1048576) costs what it holds,
/// and no more rows are kept than a schedule may have.
fn spreadsheet_cells(
    path: &Path,
    sheet: Option<&str>,
) -> Result<Vec<(usize, Vec<String>)>, String> {
    use calamine::{DataRef, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e| format!("cannot read the spreadsheet: {e}"))?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names
            .first()
            .cloned()
            .ok_or("the spreadsheet has no sheet")?,
        Some(s) => {
            let by_index = s
                .parse::<usize>()
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| names.get(i).cloned());
            by_index
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(s)).cloned())
                .ok_or_else(|| {
                    format!(
                        "expected a sheet name or a 1-based index, found \"{s}\"; its sheets: {}",
                        names.join(", ")
                    )
                })?
        }
    };
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| format!("cannot read sheet \"{name}\": {e}"))?;
    let max_rows = usize::try_from(MAX_SCHEDULE_LINKS).unwrap_or(usize::MAX) + 1;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(format!("cannot read sheet \"{name}\": {e}")),
        };
        let (r, c) = cell.get_position();
        if c >= MAX_SHEET_COLUMNS {
            continue;
        }
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                s.trim().to_owned()
            }
            DataRef::SharedString(s) => s.trim().to_owned(),
            DataRef::Float(f) => f.to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => b.to_string(),
            other => format!("{other:?}"),
        };
        let row = usize::try_from(r).unwrap_or(usize::MAX).saturating_add(1);
        if rows.last().is_none_or(|(last, _)| *last != row) {
            if rows.len() >= max_rows {
                return Err(format!(
                    "expected at most {MAX_SCHEDULE_LINKS} link rows in one schedule (the limit); sheet \"{name}\" has more"
                ));
            }
            rows.push((row, Vec::new()));
        }
        if let Some((_, row_cells)) = rows.last_mut() {
            let c = c as usize;
            if row_cells.len() <= c {
                row_cells.resize(c + 1, String::new());
            }
            row_cells[c] = text;
        }
    }
    // The file gives rows in order; a hand-made one might not.
    rows.sort_by_key(|(r, _)| *r);
    Ok(rows)
}

pub(crate) fn cell_error(
    file: &str,
    row: usize,
    column: Option<usize>,
    link: Option<&str>,
    field: &str,
    message: String,
) -> InputError {
    InputError::new(file, message)
        .at(Some(TextPosition {
            line: row,
            column: column.unwrap_or(1),
        }))
        .in_link(link.filter(|l| !l.is_empty()).map(str::to_owned))
        .field(field.to_owned())
}

/// Where each known column of a table is (0-based), by header name
/// without case: each at most once, every `required` one present. Shared
/// by link schedules and test results.
pub(crate) fn header_columns(
    file: &str,
    header_row: usize,
    header: &csv::StringRecord,
    required: &[&'static str],
    optional: &[&'static str],
) -> Result<HashMap<&'static str, usize>, InputError> {
    let mut columns: HashMap<&'static str, usize> = HashMap::default();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        if let Some(known) = required.iter().chain(optional).find(|k| **k == name)
            && columns.insert(known, i).is_some()
        {
            return Err(cell_error(
                file,
                header_row,
                Some(i + 1),
                None,
                known,
                format!("expected each column once, found a second \"{known}\""),
            ));
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|c| !columns.contains_key(*c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(InputError::new(
            file,
            format!(
                "expected the column{} {} in the header row (found {})",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                header
                    .iter()
                    .filter(|h| !h.is_empty())
                    .map(|h| format!("\"{h}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .at(Some(TextPosition {
            line: header_row,
            column: 1,
        })));
    }
    Ok(columns)
}

/// The header row and the rows under it, checked.
fn parse_cells(
    file: &str,
    mut rows: impl Iterator<Item = (usize, csv::StringRecord)>,
    catalog: &Catalog,
    expected_rows: usize,
) -> Result<Schedule, InputError> {
    let Some((header_row, header)) = rows.find(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
    else {
        return Err(InputError::new(
            file,
            format!(
                "expected a header row naming the columns {}",
                REQUIRED.join(", ")
            ),
        ));
    };
    let columns = header_columns(file, header_row, &header, &REQUIRED, &OPTIONAL)?;
    let at: Vec<(&str, usize)> = columns.iter().map(|(k, v)| (*k, *v)).collect();
    let mut errors: Vec<InputError> = Vec::new();
    let mut bad = 0usize;
    // Reserved: growing a list of 100,000 rows by doubling copied it whole
    // several times over fresh memory.
    let mut out = Vec::with_capacity(expected_rows.min(MAX_SCHEDULE_LINKS as usize));
    let mut ids: HashSet<String> = HashSet::default();
    let mut repeated = Repeated::default();
    let mut links: u64 = 0;
    for (row, cells) in rows {
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        // The columns looked up in a list of a dozen (hashing each name for
        // each cell of 100,000 rows cost more).
        let get = |c: &str| -> &str {
            at.iter()
                .find(|(name, _)| *name == c)
                .and_then(|&(_, i)| cells.get(i))
                .map_or("", str::trim)
        };
        let id = get("id").to_owned();
        let mut err = |column: &str, message: String| {
            bad += 1;
            if errors.len() < MAX_REPORTED {
                errors.push(cell_error(
                    file,
                    row,
                    columns.get(column).map(|c| c + 1),
                    Some(&id),
                    column,
                    message,
                ));
            }
        };
        let text =
            |column: &str, what: &str, err: &mut dyn FnMut(&str, String)| -> Option<String> {
                let v = get(column);
                if v.is_empty() {
                    err(column, format!("expected {what}, found an empty cell"));
                    None
                } else if v.chars().count() > MAX_ID_CHARS {
                    err(
                        column,
                        format!("expected {what} of at most {MAX_ID_CHARS} characters"),
                    );
                    None
                } else {
                    Some(v.to_owned())
                }
            };
        let optional = |column: &str, err: &mut dyn FnMut(&str, String)| -> Option<String> {
            let v = get(column);
            if v.chars().count() > MAX_ID_CHARS {
                err(
                    column,
                    format!("expected a label of at most {MAX_ID_CHARS} characters"),
                );
                None
            } else {
                (!v.is_empty()).then(|| v.to_owned())
            }
        };
        let id_ok = text("id", "a link id", &mut err);
        if let Some(i) = &id_ok
            && !ids.insert(i.to_lowercase())
        {
            err(
                "id",
                format!(
                    "expected a link id of its own, found \"{i}\" again (or as a counted row's link)"
                ),
            );
        }
        let transceiver = text("transceiver", "a transceiver id", &mut err);
        let module = transceiver.as_deref().and_then(|t| {
            let found = catalog.find_transceiver(t).map(|i| catalog.transceiver(i));
            if found.is_none() {
                err(
                    "transceiver",
                    format!("expected a transceiver of the catalog, found \"{t}\""),
                );
            }
            found
        });
        let fiber = text("fiber", "a fiber id", &mut err);
        if let Some(f) = &fiber
            && catalog.find_fiber(f).is_none()
        {
            err(
                "fiber",
                format!("expected a fiber of the catalog (OM3, OM4, OS2, …), found \"{f}\""),
            );
        }
        let near_rack = text("near_rack", "the near rack", &mut err);
        let far_rack = text("far_rack", "the far rack", &mut err);
        if let (Some(a), Some(b)) = (&near_rack, &far_rack)
            && a.to_lowercase() == b.to_lowercase()
        {
            err(
                "far_rack",
                format!("expected another rack than the near one, found \"{b}\" at both ends"),
            );
        }
        let length_m = {
            let v = get("length_m");
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x > 0.0 && x <= MAX_LENGTH_M => Some(x),
                _ => {
                    err(
                        "length_m",
                        format!(
                            "expected a length in metres above 0 and at most {MAX_LENGTH_M}, found \"{v}\""
                        ),
                    );
                    None
                }
            }
        };
        let count = {
            let v = get("count");
            if v.is_empty() {
                Some(1)
            } else {
                // A spreadsheet's number cell reads as "12" or "12.0".
                let n = v
                    .parse::<u32>()
                    .ok()
                    .or_else(|| {
                        v.parse::<f64>()
                            .ok()
                            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                            .map(|f| f as u32)
                    })
                    .filter(|n| (1..=MAX_LINK_COUNT).contains(n));
                if n.is_none() {
                    err(
                        "count",
                        format!(
                            "expected a whole number of links from 1 to {MAX_LINK_COUNT}, found \"{v}\""
                        ),
                    );
                }
                n
            }
        };
        let near_port = optional("near_port", &mut err);
        let far_port = optional("far_port", &mut err);
        let template = optional("template", &mut err);
        let kind = module.map(|m| match m.connector {
            PortConnector::LcDuplex => ModuleKind::Duplex,
            PortConnector::Mpo => ModuleKind::Parallel,
        });
        if let Some(t) = &template {
            match catalog.find_template(t) {
                None => err(
                    "template",
                    format!(
                        "expected a channel template of the catalog ({}), found \"{t}\"",
                        catalog
                            .templates()
                            .iter()
                            .map(|t| t.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                Some(found) => {
                    if let Some(k) = kind
                        && !found.is_for(k)
                    {
                        err(
                            "template",
                            format!(
                                "expected a template for {} modules, found \"{t}\" (for {})",
                                kind_word(k),
                                found
                                    .modules
                                    .iter()
                                    .map(|m| kind_word(*m))
                                    .collect::<Vec<_>>()
                                    .join(" and ")
                            ),
                        );
                    }
                }
            }
        }
        let grade = optional("grade", &mut err);
        if let Some(g) = &grade
            && catalog.find_grade(g).is_none()
        {
            err(
                "grade",
                format!(
                    "expected a connector grade of the catalog (mpo, mtp, mtp-elite, …), found \"{g}\""
                ),
            );
        }
        if let Some(c) = count {
            links = links.saturating_add(u64::from(c));
            if links > MAX_SCHEDULE_LINKS {
                err(
                    "count",
                    format!(
                        "expected at most {MAX_SCHEDULE_LINKS} links in one schedule (the limit); this row passes it"
                    ),
                );
                break;
            }
            // Counted links become `ID/1`, `ID/2`, …: each must be an id of
            // its own, within the id limit.
            if c > 1
                && let Some(i) = &id_ok
            {
                let longest = i.chars().count() + 1 + c.to_string().len();
                if longest > MAX_ID_CHARS {
                    err(
                        "id",
                        format!(
                            "expected a link id of at most {} characters with {c} identical links (they become \"{i}/1\" … \"{i}/{c}\", at most {MAX_ID_CHARS} characters)",
                            MAX_ID_CHARS.saturating_sub(1 + c.to_string().len())
                        ),
                    );
                } else if let Some(k) =
                    (1..=c).find(|k| !ids.insert(format!("{i}/{k}").to_lowercase()))
                {
                    err(
                        "count",
                        format!(
                            "expected links of ids of their own, but \"{i}/{k}\" (one of this row's {c} links) is another row's id"
                        ),
                    );
                }
            }
        }
        if let (
            Some(id),
            Some(transceiver),
            Some(fiber),
            Some(near_rack),
            Some(far_rack),
            Some(length_m),
            Some(count),
            Some(kind),
        ) = (
            id_ok,
            transceiver,
            fiber,
            near_rack,
            far_rack,
            length_m,
            count,
            kind,
        ) {
            out.push(ScheduleRow {
                row,
                id,
                transceiver: repeated.of(transceiver),
                fiber: repeated.of(fiber),
                near_rack: repeated.of(near_rack),
                far_rack: repeated.of(far_rack),
                length_m,
                count,
                near_port: near_port.map(String::into_boxed_str),
                far_port: far_port.map(String::into_boxed_str),
                template: template.map(|t| repeated.of(t)),
                grade: grade.map(|g| repeated.of(g)),
                kind,
            });
        }
    }
    if !errors.is_empty() {
        return Err(combine(file, errors, bad));
    }
    if out.is_empty() {
        return Err(InputError::new(
            file,
            "expected at least one link row under the header",
        ));
    }
    Ok(Schedule {
        file: file.to_owned(),
        rows: out,
        columns: columns.into_iter().map(|(k, v)| (k, v + 1)).collect(),
    })
}

/// Line breaks in `bytes`.
fn line_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 1
}

pub fn kind_word(k: ModuleKind) -> &'static str {
    match k {
        ModuleKind::Parallel => "parallel (MPO)",
        ModuleKind::Duplex => "duplex (LC)",
    }
}

/// The first error, with every other one listed under it.
pub fn combine(file: &str, mut errors: Vec<InputError>, total: usize) -> InputError {
    let shown = errors.len();
    let first = errors.remove(0);
    let mut more = errors;
    if total > shown {
        more.push(InputError::new(
            file,
            format!("… and {} more bad cells", total - shown),
        ));
    }
    first.with_more(more)
}

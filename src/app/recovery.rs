//! Unsaved work kept in a recovery file a few seconds after the last edit, and
//! offered back on the next start if the app did not exit cleanly.
//!
//! The file is a design file with one line before it: a comment saying what
//! the work is (its file, its name, how many links, when). The question at
//! start reads that line alone, so a million links' recovery (some 600 MB)
//! neither delays the first frame nor sits in memory beside the design; on
//! Restore the design is opened as any design file is, a large one in the
//! background with its progress shown.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::document::Document;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file::{self, write_atomically_with};
use mpo_budget_core::io::ron_format;
use mpo_budget_core::model::Design;

/// Seconds of quiet after an edit before the recovery file is written.
pub const IDLE_SECONDS: f64 = 3.0;

/// What begins a recovery file's first line; the header follows it.
const HEADER_START: &str = "// mpo-budget unsaved work: ";

/// The longest first line read for the header: a path and a design name.
const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// What the unsaved work is: the recovery file's first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Recovery")]
pub struct Header {
    /// The file the design was opened from or saved to, if any.
    pub file: Option<PathBuf>,
    /// Seconds since 1970 when the recovery was written.
    pub written_unix_s: u64,
    /// The design's name.
    pub name: String,
    /// How many links it has.
    pub links: usize,
}

impl Header {
    /// What the question calls the work: its file, else its design's name.
    pub fn what(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(|| self.name.clone(), |f| f.display().to_string())
    }

    /// How long ago the work was kept, as of `now_unix_s` ("4 minutes
    /// ago"); `None` where the clock says it is from the future.
    pub fn age_words(&self, now_unix_s: u64) -> Option<String> {
        let s = now_unix_s.checked_sub(self.written_unix_s)?;
        let (n, unit) = match s {
            0..60 => return Some("moments ago".to_owned()),
            60..3_600 => (s / 60, "minute"),
            3_600..86_400 => (s / 3_600, "hour"),
            _ => (s / 86_400, "day"),
        };
        Some(format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" }))
    }
}

/// Seconds since 1970 by the system clock.
pub fn now_unix_s() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Unsaved work found at start, waiting for Restore or Discard.
pub struct Offer {
    pub header: Header,
    /// The design, opened already where the file is small; `None` where it
    /// is large: opened in the background on Restore.
    pub kept: Option<Box<Document>>,
}

/// The recovery file as an earlier mpo-budget wrote it: the design inside
/// (read whole, once, to offer it back).
#[derive(Deserialize)]
#[serde(rename = "Recovery")]
struct Nested {
    file: Option<PathBuf>,
    written_unix_s: u64,
    design: Design,
}

/// How a write ended that did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Written,
    /// Stopped by `stop` before its text was whole: the file as it was.
    Stopped,
}

/// Writes the recovery file whole, or stops, leaving the file as it was,
/// once `stop` is set (an edit is waiting for the design). `design` is let
/// go of as soon as its text is written, before the file is flushed to
/// disk (an `Arc` lent by the app: an edit waits for it alone). An error is
/// a real failure, never the stop.
pub fn write(
    path: &Path,
    file: Option<&Path>,
    design: impl std::ops::Deref<Target = Design>,
    stop: &AtomicBool,
) -> std::io::Result<Outcome> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let header = Header {
        file: file.map(Path::to_owned),
        written_unix_s: now_unix_s(),
        name: design.name.clone(),
        links: design.links.len(),
    };
    // Whether the writer refused to go on: the error that follows is the
    // stop, however the serializer words it.
    let refused = std::cell::Cell::new(false);
    let refused_ref = &refused;
    // Streamed to the file as it is laid out, never held whole.
    let written = write_atomically_with(path, move |w| {
        let written = write_text(
            &mut Stoppable {
                w,
                stop,
                refused: refused_ref,
            },
            &header,
            &design,
        );
        drop(design);
        written
    });
    match written {
        Ok(()) => Ok(Outcome::Written),
        Err(_) if refused.get() => Ok(Outcome::Stopped),
        Err(e) => Err(e),
    }
}

/// The recovery file's text: the header line, then the design file's text
/// (a large design's links written on every core).
fn write_text(w: &mut dyn Write, header: &Header, design: &Design) -> std::io::Result<()> {
    // One line: ron escapes a line break in a path or a name.
    let line = ron_format::options()
        .to_string(header)
        .map_err(std::io::Error::other)?;
    writeln!(w, "{HEADER_START}{line}")?;
    design_file::write_text(w, design)
}

/// A writer that fails once `stop` is set, so the text is left unfinished
/// and the file as it was.
struct Stoppable<'a> {
    w: &'a mut dyn Write,
    stop: &'a AtomicBool,
    /// Set once a write was refused.
    refused: &'a std::cell::Cell<bool>,
}

impl Write for Stoppable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            self.refused.set(true);
            return Err(std::io::Error::other("stopped for an edit"));
        }
        self.w.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

/// The unsaved work in the recovery file: `None` where there is no file,
/// `Err` (why) where there is one that cannot be read. A small file's design
/// is opened (checked and judged) now; a large one's only its header is
/// read, and the design waits for Restore ([`open_kept`]).
pub fn read(path: &Path, catalog: &Catalog) -> Result<Option<Offer>, String> {
    let file = match std::fs::File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read the recovery file: {e}")),
        Ok(f) => f,
    };
    let mut first = Vec::new();
    std::io::BufReader::new(&file)
        .take(MAX_HEADER_BYTES)
        .read_until(b'\n', &mut first)
        .map_err(|e| format!("cannot read the recovery file: {e}"))?;
    if first.is_empty() {
        return Err("the recovery file is empty".to_owned());
    }
    let Some(line) = std::str::from_utf8(&first)
        .ok()
        .map(mpo_budget_core::io::read::strip_bom)
        .and_then(|l| l.strip_prefix(HEADER_START))
    else {
        return read_nested(path, catalog).map(Some);
    };
    let header: Header = ron_format::options()
        .from_str(line.trim_end())
        .map_err(|e| format!("its first line is not a recovery header: {e}"))?;
    let large = file
        .metadata()
        .is_ok_and(|m| m.len() >= super::loading::BACKGROUND_BYTES);
    let kept = if large {
        None
    } else {
        Some(Box::new(open_kept(path, header.file.clone(), catalog)?))
    };
    Ok(Some(Offer { header, kept }))
}

/// The kept design opened from the recovery file at `path`, as the unsaved
/// work on `file` (or on no file). Read as a design file is, but judged as
/// the app judges work in hand: a link the editor allows and a design file's
/// check refuses (a port past the module's) comes back with its problem
/// shown, not with the whole work refused.
pub fn open_kept(
    path: &Path,
    file: Option<PathBuf>,
    catalog: &Catalog,
) -> Result<Document, String> {
    open_kept_reporting(path, file, catalog, &std::sync::atomic::AtomicU64::new(0))
}

/// As [`open_kept`], keeping `read` at the bytes read so far (on Restore,
/// in the background, for the progress bar).
pub fn open_kept_reporting(
    path: &Path,
    file: Option<PathBuf>,
    catalog: &Catalog,
    read: &std::sync::atomic::AtomicU64,
) -> Result<Document, String> {
    // As a design file first (the leanest open: a million links over
    // shared parts peaked 36 MB lower); only work that a design file's
    // check refuses is read again, unchecked.
    let doc = match Document::open_reporting(path, catalog, read) {
        Ok(doc) => doc,
        Err(_) => design_file::read_unchecked_reporting(path, read)
            .map(|design| Document::new(design, None, catalog))
            .map_err(|e| e.to_string())?,
    };
    Ok(doc.restored(file))
}

/// A recovery file of an earlier mpo-budget, the design inside: read whole.
fn read_nested(path: &Path, catalog: &Catalog) -> Result<Offer, String> {
    // The largest design file, laid out one level deeper, and its header.
    const MAX_RECOVERY_BYTES: u64 = design_file::MAX_DESIGN_BYTES / 4 * 5;
    let text =
        mpo_budget_core::io::read::read_text_limited(path, "recovery file", MAX_RECOVERY_BYTES)
            .map_err(|e| e.to_string())?;
    // The fast reader first (it returns what ron would, or leaves the text
    // to ron).
    let nested: Nested = match mpo_budget_core::io::fast_ron::from_str(&text) {
        Some(nested) => nested,
        None => ron_format::options()
            .from_str(&text)
            .map_err(|e| e.to_string())?,
    };
    drop(text);
    let header = Header {
        file: nested.file.clone(),
        written_unix_s: nested.written_unix_s,
        name: nested.design.name.clone(),
        links: nested.design.links.len(),
    };
    let doc = Document::new(nested.design, None, catalog).restored(nested.file);
    Ok(Offer {
        header,
        kept: Some(Box::new(doc)),
    })
}

pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Where the app keeps it: beside eframe's own storage.
pub fn default_path() -> Option<PathBuf> {
    eframe::storage_dir("mpo-budget").map(|d| d.join("recovery.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::builtin().expect("the catalog loads")
    }

    /// What is written is read back whole, with or without its file; its
    /// first line says what the work is, and the rest is the design file's
    /// text. A small file is opened at once; a large one only on Restore.
    #[test]
    fn a_recovery_is_read_back_as_written() {
        let catalog = catalog();
        let synthetic = mpo_budget_core::model::synthetic::synthetic_design;
        let small = synthetic(&catalog, 50, 9);
        // Large enough to be read in the background, its links written on every core.
        let large = synthetic(
            &catalog,
            design_file::written_in_shares::SHARED_FROM_LINKS + 1,
            9,
        );
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        let odd = Path::new("/work/fabric \"A\"\nhall.ron");
        for (design, file) in [
            (&small, None),
            (&small, Some(odd)),
            (&large, Some(Path::new("/work/hall.ron"))),
        ] {
            let outcome = write(&path, file, design, &AtomicBool::new(false)).expect("written");
            assert_eq!(outcome, Outcome::Written);
            let text = std::fs::read_to_string(&path).expect("there");
            let (first, rest) = text.split_once('\n').expect("lines");
            assert!(first.starts_with(HEADER_START), "{first}");
            assert_eq!(rest, design_file::to_text(design));
            let offer = read(&path, &catalog).expect("readable").expect("there");
            assert_eq!(offer.header.file.as_deref(), file);
            assert_eq!(offer.header.name, design.name);
            assert_eq!(offer.header.links, design.links.len());
            let large = std::fs::metadata(&path).expect("there").len()
                >= super::super::loading::BACKGROUND_BYTES;
            assert_eq!(offer.kept.is_none(), large, "opened at once only if small");
            let doc = match offer.kept {
                Some(doc) => *doc,
                None => open_kept(&path, offer.header.file, &catalog).expect("opens"),
            };
            assert_eq!(doc.design(), design);
            assert_eq!(doc.path.as_deref(), file);
            assert!(doc.is_modified(), "unsaved work");
        }
    }

    /// A recovery file as mpo-budget wrote it before (the design inside
    /// it) is still offered back, and with what it was about.
    #[test]
    fn an_earlier_recovery_file_is_offered_back() {
        #[derive(Serialize)]
        #[serde(rename = "Recovery")]
        struct Earlier<'a> {
            file: Option<&'a Path>,
            written_unix_s: u64,
            design: &'a Design,
        }
        let catalog = catalog();
        let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 20, 5);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        for file in [None, Some(Path::new("/work/hall.ron"))] {
            let text = ron_format::options()
                .to_string_pretty(
                    &Earlier {
                        file,
                        written_unix_s: 1_700_000_000,
                        design: &design,
                    },
                    ron::ser::PrettyConfig::new().struct_names(true),
                )
                .expect("written");
            std::fs::write(&path, text).expect("written");
            let offer = read(&path, &catalog).expect("readable").expect("there");
            assert_eq!(offer.header.file.as_deref(), file);
            assert_eq!(offer.header.written_unix_s, 1_700_000_000);
            assert_eq!(offer.header.links, 20);
            let doc = offer.kept.expect("read whole");
            assert_eq!(*doc.design(), design);
            assert_eq!(doc.path.as_deref(), file);
            assert!(doc.is_modified());
        }
    }

    /// A large recovery file cut short (a full disk, a kill mid-copy) is
    /// offered from its header, and Restore says why it cannot be opened,
    /// naming the line the text stops at.
    #[test]
    fn a_large_recovery_cut_short_is_refused_on_restore() {
        let catalog = catalog();
        let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 4_000, 3);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        write(&path, None, &design, &AtomicBool::new(false)).expect("written");
        let whole = std::fs::read(&path).expect("there");
        std::fs::write(&path, &whole[..whole.len() / 2]).expect("cut");
        let offer = read(&path, &catalog)
            .expect("its header reads")
            .expect("there");
        assert!(offer.kept.is_none());
        assert_eq!(offer.header.links, 4_000);
        let why = open_kept(&path, None, &catalog).err().expect("refused");
        assert!(why.contains("recovery.ron:"), "{why}");
    }

    /// Work with a link the editor allows but a design file's check
    /// refuses (a port past the module's) comes back whole, the link judged
    /// unresolved, small or large.
    #[test]
    fn work_with_a_link_a_design_file_refuses_is_restored() {
        let catalog = catalog();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        for links in [20, 4_000] {
            let mut design =
                mpo_budget_core::model::synthetic::synthetic_design(&catalog, links, 6);
            design.links[1].port = 200;
            write(&path, None, &design, &AtomicBool::new(false)).expect("written");
            let offer = read(&path, &catalog).expect("readable").expect("there");
            let doc = match offer.kept {
                Some(doc) => *doc,
                None => open_kept(&path, None, &catalog).expect("opens"),
            };
            assert_eq!(*doc.design(), design, "{links} links");
            assert!(
                matches!(
                    doc.result(1),
                    Some(super::super::document::LinkResult::Unresolved(_))
                ),
                "{links} links"
            );
        }
    }

    /// A recovery file with a byte-order mark is read as one without; an
    /// empty one is said to be empty.
    #[test]
    fn a_byte_order_mark_is_accepted_and_an_empty_file_named() {
        let catalog = catalog();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 5, 2);
        write(&path, None, &design, &AtomicBool::new(false)).expect("written");
        let mut marked = b"\xEF\xBB\xBF".to_vec();
        marked.extend(std::fs::read(&path).expect("there"));
        std::fs::write(&path, marked).expect("written");
        let offer = read(&path, &catalog).expect("readable").expect("there");
        assert_eq!(*offer.kept.expect("small").design(), design);
        std::fs::write(&path, "").expect("written");
        assert_eq!(
            read(&path, &catalog).err().as_deref(),
            Some("the recovery file is empty")
        );
    }

    /// The question says how long ago the work was kept, in the largest
    /// whole unit, and nothing for a time the clock has not reached.
    #[test]
    fn the_age_of_kept_work_is_said_in_words() {
        let header = |written_unix_s| Header {
            file: None,
            written_unix_s,
            name: String::new(),
            links: 0,
        };
        let at = 1_000_000;
        for (ago, words) in [
            (0, "moments ago"),
            (59, "moments ago"),
            (60, "1 minute ago"),
            (3_599, "59 minutes ago"),
            (3_600, "1 hour ago"),
            (86_399, "23 hours ago"),
            (86_400, "1 day ago"),
            (10 * 86_400, "10 days ago"),
        ] {
            assert_eq!(header(at - ago).age_words(at).as_deref(), Some(words));
        }
        assert_eq!(header(at + 1).age_words(at), None);
    }

    /// A first line that begins as a header but is not one is refused at
    /// start, with what is wrong.
    #[test]
    fn a_broken_header_is_refused() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        std::fs::write(&path, format!("{HEADER_START}Recovery(file: 3)\nDesign()"))
            .expect("written");
        let why = read(&path, &catalog()).err().expect("refused");
        assert!(why.contains("not a recovery header"), "{why}");
    }

    /// Told to stop midway through a large design's links (written on every
    /// core), the text stops short and the write fails, its threads ended.
    #[test]
    fn a_write_stops_midway_through_the_links() {
        let catalog = mpo_budget_core::catalog::Catalog::builtin().expect("the catalog loads");
        let design = mpo_budget_core::model::synthetic::synthetic_design(
            &catalog,
            3 * design_file::written_in_shares::SHARED_FROM_LINKS,
            4,
        );
        let written = |stop_after: usize| {
            /// Sets `stop` once `stop_after` bytes are written.
            struct StopsAfter<'a> {
                out: Vec<u8>,
                stop_after: usize,
                stop: &'a AtomicBool,
            }
            impl Write for StopsAfter<'_> {
                fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                    self.out.extend_from_slice(buf);
                    if self.out.len() >= self.stop_after {
                        self.stop.store(true, Ordering::Relaxed);
                    }
                    Ok(buf.len())
                }
                fn flush(&mut self) -> std::io::Result<()> {
                    Ok(())
                }
            }
            let stop = AtomicBool::new(false);
            let mut w = StopsAfter {
                out: Vec::new(),
                stop_after,
                stop: &stop,
            };
            let header = Header {
                file: None,
                written_unix_s: 0,
                name: design.name.clone(),
                links: design.links.len(),
            };
            let refused = std::cell::Cell::new(false);
            let result = write_text(
                &mut Stoppable {
                    w: &mut w,
                    stop: &stop,
                    refused: &refused,
                },
                &header,
                &design,
            );
            assert_eq!(refused.get(), result.is_err());
            (result, w.out.len())
        };
        let (whole, length) = written(usize::MAX);
        assert!(whole.is_ok());
        for stop_after in [1, 1 << 20, length / 2] {
            let (stopped, got) = written(stop_after);
            let why = stopped.expect_err("stopped").to_string();
            assert_eq!(why, "stopped for an edit");
            assert!(got < length, "{got} of {length} bytes");
        }
    }

    /// A write told to stop fails, leaving the file as the last whole write
    /// left it and nothing beside it.
    #[test]
    fn a_stopped_write_leaves_the_file_as_it_was() {
        let catalog = mpo_budget_core::catalog::Catalog::builtin().expect("the catalog loads");
        let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 50, 9);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        write(&path, None, &design, &AtomicBool::new(false)).expect("written");
        let before = std::fs::read(&path).expect("there");
        let other = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 60, 3);
        let stopped = write(&path, None, &other, &AtomicBool::new(true));
        assert_eq!(stopped.ok(), Some(Outcome::Stopped));
        assert_eq!(std::fs::read(&path).expect("still there"), before);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listed")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        assert_eq!(names, ["recovery.ron"]);
    }
}

//! Unsaved work kept in a recovery file a few seconds after the last edit, and
//! offered back on the next start if the app did not exit cleanly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use mpo_budget_core::io::design_file::{self, write_atomically_with, written_in_shares};
use mpo_budget_core::io::ron_format;
use mpo_budget_core::model::{Design, Link};

/// Seconds of quiet after an edit before the recovery file is written.
pub const IDLE_SECONDS: f64 = 3.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Recovery")]
pub struct Recovery {
    /// The file the design was opened from or saved to, if any.
    pub file: Option<PathBuf>,
    /// Seconds since 1970 when the recovery was written.
    pub written_unix_s: u64,
    pub design: Design,
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
    let written_unix_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
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
            Written {
                file,
                written_unix_s,
                design: &design,
            },
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

/// A recovery file's content, written from the design as it is, not a copy
/// (a million links).
#[derive(Serialize, Clone, Copy)]
#[serde(rename = "Recovery")]
struct Written<'a> {
    file: Option<&'a Path>,
    written_unix_s: u64,
    design: &'a Design,
}

/// The recovery file's text; a large design's links written on every core.
fn write_text(w: &mut dyn Write, r: Written<'_>) -> std::io::Result<()> {
    // As a design file is laid out (a path element a line), one level down.
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(5)
        .indentor("    ".to_owned())
        .struct_names(true);
    // The links alone at their depth in the recovery file.
    #[derive(Serialize)]
    #[serde(rename = "Recovery")]
    struct LinksOnly<'a> {
        design: written_in_shares::LinksOnly<'a>,
    }
    let bare = |links: &[Link]| {
        written_in_shares::text(
            &LinksOnly {
                design: written_in_shares::LinksOnly { links },
            },
            &config,
        )
    };
    let framed = || {
        let first = written_in_shares::with_first_link(r.design);
        written_in_shares::text(
            &Written {
                design: &first,
                ..r
            },
            &config,
        )
    };
    written_in_shares::write(w, &r, &r.design.links, framed, &bare, &config)
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

/// The recovery file's content: `None` where there is no file, `Err` (why)
/// where there is one that cannot be read.
pub fn read(path: &Path) -> Result<Option<Recovery>, String> {
    // The largest design file, laid out one level deeper, and its header.
    const MAX_RECOVERY_BYTES: u64 = design_file::MAX_DESIGN_BYTES / 4 * 5;
    if let Err(e) = std::fs::metadata(path)
        && e.kind() == std::io::ErrorKind::NotFound
    {
        return Ok(None);
    }
    let text =
        mpo_budget_core::io::read::read_text_limited(path, "recovery file", MAX_RECOVERY_BYTES)
            .map_err(|e| e.to_string())?;
    // The fast reader first (it returns what ron would, or leaves the text
    // to ron): a million links' recovery read in a fraction of ron's time.
    if let Some(recovery) = mpo_budget_core::io::fast_ron::from_str(&text) {
        return Ok(Some(recovery));
    }
    ron_format::options()
        .from_str(&text)
        .map(Some)
        .map_err(|e| e.to_string())
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

    /// What is written is read back whole, with or without its file (the
    /// fast reader takes the one, ron the other), and laid out a path
    /// element a line, as design files are.
    #[test]
    fn a_recovery_is_read_back_as_written() {
        let catalog = mpo_budget_core::catalog::Catalog::builtin().expect("the catalog loads");
        // Small, and large enough for its links to be written on every core.
        let small = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 50, 9);
        let large = mpo_budget_core::model::synthetic::synthetic_design(
            &catalog,
            written_in_shares::SHARED_FROM_LINKS + 1,
            9,
        );
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("recovery.ron");
        for (design, file) in [
            (&small, None),
            (&small, Some(Path::new("/work/fabric \"A\".ron"))),
            (&large, Some(Path::new("/work/hall.ron"))),
        ] {
            let outcome = write(&path, file, design, &AtomicBool::new(false)).expect("written");
            assert_eq!(outcome, Outcome::Written);
            let text = std::fs::read_to_string(&path).expect("there");
            assert!(
                text.contains("\n                    Adapter(keys: UpUp),\n"),
                "{}",
                &text[..600]
            );
            let read = read(&path).expect("readable").expect("there");
            assert_eq!(&read.design, design);
            assert_eq!(read.file.as_deref(), file);
        }
    }

    /// Told to stop midway through a large design's links (written on every
    /// core), the text stops short and the write fails, its threads ended.
    #[test]
    fn a_write_stops_midway_through_the_links() {
        let catalog = mpo_budget_core::catalog::Catalog::builtin().expect("the catalog loads");
        let design = mpo_budget_core::model::synthetic::synthetic_design(
            &catalog,
            3 * written_in_shares::SHARED_FROM_LINKS,
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
            let r = Written {
                file: None,
                written_unix_s: 0,
                design: &design,
            };
            let refused = std::cell::Cell::new(false);
            let result = write_text(
                &mut Stoppable {
                    w: &mut w,
                    stop: &stop,
                    refused: &refused,
                },
                r,
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

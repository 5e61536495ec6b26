//! Opening a large design off the UI thread: the window shows what is being
//! opened, how large it is and for how long, from its first frame, and stays
//! responsive (the menu works, the opening can be cancelled). Small files
//! open at once, as before.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use super::document::Document;
use mpo_budget_core::catalog::Catalog;

/// Files from this size on are opened in the background (about 1,500 links;
/// below it a design opens within a frame or two).
pub const BACKGROUND_BYTES: u64 = 1 << 20;

pub struct Loading {
    pub path: PathBuf,
    /// Unsaved work being restored from the recovery file at `path` (its
    /// design is then the work on the file it was kept for, not `path`):
    /// what the work is, offered again if the restore is dropped.
    pub restoring: Option<super::recovery::Header>,
    pub bytes: u64,
    started: Instant,
    /// Bytes of the file read so far, kept by the opening thread.
    read: Arc<AtomicU64>,
    handle: super::background::Job<Result<Document, String>>,
}

impl Loading {
    /// Whether `path` is large enough to open in the background.
    pub fn is_large(path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.len() >= BACKGROUND_BYTES)
    }

    /// Starts opening `path`, or `None` where it is small enough to open at once.
    pub fn start_if_large(path: &Path, catalog: &Catalog) -> Option<Self> {
        let bytes = std::fs::metadata(path).ok()?.len();
        if bytes < BACKGROUND_BYTES {
            return None;
        }
        let (owned, catalog) = (path.to_owned(), catalog.clone());
        Self::start(path, bytes, None, move |reading| {
            Document::open_reporting(&owned, &catalog, reading)
                .map_err(|e| super::document::open_error_words(&e))
        })
        .ok()
    }

    /// Starts restoring the unsaved work described by `header`, kept in the
    /// recovery file at `path`; why it cannot where it cannot.
    pub fn start_restoring(
        path: &Path,
        header: super::recovery::Header,
        catalog: &Catalog,
    ) -> Result<Self, String> {
        let bytes = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
        let (owned, catalog, file) = (path.to_owned(), catalog.clone(), header.file.clone());
        Self::start(path, bytes, Some(header), move |reading| {
            super::recovery::open_kept_reporting(&owned, file, &catalog, reading)
        })
    }

    /// Opens the file at `path`, of `bytes`, with `open` on its own thread.
    fn start(
        path: &Path,
        bytes: u64,
        restoring: Option<super::recovery::Header>,
        open: impl FnOnce(&AtomicU64) -> Result<Document, String> + Send + 'static,
    ) -> Result<Self, String> {
        let read = Arc::new(AtomicU64::new(0));
        let reading = read.clone();
        let handle = super::background::spawn("open-design", move || open(&reading))
            .map_err(|e| format!("no thread could be started to read it: {e}"))?;
        Ok(Self {
            path: path.to_owned(),
            restoring,
            bytes,
            started: Instant::now(),
            read,
            handle,
        })
    }

    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// The opened design, or why it could not be opened.
    pub fn finish(self) -> Result<Document, String> {
        self.handle
            .outcome()
            .unwrap_or_else(|_| Err("opening the design stopped unexpectedly".to_owned()))
    }

    /// How much of the file has been read (0 to 1); checking follows.
    pub fn fraction_read(&self) -> f32 {
        let read = self.read.load(Ordering::Relaxed);
        (read as f64 / self.bytes.max(1) as f64).clamp(0.0, 1.0) as f32
    }

    /// What the progress bar says: the part read, then that it is checked.
    pub fn stage_words(&self) -> String {
        let read = self.read.load(Ordering::Relaxed);
        if read >= self.bytes {
            format!(
                "all {:.0} MB read; checking and judging every link…",
                self.bytes as f64 / 1e6
            )
        } else {
            format!(
                "{:.0} of {:.0} MB read",
                read as f64 / 1e6,
                self.bytes as f64 / 1e6
            )
        }
    }

    /// What the window says while it waits.
    pub fn words(&self) -> String {
        let what = if self.restoring.is_some() {
            "Restoring unsaved work".to_owned()
        } else {
            format!("Opening {}", shown_name(&self.path))
        };
        progress_words(&what, self.bytes, self.started)
    }
}

/// A file as a progress message names it: its name, else its whole path.
pub fn shown_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// "`what` (N MB)… t s": work on a file of `bytes` under way since `started`.
pub fn progress_words(what: &str, bytes: u64, started: Instant) -> String {
    format!(
        "{what} ({:.1} MB)… {:.1} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    )
}

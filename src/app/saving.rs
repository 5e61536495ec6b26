//! Saving the design: on the UI thread for most designs; a large one from
//! its shared design on its own thread (a million links take seconds to
//! write), the window drawn and the design usable meanwhile.

use std::path::{Path, PathBuf};

use mpo_budget_core::io::design_file;
use mpo_budget_core::io::error::SaveError;

use super::MpoApp;
use super::file_ops::Pending;

/// From this many links a design is saved on its own thread (100,000 links
/// take about 0.4 s to write).
pub const BACKGROUND_SAVE_LINKS: usize = 50_000;

/// A save under way on its own thread.
pub struct SaveJob {
    path: PathBuf,
    /// The document saved (a save finishing after another design was
    /// opened marks nothing saved) and its state then.
    document: u64,
    state: u64,
    /// What waits for the save to go through (quitting, opening another).
    then: Option<Pending>,
    handle: super::background::Job<Result<(), SaveError>>,
}

impl MpoApp {
    /// Saves the design to `path`; once it is saved, `then` goes ahead.
    pub(super) fn save_then(&mut self, path: &Path, then: Option<Pending>) {
        // One save at a time: one under way is finished first, the action
        // that waited for it left to this request (it could replace the
        // document this request saves).
        if let Some(job) = self.save_job.take() {
            let _ = self.finish(SaveJob { then: None, ..job });
        }
        let (design, state) = self.doc.for_saving();
        let document = self.doc.serial();
        if design.links.len() >= self.background_save_from {
            let (owned, shared) = (path.to_owned(), std::sync::Arc::clone(&design));
            let saving = move || design_file::save(&owned, &shared);
            // Where no thread can be started it is saved here, as a small
            // design is.
            if let Ok(handle) = super::background::spawn("save-design", saving) {
                self.status = Some(format!("Saving {}…", path.display()));
                self.save_job = Some(SaveJob {
                    path: path.to_owned(),
                    document,
                    state,
                    then,
                    handle,
                });
                return;
            }
        }
        let saved = design_file::save(path, &design);
        drop(design);
        self.saved(path, document, state, saved, then);
    }

    /// Whether a save is under way on its own thread.
    pub fn is_saving(&self) -> bool {
        self.save_job.is_some()
    }

    /// Takes a save on its own thread once it is done.
    pub(super) fn poll_save(&mut self, ctx: &egui::Context) {
        match self.save_job.take_if(|job| job.handle.is_finished()) {
            Some(job) => {
                let _ = self.finish(job);
                // Its outcome shown now: this frame's status bar is drawn.
                ctx.request_repaint();
            }
            None if self.save_job.is_some() => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            None => {}
        }
    }

    /// Waits for a save under way, at exit: the file is written before the
    /// window goes, and nothing waiting for it goes ahead. Whether it was
    /// saved (or there was nothing under way).
    pub fn finish_saving(&mut self) -> bool {
        let Some(job) = self.save_job.take() else {
            return true;
        };
        self.finish(SaveJob { then: None, ..job })
    }

    /// Before the design is changed: no other thread may hold it, or the
    /// change would copy it first (seconds and 600 MB at a million links,
    /// beyond the app's memory). A recovery write is stopped (first, so the
    /// cores are the save's); a save under way is finished (a second or two
    /// at a million links, written on every core). Gives the action that
    /// waited for the save, for [`Self::after_change`].
    pub(super) fn let_go_of_design(&mut self) -> Option<Pending> {
        self.stop_recovery_write();
        let waiting = self.save_job.as_mut().and_then(|job| {
            // Only for this document.
            (job.document == self.doc.serial())
                .then(|| job.then.take())
                .flatten()
        });
        let saved = self.finish_saving();
        waiting.filter(|_| saved)
    }

    /// The status bar after a change that may have waited for a save
    /// (`waited`): the save's outcome and then `words`, both said.
    pub(super) fn say_after_save(&mut self, waited: bool, words: String) {
        self.status = Some(match self.status.take().filter(|_| waited) {
            Some(saved) => format!("{saved} · {words}"),
            None => words,
        });
    }

    /// After a change that let go of the design: what waited for the save
    /// goes ahead if the design is still as saved (a change that changed
    /// nothing), as it would have had the save ended first.
    pub(super) fn after_change(&mut self, waiting: Option<Pending>) {
        if let Some(action) = waiting
            && !self.doc.is_modified()
        {
            self.run_pending(action);
        }
    }

    /// Takes the outcome of `job`; whether it was saved.
    fn finish(&mut self, job: SaveJob) -> bool {
        let saved = job.handle.outcome().unwrap_or_else(|_| {
            Err(SaveError {
                path: job.path.clone(),
                source: std::io::Error::other("its writer stopped"),
            })
        });
        self.saved(&job.path, job.document, job.state, saved, job.then)
    }

    fn saved(
        &mut self,
        path: &Path,
        document: u64,
        state: u64,
        saved: Result<(), SaveError>,
        then: Option<Pending>,
    ) -> bool {
        if let Err(e) = saved {
            self.status = Some(format!("Could not save {}", path.display()));
            self.error = Some(e.to_string());
            return false;
        }
        self.status = Some(format!("Saved {}", path.display()));
        self.remember(path);
        if document != self.doc.serial() {
            return true;
        }
        self.doc.saved_as(path, state);
        // Only once the save went through does the waiting action go ahead,
        // and only if nothing was changed meanwhile.
        if let Some(action) = then
            && !self.doc.is_modified()
        {
            self.run_pending(action);
        }
        true
    }
}

//! Unsaved work kept in the recovery file once edits go quiet, and the offer
//! to restore it after a run that did not exit cleanly.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Command;
use super::MpoApp;
use super::document::Document;
use super::recovery;

/// The recovery file being written on its own thread.
pub struct RecoveryJob {
    /// The design state being written.
    state: u64,
    /// Set to stop the write: an edit is waiting for the design.
    stop: Arc<AtomicBool>,
    thread: super::background::Job<std::io::Result<recovery::Outcome>>,
}

impl MpoApp {
    /// Keeps unsaved work in `path` (and offers back what a crashed run left there).
    /// A recovery file that cannot be read is named in the error bar and left
    /// as it is: this run neither overwrites nor removes it.
    pub fn with_recovery(mut self, path: Option<PathBuf>) -> Self {
        match path.as_deref().map(|p| recovery::read(p, &self.catalog)) {
            Some(Err(why)) => {
                if let Some(p) = &path {
                    self.unreadable_recovery(p, &why);
                }
            }
            Some(Ok(offer)) => {
                self.recovery_offer = offer;
                self.recovery_path = path;
            }
            None => self.recovery_path = None,
        }
        self
    }

    /// The recovery file at `path` cannot be read (`why`): said in the error
    /// bar, after any error there, and left as it is: this run neither
    /// overwrites nor removes it.
    pub(super) fn unreadable_recovery(&mut self, path: &std::path::Path, why: &str) {
        self.status = None;
        let message = format!(
            "{}: unsaved work kept there could not be read ({why}). The file is left as it is; move it away to keep unsaved work again.",
            path.display()
        );
        self.error = Some(match self.error.take() {
            Some(first) => format!("{first}\n{message}"),
            None => message,
        });
        self.recovery_path = None;
    }

    /// Whether unsaved work kept by an earlier run is still only in the
    /// recovery file: its question showing, or its restore under way. Until
    /// it is restored or discarded, the file is neither written nor removed
    /// (a window closed, or the restore dropped, loses nothing).
    pub(super) fn recovery_unanswered(&self) -> bool {
        self.recovery_offer.is_some()
            || self.loading.as_ref().is_some_and(|l| l.restoring.is_some())
    }

    /// Whether the restore question is showing.
    pub fn is_offering_recovery(&self) -> bool {
        self.recovery_offer.is_some()
    }

    /// Whether the recovery file is being written (on its own thread).
    pub fn is_writing_recovery(&self) -> bool {
        self.recovery_job.is_some()
    }

    /// A clean exit: nothing to recover next time, unless a save under way
    /// failed (its error has no window left to show in): then the recovery
    /// file is kept for the next start to offer.
    pub fn clean_exit(&mut self) {
        // A save under way is written whole first.
        let saved = self.finish_saving();
        // A recovery being written would land after the removal; one about
        // to be removed is stopped rather than written whole.
        if let Some(job) = self.recovery_job.take() {
            if saved {
                job.stop.store(true, Ordering::Relaxed);
            }
            let _ = job.thread.outcome();
        }
        if saved
            && !self.recovery_unanswered()
            && let Some(p) = &self.recovery_path
        {
            recovery::remove(p);
        }
    }

    /// Writes the recovery file once edits have been quiet for a few seconds;
    /// removes it when nothing is unsaved.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(path) = self.recovery_path.clone() else {
            return;
        };
        if self.recovery_unanswered() {
            return; // the kept work is the file's until it is restored or discarded
        }
        // One write at a time, on its own thread; its outcome once done.
        if let Some(job) = self.recovery_job.take_if(|job| job.thread.is_finished()) {
            let written = job.state;
            // (State ids are never reused, so a write for a design since
            // replaced is never taken for the new one's.)
            let failed = match job.thread.outcome() {
                Ok(Ok(recovery::Outcome::Written)) => {
                    self.recovered_state = written;
                    None
                }
                // Stopped for an edit: written again once edits go quiet.
                Ok(Ok(recovery::Outcome::Stopped)) => None,
                Ok(Err(e)) => Some(e.to_string()),
                Err(_) => Some("its writer stopped".to_owned()),
            };
            if let Some(why) = failed {
                self.recovery_not_written(&path, written, &why);
            }
        }
        if self.recovery_job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        }
        let now = ctx.input(|i| i.time);
        let state = self.doc.state_id();
        if state != self.seen_state.0 {
            self.seen_state = (state, now);
        }
        if !self.doc.is_modified() {
            if self.recovered_state != 0 {
                recovery::remove(&path);
                self.recovered_state = 0;
            }
            return;
        }
        if state == self.recovered_state || state == self.unwritable_state {
            return;
        }
        let quiet = now - self.seen_state.1;
        if quiet >= recovery::IDLE_SECONDS {
            // The shared design, not a copy, lent to the write, which lets
            // go of it once its text is written (before the file is flushed
            // to disk and renamed); an edit stops the write first
            // (`stop_recovery_write`), so the design is never copied for it.
            let design = Arc::clone(self.doc.shared_design());
            let file = self.doc.path.clone();
            let ctx = ctx.clone();
            let stop = Arc::new(AtomicBool::new(false));
            let stopped = Arc::clone(&stop);
            let kept_at = path.clone();
            let writing = move || {
                let written = recovery::write(&kept_at, file.as_deref(), design, &stopped);
                ctx.request_repaint();
                written
            };
            match super::background::spawn("write-recovery", writing) {
                Ok(thread) => {
                    self.recovery_job = Some(RecoveryJob {
                        state,
                        stop,
                        thread,
                    });
                }
                Err(e) => self.recovery_not_written(
                    &path,
                    state,
                    &format!("no thread could be started to write it ({e})"),
                ),
            }
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                recovery::IDLE_SECONDS - quiet,
            ));
        }
    }

    /// The recovery file at `path` could not be written for `state`: said
    /// in the error bar, and not tried again until the design changes.
    fn recovery_not_written(&mut self, path: &std::path::Path, state: u64, why: &str) {
        self.unwritable_state = state;
        self.error = Some(format!(
            "{}: could not keep unsaved work: {why}",
            path.display()
        ));
    }

    /// Stops a recovery write under way and waits for it to let go of the
    /// design (at its next write, or at once if its text is written and only
    /// the flush to disk is left), so that the edit about to be made changes
    /// the design in place: at a million links a copy took seconds and
    /// 600 MB. (Where a save holds the design too, until the write has
    /// ended.) Its outcome is taken as any write's: one that finished
    /// counts, one stopped leaves the file as it was, a real failure is
    /// said; the next write comes after a quiet spell counted from now.
    pub(super) fn stop_recovery_write(&mut self) {
        let Some(job) = &self.recovery_job else {
            return;
        };
        job.stop.store(true, Ordering::Relaxed);
        while Arc::strong_count(self.doc.shared_design()) > 1 && !job.thread.is_finished() {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        // A state no design has: the quiet is counted again from the next frame.
        self.seen_state.0 = u64::MAX;
    }

    /// "Recover unsaved work?", while a recovery waits for the answer.
    pub(super) fn recovery_modal(&self, ui: &mut egui::Ui) -> Option<Command> {
        let offer = self.recovery_offer.as_ref()?;
        let header = &offer.header;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("recovery")).show(ui.ctx(), |ui| {
            ui.heading("Recover unsaved work?");
            ui.label(format!(
                "mpo-budget did not exit cleanly. Unsaved changes to {} ({} link{}) were kept{}.",
                header.what(),
                header.links,
                if header.links == 1 { "" } else { "s" },
                header
                    .age_words(recovery::now_unix_s())
                    .map_or_else(String::new, |age| format!(" {age}"))
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    choice = Some(Command::Recover(true));
                }
                if ui.button("Discard").clicked() {
                    choice = Some(Command::Recover(false));
                }
            });
        });
        choice
    }

    pub(super) fn answer_recovery(&mut self, restore: bool) {
        let Some(offer) = self.recovery_offer.take() else {
            return;
        };
        if !restore {
            if let Some(p) = &self.recovery_path {
                recovery::remove(p);
            }
            return;
        }
        match (offer.kept, &self.recovery_path) {
            (Some(doc), _) => self.restored(*doc),
            // Large: opened in the background, as a large design file is.
            (None, Some(path)) => {
                let path = path.clone();
                match super::loading::Loading::start_restoring(&path, offer.header, &self.catalog) {
                    Ok(loading) => {
                        self.replaced_design();
                        self.status = Some(loading.words());
                        self.loading = Some(loading);
                    }
                    Err(why) => self.unreadable_recovery(&path, &why),
                }
            }
            (None, None) => {}
        }
    }

    /// The unsaved work, restored, becomes the design (over any design
    /// still being opened).
    pub(super) fn restored(&mut self, doc: Document) {
        // The large design that waited for the answer is not opened.
        self.to_open = None;
        self.doc = doc;
        self.replaced_design();
        self.test_results = None;
        self.selected = (!self.doc.design().links.is_empty()).then_some(0);
        self.status = Some("Unsaved work restored".into());
    }
}

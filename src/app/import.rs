//! File → Import link schedule…: a schedule (CSV or XLSX) planned into a
//! design, shown as what was planned (trunks, panels, cassettes, verdicts)
//! before it replaces the open design as one undoable edit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::Command;
use super::MpoApp;
use super::document::Document;
use mpo_budget_core::analysis::resolve::Expansions;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::schedule;
use mpo_budget_core::planning::plan::{PlanOptions, plan_and_resolve_with};

/// A planned schedule waiting for Replace or Cancel.
pub struct ImportPreview {
    pub file: String,
    /// The planned design, judged on the planning thread: Replace puts it
    /// in place as it is, nothing judged again in the frame of the click.
    pub planned: Document,
    /// What was planned between each pair of racks.
    pub lines: Vec<String>,
    /// Links (passing), trunks, panels and cassettes in all.
    pub totals: String,
}

/// A large schedule being read and planned on its own thread (a million
/// rows take seconds); the window is drawn and usable meanwhile.
pub struct ImportJob {
    path: PathBuf,
    bytes: u64,
    started: Instant,
    handle: super::background::Job<Result<ImportPreview, String>>,
    /// Set when the job is dropped (New, Open, Restore): the plan stops at
    /// its next step instead of planning and judging what nobody will see.
    _stop: StopOnDrop,
}

/// A flag set when it is dropped.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl ImportJob {
    /// What the status bar says while it plans.
    fn words(&self) -> String {
        let what = format!("Planning {}", super::loading::shown_name(&self.path));
        super::loading::progress_words(&what, self.bytes, self.started)
    }
}

/// What a stopped plan gives (never shown: its job is gone).
const STOPPED: &str = "planning stopped";

/// The schedule at `path` read, planned and judged, as its preview; on a
/// bad schedule, every bad cell. `stop` set ends it after the step under
/// way (reading, planning, judging).
fn preview_of(catalog: &Catalog, path: &Path, stop: &AtomicBool) -> Result<ImportPreview, String> {
    let stopped = || {
        if stop.load(Ordering::Relaxed) {
            Err(STOPPED.to_owned())
        } else {
            Ok(())
        }
    };
    stopped()?;
    let s = schedule::read(path, None, catalog).map_err(|e| e.to_string())?;
    stopped()?;
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Resolved lean (no link keeps its expansion through the planned
    // trunks and panels), and judged into the document Replace puts in place.
    let (groups, loaded) = plan_and_resolve_with(
        catalog,
        s,
        &PlanOptions::for_schedule(path),
        Expansions::Dropped,
    )
    .map_err(|e| e.to_string())?;
    stopped()?;
    let lines: Vec<String> = groups.iter().map(|g| g.line()).collect();
    let planned = Document::planned(loaded, catalog);
    let pass = planned.summary().passing;
    let d = planned.design();
    let cassettes: usize = d.panels.iter().map(|p| p.cassettes.len()).sum();
    let totals = format!(
        "{} links ({pass} pass), {} trunks, {} panels, {cassettes} cassettes",
        d.links.len(),
        d.trunks.len(),
        d.panels.len()
    );
    Ok(ImportPreview {
        file,
        planned,
        lines,
        totals,
    })
}

impl MpoApp {
    /// Reads and plans the schedule; on a bad schedule shows every bad cell
    /// and changes nothing. A large one (from a megabyte, some 25,000 rows)
    /// is planned on its own thread, its progress in the status bar.
    pub fn import_schedule(&mut self, path: &Path) {
        // One at a time: a plan stops only between its steps, and two plans
        // of a million rows would be two designs' memory at once.
        if let Some(job) = &self.import_job {
            self.status = Some(format!(
                "Still planning {}: import another schedule once its preview shows",
                job.path.display()
            ));
            return;
        }
        // A new request: an earlier import's error is answered by it.
        self.error = None;
        let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
        if bytes >= super::loading::BACKGROUND_BYTES {
            let (owned, catalog) = (path.to_owned(), self.catalog.clone());
            let stop = Arc::new(AtomicBool::new(false));
            let stop_seen = Arc::clone(&stop);
            if let Ok(handle) = super::background::spawn("import-schedule", move || {
                preview_of(&catalog, &owned, &stop_seen)
            }) {
                self.import_job = Some(ImportJob {
                    path: path.to_owned(),
                    bytes,
                    started: Instant::now(),
                    handle,
                    _stop: StopOnDrop(stop),
                });
                return;
            }
        }
        let planned = preview_of(&self.catalog, path, &AtomicBool::new(false));
        self.imported(planned);
    }

    /// Whether a schedule is being planned on its own thread.
    pub fn is_importing(&self) -> bool {
        self.import_job.is_some()
    }

    /// The status bar's words for a schedule being planned, if one is.
    pub(super) fn importing_words(&self) -> Option<String> {
        self.import_job.as_ref().map(ImportJob::words)
    }

    /// Takes a planned schedule once done, else asks for the next frame
    /// soon (its progress is in the status bar).
    pub(super) fn poll_import(&mut self, ctx: &egui::Context) {
        let Some(job) = self.import_job.take() else {
            return;
        };
        if !job.handle.is_finished() {
            self.import_job = Some(job);
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        }
        let planned = job
            .handle
            .outcome()
            .unwrap_or_else(|_| Err("planning the schedule stopped unexpectedly".to_owned()));
        self.imported(planned);
        ctx.request_repaint();
    }

    fn imported(&mut self, planned: Result<ImportPreview, String>) {
        match planned {
            Ok(preview) => self.import_preview = Some(preview),
            Err(e) => self.error = Some(e),
        }
    }

    /// The planned design replaces the open one, as one undo step.
    pub(super) fn accept_import(&mut self, accept: bool) {
        let Some(preview) = self.import_preview.take() else {
            return;
        };
        let ImportPreview {
            file,
            planned,
            lines,
            totals: _,
        } = preview;
        // A million planned links and their results take a tenth of a
        // second to free, and their 125,000 lines some milliseconds: not in
        // the frame of the click.
        if !accept {
            super::document::let_go_beside((planned, lines));
            return;
        }
        super::document::let_go_beside(lines);
        // Put in place judged, as one edit.
        let words = format!("Imported {file} (Ctrl+Z undoes)");
        self.edit_design(words, |doc, _| doc.replace_with(planned));
        self.replaced_design();
        self.selected = (!self.doc.design().links.is_empty()).then_some(0);
    }

    /// What the schedule plans into, with Replace and Cancel.
    pub(super) fn import_modal(&self, ui: &mut egui::Ui) -> Option<Command> {
        let preview = self.import_preview.as_ref()?;
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("import-schedule")).show(ui.ctx(), |ui| {
            ui.heading(format!("Import {}", preview.file));
            ui.label("Planned from the link schedule:");
            ui.strong(&preview.totals);
            // One line each (scrolled sideways where long), so that each
            // row is as high as the next.
            let row_height = ui.text_style_height(&egui::TextStyle::Body);
            egui::ScrollArea::both()
                .max_height(320.0)
                // Only the lines in view are laid out: a million-row
                // schedule plans some 125,000 rack pairs.
                .show_rows(ui, row_height, preview.lines.len(), |ui, rows| {
                    for line in &preview.lines[rows] {
                        ui.add(egui::Label::new(line).extend());
                    }
                });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Replace the open design").clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
            ui.label("Replacing is one step: Edit → Undo brings the open design back.");
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(false);
        }
        answer.map(Command::AcceptImport)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dropped job's plan ends at its next step: with its stop set, the
    /// schedule is not planned (the same schedule plans when it is not).
    #[test]
    fn a_stopped_plan_goes_no_further() {
        let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/link-schedule.csv");
        let planned = preview_of(&catalog, &path, &AtomicBool::new(false));
        assert!(planned.is_ok_and(|p| !p.planned.design().links.is_empty()));
        let stopped = preview_of(&catalog, &path, &AtomicBool::new(true));
        assert_eq!(stopped.err().as_deref(), Some(STOPPED));
    }
}

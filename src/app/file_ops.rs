//! Opening, saving and exporting: where the path comes from (a file dialog),
//! the question before unsaved changes are dropped, and the writes.

use std::path::{Path, PathBuf};

use super::Command;
use super::MpoApp;
use super::document::Document;
use super::file_dialog::{DialogSpec, Native, OwnDialog};
use mpo_budget_core::io::design_file;
use mpo_budget_core::output::charts::{self, Chart};

const RECENT_FILES: usize = 8;

/// An action that would drop unsaved changes, waiting for the user's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

/// The answer to "Save the changes first?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    Discard,
    Cancel,
}

/// What a path is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum FileRequest {
    /// A design to open (unsaved changes already answered for).
    Open,
    /// Where to save the design; then the action that waited for the save.
    SaveDesign {
        then: Option<Pending>,
    },
    LoadPrices,
    /// A link schedule to plan into a design.
    ImportSchedule,
    /// A certifier's results to judge against the design.
    ImportResults,
    ExportBom,
    ExportReport,
    ExportPlot(Chart),
}

impl FileRequest {
    fn spec(&self, doc: &Document) -> DialogSpec {
        let directory = doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_owned);
        let design: &[&str] = &["ron"];
        let (title, save, filters, file_name): (&str, bool, Vec<_>, Option<String>) = match self {
            FileRequest::Open => (
                "Open design",
                false,
                vec![("mpo-budget design", design)],
                None,
            ),
            FileRequest::SaveDesign { .. } => {
                let name = doc.path.as_ref().and_then(|p| p.file_name()).map_or_else(
                    || "design.ron".to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                );
                (
                    "Save design as",
                    true,
                    vec![("mpo-budget design", design)],
                    Some(name),
                )
            }
            FileRequest::ImportSchedule => (
                "Import link schedule",
                false,
                vec![("link schedule (CSV, XLSX)", &["csv", "xlsx", "xlsm"])],
                None,
            ),
            FileRequest::ImportResults => (
                "Import test results",
                false,
                vec![("test results (CSV)", &["csv"])],
                None,
            ),
            FileRequest::LoadPrices => (
                "Load price list",
                false,
                vec![("price list", &["csv"])],
                None,
            ),
            FileRequest::ExportBom => (
                "Export bill of materials",
                true,
                vec![("CSV", &["csv"])],
                Some("bom.csv".into()),
            ),
            FileRequest::ExportReport => (
                "Export report",
                true,
                vec![("HTML", &["html"])],
                Some("report.html".into()),
            ),
            FileRequest::ExportPlot(chart) => (
                "Save plot",
                true,
                vec![("SVG", &["svg"]), ("PNG", &["png"])],
                Some(format!("{}.svg", chart.file_stem())),
            ),
        };
        DialogSpec {
            title: title.to_owned(),
            save,
            filters,
            file_name,
            directory,
        }
    }
}

impl MpoApp {
    /// Asks for a path: the system's dialog, or the app's own where the
    /// system has none.
    pub(super) fn ask_path(&mut self, request: FileRequest) {
        if self.file_dialog.is_some() {
            return; // one question at a time
        }
        let spec = request.spec(&self.doc);
        match self.native.ask(&spec) {
            Native::Chosen(p) => self.path_chosen(request, &p),
            Native::Cancelled => {}
            Native::Unavailable => self.file_dialog = Some(OwnDialog::new(request, &spec)),
        }
    }

    pub(super) fn path_chosen(&mut self, request: FileRequest, path: &Path) {
        match request {
            FileRequest::Open => self.open_path(path),
            FileRequest::SaveDesign { then } => self.save_then(path, then),
            FileRequest::LoadPrices => self.load_prices(path),
            FileRequest::ImportSchedule => self.import_schedule(path),
            FileRequest::ImportResults => self.import_results(path),
            FileRequest::ExportBom => self.export_bom(path),
            FileRequest::ExportReport => self.export_report(path),
            FileRequest::ExportPlot(chart) => self.export_plot(chart, path),
        }
    }

    /// Saves to the design's file, or asks where if it has none.
    pub(super) fn save(&mut self, then: Option<Pending>) {
        match self.doc.path.clone() {
            Some(p) => self.path_chosen(FileRequest::SaveDesign { then }, &p),
            None => self.ask_path(FileRequest::SaveDesign { then }),
        }
    }

    /// Runs `action` now, or asks first where it would drop unsaved changes.
    pub(super) fn guard(&mut self, action: Pending) {
        if self.doc.is_modified() {
            self.pending = Some(action);
        } else {
            self.run_pending(action);
        }
    }

    pub(super) fn run_pending(&mut self, action: Pending) {
        match action {
            Pending::New => self.new_design(),
            Pending::Open => self.ask_path(FileRequest::Open),
            Pending::OpenPath(p) => self.open_path(&p),
            Pending::Quit => {
                // The window closes at the end of the frame.
                self.quitting = true;
                self.close_now = true;
            }
        }
    }

    pub(super) fn answer_unsaved(&mut self, answer: UnsavedAnswer) {
        let Some(action) = self.pending.take() else {
            return;
        };
        match answer {
            UnsavedAnswer::Cancel => {}
            UnsavedAnswer::Save => self.save(Some(action)),
            UnsavedAnswer::Discard => self.run_pending(action),
        }
    }

    /// "Save the changes first?", while an action waits for the answer.
    pub(super) fn unsaved_changes_modal(&self, ui: &mut egui::Ui) -> Option<Command> {
        self.pending.as_ref()?;
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ui.ctx(), |ui| {
            ui.heading("Unsaved changes");
            // The design by its file, or by its name where it has none yet.
            let what = match self.doc.path.as_ref().and_then(|p| p.file_name()) {
                Some(f) => f.to_string_lossy().into_owned(),
                None => format!("the design \"{}\"", self.doc.design().name),
            };
            ui.label(format!("Save the changes to {what} first?"));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                for (name, a) in [
                    ("Save", UnsavedAnswer::Save),
                    ("Discard", UnsavedAnswer::Discard),
                    ("Cancel", UnsavedAnswer::Cancel),
                ] {
                    if ui.button(name).clicked() {
                        answer = Some(a);
                    }
                }
            });
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(UnsavedAnswer::Cancel);
        }
        answer.map(Command::AnswerUnsaved)
    }

    /// Whether the unsaved-changes question is showing.
    pub fn is_asking_to_save(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether the app's own file dialog is showing.
    pub fn is_showing_own_file_dialog(&self) -> bool {
        self.file_dialog.is_some()
    }

    pub fn load_prices(&mut self, path: &Path) {
        match mpo_budget_core::catalog::prices::Prices::from_csv_file(path) {
            Ok(p) => {
                self.status = Some(format!("Prices from {}", path.display()));
                self.prices = p;
                self.selection.forget();
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    pub fn export_bom(&mut self, path: &Path) {
        let q =
            mpo_budget_core::planning::quote::quote(&self.catalog, &self.prices, self.doc.design());
        match design_file::write_atomically(
            path,
            mpo_budget_core::output::quote::bom_csv(&q).as_bytes(),
        ) {
            Ok(()) => self.status = Some(format!("Bill of materials saved to {}", path.display())),
            Err(e) => self.error = Some(format!("{}: could not save: {e}", path.display())),
        }
    }

    pub fn export_report(&mut self, path: &Path) {
        let Some(resolved) = self.doc.resolved_links() else {
            self.error =
                Some("Some link cannot be computed: fix it before exporting the report.".into());
            return;
        };
        let loaded = design_file::LoadedDesign {
            design: mpo_budget_core::model::Design::clone(self.doc.design()),
            resolved,
        };
        let tests = self.test_results.as_ref().and_then(|t| t.report.as_ref());
        let html = mpo_budget_core::output::html::html_report(
            &self.catalog,
            &self.prices,
            &loaded,
            tests,
            self.remembered.selection_margin(),
            mpo_budget_core::output::money::Grouping::from_env(),
        );
        match design_file::write_atomically(path, html.as_bytes()) {
            Ok(()) => self.status = Some(format!("Report saved to {}", path.display())),
            Err(e) => self.error = Some(format!("{}: could not save: {e}", path.display())),
        }
    }

    /// Saves a plot of the selected link: PNG for a `.png` path, SVG otherwise.
    pub fn export_plot(&mut self, chart: Chart, path: &Path) {
        let Some(i) = self.selected else { return };
        self.doc.show(i, &self.catalog);
        let (Some(link), Some((resolved, analysis))) =
            (self.doc.design().links.get(i), self.doc.shown(i))
        else {
            return;
        };
        let Some(channel) = analysis.budget_channel(link) else {
            return;
        };
        let spec = charts::plot_spec(
            chart,
            &self.catalog,
            &channel,
            analysis.budget_resolved(resolved),
            &analysis.budget,
            analysis.pass(),
        );
        let png = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
        let result = if png {
            charts::write_png(path, &spec)
        } else {
            charts::render_svg(&spec).and_then(|s| {
                design_file::write_atomically(path, s.as_bytes()).map_err(|e| e.to_string())
            })
        };
        match result {
            Ok(()) => self.status = Some(format!("Plot saved to {}", path.display())),
            Err(e) => {
                self.error = Some(format!("{}: could not save the plot: {e}", path.display()))
            }
        }
    }

    fn new_design(&mut self) {
        self.replaced_design();
        self.doc = Document::new(
            mpo_budget_core::model::Design::default(),
            None,
            &self.catalog,
        );
        self.selected = None;
        // Test results belong to the design they were imported for.
        self.test_results = None;
        self.status = Some("New design".into());
    }

    /// Opens a design; on failure shows the library's message and keeps the current design.
    pub fn open_path(&mut self, path: &Path) {
        // One opening at a time: the newest asked for wins.
        self.drop_loading();
        // A large design opens in the background; the frame shows it.
        if let Some(loading) = super::loading::Loading::start_if_large(path, &self.catalog) {
            self.status = Some(loading.words());
            self.loading = Some(loading);
            return;
        }
        match Document::open(path, &self.catalog) {
            Ok(doc) => self.opened(doc, path),
            Err(e) => self.error = Some(super::document::open_error_words(&e)),
        }
    }

    /// `doc`, opened from `path`, becomes the design.
    pub(super) fn opened(&mut self, doc: Document, path: &Path) {
        self.doc = doc;
        self.replaced_design();
        self.test_results = None;
        self.selected = (!self.doc.design().links.is_empty()).then_some(0);
        self.error = None;
        self.status = Some(format!("Opened {}", path.display()));
        self.remember(path);
    }

    /// Another design took the open one's place: nothing worked out for the
    /// old one is kept, and no opening still under way may replace it.
    pub(super) fn replaced_design(&mut self) {
        self.drop_loading();
        // A schedule still being planned is let go of with the design it
        // was asked for over: its plan stops after the step under way, unseen.
        self.import_job = None;
        self.selection.forget();
        self.part = super::schematic::Part::Element(0);
    }

    /// Stops an opening under way; a restore of unsaved work dropped so is
    /// asked about again (the work is still in the recovery file). Whether
    /// it was a restore.
    pub(super) fn drop_loading(&mut self) -> bool {
        let Some(header) = self.loading.take().and_then(|l| l.restoring) else {
            return false;
        };
        self.recovery_offer = Some(super::recovery::Offer { header, kept: None });
        true
    }

    /// Whether a design is being opened (or unsaved work restored) in the background.
    pub fn is_opening(&self) -> bool {
        self.loading.is_some()
    }

    /// A design opening in the background: installed once read, else its
    /// progress shown (and the frame asked again shortly). True while waiting.
    pub(super) fn poll_loading(&mut self, ctx: &egui::Context) -> bool {
        let Some(loading) = self.loading.take() else {
            return false;
        };
        if loading.is_finished() {
            let (path, restores) = (loading.path.clone(), loading.restoring.is_some());
            match (loading.finish(), restores) {
                (Ok(doc), false) => self.opened(doc, &path),
                (Ok(doc), true) => self.restored(doc),
                (Err(e), false) => self.error = Some(e),
                (Err(e), true) => self.unreadable_recovery(&path, &e),
            }
            return false;
        }
        self.status = Some(loading.words());
        self.loading = Some(loading);
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
        true
    }

    pub fn save_to(&mut self, path: &Path) {
        self.save_then(path, None);
    }

    pub(super) fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.remembered.recent.retain(|p| p != &path);
        self.remembered.recent.insert(0, path.clone());
        self.remembered.recent.truncate(RECENT_FILES);
        self.remembered.last_file = Some(path);
    }
}

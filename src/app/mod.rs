//! The desktop app: a thin view over the library. Panels read the document and
//! return [`Command`]s; the app applies them in one place at the end of the
//! frame, which is where undo/redo and file handling live.

mod assurance_view;
mod catalog_view;
mod channel;
pub mod document;
pub mod history;
mod lanes;
mod links;
mod plots;
pub mod recovery;
mod results;
mod selection_view;
mod stats_view;

use std::path::{Path, PathBuf};

use egui::{Key, KeyboardShortcut, Modifiers};
use serde::{Deserialize, Serialize};

use document::Document;
use history::{Change, MergeKey};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;

/// The example shown on first start.
const EXAMPLE_NAME: &str = "100g-sr4-row.ron";
const EXAMPLE: &str = include_str!("../../assets/examples/100g-sr4-row.ron");

const APP_KEY: &str = "mpo-budget";
const RECENT_FILES: usize = 8;

const SHORTCUT_NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SHORTCUT_SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SHORTCUT_SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const SHORTCUT_UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const SHORTCUT_REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const SHORTCUT_REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);

/// What the app remembers between runs.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub last_file: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
}

/// A user action, applied at the end of the frame.
#[must_use]
#[derive(Debug, Clone)]
pub enum Command {
    /// A change to the design; the document records what it replaces.
    Edit(Box<Change>, Option<MergeKey>),
    /// A drag ended: the next edit is an undo step of its own.
    EndGesture,
    Select(Option<usize>),
    Undo,
    Redo,
    New,
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    SaveTo(PathBuf),
    Quit,
    ShowCatalog(bool),
    ShowSelection,
    /// Ask for a price list (CSV) to replace the current one.
    LoadPrices,
    /// Save the bill of materials as CSV (asks where).
    ExportBom,
    /// Save the bill of materials to this path.
    ExportBomTo(PathBuf),
    ExportReport,
    ExportReportTo(PathBuf),
    /// Save one of the selected link's plots (asks where; SVG or PNG by extension).
    ExportPlot(mpo_budget_core::output::charts::Chart),
    ExportPlotTo(mpo_budget_core::output::charts::Chart, PathBuf),
}

impl Command {
    pub fn edit(change: Change, merge: Option<MergeKey>) -> Self {
        Command::Edit(Box::new(change), merge)
    }
}

/// What the right-hand column shows for the selected link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RightTab {
    Plots,
    Assurance,
    Statistics,
}

/// Trials the app runs for the histogram: enough for smooth bars, a few ms.
const APP_TRIALS: u32 = 100_000;

/// An action that would drop unsaved changes, waiting for the user's answer.
#[derive(Debug, Clone)]
enum Pending {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

pub struct MpoApp {
    pub catalog: Catalog,
    pub doc: Document,
    pub selected: Option<usize>,
    pub remembered: Remembered,
    /// The last error, shown until dismissed.
    pub error: Option<String>,
    pub status: Option<String>,
    links_panel: links::LinksPanel,
    right_tab: RightTab,
    fix_cache: lanes::FixCache,
    pub prices: mpo_budget_core::catalog::prices::Prices,
    selection: selection_view::SelectionView,
    /// Fitted once, when the statistics are first shown.
    stat_model: Option<mpo_budget_core::analysis::stats::StatModel>,
    /// The selected link's statistics, for the link as it was when computed.
    stats_cache: Option<(
        mpo_budget_core::model::Link,
        Result<mpo_budget_core::analysis::stats::LinkStats, String>,
    )>,
    show_catalog: bool,
    pending: Option<Pending>,
    /// Set once the user chose to quit: the next close request goes through.
    quitting: bool,
    shown_title: String,
    /// Where unsaved work is kept; `None` keeps none.
    recovery_path: Option<PathBuf>,
    /// A recovery found at start, waiting for Restore or Discard.
    recovery_offer: Option<recovery::Recovery>,
    /// The design state last written to the recovery file.
    recovered_state: u64,
    /// The state seen last frame and when it changed (context time, s).
    seen_state: (u64, f64),
}

impl MpoApp {
    /// The app with `file` open, or the last file, or the example.
    pub fn new(catalog: Catalog, file: Option<&Path>, remembered: Remembered) -> Self {
        let example = || {
            let design = design_file::parse(EXAMPLE_NAME, EXAMPLE, &catalog)
                .map(|l| l.design)
                .unwrap_or_default();
            Document::new(design, None, &catalog)
        };
        let mut error = None;
        let doc = match file.or(remembered.last_file.as_deref().filter(|p| p.exists())) {
            Some(path) => Document::open(path, &catalog).unwrap_or_else(|e| {
                error = Some(e.to_string());
                example()
            }),
            None => example(),
        };
        let selected = (!doc.design.links.is_empty()).then_some(0);
        let prices = mpo_budget_core::catalog::prices::Prices::example().unwrap_or_else(|e| {
            error = Some(e.to_string());
            mpo_budget_core::catalog::prices::Prices::empty("no price list")
        });
        let mut app = Self {
            catalog,
            doc,
            selected,
            remembered,
            error,
            status: None,
            links_panel: links::LinksPanel::default(),
            right_tab: RightTab::Plots,
            fix_cache: None,
            prices,
            selection: selection_view::SelectionView::default(),
            stat_model: None,
            stats_cache: None,
            show_catalog: false,
            pending: None,
            quitting: false,
            shown_title: String::new(),
            recovery_path: None,
            recovery_offer: None,
            recovered_state: 0,
            seen_state: (0, 0.0),
        };
        if let Some(p) = app.doc.path.clone() {
            app.remember(&p);
        }
        app
    }

    /// Draws one frame and applies what the user did.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut commands = Vec::new();
        self.shortcuts(ui.ctx(), &mut commands);
        self.close_request(ui.ctx(), &mut commands);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui, &mut commands));
        egui::Panel::bottom("summary").show(ui, |ui| self.summary_bar(ui, &mut commands));
        if let Some(err) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Error: {err}"));
                    if ui.button("Dismiss").clicked() {
                        self.error = None;
                    }
                });
            });
        }
        egui::Panel::left("links")
            .resizable(true)
            .default_size(300.0)
            .min_size(240.0)
            .show(ui, |ui| {
                commands.extend(
                    self.links_panel
                        .ui(ui, &self.catalog, &self.doc, self.selected),
                );
            });
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(self.selected_link_ui(ui));
        });
        if self.show_catalog {
            let mut open = true;
            egui::Window::new("Catalog")
                .open(&mut open)
                .default_size([900.0, 500.0])
                .show(ui.ctx(), |ui| {
                    catalog_view::ui(ui, &self.catalog);
                });
            if !open {
                commands.push(Command::ShowCatalog(false));
            }
        }
        for c in commands {
            self.apply(c, ui.ctx());
        }
        if self.selection.open {
            let cmds = self
                .selection
                .ui(ui.ctx(), &self.catalog, &self.prices, &self.doc);
            for c in cmds {
                self.apply(c, ui.ctx());
            }
        }
        self.unsaved_changes_modal(ui);
        self.recovery_modal(ui);
        self.autosave(ui.ctx());
        self.update_title(ui.ctx());
    }

    fn selected_link_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let Some(i) = self.selected.filter(|i| *i < self.doc.design.links.len()) else {
            ui.centered_and_justified(|ui| {
                ui.label("Select a link on the left, or add one.");
            });
            return commands;
        };
        self.doc.show(i, &self.catalog);
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                commands.extend(channel::ui(ui, &self.catalog, &self.doc, i));
                ui.separator();
                ui.columns(2, |cols| {
                    results::ui(&mut cols[0], &self.catalog, &self.doc, i);
                    cols[0].separator();
                    commands.extend(lanes::ui(
                        &mut cols[0],
                        &self.catalog,
                        &self.doc,
                        i,
                        &mut self.fix_cache,
                    ));
                    let right = &mut cols[1];
                    right.horizontal(|ui| {
                        for (tab, name) in [
                            (RightTab::Plots, "Plots"),
                            (RightTab::Assurance, "Assurance"),
                            (RightTab::Statistics, "Statistics"),
                        ] {
                            ui.selectable_value(&mut self.right_tab, tab, name);
                        }
                    });
                    match self.right_tab {
                        RightTab::Plots => {
                            plots::ui(right, &self.catalog, &self.doc, i);
                            right.horizontal(|ui| {
                                if ui.button("Save waterfall…").clicked() {
                                    commands.push(Command::ExportPlot(
                                        mpo_budget_core::output::charts::Chart::Waterfall,
                                    ));
                                }
                                if ui.button("Save loss vs length…").clicked() {
                                    commands.push(Command::ExportPlot(
                                        mpo_budget_core::output::charts::Chart::LossVsLength,
                                    ));
                                }
                            });
                        }
                        RightTab::Assurance => {
                            assurance_view::ui(right, &self.catalog, &self.doc, i)
                        }
                        RightTab::Statistics => {
                            let stats = Self::link_stats(
                                &self.catalog,
                                &mut self.stat_model,
                                &mut self.stats_cache,
                                &self.doc,
                                i,
                            );
                            stats_view::ui(right, stats);
                        }
                    }
                });
            });
        commands
    }

    /// The selected link's statistics, recomputed only when the link changed.
    fn link_stats<'a>(
        catalog: &Catalog,
        model: &mut Option<mpo_budget_core::analysis::stats::StatModel>,
        cache: &'a mut Option<(
            mpo_budget_core::model::Link,
            Result<mpo_budget_core::analysis::stats::LinkStats, String>,
        )>,
        doc: &Document,
        i: usize,
    ) -> Result<&'a mpo_budget_core::analysis::stats::LinkStats, &'a str> {
        let link = &doc.design.links[i];
        if cache.as_ref().is_none_or(|(l, _)| l != link) {
            let model = model
                .get_or_insert_with(|| mpo_budget_core::analysis::stats::StatModel::new(catalog));
            let result = match doc.shown(i).map(|(_, a)| &a.budget) {
                Some(b) => {
                    mpo_budget_core::analysis::stats::simulate(model, &link.id, b, APP_TRIALS, 1)
                }
                None => Err("the link could not be computed".to_owned()),
            };
            *cache = Some((link.clone(), result));
        }
        match cache {
            Some((_, Ok(s))) => Ok(s),
            Some((_, Err(e))) => Err(e.as_str()),
            None => Err("not computed"),
        }
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(
                        egui::Button::new("New")
                            .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_NEW)),
                    )
                    .clicked()
                {
                    commands.push(Command::New);
                }
                if ui
                    .add(
                        egui::Button::new("Open…")
                            .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_OPEN)),
                    )
                    .clicked()
                {
                    commands.push(Command::Open);
                }
                ui.menu_button("Open recent", |ui| {
                    if self.remembered.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &self.remembered.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            commands.push(Command::OpenPath(path.clone()));
                        }
                    }
                });
                ui.separator();
                if ui
                    .add(
                        egui::Button::new("Save")
                            .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_SAVE)),
                    )
                    .clicked()
                {
                    commands.push(Command::Save);
                }
                if ui
                    .add(
                        egui::Button::new("Save As…")
                            .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_SAVE_AS)),
                    )
                    .clicked()
                {
                    commands.push(Command::SaveAs);
                }
                ui.separator();
                if ui.button("Export report (HTML)…").clicked() {
                    commands.push(Command::ExportReport);
                }
                if ui.button("Export bill of materials (CSV)…").clicked() {
                    commands.push(Command::ExportBom);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    commands.push(Command::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = egui::Button::new("Undo")
                    .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_UNDO));
                if ui.add_enabled(self.doc.can_undo(), undo).clicked() {
                    commands.push(Command::Undo);
                }
                let redo = egui::Button::new("Redo")
                    .shortcut_text(ui.ctx().format_shortcut(&SHORTCUT_REDO));
                if ui.add_enabled(self.doc.can_redo(), redo).clicked() {
                    commands.push(Command::Redo);
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Catalog").clicked() {
                    commands.push(Command::ShowCatalog(true));
                }
                if ui.button("Connector selection").clicked() {
                    commands.push(Command::ShowSelection);
                }
            });
            ui.separator();
            let mut name = self.doc.design.name.clone();
            let label = ui.label("Design:").id;
            let r = ui.add(
                egui::TextEdit::singleline(&mut name)
                    .desired_width(420.0)
                    .id_salt("design-name"),
            );
            let r = r.labelled_by(label);
            if r.changed() {
                commands.push(Command::edit(
                    Change::RenameDesign { after: name },
                    Some(egui::Id::unique("design-name").value()),
                ));
            }
            if r.lost_focus() {
                commands.push(Command::EndGesture);
            }
        });
    }

    fn summary_bar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let s = self.doc.summary();
        ui.horizontal(|ui| {
            let all_pass = s.passing == s.links;
            let color = if all_pass {
                links::PASS_COLOR
            } else {
                links::FAIL_COLOR
            };
            ui.colored_label(color, format!("{} of {} links pass", s.passing, s.links));
            if let Some((margin, i)) = s.worst_margin {
                ui.separator();
                ui.label(format!("worst margin {margin:.3} dB:"));
                let id = self
                    .doc
                    .design
                    .links
                    .get(i)
                    .map(|l| l.id.clone())
                    .unwrap_or_default();
                if ui.link(id).on_hover_text("Select this link").clicked() {
                    commands.push(Command::Select(Some(i)));
                }
            }
            if let Some(status) = &self.status {
                ui.separator();
                ui.label(status);
            }
        });
    }

    fn shortcuts(&self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        // Longest shortcuts first: Ctrl+Shift+S must not also fire Ctrl+S.
        ctx.input_mut(|i| {
            if i.consume_shortcut(&SHORTCUT_SAVE_AS) {
                commands.push(Command::SaveAs);
            }
            if i.consume_shortcut(&SHORTCUT_REDO) || i.consume_shortcut(&SHORTCUT_REDO_Y) {
                commands.push(Command::Redo);
            }
            if i.consume_shortcut(&SHORTCUT_SAVE) {
                commands.push(Command::Save);
            }
            if i.consume_shortcut(&SHORTCUT_UNDO) {
                commands.push(Command::Undo);
            }
            if i.consume_shortcut(&SHORTCUT_NEW) {
                commands.push(Command::New);
            }
            if i.consume_shortcut(&SHORTCUT_OPEN) {
                commands.push(Command::Open);
            }
        });
    }

    fn close_request(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quitting && self.doc.is_modified()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            commands.push(Command::Quit);
        }
    }

    fn unsaved_changes_modal(&mut self, ui: &mut egui::Ui) {
        let Some(pending) = self.pending.clone() else {
            return;
        };
        #[derive(Clone, Copy)]
        enum Choice {
            Save,
            Discard,
            Cancel,
        }
        let mut choice = None;
        let modal = egui::Modal::new(egui::Id::unique("unsaved-changes")).show(ui.ctx(), |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "Save the changes to {} first?",
                self.doc.title_name()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(Choice::Save);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(Choice::Discard);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(Choice::Cancel);
                }
            });
        });
        if modal.should_close() && choice.is_none() {
            choice = Some(Choice::Cancel);
        }
        match choice {
            None => {}
            Some(Choice::Cancel) => self.pending = None,
            Some(Choice::Save) => {
                self.pending = None;
                self.apply(Command::Save, ui.ctx());
                // Only once the save went through does the action go ahead.
                if !self.doc.is_modified() {
                    self.run_pending(pending, ui.ctx());
                }
            }
            Some(Choice::Discard) => {
                self.pending = None;
                self.run_pending(pending, ui.ctx());
            }
        }
    }

    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Edit(edit, merge) => {
                self.doc.apply(&self.catalog, *edit, merge);
                self.keep_selection_valid();
            }
            Command::EndGesture => self.doc.seal_gesture(),
            Command::Select(i) => self.selected = i,
            Command::Undo => {
                self.doc.undo(&self.catalog);
                self.keep_selection_valid();
            }
            Command::Redo => {
                self.doc.redo(&self.catalog);
                self.keep_selection_valid();
            }
            Command::New => self.guard(Pending::New, ctx),
            Command::Open => self.guard(Pending::Open, ctx),
            Command::OpenPath(p) => self.guard(Pending::OpenPath(p), ctx),
            Command::Quit => self.guard(Pending::Quit, ctx),
            Command::Save => match self.doc.path.clone() {
                Some(p) => self.save_to(&p),
                None => self.save_as_dialog(),
            },
            Command::SaveAs => self.save_as_dialog(),
            Command::SaveTo(p) => self.save_to(&p),
            Command::ShowCatalog(show) => self.show_catalog = show,
            Command::ShowSelection => self.selection.open = true,
            Command::LoadPrices => {
                if let Some(p) = rfd::FileDialog::new()
                    .add_filter("price list", &["csv"])
                    .pick_file()
                {
                    self.load_prices(&p);
                }
            }
            Command::ExportBom => {
                if let Some(p) = rfd::FileDialog::new()
                    .add_filter("CSV", &["csv"])
                    .set_file_name("bom.csv")
                    .save_file()
                {
                    self.export_bom(&p);
                }
            }
            Command::ExportBomTo(p) => self.export_bom(&p),
            Command::ExportReport => {
                if let Some(p) = rfd::FileDialog::new()
                    .add_filter("HTML", &["html"])
                    .set_file_name("report.html")
                    .save_file()
                {
                    self.export_report(&p);
                }
            }
            Command::ExportReportTo(p) => self.export_report(&p),
            Command::ExportPlot(chart) => {
                let name = format!("{}.svg", chart.file_stem());
                if let Some(p) = rfd::FileDialog::new()
                    .add_filter("SVG", &["svg"])
                    .add_filter("PNG", &["png"])
                    .set_file_name(name)
                    .save_file()
                {
                    self.export_plot(chart, &p);
                }
            }
            Command::ExportPlotTo(chart, p) => self.export_plot(chart, &p),
        }
    }

    /// Runs `action` now, or asks first where it would drop unsaved changes.
    fn guard(&mut self, action: Pending, ctx: &egui::Context) {
        if self.doc.is_modified() {
            self.pending = Some(action);
        } else {
            self.run_pending(action, ctx);
        }
    }

    fn run_pending(&mut self, action: Pending, ctx: &egui::Context) {
        match action {
            Pending::New => self.new_design(),
            Pending::Open => {
                let file = rfd::FileDialog::new()
                    .add_filter("mpo-budget design", &["ron"])
                    .pick_file();
                if let Some(p) = file {
                    self.open_path(&p);
                }
            }
            Pending::OpenPath(p) => self.open_path(&p),
            Pending::Quit => {
                self.quitting = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Whether the unsaved-changes question is showing.
    pub fn is_asking_to_save(&self) -> bool {
        self.pending.is_some()
    }

    pub fn load_prices(&mut self, path: &Path) {
        match mpo_budget_core::catalog::prices::Prices::from_csv_file(path) {
            Ok(p) => {
                self.status = Some(format!("Prices from {}", path.display()));
                self.prices = p;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    pub fn export_bom(&mut self, path: &Path) {
        let q =
            mpo_budget_core::planning::quote::quote(&self.catalog, &self.prices, &self.doc.design);
        match design_file::write_atomically(
            path,
            mpo_budget_core::planning::quote::bom_csv(&q).as_bytes(),
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
            design: self.doc.design.clone(),
            resolved,
        };
        let html = mpo_budget_core::output::html::html_report(&self.catalog, &self.prices, &loaded);
        match design_file::write_atomically(path, html.as_bytes()) {
            Ok(()) => self.status = Some(format!("Report saved to {}", path.display())),
            Err(e) => self.error = Some(format!("{}: could not save: {e}", path.display())),
        }
    }

    /// Saves a plot of the selected link: PNG for a `.png` path, SVG otherwise.
    pub fn export_plot(&mut self, chart: mpo_budget_core::output::charts::Chart, path: &Path) {
        let Some(i) = self.selected else { return };
        self.doc.show(i, &self.catalog);
        let (Some(link), Some((resolved, analysis))) =
            (self.doc.design.links.get(i), self.doc.shown(i))
        else {
            return;
        };
        let png = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
        let result = if png {
            mpo_budget_core::output::charts::save_png(
                path,
                chart,
                &self.catalog,
                link,
                resolved,
                &analysis.budget,
            )
        } else {
            mpo_budget_core::output::charts::svg(
                chart,
                &self.catalog,
                link,
                resolved,
                &analysis.budget,
            )
            .and_then(|s| {
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
        self.doc = Document::new(
            mpo_budget_core::model::Design::default(),
            None,
            &self.catalog,
        );
        self.selected = None;
        self.status = Some("New design".into());
    }

    /// Opens a design; on failure shows the library's message and keeps the current design.
    pub fn open_path(&mut self, path: &Path) {
        match Document::open(path, &self.catalog) {
            Ok(doc) => {
                self.doc = doc;
                self.selected = (!self.doc.design.links.is_empty()).then_some(0);
                self.error = None;
                self.status = Some(format!("Opened {}", path.display()));
                self.remember(path);
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    pub fn save_to(&mut self, path: &Path) {
        match self.doc.save_to(path) {
            Ok(()) => {
                self.status = Some(format!("Saved {}", path.display()));
                self.remember(path);
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    fn save_as_dialog(&mut self) {
        let name = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(
                || "design.ron".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
        if let Some(p) = rfd::FileDialog::new()
            .add_filter("mpo-budget design", &["ron"])
            .set_file_name(name)
            .save_file()
        {
            self.save_to(&p);
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.remembered.recent.retain(|p| p != &path);
        self.remembered.recent.insert(0, path.clone());
        self.remembered.recent.truncate(RECENT_FILES);
        self.remembered.last_file = Some(path);
    }

    fn keep_selection_valid(&mut self) {
        let n = self.doc.design.links.len();
        self.selected = match self.selected {
            _ if n == 0 => None,
            Some(i) if i >= n => Some(n - 1),
            None => Some(0),
            s => s,
        };
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let mark = if self.doc.is_modified() { " •" } else { "" };
        let title = format!("{}{mark} — mpo-budget", self.doc.title_name());
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// Keeps unsaved work in `path` (and offers back what a crashed run left there).
    pub fn with_recovery(mut self, path: Option<PathBuf>) -> Self {
        self.recovery_offer = path.as_deref().and_then(recovery::read);
        self.recovery_path = path;
        self
    }

    /// Whether the restore question is showing.
    pub fn is_offering_recovery(&self) -> bool {
        self.recovery_offer.is_some()
    }

    /// A clean exit: nothing to recover next time.
    pub fn clean_exit(&mut self) {
        if let Some(p) = &self.recovery_path {
            recovery::remove(p);
        }
    }

    /// Writes the recovery file once edits have been quiet for a few seconds;
    /// removes it when nothing is unsaved.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(path) = self.recovery_path.clone() else {
            return;
        };
        if self.recovery_offer.is_some() {
            return; // the old recovery is still waiting for an answer
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
        if state == self.recovered_state {
            return;
        }
        let quiet = now - self.seen_state.1;
        if quiet >= recovery::IDLE_SECONDS {
            match recovery::write(&path, self.doc.path.as_deref(), &self.doc.design) {
                Ok(()) => self.recovered_state = state,
                Err(e) => {
                    self.error = Some(format!(
                        "{}: could not keep unsaved work: {e}",
                        path.display()
                    ))
                }
            }
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                recovery::IDLE_SECONDS - quiet,
            ));
        }
    }

    fn recovery_modal(&mut self, ui: &mut egui::Ui) {
        let Some(offer) = &self.recovery_offer else {
            return;
        };
        let what = offer
            .file
            .as_ref()
            .map_or_else(|| offer.design.name.clone(), |f| f.display().to_string());
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("recovery")).show(ui.ctx(), |ui| {
            ui.heading("Recover unsaved work?");
            ui.label(format!(
                "mpo-budget did not exit cleanly. Unsaved changes to {what} were kept."
            ));
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    choice = Some(true);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                if let Some(r) = self.recovery_offer.take() {
                    self.doc = Document::new(r.design, r.file, &self.catalog);
                    self.doc.mark_unsaved();
                    self.selected = (!self.doc.design.links.is_empty()).then_some(0);
                    self.status = Some("Unsaved work restored".into());
                }
            }
            Some(false) => {
                self.recovery_offer = None;
                if let Some(p) = &self.recovery_path {
                    recovery::remove(p);
                }
            }
            None => {}
        }
    }

    pub fn title(&self) -> &str {
        &self.shown_title
    }
}

impl eframe::App for MpoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, APP_KEY, &self.remembered);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.clean_exit();
    }
}

/// Fonts and style the app needs before its first frame: the bundled Hack
/// font backs up the proportional one for the arrows and symbols the channel
/// editor and plots draw, so no platform font is needed.
pub fn setup_context(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    if fonts.font_data.contains_key("Hack") {
        fonts
            .families
            .entry(egui::FontFamily::Proportional)
            .or_default()
            .push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Opens the desktop app.
pub fn run(file: Option<PathBuf>, catalog: Catalog) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0])
            .with_title("mpo-budget"),
        ..Default::default()
    };
    eframe::run_native(
        "mpo-budget",
        options,
        Box::new(move |cc| {
            setup_context(&cc.egui_ctx);
            let remembered: Remembered = cc
                .storage
                .and_then(|s| eframe::get_value(s, APP_KEY))
                .unwrap_or_default();
            Ok(Box::new(
                MpoApp::new(catalog, file.as_deref(), remembered)
                    .with_recovery(recovery::default_path()),
            ))
        }),
    )
}

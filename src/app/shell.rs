//! The app's shell: its state, the frame's layout, and [`MpoApp::apply`],
//! the one place where the frame's commands are carried out.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::document::Document;
use super::file_dialog::{NativeDialogs, OwnDialog, SystemDialogs};
use super::file_ops::{FileRequest, Pending};
use super::{
    Command, assurance_view, catalog_view, channel, lanes, links, menu, plots, recovery, results,
    schematic, selection_view, stats_view,
};
use mpo_budget_core::analysis::stats::{LinkStats, StatModel};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::io::design_file;
use mpo_budget_core::output::charts::Chart;

/// The example shown on first start.
const EXAMPLE_NAME: &str = "100g-sr4-row.ron";
const EXAMPLE: &str = include_str!("../../assets/examples/100g-sr4-row.ron");

pub(super) const APP_KEY: &str = "mpo-budget";

/// Trials the app runs for the histogram: enough for smooth bars, a few ms.
const APP_TRIALS: u32 = 100_000;

/// What the app remembers between runs.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub last_file: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
    /// The margin last asked for in connector selection.
    pub selection_margin_db: Option<f64>,
}

impl Remembered {
    /// The margin last asked for, where it is one the selection takes (a
    /// stored file may hold anything).
    pub fn selection_margin(&self) -> Option<f64> {
        self.selection_margin_db.filter(|m| {
            m.is_finite() && (0.0..=mpo_budget_core::catalog::MAX_MARGIN_DB).contains(m)
        })
    }
}

/// What the right-hand column shows for the selected link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RightTab {
    Plots,
    Assurance,
    Statistics,
    /// Imported test results (only while there are some).
    TestResults,
}

/// The selected link's statistics, for the link as it was when computed.
type StatsCache = Option<(mpo_budget_core::model::Link, Result<LinkStats, String>)>;

pub struct MpoApp {
    pub catalog: Catalog,
    pub doc: Document,
    pub selected: Option<usize>,
    /// The part of the selected link the inspector edits.
    pub part: schematic::Part,
    /// Give the inspector's first field the keyboard next frame.
    focus_editor: bool,
    pub remembered: Remembered,
    /// The last error, shown until dismissed.
    pub error: Option<String>,
    pub status: Option<String>,
    pub prices: Prices,
    links_panel: links::LinksPanel,
    pub(super) right_tab: RightTab,
    fix_cache: lanes::FixCache,
    pub(super) selection: selection_view::SelectionView,
    show_selection: bool,
    /// Fitted once, when the statistics are first shown.
    stat_model: Option<StatModel>,
    stats_cache: StatsCache,
    show_catalog: bool,
    show_infra: bool,
    pub(super) pending: Option<Pending>,
    /// Set once the user chose to quit: the next close request goes through.
    pub(super) quitting: bool,
    /// Close the window at the end of this frame.
    pub(super) close_now: bool,
    shown_title: String,
    /// The system's file dialogs.
    pub(super) native: Box<dyn NativeDialogs>,
    /// The app's own file dialog, where the system's could not be shown.
    pub(super) file_dialog: Option<OwnDialog>,
    /// Where unsaved work is kept; `None` keeps none.
    pub(super) recovery_path: Option<PathBuf>,
    /// A recovery found at start, waiting for Restore or Discard.
    pub(super) recovery_offer: Option<recovery::Offer>,
    /// The design state last written to the recovery file.
    pub(super) recovered_state: u64,
    /// The recovery file being written on another thread (a million links
    /// take seconds to write).
    pub(super) recovery_job: Option<super::autosave::RecoveryJob>,
    /// The design being saved on its own thread.
    pub(super) save_job: Option<super::saving::SaveJob>,
    /// From this many links a design is saved on its own thread.
    pub background_save_from: usize,
    /// A state whose recovery file could not be written: not tried again
    /// until the next edit (the error bar says why).
    pub(super) unwritable_state: u64,
    /// The state seen last frame and when it changed (context time, s).
    pub(super) seen_state: (u64, f64),
    /// A planned link schedule waiting for Replace or Cancel.
    pub(super) import_preview: Option<super::import::ImportPreview>,
    /// A large schedule being planned on its own thread.
    pub(super) import_job: Option<super::import::ImportJob>,
    /// Imported test results, judged against the design.
    pub(super) test_results: Option<super::test_results::TestResults>,
    /// A large design being opened in the background.
    pub(super) loading: Option<super::loading::Loading>,
    /// A large design to open in the background, started by a frame once
    /// no question about unsaved work found at start shows: opened after
    /// Discard, never after Restore (both at once were two designs in memory).
    pub(super) to_open: Option<PathBuf>,
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
        let mut status = None;
        let example_words = "This is the example design (a row of 100G uplinks): File → New to start your own, File → Open for a design, File → Import link schedule for a spreadsheet of links";
        let start_with = file.or(remembered.last_file.as_deref().filter(|p| p.exists()));
        // A large design opens in the background, started by the first
        // frame, which shows its progress.
        let to_open = start_with
            .filter(|p| super::loading::Loading::is_large(p))
            .map(Path::to_owned);
        let doc = match start_with.filter(|_| to_open.is_none()) {
            _ if to_open.is_some() => Document::new(Default::default(), None, &catalog),
            Some(path) => Document::open(path, &catalog).unwrap_or_else(|e| {
                error = Some(super::document::open_error_words(&e));
                status = Some(example_words.to_owned());
                example()
            }),
            None => {
                status = Some(example_words.to_owned());
                example()
            }
        };
        let selected = (!doc.design().links.is_empty()).then_some(0);
        // The user's own selection margin, else the catalog's default.
        let margin_db = remembered
            .selection_margin()
            .or_else(|| {
                catalog
                    .margin(selection_view::DEFAULT_MARGIN_ID)
                    .map(|m| m.db)
            })
            .unwrap_or_default();
        let prices = Prices::example().unwrap_or_else(|e| {
            error = Some(e.to_string());
            Prices::empty("no price list")
        });
        let mut app = Self {
            catalog,
            doc,
            selected,
            part: schematic::Part::Element(0),
            focus_editor: false,
            remembered,
            error,
            status,
            prices,
            links_panel: links::LinksPanel::default(),
            right_tab: RightTab::Plots,
            fix_cache: None,
            selection: selection_view::SelectionView::new(margin_db),
            show_selection: false,
            stat_model: None,
            stats_cache: None,
            show_catalog: false,
            show_infra: false,
            pending: None,
            quitting: false,
            close_now: false,
            shown_title: String::new(),
            native: Box::new(SystemDialogs::default()),
            file_dialog: None,
            recovery_path: None,
            recovery_offer: None,
            recovered_state: 0,
            recovery_job: None,
            save_job: None,
            background_save_from: super::saving::BACKGROUND_SAVE_LINKS,
            unwritable_state: 0,
            import_preview: None,
            import_job: None,
            test_results: None,
            loading: None,
            to_open,
            seen_state: (0, 0.0),
        };
        if let Some(p) = app.doc.path.clone() {
            app.remember(&p);
        }
        app
    }

    /// Uses these file dialogs in place of the system's (tests make them unavailable).
    pub fn with_native_dialogs(mut self, native: Box<dyn NativeDialogs>) -> Self {
        self.native = native;
        self
    }

    /// Undo (`undo`) or redo; like an edit, it waits for a save under way
    /// and stops a recovery write, unless there is nothing to take back or
    /// make again.
    /// Changes the design with `edit` as every edit is made: a save under
    /// way is finished first (see `let_go_of_design`), the status bar says
    /// its outcome and then `words`, a link stays selected, and what waited
    /// for the save goes ahead if nothing changed.
    pub(super) fn edit_design(
        &mut self,
        words: String,
        edit: impl FnOnce(&mut Document, &Catalog),
    ) {
        let waited = self.is_saving();
        let waiting = self.let_go_of_design();
        self.say_after_save(waited, words);
        edit(&mut self.doc, &self.catalog);
        self.keep_selection_valid();
        self.after_change(waiting);
    }

    fn undo_or_redo(&mut self, undo: bool) {
        let possible = if undo {
            self.doc.can_undo()
        } else {
            self.doc.can_redo()
        };
        let waited = possible && self.is_saving();
        let waiting = if possible {
            self.let_go_of_design()
        } else {
            None
        };
        let done = if undo {
            self.doc.undo(&self.catalog)
        } else {
            self.doc.redo(&self.catalog)
        };
        let words = match (undo, done) {
            (true, true) => "Undone (Ctrl+Shift+Z redoes)",
            (true, false) => "Nothing to undo",
            (false, true) => "Redone",
            (false, false) => "Nothing to redo",
        };
        self.say_after_save(waited, words.to_owned());
        self.keep_selection_valid();
        self.after_change(waiting);
    }

    /// Draws one frame, then applies what the user did, all at once.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.recovery_unanswered()
            && let Some(path) = self.to_open.take()
        {
            self.open_path(&path);
        }
        let waiting = self.poll_loading(&ctx);
        let mut commands = menu::shortcuts(&ctx);
        commands.extend(self.close_request(&ctx));

        egui::Panel::top("menu").show(ui, |ui| {
            commands.extend(menu::menu_bar(ui, &self.doc, &self.remembered));
        });
        egui::Panel::bottom("summary").show(ui, |ui| commands.extend(self.summary_bar(ui)));
        if let Some(err) = &self.error {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Error: {err}"));
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissError);
                    }
                });
            });
        }
        if waiting {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    if let Some(l) = &self.loading {
                        ui.heading(l.words());
                        ui.add(
                            egui::ProgressBar::new(l.fraction_read())
                                .desired_width(360.0)
                                .text(l.stage_words()),
                        );
                    }
                    // Ten frames a second are enough for a bar and a clock;
                    // an animation every frame would take a core from the reading.
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                    ui.label("The menu still works; the design appears when it has been read and checked.");
                    if ui.button("Cancel").clicked() {
                        commands.push(Command::CancelOpening);
                    }
                });
            });
        } else {
            self.main_panels(ui, &mut commands);
        }
        self.windows_and_apply(ui, &ctx, commands);
    }

    /// The links list and the selected link.
    fn main_panels(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
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
    }

    /// The windows over the main panels, then this frame's commands applied.
    fn windows_and_apply(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &egui::Context,
        mut commands: Vec<Command>,
    ) {
        let ctx = ctx.clone();
        if self.show_catalog {
            let mut open = true;
            egui::Window::new("Catalog")
                .open(&mut open)
                .default_size([900.0, 500.0])
                .show(&ctx, |ui| catalog_view::ui(ui, &self.catalog));
            if !open {
                commands.push(Command::ShowCatalog(false));
            }
        }
        if self.show_infra {
            let mut open = true;
            let shown = egui::Window::new("Infrastructure")
                .open(&mut open)
                .default_size([820.0, 460.0])
                .show(&ctx, |ui| {
                    super::infra_view::ui(ui, &self.catalog, &self.doc)
                });
            if let Some(cmds) = shown.and_then(|r| r.inner) {
                commands.extend(cmds);
            }
            if !open {
                commands.push(Command::ShowInfrastructure(false));
            }
        }
        if self.show_selection {
            commands.extend(
                self.selection
                    .ui(&ctx, &self.catalog, &self.prices, &self.doc),
            );
            self.remembered.selection_margin_db = Some(self.selection.margin_db());
        }
        if let Some(d) = &mut self.file_dialog {
            commands.extend(d.show(&ctx));
        }
        commands.extend(self.unsaved_changes_modal(ui));
        commands.extend(self.recovery_modal(ui));
        commands.extend(self.import_modal(ui));

        for c in commands {
            self.apply(c);
        }

        if std::mem::take(&mut self.close_now) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.poll_save(&ctx);
        self.poll_import(&ctx);
        self.autosave(&ctx);
        self.refresh_test_results();
        self.update_title(&ctx);
    }

    fn selected_link_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let Some(i) = self.selected.filter(|i| *i < self.doc.design().links.len()) else {
            ui.centered_and_justified(|ui| {
                ui.label("Select a link on the left, or add one.");
            });
            return commands;
        };
        self.doc.show(i, &self.catalog);
        let part = self.part.within(&self.doc.design().links[i]);
        let Some(mut editor) = channel::ChannelEditor::new(&self.doc, i) else {
            return commands;
        };
        editor.header(ui, &self.catalog);
        ui.add_space(4.0);
        // The polarity fix of this link as it is (searched by the lanes
        // panel, once per change to the link).
        let fix = self
            .fix_cache
            .as_ref()
            .filter(|(l, _)| *l == *self.doc.design().links[i])
            .and_then(|(_, f)| f.as_ref());
        commands.extend(schematic::ui(ui, &self.catalog, &self.doc, i, part, fix));
        ui.add_space(2.0);
        // Three columns under the schematic, each scrolling on its own only
        // where its content is taller than the window: the part's inspector,
        // the budget and the lanes, and the plots.
        let width = ui.available_width();
        let height = ui.available_height();
        let gap = 10.0;
        let mut inspector_w = (width * 0.27).clamp(220.0, 330.0);
        let mut budget_w = ((width - inspector_w - 2.0 * gap) * 0.5).max(200.0);
        let plots_w = (width - inspector_w - budget_w - 2.0 * gap).max(200.0);
        // The legs' table (id, harness leg, module, path, verdict, remove)
        // needs the whole width: it takes it while it is open (each leg's row
        // carries its own verdict; any other part brings the columns back).
        let legs_open = part == schematic::Part::Legs;
        if legs_open {
            inspector_w = width;
            budget_w = 0.0;
        }
        // Each column in a rectangle of its own: a wide field in one never
        // pushes the next off the window (it scrolls sideways instead).
        let top_left = ui.cursor().min;
        let mut x = top_left.x;
        let mut column =
            |ui: &mut egui::Ui, w: f32, salt: &str, add: &mut dyn FnMut(&mut egui::Ui)| {
                let rect =
                    egui::Rect::from_min_size(egui::pos2(x, top_left.y), egui::vec2(w, height));
                x += w + gap;
                ui.scope_builder(
                    egui::UiBuilder::new()
                        .max_rect(rect)
                        .layout(egui::Layout::top_down(egui::Align::LEFT)),
                    |ui| {
                        ui.set_clip_rect(rect.intersect(ui.clip_rect()));
                        egui::ScrollArea::both()
                            .id_salt(salt)
                            .auto_shrink([false, false])
                            .show(ui, |ui| {
                                ui.set_max_width(w);
                                add(ui)
                            });
                    },
                );
            };
        let take_focus = std::mem::take(&mut self.focus_editor);
        column(ui, inspector_w, "inspector", &mut |ui| {
            editor.inspector(ui, &self.catalog, part, take_focus);
        });
        if !legs_open {
            column(ui, budget_w, "budget", &mut |ui| {
                commands.extend(results::ui(ui, &self.catalog, &self.doc, i, part));
                ui.separator();
                commands.extend(lanes::ui(
                    ui,
                    &self.catalog,
                    &self.doc,
                    i,
                    &mut self.fix_cache,
                    part,
                ));
            });
        }
        if !legs_open {
            column(ui, plots_w, "plots", &mut |ui| {
                commands.extend(right_column(
                    ui,
                    &self.catalog,
                    &self.doc,
                    i,
                    RightState {
                        tab: &mut self.right_tab,
                        stat_model: &mut self.stat_model,
                        stats_cache: &mut self.stats_cache,
                        test_results: &mut self.test_results,
                    },
                ));
            });
        }
        ui.allocate_space(egui::vec2(width, height));
        commands.extend(editor.into_commands());
        commands
    }

    fn summary_bar(&self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let s = self.doc.summary();
        ui.horizontal(|ui| {
            // Green only where there is something that passes.
            let all_pass = s.passing == s.links && s.links > 0;
            let color = if s.links == 0 {
                ui.visuals().text_color()
            } else if all_pass {
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
                    .design()
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
            if let Some(planning) = self.importing_words() {
                ui.separator();
                ui.label(planning);
            }
        });
        commands
    }

    /// A close request with unsaved changes becomes Quit (which asks first).
    fn close_request(&self, ctx: &egui::Context) -> Option<Command> {
        let asked = ctx.input(|i| i.viewport().close_requested());
        (asked && !self.quitting && self.doc.is_modified()).then(|| {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            Command::Quit
        })
    }

    /// Carries out one command: the one place where the document and the
    /// app's state change.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Edit(change, merge) => {
                let words = edit_words(&change, &self.doc);
                self.edit_design(words, |doc, catalog| doc.apply(catalog, *change, merge));
            }
            Command::EndGesture => self.doc.seal_gesture(),
            Command::Select(i) => {
                // Another link opens on its first part.
                if i != self.selected {
                    self.part = schematic::Part::Element(0);
                }
                self.selected = i;
            }
            Command::Focus(part) => self.part = part,
            Command::FocusEditor => self.focus_editor = true,
            Command::Undo => self.undo_or_redo(true),
            Command::Redo => self.undo_or_redo(false),
            Command::New => self.guard(Pending::New),
            Command::Open => self.guard(Pending::Open),
            Command::OpenPath(p) => self.guard(Pending::OpenPath(p)),
            Command::Quit => self.guard(Pending::Quit),
            Command::Save => self.save(None),
            Command::SaveAs => self.ask_path(FileRequest::SaveDesign { then: None }),
            Command::SaveTo(p) => self.save_to(&p),
            Command::ShowCatalog(show) => self.show_catalog = show,
            Command::ShowInfrastructure(show) => self.show_infra = show,
            Command::ShowSelection(show) => self.show_selection = show,
            Command::LoadPrices => self.ask_path(FileRequest::LoadPrices),
            Command::ExportBom => self.ask_path(FileRequest::ExportBom),
            Command::ExportBomTo(p) => self.export_bom(&p),
            Command::ExportReport => self.ask_path(FileRequest::ExportReport),
            Command::ExportReportTo(p) => self.export_report(&p),
            Command::ExportPlot(chart) => self.ask_path(FileRequest::ExportPlot(chart)),
            Command::ExportPlotTo(chart, p) => self.export_plot(chart, &p),
            Command::PathChosen(request, p) => {
                self.file_dialog = None;
                self.path_chosen(request, &p);
            }
            Command::CloseFileDialog => self.file_dialog = None,
            Command::AnswerUnsaved(answer) => self.answer_unsaved(answer),
            Command::Recover(restore) => self.answer_recovery(restore),
            Command::ImportSchedule => self.ask_path(FileRequest::ImportSchedule),
            Command::AcceptImport(accept) => self.accept_import(accept),
            Command::ImportResults => self.ask_path(FileRequest::ImportResults),
            Command::DismissError => self.error = None,
            Command::CancelOpening => {
                let path = self.loading.as_ref().map(|l| l.path.clone());
                self.status = match (self.drop_loading(), path) {
                    (true, _) => Some("Stopped restoring: the unsaved work is still kept".into()),
                    (false, Some(p)) => Some(format!("Stopped opening {}", p.display())),
                    (false, None) => self.status.take(),
                };
            }
        }
    }

    fn keep_selection_valid(&mut self) {
        let n = self.doc.design().links.len();
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

    pub fn title(&self) -> &str {
        &self.shown_title
    }
}

/// The status bar's words for an edit, before it is applied.
fn edit_words(change: &super::history::Change, doc: &Document) -> String {
    use super::history::Change;
    let id = |i: &usize| {
        doc.design()
            .links
            .get(*i)
            .map_or("", |l| l.id.as_str())
            .to_owned()
    };
    match change {
        Change::ReplaceLink { index, .. } => format!("Edited {} (Ctrl+Z undoes)", id(index)),
        Change::InsertLink { link, .. } => format!("Added {} (Ctrl+Z undoes)", link.id),
        Change::RemoveLink { index } => format!("Removed {} (Ctrl+Z undoes)", id(index)),
        Change::RenameDesign { .. } => "Renamed the design".to_owned(),
        Change::ReplaceInfra { .. } => {
            "Edited the shared trunks and panels (Ctrl+Z undoes)".to_owned()
        }
        Change::ReplaceDesign { .. } => "Replaced the design (Ctrl+Z undoes)".to_owned(),
        Change::Batch(changes) => format!("{} changes made as one (Ctrl+Z undoes)", changes.len()),
    }
}

/// What the right-hand column keeps between frames.
struct RightState<'a> {
    tab: &'a mut RightTab,
    stat_model: &'a mut Option<StatModel>,
    stats_cache: &'a mut StatsCache,
    test_results: &'a mut Option<super::test_results::TestResults>,
}

/// The plots, assurance, statistics and test results of link `i`, one
/// tab at a time.
fn right_column(
    right: &mut egui::Ui,
    catalog: &Catalog,
    doc: &Document,
    i: usize,
    state: RightState<'_>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    right.horizontal(|ui| {
        for (tab, name) in [
            (RightTab::Plots, "Plots"),
            (RightTab::Assurance, "Assurance"),
            (RightTab::Statistics, "Statistics"),
        ] {
            ui.selectable_value(state.tab, tab, name);
        }
        if state.test_results.is_some() {
            ui.selectable_value(state.tab, RightTab::TestResults, "Test results");
        }
    });
    match *state.tab {
        RightTab::Plots => {
            plots::ui(right, catalog, doc, i);
            right.horizontal_wrapped(|ui| {
                if ui.button("Save waterfall…").clicked() {
                    commands.push(Command::ExportPlot(Chart::Waterfall));
                }
                if ui.button("Save loss vs length…").clicked() {
                    commands.push(Command::ExportPlot(Chart::LossVsLength));
                }
            });
        }
        RightTab::Assurance => assurance_view::ui(right, catalog, doc, i),
        RightTab::Statistics => {
            let stats = link_stats(catalog, state.stat_model, state.stats_cache, doc, i);
            stats_view::ui(right, stats);
        }
        RightTab::TestResults => match state.test_results {
            Some(t) => {
                super::test_results::ui(right, catalog, doc, t, state.stat_model, i);
            }
            None => {
                right.label("No test results: File → Import test results…");
            }
        },
    }
    commands
}

/// The selected link's statistics, recomputed only when the link changed.
fn link_stats<'a>(
    catalog: &Catalog,
    model: &mut Option<StatModel>,
    cache: &'a mut StatsCache,
    doc: &Document,
    i: usize,
) -> Result<&'a LinkStats, &'a str> {
    let link: &mpo_budget_core::model::Link = &doc.design().links[i];
    if cache.as_ref().is_none_or(|(l, _)| l != link) {
        let model = model.get_or_insert_with(|| StatModel::new(catalog));
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

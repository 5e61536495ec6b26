//! The links panel: every link with its verdict; add, duplicate, delete,
//! rename, filter, select.

use egui::{Color32, RichText};

use super::Command;
use super::document::{Document, LinkResult};
use super::history::Change;
use mpo_budget_core::catalog::{Catalog, ConnectorFamily};
use mpo_budget_core::model::units::LengthM;
use mpo_budget_core::model::{
    Adapter, AdapterKeys, Cable, CableRole, Element, Gender, Link, PolarityType,
};

/// The verdict colours the plots and the report use, as egui colours.
pub const PASS_COLOR: Color32 = rgb(mpo_budget_core::output::charts::PASS_COLOR);
pub const FAIL_COLOR: Color32 = rgb(mpo_budget_core::output::charts::FAIL_COLOR);
pub const WARN_COLOR: Color32 = Color32::from_rgb(0xe0, 0xa0, 0x20);

const fn rgb(c: mpo_budget_core::output::charts::Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

#[derive(Default)]
pub struct LinksPanel {
    filter: String,
    /// Only the links that fail: on a large design, the ones to work on.
    failing_only: bool,
    /// The id being typed, for the link it was started on (its index and
    /// its id then), and a refusal to show.
    rename: Option<RenameBox>,
    rename_error: Option<String>,
    /// A row chosen by the keyboard, to scroll into view next frame.
    scroll_to: Option<usize>,
    /// The list's scroll offset and visible height last frame.
    view: (f32, f32),
    /// A click elsewhere (the schematic, the inspector) since the last one
    /// in the list: Delete then removes nothing (the user means a part).
    clicked_away: bool,
    /// The rows for (document revision, filter, failing only).
    rows_cache: Option<(RowsKey, Rows)>,
    /// A large design's rows being worked out beside the frames.
    rows_job: Option<RowsJob>,
    /// From how many links they are ([`ROWS_BESIDE_FRAMES`] unless a test
    /// says otherwise).
    beside_frames_from: Option<usize>,
}

type RowsKey = (u64, String, bool);

/// From this many links a new filter or switch is worked out beside the
/// frames (a first character typed matches half a million of a million
/// ids: some 4 ms): the list shows its rows as they were until the new
/// ones are in, a frame or two later, and every frame stays short.
const ROWS_BESIDE_FRAMES: usize = 100_000;

/// Rows being worked out on another thread for `key`.
struct RowsJob {
    key: RowsKey,
    rows: super::background::Job<Rows>,
}

/// The list's rows, in design order: every link (no filter, no switch:
/// nothing to hold or work out), or the links let through.
#[derive(Clone)]
enum Rows {
    Every(usize),
    Only(std::sync::Arc<Vec<usize>>),
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Every(n) => *n,
            Rows::Only(rows) => rows.len(),
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The link on row `k`.
    fn get(&self, k: usize) -> Option<usize> {
        match self {
            Rows::Every(n) => (k < *n).then_some(k),
            Rows::Only(rows) => rows.get(k).copied(),
        }
    }

    /// The row of link `link` (rows are in design order: a binary search).
    fn position(&self, link: usize) -> Option<usize> {
        match self {
            Rows::Every(n) => (link < *n).then_some(link),
            Rows::Only(rows) => rows.binary_search(&link).ok(),
        }
    }

    fn contains(&self, link: usize) -> bool {
        self.position(link).is_some()
    }

    /// The links on rows `range`.
    fn links(&self, range: std::ops::Range<usize>) -> Vec<usize> {
        range.filter_map(|k| self.get(k)).collect()
    }
}

struct RenameBox {
    index: usize,
    /// The link's id when the box was filled: another design opened, or an
    /// undo, leaves another link at the index and the box starts again.
    for_id: String,
    text: String,
}

/// The rows of `links` links whose id contains `filter` (lowercase; `ids`
/// given when it is not empty) and, when `passes` is given, that fail.
fn rows_of(
    links: usize,
    filter: &str,
    ids: Option<&super::document::LowercaseIds>,
    passes: Option<&[bool]>,
) -> Rows {
    if filter.contains('\n') {
        return Rows::Only(std::sync::Arc::new(Vec::new()));
    }
    let rows = match (ids, passes) {
        (None, None) => return Rows::Every(links),
        (None, Some(passes)) => {
            // Every index written, the count moved on only for a failing
            // link: no branch to mispredict over a million links.
            let mut rows = vec![0; passes.len()];
            let mut count = 0;
            for (i, &pass) in passes.iter().enumerate() {
                rows[count] = i;
                count += usize::from(!pass);
            }
            rows.truncate(count);
            rows
        }
        (Some(ids), passes) => {
            let mut rows = ids.containing(filter);
            if let Some(passes) = passes {
                rows.retain(|&i| passes.get(i).is_some_and(|p| !p));
            }
            rows
        }
    };
    Rows::Only(std::sync::Arc::new(rows))
}

impl LinksPanel {
    /// The links the filter and the failing-only switch let through, in
    /// design order; worked out again only when the filter, the switch or
    /// the document's results change (a million ids are not read each
    /// frame), and for a large design beside the frames
    /// ([`ROWS_BESIDE_FRAMES`]).
    fn rows(&mut self, doc: &Document, ctx: &egui::Context) -> Rows {
        let key = (doc.revision(), self.filter.clone(), self.failing_only);
        if let Some((cached, rows)) = &self.rows_cache
            && *cached == key
        {
            return rows.clone();
        }
        if let Some(job) = self
            .rows_job
            .take_if(|job| job.key == key && job.rows.is_finished())
        {
            // A panic in the job is this frame's, as if worked out here.
            let rows = job
                .rows
                .outcome()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            self.rows_cache = Some((key, rows.clone()));
            return rows;
        }
        let links = doc.design().links.len();
        let filter = self.filter.to_lowercase();
        let failing_only = self.failing_only;
        // What the rows are worked out from (shared: here, or on a job).
        let ids = (!filter.is_empty()).then(|| doc.lowercase_ids().clone());
        let passes = failing_only.then(|| doc.passes().clone());
        // The rows as they were stand only for the same results (the same
        // links): after an edit they are worked out here and now.
        let shown = self
            .rows_cache
            .as_ref()
            .filter(|(cached, _)| cached.0 == key.0)
            .map(|(_, rows)| rows.clone());
        // (Every link, with neither filter nor switch, takes no work.)
        if links >= self.beside_frames_from.unwrap_or(ROWS_BESIDE_FRAMES)
            && (!filter.is_empty() || failing_only)
            && let Some(shown) = shown
        {
            // The job asks for a frame when it is done, which may come
            // before it is seen to be: look again shortly too.
            ctx.request_repaint_after(std::time::Duration::from_millis(16));
            if self.rows_job.as_ref().is_some_and(|job| job.key == key) {
                return shown;
            }
            let (ctx, filter) = (ctx.clone(), filter.clone());
            let (ids, passes) = (ids.clone(), passes.clone());
            let working = move || {
                let rows = rows_of(links, &filter, ids.as_deref(), passes.as_deref());
                ctx.request_repaint();
                rows
            };
            // A job whose key is gone is left to finish on its own. Where no
            // thread can be started they are worked out here.
            match super::background::spawn("list-links", working) {
                Ok(rows) => {
                    self.rows_job = Some(RowsJob { key, rows });
                    return shown;
                }
                Err(_) => self.rows_job = None,
            }
        }
        let rows = rows_of(links, &filter, ids.as_deref(), passes.as_deref());
        self.rows_cache = Some((key, rows.clone()));
        rows
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        catalog: &Catalog,
        doc: &Document,
        selected: Option<usize>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading("Links");
        let filter_id = egui::Id::unique("links-filter");
        ui.horizontal(|ui| {
            let label = ui.label("Filter").id;
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .id(filter_id)
                    .hint_text("link id contains… (Ctrl+F)")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label);
        });
        ui.horizontal(|ui| {
            if ui.button("Add link").clicked() {
                let link = new_link(catalog, doc, selected);
                let index = selected.map_or(doc.design().links.len(), |i| i + 1);
                commands.push(Command::edit(Change::InsertLink { index, link }, None));
                commands.push(Command::Select(Some(index)));
            }
            let sel = selected.and_then(|i| doc.design().links.get(i).map(|l| (i, l)));
            if ui
                .add_enabled(sel.is_some(), egui::Button::new("Duplicate"))
                .clicked()
                && let Some((i, l)) = sel
            {
                let mut copy = Link::clone(l);
                copy.id = doc.unused_link_id(&l.id);
                commands.push(Command::edit(
                    Change::InsertLink {
                        index: i + 1,
                        link: copy,
                    },
                    None,
                ));
                commands.push(Command::Select(Some(i + 1)));
            }
            if ui
                .add_enabled(sel.is_some(), egui::Button::new("Delete"))
                .clicked()
                && let Some((i, _)) = sel
            {
                commands.push(Command::edit(Change::RemoveLink { index: i }, None));
            }
        });
        self.rename_ui(ui, doc, selected, &mut commands);
        let rows = ui
            .horizontal(|ui| {
                ui.checkbox(&mut self.failing_only, "Failing only");
                let rows = self.rows(doc, ui.ctx());
                ui.label(
                    RichText::new(format!(
                        "{} of {} shown",
                        rows.len(),
                        doc.design().links.len()
                    ))
                    .small()
                    .color(Color32::GRAY),
                );
                rows
            })
            .inner;
        commands.extend(self.keys(ui, &rows, selected, filter_id));
        ui.separator();

        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 6.0;
        // Only the visible rows are laid out, so a design of thousands of links stays fast.
        // A row chosen by the keyboard is brought into view.
        let stride = row_height + ui.spacing().item_spacing.y;
        let mut area = egui::ScrollArea::vertical().auto_shrink(false);
        if let Some(n) = self.scroll_to.take().and_then(|i| rows.position(i)) {
            let (offset, height) = self.view;
            let top = n as f32 * stride;
            if top < offset {
                area = area.vertical_scroll_offset(top);
            } else if top + stride > offset + height {
                area = area.vertical_scroll_offset(top + stride - height);
            }
        }
        let shown = area.show_rows(ui, row_height, rows.len(), |ui, range| {
            for i in rows.links(range) {
                let (Some(link), Some(result)) = (doc.design().links.get(i), doc.result(i)) else {
                    continue;
                };
                let response = ui
                    .push_id(i, |ui| {
                        ui.set_min_height(row_height - 4.0);
                        let r = ui.vertical(|ui| {
                            ui.horizontal(|ui| {
                                badge(ui, result);
                                ui.add(
                                    egui::Label::new(RichText::new(&link.id).strong()).truncate(),
                                );
                            });
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!(
                                        "{} · {} · {} · ×{}{}{}",
                                        margin_text(result),
                                        link.transceiver,
                                        link.fiber,
                                        link.count,
                                        match link.legs.len() {
                                            0 => String::new(),
                                            1 => " · 1 leg".to_owned(),
                                            n => format!(" · {n} legs"),
                                        },
                                        method_text(link, result)
                                    ))
                                    .size(11.0),
                                )
                                .truncate(),
                            );
                        });
                        r.response
                    })
                    .inner;
                let r = ui.interact(
                    response.rect,
                    ui.scope_id().with(("link-row", i)),
                    egui::Sense::click(),
                );
                if Some(i) == selected {
                    ui.painter().rect_stroke(
                        response.rect.expand(2.0),
                        3.0,
                        ui.visuals().selection.stroke,
                        egui::StrokeKind::Outside,
                    );
                }
                if r.clicked() {
                    commands.push(Command::Select(Some(i)));
                }
            }
        });
        self.view = (shown.state.clamped_offset().y, shown.inner_rect.height());
        commands
    }

    /// The list's keys, where no text is being typed: Up and Down (Home,
    /// End, Page Up, Page Down) move through the links shown, Enter goes to
    /// the editor, Delete removes the link (undoable), Ctrl+F goes to the
    /// filter.
    fn keys(
        &mut self,
        ui: &mut egui::Ui,
        rows: &Rows,
        selected: Option<usize>,
        filter_id: egui::Id,
    ) -> Vec<Command> {
        use egui::{Key, Modifiers};
        let mut commands = Vec::new();
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::F)) {
            ui.memory_mut(|m| m.request_focus(filter_id));
            return commands;
        }
        // Keys act on the list only while no text is typed and no menu,
        // combo box or dialog is open.
        let ctx = ui.ctx().clone();
        if ui.input(|i| i.pointer.any_pressed()) {
            self.clicked_away = !ui.ui_contains_pointer();
        }
        if ctx.egui_wants_keyboard_input()
            || egui::Popup::is_any_open(&ctx)
            || ctx.memory(|m| m.top_modal_layer()).is_some()
        {
            return commands;
        }
        // Exactly the key: consume_key alone also takes it with Shift or Alt.
        let pressed = |ui: &mut egui::Ui, key: Key| {
            ui.input_mut(|i| i.modifiers.is_none() && i.consume_key(Modifiers::NONE, key))
        };
        let step: Option<isize> = if pressed(ui, Key::ArrowDown) {
            Some(1)
        } else if pressed(ui, Key::ArrowUp) {
            Some(-1)
        } else if pressed(ui, Key::PageDown) {
            Some(10)
        } else if pressed(ui, Key::PageUp) {
            Some(-10)
        } else if pressed(ui, Key::Home) {
            Some(isize::MIN / 2)
        } else if pressed(ui, Key::End) {
            Some(isize::MAX / 2)
        } else {
            None
        };
        // From the selected row, or (none shown) from the top down and from
        // the bottom up.
        if let Some(step) = step
            && !rows.is_empty()
        {
            let at = match selected.and_then(|s| rows.position(s)) {
                Some(p) => p as isize + step,
                None if step < 0 => rows.len() as isize - 1,
                None => 0,
            }
            .clamp(0, rows.len() as isize - 1) as usize;
            if let Some(link) = rows.get(at) {
                commands.push(Command::Select(Some(link)));
                self.scroll_to = Some(link);
            }
        }
        if pressed(ui, Key::Enter) && selected.is_some() {
            commands.push(Command::FocusEditor);
        }
        // Delete removes the link shown selected in the list, and only when
        // the list, not a part of the channel, was the last thing clicked.
        if !self.clicked_away
            && pressed(ui, Key::Delete)
            && let Some(i) = selected.filter(|&i| rows.contains(i))
        {
            commands.push(Command::edit(Change::RemoveLink { index: i }, None));
        }
        commands
    }

    fn rename_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        selected: Option<usize>,
        commands: &mut Vec<Command>,
    ) {
        let Some((i, link)) = selected.and_then(|i| doc.design().links.get(i).map(|l| (i, l)))
        else {
            return;
        };
        if self
            .rename
            .as_ref()
            .is_none_or(|r| r.index != i || r.for_id != link.id)
        {
            self.rename = Some(RenameBox {
                index: i,
                for_id: link.id.clone(),
                text: link.id.clone(),
            });
            self.rename_error = None;
        }
        let Some(RenameBox { text, .. }) = self.rename.as_mut() else {
            return;
        };
        let mut submit = false;
        ui.horizontal(|ui| {
            let label = ui.label("Link id").id;
            let r = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .desired_width(140.0)
                        .id_salt("link-id"),
                )
                .labelled_by(label);
            submit |= r.lost_focus() && ui.input(|inp| inp.key_pressed(egui::Key::Enter));
            submit |= ui.button("Rename").clicked();
        });
        if submit {
            let new_id = text.trim().to_owned();
            if new_id == link.id {
                self.rename_error = None;
            } else if new_id.is_empty() {
                self.rename_error = Some("A link id cannot be empty.".into());
            } else if doc.has_link_id(&new_id) {
                self.rename_error = Some(format!("Another link is already called \"{new_id}\"."));
            } else {
                self.rename_error = None;
                let mut after = Link::clone(link);
                after.id = new_id;
                commands.push(Command::edit(Change::ReplaceLink { index: i, after }, None));
            }
        }
        if let Some(e) = &self.rename_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }
}

/// PASS, or FAIL with what failed ("FAIL loss, reach"), coloured.
pub fn badge(ui: &mut egui::Ui, result: &LinkResult) {
    let (text, color) = match result.verdict() {
        Some(_) if result.pass() => ("PASS".to_owned(), PASS_COLOR),
        Some(v) if v.failed.is_empty() => ("FAIL".to_owned(), FAIL_COLOR),
        Some(v) => (format!("FAIL {}", v.failed.labels()), FAIL_COLOR),
        None => ("ERROR".to_owned(), FAIL_COLOR),
    };
    egui::Frame::new()
        .fill(color)
        .inner_margin(egui::Margin::symmetric(4, 1))
        .corner_radius(3.0)
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(
                    RichText::new(text)
                        .color(Color32::WHITE)
                        .monospace()
                        .size(12.0),
                )
                .truncate(),
            );
        });
}

/// The link's loss margin, for the row under its badge.
fn margin_text(result: &LinkResult) -> String {
    match result.verdict() {
        Some(v) => v
            .budget
            .margin_db()
            .map_or_else(|| "margin n/a".to_owned(), |m| format!("{m:+.3} dB margin")),
        None => "cannot compute".to_owned(),
    }
}

/// A new link like the selected one (or the catalog's first transceiver): a
/// cord, a trunk and a cord joined by two key-up/key-up adapters.
fn new_link(catalog: &Catalog, doc: &Document, selected: Option<usize>) -> Link {
    let template = selected
        .and_then(|i| doc.design().links.get(i))
        .or(doc.design().links.first());
    let first_grade = || {
        let mpo = catalog
            .grades()
            .iter()
            .find(|g| g.family == ConnectorFamily::Mpo);
        mpo.or(catalog.grades().first())
            .map(|g| g.id.clone())
            .unwrap_or_default()
    };
    let (transceiver, fiber, grade, fibers) = match template {
        Some(l) => {
            let cable = l.path.iter().find_map(|e| match e {
                Element::Cable(c) => Some((c.grade.clone(), c.fibers)),
                _ => None,
            });
            let (grade, fibers) = cable.unwrap_or_else(|| {
                (
                    first_grade(),
                    mpo_budget_core::model::units::FiberCount::F12,
                )
            });
            (l.transceiver.clone(), l.fiber.clone(), grade, fibers)
        }
        None => {
            let t = catalog.transceivers().first();
            (
                t.map(|t| t.id.clone()).unwrap_or_default(),
                t.and_then(|t| t.media.first())
                    .map(|m| m.fiber.clone())
                    .unwrap_or_default(),
                first_grade(),
                t.and_then(|t| t.mpo_fibers)
                    .unwrap_or(mpo_budget_core::model::units::FiberCount::F12),
            )
        }
    };
    let cable = |role, length: f64, ends| {
        Element::Cable(Cable {
            role,
            length_m: LengthM::new(length).unwrap_or_default(),
            fibers,
            polarity: PolarityType::B,
            ends,
            grade: grade.clone(),
            fiber: None,
            polish: None,
            splices: 0,
        })
    };
    let adapter = || {
        Element::Adapter(Adapter {
            keys: AdapterKeys::UpUp,
        })
    };
    Link {
        id: doc.unused_link_id("new-link"),
        count: 1,
        transceiver,
        port: 1,
        far_transceiver: None,
        fiber,
        legs: Vec::new(),
        path: vec![
            cable(CableRole::Cord, 3.0, (Gender::Female, Gender::Female)),
            adapter(),
            cable(CableRole::Trunk, 30.0, (Gender::Male, Gender::Male)),
            adapter(),
            cable(CableRole::Cord, 3.0, (Gender::Female, Gender::Female)),
        ],
        labels: None,
    }
}

/// " · Method B": the TIA method the link's channel follows, where it is a
/// parallel channel that follows one (only rows in view are worked out).
fn method_text(link: &Link, result: &LinkResult) -> String {
    result
        .method(link)
        .map(|m| format!(" · {}", m.trim_start_matches("TIA ")))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A design's links, ids `L00000`…, from the generator.
    fn doc_of(links: usize) -> Document {
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, links, 11);
        Document::new(design, None, &catalog)
    }

    /// The rows once any job for them is in (bounded wait).
    fn settled(panel: &mut LinksPanel, doc: &Document, ctx: &egui::Context) -> Vec<usize> {
        for _ in 0..2_000 {
            let rows = panel.rows(doc, ctx);
            if panel.rows_job.is_none() {
                return rows.links(0..rows.len());
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        panic!("the rows never came in");
    }

    #[test]
    fn a_large_designs_rows_come_in_beside_the_frames() {
        let doc = doc_of(300);
        let ctx = egui::Context::default();
        let mut panel = LinksPanel {
            beside_frames_from: Some(100),
            ..LinksPanel::default()
        };
        assert_eq!(panel.rows(&doc, &ctx).len(), 300);
        // A filter typed: this frame shows the rows as they were, and the
        // narrowed rows come in from the job.
        panel.filter = "L0029".into();
        assert_eq!(panel.rows(&doc, &ctx).len(), 300);
        assert!(panel.rows_job.is_some());
        assert_eq!(
            settled(&mut panel, &doc, &ctx),
            (290..300).collect::<Vec<_>>()
        );
        // The failing-only switch likewise: the links that fail among them.
        panel.failing_only = true;
        let failing: Vec<usize> = (290..300).filter(|&i| !doc.passes()[i]).collect();
        assert!(failing.len() < 10, "{failing:?}");
        assert_eq!(settled(&mut panel, &doc, &ctx), failing);
        // Another key typed before a job is in: its rows, not the old job's.
        panel.failing_only = false;
        panel.filter = "L001".into();
        panel.rows(&doc, &ctx);
        panel.filter = "L0012".into();
        assert_eq!(
            settled(&mut panel, &doc, &ctx),
            (120..130).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_small_designs_rows_are_worked_out_in_the_frame() {
        let doc = doc_of(300);
        let ctx = egui::Context::default();
        let mut panel = LinksPanel::default();
        panel.rows(&doc, &ctx);
        panel.filter = "l0029".into();
        assert_eq!(
            panel.rows(&doc, &ctx).links(0..20),
            (290..300).collect::<Vec<_>>()
        );
        assert!(panel.rows_job.is_none());
    }
}

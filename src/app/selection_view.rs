//! Connector selection: all-standard, all-premium and optimized side by side,
//! each link's chosen grades, and "Apply to design" as one undoable edit.

use egui::RichText;

use super::Command;
use super::document::Document;
use super::history::Change;
use super::links::{FAIL_COLOR, PASS_COLOR};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::planning::select::{DesignSelection, select_design};

#[derive(Default)]
pub struct SelectionView {
    margin_db: f64,
    /// The selection for (design state, margin), recomputed when either changes.
    cache: Option<(u64, u64, DesignSelection)>,
}

impl SelectionView {
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        catalog: &Catalog,
        prices: &Prices,
        doc: &Document,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut open = true;
        egui::Window::new("Connector selection")
            .open(&mut open)
            .default_size([760.0, 480.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&prices.label).strong());
                    ui.label(format!("({})", prices.currency));
                    if ui.button("Load price list (CSV)…").clicked() {
                        commands.push(Command::LoadPrices);
                    }
                });
                ui.horizontal(|ui| {
                    let label = ui.label("Margin").id;
                    ui.add(
                        egui::DragValue::new(&mut self.margin_db)
                            .range(0.0..=3.0)
                            .speed(0.01)
                            .suffix(" dB")
                            .max_decimals(3),
                    )
                    .labelled_by(label);
                    ui.label(RichText::new("kept under each link's limit").weak());
                });
                let key = (doc.state_id(), self.margin_db.to_bits());
                if self.cache.as_ref().is_none_or(|(s, m, _)| (*s, *m) != key) {
                    let Some(resolved) = doc.resolved_links() else {
                        ui.colored_label(FAIL_COLOR, "Some link cannot be computed: fix it first.");
                        return;
                    };
                    self.cache = Some((
                        key.0,
                        key.1,
                        select_design(catalog, prices, &doc.design, &resolved, self.margin_db),
                    ));
                }
                let Some((_, _, s)) = &self.cache else { return };
                ui.separator();
                ui.columns(s.totals.len(), |cols| {
                    for (col, t) in cols.iter_mut().zip(&s.totals) {
                        col.vertical_centered(|ui| {
                            ui.label(RichText::new(&t.name).strong());
                            ui.label(
                                RichText::new(format!("{:.2} {}", t.cost, s.currency)).size(18.0),
                            );
                            let all = t.links_passing == s.links.len();
                            ui.colored_label(
                                if all { PASS_COLOR } else { FAIL_COLOR },
                                format!("{} of {} links pass", t.links_passing, s.links.len()),
                            );
                            ui.label(format!("{} channels", t.channels_passing));
                        });
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .show(ui, |ui| {
                        egui::Grid::new("selection-links")
                            .striped(true)
                            .num_columns(5)
                            .show(ui, |ui| {
                                for h in [
                                    "link",
                                    "grades (path order)",
                                    "per link",
                                    "worst case",
                                    "margin",
                                ] {
                                    ui.strong(h);
                                }
                                ui.end_row();
                                for l in &s.links {
                                    ui.label(format!("{} ×{}", l.id, l.count));
                                    let grades: Vec<String> = l
                                        .grades
                                        .iter()
                                        .map(|g| {
                                            if g.grade == g.was {
                                                g.grade.clone()
                                            } else {
                                                format!("{} (was {})", g.grade, g.was)
                                            }
                                        })
                                        .collect();
                                    ui.label(grades.join(", "));
                                    ui.label(format!("{:.2}", l.cost));
                                    ui.label(format!("{:.3} dB", l.worst_case_loss_db));
                                    let m = l
                                        .margin_db
                                        .map_or_else(|| "n/a".to_owned(), |m| format!("{m:.3} dB"));
                                    ui.colored_label(
                                        if l.pass { PASS_COLOR } else { FAIL_COLOR },
                                        m,
                                    );
                                    ui.end_row();
                                }
                            });
                    });
                ui.separator();
                let edits: Vec<Change> = doc
                    .design
                    .links
                    .iter()
                    .zip(&s.optimized.links)
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .map(|(index, (_, b))| Change::ReplaceLink {
                        index,
                        after: b.clone(),
                    })
                    .collect();
                ui.horizontal(|ui| {
                    let apply =
                        ui.add_enabled(!edits.is_empty(), egui::Button::new("Apply to design"));
                    if apply
                        .on_hover_text("Sets the optimized grades in every link; Ctrl+Z undoes it")
                        .clicked()
                    {
                        commands.push(Command::edit(Change::Batch(edits.clone()), None));
                    }
                    if edits.is_empty() {
                        ui.label("The design already has these grades.");
                    } else {
                        ui.label(format!("changes {} link(s)", edits.len()));
                    }
                });
            });
        if !open {
            commands.push(Command::ShowSelection(false));
        }
        commands
    }
}

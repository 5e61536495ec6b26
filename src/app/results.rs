//! Results for the selected link: figures, verdict, problems, breakdown.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::Command;
use super::document::{Document, LinkResult};
use super::links::{FAIL_COLOR, PASS_COLOR, WARN_COLOR};
use super::schematic::Part;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::output::records::{ReflectanceReport, breakdown_rows, reflectance_words};

/// The budget of link `index`; the row or problem of a part selects it.
pub fn ui(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    doc: &Document,
    index: usize,
    selected: Part,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let (Some(link), Some(result)) = (doc.design().links.get(index), doc.result(index)) else {
        return commands;
    };
    if let LinkResult::Unresolved(why) = result {
        ui.colored_label(FAIL_COLOR, format!("Cannot compute this link: {why}"));
        return commands;
    }
    let Some((_, analysis)) = doc.shown(index) else {
        return commands;
    };
    let budget = &analysis.budget;
    // A part of the shared path is itself; a leg's own parts are the legs'.
    let part_of = |element: usize| {
        if element < link.path.len() {
            Part::Element(element)
        } else {
            Part::Legs
        }
    };
    ui.horizontal_wrapped(|ui| {
        ui.heading("Budget");
        let (verdict, color) = if analysis.pass() {
            ("PASS", PASS_COLOR)
        } else {
            ("FAIL", FAIL_COLOR)
        };
        ui.label(RichText::new(verdict).size(20.0).strong().color(color));
        let failed = analysis.verdict.failed.labels();
        if !analysis.pass() && !failed.is_empty() {
            ui.label(RichText::new(failed).color(color));
        }
    });
    egui::Grid::new("figures")
        .num_columns(4)
        .spacing([12.0, 3.0])
        .show(ui, |ui| {
            let db = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3} dB"));
            ui.label("Worst case").on_hover_text(
                "Every mated pair at its grade's maximum and the fiber at its cabled maximum: the figure acceptance is judged on",
            );
            ui.label(RichText::new(db(Some(budget.totals.worst_case_loss_db))).strong());
            ui.label("Margin");
            ui.label(RichText::new(db(budget.totals.margin_db())).strong());
            ui.end_row();
            ui.label("Typical")
                .on_hover_text("Every mated pair at its grade's typical loss");
            ui.label(db(Some(budget.totals.typical_loss_db)));
            ui.label("Limit")
                .on_hover_text("The module's maximum channel insertion loss on this fiber");
            ui.label(db(budget.totals.max_channel_loss_db()));
            ui.end_row();
            ui.label("Length");
            ui.label(format!("{:.1} m", budget.totals.length_m));
            ui.label("Reach");
            ui.label(
                budget
                    .totals
                    .reach_m()
                    .map_or_else(|| "n/a".to_owned(), |r| format!("{r:.0} m")),
            );
            ui.end_row();
            ui.label("Mated pairs");
            ui.label(budget.totals.mated_pairs.to_string());
            ui.label("Splices");
            ui.label(budget.totals.splices.to_string());
            ui.end_row();
        });
    // Single-mode PAM4 modules: discrete reflections against the module's
    // IEEE table, on a line of its own (the figures grid stays narrow).
    if let Some(r) = &budget.reflectance {
        let r = ReflectanceReport::of(r);
        ui.horizontal_wrapped(|ui| {
            ui.label("Reflectance").on_hover_text(
                "Discrete reflections in the channel counted above the table's threshold, each at its polish's catalog figure, against the module's IEEE table",
            );
            let color = if r.ok { PASS_COLOR } else { FAIL_COLOR };
            ui.colored_label(color, reflectance_words(&r));
        });
    }
    // Each problem; one that names a part selects it.
    for p in analysis.problems() {
        let (mark, color) = if p.is_error() {
            ("×", FAIL_COLOR)
        } else {
            ("!", WARN_COLOR)
        };
        let text = RichText::new(format!("{mark} {}  [{}]", p.message, p.code)).color(color);
        match p.element {
            Some(e) => {
                let r = ui
                    .add(egui::Label::new(text).sense(egui::Sense::click()))
                    .on_hover_text("Select this part");
                if r.clicked() {
                    commands.push(Command::Focus(part_of(e)));
                }
            }
            None => {
                ui.label(text);
            }
        }
    }

    ui.add_space(4.0);
    // A link with legs: the governing leg's channel, named as such.
    let channel = analysis.budget_channel(link);
    if let Some(k) = analysis.governing_leg
        && let Some(leg) = analysis.legs.get(k)
    {
        ui.label(
            RichText::new(format!(
                "Figures and breakdown of leg {} to {} (the smallest margin of {} legs)",
                leg.id,
                leg.transceiver,
                analysis.legs.len()
            ))
            .weak(),
        );
    }
    let rows = channel
        .map(|c| breakdown_rows(catalog, &c, budget))
        .unwrap_or_default();
    ui.push_id("breakdown", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::remainder().at_least(120.0).clip(true))
            .column(Column::exact(58.0))
            .column(Column::exact(58.0))
            .header(18.0, |mut h| {
                h.col(|ui| {
                    ui.strong("Element");
                });
                h.col(|ui| {
                    ui.strong("Worst dB");
                });
                h.col(|ui| {
                    ui.strong("Typical");
                });
            })
            .body(|mut body| {
                for r in &rows {
                    let part = part_of(r.element);
                    body.row(17.0, |mut row| {
                        row.set_selected(part == selected);
                        row.col(|ui| {
                            ui.add(egui::Label::new(&r.label).truncate().selectable(false));
                        });
                        row.col(|ui| {
                            ui.monospace(format!("{:>7.3}", r.worst_case_db));
                        });
                        row.col(|ui| {
                            ui.monospace(format!("{:>7.3}", r.typical_db));
                        });
                        let response = row.response();
                        if response.on_hover_text(&r.label).clicked() {
                            commands.push(Command::Focus(part));
                        }
                    });
                }
                body.row(17.0, |mut row| {
                    row.col(|ui| {
                        ui.strong("Total");
                    });
                    row.col(|ui| {
                        ui.monospace(
                            RichText::new(format!("{:>7.3}", budget.totals.worst_case_loss_db))
                                .strong(),
                        );
                    });
                    row.col(|ui| {
                        ui.monospace(
                            RichText::new(format!("{:>7.3}", budget.totals.typical_loss_db))
                                .strong(),
                        );
                    });
                });
            });
    });
    commands
}

//! Application assurance for the selected link's transceiver and fiber: the
//! supported length for 0…N mated pairs, one curve per grade, and the table.

use egui_plot::{Line, Plot, PlotPoints, Points, VLine};
use mpo_budget_core::output::charts::grade_color;

use super::document::Document;
use mpo_budget_core::analysis::assurance::{AssuranceError, assurance_table};
use mpo_budget_core::catalog::{Catalog, ConnectorFamily, PortConnector};

const MAX_PAIRS: u32 = 6;

pub fn ui(ui: &mut egui::Ui, catalog: &Catalog, doc: &Document, index: usize) {
    let Some((resolved, analysis)) = doc.shown(index) else {
        return;
    };
    let t = catalog.transceiver(resolved.transceiver);
    let family = match t.connector {
        PortConnector::Mpo => ConnectorFamily::Mpo,
        PortConnector::LcDuplex => ConnectorFamily::Lc,
    };
    let grades: Vec<_> = catalog
        .grades()
        .iter()
        .filter(|g| g.family == family)
        .filter_map(|g| catalog.find_grade(&g.id))
        .collect();
    let splices = analysis.budget.totals.splices;
    let rows = match assurance_table(
        catalog,
        resolved.transceiver,
        resolved.fiber,
        &grades,
        MAX_PAIRS,
        splices,
    ) {
        Ok(rows) => rows,
        Err(AssuranceError::FiberNotSupported) => {
            ui.label(format!(
                "{} does not support {}.",
                t.id,
                catalog.fiber(resolved.fiber).id
            ));
            return;
        }
        Err(AssuranceError::NoAttenuation) => {
            ui.label("The catalog has no attenuation for this fiber at this wavelength.");
            return;
        }
    };
    let ui_text = ui.visuals().text_color();
    ui.strong(format!(
        "Supported length by mated pairs: {} on {}, {splices} splice(s)",
        t.id,
        catalog.fiber(resolved.fiber).id
    ));
    let name = |g: mpo_budget_core::catalog::GradeId| catalog.grade(g).short_name().to_owned();
    let color = |g: mpo_budget_core::catalog::GradeId| {
        let c = grade_color(catalog, &catalog.grade(g).id);
        egui::Color32::from_rgb(c.0, c.1, c.2)
    };
    // The key under the plot, never over its lines.
    Plot::new(("assurance", index))
        .height(230.0)
        .x_axis_label("mated pairs")
        .y_axis_label("max length (m)")
        .include_y(0.0)
        .include_x(0.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            for g in &grades {
                let id = &catalog.grade(*g).id;
                let points: Vec<[f64; 2]> = rows
                    .iter()
                    .filter(|r| &r.grade == id)
                    .map(|r| [f64::from(r.mated_pairs), r.max_length_m])
                    .collect();
                plot.line(
                    Line::new(name(*g), PlotPoints::new(points.clone()))
                        .color(color(*g))
                        .width(2.0),
                );
                plot.points(Points::new(name(*g), points).radius(3.0).color(color(*g)));
            }
            let pairs = f64::from(analysis.budget.totals.mated_pairs);
            plot.vline(
                VLine::new(format!("this link: {pairs} pairs"), pairs)
                    .color(ui_text)
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
        });
    ui.horizontal_wrapped(|ui| {
        for g in &grades {
            ui.colored_label(color(*g), format!("— {}", name(*g)));
        }
        ui.colored_label(
            ui_text,
            format!("┆ this link: {} pairs", analysis.budget.totals.mated_pairs),
        );
    });
    egui::Grid::new(("assurance-table", index))
        .striped(true)
        .num_columns(grades.len() + 1)
        .show(ui, |ui| {
            ui.strong("pairs");
            for g in &grades {
                ui.strong(name(*g));
            }
            ui.end_row();
            for pairs in 0..=MAX_PAIRS {
                ui.label(pairs.to_string());
                for g in &grades {
                    let id = &catalog.grade(*g).id;
                    let cell = rows
                        .iter()
                        .find(|r| &r.grade == id && r.mated_pairs == pairs)
                        .map_or_else(
                            || "—".to_owned(),
                            |r| format!("{:.0} m ({})", r.max_length_m, r.limited_by),
                        );
                    ui.label(cell);
                }
                ui.end_row();
            }
        });
}

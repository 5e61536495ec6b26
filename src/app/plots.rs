//! The selected link's plots: the loss waterfall, and loss vs length at each
//! MPO grade. They only read the document.

use egui::Color32;
use egui_plot::{Bar, BarChart, HLine, Legend, Line, Plot, PlotPoints, Points, VLine};

use super::document::Document;
use mpo_budget_core::analysis::budget::{Part, loss_line};
use mpo_budget_core::catalog::{Catalog, ConnectorFamily};

const FIBER_COLOR: Color32 = Color32::from_rgb(0x4a, 0x90, 0xd9);
const PAIR_COLOR: Color32 = Color32::from_rgb(0xe8, 0x8a, 0x2e);
const SPLICE_COLOR: Color32 = Color32::from_rgb(0x9b, 0x59, 0xb6);
const LIMIT_COLOR: Color32 = Color32::from_rgb(0xd6, 0x3b, 0x3b);
const GRADE_COLORS: [Color32; 4] = [
    Color32::from_rgb(0x7f, 0x8c, 0x8d),
    Color32::from_rgb(0x29, 0x80, 0xb9),
    Color32::from_rgb(0x27, 0xae, 0x60),
    Color32::from_rgb(0x8e, 0x44, 0xad),
];
const PLOT_HEIGHT: f32 = 210.0;

pub fn ui(ui: &mut egui::Ui, catalog: &Catalog, doc: &Document, index: usize) {
    let (Some(link), Some((resolved, analysis))) = (doc.design.links.get(index), doc.shown(index))
    else {
        return;
    };
    let budget = &analysis.budget;
    ui.strong("Loss waterfall (dB)");
    waterfall(ui, catalog, link, budget);
    ui.add_space(6.0);
    ui.strong("Loss vs length at each grade");
    loss_vs_length(ui, catalog, link, resolved, budget, analysis.pass());
}

fn waterfall(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    link: &mpo_budget_core::model::Link,
    budget: &mpo_budget_core::analysis::budget::LinkBudget,
) {
    let rows = mpo_budget_core::output::records::breakdown_rows(catalog, link, budget);
    let mut charts: Vec<BarChart> = Vec::with_capacity(rows.len());
    for (item, row) in budget.breakdown.iter().zip(&rows) {
        let color = match item.part {
            Part::Fiber { .. } => FIBER_COLOR,
            Part::MatedPair { .. } => PAIR_COLOR,
            Part::Splices { .. } => SPLICE_COLOR,
        };
        let bars = vec![
            Bar::new(0.0, item.worst_case_db)
                .width(0.6)
                .name(&row.label),
            Bar::new(1.0, item.typical_db).width(0.6).name(&row.label),
        ];
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(row.label.clone(), bars)
            .color(color)
            .stack_on(&below);
        charts.push(chart);
    }
    Plot::new(("waterfall", link.id.as_str()))
        .height(PLOT_HEIGHT)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_y(0.0)
        .include_y(
            budget
                .totals
                .max_channel_loss_db()
                .unwrap_or(budget.totals.worst_case_loss_db)
                * 1.1,
        )
        .include_x(-0.6)
        .include_x(1.6)
        .y_axis_label("dB")
        .show_axes([false, true])
        .show(ui, |plot| {
            for c in charts {
                plot.bar_chart(c);
            }
            for (x, name, total) in [
                (0.0, "worst case", budget.totals.worst_case_loss_db),
                (1.0, "typical", budget.totals.typical_loss_db),
            ] {
                let label = egui::RichText::new(format!("{name}\n{total:.3} dB")).strong();
                plot.text(
                    egui_plot::Text::new(name, egui_plot::PlotPoint::new(x, total), label)
                        .anchor(egui::Align2::CENTER_BOTTOM),
                );
            }
            if let Some(max) = budget.totals.max_channel_loss_db() {
                plot.hline(
                    HLine::new(format!("limit {max} dB"), max)
                        .color(LIMIT_COLOR)
                        .width(2.0),
                );
            }
        });
    ui.horizontal(|ui| {
        ui.colored_label(FIBER_COLOR, "■ fiber");
        ui.colored_label(PAIR_COLOR, "■ mated pairs");
        ui.colored_label(SPLICE_COLOR, "■ splices");
        ui.colored_label(LIMIT_COLOR, "— limit");
    });
}

fn loss_vs_length(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    link: &mpo_budget_core::model::Link,
    resolved: &mpo_budget_core::analysis::resolve::ResolvedLink,
    budget: &mpo_budget_core::analysis::budget::LinkBudget,
    link_pass: bool,
) {
    let x_max = budget
        .totals
        .reach_m()
        .unwrap_or(budget.totals.length_m)
        .max(budget.totals.length_m)
        .max(1.0)
        * 1.25;
    let lines: Vec<(String, Vec<[f64; 2]>)> = catalog
        .grades()
        .iter()
        .filter(|g| g.family == ConnectorFamily::Mpo)
        .filter_map(|g| {
            let id = catalog.find_grade(&g.id)?;
            let line = loss_line(catalog, link, resolved, id);
            Some((
                // The name without its note: "MPO", "MTP", "MTP Elite".
                g.name.split(" (").next().unwrap_or(&g.name).to_owned(),
                vec![[0.0, line.at(0.0)], [x_max, line.at(x_max)]],
            ))
        })
        .collect();
    Plot::new(("loss-vs-length", link.id.as_str()))
        .height(PLOT_HEIGHT)
        .allow_scroll(false)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .x_axis_label("length (m)")
        .y_axis_label("worst-case loss (dB)")
        .include_y(0.0)
        // Headroom above the limit keeps the legend off the lines.
        .include_y(
            budget
                .totals
                .max_channel_loss_db()
                .unwrap_or(budget.totals.worst_case_loss_db)
                * 1.8,
        )
        .include_x(0.0)
        .show(ui, |plot| {
            for (n, (name, points)) in lines.into_iter().enumerate() {
                let color = GRADE_COLORS[n % GRADE_COLORS.len()];
                plot.line(
                    Line::new(name, PlotPoints::new(points))
                        .color(color)
                        .width(2.0),
                );
            }
            if let Some(max) = budget.totals.max_channel_loss_db() {
                plot.hline(
                    HLine::new(format!("limit {max} dB"), max)
                        .color(LIMIT_COLOR)
                        .width(1.5),
                );
            }
            if let Some(reach) = budget.totals.reach_m() {
                plot.vline(
                    VLine::new(format!("reach {reach} m"), reach)
                        .color(LIMIT_COLOR)
                        .style(egui_plot::LineStyle::dashed_loose()),
                );
            }
            plot.points(
                Points::new(
                    format!(
                        "this link ({:.1} m, {:.3} dB)",
                        budget.totals.length_m, budget.totals.worst_case_loss_db
                    ),
                    vec![[budget.totals.length_m, budget.totals.worst_case_loss_db]],
                )
                .radius(5.0)
                .color(ui_marker_color(link_pass)),
            );
        });
}

fn ui_marker_color(pass: bool) -> Color32 {
    if pass {
        super::links::PASS_COLOR
    } else {
        super::links::FAIL_COLOR
    }
}

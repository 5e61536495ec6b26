//! The selected link's plots, drawn with egui_plot from the core's plot
//! description (the same one the exported and reported plots are drawn from).

use egui::Color32;
use egui_plot::{Bar, BarChart, HLine, Line, Plot, PlotPoints, Points, VLine};

use super::document::Document;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::output::charts::{Chart, PlotSpec, Rgb, plot_spec};

const PLOT_HEIGHT: f32 = 210.0;

fn color(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

pub fn ui(ui: &mut egui::Ui, catalog: &Catalog, doc: &Document, index: usize) {
    let (Some(link), Some((resolved, analysis))) =
        (doc.design().links.get(index), doc.shown(index))
    else {
        return;
    };
    let pass = analysis.pass();
    // A link with legs: its governing leg's channel, as the budget panel.
    let Some(channel) = analysis.budget_channel(link) else {
        return;
    };
    let resolved = analysis.budget_resolved(resolved);
    let spec = |chart| plot_spec(chart, catalog, &channel, resolved, &analysis.budget, pass);
    ui.strong("Loss waterfall (dB)");
    draw(ui, &spec(Chart::Waterfall), ("waterfall", link.id.as_str()));
    ui.add_space(6.0);
    ui.strong("Loss vs length at each grade");
    draw(
        ui,
        &spec(Chart::LossVsLength),
        ("loss-vs-length", link.id.as_str()),
    );
}

fn draw(ui: &mut egui::Ui, spec: &PlotSpec, id: (&str, &str)) {
    let bars: Vec<BarChart> = spec
        .bars
        .iter()
        .map(|b| {
            BarChart::new(
                b.name.clone(),
                vec![
                    Bar::new(b.x, b.height)
                        .base_offset(b.base)
                        .width(b.width)
                        .name(&b.name),
                ],
            )
            .color(color(b.color))
        })
        .collect();
    let numeric_x = spec.categories.is_empty();
    let mut plot = Plot::new(id)
        .height(PLOT_HEIGHT)
        .allow_scroll(false)
        .include_x(spec.x_range.0)
        .include_x(spec.x_range.1)
        .include_y(spec.y_range.0)
        .include_y(spec.y_range.1)
        .y_axis_label(spec.y_label.clone())
        .show_axes([numeric_x, true]);
    if let Some(x) = &spec.x_label {
        plot = plot.x_axis_label(x.clone());
    }
    // The key is drawn under the plot (a legend inside it covered the
    // lines at the width of a laptop's column).
    if !numeric_x {
        plot = plot.allow_drag(false).allow_zoom(false);
    }
    // Room above each bar for its label, on a failing link too.
    for note in &spec.notes {
        plot = plot.include_y(note.y * 1.3);
    }
    plot.show(ui, |plot| {
        for c in bars {
            plot.bar_chart(c);
        }
        for note in &spec.notes {
            let category = spec
                .categories
                .iter()
                .find(|(x, _)| (x - note.x).abs() < 0.25)
                .map_or("", |(_, n)| n.as_str());
            let label = egui::RichText::new(format!("{category}\n{}", note.text)).strong();
            plot.text(
                egui_plot::Text::new(category, egui_plot::PlotPoint::new(note.x, note.y), label)
                    .anchor(egui::Align2::CENTER_BOTTOM),
            );
        }
        for s in &spec.lines {
            let points: Vec<[f64; 2]> = s.points.iter().map(|&(x, y)| [x, y]).collect();
            plot.line(
                Line::new(s.name.clone(), PlotPoints::new(points))
                    .color(color(s.color))
                    .width(2.0),
            );
        }
        if let Some(l) = &spec.limit {
            plot.hline(
                HLine::new(l.name.clone(), l.value)
                    .color(color(l.color))
                    .width(2.0),
            );
        }
        if let Some(l) = &spec.reach {
            plot.vline(
                VLine::new(l.name.clone(), l.value)
                    .color(color(l.color))
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
        }
        if let Some(m) = &spec.marker {
            plot.points(
                Points::new(m.name.clone(), vec![[m.x, m.y]])
                    .radius(5.0)
                    .color(color(m.color)),
            );
        }
    });
    if numeric_x {
        key(ui, spec);
    }
    if !spec.swatches.is_empty() {
        ui.horizontal(|ui| {
            for (name, c) in &spec.swatches {
                ui.colored_label(color(*c), format!("■ {name}"));
            }
            if let Some(l) = &spec.limit {
                ui.colored_label(color(l.color), "— limit");
            }
        });
    }
}

/// The loss-vs-length key: a line per grade (grades whose lines coincide
/// named together), the limit, the reach and this link.
fn key(ui: &mut egui::Ui, spec: &PlotSpec) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        // Grades of the same maximum loss draw one line: say so.
        for (names, c) in spec.distinct_lines() {
            let text = if names.len() > 1 {
                format!("— {} (same line)", names.join(" = "))
            } else {
                format!("— {}", names.join(""))
            };
            ui.colored_label(color(c), text);
        }
        if let Some(l) = &spec.limit {
            ui.colored_label(color(l.color), format!("— {}", l.name));
        }
        if let Some(l) = &spec.reach {
            ui.colored_label(color(l.color), format!("┆ {}", l.name));
        }
        if let Some(m) = &spec.marker {
            ui.colored_label(color(m.color), format!("● {}", m.name));
        }
    });
}

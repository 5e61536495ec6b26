//! The budget plots drawn with plotters, for the HTML report (SVG) and for
//! export from the app (SVG or PNG): the same two plots the app shows.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::budget::{LinkBudget, Part, loss_line};
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::{Catalog, ConnectorFamily};
use crate::model::Link;

pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;

const FIBER: RGBColor = RGBColor(0x4a, 0x90, 0xd9);
const PAIR: RGBColor = RGBColor(0xe8, 0x8a, 0x2e);
const SPLICE: RGBColor = RGBColor(0x9b, 0x59, 0xb6);
const LIMIT: RGBColor = RGBColor(0xd6, 0x3b, 0x3b);
const GRADES: [RGBColor; 4] = [
    RGBColor(0x7f, 0x8c, 0x8d),
    RGBColor(0x29, 0x80, 0xb9),
    RGBColor(0x27, 0xae, 0x60),
    RGBColor(0x8e, 0x44, 0xad),
];

/// Which plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// The breakdown stacked, worst case and typical side by side, with the limit.
    Waterfall,
    /// Worst-case loss vs length at each MPO grade, with limit, reach and this link.
    LossVsLength,
}

impl Chart {
    pub fn file_stem(self) -> &'static str {
        match self {
            Chart::Waterfall => "waterfall",
            Chart::LossVsLength => "loss-vs-length",
        }
    }
}

type DrawResult = Result<(), String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: Chart,
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    budget: &LinkBudget,
) -> DrawResult {
    ensure_font();
    root.fill(&WHITE).map_err(err)?;
    match chart {
        Chart::Waterfall => waterfall(root, link, budget),
        Chart::LossVsLength => loss_vs_length(root, catalog, link, resolved, budget),
    }?;
    root.present().map_err(err)
}

fn waterfall<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    link: &Link,
    b: &LinkBudget,
) -> DrawResult {
    let top = b
        .totals
        .max_channel_loss_db()
        .unwrap_or(0.0)
        .max(b.totals.worst_case_loss_db)
        * 1.15
        + 0.05;
    let mut chart = ChartBuilder::on(root)
        .caption(format!("Loss waterfall, {}", link.id), ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(48)
        .build_cartesian_2d(-0.6f64..1.6f64, 0f64..top)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(2)
        .x_label_formatter(&|x| match x.round() as i64 {
            0 => "worst case".into(),
            1 => "typical".into(),
            _ => String::new(),
        })
        .y_desc("dB")
        .draw()
        .map_err(err)?;
    for (x, pick) in [(0.0, true), (1.0, false)] {
        let mut base = 0.0;
        for item in &b.breakdown {
            let h = if pick {
                item.worst_case_db
            } else {
                item.typical_db
            };
            let color = match item.part {
                Part::Fiber { .. } => FIBER,
                Part::MatedPair { .. } => PAIR,
                Part::Splices { .. } => SPLICE,
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, base), (x + 0.3, base + h)],
                    color.mix(0.8).filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, base), (x + 0.3, base + h)],
                    WHITE.stroke_width(1),
                )))
                .map_err(err)?;
            base += h;
        }
        chart
            .draw_series(std::iter::once(Text::new(
                format!("{base:.3} dB"),
                (x - 0.22, base + top * 0.04),
                ("sans-serif", 14),
            )))
            .map_err(err)?;
    }
    if let Some(max) = b.totals.max_channel_loss_db() {
        chart
            .draw_series(LineSeries::new(
                [(-0.6, max), (1.6, max)],
                LIMIT.stroke_width(2),
            ))
            .map_err(err)?
            .label(format!("limit {max} dB"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], LIMIT.stroke_width(2)));
    }
    for (name, color) in [("fiber", FIBER), ("mated pairs", PAIR), ("splices", SPLICE)] {
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
            .map_err(err)?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(err)
}

fn loss_vs_length<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    b: &LinkBudget,
) -> DrawResult {
    let x_max = b
        .totals
        .reach_m()
        .unwrap_or(b.totals.length_m)
        .max(b.totals.length_m)
        .max(1.0)
        * 1.25;
    let lines: Vec<(String, f64, f64)> = catalog
        .grades()
        .iter()
        .filter(|g| g.family == ConnectorFamily::Mpo)
        .filter_map(|g| {
            let l = loss_line(catalog, link, resolved, catalog.find_grade(&g.id)?);
            Some((
                g.name.split(" (").next().unwrap_or(&g.name).to_owned(),
                l.at(0.0),
                l.at(x_max),
            ))
        })
        .collect();
    let y_max = lines
        .iter()
        .map(|(_, _, y)| *y)
        .fold(b.totals.max_channel_loss_db().unwrap_or(0.0), f64::max)
        * 1.15
        + 0.05;
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("Worst-case loss vs length, {}", link.id),
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("length (m)")
        .y_desc("dB")
        .draw()
        .map_err(err)?;
    for (n, (name, y0, y1)) in lines.into_iter().enumerate() {
        let color = GRADES[n % GRADES.len()];
        chart
            .draw_series(LineSeries::new(
                [(0.0, y0), (x_max, y1)],
                color.stroke_width(2),
            ))
            .map_err(err)?
            .label(name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], color.stroke_width(2)));
    }
    if let Some(max) = b.totals.max_channel_loss_db() {
        chart
            .draw_series(LineSeries::new(
                [(0.0, max), (x_max, max)],
                LIMIT.stroke_width(2),
            ))
            .map_err(err)?
            .label(format!("limit {max} dB"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], LIMIT.stroke_width(2)));
    }
    if let Some(reach) = b.totals.reach_m() {
        chart
            .draw_series(LineSeries::new(
                [(reach, 0.0), (reach, y_max)],
                LIMIT.mix(0.6).stroke_width(1),
            ))
            .map_err(err)?
            .label(format!("reach {reach} m"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], LIMIT.mix(0.6)));
    }
    let marker = if b.totals.loss_ok() && b.totals.reach_ok() {
        GRADES[2]
    } else {
        LIMIT
    };
    chart
        .draw_series(std::iter::once(Circle::new(
            (b.totals.length_m, b.totals.worst_case_loss_db),
            5,
            marker.filled(),
        )))
        .map_err(err)?
        .label(format!(
            "this link ({:.1} m, {:.3} dB)",
            b.totals.length_m, b.totals.worst_case_loss_db
        ))
        .legend(move |(x, y)| Circle::new((x + 8, y), 4, marker.filled()));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(err)
}

/// The plot as an SVG document.
pub fn svg(
    chart: Chart,
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    budget: &LinkBudget,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, chart, catalog, link, resolved, budget)?;
    }
    Ok(out)
}

/// Saves the plot as a PNG file, atomically.
pub fn save_png(
    path: &std::path::Path,
    chart: Chart,
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    budget: &LinkBudget,
) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp.png", std::process::id()));
    let drawn = {
        let root = BitMapBackend::new(&temp, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, chart, catalog, link, resolved, budget)
    };
    let result = drawn.and_then(|()| std::fs::rename(&temp, path).map_err(err));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Plotters lays text out with a font even for SVG; the bundled Ubuntu font
/// (the one the app draws with) is registered once, so no system font is needed.
fn ensure_font() {
    static FONT: std::sync::Once = std::sync::Once::new();
    FONT.call_once(|| {
        let _ = plotters::style::register_font(
            "sans-serif",
            FontStyle::Normal,
            epaint_default_fonts::UBUNTU_LIGHT,
        );
    });
}

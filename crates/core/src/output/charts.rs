//! The budget plots: one description of each ([`PlotSpec`]: series, colours,
//! labels, limit and reach lines, the link's marker), built here from the
//! analysis, and drawn by the app (egui_plot) and here with plotters for the
//! HTML report (SVG) and for export (SVG or PNG). Both draw from the same
//! description, so their series, colours and labels cannot drift apart.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::budget::{LinkBudget, Part, loss_line};
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::{Catalog, ConnectorFamily};
use crate::model::Link;
use crate::output::records::breakdown_rows;

pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 360;

/// A colour as 8-bit red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const FIBER_COLOR: Rgb = Rgb(0x4a, 0x90, 0xd9);
pub const PAIR_COLOR: Rgb = Rgb(0xe8, 0x8a, 0x2e);
pub const SPLICE_COLOR: Rgb = Rgb(0x9b, 0x59, 0xb6);
pub const LIMIT_COLOR: Rgb = Rgb(0xd6, 0x3b, 0x3b);
/// A link that passes (loss, reach, polarity, mates, path) and one that does not.
pub const PASS_COLOR: Rgb = Rgb(0x2e, 0x9e, 0x4f);
pub const FAIL_COLOR: Rgb = Rgb(0xd6, 0x3b, 0x3b);
/// A grade's colour in every plot and export: by its place among the
/// catalog's grades of its connector family (MPO grey, MTP blue, MTP Elite
/// green in the built-in catalog; LC standard grey, LC low-loss blue).
pub fn grade_color(catalog: &Catalog, grade_id: &str) -> Rgb {
    let Some(g) = catalog.find_grade(grade_id).map(|g| catalog.grade(g)) else {
        return GRADE_COLORS[0];
    };
    let n = catalog
        .grades()
        .iter()
        .filter(|o| o.family == g.family)
        .position(|o| o.id == g.id)
        .unwrap_or(0);
    GRADE_COLORS[n % GRADE_COLORS.len()]
}

pub const GRADE_COLORS: [Rgb; 4] = [
    Rgb(0x7f, 0x8c, 0x8d),
    Rgb(0x29, 0x80, 0xb9),
    Rgb(0x27, 0xae, 0x60),
    Rgb(0x8e, 0x44, 0xad),
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

/// Everything a plot shows, in plot coordinates, for any drawing library.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotSpec {
    pub chart: Chart,
    pub title: String,
    pub x_label: Option<String>,
    pub y_label: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Named x positions (the waterfall's columns); empty for a numeric x axis.
    pub categories: Vec<(f64, String)>,
    /// Stacked bar segments, bottom first within each column.
    pub bars: Vec<BarSegment>,
    /// Text at a point (each column's total).
    pub notes: Vec<Note>,
    pub lines: Vec<Series>,
    /// The channel's loss limit, a horizontal line.
    pub limit: Option<RefLine>,
    /// The transceiver's reach, a vertical line.
    pub reach: Option<RefLine>,
    /// This link, coloured by whether the link passes.
    pub marker: Option<Marker>,
    /// Legend entries for what is not a named series (the bar colours).
    pub swatches: Vec<(String, Rgb)>,
}

impl PlotSpec {
    /// The lines as a key lists them: lines of equal points (grades of the
    /// same maximum loss, MPO and MTP on single-mode) once, their names
    /// together, with its colour.
    pub fn distinct_lines(&self) -> Vec<(Vec<&str>, Rgb)> {
        let mut out: Vec<(Vec<&str>, Rgb)> = Vec::new();
        let mut firsts: Vec<&Series> = Vec::new();
        for l in &self.lines {
            match firsts.iter().position(|f| f.points == l.points) {
                Some(k) => out[k].0.push(&l.name),
                None => {
                    firsts.push(l);
                    out.push((vec![&l.name], l.color));
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarSegment {
    pub name: String,
    pub color: Rgb,
    pub x: f64,
    pub width: f64,
    pub base: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub color: Rgb,
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefLine {
    pub name: String,
    pub color: Rgb,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub name: String,
    pub color: Rgb,
    pub x: f64,
    pub y: f64,
}

/// The figures a plot needs from the budget, read in this one place.
struct Figures {
    length_m: f64,
    worst_db: f64,
    typical_db: f64,
    limit_db: Option<f64>,
    reach_m: Option<f64>,
}

fn figures(b: &LinkBudget) -> Figures {
    let t = &b.totals;
    Figures {
        length_m: t.length_m,
        worst_db: t.worst_case_loss_db,
        typical_db: t.typical_loss_db,
        limit_db: t.max_channel_loss_db(),
        reach_m: t.reach_m(),
    }
}

fn limit_line(f: &Figures) -> Option<RefLine> {
    f.limit_db.map(|max| RefLine {
        name: format!("limit {max} dB"),
        color: LIMIT_COLOR,
        value: max,
    })
}

/// The description of one plot of a link. `pass` is the link's overall
/// verdict (loss, reach, polarity, mates, path): it colours the link's marker.
pub fn plot_spec(
    chart: Chart,
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    budget: &LinkBudget,
    pass: bool,
) -> PlotSpec {
    match chart {
        Chart::Waterfall => waterfall_spec(catalog, link, budget),
        Chart::LossVsLength => loss_vs_length_spec(catalog, link, resolved, budget, pass),
    }
}

fn waterfall_spec(catalog: &Catalog, link: &Link, b: &LinkBudget) -> PlotSpec {
    let f = figures(b);
    let top = f.limit_db.unwrap_or(0.0).max(f.worst_db) * 1.15 + 0.05;
    let rows = breakdown_rows(catalog, link, b);
    let mut bars = Vec::with_capacity(2 * rows.len());
    let mut notes = Vec::with_capacity(2);
    for (x, worst) in [(0.0, true), (1.0, false)] {
        let mut base = 0.0;
        for (item, row) in b.breakdown.iter().zip(&rows) {
            let height = if worst {
                item.worst_case_db
            } else {
                item.typical_db
            };
            let color = match item.part {
                Part::Fiber { .. } => FIBER_COLOR,
                Part::MatedPair { .. } => PAIR_COLOR,
                Part::Splices { .. } => SPLICE_COLOR,
            };
            bars.push(BarSegment {
                name: row.label.clone(),
                color,
                x,
                width: 0.6,
                base,
                height,
            });
            base += height;
        }
        let total = if worst { f.worst_db } else { f.typical_db };
        notes.push(Note {
            x,
            y: total,
            text: format!("{total:.3} dB"),
        });
    }
    PlotSpec {
        chart: Chart::Waterfall,
        title: format!("Loss waterfall, {}", link.id),
        x_label: None,
        y_label: "dB".into(),
        x_range: (-0.6, 1.6),
        y_range: (0.0, top),
        categories: vec![(0.0, "worst case".into()), (1.0, "typical".into())],
        bars,
        notes,
        lines: Vec::new(),
        limit: limit_line(&f),
        reach: None,
        marker: None,
        swatches: vec![
            ("fiber".into(), FIBER_COLOR),
            ("mated pairs".into(), PAIR_COLOR),
            ("splices".into(), SPLICE_COLOR),
        ],
    }
}

fn loss_vs_length_spec(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    b: &LinkBudget,
    pass: bool,
) -> PlotSpec {
    let f = figures(b);
    let x_max = f.reach_m.unwrap_or(f.length_m).max(f.length_m).max(1.0) * 1.25;
    let lines: Vec<Series> = catalog
        .grades()
        .iter()
        .filter(|g| g.family == ConnectorFamily::Mpo)
        .filter_map(|g| {
            let l = loss_line(catalog, resolved, b, catalog.find_grade(&g.id)?);
            Some((g, l))
        })
        .map(|(g, l)| Series {
            // The name without its note: "MPO", "MTP", "MTP Elite".
            name: g.short_name().to_owned(),
            color: grade_color(catalog, &g.id),
            points: vec![(0.0, l.at(0.0)), (x_max, l.at(x_max))],
        })
        .collect();
    let y_max = lines
        .iter()
        .filter_map(|s| s.points.last().map(|p| p.1))
        .fold(f.limit_db.unwrap_or(0.0).max(f.worst_db), f64::max)
        * 1.15
        + 0.05;
    PlotSpec {
        chart: Chart::LossVsLength,
        title: format!("Worst-case loss vs length, {}", link.id),
        x_label: Some("length (m)".into()),
        y_label: "worst-case loss (dB)".into(),
        x_range: (0.0, x_max),
        y_range: (0.0, y_max),
        categories: Vec::new(),
        bars: Vec::new(),
        notes: Vec::new(),
        lines,
        limit: limit_line(&f),
        reach: f.reach_m.map(|reach| RefLine {
            name: format!("reach {reach} m"),
            color: LIMIT_COLOR,
            value: reach,
        }),
        marker: Some(Marker {
            name: format!("this link ({:.1} m, {:.3} dB)", f.length_m, f.worst_db),
            color: if pass { PASS_COLOR } else { FAIL_COLOR },
            x: f.length_m,
            y: f.worst_db,
        }),
        swatches: Vec::new(),
    }
}

type DrawResult = Result<(), String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// The key's width, at the right of the plot: never over its data.
const KEY_WIDTH: u32 = 150;

/// Draws the plot with plotters: the plot at the left, its key at the right.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, spec: &PlotSpec) -> DrawResult {
    ensure_font();
    root.fill(&WHITE).map_err(err)?;
    let (w, _) = root.dim_in_pixel();
    let (plot_area, key_area) = root.split_horizontally(w.saturating_sub(KEY_WIDTH));
    let (x0, x1) = spec.x_range;
    let (y0, y1) = spec.y_range;
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(&spec.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(if spec.x_label.is_some() { 36 } else { 30 })
        .y_label_area_size(48)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    {
        let mut mesh = chart.configure_mesh();
        mesh.y_desc(&spec.y_label);
        if let Some(x) = &spec.x_label {
            mesh.x_desc(x);
        }
        let categories = &spec.categories;
        let name_of = |x: &f64| {
            categories
                .iter()
                .find(|(c, _)| (c - x).abs() < 0.25)
                .map(|(_, n)| n.clone())
                .unwrap_or_default()
        };
        if !categories.is_empty() {
            mesh.disable_x_mesh()
                .x_labels(categories.len())
                .x_label_formatter(&name_of);
        }
        mesh.draw().map_err(err)?;
    }
    for bar in &spec.bars {
        let corners = [
            (bar.x - bar.width / 2.0, bar.base),
            (bar.x + bar.width / 2.0, bar.base + bar.height),
        ];
        chart
            .draw_series([
                Rectangle::new(corners, rgb(bar.color).mix(0.8).filled()),
                Rectangle::new(corners, WHITE.stroke_width(1)),
            ])
            .map_err(err)?;
    }
    for s in &spec.lines {
        let color = rgb(s.color);
        chart
            .draw_series(LineSeries::new(s.points.clone(), color.stroke_width(2)))
            .map_err(err)?;
    }
    if let Some(l) = &spec.limit {
        let color = rgb(l.color);
        chart
            .draw_series(LineSeries::new(
                [(x0, l.value), (x1, l.value)],
                color.stroke_width(2),
            ))
            .map_err(err)?;
    }
    if let Some(l) = &spec.reach {
        let color = rgb(l.color).mix(0.6);
        chart
            .draw_series(LineSeries::new(
                [(l.value, y0), (l.value, y1)],
                color.stroke_width(1),
            ))
            .map_err(err)?;
    }
    // Each bar's total over the lines, on white: the limit line never
    // strikes it through.
    for note in &spec.notes {
        // Just above the bar's top, in pixels.
        let (px, top) = chart.backend_coord(&(note.x - 0.22, note.y));
        let (ox, oy) = plot_area.get_base_pixel();
        let (px, py) = (px - ox, top - oy - 20);
        let width = 8 * note.text.chars().count() as i32;
        plot_area
            .draw(&Rectangle::new(
                [(px - 2, py - 1), (px + width, py + 16)],
                WHITE.filled(),
            ))
            .map_err(err)?;
        plot_area
            .draw(&Text::new(note.text.clone(), (px, py), ("sans-serif", 14)))
            .map_err(err)?;
    }
    // This link's marker above everything.
    if let Some(m) = &spec.marker {
        let color = rgb(m.color);
        chart
            .draw_series(std::iter::once(Circle::new((m.x, m.y), 5, color.filled())))
            .map_err(err)?;
    }
    draw_key(&key_area, spec)?;
    root.present().map_err(err)
}

/// The key, one entry a line: grades whose lines coincide named together.
fn draw_key<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, spec: &PlotSpec) -> DrawResult {
    enum Mark {
        Line(RGBColor),
        Dot(RGBColor),
        Swatch(RGBColor),
    }
    let mut entries: Vec<(String, Mark)> = spec
        .distinct_lines()
        .into_iter()
        .map(|(names, c)| (names.join(" = "), Mark::Line(rgb(c))))
        .collect();
    if let Some(l) = &spec.limit {
        entries.push((l.name.clone(), Mark::Line(rgb(l.color))));
    }
    if let Some(l) = &spec.reach {
        entries.push((l.name.clone(), Mark::Line(rgb(l.color))));
    }
    if let Some(m) = &spec.marker {
        entries.push((m.name.clone(), Mark::Dot(rgb(m.color))));
    }
    for (name, c) in &spec.swatches {
        entries.push((name.clone(), Mark::Swatch(rgb(*c))));
    }
    let mut y = 44;
    for (name, mark) in entries {
        match mark {
            Mark::Line(c) => area.draw(&PathElement::new(
                [(4, y + 7), (20, y + 7)],
                c.stroke_width(2),
            )),
            Mark::Dot(c) => area.draw(&Circle::new((12, y + 7), 4, c.filled())),
            Mark::Swatch(c) => area.draw(&Rectangle::new([(6, y + 2), (18, y + 12)], c.filled())),
        }
        .map_err(err)?;
        // Long names (this link's) on two lines.
        let mut line = String::new();
        let mut lines = Vec::new();
        for word in name.split(' ') {
            if !line.is_empty() && line.chars().count() + word.chars().count() > 18 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
        for l in lines {
            area.draw(&Text::new(l, (26, y), ("sans-serif", 13)))
                .map_err(err)?;
            y += 16;
        }
        y += 4;
    }
    Ok(())
}

/// The plot as an SVG document.
pub fn render_svg(spec: &PlotSpec) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, spec)?;
    }
    Ok(out)
}

/// A link's plot as an SVG document, its marker coloured by the link's own
/// pass, for the HTML report.
pub fn svg(
    chart: Chart,
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    analysis: &crate::analysis::LinkAnalysis,
) -> Result<String, String> {
    render_svg(&plot_spec(
        chart,
        catalog,
        link,
        resolved,
        &analysis.budget,
        analysis.pass(),
    ))
}

/// Saves the plot as a PNG file, atomically.
pub fn write_png(path: &std::path::Path, spec: &PlotSpec) -> Result<(), String> {
    // A temporary file created beside the target, exclusively and with an
    // unpredictable name (as every save is), drawn into, then renamed over
    // the target; removed if anything fails.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".mpo-")
        .suffix(".png")
        .tempfile_in(dir)
        .map_err(err)?;
    {
        let root = BitMapBackend::new(temp.path(), (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, spec)?;
    }
    temp.persist(path).map(drop).map_err(|e| err(e.error))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::resolve::resolve_link;

    fn link_with(catalog: &Catalog) -> (Link, ResolvedLink, LinkBudget) {
        let design = crate::model::synthetic::synthetic_design(catalog, 1, 3);
        let link = (*design.links[0]).clone();
        let resolved = resolve_link(catalog, &link).unwrap_or_else(|e| panic!("{}", e.message));
        let budget = crate::analysis::budget::link_budget(catalog, &link, &resolved);
        (link, resolved, budget)
    }

    #[test]
    fn the_marker_follows_the_links_pass_not_the_budgets() {
        let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let (link, resolved, budget) = link_with(&catalog);
        for pass in [true, false] {
            let spec = plot_spec(
                Chart::LossVsLength,
                &catalog,
                &link,
                &resolved,
                &budget,
                pass,
            );
            let want = if pass { PASS_COLOR } else { FAIL_COLOR };
            assert_eq!(spec.marker.map(|m| m.color), Some(want));
        }
    }

    #[test]
    fn the_waterfall_stacks_the_breakdown_and_labels_the_totals() {
        let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let (link, resolved, budget) = link_with(&catalog);
        let spec = plot_spec(Chart::Waterfall, &catalog, &link, &resolved, &budget, true);
        assert_eq!(spec.bars.len(), 2 * budget.breakdown.len());
        let top = spec
            .bars
            .iter()
            .filter(|b| b.x == 0.0)
            .map(|b| b.base + b.height)
            .fold(0.0, f64::max);
        assert!((top - budget.totals.worst_case_loss_db).abs() < 1e-9);
        assert_eq!(
            spec.notes[0].text,
            format!("{:.3} dB", budget.totals.worst_case_loss_db)
        );
        let svg = render_svg(&spec).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.contains(&format!("Loss waterfall, {}", link.id)));
    }

    #[test]
    fn a_png_is_written_whole_and_leaves_nothing_beside_it() {
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let (link, resolved, budget) = link_with(&c);
        let spec = plot_spec(Chart::Waterfall, &c, &link, &resolved, &budget, true);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("waterfall.png");
        write_png(&target, &spec).unwrap_or_else(|e| panic!("{e}"));
        let bytes = std::fs::read(&target).unwrap_or_default();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(names, ["waterfall.png"]);
    }
}

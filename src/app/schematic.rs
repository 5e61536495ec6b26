//! The whole channel at a glance: one glyph per part from the near module to
//! the far one (cords, trunks, adapters, panel and cassette ports, cassettes,
//! splices, a harness and its legs), each with its length and grade under it
//! and its problems marked on it. Glyphs shrink to fit the width and wrap
//! onto another row rather than being cut off; a click chooses the part the
//! inspector edits.

use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::Command;
use super::document::Document;
use mpo_budget_core::analysis::budget::describe_all;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::model::units::fmt_m;
use mpo_budget_core::model::{AdapterKeys, CableRole, Element, Link};

/// The part of the selected link the inspector edits; the schematic, the
/// breakdown, the problems and the polarity fix all select it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    #[default]
    NearModule,
    /// The path element of this index.
    Element(usize),
    FarModule,
    /// The legs after a harness (edited together).
    Legs,
}

impl Part {
    /// The same part where it still exists in `link`, else the nearest one.
    pub fn within(self, link: &Link) -> Part {
        let ends_in_harness = matches!(link.path.last(), Some(Element::Harness(_)));
        match self {
            Part::Element(i) if i >= link.path.len() => match link.path.len() {
                0 => Part::NearModule,
                n => Part::Element(n - 1),
            },
            Part::Legs if !ends_in_harness => Part::FarModule,
            Part::FarModule if ends_in_harness => Part::Legs,
            p => p,
        }
    }
}

/// Widest and narrowest glyph, and its height.
const GLYPH_MAX: f32 = 124.0;
const GLYPH_MIN: f32 = 78.0;
const GLYPH_HEIGHT: f32 = 78.0;
/// The drawing's band at the top of a glyph.
const DRAWING: f32 = 26.0;

/// What a glyph shows.
struct Glyph {
    part: Part,
    title: String,
    shape: Shape,
    /// Up to two short lines under the title.
    lines: Vec<String>,
    /// Its errors (outlined in red) and warnings, for the tooltip.
    errors: Vec<String>,
    warnings: Vec<String>,
    /// The hover text: what the glyph abbreviates.
    detail: String,
}

#[derive(Clone, Copy)]
enum Shape {
    Module,
    Cord,
    Trunk,
    Joint,
    Cassette,
    Splice,
    Harness,
    Legs,
}

/// Draws the schematic of link `index`; a click selects a part.
pub fn ui(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    doc: &Document,
    index: usize,
    selected: Part,
    fix: Option<&mpo_budget_core::analysis::polarity::Fix>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(link) = doc.design().links.get(index) else {
        return commands;
    };
    let mut glyphs = glyphs(catalog, doc, index, link);
    // Wrong polarity names the parts its fix changes: outlined like a
    // wrong mate, the fix in the tooltip.
    // (A fix offered for a warning, lanes transposed on a link that passes,
    // marks the part as a warning, not an error.)
    if let Some(fix) = fix {
        let wrong = doc.shown(index).is_some_and(|(_, a)| !a.polarity.ok());
        for step in &fix.steps {
            if let Some(g) = glyphs
                .iter_mut()
                .find(|g| g.part == Part::Element(step.element))
            {
                let note = format!("polarity: {}", step.message);
                if wrong {
                    g.errors.push(note);
                } else {
                    g.warnings.push(note);
                }
            }
        }
    }
    let width = ui.available_width();
    let n = glyphs.len() as f32;
    // Fit the row when the glyphs are not too narrow to read; else wrap.
    let glyph_w = ((width - 4.0 * n) / n).clamp(GLYPH_MIN, GLYPH_MAX);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(4.0, 6.0);
        for g in &glyphs {
            if glyph(ui, g, glyph_w, g.part == selected) {
                commands.push(Command::Focus(g.part));
            }
        }
    });
    commands
}

/// The glyphs of `link`, each with its problems.
fn glyphs(catalog: &Catalog, doc: &Document, index: usize, link: &Link) -> Vec<Glyph> {
    let shown = doc.shown(index);
    let channel = shown.map_or(link, |(r, _)| r.channel(link));
    let mut errors: Vec<Vec<String>> = vec![Vec::new(); link.path.len()];
    let mut warnings: Vec<Vec<String>> = vec![Vec::new(); link.path.len()];
    let mut module_errors = Vec::new();
    if let Some((_, a)) = shown {
        for p in a.problems() {
            match p.element.filter(|&i| i < link.path.len()) {
                Some(i) if p.is_error() => errors[i].push(p.message.clone()),
                Some(i) => warnings[i].push(p.message.clone()),
                None if p.is_error() && p.code.starts_with("transceiver") => {
                    module_errors.push(p.message.clone());
                }
                None => {}
            }
        }
    }
    let names = describe_all(link);
    let grade_name = |id: &str| catalog.grade_short_name(id);
    let module = |part: Part, id: &str, title: &str| {
        let t = catalog.find_transceiver(id).map(|t| catalog.transceiver(t));
        Glyph {
            part,
            title: title.to_owned(),
            shape: Shape::Module,
            lines: vec![
                id.to_owned(),
                t.map(|t| format!("{} {}", t.port_label(), t.port_polish.label()))
                    .unwrap_or_else(|| "not in the catalog".to_owned()),
            ],
            errors: if part == Part::NearModule {
                module_errors.clone()
            } else {
                Vec::new()
            },
            warnings: Vec::new(),
            detail: t.map_or_else(|| format!("unknown module {id}"), |t| t.name.clone()),
        }
    };
    let mut out = vec![module(
        Part::NearModule,
        &link.transceiver,
        "Near transceiver",
    )];
    for (i, el) in link.path.iter().enumerate() {
        let shown_el = channel.path.get(i).unwrap_or(el);
        let title = super::channel::capitalized(&names[i]);
        let (shape, lines, detail) = match (el, shown_el) {
            (_, Element::Cable(c)) => {
                let fiber = c.fiber.as_deref().unwrap_or(&link.fiber);
                (
                    if c.role == CableRole::Trunk {
                        Shape::Trunk
                    } else {
                        Shape::Cord
                    },
                    vec![
                        format!("{} m · {}f", fmt_m(c.length_m.get()), c.fibers.count()),
                        grade_name(&c.grade),
                    ],
                    format!(
                        "{} m of {fiber}, {} fibers, cable Type {:?}, {} to {}, grade {}",
                        fmt_m(c.length_m.get()),
                        c.fibers.count(),
                        c.polarity,
                        c.ends.0.words(),
                        c.ends.1.words(),
                        grade_name(&c.grade)
                    ),
                )
            }
            (_, Element::LcCord(c)) => (
                Shape::Cord,
                vec![
                    format!("{} m", fmt_m(c.length_m.get())),
                    grade_name(&c.grade),
                ],
                format!(
                    "{} m LC duplex cord, {}",
                    fmt_m(c.length_m.get()),
                    grade_name(&c.grade)
                ),
            ),
            (_, Element::Adapter(a)) => (
                Shape::Joint,
                vec![keys_words(a.keys).0.to_owned()],
                keys_words(a.keys).1.to_owned(),
            ),
            (_, Element::Splice(s)) => {
                let g = s.grade.as_deref().unwrap_or("default splice");
                (Shape::Splice, vec![g.to_owned()], format!("splice, {g}"))
            }
            (_, Element::Cassette(c)) => (
                Shape::Cassette,
                vec![c.kind.clone(), format!("port {}", c.port)],
                format!("cassette {}, port {}", c.kind, c.port),
            ),
            (_, Element::Harness(h)) => (
                Shape::Harness,
                vec![h.kind.clone(), grade_name(&h.grade)],
                format!("harness {}", h.kind),
            ),
            // A shared part the design does not resolve: its reference.
            (Element::TrunkLeg(t), _) | (_, Element::TrunkLeg(t)) => (
                Shape::Trunk,
                vec![format!("{} leg {}", t.trunk, t.leg)],
                format!("trunk {}, leg {}", t.trunk, t.leg),
            ),
            (Element::PanelPort(p), _) | (_, Element::PanelPort(p)) => (
                Shape::Joint,
                vec![format!("{} port {}", p.panel, p.port)],
                format!("panel {}, port {}", p.panel, p.port),
            ),
            (Element::CassettePort(c), _) | (_, Element::CassettePort(c)) => (
                Shape::Cassette,
                vec![format!("{} {}.{}", c.panel, c.slot, c.port)],
                format!("panel {}, slot {}, port {}", c.panel, c.slot, c.port),
            ),
        };
        // A shared part says which one it is, before what it stands for.
        let (lines, detail) = match el {
            Element::TrunkLeg(t) => (
                prepend(format!("{} leg {}", t.trunk, t.leg), lines),
                format!("trunk {} leg {}: {detail}", t.trunk, t.leg),
            ),
            Element::PanelPort(p) => (
                vec![format!("{} port {}", p.panel, p.port), lines[0].clone()],
                format!("panel {} port {}: {detail}", p.panel, p.port),
            ),
            Element::CassettePort(c) => (
                vec![format!("{} slot {}", c.panel, c.slot), lines[0].clone()],
                format!(
                    "panel {} slot {} port {}: {detail}",
                    c.panel, c.slot, c.port
                ),
            ),
            _ => (lines, detail),
        };
        out.push(Glyph {
            part: Part::Element(i),
            title,
            shape,
            lines,
            errors: std::mem::take(&mut errors[i]),
            warnings: std::mem::take(&mut warnings[i]),
            detail,
        });
    }
    if matches!(link.path.last(), Some(Element::Harness(_))) {
        out.push(Glyph {
            part: Part::Legs,
            title: format!("Legs ({})", link.legs.len()),
            shape: Shape::Legs,
            lines: link.legs.iter().take(2).map(|l| l.id.clone()).collect(),
            errors: Vec::new(),
            warnings: Vec::new(),
            detail: format!("{} legs, each to its own module", link.legs.len()),
        });
    } else {
        out.push(module(
            Part::FarModule,
            link.far_transceiver(),
            "Far transceiver",
        ));
    }
    out
}

/// An adapter's keys, short and in full (apart from a cable's "Type B").
pub fn keys_words(keys: AdapterKeys) -> (&'static str, &'static str) {
    match keys {
        AdapterKeys::UpUp => ("key-up/key-up", "Key-up/key-up adapter (TIA Type B)"),
        AdapterKeys::UpDown => ("key-up/key-down", "Key-up/key-down adapter (TIA Type A)"),
    }
}

fn prepend(first: String, rest: Vec<String>) -> Vec<String> {
    std::iter::once(first).chain(rest).take(2).collect()
}

/// One glyph; true when clicked.
fn glyph(ui: &mut egui::Ui, g: &Glyph, width: f32, selected: bool) -> bool {
    let (rect, response) = ui.allocate_exact_size(vec2(width, GLYPH_HEIGHT), Sense::click());
    // Its name says it is marked, as the card's title does.
    let name = if g.errors.is_empty() {
        g.title.clone()
    } else {
        format!("! {}", g.title)
    };
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &name));
    let visuals = ui.visuals();
    let error = visuals.error_fg_color;
    let warn = visuals.warn_fg_color;
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let painter = ui.painter_at(rect);
    let fill = if selected {
        visuals.selection.bg_fill.gamma_multiply(0.45)
    } else if response.hovered() {
        visuals.widgets.hovered.weak_bg_fill
    } else {
        Color32::TRANSPARENT
    };
    let outline = if !g.errors.is_empty() {
        Stroke::new(2.0, error)
    } else if selected {
        Stroke::new(1.5, visuals.selection.stroke.color)
    } else {
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color)
    };
    painter.rect(
        rect.shrink(1.0),
        4.0,
        fill,
        outline,
        egui::StrokeKind::Inside,
    );
    let band = Rect::from_min_size(rect.min + vec2(6.0, 4.0), vec2(width - 12.0, DRAWING - 6.0));
    draw_shape(
        &painter,
        g.shape,
        band,
        if g.errors.is_empty() { text } else { error },
    );
    if !g.errors.is_empty() || !g.warnings.is_empty() {
        let color = if g.errors.is_empty() { warn } else { error };
        let c = pos2(rect.right() - 10.0, rect.top() + 10.0);
        painter.circle_filled(c, 7.0, color);
        painter.text(
            c,
            egui::Align2::CENTER_CENTER,
            "!",
            FontId::proportional(11.0),
            Color32::BLACK,
        );
    }
    // Title, then the lines, each fitted to the glyph's width.
    let room = width - 8.0;
    let mut y = rect.top() + DRAWING + 2.0;
    let title_color = if g.errors.is_empty() { text } else { error };
    y += fitted(
        &painter,
        rect.center().x,
        y,
        &g.title,
        12.5,
        room,
        title_color,
    ) + 2.0;
    for line in &g.lines {
        y += fitted(&painter, rect.center().x, y, line, 11.0, room, weak);
    }
    let mut hover = format!("{}: {}", g.title, g.detail);
    for e in &g.errors {
        hover.push_str(&format!("\n× {e}"));
    }
    for w in &g.warnings {
        hover.push_str(&format!("\n! {w}"));
    }
    response.on_hover_text(hover).clicked()
}

/// Draws `s` centred at `x` from `y`, at `size` or smaller (down to 85 %)
/// to fit `room`, cut with an ellipsis where even that is too wide; returns
/// the height used.
fn fitted(
    painter: &egui::Painter,
    x: f32,
    y: f32,
    s: &str,
    size: f32,
    room: f32,
    color: Color32,
) -> f32 {
    let layout =
        |text: String, size: f32| painter.layout_no_wrap(text, FontId::proportional(size), color);
    let mut galley = layout(s.to_owned(), size);
    if galley.size().x > room {
        galley = layout(s.to_owned(), size * 0.85);
    }
    let mut chars = s.chars().count();
    while galley.size().x > room && chars > 2 {
        chars -= 1;
        let cut: String = s.chars().take(chars).chain(std::iter::once('…')).collect();
        galley = layout(cut, size * 0.85);
    }
    let h = galley.size().y;
    painter.galley(pos2(x - galley.size().x / 2.0, y), galley, color);
    h
}

/// The part's drawing in `band`: a module as a box with its port, a cord as
/// a thin line with a plug at each end, a trunk as a thick one, a joint as an
/// adapter block, a splice as a cross, a harness fanning out.
fn draw_shape(p: &egui::Painter, shape: Shape, band: Rect, color: Color32) {
    let mid = band.center().y;
    let (l, r) = (band.left(), band.right());
    let thin = Stroke::new(1.5, color);
    let plug = |x: f32| {
        p.rect_filled(
            Rect::from_center_size(pos2(x, mid), vec2(7.0, 11.0)),
            1.0,
            color,
        );
    };
    match shape {
        Shape::Module => {
            let b = Rect::from_center_size(band.center(), vec2(band.width().min(52.0), 18.0));
            p.rect_stroke(b, 2.0, thin, egui::StrokeKind::Inside);
            p.rect_filled(
                Rect::from_center_size(b.center(), vec2(14.0, 8.0)),
                1.0,
                color,
            );
        }
        Shape::Cord | Shape::Trunk => {
            let w = if matches!(shape, Shape::Trunk) {
                5.0
            } else {
                2.0
            };
            p.line_segment(
                [pos2(l + 6.0, mid), pos2(r - 6.0, mid)],
                Stroke::new(w, color),
            );
            plug(l + 4.0);
            plug(r - 4.0);
        }
        Shape::Joint => {
            let b = Rect::from_center_size(band.center(), vec2(22.0, 16.0));
            p.rect_stroke(b, 1.0, thin, egui::StrokeKind::Inside);
            p.line_segment([b.center_top(), b.center_bottom()], thin);
        }
        Shape::Cassette => {
            let b = Rect::from_center_size(band.center(), vec2(40.0, 18.0));
            p.rect_stroke(b, 2.0, thin, egui::StrokeKind::Inside);
            for k in 0..3 {
                let x = b.left() + 8.0 + 12.0 * k as f32;
                p.line_segment([pos2(x, b.top() + 4.0), pos2(x, b.bottom() - 4.0)], thin);
            }
        }
        Shape::Splice => {
            let c = band.center();
            p.line_segment([pos2(l + 6.0, mid), pos2(r - 6.0, mid)], thin);
            let d = 5.0;
            p.line_segment([c + vec2(-d, -d), c + vec2(d, d)], Stroke::new(2.0, color));
            p.line_segment([c + vec2(-d, d), c + vec2(d, -d)], Stroke::new(2.0, color));
        }
        Shape::Harness | Shape::Legs => {
            let start = Pos2::new(l + 8.0, mid);
            if matches!(shape, Shape::Harness) {
                plug(l + 4.0);
            }
            for dy in [-8.0, -3.0, 3.0, 8.0] {
                p.line_segment([start, pos2(r - 4.0, mid + dy)], thin);
            }
        }
    }
}

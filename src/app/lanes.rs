//! Polarity of the selected link: a lane diagram (near positions, far
//! positions, a line per lane), the verdict, and the fix with "Apply fix".

use egui::{Color32, FontId, Pos2, RichText, Stroke, pos2, vec2};

use super::Command;
use super::document::Document;
use super::history::Change;
use super::links::{FAIL_COLOR, PASS_COLOR};
use mpo_budget_core::analysis::budget::code;
use mpo_budget_core::analysis::polarity::{Frame, Landing};
use mpo_budget_core::catalog::Catalog;

const ROW: f32 = 15.0;
const BOX: f32 = 22.0;
const WIDTH: f32 = 260.0;
const TX_COLOR: Color32 = Color32::from_rgb(0x4a, 0x90, 0xd9);
const RX_COLOR: Color32 = Color32::from_rgb(0xe8, 0x8a, 0x2e);
const UNUSED_COLOR: Color32 = Color32::from_gray(90);

/// The selected link's fix, for the link as it was when searched.
pub type FixCache = Option<(
    mpo_budget_core::model::Link,
    Option<mpo_budget_core::analysis::polarity::Fix>,
)>;

pub fn ui(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    doc: &Document,
    index: usize,
    fix_cache: &mut FixCache,
    selected: super::schematic::Part,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let (Some(link), Some((resolved, analysis))) = (
        doc.design().links.get(index).map(|l| &**l),
        doc.shown(index),
    ) else {
        return commands;
    };
    let report = &analysis.polarity;
    let t = catalog.transceiver(resolved.transceiver);
    ui.heading("Polarity");
    // A malformed path has no lane to trace: say so, and why, never "right".
    let not_traced = report
        .problems
        .iter()
        .find(|p| p.code == code::POLARITY_NOT_TRACED);
    if let Some(p) = not_traced {
        ui.label(
            RichText::new("Polarity not traced")
                .strong()
                .color(FAIL_COLOR),
        );
        ui.label(&p.message);
        return commands;
    }
    let right = report.lanes.iter().filter(|l| l.ok).count();
    let (verdict, color) = if report.ok() {
        ("right", PASS_COLOR)
    } else {
        ("WRONG", FAIL_COLOR)
    };
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("Polarity and mates {verdict}"))
                .strong()
                .color(color),
        );
        ui.label(format!(
            "{right} of {} lanes land on their Rx",
            report.lanes.len()
        ));
    });
    // The TIA method the channel follows (parallel MPO channels only).
    if let Some(m) = mpo_budget_core::analysis::polarity::tia_method(&resolved.channel(link).path) {
        ui.label(format!("Connectivity: {}", m.name())).on_hover_text(
            "TIA-568.3 for parallel optics: Method A (Type A trunk, key-up/key-down adapters, a Type A cord and a Type B cord) or Method B (Type B throughout, key-up/key-up adapters)",
        );
    } else if link.path.len() > 1
        && link.path.iter().all(|e| {
            use mpo_budget_core::model::Element;
            matches!(
                e,
                Element::Cable(_) | Element::Adapter(_) | Element::Splice(_)
            )
        })
    {
        ui.label("Connectivity: neither TIA method for parallel optics (A, B)");
    }
    let near = t.port(link.port).or(t.ports.first());
    if !analysis.legs.is_empty() {
        // A link with legs: each leg's lanes from the near port to its module.
        for leg in &analysis.legs {
            let lr = &leg.analysis.polarity;
            ui.label(
                RichText::new(format!(
                    "Leg {} (harness leg {}) to {}: {}",
                    leg.id,
                    leg.leg,
                    leg.transceiver,
                    if lr.ok() { "right" } else { "WRONG" }
                ))
                .color(if lr.ok() { PASS_COLOR } else { FAIL_COLOR }),
            );
            let far = catalog
                .find_transceiver(&leg.transceiver)
                .map(|f| catalog.transceiver(f))
                .and_then(|f| f.port(link.port).or(f.ports.first()));
            if let (Some(near), Some(far)) = (near, far) {
                diagram(ui, near, far, &lr.lanes);
            }
        }
        ui.label(RichText::new("The polarity fix search runs on links without legs only.").weak());
        return commands;
    }
    if report.lanes.is_empty() {
        ui.label("No lanes traced (fix the path first).");
    } else if let Some(near) = near {
        let far = catalog.transceiver(resolved.far_transceiver);
        let far = far.port(link.port).or(far.ports.first()).unwrap_or(near);
        diagram(ui, near, far, &report.lanes);
        commands.extend(path_strip(ui, link, resolved.channel(link), selected));
    }
    // The search runs for the selected link only, once per change to it.
    if fix_cache.as_ref().is_none_or(|(l, _)| l != link) {
        let fix = mpo_budget_core::analysis::polarity::fix_for(catalog, link, resolved, report);
        *fix_cache = Some((link.clone(), fix));
    }
    let fix = fix_cache.as_ref().and_then(|(_, f)| f.as_ref());
    if let Some(fix) = fix {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Fix:").strong());
            ui.label(&fix.message);
        });
        if ui
            .button("Apply fix")
            .on_hover_text("Applies the change; Ctrl+Z undoes it")
            .clicked()
        {
            let after = fix.applied_to(link);
            commands.push(Command::edit(Change::ReplaceLink { index, after }, None));
            // The changed part is selected: outlined in the schematic and
            // open in the inspector.
            commands.push(Command::Focus(super::schematic::Part::Element(fix.element)));
        }
    } else if !report.ok() {
        ui.label("No polarity, adapter or gender change fixes this link: see the problems above.");
    }
    commands
}

/// Near module positions on the left, far on the right (module view, key up),
/// a line from each Tx to where its light lands.
fn diagram(
    ui: &mut egui::Ui,
    near: &mpo_budget_core::catalog::Port,
    far: &mpo_budget_core::catalog::Port,
    lanes: &[mpo_budget_core::analysis::polarity::LaneTrace],
) {
    let count =
        |p: &mpo_budget_core::catalog::Port| Frame::of_port(p).rows * Frame::of_port(p).cols;
    let (near_positions, far_positions) = (count(near), count(far));
    // Rows as tall as fit what is left of the column (a 24-position port
    // does not push the key off the window), between 9 and 15 points.
    let positions = f32::from(near_positions.max(far_positions));
    // (The key and the strip of parts under it take about 70 points.)
    let row = ((ui.available_height() - 24.0 - 70.0) / positions).clamp(9.0, ROW);
    let height = positions * row + 24.0;
    let (rect, _) = ui.allocate_exact_size(vec2(WIDTH, height), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let text_color = ui.visuals().text_color();
    let font = FontId::monospace(10.0);
    let near_x = rect.left() + 4.0;
    let far_x = rect.right() - 4.0 - BOX;
    painter.text(
        pos2(near_x, rect.top()),
        egui::Align2::LEFT_TOP,
        "near",
        FontId::proportional(11.0),
        text_color,
    );
    painter.text(
        pos2(far_x + BOX, rect.top()),
        egui::Align2::RIGHT_TOP,
        "far",
        FontId::proportional(11.0),
        text_color,
    );
    let y = |p: u8| rect.top() + 18.0 + (f32::from(p) - 1.0) * row + row / 2.0;
    let role = |port: &mpo_budget_core::catalog::Port, p: u8| {
        let tx = port.lanes.iter().any(|l| l.tx == p);
        let rx = port.lanes.iter().any(|l| l.rx == p);
        match (tx, rx) {
            (true, true) => Color32::from_rgb(0x9b, 0x59, 0xb6),
            (true, false) => TX_COLOR,
            (false, true) => RX_COLOR,
            (false, false) => UNUSED_COLOR,
        }
    };
    for (x, port, positions) in [(near_x, near, near_positions), (far_x, far, far_positions)] {
        for p in 1..=positions {
            let r =
                egui::Rect::from_min_size(pos2(x, y(p) - row / 2.0 + 1.0), vec2(BOX, row - 2.0));
            painter.rect_filled(r, 2.0, role(port, p));
            painter.text(
                r.center(),
                egui::Align2::CENTER_CENTER,
                p.to_string(),
                font.clone(),
                Color32::WHITE,
            );
        }
    }
    for lane in lanes {
        let from = pos2(near_x + BOX, y(lane.tx_position));
        let color = if lane.ok { PASS_COLOR } else { FAIL_COLOR };
        match (lane.far_position, lane.landing) {
            (Some(far), _) => {
                painter.line_segment([from, pos2(far_x, y(far))], Stroke::new(1.8, color));
            }
            (None, Landing::Lost(_)) | (None, _) => {
                let mid: Pos2 = pos2((near_x + far_x) / 2.0, y(lane.tx_position));
                painter.line_segment([from, mid], Stroke::new(1.8, color));
                painter.text(
                    mid,
                    egui::Align2::LEFT_CENTER,
                    " lost",
                    FontId::proportional(10.0),
                    color,
                );
            }
        }
    }
    ui.horizontal(|ui| {
        ui.colored_label(TX_COLOR, "■ Tx");
        ui.colored_label(RX_COLOR, "■ Rx");
        ui.colored_label(UNUSED_COLOR, "■ unused");
        ui.colored_label(PASS_COLOR, "— right");
        ui.colored_label(FAIL_COLOR, "— wrong");
    });
}

/// The parts the lanes pass through, in order, each with what it does to
/// the fiber positions (a cable's type, an adapter's keys); a click selects
/// the part, as in the schematic.
fn path_strip(
    ui: &mut egui::Ui,
    link: &mpo_budget_core::model::Link,
    channel: &mpo_budget_core::model::Link,
    selected: super::schematic::Part,
) -> Vec<Command> {
    use mpo_budget_core::model::{AdapterKeys, Element};
    let mut commands = Vec::new();
    let names = mpo_budget_core::analysis::budget::describe_all(link);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(RichText::new("Lanes pass").weak());
        for (i, e) in channel.path.iter().enumerate() {
            let what = match e {
                Element::Cable(c) => format!("Type {:?}", c.polarity),
                Element::Adapter(a) => match a.keys {
                    AdapterKeys::UpUp => "key-up/up".to_owned(),
                    AdapterKeys::UpDown => "key-up/down".to_owned(),
                },
                Element::LcCord(c) => format!("{:?}", c.polarity),
                Element::Cassette(c) => c.kind.clone(),
                Element::Harness(_) => "fan-out".to_owned(),
                _ => String::new(),
            };
            let name = names.get(i).cloned().unwrap_or_default();
            let text = if what.is_empty() {
                name
            } else {
                format!("{name} ({what})")
            };
            let part = super::schematic::Part::Element(i);
            if ui
                .selectable_label(part == selected, RichText::new(text).small())
                .on_hover_text("Select this part")
                .clicked()
            {
                commands.push(Command::Focus(part));
            }
        }
    });
    commands
}

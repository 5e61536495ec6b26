//! The Infrastructure view: the design's shared trunks, panels and
//! cassettes, what each carries and which links run through it, and every
//! conflict or wrong route named with its links. Trunks and panels are added,
//! edited and removed here (one undo step each); a part links use cannot be
//! removed, and says which links.

use egui::RichText;

use super::Command;
use super::document::{Document, LinkResult};
use super::history::Change;
use super::links::{FAIL_COLOR, PASS_COLOR};
use mpo_budget_core::analysis::infra::infra_check;
use mpo_budget_core::catalog::{Catalog, ConnectorFamily};
use mpo_budget_core::model::infra::{Panel, PanelCassette, Trunk};
use mpo_budget_core::model::limits::MAX_LENGTH_M;
use mpo_budget_core::model::units::{FiberCount, LengthM};
use mpo_budget_core::model::{AdapterKeys, Gender, PolarityType};

pub fn ui(ui: &mut egui::Ui, catalog: &Catalog, doc: &Document) -> Vec<Command> {
    let mut trunks = doc.design.trunks.clone();
    let mut panels = doc.design.panels.clone();
    edit_ui(ui, catalog, doc, &mut trunks, &mut panels);
    let mut commands = Vec::new();
    if trunks != doc.design.trunks || panels != doc.design.panels {
        commands.push(Command::edit(Change::ReplaceInfra { trunks, panels }, None));
    }
    if doc.design.trunks.is_empty() && doc.design.panels.is_empty() {
        ui.label("This design declares no shared trunks or panels: every link owns its parts.");
        return commands;
    }
    report_ui(ui, catalog, doc);
    commands
}

/// Which links name a trunk or a panel in their paths.
fn users(doc: &Document, part: &str) -> Vec<String> {
    doc.design
        .links
        .iter()
        .filter(|l| {
            l.path.iter().any(|e| match e {
                mpo_budget_core::model::Element::TrunkLeg(t) => t.trunk == part,
                other => other.panel() == Some(part),
            })
        })
        .map(|l| l.id.clone())
        .collect()
}

fn unused_id(taken: &[&str], prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.contains(&id.as_str()))
        .unwrap_or_default()
}

/// Adding, editing and removing trunks and panels.
fn edit_ui(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    doc: &Document,
    trunks: &mut Vec<Trunk>,
    panels: &mut Vec<Panel>,
) {
    let mpo_grades: Vec<String> = catalog
        .grades()
        .iter()
        .filter(|g| g.family == ConnectorFamily::Mpo)
        .map(|g| g.id.clone())
        .collect();
    ui.heading("Edit trunks and panels");
    let mut remove_trunk = None;
    egui::Grid::new("edit-trunks").striped(true).show(ui, |ui| {
        ui.strong("Trunk");
        let length_h = ui.strong("Length m").id;
        let grade_h = ui.strong("Grade").id;
        ui.strong("");
        ui.end_row();
        for (k, t) in trunks.iter_mut().enumerate() {
            ui.label(&t.id);
            let mut m = t.length_m.get();
            ui.push_id(("len", k), |ui| {
                ui.add(
                    egui::DragValue::new(&mut m)
                        .range(0.0..=MAX_LENGTH_M)
                        .speed(0.5),
                )
                .labelled_by(length_h);
            });
            if m != t.length_m.get()
                && let Ok(l) = LengthM::new(m)
            {
                t.length_m = l;
            }
            egui::ComboBox::from_id_salt(("trunk-grade", k))
                .selected_text(t.grade.clone())
                .show_ui(ui, |ui| {
                    for g in &mpo_grades {
                        ui.selectable_value(&mut t.grade, g.clone(), g);
                    }
                })
                .response
                .labelled_by(grade_h);
            let used = users(doc, &t.id);
            if used.is_empty() {
                if ui.small_button(format!("Remove {}", t.id)).clicked() {
                    remove_trunk = Some(k);
                }
            } else {
                ui.add_enabled(false, egui::Button::new(format!("Remove {}", t.id)).small())
                    .on_disabled_hover_text(format!("used by {}", used.join(", ")));
            }
            ui.end_row();
        }
    });
    if let Some(k) = remove_trunk {
        trunks.remove(k);
    }
    let mut remove_panel = None;
    ui.horizontal_wrapped(|ui| {
        for (k, p) in panels.iter().enumerate() {
            let used = users(doc, &p.id);
            if used.is_empty() {
                if ui.small_button(format!("Remove {}", p.id)).clicked() {
                    remove_panel = Some(k);
                }
            } else {
                ui.add_enabled(false, egui::Button::new(format!("Remove {}", p.id)).small())
                    .on_disabled_hover_text(format!("used by {}", used.join(", ")));
            }
        }
    });
    if let Some(k) = remove_panel {
        panels.remove(k);
    }
    ui.horizontal(|ui| {
        if ui.button("Add adapter panels").clicked() {
            // A pair, one at each end, and the trunk between them.
            let taken: Vec<&str> = panels.iter().map(|p| p.id.as_str()).collect();
            let a = unused_id(&taken, "PA");
            let b = unused_id(&taken, "PB");
            let new = |id: String| Panel {
                id,
                rack: None,
                ports: Some(24),
                keys: Some(AdapterKeys::UpUp),
                cassettes: Vec::new(),
            };
            panels.push(new(a));
            panels.push(new(b));
        }
        if ui.button("Add cassette panel").clicked()
            && let Some(kind) = catalog.cassettes().first()
        {
            let taken: Vec<&str> = panels.iter().map(|p| p.id.as_str()).collect();
            let id = unused_id(&taken, "C");
            panels.push(Panel {
                id,
                rack: None,
                ports: None,
                keys: None,
                cassettes: vec![PanelCassette {
                    slot: 1,
                    kind: kind.id.clone(),
                    lc_grade: None,
                    mpo_grade: None,
                }],
            });
        }
        // A trunk runs between the last two panels.
        let ends = panels
            .len()
            .checked_sub(2)
            .map(|i| (panels[i].id.clone(), panels[i + 1].id.clone()));
        if let Some((from, to)) = ends
            && ui.button("Add trunk").clicked()
        {
            let taken: Vec<&str> = trunks.iter().map(|t| t.id.as_str()).collect();
            let id = unused_id(&taken, "T");
            trunks.push(Trunk {
                id,
                from,
                to,
                length_m: LengthM::new(30.0).unwrap_or_default(),
                legs: 6,
                fibers: FiberCount::F12,
                polarity: PolarityType::B,
                ends: (Gender::Male, Gender::Male),
                grade: mpo_grades.first().cloned().unwrap_or_default(),
                fiber: None,
                polish: None,
            });
        }
    });
}

/// What each part carries, and the conflicts.
fn report_ui(ui: &mut egui::Ui, catalog: &Catalog, doc: &Document) {
    let check = infra_check(catalog, &doc.design, &|n| {
        doc.results.get(n).and_then(LinkResult::resolved)
    });
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Trunks");
        egui::Grid::new("infra-trunks")
            .striped(true)
            .show(ui, |ui| {
                for h in ["Trunk", "Between", "Fibers lit", "Legs used", "Links"] {
                    ui.strong(h);
                }
                ui.end_row();
                for (t, u) in doc.design.trunks.iter().zip(&check.report.trunks) {
                    ui.label(&t.id);
                    ui.label(format!("{} – {}", t.from, t.to));
                    ui.label(format!("{} of {}", u.fibers_lit, u.fibers));
                    ui.label(format!("{} of {}", u.legs_used, u.legs));
                    ui.label(u.links.join(", "));
                    ui.end_row();
                }
            });
        ui.heading("Panels");
        egui::Grid::new("infra-panels")
            .striped(true)
            .show(ui, |ui| {
                for h in ["Panel", "Rack", "Ports used", "Links"] {
                    ui.strong(h);
                }
                ui.end_row();
                for (p, u) in doc.design.panels.iter().zip(&check.report.panels) {
                    ui.label(&p.id);
                    ui.label(p.rack.as_deref().unwrap_or(""));
                    ui.label(if p.cassettes.is_empty() {
                        format!("{} of {}", u.ports_used, u.ports)
                    } else {
                        format!("{} cassettes", p.cassettes.len())
                    });
                    ui.label(u.links.join(", "));
                    ui.end_row();
                }
            });
        ui.heading("Cassettes");
        egui::Grid::new("infra-cassettes")
            .striped(true)
            .show(ui, |ui| {
                for h in ["Panel", "Slot", "Kind", "Front ports used"] {
                    ui.strong(h);
                }
                ui.end_row();
                for c in &check.report.cassettes {
                    ui.label(&c.panel);
                    ui.label(c.slot.to_string());
                    ui.label(&c.kind);
                    ui.label(format!("{} of {}", c.ports_used, c.ports));
                    ui.end_row();
                }
            });
        let conflicts: Vec<(&str, &str)> = doc
            .design
            .links
            .iter()
            .zip(&check.problems)
            .flat_map(|(l, ps)| ps.iter().map(move |p| (l.id.as_str(), p.message.as_str())))
            .collect();
        if conflicts.is_empty() {
            ui.colored_label(
                PASS_COLOR,
                "No conflicts: every port and fiber is used by one link.",
            );
        } else {
            ui.label(RichText::new("Conflicts").strong().color(FAIL_COLOR));
            for (link, message) in conflicts {
                ui.colored_label(FAIL_COLOR, format!("{link}: {message}"));
            }
        }
    });
}

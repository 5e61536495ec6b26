//! The Infrastructure view: the design's shared trunks, panels and
//! cassettes, what each carries and which links run through it, and every
//! conflict or wrong route named with its links. Trunks and panels are added,
//! edited and removed here ([`infra_edit`]; one undo step each); a part links
//! use cannot be removed, and says which links.

use egui::RichText;

use super::Command;
use super::document::Document;
use super::history::Change;
use super::infra_edit::{self, some_links};
use super::links::{FAIL_COLOR, PASS_COLOR};
use mpo_budget_core::analysis::infra::infra_check;
use mpo_budget_core::catalog::Catalog;

pub fn ui(ui: &mut egui::Ui, catalog: &Catalog, doc: &Document) -> Vec<Command> {
    let mut trunks = doc.design().trunks.clone();
    let mut panels = doc.design().panels.clone();
    let gesture = infra_edit::ui(ui, catalog, doc, &mut trunks, &mut panels);
    let mut commands = Vec::new();
    if trunks != doc.design().trunks || panels != doc.design().panels {
        commands.push(Command::edit(
            Change::ReplaceInfra { trunks, panels },
            gesture.merge,
        ));
    }
    if gesture.end {
        commands.push(Command::EndGesture);
    }
    ui.separator();
    if !doc.design().has_shared_parts() {
        ui.label("This design declares no shared trunks or panels: every link owns its parts.");
        return commands;
    }
    report_ui(ui, catalog, doc);
    commands
}

/// What each part carries, and the conflicts.
fn report_ui(ui: &mut egui::Ui, catalog: &Catalog, doc: &Document) {
    let check = infra_check(catalog, doc.design(), &|n| {
        doc.result(n)
            .and_then(super::document::LinkResult::resolved)
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
                for (t, u) in doc.design().trunks.iter().zip(&check.report.trunks) {
                    ui.label(&t.id);
                    ui.label(format!("{} – {}", t.from, t.to));
                    ui.label(format!("{} of {}", u.fibers_lit, u.fibers));
                    ui.label(format!("{} of {}", u.legs_used, u.legs));
                    some_links(ui, &u.links);
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
                for (p, u) in doc.design().panels.iter().zip(&check.report.panels) {
                    ui.label(&p.id);
                    ui.label(p.rack.as_deref().unwrap_or(""));
                    ui.label(if p.cassettes.is_empty() {
                        format!("{} of {}", u.ports_used, u.ports)
                    } else {
                        format!("{} cassettes", p.cassettes.len())
                    });
                    some_links(ui, &u.links);
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
            .design()
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

//! File → Import link schedule…: a schedule (CSV or XLSX) planned into a
//! design, shown as what was planned (trunks, panels, cassettes, verdicts)
//! before it replaces the open design as one undoable edit.

use std::path::Path;

use super::Command;
use super::MpoApp;
use super::history::Change;
use mpo_budget_core::analysis::resolve::Expansions;
use mpo_budget_core::io::schedule;
use mpo_budget_core::model::Design;
use mpo_budget_core::planning::plan::{PlanOptions, judge, plan_and_resolve_with};

/// A planned schedule waiting for Replace or Cancel.
#[derive(Debug, Clone)]
pub struct ImportPreview {
    pub file: String,
    pub design: Design,
    /// What was planned between each pair of racks, then the totals.
    pub lines: Vec<String>,
}

impl MpoApp {
    /// Reads and plans the schedule; on a bad schedule shows every bad cell
    /// and changes nothing.
    pub fn import_schedule(&mut self, path: &Path) {
        let result = schedule::read(path, None, &self.catalog).and_then(|s| {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            // Kept lean: only the design is kept for the preview.
            plan_and_resolve_with(
                &self.catalog,
                s,
                &PlanOptions::for_schedule(path),
                Expansions::Dropped,
            )
            .map(|(groups, loaded)| (name, groups, loaded))
        });
        match result {
            Ok((file, groups, loaded)) => {
                let mut lines: Vec<String> = groups.iter().map(|g| g.line()).collect();
                let pass = judge(&self.catalog, &loaded).passing;
                let d = &loaded.design;
                let cassettes: usize = d.panels.iter().map(|p| p.cassettes.len()).sum();
                lines.push(format!(
                    "{} links ({pass} pass), {} trunks, {} panels, {cassettes} cassettes",
                    d.links.len(),
                    d.trunks.len(),
                    d.panels.len()
                ));
                self.import_preview = Some(ImportPreview {
                    file,
                    design: loaded.design,
                    lines,
                });
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// The planned design replaces the open one, as one undo step.
    pub(super) fn accept_import(&mut self, accept: bool) {
        let Some(preview) = self.import_preview.take() else {
            return;
        };
        if accept {
            self.apply(Command::edit(
                Change::ReplaceDesign {
                    after: Box::new(preview.design),
                },
                None,
            ));
            self.replaced_design();
            self.selected = (!self.doc.design.links.is_empty()).then_some(0);
            self.status = Some(format!("Imported {}", preview.file));
        }
    }

    /// What the schedule plans into, with Replace and Cancel.
    pub(super) fn import_modal(&self, ui: &mut egui::Ui) -> Option<Command> {
        let preview = self.import_preview.as_ref()?;
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("import-schedule")).show(ui.ctx(), |ui| {
            ui.heading(format!("Import {}", preview.file));
            ui.label("Planned from the link schedule:");
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for line in &preview.lines {
                        ui.label(line);
                    }
                });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Replace the open design").clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
            ui.label("Replacing is one step: Edit → Undo brings the open design back.");
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(false);
        }
        answer.map(Command::AcceptImport)
    }
}

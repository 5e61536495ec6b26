//! The menu bar and the keyboard shortcuts, both read from one table of
//! actions: a label, its shortcuts, and the command it gives.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::Command;
use super::document::Document;
use super::history::Change;
use super::shell::Remembered;

/// Everything the menu offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    New,
    Open,
    ImportSchedule,
    ImportResults,
    Save,
    SaveAs,
    ExportReport,
    ExportBom,
    Quit,
    Undo,
    Redo,
    Catalog,
    Selection,
    Infrastructure,
}

pub struct Entry {
    pub action: Action,
    pub label: &'static str,
    /// The first is the one the menu shows; every one of them works.
    pub shortcuts: &'static [KeyboardShortcut],
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

/// The one table of actions.
pub const ACTIONS: &[Entry] = &[
    Entry {
        action: Action::New,
        label: "New",
        shortcuts: &[key(CMD, Key::N)],
    },
    Entry {
        action: Action::Open,
        label: "Open…",
        shortcuts: &[key(CMD, Key::O)],
    },
    Entry {
        action: Action::ImportSchedule,
        label: "Import link schedule…",
        shortcuts: &[key(CMD_SHIFT, Key::O)],
    },
    Entry {
        action: Action::ImportResults,
        label: "Import test results…",
        shortcuts: &[key(CMD_SHIFT, Key::R)],
    },
    Entry {
        action: Action::Save,
        label: "Save",
        shortcuts: &[key(CMD, Key::S)],
    },
    Entry {
        action: Action::SaveAs,
        label: "Save As…",
        shortcuts: &[key(CMD_SHIFT, Key::S)],
    },
    Entry {
        action: Action::ExportReport,
        label: "Export report (HTML)…",
        shortcuts: &[key(CMD, Key::E)],
    },
    Entry {
        action: Action::ExportBom,
        label: "Export bill of materials (CSV)…",
        shortcuts: &[key(CMD, Key::B)],
    },
    Entry {
        action: Action::Quit,
        label: "Quit",
        shortcuts: &[key(CMD, Key::Q)],
    },
    Entry {
        action: Action::Undo,
        label: "Undo",
        shortcuts: &[key(CMD, Key::Z)],
    },
    Entry {
        action: Action::Redo,
        label: "Redo",
        shortcuts: &[key(CMD_SHIFT, Key::Z), key(CMD, Key::Y)],
    },
    Entry {
        action: Action::Catalog,
        label: "Catalog",
        // Not Ctrl+K: text fields use it to delete to the end of the line.
        shortcuts: &[key(CMD, Key::L)],
    },
    Entry {
        action: Action::Selection,
        label: "Connector selection",
        shortcuts: &[key(CMD, Key::G)],
    },
    Entry {
        action: Action::Infrastructure,
        label: "Infrastructure",
        shortcuts: &[key(CMD, Key::I)],
    },
];

impl Action {
    pub fn entry(self) -> &'static Entry {
        ACTIONS
            .iter()
            .find(|e| e.action == self)
            .unwrap_or(&ACTIONS[0])
    }

    pub fn command(self) -> Command {
        match self {
            Action::New => Command::New,
            Action::Open => Command::Open,
            Action::ImportSchedule => Command::ImportSchedule,
            Action::ImportResults => Command::ImportResults,
            Action::Save => Command::Save,
            Action::SaveAs => Command::SaveAs,
            Action::ExportReport => Command::ExportReport,
            Action::ExportBom => Command::ExportBom,
            Action::Quit => Command::Quit,
            Action::Undo => Command::Undo,
            Action::Redo => Command::Redo,
            Action::Catalog => Command::ShowCatalog(true),
            Action::Selection => Command::ShowSelection(true),
            Action::Infrastructure => Command::ShowInfrastructure(true),
        }
    }
}

/// The commands this frame's key presses give. Shortcuts with more
/// modifiers are tried first: Ctrl+Shift+S must not also fire Ctrl+S.
pub fn shortcuts(ctx: &egui::Context) -> Vec<Command> {
    let mut keys: Vec<(KeyboardShortcut, Action)> = ACTIONS
        .iter()
        .flat_map(|e| e.shortcuts.iter().map(move |s| (*s, e.action)))
        .collect();
    keys.sort_by_key(|(s, _)| std::cmp::Reverse(modifier_count(s.modifiers)));
    let mut commands = Vec::new();
    ctx.input_mut(|i| {
        for (shortcut, action) in keys {
            if i.consume_shortcut(&shortcut) {
                commands.push(action.command());
            }
        }
    });
    commands
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.ctrl || m.command || m.mac_cmd)
}

/// One menu item from the table.
fn item(ui: &mut egui::Ui, action: Action, enabled: bool, commands: &mut Vec<Command>) {
    let entry = action.entry();
    let mut button = egui::Button::new(entry.label);
    if let Some(s) = entry.shortcuts.first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(s));
    }
    if ui.add_enabled(enabled, button).clicked() {
        commands.push(action.command());
    }
}

pub fn menu_bar(ui: &mut egui::Ui, doc: &Document, remembered: &Remembered) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Action::New, true, &mut commands);
            item(ui, Action::Open, true, &mut commands);
            ui.menu_button("Open recent", |ui| {
                if remembered.recent.is_empty() {
                    ui.label("No recent files");
                }
                for path in &remembered.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        commands.push(Command::OpenPath(path.clone()));
                    }
                }
            });
            item(ui, Action::ImportSchedule, true, &mut commands);
            item(ui, Action::ImportResults, true, &mut commands);
            ui.separator();
            item(ui, Action::Save, true, &mut commands);
            item(ui, Action::SaveAs, true, &mut commands);
            ui.separator();
            item(ui, Action::ExportReport, true, &mut commands);
            item(ui, Action::ExportBom, true, &mut commands);
            ui.separator();
            item(ui, Action::Quit, true, &mut commands);
        });
        ui.menu_button("Edit", |ui| {
            item(ui, Action::Undo, doc.can_undo(), &mut commands);
            item(ui, Action::Redo, doc.can_redo(), &mut commands);
        });
        ui.menu_button("View", |ui| {
            item(ui, Action::Catalog, true, &mut commands);
            item(ui, Action::Selection, true, &mut commands);
            item(ui, Action::Infrastructure, true, &mut commands);
        });
        ui.separator();
        let mut name = doc.design().name.clone();
        let label = ui.label("Design:").id;
        let r = ui.add(
            egui::TextEdit::singleline(&mut name)
                .desired_width(420.0)
                .id_salt("design-name"),
        );
        let r = r.labelled_by(label);
        if r.changed() {
            commands.push(Command::edit(
                Change::RenameDesign { after: name },
                Some(egui::Id::unique("design-name").value()),
            ));
        }
        if r.lost_focus() {
            commands.push(Command::EndGesture);
        }
    });
    commands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_the_table_once_and_no_shortcut_is_taken_twice() {
        let all = [
            Action::New,
            Action::Open,
            Action::ImportSchedule,
            Action::ImportResults,
            Action::Save,
            Action::SaveAs,
            Action::ExportReport,
            Action::ExportBom,
            Action::Quit,
            Action::Undo,
            Action::Redo,
            Action::Catalog,
            Action::Selection,
            Action::Infrastructure,
        ];
        for a in all {
            assert_eq!(ACTIONS.iter().filter(|e| e.action == a).count(), 1, "{a:?}");
            // Every menu item shows a shortcut (issue 17).
            assert!(!a.entry().shortcuts.is_empty(), "{a:?} has no shortcut");
        }
        let keys: Vec<_> = ACTIONS.iter().flat_map(|e| e.shortcuts).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k:?} twice");
        }
    }
}

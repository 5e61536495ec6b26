//! Where a path comes from: the system's file dialog, or, where none can be
//! shown (a Linux desktop with neither an XDG portal nor zenity), the app's
//! own. Never silently nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Command;
use super::file_ops::FileRequest;

/// What a file dialog is for.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogSpec {
    pub title: String,
    /// Asks for a file to write (else one to read).
    pub save: bool,
    /// Name and extensions, first one the default.
    pub filters: Vec<(&'static str, &'static [&'static str])>,
    pub file_name: Option<String>,
    pub directory: Option<PathBuf>,
}

/// How the system's dialog answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Native {
    Chosen(PathBuf),
    Cancelled,
    /// No dialog could be shown: the app must show its own.
    Unavailable,
}

/// The system's file dialogs, behind a trait so tests can do without them.
pub trait NativeDialogs {
    fn ask(&mut self, spec: &DialogSpec) -> Native;
}

/// The system's dialogs through rfd. rfd answers `None` both for Cancel and
/// for a dialog it could not show; an answer faster than anyone can cancel
/// means the latter, and from then on the app's own dialog is used.
#[derive(Debug, Default)]
pub struct SystemDialogs {
    unavailable: bool,
}

/// Faster than any person can cancel a dialog.
const NO_DIALOG: Duration = Duration::from_millis(150);

impl NativeDialogs for SystemDialogs {
    fn ask(&mut self, spec: &DialogSpec) -> Native {
        if self.unavailable {
            return Native::Unavailable;
        }
        let mut d = rfd::FileDialog::new().set_title(&spec.title);
        for (name, ext) in &spec.filters {
            d = d.add_filter(*name, ext);
        }
        if let Some(n) = &spec.file_name {
            d = d.set_file_name(n);
        }
        if let Some(dir) = &spec.directory {
            d = d.set_directory(dir);
        }
        let started = Instant::now();
        let answer = if spec.save {
            d.save_file()
        } else {
            d.pick_file()
        };
        match answer {
            Some(p) => Native::Chosen(p),
            None if started.elapsed() < NO_DIALOG => {
                self.unavailable = true;
                Native::Unavailable
            }
            None => Native::Cancelled,
        }
    }
}

/// No system dialog at all: every request goes to the app's own.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoSystemDialogs;

impl NativeDialogs for NoSystemDialogs {
    fn ask(&mut self, _spec: &DialogSpec) -> Native {
        Native::Unavailable
    }
}

/// The app's own file dialog: a path to type, OK and Cancel, and why a path
/// will not do. (egui_file, the egui 0.37 file-dialog crate, draws emoji icons
/// no bundled font has and leaves its text fields without accessible names.)
pub struct OwnDialog {
    request: FileRequest,
    title: String,
    save: bool,
    extensions: Vec<&'static str>,
    path: String,
    problem: Option<String>,
}

impl OwnDialog {
    pub fn new(request: FileRequest, spec: &DialogSpec) -> Self {
        let dir = spec
            .directory
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let path = match &spec.file_name {
            Some(name) => dir.join(name),
            None => dir,
        };
        Self {
            request,
            title: spec.title.clone(),
            save: spec.save,
            extensions: spec
                .filters
                .iter()
                .flat_map(|(_, e)| e.iter().copied())
                .collect(),
            path: path.display().to_string(),
            problem: None,
        }
    }

    /// Why `path` will not do, if it will not.
    fn check(&self, path: &Path) -> Option<String> {
        if path.as_os_str().is_empty() {
            return Some("Type a path.".into());
        }
        if path.is_dir() {
            return Some("That is a folder: add a file name.".into());
        }
        if self.save {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            if dir.is_some_and(|d| !d.is_dir()) {
                return Some("No such folder.".into());
            }
        } else if !path.is_file() {
            return Some("No such file.".into());
        }
        None
    }

    /// Shows the dialog; a command once it is answered.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Command> {
        let mut answer = None;
        let mut open = true;
        egui::Window::new(format!("{} (no system file dialog)", self.title))
            .id(egui::Id::unique("own-file-dialog"))
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label("The system file dialog could not be shown. Type the file's full path:");
                let label = ui.label("Path").id;
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.path)
                            .desired_width(f32::INFINITY)
                            .id_salt("own-file-dialog-path"),
                    )
                    .labelled_by(label);
                if r.changed() {
                    self.problem = None;
                }
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if !self.extensions.is_empty() {
                    ui.label(
                        egui::RichText::new(format!("({})", self.extensions.join(", ")))
                            .weak()
                            .small(),
                    );
                }
                if let Some(p) = &self.problem {
                    ui.colored_label(ui.visuals().error_fg_color, p);
                }
                ui.horizontal(|ui| {
                    let ok = if self.save { "Save" } else { "Open" };
                    if ui.button(ok).clicked() || enter {
                        let path = PathBuf::from(self.path.trim());
                        match self.check(&path) {
                            Some(problem) => self.problem = Some(problem),
                            None => answer = Some(Command::PathChosen(self.request.clone(), path)),
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(Command::CloseFileDialog);
                    }
                });
            });
        if !open {
            answer = Some(Command::CloseFileDialog);
        }
        answer
    }
}

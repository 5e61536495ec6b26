//! The desktop app: a thin view over the library. Panels, windows and modals
//! read the document and return [`Command`]s; [`MpoApp::apply`] carries them
//! out in one place, once per frame.
//!
//! - `shell`: the app's state, the frame's layout and `apply`;
//! - `menu`: the menu bar and the shortcuts, from one table of actions;
//! - `file_ops` and `file_dialog`: open, save and export, and where paths come from;
//! - `autosave` and `recovery`: unsaved work kept and offered back;
//! - `theme`: fonts;
//! - the rest: one panel each.

mod assurance_view;
mod autosave;
mod background;
mod catalog_view;
mod channel;
mod command;
pub mod document;
pub mod file_dialog;
mod file_ops;
pub mod history;
mod import;
mod infra_edit;
mod infra_view;
mod lanes;
mod legs;
mod link_ids;
mod links;
pub mod loading;
mod menu;
mod neighbours;
mod plots;
pub mod recovery;
mod results;
mod saving;
mod schematic;
mod selection_view;
mod shared_parts;
mod shell;
mod stats_view;
mod test_results;
mod theme;

use std::path::PathBuf;

pub use command::Command;
pub use file_ops::{FileRequest, Pending, UnsavedAnswer};
pub use schematic::Part;
pub use shell::{MpoApp, Remembered};
pub use theme::setup_context;

use mpo_budget_core::catalog::Catalog;

/// Opens the desktop app.
pub fn run(file: Option<PathBuf>, catalog: Catalog) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0])
            .with_title("mpo-budget"),
        ..Default::default()
    };
    eframe::run_native(
        "mpo-budget",
        options,
        Box::new(move |cc| {
            setup_context(&cc.egui_ctx);
            let remembered: Remembered = cc
                .storage
                .and_then(|s| eframe::get_value(s, shell::APP_KEY))
                .unwrap_or_default();
            Ok(Box::new(
                MpoApp::new(catalog, file.as_deref(), remembered)
                    .with_recovery(recovery::default_path()),
            ))
        }),
    )
}

//! Fixtures shared by the integration tests.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use mpo_budget::app::file_dialog::NoSystemDialogs;
use mpo_budget::app::{MpoApp, Remembered};
use mpo_budget_core::catalog::Catalog;

/// The built-in catalog.
pub fn catalog() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

/// A shipped example design.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
}

/// A design kept for the tests, under `tests/data`.
pub fn test_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The app with `design` open (the example where `None`), no recovery file
/// and no system file dialogs (the app's own is shown), one frame run.
pub fn harness_with(design: Option<&Path>) -> Harness<'static, MpoApp> {
    let app = MpoApp::new(catalog(), design, Remembered::default())
        .with_native_dialogs(Box::new(NoSystemDialogs));
    let mut h = harness_for(app);
    h.run();
    h
}

/// A headless harness driving `app`, at the size the app opens at; no frame run yet.
/// A character no bundled font can draw fails the test.
pub fn harness_for(app: MpoApp) -> Harness<'static, MpoApp> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_context_setup(mpo_budget::app::setup_context)
        .build_ui_state(|ui, app: &mut MpoApp| app.show(ui), app)
}

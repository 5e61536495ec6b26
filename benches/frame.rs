//! One GUI frame of the app, headless (egui_kittest), with a design open and a
//! link selected.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use mpo_budget::app::{MpoApp, Remembered, setup_context};
use mpo_budget_core::catalog::Catalog;

fn frame(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/format-1/100g-sr4-row.ron");
    let app = MpoApp::new(catalog, Some(&path), Remembered::default());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(setup_context)
        .build_ui_state(|ui, app: &mut MpoApp| app.show(ui), app);
    h.run();
    c.bench_function("frame, 100g-sr4-row example", |b| b.iter(|| h.step()));
}

criterion_group!(benches, frame);
criterion_main!(benches);

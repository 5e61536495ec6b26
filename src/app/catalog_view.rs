//! The catalog as read-only tables, with the source of every figure.

use mpo_budget_core::catalog::Catalog;

pub fn ui(ui: &mut egui::Ui, catalog: &Catalog) {
    egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
        ui.heading("Transceivers");
        egui::Grid::new("transceivers")
            .striped(true)
            .num_columns(7)
            .show(ui, |ui| {
                for h in [
                    "id",
                    "nm",
                    "port",
                    "polish",
                    "fibers used",
                    "reach m / max dB",
                    "source",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for t in catalog.transceivers() {
                    ui.label(&t.id).on_hover_text(&t.name);
                    ui.label(t.wavelength_nm.to_string());
                    ui.label(t.port_label());
                    ui.label(t.port_polish.label());
                    ui.label(t.fibers_used.to_string());
                    let media: Vec<String> = t
                        .media
                        .iter()
                        .map(|m| format!("{} {} / {}", m.fiber, m.reach_m, m.max_channel_loss_db))
                        .collect();
                    ui.label(media.join(", "));
                    ui.label(&t.source);
                    ui.end_row();
                }
            });
        ui.add_space(10.0);
        ui.heading("Connector grades (dB per mated pair)");
        egui::Grid::new("grades")
            .striped(true)
            .num_columns(7)
            .show(ui, |ui| {
                for h in [
                    "id",
                    "name",
                    "MM max",
                    "MM typical",
                    "SM max",
                    "SM typical",
                    "source",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for g in catalog.grades() {
                    ui.label(&g.id);
                    ui.label(&g.name);
                    ui.label(format!("{:.2}", g.multimode.max_db));
                    ui.label(format!("{:.2}", g.multimode.typical_db));
                    ui.label(format!("{:.2}", g.single_mode.max_db));
                    ui.label(format!("{:.2}", g.single_mode.typical_db));
                    ui.label(&g.source);
                    ui.end_row();
                }
                for s in catalog.splices() {
                    ui.label(&s.id);
                    ui.label(&s.name);
                    ui.label(format!("{:.2}", s.max_db));
                    ui.label(format!("{:.2}", s.typical_db));
                    ui.label(format!("{:.2}", s.max_db));
                    ui.label(format!("{:.2}", s.typical_db));
                    ui.label(&s.source);
                    ui.end_row();
                }
            });
        ui.add_space(10.0);
        ui.heading("Fibers (cabled attenuation, dB/km)");
        egui::Grid::new("fibers")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for h in ["id", "mode", "attenuation", "source"] {
                    ui.strong(h);
                }
                ui.end_row();
                for f in catalog.fibers() {
                    ui.label(&f.id);
                    ui.label(f.mode.label());
                    let att: Vec<String> = f
                        .attenuation_db_per_km
                        .iter()
                        .map(|(nm, a)| format!("{nm} nm: {a}"))
                        .collect();
                    ui.label(att.join(", "));
                    ui.label(&f.source);
                    ui.end_row();
                }
            });
        ui.add_space(10.0);
        ui.heading("MPO–LC cassettes");
        egui::Grid::new("cassettes")
            .striped(true)
            .num_columns(6)
            .show(ui, |ui| {
                for h in [
                    "id",
                    "rear",
                    "grades (LC / MPO)",
                    "front port: rear positions A/B",
                    "name",
                    "source",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for k in catalog.cassettes() {
                    ui.label(&k.id);
                    ui.label(format!(
                        "MPO-{} {:?}, {:?}",
                        k.mpo_fibers, k.rear_gender, k.rear_keys
                    ));
                    ui.label(format!("{} / {}", k.lc_grade, k.mpo_grade));
                    let ports: Vec<String> = k
                        .ports
                        .iter()
                        .enumerate()
                        .map(|(n, p)| format!("{}: {}/{}", n + 1, p.a, p.b))
                        .collect();
                    ui.label(ports.join(", "));
                    ui.label(&k.name);
                    ui.label(&k.source);
                    ui.end_row();
                }
            });
    });
}

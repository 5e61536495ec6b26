//! Choosing a shared trunk leg, panel port or cassette port in the channel
//! editor from what the design declares, each choice saying which link, if
//! any, already uses it. Cards change the editor's copy of the element.

use std::collections::HashMap;

use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::model::infra::{CassettePort, PanelPort, TrunkLeg};
use mpo_budget_core::model::{Design, Element};

/// Which link uses each shared port and trunk leg (every link but `except`).
#[derive(Default)]
pub struct Uses {
    panel_ports: HashMap<(String, u32), String>,
    cassette_ports: HashMap<(String, u8, u8), String>,
    trunk_legs: HashMap<(String, u8), Vec<String>>,
}

impl Uses {
    pub fn of(design: &Design, except: usize) -> Self {
        let mut u = Uses::default();
        for (n, l) in design
            .links
            .iter()
            .enumerate()
            .filter(|(n, _)| *n != except)
        {
            let _ = n;
            for e in &l.path {
                match e {
                    Element::PanelPort(p) => {
                        u.panel_ports
                            .insert((p.panel.clone(), p.port), l.id.clone());
                    }
                    Element::CassettePort(c) => {
                        u.cassette_ports
                            .insert((c.panel.clone(), c.slot, c.port), l.id.clone());
                    }
                    Element::TrunkLeg(t) => u
                        .trunk_legs
                        .entry((t.trunk.clone(), t.leg))
                        .or_default()
                        .push(l.id.clone()),
                    _ => {}
                }
            }
        }
        u
    }

    /// The first port of an adapter panel no other link uses.
    pub fn free_panel_port(&self, design: &Design) -> Option<PanelPort> {
        design.panels.iter().find_map(|p| {
            (1..=p.ports?)
                .find(|n| !self.panel_ports.contains_key(&(p.id.clone(), *n)))
                .map(|port| PanelPort {
                    panel: p.id.clone(),
                    port,
                })
        })
    }

    /// The first trunk leg no other link uses.
    pub fn free_trunk_leg(&self, design: &Design) -> Option<TrunkLeg> {
        design.trunks.iter().find_map(|t| {
            (1..=t.legs)
                .find(|n| !self.trunk_legs.contains_key(&(t.id.clone(), *n)))
                .map(|leg| TrunkLeg {
                    trunk: t.id.clone(),
                    leg,
                })
        })
    }

    /// The first front port of a panel's cassette no other link uses.
    pub fn free_cassette_port(&self, catalog: &Catalog, design: &Design) -> Option<CassettePort> {
        design.panels.iter().find_map(|p| {
            p.cassettes.iter().find_map(|k| {
                let ports = catalog
                    .find_cassette(&k.kind)
                    .map_or(0, |c| catalog.cassette(c).ports.len());
                (1..=u8::try_from(ports).unwrap_or(u8::MAX))
                    .find(|n| {
                        !self
                            .cassette_ports
                            .contains_key(&(p.id.clone(), k.slot, *n))
                    })
                    .map(|port| CassettePort {
                        panel: p.id.clone(),
                        slot: k.slot,
                        port,
                    })
            })
        })
    }
}

fn note(user: Option<&String>) -> String {
    user.map_or_else(|| " (free)".to_owned(), |l| format!(" (used by {l})"))
}

pub fn trunk_leg_fields(ui: &mut egui::Ui, design: &Design, uses: &Uses, t: &mut TrunkLeg) {
    egui::Grid::new("trunk-leg").num_columns(2).show(ui, |ui| {
        let label = ui.label("Trunk").id;
        egui::ComboBox::from_id_salt("trunk")
            .selected_text(t.trunk.clone())
            .show_ui(ui, |ui| {
                for x in &design.trunks {
                    ui.selectable_value(&mut t.trunk, x.id.clone(), &x.id);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
        let legs = design
            .trunks
            .iter()
            .find(|x| x.id == t.trunk)
            .map_or(0, |x| x.legs);
        let label = ui.label("Leg").id;
        egui::ComboBox::from_id_salt("trunk-leg")
            .selected_text(t.leg.to_string())
            .show_ui(ui, |ui| {
                for n in 1..=legs {
                    let users = uses.trunk_legs.get(&(t.trunk.clone(), n));
                    let text = match users {
                        None => format!("leg {n} (free)"),
                        Some(u) => format!("leg {n} (used by {})", u.join(", ")),
                    };
                    ui.selectable_value(&mut t.leg, n, text);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
    });
}

pub fn panel_port_fields(ui: &mut egui::Ui, design: &Design, uses: &Uses, p: &mut PanelPort) {
    egui::Grid::new("panel-port").num_columns(2).show(ui, |ui| {
        let label = ui.label("Panel").id;
        egui::ComboBox::from_id_salt("panel")
            .selected_text(p.panel.clone())
            .show_ui(ui, |ui| {
                for x in design.panels.iter().filter(|x| x.ports.is_some()) {
                    ui.selectable_value(&mut p.panel, x.id.clone(), &x.id);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
        let ports = design
            .panels
            .iter()
            .find(|x| x.id == p.panel)
            .and_then(|x| x.ports)
            .unwrap_or(0);
        let label = ui.label("Port").id;
        egui::ComboBox::from_id_salt("panel-port")
            .selected_text(p.port.to_string())
            .show_ui(ui, |ui| {
                for n in 1..=ports {
                    let text = format!(
                        "port {n}{}",
                        note(uses.panel_ports.get(&(p.panel.clone(), n)))
                    );
                    ui.selectable_value(&mut p.port, n, text);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
    });
}

pub fn cassette_port_fields(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    design: &Design,
    uses: &Uses,
    c: &mut CassettePort,
) {
    egui::Grid::new("cassette-port")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Panel").id;
            egui::ComboBox::from_id_salt("cassette-panel")
                .selected_text(c.panel.clone())
                .show_ui(ui, |ui| {
                    for x in design.panels.iter().filter(|x| !x.cassettes.is_empty()) {
                        ui.selectable_value(&mut c.panel, x.id.clone(), &x.id);
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
            let panel = design.panels.iter().find(|x| x.id == c.panel);
            let label = ui.label("Slot").id;
            egui::ComboBox::from_id_salt("cassette-slot")
                .selected_text(c.slot.to_string())
                .show_ui(ui, |ui| {
                    for k in panel.map(|p| p.cassettes.as_slice()).unwrap_or_default() {
                        ui.selectable_value(
                            &mut c.slot,
                            k.slot,
                            format!("slot {} ({})", k.slot, k.kind),
                        );
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
            let ports = panel
                .and_then(|p| p.cassettes.iter().find(|k| k.slot == c.slot))
                .and_then(|k| catalog.find_cassette(&k.kind))
                .map_or(0, |k| catalog.cassette(k).ports.len());
            let label = ui.label("Port").id;
            egui::ComboBox::from_id_salt("cassette-port")
                .selected_text(c.port.to_string())
                .show_ui(ui, |ui| {
                    for n in 1..=u8::try_from(ports).unwrap_or(u8::MAX) {
                        let text = format!(
                            "port {n}{}",
                            note(uses.cassette_ports.get(&(c.panel.clone(), c.slot, n)))
                        );
                        ui.selectable_value(&mut c.port, n, text);
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
        });
}

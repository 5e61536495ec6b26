//! A link's legs, under its shared path: one row per leg with its id,
//! harness leg, far module, own path and verdict, and adding or removing
//! legs. Rows change the editor's copy of the link; the channel editor
//! turns that into one edit.

use egui::RichText;

use super::links::{FAIL_COLOR, PASS_COLOR};
use mpo_budget_core::analysis::LinkAnalysis;
use mpo_budget_core::catalog::{Catalog, PortConnector};
use mpo_budget_core::model::units::LengthM;
use mpo_budget_core::model::{Adapter, AdapterKeys, DuplexPolarity, Element, LcCord, Leg, Link};

/// The legs of `link` (whose path ends with a harness), edited in place.
/// `taken` says whether an id is used elsewhere in the design.
pub fn rows(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    link: &mut Link,
    analysis: Option<&LinkAnalysis>,
    taken: &dyn Fn(&str) -> bool,
) {
    let Some(Element::Harness(h)) = link.path.last() else {
        return;
    };
    let kind = catalog.find_harness(&h.kind).map(|k| catalog.harness(k));
    let harness_legs = kind.map_or(0, |k| k.legs.len());
    let lc_legs = kind.is_some_and(|k| {
        k.legs
            .first()
            .is_some_and(|l| l.connector == PortConnector::LcDuplex)
    });
    let lc_grade = h.leg_grade.clone();
    ui.label(RichText::new(format!("Legs of {} ({harness_legs} legs)", h.kind)).strong());
    let mut remove = None;
    let mut renumber = None;
    egui::Grid::new("legs")
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            let id_header = ui.label("Leg id").id;
            let leg_header = ui.label("Harness leg").id;
            let module_header = ui.label("Far transceiver").id;
            ui.label("Leg path");
            ui.label("Result");
            ui.label("");
            ui.end_row();
            let numbers: Vec<u8> = (0..link.legs.len()).map(|k| link.leg_number(k)).collect();
            for (k, leg) in link.legs.iter_mut().enumerate() {
                ui.push_id(k, |ui| {
                    ui.add_sized([110.0, 20.0], egui::TextEdit::singleline(&mut leg.id))
                        .labelled_by(id_header)
                        .on_hover_text("The leg's id: its own, like a link's");
                });
                let mut n = numbers[k];
                ui.push_id(("n", k), |ui| {
                    ui.add(egui::DragValue::new(&mut n).range(1..=harness_legs.max(1)))
                        .labelled_by(leg_header);
                });
                if n != numbers[k] {
                    renumber = Some((k, n));
                }
                egui::ComboBox::from_id_salt(("leg-module", k))
                    .selected_text(&leg.transceiver)
                    .width(150.0)
                    .show_ui(ui, |ui| {
                        for t in catalog.transceivers() {
                            ui.selectable_value(&mut leg.transceiver, t.id.clone(), &t.id)
                                .on_hover_text(&t.name);
                        }
                    })
                    .response
                    .labelled_by(module_header);
                ui.horizontal(|ui| {
                    if leg.path.is_empty() {
                        ui.label(RichText::new("plugs straight in").weak());
                        if lc_legs && ui.small_button("+ LC cord").clicked() {
                            leg.path = vec![
                                Element::Adapter(Adapter {
                                    keys: AdapterKeys::UpDown,
                                }),
                                Element::LcCord(LcCord {
                                    length_m: LengthM::new(2.0).unwrap_or_default(),
                                    polarity: DuplexPolarity::AtoB,
                                    grade: lc_grade.clone(),
                                    fiber: None,
                                }),
                            ];
                        }
                    } else {
                        let parts: Vec<String> = leg.path.iter().map(describe).collect();
                        ui.label(parts.join(" → "));
                        if ui.small_button("Clear").clicked() {
                            leg.path.clear();
                        }
                    }
                });
                match analysis.and_then(|a| a.legs.get(k)) {
                    Some(l) if l.analysis.pass() => {
                        let margin = l.analysis.budget.totals.margin_db().unwrap_or(f64::NAN);
                        ui.colored_label(PASS_COLOR, format!("PASS {margin:+.3} dB"));
                    }
                    Some(l) => {
                        ui.colored_label(
                            FAIL_COLOR,
                            format!("FAIL {}", l.analysis.verdict.failed.labels()),
                        );
                    }
                    None => {
                        ui.label("—");
                    }
                }
                if ui.small_button("Remove leg").clicked() {
                    remove = Some(k);
                }
                ui.end_row();
            }
        });
    // Every leg keeps its harness leg: numbers taken from the list order are
    // written out before the list changes.
    if remove.is_some() || renumber.is_some() {
        for k in 0..link.legs.len() {
            let n = link.leg_number(k);
            link.legs[k].leg = Some(n);
        }
    }
    if let Some((k, n)) = renumber {
        // A number another leg holds is swapped with it: one leg per harness leg.
        let old = link.leg_number(k);
        if let Some(other) = (0..link.legs.len()).find(|&j| j != k && link.leg_number(j) == n) {
            link.legs[other].leg = Some(old);
        }
        link.legs[k].leg = Some(n);
    }
    if let Some(k) = remove {
        link.legs.remove(k);
    }
    let used: Vec<u8> = (0..link.legs.len()).map(|k| link.leg_number(k)).collect();
    let free = (1..=u8::try_from(harness_legs).unwrap_or(u8::MAX)).find(|n| !used.contains(n));
    if let Some(n) = free
        && ui.button("Add leg").clicked()
    {
        let mut id = format!("{}/{n}", link.id);
        while taken(&id) || link.legs.iter().any(|l| l.id == id) {
            id.push('\'');
        }
        let transceiver = link
            .legs
            .first()
            .map_or_else(|| link.transceiver.clone(), |l| l.transceiver.clone());
        link.legs.push(Leg {
            id,
            leg: Some(n),
            transceiver,
            path: Vec::new(),
        });
    }
}

fn describe(e: &Element) -> String {
    match e {
        Element::LcCord(c) => format!("LC cord {} m", c.length_m.get()),
        Element::Cable(c) => format!("{:?} {} m", c.role, c.length_m.get()),
        other => other.noun().to_owned(),
    }
}

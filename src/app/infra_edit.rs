//! Editing the design's shared trunks and panels: pick a part, edit it in a
//! form beside the list (every field the file has), add parts, remove unused
//! ones. The view edits copies; the caller turns a difference into one undo
//! step (a drag or a typed name merges into one).

use egui::RichText;

use super::channel::{GENDERS, choice};
use super::document::Document;
use super::links::FAIL_COLOR;
use mpo_budget_core::catalog::{Catalog, ConnectorFamily};
use mpo_budget_core::model::infra::{Panel, PanelCassette, Trunk};
use mpo_budget_core::model::limits::{MAX_LENGTH_M, MAX_PANEL_PORTS};
use mpo_budget_core::model::units::{FiberCount, LengthM};
use mpo_budget_core::model::{AdapterKeys, Element, Gender, PolarityType, Polish};

/// The part being edited (UI state, not the design's).
#[derive(Clone, PartialEq)]
enum Selected {
    Trunk(String),
    Panel(String),
}

/// What the links use of the shared parts: enough to refuse a change that
/// would leave a link's reference dangling.
struct InUse<'a> {
    doc: &'a Document,
}

impl InUse<'_> {
    /// Links that name `part` (a trunk or a panel id).
    fn links(&self, part: &str) -> Vec<String> {
        self.doc
            .design()
            .links
            .iter()
            .filter(|l| {
                l.path.iter().any(|e| match e {
                    Element::TrunkLeg(t) => t.trunk == part,
                    other => other.panel() == Some(part),
                })
            })
            .map(|l| l.id.clone())
            .collect()
    }

    /// The highest leg of `trunk` a link uses (0: none).
    fn highest_leg(&self, trunk: &str) -> u8 {
        self.shared()
            .filter_map(|e| match e {
                Element::TrunkLeg(t) if t.trunk == trunk => Some(t.leg),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    /// The highest adapter port of `panel` a link uses (0: none).
    fn highest_port(&self, panel: &str) -> u32 {
        self.shared()
            .filter_map(|e| match e {
                Element::PanelPort(p) if p.panel == panel => Some(p.port),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    /// Links using the cassette in `slot` of `panel`.
    fn slot_links(&self, panel: &str, slot: u8) -> Vec<String> {
        self.doc
            .design()
            .links
            .iter()
            .filter(|l| {
                l.path.iter().any(
                    |e| matches!(e, Element::CassettePort(c) if c.panel == panel && c.slot == slot),
                )
            })
            .map(|l| l.id.clone())
            .collect()
    }

    fn shared(&self) -> impl Iterator<Item = &Element> {
        self.doc
            .design()
            .links
            .iter()
            .flat_map(|l| l.path.iter())
            .filter(|e| e.is_shared())
    }
}

/// A few link ids, and how many more (hover for all).
pub fn some_links(ui: &mut egui::Ui, links: &[String]) {
    const SHOWN: usize = 4;
    if links.len() <= SHOWN {
        ui.label(links.join(", "));
    } else {
        ui.label(format!(
            "{} … and {} more",
            links[..SHOWN].join(", "),
            links.len() - SHOWN
        ))
        .on_hover_text(links.join(", "));
    }
}

fn links_through(n: usize) -> String {
    match n {
        0 => "No link through it".to_owned(),
        1 => "1 link through it:".to_owned(),
        n => format!("{n} links through it:"),
    }
}

fn unused_id(taken: &[&str], prefix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.contains(&id.as_str()))
        .unwrap_or_default()
}

/// A drag or typing in progress (its changes merge into one undo step), and
/// whether it ended this frame.
#[derive(Default)]
pub struct Gesture {
    pub merge: Option<u64>,
    pub end: bool,
}

/// The part list, the selected part's form and the add buttons.
pub fn ui(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    doc: &Document,
    trunks: &mut Vec<Trunk>,
    panels: &mut Vec<Panel>,
) -> Gesture {
    let in_use = InUse { doc };
    let state_id = egui::Id::unique("infra-selected");
    let mut selected: Option<Selected> = ui.data(|d| d.get_temp(state_id));
    // A part that no longer exists (removed, undone) is not selected.
    if let Some(s) = &selected {
        let exists = match s {
            Selected::Trunk(id) => trunks.iter().any(|t| &t.id == id),
            Selected::Panel(id) => panels.iter().any(|p| &p.id == id),
        };
        if !exists {
            selected = None;
        }
    }
    ui.heading("Edit trunks and panels");
    ui.horizontal_wrapped(|ui| {
        ui.label("Trunks:");
        for t in trunks.iter() {
            let this = Selected::Trunk(t.id.clone());
            if ui
                .selectable_label(selected.as_ref() == Some(&this), &t.id)
                .clicked()
            {
                selected = Some(this);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Panels:");
        for p in panels.iter() {
            let this = Selected::Panel(p.id.clone());
            if ui
                .selectable_label(selected.as_ref() == Some(&this), &p.id)
                .clicked()
            {
                selected = Some(this);
            }
        }
    });
    let mut merge = Gesture::default();
    match selected.clone() {
        Some(Selected::Trunk(id)) => {
            let ids: Vec<String> = panels.iter().map(|p| p.id.clone()).collect();
            if let Some(k) = trunks.iter().position(|t| t.id == id) {
                let remove = trunk_form(ui, catalog, &in_use, &ids, &mut trunks[k], &mut merge);
                if remove {
                    trunks.remove(k);
                    selected = None;
                }
            }
        }
        Some(Selected::Panel(id)) => {
            if let Some(k) = panels.iter().position(|p| p.id == id) {
                let remove = panel_form(ui, catalog, &in_use, &mut panels[k], &mut merge);
                if remove {
                    panels.remove(k);
                    selected = None;
                }
            }
        }
        None => {
            ui.label("Choose a trunk or a panel above to edit it.");
        }
    }
    if let Some(new) = add_buttons(ui, catalog, trunks, panels) {
        selected = Some(new);
    }
    ui.data_mut(|d| match selected {
        Some(s) => {
            d.insert_temp(state_id, s);
        }
        None => d.remove::<Selected>(state_id),
    });
    merge
}

/// Marks a drag or typing in progress: its steps merge into one undo step.
fn track(r: &egui::Response, g: &mut Gesture) {
    if (r.dragged() && !r.drag_started()) || (r.has_focus() && r.changed()) {
        g.merge = Some(r.id.value());
    }
    if r.drag_stopped() || r.lost_focus() {
        g.end = true;
    }
}

fn mpo_grades(catalog: &Catalog) -> Vec<String> {
    catalog
        .grades()
        .iter()
        .filter(|g| g.family == ConnectorFamily::Mpo)
        .map(|g| g.id.clone())
        .collect()
}

/// Removing a part: enabled only when no link uses it, else disabled and
/// naming the links. True when clicked.
fn remove_button(ui: &mut egui::Ui, id: &str, used: &[String]) -> bool {
    let button = egui::Button::new(format!("Remove {id}")).small();
    if used.is_empty() {
        ui.add(button).clicked()
    } else {
        ui.add_enabled(false, button)
            .on_disabled_hover_text(format!("used by {}", used.join(", ")));
        false
    }
}

/// The trunk's fields; true when it is to be removed.
fn trunk_form(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    in_use: &InUse<'_>,
    panel_ids: &[String],
    t: &mut Trunk,
    merge: &mut Gesture,
) -> bool {
    let used = in_use.links(&t.id);
    let lowest_legs = in_use.highest_leg(&t.id).max(1);
    ui.label(RichText::new(format!("Trunk {}", t.id)).strong());
    egui::Grid::new("trunk-form")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            panel_choice(ui, ("From panel", "trunk-from"), &mut t.from, panel_ids);
            panel_choice(ui, ("To panel", "trunk-to"), &mut t.to, panel_ids);
            ui.end_row();

            let label = ui.label("Length").id;
            let mut m = t.length_m.get();
            let r = ui
                .add(
                    egui::DragValue::new(&mut m)
                        .range(0.0..=MAX_LENGTH_M)
                        .clamp_existing_to_range(false)
                        .speed(0.5)
                        .suffix(" m"),
                )
                .labelled_by(label);
            track(&r, merge);
            // Written back only when the user changed it: showing a part
            // never changes the design.
            if r.changed()
                && m != t.length_m.get()
                && let Ok(l) = LengthM::new(m.clamp(0.0, MAX_LENGTH_M))
            {
                t.length_m = l;
            }
            let label = ui.label("Legs").id;
            let mut legs = t.legs;
            let r = ui
                .add(
                    egui::DragValue::new(&mut legs)
                        .range(lowest_legs..=u8::MAX)
                        .clamp_existing_to_range(false),
                )
                .labelled_by(label);
            track(&r, merge);
            if r.changed() {
                t.legs = legs.max(lowest_legs);
            }
            if lowest_legs > 1 {
                r.on_hover_text(format!("links use legs up to {lowest_legs}"));
            }
            ui.end_row();

            let counts = FiberCount::ALL.map(|n| (n, format!("{n} per leg")));
            choice(ui, ("Fibers", "trunk-fibers"), &mut t.fibers, &counts, None);
            choice(
                ui,
                ("Polarity", "trunk-polarity"),
                &mut t.polarity,
                &[
                    (PolarityType::A, "Type A (straight)"),
                    (PolarityType::B, "Type B (reversed)"),
                    (PolarityType::C, "Type C (pair-flipped)"),
                ],
                None,
            );
            ui.end_row();

            let mut ends = t.ends;
            choice(
                ui,
                ("From end", "trunk-from-end"),
                &mut ends.0,
                &GENDERS,
                None,
            );
            choice(ui, ("To end", "trunk-to-end"), &mut ends.1, &GENDERS, None);
            t.ends = ends;
            ui.end_row();

            let grades: Vec<(String, String)> = mpo_grades(catalog)
                .into_iter()
                .map(|g| (g.clone(), g))
                .collect();
            string_choice(ui, ("Grade", "trunk-grade"), &mut t.grade, &grades);
            let label = ui.label("Fiber").id;
            egui::ComboBox::from_id_salt("trunk-fiber")
                .selected_text(t.fiber.clone().unwrap_or_else(|| "link's fiber".into()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut t.fiber, None, "link's fiber");
                    for f in catalog.fibers() {
                        ui.selectable_value(&mut t.fiber, Some(f.id.clone()), &f.id);
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();

            choice(
                ui,
                ("Polish", "trunk-polish"),
                &mut t.polish,
                &[
                    (None, "port default"),
                    (Some(Polish::Upc), Polish::Upc.label()),
                    (Some(Polish::Apc), Polish::Apc.label()),
                ],
                None,
            );
            ui.end_row();
        });
    ui.horizontal(|ui| {
        ui.label(links_through(used.len()));
        some_links(ui, &used);
    });
    remove_button(ui, &t.id, &used)
}

/// The panel's fields; true when it is to be removed.
fn panel_form(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    in_use: &InUse<'_>,
    p: &mut Panel,
    merge: &mut Gesture,
) -> bool {
    let used = in_use.links(&p.id);
    ui.label(RichText::new(format!("Panel {}", p.id)).strong());
    egui::Grid::new("panel-form")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            let label = ui.label("Rack").id;
            let mut rack = p.rack.clone().unwrap_or_default();
            let r = ui
                .add(egui::TextEdit::singleline(&mut rack).desired_width(120.0))
                .labelled_by(label);
            track(&r, merge);
            if r.changed() {
                let rack = rack.trim();
                p.rack = (!rack.is_empty()).then(|| rack.to_owned());
            }
            ui.end_row();
            if p.cassettes.is_empty() {
                let lowest = in_use.highest_port(&p.id).max(1);
                let label = ui.label("Adapter ports").id;
                let mut ports = p.ports.unwrap_or(0);
                let r = ui
                    .add(
                        egui::DragValue::new(&mut ports)
                            .range(lowest..=MAX_PANEL_PORTS)
                            .clamp_existing_to_range(false),
                    )
                    .labelled_by(label);
                track(&r, merge);
                let changed = r.changed();
                if lowest > 1 {
                    r.on_hover_text(format!("links use ports up to {lowest}"));
                }
                if changed {
                    p.ports = Some(ports.clamp(lowest, MAX_PANEL_PORTS));
                }
                ui.end_row();
                let shown = p.keys.unwrap_or(AdapterKeys::UpUp);
                let mut keys = shown;
                choice(
                    ui,
                    ("Adapter keys", "panel-keys"),
                    &mut keys,
                    &[
                        (AdapterKeys::UpUp, "key-up/key-up (Type B)"),
                        (AdapterKeys::UpDown, "key-up/key-down (Type A)"),
                    ],
                    None,
                );
                if keys != shown {
                    p.keys = Some(keys);
                }
                ui.end_row();
            }
        });
    if !p.cassettes.is_empty() {
        cassette_slots(ui, catalog, in_use, p);
    }
    ui.horizontal(|ui| {
        ui.label(links_through(used.len()));
        some_links(ui, &used);
    });
    remove_button(ui, &p.id, &used)
}

/// A cassette panel's slots: each slot's kind and grades; a slot added, or
/// an unused one removed.
fn cassette_slots(ui: &mut egui::Ui, catalog: &Catalog, in_use: &InUse<'_>, p: &mut Panel) {
    let kinds: Vec<(String, String)> = catalog
        .cassettes()
        .iter()
        .map(|k| (k.id.clone(), k.id.clone()))
        .collect();
    let grade_options = |family: ConnectorFamily| -> Vec<(Option<String>, String)> {
        std::iter::once((None, "cassette's own".to_owned()))
            .chain(
                catalog
                    .grades()
                    .iter()
                    .filter(|g| g.family == family)
                    .map(|g| (Some(g.id.clone()), g.id.clone())),
            )
            .collect()
    };
    let (lc, mpo) = (
        grade_options(ConnectorFamily::Lc),
        grade_options(ConnectorFamily::Mpo),
    );
    let mut remove = None;
    egui::Grid::new("panel-slots")
        .striped(true)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for h in ["Slot", "Kind", "LC grade", "MPO grade", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for (k, c) in p.cassettes.iter_mut().enumerate() {
                ui.label(c.slot.to_string());
                ui.push_id(("slot", k), |ui| {
                    combo(
                        ui,
                        "kind",
                        &mut c.kind,
                        &kinds,
                        &format!("Slot {} kind", c.slot),
                    );
                });
                ui.push_id(("slot-lc", k), |ui| {
                    combo(
                        ui,
                        "lc",
                        &mut c.lc_grade,
                        &lc,
                        &format!("Slot {} LC grade", c.slot),
                    );
                });
                ui.push_id(("slot-mpo", k), |ui| {
                    combo(
                        ui,
                        "mpo",
                        &mut c.mpo_grade,
                        &mpo,
                        &format!("Slot {} MPO grade", c.slot),
                    );
                });
                let used = in_use.slot_links(&p.id, c.slot);
                if remove_button(ui, &format!("slot {}", c.slot), &used) {
                    remove = Some(k);
                }
                ui.end_row();
            }
        });
    if let Some(k) = remove {
        p.cassettes.remove(k);
    }
    let next = p.cassettes.iter().map(|c| c.slot).max().unwrap_or(0);
    if let Some(slot) = next.checked_add(1)
        && let Some(kind) = p.cassettes.last().map(|c| c.kind.clone())
        && ui.small_button("Add slot").clicked()
    {
        p.cassettes.push(PanelCassette {
            slot,
            kind,
            lc_grade: None,
            mpo_grade: None,
        });
    }
}

/// A drop-down over named values, its accessible name `name`.
fn combo<T: PartialEq + Clone>(
    ui: &mut egui::Ui,
    salt: &str,
    value: &mut T,
    choices: &[(T, String)],
    name: &str,
) {
    let current = choices
        .iter()
        .find(|(v, _)| v == value)
        .map_or(String::new(), |(_, n)| n.clone());
    let r = egui::ComboBox::from_id_salt(salt)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (v, n) in choices {
                ui.selectable_value(value, v.clone(), n);
            }
        })
        .response;
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name));
}

fn string_choice(
    ui: &mut egui::Ui,
    (label, salt): (&str, &str),
    value: &mut String,
    choices: &[(String, String)],
) {
    let label = ui.label(label).id;
    let current = value.clone();
    egui::ComboBox::from_id_salt(salt)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (v, n) in choices {
                ui.selectable_value(value, v.clone(), n);
            }
        })
        .response
        .labelled_by(label);
}

/// A panel chosen from the design's; a panel no longer declared is shown in
/// red, so a route that now goes nowhere is seen.
fn panel_choice(
    ui: &mut egui::Ui,
    (label, salt): (&str, &str),
    value: &mut String,
    ids: &[String],
) {
    let label = ui.label(label).id;
    let known = ids.contains(value);
    let text = if known {
        RichText::new(value.as_str())
    } else {
        RichText::new(value.as_str()).color(FAIL_COLOR)
    };
    egui::ComboBox::from_id_salt(salt)
        .selected_text(text)
        .show_ui(ui, |ui| {
            for id in ids {
                ui.selectable_value(value, id.clone(), id);
            }
        })
        .response
        .labelled_by(label);
}

/// Adding panels and trunks; returns the part added, to select it.
fn add_buttons(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    trunks: &mut Vec<Trunk>,
    panels: &mut Vec<Panel>,
) -> Option<Selected> {
    let mut added = None;
    ui.horizontal(|ui| {
        if ui.button("Add adapter panels").clicked() {
            // A pair, one at each end of a trunk to come.
            let taken: Vec<&str> = panels.iter().map(|p| p.id.as_str()).collect();
            let a = unused_id(&taken, "PA");
            let b = unused_id(&taken, "PB");
            let new = |id: String| Panel {
                id,
                rack: None,
                ports: Some(24),
                keys: Some(AdapterKeys::UpUp),
                cassettes: Vec::new(),
            };
            added = Some(Selected::Panel(a.clone()));
            panels.push(new(a));
            panels.push(new(b));
        }
        if ui.button("Add cassette panel").clicked()
            && let Some(kind) = catalog.cassettes().first()
        {
            let taken: Vec<&str> = panels.iter().map(|p| p.id.as_str()).collect();
            let id = unused_id(&taken, "C");
            added = Some(Selected::Panel(id.clone()));
            panels.push(Panel {
                id,
                rack: None,
                ports: None,
                keys: None,
                cassettes: vec![PanelCassette {
                    slot: 1,
                    kind: kind.id.clone(),
                    lc_grade: None,
                    mpo_grade: None,
                }],
            });
        }
        // A new trunk runs between the last two panels (its ends are then
        // chosen in its form).
        let ends = panels
            .len()
            .checked_sub(2)
            .map(|i| (panels[i].id.clone(), panels[i + 1].id.clone()));
        if let Some((from, to)) = ends
            && ui.button("Add trunk").clicked()
        {
            let taken: Vec<&str> = trunks.iter().map(|t| t.id.as_str()).collect();
            let id = unused_id(&taken, "T");
            added = Some(Selected::Trunk(id.clone()));
            trunks.push(Trunk {
                id,
                from,
                to,
                length_m: LengthM::new(30.0).unwrap_or_default(),
                legs: 6,
                fibers: FiberCount::F12,
                polarity: PolarityType::B,
                ends: (Gender::Male, Gender::Male),
                grade: mpo_grades(catalog).first().cloned().unwrap_or_default(),
                fiber: None,
                polish: None,
            });
        }
    });
    added
}

//! The channel editor: the path from the near transceiver to the far one, left
//! to right, each element a card edited in place.

use std::ops::RangeInclusive;

use egui::{Color32, RichText};

use super::Command;
use super::document::Document;
use super::history::{Change, MergeKey};
use super::schematic::Part;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::catalog::{ConnectorFamily, FiberMode};
use mpo_budget_core::model::limits::{MAX_LENGTH_M, MAX_LINK_COUNT, MAX_SPLICES_PER_CABLE};
use mpo_budget_core::model::units::{FiberCount, LengthM};
use mpo_budget_core::model::{
    Adapter, AdapterKeys, Cable, CableRole, Cassette, DuplexPolarity, Element, Gender, Harness,
    LcCord, Link, PolarityType, Polish, Splice,
};

/// Collects one frame's change to the link, as at most one edit.
struct Editor<'a> {
    index: usize,
    before: &'a Link,
    after: Link,
    merge: Option<MergeKey>,
    end_gesture: bool,
    /// Elements to remove, at the end of the frame (the cards are drawn
    /// by index).
    remove: Option<RangeInclusive<usize>>,
    /// The design's shared parts; which link uses each is the document's
    /// ([`Document::shared_uses`]), worked out only when asked.
    design: &'a mpo_budget_core::model::Design,
    doc: &'a Document,
    /// Give the first field after [`focus_anchor`] the keyboard.
    take_focus: bool,
    /// The part to select after this frame's edit (a moved part).
    focus_after: Option<Part>,
}

impl Editor<'_> {
    /// Whether another link, or another link's leg, has this id (new legs
    /// take ids of their own). Looked up only when a leg is added: a set of
    /// every id, made each frame, cost a million-link design 0.1 s a frame.
    fn taken(&self, id: &str) -> bool {
        id_taken(self.design, self.index, id)
    }

    /// Marks a drag in progress: its steps merge into one undo step.
    fn track(&mut self, r: &egui::Response) {
        if r.dragged() && !r.drag_started() {
            self.merge = Some(r.id.value());
        }
        if r.drag_stopped() || r.lost_focus() {
            self.end_gesture = true;
        }
    }

    fn into_commands(mut self) -> Vec<Command> {
        if let Some(range) = self.remove.take()
            && *range.end() < self.after.path.len()
        {
            self.after.path.drain(range);
        }
        // A harness ends the shared path (the file format says so): an edit
        // that would put one anywhere else is not made, and a path without
        // one has no legs.
        let harness_at = self
            .after
            .path
            .iter()
            .position(|e| matches!(e, Element::Harness(_)));
        match harness_at {
            Some(i) if i + 1 != self.after.path.len() => self.after = self.before.clone(),
            None => self.after.legs.clear(),
            // The last leg removed: the harness goes too, with the joint
            // before it, and the link ends at a module again.
            Some(i) if self.after.legs.is_empty() => {
                let from = if i > 0 && !self.after.path[i - 1].is_conductor() {
                    i - 1
                } else {
                    i
                };
                self.after.path.truncate(from);
            }
            Some(_) => {}
        }
        let mut commands = Vec::new();
        if &self.after != self.before {
            commands.push(Command::edit(
                Change::ReplaceLink {
                    index: self.index,
                    after: self.after,
                },
                self.merge,
            ));
        }
        if self.end_gesture {
            commands.push(Command::EndGesture);
        }
        if let Some(part) = self.focus_after.filter(|_| !commands.is_empty()) {
            commands.push(Command::Focus(part));
        }
        commands
    }
}

/// Whether a link other than link `index`, or its leg, has this id.
fn id_taken(design: &mpo_budget_core::model::Design, index: usize, id: &str) -> bool {
    design
        .links
        .iter()
        .enumerate()
        .any(|(i, l)| i != index && (l.id == id || l.legs.iter().any(|g| g.id == id)))
}

/// One frame's editing of link `index`: its header (module, fiber, count)
/// and the inspector of one part, gathered into at most one edit.
pub struct ChannelEditor<'a> {
    ed: Editor<'a>,
    doc: &'a Document,
    /// Each element's errors, for the inspector's title.
    flagged: std::collections::BTreeMap<usize, Vec<String>>,
}

impl<'a> ChannelEditor<'a> {
    pub fn new(doc: &'a Document, index: usize) -> Option<Self> {
        let link: &Link = doc.design().links.get(index)?;
        let ed = Editor {
            index,
            before: link,
            after: link.clone(),
            merge: None,
            end_gesture: false,
            remove: None,
            design: doc.design(),
            doc,
            take_focus: false,
            focus_after: None,
        };
        let mut flagged: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        if let Some((_, a)) = doc.shown(index) {
            for p in a.problems().filter(|p| p.is_error()) {
                if let Some(i) = p.element {
                    flagged.entry(i).or_default().push(p.message.clone());
                }
            }
        }
        Some(Self { ed, doc, flagged })
    }

    /// The channel's name, where it runs, and the link's own fields.
    pub fn header(&mut self, ui: &mut egui::Ui, catalog: &Catalog) {
        let link = self.ed.before;
        ui.horizontal(|ui| {
            ui.heading(format!("Channel {}", link.id));
            // Where it runs, as its link schedule names it.
            if let Some(l) = link.labels.as_deref() {
                let end = |rack: &Option<String>, port: &Option<String>| match (rack, port) {
                    (Some(r), Some(p)) => format!("{r} {p}"),
                    (Some(r), None) => r.clone(),
                    (None, Some(p)) => p.clone(),
                    (None, None) => "?".to_owned(),
                };
                ui.label(format!(
                    "{} → {}",
                    end(&l.near_rack, &l.near_port),
                    end(&l.far_rack, &l.far_port)
                ));
            }
        });
        link_header(ui, catalog, &mut self.ed);
    }

    /// The editor of `part`: its fields, moving and removing it, and
    /// inserting beside it.
    /// With `take_focus` (Enter in the links list) the keyboard goes to
    /// the part's first field.
    pub fn inspector(
        &mut self,
        ui: &mut egui::Ui,
        catalog: &Catalog,
        part: Part,
        take_focus: bool,
    ) {
        self.ed.take_focus = take_focus;
        let n = self.ed.after.path.len();
        match part {
            Part::NearModule => transceiver_card(ui, catalog, &mut self.ed, "Near transceiver", 0),
            Part::FarModule => transceiver_card(ui, catalog, &mut self.ed, "Far transceiver", n),
            Part::Element(i) if i < n => {
                let errors = self.flagged.get(&i).cloned();
                element_card(ui, catalog, &mut self.ed, i, errors.as_ref());
            }
            Part::Element(_) => {}
            Part::Legs => {
                let analysis = self.doc.shown(self.ed.index).map(|(_, a)| a);
                let (design, index) = (self.ed.design, self.ed.index);
                super::legs::rows(ui, catalog, &mut self.ed.after, analysis, &|id| {
                    id_taken(design, index, id)
                });
            }
        }
    }

    pub fn into_commands(self) -> Vec<Command> {
        self.ed.into_commands()
    }
}

fn link_header(ui: &mut egui::Ui, catalog: &Catalog, ed: &mut Editor<'_>) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Transceiver").id;
        let current = ed.after.transceiver.clone();
        egui::ComboBox::from_id_salt("transceiver")
            .selected_text(&current)
            .width(170.0)
            .show_ui(ui, |ui| {
                for t in catalog.transceivers() {
                    ui.selectable_value(&mut ed.after.transceiver, t.id.clone(), &t.id)
                        .on_hover_text(&t.name);
                }
            })
            .response
            .labelled_by(label);
        // Twin-port modules: which port this link uses.
        let ports = catalog
            .find_transceiver(&ed.after.transceiver)
            .map_or(1, |t| catalog.transceiver(t).ports.len());
        if ports > 1 || ed.after.port != 1 {
            let label = ui.label("Port").id;
            let mut port = ed.after.port;
            egui::ComboBox::from_id_salt("port")
                .selected_text(format!("{port} of {ports}"))
                .show_ui(ui, |ui| {
                    for n in 1..=u8::try_from(ports).unwrap_or(1) {
                        ui.selectable_value(&mut port, n, format!("port {n}"));
                    }
                })
                .response
                .labelled_by(label);
            ed.after.port = port;
        }
        // A plain link may end at another compatible module.
        if ed.after.legs.is_empty() {
            let label = ui.label("Far module").id;
            let mut far = ed.after.far_transceiver.clone();
            egui::ComboBox::from_id_salt("far-transceiver")
                .selected_text(far.clone().unwrap_or_else(|| "same".to_owned()))
                .width(150.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut far, None, "same as near");
                    for t in catalog.transceivers() {
                        ui.selectable_value(&mut far, Some(t.id.clone()), &t.id)
                            .on_hover_text(&t.name);
                    }
                })
                .response
                .labelled_by(label);
            // Only a choice changes it ("same" is written as no field).
            if far != ed.after.far_transceiver {
                ed.after.far_transceiver = far.filter(|f| *f != ed.after.transceiver);
            }
        }
        let label = ui.label("Fiber").id;
        let supported: Vec<String> = catalog
            .find_transceiver(&ed.after.transceiver)
            .map(|t| {
                catalog
                    .transceiver(t)
                    .media
                    .iter()
                    .map(|m| m.fiber.clone())
                    .collect()
            })
            .unwrap_or_default();
        egui::ComboBox::from_id_salt("link-fiber")
            .selected_text(ed.after.fiber.clone())
            .show_ui(ui, |ui| {
                for f in catalog.fibers() {
                    let note = if supported.iter().any(|s| s.eq_ignore_ascii_case(&f.id)) {
                        ""
                    } else {
                        " (not supported)"
                    };
                    ui.selectable_value(
                        &mut ed.after.fiber,
                        f.id.clone(),
                        format!("{}{note}", f.id),
                    );
                }
            })
            .response
            .labelled_by(label);
        let label = ui.label("Count").id;
        let mut count = ed.after.count;
        number_field(
            ui,
            ed,
            label,
            &mut count,
            Drag::new(1..=MAX_LINK_COUNT, 0.2),
        );
        ed.after.count = count;
        ui.label(RichText::new("identical links").weak());
    });
}

fn transceiver_card(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    ed: &mut Editor<'_>,
    title: &str,
    insert_at: usize,
) {
    card_frame(ui, false).show(ui, |ui| {
        ui.set_min_width(ui.available_width());
        ui.vertical(|ui| {
            ui.label(RichText::new(title).strong());
            // The far card shows the far module, where the link names one.
            let id = if insert_at == 0 {
                ed.after.transceiver.clone()
            } else {
                ed.after.far_transceiver().to_owned()
            };
            match catalog
                .find_transceiver(&id)
                .map(|t| catalog.transceiver(t))
            {
                Some(t) => {
                    ui.label(&t.id);
                    let pinned = if t.connector == mpo_budget_core::catalog::PortConnector::Mpo {
                        ", pinned"
                    } else {
                        ""
                    };
                    ui.label(RichText::new(format!("{} port{pinned}", t.port_label())).small());
                    ui.label(
                        RichText::new(format!("{} nm, {}", t.wavelength_nm, t.port_polish.label()))
                            .small(),
                    );
                }
                None => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("unknown {id}"));
                }
            }
            focus_anchor(ui, ed);
            insert_menu(
                ui,
                catalog,
                ed,
                insert_at,
                if insert_at == 0 {
                    "Insert after"
                } else {
                    "Insert before"
                },
            );
        });
    });
}

/// Where the keyboard enters the inspector: the next field in egui's Tab
/// order after this point takes it (the title row's move and remove
/// buttons come before, so Enter never lands on ×).
fn focus_anchor(ui: &mut egui::Ui, ed: &mut Editor<'_>) {
    let anchor = ui.scope_id().with("inspector-focus");
    if std::mem::take(&mut ed.take_focus) {
        ui.memory_mut(|m| {
            m.request_focus(anchor);
            m.move_focus(egui::FocusDirection::Next);
        });
    }
    ui.interact(
        egui::Rect::from_min_size(ui.cursor().min, egui::Vec2::ZERO),
        anchor,
        egui::Sense::focusable_noninteractive(),
    );
}

fn card_frame(ui: &egui::Ui, flagged: bool) -> egui::Frame {
    let stroke = if flagged {
        egui::Stroke::new(2.0, ui.visuals().error_fg_color)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    egui::Frame::group(ui.style())
        .stroke(stroke)
        .inner_margin(8.0)
}

fn element_card(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    ed: &mut Editor<'_>,
    i: usize,
    errors: Option<&Vec<String>>,
) {
    let title = capitalized(&mpo_budget_core::analysis::budget::describe(&ed.after, i));
    ui.push_id(("element", i), |ui| {
        card_frame(ui, errors.is_some()).show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    match errors {
                        Some(errors) => {
                            let color = ui.visuals().error_fg_color;
                            ui.label(RichText::new(format!("! {title}")).strong().color(color))
                                .on_hover_text(errors.join("\n"));
                        }
                        None => {
                            ui.label(RichText::new(&title).strong());
                        }
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let removal = removal(&ed.after, i);
                        let why_not = removal.as_ref().err().cloned().unwrap_or_default();
                        if ui
                            .add_enabled(removal.is_ok(), egui::Button::new("×").small())
                            .on_hover_text(removal_hint(&ed.after, i))
                            .on_disabled_hover_text(why_not)
                            .clicked()
                        {
                            ed.remove = removal.ok();
                        } else {
                            if ui
                                .add_enabled(
                                    i + 1 < ed.after.path.len(),
                                    egui::Button::new("▶").small(),
                                )
                                .on_hover_text("Move right")
                                .clicked()
                            {
                                ed.after.path.swap(i, i + 1);
                                // The selection goes with the part.
                                ed.focus_after = Some(Part::Element(i + 1));
                            }
                            if ui
                                .add_enabled(i > 0, egui::Button::new("◀").small())
                                .on_hover_text("Move left")
                                .clicked()
                            {
                                ed.after.path.swap(i - 1, i);
                                ed.focus_after = Some(Part::Element(i - 1));
                            }
                        }
                    });
                });
                let mut element = ed.after.path[i].clone();
                focus_anchor(ui, ed);
                match &mut element {
                    Element::Cable(c) => cable_fields(ui, catalog, ed, c),
                    Element::Adapter(a) => adapter_fields(ui, catalog, ed, a, i),
                    Element::Splice(s) => splice_fields(ui, catalog, s),
                    Element::LcCord(c) => lc_cord_fields(ui, catalog, ed, c),
                    Element::Cassette(c) => cassette_fields(ui, catalog, c),
                    // Not editable in the app yet (issue 13, left open): shown as written.
                    Element::Harness(h) => harness_fields(ui, catalog, ed, h),
                    // A shared part is chosen from what the design declares;
                    // its own fields are edited where it is declared.
                    Element::TrunkLeg(t) => {
                        ui.label(format!("trunk {}, leg {}", t.trunk, t.leg));
                        let uses = || ed.doc.shared_uses(catalog);
                        super::shared_parts::trunk_leg_fields(ui, ed.design, &uses, ed.index, t);
                    }
                    Element::PanelPort(p) => {
                        ui.label(format!("panel {}, port {}", p.panel, p.port));
                        let uses = || ed.doc.shared_uses(catalog);
                        super::shared_parts::panel_port_fields(ui, ed.design, &uses, ed.index, p);
                    }
                    Element::CassettePort(c) => {
                        ui.label(format!(
                            "panel {}, slot {}, port {}",
                            c.panel, c.slot, c.port
                        ));
                        let uses = || ed.doc.shared_uses(catalog);
                        super::shared_parts::cassette_port_fields(
                            ui, catalog, ed.design, &uses, ed.index, c,
                        );
                    }
                }
                if ed
                    .after
                    .path
                    .get(i)
                    .is_some_and(|e| e.kind_name() == element.kind_name())
                {
                    ed.after.path[i] = element;
                }
                insert_menu(ui, catalog, ed, i + 1, "Insert after");
            });
        });
    });
}

fn insert_menu(ui: &mut egui::Ui, catalog: &Catalog, ed: &mut Editor<'_>, at: usize, label: &str) {
    ui.menu_button(format!("+ {label}"), |ui| {
        let template = ed.after.path.iter().find_map(|e| match e {
            Element::Cable(c) => Some(c.clone()),
            _ => None,
        });
        if ui.button("Cable").clicked() {
            let cable = template.clone().unwrap_or_else(default_cable);
            let cable = Element::Cable(Cable {
                splices: 0,
                ..cable
            });
            insert_conductor(&mut ed.after.path, at, cable);
        }
        if ui.button("Adapter").clicked() {
            let adapter = Element::Adapter(Adapter {
                keys: AdapterKeys::UpUp,
            });
            insert_joint(&mut ed.after.path, at, adapter, template.as_ref());
        }
        if ui.button("Splice").clicked() {
            let splice = Element::Splice(Splice::default());
            insert_joint(&mut ed.after.path, at, splice, template.as_ref());
        }
        ui.separator();
        if ui.button("LC cord").clicked() {
            let grade = catalog
                .grades()
                .iter()
                .find(|g| g.family == ConnectorFamily::Lc)
                .map(|g| g.id.clone())
                .unwrap_or_default();
            ed.after.path.insert(
                at,
                Element::LcCord(LcCord {
                    length_m: LengthM::new(2.0).unwrap_or_default(),
                    polarity: DuplexPolarity::AtoB,
                    grade,
                    fiber: None,
                }),
            );
        }
        // The design's shared parts: the first free one of each kind.
        // Which parts are free is worked out once the menu is open (and
        // once per revision), only for a design that has shared parts.
        let uses = (ed.design.has_shared_parts()).then(|| ed.doc.shared_uses(catalog));
        let uses = uses.as_deref();
        if let Some(t) = uses.and_then(|u| u.free_trunk_leg(ed.design, ed.index))
            && ui.button("Trunk leg (shared)").clicked()
        {
            insert_conductor(&mut ed.after.path, at, Element::TrunkLeg(t));
        }
        if let Some(p) = uses.and_then(|u| u.free_panel_port(ed.design, ed.index))
            && ui.button("Panel port (shared)").clicked()
        {
            insert_joint(
                &mut ed.after.path,
                at,
                Element::PanelPort(p),
                template.as_ref(),
            );
        }
        if let Some(c) = uses.and_then(|u| u.free_cassette_port(catalog, ed.design, ed.index))
            && ui.button("Cassette port (shared)").clicked()
        {
            ed.after.path.insert(at, Element::CassettePort(c));
        }
        // A harness ends the shared path: only at the far end, once.
        let ends_in_harness = matches!(ed.after.path.last(), Some(Element::Harness(_)));
        if at >= ed.after.path.len()
            && !ends_in_harness
            && ui.button("Harness (breakout)").clicked()
            && let Some((harness, legs)) =
                mpo_budget_core::planning::breakout::break_out(catalog, &ed.after, &|id| {
                    ed.taken(id)
                })
        {
            insert_conductor(&mut ed.after.path, at, Element::Harness(Box::new(harness)));
            ed.after.legs = legs;
        }
        if let Some(kind) = catalog.cassettes().first()
            && ui.button("Cassette").clicked()
        {
            ed.after.path.insert(
                at,
                Element::Cassette(Box::new(Cassette {
                    kind: kind.id.clone(),
                    port: 1,
                    lc_grade: None,
                    mpo_grade: None,
                })),
            );
        }
    });
}

/// What removing element `i` takes out so that the path stays cable, joint,
/// cable, …: a cable or cord with the joint after it (before it, at the far
/// end); a joint alone, unless it joins two cables. `Err` says why not.
fn removal(link: &Link, i: usize) -> Result<RangeInclusive<usize>, String> {
    let path = &link.path;
    let conductor = |j: Option<usize>| {
        j.and_then(|j| path.get(j))
            .is_some_and(Element::is_conductor)
    };
    let joint = |j: Option<usize>| {
        j.and_then(|j| path.get(j))
            .is_some_and(|e| !e.is_conductor())
    };
    let name = |j: usize| mpo_budget_core::analysis::budget::describe(link, j);
    let before = i.checked_sub(1);
    if conductor(Some(i)) {
        if path.iter().filter(|e| e.is_conductor()).count() == 1 {
            return Err(format!(
                "{} is the link's only cable: a link needs one (delete the link instead)",
                capitalized(&name(i))
            ));
        }
        Ok(if joint(Some(i + 1)) {
            i..=i + 1
        } else if let Some(b) = before.filter(|b| joint(Some(*b))) {
            b..=i
        } else {
            i..=i
        })
    } else if let Some(b) = before.filter(|b| conductor(Some(*b)) && conductor(Some(i + 1))) {
        Err(format!(
            "{} joins {} and {}: remove one of them and it goes too",
            capitalized(&name(i)),
            name(b),
            name(i + 1)
        ))
    } else {
        Ok(i..=i)
    }
}

/// The × button's hover text: what it removes.
fn removal_hint(link: &Link, i: usize) -> String {
    match removal(link, i) {
        Ok(r) if r.start() != r.end() => format!(
            "Remove, with {}",
            mpo_budget_core::analysis::budget::describe(
                link,
                if *r.start() == i {
                    *r.end()
                } else {
                    *r.start()
                }
            )
        ),
        _ => "Remove".to_owned(),
    }
}

/// "cable 1" as a title: "Cable 1" (the editor's cards and the schematic).
pub(super) fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Inserts a cable at `at`, with an adapter on each side where it would
/// touch another cable, so the path stays cable, joint, cable, …
fn insert_conductor(path: &mut Vec<Element>, at: usize, conductor: Element) {
    let at = at.min(path.len());
    let adapter = || {
        Element::Adapter(Adapter {
            keys: AdapterKeys::UpUp,
        })
    };
    let cable_far = path.get(at).is_some_and(Element::is_conductor);
    let cable_near = at
        .checked_sub(1)
        .and_then(|i| path.get(i))
        .is_some_and(Element::is_conductor);
    path.insert(at, conductor);
    if cable_far {
        path.insert(at + 1, adapter());
    }
    if cable_near {
        path.insert(at, adapter());
    }
}

/// Inserts an adapter or splice at `at`, with a cable on each side that has
/// none (a joint joins two cables, and the ends plug into the transceivers),
/// so the path stays cable, joint, cable, …
fn insert_joint(path: &mut Vec<Element>, at: usize, joint: Element, template: Option<&Cable>) {
    let at = at.min(path.len());
    let conductor = |i: Option<usize>, path: &Vec<Element>| {
        i.and_then(|i| path.get(i))
            .is_some_and(Element::is_conductor)
    };
    let cable_near = conductor(at.checked_sub(1), path);
    let cable_far = conductor(Some(at), path);
    // The cable added is like the one beside it, or the link's first cable.
    let filler = |beside: Option<&Element>| -> Element {
        match beside {
            Some(Element::Cable(c)) => Element::Cable(Cable {
                splices: 0,
                ..c.clone()
            }),
            _ => Element::Cable(
                template
                    .cloned()
                    .map_or_else(default_cable, |c| Cable { splices: 0, ..c }),
            ),
        }
    };
    let near_filler = filler(path.get(at));
    let far_filler = filler(at.checked_sub(1).and_then(|i| path.get(i)));
    path.insert(at, joint);
    if !cable_far {
        path.insert(at + 1, far_filler);
    }
    if !cable_near {
        path.insert(at, near_filler);
    }
}

fn default_cable() -> Cable {
    Cable {
        role: CableRole::Cord,
        length_m: LengthM::default(),
        fibers: FiberCount::F12,
        polarity: PolarityType::B,
        ends: (Gender::Female, Gender::Female),
        grade: String::new(),
        fiber: None,
        polish: None,
        splices: 0,
    }
}

fn harness_fields(ui: &mut egui::Ui, catalog: &Catalog, ed: &mut Editor<'_>, h: &mut Harness) {
    let mode = link_mode(catalog, &ed.after);
    egui::Grid::new("harness")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            let label = ui.label("Kind").id;
            egui::ComboBox::from_id_salt("harness-kind")
                .selected_text(h.kind.clone())
                .show_ui(ui, |ui| {
                    for k in catalog.harnesses() {
                        ui.selectable_value(&mut h.kind, k.id.clone(), &k.id)
                            .on_hover_text(&k.name);
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
            length_field(ui, ed, &mut h.length_m);
            ui.end_row();
            choice(ui, ("MPO end", "harness-end"), &mut h.end, &GENDERS, None);
            ui.end_row();
            let label = ui.label("Grade").id;
            grade_combo(
                ui,
                catalog,
                ("harness-grade", ConnectorFamily::Mpo),
                &mut h.grade,
                mode,
            )
            .labelled_by(label);
            ui.end_row();
            let family = catalog
                .find_harness(&h.kind)
                .and_then(|k| catalog.harness(k).legs.first().map(|l| l.family()))
                .unwrap_or(ConnectorFamily::Lc);
            let label = ui.label("Leg grade").id;
            grade_combo(
                ui,
                catalog,
                ("harness-leg-grade", family),
                &mut h.leg_grade,
                mode,
            )
            .labelled_by(label);
            ui.end_row();
        });
}

fn lc_cord_fields(ui: &mut egui::Ui, catalog: &Catalog, ed: &mut Editor<'_>, c: &mut LcCord) {
    let mode = link_mode(catalog, &ed.after);
    egui::Grid::new("lc-cord")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            length_field(ui, ed, &mut c.length_m);
            ui.end_row();

            choice(
                ui,
                ("Polarity", "duplex-polarity"),
                &mut c.polarity,
                &[
                    (DuplexPolarity::AtoB, "A-to-B (crossed)"),
                    (DuplexPolarity::AtoA, "A-to-A (straight)"),
                ],
                None,
            );
            ui.end_row();

            let label = ui.label("Grade").id;
            grade_combo(
                ui,
                catalog,
                ("grade", ConnectorFamily::Lc),
                &mut c.grade,
                mode,
            )
            .labelled_by(label);
            ui.end_row();
        });
}

fn cassette_fields(ui: &mut egui::Ui, catalog: &Catalog, c: &mut Cassette) {
    egui::Grid::new("cassette")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            let label = ui.label("Type").id;
            egui::ComboBox::from_id_salt("cassette-kind")
                .selected_text(c.kind.clone())
                .show_ui(ui, |ui| {
                    for k in catalog.cassettes() {
                        ui.selectable_value(&mut c.kind, k.id.clone(), &k.id)
                            .on_hover_text(&k.name);
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();

            let ports = catalog
                .find_cassette(&c.kind)
                .map_or(1, |k| catalog.cassette(k).ports.len());
            let label = ui.label("Front port").id;
            egui::ComboBox::from_id_salt("cassette-port")
                .selected_text(c.port.to_string())
                .show_ui(ui, |ui| {
                    for p in (1..=ports).filter_map(|p| u8::try_from(p).ok()) {
                        ui.selectable_value(&mut c.port, p, p.to_string());
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
        });
    ui.label(
        RichText::new("an LC and an MPO mated pair")
            .small()
            .color(Color32::GRAY),
    );
}

fn cable_fields(ui: &mut egui::Ui, catalog: &Catalog, ed: &mut Editor<'_>, c: &mut Cable) {
    let mode = link_mode(catalog, &ed.after);
    egui::Grid::new("cable")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            choice(
                ui,
                ("Role", "role"),
                &mut c.role,
                &[(CableRole::Cord, "Cord"), (CableRole::Trunk, "Trunk")],
                None,
            );
            ui.end_row();

            length_field(ui, ed, &mut c.length_m);
            ui.end_row();

            let counts = FiberCount::ALL.map(|n| (n, n.to_string()));
            choice(ui, ("Fibers", "fibers"), &mut c.fibers, &counts, None);
            ui.end_row();

            // The card is narrow: the menu explains, the card names the type.
            let short = format!("Type {:?}", c.polarity);
            choice(
                ui,
                ("Polarity", "polarity"),
                &mut c.polarity,
                &[
                    (PolarityType::A, "Type A (straight)"),
                    (PolarityType::B, "Type B (reversed)"),
                    (PolarityType::C, "Type C (pair-flipped)"),
                ],
                Some(&short),
            );
            ui.end_row();

            choice(ui, ("Near end", "near-end"), &mut c.ends.0, &GENDERS, None);
            ui.end_row();

            choice(ui, ("Far end", "far-end"), &mut c.ends.1, &GENDERS, None);
            ui.end_row();

            choice(
                ui,
                ("Polish", "polish"),
                &mut c.polish,
                &[
                    (None, "port default"),
                    (Some(Polish::Upc), Polish::Upc.label()),
                    (Some(Polish::Apc), Polish::Apc.label()),
                ],
                None,
            );
            ui.end_row();

            let label = ui.label("Grade").id;
            grade_combo(
                ui,
                catalog,
                ("grade", ConnectorFamily::Mpo),
                &mut c.grade,
                mode,
            )
            .labelled_by(label);
            ui.end_row();

            let label = ui.label("Fiber").id;
            let text = c
                .fiber
                .clone()
                .unwrap_or_else(|| format!("link ({})", ed.after.fiber));
            egui::ComboBox::from_id_salt("cable-fiber")
                .selected_text(text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut c.fiber, None, "link's fiber");
                    for f in catalog.fibers() {
                        ui.selectable_value(&mut c.fiber, Some(f.id.clone()), &f.id);
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();

            let label = ui.label("Splices").id;
            let drag = Drag::new(0..=MAX_SPLICES_PER_CABLE, 0.1);
            number_field(ui, ed, label, &mut c.splices, drag);
            ui.end_row();
        });
}

/// A cable's or cord's length: a drag value from 0 m (the model refuses
/// negative lengths too) to the design limit.
fn length_field(ui: &mut egui::Ui, ed: &mut Editor<'_>, length: &mut LengthM) {
    let label = ui.label("Length").id;
    let mut metres = length.get();
    let drag = Drag {
        suffix: " m",
        decimals: 2,
        ..Drag::new(0.0..=MAX_LENGTH_M, 0.5)
    };
    number_field(ui, ed, label, &mut metres, drag);
    if metres != length.get()
        && let Ok(l) = LengthM::new(metres)
    {
        *length = l;
    }
}

/// How a number is dragged: its range (the design limits, the same the
/// loader enforces), speed, unit and decimals.
struct Drag<N> {
    range: RangeInclusive<N>,
    speed: f64,
    suffix: &'static str,
    decimals: usize,
}

impl<N> Drag<N> {
    fn new(range: RangeInclusive<N>, speed: f64) -> Self {
        Self {
            range,
            speed,
            suffix: "",
            decimals: 0,
        }
    }
}

/// A number shown as the design holds it and changed only by the user: the
/// widget edits a copy and never clamps what it shows; what the user enters
/// is brought into the range and written back only when it differs.
fn number_field<N: egui::emath::Numeric>(
    ui: &mut egui::Ui,
    ed: &mut Editor<'_>,
    label: egui::Id,
    value: &mut N,
    drag: Drag<N>,
) {
    let (low, high) = (drag.range.start().to_f64(), drag.range.end().to_f64());
    let mut shown = *value;
    let r = ui
        .add(
            egui::DragValue::new(&mut shown)
                .range(drag.range)
                .clamp_existing_to_range(false)
                .speed(drag.speed)
                .suffix(drag.suffix)
                .max_decimals(drag.decimals),
        )
        .labelled_by(label);
    ed.track(&r);
    if r.changed() {
        let entered = N::from_f64(shown.to_f64().clamp(low, high));
        if entered != *value {
            *value = entered;
        }
    }
}

pub(super) const GENDERS: [(Gender, &str); 2] = [
    (Gender::Male, "Male (pinned)"),
    (Gender::Female, "Female (unpinned)"),
];

/// A labelled drop-down over a few fixed choices, findable by its label
/// (the pair holds the label and the widget's id salt). The closed box
/// shows `short` where given, else the current choice's name.
pub(super) fn choice<T: PartialEq + Copy, S: AsRef<str>>(
    ui: &mut egui::Ui,
    (label, id): (&str, &str),
    value: &mut T,
    choices: &[(T, S)],
    short: Option<&str>,
) {
    let label = ui.label(label).id;
    let current = choices
        .iter()
        .find(|(v, _)| v == value)
        .map_or("", |(_, name)| name.as_ref());
    egui::ComboBox::from_id_salt(id)
        .selected_text(short.unwrap_or(current))
        .show_ui(ui, |ui| {
            for (v, name) in choices {
                ui.selectable_value(value, *v, name.as_ref());
            }
        })
        .response
        .labelled_by(label);
}

/// A grade picker offering only the grades of the part's connector family.
fn grade_combo(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    (id, family): (&str, ConnectorFamily),
    grade: &mut String,
    mode: Option<FiberMode>,
) -> egui::Response {
    let shown = catalog
        .find_grade(grade)
        .map_or_else(|| grade.clone(), |g| grade_words(catalog.grade(g), mode));
    egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(ui.available_width().clamp(120.0, 200.0))
        .show_ui(ui, |ui| {
            for g in catalog.grades().iter().filter(|g| g.family == family) {
                ui.selectable_value(grade, g.id.clone(), grade_words(g, mode))
                    .on_hover_text(format!("{} (catalog id {})", g.name, g.id));
            }
        })
        .response
}

/// A grade as a designer names it, with the loss that matters: "MTP Elite,
/// 0.35 dB max" (both fiber modes' figures where the link's is unknown).
pub(super) fn grade_words(g: &mpo_budget_core::catalog::Grade, mode: Option<FiberMode>) -> String {
    let name = g.short_name();
    match mode {
        Some(m) => format!("{name}, {:.2} dB max", g.loss(m).max_db),
        None => format!(
            "{name}, {:.2} dB max multimode, {:.2} single-mode",
            g.multimode.max_db, g.single_mode.max_db
        ),
    }
}

/// The fiber mode of the link being edited, where its fiber is known.
fn link_mode(catalog: &Catalog, link: &Link) -> Option<FiberMode> {
    catalog
        .find_fiber(&link.fiber)
        .map(|f| catalog.fiber(f).mode)
}

fn adapter_fields(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    ed: &mut Editor<'_>,
    a: &mut Adapter,
    i: usize,
) {
    egui::Grid::new("adapter")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            choice(
                ui,
                ("Keys", "keys"),
                &mut a.keys,
                &[
                    (AdapterKeys::UpDown, "Key-up/key-down (TIA Type A adapter)"),
                    (AdapterKeys::UpUp, "Key-up/key-up (TIA Type B adapter)"),
                ],
                None,
            );
            ui.end_row();

            // A mated pair's grade is that of the two cable ends it joins.
            let neighbours = [i.checked_sub(1), Some(i + 1)];
            let grades: Vec<String> = neighbours
                .iter()
                .flatten()
                .filter_map(|j| match ed.after.path.get(*j) {
                    Some(Element::Cable(c)) => Some(c.grade.clone()),
                    _ => None,
                })
                .collect();
            let label = ui.label("Pair grade").id;
            let shown = if grades.windows(2).all(|w| w[0] == w[1]) {
                grades.first().cloned().unwrap_or_default()
            } else {
                grades.join(" × ")
            };
            let mut chosen = shown.clone();
            let mode = link_mode(catalog, &ed.after);
            let words = |id: &str| {
                catalog
                    .find_grade(id)
                    .map_or_else(|| id.to_owned(), |g| grade_words(catalog.grade(g), mode))
            };
            let shown_words = if grades.windows(2).all(|w| w[0] == w[1]) {
                words(&shown)
            } else {
                grades
                    .iter()
                    .map(|g| words(g))
                    .collect::<Vec<_>>()
                    .join(" × ")
            };
            let r = egui::ComboBox::from_id_salt("pair-grade")
                .selected_text(shown_words)
                .width(ui.available_width().clamp(120.0, 200.0))
                .show_ui(ui, |ui| {
                    // An adapter joins MPO cables: MPO grades only.
                    let mpo = catalog
                        .grades()
                        .iter()
                        .filter(|g| g.family == ConnectorFamily::Mpo);
                    for g in mpo {
                        ui.selectable_value(&mut chosen, g.id.clone(), grade_words(g, mode))
                            .on_hover_text(format!("{} (catalog id {})", g.name, g.id));
                    }
                });
            r.response
                .labelled_by(label)
                .on_hover_text("Sets the grade of both cables this adapter joins");
            if chosen != shown {
                for j in neighbours.iter().flatten() {
                    if let Some(Element::Cable(c)) = ed.after.path.get_mut(*j) {
                        c.grade.clone_from(&chosen);
                    }
                }
            }
            ui.end_row();
        });
}

fn splice_fields(ui: &mut egui::Ui, catalog: &Catalog, s: &mut Splice) {
    ui.horizontal(|ui| {
        let label = ui.label("Splice").id;
        let text = s
            .grade
            .clone()
            .unwrap_or_else(|| mpo_budget_core::catalog::DEFAULT_SPLICE_ID.to_owned());
        egui::ComboBox::from_id_salt("splice")
            .selected_text(text)
            .show_ui(ui, |ui| {
                for sp in catalog.splices() {
                    ui.selectable_value(&mut s.grade, Some(sp.id.clone()), &sp.id)
                        .on_hover_text(&sp.name);
                }
            })
            .response
            .labelled_by(label);
    });
    ui.label(
        RichText::new("fusion splice: no mated pair")
            .small()
            .color(Color32::GRAY),
    );
}

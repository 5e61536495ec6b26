//! Choosing a shared trunk leg, panel port or cassette port in the channel
//! editor from what the design declares, each choice saying which link, if
//! any, already uses it. Cards change the editor's copy of the element.

use std::collections::HashMap;

use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::model::infra::{CassettePort, PanelPort, TrunkLeg};
use mpo_budget_core::model::limits::place;
use mpo_budget_core::model::{Design, Element};

/// Which links use each shared port and trunk leg: worked out once per
/// revision of the design (made each frame, a million links over shared
/// trunks took a second a frame and 300 MB), and asked with the link being
/// edited left out. Parts by their place in the design, links by theirs:
/// sorted lists of a few integers, no string per use.
#[derive(Default)]
pub struct Uses {
    /// Each panel's and trunk's place among the design's (the first of an id).
    panels: HashMap<String, u32>,
    trunks: HashMap<String, u32>,
    /// (panel, port, link), sorted.
    panel_ports: Vec<(u32, u32, u32)>,
    /// (panel, slot, port, link), sorted.
    cassette_ports: Vec<(u32, u8, u8, u32)>,
    /// (trunk, leg, link), sorted.
    trunk_legs: Vec<(u32, u8, u32)>,
    /// The first of each that no link uses, in the order declared, with
    /// its place in that order.
    unused_panel_port: Option<((u32, u32), PanelPort)>,
    unused_cassette_port: Option<((u32, u32, u8), CassettePort)>,
    unused_trunk_leg: Option<((u32, u8), TrunkLeg)>,
}

/// The entries of sorted `list` whose key is `k`.
fn run<'a, T, K: Ord>(list: &'a [T], key: impl Fn(&T) -> K, k: &K) -> &'a [T] {
    let start = list.partition_point(|t| key(t) < *k);
    let len = list[start..].partition_point(|t| key(t) <= *k);
    &list[start..start + len]
}

impl Uses {
    pub fn of(catalog: &Catalog, design: &Design) -> Self {
        let mut u = Uses::default();
        for (k, p) in design.panels.iter().enumerate() {
            u.panels.entry(p.id.clone()).or_insert(place(k));
        }
        for (k, t) in design.trunks.iter().enumerate() {
            u.trunks.entry(t.id.clone()).or_insert(place(k));
        }
        for (n, l) in design.links.iter().enumerate() {
            let n = place(n);
            for e in &l.path {
                // A part the design does not declare is used by no one.
                match e {
                    Element::PanelPort(p) => {
                        if let Some(&k) = u.panels.get(&p.panel) {
                            u.panel_ports.push((k, p.port, n));
                        }
                    }
                    Element::CassettePort(c) => {
                        if let Some(&k) = u.panels.get(&c.panel) {
                            u.cassette_ports.push((k, c.slot, c.port, n));
                        }
                    }
                    Element::TrunkLeg(t) => {
                        if let Some(&k) = u.trunks.get(&t.trunk) {
                            u.trunk_legs.push((k, t.leg, n));
                        }
                    }
                    _ => {}
                }
            }
        }
        u.panel_ports.sort_unstable();
        u.cassette_ports.sort_unstable();
        u.trunk_legs.sort_unstable();
        u.unused_panel_port = design.panels.iter().enumerate().find_map(|(j, p)| {
            let k = *u.panels.get(&p.id)?;
            let used = run(&u.panel_ports, |x| x.0, &k).iter().map(|x| x.1);
            let port = first_gap(used, p.ports?)?;
            Some((
                (place(j), port),
                PanelPort {
                    panel: p.id.clone(),
                    port,
                },
            ))
        });
        u.unused_cassette_port = design.panels.iter().enumerate().find_map(|(j, p)| {
            let k = *u.panels.get(&p.id)?;
            p.cassettes.iter().enumerate().find_map(|(s, kind)| {
                let used = run(&u.cassette_ports, |x| (x.0, x.1), &(k, kind.slot));
                let ports = cassette_ports(catalog, &kind.kind);
                let port = first_gap(used.iter().map(|x| u32::from(x.2)), u32::from(ports))?;
                let port = u8::try_from(port).ok()?;
                Some((
                    (place(j), place(s), port),
                    CassettePort {
                        panel: p.id.clone(),
                        slot: kind.slot,
                        port,
                    },
                ))
            })
        });
        u.unused_trunk_leg = design.trunks.iter().enumerate().find_map(|(j, t)| {
            let k = *u.trunks.get(&t.id)?;
            let used = run(&u.trunk_legs, |x| x.0, &k)
                .iter()
                .map(|x| u32::from(x.1));
            let leg = u8::try_from(first_gap(used, u32::from(t.legs))?).ok()?;
            Some((
                (place(j), leg),
                TrunkLeg {
                    trunk: t.id.clone(),
                    leg,
                },
            ))
        });
        u
    }

    /// The links other than `except` that use panel `panel`'s port `port`.
    fn panel_port_users(&self, panel: &str, port: u32, except: usize) -> Vec<u32> {
        let Some(&k) = self.panels.get(panel) else {
            return Vec::new();
        };
        others(
            run(&self.panel_ports, |x| (x.0, x.1), &(k, port)),
            |x| x.2,
            except,
        )
    }

    fn cassette_port_users(&self, panel: &str, slot: u8, port: u8, except: usize) -> Vec<u32> {
        let Some(&k) = self.panels.get(panel) else {
            return Vec::new();
        };
        let users = run(&self.cassette_ports, |x| (x.0, x.1, x.2), &(k, slot, port));
        others(users, |x| x.3, except)
    }

    fn trunk_leg_users(&self, trunk: &str, leg: u8, except: usize) -> Vec<u32> {
        let Some(&k) = self.trunks.get(trunk) else {
            return Vec::new();
        };
        others(
            run(&self.trunk_legs, |x| (x.0, x.1), &(k, leg)),
            |x| x.2,
            except,
        )
    }

    /// The first port of an adapter panel that no link but `except` uses:
    /// the first no link uses, or one of `except`'s own if it comes first.
    pub fn free_panel_port(&self, design: &Design, except: usize) -> Option<PanelPort> {
        let own = own_parts(design, except, |e| match e {
            Element::PanelPort(p) => {
                let k = *self.panels.get(&p.panel)?;
                let declared = design.panels.get(usize::try_from(k).ok()?)?.ports?;
                ((1..=declared).contains(&p.port)
                    && self.panel_port_users(&p.panel, p.port, except).is_empty())
                .then(|| ((k, p.port), p.clone()))
            }
            _ => None,
        });
        first(own.chain(self.unused_panel_port.clone()))
    }

    /// The first trunk leg that no link but `except` uses.
    pub fn free_trunk_leg(&self, design: &Design, except: usize) -> Option<TrunkLeg> {
        let own = own_parts(design, except, |e| match e {
            Element::TrunkLeg(t) => {
                let k = *self.trunks.get(&t.trunk)?;
                let declared = design.trunks.get(usize::try_from(k).ok()?)?.legs;
                ((1..=declared).contains(&t.leg)
                    && self.trunk_leg_users(&t.trunk, t.leg, except).is_empty())
                .then(|| ((k, t.leg), t.clone()))
            }
            _ => None,
        });
        first(own.chain(self.unused_trunk_leg.clone()))
    }

    /// The first front port of a panel's cassette that no link but
    /// `except` uses.
    pub fn free_cassette_port(
        &self,
        catalog: &Catalog,
        design: &Design,
        except: usize,
    ) -> Option<CassettePort> {
        let own = own_parts(design, except, |e| match e {
            Element::CassettePort(c) => {
                let k = *self.panels.get(&c.panel)?;
                let panel = design.panels.get(usize::try_from(k).ok()?)?;
                let s = panel.cassettes.iter().position(|x| x.slot == c.slot)?;
                let ports = cassette_ports(catalog, &panel.cassettes[s].kind);
                ((1..=ports).contains(&c.port)
                    && (self.cassette_port_users(&c.panel, c.slot, c.port, except)).is_empty())
                .then(|| ((k, place(s), c.port), c.clone()))
            }
            _ => None,
        });
        first(own.chain(self.unused_cassette_port.clone()))
    }
}

/// The first number from 1 to `up_to` not in `used` (ascending, repeats
/// allowed): one walk, however many use each.
fn first_gap(used: impl Iterator<Item = u32>, up_to: u32) -> Option<u32> {
    let mut next = 1;
    for n in used {
        if n > next {
            break;
        }
        if n == next {
            next += 1;
        }
    }
    (next <= up_to).then_some(next)
}

/// The users in `run` but `except`.
fn others<T>(run: &[T], link: impl Fn(&T) -> u32, except: usize) -> Vec<u32> {
    let mut users: Vec<u32> = run
        .iter()
        .map(link)
        .filter(|&n| usize::try_from(n).ok() != Some(except))
        .collect();
    // A link through a part twice is named once (the run is in link order).
    users.dedup();
    users
}

/// The parts of link `except`'s own path that `part` takes, with their places.
fn own_parts<'d, K, P>(
    design: &'d Design,
    except: usize,
    part: impl Fn(&Element) -> Option<(K, P)> + 'd,
) -> impl Iterator<Item = (K, P)> + 'd {
    let path = design.links.get(except).map(|l| l.path.as_slice());
    path.unwrap_or_default().iter().filter_map(part)
}

/// The part that comes first in the design's order.
fn first<K: Ord, P>(parts: impl Iterator<Item = (K, P)>) -> Option<P> {
    parts.min_by(|a, b| a.0.cmp(&b.0)).map(|(_, p)| p)
}

/// How many front ports a cassette of catalog kind `kind` has.
fn cassette_ports(catalog: &Catalog, kind: &str) -> u8 {
    let ports = catalog
        .find_cassette(kind)
        .map_or(0, |c| catalog.cassette(c).ports.len());
    u8::try_from(ports).unwrap_or(u8::MAX)
}

/// " (free)", or which links use a part (the first few, and how many more).
fn note(design: &Design, users: &[u32]) -> String {
    const NAMED: usize = 3;
    if users.is_empty() {
        return " (free)".to_owned();
    }
    let ids: Vec<&str> = (users.iter().take(NAMED))
        .filter_map(|&n| design.links.get(usize::try_from(n).ok()?))
        .map(|l| l.id.as_str())
        .collect();
    let more = match users.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!(" (used by {}{more})", ids.join(", "))
}

/// `except`: the link being edited (its own use is no use by another).
pub fn trunk_leg_fields(
    ui: &mut egui::Ui,
    design: &Design,
    uses: &dyn Fn() -> std::sync::Arc<Uses>,
    except: usize,
    t: &mut TrunkLeg,
) {
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
                let uses = uses();
                for n in 1..=legs {
                    let users = uses.trunk_leg_users(&t.trunk, n, except);
                    let text = format!("leg {n}{}", note(design, &users));
                    ui.selectable_value(&mut t.leg, n, text);
                }
            })
            .response
            .labelled_by(label);
        ui.end_row();
    });
}

pub fn panel_port_fields(
    ui: &mut egui::Ui,
    design: &Design,
    uses: &dyn Fn() -> std::sync::Arc<Uses>,
    except: usize,
    p: &mut PanelPort,
) {
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
                let uses = uses();
                for n in 1..=ports {
                    let users = uses.panel_port_users(&p.panel, n, except);
                    let text = format!("port {n}{}", note(design, &users));
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
    uses: &dyn Fn() -> std::sync::Arc<Uses>,
    except: usize,
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
                .map_or(0, |k| cassette_ports(catalog, &k.kind));
            let label = ui.label("Port").id;
            egui::ComboBox::from_id_salt("cassette-port")
                .selected_text(c.port.to_string())
                .show_ui(ui, |ui| {
                    let uses = uses();
                    for n in 1..=ports {
                        let users = uses.cassette_port_users(&c.panel, c.slot, n, except);
                        let text = format!("port {n}{}", note(design, &users));
                        ui.selectable_value(&mut c.port, n, text);
                    }
                })
                .response
                .labelled_by(label);
            ui.end_row();
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpo_budget_core::model::infra::Panel;

    /// The plain reading of the rules: every link's every use looked at,
    /// every declared part tried in order.
    fn users_by_scan(design: &Design, except: usize, is: impl Fn(&Element) -> bool) -> Vec<u32> {
        let mut users = Vec::new();
        for (n, l) in design.links.iter().enumerate() {
            // Once per link, however often its path holds the part.
            if n != except && l.path.iter().any(&is) {
                users.push(place(n));
            }
        }
        users
    }

    fn free_by_scan(
        catalog: &Catalog,
        design: &Design,
        except: usize,
    ) -> (Option<PanelPort>, Option<TrunkLeg>, Option<CassettePort>) {
        let port = design.panels.iter().find_map(|p| {
            (1..=p.ports?)
                .map(|port| PanelPort {
                    panel: p.id.clone(),
                    port,
                })
                .find(|x| {
                    users_by_scan(design, except, |e| *e == Element::PanelPort(x.clone()))
                        .is_empty()
                })
        });
        let leg = design.trunks.iter().find_map(|t| {
            (1..=t.legs)
                .map(|leg| TrunkLeg {
                    trunk: t.id.clone(),
                    leg,
                })
                .find(|x| {
                    users_by_scan(design, except, |e| *e == Element::TrunkLeg(x.clone())).is_empty()
                })
        });
        let cassette = design.panels.iter().find_map(|p: &Panel| {
            p.cassettes.iter().find_map(|k| {
                (1..=cassette_ports(catalog, &k.kind))
                    .map(|port| CassettePort {
                        panel: p.id.clone(),
                        slot: k.slot,
                        port,
                    })
                    .find(|x| {
                        users_by_scan(design, except, |e| *e == Element::CassettePort(x.clone()))
                            .is_empty()
                    })
            })
        });
        (port, leg, cassette)
    }

    /// Over the shared-row example with its links' ports and legs moved at
    /// random (conflicts, parts freed, parts used by none, numbers past
    /// the declared ones): every free part and every user list, for every
    /// link being edited, is what a scan of every link finds.
    #[test]
    fn uses_and_free_parts_are_what_a_scan_finds() {
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/examples/shared-row.ron"
        );
        let example = mpo_budget_core::io::design_file::load(std::path::Path::new(path), &catalog)
            .expect("the example loads")
            .design;
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut below = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        let mut compared = 0;
        for round in 0..60 {
            let mut design = example.clone();
            if round > 0 {
                for link in &mut design.links {
                    for e in &mut link.path {
                        match e {
                            Element::PanelPort(p) => p.port = 1 + below(4) as u32,
                            Element::TrunkLeg(t) => t.leg = 1 + below(7) as u8,
                            Element::CassettePort(c) => {
                                c.slot = 1 + below(2) as u8;
                                c.port = 1 + below(7) as u8;
                            }
                            _ => {}
                        }
                    }
                }
                // Fewer ports and legs declared: some run out.
                design.panels[0].ports = Some(1 + below(3) as u32);
                design.trunks[0].legs = 1 + below(3) as u8;
            }
            let uses = Uses::of(&catalog, &design);
            for except in 0..design.links.len() + 1 {
                let (port, leg, cassette) = free_by_scan(&catalog, &design, except);
                assert_eq!(
                    uses.free_panel_port(&design, except),
                    port,
                    "{round} {except}"
                );
                assert_eq!(
                    uses.free_trunk_leg(&design, except),
                    leg,
                    "{round} {except}"
                );
                assert_eq!(
                    uses.free_cassette_port(&catalog, &design, except),
                    cassette,
                    "{round} {except}"
                );
                for p in &design.panels {
                    for port in 0..=6 {
                        let x = Element::PanelPort(PanelPort {
                            panel: p.id.clone(),
                            port,
                        });
                        let users = users_by_scan(&design, except, |e| *e == x);
                        assert_eq!(uses.panel_port_users(&p.id, port, except), users);
                        for slot in 0..=2 {
                            let x = Element::CassettePort(CassettePort {
                                panel: p.id.clone(),
                                slot,
                                port: port as u8,
                            });
                            let users = users_by_scan(&design, except, |e| *e == x);
                            let found = uses.cassette_port_users(&p.id, slot, port as u8, except);
                            assert_eq!(found, users);
                            compared += usize::from(!users.is_empty());
                        }
                    }
                }
                for t in &design.trunks {
                    for leg in 0..=7 {
                        let x = Element::TrunkLeg(TrunkLeg {
                            trunk: t.id.clone(),
                            leg,
                        });
                        let users = users_by_scan(&design, except, |e| *e == x);
                        assert_eq!(uses.trunk_leg_users(&t.id, leg, except), users);
                    }
                }
            }
        }
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn a_part_names_its_first_users_and_counts_the_rest() {
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let mut design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 5, 3);
        for (n, l) in design.links.iter_mut().enumerate() {
            l.id = format!("D{n}");
        }
        assert_eq!(note(&design, &[]), " (free)");
        assert_eq!(note(&design, &[2]), " (used by D2)");
        assert_eq!(
            note(&design, &[0, 1, 3, 4]),
            " (used by D0, D1, D3 and 1 more)"
        );
    }
}

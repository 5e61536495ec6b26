//! Breaking a link out: the harness that fits its near port and a leg for
//! each breakout port, each to a module that fits the leg. What the app
//! offers when a designer adds a harness; the designer changes any of it.

use crate::catalog::{Catalog, HarnessKind, PortConnector, Transceiver};
use crate::model::units::LengthM;
use crate::model::{Element, Gender, Harness, Leg, Link};

/// The harness and legs that break out `link`'s near port, or `None` where
/// the catalog has no harness for its connector. Leg ids are
/// `{link id}/{n}`, made unique against `taken`.
pub fn break_out(
    catalog: &Catalog,
    link: &Link,
    taken: &dyn Fn(&str) -> bool,
) -> Option<(Harness, Vec<Leg>)> {
    let t = catalog.transceiver(catalog.find_transceiver(&link.transceiver)?);
    let port = t.port(link.port).or(t.ports.first())?;
    let groups = port.breakout.len().max(1);
    let kind = catalog
        .harnesses()
        .iter()
        .filter(|h| Some(h.mpo_fibers) == port.mpo_fibers && h.polish == port.polish)
        // As many legs as breakout ports, else the closest above.
        .min_by_key(|h| (h.legs.len() < groups, h.legs.len().abs_diff(groups)))?;
    let grade = link
        .path
        .iter()
        .rev()
        .find_map(|e| match e {
            Element::Cable(c) => Some(c.grade.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let leg_grade = leg_grade(catalog, kind, &grade);
    // Its MPO end mates the last cable's far end through an adapter: one
    // pinned, one unpinned.
    let end = match link.path.last() {
        Some(Element::Cable(c)) => c.ends.1.flipped(),
        _ => Gender::Female,
    };
    let harness = Harness {
        kind: kind.id.clone(),
        length_m: LengthM::new(3.0).unwrap_or_default(),
        end,
        grade,
        leg_grade,
        fiber: None,
        leg: 0,
    };
    let module = leg_module(
        catalog,
        t,
        kind,
        &link.fiber,
        port.breakout.first().map_or(0, Vec::len),
    );
    let legs = (0..groups.min(kind.legs.len()))
        .map(|n| {
            let mut id = format!("{}/{}", link.id, n + 1);
            while taken(&id) {
                id.push('\'');
            }
            Leg {
                id,
                leg: None,
                transceiver: module.clone().unwrap_or_else(|| link.transceiver.clone()),
                path: Vec::new(),
            }
        })
        .collect();
    Some((harness, legs))
}

/// The leg connectors' grade: the harness grade where the legs are MPO,
/// else the catalog's first grade of the legs' family.
fn leg_grade(catalog: &Catalog, kind: &HarnessKind, mpo_grade: &str) -> String {
    let Some(leg) = kind.legs.first() else {
        return mpo_grade.to_owned();
    };
    if leg.connector == PortConnector::Mpo {
        return mpo_grade.to_owned();
    }
    catalog
        .grades()
        .iter()
        .find(|g| g.family == leg.family())
        .map(|g| g.id.clone())
        .unwrap_or_default()
}

/// A module for each leg: its port takes the leg's connector and polish, it
/// has the breakout port's lanes, works at the near module's wavelength on
/// the link's fiber, and its reach there is the closest to the near module's.
fn leg_module(
    catalog: &Catalog,
    near: &Transceiver,
    kind: &HarnessKind,
    fiber: &str,
    lanes: usize,
) -> Option<String> {
    let leg = kind.legs.first()?;
    let reach = |t: &Transceiver| {
        t.media
            .iter()
            .find(|m| m.fiber.eq_ignore_ascii_case(fiber))
            .map(|m| m.reach_m)
    };
    let near_reach = reach(near)?;
    catalog
        .transceivers()
        .iter()
        .filter(|t| t.lane_signal.is_some() && t.lane_signal == near.lane_signal)
        .filter(|t| t.wavelength_nm == near.wavelength_nm && t.ports.len() == 1)
        .filter(|t| {
            let p = &t.ports[0];
            p.connector == leg.connector
                && p.polish == leg.polish
                && p.lanes.len() == lanes.max(1)
                && match leg.connector {
                    PortConnector::LcDuplex => true,
                    PortConnector::Mpo => p.mpo_fibers.is_some_and(|f| {
                        leg.mpo_fibers
                            .is_some_and(|l| crate::model::units::FiberCount::F12 == f || l == f)
                    }),
                }
        })
        .filter_map(|t| reach(t).map(|r| (t, (r - near_reach).abs())))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(t, _)| t.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(transceiver: &str, fiber: &str) -> Link {
        Link {
            id: "L".into(),
            count: 1,
            transceiver: transceiver.into(),
            port: 1,
            far_transceiver: None,
            fiber: fiber.into(),
            path: Vec::new(),
            legs: Vec::new(),
            labels: None,
        }
    }

    #[test]
    fn each_module_breaks_out_as_the_reference_says() {
        // ai-optics.md §3: DR4 → 4 × DR1 over MPO-12 APC to four LC UPC;
        // SR8 → 2 × SR4 over MPO-16 to 2 × MPO-8.
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let none = |_: &str| false;
        for (module, fiber, harness, legs, to) in [
            ("400GBASE-DR4", "OS2", "mpo12-4xlc", 4, "100GBASE-DR"),
            ("800G-2xDR4", "OS2", "mpo12-4xlc", 4, "100GBASE-DR"),
            ("800GBASE-SR8", "OM4", "mpo16-2xmpo8", 2, "400GBASE-SR4"),
            ("100GBASE-SR4", "OM4", "mpo12-4xlc-upc", 4, "25GBASE-SR"),
        ] {
            let (h, l) =
                break_out(&c, &link(module, fiber), &none).unwrap_or_else(|| panic!("{module}"));
            assert_eq!(h.kind, harness, "{module}");
            assert_eq!(l.len(), legs, "{module}");
            assert!(l.iter().all(|l| l.transceiver == to), "{module}: {l:?}");
            assert_eq!(l[0].id, "L/1");
        }
    }
}

//! Every mate checked: gender, polish, fiber mode and type, fiber count and key,
//! at each adapter, each cassette and both transceiver ports.

use crate::analysis::budget::{Findings, Named, code, describe};
use crate::analysis::resolve::{ResolvedElement, ResolvedLink};
use crate::catalog::{CassetteKind, Catalog, ConnectorFamily, FiberMode, GradeId, PortConnector};
use crate::model::units::FiberCount;
use crate::model::{Element, Gender, Link, Polish};

use super::geometry::Frame;

const POLISH_RULE: &str = "APC (angled) mates only APC, UPC/flat only UPC/flat";

/// Each connector end's grade is of its connector's family: an MPO cable, and a
/// cassette's rear, take MPO grades; an LC cord, and a cassette's front, LC
/// grades. A file may name another (it still opens); the pair it makes is then
/// rated at a figure for the wrong connector, so it fails the link.
pub fn check_grade_families(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    findings: &mut Findings,
) {
    for (i, r) in resolved.elements.iter().enumerate() {
        // Each end checked where it is found (a list of ends per element
        // cost more than the check: every link is judged).
        let mut end = |grade: GradeId, family: ConnectorFamily, side: &str| {
            let g = catalog.grade(grade);
            if g.family != family {
                findings.error_at(code::GRADE_FAMILY_MISMATCH, i, || {
                    format!(
                        "{}{side} has grade \"{}\" ({}), an {} grade: its connector is {}, so it takes an {} grade",
                        Named(link, i),
                        g.id,
                        g.name,
                        g.family.label(),
                        family.label(),
                        family.label()
                    )
                });
            }
        };
        match r {
            ResolvedElement::Cable(c) => end(c.grade, ConnectorFamily::Mpo, ""),
            ResolvedElement::LcCord(c) => end(c.grade, ConnectorFamily::Lc, ""),
            ResolvedElement::Cassette(k) => {
                end(k.lc_grade, ConnectorFamily::Lc, " front (LC)");
                end(k.mpo_grade, ConnectorFamily::Mpo, " rear (MPO)");
            }
            ResolvedElement::Harness(h) => {
                let legs = catalog
                    .harness(h.kind)
                    .legs
                    .first()
                    .map_or(ConnectorFamily::Lc, |l| l.family());
                end(h.cable.grade, ConnectorFamily::Mpo, " MPO end");
                end(h.leg_grade, legs, " legs");
            }
            _ => {}
        }
    }
}

/// `ends`: the channel's ports ([`super::ends`]), found once by the caller.
pub fn check_mates(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    ends: Option<super::Ends<'_>>,
    findings: &mut Findings,
) {
    let Some(ends) = ends else {
        return;
    };
    let n = link.path.len();
    let conductor = |i: usize| {
        resolved
            .elements
            .get(i)
            .and_then(ResolvedElement::conductor)
    };

    // The two transceiver ports: the right connector, unpinned plug, the port's polish.
    for (i, near) in [(0, true), (n.saturating_sub(1), false)] {
        let (Some(el), Some(r)) = (link.path.get(i), resolved.elements.get(i)) else {
            continue;
        };
        let plug = if near {
            near_plug(catalog, el, r)
        } else {
            far_plug(catalog, el, r)
        };
        let Some((plug, polish)) = plug else { continue };
        let (t, port) = if near {
            (catalog.transceiver(resolved.transceiver), ends.near)
        } else {
            (catalog.transceiver(resolved.far_transceiver), ends.far)
        };
        let which = if near { "near" } else { "far" };
        let what = Named(link, i);
        match (plug, port.connector) {
            (Plug::Mpo { fibers, gender }, PortConnector::Mpo) => {
                if gender == Gender::Male {
                    findings.error_at(code::GENDER_PINNED_AT_PORT, i, || format!(
                        "{what}'s {which} end is male (pinned), but the {which} transceiver port is pinned too: the end plugged into it must be unpinned (female)"));
                }
                if !(near || n > 1) && resolved.far_transceiver == resolved.transceiver {
                    continue; // a direct cord's fiber count and polish are checked once
                }
                if !Frame::of(fibers).lines_up_with(Frame::of_port(port)) {
                    findings.error_at(code::KEY_PORT_MISMATCH, i, || {
                        format!(
                            "{}'s {} port does not take {what}'s {}-fiber connector",
                            t.id,
                            port.connector_label(),
                            fibers
                        )
                    });
                }
            }
            (Plug::Lc, PortConnector::LcDuplex) => {
                if !(near || n > 1) && resolved.far_transceiver == resolved.transceiver {
                    continue;
                }
            }
            (plug, _) => {
                findings.error_at(code::KEY_PORT_MISMATCH, i, || {
                    format!(
                        "{}'s {} port does not take {what}'s {} connector",
                        t.id,
                        port.connector_label(),
                        if matches!(plug, Plug::Lc) {
                            "LC duplex"
                        } else {
                            "MPO"
                        }
                    )
                });
                continue;
            }
        }
        if polish != port.polish {
            findings.error_at(code::POLISH_PORT_MISMATCH, i, || {
                format!(
                    "{what}'s {which} end is {}, but {}'s port is {}: {POLISH_RULE}",
                    polish.label(),
                    t.id,
                    port.polish.label()
                )
            });
        }
    }

    for (i, element) in link.path.iter().enumerate() {
        if element.is_conductor() {
            continue;
        }
        let (Some(ra), Some(rb)) = (i.checked_sub(1).and_then(conductor), conductor(i + 1)) else {
            continue;
        };
        let what = Named(link, i);
        let (fa, fb) = (catalog.fiber(ra.fiber), catalog.fiber(rb.fiber));
        if fa.mode != fb.mode {
            findings.error_at(code::FIBER_MODE_MISMATCH, i, || {
                format!(
                    "{what} joins {} ({}) to {} ({}): multimode never meets single-mode",
                    fa.id,
                    fa.mode.label(),
                    fb.id,
                    fb.mode.label()
                )
            });
        }
        match (
            element,
            &link.path[i - 1],
            &link.path[i + 1],
            &resolved.elements[i],
        ) {
            // Between two MPO plugs (cables, a harness's MPO end or its MPO
            // legs): one pinned end, like polish, keys that fit.
            (Element::Adapter(_), before, after, _) => {
                let (
                    Some((
                        Plug::Mpo {
                            fibers: fa,
                            gender: ga,
                        },
                        pa,
                    )),
                    Some((
                        Plug::Mpo {
                            fibers: fb,
                            gender: gb,
                        },
                        pb,
                    )),
                ) = (
                    far_plug(catalog, before, &resolved.elements[i - 1]),
                    near_plug(catalog, after, &resolved.elements[i + 1]),
                )
                else {
                    // An LC adapter: LC connectors here are all UPC, but a
                    // harness leg may be another polish.
                    if let (Some((Plug::Lc, pa)), Some((Plug::Lc, pb))) = (
                        far_plug(catalog, before, &resolved.elements[i - 1]),
                        near_plug(catalog, after, &resolved.elements[i + 1]),
                    ) && pa != pb
                    {
                        findings.error_at(code::POLISH_MISMATCH, i, || {
                            format!(
                                "{what} joins {} to {}: {POLISH_RULE}",
                                pa.label(),
                                pb.label()
                            )
                        });
                    }
                    continue;
                };
                gender(findings, i, &what, ga, gb, "");
                if pa != pb {
                    findings.error_at(code::POLISH_MISMATCH, i, || {
                        format!(
                            "{what} joins {} to {}: {POLISH_RULE}",
                            pa.label(),
                            pb.label()
                        )
                    });
                }
                if let Some((code, why)) = key_mismatch(fa, fb) {
                    findings.error_at(code, i, || {
                        format!(
                            "{what} joins a {}-fiber to a {}-fiber connector: {why}",
                            fa, fb
                        )
                    });
                }
            }
            // The cassette's rear MPO against the trunk end plugged into it.
            (Element::Cassette(_), before, after, ResolvedElement::Cassette(k)) => {
                let kind = catalog.cassette(k.kind);
                let (trunk, trunk_end, trunk_polish) = match (before, after) {
                    (Element::Cable(c), _) => (c, c.ends.1, ra.polish),
                    (_, Element::Cable(c)) => (c, c.ends.0, rb.polish),
                    _ => continue,
                };
                gender(
                    findings,
                    i,
                    &what,
                    kind.rear_gender,
                    trunk_end,
                    " (its rear MPO and the trunk end)",
                );
                if kind.rear_polish != trunk_polish {
                    findings.error_at(code::POLISH_MISMATCH, i, || {
                        format!(
                            "{what}'s rear MPO is {} and the trunk end is {}: {POLISH_RULE}",
                            kind.rear_polish.label(),
                            trunk_polish.label()
                        )
                    });
                }
                if let Some((code, why)) = key_mismatch(kind.mpo_fibers, trunk.fibers) {
                    findings.error_at(code, i, || {
                        format!(
                            "{what}'s rear MPO-{} meets a {}-fiber trunk: {why}",
                            kind.mpo_fibers, trunk.fibers
                        )
                    });
                }
            }
            _ => {}
        }
    }

    // The link's fiber type against its cables': a mix within one mode is allowed, with a warning.
    let link_mode = catalog.fiber(resolved.fiber).mode;
    let mut mixed: Vec<&str> = Vec::new();
    for (i, r) in resolved.elements.iter().enumerate() {
        if let Some(rc) = r.conductor() {
            let f = catalog.fiber(rc.fiber);
            if f.mode != link_mode {
                findings.error_at(code::FIBER_MODE_MISMATCH, i, || {
                    format!(
                        "{} is {} ({}), but the link runs on {} ({})",
                        describe(link, i),
                        f.id,
                        f.mode.label(),
                        catalog.fiber(resolved.fiber).id,
                        link_mode.label()
                    )
                });
            } else if rc.fiber != resolved.fiber && !mixed.contains(&f.id.as_str()) {
                mixed.push(&f.id);
            }
        }
    }
    if !mixed.is_empty() && link_mode == FiberMode::Multimode {
        findings.warning(code::FIBER_MIXED_TYPES, || format!(
            "the channel mixes {} with {}: allowed, but the reach and limit are those of {}, and each cable's own attenuation is used",
            catalog.fiber(resolved.fiber).id, mixed.join(", "), catalog.fiber(resolved.fiber).id));
    }
}

/// The connector at one end of a cable, cord or harness.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Plug {
    Mpo { fibers: FiberCount, gender: Gender },
    Lc,
}

/// The plug at the end of element `el` that faces the near module.
fn near_plug(catalog: &Catalog, el: &Element, r: &ResolvedElement) -> Option<(Plug, Polish)> {
    let polish = r.conductor()?.polish;
    Some(match el {
        Element::Cable(c) => (
            Plug::Mpo {
                fibers: c.fibers,
                gender: c.ends.0,
            },
            polish,
        ),
        Element::LcCord(_) => (Plug::Lc, polish),
        Element::Harness(h) => match r {
            ResolvedElement::Harness(rh) => (
                Plug::Mpo {
                    fibers: catalog.harness(rh.kind).mpo_fibers,
                    gender: h.end,
                },
                polish,
            ),
            _ => return None,
        },
        _ => return None,
    })
}

/// The plug at the end of element `el` that faces the far module: a
/// harness's leg (its MPO legs are unpinned).
fn far_plug(catalog: &Catalog, el: &Element, r: &ResolvedElement) -> Option<(Plug, Polish)> {
    match (el, r) {
        (Element::Harness(_), ResolvedElement::Harness(rh)) => {
            let leg = catalog
                .harness(rh.kind)
                .legs
                .get(usize::from(rh.leg).checked_sub(1)?)?;
            let plug = match (leg.connector, leg.mpo_fibers) {
                (PortConnector::Mpo, Some(fibers)) => Plug::Mpo {
                    fibers,
                    gender: Gender::Female,
                },
                _ => Plug::Lc,
            };
            Some((plug, rh.leg_polish))
        }
        (Element::Cable(c), _) => Some((
            Plug::Mpo {
                fibers: c.fibers,
                gender: c.ends.1,
            },
            r.conductor()?.polish,
        )),
        _ => near_plug(catalog, el, r),
    }
}

fn gender(findings: &mut Findings, i: usize, what: &Named<'_>, a: Gender, b: Gender, which: &str) {
    match (a, b) {
        (Gender::Male, Gender::Male) => findings.error_at(code::GENDER_BOTH_MALE, i, || format!(
            "{what} joins two male (pinned) ends{which}: one side must be unpinned (female); pins against pins do not mate and damage each other")),
        (Gender::Female, Gender::Female) => findings.error_at(code::GENDER_BOTH_FEMALE, i, || format!(
            "{what} joins two female ends{which}: one side must be pinned (male), or the ferrules do not align")),
        _ => {}
    }
}

/// Why two MPO connectors do not mate, if they do not.
pub fn key_mismatch(a: FiberCount, b: FiberCount) -> Option<(&'static str, &'static str)> {
    let (fa, fb) = (Frame::of(a), Frame::of(b));
    if fa.lines_up_with(fb) {
        None
    } else if fa.rows == 1 && fb.rows == 1 {
        Some((
            code::KEY_OFFSET_MISMATCH,
            "12- and 16-position connectors do not mate (the MPO-16 key is offset)",
        ))
    } else {
        Some((
            code::KEY_COUNT_MISMATCH,
            "24- and 32-fiber connectors mate only with the same count",
        ))
    }
}

/// Whether every MPO mate has one pinned and one unpinned end, for the fix search.
/// (Cassette rear genders are fixed by the cassette, so they are not searched.)
/// How many mates have the wrong genders: a pinned end at a transceiver port,
/// an adapter joining two pinned or two unpinned ends, or a cassette's rear
/// MPO of the same gender as the trunk end in it (the rules [`check_mates`]
/// reports). One end is in one mate, so changing one end's gender mends at
/// most one of them. `cassettes` is each element's cassette kind, or empty
/// where the path has none.
pub fn gender_faults(path: &[Element], cassettes: &[Option<&CassetteKind>]) -> usize {
    let cable = |i: usize| match path.get(i) {
        Some(Element::Cable(c)) => Some(c),
        _ => None,
    };
    let ports = usize::from(cable(0).is_some_and(|c| c.ends.0 == Gender::Male))
        + usize::from(
            cable(path.len().saturating_sub(1)).is_some_and(|c| c.ends.1 == Gender::Male),
        );
    let joints = path
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            let before = i.checked_sub(1).and_then(cable);
            let after = cable(i + 1);
            match e {
                Element::Adapter(_) => match (before, after) {
                    (Some(a), Some(b)) => a.ends.1 == b.ends.0,
                    _ => false,
                },
                Element::Cassette(_) => {
                    let Some(kind) = cassettes.get(*i).copied().flatten() else {
                        return false;
                    };
                    match (before, after) {
                        (Some(c), _) => c.ends.1 == kind.rear_gender,
                        (_, Some(c)) => c.ends.0 == kind.rear_gender,
                        _ => false,
                    }
                }
                _ => false,
            }
        })
        .count();
    ports + joints
}

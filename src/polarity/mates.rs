//! Every mate checked: gender, polish, fiber mode and type, fiber count and key,
//! at each adapter and at both transceiver ports.

use crate::budget::{Problem, code, describe};
use crate::catalog::{Catalog, FiberMode};
use crate::model::{Cable, Element, Gender, Link};
use crate::resolve::{ResolvedElement, ResolvedLink};
use crate::units::FiberCount;

use super::geometry::Frame;

pub fn check_mates(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    problems: &mut Vec<Problem>,
) {
    let t = catalog.transceiver(resolved.transceiver);
    let n = link.path.len();
    let cable = |i: usize| match (link.path.get(i), resolved.elements.get(i)) {
        (Some(Element::Cable(c)), Some(ResolvedElement::Cable(r))) => Some((c, r)),
        _ => None,
    };

    // The two transceiver ports: pinned, of the module's polish and MPO type.
    for (i, near) in [(0, true), (n.saturating_sub(1), false)] {
        let Some((c, r)) = cable(i) else { continue };
        let end = if near { c.ends.0 } else { c.ends.1 };
        let which = if near { "near" } else { "far" };
        let what = describe(link, i);
        if end == Gender::Male {
            problems.push(Problem::at(code::GENDER_PINNED_AT_PORT, i, format!(
                "{what}'s {which} end is male (pinned), but the {which} transceiver port is pinned too: the end plugged into it must be unpinned (female)")));
        }
        // Polish and fiber count are the cable's own, the same at both ends:
        // a direct cord is checked once.
        if !near && n == 1 {
            continue;
        }
        if r.polish != t.port_polish {
            problems.push(Problem::at(
                code::POLISH_PORT_MISMATCH,
                i,
                format!(
                    "{what}'s {which} end is {}, but {}'s port is {}: {}",
                    polish(r.polish),
                    t.id,
                    polish(t.port_polish),
                    POLISH_RULE
                ),
            ));
        }
        if !Frame::of(c.fibers).lines_up_with(Frame::of(t.mpo_fibers)) {
            problems.push(Problem::at(
                code::KEY_PORT_MISMATCH,
                i,
                format!(
                    "{}'s MPO-{} port does not take {what}'s {}-fiber connector",
                    t.id, t.mpo_fibers, c.fibers
                ),
            ));
        }
    }

    // Each adapter: one pinned and one unpinned end, like polish, like mode, compatible keys.
    for (i, element) in link.path.iter().enumerate() {
        let joint = matches!(element, Element::Adapter(_) | Element::Splice(_));
        if !joint {
            continue;
        }
        let (Some((a, ra)), Some((b, rb))) = (i.checked_sub(1).and_then(cable), cable(i + 1))
        else {
            continue;
        };
        let what = describe(link, i);
        let (fa, fb) = (catalog.fiber(ra.fiber), catalog.fiber(rb.fiber));
        if fa.mode != fb.mode {
            problems.push(Problem::at(
                code::FIBER_MODE_MISMATCH,
                i,
                format!(
                    "{what} joins {} ({}) to {} ({}): multimode never meets single-mode",
                    fa.id,
                    fa.mode.label(),
                    fb.id,
                    fb.mode.label()
                ),
            ));
        }
        if matches!(element, Element::Splice(_)) {
            continue;
        }
        match (a.ends.1, b.ends.0) {
            (Gender::Male, Gender::Male) => problems.push(Problem::at(code::GENDER_BOTH_MALE, i, format!(
                "{what} joins two male (pinned) ends: one side must be unpinned (female); pins against pins do not mate and damage each other"))),
            (Gender::Female, Gender::Female) => problems.push(Problem::at(code::GENDER_BOTH_FEMALE, i, format!(
                "{what} joins two female ends: one side must be pinned (male), or the ferrules do not align"))),
            _ => {}
        }
        if ra.polish != rb.polish {
            problems.push(Problem::at(
                code::POLISH_MISMATCH,
                i,
                format!(
                    "{what} joins {} to {}: {POLISH_RULE}",
                    polish(ra.polish),
                    polish(rb.polish)
                ),
            ));
        }
        if let Some((code, why)) = key_mismatch(a.fibers, b.fibers) {
            problems.push(Problem::at(
                code,
                i,
                format!(
                    "{what} joins a {}-fiber to a {}-fiber connector: {why}",
                    a.fibers, b.fibers
                ),
            ));
        }
    }

    // The link's fiber type against its cables': a mix within one mode is allowed, with a warning.
    let link_mode = catalog.fiber(resolved.fiber).mode;
    let mut mixed: Vec<&str> = Vec::new();
    for (i, r) in resolved.elements.iter().enumerate() {
        if let ResolvedElement::Cable(rc) = r {
            let f = catalog.fiber(rc.fiber);
            if f.mode != link_mode {
                problems.push(Problem::at(
                    code::FIBER_MODE_MISMATCH,
                    i,
                    format!(
                        "{} is {} ({}), but the link runs on {} ({})",
                        describe(link, i),
                        f.id,
                        f.mode.label(),
                        catalog.fiber(resolved.fiber).id,
                        link_mode.label()
                    ),
                ));
            } else if rc.fiber != resolved.fiber && !mixed.contains(&f.id.as_str()) {
                mixed.push(&f.id);
            }
        }
    }
    if !mixed.is_empty() && link_mode == FiberMode::Multimode {
        problems.push(Problem::link(code::FIBER_MIXED_TYPES, format!(
            "the channel mixes {} with {}: allowed, but the reach and limit are those of {}, and each cable's own attenuation is used",
            catalog.fiber(resolved.fiber).id, mixed.join(", "), catalog.fiber(resolved.fiber).id)).warning());
    }
}

const POLISH_RULE: &str = "APC (angled) mates only APC, UPC/flat only UPC/flat";

fn polish(p: crate::model::Polish) -> &'static str {
    match p {
        crate::model::Polish::Upc => "UPC",
        crate::model::Polish::Apc => "APC",
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

/// Gender problems alone, for the fix search.
pub fn gender_ok(path: &[Element]) -> bool {
    let cables = |i: usize| match path.get(i) {
        Some(Element::Cable(c)) => Some(c),
        _ => None,
    };
    let port_ok = |c: Option<&Cable>, near: bool| {
        c.is_none_or(|c| (if near { c.ends.0 } else { c.ends.1 }) == Gender::Female)
    };
    if !port_ok(cables(0), true) || !port_ok(cables(path.len().saturating_sub(1)), false) {
        return false;
    }
    path.iter().enumerate().all(|(i, e)| {
        !matches!(e, Element::Adapter(_))
            || match (i.checked_sub(1).and_then(cables), cables(i + 1)) {
                (Some(a), Some(b)) => a.ends.1 != b.ends.0,
                _ => true,
            }
    })
}

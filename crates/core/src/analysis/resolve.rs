//! Catalog ids resolved once per link, so a budget does no string look-ups.

use crate::catalog::{
    CassetteId, Catalog, DEFAULT_SPLICE_ID, FiberId, GradeId, HarnessId, SpliceId, TransceiverId,
    nearest_ids,
};
use crate::model::infra::Infra;
use crate::model::{Design, Element, Link, Polish};

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLink {
    pub transceiver: TransceiverId,
    /// The near module's port (1-based, within its ports).
    pub port: u8,
    /// The far module: the near one unless the link names another.
    pub far_transceiver: TransceiverId,
    pub fiber: FiberId,
    /// The splice used for in-cable splices.
    pub default_splice: SpliceId,
    /// One per path element, in the same order.
    pub elements: Vec<ResolvedElement>,
    /// A link with legs: each leg's channel ([`Link::leg_channel`]) resolved.
    /// (Boxed slices, here and below: most links have neither, and each
    /// of a million resolutions is 8 bytes smaller for each.)
    pub legs: Box<[ResolvedLink]>,
    /// A link through shared trunks and panels: the link with each
    /// reference replaced by what it stands for ([`Infra::expand`]), one
    /// element for one. Budgets and traces run on it.
    pub expanded: Option<Box<Link>>,
    /// Its problems with the design's shared parts (conflicts, routes),
    /// found over the whole design (`analysis::infra::infra_check`).
    pub infra_problems: Box<[crate::analysis::budget::Problem]>,
}

impl ResolvedLink {
    /// The link the budget and the trace run on: `link` itself, or its
    /// expansion through the design's shared parts.
    pub fn channel<'a>(&'a self, link: &'a Link) -> &'a Link {
        // A reference to a shared part carries no figures: a link with one
        // is analysed only with its expansion (see `Expansions::Dropped`).
        debug_assert!(
            self.expanded.is_some() || !link.path.iter().any(Element::is_shared),
            "link {} analysed without its expansion through shared parts",
            link.id
        );
        self.expanded.as_deref().unwrap_or(link)
    }

    /// The resolution with its expansion kept or dropped.
    pub fn keeping(mut self, expansions: Expansions) -> Self {
        if expansions == Expansions::Dropped {
            self.expanded = None;
        }
        self
    }
}

/// `link`'s resolution `r` with its expansion through the design's shared
/// parts (`infra`), made again where it was dropped ([`Expansions::Dropped`]):
/// what an analysis of the link takes.
pub fn with_expansion<'a>(
    infra: &Infra<'_>,
    link: &Link,
    r: &'a ResolvedLink,
) -> std::borrow::Cow<'a, ResolvedLink> {
    use std::borrow::Cow;
    if r.expanded.is_some() || !link.path.iter().any(Element::is_shared) {
        return Cow::Borrowed(r);
    }
    match infra.expand(link) {
        Ok(Some(x)) => Cow::Owned(ResolvedLink {
            expanded: Some(Box::new(x)),
            ..r.clone()
        }),
        // It expanded when it was resolved, against the same shared parts.
        _ => Cow::Borrowed(r),
    }
}

/// Whether a loaded design's resolutions keep each link's expansion through
/// shared parts ([`ResolvedLink::expanded`]): kept for whatever may analyse
/// any link at any time (the app, most commands); dropped where links are
/// analysed one after another and each can be expanded again in turn
/// (`LoadedDesign::resolved_with_expansion`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansions {
    Kept,
    Dropped,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ResolvedElement {
    Cable(ResolvedCable),
    Adapter,
    Splice(SpliceId),
    /// An LC duplex cord: fiber and grade like a cable's.
    LcCord(ResolvedCable),
    Cassette(ResolvedCassette),
    Harness(ResolvedHarness),
}

impl ResolvedElement {
    /// The fiber-carrying part of a cable, cord or harness (for a harness,
    /// its MPO end's grade and polish).
    pub fn conductor(&self) -> Option<&ResolvedCable> {
        match self {
            ResolvedElement::Cable(c) | ResolvedElement::LcCord(c) => Some(c),
            ResolvedElement::Harness(h) => Some(&h.cable),
            _ => None,
        }
    }

    /// The grade of the end facing the far module: a harness's leg grade.
    pub fn far_grade(&self) -> Option<GradeId> {
        match self {
            ResolvedElement::Harness(h) => Some(h.leg_grade),
            other => other.conductor().map(|c| c.grade),
        }
    }

    /// The polish of the end facing the far module: a harness's leg polish.
    pub fn far_polish(&self) -> Option<Polish> {
        match self {
            ResolvedElement::Harness(h) => Some(h.leg_polish),
            other => other.conductor().map(|c| c.polish),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedHarness {
    /// Its fiber, and its MPO end's grade and polish.
    pub cable: ResolvedCable,
    pub kind: HarnessId,
    /// The leg this channel continues on (1-based); 0 in the shared path.
    pub leg: u8,
    pub leg_grade: GradeId,
    pub leg_polish: Polish,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedCable {
    pub fiber: FiberId,
    pub grade: GradeId,
    pub polish: Polish,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedCassette {
    pub kind: CassetteId,
    pub lc_grade: GradeId,
    pub mpo_grade: GradeId,
}

/// An id in a link that the catalog does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownId {
    /// `transceiver`, `fiber`, or `path[2].grade`.
    pub field: String,
    /// The path element, where the id is in one.
    pub element: Option<usize>,
    /// The field's own name, to find it in the file.
    pub field_name: &'static str,
    pub message: String,
}

/// Every link of a design resolved, in design order, with its problems with
/// the shared parts; or the first id that is unknown.
pub fn resolve_design(catalog: &Catalog, design: &Design) -> Result<Vec<ResolvedLink>, UnknownId> {
    resolve_design_with(catalog, design, Expansions::Kept).map_err(|(_, u)| u)
}

/// As [`resolve_design`], each link's expansion through shared parts kept
/// or dropped ([`Expansions`]); the error is the first link in design order
/// that does not resolve (its place and why), however the cores shared them.
pub fn resolve_design_with(
    catalog: &Catalog,
    design: &Design,
    expansions: Expansions,
) -> Result<Vec<ResolvedLink>, (usize, UnknownId)> {
    let infra = design.infra();
    // Each in its place, on every core (no list per core joined: at a
    // million links, half of them copied and 48 MB left freed), kept as an
    // `Option`, not a `Result` (which would be copied to be let go of). Only
    // a link that fails is resolved again, for its error.
    let resolved = crate::parallel::fill_options(&design.links, |_, link| {
        resolve_link_in(catalog, &infra, link)
            .ok()
            .map(|r| r.keeping(expansions))
    });
    if let Some(n) = resolved.iter().position(Option::is_none) {
        let why = resolve_link_in(catalog, &infra, &design.links[n])
            .err()
            .unwrap_or_else(|| UnknownId {
                field: "link".to_owned(),
                element: None,
                field_name: "link",
                message: format!("link {} did not resolve", design.links[n].id),
            });
        return Err((n, why));
    }
    drop(infra);
    let mut resolved = crate::parallel::somes(resolved);
    attach_infra_problems(catalog, design, &mut resolved);
    Ok(resolved)
}

/// Each link's conflicts and wrong routes over the design's shared parts.
pub fn attach_infra_problems(catalog: &Catalog, design: &Design, resolved: &mut [ResolvedLink]) {
    if !design.has_shared_parts() {
        return;
    }
    let problems = crate::analysis::infra::infra_problems(catalog, design, &|n| resolved.get(n));
    for (n, p) in problems {
        if let Some(r) = resolved.get_mut(n) {
            r.infra_problems = p.into_boxed_slice();
        }
    }
}

/// One link of a design whose trunks and panels are `infra`.
pub fn resolve_link_in(
    catalog: &Catalog,
    infra: &Infra<'_>,
    link: &Link,
) -> Result<ResolvedLink, UnknownId> {
    let expanded = infra.expand(link).map_err(|e| UnknownId {
        field: format!("path[{}].{}", e.element, e.field_name),
        element: Some(e.element),
        field_name: e.field_name,
        message: e.message,
    })?;
    match expanded {
        None => resolve_link(catalog, link),
        Some(x) => {
            let mut r = resolve_link(catalog, &x)?;
            r.expanded = Some(Box::new(x));
            Ok(r)
        }
    }
}

/// One link's ids, and for a link with legs each leg's channel's.
pub fn resolve_link(catalog: &Catalog, link: &Link) -> Result<ResolvedLink, UnknownId> {
    let mut resolved = resolve_channel(catalog, link)?;
    if link.legs.is_empty() {
        return Ok(resolved);
    }
    let shared = link.path.len();
    let legs_of_harness = match resolved.elements.last() {
        Some(ResolvedElement::Harness(h)) => catalog.harness(h.kind).legs.len(),
        _ => 0,
    };
    let mut legs = Vec::with_capacity(link.legs.len());
    for k in 0..link.legs.len() {
        let number = link.leg_number(k);
        if number == 0 || usize::from(number) > legs_of_harness {
            return Err(UnknownId {
                field: format!("legs[{k}].leg"),
                element: None,
                field_name: "leg",
                message: format!(
                    "expected a harness leg from 1 to {legs_of_harness}, found {number}"
                ),
            });
        }
        let Some(channel) = link.leg_channel(k) else {
            continue;
        };
        let leg = resolve_channel(catalog, &channel).map_err(|mut u| {
            // Name the field in the leg it is in.
            if let Some(i) = u.element.filter(|&i| i >= shared) {
                u.field = format!(
                    "legs[{k}].{}",
                    u.field
                        .replacen(&format!("path[{i}]"), &format!("path[{}]", i - shared), 1)
                );
                u.element = None;
            } else if u.field == "far_transceiver" {
                u.field = format!("legs[{k}].transceiver");
                u.field_name = "transceiver";
            }
            u
        })?;
        legs.push(leg);
    }
    resolved.legs = legs.into_boxed_slice();
    Ok(resolved)
}

fn resolve_channel(catalog: &Catalog, link: &Link) -> Result<ResolvedLink, UnknownId> {
    let transceiver = catalog
        .find_transceiver(&link.transceiver)
        .ok_or_else(|| UnknownId {
            field: "transceiver".into(),
            element: None,
            field_name: "transceiver",
            message: unknown(
                "transceiver",
                &link.transceiver,
                catalog.transceivers().iter().map(|t| t.id.as_str()),
            ),
        })?;
    let far_transceiver = match &link.far_transceiver {
        None => transceiver,
        Some(id) => catalog.find_transceiver(id).ok_or_else(|| UnknownId {
            field: "far_transceiver".into(),
            element: None,
            field_name: "far_transceiver",
            message: unknown(
                "transceiver",
                id,
                catalog.transceivers().iter().map(|t| t.id.as_str()),
            ),
        })?,
    };
    let ports = catalog.transceiver(transceiver).ports.len();
    if link.port == 0 || usize::from(link.port) > ports {
        return Err(UnknownId {
            field: "port".into(),
            element: None,
            field_name: "port",
            message: format!(
                "expected a port from 1 to {ports} of {}, found {}",
                link.transceiver, link.port
            ),
        });
    }
    let fiber = find_fiber(catalog, &link.fiber, || "fiber".into(), None)?;
    let default_splice = find_splice(catalog, DEFAULT_SPLICE_ID, || "splice".into(), None)?;
    let t = catalog.transceiver(transceiver);
    let port_polish = t.port(link.port).map_or(t.port_polish, |p| p.polish);
    // Past a harness (in a leg's channel), a cable's default polish is the
    // harness leg's, not the near port's.
    let leg_polish = link.path.iter().enumerate().find_map(|(i, e)| match e {
        Element::Harness(h) => catalog.find_harness(&h.kind).map(|k| {
            let k = catalog.harness(k);
            let polish = k
                .legs
                .get(usize::from(h.leg).wrapping_sub(1))
                .map_or(k.polish, |l| l.polish);
            (i, polish)
        }),
        _ => None,
    });
    let default_polish = |i: usize| match leg_polish {
        Some((at, polish)) if i > at => polish,
        _ => port_polish,
    };
    let conductor = |i: usize, fiber_override: &Option<String>, grade: &str, polish: Polish| {
        let fiber = match fiber_override {
            Some(f) => find_fiber(catalog, f, || format!("path[{i}].fiber"), Some(i))?,
            None => fiber,
        };
        let grade = find_grade(catalog, grade, || format!("path[{i}].grade"), i, "grade")?;
        Ok(ResolvedCable {
            fiber,
            grade,
            polish,
        })
    };
    let elements = link
        .path
        .iter()
        .enumerate()
        .map(|(i, element)| {
            Ok(match element {
                Element::TrunkLeg(_) | Element::PanelPort(_) | Element::CassettePort(_) => {
                    return Err(UnknownId {
                        field: format!("path[{i}]"),
                        element: Some(i),
                        field_name: element.kind_name(),
                        message: format!(
                            "a {} refers to the design's shared trunks and panels, which are not known here",
                            element.noun()
                        ),
                    });
                }
                Element::Cable(c) => ResolvedElement::Cable(conductor(
                    i,
                    &c.fiber,
                    &c.grade,
                    c.polish.unwrap_or(default_polish(i)),
                )?),
                // LC duplex cords in the catalog are UPC.
                Element::LcCord(c) => {
                    ResolvedElement::LcCord(conductor(i, &c.fiber, &c.grade, Polish::Upc)?)
                }
                Element::Adapter(_) => ResolvedElement::Adapter,
                Element::Splice(s) => match &s.grade {
                    Some(g) => ResolvedElement::Splice(find_splice(
                        catalog,
                        g,
                        || format!("path[{i}].grade"),
                        Some(i),
                    )?),
                    None => ResolvedElement::Splice(default_splice),
                },
                Element::Cassette(c) => {
                    let kind_id = catalog.find_cassette(&c.kind).ok_or_else(|| UnknownId {
                        field: format!("path[{i}].kind"),
                        element: Some(i),
                        field_name: "kind",
                        message: unknown(
                            "cassette",
                            &c.kind,
                            catalog.cassettes().iter().map(|k| k.id.as_str()),
                        ),
                    })?;
                    let kind = catalog.cassette(kind_id);
                    if c.port == 0 || usize::from(c.port) > kind.ports.len() {
                        return Err(UnknownId {
                            field: format!("path[{i}].port"),
                            element: Some(i),
                            field_name: "port",
                            message: format!(
                                "expected a front port from 1 to {} of cassette {}, found {}",
                                kind.ports.len(),
                                kind.id,
                                c.port
                            ),
                        });
                    }
                    let lc = c.lc_grade.as_deref().unwrap_or(&kind.lc_grade);
                    let mpo = c.mpo_grade.as_deref().unwrap_or(&kind.mpo_grade);
                    ResolvedElement::Cassette(ResolvedCassette {
                        kind: kind_id,
                        lc_grade: find_grade(
                            catalog,
                            lc,
                            || format!("path[{i}].lc_grade"),
                            i,
                            "lc_grade",
                        )?,
                        mpo_grade: find_grade(
                            catalog,
                            mpo,
                            || format!("path[{i}].mpo_grade"),
                            i,
                            "mpo_grade",
                        )?,
                    })
                }
                Element::Harness(h) => {
                    let kind_id = catalog.find_harness(&h.kind).ok_or_else(|| UnknownId {
                        field: format!("path[{i}].kind"),
                        element: Some(i),
                        field_name: "kind",
                        message: unknown(
                            "harness",
                            &h.kind,
                            catalog.harnesses().iter().map(|k| k.id.as_str()),
                        ),
                    })?;
                    let kind = catalog.harness(kind_id);
                    let leg_polish = kind
                        .legs
                        .get(usize::from(h.leg).wrapping_sub(1))
                        .map_or(kind.polish, |l| l.polish);
                    ResolvedElement::Harness(ResolvedHarness {
                        cable: conductor(i, &h.fiber, &h.grade, kind.polish)?,
                        kind: kind_id,
                        leg: h.leg,
                        leg_grade: find_grade(
                            catalog,
                            &h.leg_grade,
                            || format!("path[{i}].leg_grade"),
                            i,
                            "leg_grade",
                        )?,
                        leg_polish,
                    })
                }
            })
        })
        // Exactly one per element (collecting a `Result` would guess the
        // length and grow: a million links' elements took twice their room).
        .try_fold(Vec::with_capacity(link.path.len()), |mut all, e| {
            all.push(e?);
            Ok::<_, UnknownId>(all)
        })?;
    Ok(ResolvedLink {
        transceiver,
        port: link.port,
        far_transceiver,
        fiber,
        default_splice,
        elements,
        legs: Box::default(),
        expanded: None,
        infra_problems: Box::default(),
    })
}

fn find_grade(
    catalog: &Catalog,
    id: &str,
    field: impl FnOnce() -> String,
    i: usize,
    field_name: &'static str,
) -> Result<GradeId, UnknownId> {
    catalog.find_grade(id).ok_or_else(|| UnknownId {
        field: field(),
        element: Some(i),
        field_name,
        message: unknown("grade", id, catalog.grades().iter().map(|g| g.id.as_str())),
    })
}

fn find_fiber(
    catalog: &Catalog,
    id: &str,
    field: impl FnOnce() -> String,
    element: Option<usize>,
) -> Result<FiberId, UnknownId> {
    catalog.find_fiber(id).ok_or_else(|| UnknownId {
        field: field(),
        element,
        field_name: "fiber",
        message: unknown("fiber", id, catalog.fibers().iter().map(|f| f.id.as_str())),
    })
}

fn find_splice(
    catalog: &Catalog,
    id: &str,
    field: impl FnOnce() -> String,
    element: Option<usize>,
) -> Result<SpliceId, UnknownId> {
    catalog.find_splice(id).ok_or_else(|| UnknownId {
        field: field(),
        element,
        field_name: "grade",
        message: unknown(
            "splice",
            id,
            catalog.splices().iter().map(|s| s.id.as_str()),
        ),
    })
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a str>) -> String {
    let near = nearest_ids(id, known);
    if near.is_empty() {
        format!("unknown {kind} \"{id}\"; the catalog has no {kind} entries")
    } else {
        format!(
            "unknown {kind} \"{id}\"; known ids nearest to it: {}",
            near.join(", ")
        )
    }
}

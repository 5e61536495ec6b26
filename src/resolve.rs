//! Catalog ids resolved once per link, so a budget does no string look-ups.

use crate::catalog::{
    Catalog, DEFAULT_SPLICE_ID, FiberId, GradeId, SpliceId, TransceiverId, nearest_ids,
};
use crate::model::{Element, Link, Polish};

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLink {
    pub transceiver: TransceiverId,
    pub fiber: FiberId,
    /// The splice used for in-cable splices.
    pub default_splice: SpliceId,
    /// One per path element, in the same order.
    pub elements: Vec<ResolvedElement>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ResolvedElement {
    Cable(ResolvedCable),
    Adapter,
    Splice(SpliceId),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolvedCable {
    pub fiber: FiberId,
    pub grade: GradeId,
    pub polish: Polish,
    /// At the transceiver's wavelength; `None` where the catalog has no figure.
    pub attenuation_db_per_km: Option<f64>,
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

pub fn resolve_link(catalog: &Catalog, link: &Link) -> Result<ResolvedLink, UnknownId> {
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
    let fiber = find_fiber(catalog, &link.fiber, "fiber".into(), None)?;
    let default_splice = find_splice(catalog, DEFAULT_SPLICE_ID, "splice".into(), None)?;
    let t = catalog.transceiver(transceiver);
    let elements = link
        .path
        .iter()
        .enumerate()
        .map(|(i, element)| {
            Ok(match element {
                Element::Cable(c) => {
                    let fiber = match &c.fiber {
                        Some(f) => find_fiber(catalog, f, format!("path[{i}].fiber"), Some(i))?,
                        None => fiber,
                    };
                    let grade = catalog.find_grade(&c.grade).ok_or_else(|| UnknownId {
                        field: format!("path[{i}].grade"),
                        element: Some(i),
                        field_name: "grade",
                        message: unknown(
                            "grade",
                            &c.grade,
                            catalog.grades().iter().map(|g| g.id.as_str()),
                        ),
                    })?;
                    ResolvedElement::Cable(ResolvedCable {
                        fiber,
                        grade,
                        polish: c.polish.unwrap_or(t.port_polish),
                        attenuation_db_per_km: catalog
                            .attenuation_db_per_km(fiber, t.wavelength_nm),
                    })
                }
                Element::Adapter(_) => ResolvedElement::Adapter,
                Element::Splice(s) => match &s.grade {
                    Some(g) => ResolvedElement::Splice(find_splice(
                        catalog,
                        g,
                        format!("path[{i}].grade"),
                        Some(i),
                    )?),
                    None => ResolvedElement::Splice(default_splice),
                },
            })
        })
        .collect::<Result<Vec<_>, UnknownId>>()?;
    Ok(ResolvedLink {
        transceiver,
        fiber,
        default_splice,
        elements,
    })
}

fn find_fiber(
    catalog: &Catalog,
    id: &str,
    field: String,
    element: Option<usize>,
) -> Result<FiberId, UnknownId> {
    catalog.find_fiber(id).ok_or_else(|| UnknownId {
        field,
        element,
        field_name: "fiber",
        message: unknown("fiber", id, catalog.fibers().iter().map(|f| f.id.as_str())),
    })
}

fn find_splice(
    catalog: &Catalog,
    id: &str,
    field: String,
    element: Option<usize>,
) -> Result<SpliceId, UnknownId> {
    catalog.find_splice(id).ok_or_else(|| UnknownId {
        field,
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

//! Quick mode: one link of a given total length and number of mated pairs,
//! built the way such a channel is usually cabled, for a budget without a file.

use crate::catalog::Catalog;
use crate::io::error::InputError;
use crate::model::limits;
use crate::model::units::{FiberCount, LengthM};
use crate::model::{Adapter, AdapterKeys, Cable, CableRole, Element, Gender, Link, PolarityType};

pub struct QuickLink<'a> {
    pub transceiver: &'a str,
    pub fiber: &'a str,
    pub length_m: f64,
    pub mated_pairs: u32,
    pub grade: &'a str,
    pub splices: u32,
}

/// The link: `mated_pairs + 1` Type B cables of equal length joined by key-up/
/// key-up adapters (TIA Method B), female at both transceivers and one pinned
/// end at every mate. Splices are fusion splices inside the first cable.
pub fn quick_link(catalog: &Catalog, q: &QuickLink<'_>) -> Result<Link, InputError> {
    let length = LengthM::new(q.length_m).map_err(|m| {
        let m = m.strip_prefix("length_m: ").unwrap_or(&m).to_owned();
        InputError::new("command line", m).field("--length-m")
    })?;
    let t = catalog
        .find_transceiver(q.transceiver)
        .map(|t| catalog.transceiver(t))
        .ok_or_else(|| {
            InputError::new(
                "command line",
                format!("unknown transceiver \"{}\"", q.transceiver),
            )
            .field("--transceiver")
        })?;
    // The link's path must fit the design limits like a file's: N + 1 cables
    // and N adapters, splices inside one cable.
    let max_pairs = u32::try_from((limits::MAX_PATH_ELEMENTS - 1) / 2).unwrap_or(u32::MAX);
    if q.mated_pairs > max_pairs {
        return Err(InputError::new(
            "command line",
            format!(
                "expected at most {max_pairs} mated pairs (a path of at most {} elements, the limit), found {}",
                limits::MAX_PATH_ELEMENTS,
                q.mated_pairs
            ),
        )
        .field("--mated-pairs"));
    }
    if q.splices > limits::MAX_SPLICES_PER_CABLE {
        return Err(InputError::new(
            "command line",
            format!(
                "expected at most {} splices (the limit), found {}",
                limits::MAX_SPLICES_PER_CABLE,
                q.splices
            ),
        )
        .field("--splices"));
    }
    let cables = q.mated_pairs + 1;
    if t.connector == crate::catalog::PortConnector::LcDuplex {
        return Ok(duplex_link(catalog, q, t, length, cables));
    }
    let each = LengthM::new(length.get() / f64::from(cables)).unwrap_or(length);
    let mut path = Vec::with_capacity(2 * cables as usize);
    for n in 0..cables {
        if n > 0 {
            path.push(Element::Adapter(Adapter {
                keys: AdapterKeys::UpUp,
            }));
        }
        let far = if n + 1 == cables {
            Gender::Female
        } else {
            Gender::Male
        };
        path.push(Element::Cable(Cable {
            role: if cables > 2 && n > 0 && n + 1 < cables {
                CableRole::Trunk
            } else {
                CableRole::Cord
            },
            length_m: each,
            fibers: t.mpo_fibers.unwrap_or(FiberCount::F12),
            polarity: PolarityType::B,
            ends: (Gender::Female, far),
            grade: q.grade.to_owned(),
            fiber: None,
            polish: None,
            splices: if n == 0 { q.splices } else { 0 },
        }));
    }
    // Ids as the catalog spells them, so output reads "OM4" whatever was typed.
    let fiber = catalog
        .find_fiber(q.fiber)
        .map_or_else(|| q.fiber.to_owned(), |f| catalog.fiber(f).id.clone());
    let grade = catalog
        .find_grade(q.grade)
        .map_or_else(|| q.grade.to_owned(), |g| catalog.grade(g).id.clone());
    for element in &mut path {
        if let Element::Cable(c) = element {
            c.grade.clone_from(&grade);
        }
    }
    Ok(Link {
        id: "quick".into(),
        count: 1,
        transceiver: t.id.clone(),
        port: 1,
        far_transceiver: None,
        legs: Vec::new(),
        fiber,
        path,
        labels: None,
    })
}

/// A duplex link: `cables` A-to-B LC cords joined by LC adapters (each an LC
/// mated pair), which delivers Tx to Rx with any number of cords.
fn duplex_link(
    catalog: &Catalog,
    q: &QuickLink<'_>,
    t: &crate::catalog::Transceiver,
    length: LengthM,
    cables: u32,
) -> Link {
    let each = LengthM::new(length.get() / f64::from(cables)).unwrap_or(length);
    let grade = catalog
        .find_grade(q.grade)
        .map_or_else(|| q.grade.to_owned(), |g| catalog.grade(g).id.clone());
    let fiber = catalog
        .find_fiber(q.fiber)
        .map_or_else(|| q.fiber.to_owned(), |f| catalog.fiber(f).id.clone());
    let mut path = Vec::with_capacity(2 * cables as usize);
    for n in 0..cables {
        if n > 0 {
            path.push(Element::Adapter(Adapter {
                keys: AdapterKeys::UpUp,
            }));
        }
        path.push(Element::LcCord(crate::model::LcCord {
            length_m: each,
            polarity: crate::model::DuplexPolarity::AtoB,
            grade: grade.clone(),
            fiber: None,
        }));
    }
    Link {
        id: "quick".into(),
        count: 1,
        transceiver: t.id.clone(),
        port: 1,
        far_transceiver: None,
        legs: Vec::new(),
        fiber,
        path,
        labels: None,
    }
}

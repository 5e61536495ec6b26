//! Shared infrastructure: trunks, panels and cassettes declared once in a
//! design and used by many links (design format 2). A link's path names them
//! by id; [`Infra::expand`] turns each reference into the element it stands
//! for, one for one, so budgets and traces run on it unchanged.

use crate::hash::Map as HashMap;

use serde::{Deserialize, Serialize};

use super::units::{FiberCount, LengthM};
use super::{
    Adapter, AdapterKeys, Cable, CableRole, Cassette, Element, Gender, Link, PolarityType, Polish,
};

/// A multi-leg MPO trunk between two panels: leg n at one end is leg n at
/// the other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trunk {
    pub id: String,
    /// The panel at its near end, and at its far end.
    pub from: String,
    pub to: String,
    pub length_m: LengthM,
    /// MPO legs at each end.
    pub legs: u8,
    /// Fibers per leg.
    pub fibers: FiberCount,
    pub polarity: PolarityType,
    /// (the `from` end, the `to` end).
    pub ends: (Gender, Gender),
    pub grade: String,
    /// Default: the link's fiber.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiber: Option<String>,
    /// Default: the near transceiver port's polish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polish: Option<Polish>,
}

impl Trunk {
    /// Every fiber of every leg.
    pub fn fiber_count(&self) -> u32 {
        u32::from(self.legs) * self.fibers.count()
    }
}

/// A panel of MPO adapters, or of cassettes in slots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rack: Option<String>,
    /// MPO adapter ports (an adapter panel).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::limits::panel_ports"
    )]
    pub ports: Option<u32>,
    /// Its adapters' keys (default key-up/key-up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<AdapterKeys>,
    /// Cassettes by slot (a cassette panel).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cassettes: Vec<PanelCassette>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelCassette {
    pub slot: u8,
    /// A catalog cassette id.
    pub kind: String,
    /// Override the cassette's own connector grades.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lc_grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpo_grade: Option<String>,
}

/// One leg of a declared trunk, where a path would hold a cable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrunkLeg {
    pub trunk: String,
    pub leg: u8,
}

/// One port of an adapter panel: one mated pair through its adapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelPort {
    pub panel: String,
    pub port: u32,
}

/// One front port of the cassette in a panel's slot (an LC pair and the
/// cassette's MPO pair, as an inline `Cassette`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CassettePort {
    pub panel: String,
    pub slot: u8,
    pub port: u8,
}

/// Why a reference to shared infrastructure cannot be followed.
#[derive(Debug, Clone, PartialEq)]
pub struct InfraError {
    /// The path element.
    pub element: usize,
    /// `trunk`, `leg`, `panel`, `port`, `slot`.
    pub field_name: &'static str,
    pub message: String,
}

/// Where each of a design's trunks and panels is among them, by id (the
/// last of an id, as [`Infra::new`] takes it): made once while the parts
/// stay as they are, to find a few links' parts ([`Infra::of_links`]).
#[derive(Debug, Clone, Default)]
pub struct PartPlaces {
    trunks: HashMap<String, u32>,
    panels: HashMap<String, u32>,
}

impl PartPlaces {
    pub fn of(trunks: &[Trunk], panels: &[Panel]) -> Self {
        use super::limits::place;
        Self {
            trunks: (trunks.iter().enumerate())
                .map(|(k, t)| (t.id.clone(), place(k)))
                .collect(),
            panels: (panels.iter().enumerate())
                .map(|(k, p)| (p.id.clone(), place(k)))
                .collect(),
        }
    }
}

/// A design's trunks and panels, by id.
#[derive(Debug, Clone, Default)]
pub struct Infra<'a> {
    trunks: HashMap<&'a str, &'a Trunk>,
    panels: HashMap<&'a str, &'a Panel>,
}

impl<'a> Infra<'a> {
    pub fn new(trunks: &'a [Trunk], panels: &'a [Panel]) -> Self {
        Self {
            trunks: trunks.iter().map(|t| (t.id.as_str(), t)).collect(),
            panels: panels.iter().map(|p| (p.id.as_str(), p)).collect(),
        }
    }

    /// Only the trunks and panels `links` name, found by `places`: for a few
    /// links of a design with many parts, without a map of every part (a
    /// hundred thousand panels took milliseconds an edit).
    pub fn of_links<'l>(
        trunks: &'a [Trunk],
        panels: &'a [Panel],
        places: &PartPlaces,
        links: impl IntoIterator<Item = &'l Link>,
    ) -> Self {
        let mut infra = Self::default();
        for e in links.into_iter().flat_map(|l| &l.path) {
            // Places made of other parts find none, never another part.
            if let Some(id) = e.trunk()
                && let Some(t) = (places.trunks.get(id)).and_then(|&k| trunks.get(k as usize))
                && t.id == id
            {
                infra.trunks.insert(t.id.as_str(), t);
            }
            if let Some(id) = e.panel()
                && let Some(p) = (places.panels.get(id)).and_then(|&k| panels.get(k as usize))
                && p.id == id
            {
                infra.panels.insert(p.id.as_str(), p);
            }
        }
        infra
    }

    /// Uses `t` for its id (a trunk with another grade, while choosing one).
    pub fn replace_trunk(&mut self, t: &'a Trunk) {
        self.trunks.insert(t.id.as_str(), t);
    }

    pub fn trunk(&self, id: &str) -> Option<&'a Trunk> {
        self.trunks.get(id).copied()
    }

    pub fn panel(&self, id: &str) -> Option<&'a Panel> {
        self.panels.get(id).copied()
    }

    /// The link with every shared reference replaced by the element it
    /// stands for (same places, same count), or `None` where it has none.
    /// A trunk leg between two of its panels takes the trunk's orientation
    /// from the panel it is entered from.
    pub fn expand(&self, link: &Link) -> Result<Option<Link>, InfraError> {
        if !link.path.iter().any(Element::is_shared) {
            return Ok(None);
        }
        // The link as its parts are; its labels are for people, not for the
        // budget, and are not copied.
        let mut out = Link {
            id: link.id.clone(),
            count: link.count,
            transceiver: link.transceiver.clone(),
            port: link.port,
            far_transceiver: link.far_transceiver.clone(),
            fiber: link.fiber.clone(),
            // Built element by element: each once, a reference never copied.
            path: Vec::with_capacity(link.path.len()),
            legs: link.legs.clone(),
            labels: None,
        };
        for (i, e) in link.path.iter().enumerate() {
            let err = |field_name, message: String| InfraError {
                element: i,
                field_name,
                message,
            };
            let expanded = match e {
                Element::TrunkLeg(t) => {
                    let trunk = self
                        .trunk(&t.trunk)
                        .ok_or_else(|| err("trunk", format!("unknown trunk \"{}\"", t.trunk)))?;
                    if t.leg == 0 || t.leg > trunk.legs {
                        return Err(err(
                            "leg",
                            format!(
                                "expected a leg from 1 to {} of trunk {}, found {}",
                                trunk.legs, trunk.id, t.leg
                            ),
                        ));
                    }
                    // Entered from its `to` panel: the far end comes first.
                    let reversed = i
                        .checked_sub(1)
                        .and_then(|j| link.path.get(j))
                        .and_then(Element::panel)
                        .is_some_and(|p| p == trunk.to && p != trunk.from);
                    let ends = if reversed {
                        (trunk.ends.1, trunk.ends.0)
                    } else {
                        trunk.ends
                    };
                    Element::Cable(Cable {
                        role: CableRole::Trunk,
                        length_m: trunk.length_m,
                        fibers: trunk.fibers,
                        polarity: trunk.polarity,
                        ends,
                        grade: trunk.grade.clone(),
                        fiber: trunk.fiber.clone(),
                        polish: trunk.polish,
                        splices: 0,
                    })
                }
                Element::PanelPort(p) => {
                    let panel = self
                        .panel(&p.panel)
                        .ok_or_else(|| err("panel", format!("unknown panel \"{}\"", p.panel)))?;
                    let ports = panel.ports.unwrap_or(0);
                    if p.port == 0 || p.port > ports {
                        return Err(err(
                            "port",
                            format!(
                                "expected an adapter port from 1 to {ports} of panel {}, found {}",
                                panel.id, p.port
                            ),
                        ));
                    }
                    Element::Adapter(Adapter {
                        keys: panel.keys.unwrap_or(AdapterKeys::UpUp),
                    })
                }
                Element::CassettePort(c) => {
                    let panel = self
                        .panel(&c.panel)
                        .ok_or_else(|| err("panel", format!("unknown panel \"{}\"", c.panel)))?;
                    let kind = panel
                        .cassettes
                        .iter()
                        .find(|k| k.slot == c.slot)
                        .ok_or_else(|| {
                            err(
                                "slot",
                                format!("panel {} has no cassette in slot {}", panel.id, c.slot),
                            )
                        })?;
                    Element::Cassette(Box::new(Cassette {
                        kind: kind.kind.clone(),
                        port: c.port,
                        lc_grade: kind.lc_grade.clone(),
                        mpo_grade: kind.mpo_grade.clone(),
                    }))
                }
                other => other.clone(),
            };
            out.path.push(expanded);
        }
        Ok(Some(out))
    }
}

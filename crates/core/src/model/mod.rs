//! The channel model: what a design file holds, as the designer wrote it.
//!
//! Ids here are the catalog ids as text, so a design round-trips exactly. The
//! catalog look-ups happen once, in [`crate::analysis::resolve`].

pub mod infra;
pub mod limits;
pub mod quick;
pub mod synthetic;
pub mod units;

use serde::{Deserialize, Serialize};

use crate::model::units::{FiberCount, LengthM};

/// The design file format this build writes. Format 1 (no ports, far
/// modules, harnesses or legs) is read and migrated in memory.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest design file format this build reads.
pub const OLDEST_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    pub format: u32,
    #[serde(deserialize_with = "limits::design_name")]
    pub name: String,
    /// Shared trunks and panels (format 2), used by the links' paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trunks: Vec<infra::Trunk>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub panels: Vec<infra::Panel>,
    /// Each link boxed: an edit that adds or removes one in the middle of a
    /// million moves the pointers after it (8 MB), not the links (160 MB).
    #[serde(default)]
    pub links: Vec<Box<Link>>,
}

impl Design {
    /// Its trunks and panels, by id.
    pub fn infra(&self) -> infra::Infra<'_> {
        infra::Infra::new(&self.trunks, &self.panels)
    }

    /// Only the trunks and panels `links` name ([`infra::Infra::of_links`]).
    pub fn infra_of<'l>(
        &self,
        places: &infra::PartPlaces,
        links: impl IntoIterator<Item = &'l Link>,
    ) -> infra::Infra<'_> {
        infra::Infra::of_links(&self.trunks, &self.panels, places, links)
    }

    /// Where each trunk and panel is among them ([`infra::PartPlaces`]).
    pub fn part_places(&self) -> infra::PartPlaces {
        infra::PartPlaces::of(&self.trunks, &self.panels)
    }

    /// Whether it declares shared trunks or panels (which tie its links'
    /// results together).
    pub fn has_shared_parts(&self) -> bool {
        !(self.trunks.is_empty() && self.panels.is_empty())
    }
}

impl Default for Design {
    fn default() -> Self {
        Self {
            format: FORMAT_VERSION,
            name: "Untitled design".to_owned(),
            trunks: Vec::new(),
            panels: Vec::new(),
            links: Vec::new(),
        }
    }
}

/// One channel from a transceiver to the far transceiver (of the same type
/// unless `far_transceiver` names another), or, with `legs`, from one port
/// through a shared path to a harness and on each used leg to its own module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    #[serde(deserialize_with = "limits::link_id")]
    pub id: String,
    /// Identical links built the same way; quotes multiply by it.
    #[serde(
        default = "one",
        skip_serializing_if = "is_one",
        deserialize_with = "limits::link_count"
    )]
    pub count: u32,
    pub transceiver: String,
    /// Which port of the near module (1-based; twin-port modules have two).
    #[serde(default = "port_one", skip_serializing_if = "is_port_one")]
    pub port: u8,
    /// The far module, where it is another (compatible) one than the near.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub far_transceiver: Option<String>,
    /// Default fiber of every cable in the path.
    pub fiber: String,
    #[serde(default, deserialize_with = "limits::link_path")]
    pub path: Vec<Element>,
    /// With a harness at the end of `path`: the legs used, each to its own module.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "limits::link_path"
    )]
    pub legs: Vec<Leg>,
    /// The racks and ports it runs between, as a link schedule names them
    /// (labels only: nothing is computed from them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Box<LinkLabels>>,
}

/// Where a link runs: its two racks and the port labels at each end.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkLabels {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "limits::label"
    )]
    pub near_rack: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "limits::label"
    )]
    pub far_rack: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "limits::label"
    )]
    pub near_port: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "limits::label"
    )]
    pub far_port: Option<String>,
}

impl Link {
    /// The module at the far end of a plain link.
    pub fn far_transceiver(&self) -> &str {
        self.far_transceiver.as_deref().unwrap_or(&self.transceiver)
    }

    /// The harness leg number (1-based) of leg `k` of this link.
    pub fn leg_number(&self, k: usize) -> u8 {
        self.legs
            .get(k)
            .and_then(|l| l.leg)
            .unwrap_or_else(|| u8::try_from(k + 1).unwrap_or(u8::MAX))
    }

    /// Which of the link's legs is harness leg `number` (the inverse of
    /// [`Self::leg_number`]).
    pub fn leg_index(&self, number: u8) -> Option<usize> {
        (0..self.legs.len()).find(|&k| self.leg_number(k) == number)
    }

    /// Leg `k`'s channel as a plain link: the near port, the shared path,
    /// the harness continuing on that leg, the leg's own path, and the leg's
    /// module at the far end. Budgets and traces run on it unchanged.
    pub fn leg_channel(&self, k: usize) -> Option<Link> {
        let leg = self.legs.get(k)?;
        let number = self.leg_number(k);
        let mut path = Vec::with_capacity(self.path.len() + leg.path.len());
        path.extend(self.path.iter().cloned());
        if let Some(Element::Harness(h)) = path.last_mut() {
            h.leg = number;
        }
        path.extend(leg.path.iter().cloned());
        Some(Link {
            id: leg.id.clone(),
            count: self.count,
            transceiver: self.transceiver.clone(),
            port: self.port,
            far_transceiver: Some(leg.transceiver.clone()),
            fiber: self.fiber.clone(),
            path,
            legs: Vec::new(),
            labels: None,
        })
    }
}

/// One used leg of a link's harness: its own path and far module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leg {
    #[serde(deserialize_with = "limits::link_id")]
    pub id: String,
    /// The harness leg (1-based); default: the leg's place in the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leg: Option<u8>,
    pub transceiver: String,
    /// From the harness leg to the module; empty: the leg plugs straight in.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "limits::link_path"
    )]
    pub path: Vec<Element>,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

fn port_one() -> u8 {
    1
}

fn is_port_one(n: &u8) -> bool {
    *n == 1
}

/// One element of a link's path, in order from the near transceiver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Element {
    Cable(Cable),
    /// Each adapter is one mated pair between the cable ends on either side.
    Adapter(Adapter),
    /// A fusion splice between two cables: no mated pair. Written `Splice()`.
    Splice(Splice),
    /// An LC duplex patch cord (duplex channels through cassettes).
    LcCord(LcCord),
    /// An MPO–LC cassette: the LC cord on one side plugs into its front port,
    /// the MPO cable on the other side into its rear. Two mated pairs.
    /// (Boxed, as the harness: the two largest parts would make every
    /// element of every path their size.)
    Cassette(Box<Cassette>),
    /// A harness (fan-out) cable: its MPO end toward the near module, its
    /// legs continuing in the link's `legs`. Last in a link's path.
    Harness(Box<Harness>),
    /// A leg of a design's shared trunk, where a cable would be.
    TrunkLeg(infra::TrunkLeg),
    /// A port of a design's adapter panel: one mated pair.
    PanelPort(infra::PanelPort),
    /// A front port of a cassette in a design's panel.
    CassettePort(infra::CassettePort),
}

impl Element {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Element::Cable(_) => "Cable",
            Element::Adapter(_) => "Adapter",
            Element::Splice(_) => "Splice",
            Element::LcCord(_) => "LcCord",
            Element::Cassette(_) => "Cassette",
            Element::Harness(_) => "Harness",
            Element::TrunkLeg(_) => "TrunkLeg",
            Element::PanelPort(_) => "PanelPort",
            Element::CassettePort(_) => "CassettePort",
        }
    }

    /// How people name it: "cable", "LC cord".
    pub fn noun(&self) -> &'static str {
        noun_of_kind(self.kind_name()).unwrap_or("element")
    }

    /// Cables and cords carry light; adapters, splices and cassettes join them.
    pub fn is_conductor(&self) -> bool {
        matches!(
            self,
            Element::Cable(_) | Element::LcCord(_) | Element::Harness(_) | Element::TrunkLeg(_)
        )
    }

    /// A reference to the design's shared trunks and panels.
    pub fn is_shared(&self) -> bool {
        matches!(
            self,
            Element::TrunkLeg(_) | Element::PanelPort(_) | Element::CassettePort(_)
        )
    }

    /// The panel a panel or cassette port is in.
    pub fn panel(&self) -> Option<&str> {
        match self {
            Element::PanelPort(p) => Some(&p.panel),
            Element::CassettePort(c) => Some(&c.panel),
            _ => None,
        }
    }

    /// The trunk a trunk leg runs in.
    pub fn trunk(&self) -> Option<&str> {
        match self {
            Element::TrunkLeg(t) => Some(&t.trunk),
            _ => None,
        }
    }
}

/// A harness cable in a link's path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Harness {
    /// A catalog harness id.
    pub kind: String,
    pub length_m: LengthM,
    /// The gender of its MPO end.
    pub end: Gender,
    /// The grade of its MPO end (an MPO grade).
    pub grade: String,
    /// The grade of its legs' connectors.
    pub leg_grade: String,
    /// Overrides the link's fiber for this harness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiber: Option<String>,
    /// The leg a leg's channel continues on (1-based); set by
    /// [`Link::leg_channel`], never in a file.
    #[serde(skip)]
    pub leg: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cable {
    pub role: CableRole,
    pub length_m: LengthM,
    pub fibers: FiberCount,
    pub polarity: PolarityType,
    /// (near end, far end), in path order.
    pub ends: (Gender, Gender),
    /// A catalog grade id; both ends of the cable are of this grade.
    pub grade: String,
    /// Overrides the link's fiber for this cable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiber: Option<String>,
    /// Default: the transceiver port's polish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polish: Option<Polish>,
    /// Fusion splices inside the cable.
    #[serde(
        default,
        skip_serializing_if = "is_zero",
        deserialize_with = "limits::cable_splices"
    )]
    pub splices: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adapter {
    pub keys: AdapterKeys,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Splice {
    /// A catalog splice id; default: the catalog's fusion splice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LcCord {
    pub length_m: LengthM,
    pub polarity: DuplexPolarity,
    /// A catalog grade id (an LC grade).
    pub grade: String,
    /// Overrides the link's fiber for this cord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiber: Option<String>,
}

/// TIA duplex patch cord polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DuplexPolarity {
    /// Crossed: position A at one end meets B at the other (the usual cord).
    AtoB,
    /// Straight: A meets A (TIA Method A uses one at one end).
    AtoA,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cassette {
    /// A catalog cassette id.
    pub kind: String,
    /// The front LC duplex port the channel uses (1-based).
    pub port: u8,
    /// Override the cassette's own connector grades.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lc_grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpo_grade: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CableRole {
    Cord,
    Trunk,
}

/// TIA-568.3 array polarity of a cable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PolarityType {
    /// Straight: position p to p.
    A,
    /// Reversed: position p to N+1-p.
    B,
    /// Pair-flipped: 1↔2, 3↔4, …
    C,
}

/// MPO gender: `Male` is pinned, `Female` unpinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// As installers say it: "male (pinned)", "female (unpinned)".
    pub fn words(self) -> &'static str {
        match self {
            Gender::Male => "male (pinned)",
            Gender::Female => "female (unpinned)",
        }
    }

    pub fn flipped(self) -> Self {
        match self {
            Gender::Male => Gender::Female,
            Gender::Female => Gender::Male,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Polish {
    /// Flat or ultra physical contact.
    Upc,
    /// 8° angled physical contact.
    Apc,
}

impl Polish {
    /// "UPC", "APC".
    pub fn label(self) -> &'static str {
        match self {
            Polish::Upc => "UPC",
            Polish::Apc => "APC",
        }
    }
}

/// Adapter key orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AdapterKeys {
    /// Key-up to key-down: TIA Type A adapter.
    UpDown,
    /// Key-up to key-up: TIA Type B adapter.
    UpUp,
}

/// What the editor and the messages call an element of this kind (its
/// variant name in a design file, [`Element::kind_name`]): `LcCord` is an
/// "LC cord". One place for both the analysis and the file reader.
pub fn noun_of_kind(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "Cable" => "cable",
        "Adapter" => "adapter",
        "Splice" => "splice",
        "LcCord" => "LC cord",
        "Cassette" => "cassette",
        "Harness" => "harness",
        "TrunkLeg" => "trunk leg",
        "PanelPort" => "panel port",
        "CassettePort" => "cassette port",
        _ => return None,
    })
}

//! Catalog entries as the catalog files write them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Polish;
use crate::model::units::FiberCount;

/// Insertion loss of one mated pair (or one splice) for one fiber mode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossFigures {
    pub max_db: f64,
    pub typical_db: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConnectorFamily {
    /// MPO/MTP array connectors.
    Mpo,
    /// LC duplex connectors.
    Lc,
}

impl ConnectorFamily {
    pub fn label(self) -> &'static str {
        match self {
            ConnectorFamily::Mpo => "MPO",
            ConnectorFamily::Lc => "LC",
        }
    }
}

/// A connector grade: the loss of one mated pair of two connectors of this grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub id: String,
    pub name: String,
    pub family: ConnectorFamily,
    pub multimode: LossFigures,
    pub single_mode: LossFigures,
    /// The spread of one random mating's loss, for the statistical budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_model: Option<LossModel>,
    pub source: String,
}

/// A gamma distribution of the given shape, its mean at the typical loss,
/// truncated at the max loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossModel {
    pub shape: f64,
    /// Where the shape comes from, or the reasoning behind it.
    pub source: String,
}

impl Grade {
    /// The name without its note, as designers say it: "MPO (generic, …)"
    /// is "MPO", "MTP (US Conec standard)" is "MTP".
    pub fn short_name(&self) -> &str {
        self.name.split(" (").next().unwrap_or(&self.name)
    }

    pub fn loss(&self, mode: FiberMode) -> LossFigures {
        match mode {
            FiberMode::Multimode => self.multimode,
            FiberMode::SingleMode => self.single_mode,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Splice", deny_unknown_fields)]
pub struct SpliceGrade {
    pub id: String,
    pub name: String,
    pub max_db: f64,
    pub typical_db: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_model: Option<LossModel>,
    pub source: String,
}

impl SpliceGrade {
    pub fn loss(&self) -> LossFigures {
        LossFigures {
            max_db: self.max_db,
            typical_db: self.typical_db,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FiberMode {
    Multimode,
    SingleMode,
}

impl FiberMode {
    pub fn label(self) -> &'static str {
        match self {
            FiberMode::Multimode => "multimode",
            FiberMode::SingleMode => "single-mode",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fiber {
    pub id: String,
    pub name: String,
    pub mode: FiberMode,
    /// Cabled attenuation, dB/km, by wavelength in nm.
    pub attenuation_db_per_km: BTreeMap<u32, f64>,
    pub source: String,
}

/// What a transceiver allows over one fiber type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Media {
    pub fiber: String,
    pub reach_m: f64,
    pub max_channel_loss_db: f64,
    /// The connection (mated pairs and splices) allocation of the standard's
    /// channel model, where the catalog records it: IEEE rounds its table
    /// figure to 0.1 dB, so a channel within the reach and within this
    /// allocation passes with a `loss-within-rounding` warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_allocation_db: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transceiver {
    pub id: String,
    pub name: String,
    /// The wavelength the budget uses (for two-wavelength optics, the one with
    /// the higher fiber attenuation).
    pub wavelength_nm: u32,
    /// The module's optical port.
    #[serde(default)]
    pub connector: PortConnector,
    /// Positions of the module's MPO receptacle (MPO modules only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpo_fibers: Option<FiberCount>,
    pub fibers_used: u32,
    pub port_polish: Polish,
    pub media: Vec<Media>,
    /// Which module positions carry each lane (module view, key up, 1-based,
    /// row by row). Positions in no lane are unused.
    #[serde(default)]
    pub lanes: Vec<LaneMap>,
    /// What each lane carries (rate, modulation, wavelength: `100G-PAM4-1310`):
    /// two modules interoperate lane for lane only where this is the same.
    /// An entry without it is not checked against the module at the far end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane_signal: Option<String>,
    /// Breakout lane groups of a one-port module (see [`Port::breakout`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakout: Vec<Vec<u8>>,
    /// The module's optical ports, port 1 first. A one-port entry may leave
    /// this out and describe its port with the fields above; after loading,
    /// this always lists every port and the fields above repeat port 1.
    /// (The `catalog` command writes each port with its fiber count.)
    #[serde(default, skip_serializing)]
    pub ports: Vec<Port>,
    /// Single-mode PAM4 modules: the id of the IEEE table bounding each
    /// discrete reflectance in the channel (`reflectance_tables`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflectance_table: Option<String>,
    pub source: String,
}

impl Transceiver {
    /// Positions of the module's first port: its MPO count, or 2 for LC duplex.
    pub fn port_positions(&self) -> u32 {
        positions(self.connector, self.mpo_fibers)
    }

    /// "MPO-12", "LC duplex" (the first port).
    pub fn port_label(&self) -> String {
        label(self.connector, self.mpo_fibers)
    }

    /// Port `n` (1-based).
    pub fn port(&self, n: u8) -> Option<&Port> {
        self.ports.get(usize::from(n).checked_sub(1)?)
    }

    /// Fills `ports` from the one-port fields, or those fields from port 1,
    /// so that readers of either see the same module.
    pub(crate) fn normalize(&mut self) {
        if self.ports.is_empty() {
            self.ports.push(Port {
                connector: self.connector,
                mpo_fibers: self.mpo_fibers,
                polish: self.port_polish,
                lanes: self.lanes.clone(),
                breakout: self.breakout.clone(),
            });
        } else {
            let first = &self.ports[0];
            self.connector = first.connector;
            self.mpo_fibers = first.mpo_fibers;
            self.port_polish = first.polish;
            self.lanes = first.lanes.clone();
            self.breakout = first.breakout.clone();
        }
    }
}

fn positions(connector: PortConnector, mpo_fibers: Option<FiberCount>) -> u32 {
    match (connector, mpo_fibers) {
        (PortConnector::LcDuplex, _) => 2,
        (PortConnector::Mpo, Some(f)) => f.count(),
        (PortConnector::Mpo, None) => 0,
    }
}

fn label(connector: PortConnector, mpo_fibers: Option<FiberCount>) -> String {
    match (connector, mpo_fibers) {
        (PortConnector::LcDuplex, _) => "LC duplex".to_owned(),
        (PortConnector::Mpo, Some(f)) => format!("MPO-{f}"),
        (PortConnector::Mpo, None) => "MPO".to_owned(),
    }
}

/// One optical port of a module, as sold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Port {
    #[serde(default)]
    pub connector: PortConnector,
    /// Positions of an MPO receptacle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpo_fibers: Option<FiberCount>,
    pub polish: Polish,
    /// Module view, key up, 1-based, row by row.
    #[serde(default)]
    pub lanes: Vec<LaneMap>,
    /// Breakout lane groups: the lanes (1-based) of each breakout port, in the
    /// order of a harness's legs (DR4: four one-lane groups; SR8: lanes 1–4
    /// and 5–8). Empty: the port is not broken out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakout: Vec<Vec<u8>>,
}

impl Port {
    /// Its MPO count, or 2 for LC duplex.
    pub fn positions(&self) -> u32 {
        positions(self.connector, self.mpo_fibers)
    }

    /// "MPO-12", "LC duplex".
    pub fn connector_label(&self) -> String {
        label(self.connector, self.mpo_fibers)
    }

    /// "MPO-12 APC", "LC duplex UPC".
    pub fn label(&self) -> String {
        format!("{} {}", self.connector_label(), self.polish.label())
    }

    /// The breakout group (0-based) lane `lane` (1-based) belongs to.
    pub fn group_of(&self, lane: u8) -> Option<usize> {
        self.breakout.iter().position(|g| g.contains(&lane))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PortConnector {
    /// An MPO receptacle (pinned), `mpo_fibers` positions.
    #[default]
    Mpo,
    /// An LC duplex receptacle: position 1 and 2, module view.
    LcDuplex,
}

/// An MPO–LC cassette: an MPO at the rear, LC duplex ports at the front, and
/// the position map between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Cassette", deny_unknown_fields)]
pub struct CassetteKind {
    pub id: String,
    pub name: String,
    /// The rear MPO connector inside the cassette.
    pub mpo_fibers: FiberCount,
    /// Its gender: a trunk end plugged into the rear must be the other one.
    pub rear_gender: crate::model::Gender,
    #[serde(default = "upc")]
    pub rear_polish: Polish,
    /// The rear MPO adapter: key-up/key-down or key-up/key-up.
    pub rear_keys: crate::model::AdapterKeys,
    /// Per front port (1-based, in order): the rear MPO positions (seen from
    /// the rear, key up) of its LC position A and B.
    pub ports: Vec<PortMap>,
    /// Grades of the cassette's own connectors, unless a design names others.
    pub lc_grade: String,
    pub mpo_grade: String,
    pub source: String,
}

fn upc() -> Polish {
    Polish::Upc
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortMap {
    pub a: u8,
    pub b: u8,
}

/// A harness (fan-out, breakout) cable: one MPO end, N legs, and the map
/// from the MPO's positions to each leg's positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Harness", deny_unknown_fields)]
pub struct HarnessKind {
    pub id: String,
    pub name: String,
    /// The MPO end.
    pub mpo_fibers: FiberCount,
    pub polish: Polish,
    pub legs: Vec<HarnessLeg>,
    pub source: String,
}

/// One leg of a harness.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarnessLeg {
    pub connector: PortConnector,
    /// Positions of an MPO leg (8 or 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpo_fibers: Option<FiberCount>,
    /// The polish of the leg's connector (it may differ from the MPO end's).
    pub polish: Polish,
    /// For each leg position in order (plug end face, key up, row by row):
    /// the MPO end's position (plug end face, key up) its fiber comes from;
    /// 0 where the leg position has no fiber. An MPO leg's plug is unpinned.
    pub positions: Vec<u8>,
}

impl HarnessLeg {
    /// "LC duplex", "MPO-8".
    pub fn label(&self) -> String {
        label(self.connector, self.mpo_fibers)
    }

    pub fn family(&self) -> ConnectorFamily {
        match self.connector {
            PortConnector::Mpo => ConnectorFamily::Mpo,
            PortConnector::LcDuplex => ConnectorFamily::Lc,
        }
    }
}

/// One lane: the module position its transmitter drives and the position its
/// receiver listens on. A bidirectional position may be one lane's Tx and
/// another's Rx.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaneMap {
    pub tx: u8,
    pub rx: u8,
}

/// Which modules a channel template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleKind {
    /// MPO-port modules (SR4, DR4, SR8, …).
    Parallel,
    /// LC duplex modules (SR, LR, FR1, …).
    Duplex,
}

/// The shape of a channel between two racks, from which the planner builds
/// every link of a link schedule (`catalog/templates.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Template", deny_unknown_fields)]
pub struct ChannelTemplate {
    pub id: String,
    pub name: String,
    /// The modules it is valid for.
    pub modules: Vec<ModuleKind>,
    /// Each end's patch cord (a shared trunk runs between them); unused by
    /// `Direct`, whose one cord is the link's length.
    pub cord_length_m: f64,
    /// The MPO cords' grade and the trunk's (cassettes' MPO too).
    pub cord_grade: String,
    pub trunk_grade: String,
    /// LC cords and cassette fronts, for duplex modules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lc_grade: Option<String>,
    pub shape: TemplateShape,
    pub source: String,
}

/// The parts of a templated channel, near end first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TemplateShape {
    /// Cord, panel port, trunk leg, panel port, cord (parallel modules).
    Interconnect {
        near_cord: crate::model::PolarityType,
        far_cord: crate::model::PolarityType,
        cord_ends: (crate::model::Gender, crate::model::Gender),
        trunk: crate::model::PolarityType,
        trunk_ends: (crate::model::Gender, crate::model::Gender),
        panel_keys: crate::model::AdapterKeys,
    },
    /// LC cord, cassette port, trunk leg, cassette port, LC cord (duplex).
    Cassettes {
        near_cassette: String,
        far_cassette: String,
        near_cord: crate::model::DuplexPolarity,
        far_cord: crate::model::DuplexPolarity,
        trunk: crate::model::PolarityType,
        trunk_ends: (crate::model::Gender, crate::model::Gender),
    },
    /// One cord from module to module (either kind of module).
    Direct {
        polarity: crate::model::PolarityType,
        ends: (crate::model::Gender, crate::model::Gender),
        duplex: crate::model::DuplexPolarity,
    },
}

impl ChannelTemplate {
    pub fn is_for(&self, kind: ModuleKind) -> bool {
        self.modules.contains(&kind)
    }

    /// What its cords take from a link's length (the trunk is the rest).
    pub fn cords_m(&self) -> f64 {
        match self.shape {
            TemplateShape::Direct { .. } => 0.0,
            _ => 2.0 * self.cord_length_m,
        }
    }
}

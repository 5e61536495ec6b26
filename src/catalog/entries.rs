//! Catalog entries as the catalog files write them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Polish;
use crate::units::FiberCount;

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

/// A connector grade: the loss of one mated pair of two connectors of this grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub id: String,
    pub name: String,
    pub family: ConnectorFamily,
    pub multimode: LossFigures,
    pub single_mode: LossFigures,
    pub source: String,
}

impl Grade {
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transceiver {
    pub id: String,
    pub name: String,
    /// The wavelength the budget uses (for two-wavelength optics, the one with
    /// the higher fiber attenuation).
    pub wavelength_nm: u32,
    /// Positions of the module's MPO receptacle.
    pub mpo_fibers: FiberCount,
    pub fibers_used: u32,
    pub port_polish: Polish,
    pub media: Vec<Media>,
    /// Which module positions carry each lane (module view, key up, 1-based,
    /// row by row). Positions in no lane are unused.
    #[serde(default)]
    pub lanes: Vec<LaneMap>,
    pub source: String,
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

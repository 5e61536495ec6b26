//! Catalog entries for the hand-off to the field: how a certifier's reference
//! method counts the two end connections, what a test cord's connection may
//! lose, each connector's discrete reflectance, and the IEEE tables that
//! bound reflections for single-mode PAM4 modules.

use serde::{Deserialize, Serialize};

use super::{ConnectorFamily, FiberMode};
use crate::model::Polish;

/// A field test's reference method (how the power meter was set to zero):
/// how many of the link's two end connections its measured loss includes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestMethod {
    /// `1-jumper`, `2-jumper`, `3-jumper`.
    pub id: String,
    pub name: String,
    /// End connections in the measurement: 2, 1 or 0.
    pub end_connections: u32,
    pub source: String,
}

/// The loss allowed for one connection of a reference-grade test cord to a
/// link's connector of this family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestCord {
    /// `mpo`, `lc`.
    pub id: String,
    pub family: ConnectorFamily,
    pub multimode_db: f64,
    pub single_mode_db: f64,
    pub source: String,
}

impl TestCord {
    pub fn loss_db(&self, mode: FiberMode) -> f64 {
        match mode {
            FiberMode::Multimode => self.multimode_db,
            FiberMode::SingleMode => self.single_mode_db,
        }
    }
}

/// The discrete reflectance of one mated pair of this polish in one fiber
/// mode, dB (negative: −50 dB is a reflection 50 dB below the signal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectorReflectance {
    pub id: String,
    pub polish: Polish,
    pub mode: FiberMode,
    /// The highest (worst) reflectance a connection may have.
    pub max_db: f64,
    pub typical_db: f64,
    pub source: String,
}

/// An IEEE 802.3 table of a PMD's maximum value of each discrete reflectance
/// against the number of discrete reflectances above −55 dB in the channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectanceTable {
    pub id: String,
    pub name: String,
    /// Reflections above this are counted (−55 dB in every IEEE table).
    pub counted_above_db: f64,
    /// Ascending by count.
    pub rows: Vec<ReflectanceRow>,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReflectanceRow {
    /// Number of discrete reflectances above −55 dB.
    pub count: u32,
    /// Maximum value of each of them, dB.
    pub max_db: f64,
}

impl ReflectanceTable {
    /// The largest reflectance allowed with `count` reflections above
    /// −55 dB: the row for that many, or for the next larger number listed
    /// (the tables list 1, 2, 4, 6, 8, 10); `None` past the last row.
    pub fn limit_for(&self, count: u32) -> Option<ReflectanceRow> {
        self.rows.iter().copied().find(|r| r.count >= count.max(1))
    }
}

/// A margin a design keeps under each link's limit, with why that figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignMargin {
    pub id: String,
    pub name: String,
    pub db: f64,
    pub source: String,
}

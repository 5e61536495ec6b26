//! The discrete reflectance check of single-mode PAM4 links: IEEE 802.3
//! bounds each discrete reflectance in the channel by how many of them are
//! above −55 dB (a table per PMD, in the catalog). A connection's figure is
//! its polish's, in the catalog; a fusion splice reflects far below −55 dB
//! and is not counted.

use crate::catalog::{Catalog, FiberMode, ReflectanceTable};
use crate::model::Polish;

/// Figures within this of a limit count as at the limit.
const TOLERANCE_DB: f64 = 1e-9;

/// One mated pair's reflectance: its path element and its worst figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reflection {
    pub element: usize,
    pub polish: Polish,
    pub mode: FiberMode,
    pub max_db: f64,
}

/// A link's reflectance against its module's table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReflectanceCheck {
    /// Reflections above the table's threshold (−55 dB).
    pub count_above: u32,
    pub counted_above_db: f64,
    /// The worst (highest) reflection of the channel's connections, and where.
    pub worst: Option<Reflection>,
    /// The largest each reflection may be with `count_above` of them;
    /// `None` with more reflections than the table lists.
    pub limit_db: Option<f64>,
    /// The table's last row, for the message when past it.
    pub table_rows_up_to: u32,
    pub ok: bool,
}

/// The figure of a mated pair of two plugs: the worse of their polishes'.
pub fn reflection(
    catalog: &Catalog,
    element: usize,
    polishes: (Polish, Polish),
    mode: FiberMode,
) -> Option<Reflection> {
    let figure = |p: Polish| catalog.reflectance(p, mode).map(|r| (p, r.max_db));
    let worse = match (figure(polishes.0), figure(polishes.1)) {
        (Some(a), Some(b)) => Some(if b.1 > a.1 { b } else { a }),
        (a, b) => a.or(b),
    }?;
    Some(Reflection {
        element,
        polish: worse.0,
        mode,
        max_db: worse.1,
    })
}

/// The channel's reflections judged against `table`.
pub fn check(table: &ReflectanceTable, reflections: &[Reflection]) -> ReflectanceCheck {
    // Walked twice rather than gathered: every single-mode PAM4 link asks.
    let counted = || {
        reflections
            .iter()
            .filter(|r| r.max_db > table.counted_above_db + TOLERANCE_DB)
    };
    let count_above = u32::try_from(counted().count()).unwrap_or(u32::MAX);
    let worst = reflections
        .iter()
        .copied()
        .reduce(|a, b| if b.max_db > a.max_db { b } else { a });
    let limit_db = if count_above == 0 {
        None
    } else {
        table.limit_for(count_above).map(|r| r.max_db)
    };
    let ok = count_above == 0
        || limit_db.is_some_and(|l| counted().all(|r| r.max_db <= l + TOLERANCE_DB));
    ReflectanceCheck {
        count_above,
        counted_above_db: table.counted_above_db,
        worst,
        limit_db,
        table_rows_up_to: table.rows.last().map_or(0, |r| r.count),
        ok,
    }
}

//! Application assurance: how far a channel can run with 0…N mated pairs of a
//! grade, the shorter of the transceiver's reach and the length the loss
//! budget leaves after the connections.

use serde::Serialize;

use crate::catalog::{Catalog, FiberId, GradeId, TransceiverId};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssuranceRow {
    pub grade: String,
    pub mated_pairs: u32,
    pub max_length_m: f64,
    /// `reach` or `loss`.
    pub limited_by: &'static str,
}

/// Why no table can be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssuranceError {
    FiberNotSupported,
    NoAttenuation,
}

/// Rows for each grade and 0..=`max_pairs` pairs; none where even 0 m fails.
pub fn assurance_table(
    catalog: &Catalog,
    transceiver: TransceiverId,
    fiber: FiberId,
    grades: &[GradeId],
    max_pairs: u32,
    splices: u32,
) -> Result<Vec<AssuranceRow>, AssuranceError> {
    let t = catalog.transceiver(transceiver);
    let limits = catalog
        .media(transceiver, fiber)
        .ok_or(AssuranceError::FiberNotSupported)?;
    let db_per_km = catalog
        .attenuation_db_per_km(fiber, t.wavelength_nm)
        .ok_or(AssuranceError::NoAttenuation)?;
    let mode = catalog.fiber(fiber).mode;
    let splice_db = catalog
        .find_splice(crate::catalog::DEFAULT_SPLICE_ID)
        .map_or(0.0, |s| catalog.splice(s).max_db)
        * f64::from(splices);
    let mut rows = Vec::new();
    for &g in grades {
        let grade = catalog.grade(g);
        for pairs in 0..=max_pairs {
            let left_db =
                limits.max_channel_loss_db - f64::from(pairs) * grade.loss(mode).max_db - splice_db;
            // A hair of tolerance: 0 m exactly at the limit still passes.
            if left_db < -1e-9 {
                continue;
            }
            let loss_m = if db_per_km > 0.0 {
                left_db.max(0.0) / db_per_km * 1000.0
            } else {
                f64::INFINITY
            };
            let (max_length_m, limited_by) = if limits.reach_m <= loss_m {
                (limits.reach_m, "reach")
            } else {
                (loss_m, "loss")
            };
            // To the millimetre: 128.571 m, not 128.57142857142858.
            let max_length_m = (max_length_m * 1000.0).round() / 1000.0;
            rows.push(AssuranceRow {
                grade: grade.id.clone(),
                mated_pairs: pairs,
                max_length_m,
                limited_by,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(c: &Catalog, t: &str, f: &str, g: &str) -> (TransceiverId, FiberId, GradeId) {
        match (c.find_transceiver(t), c.find_fiber(f), c.find_grade(g)) {
            (Some(t), Some(f), Some(g)) => (t, f, g),
            _ => panic!("catalog ids"),
        }
    }

    #[test]
    fn sr4_40g_on_om4_with_elite_is_reach_limited_to_two_pairs() {
        // 40GBASE-SR4, OM4: 150 m / 1.5 dB, 3.5 dB/km; Elite 0.35 dB per pair.
        // 0–2 pairs: (1.5 − n × 0.35) / 0.0035 ≥ 228.6 m > 150 m → 150 m (reach).
        // 3 pairs: (1.5 − 1.05) / 0.0035 = 128.571 m (loss); 4 pairs: 28.571 m; 5 pairs: none.
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let (t, f, g) = ids(&c, "40GBASE-SR4", "OM4", "mtp-elite");
        let rows = assurance_table(&c, t, f, &[g], 5, 0).unwrap_or_default();
        let got: Vec<(u32, String, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.mated_pairs,
                    format!("{:.3}", r.max_length_m),
                    r.limited_by,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, "150.000".into(), "reach"),
                (1, "150.000".into(), "reach"),
                (2, "150.000".into(), "reach"),
                (3, "128.571".into(), "loss"),
                (4, "28.571".into(), "loss"),
            ]
        );
    }

    #[test]
    fn standard_mpo_allows_one_pair_on_sr4_40g() {
        // Generic MPO 0.75 dB: 1 pair → (1.5 − 0.75) / 0.0035 = 214.3 m > 150 (reach);
        // 2 pairs → 0 m exactly (loss); 3 pairs → none.
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let (t, f, g) = ids(&c, "40GBASE-SR4", "OM4", "mpo");
        let rows = assurance_table(&c, t, f, &[g], 3, 0).unwrap_or_default();
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[1].max_length_m, rows[1].limited_by), (150.0, "reach"));
        assert!(rows[2].max_length_m.abs() < 1e-6 && rows[2].limited_by == "loss");
    }

    #[test]
    fn splices_come_off_the_budget_and_dr4_on_os2_reaches_its_500_m() {
        // 400GBASE-DR4, OS2: 500 m / 3.0 dB, 0.4 dB/km. 4 MTP pairs (SM 0.75) + 2 splices (0.30):
        // 3.0 − 3.0 − 0.6 < 0 → none. 3 pairs + 2 splices: 3.0 − 2.25 − 0.6 = 0.15 dB → 375 m (loss).
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let (t, f, g) = ids(&c, "400GBASE-DR4", "OS2", "mtp");
        let rows = assurance_table(&c, t, f, &[g], 4, 2).unwrap_or_default();
        assert_eq!(rows.len(), 4);
        assert!((rows[3].max_length_m - 375.0).abs() < 1e-6 && rows[3].limited_by == "loss");
        assert_eq!((rows[0].max_length_m, rows[0].limited_by), (500.0, "reach"));
        let os2_sr4 = ids(&c, "100GBASE-SR4", "OS2", "mtp");
        assert_eq!(
            assurance_table(&c, os2_sr4.0, os2_sr4.1, &[g], 2, 0),
            Err(AssuranceError::FiberNotSupported)
        );
    }
}

//! The channel's loss as a straight line in its length, per connector grade:
//! what the "loss vs length" plot and reach questions read.

use super::{LinkBudget, Part, mated_pair};
use crate::analysis::resolve::ResolvedLink;
use crate::catalog::{Catalog, ConnectorFamily, GradeId};

/// Worst-case loss of this channel's connections at one grade, as a function
/// of total length: `fixed_db + db_per_m × length`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossLine {
    /// Mated pairs (all at the grade) and splices.
    pub fixed_db: f64,
    /// The channel's fiber attenuation per metre (its cables' own, length-weighted).
    pub db_per_m: f64,
}

impl LossLine {
    pub fn at(&self, length_m: f64) -> f64 {
        self.fixed_db + self.db_per_m * length_m
    }

    /// The length at which the loss reaches `limit_db`; `None` if even 0 m exceeds it.
    pub fn length_at(&self, limit_db: f64) -> Option<f64> {
        if self.fixed_db > limit_db {
            None
        } else if self.db_per_m <= 0.0 {
            Some(f64::INFINITY)
        } else {
            Some((limit_db - self.fixed_db) / self.db_per_m)
        }
    }
}

/// The link's MPO mated pairs re-rated at `grade` (LC pairs keep their own
/// grades: an MPO grade does not apply to them), its splices and its fiber,
/// all read from the budget's breakdown: each MPO pair is the one rule's pair
/// of two `grade` ends ([`mated_pair`]), everything else as budgeted.
pub fn loss_line(
    catalog: &Catalog,
    resolved: &ResolvedLink,
    budget: &LinkBudget,
    grade: GradeId,
) -> LossLine {
    let mut fixed_db = 0.0;
    let (mut fiber_db, mut length_m) = (0.0, 0.0);
    for item in &budget.breakdown {
        match item.part {
            Part::Fiber { length_m: l, .. } => {
                length_m += l;
                fiber_db += item.worst_case_db;
            }
            Part::Splices { .. } => fixed_db += item.worst_case_db,
            Part::MatedPair { grade: g, mode } => {
                fixed_db += if catalog.grade(g).family == ConnectorFamily::Mpo {
                    mated_pair(catalog, grade, grade, mode).loss.max_db
                } else {
                    item.worst_case_db
                };
            }
        }
    }
    let db_per_m = if length_m > 0.0 {
        fiber_db / length_m
    } else {
        let wavelength = catalog.transceiver(resolved.transceiver).wavelength_nm;
        catalog
            .attenuation_db_per_km(resolved.fiber, wavelength)
            .unwrap_or(0.0)
            / 1000.0
    };
    LossLine { fixed_db, db_per_m }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::design_file;

    #[test]
    fn an_elite_channel_re_rated_at_standard_mtp() {
        // 100GBASE-SR4 on OM4, 96 m, 2 pairs. At MTP: 2 × 0.60 = 1.2 dB fixed, 0.0035 dB/m.
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/examples/format-1/100g-sr4-row.ron"
        ));
        let d = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
        let mtp = c.find_grade("mtp").unwrap_or_else(|| panic!("mtp"));
        let b = super::super::link_budget(&c, &d.design.links[0], &d.resolved[0]);
        let line = loss_line(&c, &d.resolved[0], &b, mtp);
        assert!((line.fixed_db - 1.2).abs() < 1e-9);
        assert!((line.db_per_m - 0.0035).abs() < 1e-12);
        assert!((line.at(96.0) - 1.536).abs() < 1e-9);
        // 1.9 dB limit: (1.9 − 1.2) / 0.0035 = 200 m.
        assert!((line.length_at(1.9).unwrap_or(0.0) - 200.0).abs() < 1e-6);
        assert_eq!(line.length_at(1.0), None);
    }

    #[test]
    fn at_its_own_grade_a_cassette_link_s_line_meets_its_budget() {
        // 10g-duplex-cassettes METHOD-A: LC low-loss cords (0.25 dB pairs) into
        // tia-a cassettes on an MTP Elite trunk. Re-rated at MTP Elite, nothing
        // changes, so the line at the link's length is its worst case. Before,
        // each cassette's LC pair was drawn at the trunk's 0.35 dB.
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/examples/format-1/10g-duplex-cassettes.ron"
        ));
        let d = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
        let (link, r) = (&d.design.links[0], &d.resolved[0]);
        assert_eq!(link.id, "METHOD-A");
        let b = super::super::link_budget(&c, link, r);
        let elite = c.find_grade("mtp-elite").unwrap_or_else(|| panic!("elite"));
        let line = loss_line(&c, r, &b, elite);
        let worst = b.totals.worst_case_loss_db;
        assert!(
            (line.at(b.totals.length_m) - worst).abs() < 1e-9,
            "{} vs {worst}",
            line.at(b.totals.length_m)
        );
        // 2 LC pairs × 0.25 + 2 MPO pairs × 0.35 = 1.2 dB fixed.
        assert!((line.fixed_db - 1.2).abs() < 1e-9, "{}", line.fixed_db);
    }
}

//! The channel's loss as a straight line in its length, per connector grade:
//! what the "loss vs length" plot and reach questions read.

use super::{joint_mode, mated_pair};
use crate::analysis::resolve::{ResolvedElement, ResolvedLink};
use crate::catalog::{Catalog, GradeId};
use crate::model::{Element, Link};

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
/// grades: an MPO grade does not apply to them), its splices and its fiber.
pub fn loss_line(
    catalog: &Catalog,
    link: &Link,
    resolved: &ResolvedLink,
    grade: GradeId,
) -> LossLine {
    let wavelength = catalog.transceiver(resolved.transceiver).wavelength_nm;
    let mut fixed_db = 0.0;
    let (mut fiber_db, mut length_m) = (0.0, 0.0);
    let conductor = |j: usize| {
        resolved
            .elements
            .get(j)
            .and_then(ResolvedElement::conductor)
    };
    for (i, (element, r)) in link.path.iter().zip(&resolved.elements).enumerate() {
        let neighbours = [i.checked_sub(1).and_then(conductor), conductor(i + 1)];
        let mode = joint_mode(catalog, resolved, i);
        let max_db = |a: GradeId, b: GradeId| mated_pair(catalog, a, b, mode).loss.max_db;
        // An LC pair keeps its own ends' grade (the worse of the two).
        let own_lc_grade = || {
            neighbours
                .iter()
                .flatten()
                .map(|c| c.grade)
                .reduce(|a, b| mated_pair(catalog, a, b, mode).grade)
        };
        match (element, r) {
            (Element::Cable(cable), ResolvedElement::Cable(c)) => {
                length_m += cable.length_m.get();
                fiber_db += cable.length_m.get() / 1000.0 * c.attenuation_db_per_km.unwrap_or(0.0);
                fixed_db +=
                    f64::from(cable.splices) * catalog.splice(resolved.default_splice).max_db;
            }
            (Element::LcCord(cord), ResolvedElement::LcCord(c)) => {
                length_m += cord.length_m.get();
                fiber_db += cord.length_m.get() / 1000.0 * c.attenuation_db_per_km.unwrap_or(0.0);
            }
            (_, ResolvedElement::Splice(s)) => fixed_db += catalog.splice(*s).max_db,
            (_, ResolvedElement::Cassette(k)) => {
                let lc_end = own_lc_grade().unwrap_or(k.lc_grade);
                fixed_db += max_db(k.lc_grade, lc_end) + max_db(grade, grade);
            }
            (_, ResolvedElement::Adapter) => {
                let lc_pair = matches!(link.path.get(i + 1), Some(Element::LcCord(_)));
                let g = if lc_pair {
                    own_lc_grade().unwrap_or(grade)
                } else {
                    grade
                };
                fixed_db += max_db(g, g);
            }
            _ => {}
        }
    }
    let db_per_m = if length_m > 0.0 {
        fiber_db / length_m
    } else {
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
            "/../../assets/examples/100g-sr4-row.ron"
        ));
        let d = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
        let mtp = c.find_grade("mtp").unwrap_or_else(|| panic!("mtp"));
        let line = loss_line(&c, &d.design.links[0], &d.resolved[0], mtp);
        assert!((line.fixed_db - 1.2).abs() < 1e-9);
        assert!((line.db_per_m - 0.0035).abs() < 1e-12);
        assert!((line.at(96.0) - 1.536).abs() < 1e-9);
        // 1.9 dB limit: (1.9 − 1.2) / 0.0035 = 200 m.
        assert!((line.length_at(1.9).unwrap_or(0.0) - 200.0).abs() < 1e-6);
        assert_eq!(line.length_at(1.0), None);
    }
}

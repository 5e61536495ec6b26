//! The one rule for a mated pair: which grade rates it and what it loses.
//! The budget, the loss-vs-length lines and connector selection all ask here.

use crate::analysis::resolve::{ResolvedElement, ResolvedLink};
use crate::catalog::{Catalog, FiberMode, GradeId, LossFigures};

/// A mated pair as the budget counts it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatedPair {
    /// The governing grade: the worse of the two ends'.
    pub grade: GradeId,
    pub mode: FiberMode,
    pub loss: LossFigures,
}

/// Two connector ends of grades `a` and `b` mated, on fiber of `mode`.
///
/// Vendors rate only pairs "of like performance", so a pair of mixed grades
/// is rated at the worse one (the higher max, then the higher typical).
pub fn mated_pair(catalog: &Catalog, a: GradeId, b: GradeId, mode: FiberMode) -> MatedPair {
    let (la, lb) = (catalog.grade(a).loss(mode), catalog.grade(b).loss(mode));
    let (grade, loss) = if (la.max_db, la.typical_db) >= (lb.max_db, lb.typical_db) {
        (a, la)
    } else {
        (b, lb)
    };
    MatedPair { grade, mode, loss }
}

/// The fiber mode a joint at path element `i` is rated for: single-mode if
/// the cable on either side is single-mode (a pair's single-mode figure is the
/// stricter one), multimode if both are; the link's own fiber where the joint
/// has no cable on either side.
pub fn joint_mode(catalog: &Catalog, resolved: &ResolvedLink, i: usize) -> FiberMode {
    let mut sides = [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter_map(|j| {
            resolved
                .elements
                .get(j)
                .and_then(ResolvedElement::conductor)
        })
        .map(|c| catalog.fiber(c.fiber).mode)
        .peekable();
    if sides.peek().is_none() {
        return catalog.fiber(resolved.fiber).mode;
    }
    if sides.any(|m| m == FiberMode::SingleMode) {
        FiberMode::SingleMode
    } else {
        FiberMode::Multimode
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_of_mixed_grades_is_rated_at_the_worse_one() {
        // catalog/grades.ron: MTP Elite 0.35 / 0.10 dB, MTP 0.60 / 0.20 dB multimode.
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let elite = c.find_grade("mtp-elite").unwrap_or_else(|| panic!("elite"));
        let mtp = c.find_grade("mtp").unwrap_or_else(|| panic!("mtp"));
        for (a, b) in [(elite, mtp), (mtp, elite)] {
            let p = mated_pair(&c, a, b, FiberMode::Multimode);
            assert_eq!(p.grade, mtp);
            assert!((p.loss.max_db - 0.60).abs() < 1e-12);
        }
        let p = mated_pair(&c, elite, elite, FiberMode::Multimode);
        assert!((p.loss.max_db - 0.35).abs() < 1e-12);
    }
}

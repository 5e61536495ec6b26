//! Generated designs of any size, for benchmarks and property tests: mixed
//! transceivers, fibers, grades and path lengths, the same for the same seed.
//! Their polarity and genders are right, as a designer's would be; their loss
//! varies, so some links fail the budget.

use crate::catalog::{Catalog, FiberMode};
use crate::model::units::LengthM;
use crate::model::{
    Adapter, AdapterKeys, Cable, CableRole, Design, Element, Gender, Link, PolarityType, Polish,
};

/// A small deterministic generator (SplitMix64), so generated designs need no RNG crate.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `links` links of 5, 7 or 9 path elements (3–5 cables joined by adapters),
/// over every MPO transceiver of the catalog and the fibers it supports.
pub fn synthetic_design(catalog: &Catalog, links: usize, seed: u64) -> Design {
    let mut rng = SplitMix(seed);
    let grades: Vec<&str> = catalog
        .grades()
        .iter()
        .filter(|g| g.family == crate::catalog::ConnectorFamily::Mpo)
        .map(|g| g.id.as_str())
        .collect();
    let mpo: Vec<&crate::catalog::Transceiver> = catalog
        .transceivers()
        .iter()
        .filter(|t| t.connector == crate::catalog::PortConnector::Mpo)
        .collect();
    let links = (0..links)
        .map(|n| {
            let t = mpo[rng.below(mpo.len())];
            let media = &t.media[rng.below(t.media.len())];
            // Two-row optics need an odd number of A/B cables to swap rows (README: polarity).
            let two_rows = t.mpo_fibers.is_some_and(|f| {
                matches!(
                    f,
                    crate::model::units::FiberCount::F24 | crate::model::units::FiberCount::F32
                )
            });
            let cables = if two_rows {
                3 + 2 * rng.below(2)
            } else {
                3 + rng.below(3)
            };
            let mut path = Vec::with_capacity(2 * cables - 1);
            let reach_share = media.reach_m * 0.9 / cables as f64;
            for c in 0..cables {
                if c > 0 {
                    path.push(Element::Adapter(Adapter {
                        keys: AdapterKeys::UpUp,
                    }));
                }
                let outer = c == 0 || c + 1 == cables;
                let length = if outer {
                    1.0 + rng.below(5) as f64
                } else {
                    reach_share * (0.5 + rng.below(50) as f64 / 100.0)
                };
                let single_mode = catalog
                    .find_fiber(&media.fiber)
                    .is_some_and(|f| catalog.fiber(f).mode == FiberMode::SingleMode);
                path.push(Element::Cable(Cable {
                    role: if outer {
                        CableRole::Cord
                    } else {
                        CableRole::Trunk
                    },
                    length_m: LengthM::new(length).unwrap_or_default(),
                    fibers: t.mpo_fibers.unwrap_or(crate::model::units::FiberCount::F12),
                    polarity: PolarityType::B,
                    // Female at both transceivers, one pinned end at every adapter.
                    ends: if c + 1 == cables {
                        (Gender::Female, Gender::Female)
                    } else {
                        (Gender::Female, Gender::Male)
                    },
                    grade: grades[rng.below(grades.len())].to_owned(),
                    fiber: None,
                    polish: single_mode.then_some(Polish::Apc),
                    splices: u32::from(!outer && rng.below(4) == 0),
                }));
            }
            Link {
                id: format!("L{n:05}"),
                count: 1 + rng.below(8) as u32,
                transceiver: t.id.clone(),
                port: 1,
                far_transceiver: None,
                legs: Vec::new(),
                fiber: media.fiber.clone(),
                path,
                labels: None,
            }
        })
        .map(Box::new)
        .collect();
    Design {
        name: "generated".into(),
        links,
        ..Design::default()
    }
}

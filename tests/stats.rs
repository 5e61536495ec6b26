//! The statistical budget: reproducible, converging to the analytic model,
//! and agreeing with an independent gamma sampler.

use mpo_budget_core::analysis::budget::link_budget;
use mpo_budget_core::analysis::stats::{LinkStats, LossDistribution, StatModel, simulate};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Gamma};

/// 100GBASE-SR4 on OM4 with four MTP Elite mated pairs (5 × 10 m cables).
fn four_pair_link(trials: u32, seed: u64) -> LinkStats {
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let cable = |ends: &str| {
        format!(
            "Cable(role: Cord, length_m: 10.0, fibers: 12, polarity: B, ends: ({ends}), grade: \"mtp-elite\")"
        )
    };
    let path = [
        cable("Female, Male"),
        cable("Female, Male"),
        cable("Female, Male"),
        cable("Female, Male"),
        cable("Female, Female"),
    ]
    .join(", Adapter(keys: UpUp), ");
    let text = format!(
        "Design(format: 1, name: \"s\", links: [Link(id: \"L\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{path}])])"
    );
    let d = design_file::parse("s.ron", &text, &c).unwrap_or_else(|e| panic!("{e}"));
    let b = link_budget(&c, &d.design.links[0], &d.resolved[0]);
    simulate(&StatModel::new(&c), "L", &b, trials, seed).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn same_seed_same_numbers() {
    let (a, b) = (four_pair_link(20_000, 7), four_pair_link(20_000, 7));
    assert_eq!(
        (a.mean_db, a.p50_db, a.p95_db, a.p999_db, a.p_fail),
        (b.mean_db, b.p50_db, b.p95_db, b.p999_db, b.p_fail)
    );
    assert_eq!(a.samples, b.samples);
    assert_ne!(four_pair_link(20_000, 8).mean_db, a.mean_db);
}

#[test]
fn monte_carlo_converges_to_the_analytic_mean_and_spread() {
    let s = four_pair_link(400_000, 1);
    // Fiber 0.05 km × 3.5 = 0.175 dB; the model's mean per pair is the typical 0.10 dB.
    assert!(
        (s.analytic_mean_db - (0.175 + 4.0 * 0.10)).abs() < 1e-9,
        "{}",
        s.analytic_mean_db
    );
    assert!((s.typical_loss_db - s.analytic_mean_db).abs() < 1e-9);
    let n = f64::from(s.trials);
    let stderr = s.analytic_sd_db / n.sqrt();
    assert!(
        (s.mean_db - s.analytic_mean_db).abs() < 4.0 * stderr,
        "mean {} vs {} ± {stderr}",
        s.mean_db,
        s.analytic_mean_db
    );
    let var = s
        .samples
        .iter()
        .map(|x| (x - s.mean_db).powi(2))
        .sum::<f64>()
        / (n - 1.0);
    let analytic_var = s.analytic_sd_db.powi(2);
    assert!(
        (var / analytic_var - 1.0).abs() < 0.02,
        "variance {var} vs {analytic_var}"
    );
    // Percentiles in order, all within the worst case (0.175 + 4 × 0.35 = 1.575 dB).
    assert!(s.p50_db < s.p95_db && s.p95_db < s.p999_db && s.p999_db <= s.worst_case_loss_db);
    assert!((s.worst_case_loss_db - 1.575).abs() < 1e-9);
    // The worst case (1.575 dB) is within the 1.9 dB limit, so no trial can fail.
    assert_eq!(s.p_fail, Some(0.0));
}

#[test]
fn the_tabulated_sampler_agrees_with_a_rejection_sampled_gamma() {
    // MTP, multimode: typical 0.20, max 0.60. Draw the same truncated gamma with rand_distr
    // (reject draws above max) and compare means and spreads.
    let d = LossDistribution::fit(2.0, 0.20, 0.60).unwrap_or_else(|e| panic!("{e}"));
    let gamma = Gamma::new(d.shape, d.scale).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = StdRng::seed_from_u64(3);
    let draws: Vec<f64> = std::iter::repeat_with(|| gamma.sample(&mut rng))
        .filter(|x| *x <= d.max_db)
        .take(200_000)
        .collect();
    let n = draws.len() as f64;
    let mean = draws.iter().sum::<f64>() / n;
    let sd = (draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    assert!(
        (mean - 0.20).abs() < 4.0 * sd / n.sqrt(),
        "rejection mean {mean}"
    );
    assert!(
        (sd - d.variance().sqrt()).abs() / sd < 0.02,
        "{sd} vs {}",
        d.variance().sqrt()
    );
}

#[test]
fn a_link_between_typical_and_worst_case_fails_sometimes() {
    // A04-STORAGE: 40GBASE-SR4 on OM4, 140 m, two generic MPO pairs: typical 1.19 dB,
    // worst case 1.99 dB, limit 1.5 dB.
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/examples/format-1/100g-sr4-row.ron"
    ));
    let d = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
    let b = link_budget(&c, &d.design.links[3], &d.resolved[3]);
    let s = simulate(&StatModel::new(&c), "A04-STORAGE", &b, 100_000, 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let p = s.p_fail.unwrap_or_default();
    assert!(p > 0.0 && p < 1.0, "{p}");
    assert!(s.p50_db < 1.5 && s.p999_db > 1.5);
}

#[test]
fn a_cable_of_a_thousand_splices_is_drawn_as_one_sum() {
    // 400GBASE-DR4 over one 1 km OS2 trunk with 1,000 fusion splices (the
    // per-cable limit). Before, every trial drew 1,000 splices one by one
    // (and 1,000,000 splices took minutes). The sum is now drawn at once from
    // the gamma of its exact mean and variance: 1,000 × 0.05 dB typical
    // + 0.4 dB of fiber = 50.4 dB.
    let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let text = r#"Design(format: 1, name: "s", links: [Link(id: "L", transceiver: "400GBASE-DR4", fiber: "OS2", path: [
        Cable(role: Trunk, length_m: 1000.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite", splices: 1000)])])"#;
    let d = design_file::parse("s.ron", text, &c).unwrap_or_else(|e| panic!("{e}"));
    let b = link_budget(&c, &d.design.links[0], &d.resolved[0]);
    let s = simulate(&StatModel::new(&c), "L", &b, 100_000, 3).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        (s.analytic_mean_db - 50.4).abs() < 1e-6,
        "{}",
        s.analytic_mean_db
    );
    let stderr = s.analytic_sd_db / f64::from(s.trials).sqrt();
    assert!(
        (s.mean_db - s.analytic_mean_db).abs() < 4.0 * stderr,
        "{} vs {}",
        s.mean_db,
        s.analytic_mean_db
    );
    // The spread of a sum of 1,000 independent splices is √1000 × one splice's.
    let one = LossDistribution::fit(2.0, 0.05, 0.30).unwrap_or_else(|e| panic!("{e}"));
    assert!((s.analytic_sd_db - (1000.0 * one.variance()).sqrt()).abs() < 1e-9);
    // Far below the worst case (1,000 × 0.30 + 0.4 = 300.4 dB): about 50.4 +
    // 1.645 σ at P95.
    assert!(s.p95_db < 60.0 && s.p95_db > s.mean_db, "{}", s.p95_db);
    assert!((s.worst_case_loss_db - 300.4).abs() < 1e-9);
}

//! Connector selection: the optimizer against brute force, a hand-worked link,
//! design totals; the bill of materials counted by hand.

#[path = "common/design.rs"]
mod design;

use design::catalog;
use mpo_budget_core::analysis::budget::link_budget;
use mpo_budget_core::analysis::resolve::resolve_link;
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::catalog::{Catalog, GradeId};
use mpo_budget_core::io::design_file;
use mpo_budget_core::model::synthetic::synthetic_design;
use mpo_budget_core::planning::quote::quote;
use mpo_budget_core::planning::select::{
    GradeProblem, optimize, select_design, select_link, with_grades,
};

fn prices() -> Prices {
    Prices::example().unwrap_or_else(|e| panic!("{e}"))
}

/// Every grade combination, the cheapest within the allowance (ties: lower loss).
fn brute_force(c: &Catalog, p: &GradeProblem, allowance: f64) -> Option<(f64, f64)> {
    let n = p.cables.len();
    let mut best: Option<(f64, f64)> = None;
    let mut idx = vec![0usize; n];
    loop {
        let grades: Vec<GradeId> = idx
            .iter()
            .enumerate()
            .map(|(k, o)| p.cables[k].options[*o].0)
            .collect();
        let cost: f64 = idx
            .iter()
            .enumerate()
            .map(|(k, o)| p.cables[k].options[*o].1)
            .sum();
        let db = p.dependent_db(c, &grades);
        if db <= allowance + 1e-9
            && best.is_none_or(|(bc, bd)| cost < bc - 1e-9 || ((cost - bc).abs() < 1e-9 && db < bd))
        {
            best = Some((cost, db));
        }
        let mut k = 0;
        loop {
            if k == n {
                return best;
            }
            idx[k] += 1;
            if idx[k] < p.cables[k].options.len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

#[test]
fn the_optimizer_matches_brute_force_on_random_links() {
    let (c, pr) = (catalog(), prices());
    let mut feasible = 0;
    for seed in 0..6u64 {
        let design = synthetic_design(&c, 60, 1000 + seed);
        for (n, link) in design.links.iter().enumerate() {
            let r = resolve_link(&c, link).unwrap_or_else(|e| panic!("{}", e.message));
            let p = GradeProblem::build(&c, &pr, link, &r);
            let limit = c
                .media(r.transceiver, r.fiber)
                .map_or(0.0, |m| m.max_channel_loss_db);
            let margin = [0.0, 0.2, 0.5][n % 3];
            let allowance = limit - margin - p.fixed_db;
            let dp = optimize(&c, &p, allowance);
            match brute_force(&c, &p, allowance) {
                Some((cost, db)) => {
                    feasible += 1;
                    assert!(dp.feasible, "seed {seed} link {n}");
                    assert!(
                        (dp.cost - cost).abs() < 1e-6,
                        "seed {seed} link {n}: optimizer {} vs brute force {cost}",
                        dp.cost
                    );
                    assert!(
                        (dp.dependent_db - db).abs() < 1e-9 || dp.dependent_db <= allowance + 1e-9
                    );
                    // The chosen grades, put into the link, give that loss in the real budget.
                    let chosen = with_grades(&c, link, &p, &dp.grades);
                    let rc = resolve_link(&c, &chosen).unwrap_or_else(|e| panic!("{}", e.message));
                    let worst = link_budget(&c, &chosen, &rc).totals.worst_case_loss_db;
                    assert!((worst - (p.fixed_db + dp.dependent_db)).abs() < 1e-9);
                    assert!(worst <= limit - margin + 1e-9);
                }
                None => assert!(
                    !dp.feasible,
                    "seed {seed} link {n}: brute force finds nothing"
                ),
            }
        }
    }
    assert!(
        feasible > 100,
        "the random links exercise the feasible case ({feasible})"
    );
}

#[test]
fn the_cheapest_grades_for_a_40g_storage_link() {
    // A04-STORAGE: 40GBASE-SR4, OM4 (1.5 dB), 5 m cord + 130 m trunk + 5 m cord, fiber 0.49 dB:
    // the two pairs may take 1.01 dB. Elite+Elite 0.70 fits; MTP+MTP 1.20 does not; Elite
    // trunk with one Elite and one MTP cord: 0.35 + 0.60 = 0.95 fits and is cheapest.
    // Cost (example prices): Elite trunk 105.30 + 1.25 × 130 = 267.80, Elite cord 78 + 1.25 × 5
    // = 84.25, MTP cord 42 + 1.05 × 5 = 47.25, two MPO adapters 18.00: 417.30 per link.
    let (c, pr) = (catalog(), prices());
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/examples/format-1/100g-sr4-row.ron"
    ));
    let d = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
    let s = select_link(&c, &pr, &d.design.links[3], &d.resolved[3], 0.0);
    assert!(s.feasible);
    let grades: Vec<&str> = s.grades.iter().map(|g| g.grade.as_str()).collect();
    assert_eq!(grades, ["mtp-elite", "mtp-elite", "mtp"]);
    assert!(
        (s.worst_case_loss_db - 1.44).abs() < 1e-9,
        "{}",
        s.worst_case_loss_db
    );
    assert!((s.cost - 417.30).abs() < 1e-6, "{}", s.cost);
    // With a 0.1 dB margin the MTP cord no longer fits (1.44 > 1.40): all Elite.
    let s = select_link(&c, &pr, &d.design.links[3], &d.resolved[3], 0.1);
    assert!(s.grades.iter().all(|g| g.grade == "mtp-elite"));
    // Upgrades are ranked: for the all-MPO link the trunk's pairs gain the most per dollar.
    let s = select_link(&c, &pr, &d.design.links[3], &d.resolved[3], 0.0);
    assert!(!s.upgrades.is_empty());
    assert!(
        s.upgrades
            .windows(2)
            .all(|w| w[0].db_per_cost >= w[1].db_per_cost)
    );
}

#[test]
fn design_totals_compare_standard_premium_and_optimized() {
    let (c, pr) = (catalog(), prices());
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/examples/format-1/100g-sr4-row.ron"
    ));
    let d = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
    let s = select_design(&c, &pr, &d.design, &d.resolved, 0.0);
    let names: Vec<&str> = s.totals.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["all mtp", "all mtp-elite", "optimized"]);
    let (standard, premium, optimized) = (&s.totals[0], &s.totals[1], &s.totals[2]);
    // All four links pass optimized and all-Elite; all-MTP fails A03-C01 (4 pairs) and A04.
    assert_eq!(
        (
            optimized.links_passing,
            premium.links_passing,
            standard.links_passing
        ),
        (4, 4, 2)
    );
    assert_eq!(optimized.channels_passing, 48 + 48 + 16 + 8);
    assert!(optimized.cost <= premium.cost);
}

#[test]
fn the_bill_of_materials_counts_parts_times_link_counts() {
    let (c, pr) = (catalog(), prices());
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/examples/format-1/100g-sr4-row.ron"
    ));
    let d = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
    let q = quote(&c, &pr, &d.design);
    let qty = |item: &str, grade: &str, length: Option<f64>| -> u64 {
        q.lines
            .iter()
            .filter(|l| l.item == item && l.grade == grade && l.length_m == length)
            .map(|l| l.quantity)
            .sum()
    };
    // Adapters: 48 × 2 + 48 × 2 + 16 × 4 + 8 × 2 = 272, all key-up/key-up.
    assert_eq!(qty("MPO adapter", "", None), 272);
    // Elite 3 m cords: A01-B07 × 48 × 2 = 96; Elite 2 m cords: A03-C01 × 16 × 2 = 32.
    assert_eq!(qty("MPO cable", "mtp-elite", Some(3.0)), 96);
    assert_eq!(qty("MPO cable", "mtp-elite", Some(2.0)), 32);
    // MTP 90 m trunks: 48; generic MPO 130 m trunk: 8.
    assert_eq!(qty("MPO cable", "mtp", Some(90.0)), 48);
    assert_eq!(qty("MPO cable", "mpo", Some(130.0)), 8);
    let trunk = q
        .lines
        .iter()
        .find(|l| l.grade == "mtp" && l.length_m == Some(90.0))
        .unwrap_or_else(|| panic!("trunk line"));
    assert_eq!(
        (
            trunk.role.as_str(),
            trunk.fibers.as_str(),
            trunk.polarity.as_str()
        ),
        ("Trunk", "12", "Type B")
    );
    assert_eq!(
        (
            trunk.near_end.as_str(),
            trunk.far_end.as_str(),
            trunk.polish.as_str()
        ),
        ("male (pinned)", "male (pinned)", "UPC")
    );
    // MTP 12-fiber trunk: 42 × 1.35 + 1.05 × 90 = 151.20 each, × 48 = 7257.60.
    assert_eq!(
        (trunk.unit_price, trunk.extended_price),
        (Some(151.2), Some(7257.6))
    );
    assert_eq!(q.unpriced_lines, 0);
    let sum: f64 = q.lines.iter().filter_map(|l| l.extended_price).sum();
    assert!((q.total - sum).abs() < 1e-6);
}

/// One link of `cables` 1 m cables in a row, joined by key-up/key-down adapters.
fn long_link(c: &Catalog, cables: usize) -> mpo_budget_core::model::Link {
    let cable = |ends: &str| {
        format!(
            "Cable(role: Trunk, length_m: 1.0, fibers: 12, polarity: B, ends: {ends}, grade: \"mtp\")"
        )
    };
    let path: Vec<String> = (0..cables)
        .map(|i| {
            cable(if i + 1 == cables {
                "(Female, Female)"
            } else {
                "(Female, Male)"
            })
        })
        .collect();
    let text = format!(
        "Design(format: 1, name: \"long\", links: [Link(id: \"L\", transceiver: \"400GBASE-DR4\", fiber: \"OS2\", path: [{}])])",
        path.join(", Adapter(keys: UpDown), ")
    );
    *design_file::parse("long.ron", &text, c)
        .unwrap_or_else(|e| panic!("{e}"))
        .design
        .links
        .remove(0)
}

#[test]
fn the_optimizer_stays_small_on_a_2001_element_path() {
    // 1,001 cables and 1,000 mated pairs: no grade passes (1,000 × 0.35 dB is
    // far over 3 dB), so the answer is the lowest-loss choice, all MTP Elite.
    // Before, every partial choice carried its own copy of its picks: 20 s and
    // 420 MB for this path.
    let (c, pr) = (catalog(), prices());
    let link = long_link(&c, 1001);
    assert_eq!(link.path.len(), 2001);
    let r = resolve_link(&c, &link).unwrap_or_else(|e| panic!("{}", e.message));
    let s = select_link(&c, &pr, &link, &r, 0.0);
    assert!(!s.feasible);
    let elite = c.find_grade("mtp-elite").unwrap_or_else(|| panic!("elite"));
    let p = GradeProblem::build(&c, &pr, &link, &r);
    let lowest = optimize(&c, &p, f64::NEG_INFINITY);
    assert!(lowest.grades.iter().all(|g| *g == elite));
    // 1,000 Elite pairs at 0.35 dB single-mode.
    assert!(
        (lowest.dependent_db - 350.0).abs() < 1e-6,
        "{}",
        lowest.dependent_db
    );

    // With a loss allowance of hundreds of dB every frontier fills up: the
    // search is thinned, still returns a choice within the allowance, and the
    // cheapest choice (every cable at its cheapest grade: at most 0.75 dB a
    // pair, 750 dB) is still found.
    let generous = optimize(&c, &p, 800.0);
    assert!(generous.feasible);
    assert!(generous.dependent_db <= 800.0 + 1e-9);
    let cheapest: f64 = p
        .cables
        .iter()
        .map(|k| k.options.iter().map(|o| o.1).fold(f64::INFINITY, f64::min))
        .sum();
    assert!(
        (generous.cost - cheapest).abs() < 1e-6,
        "{} vs {cheapest}",
        generous.cost
    );
}

/// Issue 17 §2: "the design as it is" is the design before any grade is
/// chosen: its cost is the quote's total, shared trunks at their own grades
/// (the shared-row example's trunks are MTP Elite; the selection moves them).
#[test]
fn the_design_as_it_is_costs_what_its_quote_totals() {
    let (c, pr) = (catalog(), prices());
    for (file, margin) in [("shared-row.ron", 0.0), ("format-1/100g-sr4-row.ron", 0.5)] {
        let path = std::path::PathBuf::from(format!(
            "{}/assets/examples/{file}",
            env!("CARGO_MANIFEST_DIR")
        ));
        let d = design_file::load(&path, &c).unwrap_or_else(|e| panic!("{e}"));
        let s = select_design(&c, &pr, &d.design, &d.resolved, margin);
        let q = quote(&c, &pr, &d.design);
        assert_eq!(s.current.cost, q.total, "{file}");
        assert_eq!(s.current.label, "the design as it is");
    }
    // 100G SR4 at 0.5 dB: only A01-B07 (×48, margin 0.864 dB) keeps it as it is;
    // A03-C01 and A04-STORAGE cannot with any grade.
    let path = std::path::PathBuf::from(format!(
        "{}/assets/examples/format-1/100g-sr4-row.ron",
        env!("CARGO_MANIFEST_DIR")
    ));
    let d = design_file::load(&path, &c).unwrap_or_else(|e| panic!("{e}"));
    let s = select_design(&c, &pr, &d.design, &d.resolved, 0.5);
    assert_eq!(
        (
            s.current.links_meeting_margin,
            s.current.channels_meeting_margin
        ),
        (1, 48)
    );
    let cannot: Vec<&str> = s.cannot_meet_margin().map(|l| l.id.as_str()).collect();
    assert_eq!(cannot, ["A03-C01", "A04-STORAGE"]);
    assert_eq!(s.totals[2].label, "cheapest mix that keeps 0.5 dB");
}

//! Budgets computed by hand from standards.md Part 1 and checked against the library.

#[path = "common/design.rs"]
mod design;

use design::{budget, close};
use mpo_budget_core::analysis::budget::{LinkBudget, code};

const ELITE_CORD: &str = r#"Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")"#;

#[test]
fn sr4_with_two_elite_pairs_passes_with_0_864_db() {
    // 100GBASE-SR4, OM4, 3 + 90 + 3 m, two MTP Elite mated pairs:
    // fiber 0.096 km × 3.5 dB/km = 0.336 dB; pairs 2 × 0.35 = 0.70 (typ 2 × 0.10).
    let b = budget(
        "100GBASE-SR4",
        "OM4",
        &format!(
            "{ELITE_CORD}, Adapter(keys: UpUp),
             Cable(role: Trunk, length_m: 90.0, fibers: 12, polarity: B, ends: (Male, Male), grade: \"mtp-elite\"),
             Adapter(keys: UpUp), {ELITE_CORD}"
        ),
    );
    assert!(
        close(b.totals.worst_case_loss_db, 1.036),
        "{}",
        b.totals.worst_case_loss_db
    );
    assert!(
        close(b.totals.typical_loss_db, 0.536),
        "{}",
        b.totals.typical_loss_db
    );
    assert_eq!(b.totals.max_channel_loss_db(), Some(1.9));
    assert_eq!(b.totals.reach_m(), Some(100.0));
    assert!(close(b.totals.margin_db().unwrap_or(f64::NAN), 0.864));
    assert_eq!(
        (b.totals.mated_pairs, b.totals.splices, b.totals.length_m),
        (2, 0, 96.0)
    );
    assert!(no_errors(&b), "{:?}", b.problems);
    let sum: f64 = b.breakdown.iter().map(|i| i.worst_case_db).sum();
    assert!(close(sum, b.totals.worst_case_loss_db));
    let sum_typ: f64 = b.breakdown.iter().map(|i| i.typical_db).sum();
    assert!(close(sum_typ, b.totals.typical_loss_db));
    assert_eq!(b.breakdown.len(), 5);
}

#[test]
fn sr4_40g_over_standard_mtp_fails_by_0_225_db() {
    // 40GBASE-SR4, OM4, 150 m, two standard MTP pairs: 0.525 + 2 × 0.60 = 1.725 dB > 1.5 dB.
    let cord = |m: f64| {
        format!(
            "Cable(role: Cord, length_m: {m:.1}, fibers: 12, polarity: B, ends: (Female, Male), grade: \"mtp\")"
        )
    };
    let b = budget(
        "40GBASE-SR4",
        "OM4",
        &format!(
            "{}, Adapter(keys: UpUp), {}, Adapter(keys: UpUp), {}",
            cord(5.0),
            cord(140.0),
            cord(5.0)
        ),
    );
    assert!(close(b.totals.worst_case_loss_db, 1.725));
    assert!(close(b.totals.typical_loss_db, 0.925)); // 0.525 + 2 × 0.20
    assert!(!b.totals.loss_ok() && b.totals.reach_ok() && !no_errors(&b));
    assert_eq!(b.problems.len(), 1);
    assert_eq!(b.problems[0].code, code::LOSS_OVER_LIMIT);
    assert_eq!(
        b.problems[0].message,
        "worst-case loss 1.725 dB exceeds the 1.5 dB that 40GBASE-SR4 allows on OM4 by 0.225 dB"
    );
    assert!(close(b.totals.margin_db().unwrap_or(f64::NAN), -0.225));
}

#[test]
fn sr4_on_om3_beyond_70_m_is_over_reach_though_the_loss_fits() {
    // 100GBASE-SR4 on OM3: 70 m / 1.8 dB. One 80 m cord: 0.28 dB, no mated pair.
    let b = budget(
        "100GBASE-SR4",
        "OM3",
        r#"Cable(role: Cord, length_m: 80.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp")"#,
    );
    assert!(close(b.totals.worst_case_loss_db, 0.28));
    assert_eq!(b.totals.mated_pairs, 0);
    assert!(b.totals.loss_ok() && !b.totals.reach_ok() && !no_errors(&b));
    let codes: Vec<_> = b.problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, [code::OVER_REACH]);
    assert_eq!(
        b.problems[0].message,
        "length 80 m exceeds the 70 m reach of 100GBASE-SR4 on OM3 by 10 m"
    );
}

#[test]
fn a_mixed_grade_pair_is_rated_at_the_worse_grade() {
    // 40GBASE-SR4, OM4: Elite cords (2 m) on a generic MPO trunk (100 m). Each pair is
    // Elite × MPO, rated MPO: 0.75 max / 0.35 typ. Fiber 0.104 km × 3.5 = 0.364 dB.
    let b = budget(
        "40GBASE-SR4",
        "OM4",
        r#"Cable(role: Cord, length_m: 2.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
           Adapter(keys: UpUp),
           Cable(role: Trunk, length_m: 100.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mpo"),
           Adapter(keys: UpUp),
           Cable(role: Cord, length_m: 2.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")"#,
    );
    assert!(close(b.totals.worst_case_loss_db, 1.864));
    assert!(close(b.totals.typical_loss_db, 1.064));
    assert_eq!(
        b.problems[0].message,
        "worst-case loss 1.864 dB exceeds the 1.5 dB that 40GBASE-SR4 allows on OM4 by 0.364 dB"
    );
}

#[test]
fn mtp_against_elite_on_single_mode_is_rated_at_single_mode_mtp() {
    // 400GBASE-DR4, OS2, 2 × 10 m: one MTP × Elite pair, single-mode MTP 0.75 / 0.25.
    // Fiber 0.02 km × 0.4 = 0.008 dB.
    let b = budget(
        "400GBASE-DR4",
        "OS2",
        r#"Cable(role: Cord, length_m: 10.0, fibers: 12, polarity: B, ends: (Female, Male), grade: "mtp"),
           Adapter(keys: UpUp),
           Cable(role: Cord, length_m: 10.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")"#,
    );
    assert!(close(b.totals.worst_case_loss_db, 0.758));
    assert!(close(b.totals.typical_loss_db, 0.258));
    assert!(no_errors(&b));
}

#[test]
fn psm4_at_1310_nm_counts_splices_inside_and_between_cables() {
    // 100G-PSM4, OS2 (500 m / 3.3 dB): 3 m Elite cord, 400 m MTP trunk with 2 splices,
    // a splice, 80 m MTP trunk, 3 m Elite cord. 486 m × 0.4 dB/km = 0.1944 dB.
    // Pairs Elite × MTP on single-mode: 2 × 0.75 (typ 2 × 0.25). Splices 3 × 0.30 (typ 3 × 0.05).
    let b = budget(
        "100G-PSM4",
        "OS2",
        r#"Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
           Adapter(keys: UpUp),
           Cable(role: Trunk, length_m: 400.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp", splices: 2),
           Splice(),
           Cable(role: Trunk, length_m: 80.0, fibers: 12, polarity: A, ends: (Male, Male), grade: "mtp"),
           Adapter(keys: UpUp),
           Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")"#,
    );
    assert!(
        close(b.totals.worst_case_loss_db, 2.5944),
        "{}",
        b.totals.worst_case_loss_db
    );
    assert!(
        close(b.totals.typical_loss_db, 0.8444),
        "{}",
        b.totals.typical_loss_db
    );
    assert_eq!((b.totals.mated_pairs, b.totals.splices), (2, 3));
    assert!(close(b.totals.margin_db().unwrap_or(f64::NAN), 0.7056));
    assert!(no_errors(&b), "{:?}", b.problems);
}

#[test]
fn a_fiber_the_transceiver_does_not_support_fails() {
    let b = budget("100GBASE-SR4", "OS2", ELITE_CORD);
    assert!(!no_errors(&b));
    assert_eq!(b.problems[0].code, code::FIBER_NOT_SUPPORTED);
    assert_eq!(
        b.problems[0].message,
        "100GBASE-SR4 does not support OS2; it supports OM3, OM4, OM5"
    );
    assert_eq!(
        (
            b.totals.max_channel_loss_db(),
            b.totals.reach_m(),
            b.totals.margin_db()
        ),
        (None, None, None)
    );
}

#[test]
fn a_direct_cord_has_no_mated_pair_and_a_loss_at_the_limit_passes() {
    // 40GBASE-SR4 on OM4: 1.5 dB. A direct cord has zero mated pairs (the two
    // connections into the modules are not in the channel).
    let b = budget("40GBASE-SR4", "OM4", ELITE_CORD);
    assert_eq!(b.totals.mated_pairs, 0);
    assert!(close(b.totals.worst_case_loss_db, 0.0105));
    assert!(b.totals.loss_ok() && no_errors(&b));
}

#[test]
fn broken_paths_are_problems_not_panics() {
    let b = budget("100GBASE-SR4", "OM4", "");
    assert_eq!(b.problems[0].code, code::PATH_EMPTY);
    let b = budget(
        "100GBASE-SR4",
        "OM4",
        &format!("Adapter(keys: UpUp), {ELITE_CORD}"),
    );
    assert_eq!(b.problems[0].code, code::PATH_ENDS_WITH_JOINT);
    assert_eq!(b.problems[0].element, Some(0));
    let b = budget(
        "100GBASE-SR4",
        "OM4",
        &format!("{ELITE_CORD}, {ELITE_CORD}"),
    );
    assert_eq!(b.problems[0].code, code::PATH_UNJOINED_CABLES);
    assert_eq!(
        b.problems[0].message,
        "cable 1 and cable 2 touch with no adapter, splice or cassette between them"
    );
    let b = budget(
        "100GBASE-SR4",
        "OM4",
        &format!("{ELITE_CORD}, Adapter(keys: UpUp), Splice(), {ELITE_CORD}"),
    );
    assert_eq!(b.problems[0].code, code::PATH_ADJACENT_JOINTS);
    assert!(!no_errors(&b));
}

#[test]
fn a_cassette_counts_its_lc_and_its_mpo_mated_pair() {
    // 10GBASE-SR on OM4 (400 m / 2.9 dB): two 3 m LC low-loss cords, two low-loss cassettes
    // (LC low loss 0.25/0.10, MTP Elite 0.35/0.10), a 120 m trunk.
    // Fiber 0.126 km × 3.5 = 0.441; LC 2 × 0.25; MPO 2 × 0.35 → 1.641 dB (typ 0.441 + 4 × 0.10 = 0.841).
    let cassette =
        r#"Cassette(kind: "tia-a", port: 1, lc_grade: "lc-low-loss", mpo_grade: "mtp-elite")"#;
    let cord = |p: &str| format!("LcCord(length_m: 3.0, polarity: {p}, grade: \"lc-low-loss\")");
    let b = budget(
        "10GBASE-SR",
        "OM4",
        &format!(
            "{}, {cassette}, Cable(role: Trunk, length_m: 120.0, fibers: 12, polarity: A, ends: (Female, Female), grade: \"mtp-elite\"), {cassette}, {}",
            cord("AtoB"),
            cord("AtoA")
        ),
    );
    assert!(
        close(b.totals.worst_case_loss_db, 1.641),
        "{}",
        b.totals.worst_case_loss_db
    );
    assert!(
        close(b.totals.typical_loss_db, 0.841),
        "{}",
        b.totals.typical_loss_db
    );
    assert_eq!(b.totals.mated_pairs, 4);
    assert!(no_errors(&b), "{:?}", b.problems);
    // With the catalog's standard cassettes (LC 0.75, MTP 0.60) the low-loss cords do not help:
    // each pair is rated at the worse grade. 0.441 + 2 × 0.75 + 2 × 0.60 = 3.141 dB > 2.9 dB.
    let b = budget(
        "10GBASE-SR",
        "OM4",
        &format!(
            "{}, Cassette(kind: \"tia-a\", port: 1), Cable(role: Trunk, length_m: 120.0, fibers: 12, polarity: A, ends: (Female, Female), grade: \"mtp-elite\"), Cassette(kind: \"tia-a\", port: 1), {}",
            cord("AtoB"),
            cord("AtoA")
        ),
    );
    assert!(
        close(b.totals.worst_case_loss_db, 0.441 + 2.0 * 0.75 + 2.0 * 0.60), // 3.141 dB
        "{}",
        b.totals.worst_case_loss_db
    );
    assert_eq!(b.problems[0].code, code::LOSS_OVER_LIMIT);
}

#[test]
fn a_cassette_needs_an_lc_cord_and_an_mpo_cable() {
    let cord = r#"LcCord(length_m: 3.0, polarity: AtoB, grade: "lc")"#;
    let b = budget(
        "10GBASE-SR",
        "OM4",
        &format!("{cord}, Cassette(kind: \"tia-a\", port: 1), {cord}"),
    );
    assert_eq!(b.problems[0].code, code::PATH_CASSETTE_SIDES);
    let b = budget(
        "10GBASE-SR",
        "OM4",
        &format!("{cord}, Adapter(keys: UpUp), {ELITE_CORD}"),
    );
    assert_eq!(b.problems[0].code, code::PATH_ADAPTER_LC_MPO);
    // Two LC cords through an LC adapter: one LC mated pair.
    let b = budget(
        "10GBASE-SR",
        "OM4",
        &format!("{cord}, Adapter(keys: UpUp), {cord}"),
    );
    assert_eq!(b.totals.mated_pairs, 1);
    assert!(
        close(b.totals.worst_case_loss_db, 0.771),
        "{}",
        b.totals.worst_case_loss_db
    );
}

/// No loss, reach, fiber or path error in the budget.
fn no_errors(b: &LinkBudget) -> bool {
    b.problems.iter().all(|p| !p.is_error())
}

//! Polarity traced lane by lane (standards.md §4.5 and §4.3), every mate rule
//! broken once and kept once, and every fix checked by applying it and tracing again.

#[path = "common/design.rs"]
mod design;

use mpo_budget_core::analysis::budget::code;
use mpo_budget_core::analysis::polarity::{PolarityReport, check_link_with_fix as check_link};
use mpo_budget_core::analysis::resolve::resolve_link;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::model::Link;

fn catalog() -> Catalog {
    let mut c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    // A 32-fiber module for the 2×16 geometry: Tx row 1, Rx row 2 (Rx lane n at 33 − n).
    let test_module = r#"Catalog(transceivers: [Transceiver(id: "test-32", name: "test 16+16 on MPO-32", wavelength_nm: 850,
        mpo_fibers: 32, fibers_used: 32, port_polish: Upc,
        media: [(fiber: "OM4", reach_m: 100.0, max_channel_loss_db: 1.9)],
        lanes: [(tx: 1, rx: 32), (tx: 2, rx: 31), (tx: 8, rx: 25), (tx: 16, rx: 17)], source: "test")])"#;
    c.merge_text("test-catalog.ron", test_module)
        .unwrap_or_else(|e| panic!("{e}"));
    c
}

fn link(transceiver: &str, fiber: &str, path: &str) -> Link {
    design::link(&catalog(), transceiver, fiber, path)
}

fn check(l: &Link) -> PolarityReport {
    let c = catalog();
    let r = resolve_link(&c, l).unwrap_or_else(|e| panic!("{}", e.message));
    check_link(&c, l, &r)
}

fn codes(r: &PolarityReport) -> Vec<&'static str> {
    r.problems.iter().map(|p| p.code).collect()
}

/// Applies the named fix and traces again: the link must then be right.
fn assert_fix_works(l: &Link) -> mpo_budget_core::analysis::polarity::Fix {
    let r = check(l);
    let fix = r
        .fix
        .clone()
        .unwrap_or_else(|| panic!("no fix for {:?}", codes(&r)));
    let fixed = fix.applied_to(l);
    let again = check(&fixed);
    assert!(
        again.ok(),
        "after the fix ({}): {:?}",
        fix.message,
        codes(&again)
    );
    assert!(again.lanes.iter().all(|l| l.ok));
    fix
}

fn cable(role: &str, polarity: &str, fibers: u32, ends: &str) -> String {
    format!(
        "Cable(role: {role}, length_m: 10.0, fibers: {fibers}, polarity: {polarity}, ends: ({ends}), grade: \"mtp-elite\")"
    )
}

const FF: &str = "Female, Female";
const MM: &str = "Male, Male";

fn method(cord1: &str, keys: &str, trunk: &str, cord2: &str, fibers: u32) -> String {
    format!(
        "{}, Adapter(keys: {keys}), {}, Adapter(keys: {keys}), {}",
        cable("Cord", cord1, fibers, FF),
        cable("Trunk", trunk, fibers, MM),
        cable("Cord", cord2, fibers, FF)
    )
}

#[test]
fn direct_type_b_cord_delivers_tx_n_to_rx_n() {
    let r = check(&link("100GBASE-SR4", "OM4", &cable("Cord", "B", 12, FF)));
    assert!(r.ok(), "{:?}", codes(&r));
    let landed: Vec<(u8, Option<u8>)> = r
        .lanes
        .iter()
        .map(|l| (l.tx_position, l.far_position))
        .collect();
    assert_eq!(
        landed,
        [(1, Some(12)), (2, Some(11)), (3, Some(10)), (4, Some(9))]
    );
    assert_eq!(r.fix, None);
}

#[test]
fn method_b_with_key_up_key_up_adapters_is_right() {
    let r = check(&link(
        "100GBASE-SR4",
        "OM4",
        &method("B", "UpUp", "B", "B", 12),
    ));
    assert!(r.ok(), "{:?}", codes(&r));
}

#[test]
fn method_a_with_one_type_b_cord_is_right() {
    let r = check(&link(
        "40GBASE-SR4",
        "OM4",
        &method("A", "UpDown", "A", "B", 12),
    ));
    assert!(r.ok(), "{:?}", codes(&r));
}

#[test]
fn method_a_with_type_a_cords_at_both_ends_is_tx_on_tx_and_one_cord_fixes_it() {
    let l = link("40GBASE-SR4", "OM4", &method("A", "UpDown", "A", "A", 12));
    let r = check(&l);
    assert!(!r.ok());
    assert_eq!(codes(&r), [code::POLARITY_TX_ON_TX]);
    let landed: Vec<Option<u8>> = r.lanes.iter().map(|l| l.far_position).collect();
    assert_eq!(
        landed,
        [Some(12), Some(11), Some(10), Some(9)].map(|p| p.map(|p| 13 - p))
    );
    assert_eq!(
        r.problems[0].message,
        "Tx lanes 1, 2, 3, 4 land on the far transceiver's transmit positions 1, 2, 3, 4: Tx meets Tx (the channel needs the Type B end-to-end map: an odd number of reversals)"
    );
    let fix = assert_fix_works(&l);
    assert_eq!((fix.element, fix.change.as_str()), (0, "polarity=B"));
    assert_eq!(
        fix.message,
        "make cable 1 a Type B cord instead of Type A (on an MTP, turn the housing of one end over); the channel then follows TIA Method A"
    );
    assert_eq!(fix.steps.len(), 1);
}

#[test]
fn a_type_c_trunk_transposes_lanes_and_the_trunk_is_the_fix() {
    // Method A with one Type B cord is right; make its trunk Type C and the pairs flip.
    let l = link("100GBASE-SR4", "OM4", &method("A", "UpDown", "C", "B", 12));
    let r = check(&l);
    assert_eq!(codes(&r), [code::POLARITY_LANES_TRANSPOSED]);
    assert_eq!(
        r.problems[0].message,
        "Tx lanes 1, 2, 3, 4 land on the far Rx of lanes 2, 1, 4, 3: lanes are transposed within the port (a Type C pair flip, or mixed polarity methods); an aggregate link comes up, as the PCS reorders lanes, but broken out these lanes would reach the wrong neighbour"
    );
    // Issue 13 §1: each Tx still reaches an Rx, so an aggregate link passes
    // with a warning (ai-optics.md §1, "Type C within one port").
    assert!(!r.problems[0].is_error());
    assert!(r.ok());
    // Tx 1 → far 11 (Rx of lane 2), Tx 2 → 12 (Rx of lane 1), …
    let landed: Vec<Option<u8>> = r.lanes.iter().map(|l| l.far_position).collect();
    assert_eq!(landed, [Some(11), Some(12), Some(9), Some(10)]);
    let fix = assert_fix_works(&l);
    assert_eq!((fix.element, fix.change.as_str()), (2, "polarity=A"));
    // In a Method B chain a Type C trunk leaves an even number of reversals as well: Tx on Tx.
    let l = link("100GBASE-SR4", "OM4", &method("B", "UpUp", "C", "B", 12));
    assert_eq!(codes(&check(&l)), [code::POLARITY_TX_ON_TX]);
    assert_eq!(assert_fix_works(&l).change, "polarity=B");
}

#[test]
fn method_b_trunk_with_method_a_adapters_is_fixed_by_an_adapter_or_cord() {
    // B cords + UpDown adapters + B trunk: H count 2 + 3 = 5, odd: right on one row.
    let ok = check(&link(
        "100GBASE-SR4",
        "OM4",
        &method("B", "UpDown", "B", "B", 12),
    ));
    assert!(ok.ok());
    // Mixing: A trunk with UpUp adapters: 2 + 2 (cords) + 2 (adapters) = 6, even: wrong.
    let l = link("100GBASE-SR4", "OM4", &method("B", "UpUp", "A", "B", 12));
    assert_eq!(codes(&check(&l)), [code::POLARITY_TX_ON_TX]);
    // Issue 17: changing a cord to Type A would also light it, but the rest
    // of the channel is Method B (Type B cords, key-up/key-up adapters): the
    // fix restores the trunk that breaks it.
    let fix = assert_fix_works(&l);
    assert_eq!((fix.element, fix.change.as_str()), (2, "polarity=B"));
    assert_eq!(
        fix.message,
        "make cable 2 a Type B trunk instead of Type A (on an MTP, turn the housing of one end over); the channel then follows TIA Method B"
    );
}

#[test]
fn sr10_on_24_fibers_needs_both_reversals() {
    // Type B 24-fiber cord: 25 − p, Tx row → Rx row.
    let r = check(&link("100GBASE-SR10", "OM4", &cable("Cord", "B", 24, FF)));
    assert!(r.ok(), "{:?}", codes(&r));
    assert_eq!(r.lanes.len(), 10);
    assert_eq!(
        (r.lanes[0].tx_position, r.lanes[0].far_position),
        (2, Some(23))
    );
    assert!(
        check(&link(
            "100GBASE-SR10",
            "OM4",
            &method("B", "UpUp", "B", "B", 24)
        ))
        .ok()
    );
    assert!(
        check(&link(
            "100GBASE-SR10",
            "OM4",
            &method("A", "UpDown", "A", "B", 24)
        ))
        .ok()
    );
    // Type B throughout but with a Type A trunk and key-up/key-up adapters: H even.
    let l = link("100GBASE-SR10", "OM4", &method("B", "UpUp", "A", "B", 24));
    assert!(!check(&l).ok());
    assert_fix_works(&l);
}

#[test]
fn sr8_on_16_fibers() {
    let r = check(&link("400GBASE-SR8", "OM4", &cable("Cord", "B", 16, FF)));
    assert!(r.ok());
    assert_eq!(
        r.lanes.iter().map(|l| l.far_position).collect::<Vec<_>>(),
        (9..=16).rev().map(Some).collect::<Vec<_>>()
    );
    let l = link(
        "800GBASE-DR8",
        "OS2",
        &cable("Cord", "A", 16, FF).replace("mtp-elite\")", "mtp-elite\", polish: Apc)"),
    );
    let r = check(&l);
    assert_eq!(codes(&r), [code::POLARITY_TX_ON_TX]);
    assert_fix_works(&l);
}

#[test]
fn thirty_two_fibers_map_33_minus_p() {
    let r = check(&link("test-32", "OM4", &method("B", "UpUp", "B", "B", 32)));
    assert!(r.ok(), "{:?}", codes(&r));
    let landed: Vec<Option<u8>> = r.lanes.iter().map(|l| l.far_position).collect();
    assert_eq!(landed, [Some(32), Some(31), Some(25), Some(17)]);
    let l = link("test-32", "OM4", &method("B", "UpDown", "A", "B", 32));
    assert!(!check(&l).ok());
    assert_fix_works(&l);
}

#[test]
fn sr4_2_bidirectional_follows_the_sr4_rules() {
    let r = check(&link(
        "400GBASE-SR4.2",
        "OM4",
        &method("B", "UpUp", "B", "B", 12),
    ));
    assert!(r.ok(), "{:?}", codes(&r));
    assert_eq!(r.lanes.len(), 8);
    let l = link("400GBASE-SR4.2", "OM4", &cable("Cord", "A", 12, FF));
    assert_eq!(codes(&check(&l)), [code::POLARITY_TX_ON_TX]);
    assert_fix_works(&l);
}

#[test]
fn base8_cables_carry_sr4_and_lose_nothing() {
    let r = check(&link(
        "100GBASE-SR4",
        "OM4",
        &method("B", "UpUp", "B", "B", 8),
    ));
    assert!(r.ok(), "{:?}", codes(&r));
    // A Type C Base-8 keeps fibers within 1–4 and 9–12, but transposes.
    let l = link("100GBASE-SR4", "OM4", &method("A", "UpDown", "C", "B", 8));
    assert_eq!(codes(&check(&l)), [code::POLARITY_LANES_TRANSPOSED]);
    assert_fix_works(&l);
}

#[test]
fn no_single_change_fixes_two_independent_faults() {
    // Tx on Tx (Type A cords, Method A) and a male cord end at the far port.
    let path = format!(
        "{}, Adapter(keys: UpDown), {}, Adapter(keys: UpDown), {}",
        cable("Cord", "A", 12, FF),
        cable("Trunk", "A", 12, MM),
        cable("Cord", "A", 12, "Female, Male")
    );
    let l = link("100GBASE-SR4", "OM4", &path);
    let r = check(&l);
    assert_eq!(
        codes(&r),
        [code::GENDER_PINNED_AT_PORT, code::POLARITY_TX_ON_TX]
    );
    let fix = assert_fix_works(&l);
    assert_eq!(fix.steps.len(), 2);
    assert!(
        fix.message
            .starts_with("no single change fixes it; the shortest sequence found: "),
        "{}",
        fix.message
    );
}

// ---- every mate rule: one link that breaks it, one that keeps it ----

#[test]
fn gender_at_each_adapter_and_port() {
    // Two Type B cords and a key-up/key-up adapter: 2 + 2 + 1 reversals, right polarity.
    let both_female = format!(
        "{}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, FF),
        cable("Cord", "B", 12, FF)
    );
    let r = check(&link("100GBASE-SR4", "OM4", &both_female));
    assert_eq!(codes(&r), [code::GENDER_BOTH_FEMALE]);
    assert_eq!(r.problems[0].element, Some(1));
    assert_eq!(
        r.problems[0].message,
        "adapter 1 joins two female ends: one side must be pinned (male), or the ferrules do not align"
    );
    assert_fix_works(&link("100GBASE-SR4", "OM4", &both_female));

    let both_male = format!(
        "{}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, "Female, Male"),
        cable("Cord", "B", 12, "Male, Female")
    );
    assert_eq!(
        codes(&check(&link("100GBASE-SR4", "OM4", &both_male))),
        [code::GENDER_BOTH_MALE]
    );

    let pinned_at_port = cable("Cord", "B", 12, "Male, Female");
    let r = check(&link("100GBASE-SR4", "OM4", &pinned_at_port));
    assert_eq!(codes(&r), [code::GENDER_PINNED_AT_PORT]);
    assert_eq!(r.fix.map(|f| f.change), Some("near_end=Female".to_owned()));

    let right = format!(
        "{}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, "Female, Male"),
        cable("Cord", "B", 12, FF)
    );
    assert!(check(&link("100GBASE-SR4", "OM4", &right)).ok());
}

#[test]
fn apc_meets_only_apc() {
    let apc = |polarity: &str, ends: &str| {
        cable("Cord", polarity, 12, ends).replace("\")", "\", polish: Apc)")
    };
    let upc = |polarity: &str, ends: &str| {
        cable("Cord", polarity, 12, ends).replace("\")", "\", polish: Upc)")
    };
    let mixed = format!(
        "{}, Adapter(keys: UpUp), {}",
        apc("B", "Female, Male"),
        upc("B", FF)
    );
    let r = check(&link("400GBASE-DR4", "OS2", &mixed));
    assert_eq!(
        codes(&r),
        [code::POLISH_PORT_MISMATCH, code::POLISH_MISMATCH]
    );
    assert_eq!(
        r.problems[1].message,
        "adapter 1 joins APC to UPC: APC (angled) mates only APC, UPC/flat only UPC/flat"
    );
    assert_eq!(
        r.fix, None,
        "no polarity or gender change fixes a polish mismatch"
    );
    let right = format!(
        "{}, Adapter(keys: UpUp), {}",
        apc("B", "Female, Male"),
        apc("B", FF)
    );
    assert!(check(&link("400GBASE-DR4", "OS2", &right)).ok());
    // The default polish is the port's: DR4 ports are APC.
    assert!(check(&link("400GBASE-DR4", "OS2", &cable("Cord", "B", 12, FF))).ok());
}

#[test]
fn multimode_never_meets_single_mode_and_mixed_om_types_warn() {
    let trunk_os2 = cable("Trunk", "B", 12, MM).replace("\")", "\", fiber: \"OS2\")");
    let path = format!(
        "{}, Adapter(keys: UpUp), {trunk_os2}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, FF),
        cable("Cord", "B", 12, FF)
    );
    let r = check(&link("100GBASE-SR4", "OM4", &path));
    assert!(codes(&r).contains(&code::FIBER_MODE_MISMATCH));
    assert!(!r.ok());

    let trunk_om3 = cable("Trunk", "B", 12, MM).replace("\")", "\", fiber: \"OM3\")");
    let path = format!(
        "{}, Adapter(keys: UpUp), {trunk_om3}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, FF),
        cable("Cord", "B", 12, FF)
    );
    let r = check(&link("100GBASE-SR4", "OM4", &path));
    assert_eq!(codes(&r), [code::FIBER_MIXED_TYPES]);
    assert!(r.ok(), "a mix of OM3 and OM4 is a warning only");
    assert!(
        check(&link(
            "100GBASE-SR4",
            "OM4",
            &method("B", "UpUp", "B", "B", 12)
        ))
        .problems
        .is_empty()
    );
}

#[test]
fn fiber_counts_and_keys() {
    let twelve_to_sixteen = format!(
        "{}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, "Female, Male"),
        cable("Cord", "A", 16, FF)
    );
    let r = check(&link("100GBASE-SR4", "OM4", &twelve_to_sixteen));
    assert!(
        codes(&r).contains(&code::KEY_OFFSET_MISMATCH),
        "{:?}",
        codes(&r)
    );
    assert!(
        codes(&r).contains(&code::KEY_PORT_MISMATCH),
        "the 16-fiber cord does not fit the MPO-12 port"
    );
    assert!(codes(&r).contains(&code::POLARITY_LANE_LOST));

    let twentyfour_to_twelve = format!(
        "{}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 24, "Female, Male"),
        cable("Cord", "A", 12, FF)
    );
    let r = check(&link("100GBASE-SR10", "OM4", &twentyfour_to_twelve));
    assert!(
        codes(&r).contains(&code::KEY_COUNT_MISMATCH),
        "{:?}",
        codes(&r)
    );

    let eight_to_twelve = format!(
        "{}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 8, "Female, Male"),
        cable("Cord", "B", 12, FF)
    );
    assert!(
        check(&link("100GBASE-SR4", "OM4", &eight_to_twelve)).ok(),
        "Base-8 mates with 12"
    );
}

// ---- duplex channels through MPO–LC cassettes (TIA methods A, B and C) ----

fn lc_cord(polarity: &str) -> String {
    format!("LcCord(length_m: 3.0, polarity: {polarity}, grade: \"lc-low-loss\")")
}

fn duplex(cord1: &str, near: &str, trunk: &str, far: &str, cord2: &str) -> String {
    format!(
        "{}, Cassette(kind: \"{near}\", port: 1), Cable(role: Trunk, length_m: 100.0, fibers: 12, polarity: {trunk}, ends: (Female, Female), grade: \"mtp\"), Cassette(kind: \"{far}\", port: 1), {}",
        lc_cord(cord1),
        lc_cord(cord2)
    )
}

#[test]
fn duplex_method_a_needs_one_a_to_a_cord() {
    let r = check(&link(
        "10GBASE-SR",
        "OM4",
        &duplex("AtoB", "tia-a", "A", "tia-a", "AtoA"),
    ));
    assert!(r.ok(), "{:?}", codes(&r));
    assert_eq!(
        (r.lanes[0].tx_position, r.lanes[0].far_position),
        (1, Some(2))
    );
    let l = link(
        "10GBASE-SR",
        "OM4",
        &duplex("AtoB", "tia-a", "A", "tia-a", "AtoB"),
    );
    let r = check(&l);
    assert_eq!(codes(&r), [code::POLARITY_TX_ON_TX]);
    let fix = assert_fix_works(&l);
    assert_eq!((fix.element, fix.change.as_str()), (0, "polarity=AtoA"));
    assert_eq!(fix.message, "make LC cord 1 an A-to-A cord");
}

#[test]
fn duplex_method_b_pairs_port_for_port_with_the_inverted_cassette() {
    let r = check(&link(
        "25GBASE-SR",
        "OM4",
        &duplex("AtoB", "tia-b", "B", "tia-b-inverted", "AtoB"),
    ));
    assert!(r.ok(), "{:?}", codes(&r));
    // The same (non-inverted) cassette at both ends sends port 1 to port 6.
    let l = link(
        "25GBASE-SR",
        "OM4",
        &duplex("AtoB", "tia-b", "B", "tia-b", "AtoB"),
    );
    let r = check(&l);
    assert_eq!(codes(&r), [code::POLARITY_WRONG_PORT]);
    assert_eq!(r.problems[0].element, Some(3));
    assert!(
        r.problems[0]
            .message
            .starts_with("Tx lane 1 comes out of cassette 2 at front port 6, not port 1"),
        "{}",
        r.problems[0].message
    );
    let fix = assert_fix_works(&l);
    // Port 6 at either end pairs the two; the near cassette comes first in the path.
    assert_eq!((fix.element, fix.change.as_str()), (1, "port=6"));
    assert_eq!(fix.message, "use front port 6 of cassette 1");
}

#[test]
fn duplex_method_c_pair_flips_in_the_trunk() {
    assert!(
        check(&link(
            "100GBASE-FR1",
            "OS2",
            &duplex("AtoB", "tia-a", "C", "tia-a", "AtoB")
        ))
        .ok()
    );
    // Method C cords on a Type A trunk: the pair flip is missing.
    let l = link(
        "100GBASE-FR1",
        "OS2",
        &duplex("AtoB", "tia-a", "A", "tia-a", "AtoB"),
    );
    assert_eq!(codes(&check(&l)), [code::POLARITY_TX_ON_TX]);
    assert_fix_works(&l);
}

#[test]
fn duplex_ports_and_cassette_mates_are_checked() {
    // An LC cord into an MPO module, an MPO cable into an LC duplex module.
    let r = check(&link("100GBASE-SR4", "OM4", &lc_cord("AtoB")));
    assert_eq!(codes(&r)[0], code::KEY_PORT_MISMATCH);
    let r = check(&link("10GBASE-SR", "OM4", &cable("Cord", "B", 12, FF)));
    assert_eq!(codes(&r)[0], code::KEY_PORT_MISMATCH);
    assert!(
        r.problems[0]
            .message
            .contains("10GBASE-SR's LC duplex port does not take cable 1's MPO connector")
    );
    // A male trunk end into the cassette's male rear MPO.
    let male = duplex("AtoB", "tia-a", "A", "tia-a", "AtoA")
        .replace("ends: (Female, Female)", "ends: (Male, Female)");
    let r = check(&link("10GBASE-SR", "OM4", &male));
    assert_eq!(codes(&r), [code::GENDER_BOTH_MALE]);
    assert_eq!(r.problems[0].element, Some(1));
    // A 24-fiber trunk into an MPO-12 cassette.
    let wide = duplex("AtoB", "tia-a", "A", "tia-a", "AtoA").replace("fibers: 12", "fibers: 24");
    assert!(codes(&check(&link("10GBASE-SR", "OM4", &wide))).contains(&code::KEY_COUNT_MISMATCH));
}

/// A long path of cables whose genders or ferrules no three changes can mend.
fn long_link(cables: usize, cable: impl Fn(usize) -> String) -> Link {
    let path: Vec<String> = (0..cables)
        .map(cable)
        .collect::<Vec<_>>()
        .join("\n,Adapter(keys: UpDown),\n")
        .split('\n')
        .map(str::to_owned)
        .collect();
    link("100GBASE-SR4", "OM4", &path.join(""))
}

#[test]
fn the_fix_search_is_bounded_on_long_hopeless_links() {
    // 160 cables pinned at both ends: 161 wrong mates. Before, the search tried
    // every combination of up to three of ~800 candidates (minutes); one
    // gender change mends one mate, so no fix exists and none is searched.
    let pinned = long_link(160, |_| {
        "Cable(role: Trunk, length_m: 1.0, fibers: 12, polarity: B, ends: (Male, Male), grade: \"mtp\")".into()
    });
    let r = check(&pinned);
    assert!(r.problems.iter().any(|p| p.code == code::GENDER_BOTH_MALE));
    assert!(r.fix.is_none());

    // 160 cables with right genders but 12- and 16-fiber ferrules alternating:
    // lanes are lost at every other adapter, no polarity change helps, and the
    // search stops at its work limit instead of trying millions of combinations.
    let mixed = long_link(160, |i| {
        let ends = if i == 0 {
            "(Female, Male)"
        } else if i == 159 {
            "(Female, Female)"
        } else {
            "(Female, Male)"
        };
        let fibers = if i % 2 == 0 { 12 } else { 16 };
        format!(
            "Cable(role: Trunk, length_m: 0.5, fibers: {fibers}, polarity: B, ends: {ends}, grade: \"mtp\")"
        )
    });
    let r = check(&mixed);
    assert!(!r.ok());
    assert!(r.fix.is_none());
}

#[test]
fn a_long_link_with_one_wrong_cord_still_gets_its_fix() {
    // 81 Type B cables through key-up/key-down adapters: an odd number of Type B
    // reversals is right; make the first cord Type A and it is wrong by one flip.
    let l = long_link(81, |i| {
        let polarity = if i == 0 { "A" } else { "B" };
        let role = if i == 0 { "Cord" } else { "Trunk" };
        let ends = if i == 80 {
            "(Female, Female)"
        } else {
            "(Female, Male)"
        };
        format!(
            "Cable(role: {role}, length_m: 0.5, fibers: 12, polarity: {polarity}, ends: {ends}, grade: \"mtp\")"
        )
    });
    let fix = assert_fix_works(&l);
    assert_eq!(fix.steps.len(), 1);
    assert_eq!(fix.element, 0, "{}", fix.message);
}

#[test]
fn a_path_problem_never_hides_the_mate_problems() {
    // Two male/male cables and a trailing adapter: before, polarity said OK.
    let l = link(
        "100GBASE-SR4",
        "OM4",
        r#"Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp"),
           Adapter(keys: UpDown),
           Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp"),
           Adapter(keys: UpDown)"#,
    );
    let r = check(&l);
    assert!(!r.ok());
    let found = codes(&r);
    for wanted in [
        code::GENDER_PINNED_AT_PORT,
        code::GENDER_BOTH_MALE,
        code::POLARITY_NOT_TRACED,
    ] {
        assert!(found.contains(&wanted), "{wanted} missing from {found:?}");
    }
}

#[test]
fn a_pinned_trunk_end_in_a_cassette_gets_the_fix_at_that_end() {
    // TIA Method A with the trunk's far end pinned: the far cassette's rear MPO
    // is pinned too. Before, the fix search did not count cassette-rear mates
    // and named the trunk's near end, which added a second fault.
    let l = link(
        "10GBASE-SR",
        "OM4",
        r#"LcCord(length_m: 3.0, polarity: AtoB, grade: "lc-low-loss"),
           Cassette(kind: "tia-a", port: 1, lc_grade: "lc-low-loss", mpo_grade: "mtp-elite"),
           Cable(role: Trunk, length_m: 120.0, fibers: 12, polarity: A, ends: (Female, Male), grade: "mtp-elite"),
           Cassette(kind: "tia-a", port: 1, lc_grade: "lc-low-loss", mpo_grade: "mtp-elite"),
           LcCord(length_m: 3.0, polarity: AtoA, grade: "lc-low-loss")"#,
    );
    let r = check(&l);
    assert!(
        codes(&r).contains(&code::GENDER_BOTH_MALE),
        "{:?}",
        codes(&r)
    );
    let fix = assert_fix_works(&l);
    assert_eq!(fix.changes.len(), 1);
    assert_eq!(fix.element, 2, "{}", fix.message);
    assert!(fix.message.contains("far end female"), "{}", fix.message);
}

#[test]
fn no_fix_is_offered_for_a_path_that_cannot_be_traced() {
    let l = link(
        "100GBASE-SR4",
        "OM4",
        r#"Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp"),
           Adapter(keys: UpDown),
           Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp"),
           Adapter(keys: UpDown)"#,
    );
    let r = check(&l);
    assert!(codes(&r).contains(&code::POLARITY_NOT_TRACED));
    assert!(r.fix.is_none(), "{:?}", r.fix.map(|f| f.message));
}

#[test]
fn the_tia_method_of_a_channel_is_named_and_spliced_cables_count_as_one() {
    use mpo_budget_core::analysis::polarity::tia_method;
    let method_of =
        |path: &str| tia_method(&link("100GBASE-SR4", "OM4", path).path).map(|m| m.name());
    assert_eq!(
        method_of(&method("B", "UpUp", "B", "B", 12)),
        Some("TIA Method B")
    );
    assert_eq!(
        method_of(&method("A", "UpDown", "A", "B", 12)),
        Some("TIA Method A")
    );
    assert_eq!(
        method_of(&method("B", "UpDown", "A", "A", 12)),
        Some("TIA Method A")
    );
    // A Type C trunk is a duplex method's: no parallel method.
    assert_eq!(method_of(&method("A", "UpDown", "C", "B", 12)), None);
    // Mixed: a Type A trunk among Type B cords and key-up/key-up adapters.
    assert_eq!(method_of(&method("B", "UpUp", "A", "B", 12)), None);
    // Two Type B trunks spliced together reverse twice: as one Type A trunk,
    // so this channel follows no method, and the trace says it is wrong.
    let spliced = format!(
        "{}, Adapter(keys: UpUp), {}, Splice(), {}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, FF),
        cable("Trunk", "B", 12, MM),
        cable("Trunk", "B", 12, "Male, Male"),
        cable("Cord", "B", 12, FF)
    );
    assert_eq!(method_of(&spliced), None);
    assert!(!check(&link("100GBASE-SR4", "OM4", &spliced)).ok());
    // A Type B riser spliced to a Type A one reverses once, as one Type B
    // trunk (the 400G DR4 example's H1-R12-H2-R03).
    let riser = format!(
        "{}, Adapter(keys: UpUp), {}, Splice(), {}, Adapter(keys: UpUp), {}",
        cable("Cord", "B", 12, FF),
        cable("Trunk", "B", 12, MM),
        cable("Trunk", "A", 12, MM),
        cable("Cord", "B", 12, FF)
    );
    assert_eq!(method_of(&riser), Some("TIA Method B"));
    assert!(check(&link("100GBASE-SR4", "OM4", &riser)).ok());
}

//! The design limits (model/limits.rs): each value past its limit is refused
//! at its field with the limit named; values inside are kept as written.

#[path = "common/design.rs"]
mod design;

use design::catalog;
use mpo_budget_core::analysis::analyze;
use mpo_budget_core::io::design_file;

/// One link; `count` and the trunk's length and splices as given.
fn design(id: &str, count: &str, trunk_m: &str, splices: &str) -> String {
    format!(
        r#"Design(
    format: 1,
    name: "limits",
    links: [
        Link(
            id: "{id}",
            count: {count},
            transceiver: "400GBASE-DR4",
            fiber: "OS2",
            path: [
                Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
                Adapter(keys: UpUp),
                Cable(role: Trunk, length_m: {trunk_m}, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite", splices: {splices}),
            ],
        ),
    ],
)
"#
    )
}

fn refused(text: &str) -> String {
    match design_file::parse("limits.ron", text, &catalog()) {
        Ok(_) => panic!("must be refused:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn large_values_inside_the_limits_are_kept_as_written() {
    // 250,000 identical links, a 90 km trunk, 150 splices: all allowed.
    let c = catalog();
    let d = design_file::parse("limits.ron", &design("L", "250000", "90000.0", "150"), &c)
        .unwrap_or_else(|e| panic!("{e}"));
    let link = &d.design.links[0];
    assert_eq!(link.count, 250_000);
    let a = analyze(&c, link, &d.resolved[0]);
    // 90,003 m of OS2 at 0.4 dB/km (1310 nm) = 36.0012 dB, 1 Elite pair 0.35 dB,
    // 150 fusion splices at 0.30 dB max = 45 dB: 81.3512 dB.
    assert!(
        (a.budget.totals.worst_case_loss_db - 81.3512).abs() < 1e-9,
        "{}",
        a.budget.totals.worst_case_loss_db
    );
    assert_eq!(a.budget.totals.splices, 150);
}

#[test]
fn a_length_past_100_km_is_refused_with_the_limit_named() {
    let e = refused(&design("L", "1", "200000.0", "0"));
    assert_eq!(
        e,
        "limits.ron:13:46: link \"L\" field `path[2].length_m`: expected a length of at most 100000 m (the limit), found 200000"
    );
}

#[test]
fn counts_and_splices_that_would_wrap_are_refused() {
    let e = refused(&design("L", "20000000", "90.0", "0"));
    assert!(
        e.contains(
            "field `count`: expected at most 10000000 identical links (the limit), found 20000000"
        ),
        "{e}"
    );
    // 2^31 splices: two such cables used to add up to 0 in a u32.
    let e = refused(&design("L", "1", "90.0", "2147483648"));
    assert!(
        e.contains("field `path[2].splices`: expected at most 1000 splices in one cable (the limit), found 2147483648"),
        "{e}"
    );
    let e = refused(&design("L", "4294967296", "90.0", "0"));
    assert!(e.contains("found 4294967296"), "{e}");
}

#[test]
fn a_link_id_past_256_characters_is_refused() {
    let long = "x".repeat(65_536);
    let e = refused(&design(&long, "1", "90.0", "0"));
    assert!(
        e.contains("expected a link id of at most 256 characters (the limit), found 65536"),
        "{}",
        &e[..e.len().min(300)]
    );
}

#[test]
fn a_path_past_10000_elements_is_refused() {
    let cable = r#"Cable(role: Trunk, length_m: 1.0, fibers: 12, polarity: B, ends: (Female, Male), grade: "mtp")"#;
    let path = vec![cable; 5_001].join(", Adapter(keys: UpDown), ");
    let text = format!(
        "Design(format: 1, name: \"long\", links: [Link(id: \"L\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{path}])])"
    );
    let e = refused(&text);
    assert!(
        e.contains("expected at most 10000 elements in one link's path (the limit), found more"),
        "{e}"
    );
}

#[test]
fn quick_mode_refuses_more_pairs_than_a_path_may_hold() {
    use mpo_budget_core::model::quick::{QuickLink, quick_link};
    let c = catalog();
    let q = |mated_pairs, splices| QuickLink {
        transceiver: "100GBASE-SR4",
        fiber: "OM4",
        length_m: 100.0,
        mated_pairs,
        grade: "mtp",
        splices,
    };
    // u32::MAX pairs used to wrap to one 0 m cable: an empty budget.
    let refused = |q: QuickLink| match quick_link(&c, &q) {
        Ok(_) => panic!("must be refused"),
        Err(e) => e.to_string(),
    };
    let e = refused(q(u32::MAX, 0));
    assert!(
        e.contains("field `--mated-pairs`: expected at most 4999 mated pairs (a path of at most 10000 elements, the limit), found 4294967295"),
        "{e}"
    );
    let e = refused(q(2, 2_000_000_000));
    assert!(
        e.contains("expected at most 1000 splices (the limit)"),
        "{e}"
    );
    let l = quick_link(&c, &q(4999, 0)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.path.len(), 9999);
}

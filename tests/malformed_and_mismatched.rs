//! Links that must never look healthy: a path that cannot be traced, and a
//! connector grade of the wrong family. Each was a silent or wrong answer.

#[path = "common/design.rs"]
mod design;

use std::process::Command;

use design::{catalog, load};

use mpo_budget_core::analysis::analyze;
use mpo_budget_core::analysis::budget::{Check, code};
use mpo_budget_core::model::{Adapter, AdapterKeys, Element};

fn analyse_file(path: &str) -> mpo_budget_core::analysis::LinkAnalysis {
    let c = catalog();
    let d = load(&c, path);
    analyze(&c, &d.design.links[0], &d.resolved[0])
}

fn cli(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn two_adapters_side_by_side_cannot_be_traced_and_nothing_says_ok() {
    let a = analyse_file("tests/data/two-adapters-side-by-side.ron");
    assert!(!a.pass());
    assert!(
        !a.polarity.ok(),
        "polarity must not be right on an untraceable path"
    );
    let not_traced = a
        .polarity
        .problems
        .iter()
        .find(|p| p.code == code::POLARITY_NOT_TRACED)
        .unwrap_or_else(|| panic!("{:?}", a.polarity.problems));
    // Element 2 is the second adapter: the first place the path stops alternating.
    assert_eq!(not_traced.element, Some(2));
    assert!(not_traced.message.contains("could not be traced"));
    assert!(a.polarity.lanes.is_empty());
    assert_eq!(a.verdict.failed.labels(), "path");
    assert!(a.polarity.fix.is_none());

    let (status, out) = cli(&["polarity", "tests/data/two-adapters-side-by-side.ron"]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("ADJ (100GBASE-SR4): WRONG"), "{out}");
    assert!(
        out.contains("[polarity-not-traced] polarity could not be traced"),
        "{out}"
    );
    let (status, json) = cli(&[
        "polarity",
        "tests/data/two-adapters-side-by-side.ron",
        "--format",
        "json",
    ]);
    assert_eq!(status, 1);
    assert!(json.contains("\"ok\": false"), "{json}");
}

#[test]
fn an_lc_grade_on_an_mpo_trunk_is_a_grade_family_mismatch() {
    // The 90 m trunk names "lc" (LC duplex, 0.75 dB): the file opens, and the
    // link fails on that mate in calc, polarity and the report.
    let a = analyse_file("tests/data/lc-grade-on-mpo-trunk.ron");
    let p = a
        .problems()
        .find(|p| p.code == code::GRADE_FAMILY_MISMATCH)
        .unwrap_or_else(|| panic!("{:?}", a.problems().collect::<Vec<_>>()));
    assert_eq!(p.element, Some(2));
    assert!(
        p.message.contains("cable 2") && p.message.contains("\"lc\""),
        "{}",
        p.message
    );
    assert!(!a.pass());
    assert_eq!(a.verdict.failed.labels(), "mates");

    for command in ["calc", "polarity"] {
        let (status, out) = cli(&[command, "tests/data/lc-grade-on-mpo-trunk.ron"]);
        assert_eq!(status, 1, "{command}: {out}");
        assert!(
            out.contains("[grade-family-mismatch] cable 2 has grade \"lc\""),
            "{command}: {out}"
        );
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let html = dir.path().join("r.html");
    let html_arg = html.to_string_lossy().into_owned();
    cli(&[
        "report",
        "tests/data/lc-grade-on-mpo-trunk.ron",
        "--out",
        &html_arg,
    ]);
    let text = std::fs::read_to_string(&html).unwrap_or_default();
    assert!(text.contains("grade-family-mismatch"));
}

#[test]
fn grades_of_the_right_family_raise_no_mismatch_on_any_shipped_example() {
    let c = catalog();
    for name in ["100g-sr4-row", "400g-dr4-apc", "10g-duplex-cassettes"] {
        let d = load(&c, &format!("assets/examples/{name}.ron"));
        for (l, r) in d.design.links.iter().zip(&d.resolved) {
            let a = analyze(&c, l, r);
            assert!(
                a.problems().all(|p| p.code != code::GRADE_FAMILY_MISMATCH),
                "{name} {}",
                l.id
            );
        }
    }
}

#[test]
fn what_a_link_fails_is_named() {
    // Method A cabled with Type A cords at both ends: loss fine, polarity wrong.
    let c = catalog();
    let d = load(&c, "tests/data/polarity-method-a-wrong.ron");
    let a = analyze(&c, &d.design.links[0], &d.resolved[0]);
    assert!(a.budget.totals.loss_ok() && a.budget.totals.reach_ok());
    assert!(!a.pass());
    assert_eq!(
        a.verdict.failed.iter().collect::<Vec<_>>(),
        [Check::Polarity]
    );
    let right = analyze(&c, &d.design.links[1], &d.resolved[1]);
    assert!(right.pass() && right.verdict.failed.is_empty());

    // A path made malformed in memory: the budget's path problem and the
    // polarity's "not traced" both say path, and only path.
    let mut broken = d.design.links[1].clone();
    broken.path.insert(
        1,
        Element::Adapter(Adapter {
            keys: AdapterKeys::UpDown,
        }),
    );
    let r = mpo_budget_core::analysis::resolve::resolve_link(&c, &broken)
        .unwrap_or_else(|e| panic!("{}", e.message));
    let a = analyze(&c, &broken, &r);
    assert_eq!(a.verdict.failed.labels(), "path");

    let (_, json) = cli(&[
        "calc",
        "tests/data/polarity-method-a-wrong.ron",
        "--format",
        "json",
    ]);
    assert!(
        json.contains("\"failed\": [\n        \"polarity\"\n      ]"),
        "{json}"
    );

    // The table says what failed, not only FAIL beside a positive margin.
    let (_, text) = cli(&["calc", "tests/data/polarity-method-a-wrong.ron"]);
    let wrong_row = text
        .lines()
        .find(|l| l.starts_with("WRONG "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        wrong_row.ends_with("0.604      150  FAIL (polarity)"),
        "{wrong_row}"
    );
    let (_, csv) = cli(&[
        "calc",
        "tests/data/polarity-method-a-wrong.ron",
        "--format",
        "csv",
    ]);
    assert!(
        csv.lines()
            .next()
            .unwrap_or("")
            .ends_with(",problems,failed,leg,leg_transceiver"),
        "{csv}"
    );
    assert!(
        csv.lines().nth(1).unwrap_or("").ends_with(",polarity,,"),
        "{csv}"
    );
}

#[test]
fn select_never_calls_a_link_ok_that_fails_on_something_grades_cannot_mend() {
    // The WRONG link's loss passes with any grade; its polarity does not.
    // Before, select printed it as fine and exited 0.
    let (status, out) = cli(&["select", "tests/data/polarity-method-a-wrong.ron"]);
    assert_eq!(status, 1, "{out}");
    let wrong = out
        .lines()
        .find(|l| l.starts_with("WRONG "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        wrong.ends_with("(FAIL (polarity): grades cannot mend it; see calc)"),
        "{wrong}"
    );
    let right = out.lines().find(|l| l.starts_with("RIGHT ")).unwrap_or("");
    assert!(!right.contains("FAIL"), "{right}");
    let (_, json) = cli(&[
        "select",
        "tests/data/polarity-method-a-wrong.ron",
        "--format",
        "json",
    ]);
    assert!(json.contains("\"pass\": false"), "{json}");
}

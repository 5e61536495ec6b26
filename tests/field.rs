//! The hand-off to the field: reflectance of single-mode PAM4 channels, test
//! limits for the certifier, and measured results judged against the design.
//! Figures are worked by hand from `catalog/field.ron`, `grades.ron`,
//! `fibers.ron` and `transceivers.ron`.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/design.rs"]
mod design;

use design::budget;
use mpo_budget_core::analysis::budget::code;

/// `pairs` mated pairs between `pairs + 1` MTP Elite cables of 10 m, all of
/// one polish: cords and trunks alternating through key-up/key-up adapters.
fn chain(pairs: usize, polish: &str) -> String {
    let cable = |role: &str, ends: &str| {
        format!(
            r#"Cable(role: {role}, length_m: 10.0, fibers: 12, polarity: B, ends: {ends}, grade: "mtp-elite", polish: {polish})"#
        )
    };
    let mut parts = vec![cable("Cord", "(Female, Female)")];
    for k in 0..pairs {
        parts.push("Adapter(keys: UpUp)".to_owned());
        parts.push(if k % 2 == 0 {
            cable("Trunk", "(Male, Male)")
        } else {
            cable("Cord", "(Female, Female)")
        });
    }
    parts.join(", ")
}

#[test]
fn a_dr4_channel_of_upc_connections_fails_on_reflectance_and_passes_with_apc() {
    // 400GBASE-DR4 is judged by the table `pam4-200g-lane-group`: at most
    // -33 dB each with 4 reflections above -55 dB, -37 dB with 7 (the row
    // for 8). A single-mode UPC mated pair is at most -35 dB (`sm-upc`), an
    // APC one -60 dB (`sm-apc`, below -55 dB: not counted).
    let upc7 = budget("400GBASE-DR4", "OS2", &chain(7, "Upc"));
    let r = upc7.reflectance.expect("DR4 has a reflectance table");
    assert_eq!(r.count_above, 7);
    assert_eq!(r.limit_db, Some(-37.0));
    assert_eq!(r.worst.map(|w| w.max_db), Some(-35.0));
    assert!(!r.ok);
    let p = upc7
        .problems
        .iter()
        .find(|p| p.code == code::REFLECTANCE_OVER_LIMIT)
        .expect("reflectance-over-limit");
    assert!(p.is_error());
    assert!(
        p.message.contains("UPC single-mode mated pair at -35")
            && p.message.contains("at most -37")
            && p.message.contains("7 reflections above -55"),
        "{}",
        p.message
    );

    // Four UPC pairs: -35 dB is within the -33 dB of the row for 4.
    let upc4 = budget("400GBASE-DR4", "OS2", &chain(4, "Upc"));
    let r = upc4.reflectance.expect("table");
    assert_eq!((r.count_above, r.limit_db, r.ok), (4, Some(-33.0), true));
    assert!(
        upc4.problems
            .iter()
            .all(|p| p.code != code::REFLECTANCE_OVER_LIMIT)
    );

    // The same seven connections in APC: none above -55 dB.
    let apc7 = budget("400GBASE-DR4", "OS2", &chain(7, "Apc"));
    let r = apc7.reflectance.expect("table");
    assert_eq!((r.count_above, r.limit_db, r.ok), (0, None, true));
    assert_eq!(r.worst.map(|w| w.max_db), Some(-60.0));
    assert!(
        apc7.problems
            .iter()
            .all(|p| p.code != code::REFLECTANCE_OVER_LIMIT)
    );
}

#[test]
fn a_multimode_module_has_no_reflectance_check() {
    let b = budget(
        "100GBASE-SR4",
        "OM4",
        &chain(2, "Upc").replace("mtp-elite", "mtp"),
    );
    assert!(b.reflectance.is_none());
}

/// TIA Method B between two panels: 3 m cord, key-up/key-up panel adapter,
/// `trunk` m trunk, adapter, 3 m cord; MTP Elite, Type B throughout.
fn two_panels(trunk: f64) -> String {
    format!(
        r#"Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
           Adapter(keys: UpUp),
           Cable(role: Trunk, length_m: {trunk:?}, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite"),
           Adapter(keys: UpUp),
           Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")"#
    )
}

fn limit_row(
    method: &str,
    scope: mpo_budget_core::field::limits::Scope,
) -> mpo_budget_core::field::limits::LimitRow {
    use mpo_budget_core::field::limits;
    let c = design::catalog();
    let loaded = design::parse_link(&c, "100GBASE-SR4", "OM4", &two_panels(90.0));
    let m = limits::method(&c, method).unwrap_or_else(|e| panic!("{e}"));
    let mut rows = limits::limits(&c, &loaded, m, scope);
    assert_eq!(rows.len(), 1);
    rows.remove(0)
}

#[test]
fn a_1_jumper_limit_for_an_sr4_channel_with_two_panels() {
    use mpo_budget_core::field::limits::Scope;
    // 100GBASE-SR4 on OM4 allows 1.9 dB over 100 m (the IEEE channel, without
    // the two module connections). A 1-jumper test includes both end
    // connections: two reference-grade test cord connections at 0.50 dB.
    // Limit: 1.9 + 2 × 0.50 = 2.9 dB. Design: 2 × 0.50 + two MTP Elite
    // pairs 2 × 0.35 + 96 m × 3.5 dB/km (0.336) = 2.036 dB.
    let r = limit_row("1-jumper", Scope::Channel);
    assert_eq!(r.limit_db, Some(2.9));
    assert!(design::close(r.design_db, 2.036), "{}", r.design_db);
    assert_eq!(r.max_length_m, Some(100.0));
    assert_eq!((r.connections, r.splices), (4, 0));
    assert_eq!(r.polarity, vec!["B"]);
    assert_eq!((r.wavelength_nm, r.length_m), (850, 96.0));
    assert_eq!(
        r.formula,
        "2 test-cord connections at 0.5 dB + 2 mated pairs at 0.35 dB + 96 m at 3.5 dB/km"
    );

    // 3-jumper: neither end connection; the IEEE figure itself.
    let r = limit_row("3-jumper", Scope::Channel);
    assert_eq!(r.limit_db, Some(1.9));
    assert!(design::close(r.design_db, 1.036), "{}", r.design_db);
    assert_eq!(r.connections, 2);

    // The permanent link, 1-jumper: the test cords plug into the two panels.
    // Left out: the cords' 6 m (0.021 dB) and their two mated pairs (0.70):
    // limit 1.9 − 0.721 + 1.0 = 2.179 dB over at most 94 m; design 1.0 +
    // 90 m × 3.5 dB/km (0.315) = 1.315 dB; the trunk alone is Type B.
    let r = limit_row("1-jumper", Scope::PermanentLink);
    assert_eq!(r.limit_db, Some(2.179));
    assert!(design::close(r.design_db, 1.315), "{}", r.design_db);
    assert_eq!(r.max_length_m, Some(94.0));
    assert_eq!((r.connections, r.polarity.clone()), (2, vec!["B"]));
}

#[test]
fn a_results_file_with_one_link_of_each_verdict() {
    use mpo_budget_core::field::limits::{Scope, method};
    use mpo_budget_core::field::verify::{Judgement, verify};
    let c = design::catalog();
    let loaded = design::load(&c, "assets/examples/100g-sr4-row.ron");
    let measured = mpo_budget_core::io::results::read(&design::repo(
        "assets/examples/100g-sr4-row.results.csv",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let m = method(&c, "1-jumper").unwrap_or_else(|e| panic!("{e}"));
    let report = verify(&c, &loaded, &measured, m, Scope::Channel);
    let verdict_of = |link: &str| -> Vec<Judgement> {
        report
            .results
            .iter()
            .filter(|r| r.link == link)
            .map(|r| r.verdict)
            .collect()
    };
    // The A01-B07 links: 3 m + 90 m + 3 m of MTP Elite through two panels,
    // 100GBASE-SR4 on OM4: limit 1.9 + 2 × 0.50 = 2.9 dB, design 2.036 dB.
    let row = |link: &str| {
        report
            .results
            .iter()
            .find(|r| r.link == link)
            .unwrap_or_else(|| panic!("{link}"))
    };
    assert_eq!(
        (row("A01-B07/2").limit_db, row("A01-B07/2").design_db),
        (Some(2.9), Some(2.036))
    );
    // 3.05 dB > 2.9: over the limit.
    assert_eq!(verdict_of("A01-B07/2"), vec![Judgement::OverLimit]);
    // 2.31 dB: within 2.9 but above the 2.036 dB worst case.
    assert_eq!(verdict_of("A01-B07/3"), vec![Judgement::AboveDesign]);
    // 1.98 dB: within the worst case, above the model's 99.9th percentile,
    // which lies between the fixed part (two test cords 1.0 + fiber 0.336)
    // and the worst case.
    assert_eq!(verdict_of("A01-B07/4"), vec![Judgement::Suspicious]);
    let p = row("A01-B07/4").p999_db.expect("p99.9");
    assert!(p > 1.336 && p < 1.98, "{p}");
    // 110 m measured against 96 m designed: more than 5 % (4.8 m) off.
    assert_eq!(verdict_of("A01-B07/5"), vec![Judgement::LengthMismatch]);
    // No result for A01-B07/6; A01-B07/7 measured fiber by fiber, without
    // fiber 12 (SR4 lights positions 1-4 and 9-12).
    assert_eq!(verdict_of("A01-B07/6"), vec![Judgement::Missing]);
    let seven = verdict_of("A01-B07/7");
    assert_eq!(seven.iter().filter(|v| **v == Judgement::Pass).count(), 7);
    assert!(
        report
            .missing
            .iter()
            .any(|m| m.link == "A01-B07/7" && m.fiber.as_deref() == Some("12"))
    );
    assert!(
        report
            .missing
            .iter()
            .any(|m| m.link == "A01-B07/6" && m.fiber.is_none())
    );
    // Nothing else is missing: every other link has its result.
    assert_eq!(report.missing.len(), 2, "{:?}", report.missing);
    // A result for a link the design does not have.
    assert_eq!(verdict_of("A09-B99/1"), vec![Judgement::Unknown]);
    assert_eq!(verdict_of("A01-B07/1"), vec![Judgement::Pass]);
    assert!(!report.pass);
}

#[test]
fn a_bad_results_file_names_every_bad_cell() {
    let text =
        "link,wavelength_nm,loss_db,length_m\nL1,850,abc,10\nL2,9999,0.5,10\nL3,850,0.4,-3\n";
    let e = mpo_budget_core::io::results::parse("r.csv", text).expect_err("bad rows");
    let all = e.to_string();
    for needle in [
        "r.csv:2:3",
        "loss_db",
        "r.csv:3:2",
        "wavelength_nm",
        "r.csv:4:4",
        "length_m",
    ] {
        assert!(all.contains(needle), "{needle} in {all}");
    }
}

#[test]
fn limits_and_verify_write_the_json_fields_scripts_read() {
    let o = cli::run(&[
        "limits",
        "assets/examples/100g-sr4-row.ron",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", cli::stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&cli::stdout(&o)).expect("json");
    let first = &v["links"][0];
    for key in [
        "id",
        "leg",
        "wavelength_nm",
        "reference",
        "scope",
        "limit_db",
        "design_db",
        "max_length_m",
        "connections",
        "splices",
        "polarity",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert_eq!(first["reference"], "1-jumper");
    assert_eq!(first["polarity"][0], "B");

    let o = cli::run(&[
        "verify",
        "assets/examples/100g-sr4-row.ron",
        "assets/examples/100g-sr4-row.results.csv",
        "--format",
        "json",
    ]);
    // Over-limit, missing and unknown results fail the hand-off: exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", cli::stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&cli::stdout(&o)).expect("json");
    let r = &v["results"][0];
    for key in [
        "link",
        "leg",
        "fiber",
        "wavelength_nm",
        "loss_db",
        "limit_db",
        "design_db",
        "verdict",
    ] {
        assert!(r.get(key).is_some(), "{key} in {r}");
    }
    assert_eq!(v["missing"][0]["link"], "A01-B07/6");
    assert_eq!(v["counts"]["over-limit"], 1);

    let o = cli::run(&[
        "limits",
        "assets/examples/100g-sr4-row.ron",
        "--reference",
        "4-jumper",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        cli::stderr(&o).contains("1-jumper, 2-jumper, 3-jumper"),
        "{}",
        cli::stderr(&o)
    );
}

#[test]
fn the_report_carries_the_test_results_and_the_reflectance() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("r.html");
    let o = cli::run(&[
        "report",
        "assets/examples/100g-sr4-row.ron",
        "--results",
        "assets/examples/100g-sr4-row.results.csv",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", cli::stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("<h2>Test results</h2>"));
    assert!(
        html.contains("1 over-limit, 2 missing, 1 unknown"),
        "the counts"
    );
    assert!(
        html.contains("inspect and clean the connectors"),
        "the advice for suspicious"
    );

    let out = dir.path().join("dr4.html");
    let o = cli::run(&[
        "report",
        "assets/examples/400g-dr4-apc.ron",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", cli::stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("Reflectance: 0 above -55 dB, worst -60 dB: ok."));
    assert!(!html.contains("<h2>Test results</h2>"));
}

#[test]
fn a_permanent_link_through_a_harness_leaves_out_the_harness_and_its_mated_pair() {
    use mpo_budget_core::field::limits::{Scope, limits, method};
    // ai-cluster-breakouts, SP1-1/1 leg 1 (800G-2xDR4 on OS2, 3.0 dB): cord
    // 3 m, adapter, trunk 120 m, adapter, harness 3 m to the module. The
    // permanent link is the trunk: left out are the cord and the harness
    // (6 m at 0.4 dB/km = 0.0024) and their two MTP Elite pairs (0.70):
    // limit 3.0 − 0.7024 + 2 × 0.50 = 3.298 dB; design 1.0 + 0.048 = 1.048.
    let c = design::catalog();
    let loaded = design::load(&c, "assets/examples/ai-cluster-breakouts.ron");
    let m = method(&c, "1-jumper").unwrap_or_else(|e| panic!("{e}"));
    let rows = limits(&c, &loaded, m, Scope::PermanentLink);
    let leg1 = rows
        .iter()
        .find(|r| r.id == "SP1-1/1" && r.leg == Some(1))
        .expect("leg 1");
    assert_eq!(leg1.limit_db, Some(3.298));
    assert!(design::close(leg1.design_db, 1.048), "{}", leg1.design_db);
    assert_eq!((leg1.connections, leg1.length_m), (2, 120.0));
    // Leg 3 goes on through a harness leg and an LC adapter to an LC cord:
    // its permanent link keeps the trunk's far pair (harness MPO end) and
    // the harness, and leaves out the LC pair and the LC cord.
    let leg3 = rows
        .iter()
        .find(|r| r.id == "SP1-1/1" && r.leg == Some(3))
        .expect("leg 3");
    assert_eq!(leg3.connections, 3);
    assert_eq!(leg3.length_m, 123.0);
}

#[test]
fn the_far_module_s_stricter_reflectance_table_is_met_too() {
    use mpo_budget_core::io::design_file;
    // Five single-mode UPC pairs at -35 dB: 400GBASE-DR4's table allows
    // -35 dB with 6 (the row for 5); 400GBASE-DR4-2's table only -38 dB.
    let c = design::catalog();
    let text = format!(
        "Design(format: 1, name: \"t\", links: [Link(id: \"L\", transceiver: \"400GBASE-DR4\", far_transceiver: \"400GBASE-DR4-2\", fiber: \"OS2\", path: [{}])])",
        chain(5, "Upc")
    );
    let loaded = design_file::parse("t.ron", &text, &c).unwrap_or_else(|e| panic!("{e}"));
    let b = mpo_budget_core::analysis::budget::link_budget(
        &c,
        &loaded.design.links[0],
        &loaded.resolved[0],
    );
    let r = b.reflectance.expect("tables");
    assert_eq!((r.count_above, r.limit_db, r.ok), (5, Some(-38.0), false));
    let p = b
        .problems
        .iter()
        .find(|p| p.code == code::REFLECTANCE_OVER_LIMIT)
        .expect("reflectance-over-limit");
    assert!(
        p.message.contains("400GBASE-DR4-2 allows at most -38"),
        "{}",
        p.message
    );
    // Alone, 400GBASE-DR4 passes the same channel.
    let alone = budget("400GBASE-DR4", "OS2", &chain(5, "Upc"));
    assert!(alone.reflectance.expect("table").ok);
}

#[test]
fn results_match_ids_exactly_before_without_case_and_legs_by_their_module() {
    use mpo_budget_core::field::limits::{Scope, method};
    use mpo_budget_core::field::verify::{Judgement, verify};
    use mpo_budget_core::io::design_file;
    let c = design::catalog();
    // Two links whose ids differ only in case: each result goes to its own.
    let path = two_panels(90.0);
    let text = format!(
        "Design(format: 1, name: \"t\", links: [Link(id: \"A1\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{path}]), Link(id: \"a1\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{path}])])"
    );
    let loaded = design_file::parse("t.ron", &text, &c).unwrap_or_else(|e| panic!("{e}"));
    let measured = mpo_budget_core::io::results::parse(
        "r.csv",
        "link,wavelength_nm,loss_db\nA1,850,1.2\na1,850,3.5\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = method(&c, "1-jumper").unwrap_or_else(|e| panic!("{e}"));
    let report = verify(&c, &loaded, &measured, m, Scope::Channel);
    let v = |id: &str| {
        report
            .results
            .iter()
            .filter(|r| r.link == id)
            .map(|r| r.verdict)
            .collect::<Vec<_>>()
    };
    assert_eq!(v("A1"), vec![Judgement::Pass]);
    assert_eq!(v("a1"), vec![Judgement::OverLimit]);
    assert!(report.missing.is_empty());

    // A leg measured fiber by fiber: 100GBASE-DR (leg 3 of SP1-1/1) lights
    // positions 1 and 2 of its LC port; both measured, nothing missing.
    let loaded = design::load(&c, "assets/examples/ai-cluster-breakouts.ron");
    let measured = mpo_budget_core::io::results::parse(
        "r.csv",
        "link,leg,fiber,wavelength_nm,loss_db\nSP1-1/1,3,1,1310,1.2\nSP1-1/1,3,2,1310,1.3\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = verify(&c, &loaded, &measured, m, Scope::Channel);
    assert!(
        !report
            .missing
            .iter()
            .any(|x| x.link == "SP1-1/1" && x.leg == Some(3)),
        "{:?}",
        report.missing
    );
}

#[test]
fn the_catalog_lists_the_field_figures_with_their_modules() {
    let o = cli::run(&["catalog", "field"]);
    assert_eq!(o.status.code(), Some(0), "{}", cli::stderr(&o));
    let text = cli::stdout(&o);
    assert!(text.contains("1-jumper   2"), "{text}");
    assert!(
        text.contains("sm-upc     UPC single-mode -35 / -50"),
        "{text}"
    );
    let table = text
        .lines()
        .find(|l| l.starts_with("pam4-200g-lane-group"))
        .expect("the table");
    assert!(
        table.contains("4: -33") && table.contains("400GBASE-DR4,"),
        "{table}"
    );
}

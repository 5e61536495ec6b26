//! The binary run as scripts run it: output, field names and exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run mpo-budget: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn calc_text_matches_the_golden_file() {
    let o = run(&["calc", "assets/examples/format-1/100g-sr4-row.ron"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "two links of the example fail by design"
    );
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden/format-1/100g-sr4-row.txt"),
    )
    .unwrap_or_default();
    assert_eq!(stdout(&o), golden);
    assert_eq!(stderr(&o), "");
}

#[test]
fn calc_json_keeps_the_contract_field_names() {
    let o = run(&[
        "calc",
        "assets/examples/format-1/400g-dr4-apc.ron",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["design"], "Hall 1 to Hall 2, 400G DR4 single-mode");
    assert_eq!(v["pass"], true);
    let link = &v["links"][0];
    for field in [
        "id",
        "transceiver",
        "fiber",
        "length_m",
        "mated_pairs",
        "splices",
        "worst_case_loss_db",
        "typical_loss_db",
        "max_channel_loss_db",
        "reach_m",
        "margin_db",
        "pass",
        "problems",
        "breakdown",
    ] {
        assert!(link.get(field).is_some(), "missing {field}");
    }
    // 5 + 180 + 220 + 5 m of OS2 at 0.4 dB/km = 0.164; 2 Elite pairs 0.70; 2 splices 0.60.
    assert_eq!(link["worst_case_loss_db"], 1.464);
    assert_eq!(link["typical_loss_db"], 0.464); // 0.164 + 0.20 + 0.10
    assert_eq!(link["margin_db"], 1.536);
    assert_eq!(link["splices"], 2);
    assert_eq!(link["breakdown"].as_array().map(Vec::len), Some(8));
}

#[test]
fn calc_csv_has_a_header_and_one_row_per_link() {
    let o = run(&[
        "calc",
        "assets/examples/format-1/100g-sr4-row.ron",
        "--format",
        "csv",
    ]);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(
        lines[0].starts_with(
            "id,count,transceiver,fiber,length_m,mated_pairs,splices,worst_case_loss_db"
        )
    );
    assert_eq!(
        lines[1],
        "A01-B07,48,100GBASE-SR4,OM4,96.0,2,0,1.036,0.536,1.9,100.0,0.864,true,,,,"
    );
    assert!(
        lines[3].ends_with(",false,loss-over-limit,loss,,"),
        "{}",
        lines[3]
    );
}

#[test]
fn quick_mode_equals_the_same_link_written_in_a_file() {
    let quick = run(&[
        "calc",
        "--transceiver",
        "40gbase-sr4",
        "--fiber",
        "om4",
        "--length-m",
        "150",
        "--mated-pairs",
        "2",
        "--grade",
        "MTP",
        "--format",
        "json",
    ]);
    let file = run(&[
        "calc",
        "tests/data/quick-equivalent.ron",
        "--format",
        "json",
    ]);
    assert_eq!(quick.status.code(), Some(1));
    assert_eq!(file.status.code(), Some(1));
    let (q, f) = (json(&quick), json(&file));
    for field in [
        "transceiver",
        "fiber",
        "length_m",
        "mated_pairs",
        "splices",
        "worst_case_loss_db",
        "typical_loss_db",
        "margin_db",
        "problems",
    ] {
        assert_eq!(q["links"][0][field], f["links"][0][field], "{field}");
    }
    assert_eq!(q["links"][0]["worst_case_loss_db"], 1.725);
}

#[test]
fn quick_mode_with_splices() {
    // 100G-PSM4 on OS2, 300 m, 2 MTP Elite pairs, 2 splices: 0.12 + 0.70 + 0.60 = 1.42 dB.
    let o = run(&[
        "calc",
        "--transceiver",
        "100G-PSM4",
        "--fiber",
        "OS2",
        "--length-m",
        "300",
        "--mated-pairs",
        "2",
        "--grade",
        "mtp-elite",
        "--splices",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["links"][0]["worst_case_loss_db"], 1.42);
}

#[test]
fn catalog_lists_every_transceiver() {
    let o = run(&["catalog", "transceivers", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let ids: Vec<&str> = v["transceivers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 35, "the 19 of Part 1 and issue 13's 16");
    assert!(ids.contains(&"400GBASE-SR4.2") && ids.contains(&"800GBASE-DR8"));
    // Issue 13: one entry per port, each with its connector, fibers, polish and lanes.
    let twin = v["transceivers"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["id"] == "800G-2xDR4")
        .unwrap_or_else(|| panic!("800G-2xDR4"));
    let ports = twin["ports"].as_array().map_or(0, Vec::len);
    assert_eq!(ports, 2);
    for p in twin["ports"].as_array().into_iter().flatten() {
        assert_eq!(
            (&p["connector"], &p["fibers"], &p["polish"]),
            (
                &serde_json::json!("Mpo"),
                &serde_json::json!(12),
                &serde_json::json!("Apc")
            )
        );
        assert_eq!(p["lanes"].as_array().map_or(0, Vec::len), 4);
    }
    assert!(v.get("grades").is_none());
    let text = stdout(&run(&["catalog"]));
    assert!(text.contains("mtp-elite") && text.contains("OS2") && text.contains("100GBASE-SR10"));
    assert!(text.contains("800G-2xDR4") && text.contains("2×MPO-12"));
    // `catalog harnesses`, and its JSON: the leg maps as data.
    let text = stdout(&run(&["catalog", "harnesses"]));
    assert!(
        text.contains("mpo12-4xlc") && text.contains("1:LC duplex UPC [12 1]"),
        "{text}"
    );
    let v = json(&run(&["catalog", "harnesses", "--format", "json"]));
    let ids: Vec<&str> = v["harnesses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["id"].as_str())
        .collect();
    for id in ["mpo12-4xlc", "mpo12-6xlc", "mpo16-2xmpo8", "mpo24-2xmpo12"] {
        assert!(ids.contains(&id), "{id}");
    }
    assert!(v.get("transceivers").is_none());
}

#[test]
fn a_user_catalog_replaces_a_grade_by_id() {
    let o = run(&[
        "calc",
        "tests/data/good.ron",
        "--catalog",
        "tests/data/user-catalog.ron",
        "--format",
        "json",
    ]);
    // The user's mtp-elite is 0.20 dB max: 0.3255 + 0.20 dB for L1.
    assert_eq!(json(&o)["links"][0]["worst_case_loss_db"], 0.5255);
}

/// Each bad input exits 2 with one message naming file, line:column, link and field.
#[test]
fn bad_inputs_exit_2_with_a_message_naming_the_place() {
    let cases = [
        (
            "tests/data/no-such-file.ron",
            "error: tests/data/no-such-file.ron: cannot read the design file: No such file or directory (os error 2)",
        ),
        (
            "tests/data/bad-syntax.ron",
            "error: tests/data/bad-syntax.ron:5:5: RON syntax error: Expected comma",
        ),
        (
            "tests/data/bad-transceiver.ron",
            "error: tests/data/bad-transceiver.ron:8:13: link \"L1\" field `transceiver`: unknown transceiver \"100GBASE-SR\"; known ids nearest to it: 100GBASE-SR4, 100GBASE-SR10, 100GBASE-DR",
        ),
        (
            "tests/data/bad-fiber.ron",
            "error: tests/data/bad-fiber.ron:9:13: link \"L1\" field `fiber`: unknown fiber \"OM6\"; known ids nearest to it: OM3, OM4, OM5",
        ),
        (
            "tests/data/bad-grade.ron",
            "error: tests/data/bad-grade.ron:13:97: link \"L1\" field `path[2].grade`: unknown grade \"mtp-elit\"; known ids nearest to it: mtp-elite, mtp, mpo",
        ),
        (
            "tests/data/bad-length-negative.ron",
            "error: tests/data/bad-length-negative.ron:11:45: link \"L1\" field `path[0].length_m`: expected a length of 0 m or more, found -3",
        ),
        (
            "tests/data/bad-length-nan.ron",
            "error: tests/data/bad-length-nan.ron:11:45: link \"L1\" field `path[0].length_m`: expected a finite length in metres, found NaN",
        ),
        (
            "tests/data/bad-length-inf.ron",
            "error: tests/data/bad-length-inf.ron:11:45: link \"L1\" field `path[0].length_m`: expected a finite length in metres, found inf",
        ),
        (
            "tests/data/bad-fibers-7.ron",
            "error: tests/data/bad-fibers-7.ron:11:58: link \"L1\" field `path[0].fibers`: expected 8, 12, 16, 24 or 32, found 7",
        ),
        (
            "tests/data/bad-format-3.ron",
            "error: tests/data/bad-format-3.ron:3:5: field `format`: expected format 2, found 3: the file was written by a newer mpo-budget; update mpo-budget to open it",
        ),
        (
            "tests/data/bad-duplicate-id.ron",
            "error: tests/data/bad-duplicate-id.ron:17:13: link \"L1\" field `id`: duplicate link id \"L1\": each link needs its own id",
        ),
        (
            "tests/data/bad-polarity-variant.ron",
            "error: tests/data/bad-polarity-variant.ron:11:72: link \"L1\" field `path[0].polarity`: Unexpected variant named `D` in enum `PolarityType`, expected one of `A`, `B`, or `C` instead",
        ),
    ];
    for (file, message) in cases {
        let o = run(&["calc", file]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert_eq!(stderr(&o).trim_end(), message);
        assert_eq!(stdout(&o), "", "{file}");
    }
}

#[test]
fn a_bad_user_catalog_exits_2() {
    let o = run(&[
        "calc",
        "tests/data/good.ron",
        "--catalog",
        "tests/data/bad-catalog.ron",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        "error: tests/data/bad-catalog.ron:6:9: entry \"mtp-elite\" field `grades[0].single_mode`: max_db: expected a loss from 0 to 100 dB (the limit), found -0.35"
    );
}

#[test]
fn quick_mode_refuses_a_negative_length_and_unknown_ids() {
    let o = run(&[
        "calc",
        "--transceiver",
        "40GBASE-SR4",
        "--fiber",
        "OM4",
        "--length-m",
        "-5",
        "--mated-pairs",
        "1",
        "--grade",
        "mtp",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        "error: command line: field `--length-m`: expected a length of 0 m or more, found -5"
    );
    let o = run(&[
        "calc",
        "--transceiver",
        "40GBASE-SR4",
        "--fiber",
        "OM4",
        "--length-m",
        "5",
        "--mated-pairs",
        "1",
        "--grade",
        "elite",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown grade \"elite\"; known ids nearest to it: mtp-elite"),
        "{}",
        stderr(&o)
    );
    let o = run(&["calc"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn polarity_json_traces_each_lane_and_names_the_fix() {
    let o = run(&[
        "polarity",
        "tests/data/polarity-method-a-wrong.ron",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["ok"], false);
    let wrong = &v["links"][0];
    assert_eq!(wrong["id"], "WRONG");
    assert_eq!(wrong["ok"], false);
    let lane = &wrong["lanes"][0];
    for field in ["lane", "tx_position", "far_position", "ok"] {
        assert!(lane.get(field).is_some(), "lanes[].{field}");
    }
    assert_eq!(
        (
            lane["lane"].as_u64(),
            lane["tx_position"].as_u64(),
            lane["far_position"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(wrong["problems"][0]["code"], "polarity-tx-on-tx");
    assert!(wrong["problems"][0].get("element").is_some());
    assert_eq!(wrong["fix"]["element"], 0);
    assert_eq!(wrong["fix"]["change"], "polarity=B");
    assert!(
        wrong["fix"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("make cable 1 a Type B cord"))
    );
    let right = &v["links"][1];
    assert_eq!(
        (right["ok"].as_bool(), right["fix"].is_null()),
        (Some(true), true)
    );
    assert_eq!(right["lanes"][3]["far_position"], 9);
}

#[test]
fn polarity_exit_codes() {
    assert_eq!(
        run(&["polarity", "assets/examples/format-1/100g-sr4-row.ron"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["polarity", "assets/examples/format-1/400g-dr4-apc.ron"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["polarity", "tests/data/bad-syntax.ron"])
            .status
            .code(),
        Some(2)
    );
    let text = stdout(&run(&[
        "polarity",
        "tests/data/polarity-method-a-wrong.ron",
    ]));
    assert!(text.contains("WRONG (40GBASE-SR4): WRONG"), "{text}");
    assert!(text.contains("FIX  make cable 1 a Type B cord"), "{text}");
}

#[test]
fn calc_fails_a_link_whose_polarity_is_wrong() {
    let o = run(&[
        "calc",
        "tests/data/polarity-method-a-wrong.ron",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    // The loss is fine (0.196 + 0.70 dB against 1.5 dB), the polarity is not.
    assert_eq!(v["links"][0]["worst_case_loss_db"], 0.896);
    assert_eq!(v["links"][0]["pass"], false);
    assert_eq!(v["links"][0]["polarity_ok"], false);
    assert_eq!(v["links"][0]["problems"][0]["code"], "polarity-tx-on-tx");
    assert_eq!(v["links"][1]["pass"], true);
}

#[test]
fn assurance_rows_for_sr4_on_om4_with_elite() {
    let o = run(&[
        "assurance",
        "--transceiver",
        "40GBASE-SR4",
        "--fiber",
        "OM4",
        "--grade",
        "mtp-elite",
        "--max-pairs",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let rows = v["rows"].as_array().cloned().unwrap_or_default();
    // 150 m (reach) at 0–2 pairs, loss-limited from 3 pairs: (1.5 − 3 × 0.35) / 0.0035 = 128.571 m;
    // 5 pairs (1.75 dB) fails even at 0 m: no row.
    assert_eq!(rows.len(), 5);
    for (i, row) in rows.iter().enumerate() {
        for field in ["grade", "mated_pairs", "max_length_m", "limited_by"] {
            assert!(row.get(field).is_some(), "rows[{i}].{field}");
        }
    }
    assert_eq!(
        (
            rows[2]["max_length_m"].as_f64(),
            rows[2]["limited_by"].as_str()
        ),
        (Some(150.0), Some("reach"))
    );
    assert_eq!(
        (
            rows[3]["max_length_m"].as_f64(),
            rows[3]["limited_by"].as_str()
        ),
        (Some(128.571), Some("loss"))
    );
    let csv = stdout(&run(&[
        "assurance",
        "--transceiver",
        "40GBASE-SR4",
        "--fiber",
        "OM4",
        "--format",
        "csv",
        "--max-pairs",
        "1",
    ]));
    assert_eq!(
        csv.lines().next(),
        Some("grade,mated_pairs,max_length_m,limited_by")
    );
    assert_eq!(
        csv.lines().count(),
        1 + 3 * 2,
        "mpo, mtp, mtp-elite × 0..=1 pairs"
    );
    let bad = run(&[
        "assurance",
        "--transceiver",
        "40GBASE-SR4",
        "--fiber",
        "OS2",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        stderr(&bad).trim_end(),
        "error: command line: field `--fiber`: 40GBASE-SR4 does not support OS2"
    );
}

#[test]
fn stats_json_fields_and_reproducibility() {
    let args = [
        "stats",
        "assets/examples/format-1/100g-sr4-row.ron",
        "--trials",
        "20000",
        "--seed",
        "5",
        "--format",
        "json",
    ];
    let (a, b) = (run(&args), run(&args));
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&b), "same seed, same numbers");
    let v = json(&a);
    let link = &v["links"][0];
    for field in [
        "id", "mean_db", "p50_db", "p95_db", "p999_db", "p_fail", "trials",
    ] {
        assert!(link.get(field).is_some(), "{field}");
    }
    assert_eq!(link["trials"], 20000);
    assert_eq!(link["id"], "A01-B07");
}

#[test]
fn select_json_totals_and_write() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("optimized.ron");
    let o = run(&[
        "select",
        "assets/examples/format-1/100g-sr4-row.ron",
        "--format",
        "json",
        "--write",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let totals = v["totals"].as_array().cloned().unwrap_or_default();
    assert_eq!(totals.len(), 3);
    assert_eq!(totals[2]["name"], "optimized");
    assert_eq!(totals[2]["links_passing"], 4);
    let storage = &v["links"][3];
    assert_eq!(storage["id"], "A04-STORAGE");
    assert_eq!(storage["cost"], 417.3);
    let written = std::fs::read_to_string(&out)?;
    assert!(written.starts_with("// mpo-budget design file"));
    // The written design passes everywhere.
    assert_eq!(
        run(&["calc", out.to_str().unwrap_or_default()])
            .status
            .code(),
        Some(0)
    );
    Ok(())
}

#[test]
fn quote_csv_opens_in_a_spreadsheet_and_a_csv_price_list_replaces_the_example() {
    let o = run(&[
        "quote",
        "assets/examples/format-1/100g-sr4-row.ron",
        "--format",
        "csv",
    ]);
    let text = stdout(&o);
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("item,role,fiber,fibers,polarity,near_end,far_end,polish,grade,length_m,kind,quantity,unit_price,extended_price,currency"));
    // The total row: the sum of the eleven extended prices the text quote lists.
    assert_eq!(rows.last().copied(), Some("total,,,,,,,,,,,,,42719.20,USD"));
    assert!(
        rows.iter()
            .any(|r| r.starts_with("MPO adapter,") && r.contains(",272,9.00,2448.00,USD")),
        "{text}"
    );
    // A house list in EUR with no generic MPO grade: those lines have no price.
    let o = run(&[
        "quote",
        "assets/examples/format-1/100g-sr4-row.ron",
        "--prices",
        "tests/data/prices.csv",
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert_eq!(v["currency"], "EUR");
    assert_eq!(v["price_list"], "House price list 2026-11");
    assert_eq!(v["unpriced_lines"], 2);
    let bad = run(&[
        "quote",
        "assets/examples/format-1/100g-sr4-row.ron",
        "--prices",
        "tests/data/bad-prices.csv",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        stderr(&bad).trim_end(),
        "error: tests/data/bad-prices.csv:3:4: field `fibers`: expected 8, 12, 16, 24 or 32, found \"7\""
    );
}

#[test]
fn report_writes_one_self_contained_html_file() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("report.html");
    let o = run(&[
        "report",
        "assets/examples/format-1/10g-duplex-cassettes.ron",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out)?;
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Two plots per link, inline; no external resources.
    assert_eq!(html.matches("<svg").count(), 2 * 3);
    assert!(!html.contains("plot not drawn"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    for part in [
        "Summary",
        "Bill of materials",
        "Catalog figures used",
        "Field checklist",
        "IEC 61300-3-35",
        "Polarity:",
        "METHOD-B",
        "Example prices (illustrative, not a quote)",
    ] {
        assert!(html.contains(part), "{part}");
    }
    // The design's name is in it (escaping: report_escapes_design_names_link_ids_and_catalog_sources).
    assert!(html.contains("TIA methods A, B, C"));
    Ok(())
}

/// Defect 5 of issue 11: `mpo-budget calc big.ron --format csv | head` panicked
/// with a backtrace. Every command stops quietly with status 0 when the reader
/// of its output goes away.
#[test]
fn a_closed_pipe_ends_every_command_quietly() -> std::io::Result<()> {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    use mpo_budget_core::catalog::Catalog;
    use mpo_budget_core::io::design_file;
    use mpo_budget_core::model::synthetic::synthetic_design;

    let dir = tempfile::tempdir()?;
    let big = dir.path().join("big.ron");
    let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    // 1,000 links: every output below is far more than a pipe holds (64 KiB).
    design_file::save(&big, &synthetic_design(&catalog, 1_000, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let big = big.to_str().unwrap_or_default();
    for args in [
        &["calc", big, "--format", "csv"][..],
        &["calc", big],
        &["calc", big, "--format", "json"],
        &["polarity", big],
        &["stats", big, "--trials", "10"],
        &["select", big],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        // Read one line, as `head -1` would, then close the pipe.
        let mut first = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut first)?;
        }
        let o = child.wait_with_output()?;
        assert!(!first.is_empty(), "{args:?} printed nothing");
        assert!(
            !stderr(&o).contains("panicked"),
            "{args:?} panicked on a closed pipe: {}",
            stderr(&o)
        );
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
    Ok(())
}

/// Defect 6 of issue 11: a link exactly at its limit printed margin `-0.000`
/// beside PASS, and `-0.0` in JSON and CSV. 400GBASE-SR4.2 on 100 m of OM5
/// (0.300 dB), 4 MTP Elite pairs (1.400 dB) and a fusion splice (0.300 dB):
/// 2.000 dB, its limit exactly, summed in floating point to 2.0000000000000004.
#[test]
fn a_link_exactly_at_its_limit_has_margin_zero_not_minus_zero() -> std::io::Result<()> {
    use mpo_budget_core::catalog::Catalog;
    use mpo_budget_core::io::design_file;
    use mpo_budget_core::model::Design;
    use mpo_budget_core::model::quick::{QuickLink, quick_link};

    let quick = [
        "--transceiver",
        "400GBASE-SR4.2",
        "--fiber",
        "OM5",
        "--length-m",
        "100",
        "--mated-pairs",
        "4",
        "--grade",
        "mtp-elite",
        "--splices",
        "1",
    ];
    let calc = |format: &str| {
        let mut args = vec!["calc", "--format", format];
        args.extend(quick);
        run(&args)
    };
    let text = calc("text");
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let row = stdout(&text)
        .lines()
        .find(|l| l.starts_with("quick "))
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(row.contains("  2.000  ") && row.ends_with("PASS"), "{row}");
    assert!(row.contains("      0.000  "), "{row}");
    assert!(!stdout(&text).contains("-0.0"), "{}", stdout(&text));

    let json_out = calc("json");
    assert!(
        stdout(&json_out).contains("\"margin_db\": 0.0,"),
        "{}",
        stdout(&json_out)
    );
    assert!(!stdout(&json_out).contains("-0.0"));
    let csv = calc("csv");
    assert!(
        stdout(&csv).contains(",150.0,0.0,true,"),
        "{}",
        stdout(&csv)
    );
    assert!(!stdout(&csv).contains("-0.0"));

    // The same link in a design file: the report and select say 0.000 too.
    let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let link = quick_link(
        &catalog,
        &QuickLink {
            transceiver: "400GBASE-SR4.2",
            fiber: "OM5",
            length_m: 100.0,
            mated_pairs: 4,
            grade: "mtp-elite",
            splices: 1,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir()?;
    let design = dir.path().join("at-limit.ron");
    let design_text = design.to_str().unwrap_or_default();
    design_file::save(
        &design,
        &Design {
            name: "at the limit".into(),
            links: vec![Box::new(link)],
            ..Design::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let html = dir.path().join("report.html");
    let o = run(&[
        "report",
        design_text,
        "--out",
        html.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&html)?;
    assert!(html.contains("0.000 dB") && !html.contains("-0.000"));
    for format in ["text", "csv", "json"] {
        let o = run(&["select", design_text, "--format", format]);
        assert!(!stdout(&o).contains("-0.0"), "{}", stdout(&o));
    }
    Ok(())
}

/// A design of one quick link per `(id, length_m)`, named `name`, saved in `dir`.
fn quick_design(dir: &Path, name: &str, links: &[(&str, f64)]) -> String {
    use mpo_budget_core::catalog::Catalog;
    use mpo_budget_core::io::design_file;
    use mpo_budget_core::model::Design;
    use mpo_budget_core::model::quick::{QuickLink, quick_link};

    let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let links = links
        .iter()
        .map(|(id, length_m)| {
            let mut link = quick_link(
                &catalog,
                &QuickLink {
                    transceiver: "100GBASE-SR4",
                    fiber: "OM4",
                    length_m: *length_m,
                    mated_pairs: 2,
                    grade: "mtp-elite",
                    splices: 0,
                },
            )
            .unwrap_or_else(|e| panic!("{e}"));
            link.id = (*id).to_owned();
            Box::new(link)
        })
        .collect();
    let path = dir.join("design.ron");
    design_file::save(
        &path,
        &Design {
            name: name.to_owned(),
            links,
            ..Design::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    path.to_str().unwrap_or_default().to_owned()
}

/// Defect 8 of issue 11: names from the design and the catalog reach the HTML
/// report escaped, with `<`, `>`, `&`, `"` and `'` in each.
#[test]
fn report_escapes_design_names_link_ids_and_catalog_sources() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let design = quick_design(
        dir.path(),
        "<script>alert(\"name\")</script> & 'co'",
        &[("<L1>&\"x\"'y'", 50.0)],
    );
    let catalog = dir.path().join("catalog.ron");
    std::fs::write(
        &catalog,
        r#"Catalog(
    grades: [
        Grade(
            id: "MTP-Elite",
            name: "Elite <u>&\"q\"'s</u>",
            family: Mpo,
            multimode: (max_db: 0.20, typical_db: 0.08),
            single_mode: (max_db: 0.25, typical_db: 0.08),
            source: "<script>alert('src')</script> & \"lab\"",
        ),
    ],
)
"#,
    )?;
    let out = dir.path().join("report.html");
    let o = run(&[
        "report",
        &design,
        "--catalog",
        catalog.to_str().unwrap_or_default(),
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out)?;
    for escaped in [
        "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; &#39;co&#39;",
        "&lt;L1&gt;&amp;&quot;x&quot;&#39;y&#39;",
        "Elite &lt;u&gt;&amp;&quot;q&quot;&#39;s&lt;/u&gt;",
        "&lt;script&gt;alert(&#39;src&#39;)&lt;/script&gt; &amp; &quot;lab&quot;",
    ] {
        assert!(html.contains(escaped), "missing {escaped}");
    }
    for raw in ["<script", "<L1>", "<u>", "'co'", "\"lab\"", "'src'"] {
        assert!(
            !html.contains(raw),
            "unescaped {raw}: {}",
            html.find(raw)
                .map_or("", |i| &html[i.saturating_sub(200)..i + 20])
        );
    }
    Ok(())
}

/// Defect 8 of issue 11: a CSV text cell a spreadsheet would run as a formula
/// (leading `=`, `+`, `-`, `@`, tab, CR) gets a leading `'`; numbers stay numbers.
#[test]
fn csv_cells_never_run_as_spreadsheet_formulas() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let design = quick_design(
        dir.path(),
        "@SUM(1)",
        &[
            ("=HYPERLINK(\"http://x\")", 50.0),
            ("-1+2", 50.0),
            ("+cmd", 50.0),
            ("@SUM(1)", 50.0),
            ("\tA", 50.0),
            ("A01", 400.0),
        ],
    );
    let expected_ids = [
        "'=HYPERLINK(\"http://x\")",
        "'-1+2",
        "'+cmd",
        "'@SUM(1)",
        "'\tA",
        "A01",
    ];
    let cells = |o: &Output| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(o.stdout.as_slice())
            .records()
            .map(|r| {
                r.unwrap_or_else(|e| panic!("{e}"))
                    .iter()
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    };

    let calc = cells(&run(&["calc", &design, "--format", "csv"]));
    let ids: Vec<&str> = calc[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, expected_ids);
    // A01 fails (400 m > 100 m reach, -0.6 dB): its margin stays a number.
    let margin = &calc[6][11];
    assert!(
        margin.starts_with('-') && margin.parse::<f64>().is_ok(),
        "{margin}"
    );

    // select has a row per cable of a link, so its ids repeat.
    for args in [
        &["select", &design, "--format", "csv"][..],
        &["stats", &design, "--format", "csv", "--trials", "5"],
    ] {
        let rows = cells(&run(args));
        let mut ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        ids.dedup();
        assert_eq!(ids, expected_ids, "{args:?}");
    }

    // The bill of materials: text from the price list and catalog too.
    let prices = dir.path().join("prices.csv");
    std::fs::write(
        &prices,
        std::fs::read_to_string("tests/data/prices.csv")?
            .replace(",EUR,", ",\"=HYPERLINK(\"\"http://x\"\")\","),
    )?;
    let quote = cells(&run(&[
        "quote",
        &design,
        "--prices",
        prices.to_str().unwrap_or_default(),
        "--format",
        "csv",
    ]));
    for row in &quote[1..] {
        assert_eq!(row[14], "'=HYPERLINK(\"http://x\")", "{row:?}");
    }
    Ok(())
}

#[test]
fn consolidate_and_infra_on_the_duplex_example() {
    // Issue 14: `consolidate` writes a format-2 design with shared parts and
    // says what it merged; `infra` then shows what each part carries.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("shared.ron");
    let out_s = out.to_string_lossy().into_owned();
    let o = run(&[
        "consolidate",
        "assets/examples/format-1/10g-duplex-cassettes.ron",
        "--out",
        &out_s,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = stdout(&o);
    assert!(
        text.contains("3 links in, 30 out; 3 trunks, 6 panels written to"),
        "{text}"
    );
    let o = run(&["infra", &out_s, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap_or_default();
    let t = &v["trunks"][0];
    assert_eq!(
        (t["fibers"].as_u64(), t["fibers_lit"].as_u64()),
        (Some(24), Some(24)),
        "{v}"
    );
    // Only files in the directory: the design, nothing beside it.
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(files.len(), 1);
}

/// Issue 17 §2: the report compares the connector choices as the app's
/// selection window does, at the catalog's default margin (0.5 dB), money
/// written as the locale writes it (hand-checked against `select --margin 0.5`).
#[test]
fn the_report_compares_the_design_with_each_connector_choice() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("report.html");
    let o = Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
        .args([
            "report",
            "assets/examples/format-1/100g-sr4-row.ron",
            "--out",
            out.to_str().unwrap_or_default(),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LC_ALL", "de_DE.UTF-8")
        .output()?;
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out)?;
    for row in [
        "<td>the design as it is</td><td class=\"num\">42.719,20 $</td><td class=\"num\">1 of 4</td><td class=\"num\">48 of 120</td>",
        "<td>all MTP (standard)</td><td class=\"num\">33.578,40 $</td><td class=\"num\">0 of 4</td>",
        "<td>all MTP Elite (premium)</td><td class=\"num\">51.973,60 $</td><td class=\"num\">2 of 4</td>",
        "<td>cheapest mix that keeps 0.5 dB</td><td class=\"num\">48.460,00 $</td><td class=\"num\">2 of 4</td><td class=\"num\">96 of 120</td>",
        "No grade keeps 0.5 dB on: A03-C01, A04-STORAGE.",
    ] {
        assert!(html.contains(row), "{row}");
    }
    Ok(())
}

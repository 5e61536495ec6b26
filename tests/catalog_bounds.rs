//! Catalog figures (issue 12 §2, §5): huge losses, attenuations, reaches and
//! loss-model shapes are refused at load with file:line:column and the bound;
//! a user grade without a loss model keeps the built-in one's.

use std::process::Command;

use mpo_budget_core::catalog::Catalog;

fn builtin() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn grade(multimode: &str, extra: &str) -> String {
    format!(
        "Catalog(\n  grades: [\n    Grade(id: \"x\", name: \"x\", family: Mpo,\n      multimode: {multimode},\n      single_mode: (max_db: 0.2, typical_db: 0.1),\n{extra}      source: \"s\"),\n  ],\n)\n"
    )
}

fn refused(text: &str) -> String {
    builtin()
        .merge_text("user.ron", text)
        .expect_err("refused")
        .to_string()
}

#[test]
fn a_grade_of_1e308_db_is_refused_with_the_bound() {
    assert_eq!(
        refused(&grade("(max_db: 1e308, typical_db: 0.1)", "")),
        "user.ron:4:7: entry \"x\" field `grades[0].multimode`: max_db: expected a loss from 0 to 100 dB (the limit), found 1e308"
    );
    assert!(
        refused(&grade("(max_db: 100.5, typical_db: 0.1)", ""))
            .ends_with("max_db: expected a loss from 0 to 100 dB (the limit), found 100.5")
    );
    // At the bound it loads.
    assert_eq!(
        builtin().merge_text("user.ron", &grade("(max_db: 100.0, typical_db: 0.1)", "")),
        Ok(())
    );
    let splice = "Catalog(splices: [\n  Splice(id: \"s\", name: \"s\", max_db: 0.3, typical_db: 1e300, source: \"s\"),\n])";
    assert_eq!(
        refused(splice),
        "user.ron:2:43: entry \"s\" field `splices[0].typical_db`: expected a loss from 0 to 100 dB (the limit), found 1e300"
    );
}

#[test]
fn attenuation_reach_and_channel_loss_are_bounded() {
    let fiber = "Catalog(fibers: [\n  Fiber(id: \"f\", name: \"f\", mode: Multimode,\n    attenuation_db_per_km: {850: 1e9}, source: \"s\"),\n])";
    assert_eq!(
        refused(fiber),
        "user.ron:3:5: entry \"f\" field `fibers[0].attenuation_db_per_km[850]`: expected an attenuation from 0 to 1000 dB/km (the limit), found 1e9"
    );
    let media = |reach: &str, loss: &str| {
        format!(
            "Catalog(transceivers: [\n  Transceiver(id: \"t\", name: \"t\", wavelength_nm: 850, mpo_fibers: 12, fibers_used: 8,\n    port_polish: Upc,\n    media: [(fiber: \"OM4\", reach_m: {reach}, max_channel_loss_db: {loss})], source: \"s\"),\n])"
        )
    };
    assert_eq!(
        refused(&media("1e12", "1.0")),
        "user.ron:4:28: entry \"t\" field `transceivers[0].media[0].reach_m`: expected a reach above 0 m and at most 100000 m (the limit), found 1e12"
    );
    assert_eq!(
        refused(&media("100.0", "1e308")),
        "user.ron:4:44: entry \"t\" field `transceivers[0].media[0].max_channel_loss_db`: expected a channel loss from 0 to 100 dB (the limit), found 1e308"
    );
}

#[test]
fn loss_model_shapes_of_zero_negative_nan_or_inf_are_refused_with_their_place() {
    for shape in ["0.0", "-1.0", "NaN", "inf", "1e9"] {
        let text = grade(
            "(max_db: 0.3, typical_db: 0.1)",
            &format!("      loss_model: (shape: {shape}, source: \"m\"),\n"),
        );
        let shown = match shape {
            "1e9" => "1e9".to_owned(),
            s => s.parse::<f64>().unwrap_or_default().to_string(),
        };
        assert_eq!(
            refused(&text),
            format!(
                "user.ron:6:20: entry \"x\" field `grades[0].loss_model.shape`: expected a shape above 0 and at most 1000 (the limit), found {shown}"
            ),
            "{shape}"
        );
    }
}

#[test]
fn a_user_grade_without_a_loss_model_keeps_the_built_in_one() {
    let mut c = builtin();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/user-catalog.ron"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.merge_text("user-catalog.ron", &text), Ok(()));
    let elite = c.grade(c.find_grade("MTP-Elite").expect("elite"));
    assert_eq!(elite.multimode.max_db, 0.20);
    let model = elite.loss_model.as_ref().expect("a loss model");
    assert_eq!(model.shape, 2.0);
    assert!(
        model.source.starts_with("design model:"),
        "{}",
        model.source
    );
    // A new grade gets the documented default.
    assert_eq!(
        c.merge_text("u.ron", &grade("(max_db: 0.3, typical_db: 0.1)", "")),
        Ok(())
    );
    let x = c.grade(c.find_grade("x").expect("x"));
    assert_eq!(x.loss_model.as_ref().map(|m| m.shape), Some(2.0));
}

#[test]
fn stats_runs_with_the_shipped_user_catalog() {
    let o = Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
        .args([
            "stats",
            "tests/data/good.ron",
            "--catalog",
            "tests/data/user-catalog.ron",
            "--trials",
            "2000",
            "--format",
            "json",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["trials"], 2000);
    assert!(
        v["links"][0]["p95_db"].as_f64().is_some_and(|p| p > 0.0),
        "{v}"
    );
}

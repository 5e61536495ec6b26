//! Issue 12 §5, the remaining messages: each names the right line, field or
//! position.

use mpo_budget_core::catalog::prices::Prices;

const HEAD: &str = "item,role,grade,fibers,kind,base,per_m\ncurrency,,,,EUR,,\nstandard_grade,,mtp,,,,\npremium_grade,,mtp-elite,,,,\n";

#[test]
fn a_duplicate_price_row_is_refused_naming_both_lines() {
    let csv =
        format!("{HEAD}cable,Cord,mtp,12,,40,1\nadapter,,,,mpo,8,\ncable,cord,MTP,12,,41,1\n");
    let e = Prices::from_csv("p.csv", &csv).expect_err("duplicate cable row");
    let m = e.to_string();
    assert!(m.starts_with("p.csv:7:1:"), "{m}");
    assert!(m.contains("line 5"), "{m}");
    let csv = format!("{HEAD}adapter,,,,mpo,8,\nadapter,,,,MPO,9,\n");
    let e = Prices::from_csv("p.csv", &csv).expect_err("duplicate adapter row");
    let m = e.to_string();
    assert!(m.starts_with("p.csv:6:1:") && m.contains("line 5"), "{m}");
    let csv = format!("{HEAD}currency,,,,USD,,\n");
    let e = Prices::from_csv("p.csv", &csv).expect_err("two currencies");
    let m = e.to_string();
    assert!(m.starts_with("p.csv:5:1:") && m.contains("line 2"), "{m}");
}

#[test]
fn price_list_errors_give_file_lines_not_record_numbers() {
    // The label's quoted field holds a line break: the bad row is record 6
    // but file line 7.
    let csv = format!("{HEAD}label,,,,\"Two\nlines\",,\ncable,Cord,mtp,12,,-4,1\n");
    let e = Prices::from_csv("p.csv", &csv).expect_err("negative price");
    assert_eq!(
        e.to_string(),
        "p.csv:7:6: field `base`: expected a price of 0 or more, found \"-4\""
    );
}

#[test]
fn a_price_too_large_to_total_is_refused_at_its_cell() {
    let csv = format!("{HEAD}cable,Cord,mtp,12,,1e308,1\n");
    let e = Prices::from_csv("p.csv", &csv).expect_err("a price near f64::MAX");
    let m = e.to_string();
    assert!(
        m.starts_with("p.csv:5:6: field `base`: expected a price of at most"),
        "{m}"
    );
}

#[test]
fn a_total_that_rounds_to_zero_prints_0_00_and_none_prints_inf() {
    use mpo_budget_core::output::quote::{bom_csv, text};
    use mpo_budget_core::planning::quote::Quote;
    let mut q = Quote {
        design: "d".into(),
        price_list: "p".into(),
        currency: "EUR".into(),
        lines: Vec::new(),
        total: -0.0,
        unpriced_lines: 0,
    };
    for total in [-0.0, -0.001] {
        q.total = total;
        assert!(!text(&q).contains("-0.00"), "{}", text(&q));
        assert!(text(&q).contains("0.00"), "{}", text(&q));
        assert!(!bom_csv(&q).contains("-0.00"), "{}", bom_csv(&q));
    }
    q.total = f64::INFINITY;
    assert!(!text(&q).contains("inf"), "{}", text(&q));
    assert!(!bom_csv(&q).contains("inf"), "{}", bom_csv(&q));
    // A "-0" price loads as 0.
    let csv = format!("{HEAD}adapter,,,,mpo,-0,\n");
    let p = Prices::from_csv("p.csv", &csv).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.adapter("mpo").is_some_and(|v| v.is_sign_positive()));
}

use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;

fn catalog() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn good() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/good.ron"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn design_error(text: &str) -> String {
    design_file::parse("d.ron", text, &catalog())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("expected an error for\n{text}"))
}

fn catalog_error(text: &str) -> String {
    catalog()
        .merge_text("c.ron", text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("expected an error for\n{text}"))
}

const TRANSCEIVER: &str = "Catalog(transceivers: [\n  Transceiver(id: \"t\", name: \"t\", wavelength_nm: 850,\n    mpo_fibers: 7,\n    fibers_used: 8, port_polish: Upc, media: [], source: \"s\"),\n])\n";

#[test]
fn a_bad_mpo_fibers_is_named_mpo_fibers() {
    let m = catalog_error(TRANSCEIVER);
    assert!(m.contains("field `mpo_fibers`"), "{m}");
    assert!(m.starts_with("c.ron:3:"), "{m}");
}

#[test]
fn a_missing_format_is_the_designs_not_a_path_elements() {
    let m = design_error(&good().replace("format: 1,", ""));
    assert_eq!(
        m,
        "d.ron:2:1: field `format`: expected `format: 2` at the top of the design, found no format field"
    );
}

#[test]
fn trailing_garbage_and_an_unknown_variant_are_not_blamed_on_the_last_field() {
    let m = design_error(&format!("{}garbage\n", good()));
    assert!(!m.contains("link") && !m.contains("field"), "{m}");
    assert!(m.contains("trailing characters"), "{m}");
    let m = design_error(&good().replace("Adapter(keys: UpUp)", "Bogus(keys: UpUp)"));
    assert!(m.contains("link \"L1\" field `path[1]`: "), "{m}");
    // A bad variant of a field still names the field.
    let m = design_error(&good().replacen("keys: UpUp", "keys: Sideways", 1));
    assert!(m.contains("field `path[1].keys`"), "{m}");
}

fn grade(id: &str, max: &str) -> String {
    format!(
        "  Grade(id: \"{id}\", name: \"g\", family: Mpo,\n    multimode: (max_db: {max}, typical_db: 0.1),\n    single_mode: (max_db: 0.3, typical_db: 0.1), source: \"s\"),\n"
    )
}

#[test]
fn ids_that_differ_only_in_case_place_the_second() {
    let text = format!(
        "Catalog(grades: [\n{}{}])\n",
        grade("house", "0.3"),
        grade("HOUSE", "0.3")
    );
    let m = catalog_error(&text);
    assert!(m.starts_with("c.ron:5:9: "), "{m}");
    assert!(m.contains("duplicate id \"HOUSE\""), "{m}");
}

#[test]
fn an_id_with_an_escaped_quote_is_whole_and_placed() {
    // A catalog entry: named whole, the error at its own field.
    let text = format!(
        "Catalog(grades: [\n{}{}])\n",
        grade("a", "0.3"),
        grade("a\\\"b", "-1.0")
    );
    let m = catalog_error(&text);
    assert!(m.starts_with("c.ron:6:5: entry \"a\\\"b\" "), "{m}");
    // A design parse error inside a link with such an id names it whole.
    let m = design_error(&good().replace("\"L1\"", "\"L\\\"1\"").replacen(
        "keys: UpUp",
        "keys: Sideways",
        1,
    ));
    assert!(m.contains("link \"L\\\"1\""), "{m}");
}

#[test]
fn a_bad_splice_typical_db_is_placed_at_typical_db() {
    let text = "Catalog(splices: [\n  Splice(id: \"s\", name: \"s\",\n    max_db: 0.3,\n    typical_db: 0.5,\n    source: \"x\"),\n])\n";
    let m = catalog_error(text);
    assert!(
        m.starts_with("c.ron:4:5: entry \"s\" field `splices[0].typical_db`:"),
        "{m}"
    );
    let text = text.replace("0.5", "NaN");
    let m = catalog_error(&text);
    assert!(
        m.starts_with("c.ron:4:5: entry \"s\" field `splices[0].typical_db`:"),
        "{m}"
    );
}

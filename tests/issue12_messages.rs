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

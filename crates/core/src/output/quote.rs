//! The `quote` command's text and the bill of materials as CSV (its JSON is
//! the [`Quote`] itself).

use std::fmt::Write as _;

use super::csv::text_cell;
use crate::planning::quote::{Quote, describe};

fn money(v: Option<f64>) -> String {
    v.map_or_else(|| "no price".into(), cents)
}

/// A price with two decimals: one that rounds to zero prints `0.00` (never
/// `-0.00`), and one too large to hold says so (never `inf`).
pub fn cents(v: f64) -> String {
    if !v.is_finite() {
        return "too large".to_owned();
    }
    let s = format!("{v:.2}");
    if s == "-0.00" { "0.00".to_owned() } else { s }
}

/// Quantity, item, ordering attributes, unit and extended price, and the total.
pub fn text(q: &Quote) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Quote: {} — {} ({})", q.design, q.price_list, q.currency);
    let w = q
        .lines
        .iter()
        .map(|l| describe(l).chars().count())
        .max()
        .unwrap_or(11)
        .max(11);
    let _ = writeln!(
        s,
        "{:>6}  {:13} {:w$} {:>10} {:>12}",
        "qty", "item", "description", "unit", "extended"
    );
    for l in &q.lines {
        let _ = writeln!(
            s,
            "{:>6}  {:13} {:w$} {:>10} {:>12}",
            l.quantity,
            l.item,
            describe(l),
            money(l.unit_price),
            money(l.extended_price)
        );
    }
    let _ = writeln!(
        s,
        "{:>6}  {:13} {:w$} {:>10} {:>12}",
        "",
        "total",
        q.currency,
        "",
        cents(q.total)
    );
    if q.unpriced_lines > 0 {
        let _ = writeln!(
            s,
            "{} line(s) have no price in this list and are not in the total.",
            q.unpriced_lines
        );
    }
    s
}

/// The BOM CSV's columns, in order.
const BOM_COLUMNS: [&str; 15] = [
    "item",
    "role",
    "fiber",
    "fibers",
    "polarity",
    "near_end",
    "far_end",
    "polish",
    "grade",
    "length_m",
    "kind",
    "quantity",
    "unit_price",
    "extended_price",
    "currency",
];

/// The bill of materials as CSV that opens in a spreadsheet, with a total row
/// (text cells through [`text_cell`], numbers as numbers).
pub fn bom_csv(q: &Quote) -> String {
    let money = |v: Option<f64>| v.map_or_else(String::new, cents);
    let text = |s: &str| text_cell(s).into_owned();
    let lines = q.lines.iter().map(|l| {
        [
            text(&l.item),
            text(&l.role),
            text(&l.fiber),
            text(&l.fibers),
            text(&l.polarity),
            text(&l.near_end),
            text(&l.far_end),
            text(&l.polish),
            text(&l.grade),
            l.length_m.map_or_else(String::new, |m| m.to_string()),
            text(&l.kind),
            l.quantity.to_string(),
            money(l.unit_price),
            money(l.extended_price),
            text(&q.currency),
        ]
    });
    // The total row fills only its label, the price and the currency.
    let total = BOM_COLUMNS.map(|column| match column {
        "item" => "total".to_owned(),
        "extended_price" => cents(q.total),
        "currency" => text(&q.currency),
        _ => String::new(),
    });
    super::csv::records(&BOM_COLUMNS, lines.chain([total]))
}

//! Price lists: the example list shipped in `catalog/prices.ron`, or a user's
//! CSV that replaces it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::io::error::{InputError, TextPosition, display_name};
use crate::io::ron_format;
use crate::model::CableRole;
use crate::model::units::FiberCount;

/// The largest price (or price per metre) a list may give: far above any
/// real part, and small enough that no total of a bounded design overflows
/// to infinity.
pub const MAX_PRICE: f64 = 1e9;

const EXAMPLE: &str = include_str!("../../../../catalog/prices.ron");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Prices", deny_unknown_fields)]
pub struct Prices {
    /// Says what the list is ("Example prices …", a distributor's name).
    pub label: String,
    pub currency: String,
    pub standard_grade: String,
    pub premium_grade: String,
    #[serde(default)]
    pub cables: Vec<CablePrice>,
    #[serde(default)]
    pub lc_cords: Vec<LcCordPrice>,
    #[serde(default)]
    pub adapters: Vec<KindPrice>,
    #[serde(default)]
    pub cassettes: Vec<KindPrice>,
    /// Harness cables by catalog id: a base price and a price per metre.
    #[serde(default)]
    pub harnesses: Vec<HarnessPrice>,
    #[serde(default)]
    pub splice: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarnessPrice {
    pub kind: String,
    pub base: f64,
    pub per_m: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CablePrice {
    pub role: CableRole,
    pub grade: String,
    pub fibers: FiberCount,
    pub base: f64,
    pub per_m: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LcCordPrice {
    pub grade: String,
    pub base: f64,
    pub per_m: f64,
}

/// An adapter (`mpo` or `lc`) or a cassette (its catalog id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindPrice {
    pub kind: String,
    pub price: f64,
}

impl Prices {
    /// The example list shipped with the product.
    pub fn example() -> Result<Prices, InputError> {
        ron_format::options()
            .from_str(EXAMPLE)
            .map_err(|e| ron_format::parse_error("catalog/prices.ron", EXAMPLE, &e, "entry"))
    }

    pub fn cable(
        &self,
        role: CableRole,
        grade: &str,
        fibers: FiberCount,
        length_m: f64,
    ) -> Option<f64> {
        self.cables
            .iter()
            .find(|p| p.role == role && p.grade.eq_ignore_ascii_case(grade) && p.fibers == fibers)
            .map(|p| p.base + p.per_m * length_m)
    }

    pub fn lc_cord(&self, grade: &str, length_m: f64) -> Option<f64> {
        self.lc_cords
            .iter()
            .find(|p| p.grade.eq_ignore_ascii_case(grade))
            .map(|p| p.base + p.per_m * length_m)
    }

    pub fn adapter(&self, kind: &str) -> Option<f64> {
        self.adapters
            .iter()
            .find(|p| p.kind.eq_ignore_ascii_case(kind))
            .map(|p| p.price)
    }

    pub fn harness(&self, kind: &str, length_m: f64) -> Option<f64> {
        self.harnesses
            .iter()
            .find(|p| p.kind.eq_ignore_ascii_case(kind))
            .map(|p| p.base + p.per_m * length_m)
    }

    pub fn cassette(&self, kind: &str) -> Option<f64> {
        self.cassettes
            .iter()
            .find(|p| p.kind.eq_ignore_ascii_case(kind))
            .map(|p| p.price)
    }

    /// Reads a user's price list (CSV, columns documented in the README).
    pub fn from_csv_file(path: &Path) -> Result<Prices, InputError> {
        let file = display_name(path);
        let text = crate::io::read::read_text(path, "price list")?;
        Self::from_csv(&file, &text)
    }

    /// A list that prices nothing (every part shows as unpriced).
    pub fn empty(label: &str) -> Prices {
        Prices {
            label: label.to_owned(),
            currency: String::new(),
            standard_grade: String::new(),
            premium_grade: String::new(),
            cables: Vec::new(),
            lc_cords: Vec::new(),
            adapters: Vec::new(),
            cassettes: Vec::new(),
            harnesses: Vec::new(),
            splice: None,
        }
    }

    pub fn from_csv(file: &str, text: &str) -> Result<Prices, InputError> {
        let mut prices = Prices::empty(&format!("Price list {file}"));
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| InputError::new(file, format!("cannot read the header row: {e}")))?
            .clone();
        const COLUMNS: [&str; 7] = ["item", "role", "grade", "fibers", "kind", "base", "per_m"];
        let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let missing: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| col(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(InputError::new(
                file,
                format!(
                    "expected the columns {}; missing {}",
                    COLUMNS.join(","),
                    missing.join(", ")
                ),
            )
            .at(Some(TextPosition { line: 1, column: 1 })));
        }
        // The first file line of each row that priced something, by what it
        // prices: a second row for the same thing is refused, naming both.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                // The csv crate counts file lines, so a quoted field holding a
                // line break does not shift the lines after it.
                let line = e.position().map_or(1, |p| p.line() as usize);
                InputError::new(file, format!("not a CSV row: {e}"))
                    .at(Some(TextPosition { line, column: 1 }))
            })?;
            let line = record.position().map_or(1, |p| p.line() as usize);
            let get = |name: &str| col(name).and_then(|i| record.get(i)).unwrap_or("");
            let err = |field: &str, what: String| {
                InputError::new(file, what)
                    .at(Some(TextPosition {
                        line,
                        column: col(field).map_or(1, |i| i + 1),
                    }))
                    .field(field.to_owned())
            };
            let number = |field: &str| -> Result<f64, InputError> {
                let v = get(field);
                match v.parse::<f64>() {
                    // `+ 0.0` turns a "-0" into 0, so no total prints as -0.00.
                    Ok(x) if x.is_finite() && (0.0..=MAX_PRICE).contains(&x) => Ok(x + 0.0),
                    Ok(x) if x > MAX_PRICE => Err(err(
                        field,
                        format!(
                            "expected a price of at most {MAX_PRICE:e} (the limit), found \"{v}\""
                        ),
                    )),
                    _ => Err(err(
                        field,
                        format!("expected a price of 0 or more, found \"{v}\""),
                    )),
                }
            };
            let item = get("item").to_lowercase();
            let key = match item.as_str() {
                "cable" => Some(format!(
                    "cable {} {} {}",
                    get("role").to_lowercase(),
                    get("grade").to_lowercase(),
                    get("fibers")
                        .parse::<u32>()
                        .map_or_else(|_| get("fibers").to_owned(), |f| f.to_string())
                )),
                "lc_cord" => Some(format!("lc_cord {}", get("grade").to_lowercase())),
                "adapter" | "cassette" | "harness" => {
                    Some(format!("{item} {}", get("kind").to_lowercase()))
                }
                "splice" | "currency" | "label" | "standard_grade" | "premium_grade" => {
                    Some(item.clone())
                }
                _ => None,
            };
            if let Some(key) = key {
                if let Some(first) = seen.get(&key) {
                    return Err(err(
                        "item",
                        format!(
                            "a second row for {key} (the first is on line {first}); remove one"
                        ),
                    ));
                }
                seen.insert(key, line);
            }
            match item.as_str() {
                "currency" => prices.currency = get("kind").to_owned(),
                "label" => prices.label = get("kind").to_owned(),
                "standard_grade" => prices.standard_grade = get("grade").to_owned(),
                "premium_grade" => prices.premium_grade = get("grade").to_owned(),
                "cable" => {
                    let role = match get("role").to_lowercase().as_str() {
                        "cord" => CableRole::Cord,
                        "trunk" => CableRole::Trunk,
                        other => {
                            return Err(err(
                                "role",
                                format!("expected Cord or Trunk, found \"{other}\""),
                            ));
                        }
                    };
                    let fibers = get("fibers")
                        .parse::<u32>()
                        .ok()
                        .and_then(|f| FiberCount::try_from(f).ok())
                        .ok_or_else(|| {
                            err(
                                "fibers",
                                format!(
                                    "expected 8, 12, 16, 24 or 32, found \"{}\"",
                                    get("fibers")
                                ),
                            )
                        })?;
                    prices.cables.push(CablePrice {
                        role,
                        grade: get("grade").to_owned(),
                        fibers,
                        base: number("base")?,
                        per_m: number("per_m")?,
                    });
                }
                "lc_cord" => prices.lc_cords.push(LcCordPrice {
                    grade: get("grade").to_owned(),
                    base: number("base")?,
                    per_m: number("per_m")?,
                }),
                "adapter" => prices.adapters.push(KindPrice {
                    kind: get("kind").to_owned(),
                    price: number("base")?,
                }),
                "cassette" => prices.cassettes.push(KindPrice {
                    kind: get("kind").to_owned(),
                    price: number("base")?,
                }),
                "harness" => prices.harnesses.push(HarnessPrice {
                    kind: get("kind").to_owned(),
                    base: number("base")?,
                    per_m: number("per_m")?,
                }),
                "splice" => prices.splice = Some(number("base")?),
                other => {
                    return Err(err(
                        "item",
                        format!(
                            "expected currency, label, standard_grade, premium_grade, cable, lc_cord, adapter, cassette, harness or splice, found \"{other}\""
                        ),
                    ));
                }
            }
        }
        for (field, value) in [
            ("currency", &prices.currency),
            ("standard_grade", &prices.standard_grade),
            ("premium_grade", &prices.premium_grade),
        ] {
            if value.is_empty() {
                return Err(
                    InputError::new(file, format!("expected a row with item \"{field}\""))
                        .field(field),
                );
            }
        }
        Ok(prices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_list_loads_and_prices_a_trunk() {
        let p = Prices::example().unwrap_or_else(|e| panic!("{e}"));
        assert!(p.label.starts_with("Example prices"));
        // Elite 12-fiber trunk: base 78 × 1.35 = 105.30, per metre 1.25: 90 m → 217.80.
        let trunk = p
            .cable(CableRole::Trunk, "mtp-elite", FiberCount::F12, 90.0)
            .unwrap_or_default();
        assert!((trunk - 217.80).abs() < 1e-9, "{trunk}");
        assert_eq!(p.adapter("MPO"), Some(9.0));
    }

    #[test]
    fn a_csv_list_replaces_it_and_bad_rows_name_line_and_column() {
        let csv = "item,role,grade,fibers,kind,base,per_m\ncurrency,,,,EUR,,\nstandard_grade,,mtp,,,,\npremium_grade,,mtp-elite,,,,\ncable,Cord,mtp,12,,40,1\nadapter,,,,mpo,8,\n";
        let p = Prices::from_csv("p.csv", csv).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.currency, "EUR");
        assert_eq!(
            p.cable(CableRole::Cord, "MTP", FiberCount::F12, 3.0),
            Some(43.0)
        );
        let bad = "item,role,grade,fibers,kind,base,per_m\ncable,Cord,mtp,12,,-4,1\n";
        let e = Prices::from_csv("p.csv", bad).expect_err("negative price");
        assert_eq!(
            e.to_string(),
            "p.csv:2:6: field `base`: expected a price of 0 or more, found \"-4\""
        );
        let e = Prices::from_csv("p.csv", "item,grade\n").expect_err("columns");
        assert!(
            e.to_string()
                .contains("missing role, fibers, kind, base, per_m"),
            "{e}"
        );
    }
}

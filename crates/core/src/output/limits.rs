//! The `limits` command's output: text for installers, CSV and JSON for the
//! certifier's set-up and for scripts (field names are a contract).

use serde::Serialize;

use crate::field::limits::LimitRow;
use crate::model::units::{fmt_db, fmt_m};
use crate::output::csv::{rows, text_cell};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimitsReport {
    pub design: String,
    pub links: Vec<LimitRow>,
}

/// One CSV row: the JSON fields, the segment polarities joined by spaces.
#[derive(Serialize)]
struct CsvRow<'a> {
    id: std::borrow::Cow<'a, str>,
    leg: Option<u8>,
    wavelength_nm: u32,
    reference: &'a str,
    scope: &'a str,
    limit_db: Option<f64>,
    design_db: f64,
    max_length_m: Option<f64>,
    connections: u32,
    splices: u32,
    polarity: String,
    fiber: std::borrow::Cow<'a, str>,
    attenuation_db_per_km: Option<f64>,
    length_m: f64,
    formula: &'a str,
    limit_formula: &'a str,
}

pub fn csv(report: &LimitsReport) -> String {
    rows(report.links.iter().map(|r| CsvRow {
        id: text_cell(&r.id),
        leg: r.leg,
        wavelength_nm: r.wavelength_nm,
        reference: &r.reference,
        scope: r.scope,
        limit_db: r.limit_db,
        design_db: r.design_db,
        max_length_m: r.max_length_m,
        connections: r.connections,
        splices: r.splices,
        polarity: r.polarity.join(" "),
        fiber: text_cell(&r.fiber),
        attenuation_db_per_km: r.attenuation_db_per_km,
        length_m: r.length_m,
        formula: &r.formula,
        limit_formula: &r.limit_formula,
    }))
}

pub fn text(report: &LimitsReport) -> String {
    let mut out = String::new();
    let first = report.links.first();
    out.push_str(&format!(
        "Test limits for {}: {} reference, {} ({} rows)\n",
        report.design,
        first.map_or("", |r| r.reference.as_str()),
        first.map_or("", |r| r.scope),
        report.links.len()
    ));
    for r in &report.links {
        let id = match r.leg {
            Some(l) => format!("{} leg {l}", r.id),
            None => r.id.clone(),
        };
        let limit = r
            .limit_db
            .map_or("no limit (fiber not supported)".to_owned(), |l| {
                format!("limit {} dB", fmt_db(l))
            });
        let reach = r
            .max_length_m
            .map_or(String::new(), |m| format!(", at most {} m", fmt_m(m)));
        let polarity = if r.polarity.is_empty() {
            String::new()
        } else {
            format!(", MPO polarity {}", r.polarity.join(" then "))
        };
        out.push_str(&format!(
            "\n{id}  {} nm on {}: {limit}, design {} dB{reach}; {} connections, {} splices{polarity}\n  design: {}\n  limit:  {}\n",
            r.wavelength_nm,
            r.fiber,
            fmt_db(r.design_db),
            r.connections,
            r.splices,
            r.formula,
            r.limit_formula
        ));
    }
    out
}

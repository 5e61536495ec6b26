//! What the program writes: records with contract field names, each
//! command's text/CSV/JSON, the HTML report, and the chart description both
//! plot front ends draw from.
//!
//! Every command's writers are here, one file per command (`calc`, `polarity`,
//! `catalog`, `assurance`, `stats`, `select`, `quote`), over the shared
//! [`json`], [`csv`] and [`text`] helpers; the CLI only prints their strings.

pub mod assurance;
pub mod calc;
pub mod calc_stream;
pub mod catalog;
pub mod charts;
pub mod csv;
pub mod figure;
pub mod html;
pub mod infra;
pub mod json;
pub mod limits;
pub mod money;
pub mod polarity;
pub mod quote;
pub mod records;
pub mod select;
pub mod stats;
pub mod text;
pub mod verify;

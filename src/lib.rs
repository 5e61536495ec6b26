//! mpo-budget: MPO/MTP fiber channels modelled from transceiver to transceiver,
//! their loss budgets, and the design files that hold them.
//!
//! The domain modules here import neither egui nor clap; `cli` and `app` are
//! thin layers over them.

pub mod budget;
pub mod catalog;
pub mod charts;
pub mod design_file;
pub mod error;
pub mod locate;
pub mod model;
pub mod polarity;
pub mod prices;
pub mod quick;
pub mod quote;
pub mod report;
pub mod report_html;
pub mod resolve;
pub mod ron_format;
pub mod select;
pub mod stats;
pub mod synthetic;
pub mod units;

pub mod analysis;
pub mod app;
pub mod assurance;
pub mod cli;

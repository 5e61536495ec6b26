//! What the program writes: records with contract field names, text/CSV/JSON,
//! the HTML report, and the chart description both plot front ends draw from.

pub mod charts;
pub mod html;
pub mod records;

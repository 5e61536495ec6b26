//! Choosing connector grades and counting what is bought.

pub mod breakout;
pub mod consolidate;
pub mod plan;
pub mod quote;
pub mod select;
pub mod trunk_grades;

//! Choosing connector grades and counting what is bought.

pub mod quote;
pub mod select;

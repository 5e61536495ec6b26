//! The mpo-budget desktop app and command line: thin layers over
//! [`mpo_budget_core`], which holds the domain.

pub mod app;
pub mod cli;

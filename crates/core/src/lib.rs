//! mpo-budget-core: MPO/MTP fiber channels modelled from transceiver to
//! transceiver, their loss budgets, polarity, connector selection and quotes.
//!
//! The layers, each using only those above it:
//! - [`model`]: what a design is (links, paths, cables, units) — plain data.
//! - [`catalog`]: the figures every calculation uses (grades, fibers,
//!   transceivers, cassettes, prices), each with its source.
//! - [`io`]: design files (RON, atomic saves, format versions) and the errors
//!   that name file, line:column, link and field.
//! - [`analysis`]: ids resolved once, then the loss budget, polarity and mate
//!   checks, application assurance and the statistical budget.
//! - [`planning`]: connector selection and the quote.
//! - [`output`]: records, text/CSV/JSON writers, the HTML report and the
//!   chart description both plot front ends draw from.
//!
//! No GUI or CLI crate is a dependency: the app and the CLI live in the
//! `mpo-budget` package, over this one.

pub mod model;

pub mod catalog;

pub mod io;

pub mod analysis;

pub mod planning;

pub mod output;

pub mod parallel;

pub mod field;

pub mod hash;

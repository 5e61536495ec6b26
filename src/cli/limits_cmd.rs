use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Exit, Format, Outcome, load_catalog};
use mpo_budget_core::catalog::{Catalog, TestMethod};
use mpo_budget_core::field::limits::{Scope, limits, method};
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::json;
use mpo_budget_core::output::limits::{self as limits_output, LimitsReport};
use mpo_budget_core::planning::plan::load_design_or_schedule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ScopeArg {
    /// The whole channel, equipment cords included.
    #[default]
    Channel,
    /// Between the two patch fields, the equipment cords left out.
    PermanentLink,
}

/// How the certifier tests: `--reference` and `--scope` (limits, verify,
/// report).
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The certifier's reference method (catalog `test_methods`).
    #[arg(long, default_value = "1-jumper")]
    pub reference: String,
    #[arg(long, value_enum, default_value_t)]
    pub scope: ScopeArg,
}

impl TestArgs {
    /// The catalog's reference method and the scope.
    pub fn resolve<'c>(&self, catalog: &'c Catalog) -> Result<(&'c TestMethod, Scope), InputError> {
        let scope = match self.scope {
            ScopeArg::Channel => Scope::Channel,
            ScopeArg::PermanentLink => Scope::PermanentLink,
        };
        Ok((method(catalog, &self.reference)?, scope))
    }
}

#[derive(Debug, Args)]
pub struct LimitsArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the defaults.
    pub design: PathBuf,
    #[command(flatten)]
    pub test: TestArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: &LimitsArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let (method, scope) = args.test.resolve(&catalog)?;
    let loaded = load_design_or_schedule(&args.design, &catalog)?;
    let report = LimitsReport {
        design: loaded.design.name.clone(),
        links: limits(&catalog, &loaded, method, scope),
    };
    let text = match args.format {
        Format::Text => {
            mpo_budget_core::output::text::terminal_safe(&limits_output::text(&report)).into_owned()
        }
        Format::Json => json::pretty(&report),
        Format::Csv => limits_output::csv(&report),
    };
    Ok(Outcome::new(text, Exit::Pass))
}

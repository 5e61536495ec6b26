use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Format, exit, load_catalog, output};
use mpo_budget_core::io::error::InputError;

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Which list (all three when omitted).
    #[arg(value_enum)]
    pub list: Option<CatalogList>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogList {
    Transceivers,
    Grades,
    Fibers,
    Cassettes,
}

pub fn run(args: &CatalogArgs) -> Result<u8, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    if args.format == Format::Csv {
        return Err(
            InputError::new("command line", "catalog lists print as text or json")
                .field("--format"),
        );
    }
    print!("{}", output::catalog(&catalog, args.list, args.format));
    Ok(exit::PASS)
}

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Exit, Format, Outcome, load_catalog};
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::catalog;

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Which list (all of them when omitted).
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
    Harnesses,
    Templates,
    /// Reference methods, test cords, connector reflectance, reflection tables.
    Field,
}

impl CatalogList {
    fn to_core(self) -> catalog::CatalogList {
        match self {
            CatalogList::Transceivers => catalog::CatalogList::Transceivers,
            CatalogList::Grades => catalog::CatalogList::Grades,
            CatalogList::Fibers => catalog::CatalogList::Fibers,
            CatalogList::Cassettes => catalog::CatalogList::Cassettes,
            CatalogList::Harnesses => catalog::CatalogList::Harnesses,
            CatalogList::Templates => catalog::CatalogList::Templates,
            CatalogList::Field => catalog::CatalogList::Field,
        }
    }
}

pub fn run(args: &CatalogArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    if args.format == Format::Csv {
        return Err(
            InputError::new("command line", "catalog lists print as text or json")
                .field("--format"),
        );
    }
    let list = args.list.map(CatalogList::to_core);
    let text = match args.format {
        Format::Json => catalog::json(&catalog, list),
        Format::Text | Format::Csv => {
            mpo_budget_core::output::text::terminal_safe(&catalog::text(&catalog, list))
                .into_owned()
        }
    };
    Ok(Outcome::new(text, Exit::Pass))
}

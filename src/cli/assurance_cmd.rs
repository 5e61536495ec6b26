use clap::Args;

use super::{Exit, Format, MAX_MATED_PAIRS, MAX_SPLICES, Outcome, at_most, load_catalog};
use mpo_budget_core::analysis::assurance::{AssuranceError, assurance_table};
use mpo_budget_core::catalog::{Catalog, ConnectorFamily, PortConnector, nearest_ids};
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::output::assurance::{self, AssuranceReport};
use mpo_budget_core::output::json;

#[derive(Debug, Args)]
pub struct AssuranceArgs {
    /// The transceiver id.
    #[arg(long)]
    pub transceiver: String,
    /// The fiber id.
    #[arg(long)]
    pub fiber: String,
    /// Grades to tabulate (repeat the flag); default: every grade of the port's family.
    #[arg(long)]
    pub grade: Vec<String>,
    /// Tabulate 0 to this many mated pairs.
    #[arg(long, default_value_t = 6)]
    pub max_pairs: u32,
    /// Fusion splices in the channel.
    #[arg(long, default_value_t = 0)]
    pub splices: u32,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<std::path::PathBuf>,
}

fn unknown(kind: &str, id: &str, flag: &str, known: Vec<&str>) -> InputError {
    let near = nearest_ids(id, known.into_iter());
    InputError::new(
        "command line",
        format!(
            "unknown {kind} \"{id}\"; known ids nearest to it: {}",
            near.join(", ")
        ),
    )
    .field(flag)
}

pub fn run(args: &AssuranceArgs) -> Result<Outcome, InputError> {
    at_most(
        "--max-pairs",
        args.max_pairs,
        MAX_MATED_PAIRS,
        "mated pairs",
    )?;
    at_most("--splices", args.splices, MAX_SPLICES, "splices")?;
    let c: Catalog = load_catalog(args.catalog.as_ref())?;
    let t = c.find_transceiver(&args.transceiver).ok_or_else(|| {
        unknown(
            "transceiver",
            &args.transceiver,
            "--transceiver",
            c.transceivers().iter().map(|t| t.id.as_str()).collect(),
        )
    })?;
    let f = c.find_fiber(&args.fiber).ok_or_else(|| {
        unknown(
            "fiber",
            &args.fiber,
            "--fiber",
            c.fibers().iter().map(|f| f.id.as_str()).collect(),
        )
    })?;
    let grades = if args.grade.is_empty() {
        let family = match c.transceiver(t).connector {
            PortConnector::Mpo => ConnectorFamily::Mpo,
            PortConnector::LcDuplex => ConnectorFamily::Lc,
        };
        c.grades()
            .iter()
            .filter(|g| g.family == family)
            .filter_map(|g| c.find_grade(&g.id))
            .collect()
    } else {
        args.grade
            .iter()
            .map(|g| {
                c.find_grade(g).ok_or_else(|| {
                    unknown(
                        "grade",
                        g,
                        "--grade",
                        c.grades().iter().map(|g| g.id.as_str()).collect(),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let rows = assurance_table(&c, t, f, &grades, args.max_pairs, args.splices).map_err(|e| {
        let (tid, fid) = (&c.transceiver(t).id, &c.fiber(f).id);
        InputError::new(
            "command line",
            match e {
                AssuranceError::FiberNotSupported => format!("{tid} does not support {fid}"),
                AssuranceError::NoAttenuation => format!(
                    "the catalog gives {fid} no attenuation at {} nm",
                    c.transceiver(t).wavelength_nm
                ),
            },
        )
        .field("--fiber")
    })?;
    let report = AssuranceReport {
        transceiver: c.transceiver(t).id.clone(),
        fiber: c.fiber(f).id.clone(),
        splices: args.splices,
        rows,
    };
    let text = match args.format {
        Format::Text => {
            mpo_budget_core::output::text::terminal_safe(&assurance::text(&report)).into_owned()
        }
        Format::Json => json::pretty(&report),
        Format::Csv => assurance::csv(&report),
    };
    Ok(Outcome::new(text, Exit::Pass))
}

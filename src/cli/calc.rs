use std::path::PathBuf;

use clap::Args;

use super::{
    Exit, Format, MAX_LENGTH_M, MAX_MATED_PAIRS, MAX_SPLICES, Outcome, at_most, load_catalog,
};
use mpo_budget_core::analysis::resolve::{Expansions, resolve_link};
use mpo_budget_core::io::design_file::LoadedDesign;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::model::Design;
use mpo_budget_core::model::quick::{QuickLink, quick_link};
use mpo_budget_core::output::calc_stream;
use mpo_budget_core::planning::plan::load_design_or_schedule_with;

#[derive(Debug, Args)]
pub struct CalcArgs {
    /// The design file, or a link schedule (CSV or XLSX) planned with the
    /// defaults (omit it for quick mode).
    pub design: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
    /// Quick mode: the transceiver id.
    #[arg(long, conflicts_with = "design", requires_all = ["fiber", "length_m", "mated_pairs", "grade"])]
    pub transceiver: Option<String>,
    /// Quick mode: the fiber id.
    #[arg(long, requires = "transceiver")]
    pub fiber: Option<String>,
    /// Quick mode: total length in metres.
    #[arg(long, requires = "transceiver", allow_negative_numbers = true)]
    pub length_m: Option<f64>,
    /// Quick mode: number of mated pairs between the two cords' far ends.
    #[arg(long, requires = "transceiver")]
    pub mated_pairs: Option<u32>,
    /// Quick mode: the grade of every connector.
    #[arg(long, requires = "transceiver")]
    pub grade: Option<String>,
    /// Quick mode: fusion splices.
    #[arg(long, requires = "transceiver", default_value_t = 0)]
    pub splices: u32,
}

pub fn run(args: &CalcArgs) -> Result<Outcome, InputError> {
    if let Some(pairs) = args.mated_pairs {
        at_most("--mated-pairs", pairs, MAX_MATED_PAIRS, "mated pairs")?;
    }
    at_most("--splices", args.splices, MAX_SPLICES, "splices")?;
    if let Some(length) = args.length_m
        && !(length.is_finite() && length <= MAX_LENGTH_M)
    {
        return Err(InputError::new(
            "command line",
            format!("expected a finite length of at most {MAX_LENGTH_M} m, found {length} (the limit is 100 km)"),
        )
        .field("--length-m"));
    }
    let catalog = load_catalog(args.catalog.as_ref())?;
    let loaded = match (&args.design, &args.transceiver) {
        // Each link is expanded through shared parts as it is written, not
        // all at once (a million links over shared trunks: 0.7 GB).
        (Some(path), _) => load_design_or_schedule_with(path, &catalog, Expansions::Dropped)?,
        (None, Some(transceiver)) => {
            let link = quick_link(
                &catalog,
                &QuickLink {
                    transceiver,
                    fiber: args.fiber.as_deref().unwrap_or_default(),
                    length_m: args.length_m.unwrap_or_default(),
                    mated_pairs: args.mated_pairs.unwrap_or_default(),
                    grade: args.grade.as_deref().unwrap_or_default(),
                    splices: args.splices,
                },
            )?;
            let resolved = resolve_link(&catalog, &link).map_err(|u| {
                InputError::new("command line", u.message).field(format!("--{}", u.field_name))
            })?;
            LoadedDesign {
                design: Design {
                    name: "quick".into(),
                    links: vec![Box::new(link)],
                    ..Design::default()
                },
                resolved: vec![resolved],
            }
        }
        (None, None) => {
            return Err(InputError::new(
                "command line",
                "expected a design file, or quick mode: --transceiver ID --fiber ID --length-m L --mated-pairs N --grade ID",
            ));
        }
    };
    // Each link is analysed and written in turn, block by block: no report
    // of the whole design is held (a million links' JSON is gigabytes).
    let format = args.format;
    Ok(Outcome::streamed(Box::new(move |out| {
        let pass = match format {
            Format::Csv => calc_stream::write_csv(&catalog, &loaded, out),
            Format::Json => calc_stream::write_json(&catalog, &loaded, out),
            Format::Text => calc_stream::write_text(&catalog, &loaded, out),
        }?;
        super::keep_until_exit((catalog, loaded));
        Ok(Exit::pass_if(pass))
    })))
}

use std::path::PathBuf;

use clap::Args;

use super::{Exit, Outcome, load_catalog};
use mpo_budget_core::analysis::infra::infra_check;
use mpo_budget_core::analysis::resolve::Expansions;
use mpo_budget_core::io::design_file;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::io::schedule;
use mpo_budget_core::output::infra;
use mpo_budget_core::planning::plan::{DEFAULT_SPARE, PlanOptions, judge, plan_and_resolve_with};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The link schedule: CSV or XLSX, one row per link (id, transceiver,
    /// fiber, near_rack, far_rack, length_m; optional count, near_port,
    /// far_port, template, grade).
    pub schedule: PathBuf,
    /// Where to write the planned design (format 2).
    #[arg(long)]
    pub out: PathBuf,
    /// The channel template of every row that names none (default:
    /// interconnect-b for parallel modules, cassette-duplex for duplex).
    #[arg(long)]
    pub template: Option<String>,
    /// Spare legs for growth, as a fraction of those needed (rounded up).
    #[arg(long, default_value_t = DEFAULT_SPARE)]
    pub spare: f64,
    /// The connector grade of every row that names none (an MPO grade for
    /// cords and trunks, an LC grade for LC cords and cassette fronts).
    #[arg(long)]
    pub grade: Option<String>,
    /// The sheet of an XLSX schedule: its name or 1-based index (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

/// Plans the schedule, writes the design, and prints what was planned, the
/// budget summary and the utilisation; exits as `calc` does.
pub fn run(args: &PlanArgs) -> Result<Outcome, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let options = PlanOptions {
        template: args.template.clone(),
        grade: args.grade.clone(),
        spare: args.spare,
        ..PlanOptions::for_schedule(&args.schedule)
    };
    // The schedule's rows let go of once planned; the links kept without
    // their expansions through the planned trunks and panels (made again
    // link by link to judge): a million rows peaked at 2.1 GB with both.
    let schedule = schedule::read(&args.schedule, args.sheet.as_deref(), &catalog)?;
    let (groups, loaded) =
        plan_and_resolve_with(&catalog, schedule, &options, Expansions::Dropped)?;
    design_file::save(&args.out, &loaded.design).map_err(|e| {
        InputError::new(
            mpo_budget_core::io::error::display_name(&args.out),
            e.to_string(),
        )
    })?;
    let mut text = String::new();
    for g in &groups {
        text.push_str(&g.line());
        text.push('\n');
    }
    let judged = judge(&catalog, &loaded);
    let (pass, total) = (judged.passing, loaded.design.links.len());
    text.push_str(&format!(
        "\n{pass} of {total} links pass{}\n\n",
        judged
            .worst_margin
            .map_or_else(String::new, |(m, n)| format!(
                "; worst margin {m:.3} dB ({})",
                loaded.design.links[n].id
            ))
    ));
    let check = infra_check(&catalog, &loaded.design, &|n| loaded.resolved.get(n));
    text.push_str(&infra::text(&check.report));
    text.push_str(&format!(
        "\n{} trunks, {} panels written to {}\n",
        loaded.design.trunks.len(),
        loaded.design.panels.len(),
        args.out.display()
    ));
    let outcome = Outcome::new(
        mpo_budget_core::output::text::terminal_safe(&text).into_owned(),
        Exit::pass_if(pass == total),
    );
    // Left to the exit: a million planned links took 0.6 s to free.
    super::keep_until_exit((loaded, check));
    Ok(outcome)
}

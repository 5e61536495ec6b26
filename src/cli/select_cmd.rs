use std::path::PathBuf;

use clap::Args;

use super::{Format, exit, load_catalog, output};
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::io::design_file;
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::planning::quote::quote;
use mpo_budget_core::planning::select::select_design;

#[derive(Debug, Args)]
pub struct SelectArgs {
    /// The design file.
    pub design: PathBuf,
    /// Margin to keep under each link's limit, dB.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    pub margin: f64,
    /// A price list (CSV) replacing the example prices.
    #[arg(long)]
    pub prices: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Save the design with the chosen grades here.
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// The design file.
    pub design: PathBuf,
    /// A price list (CSV) replacing the example prices.
    #[arg(long)]
    pub prices: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// A user catalog merged over the built-in one by id.
    #[arg(long)]
    pub catalog: Option<PathBuf>,
}

pub fn load_prices(path: Option<&PathBuf>) -> Result<Prices, InputError> {
    match path {
        Some(p) => Prices::from_csv_file(p),
        None => Prices::example(),
    }
}

pub fn run_select(args: &SelectArgs) -> Result<u8, InputError> {
    if !(args.margin.is_finite() && args.margin >= 0.0) {
        return Err(InputError::new(
            "command line",
            format!("expected a margin of 0 dB or more, found {}", args.margin),
        )
        .field("--margin"));
    }
    let catalog = load_catalog(args.catalog.as_ref())?;
    let prices = load_prices(args.prices.as_ref())?;
    let loaded = design_file::load(&args.design, &catalog)?;
    let s = select_design(
        &catalog,
        &prices,
        &loaded.design,
        &loaded.resolved,
        args.margin,
    );
    if let Some(out) = &args.write {
        design_file::save(out, &s.optimized)
            .map_err(|e| InputError::new(out.display().to_string(), e.to_string()))?;
    }
    match args.format {
        Format::Json => print!("{}", output::json(&s)),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            let _ = w.write_record([
                "id",
                "count",
                "feasible",
                "element",
                "grade",
                "was",
                "link_cost",
                "worst_case_loss_db",
                "margin_db",
            ]);
            for l in &s.links {
                for g in &l.grades {
                    let _ = w.write_record([
                        l.id.clone(),
                        l.count.to_string(),
                        l.feasible.to_string(),
                        g.element.to_string(),
                        g.grade.clone(),
                        g.was.clone(),
                        format!("{:.2}", l.cost),
                        format!("{:.3}", l.worst_case_loss_db),
                        l.margin_db.map_or_else(String::new, |m| format!("{m:.3}")),
                    ]);
                }
            }
            let _ = w.flush();
        }
        Format::Text => {
            println!(
                "Design: {} — {} ({}), margin {} dB",
                s.design, s.price_list, s.currency, s.margin_db
            );
            println!();
            for t in &s.totals {
                println!(
                    "{:18} {:>12.2} {}   {} of {} links pass ({} channels)",
                    t.name,
                    t.cost,
                    s.currency,
                    t.links_passing,
                    s.links.len(),
                    t.channels_passing
                );
            }
            for l in &s.links {
                let verdict = if l.feasible {
                    ""
                } else {
                    "  (cannot pass with this margin: lowest-loss grades shown)"
                };
                println!(
                    "\n{} ×{}: {:.2} {} per link, worst case {:.3} dB, margin {}{verdict}",
                    l.id,
                    l.count,
                    l.cost,
                    s.currency,
                    l.worst_case_loss_db,
                    l.margin_db
                        .map_or_else(|| "n/a".into(), |m| format!("{m:.3} dB"))
                );
                for g in &l.grades {
                    let change = if g.grade == g.was {
                        String::new()
                    } else {
                        format!("  (was {})", g.was)
                    };
                    println!("    element {:>2}: {}{change}", g.element, g.grade);
                }
                for u in l.upgrades.iter().take(3) {
                    let per = u.db_per_cost.map_or_else(
                        || "free".into(),
                        |r| format!("{:.4} dB per {}", r, s.currency),
                    );
                    println!(
                        "    upgrade {} to {}: −{:.3} dB for {:+.2} {} ({per})",
                        u.pair, u.to_grade, u.gain_db, u.cost_delta, s.currency
                    );
                }
            }
        }
    }
    Ok(if s.links.iter().all(|l| l.feasible) {
        exit::PASS
    } else {
        exit::FAIL
    })
}

pub fn run_quote(args: &QuoteArgs) -> Result<u8, InputError> {
    let catalog = load_catalog(args.catalog.as_ref())?;
    let prices = load_prices(args.prices.as_ref())?;
    let loaded = design_file::load(&args.design, &catalog)?;
    let q = quote(&catalog, &prices, &loaded.design);
    match args.format {
        Format::Json => print!("{}", output::json(&q)),
        Format::Csv => print!("{}", mpo_budget_core::planning::quote::bom_csv(&q)),
        Format::Text => {
            println!("Quote: {} — {} ({})", q.design, q.price_list, q.currency);
            let w = q
                .lines
                .iter()
                .map(|l| {
                    mpo_budget_core::planning::quote::describe(l)
                        .chars()
                        .count()
                })
                .max()
                .unwrap_or(11)
                .max(11);
            println!(
                "{:>6}  {:13} {:w$} {:>10} {:>12}",
                "qty", "item", "description", "unit", "extended"
            );
            for l in &q.lines {
                let desc = mpo_budget_core::planning::quote::describe(l);
                let money =
                    |v: Option<f64>| v.map_or_else(|| "no price".into(), |v| format!("{v:.2}"));
                println!(
                    "{:>6}  {:13} {:w$} {:>10} {:>12}",
                    l.quantity,
                    l.item,
                    desc,
                    money(l.unit_price),
                    money(l.extended_price)
                );
            }
            println!(
                "{:>6}  {:13} {:w$} {:>10} {:>12.2}",
                "", "total", q.currency, "", q.total
            );
            if q.unpriced_lines > 0 {
                println!(
                    "{} line(s) have no price in this list and are not in the total.",
                    q.unpriced_lines
                );
            }
        }
    }
    Ok(exit::PASS)
}

//! Connector selection as a quote a sales engineer can send: the design as
//! it is beside all standard, all premium and the cheapest mix that keeps the
//! margin, in the buyer's words and money; the links no grade can carry; each
//! link's choice with its worst case and its chance of failing; the upgrades
//! ranked by dB per unit of money; "Apply to design" as one undoable edit.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::Command;
use super::document::Document;
use super::history::Change;
use super::links::{FAIL_COLOR, PASS_COLOR};
use mpo_budget_core::analysis::stats::{StatModel, simulate};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::output::money::{Grouping, money};
use mpo_budget_core::planning::select::{DesignSelection, Scenario, select_design};

/// Trials for one link's chance of failing: enough for 1 in 10,000, about a
/// millisecond; only the rows in view are simulated.
const TRIALS: u32 = 20_000;

/// The catalog's margin selection starts from, until the user sets one.
pub const DEFAULT_MARGIN_ID: &str = "selection-default";

pub struct SelectionView {
    margin_db: f64,
    grouping: Grouping,
    /// The selection for (design state, margin), recomputed when either changes.
    cache: Option<(u64, u64, DesignSelection)>,
    /// Each optimized link's chance of failing, for the same key; filled
    /// as rows come into view.
    p_fail: Vec<Option<Result<Option<f64>, String>>>,
    model: Option<StatModel>,
}

impl SelectionView {
    pub fn new(margin_db: f64) -> Self {
        Self {
            margin_db,
            grouping: Grouping::from_env(),
            cache: None,
            p_fail: Vec::new(),
            model: None,
        }
    }

    /// The margin asked for, to be remembered between runs.
    pub fn margin_db(&self) -> f64 {
        self.margin_db
    }

    /// Drops the selection worked out: another design or price list is in
    /// place (a fresh document's state id is 0 like any other's).
    pub fn forget(&mut self) {
        self.cache = None;
        self.p_fail.clear();
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        catalog: &Catalog,
        prices: &Prices,
        doc: &Document,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut open = true;
        egui::Window::new("Connector selection")
            .open(&mut open)
            .default_size([900.0, 620.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&prices.label).strong());
                    ui.label(format!("({})", prices.currency));
                    if ui.button("Load price list (CSV)…").clicked() {
                        commands.push(Command::LoadPrices);
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    let label = ui.label("Margin").id;
                    ui.add(
                        egui::DragValue::new(&mut self.margin_db)
                            .range(0.0..=mpo_budget_core::catalog::MAX_MARGIN_DB)
                            .speed(0.01)
                            .suffix(" dB")
                            .max_decimals(3),
                    )
                    .labelled_by(label);
                    let why = catalog
                        .margin(DEFAULT_MARGIN_ID)
                        .map_or_else(String::new, |m| m.source.clone());
                    ui.label(RichText::new("kept under each link's limit").weak())
                        .on_hover_text(why);
                });
                let key = (doc.state_id(), self.margin_db.to_bits());
                if self.cache.as_ref().is_none_or(|(s, m, _)| (*s, *m) != key) {
                    let Some(resolved) = doc.resolved_links() else {
                        ui.colored_label(FAIL_COLOR, "Some link cannot be computed: fix it first.");
                        return;
                    };
                    let s = select_design(catalog, prices, doc.design(), &resolved, self.margin_db);
                    self.p_fail = vec![None; s.links.len()];
                    self.cache = Some((key.0, key.1, s));
                }
                let Some((_, _, s)) = &self.cache else { return };
                ui.separator();
                scenarios(ui, s, self.grouping);
                ui.label(
                    RichText::new(
                        "Acceptance is judged on the worst case (every mated pair at its grade's maximum, the fiber at its cabled maximum). P(fail) is the chance that one channel built from parts of these grades, each at a random loss, would come out above the module's limit: a guide to risk, not the acceptance figure.",
                    )
                    .weak(),
                );
                let cannot: Vec<&str> = s.cannot_meet_margin().map(|l| l.id.as_str()).collect();
                if !cannot.is_empty() {
                    ui.colored_label(
                        FAIL_COLOR,
                        format!(
                            "{} cannot keep {} dB with any grade (the lowest-loss grades are shown for {}): shorten the link, take out a mated pair, or accept a smaller margin.",
                            list(&cannot),
                            fmt(self.margin_db),
                            if cannot.len() == 1 { "it" } else { "them" }
                        ),
                    );
                }
                ui.separator();
                let model = self.model.get_or_insert_with(|| StatModel::new(catalog));
                links_table(ui, catalog, s, &mut self.p_fail, model, self.grouping);
                ui.separator();
                upgrades(ui, catalog, s, self.grouping);
                ui.separator();
                let edits: Vec<Change> = doc
                    .design()
                    .links
                    .iter()
                    .zip(&s.optimized.links)
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .map(|(index, (_, b))| Change::ReplaceLink {
                        index,
                        after: mpo_budget_core::model::Link::clone(b),
                    })
                    .collect();
                ui.horizontal(|ui| {
                    let apply =
                        ui.add_enabled(!edits.is_empty(), egui::Button::new("Apply to design"));
                    if apply
                        .on_hover_text(
                            "Sets the cheapest mix's grades in every link; Ctrl+Z undoes it",
                        )
                        .clicked()
                    {
                        commands.push(Command::edit(Change::Batch(edits.clone()), None));
                    }
                    if edits.is_empty() {
                        ui.label("The design already has these grades.");
                    } else {
                        ui.label(format!("changes {} link(s)", edits.len()));
                    }
                });
            });
        if !open {
            commands.push(Command::ShowSelection(false));
        }
        commands
    }
}

fn fmt(db: f64) -> String {
    mpo_budget_core::model::units::fmt_db(db)
}

/// "A", "A and B", "A, B and 3 more".
fn list(ids: &[&str]) -> String {
    match ids {
        [] => String::new(),
        [a] => (*a).to_owned(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

/// The design as it is, then the three choices, side by side.
fn scenarios(ui: &mut egui::Ui, s: &DesignSelection, grouping: Grouping) {
    let all: Vec<&Scenario> = std::iter::once(&s.current).chain(&s.totals).collect();
    ui.columns(all.len(), |cols| {
        for (col, t) in cols.iter_mut().zip(&all) {
            col.vertical_centered(|ui| {
                ui.label(RichText::new(&t.label).strong());
                ui.label(RichText::new(money(t.cost, &s.currency, grouping)).size(18.0));
                let all_meet = t.links_meeting_margin == s.links.len() && !s.links.is_empty();
                ui.colored_label(
                    if all_meet { PASS_COLOR } else { FAIL_COLOR },
                    format!(
                        "{} of {} links keep {} dB",
                        t.links_meeting_margin,
                        s.links.len(),
                        fmt(s.margin_db)
                    ),
                )
                .on_hover_text(format!(
                    "{} of {} links pass at all (any margin)",
                    t.links_passing,
                    s.links.len()
                ));
                ui.label(
                    RichText::new(format!(
                        "{} of {} channels (links × their count)",
                        t.channels_meeting_margin, t.channels
                    ))
                    .weak(),
                );
            });
        }
    });
}

/// Each link's choice: grades, price, worst case, margin and P(fail).
fn links_table(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    s: &DesignSelection,
    p_fail: &mut [Option<Result<Option<f64>, String>>],
    model: &StatModel,
    grouping: Grouping,
) {
    let grade_words = |id: &str| catalog.grade_short_name(id);
    ui.push_id("selection-links", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(220.0)
            .column(Column::auto().at_least(90.0))
            .column(Column::remainder().at_least(160.0).clip(true))
            .column(Column::auto().at_least(70.0))
            .column(Column::auto().at_least(70.0))
            .column(Column::auto().at_least(70.0))
            .column(Column::auto().at_least(60.0))
            .header(18.0, |mut h| {
                for (name, tip) in [
                    ("Link", "Its id and how many identical links it stands for"),
                    (
                        "Grades (path order)",
                        "Each cable's grade in the cheapest mix",
                    ),
                    ("Per link", "One link's parts at the price list's prices"),
                    ("Worst case", "Every part at its maximum loss"),
                    ("Margin", "Under the module's limit, worst case"),
                    (
                        "P(fail)",
                        "The chance one channel of random parts exceeds the limit",
                    ),
                ] {
                    h.col(|ui| {
                        ui.strong(name).on_hover_text(tip);
                    });
                }
            })
            .body(|body| {
                body.rows(18.0, s.links.len(), |mut row| {
                    let n = row.index();
                    let l = &s.links[n];
                    row.col(|ui| {
                        ui.label(format!("{} ×{}", l.id, l.count));
                    });
                    row.col(|ui| {
                        let grades: Vec<String> = l
                            .grades
                            .iter()
                            .map(|g| {
                                if g.grade == g.was {
                                    grade_words(&g.grade)
                                } else {
                                    format!(
                                        "{} (was {})",
                                        grade_words(&g.grade),
                                        grade_words(&g.was)
                                    )
                                }
                            })
                            .collect();
                        ui.add(egui::Label::new(grades.join(", ")).truncate());
                    });
                    row.col(|ui| {
                        ui.label(money(l.cost, &s.currency, grouping));
                    });
                    row.col(|ui| {
                        ui.label(format!("{:.3} dB", l.worst_case_loss_db));
                    });
                    row.col(|ui| {
                        let m = l
                            .margin_db
                            .map_or_else(|| "n/a".to_owned(), |m| format!("{m:.3} dB"));
                        let keeps = l.pass && l.margin_db.is_some_and(|m| m >= s.margin_db - 1e-9);
                        ui.colored_label(if keeps { PASS_COLOR } else { FAIL_COLOR }, m);
                    });
                    row.col(|ui| {
                        let p =
                            p_fail[n].get_or_insert_with(|| optimized_p_fail(catalog, s, n, model));
                        match p {
                            Ok(Some(p)) => ui.label(p_words(*p)),
                            Ok(None) => ui.label("n/a"),
                            Err(e) => ui.label("n/a").on_hover_text(e.as_str()),
                        };
                    });
                });
            });
    });
}

/// A chance as people read it; none seen in the trials said so (not as 0).
fn p_words(p: f64) -> String {
    if p <= 0.0 {
        format!("none in {}", TRIALS)
    } else if p < 0.001 {
        format!("{:.3} %", p * 100.0)
    } else {
        format!("{:.1} %", p * 100.0)
    }
}

/// Link `n` of the cheapest mix, simulated.
fn optimized_p_fail(
    catalog: &Catalog,
    s: &DesignSelection,
    n: usize,
    model: &StatModel,
) -> Result<Option<f64>, String> {
    let link = s.optimized.links.get(n).ok_or("no such link")?;
    let infra = mpo_budget_core::model::infra::Infra::new(&s.optimized.trunks, &s.optimized.panels);
    let resolved = mpo_budget_core::analysis::resolve::resolve_link_in(catalog, &infra, link)
        .map_err(|u| u.message)?;
    let run = |channel: &mpo_budget_core::model::Link, r| {
        let budget = mpo_budget_core::analysis::budget::link_budget(catalog, channel, r);
        simulate(model, &channel.id, &budget, TRIALS, 1).map(|st| st.p_fail)
    };
    if link.legs.is_empty() {
        return run(link, &resolved);
    }
    // A link with legs: each leg's own channel (as `stats` runs them), the
    // worst of them.
    let mut worst: Option<f64> = None;
    for (k, leg) in resolved.legs.iter().enumerate() {
        // From the link as it runs: through shared parts, their expansion.
        if let Some(channel) = resolved.channel(link).leg_channel(k)
            && let Some(p) = run(&channel, leg)?
        {
            worst = Some(worst.map_or(p, |w| w.max(p)));
        }
    }
    Ok(worst)
}

/// The pair upgrades of every link, the most dB per unit of money first.
fn upgrades(ui: &mut egui::Ui, catalog: &Catalog, s: &DesignSelection, grouping: Grouping) {
    let ranked = s.upgrade_ranking();
    ui.label(RichText::new("Upgrades of the design as it is, most dB per money first").strong());
    if ranked.is_empty() {
        ui.label("No pair can be upgraded further.");
        return;
    }
    egui::Grid::new("upgrades")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in ["Link", "Mated pair", "To", "Gain", "Costs"] {
                ui.strong(h);
            }
            ui.end_row();
            for (l, u) in ranked.iter().take(8) {
                ui.label(&l.id);
                ui.label(&u.pair);
                ui.label(catalog.grade_short_name(&u.to_grade));
                ui.label(format!("−{:.3} dB", u.gain_db));
                let per = u.db_per_cost.map_or_else(
                    || "free".to_owned(),
                    |r| format!("{:.3} dB per 100 {}", r * 100.0, s.currency),
                );
                ui.label(format!(
                    "{} ({per})",
                    money(u.cost_delta, &s.currency, grouping)
                ));
                ui.end_row();
            }
        });
    if ranked.len() > 8 {
        ui.label(RichText::new(format!("… and {} more", ranked.len() - 8)).weak());
    }
}

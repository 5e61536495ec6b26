//! File → Import test results…: a certifier's results (CSV) judged against
//! the open design's 1-jumper channel limits, kept beside the design (not in
//! it, not undoable), judged again whenever the design changes. The
//! "Test results" tab shows the selected link's results beside its budget
//! and the statistical distribution of what it should measure, with the
//! measurements on it.

use std::path::Path;

use egui::{Color32, RichText};
use egui_plot::{BarChart, Plot, VLine};

use super::MpoApp;
use super::links::{FAIL_COLOR, PASS_COLOR, WARN_COLOR};
use mpo_budget_core::analysis::stats::{LinkStats, StatModel};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::field::limits::{Scope, method, predicted};
use mpo_budget_core::field::verify::{Judgement, ResultRow, VerifyReport, verify};
use mpo_budget_core::io::design_file::LoadedDesign;
use mpo_budget_core::io::results::{self, Measured};

/// The app's reference method and scope for imported results.
pub const REFERENCE: &str = "1-jumper";
const TRIALS: u32 = 20_000;
const BINS: usize = 50;
/// The test limit's line: apart from the design's red.
const LIMIT_COLOR: Color32 = Color32::from_rgb(0xc0, 0x60, 0xe0);

/// Imported results and their judgement against the design as it is.
pub struct TestResults {
    pub file: String,
    measured: Vec<Measured>,
    pub report: Option<VerifyReport>,
    /// The design state the report was made for.
    state: u64,
    /// The selected link's predicted distribution, for the key it was made for.
    predicted: Option<(PredictedKey, Option<LinkStats>)>,
}

/// Link index, leg and design state.
type PredictedKey = (usize, Option<u8>, u64);

impl MpoApp {
    /// Reads the results; a bad file shows every bad cell and keeps what
    /// was imported before.
    pub fn import_results(&mut self, path: &Path) {
        match results::read(path) {
            Ok(measured) => {
                let file = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.test_results = Some(TestResults {
                    file,
                    measured,
                    report: None,
                    state: 0,
                    predicted: None,
                });
                self.refresh_test_results();
                self.right_tab = super::shell::RightTab::TestResults;
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Judges the results again if the design changed since.
    pub(super) fn refresh_test_results(&mut self) {
        let state = self.doc.state_id();
        let Some(t) = self.test_results.as_mut() else {
            return;
        };
        if t.report.is_some() && t.state == state {
            return;
        }
        t.state = state;
        t.predicted = None;
        t.report = self.doc.resolved_links().and_then(|resolved| {
            let loaded = LoadedDesign {
                design: mpo_budget_core::model::Design::clone(self.doc.design()),
                resolved,
            };
            let m = method(&self.catalog, REFERENCE).ok()?;
            Some(verify(
                &self.catalog,
                &loaded,
                &t.measured,
                m,
                Scope::Channel,
            ))
        });
        if let Some(r) = &t.report {
            self.status = Some(format!("Test results {}: {}", t.file, r.counts_words()));
        }
    }
}

pub fn color(j: Judgement) -> Color32 {
    if j == Judgement::Pass {
        PASS_COLOR
    } else if j.is_warning() {
        WARN_COLOR
    } else {
        FAIL_COLOR
    }
}

/// The selected link's results and what it should measure.
pub fn ui(
    ui: &mut egui::Ui,
    catalog: &Catalog,
    doc: &super::document::Document,
    results: &mut TestResults,
    model: &mut Option<StatModel>,
    i: usize,
) {
    let Some(report) = &results.report else {
        ui.label("The results cannot be judged while a link of the design cannot be computed.");
        return;
    };
    let Some(link) = doc.design().links.get(i) else {
        return;
    };
    ui.label(
        RichText::new(format!(
            "{}: {} ({} reference, channel)",
            results.file,
            report.counts_words(),
            report.reference
        ))
        .weak(),
    );
    let rows: Vec<&ResultRow> = report
        .results
        .iter()
        .filter(|r| r.link == link.id)
        .collect();
    if rows.is_empty() {
        ui.label(format!("No result for {}.", link.id));
        return;
    }
    egui::Grid::new("test-results")
        .num_columns(6)
        .striped(true)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            // The verdict beside the measurement: the column is narrow.
            for h in [
                "Leg · fiber",
                "Measured",
                "Verdict",
                "Limit",
                "Design",
                "nm",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            let db = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.3} dB"));
            for r in &rows {
                let place = match (r.leg, &r.fiber) {
                    (Some(l), Some(f)) => format!("leg {l} · {f}"),
                    (Some(l), None) => format!("leg {l}"),
                    (None, Some(f)) => format!("fiber {f}"),
                    (None, None) => "link".to_owned(),
                };
                ui.label(place);
                ui.label(RichText::new(db(r.loss_db)).strong());
                ui.colored_label(color(r.verdict), r.verdict.word())
                    .on_hover_text(r.note.as_deref().unwrap_or(r.verdict.advice()));
                ui.label(db(r.limit_db));
                ui.label(db(r.design_db));
                ui.label(r.wavelength_nm.map_or("–".to_owned(), |w| w.to_string()));
                ui.end_row();
            }
        });
    for r in rows.iter().filter(|r| r.verdict != Judgement::Pass) {
        ui.colored_label(
            color(r.verdict),
            format!(
                "{}: {}",
                r.verdict.word(),
                r.note.as_deref().unwrap_or(r.verdict.advice())
            ),
        );
    }
    // The distribution of the first leg (or the link) measured, at the
    // module's wavelength (the one the budget is made for).
    let leg = rows.first().and_then(|r| r.leg);
    let module_nm = doc
        .result(i)
        .and_then(|r| r.resolved())
        .map(|r| catalog.transceiver(r.transceiver).wavelength_nm);
    let rows: Vec<&ResultRow> = rows
        .into_iter()
        .filter(|r| r.wavelength_nm == module_nm)
        .collect();
    let key = (i, leg, results.state);
    if results.predicted.as_ref().is_none_or(|(k, _)| *k != key) {
        let model = model.get_or_insert_with(|| StatModel::new(catalog));
        let stats = doc.resolved(i).and_then(|resolved| {
            let m = method(catalog, REFERENCE).ok()?;
            predicted(
                catalog,
                model,
                link,
                &resolved,
                leg,
                (m, Scope::Channel),
                TRIALS,
            )
        });
        results.predicted = Some((key, stats));
    }
    let Some((_, Some(s))) = &results.predicted else {
        return;
    };
    plot(ui, s, &rows, leg);
}

fn plot(ui: &mut egui::Ui, s: &LinkStats, rows: &[&ResultRow], leg: Option<u8>) {
    let mine: Vec<&&ResultRow> = rows.iter().filter(|r| r.leg == leg).collect();
    let limit = mine.iter().find_map(|r| r.limit_db);
    let right = mine
        .iter()
        .filter_map(|r| r.loss_db)
        .chain(limit)
        .fold(s.worst_case_loss_db, f64::max);
    let bars = super::stats_view::histogram(&s.samples, BINS);
    ui.strong("Measured against predicted");
    super::stats_view::db_ticks(Plot::new("measured-vs-predicted"))
        .height(170.0)
        .x_axis_label("loss measured by the test (dB)")
        .y_axis_label("% of predicted")
        .allow_scroll(false)
        .include_x(right + 0.1)
        .show(ui, |p| {
            p.bar_chart(BarChart::new("predicted", bars).color(super::stats_view::BAR_COLOR));
            p.vline(VLine::new(format!("P99.9 {:.3} dB", s.p999_db), s.p999_db).color(WARN_COLOR));
            p.vline(
                VLine::new(
                    format!("design {:.3} dB", s.worst_case_loss_db),
                    s.worst_case_loss_db,
                )
                .color(FAIL_COLOR),
            );
            if let Some(l) = limit {
                p.vline(
                    VLine::new(format!("test limit {l:.3} dB"), l)
                        .color(LIMIT_COLOR)
                        .width(2.0),
                );
            }
            for r in &mine {
                if let Some(loss) = r.loss_db {
                    p.vline(
                        VLine::new(format!("measured ({})", r.verdict.word()), loss)
                            .color(color(r.verdict))
                            .width(2.5),
                    );
                }
            }
        });
    // The key under the plot, where it covers nothing.
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(super::stats_view::BAR_COLOR, "■ predicted");
        ui.colored_label(WARN_COLOR, format!("│ P99.9 {:.3} dB", s.p999_db));
        ui.colored_label(
            FAIL_COLOR,
            format!("│ design {:.3} dB", s.worst_case_loss_db),
        );
        if let Some(l) = limit {
            ui.colored_label(LIMIT_COLOR, format!("│ test limit {l:.3} dB"));
        }
        ui.label("┃ measured, coloured by verdict");
    });
}

//! The statistical budget of the selected link: a histogram of channel loss
//! with the limit, worst-case and typical lines.

use egui::Color32;
use egui_plot::{Bar, BarChart, Plot, VLine};

use super::links::{FAIL_COLOR, PASS_COLOR, WARN_COLOR};
use mpo_budget_core::analysis::stats::LinkStats;

const BINS: usize = 60;
/// The histograms' bars and their key (statistics and test results).
pub(super) const BAR_COLOR: Color32 = Color32::from_rgb(0x4a, 0x90, 0xd9);

/// `samples` in `bins` bars of equal width, each its share in % (the
/// statistics tab and the test results' predicted distribution).
pub(super) fn histogram(samples: &[f64], bins: usize) -> Vec<Bar> {
    let bins = bins.max(1);
    let (lo, hi) = samples
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(*x), hi.max(*x))
        });
    let width = ((hi - lo) / bins as f64).max(1e-6);
    let mut counts = vec![0u32; bins];
    for x in samples {
        counts[(((x - lo) / width) as usize).min(bins - 1)] += 1;
    }
    let total = samples.len().max(1) as f64;
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Bar::new(lo + (i as f64 + 0.5) * width, f64::from(*c) / total * 100.0).width(width)
        })
        .collect()
}

pub fn ui(ui: &mut egui::Ui, stats: Result<&LinkStats, &str>) {
    let s = match stats {
        Ok(s) => s,
        Err(why) => {
            ui.label(format!("No statistics: {why}"));
            return;
        }
    };
    ui.strong(format!(
        "Channel loss over {} random matings (seed 1)",
        s.trials
    ));
    let p_fail = s.p_fail.map_or_else(
        || "n/a".to_owned(),
        |p| {
            if p > 0.0 {
                format!("{:.4} %", p * 100.0)
            } else {
                format!("none in {}", s.trials)
            }
        },
    );
    // Two figures a row: the column is a third of a laptop's window.
    egui::Grid::new("stats-figures")
        .num_columns(4)
        .spacing([14.0, 2.0])
        .show(ui, |ui| {
            ui.label("Mean");
            ui.label(format!("{:.3} dB", s.mean_db));
            ui.label("P50");
            ui.label(format!("{:.3} dB", s.p50_db));
            ui.end_row();
            ui.label("P95");
            ui.label(format!("{:.3} dB", s.p95_db));
            ui.label("P99.9");
            ui.label(format!("{:.3} dB", s.p999_db));
            ui.end_row();
            ui.label("P(fail)").on_hover_text(
                "The share of trials above the module's limit; acceptance is judged on the worst case",
            );
            ui.label(p_fail);
            ui.end_row();
        });
    let bars = histogram(&s.samples, BINS);
    db_ticks(Plot::new("stats-histogram"))
        .height(220.0)
        .x_axis_label("channel loss (dB)")
        .y_axis_label("% of trials")
        .allow_scroll(false)
        .include_x(s.max_channel_loss_db.unwrap_or(s.worst_case_loss_db))
        .include_x(s.worst_case_loss_db)
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("trials", bars).color(BAR_COLOR));
            plot.vline(
                VLine::new(
                    format!("typical {:.3} dB", s.typical_loss_db),
                    s.typical_loss_db,
                )
                .color(PASS_COLOR),
            );
            plot.vline(
                VLine::new(
                    format!("worst case {:.3} dB", s.worst_case_loss_db),
                    s.worst_case_loss_db,
                )
                .color(WARN_COLOR),
            );
            if let Some(limit) = s.max_channel_loss_db {
                plot.vline(
                    VLine::new(format!("limit {limit} dB"), limit)
                        .color(FAIL_COLOR)
                        .width(2.0),
                );
            }
        });
    // The key under the plot, never over the bars.
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(BAR_COLOR, "■ trials");
        ui.colored_label(PASS_COLOR, format!("| typical {:.3} dB", s.typical_loss_db));
        ui.colored_label(
            WARN_COLOR,
            format!("| worst case {:.3} dB", s.worst_case_loss_db),
        );
        if let Some(limit) = s.max_channel_loss_db {
            ui.colored_label(FAIL_COLOR, format!("| limit {limit} dB"));
        }
    });
}

/// A dB axis with ticks every 0.1, 0.2 or 0.5 dB and decimals to match
/// (egui_plot's default left one tick on a span of a decibel or two, and
/// wrote 0.5 as "0"): the statistics and the test results' histograms.
pub(super) fn db_ticks(plot: Plot<'_>) -> Plot<'_> {
    plot.x_grid_spacer(egui_plot::uniform_grid_spacer(|input| {
        let step = nice_step((input.bounds.1 - input.bounds.0) / 6.0);
        [step / 5.0, step, step * 5.0]
    }))
    .x_axis_formatter(|mark, _| {
        let decimals = (-mark.step_size.log10().floor()).clamp(0.0, 3.0) as usize;
        format!("{:.*}", decimals, mark.value)
    })
}

/// The step of 1, 2 or 5 × 10ⁿ nearest above `rough`.
fn nice_step(rough: f64) -> f64 {
    if !(rough.is_finite() && rough > 0.0) {
        return 1.0;
    }
    let base = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * base)
}

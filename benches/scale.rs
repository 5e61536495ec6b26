//! How the work grows with the design: 100, 1,000 and 10,000 generated links
//! (5–9 path elements, mixed transceivers, grades and fiber counts).
//! Targets at 10,000 links: budget + polarity + mate checks (the verdict) ≤ 2 ms link by link, and ≤ 0.5 ms for
//! a whole design's verdicts on every core (judged by shape, issue 18); open and save ≤ 150 ms each; one GUI
//! frame with a link selected ≤ 4 ms.

use std::hint::black_box;

// The program's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
#[path = "common/app.rs"]
mod app;

use app::{app_on, press_leaving_release, timed_acts, timed_edit_frame, type_count, until_open};
use egui_kittest::kittest::Queryable;
use mpo_budget::app::Command;
use mpo_budget_core::analysis::resolve::{ResolvedLink, resolve_design};
use mpo_budget_core::analysis::{analyze, verdict, verdicts};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;
use mpo_budget_core::model::Link;
use mpo_budget_core::model::synthetic::synthetic_design;

const SIZES: [usize; 3] = [100, 1_000, 10_000];

type Passes = fn(&Catalog, &Link, &ResolvedLink) -> bool;

fn scale(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else { return };
    let mut group = c.benchmark_group("scale");
    group.sample_size(20);
    for n in SIZES {
        let design = synthetic_design(&catalog, n, 11);
        let Ok(resolved) = resolve_design(&catalog, &design) else {
            return;
        };
        // Judging every link (the target), and explaining every link.
        let checks: [(&str, Passes); 2] = [
            ("budget + polarity + mates (verdict)", |c, l, r| {
                verdict(c, l, r).pass()
            }),
            ("full analysis (sentences, breakdown, lanes)", |c, l, r| {
                analyze(c, l, r).pass()
            }),
        ];
        // The target: every link judged, on every core, as the app and the
        // streamed output judge a design.
        group.bench_with_input(BenchmarkId::new("verdicts on every core", n), &n, |b, _| {
            b.iter(|| {
                verdicts(&catalog, &design.links, &resolved)
                    .iter()
                    .filter(|v| v.pass())
                    .count()
            })
        });
        for (name, passes) in checks {
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter(|| {
                    design
                        .links
                        .iter()
                        .zip(&resolved)
                        .filter(|(l, r)| passes(&catalog, l, r))
                        .count()
                })
            });
        }
        let text = design_file::to_text(&design);
        let path = dir.path().join(format!("design-{n}.ron"));
        if design_file::save(&path, &design).is_err() {
            return;
        }
        group.bench_with_input(
            BenchmarkId::new("open (read, parse, check, resolve)", n),
            &n,
            |b, _| {
                b.iter(|| design_file::load(black_box(&path), &catalog).map(|d| d.resolved.len()))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("save (write text, atomic replace)", n),
            &n,
            |b, _| b.iter(|| design_file::save(black_box(&path), &design)),
        );
        black_box(text.len());
    }
    group.finish();
}

fn frame(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else { return };
    let mut group = c.benchmark_group("gui frame");
    group.sample_size(30);
    for n in SIZES {
        let path = dir.path().join("large.ron");
        if design_file::save(&path, &synthetic_design(&catalog, n, 11)).is_err() {
            return;
        }
        let mut h = app_on(&catalog, &path, egui::vec2(1400.0, 900.0));
        h.run();
        group.bench_with_input(
            BenchmarkId::new("one frame, link selected", n),
            &n,
            |b, _| b.iter(|| h.step()),
        );
    }
    group.finish();
}

/// The app on a 1,000,000-link design (issue 18's target: every frame
/// ≤ 4 ms while scrolling, filtering and editing): a frame at rest with a
/// link selected, a frame that scrolls the list, a frame in which a filter
/// character is typed (and the time until the list it narrows is shown),
/// and one in which the failing-only switch is turned on.
fn frame_hyperscale(c: &mut Criterion) {
    const LINKS: usize = 1_000_000;
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("fabric.ron");
    if design_file::save(&path, &synthetic_design(&catalog, LINKS, 11)).is_err() {
        return;
    }
    let mut h = app_on(&catalog, &path, egui::vec2(1280.0, 800.0));
    until_open(&mut h, LINKS);
    let mut group = c.benchmark_group("gui frame 1000000 links");
    group.sample_size(20);
    group.bench_function("one frame, link selected", |b| b.iter(|| h.step()));
    let mut down = true;
    // The pointer over the links list, where the wheel scrolls.
    h.event(egui::Event::PointerMoved(egui::pos2(150.0, 450.0)));
    h.step();
    group.bench_function("one frame, list scrolled", |b| {
        b.iter(|| {
            down = !down;
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, if down { -40.0 } else { 40.0 }),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
            h.step();
        })
    });
    h.get_by_label("Filter").click();
    h.step();
    // Only the frame that narrows the list is timed (a character typed, the
    // failing-only switch turned on); the frame that widens it again is not.
    group.bench_function("one frame, a filter character typed", |b| {
        b.iter_custom(|iters| {
            timed_acts(
                &mut h,
                iters,
                |_| {},
                |h| {
                    h.get_by_label("Filter").type_text("9");
                    h.step();
                },
                |h| {
                    h.key_press(egui::Key::Backspace);
                    h.step();
                },
            )
        })
    });
    // The narrowed list comes in beside the frames (a job): from the key
    // press to the frame that shows it, frames drawn all the while.
    let narrowed = format!(
        "{} of {LINKS} shown",
        (0..LINKS)
            .filter(|n| format!("l{n:05}").contains('9'))
            .count()
    );
    group.bench_function(
        "a filter character typed, until the list is narrowed",
        |b| {
            b.iter_custom(|iters| {
                timed_acts(
                    &mut h,
                    iters,
                    |_| {},
                    |h| {
                        h.get_by_label("Filter").type_text("9");
                        for _ in 0..10_000 {
                            h.step();
                            if h.query_by_label_contains(&narrowed).is_some() {
                                break;
                            }
                        }
                    },
                    |h| {
                        h.key_press(egui::Key::Backspace);
                        h.step();
                    },
                )
            })
        },
    );
    // An edit: the selected link's count typed (judged again, the status
    // bar's summary worked out anew); undone untimed. The edit is applied
    // at the end of the frame it is typed in; the next frame shows its
    // results: both are timed, each on its own.
    h.get_by_label("Count").click();
    h.step();
    for (name, timed_frame) in [
        ("one frame, an edit (a link's count typed)", 0),
        ("one frame, the one after an edit", 1),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                timed_edit_frame(&mut h, iters, timed_frame, |h| type_count(h, "3"), |_| {})
            })
        });
    }
    // A link duplicated and one deleted (the first link: every row after
    // it moves): the frame of the click, which applies it, and the next,
    // each timed on its own; undone untimed.
    for (name, button, timed_frame) in [
        ("one frame, a link duplicated", "Duplicate", 0),
        ("one frame, the one after a link duplicated", "Duplicate", 1),
        ("one frame, a link deleted", "Delete", 0),
        ("one frame, the one after a link deleted", "Delete", 1),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                timed_edit_frame(
                    &mut h,
                    iters,
                    timed_frame,
                    // The pointer moved over the button and pressed
                    // untimed (a frame each); the frame of the release,
                    // which takes the click, is the first timed.
                    |h| press_leaving_release(h, button),
                    // A duplicate selects its copy, and undo leaves the
                    // selection where it was: back to the first link.
                    |h| {
                        h.state_mut().apply(Command::Select(Some(0)));
                        h.step();
                    },
                )
            })
        });
    }
    group.bench_function("one frame, failing-only switched on", |b| {
        b.iter_custom(|iters| {
            // The release's frame timed (see `press_leaving_release`); switched off untimed.
            timed_acts(
                &mut h,
                iters,
                |h| press_leaving_release(h, "Failing only"),
                |h| h.step(),
                |h| {
                    h.get_by_label("Failing only").click();
                    h.step();
                },
            )
        })
    });
    group.finish();
}

criterion_group!(benches, scale, frame, frame_hyperscale);
criterion_main!(benches);

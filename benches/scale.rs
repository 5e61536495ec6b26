//! How the work grows with the design: 100, 1,000 and 10,000 generated links
//! (5–9 path elements, mixed transceivers, grades and fiber counts).
//! Targets at 10,000 links: budget + polarity + mate checks (the verdict) ≤ 2 ms; open and save ≤ 150 ms each; one
//! GUI frame with a link selected ≤ 4 ms.

use std::hint::black_box;

// The program's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use mpo_budget::app::{MpoApp, Remembered, setup_context};
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
        let app = MpoApp::new(catalog.clone(), Some(&path), Remembered::default());
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .with_context_setup(setup_context)
            .build_ui_state(|ui, app: &mut MpoApp| app.show(ui), app);
        h.run();
        group.bench_with_input(
            BenchmarkId::new("one frame, link selected", n),
            &n,
            |b, _| b.iter(|| h.step()),
        );
    }
    group.finish();
}

criterion_group!(benches, scale, frame);
criterion_main!(benches);

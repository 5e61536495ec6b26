//! Loading a large design (issue 18): the design reader against serde_json
//! reading the same data into the same structs, in one benchmark.
//! Target: reading the RON within 2× of serde_json reading the JSON.
//!
//! 100,000 generated links (5–9 path elements each), written by mpo-budget
//! as RON (58 MB) and the same design as JSON.

use std::hint::black_box;

// The program's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;
use mpo_budget_core::model::Design;
use mpo_budget_core::model::synthetic::synthetic_design;

const LINKS: usize = 100_000;

fn load(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else { return };
    let design = synthetic_design(&catalog, LINKS, 7);
    let ron_path = dir.path().join("fabric.ron");
    if design_file::save(&ron_path, &design).is_err() {
        return;
    }
    let Ok(json) = serde_json::to_string(&design) else {
        return;
    };
    let Ok(ron) = std::fs::read_to_string(&ron_path) else {
        return;
    };
    let json_path = dir.path().join("fabric.json");
    if std::fs::write(&json_path, &json).is_err() {
        return;
    }
    let mut group = c.benchmark_group("load 100000 links");
    group.sample_size(10);
    for threads in [1, 2] {
        group.bench_function(
            format!("design reader on {threads} threads: RON text to Design"),
            |b| {
                b.iter(|| {
                    design_file::read_design_text(black_box(&ron), threads).map(|d| d.links.len())
                })
            },
        );
    }
    group.bench_function("serde_json: JSON text to Design", |b| {
        b.iter(|| serde_json::from_str::<Design>(black_box(&json)).map(|d| d.links.len()))
    });
    group.bench_function("open RON file (read, parse, check, resolve)", |b| {
        b.iter(|| design_file::load(black_box(&ron_path), &catalog).map(|d| d.resolved.len()))
    });
    group.bench_function("serde_json: read JSON file to Design", |b| {
        b.iter(|| {
            std::fs::read_to_string(black_box(&json_path))
                .ok()
                .and_then(|t| serde_json::from_str::<Design>(&t).ok())
                .map(|d| d.links.len())
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);

//! The full loss budget (breakdown and sentences) of every link of a generated
//! 10,000-link design, and the connector optimizer over the same design. The
//! ≤ 2 ms target is for judging every link: `benches/scale.rs`, the verdict.

use criterion::{Criterion, criterion_group, criterion_main};
use mpo_budget_core::analysis::budget::link_budget;
use mpo_budget_core::analysis::resolve::resolve_design;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::model::synthetic::synthetic_design;

fn budgets(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let design = synthetic_design(&catalog, 10_000, 7);
    let resolved = resolve_design(&catalog, &design)
        .unwrap_or_else(|e| panic!("every generated link resolves: {}", e.message));
    c.bench_function("budget 10000 links", |b| {
        b.iter(|| {
            design
                .links
                .iter()
                .zip(&resolved)
                .map(|(l, r)| link_budget(&catalog, l, r))
                .filter(|b| b.totals.loss_ok() && b.totals.reach_ok())
                .count()
        })
    });
}

/// The connector optimizer over every link of a generated 10,000-link design.
fn optimizer(c: &mut Criterion) {
    let (Ok(catalog), Ok(prices)) = (
        Catalog::builtin(),
        mpo_budget_core::catalog::prices::Prices::example(),
    ) else {
        return;
    };
    let design = synthetic_design(&catalog, 10_000, 7);
    let resolved = resolve_design(&catalog, &design)
        .unwrap_or_else(|e| panic!("every generated link resolves: {}", e.message));
    let mut group = c.benchmark_group("select");
    group.sample_size(10);
    group.bench_function("optimizer 10000 links", |b| {
        b.iter(|| {
            design
                .links
                .iter()
                .zip(&resolved)
                .map(|(l, r)| {
                    mpo_budget_core::planning::select::select_link(&catalog, &prices, l, r, 0.0)
                })
                .filter(|s| s.feasible)
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, budgets, optimizer);
criterion_main!(benches);

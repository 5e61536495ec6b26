//! 1,000,000 Monte Carlo trials of a 4-pair link (target: ≤ 100 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use mpo_budget_core::analysis::budget::link_budget;
use mpo_budget_core::analysis::stats::{StatModel, simulate};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;

fn monte_carlo(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let cable = "Cable(role: Cord, length_m: 10.0, fibers: 12, polarity: B, ends: (Female, Male), grade: \"mtp-elite\")";
    let path = [cable; 5].join(", Adapter(keys: UpUp), ");
    let text = format!(
        "Design(format: 1, name: \"b\", links: [Link(id: \"L\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{path}])])"
    );
    let Ok(d) = design_file::parse("bench.ron", &text, &catalog) else {
        return;
    };
    let budget = link_budget(&catalog, &d.design.links[0], &d.resolved[0]);
    let model = StatModel::new(&catalog);
    let mut group = c.benchmark_group("monte carlo");
    group.sample_size(20);
    group.bench_function("1,000,000 trials, 4 mated pairs", |b| {
        b.iter(|| simulate(&model, "L", &budget, 1_000_000, 1).map(|s| s.p95_db))
    });
    group.finish();
}

criterion_group!(benches, monte_carlo);
criterion_main!(benches);

//! Connector selection over shared trunks (issue 14): 10,000 links over 500
//! trunks of 20 used legs each, every trunk's grade one decision for its
//! links. Target: under one second.

use criterion::{Criterion, criterion_group, criterion_main};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::io::design_file;
use mpo_budget_core::planning::select::select_design;

/// 500 trunks between panel pairs, 20 SR4 links through each.
fn shared_design() -> String {
    let mut s = String::from("Design(format: 2, name: \"hall\", trunks: [");
    for t in 0..500 {
        s += &format!(
            "Trunk(id: \"T{t}\", from: \"A{t}\", to: \"B{t}\", length_m: {}.0, legs: 24, fibers: 12, polarity: B, ends: (Male, Male), grade: \"mtp-elite\"),",
            30 + t % 50
        );
    }
    s += "], panels: [";
    for t in 0..500 {
        s += &format!(
            "Panel(id: \"A{t}\", ports: 24, keys: UpUp), Panel(id: \"B{t}\", ports: 24, keys: UpUp),"
        );
    }
    s += "], links: [";
    let cord = "Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: \"mtp-elite\")";
    for n in 0..10_000 {
        let (t, leg) = (n / 20, 1 + n % 20);
        s += &format!(
            "Link(id: \"L{n}\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{cord}, PanelPort(panel: \"A{t}\", port: {leg}), TrunkLeg(trunk: \"T{t}\", leg: {leg}), PanelPort(panel: \"B{t}\", port: {leg}), {cord}]),"
        );
    }
    s += "])";
    s
}

fn select_shared(c: &mut Criterion) {
    let (Ok(catalog), Ok(prices)) = (Catalog::builtin(), Prices::example()) else {
        return;
    };
    let loaded = design_file::parse("hall.ron", &shared_design(), &catalog)
        .unwrap_or_else(|e| panic!("the generated design loads: {e}"));
    let mut group = c.benchmark_group("select shared");
    group.sample_size(10);
    group.bench_function("10000 links over 500 trunks", |b| {
        b.iter(|| {
            select_design(&catalog, &prices, &loaded.design, &loaded.resolved, 0.0)
                .links
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, select_shared);
criterion_main!(benches);

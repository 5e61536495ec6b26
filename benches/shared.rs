//! Connector selection over shared trunks (issue 14): 10,000 links over 500
//! trunks of 20 used legs each, every trunk's grade one decision for its
//! links. Target: under one second. And one frame of the app on such a
//! design, a link through shared parts selected (issue 18: ≤ 4 ms).

use criterion::{Criterion, criterion_group, criterion_main};
#[path = "common/app.rs"]
mod app;

use app::{app_on, timed_acts, type_count, undo, until_open};
use egui_kittest::kittest::Queryable;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::catalog::prices::Prices;
use mpo_budget_core::io::design_file;
use mpo_budget_core::planning::select::select_design;

// The program's allocator, so the figures are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `links / 20` trunks between panel pairs, 20 SR4 links through each.
fn shared_design(links: usize) -> String {
    let trunks = links / 20;
    let mut s = String::from("Design(format: 2, name: \"hall\", trunks: [");
    for t in 0..trunks {
        s += &format!(
            "Trunk(id: \"T{t}\", from: \"A{t}\", to: \"B{t}\", length_m: {}.0, legs: 24, fibers: 12, polarity: B, ends: (Male, Male), grade: \"mtp-elite\"),",
            30 + t % 50
        );
    }
    s += "], panels: [";
    for t in 0..trunks {
        s += &format!(
            "Panel(id: \"A{t}\", ports: 24, keys: UpUp), Panel(id: \"B{t}\", ports: 24, keys: UpUp),"
        );
    }
    s += "], links: [";
    let cord = "Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: \"mtp-elite\")";
    for n in 0..links {
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
    let loaded = design_file::parse("hall.ron", &shared_design(10_000), &catalog)
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

/// The app on the design, its first link (through two panel ports and a
/// trunk leg) selected, every frame drawn anew.
fn frame_shared(c: &mut Criterion) {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else { return };
    let mut group = c.benchmark_group("gui frame shared");
    group.sample_size(30);
    for links in [10_000, 100_000, 1_000_000] {
        let path = dir.path().join("hall.ron");
        if std::fs::write(&path, shared_design(links)).is_err() {
            return;
        }
        let mut h = app_on(&catalog, &path, egui::vec2(1280.0, 800.0));
        until_open(&mut h, links);
        group.bench_function(
            format!("one frame, {links} links over {} trunks", links / 20),
            |b| b.iter(|| h.step()),
        );
        // An edit: the selected link's count typed; its frame and the next
        // timed together (the link judged again, its shared-part problems
        // and its neighbours' worked out, the summary); undone untimed.
        h.get_by_label("Count").click();
        h.step();
        group.bench_function(format!("two frames, an edit, {links} links"), |b| {
            b.iter_custom(|iters| {
                timed_acts(
                    &mut h,
                    iters,
                    |h| type_count(h, "3"),
                    |h| {
                        h.step();
                        h.step();
                    },
                    undo,
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, select_shared, frame_shared);
criterion_main!(benches);

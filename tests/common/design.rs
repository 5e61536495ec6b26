//! Fixtures for tests of the library: the catalog, links written in
//! design-file syntax, and files under the repository.
//! (Included with `#[path = "common/design.rs"] mod design;` so that tests
//! without the app do not build the kittest harness.)

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file::{self, LoadedDesign};
use mpo_budget_core::model::Link;

/// The built-in catalog.
pub fn catalog() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

/// A file of the repository, from its root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A design file of the repository, loaded against `c`.
pub fn load(c: &Catalog, path: &str) -> LoadedDesign {
    design_file::load(&repo(path), c).unwrap_or_else(|e| panic!("{e}"))
}

/// The design-file text of one link `L` (format 1) with this path.
pub fn design_text(transceiver: &str, fiber: &str, path: &str) -> String {
    format!(
        "Design(format: 1, name: \"t\", links: [Link(id: \"L\", transceiver: \"{transceiver}\", fiber: \"{fiber}\", path: [{path}])])"
    )
}

/// One link parsed (and resolved) against `c`, from a path in design-file syntax.
pub fn parse_link(c: &Catalog, transceiver: &str, fiber: &str, path: &str) -> LoadedDesign {
    design_file::parse("test.ron", &design_text(transceiver, fiber, path), c)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// One link, from a path in design-file syntax.
pub fn link(c: &Catalog, transceiver: &str, fiber: &str, path: &str) -> Link {
    *parse_link(c, transceiver, fiber, path)
        .design
        .links
        .remove(0)
}

/// One link's budget, from a path written in design-file syntax.
pub fn budget(
    transceiver: &str,
    fiber: &str,
    path: &str,
) -> mpo_budget_core::analysis::budget::LinkBudget {
    let c = catalog();
    let loaded = parse_link(&c, transceiver, fiber, path);
    mpo_budget_core::analysis::budget::link_budget(&c, &loaded.design.links[0], &loaded.resolved[0])
}

/// Equal but for floating-point rounding: sums of catalog figures.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// How many of `item` (`"trunk"`, `"panel"`, `"MPO cable"`, …) a quote buys.
pub fn quantity(q: &mpo_budget_core::planning::quote::Quote, item: &str) -> u64 {
    q.lines
        .iter()
        .filter(|l| l.item == item)
        .map(|l| l.quantity)
        .sum()
}

//! Any text given to the design loader: an error or a design, never a panic;
//! a loaded design must also budget, trace and save without one, and each
//! link's verdict must agree with its full analysis.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpo_budget_core::analysis::{analyze_with_fix, verdict};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;

/// Built once: parsing the built-in catalog is not what is being fuzzed.
fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().unwrap_or_default())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let catalog = catalog();
    if let Ok(loaded) = design_file::parse("fuzz.ron", text, catalog) {
        for (link, r) in loaded.design.links.iter().zip(&loaded.resolved) {
            let full = analyze_with_fix(catalog, link, r);
            let v = verdict(catalog, link, r);
            assert_eq!(
                v.pass(),
                full.pass(),
                "verdict and analysis disagree on {}",
                link.id
            );
            let errors = full.problems().filter(|p| p.is_error()).count();
            assert_eq!(
                v.errors() as usize,
                errors,
                "error counts differ on {}",
                link.id
            );
        }
        let again = design_file::parse("fuzz.ron", &design_file::to_text(&loaded.design), catalog);
        assert!(
            again.is_ok_and(|a| a.design == loaded.design),
            "save then load changed the design"
        );
    }
});

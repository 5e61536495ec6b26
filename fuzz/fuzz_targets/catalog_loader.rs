//! Any text given as a user catalog: refused with an error, or merged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpo_budget_core::catalog::Catalog;

fn builtin() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().unwrap_or_default())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut catalog = builtin().clone();
    if catalog.merge_text("fuzz.ron", text).is_ok() {
        // A merged catalog must still fit the statistical model without panicking.
        let _ = mpo_budget_core::analysis::stats::StatModel::new(&catalog);
    }
});

//! Any bytes given as a price list (CSV).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpo_budget_core::catalog::prices::Prices;

/// Per generated input. The fuzz build keeps debug assertions, so this is
/// looser than the release build's times (README: "No input makes it panic").
const LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

fuzz_target!(|data: &[u8]| {
    // Many rows, long cells and huge prices built from the bytes: only for
    // exactly `!`, a row byte and a cell-length byte, so that ordinary
    // mutations stay fast (up to 16,320 rows of cells up to 4,080 characters).
    if let [b'!', rows, cell_len] = *data {
        let cell = "k".repeat(usize::from(cell_len) * 16);
        let mut csv = String::from(
            "item,role,grade,fibers,kind,base,per_m\ncurrency,,,,EUR,,\nstandard_grade,,mtp,,,,\npremium_grade,,mtp-elite,,,,\n",
        );
        for n in 0..usize::from(rows) * 64 {
            csv.push_str(&format!("adapter,,,,{cell}{n},1e{},\n", n % 400));
        }
        let start = std::time::Instant::now();
        let _ = Prices::from_csv("fuzz.csv", &csv);
        assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = Prices::from_csv("fuzz.csv", text) {
        let _ = p.cable(
            mpo_budget_core::model::CableRole::Cord,
            "mtp",
            mpo_budget_core::model::units::FiberCount::F12,
            3.0,
        );
    }
});

//! Any bytes given as a price list (CSV).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpo_budget_core::catalog::prices::Prices;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(p) = Prices::from_csv("fuzz.csv", text) {
        let _ = p.cable(mpo_budget_core::model::CableRole::Cord, "mtp", mpo_budget_core::model::units::FiberCount::F12, 3.0);
    }
});

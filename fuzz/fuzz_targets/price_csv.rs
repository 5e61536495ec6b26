//! Any bytes given as a price list (CSV).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpo_budget::prices::Prices;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(p) = Prices::from_csv("fuzz.csv", text) {
        let _ = p.cable(mpo_budget::model::CableRole::Cord, "mtp", mpo_budget::units::FiberCount::F12, 3.0);
    }
});

//! Any text given as a user catalog: refused with an error, or merged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpo_budget_core::catalog::Catalog;

fn builtin() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().unwrap_or_default())
}

/// Per generated input. The fuzz build keeps debug assertions, so this is
/// looser than the release build's times (README: "No input makes it panic").
const LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

fuzz_target!(|data: &[u8]| {
    // Huge figures, odd shapes and long ids built from the bytes: refused or
    // merged within a second. Only for `!`, a class byte and at least eight
    // figure bytes, so that ordinary mutations stay fast.
    if let Some((&class, rest)) = data
        .strip_prefix(b"!")
        .and_then(<[u8]>::split_first)
        .filter(|(_, rest)| rest.len() >= 8)
    {
        let x = f64::from_bits(
            rest.iter()
                .take(8)
                .fold(0u64, |a, &b| (a << 8) | u64::from(b)),
        );
        let id = "g".repeat(rest.len().min(4_096) * 16 + 1);
        let text = match class % 3 {
            0 => format!(
                "Catalog(grades: [Grade(id: \"{id}\", name: \"n\", family: Mpo, multimode: (max_db: {x:?}, typical_db: 0.1), single_mode: (max_db: 0.2, typical_db: 0.1), source: \"s\")])"
            ),
            1 => format!(
                "Catalog(grades: [Grade(id: \"g\", name: \"n\", family: Mpo, multimode: (max_db: 0.3, typical_db: 0.1), single_mode: (max_db: 0.2, typical_db: 0.1), loss_model: (shape: {x:?}, source: \"m\"), source: \"s\")])"
            ),
            _ => format!(
                "Catalog(fibers: [Fiber(id: \"f\", name: \"f\", mode: Multimode, attenuation_db_per_km: {{850: {x:?}}}, source: \"s\")])"
            ),
        };
        // Only the merge is timed here (its checks are what bound the
        // figures); fitting every grade's statistical model per input would
        // make the run a thousand times slower, and the text below does it.
        let start = std::time::Instant::now();
        let mut c = builtin().clone();
        let _ = c.merge_text("fuzz.ron", &text);
        assert!(start.elapsed() < LIMIT, "took {:?}", start.elapsed());
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut catalog = builtin().clone();
    if catalog.merge_text("fuzz.ron", text).is_ok() {
        // A merged catalog must still fit the statistical model without panicking.
        let _ = mpo_budget_core::analysis::stats::StatModel::new(&catalog);
    }
});

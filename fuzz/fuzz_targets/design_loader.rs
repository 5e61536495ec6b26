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

/// The input classes of issue 12 built from the fuzz bytes: huge counts and
/// splices, long paths, long ids, huge lengths. Each must load or be refused
/// within a second.
fn generated(data: &[u8]) -> Option<String> {
    // Only inputs of exactly `!`, a class byte and four size bytes: building
    // a 20,000-cable design for every input starting with `!` ran the fuzzer
    // at under 200 executions a second, too slow for ten million runs.
    if data.len() != 6 {
        return None;
    }
    let (&class, rest) = data.strip_prefix(b"!")?.split_first()?;
    let n = rest
        .iter()
        .take(4)
        .fold(0u32, |a, &b| a.wrapping_mul(256).wrapping_add(u32::from(b)));
    let cable = |len: &str, splices: u32| {
        format!(
            "Cable(role: Trunk, length_m: {len}, fibers: 12, polarity: B, ends: (Female, Female), grade: \"mtp\", splices: {splices})"
        )
    };
    let link = |id: &str, count: u32, path: &str| {
        format!(
            "Design(format: 1, name: \"f\", links: [Link(id: \"{id}\", count: {count}, transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{path}])])"
        )
    };
    Some(match class % 5 {
        0 => link("L", n, &cable("10.0", 0)),
        1 => link("L", 1, &cable("10.0", n)),
        2 => link(
            "L",
            1,
            &vec![cable("1.0", 0); (n % 20_000) as usize + 1].join(", "),
        ),
        3 => link(
            &"x".repeat((n % 100_000) as usize + 1),
            1,
            &cable("10.0", 0),
        ),
        _ => link("L", 1, &cable(&format!("{:e}", f64::from(n) * 1e300), 0)),
    })
}

/// Per generated input. The fuzz build keeps debug assertions, so this is
/// looser than the release build's times (README: "No input makes it panic").
const LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

fuzz_target!(|data: &[u8]| {
    if let Some(text) = generated(data) {
        let start = std::time::Instant::now();
        let _ = design_file::parse("fuzz.ron", &text, catalog());
        assert!(
            start.elapsed() < LIMIT,
            "a generated input took {:?}",
            start.elapsed()
        );
    }
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

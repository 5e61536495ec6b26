//! Inputs the fuzzers found, kept after their fix: each must load (or be
//! refused with a message) exactly as the fuzz target demands, never panic.

use std::path::Path;

use mpo_budget_core::analysis::{analyze_with_fix, verdict};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;

/// What `fuzz/fuzz_targets/design_loader.rs` does with one input.
fn as_the_design_loader_target(path: &Path) -> Result<usize, String> {
    let c = Catalog::builtin().map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let name = path.display().to_string();
    let loaded = design_file::parse(&name, &text, &c).map_err(|e| e.to_string())?;
    for (link, r) in loaded.design.links.iter().zip(&loaded.resolved) {
        let full = analyze_with_fix(&c, link, r);
        assert_eq!(verdict(&c, link, r).pass(), full.pass(), "{}", link.id);
    }
    let again = design_file::parse(&name, &design_file::to_text(&loaded.design), &c);
    assert!(again.is_ok_and(|a| a.design == loaded.design));
    Ok(loaded.design.links.len())
}

/// A 4-byte char right before a field name, in a design that does not parse:
/// naming the field for the error message sliced inside the char.
#[test]
fn a_multi_byte_char_before_a_field_name_is_refused_with_its_position() {
    let path = Path::new("tests/data/fuzz/design_loader/multibyte-char-before-field.ron");
    let err = as_the_design_loader_target(path).err().unwrap_or_default();
    assert!(
        err.starts_with(
            "tests/data/fuzz/design_loader/multibyte-char-before-field.ron:19:8: field `path[1]`:"
        ),
        "{err}"
    );
    assert!(err.contains("expected one of `Cable`, `Adapter`"), "{err}");
}

/// Every kept input runs through the target's steps without a panic.
#[test]
fn every_kept_input_runs_without_a_panic() {
    let mut n = 0;
    for entry in std::fs::read_dir("tests/data/fuzz/design_loader")
        .into_iter()
        .flatten()
        .flatten()
    {
        let _ = as_the_design_loader_target(&entry.path());
        n += 1;
    }
    assert!(n >= 1, "no kept inputs found");
}

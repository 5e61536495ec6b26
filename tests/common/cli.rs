//! Helpers for tests that run the `mpo-budget` binary as a script would.
//! (CLI tests only; the app's fixtures live in `tests/common/mod.rs`.)

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary at the repository root with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run mpo-budget: {e}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `tests/data/golden/NAME`.
pub fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/golden")
        .join(name)
}

/// True when `MPO_BLESS=1` (or any value but `0`): golden files are rewritten.
pub fn blessing() -> bool {
    std::env::var_os("MPO_BLESS").is_some_and(|v| v != "0")
}

/// Compares `actual` with the golden file `name`; under `MPO_BLESS=1` writes it
/// instead. Returns a description of the difference, or None when equal.
pub fn check_golden(name: &str, actual: &str) -> Option<String> {
    let path = golden_path(name);
    if blessing() {
        if let Err(e) = std::fs::write(&path, actual) {
            return Some(format!("{name}: cannot write {}: {e}", path.display()));
        }
        return None;
    }
    let expected = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            return Some(format!(
                "{name}: no golden file ({e}); run `MPO_BLESS=1 cargo test --test golden` to write it"
            ));
        }
    };
    if expected == actual {
        return None;
    }
    let (exp, act): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let line = exp
        .iter()
        .zip(&act)
        .position(|(a, b)| a != b)
        .unwrap_or(exp.len().min(act.len()));
    Some(format!(
        "{name}: differs from the golden file at line {}\n  golden: {:?}\n  actual: {:?}\n  ({} golden lines, {} actual lines; bless with MPO_BLESS=1 if the change is meant)",
        line + 1,
        exp.get(line).copied().unwrap_or("<end of file>"),
        act.get(line).copied().unwrap_or("<end of output>"),
        exp.len(),
        act.len()
    ))
}

//! JSON output: every command's `--format json`.

use serde::Serialize;

/// Pretty JSON with a final newline.
pub fn pretty<T: Serialize>(value: &T) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(s) => s + "\n",
        Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
    }
}

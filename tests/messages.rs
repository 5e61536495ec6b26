//! Messages (issue 12 §5): control characters from files never reach the
//! terminal raw; a BOM is accepted; invalid UTF-8 is placed; a failed write
//! names its file once.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run mpo-budget: {e}"))
}

fn good() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good.ron"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("{e}"));
    p.display().to_string()
}

#[test]
fn escape_sequences_in_ids_never_reach_the_terminal() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    // An id that would retitle the terminal and clear the screen.
    let evil = "L1\\u{1b}]0;pwned\\u{7}\\u{1b}[2J";
    let design = write(
        dir.path(),
        "evil.ron",
        good().replace("\"L1\"", &format!("\"{evil}\"")).as_bytes(),
    );
    for command in ["calc", "polarity", "select", "quote"] {
        let o = run(&[command, &design]);
        assert!(!o.stdout.contains(&0x1b), "{command}: raw ESC on stdout");
        assert!(!o.stdout.contains(&0x07), "{command}: raw BEL on stdout");
        let out = String::from_utf8_lossy(&o.stdout);
        if command != "quote" {
            assert!(
                out.contains("L1\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"),
                "{command}: {out}"
            );
        }
    }
    // JSON keeps the text, escaped as JSON says.
    let o = run(&["calc", &design, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["links"][0]["id"], "L1\u{1b}]0;pwned\u{7}\u{1b}[2J");
    // An error message naming the id is escaped too.
    let bad = write(
        dir.path(),
        "evil-bad.ron",
        good()
            .replace("\"L1\"", &format!("\"{evil}\""))
            .replacen("\"100GBASE-SR4\"", "\"X\\u{1b}[31m\"", 1)
            .as_bytes(),
    );
    let o = run(&["calc", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!o.stderr.contains(&0x1b), "raw ESC on stderr");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("link \"L1\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\""),
        "{err}"
    );
    assert!(
        err.contains("unknown transceiver \"X\\u{1b}[31m\""),
        "{err}"
    );
    Ok(())
}

#[test]
fn a_byte_order_mark_is_accepted_in_designs_and_catalogs() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(good().as_bytes());
    let design = write(dir.path(), "bom.ron", &bytes);
    let plain = run(&["calc", "tests/data/good.ron", "--format", "json"]);
    let o = run(&["calc", &design, "--format", "json"]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    assert_eq!(o.stdout, plain.stdout);
    let mut cat = b"\xEF\xBB\xBF".to_vec();
    cat.extend_from_slice(&std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/user-catalog.ron"),
    )?);
    let catalog = write(dir.path(), "bom-catalog.ron", &cat);
    let o = run(&["catalog", "grades", "--catalog", &catalog]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("MTP Elite (house measured)"));
    Ok(())
}

#[test]
fn invalid_utf8_gives_its_byte_offset_and_line() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let text = good().replacen("name: \"test\"", "name: \"t\u{0}\"", 1);
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|&b| b == 0).unwrap_or_default();
    bytes[at] = 0xFF;
    let design = write(dir.path(), "latin1.ron", &bytes);
    let o = run(&["calc", &design]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr).trim_end(),
        format!(
            "error: {design}:4:13: expected UTF-8 text, found an invalid byte at byte offset {at}"
        )
    );
    Ok(())
}

#[test]
fn a_failed_write_names_the_file_once() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("no-such-dir").join("out.ron");
    let out = out.display().to_string();
    let o = run(&["select", "tests/data/good.ron", "--write", &out]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches(&out).count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("error: {out}: could not save: ")),
        "{err}"
    );
    Ok(())
}

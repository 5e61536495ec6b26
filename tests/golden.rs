//! Golden files: every command's output on every shipped example, byte for byte.
//!
//! A difference fails the test and names the first differing line. When a
//! change is meant, rewrite the files and review the diff:
//! `MPO_BLESS=1 cargo test --test golden`.

#[path = "common/cli.rs"]
mod cli_common;

use cli_common::{check_golden, run, stderr, stdout};

/// The shipped examples, by file stem under `assets/examples/` (the
/// format-1 originals of three of them under `format-1/`).
const EXAMPLES: [&str; 8] = [
    "100g-sr4-row",
    "10g-duplex-cassettes",
    "400g-dr4-apc",
    "ai-cluster-breakouts",
    "shared-row",
    "format-1/100g-sr4-row",
    "format-1/10g-duplex-cassettes",
    "format-1/400g-dr4-apc",
];

/// The formats each design command prints, and the golden file's extension.
const ALL: [(&str, &str); 3] = [("text", "txt"), ("json", "json"), ("csv", "csv")];

/// Runs `args`, expects a clean run (exit 0 or 1, nothing on stderr) and
/// compares stdout with the golden file `name`; returns the failures.
fn case(name: &str, args: &[&str]) -> Vec<String> {
    let o = run(args);
    let mut failures = Vec::new();
    if !matches!(o.status.code(), Some(0 | 1)) || !o.stderr.is_empty() {
        failures.push(format!(
            "{name}: `mpo-budget {}` exited {:?}: {}",
            args.join(" "),
            o.status.code(),
            stderr(&o)
        ));
    }
    failures.extend(check_golden(name, &stdout(&o)));
    failures
}

fn assert_none(failures: Vec<String>) {
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `command` on every example in every format of `formats`; calc's text keeps
/// its historical name `STEM.txt`, the others are `STEM.COMMAND.EXT`.
fn per_example(command: &str, formats: &[(&str, &str)], extra: &[&str]) {
    let mut failures = Vec::new();
    for stem in EXAMPLES {
        let design = format!("assets/examples/{stem}.ron");
        for (format, ext) in formats {
            let name = if command == "calc" && *format == "text" {
                format!("{stem}.txt")
            } else {
                format!("{stem}.{command}.{ext}")
            };
            let mut args = vec![command, design.as_str(), "--format", format];
            args.extend_from_slice(extra);
            failures.extend(case(&name, &args));
        }
    }
    assert_none(failures);
}

#[test]
fn calc() {
    per_example("calc", &ALL, &[]);
}

#[test]
fn polarity() {
    per_example("polarity", &ALL[..2], &[]);
}

#[test]
fn stats() {
    per_example("stats", &ALL, &["--seed", "7", "--trials", "500"]);
}

#[test]
fn select() {
    per_example("select", &ALL, &[]);
}

#[test]
fn quote() {
    per_example("quote", &ALL, &[]);
}

#[test]
fn catalog() {
    let mut failures = Vec::new();
    for (format, ext) in &ALL[..2] {
        failures.extend(case(
            &format!("catalog.{ext}"),
            &["catalog", "--format", format],
        ));
    }
    assert_none(failures);
}

/// Assurance takes no design: one table per transceiver and fiber the examples use.
#[test]
fn assurance() {
    let mut failures = Vec::new();
    for (transceiver, fiber) in [
        ("100GBASE-SR4", "OM4"),
        ("40GBASE-SR4", "OM4"),
        ("10GBASE-SR", "OM4"),
        ("25GBASE-SR", "OM4"),
        ("400GBASE-DR4", "OS2"),
        ("100GBASE-FR1", "OS2"),
    ] {
        for (format, ext) in &ALL {
            failures.extend(case(
                &format!(
                    "assurance-{}-{}.{ext}",
                    transceiver.to_lowercase(),
                    fiber.to_lowercase()
                ),
                &[
                    "assurance",
                    "--transceiver",
                    transceiver,
                    "--fiber",
                    fiber,
                    "--format",
                    format,
                ],
            ));
        }
    }
    assert_none(failures);
}

/// `report` writes its HTML to a file and only "wrote PATH" on stderr; its
/// stdout is golden too (empty), so a stray print shows up here.
#[test]
fn report_prints_nothing_on_stdout() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    for stem in EXAMPLES {
        let out = dir.path().join(format!("{}.html", stem.replace('/', "-")));
        let o = run(&[
            "report",
            &format!("assets/examples/{stem}.ron"),
            "--out",
            out.to_str().unwrap_or_default(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
        assert_eq!(stderr(&o), format!("wrote {}\n", out.display()));
    }
    Ok(())
}

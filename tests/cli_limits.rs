//! Input sizes and argument bounds (issue 12 §2): each is refused at once with
//! exit 2 and a message naming the limit, never run for minutes or until
//! memory runs out.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn run(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_mpo-budget"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run mpo-budget: {e}"));
    (o, start.elapsed())
}

fn refused(args: &[&str], expected_stderr: &str) {
    let (o, took) = run(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end(), expected_stderr, "{args:?}");
    assert!(o.stdout.is_empty(), "{args:?}");
    // Refused before any work: well under the seconds the unbounded run took.
    assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
}

const QUICK: [&str; 9] = [
    "calc",
    "--transceiver",
    "40GBASE-SR4",
    "--fiber",
    "OM4",
    "--grade",
    "mtp",
    "--length-m",
    "100",
];

fn quick(extra: &[&str]) -> Vec<&'static str> {
    let mut v: Vec<&str> = QUICK.to_vec();
    for e in extra {
        // Leaked once per test run: a handful of short strings.
        v.push(Box::leak(e.to_string().into_boxed_str()));
    }
    v
}

#[test]
fn trials_past_ten_million_are_refused() {
    refused(
        &["stats", "tests/data/good.ron", "--trials", "4294967295"],
        "error: command line: field `--trials`: expected at most 10000000 trials, found 4294967295 (the limit is 10000000)",
    );
    refused(
        &["stats", "tests/data/good.ron", "--trials", "10000001"],
        "error: command line: field `--trials`: expected at most 10000000 trials, found 10000001 (the limit is 10000000)",
    );
}

#[test]
fn assurance_max_pairs_past_a_thousand_are_refused() {
    refused(
        &[
            "assurance",
            "--transceiver",
            "40GBASE-SR4",
            "--fiber",
            "OM4",
            "--max-pairs",
            "4294967295",
        ],
        "error: command line: field `--max-pairs`: expected at most 1000 mated pairs, found 4294967295 (the limit is 1000)",
    );
    refused(
        &[
            "assurance",
            "--transceiver",
            "40GBASE-SR4",
            "--fiber",
            "OM4",
            "--splices",
            "1001",
        ],
        "error: command line: field `--splices`: expected at most 1000 splices, found 1001 (the limit is 1000)",
    );
    // At the limit it runs (rows stop where no length is left).
    let (o, _) = run(&[
        "assurance",
        "--transceiver",
        "40GBASE-SR4",
        "--fiber",
        "OM4",
        "--grade",
        "mtp",
        "--max-pairs",
        "1000",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().last(),
        Some("mtp,2,85.714,loss")
    );
}

#[test]
fn quick_calc_bounds_pairs_splices_and_length() {
    refused(
        &quick(&["--mated-pairs", "4294967295"]),
        "error: command line: field `--mated-pairs`: expected at most 1000 mated pairs, found 4294967295 (the limit is 1000)",
    );
    refused(
        &quick(&["--mated-pairs", "10000000"]),
        "error: command line: field `--mated-pairs`: expected at most 1000 mated pairs, found 10000000 (the limit is 1000)",
    );
    refused(
        &quick(&["--mated-pairs", "1", "--splices", "2000000000"]),
        "error: command line: field `--splices`: expected at most 1000 splices, found 2000000000 (the limit is 1000)",
    );
    for bad in ["inf", "NaN", "1.7e308", "100000.5"] {
        let mut args = quick(&["--mated-pairs", "1"]);
        args[8] = Box::leak(bad.to_owned().into_boxed_str());
        refused(
            &args,
            &format!(
                "error: command line: field `--length-m`: expected a finite length of at most 100000 m, found {} (the limit is 100 km)",
                bad.parse::<f64>().unwrap_or_default()
            ),
        );
    }
}

#[cfg(unix)]
#[test]
fn an_endless_file_is_refused_at_64_mib() {
    refused(
        &["calc", "/dev/zero"],
        "error: /dev/zero: the design file is larger than the limit of 67108864 bytes (64 MiB); it was not read",
    );
    refused(
        &["catalog", "--catalog", "/dev/zero"],
        "error: /dev/zero: the catalog file is larger than the limit of 67108864 bytes (64 MiB); it was not read",
    );
    refused(
        &["quote", "tests/data/good.ron", "--prices", "/dev/zero"],
        "error: /dev/zero: the price list is larger than the limit of 67108864 bytes (64 MiB); it was not read",
    );
}

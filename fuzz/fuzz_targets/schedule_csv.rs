//! Any bytes given as a link schedule (CSV): read, checked and, where it
//! reads, planned into a design and resolved.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::schedule;
use mpo_budget_core::planning::plan::{PlanOptions, plan_and_resolve};

/// CPU time of the whole process per generated input (planning runs on every
/// core, and a fuzzer run at low priority waits for the machine: wall time
/// would judge the machine, not the code). The fuzz build keeps debug
/// assertions, so this is looser than the release build's times (README: "No
/// input makes it panic").
const LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

fn cpu_time() -> std::time::Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    std::time::Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(catalog) = Catalog::builtin() else {
        return;
    };
    // Many rows between a few racks, with counts, built from the bytes: only
    // for exactly `!`, a row byte and a count byte (up to 16,320 rows, each
    // up to 255 links), so that ordinary mutations stay fast.
    if let [b'!', rows, count] = *data {
        let mut csv = String::from("id,transceiver,fiber,near_rack,far_rack,length_m,count\n");
        for n in 0..usize::from(rows) * 64 {
            let (t, f) = if n % 2 == 0 {
                ("100GBASE-SR4", "OM4")
            } else {
                ("10GBASE-SR", "OM4")
            };
            csv.push_str(&format!(
                "L{n},{t},{f},R{},R{},{},{}\n",
                n % 7,
                n % 7 + 1 + n % 3,
                10 + n % 80,
                1 + usize::from(count) % 4
            ));
        }
        let start = cpu_time();
        if let Ok(s) = schedule::parse_csv("fuzz.csv", &csv, &catalog) {
            let _ = plan_and_resolve(&catalog, s, &PlanOptions::default());
        }
        let used = cpu_time().saturating_sub(start);
        assert!(used < LIMIT, "took {used:?} of CPU");
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = schedule::parse_csv("fuzz.csv", text, &catalog) {
        let _ = plan_and_resolve(&catalog, s, &PlanOptions::default());
    }
});

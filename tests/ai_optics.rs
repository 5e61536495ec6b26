//! Issue 13: today's AI-cluster optics. Figures are computed by hand from the
//! catalog (`catalog/*.ron`) and cited to `../shared/reference/ai-optics.md`.

#[path = "common/design.rs"]
mod design;

use design::{catalog, parse_link};
use mpo_budget_core::analysis::budget::{LinkBudget, code, link_budget};
use mpo_budget_core::analysis::polarity::check_link;

fn budget(transceiver: &str, fiber: &str, path: &str) -> LinkBudget {
    let c = catalog();
    let loaded = parse_link(&c, transceiver, fiber, path);
    link_budget(&c, &loaded.design.links[0], &loaded.resolved[0])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn codes(b: &LinkBudget) -> Vec<&'static str> {
    b.problems.iter().map(|p| p.code).collect()
}

/// Three Type B MTP Elite cables (Method B) of `lengths` m, the middle one with `splices`.
fn method_b(lengths: [f64; 3], splices: u32) -> String {
    let [a, b, c] = lengths;
    format!(
        r#"Cable(role: Cord, length_m: {a:?}, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
           Adapter(keys: UpUp),
           Cable(role: Trunk, length_m: {b:?}, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite", splices: {splices}),
           Adapter(keys: UpUp),
           Cable(role: Cord, length_m: {c:?}, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")"#
    )
}

#[test]
fn a_channel_built_to_ieee_s_own_model_passes_with_a_rounding_warning() {
    // ai-optics.md §1 "IEEE rounding": 40GBASE-SR4 on OM4, 150 m at 3.5 dB/km
    // = 0.525 dB, plus the 1.0 dB connection allocation (two MTP Elite pairs
    // 2 × 0.35 + one fusion splice 0.30 = 1.00 dB) = 1.525 dB against the
    // table's 1.5 dB.
    let b = budget("40GBASE-SR4", "OM4", &method_b([3.0, 144.0, 3.0], 1));
    assert!(
        close(b.totals.worst_case_loss_db, 1.525),
        "{}",
        b.totals.worst_case_loss_db
    );
    assert!(close(b.totals.connection_loss_db, 1.0));
    assert!(b.totals.loss_ok() && b.totals.within_rounding());
    assert_eq!(codes(&b), [code::LOSS_WITHIN_ROUNDING]);
    assert!(!b.problems[0].is_error());
    assert_eq!(
        b.problems[0].message,
        "worst-case loss 1.525 dB is over the 1.5 dB table figure of 40GBASE-SR4 on OM4 by 0.025 dB, but the channel is within its 150 m reach and its 1 dB connection allocation: compliant (IEEE rounds the figure to 0.1 dB); a certifier will test against 1.5 dB"
    );
    // The same channel one metre longer is past the reach: it fails as before.
    let b = budget("40GBASE-SR4", "OM4", &method_b([3.0, 145.0, 3.0], 1));
    assert_eq!(codes(&b), [code::LOSS_OVER_LIMIT, code::OVER_REACH]);
    // Over the allocation (a third Elite pair instead of the splice would be
    // 1.05 dB; here an MTP pair: 0.35 + 0.60 = 0.95 + splice 0.30 = 1.25 dB)
    // at 140 m: 0.49 + 1.25 = 1.74 dB, a real excess.
    let path = method_b([3.0, 134.0, 3.0], 1).replacen("mtp-elite", "mtp", 1);
    let b = budget("40GBASE-SR4", "OM4", &path);
    assert!(
        close(b.totals.worst_case_loss_db, 1.74),
        "{}",
        b.totals.worst_case_loss_db
    );
    assert_eq!(codes(&b), [code::LOSS_OVER_LIMIT]);
    // Where the catalog records no allocation (OM5 here), the table figure rules.
    let b = budget("40GBASE-SR4", "OM5", &method_b([3.0, 144.0, 3.0], 3));
    // 0.150 km × 3.0 dB/km = 0.45 + 0.70 + 3 × 0.30 = 2.05 dB.
    assert!(close(b.totals.worst_case_loss_db, 2.05));
    assert_eq!(codes(&b), [code::LOSS_OVER_LIMIT]);
}

#[test]
fn single_mode_fibers_as_the_cable_data_sheet_says() {
    // TIA FOTC 800GBASE-DR8 page (ai-optics.md §1): OS1a 1.0, indoor/outdoor
    // 0.5, OS2 0.4 dB/km. 400GBASE-DR4, 3 + 240 + 3 m of Elite (APC): 0.246 km.
    let path = method_b([3.0, 240.0, 3.0], 0);
    for (fiber, worst) in [
        ("OS2", 0.0984 + 0.70),
        ("OS2-io", 0.123 + 0.70),
        ("OS1a", 0.246 + 0.70),
    ] {
        let b = budget("400GBASE-DR4", fiber, &path);
        assert!(
            close(b.totals.worst_case_loss_db, worst),
            "{fiber} {}",
            b.totals.worst_case_loss_db
        );
        assert_eq!(b.totals.max_channel_loss_db(), Some(3.0), "{fiber}");
    }
    // OS1a: the informative 250 m of the TIA page (DR4 by analogy).
    let b = budget("400GBASE-DR4", "OS1a", &method_b([3.0, 250.0, 3.0], 0));
    assert_eq!(codes(&b), [code::OVER_REACH]);
}

#[test]
fn sr8_modules_are_apc_as_clusters_buy_them() {
    // ai-optics.md §1: 8 × 50G PAM4 SR8 modules are MPO APC; a UPC cord is refused.
    let c = catalog();
    let cord = |polish: &str| {
        format!(
            r#"Cable(role: Cord, length_m: 30.0, fibers: 16, polarity: B, ends: (Female, Female), grade: "mtp-elite", polish: {polish})"#
        )
    };
    for (module, polish, ok) in [
        ("400GBASE-SR8", "Apc", true),
        ("400GBASE-SR8", "Upc", false),
        ("400GBASE-SR8-UPC", "Upc", true),
        ("800GBASE-SR8", "Apc", true),
    ] {
        let loaded = parse_link(&c, module, "OM4", &cord(polish));
        let r = check_link(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert_eq!(r.ok(), ok, "{module} {polish}: {:?}", r.problems);
    }
}

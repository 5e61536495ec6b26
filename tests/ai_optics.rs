//! Issue 13: today's AI-cluster optics. Figures are computed by hand from the
//! catalog (`catalog/*.ron`) and cited to `../shared/reference/ai-optics.md`.

#[path = "common/design.rs"]
mod design;

use design::{budget, catalog, close, parse_link};
use mpo_budget_core::analysis::budget::{LinkBudget, code};
use mpo_budget_core::analysis::polarity::check_link;

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

mod breakouts {
    use super::design::{self, catalog, close, load};
    use mpo_budget_core::analysis::analyze;
    use mpo_budget_core::analysis::budget::code;
    use mpo_budget_core::io::design_file;
    use mpo_budget_core::model::FORMAT_VERSION;

    const EXAMPLE: &str = "assets/examples/ai-cluster-breakouts.ron";

    /// The issue's own format-2 file, each leg budgeted by hand:
    /// OS2 0.4 dB/km at 1310 nm; MTP Elite single-mode 0.35 / 0.10 dB;
    /// LC low loss 0.25 / 0.10 dB (catalog/grades.ron, fibers.ron).
    #[test]
    fn an_800g_twin_port_breaks_out_to_100g_dr_modules() {
        let c = catalog();
        let loaded = load(&c, EXAMPLE);
        assert_eq!(loaded.design.format, FORMAT_VERSION);
        let link = &loaded.design.links[0];
        assert_eq!((link.id.as_str(), link.port), ("SP1-1/1", 2));
        let a = analyze(&c, link, &loaded.resolved[0]);
        assert_eq!(a.legs.len(), 3);
        // LF1, LF2: 3 + 120 + 3 m = 0.126 km × 0.4 = 0.0504 dB; two Elite
        // pairs 0.70 (typ 0.20); the LC leg plugs straight into the 100G DR
        // module (no pair). Limits: the stricter of 800G-2xDR4 and
        // 100GBASE-DR on OS2, 500 m / 3.0 dB.
        for leg in &a.legs[..2] {
            let t = leg.analysis.budget.totals;
            assert!(
                close(t.worst_case_loss_db, 0.7504),
                "{}",
                t.worst_case_loss_db
            );
            assert!(close(t.typical_loss_db, 0.2504));
            assert_eq!(
                (t.mated_pairs, t.max_channel_loss_db(), t.reach_m()),
                (2, Some(3.0), Some(500.0))
            );
        }
        // LF3: + an LC adapter (LC low-loss pair 0.25, typ 0.10) and a 2 m cord:
        // 0.128 km × 0.4 = 0.0512 + 0.70 + 0.25 = 1.0012 dB.
        let t = a.legs[2].analysis.budget.totals;
        assert!(
            close(t.worst_case_loss_db, 1.0012),
            "{}",
            t.worst_case_loss_db
        );
        assert!(close(t.typical_loss_db, 0.3512));
        assert_eq!(t.mated_pairs, 3);
        // The link: every leg passes; its figures are the governing leg's.
        assert!(a.pass(), "{:?}", a.problems().collect::<Vec<_>>());
        assert!(close(
            a.verdict.budget.margin_db().unwrap_or(f64::NAN),
            3.0 - 1.0012
        ));
        // Lanes: the DR4 port's lane n (Tx n, Rx 13 − n) reaches leg n's DR
        // module: Tx 1 → harness MPO 12 (two Type B cables, two key-up/key-up
        // adapters) → leg 1 LC A → the module's Rx at position 2 (ai-optics.md §3).
        for (k, leg) in a.legs.iter().enumerate() {
            let lanes = &leg.analysis.polarity.lanes;
            assert_eq!(lanes.len(), 1, "leg {k}");
            assert_eq!(usize::from(lanes[0].lane), k + 1);
            assert_eq!((lanes[0].far_position, lanes[0].rx_position), (Some(2), 2));
            assert!(lanes[0].ok);
        }
    }

    #[test]
    fn an_sr8_breaks_out_to_two_sr4_over_mpo16_to_two_mpo8() {
        let c = catalog();
        let loaded = load(&c, EXAMPLE);
        let a = analyze(&c, &loaded.design.links[1], &loaded.resolved[1]);
        // OM4 3.5 dB/km: 3 + 60 + 2 m = 0.2275 dB + two Elite multimode pairs 0.70.
        for leg in &a.legs {
            let t = leg.analysis.budget.totals;
            assert!(
                close(t.worst_case_loss_db, 0.9275),
                "{}",
                t.worst_case_loss_db
            );
            assert!(close(t.typical_loss_db, 0.4275));
            assert_eq!(t.max_channel_loss_db(), Some(1.9));
            // Leg 1 carries lanes 1–4, leg 2 lanes 5–8, each onto its SR4's
            // lanes 1–4 (Rx 12, 11, 10, 9).
            let lanes: Vec<(u8, Option<u8>)> = leg
                .analysis
                .polarity
                .lanes
                .iter()
                .map(|l| (l.lane, l.far_position))
                .collect();
            let first = if leg.leg == 1 { 1 } else { 5 };
            assert_eq!(
                lanes,
                (0..4)
                    .map(|j| (first + j, Some(12 - j)))
                    .collect::<Vec<_>>(),
                "leg {}",
                leg.leg
            );
        }
        assert!(a.pass(), "{:?}", a.problems().collect::<Vec<_>>());
    }

    #[test]
    fn a_type_c_trunk_sends_each_lane_to_the_neighbour_s_leg() {
        // ai-optics.md §1: a Type C element in breakout use sends lanes to the
        // wrong neighbour: DR4 lane 1 reaches harness MPO 11, which is leg 2's.
        let c = catalog();
        let text = std::fs::read_to_string(design::repo(EXAMPLE)).unwrap_or_default();
        let wrong = text.replacen(
            "length_m: 120.0, fibers: 12, polarity: B",
            "length_m: 120.0, fibers: 12, polarity: C",
            1,
        );
        let loaded = design_file::parse("wrong.ron", &wrong, &c).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert!(!a.pass());
        for leg in &a.legs {
            let codes: Vec<&str> = leg
                .analysis
                .polarity
                .problems
                .iter()
                .map(|p| p.code)
                .collect();
            assert_eq!(codes, [code::POLARITY_WRONG_LEG], "{}", leg.id);
        }
        assert_eq!(
            a.legs[0].analysis.polarity.problems[0].message,
            "Tx lane 1 comes out of harness 1 on leg 2, not on this link's leg 1: its breakout port reaches another module (check the harness's leg order and the trunk's polarity)"
        );
        // The link's problems name their leg.
        assert!(
            a.problems()
                .any(|p| p.message.starts_with("leg LF2-1/1: Tx lane 2 comes out"))
        );
    }

    #[test]
    fn a_twin_port_to_two_400g_dr4_is_two_plain_links_one_per_port() {
        let c = catalog();
        let link = |port: u8| {
            format!(
                r#"Link(id: "P{port}", transceiver: "800G-2xDR4", port: {port}, far_transceiver: "400GBASE-DR4", fiber: "OS2", path: [
                    Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
                    Adapter(keys: UpUp),
                    Cable(role: Trunk, length_m: 200.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite"),
                    Adapter(keys: UpUp),
                    Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")])"#
            )
        };
        let text = format!(
            "Design(format: 2, name: \"t\", links: [{}, {}])",
            link(1),
            link(2)
        );
        let loaded = design_file::parse("t.ron", &text, &c).unwrap_or_else(|e| panic!("{e}"));
        for (l, r) in loaded.design.links.iter().zip(&loaded.resolved) {
            let a = analyze(&c, l, r);
            // 0.206 km × 0.4 = 0.0824 + 0.70 = 0.7824 dB against 3.0 dB.
            assert!(close(a.budget.totals.worst_case_loss_db, 0.7824));
            assert!(a.pass(), "{}: {:?}", l.id, a.problems().collect::<Vec<_>>());
            assert_eq!(a.polarity.lanes.len(), 4);
        }
        // A third port does not exist.
        let bad = text.replace("port: 2", "port: 3");
        let e = design_file::parse("t.ron", &bad, &c)
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|e| e.contains("expected a port from 1 to 2 of 800G-2xDR4, found 3")),
            "{e:?}"
        );
    }

    #[test]
    fn format_1_files_open_and_a_newer_format_is_refused() {
        let c = catalog();
        let path = "assets/examples/format-1/100g-sr4-row.ron";
        let before = std::fs::read(design::repo(path)).unwrap_or_default();
        let loaded = load(&c, path);
        // Migrated in memory; the file is not rewritten by opening it.
        assert_eq!(loaded.design.format, 2);
        assert_eq!(
            std::fs::read(design::repo(path)).unwrap_or_default(),
            before
        );
        assert!(String::from_utf8_lossy(&before).contains("format: 1"));
        // Saved, it is format 2.
        assert!(design_file::to_text(&loaded.design).contains("format: 2"));
        let e = design_file::parse("new.ron", "Design(format: 3, name: \"n\", links: [])", &c)
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|e| e.contains("expected format 2, found 3")),
            "{e:?}"
        );
    }

    #[test]
    fn every_output_covers_the_legs() {
        use mpo_budget_core::catalog::prices::Prices;
        use mpo_budget_core::output::{calc, html, records, stats};
        let c = catalog();
        let loaded = load(&c, EXAMPLE);
        let r = records::calc_report(&c, &loaded);
        // JSON: the link's figures are its legs' (largest loss, smallest margin).
        let sp1 = &r.links[0];
        assert_eq!(sp1.legs.len(), 3);
        assert!(close(sp1.worst_case_loss_db, 1.0012) && sp1.margin_db == Some(1.9988));
        assert_eq!(
            sp1.legs
                .iter()
                .map(|l| (l.id.as_str(), l.leg))
                .collect::<Vec<_>>(),
            [("LF1-1/1", 1), ("LF2-1/1", 2), ("LF3-1/1", 3)]
        );
        assert!(r.links[2].legs.is_empty(), "a plain link has no legs");
        // CSV: one row per leg with the link id and the leg id.
        let csv = calc::csv(&r);
        assert!(csv.contains("\nSP1-1/1,1,800G-2xDR4,OS2,128.0,3,0,1.0012,0.3512,3.0,500.0,1.9988,true,,,LF3-1/1,100GBASE-DR\n"), "{csv}");
        assert_eq!(csv.lines().filter(|l| l.starts_with("SP2-1/1,")).count(), 2);
        // Text: a row per leg under its link.
        assert!(calc::text(&r).contains("\n  LF4-1/1 "));
        // The report: a section per leg.
        let prices = Prices::example().unwrap_or_else(|e| panic!("{e}"));
        let report = html::html_report(
            &c,
            &prices,
            &loaded,
            None,
            None,
            mpo_budget_core::output::money::Grouping::Comma,
        );
        assert!(report.contains("<h3>LF3-1/1 (leg 3 of SP1-1/1)"), "report");
        // Statistics: a row per leg.
        let s = stats::stats_report(&c, &loaded, 200, 7, "x.ron").unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<&str> = s.links.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "LF1-1/1", "LF2-1/1", "LF3-1/1", "LF4-1/1", "LF5-1/1", "plain"
            ]
        );
    }

    const DR4_CHAIN: &str = r#"Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
        Adapter(keys: UpUp),
        Cable(role: Trunk, length_m: 300.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite"),
        Adapter(keys: UpUp)"#;

    fn one_link(
        c: &mpo_budget_core::catalog::Catalog,
        link: &str,
    ) -> Result<mpo_budget_core::io::design_file::LoadedDesign, String> {
        design_file::parse(
            "t.ron",
            &format!("Design(format: 2, name: \"t\", links: [{link}])"),
            c,
        )
        .map_err(|e| e.to_string())
    }

    fn codes_of(a: &mpo_budget_core::analysis::LinkAnalysis) -> Vec<&'static str> {
        let mut v: Vec<&str> = a.problems().map(|p| p.code).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn a_400g_dr4_breaks_out_to_four_100g_dr() {
        // ai-optics.md §3: DR4 → 4 × DR1 over MPO-12 APC to four LC UPC legs.
        // OS2 0.4 dB/km × (3 + 300 + 2) m = 0.122 dB; two Elite pairs 0.70 dB
        // (typ 0.20): 0.822 dB against the stricter of 400GBASE-DR4 and
        // 100GBASE-DR, 3.0 dB / 500 m. Lane n reaches leg n's Rx (position 2).
        let c = catalog();
        let link = format!(
            r#"Link(id: "D", transceiver: "400GBASE-DR4", fiber: "OS2", path: [{DR4_CHAIN},
                Harness(kind: "mpo12-4xlc", length_m: 2.0, end: Female, grade: "mtp-elite", leg_grade: "lc-low-loss")],
                legs: [Leg(id: "D1", transceiver: "100GBASE-DR"), Leg(id: "D2", transceiver: "100GBASE-DR"),
                       Leg(id: "D3", transceiver: "100GBASE-DR"), Leg(id: "D4", transceiver: "100GBASE-DR")])"#
        );
        let loaded = one_link(&c, &link).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert!(a.pass(), "{:?}", codes_of(&a));
        for (k, leg) in a.legs.iter().enumerate() {
            let t = leg.analysis.budget.totals;
            assert!(
                close(t.worst_case_loss_db, 0.822),
                "{}",
                t.worst_case_loss_db
            );
            assert!(close(t.typical_loss_db, 0.322));
            let lane = leg.analysis.polarity.lanes[0];
            assert_eq!(
                (usize::from(lane.lane), lane.far_position, lane.ok),
                (k + 1, Some(2), true)
            );
        }
        // The same breakout wired wrongly: leg 2's own path crosses its pair
        // with an A-to-A cord after an LC adapter (A-to-B is right), so lane 2
        // lands on the 100G DR's transmitter: that leg fails, the others pass.
        let wrong = link.replacen(
            r#"Leg(id: "D2", transceiver: "100GBASE-DR")"#,
            r#"Leg(id: "D2", transceiver: "100GBASE-DR", path: [Adapter(keys: UpDown), LcCord(length_m: 2.0, polarity: AtoA, grade: "lc-low-loss")])"#,
            1,
        );
        let loaded = one_link(&c, &wrong).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert!(!a.pass());
        let failing: Vec<&str> = a
            .legs
            .iter()
            .filter(|l| !l.analysis.pass())
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(failing, ["D2"]);
        assert_eq!(codes_of(&a.legs[1].analysis), [code::POLARITY_TX_ON_TX]);
    }

    #[test]
    fn modules_that_do_not_work_together_are_refused() {
        // 4 × 25G NRZ against 4 × 50G PAM4 on the same MPO-12 UPC port.
        let c = catalog();
        let plain = r#"Link(id: "P", transceiver: "100GBASE-SR4", far_transceiver: "200GBASE-SR4", fiber: "OM4", path: [
            Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
            Adapter(keys: UpUp),
            Cable(role: Trunk, length_m: 50.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite"),
            Adapter(keys: UpUp),
            Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")])"#;
        let loaded = one_link(&c, plain).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert_eq!(codes_of(&a), [code::PATH_MODULES_INCOMPATIBLE]);
        assert!(a.problems().any(|p| p.message == "100GBASE-SR4 sends 25G-NRZ-850 on each lane but 200GBASE-SR4 receives 50G-PAM4-850: the modules do not work together"));
        // A DR4 broken out to 10G LR modules.
        let legs = format!(
            r#"Link(id: "D", transceiver: "400GBASE-DR4", fiber: "OS2", path: [{DR4_CHAIN},
                Harness(kind: "mpo12-4xlc", length_m: 2.0, end: Female, grade: "mtp-elite", leg_grade: "lc-low-loss")],
                legs: [Leg(id: "D1", transceiver: "10GBASE-LR")])"#
        );
        let loaded = one_link(&c, &legs).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert!(
            codes_of(&a).contains(&code::PATH_MODULES_INCOMPATIBLE),
            "{:?}",
            codes_of(&a)
        );
    }

    #[test]
    fn a_leg_past_the_breakout_ports_and_misplaced_legs() {
        let c = catalog();
        // 100GBASE-SR4 has four one-lane breakout ports; leg 5 of a 6-leg
        // harness carries none of them.
        let link = r#"Link(id: "S", transceiver: "100GBASE-SR4", fiber: "OM4", path: [
            Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
            Adapter(keys: UpUp),
            Harness(kind: "mpo12-6xlc", length_m: 2.0, end: Male, grade: "mtp-elite", leg_grade: "lc")],
            legs: [Leg(id: "S5", leg: 5, transceiver: "25GBASE-SR")])"#;
        let loaded = one_link(&c, link).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert!(!a.pass());
        assert!(
            codes_of(&a).contains(&code::POLARITY_WRONG_LEG),
            "{:?}",
            codes_of(&a)
        );
        // Two legs on one harness leg, and a harness in a leg's own path, are refused.
        let twice = link.replace(
            r#"legs: [Leg(id: "S5", leg: 5, transceiver: "25GBASE-SR")]"#,
            r#"legs: [Leg(id: "S1", leg: 1, transceiver: "25GBASE-SR"), Leg(id: "S1b", leg: 1, transceiver: "25GBASE-SR")]"#,
        );
        let e = one_link(&c, &twice).err().unwrap_or_default();
        assert!(e.contains("field `legs[1].leg`: expected each leg on a harness leg of its own, found leg 1 used by \"S1\" too"), "{e}");
        let nested = link.replace(
            r#"transceiver: "25GBASE-SR")]"#,
            r#"transceiver: "25GBASE-SR", path: [Adapter(keys: UpUp), Harness(kind: "mpo12-6xlc", length_m: 1.0, end: Male, grade: "mtp", leg_grade: "lc")])]"#,
        );
        let e = one_link(&c, &nested).err().unwrap_or_default();
        assert!(
            e.contains("field `legs[0].path[1]`: expected no harness in a leg's own path"),
            "{e}"
        );
    }

    #[test]
    fn the_rounding_warning_never_hides_a_real_excess_and_messages_name_the_governing_module() {
        let c = catalog();
        // 800G-2xDR4 on OS2 (500 m, 3.0 dB, 2.75 dB allocation) with a 494 m
        // OS1a trunk: connections 2 × 0.75 (MPO) + 4 splices × 0.30 = 2.70 dB,
        // fiber 0.494 + 0.0024 = 0.4964 dB: 3.1964 dB, beyond the standard's
        // own 0.5 km × 0.4 + 2.75 = 2.95 dB. It fails.
        let link = r#"Link(id: "R", transceiver: "800G-2xDR4", fiber: "OS2", path: [
            Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mpo"),
            Adapter(keys: UpUp),
            Cable(role: Trunk, length_m: 494.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mpo", fiber: "OS1a", splices: 4),
            Adapter(keys: UpUp),
            Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mpo")])"#;
        let loaded = one_link(&c, link).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert!(
            close(a.budget.totals.worst_case_loss_db, 3.1964),
            "{}",
            a.budget.totals.worst_case_loss_db
        );
        assert!(!a.budget.totals.within_rounding());
        assert!(codes_of(&a).contains(&code::LOSS_OVER_LIMIT));
        // Near 400G-XDR4 (2 km), far 400GBASE-DR4 (500 m): the reach is the DR4's.
        let far = r#"Link(id: "X", transceiver: "400G-XDR4", far_transceiver: "400GBASE-DR4", fiber: "OS2", path: [
            Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite"),
            Adapter(keys: UpUp),
            Cable(role: Trunk, length_m: 1000.0, fibers: 12, polarity: B, ends: (Male, Male), grade: "mtp-elite"),
            Adapter(keys: UpUp),
            Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: "mtp-elite")])"#;
        let loaded = one_link(&c, far).unwrap_or_else(|e| panic!("{e}"));
        let a = analyze(&c, &loaded.design.links[0], &loaded.resolved[0]);
        assert!(
            a.problems().any(|p| p.message
                == "length 1006 m exceeds the 500 m reach of 400GBASE-DR4 on OS2 by 506 m"),
            "{:?}",
            a.problems().map(|p| &p.message).collect::<Vec<_>>()
        );
    }
}

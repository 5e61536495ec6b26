//! Issue 15: from a link schedule to a planned design. The example schedule's
//! parts are counted by hand from its rows and the rules in the README.

#[path = "common/cli.rs"]
mod cli_common;
#[path = "common/design.rs"]
mod design;

use cli_common::{run, stderr, stdout};
use design::catalog;
use mpo_budget_core::analysis::verdict;
use mpo_budget_core::io::schedule;
use mpo_budget_core::model::units::FiberCount;
use mpo_budget_core::model::{Element, Polish};
use mpo_budget_core::planning::plan::{PlanOptions, plan, plan_and_resolve, size_trunks};

const CSV: &str = "assets/examples/link-schedule.csv";
const XLSX: &str = "assets/examples/link-schedule.xlsx";

fn read(path: &str) -> schedule::Schedule {
    schedule::read(&design::repo(path), None, &catalog()).unwrap_or_else(|e| panic!("{e}"))
}

fn parse(text: &str) -> Result<schedule::Schedule, String> {
    schedule::parse_csv("s.csv", text, &catalog()).map_err(|e| e.to_string())
}

#[test]
fn trunks_are_sized_from_the_standard_counts() {
    // 12-fiber legs: 144 f holds 12. 18 legs: one 144 and a 72 (6 legs).
    assert_eq!(size_trunks(18, 12), [(144, 12), (72, 6)]);
    // 3 legs: no 36-fiber trunk; the smallest that holds 3 is 48 f (4 legs).
    assert_eq!(size_trunks(3, 12), [(48, 4)]);
    assert_eq!(size_trunks(24, 12), [(144, 12), (144, 12)]);
    assert_eq!(size_trunks(1, 12), [(12, 1)]);
    // 16-fiber legs: only 48, 96 and 144 are whole legs (3, 6, 9).
    assert_eq!(size_trunks(10, 16), [(144, 9), (48, 3)]);
    assert_eq!(size_trunks(0, 12), []);
}

#[test]
fn the_example_schedule_plans_into_the_hand_counted_parts() {
    let c = catalog();
    let s = read(CSV);
    assert_eq!(s.rows.len(), 36);
    let (_, loaded) =
        plan_and_resolve(&c, s, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let d = &loaded.design;
    // 13 + 9 + 6 + 7 + 1 rows; SP13 has count 2: 37 links, one per instance.
    assert_eq!(d.links.len(), 37);
    // R1–R2: 14 SR4 links, 14 legs + ceil(14 × 0.25) = 4 spare = 18 legs:
    // one 144 f (12 legs) and one 72 f (6), 45 m − 2 × 3 m cords = 39 m.
    // R1–R3: 9 duplex links, 2 cassettes + 1 spare = 3 legs: a 48 f trunk
    // (4 legs), 80 − 6 = 74 m, 4 cassettes at each end.
    // R2–R4: 6 DR4 links, 6 + 2 = 8 legs: 96 f, 150 − 6 = 144 m, APC.
    // R3–R4: 7 FR1 links, 2 + 1 = 3 legs: 48 f, 200 − 6 = 194 m.
    // R2–R3: one 5 m direct cord, no trunk.
    let trunks: Vec<(&str, u32, u8, f64, Option<Polish>)> = d
        .trunks
        .iter()
        .map(|t| {
            (
                t.id.as_str(),
                t.fiber_count(),
                t.legs,
                t.length_m.get(),
                t.polish,
            )
        })
        .collect();
    assert_eq!(
        trunks,
        [
            ("R1-R2-T1", 144, 12, 39.0, Some(Polish::Upc)),
            ("R1-R2-T2", 72, 6, 39.0, Some(Polish::Upc)),
            ("R1-R3-T1", 48, 4, 74.0, Some(Polish::Upc)),
            ("R2-R4-T1", 96, 8, 144.0, Some(Polish::Apc)),
            ("R3-R4-T1", 48, 4, 194.0, Some(Polish::Upc)),
        ]
    );
    let panels: Vec<(&str, Option<&str>, Option<u32>, usize)> = d
        .panels
        .iter()
        .map(|p| (p.id.as_str(), p.rack.as_deref(), p.ports, p.cassettes.len()))
        .collect();
    assert_eq!(
        panels,
        [
            ("R1-P1", Some("R1"), Some(18), 0),
            ("R2-P1", Some("R2"), Some(18), 0),
            ("R1-C1", Some("R1"), None, 4),
            ("R3-C1", Some("R3"), None, 4),
            ("R2-P2", Some("R2"), Some(8), 0),
            ("R4-P1", Some("R4"), Some(8), 0),
            ("R3-C2", Some("R3"), None, 4),
            ("R4-C1", Some("R4"), None, 4),
        ]
    );
    // Method B for duplex: the near end's cassettes straight, the far end's inverted.
    assert_eq!(d.panels[2].cassettes[0].kind, "tia-b");
    assert_eq!(d.panels[3].cassettes[0].kind, "tia-b-inverted");
    // Links on their own legs in schedule order: SP13's second instance is
    // the 14th R1–R2 link, on leg 2 of the 72 f trunk and port 14.
    let sp13_2 = d.links.iter().find(|l| l.id == "SP13/2");
    assert_eq!(
        sp13_2.map(|l| l.path[1..4].to_vec()),
        Some(vec![
            Element::PanelPort(mpo_budget_core::model::infra::PanelPort {
                panel: "R1-P1".into(),
                port: 14
            }),
            Element::TrunkLeg(mpo_budget_core::model::infra::TrunkLeg {
                trunk: "R1-R2-T2".into(),
                leg: 2
            }),
            Element::PanelPort(mpo_budget_core::model::infra::PanelPort {
                panel: "R2-P1".into(),
                port: 14
            }),
        ])
    );
    // The seventh duplex link is port 1 of the second cassette.
    let st07 = d.links.iter().find(|l| l.id == "ST07");
    assert!(matches!(
        st07.map(|l| &l.path[1]),
        Some(Element::CassettePort(c)) if c.slot == 2 && c.port == 1 && c.panel == "R1-C1"
    ));
    // A row written from R4 runs from R4's panel.
    let dr03 = d.links.iter().find(|l| l.id == "DR03");
    assert!(matches!(
        dr03.map(|l| &l.path[1]),
        Some(Element::PanelPort(p)) if p.panel == "R4-P1" && p.port == 3
    ));
    // Labels kept on the link.
    let sp01 = d.links.iter().find(|l| l.id == "SP01");
    let labels = sp01.and_then(|l| l.labels.as_deref());
    assert_eq!(labels.and_then(|l| l.near_port.as_deref()), Some("Eth1/1"));
    assert_eq!(labels.and_then(|l| l.far_rack.as_deref()), Some("R2"));
    // Every link passes; no port or fiber is used twice.
    assert!(
        d.links
            .iter()
            .zip(&loaded.resolved)
            .all(|(l, r)| verdict(&c, l, r).pass())
    );
    // SP01, 100GBASE-SR4 on OM4 over the 39 m trunk: 45 m × 3.5 dB/km =
    // 0.1575 dB, two MTP pairs at 0.60 dB (the template's standard grade):
    // 1.3575 dB against 1.9 dB.
    let a = mpo_budget_core::analysis::analyze(&c, &d.links[0], &loaded.resolved[0]);
    assert!(design::close(a.budget.totals.worst_case_loss_db, 1.3575));
    let check = mpo_budget_core::analysis::infra::infra_check(&c, d, &|n| loaded.resolved.get(n));
    assert!(check.problems.iter().all(Vec::is_empty));
    // What is bought: each shared part once; two cords per parallel link (14
    // + 6), one direct cord; two LC cords per duplex link (9 + 7).
    let prices =
        mpo_budget_core::catalog::prices::Prices::example().unwrap_or_else(|e| panic!("{e}"));
    let q = mpo_budget_core::planning::quote::quote(&c, &prices, d);
    let qty = |item: &str| design::quantity(&q, item);
    assert_eq!((qty("trunk"), qty("panel"), qty("cassette")), (5, 8, 16));
    assert_eq!((qty("MPO cable"), qty("LC cord")), (2 * 20 + 1, 2 * 16));
}

#[test]
fn the_xlsx_schedule_plans_the_same_design_as_the_csv() {
    // Same rows; its columns are in another order with capitalised headers.
    let c = catalog();
    let a = plan(&c, &read(CSV), &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let b = plan(&c, &read(XLSX), &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.design, b.design);
    // Its second sheet is not a schedule, and says why.
    let e = schedule::read(&design::repo(XLSX), Some("2"), &c).err();
    assert!(e.is_some_and(|e| {
        e.to_string()
            .contains("expected the columns id, transceiver")
    }),);
}

#[test]
fn every_bad_cell_is_listed_with_its_row_and_column() {
    let text = "id,transceiver,fiber,near_rack,far_rack,length_m,count\n\
                A,100GBASE-SR4,OM4,R1,R2,40,\n\
                B,100GBASE-SR9,OM4,R1,R2,40,\n\
                C,100GBASE-SR4,OM4,R1,R2,forty,\n\
                A,10GBASE-SR,OM4,R1,R1,30,0\n";
    let e = parse(text).err().unwrap_or_default();
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(
        lines,
        [
            "s.csv:3:2: link \"B\" field `transceiver`: expected a transceiver of the catalog, found \"100GBASE-SR9\"",
            "s.csv:4:6: link \"C\" field `length_m`: expected a length in metres above 0 and at most 100000, found \"forty\"",
            "s.csv:5:1: link \"A\" field `id`: expected a link id of its own, found \"A\" again (or as a counted row's link)",
            "s.csv:5:5: link \"A\" field `far_rack`: expected another rack than the near one, found \"R1\" at both ends",
            "s.csv:5:7: link \"A\" field `count`: expected a whole number of links from 1 to 10000000, found \"0\"",
        ],
        "{e}"
    );
    // A missing column is named.
    let e = parse("id,transceiver,fiber,near_rack,length_m\nA,10GBASE-SR,OM4,R1,3\n")
        .err()
        .unwrap_or_default();
    assert!(e.contains("expected the column far_rack"), "{e}");
}

#[test]
fn the_planner_gives_each_module_the_parts_it_needs() {
    // An SR8 module (MPO-16, APC) gets 16-fiber APC legs; a duplex module
    // cannot take a parallel template.
    let c = catalog();
    let s = parse(
        "id,transceiver,fiber,near_rack,far_rack,length_m\n\
         E1,400GBASE-SR8,OM4,A,B,50\nE2,400GBASE-SR8,OM4,A,B,50\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let p = plan(&c, &s, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let t = &p.design.trunks[0];
    // 2 legs + 1 spare = 3 legs of 16 fibers: a 48 f trunk.
    assert_eq!(
        (t.fibers, t.legs, t.fiber_count(), t.polish),
        (FiberCount::F16, 3, 48, Some(Polish::Apc))
    );
    let s = parse(
        "id,transceiver,fiber,near_rack,far_rack,length_m,template\n\
         D1,10GBASE-SR,OM4,A,B,50,interconnect-b\n",
    );
    let e = s.err().unwrap_or_default();
    assert!(
        e.contains(
            "s.csv:2:7: link \"D1\" field `template`: expected a template for duplex (LC) modules"
        ),
        "{e}"
    );
    // A link shorter than the template's cords is refused, naming `direct`.
    let s = parse("id,transceiver,fiber,near_rack,far_rack,length_m\nS,100GBASE-SR4,OM4,A,B,5\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let e = plan(&c, &s, &PlanOptions::default())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("field `length_m`") && e.contains("`direct`"),
        "{e}"
    );
    // No spare: 2 legs, a 24 f trunk.
    let s = parse(
        "id,transceiver,fiber,near_rack,far_rack,length_m,count\nS,100GBASE-SR4,OM4,A,B,50,2\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let none = PlanOptions {
        spare: 0.0,
        ..PlanOptions::default()
    };
    let p = plan(&c, &s, &none).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.design.trunks[0].fiber_count(), 24);
}

#[test]
fn calc_of_a_schedule_and_of_its_planned_design_agree() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("planned.ron");
    let out_s = out.to_string_lossy().into_owned();
    let o = run(&["plan", CSV, "--out", &out_s]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("37 of 37 links pass"), "{text}");
    assert!(
        text.contains("R1 – R2: 14 links by interconnect-b on OM4: 18 legs (14 needed + 4 spare) on 2 trunks (1 × 144 f + 1 × 72 f) of 39 m"),
        "{text}"
    );
    let a = run(&["calc", CSV, "--format", "csv"]);
    let b = run(&["calc", &out_s, "--format", "csv"]);
    assert_eq!(a.status.code(), b.status.code());
    assert_eq!(stdout(&a), stdout(&b));
    assert_eq!(stdout(&a).lines().count(), 38);
    // quote, select, polarity, stats and infra take the schedule too.
    for command in ["quote", "select", "polarity", "stats", "infra"] {
        let o = run(&[command, XLSX]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{command}: {}",
            stderr(&o)
        );
    }
    // A bad schedule writes nothing.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "id,transceiver,fiber,near_rack,far_rack,length_m\nA,X,OM4,R1,R2,1\n",
    )?;
    let never = dir.path().join("never.ron");
    let o = run(&[
        "plan",
        &bad.to_string_lossy(),
        "--out",
        &never.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("field `transceiver`"), "{}", stderr(&o));
    assert!(!never.exists());
    Ok(())
}

#[test]
fn every_template_delivers_tx_to_rx_both_ways_round() {
    // Each template on the modules it is for, rows written from either rack:
    // the polarity and mates of every planned link are right (40 m links,
    // well within loss and reach).
    let c = catalog();
    let mut text = String::from("id,transceiver,fiber,near_rack,far_rack,length_m,template\n");
    let modules = [
        ("100GBASE-SR4", "OM4"),
        ("400GBASE-DR4", "OS2"),
        ("400GBASE-SR8", "OM4"),
        ("10GBASE-SR", "OM4"),
        ("100GBASE-FR1", "OS2"),
    ];
    let mut n = 0;
    for t in c.templates() {
        for (m, f) in modules {
            let kind = c.find_transceiver(m).map(|i| c.transceiver(i).connector);
            let parallel = kind == Some(mpo_budget_core::catalog::PortConnector::Mpo);
            let ok = t.is_for(if parallel {
                mpo_budget_core::catalog::ModuleKind::Parallel
            } else {
                mpo_budget_core::catalog::ModuleKind::Duplex
            });
            if !ok {
                continue;
            }
            for (a, b) in [("R1", "R2"), ("R2", "R1")] {
                n += 1;
                text.push_str(&format!("L{n},{m},{f},{a},{b},40,{}\n", t.id));
            }
        }
    }
    let s = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let (_, loaded) =
        plan_and_resolve(&c, s, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.design.links.len(), 2 * (3 * 2 + 2 + 5));
    for (l, r) in loaded.design.links.iter().zip(&loaded.resolved) {
        let v = verdict(&c, l, r);
        assert!(v.pass(), "{} {}: {:?}", l.id, l.transceiver, v.failed);
    }
}

#[test]
fn a_schedule_past_its_limits_is_refused_with_the_limit() {
    let e = parse(
        "id,transceiver,fiber,near_rack,far_rack,length_m,count\nA,10GBASE-SR,OM4,R1,R2,30,1000001\n",
    )
    .err()
    .unwrap_or_default();
    assert!(
        e.contains("s.csv:2:7") && e.contains("expected at most 1000000 links in one schedule"),
        "{e}"
    );
    let s = parse("id,transceiver,fiber,near_rack,far_rack,length_m\nA,10GBASE-SR,OM4,R1,R2,30\n")
        .unwrap_or_else(|e| panic!("{e}"));
    for spare in [-0.5, 10.5, f64::NAN] {
        let bad = PlanOptions {
            spare,
            ..PlanOptions::default()
        };
        let e = plan(&catalog(), &s, &bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("field `--spare`: expected a spare fraction from 0 to 10"),
            "{e}"
        );
    }
}

#[test]
fn a_sheet_with_a_far_cell_costs_what_it_holds() {
    // The example workbook with one more cell at XFD1048576: its used area is
    // 16,384 columns × 1,048,576 rows, but it is read cell by cell, the far
    // column ignored, and it plans as the example does.
    let c = catalog();
    let s = schedule::read(&design::repo("tests/data/schedule-far-cell.xlsx"), None, &c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.rows.len(), 36);
    // An .xls or .ods is refused with what to do.
    let e = schedule::read(&design::repo("tests/data/nothing.xls"), None, &c)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("save the sheet as XLSX"), "{e}");
}

#[test]
fn counted_links_take_ids_of_their_own_and_racks_match_without_case() {
    // "X" with count 2 becomes X/1 and X/2: a row named X/1 is refused.
    let e = parse(
        "id,transceiver,fiber,near_rack,far_rack,length_m,count\n\
         X,10GBASE-SR,OM4,R1,R2,30,2\nX/1,10GBASE-SR,OM4,R1,R2,30,\n",
    )
    .err()
    .unwrap_or_default();
    assert!(
        e.contains("s.csv:3:1") && e.contains("\"X/1\" again"),
        "{e}"
    );
    let e = parse(
        "id,transceiver,fiber,near_rack,far_rack,length_m,count\n\
         X/2,10GBASE-SR,OM4,R1,R2,30,\nX,10GBASE-SR,OM4,R1,R2,30,3\n",
    )
    .err()
    .unwrap_or_default();
    assert!(e.contains("s.csv:3:7") && e.contains("\"X/2\""), "{e}");
    // A 256-character id cannot be counted (its links' ids would be longer).
    let long = "L".repeat(256);
    let e = parse(&format!(
        "id,transceiver,fiber,near_rack,far_rack,length_m,count\n{long},10GBASE-SR,OM4,R1,R2,30,2\n"
    ))
    .err()
    .unwrap_or_default();
    assert!(
        e.contains("field `id`: expected a link id of at most 254 characters"),
        "{e}"
    );
    // R1, r1: one rack. Three SR4 links between R1 and R2 written three ways
    // share one trunk (3 legs + 1 spare: 48 f) and one panel at each rack.
    let s = parse(
        "id,transceiver,fiber,near_rack,far_rack,length_m\n\
         A,100GBASE-SR4,OM4,R1,R2,40\nB,100GBASE-SR4,OM4,r1,R2,40\nC,100GBASE-SR4,OM4,R2,r1,40\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let p = plan(&catalog(), &s, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.design.trunks.len(), 1);
    assert_eq!(p.design.trunks[0].fiber_count(), 48);
    let panels: Vec<&str> = p.design.panels.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(panels, ["R1-P1", "R2-P1"]);
}

/// A large schedule (every core at work, many links of one margin) judges
/// the same lean as with every expansion kept, and as one pass in order
/// judges it: the same count passing and the first link of the smallest
/// margin.
#[test]
fn a_large_plan_judges_alike_lean_and_on_every_core() {
    use mpo_budget_core::analysis::resolve::Expansions;
    use mpo_budget_core::planning::plan::{judge, plan_and_resolve_with};
    let c = catalog();
    let mut text = String::from("id,transceiver,fiber,near_rack,far_rack,length_m\n");
    let modules = [("400GBASE-SR8", "OM4"), ("400GBASE-DR4", "OS2")];
    for i in 0..9_000 {
        let b = i / 8;
        let (t, f) = modules[b % 2];
        // Lengths repeat, so the smallest margin is many links'.
        let length = if f == "OM4" {
            20 + b % 60
        } else {
            40 + b % 200
        };
        text.push_str(&format!(
            "L{i:05},{t},{f},G{:03},S{:02},{length}\n",
            b % 300,
            (b * 7) % 40
        ));
    }
    let s = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let plan = |e| {
        plan_and_resolve_with(&c, s.clone(), &PlanOptions::default(), e)
            .unwrap_or_else(|e| panic!("{e}"))
            .1
    };
    let (kept, lean) = (plan(Expansions::Kept), plan(Expansions::Dropped));
    assert_eq!(kept.design, lean.design);
    assert!(lean.resolved.iter().all(|r| r.expanded.is_none()));
    // One pass, in order, over the kept expansions.
    let (mut passing, mut worst): (usize, Option<(f64, usize)>) = (0, None);
    for (n, (l, r)) in kept.design.links.iter().zip(&kept.resolved).enumerate() {
        let v = verdict(&c, l, r);
        passing += usize::from(v.pass());
        if let Some(m) = v.budget.margin_db()
            && worst.is_none_or(|(w, _)| m < w)
        {
            worst = Some((m, n));
        }
    }
    let ties = kept
        .design
        .links
        .iter()
        .zip(&kept.resolved)
        .filter(|(l, r)| verdict(&c, l, r).budget.margin_db() == worst.map(|w| w.0))
        .count();
    assert!(ties > 1, "the smallest margin is one link's: {ties}");
    for loaded in [&kept, &lean] {
        let judged = judge(&c, loaded);
        assert_eq!(judged.passing, passing);
        assert_eq!(judged.worst_margin, worst);
    }
}

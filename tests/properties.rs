//! Properties that hold for any link (proptest over generated designs).

#[path = "common/design.rs"]
mod design;

use design::catalog;
use mpo_budget_core::analysis::budget::link_budget;
use mpo_budget_core::analysis::resolve::resolve_link;
use mpo_budget_core::analysis::{LinkAnalysis, Verdict, analyze, verdict};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file;
use mpo_budget_core::model::synthetic::synthetic_design;
use mpo_budget_core::model::units::{FiberCount, LengthM};
use mpo_budget_core::model::{
    Adapter, AdapterKeys, Element, Gender, Link, PolarityType, Polish, Splice,
};
use proptest::prelude::*;

fn one_link(c: &Catalog, seed: u64) -> Link {
    *synthetic_design(c, 1, seed).links.remove(0)
}

fn worst_typical(c: &Catalog, l: &Link) -> (f64, f64) {
    let r = resolve_link(c, l).unwrap_or_else(|e| panic!("{}", e.message));
    let b = link_budget(c, l, &r);
    (b.totals.worst_case_loss_db, b.totals.typical_loss_db)
}

/// The same channel seen from the far end: the path reversed, each cable's ends swapped.
fn reversed(l: &Link) -> Link {
    let mut r = l.clone();
    r.path.reverse();
    for e in &mut r.path {
        if let Element::Cable(c) = e {
            c.ends = (c.ends.1, c.ends.0);
        }
    }
    r
}

/// Changes a generated link at random, the way a designer's mistakes would:
/// polarity types, genders, fiber counts, polish, keys, fibers, missing or
/// extra elements. `dice` drives every choice.
fn spoiled(c: &Catalog, mut l: Link, dice: &[u8]) -> Link {
    let mut roll = dice.iter().copied().cycle();
    let mut next = |n: usize| usize::from(roll.next().unwrap_or(0)) % n;
    let fibers = c.fibers().iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    for e in &mut l.path {
        match e {
            Element::Cable(cable) => match next(8) {
                0 => cable.polarity = [PolarityType::A, PolarityType::B, PolarityType::C][next(3)],
                1 => {
                    cable.ends = (
                        [Gender::Male, Gender::Female][next(2)],
                        [Gender::Male, Gender::Female][next(2)],
                    )
                }
                2 => {
                    cable.fibers = [
                        FiberCount::F8,
                        FiberCount::F12,
                        FiberCount::F16,
                        FiberCount::F24,
                        FiberCount::F32,
                    ][next(5)]
                }
                3 => cable.polish = Some([Polish::Upc, Polish::Apc][next(2)]),
                4 => cable.fiber = Some(fibers[next(fibers.len())].clone()),
                5 => cable.splices = next(4) as u32,
                _ => {}
            },
            Element::Adapter(a) if next(4) == 0 => {
                a.keys = [AdapterKeys::UpDown, AdapterKeys::UpUp][next(2)]
            }
            _ => {}
        }
    }
    match next(6) {
        0 => {
            let i = next(l.path.len());
            l.path.remove(i);
        }
        1 => {
            let i = next(l.path.len() + 1);
            l.path.insert(i, Element::Splice(Splice::default()));
        }
        _ => {}
    }
    l
}

fn assert_verdict_matches(v: &Verdict, a: &LinkAnalysis) -> Result<(), TestCaseError> {
    let errors = |p: &[mpo_budget_core::analysis::budget::Problem]| {
        p.iter().filter(|p| p.is_error()).count() as u32
    };
    let warnings = a.problems().filter(|p| !p.is_error()).count() as u32;
    prop_assert_eq!(v.pass(), a.pass());
    prop_assert_eq!(v.budget_errors, errors(&a.budget.problems));
    prop_assert_eq!(v.polarity_errors, errors(&a.polarity.problems));
    prop_assert_eq!(v.warnings, warnings);
    prop_assert_eq!(
        v.budget.worst_case_loss_db,
        a.budget.totals.worst_case_loss_db
    );
    prop_assert_eq!(v.budget.typical_loss_db, a.budget.totals.typical_loss_db);
    prop_assert_eq!(v.budget.length_m, a.budget.totals.length_m);
    prop_assert_eq!(v.budget.margin_db(), a.budget.totals.margin_db());
    prop_assert_eq!(v.budget.mated_pairs, a.budget.totals.mated_pairs);
    // What failed, counted, equals what the kept problems say.
    prop_assert_eq!(
        v.failed,
        mpo_budget_core::analysis::budget::Failures::of_problems(a.problems())
    );
    prop_assert_eq!(v, &a.verdict);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn worst_case_is_never_below_typical(seed in any::<u64>()) {
        let c = catalog();
        let (w, t) = worst_typical(&c, &one_link(&c, seed));
        prop_assert!(w >= t - 1e-12, "worst {w} < typical {t}");
    }

    #[test]
    fn the_budget_grows_with_length(seed in any::<u64>(), extra_m in 0.1f64..500.0, which in 0usize..9) {
        let c = catalog();
        let l = one_link(&c, seed);
        let cables: Vec<usize> = l.path.iter().enumerate().filter(|(_, e)| matches!(e, Element::Cable(_))).map(|(i, _)| i).collect();
        let i = cables[which % cables.len()];
        let mut longer = l.clone();
        if let Element::Cable(cable) = &mut longer.path[i] {
            cable.length_m = LengthM::new(cable.length_m.get() + extra_m).unwrap_or(cable.length_m);
        }
        let ((w0, t0), (w1, t1)) = (worst_typical(&c, &l), worst_typical(&c, &longer));
        prop_assert!(w1 > w0 && t1 > t0, "{w0} -> {w1}, {t0} -> {t1}");
    }

    #[test]
    fn each_added_mated_pair_adds_its_loss(seed in any::<u64>(), which in 0usize..9, split in 0.1f64..0.9) {
        // Cut a cable in two (same total length) and join the halves with an adapter:
        // the worst case grows by exactly that pair's max loss, the typical by its typical.
        let c = catalog();
        let l = one_link(&c, seed);
        let cables: Vec<usize> = l.path.iter().enumerate().filter(|(_, e)| matches!(e, Element::Cable(_))).map(|(i, _)| i).collect();
        let i = cables[which % cables.len()];
        let Element::Cable(cable) = &l.path[i] else { unreachable!() };
        let mut first = cable.clone();
        let mut second = cable.clone();
        let len = cable.length_m.get();
        first.length_m = LengthM::new(len * split).unwrap_or(cable.length_m);
        second.length_m = LengthM::new(len - len * split).unwrap_or(cable.length_m);
        first.ends.1 = Gender::Male;
        second.ends.0 = Gender::Female;
        second.splices = 0;
        let mut more = l.clone();
        more.path.splice(i..=i, [Element::Cable(first), Element::Adapter(Adapter { keys: AdapterKeys::UpUp }), Element::Cable(second)]);
        let ((w0, t0), (w1, t1)) = (worst_typical(&c, &l), worst_typical(&c, &more));
        let r = resolve_link(&c, &more).unwrap_or_else(|e| panic!("{}", e.message));
        let mode = c.fiber(r.fiber).mode;
        let grade = c.grade(c.find_grade(&cable.grade).unwrap_or_else(|| panic!("grade"))).loss(mode);
        prop_assert!((w1 - w0 - grade.max_db).abs() < 1e-9, "{w0} -> {w1}, pair {}", grade.max_db);
        prop_assert!((t1 - t0 - grade.typical_db).abs() < 1e-9);
    }

    #[test]
    fn save_then_load_is_the_identity(seed in any::<u64>(), links in 1usize..12) {
        let c = catalog();
        let design = synthetic_design(&c, links, seed);
        let loaded = design_file::parse("p.ron", &design_file::to_text(&design), &c).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(loaded.design, design);
    }

    #[test]
    fn a_link_traced_from_the_far_end_gets_the_same_verdict(seed in any::<u64>(), flip in 0usize..9) {
        let c = catalog();
        let mut l = one_link(&c, seed);
        // Break some links' polarity, so both verdicts are exercised.
        if flip % 3 == 0 && let Some(Element::Cable(cable)) = l.path.get_mut(0) {
            cable.polarity = mpo_budget_core::model::PolarityType::A;
        }
        let far = reversed(&l);
        let (a, b) = (
            analyze(&c, &l, &resolve_link(&c, &l).unwrap_or_else(|e| panic!("{}", e.message))),
            analyze(&c, &far, &resolve_link(&c, &far).unwrap_or_else(|e| panic!("{}", e.message))),
        );
        prop_assert_eq!(a.pass(), b.pass());
        prop_assert_eq!(a.polarity.ok(), b.polarity.ok());
        prop_assert!((a.budget.totals.worst_case_loss_db - b.budget.totals.worst_case_loss_db).abs() < 1e-9);
        prop_assert!((a.budget.totals.typical_loss_db - b.budget.totals.typical_loss_db).abs() < 1e-9);
    }

    /// The verdict that judges whole designs is the full analysis without its words:
    /// the same pass, counts and figures, on right links and on spoiled ones.
    #[test]
    fn the_verdict_agrees_with_the_full_analysis(seed in any::<u64>(), dice in proptest::collection::vec(any::<u8>(), 1..40)) {
        let c = catalog();
        let l = spoiled(&c, one_link(&c, seed), &dice);
        let Ok(r) = resolve_link(&c, &l) else { return Ok(()) };
        assert_verdict_matches(&verdict(&c, &l, &r), &analyze(&c, &l, &r))?;
    }
}

/// The same on every example and test design, duplex cassettes and broken polarity included.
#[test]
fn the_verdict_agrees_with_the_full_analysis_on_every_shipped_design() {
    let c = catalog();
    let mut links = 0;
    for path in [
        "assets/examples/format-1/100g-sr4-row.ron",
        "assets/examples/format-1/10g-duplex-cassettes.ron",
        "assets/examples/format-1/400g-dr4-apc.ron",
        "tests/data/good.ron",
        "tests/data/polarity-method-a-wrong.ron",
    ] {
        let loaded =
            design_file::load(std::path::Path::new(path), &c).unwrap_or_else(|e| panic!("{e}"));
        for (l, r) in loaded.design.links.iter().zip(&loaded.resolved) {
            let (v, a) = (verdict(&c, l, r), analyze(&c, l, r));
            if let Err(e) = assert_verdict_matches(&v, &a) {
                panic!("{path}, link {}: {e}", l.id);
            }
            links += 1;
        }
    }
    assert!(links >= 10, "{links}");
}

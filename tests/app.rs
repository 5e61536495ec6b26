//! The desktop app driven headlessly: click by label, type, read results back.

mod common;

use std::path::Path;

use common::{catalog, example, harness_for, harness_with as harness, test_data};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use mpo_budget::app::{Command, MpoApp, Part, Remembered};
use mpo_budget_core::io::design_file;

/// Whether some node is labelled exactly `label`.
fn shows(h: &Harness<'_, MpoApp>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

fn select(h: &mut Harness<'_, MpoApp>, link: &str) {
    h.get_all_by_label(link)
        .next()
        .unwrap_or_else(|| panic!("{link} listed"))
        .click();
    h.run();
    assert!(
        h.query_by_label(&format!("Channel {link}")).is_some(),
        "{link} not selected"
    );
}

/// The n-th node labelled `label` (widgets labelled by a text label).
fn nth_labelled<'a>(
    h: &'a Harness<'_, MpoApp>,
    label: &'a str,
    n: usize,
) -> egui_kittest::Node<'a> {
    h.get_all_by_label(label)
        .nth(n)
        .unwrap_or_else(|| panic!("no {n}th widget labelled {label}"))
}

/// Selects a part of the channel by its glyph in the schematic (drawn
/// before the inspector, so the first node of that name).
fn focus(h: &mut Harness<'_, MpoApp>, part: &str) {
    let marked = format!("! {part}");
    h.query_all_by_label(part)
        .chain(h.query_all_by_label(&marked))
        .next()
        .unwrap_or_else(|| panic!("no part {part} in the schematic"))
        .click();
    h.run();
}

fn press(h: &mut Harness<'_, MpoApp>, command: Command) {
    h.state_mut().apply(command);
    h.run();
}

#[test]
fn opens_a_design_and_shows_each_verdict() {
    let h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    for id in ["A01-B07", "A02-B08", "A03-C01", "A04-STORAGE"] {
        assert!(shows(&h, id), "{id} listed");
    }
    // The first link is selected: 100GBASE-SR4, OM4, 96 m, two Elite pairs = 1.036 dB, margin 0.864 dB.
    assert!(h.query_by_label("Channel A01-B07").is_some());
    assert!(h.query_by_label("1.036 dB").is_some());
    assert!(h.query_by_label("0.864 dB").is_some());
    // Two badges, and the selected link's verdict.
    assert_eq!(h.query_all_by_label("PASS").count(), 3);
    assert_eq!(h.query_all_by_label("FAIL loss").count(), 2);
    assert!(h.query_by_label_contains("+0.864 dB margin").is_some());
    // Each row says the TIA method its channel follows (issue 17 §4).
    assert!(
        h.query_by_label_contains("+0.864 dB margin · 100GBASE-SR4 · OM4 · ×48 · Method B")
            .is_some()
    );
    assert!(h.query_by_label_contains("-0.490 dB margin").is_some());
    assert!(h.query_by_label("2 of 4 links pass").is_some());
    assert!(
        h.state()
            .title()
            .starts_with("100g-sr4-row.ron — mpo-budget"),
        "{}",
        h.state().title()
    );
}

#[test]
fn upgrading_a_mated_pair_to_elite_shows_the_new_margin_and_undo_restores_it() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    select(&mut h, "A02-B08");
    // All MTP: 0.336 + 2 × 0.60 = 1.536 dB, margin 0.364 dB.
    assert!(h.query_by_label("0.364 dB").is_some());
    focus(&mut h, "Adapter 1");
    nth_labelled(&h, "Pair grade", 0).click();
    h.run();
    h.get_by_label("MTP Elite, 0.35 dB max").click();
    h.run();
    // Adapter 1's two cables become Elite: pair 1 Elite 0.35, pair 2 Elite × MTP rated MTP 0.60.
    // 0.336 + 0.35 + 0.60 = 1.286 dB; margin 1.9 − 1.286 = 0.614 dB.
    assert!(
        h.query_by_label("1.286 dB").is_some(),
        "worst case after the change"
    );
    assert!(
        h.query_by_label("0.614 dB").is_some(),
        "margin after the change"
    );
    assert!(
        h.state().title().contains('•'),
        "modified mark: {}",
        h.state().title()
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(
        h.query_by_label("0.364 dB").is_some(),
        "undo restores the margin"
    );
    assert!(
        !h.state().title().contains('•'),
        "back to the saved state: {}",
        h.state().title()
    );

    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert!(
        h.query_by_label("0.614 dB").is_some(),
        "redo applies it again"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert!(h.query_by_label("0.614 dB").is_some(), "Ctrl+Y redoes too");
}

#[test]
fn adds_and_removes_an_adapter() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    let path_len = |h: &Harness<'_, MpoApp>| h.state().doc.design().links[0].path.len();
    assert_eq!(path_len(&h), 5);
    focus(&mut h, "Cable 1");
    nth_labelled(&h, "+ Insert after", 0).click();
    h.run();
    h.get_by_label("Adapter").click();
    h.run();
    // An adapter beside adapter 1 needs a cable between them: both are added.
    assert_eq!(path_len(&h), 7);
    assert!(h.query_by_label("Adapter 3").is_some());
    assert!(
        h.query_all_by_label_contains("path-adjacent-joints")
            .next()
            .is_none(),
        "no two joints side by side"
    );

    // The cable added (element 3) goes with the joint after it.
    focus(&mut h, "Cable 2");
    nth_labelled(&h, "×", 0).click();
    h.run();
    assert_eq!(path_len(&h), 5);
    assert!(h.query_by_label("Adapter 3").is_none());
    assert!(h.query_by_label("1.036 dB").is_some());
}

#[test]
fn renames_a_link_and_refuses_a_duplicate_id() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    let field = h.get_by_label("Link id");
    field.click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Link id").type_text("SPINE-01");
    h.run();
    h.get_by_label("Rename").click();
    h.run();
    assert_eq!(h.state().doc.design().links[0].id, "SPINE-01");
    assert!(h.query_by_label("Channel SPINE-01").is_some());

    h.get_by_label("Link id").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Link id").type_text("A02-B08");
    h.run();
    h.get_by_label("Rename").click();
    h.run();
    assert_eq!(h.state().doc.design().links[0].id, "SPINE-01");
    assert!(
        h.query_by_label("Another link is already called \"A02-B08\".")
            .is_some()
    );
}

#[test]
fn a_broken_file_shows_the_library_message_and_keeps_the_design() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    let broken = test_data("bad-fibers-7.ron");
    press(&mut h, Command::OpenPath(broken));
    let shown = h.query_by_label_contains("bad-fibers-7.ron:11:58: link \"L1\" field `path[0].fibers`: expected 8, 12, 16, 24 or 32, found 7");
    assert!(shown.is_some(), "error shown");
    // And the field as the editor names it (issue 17 §4).
    assert!(
        h.query_by_label_contains("(in the editor: cable 1, fibers)")
            .is_some()
    );
    assert!(h.query_by_label("A01-B07").is_some(), "design kept");
    assert_eq!(h.state().doc.design().links.len(), 4);
}

#[test]
fn saves_to_a_file_that_loads_equal() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("saved.ron");
    let mut h = harness(Some(&example("format-1/400g-dr4-apc.ron")));
    select(&mut h, "H1-R14-H2-R05");
    focus(&mut h, "Adapter 2");
    nth_labelled(&h, "Pair grade", 0).click();
    h.run();
    h.get_by_label("MTP Elite, 0.35 dB max").click();
    h.run();
    press(&mut h, Command::SaveTo(target.clone()));
    assert!(!h.state().title().contains('•'));
    let loaded = design_file::load(&target, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.design, *h.state().doc.design());
    assert_eq!(
        h.state()
            .remembered
            .recent
            .first()
            .and_then(|p| p.file_name()),
        target.file_name()
    );
    Ok(())
}

#[test]
fn new_with_unsaved_changes_asks_save_discard_or_cancel() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    h.get_by_label("Delete").click();
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 3);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().is_asking_to_save());
    assert_eq!(h.state().doc.design().links.len(), 3);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().doc.design().links.is_empty());
    assert!(
        h.query_by_label("Select a link on the left, or add one.")
            .is_some()
    );
}

#[test]
fn adds_duplicates_and_filters_links() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    h.get_by_label("Duplicate").click();
    h.run();
    assert!(h.query_by_label("Channel A01-B07-2").is_some());
    h.get_by_label("Add link").click();
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 6);
    assert!(h.query_by_label("Channel new-link").is_some());
    h.get_by_label("Filter").click();
    h.run();
    h.get_by_label("Filter").type_text("STOR");
    h.run();
    assert!(!shows(&h, "A02-B08"), "filtered out");
    assert!(shows(&h, "A04-STORAGE"));
    assert!(shows(&h, "1 of 6 shown"));
}

#[test]
fn failing_only_lists_the_links_that_fail() {
    // 100g-sr4-row: A01-B07 and A02-B08 pass, A03-C01 and A04-STORAGE fail.
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    assert!(shows(&h, "4 of 4 shown"));
    h.get_by_label("Failing only").click();
    h.run();
    assert!(!shows(&h, "A01-B07") && !shows(&h, "A02-B08"));
    assert!(shows(&h, "A03-C01") && shows(&h, "A04-STORAGE"));
    assert!(shows(&h, "2 of 4 shown"));
    // The rows are kept between frames, and worked out again after an edit:
    // a failing link removed leaves the list at once.
    let failing = h
        .state()
        .doc
        .design()
        .links
        .iter()
        .position(|l| l.id == "A03-C01")
        .expect("the link is there");
    press(
        &mut h,
        Command::Edit(
            Box::new(mpo_budget::app::history::Change::RemoveLink { index: failing }),
            None,
        ),
    );
    assert!(!shows(&h, "A03-C01") && shows(&h, "A04-STORAGE"));
    assert!(shows(&h, "1 of 3 shown"));
    h.get_by_label("Failing only").click();
    h.run();
    assert!(shows(&h, "A01-B07"));
    assert!(shows(&h, "3 of 3 shown"));
}

#[test]
fn the_first_start_shows_the_example() {
    // The shipped format-2 example: one link per installed channel.
    let h = harness(None);
    assert!(h.query_by_label("A01-B07/1").is_some());
    assert!(shows(&h, "120 of 120 shown"));
    assert!(h.state().doc.path.is_none());
}

#[test]
fn a_length_cannot_go_negative() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    let length = nth_labelled(&h, "Length", 0);
    length.set_value_accesskit(-5.0);
    h.run();
    let cable = match &h.state().doc.design().links[0].path[0] {
        mpo_budget_core::model::Element::Cable(c) => c.length_m.get(),
        _ => f64::NAN,
    };
    assert_eq!(cable, 0.0);
}

#[test]
fn wrong_polarity_shows_the_lanes_and_apply_fix_makes_it_right() {
    let path = test_data("polarity-method-a-wrong.ron");
    let mut h = harness(Some(&path));
    assert!(
        shows(&h, "FAIL polarity"),
        "the loss fits but the link fails on polarity"
    );
    assert!(shows(&h, "0 of 4 lanes land on their Rx"));
    assert!(h.query_by_label_contains("[polarity-tx-on-tx]").is_some());
    assert!(shows(
        &h,
        "make cable 1 a Type B cord instead of Type A (on an MTP, turn the housing of one end over); the channel then follows TIA Method A"
    ));
    h.get_by_label("Apply fix").scroll_to_me();
    h.run();
    h.get_by_label("Apply fix").click();
    h.run();
    assert!(shows(&h, "4 of 4 lanes land on their Rx"));
    // Both badges, and the selected link's verdict.
    assert_eq!(h.query_all_by_label("PASS").count(), 3);
    assert!(h.query_by_label("Apply fix").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(
        shows(&h, "0 of 4 lanes land on their Rx"),
        "the fix is undoable"
    );
}

#[test]
fn assurance_and_statistics_tabs_for_the_selected_link() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    select(&mut h, "A04-STORAGE");
    h.get_by_label("Assurance").click();
    h.run();
    // 40GBASE-SR4 on OM4 with MTP Elite: 150 m (reach) up to 2 pairs, 128.571 m (loss) at 3.
    assert!(shows(
        &h,
        "Supported length by mated pairs: 40GBASE-SR4 on OM4, 0 splice(s)"
    ));
    assert!(h.query_all_by_label("150 m (reach)").count() >= 3);
    assert!(shows(&h, "129 m (loss)"));
    h.get_by_label("Statistics").click();
    h.run();
    assert!(shows(
        &h,
        "Channel loss over 100000 random matings (seed 1)"
    ));
    assert!(shows(&h, "P(fail)"));
}

#[test]
fn selection_applies_the_optimized_grades_as_one_undoable_edit() -> std::io::Result<()> {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    press(&mut h, Command::ShowSelection(true));
    assert!(shows(&h, "Connector selection"));
    assert!(shows(&h, "Example prices (illustrative, not a quote)"));
    // Issue 17 §2, at the catalog's default margin of 0.5 dB (hand-checked
    // against `mpo-budget select … --margin 0.5`): the design as it is beside
    // the three choices, in the buyer's words and money.
    use mpo_budget_core::output::money::{Grouping, money};
    let cost = |v: f64| money(v, "USD", Grouping::from_env());
    for (label, total) in [
        ("the design as it is", 42719.20),
        ("all MTP (standard)", 33578.40),
        ("all MTP Elite (premium)", 51973.60),
        ("cheapest mix that keeps 0.5 dB", 48460.00),
    ] {
        assert!(shows(&h, label), "{label}");
        assert!(shows(&h, &cost(total)), "{label}: {}", cost(total));
    }
    // A01-B07 keeps 0.864 dB as it is; all MTP keeps none; Elite and the mix
    // keep A01 and A02; A03-C01 (1.729 dB) and A04-STORAGE (1.190 dB) cannot.
    assert!(shows(&h, "1 of 4 links keep 0.5 dB"));
    assert!(shows(&h, "0 of 4 links keep 0.5 dB"));
    assert_eq!(h.query_all_by_label("2 of 4 links keep 0.5 dB").count(), 2);
    assert!(shows(&h, "96 of 120 channels (links × their count)"));
    assert!(
        h.query_all_by_label_contains("A03-C01 and A04-STORAGE cannot keep 0.5 dB with any grade")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("Acceptance is judged on the worst case")
            .next()
            .is_some()
    );
    assert!(shows(
        &h,
        "Upgrades of the design as it is, most dB per money first"
    ));
    h.get_by_label("Apply to design").click();
    h.run();
    let grades = |h: &Harness<'_, MpoApp>| -> Vec<String> {
        h.state().doc.design().links[3]
            .path
            .iter()
            .filter_map(|e| match e {
                mpo_budget_core::model::Element::Cable(c) => Some(c.grade.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(grades(&h), ["mtp-elite", "mtp-elite", "mtp-elite"]);
    assert!(shows(&h, "4 of 4 links pass"), "the summary bar");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        grades(&h),
        ["mpo", "mpo", "mpo"],
        "one undo restores every link"
    );

    // Another design opened: its own figures, not the last design's.
    press(
        &mut h,
        Command::OpenPath(example("format-1/10g-duplex-cassettes.ron")),
    );
    assert!(
        !shows(&h, &cost(42719.20)),
        "the 100G design's figures are gone"
    );
    assert!(shows(&h, "the design as it is"));
    press(
        &mut h,
        Command::OpenPath(example("format-1/100g-sr4-row.ron")),
    );
    // The margin asked for is remembered for the next run.
    h.get_all_by_label("Margin")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::SpinButton)
        .unwrap_or_else(|| panic!("the margin box"))
        .set_value_accesskit(0.25);
    h.run();
    assert_eq!(h.state().remembered.selection_margin_db, Some(0.25));
    assert!(shows(&h, "cheapest mix that keeps 0.25 dB"));

    let dir = tempfile::tempdir()?;
    let bom = dir.path().join("bom.csv");
    press(&mut h, Command::ExportBomTo(bom.clone()));
    let text = std::fs::read_to_string(&bom)?;
    assert!(text.starts_with("item,role,fiber"));
    assert!(text.lines().last().is_some_and(|l| l.starts_with("total,")));
    Ok(())
}

#[test]
fn exports_the_report_and_each_plot_as_svg_and_png() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut h = harness(Some(&example("format-1/400g-dr4-apc.ron")));
    press(&mut h, Command::ExportReportTo(dir.path().join("r.html")));
    let html = std::fs::read_to_string(dir.path().join("r.html"))?;
    assert_eq!(html.matches("<svg").count(), 4);
    press(
        &mut h,
        Command::ExportPlotTo(
            mpo_budget_core::output::charts::Chart::Waterfall,
            dir.path().join("w.svg"),
        ),
    );
    press(
        &mut h,
        Command::ExportPlotTo(
            mpo_budget_core::output::charts::Chart::LossVsLength,
            dir.path().join("l.png"),
        ),
    );
    assert!(
        std::fs::read_to_string(dir.path().join("w.svg"))?
            .contains("Loss waterfall, H1-R12-H2-R03")
    );
    let png = std::fs::read(dir.path().join("l.png"))?;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(h.state().error.is_none(), "{:?}", h.state().error);
    Ok(())
}

/// The app on `design`, keeping unsaved work in `recovery`; no frame run yet.
fn keeping_work_in(design: &Path, recovery: &Path) -> Harness<'static, MpoApp> {
    harness_for(
        MpoApp::new(catalog(), Some(design), Remembered::default())
            .with_recovery(Some(recovery.to_owned())),
    )
}

/// Frames, 10 ms apart, until work on its own thread (`busy`) has ended;
/// at most `frames` of them.
fn until_done(h: &mut Harness<'_, MpoApp>, busy: fn(&MpoApp) -> bool, frames: u32, what: &str) {
    for _ in 0..frames {
        h.step();
        if !busy(h.state()) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("{what} never ended");
}

/// Frames until a recovery write under way (on its own thread) has ended.
fn until_recovery_written(h: &mut Harness<'_, MpoApp>) {
    until_done(h, MpoApp::is_writing_recovery, 500, "the recovery write");
}

/// Frames (simulated quiet seconds) until a recovery write has started.
fn until_writing_recovery(h: &mut Harness<'_, MpoApp>) {
    for _ in 0..40 {
        h.step();
        if h.state().is_writing_recovery() {
            return;
        }
    }
    panic!("no recovery write started");
}

/// Removes the first link, as an edit.
fn remove_first_link(h: &mut Harness<'_, MpoApp>) {
    h.state_mut().apply(Command::Edit(
        Box::new(mpo_budget::app::history::Change::RemoveLink { index: 0 }),
        None,
    ));
}

/// The app keeping unsaved work in a folder it can no longer make (once
/// running, the folder became a file), its design the 100G row.
fn keeping_work_where_it_cannot(dir: &Path) -> std::io::Result<Harness<'static, MpoApp>> {
    let folder = dir.join("kept");
    let mut h = keeping_work_in(
        &example("format-1/100g-sr4-row.ron"),
        &folder.join("recovery.ron"),
    );
    h.run();
    std::fs::write(&folder, "x")?;
    Ok(h)
}

/// A recovery file that cannot be written is said once, and not tried again
/// frame after frame: only after the next edit.
#[test]
fn an_unwritable_recovery_file_is_tried_again_only_after_the_next_edit() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut h = keeping_work_where_it_cannot(dir.path())?;
    remove_first_link(&mut h);
    h.run_steps(16);
    until_recovery_written(&mut h);
    let said = h.state().error.clone().unwrap_or_default();
    assert!(said.contains("could not keep unsaved work"), "{said}");
    // Frames go by (simulated seconds of quiet): no write is tried again.
    for _ in 0..40 {
        h.step();
        assert!(!h.state().is_writing_recovery(), "tried again with no edit");
    }
    // The next edit is tried, once its quiet seconds have passed.
    h.state_mut().error = None;
    let before = h.state().doc.state_id();
    remove_first_link(&mut h);
    h.run_steps(16);
    assert_ne!(h.state().doc.state_id(), before, "an edit");
    until_recovery_written(&mut h);
    let said = h.state().error.clone().unwrap_or_default();
    assert!(said.contains("could not keep unsaved work"), "{said}");
    Ok(())
}

/// What waits for a save (New, after "Save" in the unsaved question) still
/// goes ahead once the save ends when a command meanwhile changed nothing:
/// a Redo with nothing to redo leaves the save alone; an edit naming no link
/// waits for it, then lets the New go ahead.
#[test]
fn a_change_that_changes_nothing_keeps_what_waits_for_a_save() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("kept.ron");
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    h.state_mut().background_save_from = 0;
    h.state_mut().apply(Command::SaveTo(target.clone()));
    until_saved(&mut h);
    h.get_by_label("Delete").click();
    h.run();
    h.state_mut().apply(Command::New);
    h.state_mut()
        .apply(Command::AnswerUnsaved(mpo_budget::app::UnsavedAnswer::Save));
    assert!(h.state().is_saving());
    h.state_mut().apply(Command::Redo);
    assert!(
        h.state().is_saving(),
        "nothing to redo: the save left alone"
    );
    h.state_mut().apply(Command::Edit(
        Box::new(mpo_budget::app::history::Change::RemoveLink { index: 99 }),
        None,
    ));
    assert!(!h.state().is_saving(), "the edit waited for the save");
    assert!(
        h.state().doc.design().links.is_empty(),
        "the New went ahead: {} links",
        h.state().doc.design().links.len()
    );
    // The example's four links, one deleted before the save.
    let saved = design_file::load(&target, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.design.links.len(), 3);
    Ok(())
}

/// An edit while the recovery file is written stops the write instead of
/// copying the design (seconds and 600 MB at a million links): the design
/// is changed in place, nothing is left beside the file, and the edited
/// state is written once edits go quiet again.
#[test]
fn an_edit_stops_a_recovery_write_rather_than_copy_the_design() -> std::io::Result<()> {
    let catalog = catalog();
    const LINKS: usize = 50_000;
    let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, LINKS, 7);
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("hall.ron");
    design_file::save(&file, &design).unwrap_or_else(|e| panic!("{e}"));
    let kept = dir.path().join("kept");
    let recovery = kept.join("recovery.ron");
    let mut h = keeping_work_in(&file, &recovery);
    until_done(
        &mut h,
        |a| a.doc.design().links.is_empty(),
        3000,
        "the opening",
    );
    remove_first_link(&mut h);
    // Quiet seconds (simulated) until the write starts; 50,000 links take
    // it a good part of a second, far longer than these frames.
    until_writing_recovery(&mut h);
    let shared = std::sync::Arc::as_ptr(h.state().doc.shared_design());
    remove_first_link(&mut h);
    assert!(
        std::ptr::eq(
            shared,
            std::sync::Arc::as_ptr(h.state().doc.shared_design())
        ),
        "the design changed in place, not copied"
    );
    assert_eq!(h.state().doc.design().links.len(), LINKS - 2);
    // The write was stopped, not finished: the first one, so no file.
    until_recovery_written(&mut h);
    assert!(!recovery.exists(), "stopped before it was written whole");
    assert!(
        h.state().error.is_none(),
        "a stop is no error: {:?}",
        h.state().error
    );
    let beside: Vec<_> = std::fs::read_dir(&kept)?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()?;
    assert!(
        beside.iter().all(|n| n == "recovery.ron"),
        "no unfinished file left: {beside:?}"
    );
    // Quiet again: the edited state is written whole.
    h.run_steps(16);
    until_recovery_written(&mut h);
    let text = std::fs::read_to_string(&recovery)?;
    assert_eq!(text.matches("Link(").count(), LINKS - 2);
    assert!(h.state().error.is_none(), "{:?}", h.state().error);
    Ok(())
}

/// A recovery write that failed for a real reason (its folder cannot be
/// made) is said even when an edit comes before its outcome is taken (the
/// edit stops a write; a stop is no error, a failure is).
#[test]
fn a_failed_recovery_write_is_said_though_an_edit_came_first() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut h = keeping_work_where_it_cannot(dir.path())?;
    remove_first_link(&mut h);
    until_writing_recovery(&mut h);
    // Before any frame takes its outcome.
    remove_first_link(&mut h);
    until_recovery_written(&mut h);
    let said = h.state().error.clone().unwrap_or_default();
    assert!(said.contains("could not keep unsaved work"), "{said:?}");
    Ok(())
}

/// A generated design of `links` links saved as `name` in `dir`.
fn saved_design(
    dir: &Path,
    name: &str,
    links: usize,
    seed: u64,
) -> (std::path::PathBuf, mpo_budget_core::model::Design) {
    let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog(), links, seed);
    let path = dir.join(name);
    design_file::save(&path, &design).unwrap_or_else(|e| panic!("{e}"));
    (path, design)
}

/// A generated design of `links` links kept as unsaved work on `file` in
/// `dir`'s recovery file, as a crashed run leaves it.
fn kept_work(
    dir: &Path,
    file: Option<&Path>,
    links: usize,
) -> (std::path::PathBuf, mpo_budget_core::model::Design) {
    let kept = mpo_budget_core::model::synthetic::synthetic_design(&catalog(), links, 8);
    let recovery = dir.join("recovery.ron");
    mpo_budget::app::recovery::write(&recovery, file, &kept, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    (recovery, kept)
}

/// After a crash, a large design is not opened while the question about
/// the unsaved work shows (the two designs at once were twice the memory:
/// 2.1 GB at a million links): Discard opens it, Restore never does.
#[test]
fn a_large_design_waits_for_the_answer_about_unsaved_work() -> std::io::Result<()> {
    let catalog = catalog();
    let dir = tempfile::tempdir()?;
    let (big, _) = saved_design(dir.path(), "big.ron", 4_000, 7);
    let (recovery, _) = kept_work(dir.path(), Some(&big), 3);
    let start = || {
        let app = MpoApp::new(catalog.clone(), Some(&big), Remembered::default())
            .with_recovery(Some(recovery.clone()));
        let mut h = harness_for(app);
        h.run_steps(3);
        assert!(h.state().is_offering_recovery());
        assert!(
            h.query_all_by_label_contains("Opening big.ron")
                .next()
                .is_none(),
            "not opened while the question shows"
        );
        h
    };
    let opened = |h: &mut Harness<'_, MpoApp>| {
        for _ in 0..1_000 {
            h.step();
            if !h.state().doc.design().links.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    };
    // Restore: the kept work, and the large design never replaces it.
    let mut h = start();
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.design().links.len(), 3);
    h.run_steps(20);
    assert_eq!(h.state().doc.design().links.len(), 3, "never replaced");
    drop(h); // a crash again: the recovery file is still there
    // Discard: the large design opens then.
    let mut h = start();
    h.get_by_label("Discard").click();
    opened(&mut h);
    assert_eq!(h.state().doc.design().links.len(), 4_000);
    assert!(!recovery.exists(), "discarded");
    Ok(())
}

/// Large unsaved work is offered from the recovery file's first line alone
/// (a million links' file was read whole before the first frame: 4.6 s and
/// 661 MB of text beside the design), and restored in the background on
/// Restore, its progress shown, as a large design file is opened.
#[test]
fn large_unsaved_work_is_restored_in_the_background() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let hall = dir.path().join("hall.ron");
    let (recovery, kept) = kept_work(dir.path(), Some(&hall), 4_000);
    assert!(mpo_budget::app::loading::Loading::is_large(&recovery));
    let mut h = keeping_work_in(&example("format-1/100g-sr4-row.ron"), &recovery);
    h.run_steps(2);
    assert!(h.state().is_offering_recovery());
    let asked = format!(
        "Unsaved changes to {} (4000 links) were kept moments ago.",
        hall.display()
    );
    assert!(
        h.query_all_by_label_contains(&asked).next().is_some(),
        "the question says what and how much"
    );
    h.get_by_label("Restore").click();
    h.step();
    assert!(h.state().is_opening(), "read in the background");
    let status = h.state().status.clone().unwrap_or_default();
    assert!(status.starts_with("Restoring unsaved work ("), "{status}");
    until_done(&mut h, MpoApp::is_opening, 1_000, "the restore");
    h.run_steps(2);
    assert_eq!(*h.state().doc.design(), kept);
    assert_eq!(h.state().doc.path.as_deref(), Some(hall.as_path()));
    assert!(h.state().doc.is_modified(), "restored work is unsaved");
    assert_eq!(h.state().status.as_deref(), Some("Unsaved work restored"));
    assert!(recovery.exists(), "kept until saved or a clean exit");
    Ok(())
}

/// The kept work stays in the recovery file until it is restored or
/// discarded: a window closed while the question shows or while the work
/// is being restored, a restore cancelled, or another design asked for
/// meanwhile, loses nothing (the question comes back).
#[test]
fn unsaved_work_is_kept_until_restored_or_discarded() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let (recovery, kept) = kept_work(dir.path(), None, 4_000);
    let written = std::fs::read(&recovery)?;
    let start = || {
        let mut h = keeping_work_in(&example("format-1/100g-sr4-row.ron"), &recovery);
        h.run_steps(2);
        assert!(h.state().is_offering_recovery());
        h
    };
    let restoring = |h: &mut Harness<'_, MpoApp>| {
        h.get_by_label("Restore").click();
        h.step();
        assert!(h.state().is_opening(), "restoring");
    };
    // Closed while the question shows.
    start().state_mut().clean_exit();
    assert_eq!(std::fs::read(&recovery)?, written, "kept: not answered");
    // Closed while the work is being restored.
    let mut h = start();
    restoring(&mut h);
    h.state_mut().clean_exit();
    assert_eq!(std::fs::read(&recovery)?, written, "kept: not restored yet");
    // Cancelled, or another design asked for: asked again.
    for stop in [Command::CancelOpening, Command::New] {
        let mut h = start();
        restoring(&mut h);
        h.state_mut().apply(stop.clone());
        assert!(!h.state().is_opening());
        assert!(h.state().is_offering_recovery(), "{stop:?}: asked again");
        h.run_steps(2);
        assert!(shows(&h, "Recover unsaved work?"));
        h.state_mut().clean_exit();
        assert_eq!(std::fs::read(&recovery)?, written, "{stop:?}: kept");
    }
    // Restored, then quit without saving: the user's answer, so it goes.
    let mut h = start();
    restoring(&mut h);
    until_done(&mut h, MpoApp::is_opening, 1_000, "the restore");
    assert_eq!(*h.state().doc.design(), kept);
    h.state_mut().clean_exit();
    assert!(!recovery.exists());
    Ok(())
}

/// A large recovery file whose design cannot be read is named in the error
/// bar on Restore, and left as it is for this run.
#[test]
fn large_unsaved_work_that_cannot_be_read_is_named_on_restore() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    // A large design to open at start: held back by the question, and
    // opened once the restore has failed.
    let (big, design) = saved_design(dir.path(), "big.ron", 3_000, 7);
    let (recovery, _) = kept_work(dir.path(), None, 4_000);
    let whole = std::fs::read(&recovery)?;
    let cut = whole[..whole.len() * 2 / 3].to_vec();
    std::fs::write(&recovery, &cut)?;
    let mut h = keeping_work_in(&big, &recovery);
    h.run_steps(2);
    h.get_by_label("Restore").click();
    until_done(&mut h, MpoApp::is_opening, 1_000, "the restore");
    h.run_steps(2);
    let error = h.state().error.clone().unwrap_or_default();
    assert!(
        error.contains(&recovery.display().to_string()) && error.contains("could not be read"),
        "{error}"
    );
    assert!(
        !h.state()
            .status
            .clone()
            .unwrap_or_default()
            .contains("Restoring"),
        "no stale progress words"
    );
    until_done(&mut h, MpoApp::is_opening, 1_000, "opening the held design");
    assert_eq!(*h.state().doc.design(), design, "the held design, opened");
    // An edit and quiet seconds: the file is left as it was.
    h.get_by_label("Delete").click();
    h.run_steps(20);
    assert!(!h.state().is_writing_recovery());
    assert_eq!(std::fs::read(&recovery)?, cut);
    Ok(())
}

#[test]
fn unsaved_work_is_kept_after_quiet_and_offered_back_after_a_crash() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let recovery = dir.path().join("recovery.ron");
    let build = |recovery: &Path| keeping_work_in(&example("format-1/100g-sr4-row.ron"), recovery);
    let mut h = build(&recovery);
    h.run();
    h.get_by_label("Delete").click();
    h.run_steps(2);
    assert!(!recovery.exists(), "not before a few quiet seconds");
    // Four simulated seconds of quiet (steps of 0.25 s), then the write on
    // its own thread to finish (the app stays responsive meanwhile).
    h.run_steps(16);
    until_recovery_written(&mut h);
    assert!(recovery.exists(), "kept after the edits went quiet");
    let edited = h.state().doc.design().clone();
    drop(h); // a crash: no clean exit

    let mut h = build(&recovery);
    h.run_steps(2);
    assert!(h.state().is_offering_recovery());
    assert!(shows(&h, "Recover unsaved work?"));
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(*h.state().doc.design(), edited);
    assert!(
        h.state().title().contains('•'),
        "restored work is unsaved: {}",
        h.state().title()
    );

    // A clean exit removes it; the next start offers nothing.
    h.state_mut().clean_exit();
    assert!(!recovery.exists());
    let h = build(&recovery);
    assert!(!h.state().is_offering_recovery());
    Ok(())
}

/// Types `text` into the field labelled `label`, replacing what it holds.
fn retype(h: &mut Harness<'_, MpoApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn without_a_system_file_dialog_save_as_shows_the_apps_own_and_saves() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("fallback.ron");
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    h.get_by_label("Delete").click();
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    assert!(
        h.state().is_showing_own_file_dialog(),
        "never silently nothing"
    );
    assert!(h.query_by_label_contains("no system file dialog").is_some());
    let shown = h.get_by_label("Path").value().unwrap_or_default();
    assert!(shown.ends_with("100g-sr4-row.ron"), "{shown}");
    retype(&mut h, "Path", &target.display().to_string());
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().is_showing_own_file_dialog());
    assert!(target.exists(), "saved where typed");
    let loaded = design_file::load(&target, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.design, *h.state().doc.design());
    assert_eq!(loaded.design.links.len(), 3);
    assert!(!h.state().title().contains('•'), "{}", h.state().title());
    Ok(())
}

#[test]
fn save_in_the_unsaved_question_asks_where_then_goes_ahead() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("kept.ron");
    let mut h = harness(None); // the example: never saved
    h.get_by_label("Delete").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().is_showing_own_file_dialog());
    let shown = h.get_by_label("Path").value().unwrap_or_default();
    assert!(shown.ends_with("design.ron"), "{shown}");
    retype(&mut h, "Path", &target.display().to_string());
    h.get_by_label("Save").click();
    h.run();
    assert!(target.exists(), "saved first");
    assert!(
        h.state().doc.design().links.is_empty(),
        "then the new design"
    );
    Ok(())
}

/// Frames until a save on its own thread is done (bounded: ten seconds),
/// then until the app settles.
fn until_saved(h: &mut Harness<'_, MpoApp>) {
    until_done(h, MpoApp::is_saving, 1_000, "the save");
    h.run();
}

/// A large design is saved on its own thread (here every design): the
/// action waiting for the save goes ahead once the file is written, and an
/// edit made meanwhile waits for the save and stays unsaved, undone back to
/// the saved state.
#[test]
fn a_design_saved_on_its_own_thread_is_saved_once_written() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("kept.ron");
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    h.state_mut().background_save_from = 0;
    h.get_by_label("Delete").click();
    h.run();
    // An edit made while the save runs (both before any frame) waits for
    // it, so the design is changed in place, never copied.
    h.state_mut().apply(Command::SaveTo(target.clone()));
    assert!(h.state().is_saving());
    let shared = std::sync::Arc::as_ptr(h.state().doc.shared_design());
    h.state_mut().apply(Command::Edit(
        Box::new(mpo_budget::app::history::Change::RemoveLink { index: 0 }),
        None,
    ));
    assert!(!h.state().is_saving(), "the save finished first");
    let said = h.state().status.clone().unwrap_or_default();
    assert!(
        said.starts_with("Saved ") && said.contains(" · Removed "),
        "the save's words, then the edit's: {said}"
    );
    assert!(
        std::ptr::eq(
            shared,
            std::sync::Arc::as_ptr(h.state().doc.shared_design())
        ),
        "the design changed in place"
    );
    h.step();
    until_saved(&mut h);
    let saved = design_file::load(&target, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.design.links.len(), 3, "the design as it was saved");
    assert_eq!(h.state().doc.design().links.len(), 2);
    assert!(h.state().doc.is_modified(), "the later edit is unsaved");
    let recent = h.state().remembered.recent.first().cloned();
    assert_eq!(
        recent.and_then(|p| p.file_name().map(ToOwned::to_owned)),
        target.file_name().map(ToOwned::to_owned)
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h.state().doc.is_modified(), "undone to the saved state");

    // New, answered Save: the new design once the save went through.
    h.get_by_label("Delete").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label("Save").click();
    h.step();
    until_saved(&mut h);
    assert!(
        h.state().doc.design().links.is_empty(),
        "then the new design"
    );
    let saved = design_file::load(&target, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.design.links.len(), 2);

    // A save that ends after another design replaced the one saved marks
    // nothing of the new one.
    let other = dir.path().join("other.ron");
    h.get_by_label("Add link").click();
    h.run();
    h.state_mut().apply(Command::SaveTo(other.clone()));
    h.state_mut().apply(Command::New);
    h.state_mut().apply(Command::AnswerUnsaved(
        mpo_budget::app::UnsavedAnswer::Discard,
    ));
    h.step();
    until_saved(&mut h);
    assert!(other.exists());
    assert_eq!(h.state().doc.path, None, "the new design has no file");
    assert!(h.state().doc.design().links.is_empty());

    // A save asked for while one is under way finishes that one first:
    // the file holds the later state, and the design is saved.
    h.get_by_label("Add link").click();
    h.run();
    h.state_mut().apply(Command::SaveTo(other.clone()));
    let mut link = mpo_budget_core::model::Link::clone(&h.state().doc.design().links[0]);
    link.id = "second".into();
    h.state_mut().apply(Command::Edit(
        Box::new(mpo_budget::app::history::Change::InsertLink { index: 1, link }),
        None,
    ));
    h.state_mut().apply(Command::SaveTo(other.clone()));
    h.step();
    until_saved(&mut h);
    let saved = design_file::load(&other, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.design.links.len(), 2);
    assert!(!h.state().doc.is_modified());
    Ok(())
}

/// Quitting while a save runs on its own thread: the save is finished
/// first; if it fails, the recovery file is kept for the next start (the
/// error has no window left to show in), and nothing waiting for the save
/// goes ahead.
#[test]
fn a_save_that_fails_at_exit_keeps_the_recovery_file() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let recovery = dir.path().join("recovery.ron");
    let mut h = keeping_work_in(&example("format-1/100g-sr4-row.ron"), &recovery);
    h.run();
    h.state_mut().background_save_from = 0;
    h.get_by_label("Delete").click();
    h.run_steps(2);
    h.run_steps(16);
    until_recovery_written(&mut h);
    assert!(recovery.exists());
    let nowhere = dir.path().join("no-such-folder").join("d.ron");
    h.state_mut().apply(Command::SaveTo(nowhere));
    h.state_mut().clean_exit();
    assert!(recovery.exists(), "kept: the save failed");
    assert!(h.state().error.is_some());

    // A save that goes through at exit: the recovery file goes.
    let target = dir.path().join("d.ron");
    h.state_mut().apply(Command::SaveTo(target.clone()));
    h.state_mut().clean_exit();
    assert!(target.exists());
    assert!(!recovery.exists(), "removed: the save went through");
    Ok(())
}

#[test]
fn without_a_system_file_dialog_every_export_and_open_asks_in_the_app() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    for c in [
        Command::Open,
        Command::ExportBom,
        Command::ExportReport,
        Command::ExportPlot(mpo_budget_core::output::charts::Chart::Waterfall),
        Command::LoadPrices,
    ] {
        press(&mut h, c.clone());
        assert!(h.state().is_showing_own_file_dialog(), "{c:?}");
        h.get_by_label("Cancel").click();
        h.run();
        assert!(!h.state().is_showing_own_file_dialog(), "{c:?} cancelled");
    }
}

#[test]
fn after_open_the_link_id_box_shows_the_selected_link_and_renames_it() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    select(&mut h, "A01-B07");
    assert_eq!(
        h.get_by_label("Link id").value().as_deref(),
        Some("A01-B07")
    );
    press(
        &mut h,
        Command::OpenPath(example("format-1/400g-dr4-apc.ron")),
    );
    let first = h.state().doc.design().links[0].id.clone();
    assert_eq!(h.state().selected, Some(0));
    assert_eq!(
        h.get_by_label("Link id").value().as_deref(),
        Some(first.as_str()),
        "the box shows the selected link of the design now open"
    );
    retype(&mut h, "Link id", "RENAMED");
    h.get_by_label("Rename").click();
    h.run();
    let ids: Vec<&str> = h
        .state()
        .doc
        .design()
        .links
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(ids[0], "RENAMED", "{ids:?}");
    assert!(!ids.contains(&first.as_str()));
    assert!(!ids.contains(&"A01-B07"));
}

#[test]
fn grade_pickers_offer_only_the_parts_connector_family() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    // An adapter's pair grade, then an MPO cable's grade: MPO grades only.
    for (part, label) in [("Adapter 1", "Pair grade"), ("Cable 1", "Grade")] {
        focus(&mut h, part);
        nth_labelled(&h, label, 0).click();
        h.run();
        // By name and loss on this link's multimode fiber (catalog/grades.ron).
        assert!(
            shows(&h, "MTP Elite, 0.35 dB max"),
            "{label}: MPO grades offered"
        );
        assert!(shows(&h, "MTP, 0.60 dB max"), "{label}: MPO grades offered");
        assert!(shows(&h, "MPO, 0.75 dB max"), "{label}: MPO grades offered");
        assert!(
            h.query_all_by_label_contains("LC duplex").next().is_none(),
            "{label}: no LC grade"
        );
        h.key_press(egui::Key::Escape);
        h.run();
    }
}

#[test]
fn inserting_a_joint_next_to_a_joint_adds_the_cable_it_needs() {
    use mpo_budget_core::model::Element;
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    let kinds = |h: &Harness<'_, MpoApp>| -> Vec<bool> {
        h.state().doc.design().links[0]
            .path
            .iter()
            .map(Element::is_conductor)
            .collect()
    };
    // cable, adapter, cable, adapter, cable.
    assert_eq!(kinds(&h), [true, false, true, false, true]);
    focus(&mut h, "Adapter 1");
    nth_labelled(&h, "+ Insert after", 0).click();
    h.run();
    h.get_by_label("Adapter").click();
    h.run();
    assert_eq!(
        kinds(&h),
        [true, false, true, false, true, false, true],
        "cable, joint, cable, … all along"
    );
    focus(&mut h, "Near transceiver");
    nth_labelled(&h, "+ Insert after", 0).click();
    h.run();
    h.get_by_label("Splice").click();
    h.run();
    assert_eq!(kinds(&h).first(), Some(&true), "a cable into the port");
    let path = kinds(&h);
    assert!(path.windows(2).all(|w| w[0] != w[1]), "{path:?}");
    assert!(
        h.query_all_by_label_contains("path-adjacent-joints")
            .next()
            .is_none()
    );
}

#[test]
fn opening_a_design_with_large_values_changes_nothing() -> std::io::Result<()> {
    use mpo_budget_core::model::Element;
    let file = test_data("app-large-values.ron");
    let dir = tempfile::tempdir()?;
    let recovery = dir.path().join("recovery.ron");
    let mut h = keeping_work_in(&file, &recovery);
    // Past the recovery's idle seconds (steps of 0.25 s), touching nothing.
    h.run_steps(20);

    let loaded = design_file::load(&file, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        *h.state().doc.design(),
        loaded.design,
        "the design as loaded"
    );
    let link = &h.state().doc.design().links[0];
    assert_eq!(link.count, 250_000);
    let Element::Cable(trunk) = &link.path[2] else {
        panic!("the trunk is element 3")
    };
    assert_eq!((trunk.length_m.get(), trunk.splices), (90_000.0, 150));
    assert!(!h.state().doc.is_modified(), "nothing changed");
    assert!(
        !h.state().title().contains('•'),
        "no unsaved mark: {}",
        h.state().title()
    );
    assert!(
        !recovery.exists(),
        "no recovery written for an untouched file"
    );

    // The figure the library (and so `calc`) gives for the file:
    // 90,004 m of OM4 at 3.5 dB/km = 315.014 dB, one MTP Elite pair 0.35 dB,
    // 150 fusion splices × 0.30 dB = 45 dB (catalog/fibers.ron, grades.ron):
    // 360.364 dB worst case.
    let cat = catalog();
    let analysis =
        mpo_budget_core::analysis::analyze(&cat, &loaded.design.links[0], &loaded.resolved[0]);
    let worst = analysis.budget.totals.worst_case_loss_db;
    assert!((worst - 360.364).abs() < 1e-9, "{worst}");
    let shown = format!("{worst:.3} dB");
    assert!(shows(&h, &shown), "the app shows {shown}");
    Ok(())
}

#[test]
fn the_links_list_says_what_a_failing_link_fails() {
    let h = harness(Some(&test_data("polarity-method-a-wrong.ron")));
    // Both links: 56 m of OM4 at 3.5 dB/km = 0.196 dB and two MTP Elite
    // pairs 0.70 dB = 0.896 dB of 40GBASE-SR4's 1.5 dB, margin 0.604 dB; WRONG
    // fails on polarity only, as `calc` says ("FAIL (polarity)").
    assert!(shows(&h, "FAIL polarity"), "WRONG says what it fails");
    // RIGHT's badge (WRONG is selected: its verdict is FAIL).
    assert_eq!(h.query_all_by_label("PASS").count(), 1, "RIGHT passes");
    assert!(
        h.query_all_by_label_contains("FAIL +").next().is_none(),
        "no margin passed off as the reason"
    );
    assert_eq!(
        h.query_all_by_label_contains("+0.604 dB margin").count(),
        2,
        "the margin is kept on each row"
    );
}

/// The kinds of link `i`'s path: true for a cable or cord, false for a joint.
fn conductors(h: &Harness<'_, MpoApp>, i: usize) -> Vec<bool> {
    h.state().doc.design().links[i]
        .path
        .iter()
        .map(mpo_budget_core::model::Element::is_conductor)
        .collect()
}

#[test]
fn a_path_that_cannot_be_traced_says_so_and_why() {
    let mut h = harness(Some(&test_data("two-adapters-side-by-side.ron")));
    assert!(
        shows(&h, "Polarity not traced"),
        "the Polarity section says so"
    );
    // The `polarity-not-traced` problem's sentence, as the library writes it.
    let why = "polarity could not be traced: the path is not cable, joint, cable, … from end to end at adapter 2 (see the path problem)";
    assert!(shows(&h, why), "and says why");
    assert!(
        h.query_all_by_label_contains("0 of 0 lanes")
            .next()
            .is_none(),
        "no lane count for a path with no lane traced"
    );
    assert!(
        h.query_all_by_label_contains("Polarity and mates right")
            .next()
            .is_none()
    );

    // Removing the second adapter (element 3) mends the path.
    focus(&mut h, "Adapter 2");
    nth_labelled(&h, "×", 0).click();
    h.run();
    assert_eq!(conductors(&h, 0), [true, false, true, false, true]);
    assert!(!shows(&h, "Polarity not traced"));
    assert!(shows(&h, "4 of 4 lanes land on their Rx"));
}

#[test]
fn removing_a_cable_takes_its_joint_and_a_joint_between_cables_stays() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    assert_eq!(conductors(&h, 0), [true, false, true, false, true]);
    // Adapter 1 (element 2) joins cable 1 and cable 2: its × is refused.
    focus(&mut h, "Adapter 1");
    let remove = nth_labelled(&h, "×", 0);
    assert!(
        remove.accesskit_node().is_disabled(),
        "adapter 1 cannot go alone"
    );
    remove.click();
    h.run();
    assert_eq!(
        conductors(&h, 0),
        [true, false, true, false, true],
        "unchanged"
    );
    assert!(!h.state().doc.is_modified());

    // Cable 2, the trunk (element 3), goes with the adapter after it.
    focus(&mut h, "Cable 2");
    nth_labelled(&h, "×", 0).click();
    h.run();
    assert_eq!(conductors(&h, 0), [true, false, true]);
    assert!(h.query_all_by_label_contains("[path-").next().is_none());
    // The cords alone: 6 m of OM4 = 0.021 dB and one Elite pair 0.35 dB.
    assert!(shows(&h, "0.371 dB"));

    // The last cable (element 3 now) goes with the adapter before it.
    focus(&mut h, "Cable 2");
    nth_labelled(&h, "×", 0).click();
    h.run();
    assert_eq!(conductors(&h, 0), [true]);
    // And a lone cable stays: a link needs one.
    let remove = nth_labelled(&h, "×", 0);
    assert!(
        remove.accesskit_node().is_disabled(),
        "the last cable stays"
    );
}

#[test]
fn inserting_a_cable_next_to_a_cable_adds_the_adapter_it_needs() {
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    focus(&mut h, "Cable 1");
    nth_labelled(&h, "+ Insert after", 0).click();
    h.run();
    h.get_by_label("Cable").click();
    h.run();
    assert_eq!(
        conductors(&h, 0),
        [true, false, true, false, true, false, true],
        "cable 1, a new adapter, the new cable, adapter 1, …"
    );
    focus(&mut h, "Near transceiver");
    nth_labelled(&h, "+ Insert after", 0).click();
    h.run();
    h.get_by_label("Cable").click();
    h.run();
    let path = conductors(&h, 0);
    assert_eq!(path.len(), 9);
    assert!(path.windows(2).all(|w| w[0] != w[1]), "{path:?}");
    assert!(h.query_all_by_label_contains("[path-").next().is_none());
}

#[test]
fn an_unreadable_recovery_file_is_named_and_kept() -> std::io::Result<()> {
    use mpo_budget::app::recovery;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("recovery.ron");
    // A recovery cut short, as by a full disk or a kill mid-copy.
    let design = design_file::load(&example("format-1/100g-sr4-row.ron"), &catalog())
        .unwrap_or_else(|e| panic!("{e}"))
        .design;
    recovery::write(&path, None, &design, &Default::default())?;
    let whole = std::fs::read(&path)?;
    let cut = whole[..whole.len() / 2].to_vec();
    std::fs::write(&path, &cut)?;

    let mut h = keeping_work_in(&example("format-1/100g-sr4-row.ron"), &path);
    h.run();
    assert!(!h.state().is_offering_recovery());
    let error = h.state().error.clone().unwrap_or_default();
    assert!(
        error.contains(&path.display().to_string()) && error.contains("could not be read"),
        "the error bar names the file: {error}"
    );
    assert!(h.query_by_label_contains("could not be read").is_some());

    // An edit and quiet seconds, then a clean exit: the file is left as it was.
    h.get_by_label("Delete").click();
    h.run_steps(20);
    h.state_mut().clean_exit();
    assert_eq!(std::fs::read(&path)?, cut, "kept as it was");
    Ok(())
}

#[test]
fn opens_the_ai_cluster_design_with_legs_and_shows_each_link() {
    // Issue 13: a format-2 design with harnesses and legs opens, nothing is
    // marked changed, and each link can be selected without a panic.
    let mut h = harness(Some(&example("ai-cluster-breakouts.ron")));
    assert!(h.query_by_label("3 of 3 links pass").is_some());
    for id in ["SP1-1/1", "SP2-1/1", "plain"] {
        select(&mut h, id);
    }
    // The governing leg's worst case of the twin-port link (LF3: 1.0012 dB).
    select(&mut h, "SP1-1/1");
    assert!(h.query_by_label("1.001 dB").is_some());
    assert!(!h.state().title().contains('•'), "{}", h.state().title());
}

#[test]
fn a_designer_adds_a_harness_and_a_leg() {
    // Issue 13: 400G DR4 over single-mode APC; "+ Insert before" on the far
    // transceiver offers a harness, which ends the path and brings a leg per
    // breakout port (ai-optics.md §3: DR4 → 4 × 100G DR over MPO-12 APC to LC).
    // Wide enough that the whole path, far transceiver included, is in view.
    let app = MpoApp::new(
        catalog(),
        Some(&example("format-1/400g-dr4-apc.ron")),
        Remembered::default(),
    )
    .with_native_dialogs(Box::new(mpo_budget::app::file_dialog::NoSystemDialogs));
    let mut h = Harness::builder()
        .with_size(egui::vec2(2600.0, 1000.0))
        .with_context_setup(mpo_budget::app::setup_context)
        .build_ui_state(|ui, app: &mut MpoApp| app.show(ui), app);
    h.run();
    let link = |h: &Harness<'_, MpoApp>| h.state().doc.design().links[0].clone();
    let before = link(&h).path.len();
    focus(&mut h, "Far transceiver");
    h.get_by_label("+ Insert before").click();
    h.run();
    h.get_by_label("Harness (breakout)").click();
    h.run();
    let l = link(&h);
    assert_eq!(l.path.len(), before + 2, "an adapter and the harness");
    assert!(matches!(
        l.path.last(),
        Some(mpo_budget_core::model::Element::Harness(x)) if x.kind == "mpo12-4xlc"
    ));
    assert_eq!(l.legs.len(), 4);
    assert!(l.legs.iter().all(|g| g.transceiver == "100GBASE-DR"));
    // The tree: the shared path above, a row per leg below, each judged.
    assert!(h.query_by_label("Legs of mpo12-4xlc (4 legs)").is_some());
    assert_eq!(h.query_all_by_label_contains("PASS +").count(), 4);
    // Each leg's lanes are drawn: one line per leg in the polarity panel
    // (beside the inspector once another part is selected: the legs' table
    // takes the budget's column while it is open).
    focus(&mut h, "Cable 1");
    assert_eq!(h.query_all_by_label_contains("(harness leg ").count(), 4);
    focus(&mut h, "Legs (4)");
    // Remove a leg, then add it back: it takes the free harness leg.
    nth_labelled(&h, "Remove leg", 3).click();
    h.run();
    assert_eq!(link(&h).legs.len(), 3);
    h.get_by_label("Add leg").click();
    h.run();
    let l = link(&h);
    assert_eq!((l.legs.len(), l.leg_number(3)), (4, 4));
    // The saved file loads as written, with its legs.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("breakout.ron");
    design_file::save(&path, h.state().doc.design()).unwrap_or_else(|e| panic!("{e}"));
    let loaded = design_file::load(&path, &catalog()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.design.links[0].legs.len(), 4);
    // Undo takes the whole breakout back in steps, never leaving legs
    // without their harness.
    for _ in 0..3 {
        press(&mut h, Command::Undo);
        let l = link(&h);
        let ends_in_harness = matches!(
            l.path.last(),
            Some(mpo_budget_core::model::Element::Harness(_))
        );
        assert!(ends_in_harness || l.legs.is_empty());
    }
}

#[test]
fn removing_legs_keeps_each_leg_on_its_harness_leg_and_the_last_takes_the_harness() {
    let mut h = harness(Some(&example("ai-cluster-breakouts.ron")));
    select(&mut h, "SP1-1/1");
    focus(&mut h, "Legs (3)");
    let link = |h: &Harness<'_, MpoApp>| h.state().doc.design().links[0].clone();
    nth_labelled(&h, "Remove leg", 0).click(); // LF1-1/1
    h.run();
    let l = link(&h);
    let legs: Vec<(String, u8)> = (0..l.legs.len())
        .map(|k| (l.legs[k].id.clone(), l.leg_number(k)))
        .collect();
    assert_eq!(
        legs,
        [("LF2-1/1".to_owned(), 2), ("LF3-1/1".to_owned(), 3)],
        "the others stay on their harness legs"
    );
    for _ in 0..2 {
        nth_labelled(&h, "Remove leg", 0).click();
        h.run();
    }
    // The last leg gone: the harness and the adapter before it go too, and
    // the link ends at a module again (a file that loads).
    let l = link(&h);
    assert!(l.legs.is_empty());
    assert_eq!(l.path.len(), 3, "cord, adapter, trunk");
    assert!(matches!(
        l.path.last(),
        Some(mpo_budget_core::model::Element::Cable(_))
    ));
}

#[test]
fn the_infrastructure_view_shows_what_each_shared_part_carries() {
    // Issue 14: T12-B carries six duplex links, two fibers each: 12 of 24.
    let mut h = harness(Some(&example("shared-row.ron")));
    assert!(h.query_by_label("7 of 7 links pass").is_some());
    press(&mut h, Command::ShowInfrastructure(true));
    assert!(h.query_by_label("12 of 24").is_some());
    assert!(h.query_by_label("8 of 72").is_some());
    assert!(h.query_by_label_contains("No conflicts").is_some());
    // The channel editor shows a shared part as what it names.
    press(&mut h, Command::ShowInfrastructure(false));
    select(&mut h, "D1");
    focus(&mut h, "Trunk leg 1");
    assert!(h.query_by_label("trunk T12-B, leg 1").is_some());
    assert!(!h.state().title().contains('•'), "{}", h.state().title());
}

#[test]
fn a_shared_port_is_chosen_from_what_is_free() {
    // Issue 14: in the channel editor a panel port or cassette port is picked
    // from the design's, each saying which link uses it.
    let mut h = harness(Some(&example("shared-row.ron")));
    select(&mut h, "D1");
    focus(&mut h, "Cassette port 1");
    nth_labelled(&h, "Port", 0).click(); // the near cassette's front port
    h.run();
    assert!(h.query_by_label("port 2 (used by D2)").is_some());
    assert!(
        h.query_by_label("port 1 (free)").is_some(),
        "its own port is free to it"
    );
    h.key_press(egui::Key::Escape);
    h.run();
    select(&mut h, "S1");
    focus(&mut h, "Panel port 1");
    nth_labelled(&h, "Port", 0).click(); // panel R1-P1
    h.run();
    h.get_by_label("port 2 (free)").click();
    h.run();
    assert_eq!(
        h.state().doc.design().links[0].path[1],
        mpo_budget_core::model::Element::PanelPort(mpo_budget_core::model::infra::PanelPort {
            panel: "R1-P1".into(),
            port: 2
        })
    );
    // The far panel port is still port 1: the route holds (both panels are
    // T12-A's), and no port is shared, so the link still passes.
    assert!(h.query_by_label("7 of 7 links pass").is_some());
}

/// Chooses a trunk or panel in the Infrastructure view's part list (the
/// first node of that name: the list comes before the report).
fn part(h: &mut Harness<'_, MpoApp>, id: &str) {
    h.get_all_by_label(id)
        .next()
        .unwrap_or_else(|| panic!("part {id} listed"))
        .click();
    h.run();
    assert!(
        shows(h, &format!("Trunk {id}")) || shows(h, &format!("Panel {id}")),
        "{id} not chosen"
    );
}

#[test]
fn a_shared_trunk_and_panel_are_edited_in_their_forms() {
    // Issue 14: every field of a trunk and a panel is edited in the app, each
    // change one undo step; what links use cannot be taken away.
    let mut h = harness(Some(&example("shared-row.ron")));
    press(&mut h, Command::ShowInfrastructure(true));
    part(&mut h, "T12-A");
    // Three legs instead of six: 36 fibers, S1 still lights 8.
    nth_labelled(&h, "Legs", 0).set_value_accesskit(3.0);
    h.run();
    assert_eq!(h.state().doc.design().trunks[0].legs, 3);
    assert!(shows(&h, "8 of 36"));
    // S1 uses leg 1: the legs cannot go below it.
    nth_labelled(&h, "Legs", 0).set_value_accesskit(0.0);
    h.run();
    assert_eq!(h.state().doc.design().trunks[0].legs, 1);
    // A Type A trunk in S1's Type B channel: its polarity fails.
    // The window's form comes after the channel editor's cards.
    h.get_all_by_label("Polarity")
        .rfind(|n| n.accesskit_node().role() == egui::accesskit::Role::ComboBox)
        .unwrap_or_else(|| panic!("the trunk's polarity"))
        .click();
    h.run();
    h.get_by_label("Type A (straight)").click();
    h.run();
    assert_eq!(
        h.state().doc.design().trunks[0].polarity,
        mpo_budget_core::model::PolarityType::A
    );
    assert!(shows(&h, "6 of 7 links pass"), "S1 fails on polarity");
    press(&mut h, Command::Undo);
    assert!(shows(&h, "7 of 7 links pass"));
    press(&mut h, Command::Undo);
    assert_eq!(h.state().doc.design().trunks[0].legs, 3);
    // A cassette panel: a slot added; slot 1 carries D1–D6 and cannot go,
    // the new one can.
    part(&mut h, "R1-C");
    h.get_by_label("Add slot").click();
    h.run();
    assert_eq!(h.state().doc.design().panels[2].cassettes.len(), 3);
    assert!(
        h.get_by_label("Remove slot 1")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Remove slot 3").click();
    h.run();
    assert_eq!(h.state().doc.design().panels[2].cassettes.len(), 2);
    // An adapter panel's ports: not below the highest one a link uses.
    part(&mut h, "R1-P1");
    nth_labelled(&h, "Adapter ports", 0).set_value_accesskit(0.0);
    h.run();
    assert_eq!(h.state().doc.design().panels[0].ports, Some(1));
    assert!(shows(&h, "7 of 7 links pass"));
}

#[test]
fn shared_parts_are_added_and_a_used_one_cannot_be_removed() {
    let mut h = harness(Some(&example("shared-row.ron")));
    press(&mut h, Command::ShowInfrastructure(true));
    // T12-A carries S1: its remove button is disabled and names the link.
    part(&mut h, "T12-A");
    let remove = h.get_by_label("Remove T12-A");
    assert!(
        remove.accesskit_node().is_disabled(),
        "a used trunk cannot be removed"
    );
    h.get_by_label("Add adapter panels").click();
    h.run();
    assert_eq!(h.state().doc.design().panels.len(), 6);
    h.get_by_label("Add trunk").click();
    h.run();
    let t = h.state().doc.design().trunks.last().cloned();
    assert_eq!(
        t.map(|t| (t.id, t.from, t.to)),
        Some(("T1".to_owned(), "PA1".to_owned(), "PB1".to_owned()))
    );
    // An unused part can go; each change is one undo step.
    h.get_by_label("Remove T1").click();
    h.run();
    assert_eq!(h.state().doc.design().trunks.len(), 2);
    press(&mut h, Command::Undo);
    assert_eq!(h.state().doc.design().trunks.len(), 3);
    press(&mut h, Command::Undo);
    press(&mut h, Command::Undo);
    assert_eq!(h.state().doc.design().panels.len(), 4);
    assert!(h.query_by_label("7 of 7 links pass").is_some());
}

#[test]
fn a_conflict_outlines_the_shared_part_and_names_the_other_link() -> std::io::Result<()> {
    // Issue 14: a seventh duplex link on D1's cassette port 1.
    let text = std::fs::read_to_string(example("shared-row.ron"))?;
    let d7 = r#"Link(id: "D7", transceiver: "10GBASE-SR", fiber: "OM4", path: [
            LcCord(length_m: 3.0, polarity: AtoB, grade: "lc-low-loss"),
            CassettePort(panel: "R1-C", slot: 1, port: 1),
            TrunkLeg(trunk: "T12-B", leg: 1),
            CassettePort(panel: "R2-C", slot: 1, port: 6),
            LcCord(length_m: 3.0, polarity: AtoA, grade: "lc-low-loss"),
        ]),
    ],
)"#;
    let end = text.rfind("],").unwrap_or(0);
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("conflict.ron");
    std::fs::write(&file, format!("{}{d7}\n", &text[..end]))?;
    let mut h = harness(Some(&file));
    select(&mut h, "D7");
    // The near cassette port is marked (and outlined); the far one, port 6,
    // is D6's too, so it is marked as well; the trunk leg's fibers are lit
    // twice.
    assert!(shows(&h, "! Cassette port 1"), "the near port is marked");
    assert!(shows(&h, "! Cassette port 2"), "the far port is marked");
    assert!(!shows(&h, "! LC cord 1"), "the cord is not");
    assert!(
        h.query_all_by_label_contains("also used by \"D1\"")
            .next()
            .is_some(),
        "the problem names the other link"
    );
    Ok(())
}

/// A large schedule (a megabyte and more) is planned on its own thread, its
/// progress in the status bar, the window drawn meanwhile; its preview lays
/// out only the lines in view (a million rows plan some 125,000 rack pairs).
#[test]
fn a_large_schedule_is_planned_in_the_background() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let big = dir.path().join("big.csv");
    let mut text = String::from("id,transceiver,fiber,near_rack,far_rack,length_m\n");
    for i in 0..30_000 {
        let b = i / 16;
        text.push_str(&format!(
            "L{i:05},400GBASE-SR8,OM4,G{:04},S{:02},{}\n",
            b,
            b % 40,
            20 + b % 50
        ));
    }
    std::fs::write(&big, text)?;
    let import = |h: &mut Harness<'_, MpoApp>| {
        h.state_mut().apply(Command::PathChosen(
            mpo_budget::app::FileRequest::ImportSchedule,
            big.clone(),
        ));
    };
    let mut h = harness(Some(&example("shared-row.ron")));
    import(&mut h);
    assert!(h.state().is_importing(), "planned on its own thread");
    h.step();
    assert!(
        h.query_all_by_label_contains("Planning big.csv (")
            .next()
            .is_some(),
        "its progress in the status bar"
    );
    // One at a time: a second is refused while the first plans.
    import(&mut h);
    assert!(
        h.state()
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("Still planning")),
        "{:?}",
        h.state().status
    );
    // What is said meanwhile stays said: the plan ends in its preview.
    h.state_mut().error = Some("an error meanwhile".into());
    let said = h.state().status.clone();
    until_done(&mut h, MpoApp::is_importing, 2_000, "the planning");
    h.run_steps(2);
    assert!(shows(&h, "Import big.csv"));
    assert_eq!(h.state().error.as_deref(), Some("an error meanwhile"));
    assert_eq!(h.state().status, said);
    let rack_pairs = 30_000 / 16;
    // Three trunks a rack pair: 16 links and 4 spare legs (size_trunks).
    assert!(
        shows(
            &h,
            "30000 links (30000 pass), 5625 trunks, 3750 panels, 0 cassettes"
        ),
        "the totals, above the list"
    );
    let listed =
        |h: &Harness<'_, MpoApp>, pair: &str| h.query_all_by_label_contains(pair).next().is_some();
    assert!(listed(&h, "G0000 – S00: 16 links"), "the first rack pair");
    assert!(
        !listed(
            &h,
            &format!("G{:04} – S{:02}", rack_pairs - 1, (rack_pairs - 1) % 40)
        ),
        "the last rack pair is not laid out until scrolled to"
    );
    h.get_by_label("Replace the open design").click();
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 30_000);

    // File → New while planning: the plan is let go of, never shown over
    // the new design, and what was said meanwhile stays said.
    let mut h = harness(Some(&example("shared-row.ron")));
    import(&mut h);
    h.state_mut().apply(Command::New);
    assert!(!h.state().is_importing());
    let said = h.state().status.clone();
    h.state_mut().error = Some("an error meanwhile".into());
    for _ in 0..100 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
    assert!(!shows(&h, "Import big.csv"), "no plan over the new design");
    assert_eq!(h.state().status, said);
    assert_eq!(h.state().error.as_deref(), Some("an error meanwhile"));
    Ok(())
}

#[test]
fn a_link_schedule_is_imported_after_showing_what_was_planned() {
    // Issue 15: File → Import link schedule… plans the schedule, shows the
    // trunks and panels, and replaces the design only on Replace; undoable.
    let mut h = harness(Some(&example("shared-row.ron")));
    press(
        &mut h,
        Command::PathChosen(
            mpo_budget::app::FileRequest::ImportSchedule,
            example("link-schedule.xlsx"),
        ),
    );
    assert!(shows(&h, "Import link-schedule.xlsx"));
    assert!(
        shows(&h, "37 links (37 pass), 5 trunks, 8 panels, 16 cassettes"),
        "the totals"
    );
    assert!(
        h.query_all_by_label_contains("R1 – R2: 14 links by interconnect-b")
            .next()
            .is_some()
    );
    // Nothing changed yet.
    assert_eq!(h.state().doc.design().links.len(), 7);
    h.get_by_label("Replace the open design").click();
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 37);
    assert_eq!(
        h.state().status.as_deref(),
        Some("Imported link-schedule.xlsx (Ctrl+Z undoes)")
    );
    assert_eq!(h.state().doc.design().trunks.len(), 5);
    assert!(shows(&h, "37 of 37 links pass"));
    // The channel says where it runs, as the schedule names it.
    assert!(shows(&h, "R1 Eth1/1 → R2 Eth2/1"));
    // The Infrastructure view shows the planned trunks.
    press(&mut h, Command::ShowInfrastructure(true));
    assert!(shows(&h, "R1-R2-T1"));
    press(&mut h, Command::Undo);
    assert_eq!(h.state().doc.design().links.len(), 7);
    assert!(shows(&h, "7 of 7 links pass"));
    // A bad schedule shows each bad cell and changes nothing.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "id,transceiver,fiber,near_rack,far_rack,length_m\nA,X,OM4,R1,R2,1\nB,10GBASE-SR,OM9,R1,R2,1\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    press(
        &mut h,
        Command::PathChosen(mpo_budget::app::FileRequest::ImportSchedule, bad),
    );
    let error = h.state().error.clone().unwrap_or_default();
    assert!(
        error.contains("bad.csv:2:2") && error.contains("bad.csv:3:3"),
        "{error}"
    );
    assert_eq!(h.state().doc.design().links.len(), 7);
}

#[test]
fn test_results_are_judged_and_shown_beside_the_budget() {
    // Issue 16: File → Import test results… judges a certifier's CSV against
    // the design and shows the selected link's results with their verdicts.
    let mut h = harness(Some(&example("100g-sr4-row.ron")));
    press(
        &mut h,
        Command::PathChosen(
            mpo_budget::app::FileRequest::ImportResults,
            example("100g-sr4-row.results.csv"),
        ),
    );
    let i = h
        .state()
        .doc
        .design()
        .links
        .iter()
        .position(|l| l.id == "A01-B07/2")
        .expect("link");
    press(&mut h, Command::Select(Some(i)));
    assert!(shows(&h, "Test results"), "the tab");
    assert!(shows(&h, "3.050 dB"), "the measured loss");
    assert!(shows(&h, "over-limit"), "its verdict");
    assert!(shows(&h, "Measured against predicted"), "the plot");
    // The design summary of verdicts (over-limit, missing, unknown, …).
    let status = h.state().status.clone().unwrap_or_default();
    assert!(
        status.contains("1 over-limit") && status.contains("2 missing"),
        "{status}"
    );
    // A bad results file is refused with its cells; the results stay.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "link,wavelength_nm,loss_db\nA,850,x\n").unwrap_or_else(|e| panic!("{e}"));
    press(
        &mut h,
        Command::PathChosen(mpo_budget::app::FileRequest::ImportResults, bad),
    );
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("bad.csv:2:3"), "{error}");
    assert!(shows(&h, "over-limit"));
}

/// Whether the node labelled `label` (the first one) is shown as selected.
fn is_selected(h: &Harness<'_, MpoApp>, label: &str) -> bool {
    h.query_all_by_label(label)
        .next()
        .and_then(|n| n.accesskit_node().toggled())
        .is_some_and(|t| t == egui::accesskit::Toggled::True)
}

#[test]
fn the_schematic_selects_the_part_the_inspector_edits_and_the_fix_selects_what_it_changed()
-> std::io::Result<()> {
    // Issue 17: a Method B channel (Type B cords, key-up/key-up adapters)
    // whose trunk is Type A: Tx meets Tx.
    let cable = |role: &str, polarity: &str, length: f64, ends: &str| {
        format!(
            "Cable(role: {role}, length_m: {length}, fibers: 12, polarity: {polarity}, ends: ({ends}), grade: \"mtp-elite\")"
        )
    };
    let text = format!(
        "Design(format: 1, name: \"method B, A trunk\", links: [Link(id: \"L1\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{}, Adapter(keys: UpUp), {}, Adapter(keys: UpUp), {}])])",
        cable("Cord", "B", 3.0, "Female, Female"),
        cable("Trunk", "A", 74.0, "Male, Male"),
        cable("Cord", "B", 3.0, "Female, Female"),
    );
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("method-b-a-trunk.ron");
    std::fs::write(&file, text)?;
    let mut h = harness(Some(&file));
    // The whole channel in the schematic, the first part selected.
    for part in [
        "Near transceiver",
        "Cable 1",
        "Adapter 1",
        "Adapter 2",
        "Cable 3",
        "Far transceiver",
    ] {
        assert!(shows(&h, part), "{part} in the schematic");
    }
    assert!(is_selected(&h, "Cable 1"));
    // The trunk the fix changes is outlined and marked, as a wrong mate is.
    assert!(shows(&h, "! Cable 2"), "the trunk is marked");
    assert!(shows(
        &h,
        "Connectivity: neither TIA method for parallel optics (A, B)"
    ));

    // A click on the trunk's glyph opens it in the inspector.
    focus(&mut h, "Cable 2");
    assert!(is_selected(&h, "! Cable 2"));
    assert!(!is_selected(&h, "Cable 1"));
    assert_eq!(h.state().part, Part::Element(2));
    assert!(shows(&h, "Cable 2"), "the inspector's title");
    // Under the lane diagram the parts the lanes pass select too.
    h.get_by_label("adapter 1 (key-up/up)").click();
    h.run();
    assert_eq!(h.state().part, Part::Element(1));
    // The near transceiver's inspector: the module and what to insert.
    focus(&mut h, "Near transceiver");
    assert!(shows(&h, "+ Insert after"));
    assert!(!shows(&h, "Role"), "no cable fields for a module");

    // The fix restores the trunk (not a cord to Type A), names the method,
    // and selects the trunk once applied.
    assert!(shows(
        &h,
        "make cable 2 a Type B trunk instead of Type A (on an MTP, turn the housing of one end over); the channel then follows TIA Method B"
    ));
    h.get_by_label("Apply fix").click();
    h.run();
    assert!(shows(&h, "4 of 4 lanes land on their Rx"));
    assert!(is_selected(&h, "Cable 2"), "the changed part is selected");
    assert_eq!(
        h.state().part,
        Part::Element(2),
        "and open in the inspector"
    );
    assert!(shows(&h, "Connectivity: TIA Method B"));
    // 80 m of OM4 at 3.5 dB/km = 0.280 dB, two Elite pairs 0.70 dB: 0.980 dB.
    assert!(shows(&h, "0.980 dB"));
    Ok(())
}

#[test]
fn a_problem_sentence_selects_the_part_it_names() {
    // Two adapters side by side: a path problem names adapter 2.
    let mut h = harness(Some(&test_data("two-adapters-side-by-side.ron")));
    let problem = h
        .query_all_by_label_contains("adapter 2 has no cable on its near side")
        .next()
        .unwrap_or_else(|| panic!("the path problem is listed"));
    problem.click();
    h.run();
    assert_eq!(h.state().part, Part::Element(2), "adapter 2 selected");
    assert!(is_selected(&h, "! Adapter 2"));
}

#[test]
fn the_keyboard_moves_through_the_links_edits_removes_and_filters() {
    // Issue 17 §4: arrows move through the list, Enter goes to the editor,
    // Delete removes (undoable), Ctrl+F goes to the filter.
    let mut h = harness(Some(&example("format-1/100g-sr4-row.ron")));
    let heading = |h: &Harness<'_, MpoApp>, id: &str| shows(h, &format!("Channel {id}"));
    assert!(heading(&h, "A01-B07"));
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert!(heading(&h, "A02-B08"), "Down selects the next link");
    h.key_press(egui::Key::End);
    h.run();
    assert!(heading(&h, "A04-STORAGE"), "End the last");
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert!(heading(&h, "A03-C01"), "Up the one before");
    h.key_press(egui::Key::Home);
    h.run();
    assert!(heading(&h, "A01-B07"), "Home the first");

    // Enter: the keyboard is in the inspector's first field (cable 1's role).
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert!(
        h.query_all_by_label("Role").any(|n| n.is_focused()),
        "the inspector's first field has the keyboard"
    );
    h.key_press(egui::Key::Escape);
    h.run();

    // ▶ moves cable 1 and the selection goes with it.
    focus(&mut h, "Cable 1");
    nth_labelled(&h, "▶", 0).click();
    h.run();
    assert_eq!(h.state().part, Part::Element(1));
    press(&mut h, Command::Undo);
    // Delete right after a click in the schematic removes nothing: the
    // user means a part, not the link.
    focus(&mut h, "Cable 1");
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 4);

    // Delete removes the selected link; Ctrl+Z brings it back. Shift+Delete
    // is not Delete.
    h.get_by_label("A02-B08").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Delete);
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 4);
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 3);
    assert!(!shows(&h, "A02-B08"), "removed");
    assert!(
        shows(&h, "Removed A02-B08 (Ctrl+Z undoes)"),
        "the status bar says so"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 4);

    // Ctrl+F: typing goes to the filter.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    assert!(h.get_by_label("Filter").is_focused());
    h.get_by_label("Filter").type_text("C01");
    h.run();
    assert!(shows(&h, "1 of 4 shown"));
}

#[test]
fn the_first_start_says_the_design_is_the_example_and_a_new_one_counts_no_links() {
    let mut h = harness(None);
    assert!(
        h.query_all_by_label_contains("This is the example design")
            .next()
            .is_some()
    );
    press(&mut h, Command::New);
    assert!(shows(&h, "0 of 0 links pass"));
}

#[test]
fn a_large_design_opens_in_the_background_with_its_progress_from_the_first_frame()
-> std::io::Result<()> {
    // Issue 17 §4: opening a large design shows progress from the first
    // frame and the window stays responsive; loading runs off the UI thread.
    let catalog = catalog();
    let design = mpo_budget_core::model::synthetic::synthetic_design(&catalog, 4_000, 7);
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("big.ron");
    design_file::save(&file, &design).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        std::fs::metadata(&file)?.len() >= 1 << 20,
        "large enough to open in the background"
    );
    let app = MpoApp::new(catalog, Some(&file), Remembered::default())
        .with_native_dialogs(Box::new(mpo_budget::app::file_dialog::NoSystemDialogs));
    let mut h = harness_for(app);
    h.step();
    assert!(
        h.query_all_by_label_contains("Opening big.ron (")
            .next()
            .is_some(),
        "the first frame says what is being opened"
    );
    // The window answers while it reads: the opening can be cancelled.
    h.get_by_label("Cancel").click();
    h.step();
    h.step();
    assert!(
        h.query_all_by_label_contains("Stopped opening")
            .next()
            .is_some()
    );
    assert_eq!(h.state().doc.design().links.len(), 0);
    // File → New while it opens: the opening is dropped, never replacing
    // the new design when it ends.
    h.state_mut().apply(Command::OpenPath(file.clone()));
    h.step();
    press(&mut h, Command::New);
    for _ in 0..30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    assert_eq!(
        h.state().doc.design().links.len(),
        0,
        "the new design stays"
    );
    // Opened again, to the end.
    h.state_mut().apply(Command::OpenPath(file.clone()));
    h.step();
    assert!(
        h.query_all_by_label_contains("Opening big.ron (")
            .next()
            .is_some()
    );
    let mut frames = 0;
    while h
        .query_all_by_label_contains("Opening big.ron (")
        .next()
        .is_some()
        && frames < 600
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
        frames += 1;
    }
    h.run();
    assert_eq!(h.state().doc.design().links.len(), 4_000);
    assert!(
        h.query_all_by_label_contains("Channel ").next().is_some(),
        "the first link is shown once read"
    );
    assert!(h.query_all_by_label_contains("Opened ").next().is_some());
    Ok(())
}

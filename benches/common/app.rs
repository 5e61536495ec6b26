//! The app, headless, for the benchmarks that time its frames.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use mpo_budget::app::{MpoApp, Remembered, setup_context};
use mpo_budget_core::catalog::Catalog;

pub type App = Harness<'static, MpoApp>;

/// The app, headless, with the design at `path` opening.
pub fn app_on(catalog: &Catalog, path: &std::path::Path, size: egui::Vec2) -> App {
    let app = MpoApp::new(catalog.clone(), Some(path), Remembered::default());
    Harness::builder()
        .with_size(size)
        .with_context_setup(setup_context)
        .build_ui_state(|ui, app: &mut MpoApp| app.show(ui), app)
}

/// Frames until the design, opened in the background, has its `links`
/// (bounded: a minute at most).
pub fn until_open(h: &mut App, links: usize) {
    for _ in 0..1_200 {
        h.step();
        if h.state().doc.design().links.len() == links {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    h.run();
}

/// `iters` rounds of `before`, `act` and `after` on the app, only `act`
/// timed: the frames that do the work, without those that set it up or
/// undo it.
pub fn timed_acts(
    h: &mut App,
    iters: u64,
    mut before: impl FnMut(&mut App),
    mut act: impl FnMut(&mut App),
    mut after: impl FnMut(&mut App),
) -> std::time::Duration {
    let mut timed = std::time::Duration::ZERO;
    for _ in 0..iters {
        before(h);
        let start = std::time::Instant::now();
        act(h);
        timed += start.elapsed();
        after(h);
    }
    timed
}

/// The selected link's count typed as `count` (its field focused already):
/// the edit is applied at the end of the next frame.
pub fn type_count(h: &mut App, count: &str) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_label("Count").type_text(count);
}

/// An edit's frame (`frame` 0, the frame that applies it) or the one after
/// it (1), timed `iters` times: `queue` queues the edit untimed; after each,
/// the edit is undone and `reset` run, untimed.
#[allow(
    dead_code,
    reason = "the scale bench's; this file is in every app bench"
)]
pub fn timed_edit_frame(
    h: &mut App,
    iters: u64,
    frame: u8,
    mut queue: impl FnMut(&mut App),
    mut reset: impl FnMut(&mut App),
) -> std::time::Duration {
    timed_acts(
        h,
        iters,
        |h| {
            queue(h);
            if frame == 1 {
                h.step();
            }
        },
        |h| h.step(),
        |h| {
            if frame == 0 {
                h.step();
            }
            undo(h);
            reset(h);
        },
    )
}

/// The last edit undone, and the frame after it.
pub fn undo(h: &mut App) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.step();
    h.step();
}

/// The button labelled `label` pressed, and its release queued: a click
/// is three events (the pointer over the button, pressed, released), and a
/// step runs a frame for each, so the release's frame (where the click is
/// taken) is the next step, timed on its own.
#[allow(
    dead_code,
    reason = "the scale bench's; this file is in every app bench"
)]
pub fn press_leaving_release(h: &mut App, label: &str) {
    let node = h.get_by_label(label);
    node.hover();
    let pos = node.rect().center();
    let button = |pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(button(true));
    h.step();
    h.event(button(false));
}

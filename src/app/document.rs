//! The open design: its file, its undo history and its results, recomputed
//! only for what an edit changed.

use std::path::{Path, PathBuf};

use super::history::{Change, Changed, Edit, History, MergeKey};
use super::link_ids::LinkIds;
use super::neighbours::Neighbours;
use mpo_budget_core::analysis::polarity::TiaMethod;
use mpo_budget_core::analysis::resolve::{
    Expansions, ResolvedLink, resolve_link_in, with_expansion,
};
use mpo_budget_core::analysis::{Judge, LinkAnalysis, Verdict, analyze, verdict};
use mpo_budget_core::catalog::Catalog;
use mpo_budget_core::io::design_file::{self, LoadedDesign};
use mpo_budget_core::io::error::InputError;
use mpo_budget_core::model::infra::{Infra, PartPlaces};
use mpo_budget_core::model::{Design, Link};

pub struct Document {
    /// Shared, so the recovery file is written and a large design saved
    /// from it on other threads without a copy of a million links (an edit
    /// stops or waits for them: `MpoApp::let_go_of_design`). Private: what
    /// is worked out of it must change with it.
    design: std::sync::Arc<Design>,
    /// `None` until saved (a new design, or the built-in example).
    pub path: Option<PathBuf>,
    history: History,
    saved_state: u64,
    /// One entry per link, in design order: every link judged, so the list
    /// and summary stay instant on thousands of links. Boxed, as the links
    /// are: a link added or removed among a million moves 8 bytes a link
    /// after it, not a result's 192 (the allocator's size class it fits:
    /// see the test `a_result_fits_its_size_class`). Private, as the design
    /// is: read through [`Self::result`].
    #[expect(
        clippy::vec_box,
        reason = "a link added or removed moves 8 bytes a link after it"
    )]
    results: Vec<Box<LinkResult>>,
    /// The link on show: its resolution with its expansion through shared
    /// parts, and its full analysis (sentences, breakdown, lanes).
    shown: Option<(usize, Box<(ResolvedLink, LinkAnalysis)>)>,
    /// Over shared parts: the links an edit's shared-part check reads,
    /// kept up to date with every edit.
    neighbours: Option<Neighbours>,
    /// Where each shared part is, to find an edited link's parts: made when
    /// a design is opened or planned (on its thread), else on first asking,
    /// and again after the parts change (`Changed::All`).
    part_places: std::sync::OnceLock<PartPlaces>,
    /// Every link's id by its hash, for naming a new link and checking a
    /// rename: made with the document (on the loading thread when opened,
    /// where it takes 50 ms at a million links, not in a frame), kept up to
    /// date with each edit.
    link_ids: LinkIds,
    /// See [`Self::serial`].
    serial: u64,
    /// What is worked out of the design and results for views, kept until
    /// they change; made anew, whole, on every change.
    derived: Derived,
    /// What was worked out for the design on the other side of the last
    /// Replace (an import's), with the state it is for: Undo and Redo of that
    /// step swap it back in instead of judging every link again (a second at
    /// a million links, in the frame of the key). One at a time, let go of
    /// once the history can no longer come back to its state.
    set_aside: Option<(u64, WorkedOut)>,
}

/// Everything a document works out from its design (its results, and what
/// is kept of them for edits and views): what a Replace sets aside with the
/// design it replaces.
struct WorkedOut {
    #[expect(clippy::vec_box, reason = "the results are boxed (Document::results)")]
    results: Vec<Box<LinkResult>>,
    neighbours: Option<Neighbours>,
    part_places: std::sync::OnceLock<PartPlaces>,
    link_ids: LinkIds,
    derived: Derived,
}

/// What views read of the whole design each frame, worked out once per
/// revision: over a million links the results are 200 MB, too much to read
/// in a frame.
#[derive(Default)]
struct Derived {
    /// Changes whenever `results` may have (an edit, another catalog), and
    /// differs between documents: views keep what they work out of the
    /// results (the filtered rows) until it changes.
    revision: u64,
    /// The status bar's summary.
    summary: std::sync::OnceLock<Summary>,
    /// Whether each link passes: the list's failing-only rows from a megabyte.
    passes: std::sync::OnceLock<std::sync::Arc<[bool]>>,
    /// Every link's id in lowercase, end to end, for the list's filter: one
    /// search through them, not a copy of each id across the heap.
    ids: std::sync::OnceLock<std::sync::Arc<LowercaseIds>>,
    /// Which links use each shared part, for the channel editor's choices.
    shared_uses: std::sync::OnceLock<std::sync::Arc<super::shared_parts::Uses>>,
}

impl Derived {
    /// Nothing worked out yet, under a revision number never given before.
    fn anew() -> Self {
        static REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Self {
            revision: REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Self::default()
        }
    }
}

/// Link ids in lowercase, each followed by a line break (which a filter,
/// typed on one line, never holds, so no match runs from one id into the
/// next); link `i`'s id ends at `ends[i]`.
pub struct LowercaseIds {
    text: String,
    ends: Vec<usize>,
}

impl LowercaseIds {
    fn of(design: &Design) -> Self {
        let mut text = String::with_capacity(design.links.iter().map(|l| l.id.len() + 1).sum());
        let mut ends = Vec::with_capacity(design.links.len());
        for link in &design.links {
            if link.id.is_ascii() {
                text.extend(link.id.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                text.push_str(&link.id.to_lowercase());
            }
            ends.push(text.len());
            text.push('\n');
        }
        Self { text, ends }
    }

    /// The links whose id contains `needle` (lowercase, one line), in
    /// design order: one search through all the ids.
    pub fn containing(&self, needle: &str) -> Vec<usize> {
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let text = self.text.as_bytes();
        let mut links = Vec::new();
        let (mut link, mut from) = (0, 0);
        while let Some(k) = text.get(from..).and_then(|rest| finder.find(rest)) {
            let end_of_match = from + k + needle.len();
            while self.ends.get(link).is_some_and(|&end| end < end_of_match) {
                link += 1;
            }
            let Some(&end) = self.ends.get(link) else {
                break;
            };
            links.push(link);
            // One match is enough: on from the next id.
            from = end + 1;
            link += 1;
        }
        links
    }
}

/// The trunks and panels `link` names, found by `places` (made on opening
/// or first asking): a map of every part took milliseconds an edit at a hundred
/// thousand panels.
fn infra_of<'a>(
    design: &'a Design,
    places: &std::sync::OnceLock<PartPlaces>,
    link: &Link,
) -> Infra<'a> {
    if !design.has_shared_parts() {
        return Infra::default();
    }
    design.infra_of(places.get_or_init(|| design.part_places()), [link])
}

/// The edit index of a design over shared parts (`None` without them).
fn neighbours_of(design: &Design, results: &[Box<LinkResult>]) -> Option<Neighbours> {
    (design.has_shared_parts()).then(|| {
        Neighbours::of(design, |n| {
            results.get(n).is_none_or(|r| r.shared_part_trouble())
        })
    })
}

/// A document number never given before.
fn new_serial() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What a judged link keeps of its analysis: its verdict and TIA method.
type Judgement = (Verdict, Option<TiaMethod>);

/// `link` judged with `resolved`, its resolution with its expansion: by
/// `judge` where a whole design is judged (a shape's checks made once), or
/// alone.
fn judge(by: Judging<'_, '_>, link: &Link, resolved: &ResolvedLink) -> Judgement {
    let method = mpo_budget_core::analysis::polarity::tia_method(&resolved.channel(link).path);
    let verdict = match by {
        Judging::Alone(catalog) => verdict(catalog, link, resolved),
        Judging::ByShape(judge) => judge.verdict(link, resolved),
    };
    (verdict, method)
}

/// How a link is judged: alone (one link edited), or by a judge that
/// learns each shape once (a whole design).
enum Judging<'a, 'c> {
    Alone(&'c Catalog),
    ByShape(&'a mut Judge<'c>),
}

/// A link's verdict, or why it could not be computed.
pub enum LinkResult {
    Judged {
        /// Without its expansion through shared parts (most of a link's
        /// memory over shared trunks): [`Document::resolved`] makes it again.
        resolved: ResolvedLink,
        verdict: Verdict,
        /// The TIA method its channel follows, for its row in the list.
        method: Option<TiaMethod>,
    },
    Unresolved(String),
}

impl LinkResult {
    fn compute(catalog: &Catalog, infra: &Infra<'_>, link: &Link) -> Box<Self> {
        Self::compute_by(Judging::Alone(catalog), catalog, infra, link)
    }

    fn compute_by(
        judging: Judging<'_, '_>,
        catalog: &Catalog,
        infra: &Infra<'_>,
        link: &Link,
    ) -> Box<Self> {
        Box::new(match resolve_link_in(catalog, infra, link) {
            Ok(resolved) => {
                let judgement = judge(judging, link, &resolved);
                Self::lean(resolved, judgement)
            }
            // The part named as the editor names it ("cable 1, grade").
            Err(u) => LinkResult::Unresolved(match u.element.filter(|&i| i < link.path.len()) {
                Some(i) => format!(
                    "{}, {}: {}",
                    mpo_budget_core::analysis::budget::describe(link, i),
                    u.field_name,
                    u.message
                ),
                None => format!("{}: {}", u.field, u.message),
            }),
        })
    }

    /// A judged link, kept without its expansion.
    fn lean(resolved: ResolvedLink, (verdict, method): Judgement) -> Self {
        LinkResult::Judged {
            resolved: resolved.keeping(Expansions::Dropped),
            verdict,
            method,
        }
    }

    /// The TIA method `link`'s channel follows, where it follows one; for a
    /// link that could not be resolved, its path's as written.
    pub fn method(&self, link: &Link) -> Option<&'static str> {
        match self {
            LinkResult::Judged { method, .. } => method.map(TiaMethod::name),
            LinkResult::Unresolved(_) => {
                mpo_budget_core::analysis::polarity::tia_method(&link.path).map(TiaMethod::name)
            }
        }
    }

    pub fn verdict(&self) -> Option<&Verdict> {
        match self {
            LinkResult::Judged { verdict, .. } => Some(verdict),
            LinkResult::Unresolved(_) => None,
        }
    }

    /// Its resolution, without its expansion through shared parts: its ids
    /// and ports; to analyse it, [`Document::resolved`].
    pub fn resolved(&self) -> Option<&ResolvedLink> {
        match self {
            LinkResult::Judged { resolved, .. } => Some(resolved),
            LinkResult::Unresolved(_) => None,
        }
    }

    /// Whether it has shared-part problems or could not be resolved (and
    /// keeps none to tell by).
    fn shared_part_trouble(&self) -> bool {
        self.resolved().is_none_or(|r| !r.infra_problems.is_empty())
    }

    /// What the summary reads of it: whether it passes, its margin.
    fn standing(&self) -> Standing {
        (self.pass(), self.margin_db())
    }

    /// Loss, reach, polarity and every mate right.
    pub fn pass(&self) -> bool {
        self.verdict().is_some_and(Verdict::pass)
    }

    /// Its margin, when its fiber has limits.
    fn margin_db(&self) -> Option<f64> {
        self.verdict().and_then(|v| v.budget.margin_db())
    }
}

impl Summary {
    /// The summary after link `i`'s result went from `before` to `after`
    /// (whether it passes, its margin), from the summary before it: no pass
    /// over every link (a million links' results are 200 MB to read).
    /// `None` when that cannot tell: the worst link got better.
    fn with_link_changed(self, i: usize, before: Standing, after: Standing) -> Option<Self> {
        let passing = self.passing - usize::from(before.0) + usize::from(after.0);
        // The worst is the first link with the smallest margin.
        let worst_margin = match (self.worst_margin, after.1) {
            (Some((w, j)), Some(m)) if j == i => (m <= w).then_some((m, i))?,
            (Some((_, j)), None) if j == i => return None,
            (Some((w, j)), Some(m)) if m < w || (m == w && i < j) => (m, i),
            (Some(worst), _) => worst,
            (None, Some(m)) => (m, i),
            (None, None) => return Some(Self { passing, ..self }),
        };
        Some(Self {
            passing,
            worst_margin: Some(worst_margin),
            ..self
        })
    }

    /// The summary after a link was inserted at `i` with result `after`:
    /// the links from `i` on move down one place, and the new one counts as
    /// a link that had no result.
    fn with_link_inserted(self, i: usize, after: Standing) -> Option<Self> {
        Self {
            links: self.links + 1,
            worst_margin: self
                .worst_margin
                .map(|(w, j)| (w, if j >= i { j + 1 } else { j })),
            ..self
        }
        .with_link_changed(i, (false, None), after)
    }

    /// The summary after link `i`, whose result was `before`, was removed;
    /// `None` when it was the worst (the next worst is not known).
    fn with_link_removed(self, i: usize, before: Standing) -> Option<Self> {
        let worst_margin = match self.worst_margin {
            Some((_, j)) if j == i => return None,
            Some((w, j)) => Some((w, if j > i { j - 1 } else { j })),
            None => None,
        };
        Some(Self {
            links: self.links - 1,
            passing: self.passing - usize::from(before.0),
            worst_margin,
        })
    }
}

/// What the summary reads of a link's result: whether it passes, its
/// margin.
type Standing = (bool, Option<f64>);

/// Design-wide figures for the summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub links: usize,
    pub passing: usize,
    /// The smallest margin and the link it belongs to.
    pub worst_margin: Option<(f64, usize)>,
}

impl Document {
    pub fn new(design: Design, path: Option<PathBuf>, catalog: &Catalog) -> Self {
        let results = judged_all(catalog, &design);
        let link_ids = LinkIds::of(&design);
        let mut doc = Self {
            design: std::sync::Arc::new(design),
            path,
            history: History::default(),
            saved_state: 0,
            results,
            shown: None,
            neighbours: None,
            part_places: std::sync::OnceLock::new(),
            link_ids,
            serial: new_serial(),
            derived: Derived::anew(),
            set_aside: None,
        };
        doc.attach_infra(catalog);
        doc.work_out_whole();
        doc
    }

    /// Each link's conflicts and routes over the shared parts: found over
    /// the whole design, so after any change (nothing to do without them).
    /// Gives the links judged again, with their standing before and after.
    fn attach_infra(&mut self, catalog: &Catalog) -> Vec<(usize, Standing, Standing)> {
        if !self.design.has_shared_parts() {
            self.neighbours = None;
            return Vec::new();
        }
        let problems =
            mpo_budget_core::analysis::infra::infra_problems(catalog, &self.design, &|n| {
                self.results.get(n).and_then(|r| r.resolved())
            });
        // Every link's: one without problems now may have had some.
        let mut problems = problems.into_iter().peekable();
        let every = (0..self.design.links.len()).map(|n| match problems.next_if(|p| p.0 == n) {
            Some(found) => found,
            None => (n, Vec::new()),
        });
        let rejudged = self.set_infra_problems(catalog, every);
        self.neighbours = neighbours_of(&self.design, &self.results);
        rejudged
    }

    /// After one link was edited or added (`Changed::Link`, `Inserted`) or
    /// removed: the shared-part problems of the links that can have changed
    /// (the edited link, the users of its panels and trunks, and the links
    /// that had such problems or no resolution: see `neighbours.rs`),
    /// worked out over them alone; at a million links the whole design's
    /// check took 0.43 s an edit. When they are a quarter of the design, the
    /// whole design is checked. Gives the links judged again, with their
    /// standing before and after.
    fn attach_infra_around(
        &mut self,
        catalog: &Catalog,
        changed: Changed,
    ) -> Vec<(usize, Standing, Standing)> {
        let design = std::sync::Arc::clone(&self.design);
        let Some(neighbours) = self
            .neighbours
            .as_mut()
            .filter(|_| design.has_shared_parts())
        else {
            return self.attach_infra(catalog);
        };
        let edited = match changed {
            Changed::Link(i) => Some(i),
            Changed::Inserted(i) => {
                neighbours.inserted(i);
                Some(i)
            }
            Changed::Removed(i) => {
                neighbours.removed(i);
                None
            }
            Changed::Name => return Vec::new(),
            Changed::All => return self.attach_infra(catalog),
        };
        let edited = edited.and_then(|i| Some((i, &**design.links.get(i)?)));
        if let Some((i, link)) = edited {
            neighbours.add_uses(i, link);
        }
        let near = neighbours.around(edited);
        if near.len() > design.links.len() / 4 {
            return self.attach_infra(catalog);
        }
        let problems =
            mpo_budget_core::analysis::infra::infra_problems_of(catalog, &design, &near, &|n| {
                self.results.get(n).and_then(|r| r.resolved())
            });
        let rejudged = self.set_infra_problems(catalog, near.iter().copied().zip(problems));
        if let Some(neighbours) = self.neighbours.as_mut() {
            for n in near {
                let trouble = self.results.get(n).is_some_and(|r| r.shared_part_trouble());
                neighbours.set_troubled(n, trouble);
            }
        }
        rejudged
    }

    /// Each link's (by its place) shared-part problems; a link whose problems
    /// changed is judged again.
    fn set_infra_problems(
        &mut self,
        catalog: &Catalog,
        problems: impl Iterator<Item = (usize, Vec<mpo_budget_core::analysis::budget::Problem>)>,
    ) -> Vec<(usize, Standing, Standing)> {
        let mut rejudged = Vec::new();
        let design = std::sync::Arc::clone(&self.design);
        for (n, problems) in problems {
            let (Some(r), Some(link)) = (self.results.get_mut(n), design.links.get(n)) else {
                continue;
            };
            let before = r.standing();
            if let LinkResult::Judged {
                resolved,
                verdict: v,
                ..
            } = &mut **r
                && *resolved.infra_problems != *problems
            {
                resolved.infra_problems = problems.into_boxed_slice();
                let infra = infra_of(&design, &self.part_places, link);
                *v = verdict(catalog, link, &with_expansion(&infra, link, resolved));
                rejudged.push((n, before, r.standing()));
            }
        }
        rejudged
    }

    pub fn from_loaded(loaded: LoadedDesign, path: PathBuf, catalog: &Catalog) -> Self {
        Self::judged_from(loaded, Some(path), catalog)
    }

    /// A design planned from a link schedule, judged from the plan's own
    /// resolutions (on the planning thread): what an import's Replace puts
    /// in place with [`Self::replace_with`]. It has no file yet.
    pub fn planned(loaded: LoadedDesign, catalog: &Catalog) -> Self {
        Self::judged_from(loaded, None, catalog)
    }

    fn judged_from(loaded: LoadedDesign, path: Option<PathBuf>, catalog: &Catalog) -> Self {
        let LoadedDesign { design, resolved } = loaded;
        let results = judged_lean(catalog, &design, resolved);
        let neighbours = neighbours_of(&design, &results);
        // After the resolutions are let go of: not at the peak.
        let link_ids = LinkIds::of(&design);
        let doc = Self {
            design: std::sync::Arc::new(design),
            path,
            history: History::default(),
            saved_state: 0,
            results,
            shown: None,
            neighbours,
            part_places: std::sync::OnceLock::new(),
            link_ids,
            serial: new_serial(),
            derived: Derived::anew(),
            set_aside: None,
        };
        doc.work_out_whole();
        // Where each shared part is, for the first link shown: found here,
        // not in the first frame (which it took 25–45 ms of at a million
        // links over 50,000 trunks).
        if doc.design.has_shared_parts() {
            let _ = doc.part_places.set(doc.design.part_places());
        }
        doc
    }

    pub fn open(path: &Path, catalog: &Catalog) -> Result<Self, InputError> {
        design_file::load(path, catalog).map(|l| Self::from_loaded(l, path.to_owned(), catalog))
    }

    /// As [`Self::open`], keeping `read` at the bytes read so far.
    pub fn open_reporting(
        path: &Path,
        catalog: &Catalog,
        read: &std::sync::atomic::AtomicU64,
    ) -> Result<Self, InputError> {
        // Links over shared parts keep no expansion (made again to analyse).
        design_file::load_reporting(path, catalog, read, Expansions::Dropped)
            .map(|l| Self::from_loaded(l, path.to_owned(), catalog))
    }

    /// The design to save (shared: it may be written on another thread)
    /// and the state it is in, the gesture under way ended so that the
    /// next edit is a state of its own.
    pub fn for_saving(&mut self) -> (std::sync::Arc<Design>, u64) {
        self.history.seal();
        (std::sync::Arc::clone(&self.design), self.history.state_id())
    }

    /// It was saved to `path` in `state` (maybe edited since, on another
    /// thread's save).
    pub fn saved_as(&mut self, path: &Path, state: u64) {
        self.path = Some(path.to_owned());
        self.saved_state = state;
    }

    /// A number no other document has: a save on another thread that ends
    /// after another design was opened is not taken for it.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    /// Every link's resolution, with its expansion through shared parts,
    /// or `None` if some link cannot be resolved.
    pub fn resolved_links(&self) -> Option<Vec<ResolvedLink>> {
        let infra = self.design.infra();
        (self.results.iter().zip(&self.design.links))
            .map(|(r, link)| match &**r {
                LinkResult::Judged { resolved, .. } => {
                    Some(with_expansion(&infra, link, resolved).into_owned())
                }
                LinkResult::Unresolved(_) => None,
            })
            .collect()
    }

    /// Link `i`'s resolution with its expansion through shared parts, as its
    /// analysis takes it (the link on show's is at hand: [`Self::shown`]).
    pub fn resolved(&self, i: usize) -> Option<std::borrow::Cow<'_, ResolvedLink>> {
        let (link, r) = (self.design.links.get(i)?, self.results.get(i)?.resolved()?);
        if let Some((s, shown)) = &self.shown
            && *s == i
        {
            return Some(std::borrow::Cow::Borrowed(&shown.0));
        }
        Some(with_expansion(
            &infra_of(&self.design, &self.part_places, link),
            link,
            r,
        ))
    }

    /// Makes link `i` the one on show, analysing it in full if its analysis
    /// is not already at hand.
    pub fn show(&mut self, i: usize, catalog: &Catalog) {
        if self.shown.as_ref().is_some_and(|(s, _)| *s == i) {
            return;
        }
        self.shown = match (self.design.links.get(i), self.results.get(i).map(|r| &**r)) {
            (Some(link), Some(LinkResult::Judged { resolved, .. })) => {
                let infra = infra_of(&self.design, &self.part_places, link);
                let resolved = with_expansion(&infra, link, resolved).into_owned();
                let analysis = analyze(catalog, link, &resolved);
                Some((i, Box::new((resolved, analysis))))
            }
            _ => None,
        };
    }

    /// Link `i`'s resolution (with its expansion) and full analysis, if it
    /// is the link on show.
    pub fn shown(&self, i: usize) -> Option<(&ResolvedLink, &LinkAnalysis)> {
        let (_, shown) = self.shown.as_ref().filter(|(s, _)| *s == i)?;
        Some((&shown.0, &shown.1))
    }

    /// Marks the design as holding changes no file has (restored work).
    /// The document as unsaved work on `file` (or on no file): opened from
    /// the recovery file, it belongs to the file it was kept for.
    pub fn restored(mut self, file: Option<PathBuf>) -> Self {
        self.path = file;
        self.mark_unsaved();
        self
    }

    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    /// The design. Changed only through [`Self::apply`], undo and redo and
    /// [`Self::replace_with`], which keep the results, ids and summary with
    /// it.
    pub fn design(&self) -> &Design {
        &self.design
    }

    /// The design as shared with a save or recovery write on another
    /// thread (an edit waits for them to let go of it).
    pub fn shared_design(&self) -> &std::sync::Arc<Design> {
        &self.design
    }

    /// Link `i`'s result.
    pub fn result(&self, i: usize) -> Option<&LinkResult> {
        self.results.get(i).map(|r| &**r)
    }

    pub fn is_modified(&self) -> bool {
        self.history.state_id() != self.saved_state
    }

    /// Makes a change and records it for undo, with the state it replaced
    /// read from the design as it is now.
    pub fn apply(&mut self, catalog: &Catalog, change: Change, merge: Option<MergeKey>) {
        if let Some((edit, changed)) = change.make(std::sync::Arc::make_mut(&mut self.design)) {
            Self::ids_after(&mut self.link_ids, &self.design, &edit, false);
            self.refresh(catalog, changed);
            self.history.push(edit, merge);
            self.let_go_of_set_aside_if_gone();
        }
    }

    /// The design of `prepared`, judged already (see [`Self::planned`]),
    /// takes the place of this one's as one undo step, with everything
    /// worked out for it: nothing is judged again in the frame of the click
    /// (a million links took 0.9–1.2 s). This document keeps its file, its
    /// history and its identity. `prepared` must have been judged by the
    /// catalog this document is judged by (the app's, which does not change
    /// while it runs).
    pub fn replace_with(&mut self, prepared: Document) {
        let Document {
            design,
            results,
            neighbours,
            part_places,
            link_ids,
            derived,
            // A prepared design's own, unused here: it is this document's
            // next state.
            path: _,
            history: _,
            saved_state: _,
            shown: _,
            serial: _,
            set_aside: _,
        } = prepared;
        let replaced_state = self.history.state_id();
        let after = std::sync::Arc::unwrap_or_clone(design);
        let change = Change::ReplaceDesign {
            after: Box::new(after),
        };
        let Some((edit, _)) = change.make(std::sync::Arc::make_mut(&mut self.design)) else {
            return;
        };
        // The design replaced is kept by the edit, for Undo, and what was
        // worked out for it beside it; one set aside before is let go of
        // beside the frame (a million results take a tenth of a second to
        // free).
        let mut worked_out = WorkedOut {
            results,
            neighbours,
            part_places,
            link_ids,
            derived,
        };
        self.swap_worked_out(&mut worked_out);
        if let Some(before) = self.set_aside.replace((replaced_state, worked_out)) {
            let_go_beside(before);
        }
        self.shown = None;
        self.history.push(edit, None);
    }

    /// Puts `other` in place of what is worked out for the design, and
    /// what was in its place in `other`.
    fn swap_worked_out(&mut self, other: &mut WorkedOut) {
        std::mem::swap(&mut self.results, &mut other.results);
        std::mem::swap(&mut self.neighbours, &mut other.neighbours);
        std::mem::swap(&mut self.part_places, &mut other.part_places);
        std::mem::swap(&mut self.link_ids, &mut other.link_ids);
        std::mem::swap(&mut self.derived, &mut other.derived);
    }

    /// After an undo or redo from `from` that changed everything: what was
    /// set aside for the state it came to swapped in (and what was in place
    /// set aside for `from`). False where nothing is set aside for it.
    fn swapped_back(&mut self, from: u64, catalog: &Catalog) -> bool {
        let now = self.history.state_id();
        let Some((_, mut worked_out)) = self.set_aside.take_if(|(state, _)| *state == now) else {
            return false;
        };
        self.swap_worked_out(&mut worked_out);
        self.set_aside = Some((from, worked_out));
        // Views keep what they work out by revision: a new one, as for
        // every change.
        self.derived.revision = Derived::anew().revision;
        if let Some((s, _)) = self.shown.take() {
            self.show(s, catalog);
        }
        true
    }

    /// Lets go of what is set aside (beside the frame) once the history
    /// can no longer come back to its state.
    fn let_go_of_set_aside_if_gone(&mut self) {
        if let Some((state, _)) = &self.set_aside
            && !self.history.can_return_to(*state)
            && let Some(gone) = self.set_aside.take()
        {
            let_go_beside(gone);
        }
    }

    pub fn undo(&mut self, catalog: &Catalog) -> bool {
        self.history.seal();
        if !self.history.can_undo() {
            return false;
        }
        let from = self.history.state_id();
        let design = std::sync::Arc::make_mut(&mut self.design);
        let Some(changed) = self.history.undo(design) else {
            return false;
        };
        if changed == Changed::All && self.swapped_back(from, catalog) {
            return true;
        }
        if let Some(edit) = self.history.last_undone() {
            Self::ids_after(&mut self.link_ids, &self.design, edit, true);
        }
        self.refresh(catalog, changed);
        true
    }

    pub fn redo(&mut self, catalog: &Catalog) -> bool {
        if !self.history.can_redo() {
            return false;
        }
        let from = self.history.state_id();
        let design = std::sync::Arc::make_mut(&mut self.design);
        let Some(changed) = self.history.redo(design) else {
            return false;
        };
        if changed == Changed::All && self.swapped_back(from, catalog) {
            return true;
        }
        if let Some(edit) = self.history.last_done() {
            Self::ids_after(&mut self.link_ids, &self.design, edit, false);
        }
        self.refresh(catalog, changed);
        true
    }

    /// The link ids moved by `edit` (applied, or `undone`) on `design`
    /// (as it is after): all read again where it may have changed any
    /// number of them.
    fn ids_after(ids: &mut LinkIds, design: &Design, edit: &Edit, undone: bool) {
        match edit.ids_moved(undone) {
            Some((gone, added)) => ids.follow(gone, added),
            None => *ids = LinkIds::of(design),
        }
    }

    /// Identifies the design's current state: equal ids, equal designs.
    pub fn state_id(&self) -> u64 {
        self.history.state_id()
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Ends a drag gesture: the next edit is an undo step of its own.
    pub fn seal_gesture(&mut self) {
        self.history.seal();
    }

    /// Recomputes everything, after the catalog changed.
    pub fn recompute_all(&mut self, catalog: &Catalog) {
        // Worked out by the catalog before.
        if let Some(stale) = self.set_aside.take() {
            let_go_beside(stale);
        }
        self.refresh(catalog, Changed::All);
    }

    fn judge_all(&mut self, catalog: &Catalog) {
        // The old results let go of first: never two lists of a million.
        self.results = Vec::new();
        self.results = judged_all(catalog, &self.design);
    }

    fn refresh(&mut self, catalog: &Catalog, changed: Changed) {
        // The link on show follows its index and is analysed again: one link
        // costs microseconds, and nothing stale can be shown.
        let shown = self.shown.take().and_then(|(s, _)| match changed {
            Changed::Inserted(i) if i <= s => Some(s + 1),
            Changed::Removed(i) if i == s => None,
            Changed::Removed(i) if i < s => Some(s - 1),
            _ => Some(s),
        });
        self.apply_change(catalog, changed);
        if let Some(s) = shown {
            self.show(s, catalog);
        }
    }

    fn apply_change(&mut self, catalog: &Catalog, changed: Changed) {
        // One link edited, added or removed: the summary follows from the
        // one before, moved by that link and by the links whose shared-part
        // problems it changed.
        let summary_before = self.derived.summary.get().copied();
        let link_before = match changed {
            Changed::Link(i) | Changed::Removed(i) => self.results.get(i).map(|r| r.standing()),
            _ => None,
        };
        match changed {
            Changed::Link(i) => {
                if let (Some(r), Some(l)) = (self.results.get_mut(i), self.design.links.get(i)) {
                    let infra = infra_of(&self.design, &self.part_places, l);
                    *r = LinkResult::compute(catalog, &infra, l);
                }
            }
            Changed::Inserted(i) => {
                if let Some(l) = self.design.links.get(i) {
                    let infra = infra_of(&self.design, &self.part_places, l);
                    let r = LinkResult::compute(catalog, &infra, l);
                    self.results.insert(i.min(self.results.len()), r);
                }
            }
            Changed::Removed(i) => {
                if i < self.results.len() {
                    self.results.remove(i);
                }
            }
            Changed::Name => {}
            Changed::All => {
                self.part_places = std::sync::OnceLock::new();
                self.judge_all(catalog);
            }
        }
        let rejudged = match changed {
            // A name changes no link and no part.
            Changed::Name => Vec::new(),
            Changed::All => self.attach_infra(catalog),
            _ if !self.design.has_shared_parts() => Vec::new(),
            _ => self.attach_infra_around(catalog, changed),
        };
        self.derived = Derived::anew();
        let after = |i: usize| self.results.get(i).map(|r| r.standing());
        let carried = summary_before.and_then(|s| {
            let s = match changed {
                Changed::Link(i) => s.with_link_changed(i, link_before?, after(i)?),
                Changed::Inserted(i) => s.with_link_inserted(i, after(i)?),
                Changed::Removed(i) => s.with_link_removed(i, link_before?),
                Changed::Name | Changed::All => None,
            }?;
            // The edited link's own change is counted above, from before
            // the edit to now.
            let edited = match changed {
                Changed::Link(i) | Changed::Inserted(i) => Some(i),
                _ => None,
            };
            (rejudged.iter())
                .filter(|&&(n, ..)| Some(n) != edited)
                .try_fold(s, |s, &(n, before, after)| {
                    s.with_link_changed(n, before, after)
                })
        });
        if let Some(summary) = carried {
            let _ = self.derived.summary.set(summary);
        }
        if changed == Changed::All {
            self.work_out_whole();
        }
    }

    /// The summary and whether each link passes, worked out now, beside a
    /// whole design's judging (on the loading thread when opened), not in
    /// the next frame: each reads a million results (the frame after a 1M
    /// import took 32 ms).
    fn work_out_whole(&self) {
        let (summary, passes) = self.tally();
        let _ = self.derived.summary.set(summary);
        let _ = self.derived.passes.set(passes);
    }

    /// The summary and whether each link passes, in one pass.
    fn tally(&self) -> (Summary, std::sync::Arc<[bool]>) {
        let mut worst: Option<(f64, usize)> = None;
        let mut passing = 0;
        let passes: std::sync::Arc<[bool]> = (self.results.iter().enumerate())
            .map(|(i, r)| {
                if let Some(m) = r.margin_db()
                    && worst.is_none_or(|(w, _)| m < w)
                {
                    worst = Some((m, i));
                }
                let pass = r.pass();
                passing += usize::from(pass);
                pass
            })
            .collect();
        let summary = Summary {
            links: self.results.len(),
            passing,
            worst_margin: worst,
        };
        (summary, passes)
    }

    /// Whether each link passes, in design order.
    pub fn passes(&self) -> &std::sync::Arc<[bool]> {
        self.derived.passes.get_or_init(|| {
            let (summary, passes) = self.tally();
            // The same pass gave it: kept, unless one is already set.
            let _ = self.derived.summary.set(summary);
            passes
        })
    }

    /// Every link's id in lowercase, for filtering the list (shared, so
    /// the list can search them beside the frame).
    pub fn lowercase_ids(&self) -> &std::sync::Arc<LowercaseIds> {
        self.derived
            .ids
            .get_or_init(|| std::sync::Arc::new(LowercaseIds::of(&self.design)))
    }

    /// Which links use each of the design's shared ports and trunk legs,
    /// worked out on first asking after a change.
    pub fn shared_uses(&self, catalog: &Catalog) -> std::sync::Arc<super::shared_parts::Uses> {
        self.derived
            .shared_uses
            .get_or_init(|| {
                std::sync::Arc::new(super::shared_parts::Uses::of(catalog, &self.design))
            })
            .clone()
    }

    /// Identifies the results as they are now (see the field).
    pub fn revision(&self) -> u64 {
        self.derived.revision
    }

    pub fn summary(&self) -> Summary {
        *self.derived.summary.get_or_init(|| {
            let (summary, passes) = self.tally();
            let _ = self.derived.passes.set(passes);
            summary
        })
    }

    /// "name.ron" or "Untitled", for the window title.
    pub fn title_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || format!("{} (not saved)", self.design.name),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// An id no link has yet, from a stem: "L1" → "L1-2". Looked up among
    /// the ids' hashes, never a walk through a million links (a link
    /// duplicated took 15 ms for it).
    pub fn unused_link_id(&self, stem: &str) -> String {
        let ids = &self.link_ids;
        if !ids.may_hold(stem) {
            return stem.to_owned();
        }
        // The first "stem-n" from 2 no link has (one is free by the
        // number of links + 2).
        (2..)
            .map(|n: u64| format!("{stem}-{n}"))
            .find(|id| !ids.may_hold(id))
            .unwrap_or_default()
    }

    /// Whether a link is called `id`.
    pub fn has_link_id(&self, id: &str) -> bool {
        self.link_ids.may_hold(id) && self.design.links.iter().any(|l| l.id == id)
    }
}

/// Every link of `design` resolved and judged, on every core (a restored
/// or imported million links, a change to the shared parts or the catalog:
/// seconds on one core).
#[expect(clippy::vec_box, reason = "the results are boxed (Document::results)")]
fn judged_all(catalog: &Catalog, design: &Design) -> Vec<Box<LinkResult>> {
    let infra = design.infra();
    mpo_budget_core::parallel::map_with(
        &design.links,
        || Judge::new(catalog),
        |j, _, l| LinkResult::compute_by(Judging::ByShape(j), catalog, &infra, l),
    )
}

/// Lets go of `parts` on a thread of its own, so that a frame does not
/// wait for a million results to be freed (a tenth of a second). Where no
/// thread can be started they are freed here.
pub fn let_go_beside<T: Send + 'static>(parts: T) {
    let _ = super::background::spawn("let-go", move || drop(parts));
}

/// Each of `design`'s links judged from its resolution (one for each link,
/// in order), kept lean. On every core (a million links are a second on
/// one), a block at a time: no list of a million verdicts (100 MB) beside
/// the resolutions and the results.
///
/// The blocks are taken off the end of the resolutions, last first, and the
/// list is moved to memory half its size whenever it is under half full:
/// its memory (80 MB at a million links) is let go of as the results are
/// made, not kept beside all of them to the end (the README gives the peaks
/// measured).
#[expect(clippy::vec_box, reason = "the results are boxed (Document::results)")]
fn judged_lean(
    catalog: &Catalog,
    design: &Design,
    resolved: Vec<ResolvedLink>,
) -> Vec<Box<LinkResult>> {
    judged_lean_in_blocks(catalog, design, resolved, 65_536)
}

#[expect(clippy::vec_box, reason = "the results are boxed (Document::results)")]
fn judged_lean_in_blocks(
    catalog: &Catalog,
    design: &Design,
    mut resolved: Vec<ResolvedLink>,
    block_len: usize,
) -> Vec<Box<LinkResult>> {
    resolved.truncate(design.links.len());
    let mut backwards = Vec::with_capacity(resolved.len());
    // Loaded lean: each link expanded again to be judged, one at a time.
    let infra = design.infra();
    mpo_budget_core::parallel::from_the_end_in_blocks(resolved, block_len, |start, block| {
        let links = &design.links[start..start + block.len()];
        let judged = mpo_budget_core::parallel::map_with(
            &block,
            || Judge::new(catalog),
            |j, k, r| {
                let r = with_expansion(&infra, &links[k], r);
                judge(Judging::ByShape(j), &links[k], &r)
            },
        );
        // Lean, however the design was loaded.
        backwards.extend(
            (block.into_iter().zip(judged))
                .rev()
                .map(|(r, j)| Box::new(LinkResult::lean(r, j))),
        );
    });
    backwards.reverse();
    backwards
}

/// A design that could not be opened, in the error bar: the library's
/// message (file, line:column, link, field), and the field as the editor
/// names it ("in the editor: cable 1, fibers").
pub fn open_error_words(e: &mpo_budget_core::io::error::InputError) -> String {
    match (&e.part, e.field_in_words()) {
        (Some(_), Some(words)) => format!("{e} (in the editor: {words})"),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpo_budget_core::model::Element;
    use mpo_budget_core::model::units::LengthM;

    fn catalog() -> Catalog {
        Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    /// The link on show: its full analysis, for the link as it is now.
    fn shown_worst(doc: &Document, i: usize) -> Option<f64> {
        doc.shown(i)
            .map(|(_, a)| a.budget.totals.worst_case_loss_db)
    }

    /// Every link's result, as the list and the summary read it.
    fn results_of(
        doc: &Document,
    ) -> Vec<(Option<Verdict>, Option<ResolvedLink>, Option<&'static str>)> {
        read_results(&doc.results, &doc.design.links)
    }

    fn read_results(
        results: &[Box<LinkResult>],
        links: &[Box<Link>],
    ) -> Vec<(Option<Verdict>, Option<ResolvedLink>, Option<&'static str>)> {
        (results.iter().zip(links))
            .map(|(r, l)| (r.verdict().cloned(), r.resolved().cloned(), r.method(l)))
            .collect()
    }

    /// Judged block by block from the last, the results are each link's
    /// and in the links' order, as judged front to back.
    #[test]
    fn links_judged_from_the_last_block_are_in_their_order() {
        let c = catalog();
        let design = mpo_budget_core::model::synthetic::synthetic_design(&c, 1_000, 5);
        let resolved = mpo_budget_core::analysis::resolve::resolve_design(&c, &design)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let doc = Document::new(design.clone(), None, &c);
        let alone = results_of(&doc);
        // Blocks that divide the links, that do not, and one for all.
        for block in [1, 64, 333, 1_000, 5_000] {
            let results = judged_lean_in_blocks(&c, &design, resolved.clone(), block);
            assert!(
                read_results(&results, &design.links) == alone,
                "blocks of {block}"
            );
        }
        assert!(
            alone
                .iter()
                .any(|r| r.0.as_ref().is_some_and(Verdict::pass))
        );
        assert!(
            alone
                .iter()
                .any(|r| r.0.as_ref().is_some_and(|v| !v.pass()))
        );
    }

    /// An import's Replace puts the planned design in place judged on the
    /// planning thread: its results, summary and pass flags are what judging
    /// it afresh gives, and it is one undo step that Redo brings back.
    #[test]
    fn a_planned_design_takes_the_open_ones_place_as_judged_afresh() {
        use mpo_budget_core::planning::plan::{PlanOptions, plan_and_resolve_with};
        let c = catalog();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
        let open = dir.join("shared-row.ron");
        let mut doc = Document::open(&open, &c).unwrap_or_else(|e| panic!("{e}"));
        let before = (Design::clone(&doc.design), results_of(&doc), doc.summary());
        // The example schedule (every link passes) with two links too long
        // for 100GBASE-SR4 over OM4 (100 m).
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let schedule = tmp.path().join("schedule.csv");
        let mut text = std::fs::read_to_string(dir.join("link-schedule.csv"))
            .unwrap_or_else(|e| panic!("{e}"));
        text.push_str("LONG1,100GBASE-SR4,OM4,R1,R3,140,,Eth9/1,Eth9/1,,\n");
        text.push_str("LONG2,100GBASE-SR4,OM4,R1,R3,160,,Eth9/2,Eth9/2,,\n");
        std::fs::write(&schedule, text).unwrap_or_else(|e| panic!("{e}"));
        let rows = mpo_budget_core::io::schedule::read(&schedule, None, &c)
            .unwrap_or_else(|e| panic!("{e}"));
        let options = PlanOptions::for_schedule(&schedule);
        let (_, loaded) = plan_and_resolve_with(&c, rows, &options, Expansions::Dropped)
            .unwrap_or_else(|e| panic!("{e}"));
        let fresh = Document::new(loaded.design.clone(), None, &c);
        doc.replace_with(Document::planned(loaded, &c));

        let after = (
            Design::clone(&fresh.design),
            results_of(&fresh),
            fresh.summary(),
        );
        assert_eq!(*doc.design, after.0);
        assert!(
            doc.design.has_shared_parts(),
            "planned over trunks and panels"
        );
        assert_eq!(results_of(&doc), after.1);
        assert_eq!(doc.summary(), after.2);
        assert_eq!(doc.passes(), fresh.passes());
        // Some links of the plan fail, so the flags tell something.
        assert!(
            after.2.passing > 0 && after.2.passing < after.2.links,
            "{:?}",
            after.2
        );
        assert_eq!(doc.path.as_deref(), Some(open.as_path()), "its file kept");
        assert!(doc.is_modified());
        // A copy's name is free among the new links, not the old.
        let id = doc.design.links[0].id.clone();
        assert_eq!(doc.unused_link_id(&id), format!("{id}-2"));

        assert!(doc.undo(&c));
        assert_eq!(*doc.design, before.0);
        assert_eq!((results_of(&doc), doc.summary()), (before.1, before.2));
        assert!(!doc.is_modified());
        assert_eq!(doc.unused_link_id(&id), id, "the old links' ids are back");
        assert!(doc.redo(&c));
        assert_eq!(*doc.design, after.0);
        assert_eq!((results_of(&doc), doc.summary()), (after.1, after.2));
        assert_eq!(doc.unused_link_id(&id), format!("{id}-2"));
    }

    /// Undo and Redo of an import's Replace swap back what was worked out
    /// for each design (the very results, not judged again: a second at a
    /// million links); a new edit on the other side lets it go.
    #[test]
    fn undoing_a_replace_brings_back_the_results_set_aside() {
        let c = catalog();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
        let mut doc =
            Document::open(&dir.join("shared-row.ron"), &c).unwrap_or_else(|e| panic!("{e}"));
        let loaded =
            design_file::load(&dir.join("100g-sr4-row.ron"), &c).unwrap_or_else(|e| panic!("{e}"));
        let first = |d: &Document| -> *const LinkResult { &*d.results[0] };
        let opened = first(&doc);
        let planned = Document::planned(loaded, &c);
        let imported = first(&planned);
        doc.show(0, &c);
        doc.replace_with(planned);
        assert!(std::ptr::eq(first(&doc), imported));

        let revision = doc.revision();
        assert!(doc.undo(&c));
        assert!(std::ptr::eq(first(&doc), opened), "the opened design's own");
        assert_ne!(doc.revision(), revision, "a new revision for views");
        assert!(doc.redo(&c));
        assert!(std::ptr::eq(first(&doc), imported));
        assert!(doc.undo(&c));
        assert!(std::ptr::eq(first(&doc), opened));
        assert!(doc.set_aside.is_some());

        // An edit here drops the Redo, and with it the imported design's.
        doc.apply(&c, Change::RemoveLink { index: 0 }, None);
        assert!(doc.set_aside.is_none());
        assert!(!doc.can_redo());
    }

    /// Opened, a design over shared parts keeps no link's expansion; what
    /// is shown, judged, listed and handed on is what the kept expansion gives.
    #[test]
    fn a_design_over_shared_parts_is_judged_and_shown_as_expanded() {
        let c = catalog();
        let path = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/examples/shared-row.ron"
        ));
        let kept = design_file::load(path, &c).unwrap_or_else(|e| panic!("{e}"));
        let read = std::sync::atomic::AtomicU64::new(0);
        let mut doc = Document::open_reporting(path, &c, &read).unwrap_or_else(|e| panic!("{e}"));
        let lean = |d: &Document| {
            (d.results.iter()).all(|r| r.resolved().is_some_and(|r| r.expanded.is_none()))
        };
        assert!(lean(&doc));
        // Lean however it was loaded (`open` loads with every expansion).
        assert!(lean(
            &Document::open(path, &c).unwrap_or_else(|e| panic!("{e}"))
        ));
        assert!(
            kept.resolved
                .iter()
                .filter(|r| r.expanded.is_some())
                .count()
                >= 5
        );
        assert_eq!(doc.resolved_links().as_ref(), Some(&kept.resolved));
        for (i, (link, r)) in kept.design.links.iter().zip(&kept.resolved).enumerate() {
            assert_eq!(
                doc.results[i].verdict(),
                Some(&verdict(&c, link, r)),
                "{}",
                link.id
            );
            let method = mpo_budget_core::analysis::polarity::tia_method(&r.channel(link).path);
            assert_eq!(
                doc.results[i].method(link),
                method.map(TiaMethod::name),
                "{}",
                link.id
            );
            assert_eq!(doc.resolved(i).as_deref(), Some(r), "{}", link.id);
            doc.show(i, &c);
            let (shown_r, shown) = doc.shown(i).unwrap_or_else(|| panic!("{} shown", link.id));
            assert_eq!((shown_r, shown), (r, &analyze(&c, link, r)), "{}", link.id);
            assert_eq!(doc.resolved(i).as_deref(), Some(r), "{}", link.id);
        }
        // An edit judges the link again, expanded, and keeps it lean.
        let mut link = Link::clone(&doc.design.links[0]);
        if let Some(Element::Cable(cable)) = link.path.first_mut() {
            cable.length_m = LengthM::new(90.0).unwrap_or_default();
        }
        let change = Change::ReplaceLink {
            index: 0,
            after: link.clone(),
        };
        doc.apply(&c, change, None);
        let infra = doc.design.infra();
        let r = resolve_link_in(&c, &infra, &link).unwrap_or_else(|e| panic!("{}", e.message));
        assert!(r.expanded.is_some());
        let lean = doc.results[0]
            .resolved()
            .unwrap_or_else(|| panic!("resolved"));
        assert!(lean.expanded.is_none());
        let mut r = r;
        r.infra_problems = lean.infra_problems.clone();
        assert_eq!(doc.results[0].verdict(), Some(&verdict(&c, &link, &r)));
    }

    /// `links` SR4 links over `links / 20` trunks, each between its two
    /// adapter panels, beside a cassette panel per trunk.
    fn hall(links: usize) -> Design {
        let trunks = links / 20;
        let mut t = String::from("Design(format: 2, name: \"hall\", trunks: [");
        for k in 0..trunks {
            t += &format!(
                "Trunk(id: \"T{k}\", from: \"A{k}\", to: \"B{k}\", length_m: 40.0, legs: 24, fibers: 12, polarity: B, ends: (Male, Male), grade: \"mtp-elite\"),"
            );
        }
        t += "], panels: [";
        for k in 0..trunks {
            t += &format!(
                "Panel(id: \"A{k}\", ports: 24), Panel(id: \"B{k}\", ports: 24), Panel(id: \"C{k}\", cassettes: [(slot: 1, kind: \"tia-a\")]),"
            );
        }
        t += "], links: [";
        let cord = "Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: \"mtp-elite\")";
        for n in 0..links {
            let (k, leg) = (n / 20, 1 + n % 20);
            t += &format!(
                "Link(id: \"L{n}\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{cord}, PanelPort(panel: \"A{k}\", port: {leg}), TrunkLeg(trunk: \"T{k}\", leg: {leg}), PanelPort(panel: \"B{k}\", port: {leg}), {cord}]),"
            );
        }
        t += "])";
        design_file::parse("hall.ron", &t, &catalog())
            .unwrap_or_else(|e| panic!("{e}"))
            .design
    }

    /// After every edit, each link's shared-part problems and verdict are
    /// those a check of the whole design gives: over 200 random edits of a
    /// 3,000-link hall (ports, legs and trunks moved onto others' and off
    /// them, cassette ports taken, links added, copied and removed, links
    /// made unresolvable and mended), the edits worked out over the links
    /// around them.
    #[test]
    fn an_edit_over_shared_parts_is_checked_as_the_whole_design_is() {
        use mpo_budget_core::model::infra::{CassettePort, PanelPort, TrunkLeg};
        let c = catalog();
        let mut doc = Document::new(hall(3_000), None, &c);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut below = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let (mut problems_seen, mut checked_around) = (0, 0);
        for round in 0..200 {
            let n = doc.design.links.len();
            let i = below(n);
            let t = below(3_000 / 20 / 10); // edits crowd the first trunks
            let change = match below(11) {
                // The parts reordered: where each is changes.
                10 => Change::ReplaceInfra {
                    trunks: doc.design.trunks.iter().rev().cloned().collect(),
                    panels: doc.design.panels.iter().rev().cloned().collect(),
                },
                0 => Change::InsertLink {
                    index: below(n + 1),
                    link: Link::clone(&doc.design.links[below(n)]),
                },
                1 => Change::RemoveLink { index: i },
                _ => {
                    let mut link = Link::clone(&doc.design.links[i]);
                    let port = 1 + below(24) as u32;
                    match below(6) {
                        0 => {
                            link.path[1] = Element::PanelPort(PanelPort {
                                panel: format!("A{t}"),
                                port,
                            })
                        }
                        1 => {
                            link.path[2] = Element::TrunkLeg(TrunkLeg {
                                trunk: format!("T{t}"),
                                leg: 1 + below(24) as u8,
                            })
                        }
                        2 => {
                            link.path[3] = Element::PanelPort(PanelPort {
                                panel: format!("B{t}"),
                                port,
                            })
                        }
                        3 => {
                            link.path[3] = Element::CassettePort(CassettePort {
                                panel: format!("C{t}"),
                                slot: 1,
                                port: 1 + below(6) as u8,
                            })
                        }
                        4 => {
                            // Unresolvable, then mended by a later edit of it.
                            if let Element::Cable(cable) = &mut link.path[0] {
                                cable.grade = if cable.grade == "no-such-grade" {
                                    "mtp-elite".into()
                                } else {
                                    "no-such-grade".into()
                                };
                            }
                        }
                        _ => {
                            link.path[1] = Element::PanelPort(PanelPort {
                                panel: format!("A{t}"),
                                port,
                            });
                            link.path[2] = Element::TrunkLeg(TrunkLeg {
                                trunk: format!("T{t}"),
                                leg: port as u8,
                            });
                            link.path[3] = Element::PanelPort(PanelPort {
                                panel: format!("B{t}"),
                                port,
                            });
                        }
                    }
                    Change::ReplaceLink {
                        index: i,
                        after: link,
                    }
                }
            };
            // The summary worked out before, so that the edit carries it.
            let _ = doc.summary();
            doc.apply(&c, change, None);
            if below(8) == 0 {
                let _ = doc.summary();
                doc.undo(&c);
            }
            let whole = Document::new((*doc.design).clone(), None, &c);
            assert_eq!(doc.summary(), whole.summary(), "round {round}");
            assert_eq!(doc.results.len(), whole.results.len());
            for (k, (a, b)) in doc.results.iter().zip(&whole.results).enumerate() {
                let problems = |r: &LinkResult| r.resolved().map(|r| r.infra_problems.clone());
                assert_eq!(problems(a), problems(b), "round {round}, link {k}");
                assert_eq!(a.verdict(), b.verdict(), "round {round}, link {k}");
                problems_seen += problems(a).map_or(0, |p| p.len());
            }
            let near = doc
                .results
                .iter()
                .filter(|r| r.resolved().is_none_or(|r| !r.infra_problems.is_empty()))
                .count();
            checked_around += usize::from(near < doc.design.links.len() / 8);
        }
        // Conflicts were made, and most edits were checked around the link.
        assert!(problems_seen > 1_000, "{problems_seen}");
        assert!(checked_around > 170, "{checked_around}");
    }

    /// The index made on every core lists, around any link, what one made
    /// link by link lists, and that is every link sharing a panel or trunk
    /// with it, with the troubled links.
    #[test]
    fn the_neighbours_made_on_every_core_are_every_user_of_a_link_s_parts() {
        let design = hall(10_000);
        let troubled = |n: usize| n.is_multiple_of(997);
        let all = Neighbours::of(&design, troubled);
        let none = Design {
            links: Vec::new(),
            ..design.clone()
        };
        let mut one_by_one = Neighbours::of(&none, |_| false);
        for (n, link) in design.links.iter().enumerate() {
            one_by_one.add_uses(n, link);
            one_by_one.set_troubled(n, troubled(n));
        }
        let parts = |l: &Link| -> Vec<String> {
            (l.path.iter())
                .filter_map(|e| e.panel().map(|p| format!("panel {p}")))
                .chain(
                    l.path
                        .iter()
                        .filter_map(|e| e.trunk().map(|t| format!("trunk {t}"))),
                )
                .collect()
        };
        let every: Vec<Vec<String>> = design.links.iter().map(|l| parts(l)).collect();
        for i in (0..design.links.len()).step_by(37) {
            let edited = Some((i, &*design.links[i]));
            let want: Vec<usize> = (0..design.links.len())
                .filter(|&m| m == i || troubled(m) || every[m].iter().any(|p| every[i].contains(p)))
                .collect();
            assert_eq!(all.around(edited), want, "link {i}");
            assert_eq!(one_by_one.around(edited), want, "link {i}");
        }
    }

    /// A link moved onto free parts, then another link moved onto one of
    /// them: the first link's conflict is found, because the index lists a
    /// link's new parts when it is edited.
    #[test]
    fn a_link_moved_onto_free_parts_is_found_by_a_later_edit_there() {
        use mpo_budget_core::model::infra::{PanelPort, TrunkLeg};
        let c = catalog();
        let mut doc = Document::new(hall(200), None, &c);
        let port = |panel: &str| {
            Element::PanelPort(PanelPort {
                panel: panel.into(),
                port: 21,
            })
        };
        let mut moved = Link::clone(&doc.design.links[0]);
        moved.path[1] = port("A1");
        moved.path[2] = Element::TrunkLeg(TrunkLeg {
            trunk: "T1".into(),
            leg: 21,
        });
        moved.path[3] = port("B1");
        let change = Change::ReplaceLink {
            index: 0,
            after: moved,
        };
        doc.apply(&c, change, None);
        let mut other = Link::clone(&doc.design.links[25]);
        other.path[1] = port("A1");
        let change = Change::ReplaceLink {
            index: 25,
            after: other,
        };
        doc.apply(&c, change, None);
        let whole = Document::new((*doc.design).clone(), None, &c);
        let problems =
            |d: &Document, i: usize| d.results[i].resolved().map(|r| r.infra_problems.clone());
        for i in [0, 25] {
            assert!(
                problems(&whole, i).is_some_and(|p| !p.is_empty()),
                "link {i} conflicts"
            );
            assert_eq!(problems(&doc, i), problems(&whole, i), "link {i}");
        }
    }

    fn analysed_worst(doc: &Document, c: &Catalog, i: usize) -> f64 {
        let link = &doc.design.links[i];
        let r = mpo_budget_core::analysis::resolve::resolve_link(c, link)
            .unwrap_or_else(|e| panic!("{}", e.message));
        analyze(c, link, &r).budget.totals.worst_case_loss_db
    }

    /// A million results are boxed one by one: at 200 bytes each took the
    /// allocator's 224-byte class, 24 MB more at a million links (the TIA
    /// method was a 16-byte name before it was a one-byte `TiaMethod`).
    #[test]
    fn a_result_fits_its_size_class() {
        assert!(std::mem::size_of::<LinkResult>() <= 192);
    }

    /// The first "stem-n" from 2 no link has, as the name a copy gets; ids
    /// only like it ("L1-03", "L1-+3", "L1-x") take no number.
    #[test]
    fn a_copy_gets_the_first_free_number() {
        let c = catalog();
        let mut design = mpo_budget_core::model::synthetic::synthetic_design(&c, 7, 3);
        for (link, id) in design
            .links
            .iter_mut()
            .zip(["L1", "L1-2", "L1-4", "L1-03", "L1-+3", "L1-x", "L10"])
        {
            link.id = id.to_owned();
        }
        let mut doc = Document::new(design, None, &c);
        assert_eq!(doc.unused_link_id("L1"), "L1-3");
        assert_eq!(doc.unused_link_id("L2"), "L2");
        assert_eq!(doc.unused_link_id("L10"), "L10-2");
        let copy = |doc: &Document, id: String| {
            let mut l = Link::clone(&doc.design.links[0]);
            l.id = id;
            l
        };
        for expected in ["L1-3", "L1-5", "L1-6"] {
            let id = doc.unused_link_id("L1");
            assert_eq!(id, expected);
            let link = copy(&doc, id);
            doc.apply(&c, Change::InsertLink { index: 1, link }, None);
        }
        // The ids follow undo, redo, removals and renames.
        assert!(doc.undo(&c));
        assert_eq!(doc.unused_link_id("L1"), "L1-6");
        assert!(doc.redo(&c));
        assert_eq!(doc.unused_link_id("L1"), "L1-7");
        let at = |doc: &Document, id: &str| doc.design.links.iter().position(|l| l.id == id);
        let index = at(&doc, "L1-2").expect("there");
        doc.apply(&c, Change::RemoveLink { index }, None);
        assert_eq!(doc.unused_link_id("L1"), "L1-2");
        assert!(!doc.has_link_id("L1-2"));
        let index = at(&doc, "L1-4").expect("there");
        let renamed = copy(&doc, "L1-2".to_owned());
        doc.apply(
            &c,
            Change::ReplaceLink {
                index,
                after: renamed,
            },
            None,
        );
        assert_eq!(doc.unused_link_id("L1"), "L1-4");
        assert!(doc.has_link_id("L1-2") && !doc.has_link_id("L1-4"));
        assert!(doc.undo(&c));
        assert_eq!(doc.unused_link_id("L1"), "L1-2");
        // A batch may move any number of ids: they are read again.
        let batch = Change::Batch(vec![
            Change::RemoveLink { index: 0 },
            Change::InsertLink {
                index: 0,
                link: copy(&doc, "L1-2".to_owned()),
            },
        ]);
        doc.apply(&c, batch, None);
        assert!(doc.has_link_id("L1-2") && !doc.has_link_id("L1"));
        assert_eq!(doc.unused_link_id("L1"), "L1");
    }

    #[test]
    fn the_link_on_show_follows_edits_undo_inserts_and_removals() {
        let c = catalog();
        let design = mpo_budget_core::model::synthetic::synthetic_design(&c, 5, 3);
        let mut doc = Document::new(design, None, &c);
        assert_eq!(
            shown_worst(&doc, 2),
            None,
            "nothing analysed before it is shown"
        );
        doc.show(2, &c);
        assert_eq!(shown_worst(&doc, 2), Some(analysed_worst(&doc, &c, 2)));
        assert_eq!(shown_worst(&doc, 1), None);

        // Lengthen its first cable by 100 m: the analysis on show is redone.
        let mut after = Link::clone(&doc.design.links[2]);
        if let Some(Element::Cable(cable)) = after.path.first_mut() {
            cable.length_m = LengthM::new(cable.length_m.get() + 100.0).unwrap_or(cable.length_m);
        }
        let old = analysed_worst(&doc, &c, 2);
        doc.apply(&c, Change::ReplaceLink { index: 2, after }, None);
        let new = analysed_worst(&doc, &c, 2);
        assert!(new > old);
        assert_eq!(shown_worst(&doc, 2), Some(new));
        assert_eq!(
            doc.results[2]
                .verdict()
                .map(|v| v.budget.worst_case_loss_db),
            Some(new)
        );
        assert!(doc.undo(&c));
        assert_eq!(shown_worst(&doc, 2), Some(old));

        // A link removed before it moves the one on show up; one inserted moves it back.
        doc.apply(&c, Change::RemoveLink { index: 0 }, None);
        assert_eq!(shown_worst(&doc, 1), Some(old));
        assert!(doc.undo(&c));
        assert_eq!(shown_worst(&doc, 2), Some(old));

        // Removing the link on show leaves nothing on show.
        doc.apply(&c, Change::RemoveLink { index: 2 }, None);
        assert!((0..doc.design.links.len()).all(|i| doc.shown(i).is_none()));
    }

    /// After each edit of one link, the summary carried over from the one
    /// before is the one worked out over every link: the worst link made
    /// better and worse, another made the worst, a tie with the worst, a
    /// link made unresolvable and back, passing links made to fail.
    #[test]
    fn a_summary_carried_over_an_edit_is_the_one_worked_out_anew() {
        let c = catalog();
        let design = mpo_budget_core::model::synthetic::synthetic_design(&c, 60, 5);
        let mut doc = Document::new(design, None, &c);
        let lengthen = |doc: &Document, i: usize, by: f64| {
            let mut after = Link::clone(&doc.design.links[i]);
            if let Some(Element::Cable(cable)) = after.path.get_mut(2) {
                cable.length_m =
                    LengthM::new((cable.length_m.get() + by).max(0.0)).unwrap_or(cable.length_m);
            }
            after
        };
        let mut carried = 0;
        for step in 0..120 {
            let worst = doc.summary().worst_margin.map_or(0, |(_, i)| i);
            let i = match step % 4 {
                0 | 1 => worst,
                _ => (step * 7) % doc.design.links.len(),
            };
            let after = match step % 6 {
                0 => lengthen(&doc, i, -30.0),
                1 | 2 => lengthen(&doc, i, 40.0),
                3 => {
                    let mut l = Link::clone(&doc.design.links[i]);
                    l.fiber = if step % 12 == 3 {
                        "no-such-fiber".into()
                    } else {
                        "OM4".into()
                    };
                    l
                }
                4 => {
                    // A copy of the worst link's path: a tie with it.
                    let mut l = Link::clone(&doc.design.links[worst]);
                    l.id = doc.design.links[i].id.clone();
                    l
                }
                _ => lengthen(&doc, i, 5.0),
            };
            let change = match step % 10 {
                // A copy of the worst link inserted before or after it; a
                // link removed (the worst, or another).
                7 => Change::InsertLink {
                    index: if step % 20 == 7 {
                        worst
                    } else {
                        (worst + 1).min(doc.design.links.len())
                    },
                    link: {
                        let mut l = Link::clone(&doc.design.links[worst]);
                        l.id = format!("copy-{step}");
                        l
                    },
                },
                8 => Change::InsertLink {
                    index: i,
                    link: {
                        let mut l = after.clone();
                        l.id = format!("new-{step}");
                        l
                    },
                },
                9 if doc.design.links.len() > 20 => Change::RemoveLink {
                    index: if step % 20 == 9 { worst } else { i },
                },
                _ => Change::ReplaceLink { index: i, after },
            };
            doc.apply(&c, change, None);
            if doc.derived.summary.get().is_some() {
                carried += 1;
            }
            let summary = doc.summary();
            assert_eq!(summary, doc.tally().0, "step {step}, link {i}");
        }
        // Most were carried over; some (the worst made better) were not.
        assert!((60..120).contains(&carried), "{carried}");
    }

    /// Two panels may each send a change to the same link in one frame, each
    /// made from the link as the frame began: undo must walk back through both.
    #[test]
    fn two_changes_to_one_link_in_one_frame_undo_to_the_original() {
        let c = catalog();
        let design = mpo_budget_core::model::synthetic::synthetic_design(&c, 3, 3);
        let mut doc = Document::new(design, None, &c);
        let original = Link::clone(&doc.design.links[1]);
        let mut renamed = original.clone();
        renamed.id = "renamed".into();
        let mut counted = Link::clone(&doc.design.links[1]);
        counted.count += 5;
        doc.apply(
            &c,
            Change::ReplaceLink {
                index: 1,
                after: renamed.clone(),
            },
            None,
        );
        doc.apply(
            &c,
            Change::ReplaceLink {
                index: 1,
                after: counted.clone(),
            },
            None,
        );
        assert_eq!(*doc.design.links[1], counted);
        assert!(doc.undo(&c));
        assert_eq!(*doc.design.links[1], renamed, "the first change is back");
        assert!(doc.undo(&c));
        assert_eq!(*doc.design.links[1], original, "the original is back");
        assert!(!doc.is_modified());
        assert!(doc.redo(&c) && doc.redo(&c));
        assert_eq!(*doc.design.links[1], counted);
    }

    /// The summary is worked out once per revision, and again after each
    /// edit, undo and catalog change (never a stale count in the status bar).
    #[test]
    fn the_summary_follows_every_change_of_the_results() {
        let c = catalog();
        let design = mpo_budget_core::model::synthetic::synthetic_design(&c, 40, 8);
        let mut doc = Document::new(design, None, &c);
        // Worked out with the judging, not left to the first frame.
        assert_eq!(doc.derived.summary.get(), Some(&doc.tally().0));
        assert_eq!(doc.derived.passes.get(), Some(&doc.tally().1));
        let first = doc.summary();
        assert_eq!(first, doc.tally().0);
        let passing = first.passing;
        assert!(passing > 0 && passing < 40, "{first:?}");
        let revision = doc.revision();
        // A passing link made far too long fails it.
        let i = doc
            .results
            .iter()
            .position(|r| r.pass())
            .expect("a link passes");
        let mut longer = Link::clone(&doc.design.links[i]);
        if let Some(mpo_budget_core::model::Element::Cable(cable)) = longer.path.first_mut() {
            cable.length_m =
                mpo_budget_core::model::units::LengthM::new(5_000.0).expect("a length");
        }
        doc.apply(
            &c,
            Change::ReplaceLink {
                index: i,
                after: longer,
            },
            None,
        );
        assert_ne!(doc.revision(), revision);
        assert_eq!(doc.summary().passing, passing - 1);
        assert_eq!(doc.summary(), doc.tally().0);
        assert!(doc.undo(&c));
        assert_eq!(doc.summary(), first);
        let before = doc.revision();
        doc.recompute_all(&c);
        assert_ne!(doc.revision(), before);
        assert_eq!(doc.derived.summary.get(), Some(&first));
        assert_eq!(doc.derived.passes.get(), Some(&doc.tally().1));
    }

    #[test]
    fn the_id_filter_finds_each_link_once_and_never_across_two_ids() {
        let c = catalog();
        let mut design = mpo_budget_core::model::synthetic::synthetic_design(&c, 5, 1);
        for (link, id) in design
            .links
            .iter_mut()
            .zip(["Ab", "xab", "AB-ab", "zz", "Ärger-AB"])
        {
            link.id = id.to_owned();
        }
        let ids = LowercaseIds::of(&design);
        assert_eq!(ids.containing("ab"), vec![0, 1, 2, 4]);
        assert_eq!(
            ids.containing("bx"),
            Vec::<usize>::new(),
            "\"Ab\" then \"xab\""
        );
        assert_eq!(ids.containing("är"), vec![4]);
        assert_eq!(ids.containing("zz"), vec![3]);
    }
}

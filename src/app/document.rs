//! The open design: its file, its undo history and its results, recomputed
//! only for what an edit changed.

use std::path::{Path, PathBuf};

use super::history::{Changed, Edit, History, MergeKey};
use crate::analysis::{LinkAnalysis, analyze};
use crate::budget::LinkBudget;
use crate::catalog::Catalog;
use crate::design_file::{self, LoadedDesign};
use crate::error::{InputError, SaveError};
use crate::model::{Design, Link};
use crate::resolve::{ResolvedLink, resolve_link};

pub struct Document {
    pub design: Design,
    /// `None` until saved (a new design, or the built-in example).
    pub path: Option<PathBuf>,
    history: History,
    saved_state: u64,
    /// One entry per link, in design order.
    pub results: Vec<LinkResult>,
}

/// A link's results: its budget and polarity, or why they could not be computed.
pub enum LinkResult {
    Analysed {
        resolved: ResolvedLink,
        analysis: Box<LinkAnalysis>,
    },
    Unresolved(String),
}

impl LinkResult {
    fn compute(catalog: &Catalog, link: &Link) -> Self {
        match resolve_link(catalog, link) {
            Ok(resolved) => Self::analysed(catalog, link, resolved),
            Err(u) => LinkResult::Unresolved(format!("{}: {}", u.field, u.message)),
        }
    }

    fn analysed(catalog: &Catalog, link: &Link, resolved: ResolvedLink) -> Self {
        let analysis = Box::new(analyze(catalog, link, &resolved));
        LinkResult::Analysed { resolved, analysis }
    }

    pub fn analysis(&self) -> Option<&LinkAnalysis> {
        match self {
            LinkResult::Analysed { analysis, .. } => Some(analysis),
            LinkResult::Unresolved(_) => None,
        }
    }

    pub fn budget(&self) -> Option<&LinkBudget> {
        self.analysis().map(|a| &a.budget)
    }

    /// Loss, reach, polarity and every mate right.
    pub fn pass(&self) -> bool {
        self.analysis().is_some_and(LinkAnalysis::pass)
    }
}

/// Design-wide figures for the summary.
pub struct Summary {
    pub links: usize,
    pub passing: usize,
    /// The smallest margin and the link it belongs to.
    pub worst_margin: Option<(f64, usize)>,
}

impl Document {
    pub fn new(design: Design, path: Option<PathBuf>, catalog: &Catalog) -> Self {
        let results = design
            .links
            .iter()
            .map(|l| LinkResult::compute(catalog, l))
            .collect();
        Self {
            design,
            path,
            history: History::default(),
            saved_state: 0,
            results,
        }
    }

    pub fn from_loaded(loaded: LoadedDesign, path: PathBuf, catalog: &Catalog) -> Self {
        let LoadedDesign { design, resolved } = loaded;
        let results = design
            .links
            .iter()
            .zip(resolved)
            .map(|(l, resolved)| LinkResult::analysed(catalog, l, resolved))
            .collect();
        Self {
            design,
            path: Some(path),
            history: History::default(),
            saved_state: 0,
            results,
        }
    }

    pub fn open(path: &Path, catalog: &Catalog) -> Result<Self, InputError> {
        design_file::load(path, catalog).map(|l| Self::from_loaded(l, path.to_owned(), catalog))
    }

    pub fn save_to(&mut self, path: &Path) -> Result<(), SaveError> {
        design_file::save(path, &self.design)?;
        self.path = Some(path.to_owned());
        self.history.seal();
        self.saved_state = self.history.state_id();
        Ok(())
    }

    /// Every link's resolution, or `None` if some link cannot be resolved.
    pub fn resolved_links(&self) -> Option<Vec<ResolvedLink>> {
        self.results
            .iter()
            .map(|r| match r {
                LinkResult::Analysed { resolved, .. } => Some(resolved.clone()),
                LinkResult::Unresolved(_) => None,
            })
            .collect()
    }

    /// Marks the design as holding changes no file has (restored work).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    pub fn is_modified(&self) -> bool {
        self.history.state_id() != self.saved_state
    }

    pub fn apply(&mut self, catalog: &Catalog, edit: Edit, merge: Option<MergeKey>) {
        let changed = edit.apply(&mut self.design);
        self.refresh(catalog, changed);
        self.history.push(edit, merge);
    }

    pub fn undo(&mut self, catalog: &Catalog) -> bool {
        self.history.seal();
        let Some(edit) = self.history.undo() else {
            return false;
        };
        let changed = edit.apply(&mut self.design);
        self.refresh(catalog, changed);
        true
    }

    pub fn redo(&mut self, catalog: &Catalog) -> bool {
        let Some(edit) = self.history.redo() else {
            return false;
        };
        let changed = edit.apply(&mut self.design);
        self.refresh(catalog, changed);
        true
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
        self.results = self
            .design
            .links
            .iter()
            .map(|l| LinkResult::compute(catalog, l))
            .collect();
    }

    fn refresh(&mut self, catalog: &Catalog, changed: Changed) {
        match changed {
            Changed::Link(i) => {
                if let (Some(r), Some(l)) = (self.results.get_mut(i), self.design.links.get(i)) {
                    *r = LinkResult::compute(catalog, l);
                }
            }
            Changed::Inserted(i) => {
                if let Some(l) = self.design.links.get(i) {
                    self.results
                        .insert(i.min(self.results.len()), LinkResult::compute(catalog, l));
                }
            }
            Changed::Removed(i) => {
                if i < self.results.len() {
                    self.results.remove(i);
                }
            }
            Changed::Name => {}
            Changed::All => self.recompute_all(catalog),
        }
    }

    pub fn summary(&self) -> Summary {
        let mut worst: Option<(f64, usize)> = None;
        for (i, r) in self.results.iter().enumerate() {
            if let Some(m) = r.budget().and_then(|b| b.margin_db)
                && worst.is_none_or(|(w, _)| m < w)
            {
                worst = Some((m, i));
            }
        }
        Summary {
            links: self.results.len(),
            passing: self.results.iter().filter(|r| r.pass()).count(),
            worst_margin: worst,
        }
    }

    /// "name.ron" or "Untitled", for the window title.
    pub fn title_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || format!("{} (not saved)", self.design.name),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// An id no link has yet, from a stem: "L1" → "L1-2".
    pub fn unused_link_id(&self, stem: &str) -> String {
        let taken = |id: &str| self.design.links.iter().any(|l| l.id == id);
        if !taken(stem) {
            return stem.to_owned();
        }
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or_else(|| stem.to_owned())
    }
}

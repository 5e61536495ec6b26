//! Undo and redo. The view asks for a [`Change`] (what the design should
//! become); the document turns it into an [`Edit`] by reading what is there
//! now, so the edit knows its inverse and can never hold a stale `before`.

use mpo_budget_core::model::infra::{Panel, Trunk};
use mpo_budget_core::model::{Design, Link};

/// A change the view asks for: only the new state, never the old one.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    ReplaceLink {
        index: usize,
        after: Link,
    },
    InsertLink {
        index: usize,
        link: Link,
    },
    RemoveLink {
        index: usize,
    },
    RenameDesign {
        after: String,
    },
    /// The design's shared trunks and panels, as a whole.
    ReplaceInfra {
        trunks: Vec<Trunk>,
        panels: Vec<Panel>,
    },
    /// The whole design (an imported link schedule's plan).
    ReplaceDesign {
        after: Box<Design>,
    },
    /// Several changes as one undo step, each made on the design the previous left.
    Batch(Vec<Change>),
}

impl Change {
    /// Makes the change on `design` and returns the edit that records it (with
    /// what it replaced, read from `design` now), or `None` where it names
    /// nothing that exists.
    pub fn make(self, design: &mut Design) -> Option<(Edit, Changed)> {
        let edit = match self {
            Change::ReplaceLink { index, after } => Edit::ReplaceLink {
                index,
                before: Link::clone(design.links.get(index)?),
                after,
            },
            Change::InsertLink { index, link } => Edit::InsertLink {
                index: index.min(design.links.len()),
                link,
            },
            Change::RemoveLink { index } => Edit::RemoveLink {
                index,
                link: Link::clone(design.links.get(index)?),
            },
            Change::RenameDesign { after } => Edit::RenameDesign {
                before: design.name.clone(),
                after,
            },
            Change::ReplaceInfra { trunks, panels } => Edit::ReplaceInfra {
                before: (design.trunks.clone(), design.panels.clone()),
                after: (trunks, panels),
            },
            // Swapped in: the edit then holds the design it replaced.
            Change::ReplaceDesign { after } => Edit::ReplaceDesign { other: after },
            Change::Batch(changes) => {
                let edits: Vec<Edit> = changes
                    .into_iter()
                    .filter_map(|c| c.make(design).map(|(e, _)| e))
                    .collect();
                return (!edits.is_empty()).then_some((Edit::Batch(edits), Changed::All));
            }
        };
        let mut edit = edit;
        let changed = edit.apply(design);
        Some((edit, changed))
    }
}

// Not `Clone`: a replaced design it holds is never copied by accident.
#[derive(Debug, PartialEq)]
pub enum Edit {
    ReplaceLink {
        index: usize,
        before: Link,
        after: Link,
    },
    InsertLink {
        index: usize,
        link: Link,
    },
    RemoveLink {
        index: usize,
        link: Link,
    },
    RenameDesign {
        before: String,
        after: String,
    },
    ReplaceInfra {
        before: (Vec<Trunk>, Vec<Panel>),
        after: (Vec<Trunk>, Vec<Panel>),
    },
    /// The whole design swapped with `other`, which holds the design that
    /// is not showing: applying and undoing both swap, so a million links
    /// are never copied (a copy for each side took two more designs' memory).
    ReplaceDesign {
        other: Box<Design>,
    },
    /// Several edits as one undo step (applied in order, undone in reverse).
    Batch(Vec<Edit>),
}

/// What an edit touched, so only that is recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Link(usize),
    Inserted(usize),
    Removed(usize),
    Name,
    /// More than one thing: recompute everything.
    All,
}

impl Edit {
    pub fn apply(&mut self, design: &mut Design) -> Changed {
        match self {
            Edit::ReplaceLink { index, after, .. } => {
                if let Some(l) = design.links.get_mut(*index) {
                    l.as_mut().clone_from(after);
                }
                Changed::Link(*index)
            }
            Edit::InsertLink { index, link } => {
                let i = (*index).min(design.links.len());
                design.links.insert(i, Box::new(link.clone()));
                Changed::Inserted(i)
            }
            Edit::RemoveLink { index, .. } => {
                if *index < design.links.len() {
                    design.links.remove(*index);
                }
                Changed::Removed(*index)
            }
            Edit::RenameDesign { after, .. } => {
                design.name.clone_from(after);
                Changed::Name
            }
            // Every link through a shared part may judge differently.
            Edit::ReplaceInfra { after, .. } => {
                design.trunks.clone_from(&after.0);
                design.panels.clone_from(&after.1);
                Changed::All
            }
            Edit::ReplaceDesign { other } => {
                std::mem::swap(design, other);
                Changed::All
            }
            Edit::Batch(edits) => {
                for e in edits {
                    e.apply(design);
                }
                Changed::All
            }
        }
    }

    /// The link ids it takes out of the design and puts in (the other way
    /// round when `undone`); `None` where it may change any number of them.
    pub fn ids_moved(&self, undone: bool) -> Option<(Option<&str>, Option<&str>)> {
        let (gone, added) = match self {
            Edit::ReplaceLink { before, after, .. } => {
                (Some(before.id.as_str()), Some(after.id.as_str()))
            }
            Edit::InsertLink { link, .. } => (None, Some(link.id.as_str())),
            Edit::RemoveLink { link, .. } => (Some(link.id.as_str()), None),
            Edit::RenameDesign { .. } | Edit::ReplaceInfra { .. } => (None, None),
            Edit::ReplaceDesign { .. } | Edit::Batch(_) => return None,
        };
        Some(if undone { (added, gone) } else { (gone, added) })
    }

    /// Takes the edit back on `design` (which it was applied to last).
    pub fn undo(&mut self, design: &mut Design) -> Changed {
        match self {
            Edit::ReplaceLink { index, before, .. } => {
                if let Some(l) = design.links.get_mut(*index) {
                    l.as_mut().clone_from(before);
                }
                Changed::Link(*index)
            }
            Edit::InsertLink { index, .. } => {
                let i = (*index).min(design.links.len());
                if i < design.links.len() {
                    design.links.remove(i);
                }
                Changed::Removed(i)
            }
            Edit::RemoveLink { index, link } => {
                let i = (*index).min(design.links.len());
                design.links.insert(i, Box::new(link.clone()));
                Changed::Inserted(i)
            }
            Edit::RenameDesign { before, .. } => {
                design.name.clone_from(before);
                Changed::Name
            }
            Edit::ReplaceInfra { before, .. } => {
                design.trunks.clone_from(&before.0);
                design.panels.clone_from(&before.1);
                Changed::All
            }
            Edit::ReplaceDesign { other } => {
                std::mem::swap(design, other);
                Changed::All
            }
            Edit::Batch(edits) => {
                for e in edits.iter_mut().rev() {
                    e.undo(design);
                }
                Changed::All
            }
        }
    }
}

/// A key that lets the steps of one gesture (a drag) merge into one undo step.
pub type MergeKey = u64;

#[derive(Debug, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    /// The state before the oldest step kept: 0 (the design as opened)
    /// until steps past [`DEPTH`] are dropped.
    oldest: u64,
}

/// A state id never given before, by any document's history: a state of one
/// design is never taken for a state of another (the recovery file, written
/// on its own thread, may finish after another design is opened).
fn new_state_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[derive(Debug)]
struct Step {
    id: u64,
    edit: Edit,
    merge: Option<MergeKey>,
}

/// How many edits undo reaches back.
const DEPTH: usize = 500;

impl History {
    /// Records an applied edit.
    pub fn push(&mut self, edit: Edit, merge: Option<MergeKey>) {
        self.undone.clear();
        if let Some(key) = merge
            && let Some(last) = self.done.last_mut()
            && last.merge == Some(key)
            && let Edit::ReplaceLink {
                index: i,
                after: last_after,
                ..
            } = &mut last.edit
            && let Edit::ReplaceLink {
                index: j, after, ..
            } = &edit
            && *i == *j
        {
            last_after.clone_from(after);
            last.id = new_state_id();
            return;
        }
        if let Some(key) = merge
            && let Some(last) = self.done.last_mut()
            && last.merge == Some(key)
            && let Edit::ReplaceInfra {
                after: last_after, ..
            } = &mut last.edit
            && let Edit::ReplaceInfra { after, .. } = &edit
        {
            last_after.clone_from(after);
            last.id = new_state_id();
            return;
        }
        self.done.push(Step {
            id: new_state_id(),
            edit,
            merge,
        });
        if self.done.len() > DEPTH {
            self.oldest = self.done.remove(0).id;
        }
    }

    /// Takes the last edit back on `design`, keeping it for redo.
    pub fn undo(&mut self, design: &mut Design) -> Option<Changed> {
        let mut step = self.done.pop()?;
        let changed = step.edit.undo(design);
        self.undone.push(step);
        Some(changed)
    }

    /// Makes the last undone edit again on `design`.
    pub fn redo(&mut self, design: &mut Design) -> Option<Changed> {
        let mut step = self.undone.pop()?;
        let changed = step.edit.apply(design);
        self.done.push(Step {
            merge: None,
            ..step
        });
        Some(changed)
    }

    /// The edit applied last (made, or redone).
    pub fn last_done(&self) -> Option<&Edit> {
        self.done.last().map(|s| &s.edit)
    }

    /// The edit undone last.
    pub fn last_undone(&self) -> Option<&Edit> {
        self.undone.last().map(|s| &s.edit)
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Identifies the design's current state: equal ids, equal designs.
    pub fn state_id(&self) -> u64 {
        // With every kept step undone, the design is as the oldest dropped
        // step left it, not as opened.
        self.done.last().map_or(self.oldest, |s| s.id)
    }

    /// Whether undoing or redoing can bring the design back to `state`.
    pub fn can_return_to(&self, state: u64) -> bool {
        state == self.oldest || (self.done.iter().chain(&self.undone)).any(|s| s.id == state)
    }

    /// Ends the current gesture, so the next edit is a step of its own.
    pub fn seal(&mut self) {
        if let Some(last) = self.done.last_mut() {
            last.merge = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design() -> Design {
        Design::default()
    }

    fn link(id: &str) -> Link {
        Link {
            id: id.into(),
            count: 1,
            transceiver: "t".into(),
            port: 1,
            far_transceiver: None,
            legs: Vec::new(),
            fiber: "f".into(),
            path: vec![],
            labels: None,
        }
    }

    /// Past the depth kept, undoing every step kept leaves the design as
    /// the oldest dropped step left it: its state is that step's, not the
    /// state of the design as opened (which a file saved then would have).
    #[test]
    fn past_the_depth_the_oldest_state_kept_is_not_the_opened_one() {
        let mut d = design();
        let mut h = History::default();
        for k in 0..=DEPTH {
            let mut e = Edit::InsertLink {
                index: k,
                link: link(&format!("l{k}")),
            };
            e.apply(&mut d);
            h.push(e, None);
        }
        let latest = h.state_id();
        while h.undo(&mut d).is_some() {}
        assert_eq!(d.links.len(), 1, "the first insertion cannot be undone");
        assert_ne!(h.state_id(), 0);
        assert!(h.can_return_to(h.state_id()));
        assert!(h.can_return_to(latest), "redo goes back to it");
        assert!(!h.can_return_to(0), "the design as opened is gone");
        // A new edit drops what could be redone.
        let mut e = Edit::InsertLink {
            index: 0,
            link: link("new"),
        };
        e.apply(&mut d);
        h.push(e, None);
        assert!(!h.can_return_to(latest));
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth() {
        let mut d = design();
        let mut h = History::default();
        let mut e = Edit::InsertLink {
            index: 0,
            link: link("a"),
        };
        e.apply(&mut d);
        h.push(e, None);
        let mut e = Edit::ReplaceLink {
            index: 0,
            before: link("a"),
            after: link("b"),
        };
        e.apply(&mut d);
        h.push(e, None);
        assert_eq!(d.links[0].id, "b");
        h.undo(&mut d);
        assert_eq!(d.links[0].id, "a");
        h.undo(&mut d);
        assert!(d.links.is_empty());
        assert_eq!(h.state_id(), 0);
        h.redo(&mut d);
        h.redo(&mut d);
        assert_eq!(d.links[0].id, "b");
        assert!(!h.can_redo());
    }

    #[test]
    fn one_drag_is_one_undo_step() {
        let mut d = design();
        d.links.push(Box::new(link("a")));
        let mut h = History::default();
        for name in ["a1", "a12", "a123"] {
            let before = Link::clone(&d.links[0]);
            let mut e = Edit::ReplaceLink {
                index: 0,
                before,
                after: link(name),
            };
            e.apply(&mut d);
            h.push(e, Some(7));
        }
        h.undo(&mut d);
        assert_eq!(d.links[0].id, "a");
        assert!(!h.can_undo());
    }

    #[test]
    fn state_ids_differ_after_an_undo_and_a_new_edit() {
        let mut d = design();
        let mut h = History::default();
        let mut e = Edit::InsertLink {
            index: 0,
            link: link("a"),
        };
        e.apply(&mut d);
        h.push(e, None);
        let saved = h.state_id();
        h.undo(&mut d);
        let mut e = Edit::InsertLink {
            index: 0,
            link: link("b"),
        };
        e.apply(&mut d);
        h.push(e, None);
        assert_ne!(h.state_id(), saved);
    }

    /// A whole design replaced (an imported schedule's plan), undone and
    /// redone: each side is the very design it was, never a copy (the
    /// links' storage is the same memory throughout).
    #[test]
    fn a_replaced_design_is_swapped_not_copied() {
        let mut d = design();
        d.links.push(Box::new(link("old")));
        let old_links = d.links.as_ptr();
        let mut planned = design();
        planned
            .links
            .extend([link("new1"), link("new2")].map(Box::new));
        let new_links = planned.links.as_ptr();
        let mut h = History::default();
        let (edit, changed) = Change::ReplaceDesign {
            after: Box::new(planned),
        }
        .make(&mut d)
        .expect("made");
        assert_eq!(changed, Changed::All);
        h.push(edit, None);
        assert_eq!(d.links.len(), 2);
        assert_eq!(d.links.as_ptr(), new_links);
        assert_eq!(h.undo(&mut d), Some(Changed::All));
        assert_eq!(d.links[0].id, "old");
        assert_eq!(d.links.as_ptr(), old_links);
        assert_eq!(h.redo(&mut d), Some(Changed::All));
        assert_eq!(d.links.as_ptr(), new_links);
        assert_eq!(d.links[1].id, "new2");
    }

    /// Two documents' histories never give the same edited state id: a
    /// recovery written for one design is never taken for another's state.
    #[test]
    fn state_ids_differ_between_histories() {
        let (mut a, mut b) = (History::default(), History::default());
        let (mut da, mut db) = (design(), design());
        for (h, d) in [(&mut a, &mut da), (&mut b, &mut db)] {
            let mut e = Edit::InsertLink {
                index: 0,
                link: link("x"),
            };
            e.apply(d);
            h.push(e, None);
        }
        assert_ne!(a.state_id(), 0);
        assert_ne!(a.state_id(), b.state_id());
    }
}

#[cfg(test)]
mod batch_tests {
    use super::*;

    #[test]
    fn a_batch_undoes_in_reverse_as_one_step() {
        let link = |id: &str| Link {
            id: id.into(),
            count: 1,
            transceiver: "t".into(),
            port: 1,
            far_transceiver: None,
            legs: Vec::new(),
            fiber: "f".into(),
            path: vec![],
            labels: None,
        };
        let mut d = Design {
            links: vec![Box::new(link("a")), Box::new(link("b"))],
            ..Design::default()
        };
        let mut h = History::default();
        let mut e = Edit::Batch(vec![
            Edit::ReplaceLink {
                index: 0,
                before: link("a"),
                after: link("a2"),
            },
            Edit::RemoveLink {
                index: 1,
                link: link("b"),
            },
        ]);
        e.apply(&mut d);
        h.push(e, None);
        assert_eq!(
            d.links.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["a2"]
        );
        h.undo(&mut d);
        assert_eq!(
            d.links.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }
}

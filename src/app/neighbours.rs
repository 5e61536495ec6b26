//! The links whose shared-part problems an edit can change, found without
//! reading every link: at a million links over shared trunks a pass over
//! every link's path took 50 ms an edit.
//!
//! After link `e` changed, a link's conflicts are either with `e` (it uses
//! a part `e` uses) or were there before (it had a problem, and so did the
//! other link). So the edited link, the users of its parts and the links
//! that had problems (or could not be resolved, and keep none to tell by)
//! hold every link whose problems can have changed and every link those
//! conflict with; any link more is checked and found unchanged. That is why
//! this index may list too many links, never too few: a link keeps its
//! place in the lists of parts it no longer uses, and two ids may share a
//! hash.

use std::collections::BTreeSet;
use std::hash::BuildHasher;

use mpo_budget_core::hash::{Hasher, Map};
use mpo_budget_core::model::limits::place;
use mpo_budget_core::model::{Design, Link};

pub struct Neighbours {
    /// The links using each panel and trunk, by a hash of its id and kind,
    /// each list ascending.
    users: Map<u64, Vec<u32>>,
    hasher: Hasher,
    /// The links that have shared-part problems or no resolution.
    troubled: BTreeSet<u32>,
}

impl Neighbours {
    /// Of every link of `design`, on every core (a million links took 0.1 s
    /// on one); `troubled(n)` tells whether link `n` has shared-part
    /// problems or no resolution.
    pub fn of(design: &Design, troubled: impl Fn(usize) -> bool + Sync) -> Self {
        let hasher = Hasher::default();
        let shares = mpo_budget_core::parallel::map_shares(&design.links, |start, share| {
            let mut users: Map<u64, Vec<u32>> = Map::default();
            let mut trouble = Vec::new();
            for (k, link) in share.iter().enumerate() {
                let n = place(start + k);
                for key in keys(&hasher, link) {
                    let list = users.entry(key).or_default();
                    // A link naming a part twice is listed once.
                    if list.last() != Some(&n) {
                        list.push(n);
                    }
                }
                if troubled(start + k) {
                    trouble.push(n);
                }
            }
            (users, trouble)
        });
        // Shares in link order: each list stays ascending.
        let mut shares = shares.into_iter();
        let (mut users, mut trouble) = shares.next().unwrap_or_default();
        for (more, more_trouble) in shares {
            for (key, list) in more {
                users.entry(key).or_default().extend(list);
            }
            trouble.extend(more_trouble);
        }
        Self {
            users,
            hasher,
            troubled: trouble.into_iter().collect(),
        }
    }

    /// The places of the links around an edit of the link at `edited` (or
    /// of a removal, `None`), ascending: see the module's note.
    pub fn around(&self, edited: Option<(usize, &Link)>) -> Vec<usize> {
        let mut near: BTreeSet<u32> = self.troubled.clone();
        if let Some((e, link)) = edited {
            near.insert(place(e));
            for key in keys(&self.hasher, link) {
                near.extend(self.users.get(&key).into_iter().flatten());
            }
        }
        near.into_iter().map(|n| n as usize).collect()
    }

    /// Link `n` (as it is now) uses its parts.
    pub fn add_uses(&mut self, n: usize, link: &Link) {
        let n = place(n);
        for key in keys(&self.hasher, link) {
            let list = self.users.entry(key).or_default();
            // Kept ascending; a link already listed is not listed again.
            if let Err(at) = list.binary_search(&n) {
                list.insert(at, n);
            }
        }
    }

    /// Whether link `n` has shared-part problems or no resolution.
    pub fn set_troubled(&mut self, n: usize, troubled: bool) {
        if troubled {
            self.troubled.insert(place(n));
        } else {
            self.troubled.remove(&place(n));
        }
    }

    /// A link was inserted at `n`: the links from `n` on move down one.
    pub fn inserted(&mut self, n: usize) {
        let n = place(n);
        self.renumber(|m| Some(if m >= n { m + 1 } else { m }));
    }

    /// The link at `n` was removed: the links after it move up one.
    pub fn removed(&mut self, n: usize) {
        let n = place(n);
        self.renumber(|m| match m.cmp(&n) {
            std::cmp::Ordering::Less => Some(m),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Greater => Some(m - 1),
        });
    }

    /// Every listed place mapped by `to` (order kept), `None` dropped.
    fn renumber(&mut self, to: impl Fn(u32) -> Option<u32>) {
        for list in self.users.values_mut() {
            let mut kept = 0;
            for k in 0..list.len() {
                if let Some(m) = to(list[k]) {
                    list[kept] = m;
                    kept += 1;
                }
            }
            list.truncate(kept);
        }
        self.troubled = self.troubled.iter().filter_map(|&m| to(m)).collect();
    }
}

/// The keys of the panels and trunks `link` uses.
fn keys<'a>(hasher: &'a Hasher, link: &'a Link) -> impl Iterator<Item = u64> + 'a {
    link.path.iter().filter_map(|e| {
        let panel = e.panel().map(|id| hasher.hash_one(("panel", id)));
        panel.or_else(|| e.trunk().map(|id| hasher.hash_one(("trunk", id))))
    })
}

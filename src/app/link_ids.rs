//! The design's link ids by their hashes, kept up to date with every edit:
//! naming a new link ("L1-3") or checking a rename asks whether an id is
//! taken, which over a million links was a walk through every id (15 ms a
//! click).

use std::hash::BuildHasher;

use mpo_budget_core::hash::Hasher;
use mpo_budget_core::model::Design;

/// The hash of every link's id, sorted (a link's id once for each link that
/// has it). 8 bytes a link: a map of the ids themselves took 40.
pub struct LinkIds {
    hasher: Hasher,
    hashes: Vec<u64>,
}

impl LinkIds {
    pub fn of(design: &Design) -> Self {
        let hasher = Hasher::default();
        let mut hashes: Vec<u64> = design
            .links
            .iter()
            .map(|l| hasher.hash_one(l.id.as_str()))
            .collect();
        hashes.sort_unstable();
        Self { hasher, hashes }
    }

    /// Whether some link may be called `id`: `false` means none is; `true`
    /// that one is, or (one time in 2^64) that another id has its hash.
    pub fn may_hold(&self, id: &str) -> bool {
        self.hashes.binary_search(&self.hasher.hash_one(id)).is_ok()
    }

    /// A link called `id` added.
    pub fn add(&mut self, id: &str) {
        let h = self.hasher.hash_one(id);
        let at = self.hashes.partition_point(|&x| x < h);
        self.hashes.insert(at, h);
    }

    /// A link called `id` gone (one of them, where several are).
    pub fn remove(&mut self, id: &str) {
        if let Ok(at) = self.hashes.binary_search(&self.hasher.hash_one(id)) {
            self.hashes.remove(at);
        }
    }

    /// `gone` links' ids taken out and `added` ones put in.
    pub fn follow<'a>(
        &mut self,
        gone: impl IntoIterator<Item = &'a str>,
        added: impl IntoIterator<Item = &'a str>,
    ) {
        for id in gone {
            self.remove(id);
        }
        for id in added {
            self.add(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mpo_budget_core::catalog::Catalog;
    use mpo_budget_core::model::synthetic::synthetic_design;

    #[test]
    fn ids_added_and_removed_are_found_and_gone() {
        let c = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
        let design = synthetic_design(&c, 50, 3);
        let mut ids = LinkIds::of(&design);
        assert!(design.links.iter().all(|l| ids.may_hold(&l.id)));
        assert!(!ids.may_hold("no such link"));
        ids.add("twice");
        ids.add("twice");
        ids.remove("twice");
        assert!(ids.may_hold("twice"), "one link still has it");
        ids.follow(["twice"], ["new"]);
        assert!(!ids.may_hold("twice"));
        assert!(ids.may_hold("new"));
        ids.remove(&design.links[7].id);
        assert!(!ids.may_hold(&design.links[7].id));
    }
}

//! The design's link ids by their hashes, kept up to date with every edit:
//! naming a new link ("L1-3") or checking a rename asks whether an id is
//! taken, which over a million links was a walk through every id (15 ms a
//! click).

use std::hash::BuildHasher;

use mpo_budget_core::hash::Hasher;
use mpo_budget_core::model::Design;

/// The hash of every link's id (once for each link that has it), in
/// buckets by the hash's top bits, each bucket sorted: about 8 bytes a link
/// (a map of the ids themselves took 40), and an id added or taken out
/// moves a bucket's few hundred hashes, not a million (a sorted list of them
/// all moved 8 MB at each edit).
pub struct LinkIds {
    hasher: Hasher,
    buckets: Vec<Vec<u64>>,
    /// How many top bits of a hash pick its bucket.
    bits: u32,
}

/// About this many hashes to a bucket, for the design's size when made.
const PER_BUCKET: usize = 256;

impl LinkIds {
    pub fn of(design: &Design) -> Self {
        let hasher = Hasher::default();
        let bits = (design.links.len() / PER_BUCKET)
            .next_power_of_two()
            .trailing_zeros()
            .min(16);
        let mut ids = Self {
            hasher,
            buckets: vec![Vec::new(); 1 << bits],
            bits,
        };
        for link in &design.links {
            let (h, bucket) = ids.place(&link.id);
            bucket.push(h);
        }
        for bucket in &mut ids.buckets {
            bucket.sort_unstable();
            bucket.shrink_to_fit();
        }
        ids
    }

    /// The bucket of a hash: its top `bits`.
    fn bucket(&self, hash: u64) -> usize {
        // `bits` is at most 16: the shift is 48 or more, and 64 only for one
        // bucket, where `checked_shr` gives none.
        hash.checked_shr(64 - self.bits).unwrap_or(0) as usize
    }

    /// The hash of `id` and the bucket it goes in.
    fn place(&mut self, id: &str) -> (u64, &mut Vec<u64>) {
        let h = self.hasher.hash_one(id);
        let b = self.bucket(h);
        (h, &mut self.buckets[b])
    }

    /// Whether some link may be called `id`: `false` means none is; `true`
    /// that one is, or (at odds of about the number of links in 2^64) that
    /// another id has its hash.
    pub fn may_hold(&self, id: &str) -> bool {
        let h = self.hasher.hash_one(id);
        self.buckets[self.bucket(h)].binary_search(&h).is_ok()
    }

    /// A link called `id` added.
    pub fn add(&mut self, id: &str) {
        let (h, bucket) = self.place(id);
        let at = bucket.partition_point(|&x| x < h);
        bucket.insert(at, h);
    }

    /// A link called `id` gone (one of them, where several are).
    pub fn remove(&mut self, id: &str) {
        let (h, bucket) = self.place(id);
        if let Ok(at) = bucket.binary_search(&h) {
            bucket.remove(at);
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
        // In buckets: a design of 2,000 links has 8, and every id is found.
        let big = synthetic_design(&c, 2_000, 5);
        let ids = LinkIds::of(&big);
        assert_eq!(ids.buckets.len(), 8);
        assert!(big.links.iter().all(|l| ids.may_hold(&l.id)));
        assert!(ids.buckets.iter().all(|b| b.is_sorted()));
    }
}

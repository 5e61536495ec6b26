//! The fast design reader never disagrees with `ron` (issue 18): on design
//! text spoiled at random (bytes deleted, RON's own characters and words
//! inserted, pieces repeated), whenever the fast reader returns a design,
//! `ron` reads the same design from the same text; otherwise it leaves the
//! text to `ron`. The same over the reader that cuts the links into shares.

#[path = "common/design.rs"]
mod design;

use design::catalog;
use mpo_budget_core::io::{design_file, fast_ron, ron_format};
use mpo_budget_core::model::Design;
use mpo_budget_core::model::synthetic::synthetic_design;
use proptest::prelude::*;

/// What is inserted: RON's punctuation, words and number shapes.
const PIECES: [&str; 24] = [
    ",", "(", ")", "[", "]", ":", "\"", "\\", "/", "*", "//", "/*", "*/", " ", "\n", "None",
    "Some(", "1", "-", ".", "e", "_", "0x", "é",
];

fn spoil(text: &str, edits: &[(usize, u8, usize)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, kind, piece) in edits {
        let at = at % (bytes.len() + 1);
        match kind % 3 {
            0 if at < bytes.len() => {
                bytes.remove(at);
            }
            1 => {
                let p = PIECES[piece % PIECES.len()].as_bytes();
                bytes.splice(at..at, p.iter().copied());
            }
            _ => {
                let end = (at + piece % 40).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn the_fast_reader_reads_what_ron_reads_or_leaves_it(
        seed in 0u64..1000,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..4),
    ) {
        let c = catalog();
        let text = spoil(&design_file::to_text(&synthetic_design(&c, 3, seed)), &edits);
        if let Some(fast) = fast_ron::from_str::<Design>(&text) {
            let by_ron = ron_format::options().from_str::<Design>(&text);
            prop_assert_eq!(by_ron.as_ref().ok(), Some(&fast), "{}", text);
        }
        for shares in [2, 3] {
            if let Some(in_shares) = design_file::read_design_text(&text, shares) {
                let by_ron = ron_format::options().from_str::<Design>(&text);
                prop_assert_eq!(by_ron.as_ref().ok(), Some(&in_shares), "{} shares: {}", shares, text);
            }
        }
    }
}

//! Writing a large design's links on every core.
//!
//! `ron` writes a million links in 4–5 s on one thread. In ron's layout a
//! list's item is its indentation, its text, `,` and a line break, whatever
//! comes before or after it: so the `links` list can be written in pieces,
//! each piece by ron on its own thread as the lone list of a value that
//! holds it at the same depth, and the pieces joined in order. The text is
//! byte for byte what one pass writes (tested on every example and on
//! generated designs, plain and shared); fewer links, or a text that does
//! not have the shape this relies on, are written by ron in one pass.

use std::io::{self, Write};
use std::sync::mpsc;

use ron::ser::PrettyConfig;
use serde::Serialize;

use crate::io::ron_format;
use crate::model::{Design, Link};

/// From this many links the list is written on every core (fewer take
/// ron a few tens of milliseconds on one).
pub const SHARED_FROM_LINKS: usize = 20_000;

/// Links per piece: a few megabytes of text, three pieces a thread ahead
/// of the writing at most (two sent, one waiting to be).
const PIECE_LINKS: usize = 4_096;

/// A design's links alone, as a design file holds them (`Design(links: [..])`):
/// each link at the depth it has in the whole design.
#[derive(Serialize)]
#[serde(rename = "Design")]
pub struct LinksOnly<'a> {
    pub links: &'a [Box<Link>],
}

/// The design with only its first link: written whole, it gives the text
/// before and after the links list.
pub fn with_first_link(design: &Design) -> Design {
    Design {
        format: design.format,
        name: design.name.clone(),
        trunks: design.trunks.clone(),
        panels: design.panels.clone(),
        links: design.links.iter().take(1).cloned().collect(),
    }
}

/// Writes `whole` as ron lays it out with `config`, where `links` is its
/// one links list. From [`SHARED_FROM_LINKS`] links the list is written on
/// every core: `framed` gives the text of `whole` with `links`' first link
/// alone (made only then: it copies the rest of the design), and `bare` the
/// text of a value holding links alone, at the same depth (see [`text`]).
pub fn write(
    w: &mut dyn Write,
    whole: &impl Serialize,
    links: &[Box<Link>],
    framed: impl FnOnce() -> io::Result<String>,
    bare: &(dyn Fn(&[Box<Link>]) -> io::Result<String> + Sync),
    config: &PrettyConfig,
) -> io::Result<()> {
    if links.len() >= SHARED_FROM_LINKS
        && write_in_pieces(w, &framed()?, bare, links, config, PIECE_LINKS)?
    {
        return Ok(());
    }
    ron_format::options()
        .to_io_writer_pretty(w, whole, config.clone())
        .map_err(io::Error::other)
}

/// `framed` (the text with the first link alone) with its list holding
/// every link of `links`, written in pieces of `piece_links`; `false`, with
/// nothing written, where the texts do not have the shape this relies on.
fn write_in_pieces(
    w: &mut dyn Write,
    whole: &str,
    bare: &(dyn Fn(&[Box<Link>]) -> io::Result<String> + Sync),
    links: &[Box<Link>],
    config: &PrettyConfig,
    piece_links: usize,
) -> io::Result<bool> {
    let Some(first) = links.get(..1) else {
        return Ok(false);
    };
    // Numbered items would be numbered from 0 again in every piece.
    if config.enumerate_arrays {
        return Ok(false);
    }
    let first_bare = bare(first)?;
    let Some(first_item) = items(&first_bare, &config.new_line) else {
        return Ok(false);
    };
    // The list's only item; after it come only the closing brackets.
    let Some(at) = whole.rfind(first_item) else {
        return Ok(false);
    };
    let (head, tail) = (&whole[..at], &whole[at + first_item.len()..]);
    if !head.ends_with(&format!("[{}", config.new_line)) {
        return Ok(false);
    }
    w.write_all(head.as_bytes())?;
    let piece_text = |piece: &[Box<Link>]| -> io::Result<String> {
        let t = bare(piece)?;
        let items = items(&t, &config.new_line)
            .ok_or_else(|| io::Error::other("a piece of the links list was laid out otherwise"))?;
        // In place: the text before and after the items dropped.
        let start = items.as_ptr() as usize - t.as_ptr() as usize;
        let end = start + items.len();
        let mut t = t;
        t.truncate(end);
        t.drain(..start);
        Ok(t)
    };
    write_pieces(w, links.chunks(piece_links), &piece_text)?;
    w.write_all(tail.as_bytes())?;
    Ok(true)
}

/// `value`'s text as ron lays it out with `config`.
pub fn text(value: &impl Serialize, config: &PrettyConfig) -> io::Result<String> {
    ron_format::options()
        .to_string_pretty(value, config.clone())
        .map_err(io::Error::other)
}

/// The pieces' texts made on every core, written in order; each thread at
/// most three pieces ahead of the writing.
fn write_pieces<'l>(
    w: &mut dyn Write,
    pieces: impl Iterator<Item = &'l [Box<Link>]>,
    piece_text: &(dyn Fn(&[Box<Link>]) -> io::Result<String> + Sync),
) -> io::Result<()> {
    let pieces: Vec<&[Box<Link>]> = pieces.collect();
    let threads = crate::parallel::threads().min(pieces.len()).max(1);
    std::thread::scope(|s| {
        // Thread `t` makes pieces t, t + threads, …, in that order.
        let receivers: Vec<mpsc::Receiver<io::Result<String>>> = (0..threads)
            .map(|t| {
                let (send, receive) = mpsc::sync_channel(2);
                let pieces = &pieces;
                s.spawn(move || {
                    for piece in pieces.iter().skip(t).step_by(threads) {
                        // The writing stopped (an error): so does this.
                        if send.send(piece_text(piece)).is_err() {
                            return;
                        }
                    }
                });
                receive
            })
            .collect();
        for k in 0..pieces.len() {
            let text = receivers[k % threads]
                .recv()
                .map_err(|_| io::Error::other("a thread writing links stopped"))??;
            w.write_all(text.as_bytes())?;
        }
        Ok(())
        // An early return drops the receivers: every thread ends at its next piece.
    })
}

/// The items of the one list in `text` (a value holding nothing else): from
/// the line after its `[` to the line of its `]`.
fn items<'t>(text: &'t str, new_line: &str) -> Option<&'t str> {
    let open = text.find('[')? + 1;
    let start = open + new_line.len();
    (text.get(open..start)? == new_line).then_some(())?;
    let close = text.rfind(']')?;
    let end = text[..close].rfind('\n')? + 1;
    let indentation = text.get(end..close)?;
    (start < end && indentation.bytes().all(|b| b == b' ' || b == b'\t')).then_some(())?;
    text.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn config() -> PrettyConfig {
        PrettyConfig::new()
            .depth_limit(4)
            .indentor("    ".to_owned())
            .struct_names(true)
    }

    /// The design written to `w` as a design file's links are, with
    /// `config`, in pieces of `piece_links`; whether it was.
    fn design_in_pieces(
        w: &mut dyn Write,
        design: &Design,
        config: &PrettyConfig,
        piece_links: usize,
    ) -> io::Result<bool> {
        let framed = text(&with_first_link(design), config).expect("ron writes it");
        write_in_pieces(
            w,
            &framed,
            &|links| text(&LinksOnly { links }, config),
            &design.links,
            config,
            piece_links,
        )
    }

    /// The design written with its links in pieces of `piece_links`.
    fn in_pieces(design: &Design, piece_links: usize) -> Option<String> {
        let mut out = Vec::new();
        let written =
            design_in_pieces(&mut out, design, &config(), piece_links).expect("written to memory");
        written.then(|| String::from_utf8(out).expect("UTF-8"))
    }

    /// Every example, generated designs (plain, and with names and ids that
    /// ron escapes or writes raw), in pieces of one link up to the whole
    /// list: byte for byte what ron writes in one pass.
    #[test]
    fn links_written_in_pieces_are_the_text_ron_writes_in_one_pass() {
        let catalog = Catalog::builtin().expect("the catalog loads");
        let examples =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/examples");
        let mut designs: Vec<Design> = std::fs::read_dir(&examples)
            .expect("the examples are there")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
            .map(|e| {
                crate::io::design_file::load(&e.path(), &catalog)
                    .expect("an example loads")
                    .design
            })
            .collect();
        assert!(
            designs.iter().any(Design::has_shared_parts),
            "a shared example"
        );
        let mut odd = crate::model::synthetic::synthetic_design(&catalog, 40, 3);
        odd.name = "Hall \"3\" — Zürich\nrow\\A".to_owned();
        odd.links[0].id = "L\"0\" #1".to_owned();
        odd.links[7].id = "\u{7}é".to_owned();
        designs.push(odd);
        designs.push(crate::model::synthetic::synthetic_design(&catalog, 300, 5));
        let mut compared = 0;
        for design in &designs {
            let whole = ron_format::options()
                .to_string_pretty(design, config())
                .expect("ron writes it");
            for piece_links in [1, 2, 3, 64, 4096] {
                if design.links.is_empty() {
                    assert_eq!(in_pieces(design, piece_links), None, "nothing written");
                    continue;
                }
                let pieces = in_pieces(design, piece_links).expect("laid out as expected");
                assert_eq!(pieces, whole, "{} in pieces of {piece_links}", design.name);
                compared += 1;
            }
        }
        assert!(compared >= 30, "{compared}");
    }

    /// From `SHARED_FROM_LINKS` links a saved design's text comes this way,
    /// with the same header and ending as one pass.
    #[test]
    fn a_large_design_is_saved_in_pieces_as_one_pass_writes_it() {
        let catalog = Catalog::builtin().expect("the catalog loads");
        let design = crate::model::synthetic::synthetic_design(&catalog, SHARED_FROM_LINKS + 1, 8);
        let whole = ron_format::options()
            .to_string_pretty(&design, config())
            .expect("ron writes it");
        assert_eq!(
            crate::io::design_file::to_text(&design),
            format!("// mpo-budget design file\n{whole}\n")
        );
    }

    #[test]
    fn a_text_of_another_shape_is_not_cut() {
        assert_eq!(
            items("Design(\n    links: [\n        L,\n    ],\n)", "\n"),
            Some("        L,\n")
        );
        assert_eq!(
            items("Design(links: [L])", "\n"),
            None,
            "laid out on one line"
        );
        assert_eq!(items("Design(\n    links: [],\n)", "\n"), None, "no item");
        assert_eq!(items("Design(\n    name: \"x\",\n)", "\n"), None, "no list");
    }

    /// A writer that fails partway (a full disk) ends the write with its
    /// error, every thread stopped, whichever piece it fails in.
    #[test]
    fn a_failing_writer_ends_the_write_with_its_error() {
        struct FailsAfter {
            left: usize,
        }
        impl Write for FailsAfter {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                if buf.len() > self.left {
                    return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
                }
                self.left -= buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let catalog = Catalog::builtin().expect("the catalog loads");
        let design = crate::model::synthetic::synthetic_design(&catalog, 2_000, 2);
        for left in [0, 10, 50_000, 400_000] {
            let written = design_in_pieces(&mut FailsAfter { left }, &design, &config(), 100);
            let e = written.expect_err("the disk was full");
            assert_eq!(e.kind(), io::ErrorKind::StorageFull, "{left}: {e}");
        }
    }

    #[test]
    fn numbered_items_are_left_to_one_pass() {
        let catalog = Catalog::builtin().expect("the catalog loads");
        let design = crate::model::synthetic::synthetic_design(&catalog, 3, 1);
        let config = config().enumerate_arrays(true);
        let mut out = Vec::new();
        let written = design_in_pieces(&mut out, &design, &config, PIECE_LINKS);
        assert!(!written.expect("no error"), "not written in pieces");
        assert!(out.is_empty(), "nothing written");
    }
}

//! Reading a large design's links on every core.
//!
//! The links are nearly all of a design's text. When the file is large, the
//! `links` list is cut at line starts that open a `Link(`, one share per
//! core; each share is read by the fast reader as a run of links, and the
//! rest of the design (format, name, trunks, panels) on its own.
//!
//! A cut can only work between two links: a cut inside a string, a comment
//! or a link leaves its share unfinished, the share fails, and the caller
//! reads the whole text in one pass instead. So when every share reads, the
//! links are exactly those one pass would read.

use serde::Deserialize;

use crate::io::fast_ron::{self, Reader};
use crate::model::{Design, Link};

/// Below this size one thread reads a design as fast as two.
const SHARED_BYTES: usize = 4 << 20;

/// The design, read fast (in shares when it is large); `None` leaves it to ron.
pub fn read(text: &str) -> Option<Design> {
    if text.len() >= SHARED_BYTES
        && let Some(design) = read_in_shares(text, crate::parallel::threads())
    {
        return Some(design);
    }
    fast_ron::from_str(text)
}

/// The design with its links read in `shares` parts on as many threads, or
/// `None` where that does not work (links not the last field, a cut that
/// did not land between links, anything the fast reader leaves to ron).
pub fn read_in_shares(text: &str, shares: usize) -> Option<Design> {
    let start = list_start(text)?;
    let end = list_end(text)?;
    (start <= end).then_some(())?;
    let mut links = Vec::new();
    read_links(&text.as_bytes()[start..end], true, shares, &mut links)?;
    let mut design = read_head(&text[..start], &text[end..])?;
    design.links = links;
    Some(design)
}

/// The design without its links: the text before the list and after it.
fn read_head(before: &str, after: &str) -> Option<Design> {
    let mut head = String::with_capacity(before.len() + after.len());
    head.push_str(before);
    head.push_str(after);
    let design: Design = fast_ron::from_str(&head)?;
    design.links.is_empty().then_some(design)
}

/// A run of links (the whole list when `last`, else a part of it that ends
/// with a comma), in `shares` parts on as many threads, added to `links`.
/// Each share is checked as UTF-8 on its own thread (shares start at line
/// starts, so at characters' first bytes).
#[expect(clippy::vec_box, reason = "a design's links are boxed (Design::links)")]
fn read_links(list: &[u8], last: bool, shares: usize, links: &mut Vec<Box<Link>>) -> Option<()> {
    let cuts = cuts(list, shares.clamp(1, crate::parallel::MAX_THREADS));
    let parts: Vec<Option<Vec<Box<Link>>>> = std::thread::scope(|s| {
        let handles: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let (share, final_share) = (&list[w[0]..w[1]], w[1] == list.len());
                s.spawn(move || read_share(share, last && final_share))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    links.reserve(parts.iter().flatten().map(Vec::len).sum());
    for part in parts {
        links.extend(part?);
    }
    Some(())
}

/// Where the text inside `links: [` starts, when the design's fields before
/// it are all in `text`.
fn list_start(text: &str) -> Option<usize> {
    let mut reader = Reader::new(text);
    reader.struct_start("Design").ok()?;
    loop {
        let name = reader.field_name().ok()??;
        if name == "links" {
            reader.eat_if(b'[').ok()?.then_some(())?;
            return Some(reader.position());
        }
        reader.skip_value().ok()?;
        if reader.after_field().ok()? {
            return None;
        }
    }
}

/// Where the list ends (its `]`), when `links` is the design's last field
/// (as mpo-budget writes it): back from the end of `text` over whitespace,
/// `)`, maybe `,`, to `]`.
fn list_end(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = b.len();
    let back = |i: &mut usize, byte: u8| {
        while *i > 0 && matches!(b[*i - 1], b' ' | b'\n' | b'\t' | b'\r') {
            *i -= 1;
        }
        let found = *i > 0 && b[*i - 1] == byte;
        if found {
            *i -= 1;
        }
        found
    };
    back(&mut i, b')').then_some(())?;
    back(&mut i, b',');
    back(&mut i, b']').then_some(())?;
    // A `]` after `//` on its line is in a comment (or a string): left to one pass.
    let line = b[..i]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |n| n + 1);
    (!b[line..i].windows(2).any(|w| w == b"//")).then_some(i)
}

/// A large design file read in windows, each window's links in shares, so
/// the file is never all in memory; `None` where that does not work (the
/// caller then reads the whole file, and places any error).
pub(super) fn read_file(
    path: &std::path::Path,
    shares: usize,
    window_bytes: u64,
    read: &std::sync::atomic::AtomicU64,
) -> Option<Design> {
    use std::io::{Read, Seek, SeekFrom};
    const MAX_HEAD: usize = 64 << 20;
    const TAIL: u64 = 4096;
    let first_head = usize::try_from(window_bytes.min(1 << 20)).ok()?.max(64);
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    // The tail: the list's end and what follows it.
    let tail_from = len.saturating_sub(TAIL);
    file.seek(SeekFrom::Start(tail_from)).ok()?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).ok()?;
    // Cut at a character's first byte.
    let skip = tail.iter().take_while(|&&b| b & 0xC0 == 0x80).count();
    let tail = std::str::from_utf8(&tail[skip..]).ok()?;
    let tail_end = list_end(tail)?;
    let list_end_at = tail_from + u64::try_from(skip + tail_end).ok()?;
    let after = &tail[tail_end..];
    // The head: read until the list's start is in it.
    file.seek(SeekFrom::Start(0)).ok()?;
    let mut head = Vec::new();
    let (before, bom, start) = loop {
        let want = (head.len() * 2).max(first_head).min(MAX_HEAD);
        (want > head.len()).then_some(())?;
        let got = (&mut file)
            .take(u64::try_from(want - head.len()).ok()?)
            .read_to_end(&mut head)
            .ok()?;
        let valid = match std::str::from_utf8(&head) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() => {
                std::str::from_utf8(&head[..e.valid_up_to()]).ok()?
            }
            Err(_) => return None,
        };
        let (bom, text) = match valid.strip_prefix('\u{feff}') {
            Some(text) => (3, text),
            None => (0, valid),
        };
        if let Some(start) = list_start(text) {
            break (text[..start].to_owned(), bom, start);
        }
        (got > 0).then_some(())?;
    };
    let list_start_at = u64::try_from(bom + start).ok()?;
    (list_start_at <= list_end_at).then_some(())?;
    let mut design = read_head(&before, after)?;
    // The links, window by window: each read up to its last link line.
    let mut left = list_end_at - list_start_at;
    let mut window = head.split_off(bom + start);
    drop(head);
    window.truncate(usize::try_from(left).ok()?);
    left -= u64::try_from(window.len()).ok()?;
    file.seek(SeekFrom::Start(list_end_at - left)).ok()?;
    let window_bytes = window_bytes.max(1);
    let read_more = |file: &mut std::fs::File, into: &mut Vec<u8>, more: u64| {
        into.reserve(usize::try_from(more).ok()?);
        let got = file.take(more).read_to_end(into).ok()?;
        (u64::try_from(got).ok()? == more).then_some(())
    };
    let mut links = Vec::new();
    let mut more = left.min(window_bytes);
    read_more(&mut file, &mut window, more)?;
    let mut next = Vec::new();
    let mut first_window = true;
    loop {
        left -= more;
        let last = left == 0;
        let cut = if last {
            window.len()
        } else {
            match prev_link_line(&window) {
                Some(cut) if cut > 0 => cut,
                // No whole link yet: read more, up to a few windows (a file
                // not laid out a link a line is read in one pass instead).
                _ if (window.len() as u64) < 4 * window_bytes.max(1 << 20) => {
                    more = left.min(window_bytes);
                    read_more(&mut file, &mut window, more)?;
                    continue;
                }
                _ => return None,
            }
        };
        // The next window is read while this one's links are: the rest
        // of this one, then more of the file.
        next.clear();
        next.extend_from_slice(&window[cut..]);
        more = left.min(window_bytes);
        let (this, reading) = std::thread::scope(|s| {
            let reading = s.spawn(|| read_more(&mut file, &mut next, more));
            let this = read_links(&window[..cut], last, shares, &mut links);
            let reading = reading
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (this, reading)
        });
        this?;
        if first_window && !last {
            // Room for the whole list at the first window's bytes per link
            // (an eighth over): the list is not copied as it grows, and
            // room never used is never touched, so it takes no memory.
            let per_link = cut / links.len().max(1) + 1;
            let list = usize::try_from(list_end_at - list_start_at).ok()?;
            links.reserve((list / per_link).saturating_mul(9) / 8);
        }
        first_window = false;
        read.store(list_end_at - left, std::sync::atomic::Ordering::Relaxed);
        if last {
            break;
        }
        reading?;
        std::mem::swap(&mut window, &mut next);
    }
    design.links = links;
    Some(design)
}

/// The start of the last line in `b` whose text opens a `Link(`.
fn prev_link_line(b: &[u8]) -> Option<usize> {
    let mut end = b.len();
    loop {
        let at = b[..end].iter().rposition(|&c| c == b'\n')? + 1;
        if opens_link(&b[at..]) {
            return Some(at);
        }
        end = at - 1;
    }
}

/// Where the shares start and end: 0, a line opening a `Link(` at or after
/// each equal part, the end.
fn cuts(b: &[u8], shares: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    for k in 1..shares {
        let last = cuts.last().copied().unwrap_or(0);
        let from = (b.len() / shares * k).max(last);
        if let Some(at) = next_link_line(b, from)
            && at > last
        {
            cuts.push(at);
        }
    }
    cuts.push(b.len());
    cuts
}

/// The start of the first line at or after `from` whose text opens a `Link(`.
fn next_link_line(b: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        at += b.get(at..)?.iter().position(|&c| c == b'\n')? + 1;
        if opens_link(b.get(at..)?) {
            return Some(at);
        }
    }
}

/// Whether the line starting `text` opens a `Link(` after its indent: where
/// the list may be cut.
fn opens_link(text: &[u8]) -> bool {
    let indent = text
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    text[indent..].starts_with(b"Link(")
}

/// A share: links separated by commas; one that is not the last ends with
/// a comma (it was cut before the next link).
#[expect(clippy::vec_box, reason = "a design's links are boxed (Design::links)")]
fn read_share(share: &[u8], last: bool) -> Option<Vec<Box<Link>>> {
    let mut reader = Reader::new(std::str::from_utf8(share).ok()?);
    let mut links = Vec::new();
    let mut separated = true;
    while !reader.at_end().ok()? {
        if !separated {
            return None;
        }
        links.push(Box::new(Link::deserialize(&mut reader).ok()?));
        separated = reader.eat_if(b',').ok()?;
    }
    (last || separated).then_some(links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::io::design_file::to_text;
    use crate::io::ron_format;
    use crate::model::synthetic::synthetic_design;

    fn by_ron(text: &str) -> Design {
        ron_format::options().from_str(text).expect("ron reads it")
    }

    #[test]
    fn shares_read_the_links_one_pass_reads() {
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let text = to_text(&synthetic_design(&catalog, 500, 3));
        for shares in [1, 2, 3, 8] {
            let design = read_in_shares(&text, shares).expect("read in shares");
            assert_eq!(design.links.len(), 500);
            assert_eq!(design, by_ron(&text), "{shares} shares");
        }
    }

    /// Cuts that land inside a comment or a string make their share fail:
    /// never a link more or less.
    #[test]
    fn a_cut_inside_a_comment_or_string_is_refused() {
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        let text = to_text(&synthetic_design(&catalog, 40, 5));
        let fake = "\n        Link(id: \"ghost\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: []),\n";
        let middle = text
            .find("Link(")
            .map(|first| first + text[first..].len() / 2);
        let at = middle.and_then(|m| text[m..].find("\n        Link(").map(|k| m + k + 1));
        let at = at.expect("a link line in the middle");
        for (open, close) in [("/* ", " */"), ("// x", "")] {
            let commented = format!("{}{open}{fake}{close}\n{}", &text[..at], &text[at..]);
            let expected = ron_format::options().from_str::<Design>(&commented).ok();
            let got = read_in_shares(&commented, 2);
            assert!(got.is_none() || got == expected, "{open}");
            assert_eq!(read(&commented), expected, "{open}");
        }
        // `links` not first: still in shares.
        let moved = text.replacen("name:", "trunks: [], name:", 1);
        assert_eq!(read_in_shares(&moved, 2), Some(by_ron(&moved)));
        // `links` not last: left to one pass.
        let body = text
            .trim_end()
            .strip_suffix(')')
            .expect("the design's close");
        let body = body.trim_end().trim_end_matches(',');
        let after = format!("{body},\n    trunks: [],\n)\n");
        assert!(read_in_shares(&after, 2).is_none());
        assert_eq!(read(&after), Some(by_ron(&after)));
        // The list's `]` only in a comment at the end: left to one pass, which
        // refuses it.
        let unclosed = format!("{}\n    // ]\n)\n", body.trim_end_matches(']'));
        assert!(read_in_shares(&unclosed, 2).is_none());
        assert!(read(&unclosed).is_none());
        assert!(ron_format::options().from_str::<Design>(&unclosed).is_err());
    }
}

//! The design file, format 1: reading (parse, check, resolve) and atomic saving.

mod atomic;
mod in_shares;
pub mod written_in_shares;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;

pub use atomic::{write_atomically, write_atomically_with};

use crate::analysis::resolve::{Expansions, ResolvedLink, resolve_design_with};
use crate::catalog::Catalog;
use crate::io::error::{InputError, SaveError, display_name};
use crate::io::locate;
use crate::io::ron_format;
use crate::model::{Design, Element, FORMAT_VERSION, OLDEST_FORMAT};

/// A design with every catalog id resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDesign {
    pub design: Design,
    pub resolved: Vec<ResolvedLink>,
}

impl LoadedDesign {
    /// Link `n`'s resolution as its analysis takes it: with its expansion
    /// through the design's shared parts (`infra`, of this design), made
    /// again where the load did not keep it ([`load_lean`]).
    pub fn resolved_with_expansion(
        &self,
        infra: &crate::model::infra::Infra<'_>,
        n: usize,
    ) -> std::borrow::Cow<'_, ResolvedLink> {
        crate::analysis::resolve::with_expansion(infra, &self.design.links[n], &self.resolved[n])
    }
}

/// The largest design file read: 1 GiB. A 1,000,000-link AI fabric, each link
/// a cord–trunk–cord channel, is about 600 MB of RON. A device or a pipe, of
/// no known length, is read up to the 64 MiB of every other input.
pub const MAX_DESIGN_BYTES: u64 = 1024 * 1024 * 1024;

pub fn load(path: &Path, catalog: &Catalog) -> Result<LoadedDesign, InputError> {
    load_reporting(path, catalog, &AtomicU64::new(0), Expansions::Kept)
}

/// As [`load`], without each link's expansion through the design's shared
/// trunks and panels: it is made again where the link is analysed
/// ([`LoadedDesign::resolved_with_expansion`]). For output written link by
/// link: a million links over shared trunks hold some 0.7 GB less.
pub fn load_lean(path: &Path, catalog: &Catalog) -> Result<LoadedDesign, InputError> {
    load_reporting(path, catalog, &AtomicU64::new(0), Expansions::Dropped)
}

/// As [`load`], keeping `read` at the bytes of the file read so far (for a
/// progress bar; checking and resolving follow the last byte), the links'
/// expansions through shared parts kept or not ([`load_lean`]).
pub fn load_reporting(
    path: &Path,
    catalog: &Catalog,
    read: &AtomicU64,
    expansions: Expansions,
) -> Result<LoadedDesign, InputError> {
    load_with(
        path,
        catalog,
        STREAMED_BYTES,
        WINDOW_BYTES,
        read,
        expansions,
    )
}

/// From this size a design file is read in windows of [`WINDOW_BYTES`]
/// rather than whole.
const STREAMED_BYTES: u64 = 16 << 20;
const WINDOW_BYTES: u64 = 32 << 20;

fn load_with(
    path: &Path,
    catalog: &Catalog,
    streamed_from: u64,
    window_bytes: u64,
    read: &AtomicU64,
    expansions: Expansions,
) -> Result<LoadedDesign, InputError> {
    let file = display_name(path);
    match read_with(path, streamed_from, window_bytes, read)? {
        Read::InWindows(design) => {
            // Only an error needs the text, to place it: read again then.
            let blanked = std::cell::LazyCell::new(|| {
                crate::io::read::read_text_limited(path, "design file", MAX_DESIGN_BYTES)
                    .map(|text| locate::blank_comments(crate::io::read::strip_bom(&text)))
                    .unwrap_or_default()
            });
            finish(&file, design, &blanked, catalog, expansions)
        }
        Read::Whole(text) => parse_with(&file, &text, catalog, expansions),
    }
}

/// The design in the file at `path`, read (a large file in windows, as
/// [`load_reporting`] reads it) and migrated to the current format, its
/// links neither checked nor resolved: for work the app kept itself (its
/// recovery file), which may hold a link the editor allows but a design
/// file's check refuses (a port past the module's), and must come back
/// whole. Errors of the text itself are placed as [`load`] places them.
pub fn read_unchecked_reporting(path: &Path, read: &AtomicU64) -> Result<Design, InputError> {
    match read_with(path, STREAMED_BYTES, WINDOW_BYTES, read)? {
        Read::InWindows(design) => Ok(design),
        Read::Whole(text) => parse_design(&display_name(path), &text),
    }
}

/// A design file as read: a large one's design, read in windows; any other
/// its text, to be parsed where errors are placed.
enum Read {
    InWindows(Design),
    Whole(String),
}

fn read_with(
    path: &Path,
    streamed_from: u64,
    window_bytes: u64,
    read: &AtomicU64,
) -> Result<Read, InputError> {
    let length = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.len());
    // A large file is read window by window, never whole; anything unusual,
    // any error, or a format this build does not read, and it is read whole
    // below, where errors are placed.
    if let Some(len) = length
        && (streamed_from..=MAX_DESIGN_BYTES).contains(&len)
        && let Some(mut design) =
            in_shares::read_file(path, crate::parallel::threads(), window_bytes, read)
        && (OLDEST_FORMAT..=FORMAT_VERSION).contains(&design.format)
    {
        read.store(len, Ordering::Relaxed);
        design.format = FORMAT_VERSION;
        return Ok(Read::InWindows(design));
    }
    let limit = if length.is_some() {
        MAX_DESIGN_BYTES
    } else {
        crate::io::read::MAX_INPUT_BYTES
    };
    let text = crate::io::read::read_text_limited(path, "design file", limit)?;
    // The file's length, not the text's (a byte-order mark is not in the text).
    read.store(
        length.unwrap_or_else(|| u64::try_from(text.len()).unwrap_or(u64::MAX)),
        Ordering::Relaxed,
    );
    Ok(Read::Whole(text))
}

/// Parses design text; `file` names it in errors.
pub fn parse(file: &str, text: &str, catalog: &Catalog) -> Result<LoadedDesign, InputError> {
    parse_with(file, text, catalog, Expansions::Kept)
}

fn parse_with(
    file: &str,
    text: &str,
    catalog: &Catalog,
    expansions: Expansions,
) -> Result<LoadedDesign, InputError> {
    let text = crate::io::read::strip_bom(text);
    let design = parse_design(file, text)?;
    // The text with comments blanked, to place an error: made only when
    // there is one (it copied the whole file on every load).
    let blanked = std::cell::LazyCell::new(|| locate::blank_comments(text));
    finish(file, design, &blanked, catalog, expansions)
}

/// The design in `text`, migrated to the current format, unchecked.
fn parse_design(file: &str, text: &str) -> Result<Design, InputError> {
    let text = crate::io::read::strip_bom(text);
    // One parse on the common path; the format is probed only when something is
    // off, so a newer file is refused for its version, not for fields it adds.
    // The fast reader first (on every core for a large file); what it leaves
    // (anything unusual, or an error) `ron` reads, with the same result or a
    // placed error.
    let parsed = match in_shares::read(text) {
        Some(design) => Ok(design),
        None => ron_format::options().from_str::<Design>(text),
    };
    match parsed {
        // Format 1 is format 2 without its additions: migrated in memory by
        // taking the current number; written as format 2 only when saved.
        Ok(mut d) if (OLDEST_FORMAT..=FORMAT_VERSION).contains(&d.format) => {
            d.format = FORMAT_VERSION;
            Ok(d)
        }
        Ok(_) => Err(check_format_version(file, text)
            .err()
            .unwrap_or_else(|| InputError::new(file, "unknown format"))),
        Err(e) => {
            check_format_version(file, text)?;
            Err(ron_format::parse_error(file, text, &e, "link"))
        }
    }
}

/// Checks the design read and resolves its catalog ids; `blanked` is its
/// text with comments blanked, made only to place an error.
fn finish(
    file: &str,
    design: Design,
    blanked: &std::cell::LazyCell<String, impl FnOnce() -> String>,
    catalog: &Catalog,
    expansions: Expansions,
) -> Result<LoadedDesign, InputError> {
    check_links(file, blanked, &design)?;
    let resolved = resolve_design_with(catalog, &design, expansions).map_err(|(n, u)| {
        // The first link in the file that does not resolve, placed.
        let link = &design.links[n];
        let at = link_offset(blanked, &link.id).and_then(|start| match u.element {
            Some(i) => locate::nth_list_item(blanked, start, "path", i)
                .and_then(|el| locate::find_field(blanked, el, u.field_name)),
            None => locate::find_field(blanked, start, u.field_name),
        });
        InputError::new(file, u.message)
            .at(at.map(|o| locate::position_of(blanked, o)))
            .in_link(Some(link.id.clone()))
            .field(u.field)
    })?;
    Ok(LoadedDesign { design, resolved })
}

/// The design in RON text as the design reader reads it (fast, its links in
/// `threads` shares), unchecked and unresolved; `None` where the text is left
/// to `ron` (see [`parse`], which places errors). For benchmarks.
pub fn read_design_text(text: &str, threads: usize) -> Option<Design> {
    in_shares::read_in_shares(text, threads)
}

/// Writes the design in the current format; the target is replaced only once
/// the new text is fully on disk.
/// Writes `design` to `path` atomically, streamed as it is made: a million
/// links were copied whole, then written to a 600 MB string and copied
/// again (4.7 s and twice the design's memory).
pub fn save(path: &Path, design: &Design) -> Result<(), SaveError> {
    write_atomically_with(path, |w| write_text(w, design)).map_err(|source| SaveError {
        path: path.to_owned(),
        source,
    })
}

/// The design file's text.
pub fn to_text(design: &Design) -> String {
    let mut text = Vec::new();
    match write_text(&mut text, design) {
        Ok(()) => String::from_utf8(text)
            .unwrap_or_else(|e| format!("// could not write the design: {e}\n")),
        Err(e) => format!("// could not write the design: {e}\n"),
    }
}

/// The design file's text, written to `w` as it is made.
pub fn write_text(mut w: impl std::io::Write, design: &Design) -> std::io::Result<()> {
    // Written at the format this build writes; a design in memory is at it
    // already (loading migrates), so it is copied only where it is not.
    let design = if design.format == FORMAT_VERSION {
        std::borrow::Cow::Borrowed(design)
    } else {
        let mut current = design.clone();
        current.format = FORMAT_VERSION;
        std::borrow::Cow::Owned(current)
    };
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .indentor("    ".to_owned())
        .struct_names(true);
    w.write_all(b"// mpo-budget design file\n")?;
    written_in_shares::write(
        &mut w,
        &*design,
        &design.links,
        || written_in_shares::text(&written_in_shares::with_first_link(&design), &config),
        &|links| written_in_shares::text(&written_in_shares::LinksOnly { links }, &config),
        &config,
    )?;
    w.write_all(b"\n")
}

/// Reads `format` alone first, so a newer file is refused for its version
/// rather than for fields this build does not know.
fn check_format_version(file: &str, text: &str) -> Result<(), InputError> {
    #[derive(Deserialize)]
    #[serde(rename = "Design")]
    struct Probe {
        format: u32,
    }
    let Ok(probe) = ron_format::options().from_str::<Probe>(text) else {
        return Ok(()); // the full parse reports what is wrong, with its place
    };
    if (OLDEST_FORMAT..=FORMAT_VERSION).contains(&probe.format) {
        return Ok(());
    }
    let blanked = locate::blank_comments(text);
    let at = locate::find_field(&blanked, 0, "format").map(|o| locate::position_of(&blanked, o));
    let message = if probe.format > FORMAT_VERSION {
        format!(
            "expected format {FORMAT_VERSION}, found {}: the file was written by a newer mpo-budget; update mpo-budget to open it",
            probe.format
        )
    } else {
        format!(
            "expected format {OLDEST_FORMAT} to {FORMAT_VERSION}, found {}: no such design format",
            probe.format
        )
    };
    Err(InputError::new(file, message).at(at).field("format"))
}

fn check_links(
    file: &str,
    blanked: &std::cell::LazyCell<String, impl FnOnce() -> String>,
    design: &Design,
) -> Result<(), InputError> {
    // A trunk or panel is named by its id in the links' paths: two of one id
    // would leave a link's part a guess.
    for (list, ids) in [
        (
            "trunks",
            design
                .trunks
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "panels",
            design
                .panels
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>(),
        ),
    ] {
        let mut seen = crate::hash::Set::default();
        for (k, id) in ids.iter().enumerate() {
            if !seen.insert(*id) {
                let list_at = locate::find_field(blanked, 0, list).unwrap_or(0);
                let first = locate::find_keyed(blanked, list_at, "id", id).unwrap_or(list_at);
                let second = locate::find_keyed(blanked, first + 1, "id", id);
                return Err(InputError::new(
                    file,
                    format!(
                        "duplicate {} id \"{id}\": each needs its own id (links name it)",
                        if list == "trunks" { "trunk" } else { "panel" }
                    ),
                )
                .at(second.map(|o| locate::position_of(blanked, o)))
                .field(format!("{list}[{k}].id")));
            }
        }
    }
    let mut seen = crate::hash::Set::default();
    seen.reserve(design.links.len());
    for (n, link) in design.links.iter().enumerate() {
        let here = || link_offset(blanked, &link.id).map(|o| locate::position_of(blanked, o));
        if link.id.trim().is_empty() {
            return Err(
                InputError::new(file, "expected a link id, found an empty one")
                    .at(nth_link(blanked, n))
                    .field(format!("links[{n}].id")),
            );
        }
        if !seen.insert(link.id.as_str()) {
            let first = link_offset(blanked, &link.id).unwrap_or(0);
            let second = locate::find_keyed(blanked, first + 1, "id", &link.id);
            return Err(InputError::new(
                file,
                format!(
                    "duplicate link id \"{}\": each link needs its own id",
                    link.id
                ),
            )
            .at(second.map(|o| locate::position_of(blanked, o)))
            .in_link(Some(link.id.clone()))
            .field("id"));
        }
        if link.count == 0 {
            let at = link_offset(blanked, &link.id)
                .and_then(|o| locate::find_field(blanked, o, "count"));
            return Err(
                InputError::new(file, "expected a count of 1 or more, found 0")
                    .at(at.map(|o| locate::position_of(blanked, o)).or_else(here))
                    .in_link(Some(link.id.clone()))
                    .field("count"),
            );
        }
        let harness_at = link
            .path
            .iter()
            .position(|e| matches!(e, Element::Harness(_)));
        let shape = match harness_at {
            Some(i) if i + 1 != link.path.len() => Some((
                format!("path[{i}]"),
                "expected a harness only as the last element of the path (its legs go in `legs`)",
            )),
            Some(i) if link.legs.is_empty() => Some((
                format!("path[{i}]"),
                "expected `legs` after a harness: each used leg with its id and far transceiver",
            )),
            None if !link.legs.is_empty() => Some((
                "legs".to_owned(),
                "expected a harness as the last element of the path for a link with legs",
            )),
            _ => None,
        };
        if let Some((field, message)) = shape {
            return Err(InputError::new(file, message)
                .at(here())
                .in_link(Some(link.id.clone()))
                .field(field));
        }
        if link.legs.is_empty() {
            continue;
        }
        // Which leg holds each harness leg number (numbers are one byte).
        let mut holder: [Option<usize>; 256] = [None; 256];
        for (k, leg) in link.legs.iter().enumerate() {
            if let Some(j) = leg
                .path
                .iter()
                .position(|e| matches!(e, Element::Harness(_)))
            {
                return Err(InputError::new(
                    file,
                    "expected no harness in a leg's own path: a link has one harness, at the end of its shared path",
                )
                .at(here())
                .in_link(Some(link.id.clone()))
                .field(format!("legs[{k}].path[{j}]")));
            }
            let number = link.leg_number(k);
            if let Some(first) = holder[usize::from(number)].replace(k) {
                return Err(InputError::new(
                    file,
                    format!(
                        "expected each leg on a harness leg of its own, found leg {number} used by \"{}\" too",
                        link.legs[first].id
                    ),
                )
                .at(here())
                .in_link(Some(link.id.clone()))
                .field(format!("legs[{k}].leg")));
            }
            if leg.id.trim().is_empty() || !seen.insert(leg.id.as_str()) {
                let at = locate::find_keyed(blanked, 0, "id", &leg.id)
                    .and_then(|first| locate::find_keyed(blanked, first + 1, "id", &leg.id))
                    .map(|o| locate::position_of(blanked, o));
                return Err(InputError::new(
                    file,
                    format!(
                        "expected a leg id of its own, found \"{}\": legs and links each need their own id",
                        leg.id
                    ),
                )
                .at(at.or_else(here))
                .in_link(Some(link.id.clone()))
                .field(format!("legs[{k}].id")));
            }
        }
    }
    Ok(())
}

fn link_offset(blanked: &str, id: &str) -> Option<usize> {
    locate::find_keyed(blanked, 0, "id", id)
}

fn nth_link(blanked: &str, n: usize) -> Option<crate::io::error::TextPosition> {
    locate::nth_list_item(blanked, 0, "links", n).map(|o| locate::position_of(blanked, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::builtin().expect("the built-in catalog loads")
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("written");
        path
    }

    /// A saved design is streamed to its file byte for byte as `ron` lays
    /// the whole text out (examples, a generated design, and a design at
    /// an older format, written at the current one).
    #[test]
    fn a_design_saved_streamed_is_the_text_laid_out_whole() {
        let catalog = catalog();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/examples");
        let mut designs: Vec<Design> = std::fs::read_dir(&examples)
            .expect("the examples are there")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
            .map(|e| load(&e.path(), &catalog).expect("an example loads").design)
            .collect();
        assert!(designs.len() >= 5, "{}", designs.len());
        designs.push(crate::model::synthetic::synthetic_design(&catalog, 200, 5));
        let mut old = designs[0].clone();
        old.format = OLDEST_FORMAT;
        designs.push(old);
        for design in designs {
            let mut current = design.clone();
            current.format = FORMAT_VERSION;
            let config = ron::ser::PrettyConfig::new()
                .depth_limit(4)
                .indentor("    ".to_owned())
                .struct_names(true);
            let body = ron_format::options()
                .to_string_pretty(&current, config)
                .expect("ron writes it");
            let whole = format!("// mpo-budget design file\n{body}\n");
            let path = dir.path().join("saved.ron");
            save(&path, &design).expect("saved");
            let saved = std::fs::read_to_string(&path).expect("read back");
            assert_eq!(saved, whole, "{}", design.name);
            assert_eq!(to_text(&design), whole, "{}", design.name);
        }
    }

    /// Read in windows of any size (down to one byte, so links, strings and
    /// characters are cut everywhere), a design is what the whole text reads.
    #[test]
    fn a_design_read_in_windows_is_the_design_read_whole() {
        let catalog = catalog();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let generated = to_text(&crate::model::synthetic::synthetic_design(&catalog, 300, 9));
        let shared = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/examples/shared-row.ron"),
        )
        .expect("the example is there");
        for (name, text) in [
            ("generated.ron", generated.clone()),
            ("bom.ron", format!("\u{feff}{generated}")),
            ("shared.ron", shared),
            (
                "names.ron",
                generated.replacen("name: \"", "name: \"Zürich hall 3 — ", 1),
            ),
        ] {
            let path = write(dir.path(), name, &text);
            let whole = parse(name, &text, &catalog).expect("reads whole");
            for window in [1, 7, 100, 4096, 1 << 20] {
                let streamed = load_with(
                    &path,
                    &catalog,
                    0,
                    window,
                    &AtomicU64::new(0),
                    Expansions::Kept,
                )
                .expect("reads in windows");
                assert_eq!(streamed, whole, "{name} in windows of {window}");
            }
        }
    }

    /// An error in a design read in windows is placed as in the whole text.
    #[test]
    fn errors_in_a_design_read_in_windows_are_placed_as_in_the_whole() {
        let catalog = catalog();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let text = to_text(&crate::model::synthetic::synthetic_design(&catalog, 60, 4));
        let middle = text.len() / 2;
        let at = middle + text[middle..].find("grade: \"").expect("a grade");
        let unknown = format!("{}grade: \"no-such{}", &text[..at], &text[at + 8..]);
        let broken = format!("{}grade: {}", &text[..at], &text[at + 8..]);
        for (name, text, expected) in [
            (
                "unknown.ron",
                unknown,
                ":467:99: link \"L00030\" field `path[6].grade`: unknown grade \"no-suchmtp\"",
            ),
            (
                "broken.ron",
                broken,
                ":467:105: link \"L00030\" field `path[6]`: RON syntax error: Expected string",
            ),
        ] {
            let path = write(dir.path(), name, &text);
            let whole = parse(&display_name(&path), &text, &catalog).expect_err("refused");
            let streamed = load_with(
                &path,
                &catalog,
                0,
                512,
                &AtomicU64::new(0),
                Expansions::Kept,
            )
            .expect_err("refused");
            assert_eq!(streamed.to_string(), whole.to_string(), "{name}");
            assert!(whole.to_string().contains(expected), "{whole}");
        }
    }
}

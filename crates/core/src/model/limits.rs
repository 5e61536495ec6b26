//! The largest values a design may hold. Past each, a file is refused at the
//! field, with the limit named, before anything is computed: no figure can
//! wrap, no loop or plot can run away, and the GUI and the CLI see the same
//! design. They are bounds on input, far beyond any real channel, not
//! figures about fiber (those are in `catalog/*.ron`).

use serde::{Deserialize, Deserializer};

/// Longest cable or cord: 100 km, beyond any channel a transceiver in the
/// catalog reaches (single-mode LR/ER: 10–40 km).
pub const MAX_LENGTH_M: f64 = 100_000.0;

/// Most identical links one entry stands for: ten million channels.
pub const MAX_LINK_COUNT: u32 = 10_000_000;

/// Most fusion splices inside one cable.
pub const MAX_SPLICES_PER_CABLE: u32 = 1_000;

/// Most elements in one link's path (cables, cords, adapters, splices,
/// cassettes): a real channel has fewer than twenty.
pub const MAX_PATH_ELEMENTS: usize = 10_000;

/// Most adapter ports in one panel (a 4U panel holds a few hundred).
pub const MAX_PANEL_PORTS: u32 = 1_000;

/// Longest link id, and longest design name, in characters.
pub const MAX_ID_CHARS: usize = 256;
pub const MAX_NAME_CHARS: usize = 1_000;

/// A link's, element's or part's place as compact lists keep it (the shared
/// parts' use lists, the app's indexes): a design file is bounded in bytes
/// (`design_file::MAX_DESIGN_BYTES`), so it holds far fewer of each than a
/// u32 counts; a place past that would read as `u32::MAX`, never wrap.
pub fn place(k: usize) -> u32 {
    u32::try_from(k).unwrap_or(u32::MAX)
}

/// `count`: 1 to [`MAX_LINK_COUNT`].
pub fn link_count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = u64::deserialize(d)?;
    match u32::try_from(n) {
        Ok(n) if n <= MAX_LINK_COUNT => Ok(n),
        _ => Err(serde::de::Error::custom(format!(
            "count: expected at most {MAX_LINK_COUNT} identical links (the limit), found {n}"
        ))),
    }
}

/// `splices`: 0 to [`MAX_SPLICES_PER_CABLE`].
pub fn cable_splices<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = u64::deserialize(d)?;
    match u32::try_from(n) {
        Ok(n) if n <= MAX_SPLICES_PER_CABLE => Ok(n),
        _ => Err(serde::de::Error::custom(format!(
            "splices: expected at most {MAX_SPLICES_PER_CABLE} splices in one cable (the limit), found {n}"
        ))),
    }
}

/// A panel's `ports`: at most [`MAX_PANEL_PORTS`].
pub fn panel_ports<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let n = u64::deserialize(d)?;
    match u32::try_from(n) {
        Ok(n) if n <= MAX_PANEL_PORTS => Ok(Some(n)),
        _ => Err(serde::de::Error::custom(format!(
            "ports: expected at most {MAX_PANEL_PORTS} ports in one panel (the limit), found {n}"
        ))),
    }
}

/// `id`: at most [`MAX_ID_CHARS`] characters.
pub fn link_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    bounded_text(d, "id", "a link id", MAX_ID_CHARS)
}

/// A link's rack or port label: at most [`MAX_ID_CHARS`] characters.
pub fn label<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    bounded_text(d, "label", "a rack or port label", MAX_ID_CHARS).map(Some)
}

/// `name`: at most [`MAX_NAME_CHARS`] characters.
pub fn design_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    bounded_text(d, "name", "a design name", MAX_NAME_CHARS)
}

fn bounded_text<'de, D: Deserializer<'de>>(
    d: D,
    field: &str,
    what: &str,
    max: usize,
) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    let n = s.chars().count();
    if n > max {
        return Err(serde::de::Error::custom(format!(
            "{field}: expected {what} of at most {max} characters (the limit), found {n}"
        )));
    }
    Ok(s)
}

/// `path`: at most [`MAX_PATH_ELEMENTS`] elements, refused as soon as the
/// limit is passed (nothing more is read or kept).
pub fn link_path<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Bounded<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Bounded<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "a list of at most {MAX_PATH_ELEMENTS} path elements")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // Gathered in a buffer and kept at their exact count: a path
            // grown by doubling held 8 places for 5 elements, a third of a
            // million-link design's memory wasted.
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(16).min(64));
            while let Some(e) = seq.next_element()? {
                if out.len() == MAX_PATH_ELEMENTS {
                    return Err(serde::de::Error::custom(format!(
                        "path: expected at most {MAX_PATH_ELEMENTS} elements in one link's path (the limit), found more"
                    )));
                }
                out.push(e);
            }
            // Not `mem::take`: that keeps the buffer's spare places.
            #[allow(clippy::drain_collect)]
            Ok(out.drain(..).collect())
        }
    }
    d.deserialize_seq(Bounded(std::marker::PhantomData))
}

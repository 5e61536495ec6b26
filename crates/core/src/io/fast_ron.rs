//! A fast reader for the RON that design files are written in.
//!
//! The `ron` crate reads a 100,000-link design in about 0.7 s, four times what
//! serde_json takes for the same data; two thirds of opening a large design
//! was that parser. This reader knows the part of the grammar that design
//! files use (named and unnamed structs, lists, tuples, plain strings,
//! decimal numbers, unit and struct-like enum variants, bare optional values,
//! comments) and reads it at serde_json's speed, straight into the same
//! serde types.
//!
//! It never decides what a file means on its own: anything it does not know
//! (an escape in a string, `Some(..)`, a hex number, a raw identifier, a
//! non-ASCII character outside a string) or any error makes it give up, and
//! the caller reads the text with `ron` instead, which accepts the same
//! files and places its errors. So for every text it either returns exactly
//! what `ron` (with [`crate::io::ron_format::options`]) returns, or nothing.

use serde::de::{self, DeserializeSeed, Visitor};

/// Gave up: the text uses something this reader leaves to `ron`, or has an
/// error that `ron` will place and describe.
#[derive(Debug)]
pub struct GaveUp;

impl std::fmt::Display for GaveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left to the full RON parser")
    }
}

impl std::error::Error for GaveUp {}

impl de::Error for GaveUp {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        GaveUp
    }
}

type Result<T> = std::result::Result<T, GaveUp>;

/// The whole of `text` as a `T`, or `None` when `ron` must read it.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str) -> Option<T> {
    let mut reader = Reader::new(text);
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_ws().ok()?;
    (reader.pos == reader.src.len()).then_some(value)
}

/// What a byte is to an identifier: part of one, ends one, or makes it one
/// this reader leaves to ron (non-ASCII, `#` of a raw identifier, and the
/// `.`, `+`, `-` that ron reads as part of an identifier).
const IN_IDENT: u8 = 1;
const ENDS_IDENT: u8 = 0;
const NOT_ASCII_IDENT: u8 = 2;
const IDENT: [u8; 256] = {
    let mut table = [ENDS_IDENT; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() || c == b'_' {
            IN_IDENT
        } else if c >= 0x80 || c == b'#' || c == b'.' || c == b'+' || c == b'-' {
            NOT_ASCII_IDENT
        } else {
            ENDS_IDENT
        };
        b += 1;
    }
    table
};

/// Whether a byte may start whitespace or a comment, or is one this reader
/// leaves to ron (other ASCII whitespace, any non-ASCII byte outside a string).
fn starts_ws(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'/' || b >= 0x80
}

pub struct Reader<'de> {
    text: &'de str,
    src: &'de [u8],
    pos: usize,
    /// Just inside `Variant(`: the variant's struct is written without its own
    /// name and brackets (ron's `unwrap_variant_newtypes`).
    in_newtype_variant: bool,
}

impl<'de> Reader<'de> {
    pub fn new(text: &'de str) -> Self {
        Self {
            text,
            src: text.as_bytes(),
            pos: 0,
            in_newtype_variant: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// Skips whitespace and comments (line comments and nested block comments).
    /// It comes before every token, and most tokens follow nothing or one
    /// space: those two are decided here, inline; the rest in [`Self::skip_ws_run`].
    #[inline]
    pub fn skip_ws(&mut self) -> Result<()> {
        match self.peek() {
            Some(b) if !starts_ws(b) => Ok(()),
            Some(b' ') if self.src.get(self.pos + 1).is_some_and(|&b| !starts_ws(b)) => {
                self.pos += 1;
                Ok(())
            }
            _ => self.skip_ws_run(),
        }
    }

    /// Skips a run of whitespace and comments.
    #[inline(never)]
    fn skip_ws_run(&mut self) -> Result<()> {
        // Most tokens follow a space or a line's indent, or nothing at all;
        // indents are taken eight spaces at a time.
        while self.src.get(self.pos..self.pos + 8) == Some(b"        ") {
            self.pos += 8;
        }
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
        if self.peek().is_none_or(|b| {
            !matches!(b, b'\n' | b'\t' | b'\r' | b'/') && b < 0x80 && !b.is_ascii_whitespace()
        }) {
            return Ok(());
        }
        loop {
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.pos += 1,
                Some(b'/') => match self.src.get(self.pos + 1) {
                    Some(b'/') => {
                        let rest = &self.src[self.pos..];
                        self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    }
                    Some(b'*') => self.skip_block_comment()?,
                    _ => return Err(GaveUp),
                },
                // Other whitespace ron knows (vertical tab, Unicode spaces) is left to it.
                Some(b) if b.is_ascii_whitespace() || b >= 0x80 => return Err(GaveUp),
                _ => return Ok(()),
            }
        }
    }

    fn skip_block_comment(&mut self) -> Result<()> {
        let mut depth = 0usize;
        while self.pos + 1 < self.src.len() {
            match (self.src[self.pos], self.src[self.pos + 1]) {
                (b'/', b'*') => {
                    depth += 1;
                    self.pos += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => self.pos += 1,
            }
        }
        Err(GaveUp)
    }

    fn eat(&mut self, byte: u8) -> Result<()> {
        self.skip_ws()?;
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(GaveUp)
        }
    }

    /// After a value in a list, struct or tuple: `,` (then maybe the close)
    /// or the close. True when the close was reached.
    fn after_item(&mut self, close: u8) -> Result<bool> {
        self.skip_ws()?;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.at_close(close)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(GaveUp),
        }
    }

    /// Consumes `close` if it is next.
    fn at_close(&mut self, close: u8) -> Result<bool> {
        self.skip_ws()?;
        if self.peek() == Some(close) {
            self.pos += 1;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// An ASCII identifier: a letter or `_`, then letters, digits and `_`.
    fn identifier(&mut self) -> Result<&'de str> {
        self.skip_ws()?;
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.pos += 1,
            _ => return Err(GaveUp),
        }
        let len = self.src[self.pos..]
            .iter()
            .position(|&b| IDENT[usize::from(b)] != IN_IDENT)
            .unwrap_or(self.src.len() - self.pos);
        self.pos += len;
        // Unicode identifiers and raw identifiers (`r#x`) are ron's.
        if self
            .peek()
            .is_some_and(|b| IDENT[usize::from(b)] == NOT_ASCII_IDENT)
        {
            return Err(GaveUp);
        }
        self.slice(start)
    }

    /// The text from `start` to here (cut at ASCII bytes: char boundaries).
    fn slice(&self, start: usize) -> Result<&'de str> {
        self.text.get(start..self.pos).ok_or(GaveUp)
    }

    /// A string without escapes, borrowed from the text.
    fn string(&mut self) -> Result<&'de str> {
        self.eat(b'"')?;
        let start = self.pos;
        let rest = &self.src[start..];
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\')
            .ok_or(GaveUp)?;
        if rest[len] == b'\\' {
            return Err(GaveUp);
        }
        let text = self.text.get(start..start + len).ok_or(GaveUp);
        self.pos = start + len + 1;
        text
    }

    /// The bytes of a decimal number: `-?digits(.digits)?([eE][+-]?digits)?`,
    /// not followed by a letter, digit, `_` or `.` (suffixes, `inf`, hex and
    /// underscores are ron's).
    fn number(&mut self, float: bool) -> Result<&'de str> {
        self.skip_ws()?;
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.pos += 1;
            }
            if r.pos == from { Err(GaveUp) } else { Ok(()) }
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        digits(self)?;
        if float {
            if self.peek() == Some(b'.') {
                self.pos += 1;
                digits(self)?;
            }
            if matches!(self.peek(), Some(b'e' | b'E')) {
                self.pos += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
                digits(self)?;
            }
        }
        if self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.') || b >= 0x80)
        {
            return Err(GaveUp);
        }
        self.slice(start)
    }

    /// Where the reader is, in bytes from the start of its text.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// True when only whitespace and comments are left.
    pub fn at_end(&mut self) -> Result<bool> {
        self.skip_ws()?;
        Ok(self.pos == self.src.len())
    }

    /// Consumes `byte` (after whitespace) if it is next.
    pub fn eat_if(&mut self, byte: u8) -> Result<bool> {
        self.skip_ws()?;
        Ok(self.peek() == Some(byte) && {
            self.pos += 1;
            true
        })
    }

    /// `name:` of a struct's field, or `None` at its closing bracket.
    pub fn field_name(&mut self) -> Result<Option<&'de str>> {
        if self.at_close(b')')? {
            return Ok(None);
        }
        let name = self.identifier()?;
        self.eat(b':')?;
        Ok(Some(name))
    }

    /// The opening of a struct named `name`: `name(` or `(`.
    pub fn struct_start(&mut self, name: &str) -> Result<()> {
        self.skip_ws()?;
        if self.peek() != Some(b'(') && self.identifier()? != name {
            return Err(GaveUp);
        }
        self.eat(b'(')
    }

    /// Steps over one value without reading it (brackets balanced by count
    /// only: what is skipped is read properly afterwards), up to the `,` or
    /// closing bracket after it.
    pub fn skip_value(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            self.skip_ws()?;
            match self.peek().ok_or(GaveUp)? {
                b'"' => {
                    self.string()?;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b',' | b')' | b']' | b'}' if depth == 0 => return Ok(()),
                b')' | b']' | b'}' => {
                    depth -= 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// After a field's value: `,` or the struct's `)`; true at the `)`.
    pub fn after_field(&mut self) -> Result<bool> {
        self.after_item(b')')
    }

    fn unsigned(&mut self) -> Result<u64> {
        self.number(false)?.parse().map_err(|_| GaveUp)
    }

    fn signed(&mut self) -> Result<i64> {
        self.number(false)?.parse().map_err(|_| GaveUp)
    }

    fn float(&mut self) -> Result<f64> {
        self.number(true)?.parse().map_err(|_| GaveUp)
    }

    /// Anything but a struct may not stand for a variant's unwrapped value.
    fn plain(&self) -> Result<()> {
        if self.in_newtype_variant {
            Err(GaveUp)
        } else {
            Ok(())
        }
    }

    /// The next token is `word` as a whole identifier.
    fn next_is_word(&mut self, word: &str) -> Result<bool> {
        self.skip_ws()?;
        let end = self.pos + word.len();
        Ok(self.src.get(self.pos..end) == Some(word.as_bytes())
            && !self
                .src
                .get(end)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b >= 0x80))
    }
}

macro_rules! unsupported {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
            Err(GaveUp)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GaveUp;

    unsupported!(
        deserialize_any deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_map deserialize_ignored_any deserialize_f32
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        match self.identifier()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(GaveUp),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        visitor.visit_i64(self.signed()?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        visitor.visit_u64(self.unsigned()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        visitor.visit_borrowed_str(self.string()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// Optional values are written bare (`fiber: "OS2"`) or `None`; an
    /// explicit `Some(..)` is left to ron.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        if self.next_is_word("None")? {
            self.pos += "None".len();
            visitor.visit_none()
        } else if self.next_is_word("Some")? {
            Err(GaveUp)
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        self.eat(b'(')?;
        self.eat(b')')?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.plain()?;
        self.eat(b'[')?;
        visitor.visit_seq(Items {
            reader: self,
            close: b']',
            done: false,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.plain()?;
        self.eat(b'(')?;
        visitor.visit_seq(Items {
            reader: self,
            close: b')',
            done: false,
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value> {
        Err(GaveUp)
    }

    /// `Name(field: value, …)` or `(field: value, …)`; inside `Variant(` just
    /// the fields.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if std::mem::take(&mut self.in_newtype_variant) {
            self.eat(b'(')?;
        } else {
            self.skip_ws()?;
            if self.peek() != Some(b'(') && self.identifier()? != name {
                return Err(GaveUp);
            }
            self.eat(b'(')?;
        }
        visitor.visit_map(Fields {
            reader: self,
            done: false,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.plain()?;
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }
}

/// The items of a list or tuple.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = GaveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done || self.reader.at_close(self.close)? {
            self.done = true;
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.done = self.reader.after_item(self.close)?;
        Ok(Some(value))
    }
}

/// The fields of a struct, up to its `)`.
struct Fields<'a, 'de> {
    reader: &'a mut Reader<'de>,
    done: bool,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = GaveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done || self.reader.at_close(b')')? {
            self.done = true;
            return Ok(None);
        }
        let key = seed.deserialize(&mut *self.reader)?;
        self.reader.eat(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.done = self.reader.after_item(b')')?;
        Ok(value)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = GaveUp;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.identifier()?;
        let value = seed.deserialize(de::value::BorrowedStrDeserializer::<GaveUp>::new(name))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = GaveUp;

    /// `Cord`; `Cord()` and the like are ron's.
    fn unit_variant(self) -> Result<()> {
        self.skip_ws()?;
        if self.peek() == Some(b'(') {
            Err(GaveUp)
        } else {
            Ok(())
        }
    }

    /// `Cable(role: Cord, …)`: the variant's struct, unwrapped.
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.skip_ws()?;
        if self.peek() != Some(b'(') {
            return Err(GaveUp);
        }
        self.in_newtype_variant = true;
        let value = seed.deserialize(&mut *self)?;
        // Still set: the value was not a struct (a bare `Variant("x")`), ron's.
        if self.in_newtype_variant {
            return Err(GaveUp);
        }
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(GaveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.eat(b'(')?;
        visitor.visit_map(Fields {
            reader: self,
            done: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::io::ron_format;
    use crate::model::Design;

    fn by_ron(text: &str) -> Option<Design> {
        ron_format::options().from_str(text).ok()
    }

    /// Every design in the repository (examples and test data, good and bad):
    /// the fast reader returns what ron returns, or leaves the text to it.
    #[test]
    fn agrees_with_ron_on_every_design_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut read_fast = 0;
        for dir in ["assets/examples", "assets/examples/format-1", "tests/data"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("the folder is there") {
                let path = entry.expect("an entry").path();
                if path.extension().is_none_or(|e| e != "ron") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable");
                let fast = from_str::<Design>(&text);
                if let Some(fast) = &fast {
                    read_fast += 1;
                    assert_eq!(Some(fast), by_ron(&text).as_ref(), "{}", path.display());
                }
            }
        }
        // The examples and the good test designs at least.
        assert!(read_fast >= 12, "only {read_fast} designs read fast");
    }

    #[test]
    fn agrees_with_ron_on_generated_designs() {
        let catalog = Catalog::builtin().expect("the built-in catalog loads");
        for seed in 0..20 {
            let design = crate::model::synthetic::synthetic_design(&catalog, 50, seed);
            let text = crate::io::design_file::to_text(&design);
            let fast = from_str::<Design>(&text).expect("the writer's own RON reads fast");
            assert_eq!(Some(&fast), by_ron(&text).as_ref());
            assert_eq!(fast.links, design.links);
        }
    }

    /// What it leaves to ron: each of these ron reads (or refuses) itself.
    #[test]
    fn gives_up_on_what_it_does_not_know() {
        let link = |fields: &str| {
            format!(
                "Design(format: 2, name: \"x\", links: [Link(id: \"a\", transceiver: \"100GBASE-SR4\", fiber: \"OM4\", path: [{fields}])])"
            )
        };
        let plain = link(
            "Cable(role: Cord, length_m: 3.0, fibers: 12, polarity: B, ends: (Female, Female), grade: \"mtp\")",
        );
        assert!(from_str::<Design>(&plain).is_some());
        for (what, text) in [
            ("an escape", plain.replace("\"x\"", "\"x\\ty\"")),
            (
                "Some(..)",
                plain.replace("grade: \"mtp\"", "grade: \"mtp\", fiber: Some(\"OM3\")"),
            ),
            ("hex", plain.replace("fibers: 12", "fibers: 0xC")),
            (
                "an underscore",
                plain.replace("length_m: 3.0", "length_m: 3_0.0"),
            ),
            (
                "a suffix",
                plain.replace("length_m: 3.0", "length_m: 3.0f64"),
            ),
            ("inf", plain.replace("length_m: 3.0", "length_m: inf")),
            (
                "an attribute",
                format!("#![enable(implicit_some)]\n{plain}"),
            ),
            ("a vertical tab", plain.replace("links:", "\u{b}links:")),
            ("a wrong struct name", plain.replace("Link(", "Lnk(")),
            (
                "an unknown field",
                plain.replace("fiber: \"OM4\"", "fibre: \"OM4\""),
            ),
            (
                "a unit variant with brackets",
                plain.replace("role: Cord", "role: Cord()"),
            ),
            ("a trailing word", format!("{plain} x")),
            ("an unclosed comment", format!("{plain} /* x")),
            (
                "a duplicate field",
                plain.replace("fibers: 12", "fibers: 12, fibers: 12"),
            ),
        ] {
            assert!(from_str::<Design>(&text).is_none(), "{what}: {text}");
        }
        // Comments, trailing commas, integers for lengths and `None` it reads.
        let commented = plain
            .replace("Design(", "// a design\nDesign( /* nested /* */ */")
            .replace("length_m: 3.0", "length_m: 3")
            .replace("grade: \"mtp\")", "grade: \"mtp\", fiber: None,),");
        let fast = from_str::<Design>(&commented).expect("reads");
        assert_eq!(Some(fast), by_ron(&commented));
    }
}

//! The errors a user can reach: each names the file, the line:column where it
//! is known, the link and the field, and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::io::terminal::terminal_safe_line;

/// A design, catalog or price file that cannot be used. Boxed, so results
/// that carry it stay small.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct InputError(Box<InputErrorDetails>);

#[derive(Debug, Clone, PartialEq)]
pub struct InputErrorDetails {
    pub file: String,
    pub position: Option<TextPosition>,
    /// The link (in a design) or entry (in a catalog) the error is in.
    pub link: Option<String>,
    /// "link" or "entry".
    pub link_word: &'static str,
    pub field: Option<String>,
    /// The part a `path[i]` field is in, as the app's editor names it
    /// ("cable 1"); not in the printed message, which keeps its form.
    pub part: Option<String>,
    pub message: String,
    /// Further errors found in the same pass (a link schedule's bad rows),
    /// each printed on a line of its own under this one.
    pub more: Vec<InputError>,
}

/// 1-based line and column in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPosition {
    pub line: usize,
    pub column: usize,
}

impl std::ops::Deref for InputError {
    type Target = InputErrorDetails;
    fn deref(&self) -> &InputErrorDetails {
        &self.0
    }
}

impl InputError {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self(Box::new(InputErrorDetails {
            file: file.into(),
            position: None,
            link: None,
            link_word: "link",
            field: None,
            part: None,
            message: message.into(),
            more: Vec::new(),
        }))
    }

    /// This error with others found in the same pass listed under it.
    pub fn with_more(mut self, more: Vec<InputError>) -> Self {
        self.0.more = more;
        self
    }

    /// This error and every one listed under it.
    pub fn all(&self) -> impl Iterator<Item = &InputError> {
        std::iter::once(self).chain(self.more.iter())
    }

    pub fn at(mut self, position: Option<TextPosition>) -> Self {
        self.0.position = position;
        self
    }

    pub fn in_link(mut self, link: Option<String>) -> Self {
        self.0.link = link;
        self
    }

    /// Names the id as a catalog entry rather than a link.
    pub fn in_entry(mut self, entry: Option<String>) -> Self {
        self.0.link = entry;
        self.0.link_word = "entry";
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.0.field = Some(field.into());
        self
    }

    /// Names the path part the field is in, as the editor does ("cable 1").
    pub fn part(mut self, part: Option<String>) -> Self {
        self.0.part = part;
        self
    }

    /// The field as the app's editor names it: "cable 1, fibers" for
    /// `path[0].fibers`; the field itself where it is in no part.
    pub fn field_in_words(&self) -> Option<String> {
        let field = self.field.as_deref()?;
        Some(match &self.part {
            Some(part) => match field.rsplit_once('.') {
                Some((_, name)) if field.starts_with("path[") => format!("{part}, {name}"),
                _ => part.clone(),
            },
            None => field.to_owned(),
        })
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Ids, names and file names come from the user's files: escaped, so
        // they cannot drive the terminal.
        let line = self.line();
        f.write_str(&terminal_safe_line(&line))?;
        for more in &self.more {
            f.write_str("\n")?;
            f.write_str(&terminal_safe_line(&more.line()))?;
        }
        Ok(())
    }
}

impl InputError {
    fn line(&self) -> String {
        let mut f = String::new();
        let _ = self.write_line(&mut f);
        f
    }

    fn write_line(&self, f: &mut String) -> fmt::Result {
        use std::fmt::Write as _;
        write!(f, "{}", self.file)?;
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        write!(f, ":")?;
        if let Some(link) = &self.link {
            // As the file writes it: `"a\"b"`, not `"a"b"`.
            let quoted = link.replace('\\', "\\\\").replace('"', "\\\"");
            write!(f, " {} \"{quoted}\"", self.link_word)?;
        }
        if let Some(field) = &self.field {
            write!(f, " field `{field}`")?;
        }
        if self.link.is_some() || self.field.is_some() {
            write!(f, ":")?;
        }
        write!(f, " {}", self.message)
    }
}

/// A save that did not happen; the target file is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("{}: could not save: {source}", terminal_safe_line(&path.display().to_string()))]
pub struct SaveError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

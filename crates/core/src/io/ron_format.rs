//! The RON dialect of design and catalog files, and how its errors are reported.

use ron::extensions::Extensions;
use ron::options::Options;

use crate::io::error::{InputError, TextPosition};
use crate::io::locate;

/// `Cable(role: Cord, …)` is a path element written without a wrapper, and
/// optional fields are written bare (`fiber: "OS2"`, not `Some("OS2")`).
pub fn options() -> Options {
    Options::default()
        .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_default_extension(Extensions::IMPLICIT_SOME)
}

/// A parser error as a user error: position, enclosing entry id and message.
/// `link_word` is "link" for designs, "entry" for catalogs.
pub fn parse_error(
    file: &str,
    text: &str,
    err: &ron::error::SpannedError,
    link_word: &'static str,
) -> InputError {
    let position = TextPosition {
        line: err.span.start.line,
        column: err.span.start.col,
    };
    let offset = offset_of(text, position);
    let blanked = locate::blank_comments(text);
    let context = locate::context_at(&blanked, offset);
    let message = describe(&err.code);
    let syntax = is_syntax(&err.code);
    // A missing field of the outermost struct (a design's `format`) belongs
    // to no entry: the error is placed at its closing bracket.
    let top_level = matches!(err.code, ron::Error::MissingStructField { .. }) && context.depth <= 1;
    let entry = if top_level { None } else { context.entry };
    let field = match (field_of(&err.code), context.field) {
        // A figure type names its field generically (`fibers:`); the text
        // says which one it is (`mpo_fibers:`).
        (Some(generic), Some(actual)) if actual.ends_with(&format!("_{generic}")) => Some(actual),
        (Some(f), _) => Some(f),
        // An unknown variant starts a value: the field is the one it is the
        // value of, or none for an item of a list.
        (None, actual) if !syntax => actual,
        (None, _) => None,
    };
    // Inside a link's path, name the element: `path[2].fibers`, and for the
    // app, as its editor does: "cable 1" (the first Cable of the path).
    let element = if top_level { None } else { context.path_item };
    let part = element.and_then(|i| {
        let kind = context.path_kinds.get(i)?;
        let nth = context.path_kinds[..=i]
            .iter()
            .filter(|k| *k == kind)
            .count();
        Some(format!("{} {nth}", crate::model::noun_of_kind(kind)?))
    });
    let field = match (element, field) {
        (Some(i), Some(f)) => Some(format!("path[{i}].{f}")),
        (Some(i), None) => Some(format!("path[{i}]")),
        (None, f) => f,
    };
    let message = if syntax {
        format!("RON syntax error: {message}")
    } else {
        message
    };
    let (message, position) = if top_level {
        // Placed at the outermost struct's opening, where the field belongs.
        let start = blanked.len() - blanked.trim_start().len();
        let message = match &err.code {
            ron::Error::MissingStructField { field, outer }
                if outer.as_deref() == Some("Design") =>
            {
                if *field == "format" {
                    format!(
                        "expected `format: {}` at the top of the design, found no format field",
                        crate::model::FORMAT_VERSION
                    )
                } else {
                    format!("expected a `{field}` field at the top of the design, found none")
                }
            }
            _ => message,
        };
        (message, locate::position_of(text, start))
    } else {
        (message, position)
    };
    let mut e = InputError::new(file, message).at(Some(position));
    e = if link_word == "entry" {
        e.in_entry(entry)
    } else {
        e.in_link(entry)
    };
    if let Some(f) = field {
        e = e.field(f).part(part);
    }
    e
}

/// Errors in the text itself, as opposed to a value that does not fit.
fn is_syntax(code: &ron::Error) -> bool {
    !matches!(
        code,
        ron::Error::Message(_)
            | ron::Error::NoSuchEnumVariant { .. }
            | ron::Error::NoSuchStructField { .. }
            | ron::Error::MissingStructField { .. }
            | ron::Error::DuplicateStructField { .. }
            | ron::Error::InvalidValueForType { .. }
            | ron::Error::ExpectedDifferentLength { .. }
    )
}

fn describe(code: &ron::Error) -> String {
    match code {
        ron::Error::Message(m) => match m.split_once(": ") {
            Some((field, rest)) if is_field_name(field) => rest.to_owned(),
            _ => m.clone(),
        },
        other => other.to_string(),
    }
}

fn field_of(code: &ron::Error) -> Option<String> {
    match code {
        ron::Error::Message(m) => m
            .split_once(": ")
            .map(|(f, _)| f)
            .filter(|f| is_field_name(f))
            .map(str::to_owned),
        ron::Error::MissingStructField { field, .. }
        | ron::Error::DuplicateStructField { field, .. } => Some((*field).to_owned()),
        ron::Error::NoSuchStructField { found, .. } => Some(found.clone()),
        _ => None,
    }
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn offset_of(text: &str, p: TextPosition) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(p.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let in_line: usize = text[line_start.min(text.len())..]
        .chars()
        .take(p.column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    (line_start + in_line).min(text.len())
}

//! Reading a user's file: bounded in size, a UTF-8 byte-order mark accepted,
//! invalid UTF-8 refused with the byte offset and line where it starts.

use std::io::Read as _;
use std::path::Path;

use crate::io::error::{InputError, TextPosition, display_name};

/// The largest design file, catalog or price list read: 64 MiB.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the file as text; `what` ("design file", "catalog file", "price
/// list") names it in errors. Never reads more than [`MAX_INPUT_BYTES`] + 1
/// bytes, so `/dev/zero` or a huge file is refused, not read into memory.
pub fn read_text(path: &Path, what: &str) -> Result<String, InputError> {
    read_text_limited(path, what, MAX_INPUT_BYTES)
}

/// As [`read_text`], with `limit` in place of [`MAX_INPUT_BYTES`] (a large
/// design, the app's recovery file).
pub fn read_text_limited(path: &Path, what: &str, limit: u64) -> Result<String, InputError> {
    let file = display_name(path);
    let cannot = |e: std::io::Error| InputError::new(&file, format!("cannot read the {what}: {e}"));
    let f = std::fs::File::open(path).map_err(cannot)?;
    let too_large = || {
        InputError::new(
            &file,
            format!(
                "the {what} is larger than the limit of {} bytes ({} MiB); it was not read",
                limit,
                limit / (1024 * 1024)
            ),
        )
    };
    let regular_len = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
    if regular_len.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    // Sized once from the file's length: growing by doubling copied a large
    // design over and over and touched twice its memory.
    let mut bytes = Vec::with_capacity(usize::try_from(regular_len.unwrap_or(0)).unwrap_or(0));
    f.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(too_large());
    }
    decode(&file, bytes)
}

/// The bytes as text: a leading UTF-8 byte-order mark is dropped; invalid
/// UTF-8 is refused with its byte offset, line and column.
pub fn decode(file: &str, mut bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let good = &e.as_bytes()[..offset];
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        InputError::new(
            file,
            format!("expected UTF-8 text, found an invalid byte at byte offset {offset}"),
        )
        .at(Some(TextPosition { line, column }))
    })
}

/// The text without a leading byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped_and_bad_utf8_is_placed() {
        assert_eq!(
            decode("f", b"\xEF\xBB\xBFabc".to_vec()),
            Ok("abc".to_owned())
        );
        let e = decode("f", b"ab\ncd\xFFe".to_vec()).expect_err("invalid");
        assert_eq!(
            e.to_string(),
            "f:2:3: expected UTF-8 text, found an invalid byte at byte offset 5"
        );
    }

    #[test]
    fn a_file_past_the_limit_is_refused_unread() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("big.ron");
        std::fs::write(&path, vec![b' '; 101])?;
        let e = read_text_limited(&path, "design file", 100).expect_err("too big");
        assert!(
            e.to_string().ends_with(
                "the design file is larger than the limit of 100 bytes (0 MiB); it was not read"
            ),
            "{e}"
        );
        std::fs::write(&path, vec![b' '; 100])?;
        assert_eq!(
            read_text_limited(&path, "design file", 100).map(|t| t.len()),
            Ok(100)
        );
        Ok(())
    }
}

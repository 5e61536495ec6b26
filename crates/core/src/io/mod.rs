//! Design files in and out: the RON dialect, atomic saves, format versions,
//! and errors located at file, line:column, link and field.

pub mod design_file;
pub mod error;
pub mod fast_ron;
pub mod locate;
pub mod read;
pub mod results;
pub mod ron_format;
pub mod schedule;
pub mod terminal;

//! Replacing a file so that a crash at any moment leaves either the old or the
//! new content, never a torn one.
//!
//! The new content goes to a temporary file beside the target, created
//! exclusively (`O_CREAT | O_EXCL`, so a link planted at its name is never
//! followed) under an unpredictable short name (`.mpo-XXXXXX.tmp`), then renamed
//! over the target. The temporary file keeps the target's permissions. A save
//! that fails removes its temporary file; one that is killed leaves it behind,
//! locked by nobody, and the next save into the same directory removes it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

/// Temporary files are `{PREFIX}` + `RAND` letters or digits + `{SUFFIX}`.
const PREFIX: &str = ".mpo-";
const RAND: usize = 6;
const SUFFIX: &str = ".tmp";

pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, |w| w.write_all(bytes))
}

/// As [`write_atomically`], the content given by `write` as it is made: a
/// large file (a million links' design, 600 MB) is streamed to disk, never
/// held whole in memory.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let existing = fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX).rand_bytes(RAND).suffix(SUFFIX);
    #[cfg(unix)]
    if existing.is_none() {
        // A new file gets what `File::create` would give it (0666 less the umask).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    // Held until the rename: a later save's clean-up leaves a locked file alone.
    let _ = temp.as_file().try_lock();
    // Dropping `temp` on any error below removes the temporary file.
    if let Some(permissions) = existing {
        temp.as_file().set_permissions(permissions)?;
    }
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    temp.as_file().sync_all()?;
    let file = temp.persist(path).map_err(|e| e.error)?;
    drop(file);
    // The rename itself is durable only once the directory is synced.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    remove_debris(dir);
    Ok(())
}

/// Removes the temporary files of earlier saves that were killed: files named
/// like ours that no running save holds locked. Links are removed, never followed.
fn remove_debris(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_temp_name(&name.to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        let Ok(file) = File::open(&path) else {
            continue;
        };
        if same_file(&meta, &file) && file.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(unix)]
fn same_file(meta: &fs::Metadata, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    file.metadata()
        .is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
}

#[cfg(not(unix))]
fn same_file(_meta: &fs::Metadata, _file: &File) -> bool {
    true
}

fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.strip_suffix(SUFFIX))
        .is_some_and(|r| r.len() == RAND && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("d.ron");
        fs::write(&target, "old")?;
        write_atomically(&target, b"new")?;
        assert_eq!(fs::read_to_string(&target)?, "new");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("missing-dir").join("d.ron");
        assert!(write_atomically(&target, b"new").is_err());
        assert!(!target.exists());
        Ok(())
    }

    #[test]
    fn temp_names_are_recognised_exactly() {
        assert!(is_temp_name(".mpo-a1B2c3.tmp"));
        assert!(!is_temp_name(".mpo-a1B2c.tmp"));
        assert!(!is_temp_name(".mpo-a1B2c3.tmp~"));
        assert!(!is_temp_name(".d.ron.1234.tmp"));
    }
}

//! Replacing a file so that a crash at any moment leaves either the old or the
//! new content, never a torn one.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    let result = write_and_rename(&temp, path, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_and_rename(temp: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create(temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(temp, path)?;
    // The rename itself is durable only once the directory is synced.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A temporary file beside the target (same file system, so rename is atomic).
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
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
}

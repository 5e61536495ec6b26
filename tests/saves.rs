//! Saves (issue 12 §4): temporary files beside the target are created
//! exclusively under unpredictable short names, never follow a planted link,
//! keep the target's permissions and leave nothing behind.

use std::fs;
use std::path::Path;

use mpo_budget_core::io::design_file::write_atomically;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| {
            e.unwrap_or_else(|e| panic!("{e}"))
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn saving_over_a_0600_file_keeps_0600() -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("secret.ron");
    fs::write(&target, "old")?;
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600))?;
    write_atomically(&target, b"new")?;
    assert_eq!(fs::read_to_string(&target)?, "new");
    assert_eq!(fs::metadata(&target)?.permissions().mode() & 0o777, 0o600);
    // A 0640 file stays 0640 too (not the 0600 a temporary file starts with).
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640))?;
    write_atomically(&target, b"newer")?;
    assert_eq!(fs::metadata(&target)?.permissions().mode() & 0o777, 0o640);
    Ok(())
}

#[test]
fn a_254_character_file_name_saves() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let name = format!("{}.ron", "a".repeat(250));
    assert_eq!(name.len(), 254);
    let target = dir.path().join(&name);
    write_atomically(&target, b"first")?;
    write_atomically(&target, b"second")?;
    assert_eq!(fs::read_to_string(&target)?, "second");
    assert_eq!(names(dir.path()), vec![name]);
    Ok(())
}

#[cfg(unix)]
#[test]
fn links_planted_beside_the_target_are_never_followed() -> std::io::Result<()> {
    let outside = tempfile::tempdir()?;
    let victim = outside.path().join("victim.txt");
    fs::write(&victim, "precious")?;
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("d.ron");
    // Every name an earlier build used for this process, and names shaped like
    // today's temporary files, point at the victim.
    let pid = std::process::id();
    let mut planted = vec![
        format!(".d.ron.{pid}.tmp"),
        format!(".d.ron.{}.tmp", pid + 1),
    ];
    for n in 0..50 {
        planted.push(format!(".mpo-{n:06}.tmp"));
    }
    for name in &planted {
        std::os::unix::fs::symlink(&victim, dir.path().join(name))?;
    }
    for n in 0..20 {
        write_atomically(&target, format!("save {n}").as_bytes())?;
    }
    assert_eq!(fs::read_to_string(&target)?, "save 19");
    assert_eq!(fs::read_to_string(&victim)?, "precious");
    // The links are still links (neither followed nor replaced by a file).
    for name in &planted {
        let m = fs::symlink_metadata(dir.path().join(name))?;
        assert!(m.file_type().is_symlink(), "{name}");
    }
    Ok(())
}

#[test]
fn a_failed_save_leaves_no_debris_and_the_old_target() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    // The target is a non-empty directory: the rename over it fails.
    let target = dir.path().join("d.ron");
    fs::create_dir(&target)?;
    fs::write(target.join("keep"), "x")?;
    assert!(write_atomically(&target, b"new").is_err());
    assert_eq!(names(dir.path()), vec!["d.ron".to_owned()]);
    assert_eq!(fs::read_to_string(target.join("keep"))?, "x");
    Ok(())
}

#[test]
fn a_killed_saves_temporary_file_is_removed_by_the_next_save() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let target = dir.path().join("d.ron");
    fs::write(&target, "old")?;
    // What a save killed mid-write leaves: a temporary file nobody holds.
    fs::write(dir.path().join(".mpo-Ab12Cd.tmp"), "torn half")?;
    // A file of the user's that only looks a little like one stays.
    fs::write(dir.path().join(".mpo-notes.tmp.txt"), "mine")?;
    write_atomically(&target, b"new")?;
    assert_eq!(
        names(dir.path()),
        vec![".mpo-notes.tmp.txt".to_owned(), "d.ron".to_owned()]
    );
    Ok(())
}

#[test]
fn a_running_saves_temporary_file_is_left_alone() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let busy = dir.path().join(".mpo-Zz99Yy.tmp");
    let held = fs::File::create(&busy)?;
    held.lock()?;
    write_atomically(&dir.path().join("d.ron"), b"new")?;
    assert!(busy.exists(), "a locked temporary file was removed");
    drop(held);
    write_atomically(&dir.path().join("d.ron"), b"newer")?;
    assert!(!busy.exists());
    Ok(())
}

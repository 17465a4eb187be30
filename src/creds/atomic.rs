//! Replacing a file atomically: a temp file (mode 0600) in the same directory, write, fsync,
//! rename over the target, fsync the directory. A reader sees the old file or the new one,
//! never half of either. If the target is a symlink, the file it points to is replaced and the
//! link is kept. The path is walked and checked first ([`crate::files::check`]); the file
//! replaced keeps its owner and group, and must still be the file checked when it is renamed
//! over.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The path that is really replaced: every link resolved, each checked on the way.
pub fn resolve_target(path: &Path) -> std::io::Result<PathBuf> {
    Ok(crate::files::check(path)?.target)
}

/// How a write went: the file really written, and what the user should be told about it
/// (another user's file, a hard link split).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub target: PathBuf,
    pub notes: Vec<String>,
}

/// Writes `bytes` to `path` atomically with mode 0600, creating the directory (0700) if needed.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
    let checked = crate::files::check(path)?;
    let target = checked.target.clone();
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    create_private_dir(&dir)?;
    // What an interrupted write left here goes, unless it may hold a secret (the orphan check
    // at sign-in decides about those).
    crate::creds::leftovers::clear(&[&dir], true);
    let mut tmp = tempfile::Builder::new()
        .prefix(".ramwiz-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    // Held while this process lives: a later run tells a leftover by the lock being free.
    if let Err(e) = tmp.as_file().try_lock() {
        tracing::debug!(error = %e, "no lock on the temporary file");
    }
    crate::crashpoint::here("file: temp made");
    set_private(tmp.as_file())?;
    let mut notes = checked.notes();
    if let Err(e) = crate::files::keep_owner(tmp.as_file(), &checked) {
        notes.retain(|n| !n.contains(crate::files::owner_kept()));
        let (uid, gid) = checked.existing.map_or((0, 0), |x| (x.uid, x.gid));
        notes.push(crate::strings::file_owner_lost(
            target.display().to_string(),
            uid,
            gid,
            e.to_string(),
        ));
    }
    tmp.write_all(bytes)?;
    crate::crashpoint::here("file: temp written, not synced");
    tmp.as_file().sync_all()?;
    crate::crashpoint::here("file: temp synced, not renamed");
    crate::files::still_the_same(&checked)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    crate::crashpoint::here("file: renamed, directory not synced");
    sync_dir(&dir);
    for n in &notes {
        tracing::warn!(note = %n, "a file ramwiz replaced");
    }
    Ok(Written { target, notes })
}

/// Creates a directory and its parents; new directories get mode 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

fn set_private(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn writes_0600_in_a_new_0700_dir_and_keeps_a_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new/creds");
        write_private(&target, b"a").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"a");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o600);
        assert_eq!(mode(&dir.path().join("new")), 0o700);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_private(&link, b"b").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"b");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("new")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }
}

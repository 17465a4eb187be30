//! The credentials file as a destination for a new AccessKey: the preflight that runs before
//! any key is created, and the save that runs the moment the secret arrives (atomic replace,
//! mode 0600, optional backup, read back and compare).
//!
//! Never rewrites a file it cannot parse, never leaves a partial file, never puts the secret in
//! an error.

use std::path::{Path, PathBuf};

use super::{atomic, editor, ini};
use crate::secret::Secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DestError {
    Malformed {
        path: PathBuf,
        detail: String,
    },
    IsDirectory {
        path: PathBuf,
    },
    NotWritable {
        path: PathBuf,
        detail: String,
    },
    // The rule itself is the hint's (strings::dest_hint): said once, where the error is shown.
    BadProfile(String),
    Io {
        path: PathBuf,
        detail: String,
    },
    Mismatch {
        path: PathBuf,
    },
    Taken(String),
    Locked {
        dir: PathBuf,
    },
    /// A path another user could change under ramwiz (the message names the component).
    UnsafePath(String),
}

impl std::fmt::Display for DestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::strings as s;
        let shown = |p: &PathBuf| p.display().to_string();
        let text = match self {
            Self::Malformed { path, detail } => s::dest_err_malformed(shown(path), detail.as_str()),
            Self::IsDirectory { path } => s::dest_err_is_dir(shown(path)),
            Self::NotWritable { path, detail } => {
                s::dest_err_not_writable(shown(path), detail.as_str())
            }
            Self::BadProfile(name) => s::dest_err_bad_profile(name.as_str()),
            Self::Io { path, detail } => format!("{}: {detail}", path.display()),
            Self::Mismatch { path } => s::dest_err_mismatch(shown(path)),
            Self::Taken(name) => s::dest_err_taken(name.as_str()),
            Self::Locked { dir } => s::dest_err_locked(shown(dir)),
            Self::UnsafePath(why) => why.clone(),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for DestError {}

/// What the preflight found out about a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preflight {
    /// The file that will really be replaced (a symlink's target).
    pub target: PathBuf,
    pub is_symlink: bool,
    pub file_exists: bool,
    /// The AccessKey ID the profile holds now, if the profile exists.
    pub existing_key: Option<String>,
    /// Every profile the file holds (a move of the signed-in key needs a free name).
    pub profiles: Vec<String>,
    /// The file's permission bits when they are not 0600 (they will become 0600).
    pub loose_mode: Option<u32>,
    /// What to tell the user about the file (another user's, hard links).
    pub notes: Vec<String>,
}

/// How a save went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub target: PathBuf,
    pub backup: Option<PathBuf>,
    pub loose_mode: Option<u32>,
    /// What the user is told about the file replaced (another user's, a hard link split).
    pub notes: Vec<String>,
}

fn io(path: &Path, e: std::io::Error) -> DestError {
    DestError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// The path walked and checked ([`crate::files::check`]): the file really written.
fn checked(path: &Path) -> Result<crate::files::Checked, DestError> {
    use crate::files::PathError;
    crate::files::check(path).map_err(|e| match e {
        PathError::NotRegular {
            path,
            kind: "a directory",
        } => DestError::IsDirectory { path },
        PathError::Io { path, detail } => DestError::Io { path, detail },
        other => DestError::UnsafePath(other.to_string()),
    })
}

fn mode_of(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Reads and parses the target; `None` when it does not exist yet.
fn load(target: &Path) -> Result<Option<(String, ini::IniDoc)>, DestError> {
    let bytes = match crate::files::read(target, crate::files::Limit::Credentials) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if target.is_dir() => {
            let _ = e;
            return Err(DestError::IsDirectory {
                path: target.to_path_buf(),
            });
        }
        Err(e) => return Err(io(target, e)),
    };
    let text = String::from_utf8(bytes).map_err(|_| DestError::Malformed {
        path: target.to_path_buf(),
        detail: crate::strings::FILE_NOT_UTF8().into(),
    })?;
    let doc = ini::parse(&text).map_err(|e| DestError::Malformed {
        path: target.to_path_buf(),
        detail: e.to_string(),
    })?;
    Ok(Some((text, doc)))
}

/// The directory of `target`, made (0700) when missing.
fn private_dir_of(target: &Path) -> Result<PathBuf, DestError> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    atomic::create_private_dir(dir).map_err(|e| DestError::NotWritable {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    Ok(dir.to_path_buf())
}

/// Checks a destination before any key is created: the profile name, the file (parseable, not
/// a directory), the directory (exists or can be created 0700), and that a temp file can be
/// created beside the target.
pub fn preflight(path: &Path, profile: &str) -> Result<Preflight, DestError> {
    let found = inspect(path, profile)?;
    let dir = private_dir_of(&found.target)?;
    tempfile::Builder::new()
        .prefix(".ramwiz-preflight-")
        .tempfile_in(&dir)
        .map_err(|e| DestError::NotWritable {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
    Ok(found)
}

/// What [`preflight`] finds out, without writing anything (no directory is created, no
/// writability probe): for a dry run.
pub fn inspect(path: &Path, profile: &str) -> Result<Preflight, DestError> {
    if !editor::valid_profile_name(profile) {
        return Err(DestError::BadProfile(profile.to_owned()));
    }
    let checked = checked(path)?;
    let target = checked.target.clone();
    let loaded = load(&target)?;
    let existing_key = loaded
        .as_ref()
        .and_then(|(_, doc)| doc.section(profile))
        .map(|s| s.get("access_key_id").unwrap_or_default().to_owned());
    let profiles = loaded
        .as_ref()
        .map(|(_, doc)| doc.sections.iter().map(|s| s.name.clone()).collect())
        .unwrap_or_default();
    Ok(Preflight {
        is_symlink: checked.through_link,
        notes: checked.notes(),
        file_exists: loaded.is_some(),
        existing_key,
        profiles,
        loose_mode: loaded
            .and_then(|_| mode_of(&target))
            .filter(|m| *m != 0o600),
        target,
    })
}

/// Writes the key into `profile` of the file at `path` and reads it back. With `backup`, a
/// profile that holds another key is first copied, whole file, to `<file>.ramwiz-backup-<time>`.
/// With `move_existing_to`, what `profile` holds now moves to that name in the same write (the
/// signed-in key kept under another name), and is read back there too.
pub fn save(
    path: &Path,
    profile: &str,
    access_key_id: &str,
    secret: &Secret,
    backup: bool,
    move_existing_to: Option<&str>,
    now: time::OffsetDateTime,
) -> Result<Saved, DestError> {
    if !editor::valid_profile_name(profile) {
        return Err(DestError::BadProfile(profile.to_owned()));
    }
    if let Some(to) = move_existing_to
        && (!editor::valid_profile_name(to) || to == profile)
    {
        return Err(DestError::BadProfile(to.to_owned()));
    }
    let target = checked(path)?.target;
    let _lock = lock_dir(&target)?;
    let loaded = load(&target)?;
    let loose_mode = loaded
        .as_ref()
        .and_then(|_| mode_of(&target))
        .filter(|m| *m != 0o600);
    let text = loaded.as_ref().map(|(t, _)| t.as_str()).unwrap_or("");
    let holds_other = loaded
        .as_ref()
        .and_then(|(_, d)| d.section(profile))
        .is_some_and(|s| s.get("access_key_id") != Some(access_key_id));
    let backup_path = if backup && holds_other {
        Some(backup_file(&target, text, now)?)
    } else {
        None
    };
    let malformed = |detail: String| DestError::Malformed {
        path: target.clone(),
        detail,
    };
    // The move, then the new key: one text, one atomic write.
    let moved_key = move_existing_to.and_then(|_| {
        loaded
            .as_ref()
            .and_then(|(_, d)| d.section(profile))
            .and_then(|s| s.get("access_key_id"))
            .map(str::to_owned)
    });
    let renamed = match move_existing_to {
        Some(to) => match editor::rename_section(text, profile, to) {
            Ok(r) => r,
            Err(editor::RenameError::Taken(name)) => return Err(DestError::Taken(name)),
            Err(editor::RenameError::Ini(e)) => return Err(malformed(e.to_string())),
        },
        None => None,
    };
    let base = renamed.as_ref().map_or(text, |r| r.as_str());
    let new = editor::upsert_profile(base, profile, access_key_id, secret)
        .map_err(|e| malformed(e.to_string()))?;
    drop(renamed);
    let written =
        atomic::write_private(path, new.as_bytes()).map_err(|e| DestError::NotWritable {
            path: target.clone(),
            detail: e.to_string(),
        })?;
    drop(new);
    verify(path, profile, access_key_id, secret)?;
    if let (Some(to), Some(id)) = (move_existing_to, moved_key) {
        let back = load(&target)?;
        let there = back
            .as_ref()
            .and_then(|(_, d)| d.section(to))
            .and_then(|s| s.get("access_key_id"));
        if there != Some(id.as_str()) {
            return Err(DestError::Mismatch { path: target });
        }
    }
    Ok(Saved {
        target,
        backup: backup_path,
        loose_mode,
        notes: written.notes,
    })
}

/// Holds an exclusive lock on the target's directory while the file is read, rewritten and
/// read back, so two ramwiz runs never interleave their writes (the second is told so). An
/// flock on the directory itself: nothing is left behind, and the lock goes with the process,
/// even one that crashes.
#[cfg(unix)]
fn lock_dir(target: &Path) -> Result<std::fs::File, DestError> {
    // The directory is made (0700) when missing, as the write would make it.
    let dir = private_dir_of(target)?;
    let dir = dir.as_path();
    let f = std::fs::File::open(dir).map_err(|e| io(dir, e))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(DestError::Locked {
            dir: dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => {
            // Some file systems (NFS, some FUSE mounts) cannot lock a directory: saving matters
            // more than the lock, so go on without it.
            tracing::warn!(dir = %dir.display(), error = %e, "no lock on the credentials directory");
            Ok(f)
        }
    }
}

/// Elsewhere a directory cannot be opened as a file: no lock (UNVERIFIED need on Windows).
#[cfg(not(unix))]
fn lock_dir(_target: &Path) -> Result<(), DestError> {
    Ok(())
}

/// Reads the profile back and compares it with what was meant to be written.
pub fn verify(
    path: &Path,
    profile: &str,
    access_key_id: &str,
    secret: &Secret,
) -> Result<(), DestError> {
    let target = checked(path)?.target;
    let Some((_, doc)) = load(&target)? else {
        return Err(DestError::Mismatch { path: target });
    };
    let ok = doc.section(profile).is_some_and(|s| {
        s.get("access_key_id") == Some(access_key_id)
            && s.get("access_key_secret") == Some(secret.expose())
    });
    if ok {
        Ok(())
    } else {
        Err(DestError::Mismatch { path: target })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn now() -> time::OffsetDateTime {
        time::macros::datetime!(2026-11-29 10:11:12 UTC)
    }

    #[test]
    fn preflight_reports_the_existing_key_and_a_loose_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("creds");
        let pf = preflight(&p, "default").unwrap();
        assert!(!pf.file_exists && pf.existing_key.is_none());
        std::fs::write(&p, "[default]\naccess_key_id = LTAIold\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let pf = preflight(&p, "default").unwrap();
        assert_eq!(pf.existing_key.as_deref(), Some("LTAIold"));
        assert_eq!(pf.loose_mode, Some(0o644));
        assert!(matches!(
            preflight(&p, "bad name"),
            Err(DestError::BadProfile(_))
        ));
    }

    #[test]
    fn preflight_refuses_directories_duplicates_and_unwritable_places() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            preflight(dir.path(), "default"),
            Err(DestError::IsDirectory { .. })
        ));
        let dup = dir.path().join("dup");
        std::fs::write(&dup, "[a]\n[a]\n").unwrap();
        assert!(matches!(
            preflight(&dup, "a"),
            Err(DestError::Malformed { .. })
        ));
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
        let r = preflight(&ro.join("creds"), "default");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o700)).unwrap();
        // root ignores directory permissions; everyone else must be refused
        if !is_root() {
            assert!(matches!(r, Err(DestError::NotWritable { .. })), "{r:?}");
        }
    }

    fn is_root() -> bool {
        std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
    }

    #[test]
    fn save_backs_up_a_replaced_profile_makes_0600_and_keeps_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::write(
            &real,
            "[default]\naccess_key_id = LTAIold\naccess_key_secret = oldsecret\n",
        )
        .unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let saved = save(
            &link,
            "default",
            "LTAInew",
            &Secret::new("newsecret"),
            true,
            None,
            now(),
        )
        .unwrap();
        assert_eq!(saved.loose_mode, Some(0o644));
        let backup = saved.backup.unwrap();
        assert!(
            std::fs::read_to_string(&backup)
                .unwrap()
                .contains("oldsecret")
        );
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains("access_key_secret = newsecret")
        );
        // saving the same key again needs no backup
        let again = save(
            &link,
            "default",
            "LTAInew",
            &Secret::new("newsecret"),
            true,
            None,
            now(),
        )
        .unwrap();
        assert!(again.backup.is_none());
    }

    #[test]
    fn a_malformed_file_is_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("creds");
        std::fs::write(&p, "[a]\nx\n").unwrap();
        let before = std::fs::read(&p).unwrap();
        let e = save(
            &p,
            "a",
            "id",
            &Secret::new("TopSecret123"),
            false,
            None,
            now(),
        )
        .unwrap_err();
        assert!(matches!(e, DestError::Malformed { .. }));
        assert!(!e.to_string().contains("TopSecret123"));
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }
    #[test]
    fn a_deleted_keys_profiles_leave_the_file_after_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("credentials");
        let text = "[old]\naccess_key_id = LTAIgone\naccess_key_secret = s\n\n[keep]\naccess_key_id = LTAIk\n";
        std::fs::write(&p, text).unwrap();
        let f = forget_key(&p, "LTAIgone", now()).unwrap();
        assert_eq!(f.removed, vec!["old".to_owned()]);
        assert_eq!(std::fs::read_to_string(f.backup.unwrap()).unwrap(), text);
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "\n[keep]\naccess_key_id = LTAIk\n"
        );
        let again = forget_key(&p, "LTAIgone", now()).unwrap();
        assert!(
            again.removed.is_empty() && again.backup.is_none(),
            "nothing to do twice"
        );
    }

    #[test]
    fn the_signed_in_key_moves_to_its_own_profile_in_the_same_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("credentials");
        let admin = "[other]\naccess_key_id = LTAIo\naccess_key_secret = o\n\n[default]\naccess_key_id = LTAIadmin\naccess_key_secret = adminsecret\n";
        std::fs::write(&p, admin).unwrap();
        let saved = save(
            &p,
            "default",
            "LTAInew",
            &Secret::new("newsecret"),
            true,
            Some("root-admin"),
            now(),
        )
        .unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let doc = ini::parse(&text).unwrap();
        let get = |s: &str, k: &str| doc.section(s).and_then(|x| x.get(k)).map(str::to_owned);
        assert_eq!(
            get("root-admin", "access_key_id").as_deref(),
            Some("LTAIadmin")
        );
        assert_eq!(
            get("root-admin", "access_key_secret").as_deref(),
            Some("adminsecret")
        );
        assert_eq!(get("default", "access_key_id").as_deref(), Some("LTAInew"));
        assert_eq!(get("other", "access_key_id").as_deref(), Some("LTAIo"));
        assert!(saved.backup.is_some(), "a backup is still made first");
        // A name another profile has is refused before anything is written.
        let before = std::fs::read(&p).unwrap();
        let e = save(
            &p,
            "default",
            "LTAIx",
            &Secret::new("x"),
            true,
            Some("other"),
            now(),
        )
        .unwrap_err();
        assert_eq!(e, DestError::Taken("other".into()));
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }
}
/// A whole-file copy, `<file>.ramwiz-backup-<UTC time>`, 0600.
fn backup_file(target: &Path, text: &str, now: time::OffsetDateTime) -> Result<PathBuf, DestError> {
    let stamp = crate::cloud::sign::format_timestamp(now).replace([':', '-'], "");
    let base = target.file_name().unwrap_or_default().to_os_string();
    // Two backups in the same second (a profile removed, then a key saved) never share a
    // name: the second one gets -2, and so on (the directory is locked meanwhile).
    let b = (1..)
        .map(|n| {
            let mut name = base.clone();
            name.push(format!(".ramwiz-backup-{stamp}"));
            if n > 1 {
                name.push(format!("-{n}"));
            }
            target.with_file_name(name)
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .ok_or_else(|| io(target, std::io::Error::other("no free backup name")))?;
    atomic::write_private(&b, text.as_bytes()).map_err(|e| io(&b, e))?;
    Ok(b)
}

/// What became of the profiles that held a key deleted through ramwiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgotten {
    pub removed: Vec<String>,
    pub backup: Option<PathBuf>,
}

/// Removes from the file at `path` every profile holding `key_id` (deleted in the cloud, so
/// the profile can only fail), after a whole-file backup. Nothing is written when no profile
/// holds it, or when the file cannot be parsed (it is never rewritten then).
pub fn forget_key(
    path: &Path,
    key_id: &str,
    now: time::OffsetDateTime,
) -> Result<Forgotten, DestError> {
    let target = checked(path)?.target;
    let _lock = lock_dir(&target)?;
    let Some((text, _)) = load(&target)? else {
        return Ok(Forgotten {
            removed: Vec::new(),
            backup: None,
        });
    };
    let Some((new, removed)) =
        editor::remove_key_profiles(&text, key_id).map_err(|e| DestError::Malformed {
            path: target.clone(),
            detail: e.to_string(),
        })?
    else {
        return Ok(Forgotten {
            removed: Vec::new(),
            backup: None,
        });
    };
    let backup = backup_file(&target, &text, now)?;
    atomic::write_private(path, new.as_bytes()).map_err(|e| DestError::NotWritable {
        path: target.clone(),
        detail: e.to_string(),
    })?;
    Ok(Forgotten {
        removed,
        backup: Some(backup),
    })
}

/// Where a copy of profile `profile` of `file` goes as `[default]` (for the tools that read
/// only `[default]`: openshift-install, ccoctl): `<file>.<profile>`, beside it.
pub fn default_profile_file(file: &Path, profile: &str) -> PathBuf {
    let mut name = file
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".{profile}"));
    file.with_file_name(name)
}

//! What an interrupted write leaves beside a file: `.ramwiz-*.tmp` (a complete or partial
//! new file, maybe holding a secret) and `.ramwiz-preflight-*` (an empty probe).
//!
//! A writer holds an exclusive `flock` on its temporary file for as long as it lives, and the
//! lock goes with the process however it ends: a temporary file nobody holds locked is a
//! leftover, whatever the clocks say, and one being written by another ramwiz right now never
//! is. [`crate::creds::atomic::write_private`] removes the leftovers beside what it writes,
//! except those that may hold a secret: the orphan check at sign-in looks at those, recovers a
//! secret that is the only copy of an orphaned key's, and removes the rest, saying so.

use std::path::{Path, PathBuf};

use super::ini;
use crate::secret::Secret;

fn is_leftover_name(name: &str) -> bool {
    name.starts_with(".ramwiz-preflight-")
        || (name.starts_with(".ramwiz-") && name.ends_with(".tmp"))
}

/// Whether nobody holds `p` locked (its writer is gone). A file system without locks says
/// nothing either way: nothing is taken for a leftover there.
fn abandoned(p: &Path) -> bool {
    std::fs::File::open(p).is_ok_and(|f| f.try_lock().is_ok())
}

/// The leftovers in `dir`: regular files of this user with ramwiz's temporary names, that no
/// live writer holds.
pub fn in_dir(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(is_leftover_name))
        .filter(|e| {
            std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_file() && crate::files::mine(&m))
        })
        .map(|e| e.path())
        .filter(|p| abandoned(p))
        .collect();
    out.sort();
    out
}

/// Removes the leftovers of `dirs`; with `keep_secrets`, not those that may hold an AccessKey
/// secret (in a directory that may be a credentials file's, one may be the only copy of a
/// key's: the orphan check decides about those). Logged, and counted.
pub fn clear(dirs: &[&Path], keep_secrets: bool) -> usize {
    let mut removed = 0;
    for dir in dirs {
        for old in in_dir(dir) {
            if !(keep_secrets && may_hold_secret(&old)) && std::fs::remove_file(&old).is_ok() {
                tracing::info!(file = %old.display(), "removed a file an interrupted write left");
                removed += 1;
            }
        }
    }
    removed
}

/// The leftovers beside the credentials file `file` (links resolved).
pub fn list(file: &Path) -> Vec<PathBuf> {
    let target = crate::files::check(file)
        .map(|c| c.target)
        .unwrap_or_else(|_| file.to_path_buf());
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    in_dir(dir)
}

/// Whether a leftover may hold an AccessKey secret: an `access_key_secret` line (a credentials
/// file's, or one inside a component manifest), or a file that cannot be read.
pub fn may_hold_secret(p: &Path) -> bool {
    crate::files::read(p, crate::files::Limit::Credentials).map_or(true, |b| {
        let b = zeroize::Zeroizing::new(b);
        String::from_utf8_lossy(&b).lines().any(|l| {
            l.split_once(['=', ':'])
                .is_some_and(|(k, _)| k.trim() == "access_key_secret")
        })
    })
}

/// The AccessKey IDs whose secret `tmp` may hold: each section's with a secret when the file
/// reads whole; when it does not (cut short), every `access_key_id` line's, and `?` for a
/// secret with no ID to name it by.
pub fn key_ids_in(tmp: &Path) -> Vec<String> {
    let Ok(bytes) = crate::files::read(tmp, crate::files::Limit::Credentials) else {
        return vec!["?".into()];
    };
    let bytes = zeroize::Zeroizing::new(bytes);
    if let Ok(doc) = ini::parse_bytes(&bytes) {
        return doc
            .sections
            .iter()
            .filter(|s| s.get("access_key_secret").is_some_and(|v| !v.is_empty()))
            .map(|s| s.get("access_key_id").unwrap_or("?").to_owned())
            .collect();
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut ids: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(['=', ':'])?;
            (k.trim() == "access_key_id").then(|| v.trim().to_owned())
        })
        .collect();
    if ids.is_empty() {
        ids.push("?".into());
    }
    ids
}

/// The secret of `key_id` in profile `profile` of the leftover `tmp`, when `tmp` reads as a
/// whole credentials file (every line parsed) that holds that key with a secret.
pub fn secret_in(tmp: &Path, profile: &str, key_id: &str) -> Option<Secret> {
    let bytes =
        zeroize::Zeroizing::new(crate::files::read(tmp, crate::files::Limit::Credentials).ok()?);
    let doc = ini::parse_bytes(&bytes).ok()?;
    let s = doc.section(profile)?;
    let secret = s.get("access_key_secret").filter(|v| !v.is_empty())?;
    (s.get("access_key_id") == Some(key_id)).then(|| Secret::new(secret))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_ramwiz_temporaries_and_reads_a_complete_one() {
        let dir = tempfile::tempdir().unwrap();
        let creds = dir.path().join("credentials");
        std::fs::write(
            &creds,
            "[a]\naccess_key_id = LTAIa\naccess_key_secret = s\n",
        )
        .unwrap();
        let whole = dir.path().join(".ramwiz-AbC123.tmp");
        std::fs::write(
            &whole,
            "[a]\naccess_key_id = LTAIa\naccess_key_secret = s\n[default]\naccess_key_id = LTAInew\naccess_key_secret = NewSecret\n",
        )
        .unwrap();
        let half = dir.path().join(".ramwiz-Half00.tmp");
        std::fs::write(&half, "[default]\naccess_key_id = LTAInew\naccess_key_sec").unwrap();
        let probe = dir.path().join(".ramwiz-preflight-x1");
        std::fs::write(&probe, "").unwrap();
        std::fs::write(dir.path().join(".other.tmp"), "").unwrap();
        std::fs::write(dir.path().join("ramwiz-AbC.tmp"), "").unwrap();
        assert_eq!(
            list(&creds),
            vec![whole.clone(), half.clone(), probe.clone()]
        );
        assert!(may_hold_secret(&whole) && !may_hold_secret(&half) && !may_hold_secret(&probe));
        let manifest = dir.path().join(".ramwiz-Mf01.tmp");
        std::fs::write(
            &manifest,
            "data:\n  alibabacloud_access_key_secret: c2VjcmV0\n",
        )
        .unwrap();
        assert!(
            !may_hold_secret(&manifest),
            "a component manifest: ccoctl's output has it"
        );
        std::fs::remove_file(&manifest).unwrap();
        // One held by a live writer is not a leftover.
        let held = std::fs::File::open(&whole).unwrap();
        held.lock().unwrap();
        assert_eq!(list(&creds), vec![half.clone(), probe.clone()]);
        drop(held);
        assert_eq!(key_ids_in(&whole), ["LTAIa", "LTAInew"]);
        assert_eq!(
            key_ids_in(&half),
            ["LTAInew"],
            "a cut file: every ID it names"
        );
        assert!(key_ids_in(&probe).is_empty() || key_ids_in(&probe) == ["?"]);
        let s = secret_in(&whole, "default", "LTAInew").unwrap();
        assert_eq!(s.expose(), "NewSecret");
        assert!(secret_in(&whole, "default", "LTAIother").is_none());
        assert!(secret_in(&whole, "a", "LTAInew").is_none());
        assert!(
            secret_in(&half, "default", "LTAInew").is_none(),
            "a cut file is not used"
        );
        assert!(list(&dir.path().join("none/credentials")).is_empty());
    }
}

//! Where ramwiz writes: the path is walked before anything is written, as ssh's StrictModes
//! and sudo walk theirs, and the file is replaced only if it is still the one that was checked.
//!
//! Refused, naming the component: a directory on the way that another user could change (owned
//! by someone other than you or root, or writable by group or others without the sticky bit);
//! a symlink in a sticky world-writable directory owned neither by you nor by the directory's
//! owner (the rule of Linux's `fs.protected_symlinks`); a final file that is not a regular file.
//! A review (issue 19) had `apply` follow another user's link from a 1777 directory and rewrite
//! a root-owned file elsewhere with the secret in it.
//!
//! Links are resolved here one component at a time, each checked where it is found; the file
//! is then opened with `O_NOFOLLOW` and `fstat`ed just before the rename, and must be the same
//! file (device and inode) the walk saw, or nothing is replaced.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A path ramwiz will not write through, and why; every message names the component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    OpenDir {
        dir: PathBuf,
        mode: u32,
        who: Who,
        fix: &'static str,
    },
    ForeignDir {
        dir: PathBuf,
        uid: u32,
    },
    PlantedLink {
        link: PathBuf,
        dir: PathBuf,
        uid: u32,
    },
    Loop {
        path: PathBuf,
    },
    NotRegular {
        path: PathBuf,
        kind: &'static str,
    },
    Changed {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        detail: String,
    },
}

/// Who besides the owner may write in a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Group,
    Others,
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::strings as s;
        let text = match self {
            Self::OpenDir {
                dir,
                mode,
                who,
                fix,
            } => s::file_open_dir(
                dir.display().to_string(),
                match who {
                    Who::Group => s::FILE_WHO_GROUP(),
                    Who::Others => s::FILE_WHO_OTHERS(),
                },
                format!("{mode:o}"),
                *fix,
            ),
            Self::ForeignDir { dir, uid } => s::file_foreign_dir(dir.display().to_string(), *uid),
            Self::PlantedLink { link, dir, uid } => {
                s::file_planted_link(link.display().to_string(), *uid, dir.display().to_string())
            }
            Self::Loop { path } => s::file_link_loop(path.display().to_string()),
            Self::NotRegular { path, kind } => {
                s::file_path_not_regular(path.display().to_string(), *kind)
            }
            Self::Changed { path } => s::file_changed(path.display().to_string()),
            Self::Io { path, detail } => format!("{}: {detail}", path.display()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for PathError {}

impl From<PathError> for io::Error {
    fn from(e: PathError) -> Self {
        let kind = match &e {
            PathError::Io { .. } => io::ErrorKind::Other,
            PathError::NotRegular { .. } => io::ErrorKind::InvalidInput,
            _ => io::ErrorKind::PermissionDenied,
        };
        io::Error::new(kind, e.to_string())
    }
}

/// The file as the walk found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Existing {
    pub dev: u64,
    pub ino: u64,
    pub uid: u32,
    pub gid: u32,
    pub links: u64,
    pub mode: u32,
}

/// What [`check`] found: the file that will really be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The path with every link resolved.
    pub target: PathBuf,
    /// The path given was (or went through) a symbolic link.
    pub through_link: bool,
    /// `None` when the file does not exist yet.
    pub existing: Option<Existing>,
}

impl Checked {
    /// The owner, when it is another user than the one running ramwiz.
    pub fn foreign_owner(&self) -> Option<u32> {
        let me = euid();
        self.existing.map(|e| e.uid).filter(|u| *u != me)
    }

    /// The number of other names the file has (hard links a rename would leave behind).
    pub fn other_links(&self) -> u64 {
        self.existing.map_or(0, |e| e.links.saturating_sub(1))
    }

    /// What the user is told before and after the file is replaced (nothing when all is plain).
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(uid) = self.foreign_owner() {
            out.push(crate::strings::file_foreign_owner(
                self.target.display().to_string(),
                uid,
                owner_kept(),
            ));
        }
        match self.other_links() {
            0 => {}
            n => out.push(crate::strings::file_hard_links(
                n,
                self.target.display().to_string(),
            )),
        }
        out
    }
}

/// Whether the file belongs to the user running ramwiz.
pub fn mine(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::uid(meta) == euid()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

#[cfg(unix)]
fn euid() -> u32 {
    #[cfg(target_os = "linux")]
    {
        rustix::process::geteuid().as_raw()
    }
    #[cfg(not(target_os = "linux"))]
    {
        // UNVERIFIED elsewhere: the owner of a fresh file is the effective user.
        tempfile::tempfile()
            .and_then(|f| f.metadata())
            .map(|m| std::os::unix::fs::MetadataExt::uid(&m))
            .unwrap_or(u32::MAX)
    }
}

#[cfg(not(unix))]
fn euid() -> u32 {
    0
}

fn io_err(path: &Path, e: &io::Error) -> PathError {
    PathError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

const MAX_LINKS: usize = 40;

/// The words of the note that says another user's file keeps its owner.
pub fn owner_kept() -> &'static str {
    crate::strings::FILE_OWNER_KEPT()
}

/// Walks `path`: links resolved one by one and checked, every directory of the result checked,
/// the final file (if any) looked at without following it.
#[cfg(unix)]
pub fn check(path: &Path) -> Result<Checked, PathError> {
    use std::os::unix::fs::MetadataExt;
    let me = euid();
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| io_err(path, &e))?
            .join(path)
    };
    let mut pending: VecDeque<OsString> = VecDeque::new();
    push_front(&mut pending, &abs);
    let mut resolved = PathBuf::from("/");
    let mut hops = 0usize;
    let mut through_link = false;
    while let Some(name) = pending.pop_front() {
        if name == ".." {
            resolved.pop();
            continue;
        }
        let next = resolved.join(&name);
        let meta = match std::fs::symlink_metadata(&next) {
            Ok(m) => m,
            // The rest does not exist yet (it will be made 0700): nothing to follow there.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                resolved = next;
                continue;
            }
            Err(e) => return Err(io_err(&next, &e)),
        };
        if !meta.file_type().is_symlink() {
            resolved = next;
            continue;
        }
        hops += 1;
        if hops > MAX_LINKS {
            return Err(PathError::Loop {
                path: path.to_path_buf(),
            });
        }
        through_link = true;
        let dir = std::fs::metadata(&resolved).map_err(|e| io_err(&resolved, &e))?;
        let sticky_open = dir.mode() & 0o1002 == 0o1002;
        if sticky_open && meta.uid() != me && meta.uid() != dir.uid() {
            return Err(PathError::PlantedLink {
                link: next,
                dir: resolved,
                uid: meta.uid(),
            });
        }
        let dest = std::fs::read_link(&next).map_err(|e| io_err(&next, &e))?;
        if dest.is_absolute() {
            resolved = PathBuf::from("/");
        }
        push_front(&mut pending, &dest);
    }
    // Every directory from the root down to the file's own.
    let mut dir = PathBuf::new();
    let parent = resolved.parent().map(Path::to_path_buf).unwrap_or_default();
    for c in parent.components() {
        dir.push(c);
        let meta = match std::fs::metadata(&dir) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => break,
            Err(e) => return Err(io_err(&dir, &e)),
        };
        let mode = meta.mode() & 0o7777;
        if meta.uid() != me && meta.uid() != 0 {
            return Err(PathError::ForeignDir {
                dir,
                uid: meta.uid(),
            });
        }
        let open_to = [(0o002, Who::Others, "o-w"), (0o020, Who::Group, "g-w")]
            .into_iter()
            .find(|(bit, _, _)| mode & 0o1000 == 0 && mode & bit != 0);
        if let Some((_, who, fix)) = open_to {
            return Err(PathError::OpenDir {
                dir,
                mode,
                who,
                fix,
            });
        }
    }
    let existing = match std::fs::symlink_metadata(&resolved) {
        Ok(m) if m.is_file() => Some(Existing {
            dev: m.dev(),
            ino: m.ino(),
            uid: m.uid(),
            gid: m.gid(),
            links: m.nlink(),
            mode: m.mode() & 0o7777,
        }),
        Ok(m) => {
            return Err(PathError::NotRegular {
                path: resolved,
                kind: super::read::kind_of(&m),
            });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(&resolved, &e)),
    };
    Ok(Checked {
        target: resolved,
        through_link,
        existing,
    })
}

/// Elsewhere (Windows): links resolved by the system, no ownership rules (UNVERIFIED what
/// would be equivalent there).
#[cfg(not(unix))]
pub fn check(path: &Path) -> Result<Checked, PathError> {
    let through_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if through_link {
        std::fs::canonicalize(path).map_err(|e| io_err(path, &e))?
    } else {
        path.to_path_buf()
    };
    Ok(Checked {
        target,
        through_link,
        existing: None,
    })
}

/// Puts the components of `p` (the root left out) before what is pending.
fn push_front(pending: &mut VecDeque<OsString>, p: &Path) {
    let names: Vec<OsString> = p
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            Component::ParentDir => Some(OsString::from("..")),
            _ => None,
        })
        .collect();
    for n in names.into_iter().rev() {
        pending.push_front(n);
    }
}

/// Just before the rename: the target is still the file [`check`] saw (opened without
/// following a link, compared by device and inode), or still absent.
#[cfg(target_os = "linux")]
pub fn still_the_same(c: &Checked) -> Result<(), PathError> {
    use rustix::fs::{Mode, OFlags};
    use std::os::unix::fs::MetadataExt;
    let changed = || PathError::Changed {
        path: c.target.clone(),
    };
    let opened = rustix::fs::open(
        &c.target,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    );
    match (opened, c.existing) {
        (Err(rustix::io::Errno::NOENT), None) => Ok(()),
        (Ok(fd), Some(was)) => {
            let meta = std::fs::File::from(fd)
                .metadata()
                .map_err(|e| io_err(&c.target, &e))?;
            if meta.dev() == was.dev && meta.ino() == was.ino && meta.is_file() {
                Ok(())
            } else {
                Err(changed())
            }
        }
        _ => Err(changed()),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn still_the_same(c: &Checked) -> Result<(), PathError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = std::fs::symlink_metadata(&c.target).ok();
        let same = match (now, c.existing) {
            (None, None) => true,
            (Some(m), Some(was)) => m.is_file() && m.dev() == was.dev && m.ino() == was.ino,
            _ => false,
        };
        if !same {
            return Err(PathError::Changed {
                path: c.target.clone(),
            });
        }
    }
    let _ = c;
    Ok(())
}

/// Gives the temporary file the owner and group of the file it replaces (only root can give a
/// file away; anyone else keeps the file as theirs, and `Err` says so).
#[cfg(target_os = "linux")]
pub fn keep_owner(tmp: &std::fs::File, c: &Checked) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let Some(was) = c.existing else {
        return Ok(());
    };
    let now = tmp.metadata().map_err(|e| e.to_string())?;
    if now.uid() == was.uid && now.gid() == was.gid {
        return Ok(());
    }
    rustix::fs::fchown(
        tmp,
        Some(rustix::fs::Uid::from_raw(was.uid)),
        Some(rustix::fs::Gid::from_raw(was.gid)),
    )
    .map_err(|e| e.to_string())
}

#[cfg(not(target_os = "linux"))]
pub fn keep_owner(_tmp: &std::fs::File, _c: &Checked) -> Result<(), String> {
    Ok(())
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn chmod(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_plain_path_and_a_link_of_ones_own_pass() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a/creds");
        let c = check(&f).unwrap();
        assert_eq!(c.target, f);
        assert!(c.existing.is_none() && !c.through_link);
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(&f, "x").unwrap();
        let link = dir.path().join("link");
        symlink("a/creds", &link).unwrap();
        let c = check(&link).unwrap();
        assert_eq!(c.target, f);
        assert!(c.through_link);
        assert_eq!(c.existing.map(|e| e.links), Some(1));
        assert!(c.notes().is_empty());
        still_the_same(&c).unwrap();
    }

    #[test]
    fn a_directory_open_to_others_or_its_group_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let open = dir.path().join("open");
        std::fs::create_dir(&open).unwrap();
        chmod(&open, 0o777);
        let e = check(&open.join("creds")).unwrap_err();
        assert!(
            matches!(&e, PathError::OpenDir { dir, who: Who::Others, .. } if *dir == open),
            "{e}"
        );
        assert!(e.to_string().contains("chmod o-w"), "{e}");
        chmod(&open, 0o770);
        let e = check(&open.join("sub/creds")).unwrap_err();
        assert!(
            matches!(
                e,
                PathError::OpenDir {
                    who: Who::Group,
                    ..
                }
            ),
            "{e}"
        );
        chmod(&open, 0o1777);
        check(&open.join("creds")).unwrap();
    }

    #[test]
    fn links_that_loop_or_lead_to_a_fifo_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        symlink("b", &a).unwrap();
        symlink("a", dir.path().join("b")).unwrap();
        assert!(matches!(check(&a), Err(PathError::Loop { .. })));
        let e = check(dir.path()).unwrap_err();
        assert!(matches!(e, PathError::NotRegular { .. }), "{e}");
    }

    #[test]
    fn a_file_swapped_after_the_check_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("creds");
        let changed = |c: &Checked| matches!(still_the_same(c), Err(PathError::Changed { .. }));
        // Absent when checked, then made by someone.
        let absent = check(&f).unwrap();
        std::fs::write(&f, "x").unwrap();
        assert!(changed(&absent));
        // Removed after the check.
        let c = check(&f).unwrap();
        std::fs::remove_file(&f).unwrap();
        assert!(changed(&c));
        // Swapped for a link to another file (O_NOFOLLOW refuses to open it).
        std::fs::write(&f, "y").unwrap();
        let again = check(&f).unwrap();
        std::fs::write(dir.path().join("other"), "z").unwrap();
        symlink(dir.path().join("other"), dir.path().join("l")).unwrap();
        std::fs::rename(dir.path().join("l"), &f).unwrap();
        assert!(changed(&again));
    }

    #[test]
    fn hard_links_are_counted_and_said() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("creds");
        std::fs::write(&f, "x").unwrap();
        std::fs::hard_link(&f, dir.path().join("twin")).unwrap();
        let c = check(&f).unwrap();
        assert_eq!(c.other_links(), 1);
        assert!(
            c.notes()[0].contains("1 other hard link;"),
            "{:?}",
            c.notes()
        );
    }
}

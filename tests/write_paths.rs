//! Paths ramwiz writes a secret through (issue 19): a symlink planted by another user in a
//! sticky world-writable directory is not followed; a directory on the way that others may
//! write, or that another user owns, is refused by name; another user's file keeps its owner
//! and group and the user is told; a hard link split is said. The ones that need a second uid
//! run as root (uid 2000 made up for the test) and say SKIPPED otherwise.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const OTHER: u32 = 2000;

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn skipped(fault: &str) {
    eprintln!("SKIPPED: {fault} needs a second uid (run as root)");
    ramwiz::reliability::record_result("Paths", fault, 0, "needs root", "skipped: not root");
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A demo `apply` saving the new key in `file` ([default]); (exit code, JSON report).
fn apply_to(dir: &Path, user: &str, file: &Path) -> (i32, serde_json::Value) {
    let answers = dir.with_extension("answers.toml");
    std::fs::write(
        &answers,
        format!(
            "mode = \"setup\"\n[signin]\nprofile = \"demo-admin\"\n[user]\nname = \"{user}\"\n[key]\nfile = \"{}\"\nprofile = \"default\"\nreplace_profile = true\n[policy]\nkind = \"custom\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"x\"\n",
            file.display()
        ),
    )
    .unwrap();
    let out = Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(dir)
        .args(["apply", "--output", "json", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

fn no_user(dir: &Path, user: &str) -> bool {
    !std::fs::read_to_string(dir.join("sim-state.json"))
        .unwrap()
        .contains(user)
}

#[test]
fn a_link_planted_by_another_user_in_a_sticky_open_directory_is_not_followed() {
    if !is_root() {
        return skipped("a symlink of uid 2000 in a 1777 directory");
    }
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    chmod(&shared, 0o1777);
    let victim = tmp.path().join("elsewhere");
    std::fs::write(&victim, "# root's own file\n").unwrap();
    chmod(&victim, 0o644);
    let link = shared.join("credentials");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    std::os::unix::fs::lchown(&link, Some(OTHER), Some(OTHER)).unwrap();
    let dir = tmp.path().join("demo");
    let (code, report) = apply_to(&dir, "link-victim", &link);
    assert_eq!(code, 5, "{report}");
    let error = report["error"].to_string();
    assert!(error.contains("symbolic link of uid 2000"), "{error}");
    assert!(
        error.contains(&link.display().to_string()),
        "names the link: {error}"
    );
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "# root's own file\n"
    );
    assert_eq!(std::fs::metadata(&victim).unwrap().mode() & 0o777, 0o644);
    assert!(
        no_user(&dir, "link-victim"),
        "stopped before any user was made"
    );
    // The same link, owned by the one running ramwiz, is followed (a dotfiles setup).
    std::os::unix::fs::lchown(&link, Some(0), Some(0)).unwrap();
    let (code, report) = apply_to(&dir, "link-owner", &link);
    assert_eq!(code, 0, "{report}");
    assert!(
        std::fs::read_to_string(&victim)
            .unwrap()
            .contains("[default]")
    );
    ramwiz::reliability::record(
        "Paths",
        "key.file: a symlink of uid 2000 in a 1777 directory, to a root-owned 0644 file (it was rewritten)",
        2,
        "exit 5 naming the link, the file unchanged (bytes, 0644), no user made; the same link of one's own is followed",
    );
}

#[test]
fn a_directory_others_may_write_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let open = tmp.path().join("open");
    std::fs::create_dir(&open).unwrap();
    chmod(&open, 0o777);
    let dir = tmp.path().join("demo");
    let (code, report) = apply_to(&dir, "open-dir", &open.join("sub/credentials"));
    assert_eq!(code, 5, "{report}");
    let error = report["error"].to_string();
    assert!(
        error.contains(&format!("{} is writable by others", open.display())),
        "{error}"
    );
    assert!(error.contains("chmod o-w"), "{error}");
    assert!(no_user(&dir, "open-dir"));
    let mut cases = 1;
    if is_root() {
        chmod(&open, 0o755);
        std::os::unix::fs::chown(&open, Some(OTHER), Some(OTHER)).unwrap();
        let (code, report) = apply_to(&dir, "foreign-dir", &open.join("credentials"));
        assert_eq!(code, 5, "{report}");
        assert!(
            report["error"].to_string().contains("belongs to uid 2000"),
            "{report}"
        );
        cases += 1;
    } else {
        skipped("a directory of uid 2000 on the way");
    }
    ramwiz::reliability::record(
        "Paths",
        "key.file under a 0777 directory, and under a directory of uid 2000 (both accepted)",
        cases,
        "exit 5 before any user, naming the directory and the chmod that fixes it",
    );
}

#[test]
fn another_users_file_keeps_its_owner_and_a_split_hard_link_is_said() {
    if !is_root() {
        return skipped("a credentials file of uid 2000");
    }
    let tmp = tempfile::tempdir().unwrap();
    let theirs = tmp.path().join("credentials");
    std::fs::write(
        &theirs,
        "[their-own]\naccess_key_id = LTAItheirs\naccess_key_secret = s\n",
    )
    .unwrap();
    chmod(&theirs, 0o644);
    std::os::unix::fs::chown(&theirs, Some(OTHER), Some(OTHER + 1)).unwrap();
    let twin = tmp.path().join("twin");
    std::fs::hard_link(&theirs, &twin).unwrap();
    let dir = tmp.path().join("demo");
    let (code, report) = apply_to(&dir, "owned-file", &theirs);
    assert_eq!(code, 0, "{report}");
    let meta = std::fs::metadata(&theirs).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid()),
        (OTHER, OTHER + 1),
        "owner and group kept"
    );
    assert_eq!(meta.mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(&theirs).unwrap();
    assert!(text.contains("[their-own]") && text.contains("[default]"));
    let warnings = report["warnings"].to_string();
    assert!(warnings.contains("belongs to uid 2000"), "{warnings}");
    assert!(warnings.contains("1 other hard link"), "{warnings}");
    assert!(
        warnings.contains("mode 644"),
        "the mode change too: {warnings}"
    );
    assert!(
        !std::fs::read_to_string(&twin)
            .unwrap()
            .contains("[default]")
    );
    ramwiz::reliability::record(
        "Paths",
        "root saving into a 0644 file of uid 2000 with a second hard link (it became root:root, split silently)",
        1,
        "uid:gid 2000:2001 kept, 0600, and warnings for the owner, the split link and the mode",
    );
}

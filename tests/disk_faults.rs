//! Disk faults on the credentials file, between the preflight and the save (the worst moment:
//! the key exists, its secret is in memory only): a read-only directory, a full file system,
//! a directory where the file should be, a symlink loop, and another ramwiz writing. In each
//! case the error is clear, the original file is byte-identical, the secret is still held, and
//! another destination is offered and works.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use ramwiz::reliability::{record, record_result};
use ramwiz::wizard::{Intent, Screen};
use support::headless::Headless;

const ORIGINAL: &[u8] = b"# mine\r\n[other]\r\ntype = access_key\r\naccess_key_id = LTAIotherotherother\r\naccess_key_secret = keepmekeepmekeepmekeepmekeepme\r\n";

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn sh(args: &[&str]) -> bool {
    Command::new(args[0])
        .args(&args[1..])
        .status()
        .is_ok_and(|s| s.success())
}

/// A small tmpfs at `dir` (root only). Unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let opt = format!("size={size},mode=0700");
        sh(&["mount", "-t", "tmpfs", "-o", &opt, "tmpfs", dir.to_str()?])
            .then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = sh(&["umount", "-l", self.0.to_str().unwrap_or("/nonexistent")]);
    }
}

/// The wizard on the keys screen with `dest` preflighted as the destination (profile `okd`).
async fn at_keys(dest: &Path) -> Headless {
    let mut h = Headless::start(5).await;
    h.walk_until(Screen::Destination).await;
    h.w.dest.fields[0].value = dest.display().to_string();
    h.w.dest.fields[1].value = "okd".into();
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::Keys, "{:?}", h.w.dest.error);
    h
}

/// Creates the key with the fault in place; checks the secret is held and the error says
/// `words`; then saves to another file through the offered destination. Returns the error.
async fn create_and_recover(h: &mut Headless, words: &[&str]) -> String {
    h.say(Intent::CreateKey).await;
    assert_eq!(h.w.screen, Screen::SecretShown, "{:?}", h.w.error);
    let view = h.w.secret.as_ref().unwrap();
    let held = view
        .captured
        .secret
        .clone()
        .expect("the secret is still held");
    let err = view.captured.file.clone().expect_err("the save failed");
    assert!(!view.captured.stored_anywhere());
    for w in words {
        assert!(err.contains(w), "'{w}' not in: {err}");
    }
    assert!(!err.contains(held.expose()), "the error holds the secret");
    // Another destination is offered ('o'), and works.
    h.say(Intent::OtherDestination).await;
    assert_eq!(h.w.screen, Screen::Destination);
    assert!(h.w.dest.resave);
    let other = h.dir.path().join("elsewhere/credentials");
    h.w.dest.fields[0].value = other.display().to_string();
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::SecretShown, "{:?}", h.w.dest.error);
    let view = h.w.secret.as_ref().unwrap();
    assert!(view.captured.file.is_ok(), "{:?}", view.captured.file);
    assert_eq!(
        view.captured.secret.as_ref(),
        Some(&held),
        "the same secret"
    );
    let saved = std::fs::read_to_string(&other).unwrap();
    assert!(saved.contains(held.expose()));
    err
}

#[tokio::test]
async fn a_directory_where_the_file_should_be_and_a_symlink_loop() {
    let tmp = tempfile::tempdir().unwrap();
    // A directory appears where the file was.
    let dest = tmp.path().join("d1/credentials");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    let mut h = at_keys(&dest).await;
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("inside"), b"untouched").unwrap();
    create_and_recover(&mut h, &["directory"]).await;
    assert_eq!(std::fs::read(dest.join("inside")).unwrap(), b"untouched");
    assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 1);

    // The file becomes a symlink loop.
    let dest = tmp.path().join("d2/credentials");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::write(&dest, ORIGINAL).unwrap();
    let mut h = at_keys(&dest).await;
    std::fs::remove_file(&dest).unwrap();
    let other = tmp.path().join("d2/loop");
    std::os::unix::fs::symlink(&other, &dest).unwrap();
    std::os::unix::fs::symlink(&dest, &other).unwrap();
    create_and_recover(&mut h, &["symbolic links"]).await;
    assert!(
        std::fs::symlink_metadata(&dest)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&dest).unwrap(), other);
    record(
        "disk faults",
        "a directory, then a symlink loop, where the credentials file was (after the preflight)",
        2,
        "clear error; nothing written there; the secret still held; another destination offered and saved",
    );
}

#[tokio::test]
async fn another_ramwiz_writing_is_told_so_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("d/credentials");
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::write(&dest, ORIGINAL).unwrap();
    let mut h = at_keys(&dest).await;
    // What a second ramwiz holds while it writes: the directory's lock.
    let held = std::fs::File::open(dest.parent().unwrap()).unwrap();
    held.lock().unwrap();
    create_and_recover(&mut h, &["another ramwiz is writing"]).await;
    assert_eq!(std::fs::read(&dest).unwrap(), ORIGINAL, "byte-identical");
    held.unlock().unwrap();
    record(
        "disk faults",
        "another ramwiz writing in the same directory (its lock held)",
        1,
        "\"another ramwiz is writing\"; the original file byte-identical; the secret still held; another destination saved",
    );
}

#[tokio::test]
async fn a_read_only_directory_and_a_full_file_system() {
    let tmp = tempfile::tempdir().unwrap();
    if !is_root() {
        record_result(
            "disk faults",
            "read-only directory; full file system (tmpfs)",
            0,
            "needs root to mount a tmpfs",
            "skipped: not root",
        );
        eprintln!("SKIPPED: a read-only directory and a full file system need root (a tmpfs)");
        return;
    }
    // Read-only: the tmpfs is remounted read-only after the preflight.
    let mnt = tmp.path().join("ro");
    let Some(fs) = Tmpfs::mount(&mnt, "1m") else {
        record_result(
            "disk faults",
            "read-only directory; full file system (tmpfs)",
            0,
            "mount -t tmpfs failed",
            "skipped: no tmpfs",
        );
        eprintln!("SKIPPED: mount -t tmpfs failed");
        return;
    };
    let dest = mnt.join("credentials");
    std::fs::write(&dest, ORIGINAL).unwrap();
    let mut h = at_keys(&dest).await;
    assert!(sh(&["mount", "-o", "remount,ro", mnt.to_str().unwrap()]));
    create_and_recover(&mut h, &["Read-only file system"]).await;
    assert_eq!(std::fs::read(&dest).unwrap(), ORIGINAL, "byte-identical");
    drop(fs);

    // Full: a 64 KiB tmpfs filled up after the preflight.
    let mnt = tmp.path().join("full");
    let fs = Tmpfs::mount(&mnt, "64k").unwrap();
    let dest = mnt.join("credentials");
    std::fs::write(&dest, ORIGINAL).unwrap();
    let mut h = at_keys(&dest).await;
    let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    create_and_recover(&mut h, &["No space left"]).await;
    assert_eq!(std::fs::read(&dest).unwrap(), ORIGINAL, "byte-identical");
    let leftovers: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != "credentials" && n != "filler")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    drop(fs);
    record(
        "disk faults",
        "read-only directory (tmpfs remounted ro); full file system (64 KiB tmpfs filled)",
        2,
        "clear error; the original file byte-identical, no temporary file left; the secret still held; another destination saved",
    );
}

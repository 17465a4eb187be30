//! Files that are not files (issue 19): a FIFO or a device where ramwiz expects a credentials
//! file, an answers file or the file a key is saved in is refused at once with a clear error,
//! never read from or waited on; an answers file over 1 MiB is refused before it is read. And
//! the key's file is checked before anything is made in the cloud.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");

fn mkfifo(p: &Path) -> bool {
    let made = Command::new("mkfifo").arg(p).status();
    made.is_ok_and(|s| s.success())
}

/// Runs `cmd`, killed (and the test failed) if it outlives 30 s: a hang is the bug.
fn bounded(cmd: &mut Command) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("ramwiz hung on a file that is not a file");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `ramwiz apply` in real mode, signing in from `credentials` (a nothing-listening endpoint:
/// the errors must come before any call).
fn real_apply(home: &Path, answers: &Path, credentials: &Path) -> (Output, Duration) {
    bounded(
        Command::new(EXE)
            .args(["apply", "--output", "json", "--answers"])
            .arg(answers)
            .current_dir(home)
            .env("HOME", home)
            .env("XDG_STATE_HOME", home.join("state"))
            .env("ALIBABA_CLOUD_CREDENTIALS_FILE", credentials)
            .env("RAMWIZ_RAM_ENDPOINT", "http://127.0.0.1:9")
            .env("RAMWIZ_STS_ENDPOINT", "http://127.0.0.1:9")
            .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID")
            .env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    )
}

const PROFILE_ANSWERS: &str = "mode = \"setup\"\n[signin]\nprofile = \"admin\"\n[user]\nname = \"okd\"\n[key]\nprofile = \"default\"\n[policy]\nkind = \"custom\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"x\"\n";

#[test]
fn a_fifo_or_a_device_as_the_credentials_file_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("a.toml");
    std::fs::write(&answers, PROFILE_ANSWERS).unwrap();
    let fifo = tmp.path().join("creds.fifo");
    if !mkfifo(&fifo) {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    let mut worst = Duration::ZERO;
    for (file, says) in [
        (fifo.as_path(), "named pipe (FIFO)"),
        (Path::new("/dev/zero"), "a character device"),
    ] {
        let (out, took) = real_apply(tmp.path(), &answers, file);
        worst = worst.max(took);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_ne!(out.status.code(), Some(0), "{all}");
        assert!(all.contains(says), "says what the file is: {all}");
        assert!(all.contains(&file.display().to_string()), "names it: {all}");
    }
    ramwiz::reliability::record(
        "Files",
        "a FIFO, then /dev/zero, as ALIBABA_CLOUD_CREDENTIALS_FILE (it hung)",
        2,
        &format!(
            "refused before reading, naming the path and what it is; slowest {} ms",
            worst.as_millis()
        ),
    );
}

#[test]
fn answers_that_are_a_device_or_too_large_are_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.toml");
    let mut body = PROFILE_ANSWERS.to_owned();
    body.push_str(&"# padding\n".repeat(110_000));
    std::fs::write(&big, &body).unwrap();
    let mut cases = 0;
    for (answers, says) in [
        (Path::new("/dev/zero"), "a character device"),
        (big.as_path(), "larger than an answers file may be (1 MiB)"),
    ] {
        // Under a 100 MB data limit: reading /dev/zero to the end grew ramwiz to 7 GB.
        let script = format!(
            "ulimit -d 102400; exec '{EXE}' --demo --demo-dir '{}' apply --output json --answers '{}'",
            tmp.path().join("demo").display(),
            answers.display()
        );
        let (out, _) = bounded(Command::new("sh").args(["-c", &script]));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
        assert_eq!(out.status.code(), Some(2), "{report}");
        assert!(report["error"].to_string().contains(says), "{report}");
        cases += 1;
    }
    ramwiz::reliability::record(
        "Files",
        "--answers /dev/zero (grew to 7 GB), and a 1.1 MB answers file",
        cases,
        "exit 2 before reading, under a 100 MB data limit, saying what the file is",
    );
}

#[test]
fn a_fifo_as_the_key_file_stops_apply_before_any_user_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let fifo = tmp.path().join("key.fifo");
    if !mkfifo(&fifo) {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    let answers = tmp.path().join("a.toml");
    std::fs::write(
        &answers,
        format!(
            "mode = \"setup\"\n[signin]\nprofile = \"demo-admin\"\n[user]\nname = \"fifo-victim\"\n[key]\nfile = \"{}\"\nprofile = \"default\"\n[policy]\nkind = \"custom\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"x\"\n",
            fifo.display()
        ),
    )
    .unwrap();
    let (out, took) = bounded(
        Command::new(EXE)
            .args(["--demo", "--demo-dir"])
            .arg(&dir)
            .args(["apply", "--output", "json", "--answers"])
            .arg(&answers),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    assert_ne!(out.status.code(), Some(0), "{report}");
    assert!(report.to_string().contains("named pipe (FIFO)"), "{report}");
    let state = std::fs::read_to_string(dir.join("sim-state.json")).unwrap();
    assert!(
        !state.contains("fifo-victim"),
        "no user was made for a key that had nowhere to go"
    );
    ramwiz::reliability::record(
        "Files",
        "a FIFO as key.file (it hung after the RAM user was made)",
        1,
        &format!(
            "refused in {} ms, before any change in the cloud",
            took.as_millis()
        ),
    );
}

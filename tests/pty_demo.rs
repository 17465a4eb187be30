//! The real binary in a pty: the demo signs in and shows the identity card; the terminal is
//! restored on quit and on signals; the owner's secret shows up nowhere it must not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::pty::Pty;

fn read(p: &std::path::Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

fn secret_of(creds: &str) -> String {
    creds
        .lines()
        .find_map(|l| l.strip_prefix("access_key_secret = "))
        .expect("demo profile has a secret")
        .trim()
        .to_owned()
}

#[test]
fn demo_signs_in_with_the_demo_profile_and_shows_the_identity_card() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let mut pty = Pty::demo(home.path(), &demo);
    pty.wait_for("Press Enter to sign in", 20);
    assert!(pty.screen().contains("DEMO"));
    pty.send("\r");
    pty.wait_for("profile demo-admin", 10);
    pty.send("\r");
    pty.wait_for("Can manage RAM users", 10);
    let screen = pty.screen();
    let state: serde_json::Value =
        serde_json::from_str(&read(&demo.join("sim-state.json"))).unwrap();
    let account = state["account_id"].as_str().unwrap_or_default().to_owned();
    assert!(!account.is_empty(), "sim state has an account id: {state}");
    assert!(screen.contains(&account), "{screen}");
    assert!(
        screen.contains(&format!("acs:ram::{account}:root")),
        "{screen}"
    );
    assert!(screen.contains("✓ yes"), "{screen}");
    assert!(screen.contains("account owner"), "{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    pty.assert_terminal_restored();

    // The owner's secret is in the credentials file, and nowhere else we wrote or showed.
    let creds = read(&demo.join("credentials"));
    let secret = secret_of(&creds);
    let log = read(&demo.join("ramwiz.log"));
    assert!(
        log.contains("GetCallerIdentity"),
        "the log records API calls: {log}"
    );
    assert!(!log.contains(&secret), "secret in the log");
    assert!(!log.contains("Signature="), "signed query in the log");
    assert!(
        !read(&demo.join("journal.jsonl")).contains(&secret),
        "secret in the journal"
    );
    let raw = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    assert!(!raw.contains(&secret), "secret on the terminal");
    // Nothing was written into the (fake) home outside the demo directory.
    let mut entries: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    entries.sort();
    assert_eq!(entries, vec![std::ffi::OsString::from("demo")]);
}

#[test]
fn demo_with_a_pasted_wrong_secret_explains_the_signature_error() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let mut pty = Pty::demo(home.path(), &demo);
    pty.wait_for("Press Enter", 20);
    let id = read(&demo.join("credentials"))
        .lines()
        .find_map(|l| l.strip_prefix("access_key_id = ").map(str::to_owned))
        .unwrap();
    pty.send("\r");
    pty.wait_for("Paste an AccessKey pair", 10);
    pty.send("p");
    pty.wait_for("AccessKey ID", 5);
    pty.send(&format!("\x1b[200~ {id}\n\x1b[201~"));
    pty.send("\t");
    pty.send("WrongSecretWrongSecretWrong123\r");
    pty.wait_for("Sign-in failed", 10);
    let screen = pty.screen();
    assert!(
        screen.contains("does not belong to this AccessKey ID"),
        "{screen}"
    );
    assert!(!screen.contains("WrongSecret"), "{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
}

#[cfg(unix)]
#[test]
fn sigterm_and_sighup_leave_the_terminal_restored() {
    for sig in ["TERM", "HUP", "INT"] {
        let home = tempfile::tempdir().unwrap();
        let mut pty = Pty::spawn(&["--demo"], home.path(), 100, 30);
        pty.wait_for("Press Enter", 20);
        let pid = pty.child.process_id().unwrap();
        let ok = std::process::Command::new("kill")
            .args([&format!("-{sig}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        assert_ne!(pty.wait_exit(10), 0, "SIG{sig} is not a normal exit");
        pty.assert_terminal_restored();
    }
    ramwiz::reliability::record(
        "terminal",
        "SIGTERM, SIGHUP, SIGINT to the running wizard (in a pty)",
        3,
        "exit non-zero; alternate screen left, cursor shown, bracketed paste off (raw mode off)",
    );
}

#[test]
fn a_tiny_terminal_gets_a_clear_message() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&["--demo"], home.path(), 60, 20);
    pty.wait_for("too small", 20);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
}

#[test]
fn a_panic_leaves_the_terminal_restored() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn_with_env(
        &["--demo"],
        home.path(),
        100,
        30,
        &[("RAMWIZ_TEST_PANIC", "1")],
    );
    assert_ne!(pty.wait_exit(20), 0);
    pty.assert_terminal_restored();
    let raw = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    assert!(
        raw.contains("panicking on purpose"),
        "the panic message is shown after restore"
    );
    ramwiz::reliability::record(
        "terminal",
        "a panic in the wizard (in a pty)",
        1,
        "the terminal is restored first, then the panic message is shown",
    );
}

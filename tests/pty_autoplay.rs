//! `--demo --autoplay` in a pty: it walks to the summary screen on its own, with a caption, and
//! any key hands the controls back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::pty::Pty;

/// `--demo --autoplay` at `ms` milliseconds a step.
fn autoplay(home: &std::path::Path, ms: &str) -> Pty {
    Pty::spawn_with_env(
        &["--demo", "--autoplay"],
        home,
        100,
        30,
        &[("RAMWIZ_AUTOPLAY_MS", ms)],
    )
}

#[test]
fn autoplay_reaches_the_summary_on_its_own() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = autoplay(home.path(), "60");
    pty.wait_for("Typing the installer's user name", 30);
    pty.wait_for("The components' credentials are ready", 120);
    pty.wait_for("credentialsMode: Manual set", 30);
    // Autoplay ends at its next step; a key before that would only take the controls back.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!pty.screen().contains("any key takes over"));
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    pty.assert_terminal_restored();
}

#[test]
fn any_key_takes_the_controls_back() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = autoplay(home.path(), "1500");
    pty.wait_for("any key takes over", 20);
    pty.send("x");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = pty.screen();
    assert!(!before.contains("any key takes over"), "{before}");
    std::thread::sleep(std::time::Duration::from_millis(3500));
    let after = pty.screen();
    assert_eq!(
        before.lines().nth(1),
        after.lines().nth(1),
        "no step taken after the key"
    );
    pty.send("q");
    pty.wait_exit(10);
}

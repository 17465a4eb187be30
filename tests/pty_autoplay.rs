//! `--demo --autoplay` in a pty: it walks to the summary screen on its own, with a caption, and
//! any key hands the controls back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::pty::Pty;

/// `--demo --autoplay` at `ms` milliseconds a step, with `args` and `env` added.
fn autoplay(home: &std::path::Path, ms: &str, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let mut all_env = vec![("RAMWIZ_AUTOPLAY_MS", ms)];
    all_env.extend_from_slice(env);
    let mut all_args = vec!["--demo", "--autoplay"];
    all_args.extend_from_slice(args);
    Pty::spawn_with_env(&all_args, home, 100, 30, &all_env)
}

#[test]
fn autoplay_reaches_the_summary_on_its_own() {
    walk_to_the_summary(&[], &[]);
}

/// The whole TUI demo signed with V3 (chosen by the environment) on a simulated account that
/// refuses V1: sign-in, user, key, policy, ccoctl and its own calls all get through.
#[test]
fn autoplay_reaches_the_summary_with_signature_v3_only() {
    walk_to_the_summary(&["--faults", "v1=off"], &[("RAMWIZ_SIGNATURE", "v3")]);
}

fn walk_to_the_summary(args: &[&str], env: &[(&str, &str)]) {
    let home = tempfile::tempdir().unwrap();
    let mut pty = autoplay(home.path(), "60", args, env);
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
    let mut pty = autoplay(home.path(), "1500", &[], &[]);
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

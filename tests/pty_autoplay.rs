//! `--demo --autoplay` in a pty: it walks to the summary screen on its own, a caption naming
//! each screen under it, says when it is over; Space pauses, → steps, any other key hands the
//! controls back.

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
    pty.wait_for("Create the installer's RAM user — typing its name", 30);
    pty.wait_for("The components' credentials are ready", 120);
    pty.wait_for("credentialsMode: Manual set", 30);
    // It says it is over, and how to take the controls; the first key clears that.
    pty.wait_for("The demo is over", 10);
    pty.wait_for("the controls are yours", 5);
    pty.send("\x1b[6~");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!pty.screen().contains("The demo is over"));
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    pty.assert_terminal_restored();
}

#[test]
fn any_key_takes_the_controls_back() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = autoplay(home.path(), "1500", &[], &[]);
    pty.wait_for("any other key takes over", 20);
    // The caption names the screen under it: the welcome screen first.
    pty.wait_for("▶ Welcome —", 5);
    // Space pauses: no step is taken while paused; → takes one.
    pty.send(" ");
    pty.wait_for("paused: Space resumes", 5);
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert!(pty.screen().contains("▶ Welcome —"), "{}", pty.screen());
    pty.send("\x1b[C");
    pty.wait_for("▶ Sign in —", 5);
    pty.wait_for("paused: Space resumes", 5);
    pty.send("x");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = pty.screen();
    assert!(!before.contains("key takes over"), "{before}");
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

//! A run killed right after Alibaba Cloud created a key, before its secret was saved: the next
//! start finds the orphaned key and offers to delete it; the user's earlier key stays.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::pty::Pty;

fn state(demo: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(demo.join("sim-state.json")).unwrap()).unwrap()
}

fn keys_of(demo: &std::path::Path, user: &str) -> Vec<String> {
    state(demo)["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user_name"] == user)
        .map(|u| {
            u["access_keys"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["access_key_id"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_key_created_but_never_saved_is_offered_for_deletion_at_the_next_start() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let dir = demo.to_str().unwrap().to_owned();

    // 1. A normal run: the installer's user with one saved key.
    let mut pty = Pty::demo(home.path(), &demo);
    pty.walk_to_verified_key("okd-installer", false);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    let first = keys_of(&demo, "okd-installer");
    assert_eq!(first.len(), 1);

    // 2. A second key, into another profile; the process dies right after CreateAccessKey.
    let mut pty = Pty::spawn_with_env(
        &["--demo", "--demo-dir", &dir],
        home.path(),
        100,
        30,
        &[("RAMWIZ_TEST_CRASH_AFTER_CREATE_KEY", "1")],
    );
    pty.wait_for("Press Enter to sign in", 20);
    pty.send("\r");
    pty.wait_for("profile demo-admin", 10);
    pty.send("\r");
    pty.wait_for("Can manage RAM users", 10);
    pty.send("\r");
    pty.wait_for("Use an existing RAM user", 5);
    pty.send("s");
    pty.wait_for("okd-installer", 10);
    // The demo's role operator (`demo-operator`) was made first: one down to the installer.
    pty.send("\x1b[B");
    pty.wait_for("▶ okd-installer", 10);
    pty.send("\r");
    pty.wait_for("Where the new AccessKey will be saved", 10);
    pty.send("\r");
    pty.wait_for("b: back up the file", 10);
    pty.send("n");
    pty.send("second\r");
    pty.wait_for("AccessKeys of okd-installer", 10);
    pty.wait_for("used by profile default", 10);
    pty.send("\r");
    assert_ne!(pty.wait_exit(20), 0, "the run was killed");
    let after_crash = keys_of(&demo, "okd-installer");
    assert_eq!(after_crash.len(), 2, "the cloud made the key");
    let orphan = after_crash
        .iter()
        .find(|k| !first.contains(k))
        .unwrap()
        .clone();
    let creds = std::fs::read_to_string(demo.join("credentials")).unwrap();
    assert!(!creds.contains(&orphan), "its secret was never saved");

    // 3. The next start finds it and deletes it on request.
    let mut pty = Pty::demo(home.path(), &demo);
    pty.wait_for("Press Enter to sign in", 20);
    pty.send("\r");
    pty.wait_for("profile demo-admin", 10);
    pty.send("\r");
    pty.wait_for("Orphaned AccessKeys", 15);
    assert!(pty.screen().contains(&orphan), "{}", pty.screen());
    pty.send("x");
    pty.send(&orphan[orphan.len() - 4..]);
    pty.send("\r");
    pty.wait_for("Can manage RAM users", 15);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    assert_eq!(
        keys_of(&demo, "okd-installer"),
        first,
        "the earlier key is intact, the orphan gone"
    );
    let journal = std::fs::read_to_string(demo.join("journal.jsonl")).unwrap();
    assert!(journal.contains("orphan_resolved"));

    // 4. And it is not offered again.
    let mut pty = Pty::demo(home.path(), &demo);
    pty.wait_for("Press Enter to sign in", 20);
    pty.send("\r");
    pty.wait_for("profile demo-admin", 10);
    pty.send("\r");
    pty.wait_for("Can manage RAM users", 15);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(!pty.screen().contains("Orphaned AccessKeys"));
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    ramwiz::reliability::record(
        "crashes",
        "ramwiz killed (abort) between CreateAccessKey and saving the secret",
        1,
        "the next start finds the orphan (journal + ListAccessKeys), deletes it on request, keeps the earlier key, and does not offer it again",
    );
}

#[cfg(unix)]
#[test]
fn killed_after_the_key_step_the_demo_resumes_and_finishes() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let mut pty = Pty::demo(home.path(), &demo);
    pty.walk_to_verified_key("okd-installer", false);
    let pid = pty.child.process_id().unwrap();
    assert!(
        std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    pty.wait_exit(10);

    let mut pty = Pty::demo(home.path(), &demo);
    pty.wait_for("press u to resume", 20);
    pty.send("u");
    pty.wait_for("profile demo-admin", 10);
    pty.send("\r");
    pty.wait_for("Can manage RAM users", 15);
    pty.walk_policy();
    pty.walk_to_provision_form();
    pty.send("\r");
    pty.wait_for("What ccoctl will create", 30);
    pty.send("\r");
    pty.wait_for("4 manifests are in", 60);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    assert_eq!(
        keys_of(&demo, "okd-installer").len(),
        1,
        "the resume made no second installer key"
    );
}

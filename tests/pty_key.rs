//! The whole user + AccessKey flow of the demo in a pty, then what is on disk, in the simulated
//! cloud, and — the leak test — where the new secret is and is not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use support::pty::Pty;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

/// The (id, secret) of a profile of a credentials file.
fn profile(creds: &str, name: &str) -> Option<(String, String)> {
    let start = creds.find(&format!("[{name}]"))?;
    let section = &creds[start..];
    let end = section[1..]
        .find("\n[")
        .map(|i| i + 1)
        .unwrap_or(section.len());
    let section = &section[..end];
    let get = |k: &str| {
        section
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k} = ")).map(str::to_owned))
    };
    Some((get("access_key_id")?, get("access_key_secret")?))
}

#[test]
fn the_demo_creates_a_user_and_a_key_saves_it_0600_and_verifies_it() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let mut pty = Pty::demo(home.path(), &demo);
    pty.walk_to_verified_key("okd-installer", false);
    let screen = pty.screen();
    assert!(screen.contains(":user/okd-installer"), "{screen}");
    // on to the install policy: the least-privilege one, created, attached, probed
    pty.walk_policy();
    let screen = pty.screen();
    assert!(screen.contains("okd-installer (created)"), "{screen}");
    assert!(screen.contains("• okd-installer (Custom)"), "{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);

    let creds_path = demo.join("credentials");
    let creds = read(&creds_path);
    let (id, secret) = profile(&creds, "default").expect("a [default] profile");
    assert!(
        creds.contains("[default]\ntype = access_key\nenable = true\naccess_key_id = "),
        "{creds}"
    );
    assert!(
        profile(&creds, "demo-admin").is_some(),
        "the other profile is kept"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&creds_path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let state: serde_json::Value =
        serde_json::from_str(&read(&demo.join("sim-state.json"))).unwrap();
    let users = state["users"].as_array().unwrap();
    let u = users
        .iter()
        .find(|u| u["user_name"] == "okd-installer")
        .expect("user in the cloud");
    let keys = u["access_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "exactly one key created");
    assert_eq!(keys[0]["access_key_id"], id.as_str());
    assert_eq!(keys[0]["access_key_secret"], secret.as_str());

    let attachments = state["attachments"].as_array().unwrap();
    assert!(
        attachments
            .iter()
            .any(|a| a["user_name"] == "okd-installer" && a["policy_name"] == "okd-installer")
    );
    // The journal has the whole story, without the secret.
    let journal = read(&demo.join("journal.jsonl"));
    for event in [
        "key_intent",
        "key_created",
        "key_saved",
        "key_verified",
        "policy_created",
        "policy_attached",
        "policy_in_effect",
    ] {
        assert!(journal.contains(event), "{event} missing: {journal}");
    }
}

#[test]
fn leak_test_the_new_secret_is_only_in_the_credentials_file() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let mut pty = Pty::demo(home.path(), &demo);
    // RAMWIZ_LOG=trace is set by the harness: the most verbose level.
    pty.walk_to_verified_key("leaky", true);
    let after_confirm = pty.screen();
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    let (_, secret) = profile(&read(&demo.join("credentials")), "default").unwrap();
    assert_eq!(secret.len(), 30);

    assert!(
        !after_confirm.contains(&secret),
        "secret on the screen after confirming"
    );
    let log = read(&demo.join("ramwiz.log"));
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "the log ran at the most verbose level"
    );
    assert!(!log.contains(&secret), "secret in the log");
    assert!(
        !read(&demo.join("journal.jsonl")).contains(&secret),
        "secret in the journal"
    );
    for entry in std::fs::read_dir(&demo).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name == "credentials" || name == "sim-state.json" {
            continue; // the destination, and the simulated cloud's own database
        }
        assert!(!read(&p).contains(&secret), "secret in {name}");
    }
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/snapshots");
    for entry in std::fs::read_dir(snapshots).unwrap() {
        assert!(
            !read(&entry.unwrap().path()).contains(&secret),
            "secret in a snapshot"
        );
    }
    // The terminal saw it only while revealed; the alternate screen is gone and nothing of it
    // is left on the normal screen.
    pty.assert_terminal_restored();
    assert!(!pty.screen().contains(&secret));
}

#[test]
fn stdout_and_stderr_never_carry_the_secret_when_it_is_not_revealed() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let mut pty = Pty::demo(home.path(), &demo);
    pty.walk_to_verified_key("quiet", false);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    let (_, secret) = profile(&read(&demo.join("credentials")), "default").unwrap();
    let raw = String::from_utf8_lossy(&pty.raw.lock().unwrap()).into_owned();
    assert!(!raw.contains(&secret), "secret in the program's output");
}

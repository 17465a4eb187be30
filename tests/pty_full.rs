//! The whole demo in a pty, as a person walks it: sign in, create the installer's user and key,
//! attach the OKD policy, extract ccoctl, provision the components, and, the install dir holding
//! install-config.yaml only, Manual mode and the manifests made, then theirs copied in. Then the
//! simulated cloud and the files are checked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ramwiz::cloud::actions::GetCallerIdentity;
use ramwiz::cloud::{Client, Credentials, Endpoints};
use ramwiz::secret::Secret;
use support::pty::Pty;

/// Each of `what` is in the text `screen` shows (`where_` says where, for the failure).
fn assert_shows(screen: &str, what: &[&str], where_: &str) {
    for w in what {
        assert!(screen.contains(w), "{w:?} not {where_}:\n{screen}");
    }
}

fn manifest_key(text: &str) -> (String, String) {
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{k} = ")).map(str::to_owned))
            .unwrap()
    };
    (get("access_key_id"), get("access_key_secret"))
}

/// The secret of `profile` in a credentials file.
fn manifest_key_of(file: &std::path::Path, profile: &str) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let start = text.find(&format!("[{profile}]")).unwrap();
    manifest_key(&text[start..]).1
}

#[test]
fn the_demo_goes_from_sign_in_to_manifests_in_the_install_dir() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    // The tools pace their output (a pause before each line) so that create manifests' output,
    // shown while it runs, can be seen on the screen.
    let mut pty = Pty::spawn_with_env(
        &["--demo", "--demo-dir", demo.to_str().unwrap()],
        home.path(),
        80,
        24,
        &[("RAMWIZ_SIM_FAULT", "slow=250")],
    );
    pty.walk_to_verified_key("okd-installer", false);
    pty.walk_policy();
    // ccoctl's extraction, the seed's commands, as they run and after: each command and what
    // the tools printed stay on screen until Enter.
    pty.send("\r");
    pty.wait_for("bin/openshift-install", 10);
    pty.send("\r");
    pty.wait_for("ccoctl is ready:", 60);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = pty.screen();
    assert_shows(
        &screen,
        &[
            "$ ",
            "openshift-install version",
            "oc adm release info",
            // More than fits: marked, and the keys named.
            "more ↓",
            "PgUp PgDn scroll",
        ],
        "on the screen",
    );
    // Its end, with what the last command printed.
    pty.send("\x1b[F");
    pty.wait_for("Available Commands", 5);
    pty.send("\r");
    pty.wait_for("The components' credentials: ccoctl create-ram-users", 10);
    pty.send("\r");
    pty.wait_for("What ccoctl will create", 30);
    pty.wait_for("openshift-cluster-csi-drivers/alibaba-disk-credentials", 5);
    pty.send("\r");
    pty.wait_for("The components' credentials are ready", 60);
    // The demo's install dir held install-config.yaml only: Manual mode set, the manifests
    // made by openshift-install create manifests, then ccoctl's copied beside them.
    pty.wait_for("Consuming Install Config from target directory", 60);
    pty.wait_for("4 manifests are in", 20);
    pty.wait_for("credentialsMode: Manual set", 10);
    // At 80×24, without scrolling: the next command, where the manifests went, Manual mode.
    let screen = pty.screen();
    assert_shows(
        &screen,
        &[
            "openshift-install create cluster --dir",
            "4 manifests are in",
            "credentialsMode: Manual set",
        ],
        "on the first page",
    );
    // What ccoctl and create manifests printed stays reachable: l shows the run's output.
    pty.send("l");
    pty.wait_for("Everything the tools printed", 5);
    pty.wait_for("$ ", 5);
    let log = pty.screen();
    assert!(
        log.contains("create manifests") || log.contains("Consuming Install Config"),
        "{log}"
    );
    pty.send("l");
    pty.wait_for("4 manifests are in", 5);
    // The rest is below, one PgDn away.
    pty.send("\x1b[6~");
    pty.wait_for("create manifests made the manifests", 10);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    pty.assert_terminal_restored();
    // The shell keeps the summary, with the next commands.
    let after = pty.screen();
    assert_shows(
        &after,
        &[
            "ramwiz (setup): done",
            "okd-installer",
            "openshift-install create cluster --dir",
        ],
        "left in the terminal",
    );

    // The installer's secret, at the most verbose log level (RAMWIZ_LOG=trace): in the
    // credentials file, in the simulated cloud's own database, and nowhere else: not on the
    // screen, not in the terminal's whole output (scrollback included), not in any file.
    let secret = manifest_key_of(&demo.join("credentials"), "default");
    let forms = support::secrets::forms(&secret);
    assert_eq!(
        support::secrets::find(pty.screen().as_bytes(), &forms),
        None
    );
    assert_eq!(
        support::secrets::find(&pty.output(), &forms),
        None,
        "in the pty output"
    );
    let scanned = support::secrets::assert_no_secret_in_files(
        &[home.path()],
        &[demo.join("credentials"), demo.join("sim-state.json")],
        &secret,
    );
    assert!(scanned > 15, "{scanned} files");
    ramwiz::reliability::record(
        "secret scan",
        "a full demo run in a pty at RAMWIZ_LOG=trace",
        scanned as u64 + 2,
        "the installer's secret (plain, base64, base64url, URL-encoded) is in no file but the credentials file and the simulated cloud's state, not on the screen, not in the terminal output",
    );

    // The simulated cloud: one RAM user per CredentialsRequest, each with its policy and one key.
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo.join("sim-state.json")).unwrap())
            .unwrap();
    let users: Vec<&serde_json::Value> = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["comments"]
                .as_str()
                .is_some_and(|c| c.starts_with("openshift.io/ccoctl/"))
        })
        .collect();
    assert_eq!(users.len(), 4);
    let attachments = state["attachments"].as_array().unwrap();
    for u in &users {
        assert_eq!(u["access_keys"].as_array().unwrap().len(), 1, "{u}");
        assert!(
            attachments.iter().any(|a| a["user_name"] == u["user_name"]),
            "{u}"
        );
    }

    // Each manifest in the install dir holds a key that works, as its component's user.
    let manifests: Vec<_> = std::fs::read_dir(demo.join("install/manifests"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-credentials.yaml"))
        .collect();
    assert_eq!(manifests.len(), 4);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The demo's cloud is gone with the process; a fresh one loads the same state.
    runtime.block_on(async {
        let sim = ramwiz::sim::SimHandle::start(ramwiz::sim::SimConfig {
            state_file: Some(demo.join("sim-state.json")),
            ..Default::default()
        })
        .await
        .unwrap();
        let endpoints = Endpoints::single(&sim.endpoint()).unwrap();
        for m in &manifests {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                assert_eq!(
                    std::fs::metadata(m).unwrap().permissions().mode() & 0o777,
                    0o600
                );
            }
            let (id, secret) = manifest_key(&std::fs::read_to_string(m).unwrap());
            let c =
                Client::new(endpoints.clone(), Credentials::new(id, Secret::new(secret))).unwrap();
            let who = c.call(&GetCallerIdentity).await.unwrap();
            assert!(who.arn.contains(":user/okd-"), "{}", who.arn);
        }
        sim.shutdown().await;
    });
}

//! The TUI signs in through a RAM role (issue 24), driving the real binary in a terminal
//! through the demo: from the credentials file's `ram_role_arn` profile, from the aliyun CLI's
//! `RamRoleArn` and `ChainableRamRoleArn` profiles, and from a pasted pair with a role ARN typed
//! beside it. Each time the identity card shows the assumed role, its session and when it ends.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::pty::Pty;

/// The demo operator's key and the role it may assume, from the demo's credentials file.
fn operator(demo: &std::path::Path) -> (String, String, String) {
    let text = std::fs::read_to_string(demo.join("credentials")).unwrap();
    let section = text.split("[demo-operator]").nth(1).unwrap();
    let get = |k: &str| {
        section
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{k} = ")))
            .unwrap()
            .to_owned()
    };
    (
        get("access_key_id"),
        get("access_key_secret"),
        get("role_arn"),
    )
}

fn signed_in_as_the_role(pty: &Pty, session: &str) {
    pty.wait_for("assumed-role/okd-admin/", 20);
    pty.wait_for("RAM role", 5);
    pty.wait_for(&format!("Role session          {session}"), 5);
    pty.wait_for("· its key ends", 5);
    pty.wait_for("Can manage RAM users", 5);
    let screen = pty.screen();
    assert!(screen.contains("AssumedRoleUser"), "{screen}");
}

#[test]
fn the_tui_signs_in_through_a_role_from_every_kind_of_source() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    // Sign-in list: demo-admin, demo-operator (credentials file); demo-operator,
    // demo-operator-role, demo-operator-chain (aliyun CLI); then the paste form.
    for (downs, label, session) in [
        (1, "profile demo-operator → role okd-admin", "demo-operator"),
        (
            3,
            "aliyun CLI profile demo-role → role okd-admin",
            "demo-operator-cli",
        ),
        (
            4,
            "aliyun CLI profile demo-chain → role okd-admin",
            "demo-operator-cli",
        ),
    ] {
        let mut pty = Pty::demo(home.path(), &demo);
        pty.wait_for("Press Enter to sign in", 20);
        pty.send("\r");
        pty.wait_for(label, 10);
        for _ in 0..downs {
            pty.send("\x1b[B");
        }
        pty.wait_for(&format!("▶ ● {label}"), 5);
        pty.send("\r");
        signed_in_as_the_role(&pty, session);
        pty.send("q");
        assert_eq!(pty.wait_exit(10), 0, "{label}");
    }

    // A pasted pair, and the role typed beside it.
    let (id, secret, role) = operator(&demo);
    let mut pty = Pty::demo(home.path(), &demo);
    pty.wait_for("Press Enter to sign in", 20);
    pty.send("\r");
    pty.wait_for("Paste an AccessKey pair", 10);
    pty.send("p");
    pty.wait_for("RAM role ARN (optional", 5);
    pty.send(&id);
    pty.send("\t");
    pty.send(&secret);
    pty.send("\t");
    pty.send("acs:ram::not-an-account");
    pty.send("\r");
    pty.wait_for("A role ARN reads acs:ram::<account ID>:role/<role name>", 5);
    pty.send("\x15");
    pty.send(&role);
    pty.send("\r");
    signed_in_as_the_role(&pty, "ramwiz-");
    let screen = pty.screen();
    assert!(!screen.contains(&secret), "the secret is not on the screen");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    let out = String::from_utf8_lossy(&pty.output()).into_owned();
    assert!(!out.contains(&secret), "nor in anything the terminal got");
}

//! The demo in a pty, with an install dir that holds nothing yet: after ccoctl, `i` hands the
//! terminal to the simulated `openshift-install create install-config`, whose questions are
//! answered on that terminal (the pull secret without echo); the wizard comes back, sets
//! Manual mode, makes the manifests (`create manifests` in its log) and copies them in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::pty::Pty;

#[test]
fn an_empty_install_dir_gets_the_survey_on_the_terminal_then_the_manifests() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    let empty = home.path().join("cluster");
    let mut pty = Pty::demo(home.path(), &demo);
    pty.walk_to_verified_key("okd-installer", false);
    pty.walk_policy();
    pty.walk_to_provision_form();
    // The install dir field (the fifth), emptied and pointed at a directory with nothing.
    pty.send("\x1b[B\x1b[B\x1b[B\x1b[B");
    pty.send("\x15");
    pty.send(empty.to_str().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(300));
    // --name: an empty install dir names no cluster; one is typed.
    pty.send("\x1b[A\x1b[A\x1b[A\x1b[A");
    pty.send("\x15okd-p");
    pty.send("\r");
    pty.wait_for("What ccoctl will create", 30);
    pty.wait_for("no install-config.yaml yet", 5);
    pty.send("\r");
    pty.wait_for("The components' credentials are ready", 60);
    pty.wait_for("press i to run openshift-install create", 10);
    pty.send("i");
    // ramwiz's screen is put away; the installer asks on the terminal.
    pty.wait_for("? Platform [alibabacloud]", 10);
    assert!(
        pty.screen()
            .contains("ramwiz hands the terminal to openshift-install")
    );
    pty.send("\r");
    pty.wait_for("? Region [cn-hangzhou]", 5);
    pty.send("\r");
    pty.wait_for("? Base Domain", 5);
    pty.send("example.com\r");
    pty.wait_for("? Cluster Name", 5);
    pty.send("okd-p\r");
    pty.wait_for("? Pull Secret", 5);
    let pull = "{\"auths\":{\"quay.io\":{\"auth\":\"eDp5\"}}}";
    pty.send(pull);
    pty.send("\r");
    // Back in ramwiz: Manual mode, the manifests made, copied; the next command.
    pty.wait_for("create manifests made the manifests", 30);
    pty.wait_for("4 manifests are in", 10);
    let screen = pty.screen();
    assert!(screen.contains("create cluster --dir"), "{screen}");
    assert!(!screen.contains("create install-config"), "{screen}");
    assert!(
        !String::from_utf8_lossy(&pty.output()).contains("eDp5"),
        "the pull secret was echoed"
    );
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    pty.assert_terminal_restored();

    assert!(
        !empty.join("install-config.yaml").exists(),
        "consumed by create manifests"
    );
    let config = std::fs::read_to_string(empty.join("manifests/cluster-config.yaml")).unwrap();
    assert!(config.contains("credentialsMode: Manual") && config.contains("name: okd-p"));
    let copied = support::process::credentials_manifests_in(&empty.join("manifests"));
    assert_eq!(copied, 4);
    // The survey found the installer's key by path: it asked for none, wrote no file.
    assert!(!demo.join("home/.alibabacloud").exists());
    assert!(!home.path().join(".alibabacloud").exists());
}

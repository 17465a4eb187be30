//! `ramwiz sim` as a real process: one JSON line on stdout, a working fake account, and
//! `SignatureDoesNotMatch` for a request signed with a wrong secret.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead;
use std::process::{Command, Stdio};

use ramwiz::cloud::actions::{GetCallerIdentity, ListUsers};
use ramwiz::cloud::{Client, CloudError, Credentials, Endpoints, SignatureVerdict};
use ramwiz::secret::Secret;

#[tokio::test]
async fn sim_prints_one_json_line_and_rejects_a_wrong_secret() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ramwiz"))
        .args(["sim", "--listen", "127.0.0.1:0", "--state"])
        .arg(&state)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for k in [
        "endpoint",
        "account_id",
        "access_key_id",
        "access_key_secret",
    ] {
        assert!(keys.contains(&k), "{line}");
    }
    let endpoint = v["endpoint"].as_str().unwrap();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    let id = v["access_key_id"].as_str().unwrap();
    let secret = v["access_key_secret"].as_str().unwrap();

    let good = Client::new(
        Endpoints::single(endpoint).unwrap(),
        Credentials::new(id, Secret::new(secret)),
    )
    .unwrap();
    let who = good.call(&GetCallerIdentity).await.unwrap();
    assert_eq!(who.account_id, v["account_id"].as_str().unwrap());
    good.call(&ListUsers {
        marker: None,
        max_items: Some(1),
    })
    .await
    .unwrap();

    let bad = good.with_credentials(Credentials::new(
        id,
        Secret::new("WrongWrongWrongWrongWrongWrong"),
    ));
    match bad.call(&GetCallerIdentity).await {
        Err(CloudError::Signature { api, verdict }) => {
            assert_eq!(api.code, "SignatureDoesNotMatch");
            assert_eq!(api.status, 400);
            assert_eq!(verdict, SignatureVerdict::WrongSecret);
        }
        other => panic!("expected SignatureDoesNotMatch, got {other:?}"),
    }

    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(status.success() || status.code().is_none(), "{status:?}");
    assert!(state.exists(), "state persisted");
}

#[test]
fn sim_refuses_a_non_loopback_listen_address() {
    let out = Command::new(env!("CARGO_BIN_EXE_ramwiz"))
        .args(["sim", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback"));
}

#[test]
fn a_plain_http_endpoint_off_loopback_is_a_clear_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_ramwiz"))
        .args(["--ram-endpoint", "http://ram.example.com"])
        .env("HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("only for loopback"), "{err}");
}

#[test]
fn sim_help_has_only_sim_options_and_the_man_page_and_version_are_there() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ramwiz"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let help = run(&["sim", "--help"]);
    assert!(
        help.contains("--listen") && help.contains("--faults"),
        "{help}"
    );
    for unused in ["--demo", "--autoplay", "--signature", "--ram-endpoint"] {
        assert!(!help.contains(unused), "{unused} in sim --help:\n{help}");
    }
    let man = run(&["man"]);
    assert!(man.contains(".TH ramwiz 1"), "{man}");
    assert!(man.contains("\\-\\-demo"), "{man}");
    let version = run(&["--version"]);
    assert!(version.starts_with("ramwiz 0."), "{version}");
    // `--demo` before or after `apply` is the same; `sim` refuses the wizard's options.
    let out = Command::new(env!("CARGO_BIN_EXE_ramwiz"))
        .args(["sim", "--demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

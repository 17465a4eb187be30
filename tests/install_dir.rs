//! `ramwiz apply --demo` against install dirs in each state openshift-install leaves them, and
//! the commands it prints, run as printed (in `sh`) against the simulated cloud and tools:
//! - install-config.yaml only (the demo's own): Manual set, the manifests made, copied;
//! - the manifests made with Manual mode: copied;
//! - the manifests made without it: exit 2 with the way out, nothing changed;
//! - nothing yet: the survey with `[install_config]` answers, or the commands to do it by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ramwiz::sim::{SimConfig, SimHandle};

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const EXAMPLE: &str = include_str!("../assets/answers.example.toml");
const SURVEY: &str =
    "alibabacloud\n\nexample.com\nokd-s\n{\"auths\":{\"quay.io\":{\"auth\":\"eDp5\"}}}\n";

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `ramwiz --demo --demo-dir DIR apply --output json` with these answers.
fn apply(demo: &Path, answers: &str) -> (i32, serde_json::Value, String) {
    let file = demo.with_extension("toml");
    std::fs::write(&file, answers).unwrap();
    let out = Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(demo)
        .args(["apply", "--output", "json", "--answers"])
        .arg(&file)
        .output()
        .unwrap();
    let r = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&out.stdout), text(&out.stderr)));
    (out.status.code().unwrap_or(-1), r, text(&out.stderr))
}

/// The example, with the install dir set to `dir`, for a user (and profile) of its own: each
/// run of one demo dir makes its own installer.
fn answers_for(dir: &Path, user: &str) -> String {
    EXAMPLE
        .replace(
            "# install_dir = \"install\"",
            &format!("install_dir = \"{}\"", dir.display()),
        )
        .replace(
            "# output_dir = \"ccoctl-output\"",
            &format!("output_dir = \"{}-out\"", dir.display()),
        )
        .replace("name = \"okd-installer\"", &format!("name = \"{user}\""))
        .replace("profile = \"default\"", &format!("profile = \"{user}\""))
}

/// Runs `command` in `sh` as a person would paste it, with the demo's simulated cloud at
/// `endpoint` (the simulated tools read it from the environment) and the demo's home.
fn sh(demo: &Path, endpoint: &str, command: &str, stdin: &str) -> Output {
    let mut sh = Command::new("sh");
    sh.args(["-c", command])
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", demo.join("bin").display()),
        )
        .env("HOME", demo.join("home"))
        .env(ramwiz::sim::tools::ENV_RAM_ENDPOINT, endpoint);
    support::process::output_with_stdin(&mut sh, stdin)
}

/// The demo's simulated cloud again, from the state the run left (the run's own is gone).
async fn cloud(demo: &Path) -> SimHandle {
    SimHandle::start(SimConfig {
        state_file: Some(demo.join("sim-state.json")),
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

/// Runs every next command of the report, in order, as printed; the last creates the cluster.
async fn run_next_commands(demo: &Path, r: &serde_json::Value, survey: &str) -> String {
    let sim = cloud(demo).await;
    let endpoint = sim.endpoint();
    let cmds = r["next_commands"].as_array().unwrap().clone();
    assert!(!cmds.is_empty(), "{r}");
    let mut last = String::new();
    for c in &cmds {
        let command = c["command"].as_str().unwrap().to_owned();
        assert!(!c["why"].as_str().unwrap().is_empty());
        let d = demo.to_path_buf();
        let e = endpoint.clone();
        let input = if command.contains("create install-config") {
            survey.to_owned()
        } else {
            String::new()
        };
        let out = tokio::task::spawn_blocking(move || sh(&d, &e, &command, &input))
            .await
            .unwrap();
        last = text(&out.stderr);
        assert!(
            out.status.success(),
            "{}\n{}\n{}",
            c["command"],
            text(&out.stdout),
            last
        );
    }
    assert!(
        cmds.last().unwrap()["command"]
            .as_str()
            .unwrap()
            .contains("create cluster --dir"),
        "{r}"
    );
    assert!(last.contains("Install complete!"), "{last}");
    sim.shutdown().await;
    last
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_install_config_only_dir_gets_manual_mode_and_manifests_and_the_commands_install() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    let d = demo.clone();
    // The key in a profile of its own (not [default]), so openshift-install needs a copy.
    let answers = EXAMPLE.replace("profile = \"default\"", "profile = \"okd-installer\"");
    let (code, r, err) = tokio::task::spawn_blocking(move || apply(&d, &answers))
        .await
        .unwrap();
    assert_eq!(code, 0, "{r}\n{err}");
    let m = &r["manifests"];
    assert_eq!(m["install_dir_state"], "manifests", "{r}");
    assert_eq!(m["manifests_made"], true);
    assert_eq!(m["manual_mode_set"], true);
    assert_eq!(m["name"], "okd-demo", "--name from the cluster name");
    assert_eq!(m["copied"].as_array().unwrap().len(), 4);
    let install = demo.join("install");
    assert!(!install.join("install-config.yaml").exists(), "consumed");
    assert!(err.contains("made the manifests in"), "{err}");
    // The key is in profile [okd-installer]: the command points openshift-install at a
    // [default] copy of it, by path.
    let next = r["next_commands"].as_array().unwrap();
    assert_eq!(next.len(), 1, "{r}");
    let cmd = next[0]["command"].as_str().unwrap();
    let file = demo.join("credentials.okd-installer");
    assert!(
        cmd.starts_with(&format!(
            "ALIBABA_CLOUD_CREDENTIALS_FILE={} ",
            file.display()
        )),
        "{cmd}"
    );
    let teardown = r["teardown_commands"].as_array().unwrap();
    assert!(
        teardown[0]["command"]
            .as_str()
            .unwrap()
            .contains("alibabacloud delete-ram-users --name okd-demo")
    );
    run_next_commands(&demo, &r, "").await;
}

/// A directory the simulated installer made: `create install-config` (the survey's answers on
/// stdin), then `credentialsMode` as given, then `create manifests`.
fn made_manifests(demo: &Path, dir: &Path, mode: Option<&str>) {
    let installer = demo.join("bin/openshift-install");
    let env = [("HOME", demo.join("home"))];
    let run = |args: &[&str], stdin: &str| {
        let mut c = Command::new(&installer);
        c.args(args)
            .arg("--dir")
            .arg(dir)
            .envs(env.iter().map(|(k, v)| (*k, v)))
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIsurvey")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "survey");
        let out = support::process::output_with_stdin(&mut c, stdin);
        assert!(out.status.success(), "{}", text(&out.stderr));
    };
    run(&["create", "install-config"], SURVEY);
    if let Some(m) = mode {
        let p = dir.join("install-config.yaml");
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("credentialsMode: {m}\n{t}")).unwrap();
    }
    run(&["create", "manifests"], "");
}

/// Every file of `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manifests_made_in_manual_mode_are_joined_and_without_it_nothing_is_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    // A first run prepares the demo (its tools, its cloud); its own install dir is not used.
    let d = demo.clone();
    let (code, _, err) = tokio::task::spawn_blocking(move || {
        apply(
            &d,
            &EXAMPLE.replace("[provision]\n", "[provision]\nname = \"first\"\n"),
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{err}");

    let manual = tmp.path().join("manual");
    made_manifests(&demo, &manual, Some("Manual"));
    let (d, a) = (demo.clone(), answers_for(&manual, "inst-manual"));
    let (code, r, err) = tokio::task::spawn_blocking(move || apply(&d, &a))
        .await
        .unwrap();
    assert_eq!(code, 0, "{r}\n{err}");
    assert_eq!(r["manifests"]["install_dir_state"], "manifests");
    assert_eq!(r["manifests"]["manifests_made"], false);
    assert!(
        r["manifests"]["name"]
            .as_str()
            .unwrap()
            .starts_with("okd-s-"),
        "--name from the infrastructure name: {r}"
    );
    run_next_commands(&demo, &r, "").await;

    let mint = tmp.path().join("mint");
    made_manifests(&demo, &mint, None);
    let before = snapshot(&mint);
    let users_before = std::fs::read(demo.join("sim-state.json")).unwrap();
    let (d, a) = (demo.clone(), answers_for(&mint, "inst-mint"));
    let (code, r, err) = tokio::task::spawn_blocking(move || apply(&d, &a))
        .await
        .unwrap();
    assert_eq!(code, 2, "{r}\n{err}");
    assert_eq!(r["error"]["key"], "provision.install_dir", "{r}");
    assert!(
        r["error"]["todo"]
            .as_str()
            .unwrap()
            .contains("openshift-install create install-config"),
        "the way out: {r}"
    );
    assert_eq!(snapshot(&mint), before, "the install dir is untouched");
    let state: serde_json::Value = serde_json::from_slice(&users_before).unwrap();
    let now: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo.join("sim-state.json")).unwrap()).unwrap();
    let ccoctl_users = |s: &serde_json::Value| {
        s["users"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["user_name"].as_str().unwrap().starts_with("okd-s-"))
            .count()
    };
    assert_eq!(
        ccoctl_users(&now),
        ccoctl_users(&state),
        "ccoctl made nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_install_dir_gets_the_survey_or_the_commands_to_run_it() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    // With the survey's answers: ramwiz runs it, then as for an install-config.
    let empty = tmp.path().join("empty");
    let (d, a) = (
        demo.clone(),
        answers_for(&empty, "inst-empty").replace(
            "# base_domain = \"example.com\"",
            "base_domain = \"example.com\"\ncluster_name = \"okd-e\"",
        ),
    );
    let (code, r, err) = tokio::task::spawn_blocking(move || apply(&d, &a))
        .await
        .unwrap();
    assert_eq!(code, 0, "{r}\n{err}");
    assert_eq!(r["manifests"]["install_dir_state"], "manifests", "{r}");
    assert_eq!(r["manifests"]["manifests_made"], true);
    assert!(err.contains("create install-config"), "{err}");
    // The survey found the installer's key by path: it asked for none and wrote no file.
    assert!(!demo.join("home/.alibabacloud").exists());
    run_next_commands(&demo, &r, "").await;

    // Without them: the commands to do it, as printed, from the survey to the cluster.
    let by_hand = tmp.path().join("by-hand");
    let (d, a) = (
        demo.clone(),
        answers_for(&by_hand, "inst-hand")
            .replace("[provision]\n", "[provision]\nname = \"by-hand\"\n"),
    );
    let (code, r, err) = tokio::task::spawn_blocking(move || apply(&d, &a))
        .await
        .unwrap();
    assert_eq!(code, 0, "{r}\n{err}");
    assert_eq!(r["manifests"]["install_dir_state"], "empty", "{r}");
    let cmds: Vec<String> = r["next_commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(cmds.len(), 5, "{cmds:?}");
    assert!(cmds[0].contains("create install-config --dir"));
    assert!(cmds[1].contains("credentialsMode: Manual"));
    assert!(cmds[3].starts_with("cp "));
    run_next_commands(&demo, &r, SURVEY).await;
    assert!(
        !demo.join("home/.alibabacloud").exists(),
        "no key asked for"
    );
}

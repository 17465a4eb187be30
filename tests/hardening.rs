//! What the process does for its secrets whatever happens to it (issue 19): no core dump, even
//! when the shell allows one; no child inherits a key from ramwiz's environment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use sha2::{Digest, Sha256};

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const EXAMPLE: &str = include_str!("../assets/answers.example.toml");

fn sha(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The "Max core file size" line of a process's limits.
fn core_limit(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/limits"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap()
        .split_whitespace()
        .skip(4)
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
#[cfg(target_os = "linux")]
fn the_wizard_started_with_unlimited_cores_runs_with_none() {
    let home = tempfile::tempdir().unwrap();
    let demo = home.path().join("demo");
    // The shell's own limit first, to show the test means something.
    let out = Command::new("sh")
        .args(["-c", "ulimit -c unlimited && ulimit -c"])
        .output()
        .unwrap();
    let shell = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if shell != "unlimited" {
        println!("SKIPPED: this shell may not raise the core limit ({shell})");
        ramwiz::reliability::record_result(
            "core dumps",
            "the wizard started with ulimit -c unlimited",
            0,
            "RLIMIT_CORE is 0 (soft and hard) in /proc/PID/limits",
            "skipped: the shell may not raise the limit",
        );
        return;
    }
    let script = format!(
        "ulimit -c unlimited; exec '{EXE}' --demo --demo-dir '{}'",
        demo.display()
    );
    let mut pty = support::pty::Pty::spawn_with_env(
        &[],
        home.path(),
        100,
        30,
        &[("RAMWIZ_TEST_SHELL", script.as_str())],
    );
    pty.wait_for("Press Enter to sign in", 20);
    let pid = pty.child.process_id().unwrap();
    assert_eq!(core_limit(pid), "0 0", "soft and hard limit");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    ramwiz::reliability::record(
        "core dumps",
        "the wizard (--demo, in a pty) started with ulimit -c unlimited",
        1,
        "RLIMIT_CORE is 0, soft and hard, in /proc/PID/limits; the process is not dumpable",
    );
}

#[test]
fn no_child_inherits_a_key_from_ramwizs_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let dumps = tmp.path().join("env");
    std::fs::create_dir_all(&dumps).unwrap();
    let answers = tmp.path().join("a.toml");
    std::fs::write(
        &answers,
        EXAMPLE
            .replace("source = \"auto\"", "source = \"profile\"")
            .replace("# profile = \"admin\"", "profile = \"demo-admin\""),
    )
    .unwrap();
    let (id, secret) = (
        "LTAIsentinel0000000000000",
        "SentinelSecretOfTheAdmin000000",
    );
    let out = Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(&dir)
        .args(["apply", "--answers"])
        .arg(&answers)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", id)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
        .env("ALICLOUD_SECRET_KEY", secret)
        .env(ramwiz::sim::tools::ENV_DUMP, &dumps)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let runs: Vec<(String, String)> = std::fs::read_dir(&dumps)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    // openshift-install version and create manifests, oc three times, ccoctl twice.
    assert!(runs.len() >= 7, "{runs:?}");
    for (name, text) in &runs {
        assert!(
            !text.contains(&sha(secret)) && !text.contains(&sha(id)),
            "{name} was given ramwiz's own key: {text}"
        );
        if !name.starts_with("ccoctl") {
            assert!(text.is_empty(), "{name} got a key: {text}");
        }
    }
    let with_key = runs
        .iter()
        .filter(|(n, t)| n.starts_with("ccoctl") && t.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET "))
        .count();
    assert_eq!(
        with_key, 1,
        "only create-ram-users is given the installer's key: {runs:?}"
    );
    ramwiz::reliability::record(
        "children's environment",
        "apply --demo with a key in ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET and ALICLOUD_SECRET_KEY",
        runs.len() as u64,
        "no tool run gets a key variable from ramwiz's environment; only ccoctl create-ram-users gets one (the installer's)",
    );
}

/// Processes (other than `except`) whose command line names `dir`.
fn processes_in(dir: &std::path::Path, except: u32) -> Vec<String> {
    let needle = dir.display().to_string();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| *pid != except && *pid != std::process::id())
        .filter_map(|pid| {
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            cmd.contains(&needle).then(|| format!("{pid}: {cmd}"))
        })
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn a_killed_ramwiz_takes_its_running_tool_with_it() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let answers = tmp.path().join("a.toml");
    std::fs::write(
        &answers,
        "mode = \"setup\"\n[signin]\nprofile = \"demo-admin\"\n[user]\nname = \"killed\"\n[key]\nprofile = \"default\"\n[policy]\nkind = \"custom\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"killed\"\n",
    )
    .unwrap();
    let mut child = Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(&dir)
        .args(["apply", "--answers"])
        .arg(&answers)
        // Every line the simulated ccoctl prints comes after 4 s: it is asleep when ramwiz is
        // killed, so only a kill ends it before its next line (a broken pipe would, after).
        .env(
            ramwiz::sim::tools::ENV_FAULT,
            "slow=4000,slow-only=create-ram-users",
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        let started = line.contains("ccoctl alibabacloud create-ram-users");
        seen.push(line);
        if started {
            break;
        }
    }
    assert!(
        seen.last().is_some_and(|l| l.contains("create-ram-users")),
        "{seen:?}"
    );
    std::thread::sleep(std::time::Duration::from_millis(400));
    let running = processes_in(&dir, child.id());
    assert!(
        running.iter().any(|p| p.contains("create-ram-users")),
        "ccoctl runs: {running:?}"
    );
    child.kill().unwrap(); // SIGKILL: nothing of ramwiz's own runs after it
    child.wait().unwrap();
    let manifests =
        || support::process::credentials_manifests_in(&dir.join("ccoctl-output/manifests"));
    let at_kill = manifests();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let left = processes_in(&dir, child.id());
    assert!(
        left.is_empty(),
        "still running after ramwiz was killed: {left:?}"
    );
    std::thread::sleep(std::time::Duration::from_secs(5));
    assert_eq!(
        manifests(),
        at_kill,
        "nothing wrote manifests after the kill"
    );
    ramwiz::reliability::record(
        "Processes",
        "ramwiz killed (SIGKILL) while ccoctl create-ram-users runs (ccoctl went on and wrote the manifests)",
        1,
        &format!(
            "no process of the run left 0.5 s later (ccoctl asleep for 4 s); manifests stayed at {at_kill} for 5 s (PR_SET_PDEATHSIG through ramwiz's child guard, own process group)"
        ),
    );
}

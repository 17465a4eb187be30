//! `ramwiz apply` as a real process, against `ramwiz sim` as another real process (so every
//! file ramwiz writes is in a temp HOME or work dir, apart from the simulated cloud's state):
//! the example answers reach provisioned manifests, the JSON report has the documented shape,
//! a dry run leaves the cloud's state byte-identical, answers errors exit 2 naming the key, a
//! store failure exits 5 and leaves no key behind, and the secret is nowhere but the
//! credentials file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use support::process::demo_keys;

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const EXAMPLE: &str = include_str!("../assets/answers.example.toml");

struct World {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    work: PathBuf,
    state: PathBuf,
    endpoint: String,
    sim: Child,
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.sim.kill();
        let _ = self.sim.wait();
    }
}

impl World {
    /// A simulated cloud (its own process and state file), a HOME whose credentials file holds
    /// the account owner's key as profile `admin`, and a work dir with the simulated tools.
    fn start() -> World {
        Self::start_as("admin")
    }

    /// The same, with the owner's key in profile `profile` (`default`: the common setup).
    fn start_as(profile: &str) -> World {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        let work = tmp.path().join("work");
        let cloud = tmp.path().join("cloud");
        for d in [&home, &work, &cloud] {
            std::fs::create_dir_all(d).unwrap();
        }
        let state = cloud.join("state.json");
        let mut sim = Command::new(EXE)
            .args(["sim", "--listen", "127.0.0.1:0", "--state"])
            .arg(&state)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(sim.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        let creds = home.join(".alibabacloud/credentials");
        std::fs::create_dir_all(creds.parent().unwrap()).unwrap();
        std::fs::write(
            &creds,
            format!(
                "[{profile}]\ntype = access_key\naccess_key_id = {}\naccess_key_secret = {}\n",
                v["access_key_id"].as_str().unwrap(),
                v["access_key_secret"].as_str().unwrap()
            ),
        )
        .unwrap();
        ramwiz::sim::tools::install_from(&work, Path::new(EXE)).unwrap();
        World {
            _tmp: tmp,
            home,
            work,
            state,
            endpoint: v["endpoint"].as_str().unwrap().to_owned(),
            sim,
        }
    }

    fn credentials(&self) -> PathBuf {
        self.home.join(".alibabacloud/credentials")
    }

    fn answers(&self, text: &str) -> PathBuf {
        let p = self.work.join("answers.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    fn apply(&self, answers: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = Command::new(EXE);
        c.arg("apply")
            .arg("--answers")
            .arg(answers)
            .args(extra)
            .current_dir(&self.work)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("RAMWIZ_RAM_ENDPOINT", &self.endpoint)
            .env("RAMWIZ_STS_ENDPOINT", &self.endpoint)
            .env("RAMWIZ_LOG", "trace");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn sim_state(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(&self.state).unwrap()).unwrap()
    }

    /// The AccessKeys the simulated cloud holds for `user`.
    fn keys_of(&self, user: &str) -> Vec<String> {
        self.sim_state()["users"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["user_name"] == user)
            .flat_map(|u| u["access_keys"].as_array().cloned().unwrap_or_default())
            .map(|k| k["access_key_id"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// The example answers, with what a machine without an install dir needs.
fn example_answers() -> String {
    EXAMPLE.replace("# name = \"mycluster-x7k2p\"", "name = \"ci-cluster\"")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The secret of `profile` in an INI credentials file.
fn secret_of(creds: &Path, profile: &str) -> String {
    let t = std::fs::read_to_string(creds).unwrap();
    let mut in_profile = false;
    for line in t.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_profile = line == format!("[{profile}]");
        } else if in_profile && let Some(v) = line.strip_prefix("access_key_secret") {
            return v.trim_start_matches([' ', '=']).trim().to_owned();
        }
    }
    panic!("no secret for {profile} in {t}");
}

#[test]
fn the_example_provisions_reports_json_and_keeps_the_secret_in_the_credentials_file_only() {
    let w = World::start();
    let answers = w.answers(&example_answers());
    let out = w.apply(&answers, &["--output", "json"], &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");

    // The documented shape: every top-level key, with its type.
    let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let obj = r.as_object().unwrap();
    for (k, kind) in [
        ("ramwiz", "string"),
        ("mode", "string"),
        ("dry_run", "bool"),
        ("ok", "bool"),
        ("exit_code", "number"),
        ("signed_in", "object"),
        ("user", "object"),
        ("key", "object"),
        ("policy", "object"),
        ("ccoctl", "object"),
        ("manifests", "object"),
        ("recovery", "null"),
        ("teardown", "null"),
        ("defaulted", "array"),
        ("warnings", "array"),
        ("next_steps", "array"),
        ("next_commands", "array"),
        ("teardown_commands", "array"),
        ("plan", "array"),
        ("error", "null"),
    ] {
        let v = &obj[k];
        let ok = match kind {
            "string" => v.is_string(),
            "bool" => v.is_boolean(),
            "number" => v.is_u64(),
            "object" => v.is_object(),
            "array" => v.is_array(),
            _ => v.is_null(),
        };
        assert!(ok, "{k} should be {kind}: {v}");
    }
    assert_eq!(obj.len(), 20, "no undocumented keys: {stdout}");
    assert_eq!(r["mode"], "setup");
    assert_eq!(r["ok"], true);
    assert_eq!(r["user"]["name"], "okd-installer");
    assert_eq!(r["user"]["created"], true);
    assert_eq!(r["key"]["profile"], "default", "as in the TUI");
    // The file was 0644 (written by the test as any editor would): apply says it is 0600 now.
    assert!(
        r["warnings"]
            .to_string()
            .contains("(mode 644); it is now 0600"),
        "{}",
        r["warnings"]
    );
    assert_eq!(r["key"]["verified"], true);
    assert_eq!(r["policy"]["action"], "created");
    assert_eq!(r["policy"]["in_effect"], true);
    assert_eq!(r["manifests"]["name"], "ci-cluster");
    let files = r["manifests"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 4, "{stdout}");
    for f in files {
        let p = w
            .work
            .join("ccoctl-output/manifests")
            .join(f.as_str().unwrap());
        assert!(p.is_file(), "{}", p.display());
    }
    let key_id = r["key"]["access_key_id"].as_str().unwrap();
    assert_eq!(w.keys_of("okd-installer"), vec![key_id.to_owned()]);
    // Progress: one line per step on stderr.
    for step in [
        "signed in as",
        "created RAM user okd-installer",
        "the new key works",
        "components provisioned",
    ] {
        assert!(stderr.contains(step), "{step}: {stderr}");
    }

    // The secret (any form): in the credentials file, and nowhere else ramwiz wrote or printed.
    let secret = secret_of(&w.credentials(), "default");
    assert_eq!(secret.len(), 30);
    let forms = support::secrets::forms(&secret);
    assert_eq!(support::secrets::find(out.stdout.as_slice(), &forms), None);
    assert_eq!(support::secrets::find(out.stderr.as_slice(), &forms), None);
    // The key is in [default], which openshift-install reads: no copy of it is made.
    let for_installer = w.credentials().with_file_name("credentials.default");
    assert!(
        !for_installer.exists()
            && !w
                .credentials()
                .with_file_name("credentials.okd-installer")
                .exists()
    );
    let scanned = support::secrets::assert_no_secret_in_files(
        &[&w.home, &w.work],
        &[w.credentials()],
        &secret,
    );
    // The journal, the log, ccoctl, its manifests, the CredentialsRequests at least.
    assert!(scanned > 10, "only {scanned} files scanned");
    assert!(w.home.join(".local/state/ramwiz/journal.jsonl").is_file());
    ramwiz::reliability::record(
        "secret scan",
        "a full ramwiz apply run at RAMWIZ_LOG=trace (its own process, its cloud another)",
        scanned as u64 + 2,
        "the installer's secret (plain, base64, base64url, URL-encoded) is in no file but the credentials file, not on stdout, not on stderr",
    );
}

#[test]
fn a_dry_run_prints_the_plan_and_leaves_the_cloud_byte_identical() {
    let w = World::start();
    let answers = w.answers(&example_answers());
    // Something in the account first, so the state file exists and the plan has to reuse.
    let before = std::fs::read(&w.state).unwrap();
    let creds_before = std::fs::read(w.credentials()).unwrap();
    let out = w.apply(&answers, &["--dry-run"], &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert_eq!(
        std::fs::read(&w.state).unwrap(),
        before,
        "the cloud changed"
    );
    assert_eq!(std::fs::read(w.credentials()).unwrap(), creds_before);
    assert!(!w.work.join("ccoctl").exists() && !w.work.join("ccoctl-output").exists());
    assert!(!w.home.join(".local/state/ramwiz/journal.jsonl").exists());
    let plan: Vec<&str> = stdout.lines().filter(|l| l.contains(". ")).collect();
    let order = [
        "read sts:GetCallerIdentity",
        "read ram:GetUser UserName=okd-installer",
        "call ram:CreateUser",
        "call ram:CreateAccessKey UserName=okd-installer",
        "credentials: write profile [default]",
        "read ram:GetPolicy PolicyName=okd-installer",
        "call ram:CreatePolicy",
        "call ram:AttachPolicyToUser PolicyName=okd-installer PolicyType=Custom UserName=okd-installer",
        "openshift-install version",
        "oc adm release info",
        "oc image extract",
        "ccoctl --help",
        "oc adm release extract --credentials-requests --cloud=alibabacloud",
        "ccoctl alibabacloud create-ram-users --name ci-cluster --region cn-hangzhou",
    ];
    let mut at = 0;
    for want in order {
        let found = plan[at..].iter().position(|l| l.contains(want));
        assert!(found.is_some(), "{want} not in order in:\n{stdout}");
        at += found.unwrap() + 1;
    }
    assert!(stdout.contains("why: "), "reasons are printed");

    // The JSON plan marks which calls were made: read-only ones only.
    let out = w.apply(&answers, &["--dry-run", "--output", "json"], &[]);
    assert_eq!(std::fs::read(&w.state).unwrap(), before);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["dry_run"], true);
    for step in r["plan"].as_array().unwrap() {
        if step["kind"] == "api" && step["made"] == true {
            let a = step["action"].as_str().unwrap();
            let name = a.split(':').nth(1).unwrap();
            assert!(
                name.starts_with("Get") || name.starts_with("List"),
                "a dry run made {a}"
            );
        }
    }
}

#[test]
fn answers_errors_exit_2_and_name_the_key() {
    let w = World::start();
    // (answers, the key named, the title: a key left out, or a value that cannot be used)
    let (missing, unusable, unknown) = (
        "The answers file does not answer this",
        "The answers file gives a value ramwiz cannot use",
        "The answers file has a key ramwiz does not know",
    );
    let cases = [
        (
            example_answers().replace("[user]\n", "[user]\nnmae = \"x\"\n"),
            "user.nmae",
            unknown,
        ),
        (
            example_answers().replace("name = \"okd-installer\"\n", ""),
            "user.name",
            missing,
        ),
        (
            example_answers().replace("mode = \"setup\"\n", ""),
            "mode",
            missing,
        ),
        (
            example_answers().replace("name = \"okd-installer\"", "name = \"okd installer!\""),
            "user.name",
            unusable,
        ),
        (
            example_answers().replace("region = \"cn-hangzhou\"\n", "region = \"Mars\"\n"),
            "provision.region",
            unusable,
        ),
    ];
    let before = std::fs::read(&w.state).unwrap();
    for (body, key, title) in cases {
        let answers = w.answers(&body);
        for format in ["text", "json"] {
            let out = w.apply(&answers, &["--output", format], &[]);
            let stdout = text(&out.stdout);
            assert_eq!(out.status.code(), Some(2), "{key}: {stdout}");
            assert!(stdout.contains(key), "{key} not named: {stdout}");
            assert!(stdout.contains(title), "{key}: {stdout}");
            // The run is named by its mode, when the file gives one; never by "()".
            assert!(!stdout.contains("()"), "{key}: {stdout}");
            if format == "json" {
                let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(r["error"]["key"], key);
                let mode = if key == "mode" { "" } else { "setup" };
                assert_eq!(r["mode"], mode, "{key}");
            } else if key != "mode" {
                assert!(stdout.starts_with("ramwiz apply (setup): "), "{stdout}");
            } else {
                assert!(stdout.starts_with("ramwiz apply: "), "{stdout}");
            }
        }
    }
    assert_eq!(std::fs::read(&w.state).unwrap(), before, "nothing was sent");
    // --yes takes the documented default of a missing asked key.
    let answers = w.answers(&example_answers().replace("mode = \"setup\"\n", ""));
    let out = w.apply(&answers, &["--yes", "--dry-run", "--output", "json"], &[]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["defaulted"], serde_json::json!(["mode"]));
    // A missing file is an answers error too; a usage error is clap's exit 2.
    let out = w.apply(&w.work.join("nope.toml"), &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = w.apply(&answers, &["--output", "yaml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    ramwiz::reliability::record(
        "bad input",
        "answers files: unknown key, missing key, missing mode, invalid user name, invalid region (text and JSON), missing file, bad option",
        12,
        "exit 2; the report names the key; nothing sent to the cloud (its state byte-identical)",
    );
}

#[test]
fn a_store_failure_exits_5_and_deletes_the_new_key() {
    let w = World::start();
    let answers = w.answers(&example_answers());
    let out = w.apply(
        &answers,
        &["--output", "json"],
        &[("RAMWIZ_TEST_FAIL_SAVES", "1")],
    );
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let what = r["error"]["what"].as_str().unwrap();
    assert!(what.contains("deleted it again"), "{what}");
    assert!(r["key"].is_null(), "no key reported as saved");
    assert!(
        w.keys_of("okd-installer").is_empty(),
        "an orphaned key was left"
    );
    // The journal says the key was dealt with, so no later run offers it as an orphan.
    let journal =
        std::fs::read_to_string(w.home.join(".local/state/ramwiz/journal.jsonl")).unwrap();
    assert!(journal.contains("\"orphan_resolved\""), "{journal}");
    ramwiz::reliability::record(
        "disk faults",
        "every store fails after the key was made, nobody to show it to (apply)",
        1,
        "exit 5; the key deleted again (no orphan in the cloud); the journal says so",
    );
}

/// `apply` makes the custom policy ready while the user and key are made (issue 23). A run
/// that then stops before its policy step says the policy was made and by whom, so nothing is
/// left unreported; with CreatePolicy's answer lost, the policy is read back (made once, not
/// twice) and said the same way.
#[test]
fn a_run_stopped_before_its_policy_step_reports_the_policy_it_made_ahead() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let answers = tmp.path().join("answers.toml");
    std::fs::write(&answers, EXAMPLE).unwrap();
    let out = Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(&dir)
        .args([
            "--faults",
            "drop=CreatePolicy",
            "apply",
            "--output",
            "json",
            "--answers",
        ])
        .arg(&answers)
        .env("RAMWIZ_TEST_FAIL_SAVES", "1")
        .env("RAMWIZ_LANG", "en")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(r["policy"].is_null(), "the policy step was not reached");
    let warned: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.contains("created by this run ahead of its step"))
        .collect();
    assert_eq!(warned.len(), 1, "{stdout}");
    assert!(warned[0].contains("okd-installer"), "{}", warned[0]);
    assert!(
        text(&out.stderr).contains("created by this run ahead of its step"),
        "said in the progress too"
    );
    let log = std::fs::read_to_string(dir.join("ramwiz.log")).unwrap();
    let creates = log
        .lines()
        .filter(|l| l.contains("sim: served") && l.contains("action=\"CreatePolicy\""))
        .count();
    assert_eq!(creates, 1, "a lost answer is read back, not sent again");
}

/// An operator whose key may only assume a role (issue 24): `apply` signed in with the demo's
/// `ram_role_arn` profile carries the whole setup through as the role, signing V1 and V3 with
/// the temporary key and its token; the report names the assumed-role ARN and the source key.
#[test]
fn apply_through_a_ram_role_profile_carries_the_setup_through() {
    let body = EXAMPLE.replace(
        "source = \"auto\"",
        "source = \"profile\"\nprofile = \"demo-operator\"",
    );
    for sig in ["v1", "v3"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("demo");
        let extra: &[&str] = if sig == "v3" {
            &["--signature", "v3", "--faults", "v1=off"]
        } else {
            &["--signature", "v1"]
        };
        let (code, r, err) = demo_apply(&dir, &body, extra);
        assert_eq!(code, 0, "{sig}: {r}\n{err}");
        let arn = r["signed_in"]["arn"].as_str().unwrap();
        assert!(
            arn.contains(":assumed-role/okd-admin/demo-operator"),
            "{arn}"
        );
        assert_eq!(r["policy"]["in_effect"], true, "{r}");
        assert!(r["manifests"].is_object(), "{r}");
        let state: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("sim-state.json")).unwrap()).unwrap();
        let sessions = state["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), 1, "one role session for the run");
        // The operator's own key is untouched; its profile is still a role profile.
        let creds = std::fs::read_to_string(dir.join("credentials")).unwrap();
        assert!(
            creds.contains("[demo-operator]\ntype = ram_role_arn\n"),
            "{creds}"
        );
    }
}

/// ccoctl reads only a long-term pair: provisioning or tearing down while signed in through a
/// role is refused with that reason (naming the role) once signed in, before ccoctl is even
/// extracted.
#[test]
fn ccoctl_is_not_handed_a_role_sessions_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let prov = format!(
        "mode = \"provision\"\n[signin]\nsource = \"profile\"\nprofile = \"demo-operator\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"viarole\"\noutput_dir = \"{0}/out\"\ncredentials_requests_dir = \"{0}/cr\"\n",
        tmp.path().display()
    );
    let down = "mode = \"teardown\"\n[signin]\nsource = \"profile\"\nprofile = \"demo-operator\"\n[teardown]\nname = \"viarole\"\nregion = \"cn-hangzhou\"\n";
    for (mode, body) in [("provision", prov.as_str()), ("teardown", down)] {
        let (code, r, err) = demo_apply(&dir, body, &[]);
        assert_ne!(code, 0, "{mode}: {r}\n{err}");
        let what = r["error"]["what"].as_str().unwrap_or_default();
        assert!(what.contains("temporary STS credentials"), "{mode}: {r}");
        assert!(
            r["error"].to_string().contains("role/okd-admin"),
            "{mode}: the refusal names the role: {r}"
        );
        assert!(!tmp.path().join("out").exists(), "{mode}: ccoctl never ran");
        assert!(r["ccoctl"].is_null(), "{mode}: nor was it extracted: {r}");
        assert_eq!(r["exit_code"], 4, "{mode}: a tool's refusal");
    }
}

/// `ramwiz --demo --demo-dir DIR apply`, with the answers in `body`.
fn demo_apply(dir: &Path, body: &str, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let answers = dir.with_extension("answers.toml");
    std::fs::write(&answers, body).unwrap();
    let out = Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(dir)
        .args(["apply", "--output", "json", "--answers"])
        .arg(&answers)
        .args(extra)
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", text(&out.stdout)));
    (out.status.code().unwrap_or(-1), report, stderr)
}

#[test]
fn every_mode_runs_headless_setup_provision_recover_teardown() {
    every_mode(&[]);
}

/// The same with signature V3, on a simulated account that refuses V1: every call of ramwiz
/// and of the simulated ccoctl is signed with V3, or a step fails.
#[test]
fn every_mode_runs_with_signature_v3_on_an_account_that_refuses_v1() {
    every_mode(&["--signature", "v3", "--faults", "v1=off"]);
    // And the same account refuses a V1 run, with the way out in the report.
    let tmp = tempfile::tempdir().unwrap();
    let (code, r, err) = demo_apply(&tmp.path().join("demo"), EXAMPLE, &["--faults", "v1=off"]);
    assert_eq!(code, 3, "{r}\n{err}");
    assert_eq!(r["error"]["code"], "IncompleteSignature", "{r}");
    assert!(r.to_string().contains("--signature v3"), "{r}");
}

/// Setup, provision, recover (dry and real) and teardown in one demo directory, each run with
/// the global options `global`.
fn every_mode(global: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let demo_apply = |dir: &Path, body: &str, extra: &[&str]| {
        let all: Vec<&str> = global.iter().chain(extra).copied().collect();
        demo_apply(dir, body, &all)
    };
    let (code, setup, err) = demo_apply(&dir, EXAMPLE, &[]);
    assert_eq!(code, 0, "{setup}\n{err}");
    let first_key = setup["key"]["access_key_id"].as_str().unwrap().to_owned();
    let name = setup["manifests"]["name"].as_str().unwrap().to_owned();
    assert!(
        name.starts_with("okd-"),
        "the install dir's infrastructure name: {name}"
    );
    assert_eq!(setup["manifests"]["manual_mode_set"], true);

    // Provision only, signed in as the installer (its own key goes to ccoctl).
    let prov = format!(
        "mode = \"provision\"\n[signin]\nprofile = \"default\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"second\"\noutput_dir = \"{0}/out2\"\ncredentials_requests_dir = \"{0}/cr2\"\n",
        dir.display()
    );
    let (code, r, err) = demo_apply(&dir, &prov, &[]);
    assert_eq!(code, 0, "{r}\n{err}");
    assert!(
        r["signed_in"]["arn"]
            .as_str()
            .unwrap()
            .ends_with("user/okd-installer")
    );
    assert_eq!(r["manifests"]["files"].as_array().unwrap().len(), 4);
    assert!(r["key"].is_null() && r["user"].is_null());
    // Its manifests differ from the first run's: kept, and said so.
    assert!(
        r["warnings"][0]
            .as_str()
            .unwrap()
            .contains("overwrite_manifests"),
        "{r}"
    );

    // Recover: the lost key is replaced in its profile, verified, then deleted.
    let rec = "mode = \"recover\"\n[signin]\nprofile = \"demo-admin\"\n[recover]\nuser = \"okd-installer\"\nold_key = \"delete\"\n";
    let (code, r, _) = demo_apply(&dir, rec, &["--dry-run"]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(
        r["recovery"]["lost_key_status"], "Active",
        "a dry run changes nothing"
    );
    assert_eq!(demo_keys(&dir, "okd-installer").len(), 1);
    let (code, r, err) = demo_apply(&dir, rec, &[]);
    assert_eq!(code, 0, "{r}\n{err}");
    assert_eq!(r["recovery"]["lost_key"], first_key.as_str());
    assert_eq!(r["recovery"]["lost_key_status"], "Deleted");
    assert_eq!(r["key"]["profile"], "default", "the lost key's own profile");
    assert!(
        r["key"]["backup"].is_string(),
        "the profile's file was backed up"
    );
    let new_key = r["key"]["access_key_id"].as_str().unwrap().to_owned();
    assert_ne!(new_key, first_key);
    assert_eq!(
        demo_keys(&dir, "okd-installer"),
        vec![(new_key, "Active".to_owned())]
    );

    // Teardown of the first provisioning.
    let down = format!(
        "mode = \"teardown\"\n[signin]\nprofile = \"demo-admin\"\n[teardown]\nname = \"{name}\"\nregion = \"cn-hangzhou\"\n"
    );
    let (code, r, err) = demo_apply(&dir, &down, &[]);
    assert_eq!(code, 0, "{r}\n{err}");
    assert_eq!(
        r["teardown"]["deleted_users"].as_array().unwrap().len(),
        4,
        "{r}"
    );
    let state = std::fs::read_to_string(dir.join("sim-state.json")).unwrap();
    assert!(
        !state.contains(&format!("\"{name}-")),
        "the components' users are gone"
    );
    assert!(
        state.contains("\"second-"),
        "the other provisioning is untouched"
    );
}

/// A relative `--demo-dir` and relative tool paths in the answers: each is made absolute where
/// it enters (the command line, the answers), so `oc image extract` (which runs in the ccoctl
/// directory) finds what it is given.
#[test]
fn relative_paths_on_the_command_line_and_in_the_answers_work() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("answers.toml");
    std::fs::write(
        &answers,
        format!(
            "{EXAMPLE}\n",
        )
        .replace(
            "[ccoctl]\n",
            "[ccoctl]\nopenshift_install = \"demo/bin/openshift-install\"\noc = \"demo/bin/oc\"\ndir = \"tools\"\n",
        ),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&answers)
            .unwrap()
            .contains("oc = \"demo/bin/oc\"")
    );
    let out = Command::new(EXE)
        .current_dir(tmp.path())
        .args(["--demo", "--demo-dir", "demo", "apply", "--output", "json"])
        .args(["--answers", "answers.toml"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    assert_eq!(out.status.code(), Some(0), "{r}\n{}", text(&out.stderr));
    let ccoctl = r["ccoctl"]["path"].as_str().unwrap();
    assert_eq!(
        std::path::Path::new(ccoctl),
        tmp.path().join("tools/ccoctl"),
        "extracted where the answers said, by an absolute path"
    );
}

#[test]
fn an_unknown_region_goes_on_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    let answers = EXAMPLE.replace("region = \"cn-hangzhou\"", "region = \"us-east-9\"");
    assert_ne!(answers, EXAMPLE);
    let (code, r, stderr) = demo_apply(&demo, &answers, &[]);
    assert_eq!(code, 0, "{stderr}");
    let warnings: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.contains("us-east-9"))
        .collect();
    assert_eq!(warnings.len(), 1, "{r:#}");
    assert!(warnings[0].starts_with("provision.region = \"us-east-9\": ramwiz does not know"));
}

#[test]
fn an_installer_user_named_like_a_component_user_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = tmp.path().join("demo");
    let answers = EXAMPLE.replace(
        "name = \"okd-installer\"",
        "name = \"okd-openshift-installer\"",
    );
    assert_ne!(answers, EXAMPLE);
    let (code, r, stderr) = demo_apply(&demo, &answers, &[]);
    assert_eq!(code, 0, "{stderr}");
    let warned = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| {
            w.starts_with("user.name = \"okd-openshift-installer\": This name has the shape")
        })
        .count();
    assert_eq!(warned, 1, "{r:#}");
}

/// Whoever profile `profile` of the credentials file signs in as (a dry run, which changes
/// nothing), or the error.
fn signs_in_as(w: &World, profile: &str) -> String {
    let body = format!(
        "{}\n",
        example_answers()
            .replace("source = \"auto\"", "source = \"profile\"")
            .replace("# profile = \"admin\"", &format!("profile = \"{profile}\""))
    );
    let answers = w.answers(&body);
    let out = w.apply(&answers, &["--dry-run", "--output", "json"], &[]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
    r["signed_in"]["arn"]
        .as_str()
        .map_or_else(|| format!("error: {}", r["error"]), str::to_owned)
}

#[test]
fn the_signed_in_key_in_default_is_never_replaced_and_moves_only_when_asked() {
    let w = World::start_as("default");
    let admin_id = {
        let t = std::fs::read_to_string(w.credentials()).unwrap();
        t.lines()
            .find_map(|l| l.strip_prefix("access_key_id = "))
            .unwrap()
            .to_owned()
    };
    let base = example_answers()
        .replace("source = \"auto\"", "source = \"profile\"")
        .replace("# profile = \"admin\"", "profile = \"default\"");
    // replace_profile alone: exit 2, the file byte-identical, the key to set named.
    let before = std::fs::read(w.credentials()).unwrap();
    let answers = w.answers(&base.replace("# replace_profile = false", "replace_profile = true"));
    let out = w.apply(&answers, &["--output", "json"], &[]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2), "{r}");
    assert_eq!(r["error"]["key"], "key.move_signed_in_to", "{r}");
    assert!(
        r["error"]["title"]
            .as_str()
            .unwrap()
            .contains("signed in with"),
        "{r}"
    );
    assert_eq!(
        std::fs::read(w.credentials()).unwrap(),
        before,
        "the file changed"
    );
    assert!(w.keys_of("okd-installer").is_empty(), "no key was made");

    // With move_signed_in_to: the admin's key moves to [admin], the installer's is [default].
    let answers = w.answers(&base.replace(
        "# move_signed_in_to = \"admin\"",
        "move_signed_in_to = \"admin\"",
    ));
    let out = w.apply(&answers, &["--output", "json"], &[]);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{r}\n{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("the signed-in key moved from [default] to [admin]"));
    let t = std::fs::read_to_string(w.credentials()).unwrap();
    assert!(
        t.contains(&format!(
            "[admin]\ntype = access_key\naccess_key_id = {admin_id}"
        )),
        "{t}"
    );
    assert_eq!(r["key"]["profile"], "default");
    // Both keys work, each from its profile.
    assert!(
        signs_in_as(&w, "admin").ends_with(":root"),
        "the admin key works from [admin]"
    );
    assert!(
        signs_in_as(&w, "default").ends_with(":user/okd-installer"),
        "the installer's key works from [default]"
    );
}

/// The account as the Done-when compares it: users, their keys and statuses, policies and
/// their versions, attachments.
fn account(dir: &Path) -> serde_json::Value {
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sim-state.json")).unwrap()).unwrap();
    serde_json::json!({
        "users": s["users"],
        "policies": s["policies"],
        "attachments": s["attachments"],
    })
}

/// The API actions ramwiz's log shows after line `from`.
fn actions_after(dir: &Path, from: usize) -> Vec<String> {
    std::fs::read_to_string(dir.join("ramwiz.log"))
        .unwrap_or_default()
        .lines()
        .skip(from)
        .filter_map(|l| l.split("action=\"").nth(1))
        .filter_map(|r| r.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_second_identical_apply_changes_nothing_and_a_dry_run_then_plans_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let (code, first, err) = demo_apply(&dir, EXAMPLE, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first["key"]["change"], "created");
    let before = account(&dir);
    let creds = std::fs::read(dir.join("credentials")).unwrap();
    let lines = std::fs::read_to_string(dir.join("ramwiz.log"))
        .unwrap()
        .lines()
        .count();

    let (code, second, err) = demo_apply(&dir, EXAMPLE, &[]);
    assert_eq!(code, 0, "{second}\n{err}");
    for step in ["user", "key", "policy", "ccoctl", "manifests"] {
        assert_eq!(second[step]["change"], "unchanged", "{step}: {second}");
    }
    assert_eq!(
        second["key"]["access_key_id"],
        first["key"]["access_key_id"]
    );
    assert_eq!(account(&dir), before, "the account changed");
    assert_eq!(std::fs::read(dir.join("credentials")).unwrap(), creds);
    let calls = actions_after(&dir, lines);
    assert!(!calls.is_empty(), "the log names the calls");
    let mutating: Vec<&String> = calls
        .iter()
        .filter(|a| !(a.starts_with("Get") || a.starts_with("List")))
        .collect();
    assert!(mutating.is_empty(), "a rerun made {mutating:?}");

    let (code, dry, err) = demo_apply(&dir, EXAMPLE, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let planned: Vec<&serde_json::Value> = dry["plan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["made"] != true)
        .collect();
    assert!(
        planned.is_empty(),
        "a dry run after a full run plans {planned:?}"
    );
    assert_eq!(account(&dir), before);
}

/// The (profile, key ID) pairs of a credentials file.
fn profiles_of(creds: &Path) -> Vec<(String, String)> {
    let t = std::fs::read_to_string(creds).unwrap();
    let mut out = Vec::new();
    let mut name = None;
    for line in t.lines().map(str::trim) {
        if let Some(n) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            name = Some(n.to_owned());
        } else if let (Some(n), Some(id)) = (&name, line.strip_prefix("access_key_id = ")) {
            out.push((n.clone(), id.to_owned()));
        }
    }
    out
}

/// Makes the secret of `profile` wrong, as a profile whose secret was mistyped or rotated
/// elsewhere: the key exists and is Active, but nobody can sign with what the file holds.
fn spoil_secret(creds: &Path, profile: &str) {
    let t = std::fs::read_to_string(creds).unwrap();
    let mut out = String::new();
    let mut inside = false;
    for line in t.split_inclusive('\n') {
        if line.starts_with('[') {
            inside = line.trim() == format!("[{profile}]");
        }
        if inside && line.starts_with("access_key_secret") {
            out.push_str("access_key_secret = wrongwrongwrongwrongwrongwrong\n");
        } else {
            out.push_str(line);
        }
    }
    std::fs::write(creds, out).unwrap();
}

#[test]
fn a_replaced_older_key_is_retired_so_no_active_key_is_held_by_no_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let creds = dir.join("credentials");
    let (code, first, err) = demo_apply(&dir, EXAMPLE, &[]);
    assert_eq!(code, 0, "{err}");
    let k1 = first["key"]["access_key_id"].as_str().unwrap().to_owned();

    // [default]'s secret no longer works: replacing it is asked for, and done.
    spoil_secret(&creds, "default");
    let replace = EXAMPLE.replace("# replace_profile = false", "replace_profile = true");
    let (code, r, err) = demo_apply(&dir, &replace, &[]);
    assert_eq!(code, 0, "{r}\n{err}");
    let k2 = r["key"]["access_key_id"].as_str().unwrap().to_owned();
    assert_ne!(k1, k2);
    assert_eq!(r["key"]["replaced"], k1.as_str());
    assert_eq!(
        r["key"]["replaced_status"], "Inactive",
        "deactivated by default"
    );
    assert!(err.contains("deactivated the older key"), "{err}");
    let held: Vec<String> = profiles_of(&creds).into_iter().map(|(_, id)| id).collect();
    for (id, status) in demo_keys(&dir, "okd-installer") {
        assert!(
            status != "Active" || held.contains(&id),
            "{id} is Active and held by no profile: {held:?}"
        );
    }

    // old_key = "delete": the older key goes. At the 2-key limit, key.retire deletes the
    // first one, and the profile that still held it leaves the file (after a backup).
    spoil_secret(&creds, "default");
    let mut text = std::fs::read_to_string(&creds).unwrap();
    text.push_str(&format!(
        "\n[old]\naccess_key_id = {k1}\naccess_key_secret = x\n"
    ));
    std::fs::write(&creds, text).unwrap();
    let delete = replace
        .replacen("# old_key = \"deactivate\"", "old_key = \"delete\"", 1)
        .replace("# retire = \"LTAI...\"", &format!("retire = \"{k1}\""));
    let (code, r, err) = demo_apply(&dir, &delete, &[]);
    assert_eq!(code, 0, "{r}\n{err}");
    assert_eq!(r["key"]["replaced"], k2.as_str());
    assert_eq!(r["key"]["replaced_status"], "Deleted");
    let keys = demo_keys(&dir, "okd-installer");
    assert_eq!(keys.len(), 1, "{keys:?}");
    let profiles = profiles_of(&creds);
    assert!(
        !profiles.iter().any(|(p, _)| p == "old"),
        "the deleted key's profile is removed: {profiles:?}"
    );
    assert!(err.contains("[old] is removed"), "{err}");
    let backups = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("ramwiz-backup"))
        .count();
    assert!(backups >= 2, "backed up before each change");
}

/// The policies attached to `user` in the demo's simulated cloud.
fn demo_attached(dir: &Path, user: &str) -> Vec<String> {
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sim-state.json")).unwrap()).unwrap();
    s["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["user_name"] == user)
        .map(|a| a["policy_name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn switching_to_the_custom_policy_detaches_administrator_access_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let admin = EXAMPLE.replace("kind = \"custom\"", "kind = \"administrator\"");
    let (code, r, err) = demo_apply(&dir, &admin, &[]);
    assert_eq!(code, 0, "{r}\n{err}");
    assert_eq!(
        demo_attached(&dir, "okd-installer"),
        vec!["AdministratorAccess".to_owned()]
    );
    // Custom without detach_other: both stay, with the warning.
    let (code, r, _) = demo_apply(&dir, EXAMPLE, &[]);
    assert_eq!(code, 0, "{r}");
    assert_eq!(demo_attached(&dir, "okd-installer").len(), 2);
    assert!(
        r["warnings"]
            .to_string()
            .contains("both AdministratorAccess"),
        "{r}"
    );
    // With it: AdministratorAccess goes; the custom policy stays and is unchanged.
    let detach = EXAMPLE.replace("# detach_other = false", "detach_other = true");
    let (code, r, err) = demo_apply(&dir, &detach, &[]);
    assert_eq!(code, 0, "{r}\n{err}");
    assert!(
        err.contains("detached the other install policy: AdministratorAccess"),
        "{err}"
    );
    assert_eq!(
        demo_attached(&dir, "okd-installer"),
        vec!["okd-installer".to_owned()]
    );
    assert_eq!(r["policy"]["change"], "detached_other");
    assert_eq!(
        r["policy"]["attached"],
        serde_json::json!(["okd-installer"])
    );
}

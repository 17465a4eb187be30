//! The simulated cloud as Alibaba's own code sees it (issue 21): the official SDKs, stock and
//! pinned, drive `ramwiz sim` through every action ramwiz and ccoctl use, and the official
//! credential libraries read the credentials files ramwiz writes.
//!
//! - new-generation Python (`alibabacloud-tea-openapi` + `alibabacloud-ram20150501` /
//!   `alibabacloud-sts20150401`, signature V3) and old-generation Python (`aliyun-python-sdk-core`
//!   + `-ram` / `-sts`, signature V1): `tests/official_sdks/py_tea.py`, `py_core.py`;
//! - Node (`@alicloud/ram20150501` / `@alicloud/sts20150401` with V3, `@alicloud/openapi-client`,
//!   `@alicloud/pop-core` with V1): `tests/official_sdks/node_sdk.js`, which also checks every
//!   success answer against the SDK's response models and the simulator's table of actions
//!   against the SDK's request models;
//! - `alibabacloud_credentials` (Python) and `@alicloud/credentials` (Node) read every profile.
//!
//! The versions are pinned in `tests/official_sdks/requirements.txt` and `package-lock.json`
//! and installed once into `target/tmp/official-sdks` (or `RAMWIZ_SDK_CACHE`), keyed by the
//! pin files' hash. Where python3, node or the registries are missing, each test prints a
//! SKIPPED line with the reason and returns, unless `RAMWIZ_REQUIRE_OFFICIAL_SDKS` is set
//! (`.ci/run` sets it), in which case it fails. For the V3 clients the simulator refuses V1, so
//! a pass proves they signed with V3.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use ramwiz::secret::Secret;
use ramwiz::sim::{Faults, SimConfig, SimHandle};

#[path = "official_sdks/pinned.rs"]
mod pinned;

use pinned::{DIR, installed, python, run, sha256_hex};
const POLICY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/policies/okd-install-policy.json"
);
const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");

/// The checks each SDK scenario must report `ok` (the scripts' step names).
const STEPS: &[&str] = &[
    "caller-identity",
    "create-user",
    "create-user-invalid-name",
    "create-user-duplicate",
    "get-user",
    "create-access-key",
    "access-key-limit",
    "list-access-keys",
    "new-key-signs",
    "no-permission",
    "wrong-secret",
    "unknown-key",
    "create-policy",
    "get-policy",
    "get-policy-version",
    "set-default-policy-version",
    "attach-policy",
    "list-policies-for-user",
    "list-users-paged",
    "list-policies",
    "access-key-last-used",
    "missing-parameter",
    "unknown-action",
];

/// The `node_modules` holding the pinned Node SDKs.
fn node_modules() -> &'static Result<PathBuf, String> {
    static NODE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    NODE.get_or_init(|| {
        run(Command::new("node").arg("--version"))
            .map_err(|e| format!("node is not usable: {e}"))?;
        let dir = installed("node", &["package.json", "package-lock.json"], |dir| {
            for f in ["package.json", "package-lock.json"] {
                std::fs::copy(Path::new(DIR).join(f), dir.join(f)).map_err(|e| e.to_string())?;
            }
            run(Command::new("npm")
                .args([
                    "ci",
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    "--loglevel=error",
                ])
                .current_dir(dir))
            .map_err(|e| format!("npm ci from the npm registry: {e}"))?;
            Ok(())
        })?;
        Ok(dir.join("node_modules"))
    })
}

/// The toolchain, or None after printing why it is skipped (a failure when CI requires it).
fn available<T: Clone>(what: &str, r: &Result<T, String>) -> Option<T> {
    match r {
        Ok(v) => Some(v.clone()),
        Err(why) if std::env::var_os("RAMWIZ_REQUIRE_OFFICIAL_SDKS").is_some() => {
            panic!("{what} required (RAMWIZ_REQUIRE_OFFICIAL_SDKS) but not available: {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED: {what} not available here: {why}");
            None
        }
    }
}

async fn sim(v1_off: bool) -> SimHandle {
    SimHandle::start(SimConfig {
        faults: Faults {
            v1_off,
            ..Faults::default()
        },
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

/// The environment the SDK scripts read: where the simulator is and the owner's key.
fn sim_env(cmd: &mut Command, sim: &SimHandle) {
    let endpoint = sim.endpoint();
    cmd.env(
        "SIM_ENDPOINT",
        endpoint.strip_prefix("http://").unwrap_or(&endpoint),
    )
    .env("SIM_ACCESS_KEY_ID", sim.owner_access_key_id())
    .env("SIM_ACCESS_KEY_SECRET", sim.owner_secret().expose())
    .env("SIM_ACCOUNT_ID", sim.account_id())
    .env("OKD_POLICY_FILE", POLICY)
    .env("PYTHONDONTWRITEBYTECODE", "1");
}

/// Every secret the simulated account holds (the owner's and every user key's).
fn secrets_of(sim: &SimHandle) -> Vec<String> {
    let state = sim.state_json();
    let mut all = vec![sim.owner_secret().expose().to_owned()];
    for s in state["sessions"].as_array().into_iter().flatten() {
        for field in ["access_key_secret", "security_token"] {
            if let Some(v) = s[field].as_str() {
                all.push(v.to_owned());
            }
        }
    }
    for u in state["users"].as_array().into_iter().flatten() {
        for k in u["access_keys"].as_array().into_iter().flatten() {
            if let Some(s) = k["access_key_secret"].as_str() {
                all.push(s.to_owned());
            }
        }
    }
    all
}

/// Runs a script against `sim` and checks that it reported `ok PREFIX STEP` for every step,
/// no `FAIL`, exited 0, and printed no secret of the account.
async fn run_script(sim: &SimHandle, mut c: Command, prefix: &str, steps: &[&str]) {
    sim_env(&mut c, sim);
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("FAIL")).collect();
    assert!(failed.is_empty(), "{}\n{stderr}", failed.join("\n"));
    for step in steps {
        let line = format!("ok {prefix}{step}");
        assert!(
            stdout.lines().any(|l| l == line),
            "no `{line}` in:\n{stdout}\n{stderr}"
        );
    }
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let printed = format!("{stdout}{stderr}");
    for s in secrets_of(sim) {
        assert!(!printed.contains(&s), "a secret was printed");
    }
}

/// Runs a scenario script against a fresh simulator: every step passes, no secret is printed,
/// and it made what it said it made.
async fn scenario(v1_off: bool, prefix: &str, cmd: impl FnOnce(&SimHandle) -> Command) {
    let sim = sim(v1_off).await;
    run_script(&sim, cmd(&sim), prefix, STEPS).await;
    let state = sim.state_json();
    let users = state["users"].as_array().unwrap();
    assert_eq!(users.len(), 4, "sdk-installer and three for paging");
    assert_eq!(state["attachments"].as_array().unwrap().len(), 1);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_new_python_sdk_signs_v3_through_every_action() {
    let Some(py) = available("the official Python SDKs", python()) else {
        return;
    };
    scenario(true, "", |_| {
        let mut c = Command::new(&py);
        c.arg(Path::new(DIR).join("py_tea.py"));
        c
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_python_sdk_signs_v1_through_every_action() {
    let Some(py) = available("the official Python SDKs", python()) else {
        return;
    };
    scenario(false, "", |_| {
        let mut c = Command::new(&py);
        c.arg(Path::new(DIR).join("py_core.py"));
        c
    })
    .await;
}

/// RAM roles and STS AssumeRole (issue 24) as the stock old Python SDK drives them: CreateRole,
/// AttachPolicyToRole, ListPoliciesForRole, AssumeRole, then its StsTokenCredential signing
/// with the temporary key (GetCallerIdentity says AssumedRoleUser), and AssumeRole's refusals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_python_sdk_makes_roles_and_signs_with_an_assumed_roles_key() {
    let Some(py) = available("the official Python SDKs", python()) else {
        return;
    };
    let sim = sim(false).await;
    let mut c = Command::new(&py);
    c.arg(Path::new(DIR).join("py_roles.py"));
    let steps = [
        "create-role",
        "attach-policy-to-role",
        "create-operator",
        "assume-role",
        "sts-token-signs",
        "assume-role-not-trusted",
        "owner-may-not-assume",
        "duration-too-long",
        "no-such-role",
    ];
    run_script(&sim, c, "", &steps).await;
    let state = sim.state_json();
    assert_eq!(state["roles"].as_array().unwrap().len(), 2);
    assert_eq!(state["sessions"].as_array().unwrap().len(), 1);
    sim.shutdown().await;
}

fn node(modules: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("node");
    c.arg(Path::new(DIR).join("node_sdk.js"))
        .args(args)
        .env("NODE_PATH", modules);
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_sdk_signs_v3_through_every_action_in_its_models_shapes() {
    let Some(modules) = available("the official Node SDKs", node_modules()) else {
        return;
    };
    scenario(true, "tea/", |_| node(&modules, &["tea"])).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_pop_core_signs_v1_through_every_action() {
    let Some(modules) = available("the official Node SDKs", node_modules()) else {
        return;
    };
    scenario(false, "pop/", |_| node(&modules, &["pop"])).await;
}

/// Every action the simulator serves exists in the SDK, with the same request parameters.
#[test]
fn the_served_actions_have_the_sdk_request_models_parameters() {
    let Some(modules) = available("the official Node SDKs", node_modules()) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("served.json");
    let served = ramwiz::sim::served_actions();
    std::fs::write(&table, served.to_string()).unwrap();
    let out = node(&modules, &["--models", table.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actions = served.as_array().unwrap();
    assert!(actions.len() >= 22, "{}", actions.len());
    for a in actions {
        let line = format!("ok models/{}", a["action"].as_str().unwrap());
        assert!(stdout.lines().any(|l| l == line), "{line}\n{stdout}");
    }
}

// ---- the credential libraries ----

/// A credentials file as people have them before ramwiz: CRLF line ends, comments on their
/// own lines, `[default]` holding the admin's key, a role profile, another AccessKey profile
/// with the keys in another order. No comment follows a `[name]` on its line, although
/// CRED-GO's README example has one: `@alicloud/credentials` 2.4.7 does not take such a line as
/// a section header, so that profile's keys land in the profile before it (seen here).
fn seeded(admin_id: &str, admin_secret: &str) -> String {
    [
        "# written by hand",
        "[default]",
        "type = access_key",
        &format!("access_key_id = {admin_id}"),
        &format!("access_key_secret = {admin_secret}"),
        "",
        "; a role for later",
        "[ops-role]",
        "enable = true",
        "type = ram_role_arn",
        "access_key_id = LTAI00000000000000000001",
        "access_key_secret = roleSourceSecret000000000000000",
        "role_arn = acs:ram::1234567890123456:role/ops",
        "role_session_name = ops",
        "",
        "[other]",
        "access_key_secret = otherSecret00000000000000000000",
        "access_key_id = LTAI00000000000000000002",
        "type = access_key",
        "",
    ]
    .join("\r\n")
}

/// (profile, AccessKey ID, secret) a library must find in a file.
type Expected = Vec<(String, String, String)>;

fn read_with(libs: &Libs, home: &Path, file: &Path, expected: &Expected) {
    let profiles: Vec<&str> = expected.iter().map(|(p, _, _)| p.as_str()).collect();
    let mut readers: Vec<(&str, Command)> = Vec::new();
    if let Some(py) = &libs.python {
        let mut c = Command::new(py);
        c.arg(Path::new(DIR).join("py_creds.py"))
            .env("ALIBABA_CLOUD_CREDENTIALS_FILE", file);
        readers.push(("alibabacloud_credentials (Python)", c));
    }
    if let Some(modules) = &libs.node {
        let mut c = Command::new("node");
        c.arg(Path::new(DIR).join("node_creds.js"))
            .env("NODE_PATH", modules);
        // The Node library reads $HOME/.alibabacloud/credentials by default, as Go does.
        if file == home.join(".alibabacloud/credentials") {
            c.env_remove("ALIBABA_CLOUD_CREDENTIALS_FILE");
        } else {
            c.env("ALIBABA_CLOUD_CREDENTIALS_FILE", file);
        }
        readers.push(("@alicloud/credentials (Node)", c));
    }
    for (name, mut c) in readers {
        c.env("HOME", home)
            .env("CRED_PROFILES", profiles.join(","))
            .env_remove("ALIBABA_CLOUD_PROFILE")
            .env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID");
        let out = c.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        for (profile, id, secret) in expected {
            let line = format!("profile {profile} {id} {}", sha256_hex(secret.as_bytes()));
            assert!(
                stdout.lines().any(|l| l == line),
                "{name} did not find {id} in [{profile}] of {}:\n{stdout}\n{}\n--- the file:\n{}",
                file.display(),
                String::from_utf8_lossy(&out.stderr),
                redacted(file)
            );
            assert!(!stdout.contains(secret.as_str()));
        }
    }
}

/// The file's text with every secret value replaced, for a failure message.
fn redacted(file: &Path) -> String {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(|l| match l.split_once('=') {
            Some((k, _)) if k.trim() == "access_key_secret" => format!("{k}= <secret>"),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

struct Libs {
    python: Option<PathBuf>,
    node: Option<PathBuf>,
}

fn libs() -> Option<Libs> {
    let libs = Libs {
        python: available("the Python credential library", python()),
        node: available("the Node credential library", node_modules()),
    };
    (libs.python.is_some() || libs.node.is_some()).then_some(libs)
}

fn triple(p: &str, id: &str, s: &str) -> (String, String, String) {
    (p.to_owned(), id.to_owned(), s.to_owned())
}

/// Every way ramwiz's store writes a key (the code path of the key step and of `apply`):
/// a new file, a new profile beside others, an existing profile replaced with a backup, the
/// signed-in `[default]` moved aside, and the `[default]` copy made for openshift-install.
#[test]
fn the_credential_libraries_read_every_profile_the_store_writes() {
    let Some(libs) = libs() else {
        return;
    };
    let now = time::OffsetDateTime::now_utc();
    let (admin_id, admin) = (
        "LTAI0000000000000000000A",
        "adminSecret000000000000000000000",
    );
    let (new_id, new) = (
        "LTAI0000000000000000000B",
        "newSecret0000000000000000000000",
    );
    let other = triple(
        "other",
        "LTAI00000000000000000002",
        "otherSecret00000000000000000000",
    );
    let save = |file: &Path, profile: &str, backup: bool, move_to: Option<&str>| {
        ramwiz::creds::store::save(
            file,
            profile,
            new_id,
            &Secret::new(new),
            backup,
            move_to,
            now,
        )
        .unwrap()
    };
    let case = |name: &str, seed: Option<String>| {
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join(".alibabacloud/credentials");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        if let Some(text) = seed {
            std::fs::write(&file, text).unwrap();
        }
        eprintln!("case: {name}");
        (home, file)
    };

    // A fresh file, into [default] and into a named profile.
    for profile in ["default", "okd-installer"] {
        let (home, file) = case("fresh", None);
        save(&file, profile, false, None);
        read_with(
            &libs,
            home.path(),
            &file,
            &vec![triple(profile, new_id, new)],
        );
    }

    // Beside the seeded profiles (CRLF, comments, a role profile).
    let (home, file) = case("beside", Some(seeded(admin_id, admin)));
    save(&file, "okd-installer", false, None);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("\r\n[okd-installer]\r\n"),
        "CRLF kept: {text:?}"
    );
    let all = vec![
        triple("default", admin_id, admin),
        other.clone(),
        triple("okd-installer", new_id, new),
    ];
    read_with(&libs, home.path(), &file, &all);

    // Replacing an existing profile: the file and its whole-file backup both read.
    let (home, file) = case("replace", Some(seeded(admin_id, admin)));
    let saved = save(&file, "other", true, None);
    read_with(
        &libs,
        home.path(),
        &file,
        &vec![
            triple("default", admin_id, admin),
            triple("other", new_id, new),
        ],
    );
    let backup = saved.backup.expect("a backup of the replaced profile");
    read_with(&libs, home.path(), &backup, &vec![other.clone()]);

    // The signed-in [default] moved aside, the new key in [default].
    let (home, file) = case("move default", Some(seeded(admin_id, admin)));
    save(&file, "default", false, Some("default-admin"));
    read_with(
        &libs,
        home.path(),
        &file,
        &vec![
            triple("default", new_id, new),
            triple("default-admin", admin_id, admin),
            other.clone(),
        ],
    );

    // The copy for openshift-install and ccoctl, which read only [default].
    let (home, file) = case("installer copy", Some(seeded(admin_id, admin)));
    save(&file, "okd-installer", false, None);
    let copy = ramwiz::creds::store::default_profile_file(&file, "okd-installer");
    ramwiz::creds::store::save(
        &copy,
        "default",
        new_id,
        &Secret::new(new),
        false,
        None,
        now,
    )
    .unwrap();
    read_with(
        &libs,
        home.path(),
        &copy,
        &vec![triple("default", new_id, new)],
    );
}

/// A real `ramwiz apply` against the simulated cloud: the libraries read the file it wrote (the
/// admin's `[default]` kept, the installer's profile added) and the `[default]` copy it made
/// for openshift-install.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_credential_libraries_read_what_apply_writes() {
    let Some(libs) = libs() else {
        return;
    };
    let sim = sim(false).await;
    let tmp = tempfile::tempdir().unwrap();
    let (home, work) = (tmp.path().join("home"), tmp.path().join("work"));
    std::fs::create_dir_all(&work).unwrap();
    let file = home.join(".alibabacloud/credentials");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let (admin_id, admin) = (sim.owner_access_key_id(), sim.owner_secret());
    std::fs::write(&file, seeded(&admin_id, admin.expose())).unwrap();
    ramwiz::sim::tools::install_from(&work, Path::new(EXE)).unwrap();
    let answers = work.join("answers.toml");
    let example = include_str!("../assets/answers.example.toml")
        .replace("# name = \"mycluster-x7k2p\"", "name = \"ci-cluster\"")
        .replace("profile = \"default\"", "profile = \"okd-installer\"");
    std::fs::write(&answers, example).unwrap();
    let mut c = Command::new(EXE);
    c.arg("apply")
        .arg("--answers")
        .arg(&answers)
        .current_dir(&work)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("RAMWIZ_RAM_ENDPOINT", sim.endpoint())
        .env("RAMWIZ_STS_ENDPOINT", sim.endpoint());
    let out = tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let state = sim.state_json();
    let key = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user_name"] == "okd-installer")
        .and_then(|u| u["access_keys"].as_array()?.first().cloned())
        .expect("the installer's key");
    let (id, secret) = (
        key["access_key_id"].as_str().unwrap().to_owned(),
        key["access_key_secret"].as_str().unwrap().to_owned(),
    );
    let expected = vec![
        triple("default", &admin_id, admin.expose()),
        triple(
            "other",
            "LTAI00000000000000000002",
            "otherSecret00000000000000000000",
        ),
        triple("okd-installer", &id, &secret),
    ];
    tokio::task::spawn_blocking(move || {
        read_with(&libs, &home, &file, &expected);
        let copy = ramwiz::creds::store::default_profile_file(&file, "okd-installer");
        assert!(
            copy.exists(),
            "apply made the [default] copy for openshift-install"
        );
        read_with(&libs, &home, &copy, &vec![triple("default", &id, &secret)]);
    })
    .await
    .unwrap();
    sim.shutdown().await;
}

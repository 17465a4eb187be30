//! The simulated `openshift-install` through an install dir's life, run as a real process:
//! the survey (and how it clobbers a credentials file when it finds none), `create manifests`
//! (refusing a mode Alibaba Cloud does not take, consuming install-config.yaml), and `create
//! cluster` (accepting only a dir a real install could go on with).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod sim_support;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use ramwiz::sim::SimHandle;
use sim_support::{attach, key_for, owner, sim, user};

const MANIFESTS: [&str; 4] = [
    "openshift-machine-api-alibabacloud-credentials-credentials.yaml",
    "openshift-image-registry-installer-cloud-credentials-credentials.yaml",
    "openshift-ingress-operator-cloud-credentials-credentials.yaml",
    "openshift-cluster-csi-drivers-alibaba-disk-credentials-credentials.yaml",
];

struct World {
    dir: tempfile::TempDir,
    installer: PathBuf,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let installer = bin.join("openshift-install");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ramwiz"), &installer).unwrap();
        std::fs::create_dir(dir.path().join("home")).unwrap();
        World { dir, installer }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// `openshift-install ARGS` with a clean environment (HOME in the world), `stdin` fed in.
    fn run(&self, args: &[&str], env: &[(&str, String)], stdin: &str) -> Output {
        let mut c = std::process::Command::new(&self.installer);
        c.args(args)
            .env_clear()
            .env("HOME", self.path("home"))
            .current_dir(self.dir.path());
        for (k, v) in env {
            c.env(k, v);
        }
        support::process::output_with_stdin(&mut c, stdin)
    }
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The survey's answers after the credentials: region (default), base domain, name, pull secret.
const ANSWERS: &str = "\nexample.com\nokd-a\n{\"auths\":{\"quay.io\":{\"auth\":\"eDp5\"}}}\n";

#[test]
fn the_survey_writes_install_config_without_credentials_mode() {
    let w = World::new();
    let creds = w.path("creds.ini");
    std::fs::write(
        &creds,
        "[default]\ntype = access_key\naccess_key_id = LTAIkeep\naccess_key_secret = keep\n",
    )
    .unwrap();
    let env = [(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        creds.display().to_string(),
    )];
    // Credentials found: the platform, then the rest; no key is asked.
    let o = w.run(
        &["create", "install-config", "--dir", "inst"],
        &env,
        &format!("\n{ANSWERS}"),
    );
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("Install-Config created in: inst"));
    let text = std::fs::read_to_string(w.path("inst/install-config.yaml")).unwrap();
    assert!(text.contains("  name: okd-a\n") && text.contains("    region: cn-hangzhou\n"));
    assert!(text.contains("baseDomain: example.com\n"));
    assert!(!text.contains("credentialsMode"), "{text}");
    assert!(w.path("inst/.openshift_install_state.json").exists());
    assert!(
        std::fs::read_to_string(&creds)
            .unwrap()
            .contains("LTAIkeep")
    );
    assert!(!w.path("home/.alibabacloud").exists());
}

#[test]
fn without_credentials_the_survey_asks_and_clobbers_the_file_world_readable() {
    let w = World::new();
    let file = w.path("home/.alibabacloud/credentials");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    // A file the SDK cannot use ([default] missing): the survey asks, then overwrites it.
    std::fs::write(&file, "[admin]\naccess_key_id = LTAIadmin\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = w.run(
        &["create", "install-config", "--dir=inst"],
        &[],
        &format!("alibabacloud\nLTAItyped\ntyped-secret\n{ANSWERS}"),
    );
    assert!(o.status.success(), "{}", err(&o));
    let now = std::fs::read_to_string(&file).unwrap();
    assert!(
        now.contains("access_key_id = LTAItyped") && !now.contains("LTAIadmin"),
        "{now}"
    );
    assert_eq!(
        mode(&file),
        0o644,
        "the real installer leaves it world-readable"
    );
}

#[test]
fn the_survey_stops_at_eof_and_on_a_bad_answer() {
    let w = World::new();
    let o = w.run(&["create", "install-config", "--dir", "i1"], &[], "\n");
    assert!(!o.status.success());
    assert!(err(&o).contains("EOF"), "{}", err(&o));
    let o = w.run(&["create", "install-config", "--dir", "i2"], &[], "aws\n");
    assert!(!o.status.success());
    assert!(err(&o).contains("knows only alibabacloud"), "{}", err(&o));
    assert!(!w.path("i1/install-config.yaml").exists());
}

fn install_config(w: &World, dir: &str, mode_line: &str) {
    let d = w.path(dir);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("install-config.yaml"),
        format!(
            "apiVersion: v1\nbaseDomain: example.com\n{mode_line}metadata:\n  name: okd-b\nplatform:\n  alibabacloud:\n    region: cn-beijing\npullSecret: '{{\"auths\":{{}}}}'\n"
        ),
    )
    .unwrap();
}

#[test]
fn create_manifests_refuses_a_mode_other_than_manual_and_consumes_install_config() {
    let w = World::new();
    install_config(&w, "mint", "credentialsMode: Mint\n");
    let o = w.run(&["create", "manifests", "--dir", "mint"], &[], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o)
            .contains("credentialsMode: Unsupported value: \"Mint\": supported values: \"Manual\""),
        "{}",
        err(&o)
    );
    assert!(
        w.path("mint/install-config.yaml").exists(),
        "nothing consumed"
    );
    assert!(!w.path("mint/manifests").exists());

    install_config(&w, "ok", "credentialsMode: Manual\n");
    let o = w.run(&["create", "manifests", "--dir", "ok"], &[], "");
    assert!(o.status.success(), "{}", err(&o));
    assert!(!w.path("ok/install-config.yaml").exists(), "consumed");
    assert!(w.path("ok/.openshift_install_state.json").exists());
    assert!(w.path("ok/openshift").is_dir());
    let infra =
        std::fs::read_to_string(w.path("ok/manifests/cluster-infrastructure-02-config.yml"))
            .unwrap();
    let id = ramwiz::tools::manifests::infrastructure_name(&infra).unwrap();
    assert!(
        id.starts_with("okd-b-") && id.len() == "okd-b-".len() + 5,
        "{id}"
    );
    let cfg = std::fs::read_to_string(w.path("ok/manifests/cluster-config.yaml")).unwrap();
    assert!(cfg.contains("    credentialsMode: Manual\n"), "{cfg}");
}

/// A user of the simulated account with `policy` attached (or none), and its key.
async fn installer_key(sim: &SimHandle, name: &str, policy: Option<&str>) -> (String, String) {
    let o = owner(sim);
    o.call(&user(name)).await.unwrap();
    if let Some(p) = policy {
        o.call(&attach("System", p, name)).await.unwrap();
    }
    let (id, secret) = key_for(&o, name).await;
    (id, secret.expose().to_owned())
}

/// An install dir a real install could go on with: Manual mode, the manifests, every
/// component's Secret manifest.
fn ready_dir(w: &World, dir: &str) {
    install_config(w, dir, "credentialsMode: Manual\n");
    let o = w.run(&["create", "manifests", "--dir", dir], &[], "");
    assert!(o.status.success(), "{}", err(&o));
    for m in MANIFESTS {
        let (ns, rest) = [
            "openshift-machine-api",
            "openshift-image-registry",
            "openshift-ingress-operator",
            "openshift-cluster-csi-drivers",
        ]
        .iter()
        .find_map(|ns| m.strip_prefix(&format!("{ns}-")).map(|r| (*ns, r)))
        .unwrap();
        let name = rest.strip_suffix("-credentials.yaml").unwrap();
        std::fs::write(
            w.path(dir).join("manifests").join(m),
            format!(
                "apiVersion: v1\nstringData:\n  credentials: |-\n    [default]\n    type = access_key\n    access_key_id = LTAIc\n    access_key_secret = c\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\ntype: Opaque"
            ),
        )
        .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_cluster_accepts_only_what_a_real_install_needs() {
    let sim = sim().await;
    let (id, secret) = installer_key(&sim, "installer", Some("AdministratorAccess")).await;
    let (bare_id, bare_secret) = installer_key(&sim, "nobody", None).await;
    let w = World::new();
    let creds = w.path("installer.ini");
    std::fs::write(
        &creds,
        format!(
            "[default]\ntype = access_key\naccess_key_id = {id}\naccess_key_secret = {secret}\n"
        ),
    )
    .unwrap();
    let endpoint = ("RAMWIZ_RAM_ENDPOINT", sim.endpoint());
    let with_file = [
        endpoint.clone(),
        (
            "ALIBABA_CLOUD_CREDENTIALS_FILE",
            creds.display().to_string(),
        ),
    ];
    let run = |dir: &str, env: &[(&str, String)]| {
        let w = &w;
        let args = ["create", "cluster", "--dir", dir];
        w.run(&args, env, "")
    };

    ready_dir(&w, "good");
    let o = tokio::task::block_in_place(|| run("good", &with_file));
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("Install complete!"));

    ready_dir(&w, "missing");
    std::fs::remove_file(w.path("missing/manifests").join(MANIFESTS[2])).unwrap();
    let o = tokio::task::block_in_place(|| run("missing", &with_file));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("openshift-ingress-operator/cloud-credentials"),
        "{}",
        err(&o)
    );

    install_config(&w, "nomode", "");
    let o = tokio::task::block_in_place(|| run("nomode", &with_file));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("need credentialsMode: Manual (found none)"),
        "{}",
        err(&o)
    );

    ready_dir(&w, "nokey");
    let o = tokio::task::block_in_place(|| run("nokey", std::slice::from_ref(&endpoint)));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("failed to load Alibaba Cloud credentials"),
        "{}",
        err(&o)
    );

    let bare = [
        endpoint.clone(),
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", bare_id),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", bare_secret),
    ];
    let o = tokio::task::block_in_place(|| run("nokey", &bare));
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("may not list RAM users"), "{}", err(&o));
}

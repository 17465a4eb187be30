//! The simulated outside tools, run as real processes: the built ramwiz binary behind symlinks
//! named `openshift-install`, `oc` and (extracted) `ccoctl`, against the simulated cloud.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use ramwiz::cloud::actions::GetCallerIdentity;
use ramwiz::cloud::{Client, Credentials, Endpoints};
use ramwiz::secret::Secret;
use ramwiz::sim::tools::{ENV_ARCH, ENV_FAULT, ENV_RELEASE};
use ramwiz::sim::{SimConfig, SimHandle};

const CR_FILES: [&str; 4] = [
    "0000_30_machine-api-operator_00_credentials-request.yaml",
    "0000_50_cluster-image-registry-operator_01-registry-credentials-request-alibaba.yaml",
    "0000_50_cluster-ingress-operator_00-ingress-credentials-request.yaml",
    "0000_50_cluster-storage-operator_03_credentials_request_alibaba.yaml",
];
const MANIFESTS: [&str; 4] = [
    "openshift-machine-api-alibabacloud-credentials-credentials.yaml",
    "openshift-image-registry-installer-cloud-credentials-credentials.yaml",
    "openshift-ingress-operator-cloud-credentials-credentials.yaml",
    "openshift-cluster-csi-drivers-alibaba-disk-credentials-credentials.yaml",
];

/// A temporary home with `bin/openshift-install` and `bin/oc` (symlinks to the built binary).
struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        for name in ["openshift-install", "oc"] {
            std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ramwiz"), bin.join(name)).unwrap();
        }
        Self { dir }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// The command for `tool` (a name in bin/, or a path), with a clean environment.
    fn cmd(&self, tool: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Command {
        let program = if tool.contains('/') {
            PathBuf::from(tool)
        } else {
            self.path("bin").join(tool)
        };
        let mut c = std::process::Command::new(program);
        c.args(args)
            .env_clear()
            .env("HOME", self.dir.path())
            .current_dir(self.dir.path());
        for (k, v) in env {
            c.env(k, v);
        }
        c
    }

    fn run(&self, tool: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.cmd(tool, args, env).output().unwrap()
    }

    async fn run_async(&self, tool: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        tokio::process::Command::from(self.cmd(tool, args, env))
            .output()
            .await
            .unwrap()
    }

    /// `oc image extract` + `chmod 775`, as the documented procedure does.
    fn extract_ccoctl(&self) -> String {
        let o = self.run(
            "oc",
            &[
                "image",
                "extract",
                "quay.io/x@sha256:1",
                "--file=/usr/bin/ccoctl",
            ],
            &[],
        );
        assert!(o.status.success(), "{}", text(&o.stderr));
        let ccoctl = self.path("ccoctl");
        assert_eq!(mode(&ccoctl), 0o644);
        std::fs::set_permissions(&ccoctl, std::fs::Permissions::from_mode(0o775)).unwrap();
        ccoctl.to_str().unwrap().to_owned()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Strips Go's `YYYY/MM/DD HH:MM:SS ` prefix from every log line that has one.
fn log_lines(stderr: &[u8]) -> Vec<String> {
    text(stderr)
        .lines()
        .map(|l| {
            let b = l.as_bytes();
            let stamped = b.len() > 20
                && b[4] == b'/'
                && b[7] == b'/'
                && b[10] == b' '
                && b[13] == b':'
                && b[16] == b':'
                && b[19] == b' ';
            if stamped {
                l[20..].to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect()
}

#[test]
fn openshift_install_version_for_each_architecture() {
    let w = World::new();
    let invoked = w.path("bin/openshift-install");
    let invoked = invoked.to_str().unwrap();
    for arch in [
        "amd64", "arm64", "ppc64le", "s390x", "multi", "unknown", "none",
    ] {
        let o = w.run("openshift-install", &["version"], &[(ENV_ARCH, arch)]);
        assert!(o.status.success());
        let out = text(&o.stdout);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            format!("{invoked} 4.15.0-0.okd-2024-03-10-010116")
        );
        let sha = lines[1].strip_prefix("built from commit ").unwrap();
        assert!(sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()));
        let digest = lines[2]
            .strip_prefix("release image quay.io/openshift/okd@sha256:")
            .unwrap();
        assert_eq!(digest.len(), 64);
        match arch {
            "none" => assert_eq!(lines.len(), 3),
            "multi" | "unknown" => {
                assert_eq!(lines[3], format!("release architecture {arch}"));
                assert_eq!(lines[4], "default architecture amd64");
                assert_eq!(lines.len(), 5);
            }
            _ => assert_eq!(lines[3..], [format!("release architecture {arch}")]),
        }
        assert_eq!(text(&o.stderr).contains("level=warning"), arch == "unknown");
    }
    let host = w.run("openshift-install", &["version"], &[]);
    let expected = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    assert!(text(&host.stdout).contains(&format!("release architecture {expected}\n")));
    let ocp = w.run(
        "openshift-install",
        &["version"],
        &[(ENV_RELEASE, "4.14.8")],
    );
    let out = text(&ocp.stdout);
    assert!(out.contains(" 4.14.8\n"));
    assert!(out.contains("release image quay.io/openshift-release-dev/ocp-release@sha256:"));
    // Deterministic: the same version gives the same digests.
    assert_eq!(
        ocp.stdout,
        w.run(
            "openshift-install",
            &["version"],
            &[(ENV_RELEASE, "4.14.8")]
        )
        .stdout
    );

    // `create` is the install dir's lifecycle (tests/sim_installer.rs); other commands are not.
    let bad = w.run("openshift-install", &["destroy", "cluster"], &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("unknown command \"destroy\""));
    let failing = w.run(
        "openshift-install",
        &["version"],
        &[(ENV_FAULT, "installer-fail")],
    );
    assert_eq!(failing.status.code(), Some(1));
    assert!(failing.stdout.is_empty());
    assert!(text(&failing.stderr).starts_with("level=fatal msg="));
}

#[test]
fn oc_release_info_image_extract_and_ccoctl_help() {
    let w = World::new();
    let release = "quay.io/openshift/okd@sha256:0123";
    let info = [
        "adm",
        "release",
        "info",
        "--image-for=cloud-credential-operator",
        release,
    ];
    let o = w.run("oc", &info, &[]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    let digest = out
        .trim_end()
        .strip_prefix("quay.io/openshift/okd-content@sha256:")
        .unwrap();
    assert_eq!((digest.len(), out.lines().count()), (64, 1));
    assert_eq!(w.run("oc", &info, &[]).stdout, o.stdout);

    let other = w.run(
        "oc",
        &["adm", "release", "info", "--image-for", "nope", release],
        &[],
    );
    assert_eq!(other.status.code(), Some(1));
    assert_eq!(
        text(&other.stderr),
        format!("error: no image tag \"nope\" exists in the release image {release}\n")
    );
    let mut with_auth = info.to_vec();
    with_auth.extend(["-a", "missing.json"]);
    let missing = w.run("oc", &with_auth, &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("missing.json"));
    std::fs::write(w.path("bad.json"), "{\"x\":1}").unwrap();
    with_auth[6] = "bad.json";
    assert!(text(&w.run("oc", &with_auth, &[]).stderr).contains("bad.json"));
    std::fs::write(
        w.path("ps.json"),
        r#"{"auths":{"quay.io":{"auth":"eDp5"}}}"#,
    )
    .unwrap();
    with_auth[6] = "ps.json";
    assert_eq!(w.run("oc", &with_auth, &[]).stdout, o.stdout);

    let wrong = w.run(
        "oc",
        &["image", "extract", "img", "--file=/usr/bin/nope"],
        &[],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(!w.path("ccoctl").exists() && !w.path("nope").exists());

    let ccoctl = w.extract_ccoctl();
    let help = w.run(&ccoctl, &["--help"], &[]);
    assert!(help.status.success());
    let h = text(&help.stdout);
    assert!(h.starts_with("OpenShift credentials provisioning tool\n"));
    for c in [
        "alibabacloud",
        "aws",
        "gcp",
        "ibmcloud",
        "nutanix",
        "azure",
        "completion",
        "help",
    ] {
        assert!(h.contains(&format!("\n  {c} ")), "{c}: {h}");
    }
    let ali = text(&w.run(&ccoctl, &["alibabacloud", "--help"], &[]).stdout);
    assert!(ali.contains("  create-ram-users Create RAM Users and policies\n"));
    assert!(ali.ends_with(
        "Use \"ccoctl alibabacloud [command] --help\" for more information about a command.\n"
    ));

    let no_ali = w.run(
        &ccoctl,
        &["--help"],
        &[(ENV_FAULT, "ccoctl-no-alibabacloud")],
    );
    assert!(no_ali.status.success() && !text(&no_ali.stdout).contains("alibabacloud"));
    let glibc = w.run(&ccoctl, &["--help"], &[(ENV_FAULT, "ccoctl-glibc")]);
    assert_eq!(glibc.status.code(), Some(1));
    assert!(glibc.stdout.is_empty());
    assert_eq!(
        text(&glibc.stderr),
        format!(
            "{ccoctl}: /lib64/libc.so.6: version `GLIBC_2.34' not found (required by {ccoctl})\n"
        )
    );
}

#[test]
fn oc_unauthorized_and_credentials_requests_extract() {
    let w = World::new();
    let release = "quay.io/openshift/okd@sha256:0123";
    let unauth = [(ENV_FAULT, "oc-unauthorized")];
    let expected =
        format!("error: unable to read image {release}: unauthorized: authentication required\n");
    for args in [
        vec![
            "adm",
            "release",
            "info",
            "--image-for=cloud-credential-operator",
            release,
        ],
        vec![
            "adm",
            "release",
            "extract",
            "--credentials-requests",
            "--cloud=alibabacloud",
            "--to=crs",
            release,
        ],
    ] {
        let o = w.run("oc", &args, &unauth);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(text(&o.stderr), expected);
    }
    let o = w.run(
        "oc",
        &["image", "extract", "img", "--file=/usr/bin/ccoctl"],
        &unauth,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("unable to read image img: unauthorized"));
    assert!(!w.path("ccoctl").exists() && !w.path("crs").exists());

    let o = w.run(
        "oc",
        &[
            "adm",
            "release",
            "extract",
            "--credentials-requests",
            "--cloud",
            "alibabacloud",
            "--to",
            "crs",
            release,
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
    let mut names: Vec<String> = std::fs::read_dir(w.path("crs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, CR_FILES);
    let ingress = std::fs::read_to_string(w.path("crs").join(CR_FILES[2])).unwrap();
    for needle in [
        "apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\n",
        "namespace: openshift-cloud-credential-operator",
        "kind: AlibabaCloudProviderSpec",
        "alidns:AddDomainRecord",
        "pvtz:DescribeZones",
        "effect: Allow",
        "name: cloud-credentials\n    namespace: openshift-ingress-operator\n",
    ] {
        assert!(ingress.contains(needle), "{needle}");
    }
    let aws = w.run(
        "oc",
        &[
            "adm",
            "release",
            "extract",
            "--credentials-requests",
            "--cloud=aws",
            "--to=aws",
            release,
        ],
        &[],
    );
    assert!(aws.status.success());
    assert_eq!(std::fs::read_dir(w.path("aws")).unwrap().count(), 0);
}

struct Cloud {
    sim: SimHandle,
    env: Vec<(&'static str, String)>,
}

impl Cloud {
    async fn start() -> Self {
        let sim = SimHandle::start(SimConfig::default()).await.unwrap();
        let env = vec![
            ("RAMWIZ_RAM_ENDPOINT", sim.endpoint()),
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", sim.owner_access_key_id()),
            (
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                sim.owner_secret().expose().to_owned(),
            ),
        ];
        Self { sim, env }
    }

    fn env(&self) -> Vec<(&str, &str)> {
        self.env.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }

    /// Who a key is, per STS (an error when the key does not work).
    async fn whoami(&self, id: &str, secret: &str) -> Result<String, String> {
        let c = Client::new(
            Endpoints::single(&self.sim.endpoint()).unwrap(),
            Credentials::new(id, Secret::new(secret)),
        )
        .unwrap();
        c.call(&GetCallerIdentity)
            .await
            .map(|r| r.arn)
            .map_err(|e| e.to_string())
    }
}

/// (id, secret) from a generated Secret manifest, checking its exact layout on the way.
fn manifest_key(path: &Path, name: &str, ns: &str) -> (String, String) {
    assert_eq!(mode(path), 0o600, "{}", path.display());
    let body = std::fs::read_to_string(path).unwrap();
    let id = body
        .split("access_key_id = ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let secret = body
        .split("access_key_secret = ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let expected = format!(
        "apiVersion: v1\nstringData:\n  credentials: |-\n    [default]\n    type = access_key\n    access_key_id = {id}\n    access_key_secret = {secret}\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\ntype: Opaque"
    );
    assert_eq!(body, expected);
    (id, secret)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ccoctl_creates_reuses_rotates_and_deletes_ram_users() {
    let w = World::new();
    let cloud = Cloud::start().await;
    let ccoctl = w.extract_ccoctl();
    let o = w.run(
        "oc",
        &[
            "adm",
            "release",
            "extract",
            "--credentials-requests",
            "--cloud=alibabacloud",
            "--to=crs",
            "rel",
        ],
        &[],
    );
    assert!(o.status.success());
    let create = [
        "alibabacloud",
        "create-ram-users",
        "--name",
        "demo",
        "--region=cn-hangzhou",
        "--credentials-requests-dir",
        "crs",
        "--output-dir=out",
    ];
    let secret_refs = [
        ("alibabacloud-credentials", "openshift-machine-api"),
        ("installer-cloud-credentials", "openshift-image-registry"),
        ("cloud-credentials", "openshift-ingress-operator"),
        ("alibaba-disk-credentials", "openshift-cluster-csi-drivers"),
    ];

    // Run 1: four users, four policies, four attachments, four working keys.
    let o = w.run_async(&ccoctl, &create, &cloud.env()).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(o.stdout.is_empty());
    let out_dir = w.path("out");
    assert_eq!(mode(&out_dir), 0o700);
    assert_eq!(mode(&out_dir.join("manifests")), 0o700);
    let log = log_lines(&o.stderr);
    let u0 = "demo-openshift-machine-api-alibabacloud-credentials";
    let p0 = format!("{u0}-policy-policy");
    let m0 = out_dir.join("manifests").join(MANIFESTS[0]);
    assert_eq!(
        log[..6],
        [
            format!("Created RAM User: {u0}"),
            format!("Ready for creating new ram policy {p0}"),
            format!("RAM policy {p0} has created"),
            format!("Policy {p0} has attached on user {u0}"),
            format!("Created access keys for RAM User: {u0}"),
            format!("Saved credentials configuration to: {}", m0.display()),
        ]
    );
    assert_eq!(log.len(), 24);
    let st = cloud.sim.state_json();
    let users = st["users"].as_array().unwrap();
    assert_eq!(users.len(), 4);
    for u in users {
        assert_eq!(u["comments"], "openshift.io/ccoctl/demo");
        assert_eq!(u["access_keys"].as_array().unwrap().len(), 1);
    }
    let policies = st["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 4);
    assert!(policies.iter().all(|p| {
        p["policy_name"]
            .as_str()
            .unwrap()
            .ends_with("-policy-policy")
    }));
    assert_eq!(st["attachments"].as_array().unwrap().len(), 4);
    let mut first_keys = Vec::new();
    for (file, (name, ns)) in MANIFESTS.iter().zip(secret_refs) {
        let (id, secret) = manifest_key(&out_dir.join("manifests").join(file), name, ns);
        let arn = cloud.whoami(&id, &secret).await.unwrap();
        assert!(arn.ends_with(&format!(":user/demo-{ns}-{name}")), "{arn}");
        first_keys.push((id, secret));
    }

    // Run 2: users reused, a new policy version, a second key per user; the old keys still work.
    let o = w.run_async(&ccoctl, &create, &cloud.env()).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let log = log_lines(&o.stderr);
    assert_eq!(log[0], format!("RAM User {u0} already exists, continuing"));
    assert_eq!(log[1], format!("RAM policy {p0} has created"));
    let st = cloud.sim.state_json();
    for u in st["users"].as_array().unwrap() {
        assert_eq!(u["access_keys"].as_array().unwrap().len(), 2);
    }
    assert!(
        st["policies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["default_version"] == "v2")
    );
    let (id2, s2) = manifest_key(&m0, secret_refs[0].0, secret_refs[0].1);
    assert_ne!(id2, first_keys[0].0);
    assert!(
        cloud
            .whoami(&first_keys[0].0, &first_keys[0].1)
            .await
            .is_ok()
    );

    // Run 3: the older key is rotated out; still two keys per user.
    let o = w.run_async(&ccoctl, &create, &cloud.env()).await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let log = log_lines(&o.stderr);
    assert!(log.contains(&format!(
        "RAM User {u0}'s accesskey number limit exceeded, will delete original accesskeys"
    )));
    assert!(log.contains(&format!(
        "Ready to delete user {u0} accesskey {}",
        first_keys[0].0
    )));
    let st = cloud.sim.state_json();
    for u in st["users"].as_array().unwrap() {
        assert_eq!(u["access_keys"].as_array().unwrap().len(), 2);
    }
    assert!(
        cloud
            .whoami(&first_keys[0].0, &first_keys[0].1)
            .await
            .is_err()
    );
    assert!(cloud.whoami(&id2, &s2).await.is_ok());
    let (id3, s3) = manifest_key(&m0, secret_refs[0].0, secret_refs[0].1);
    assert!(cloud.whoami(&id3, &s3).await.is_ok());

    // delete-ram-users removes users, keys and policies (versions first); a rerun is silent.
    let o = w
        .run_async(
            &ccoctl,
            &["alibabacloud", "delete-ram-users", "--name=demo"],
            &cloud.env(),
        )
        .await;
    assert!(o.status.success(), "{}", text(&o.stderr));
    let log = log_lines(&o.stderr);
    assert_eq!(log[0], format!("Find ram user {u0} to delete"));
    assert!(log.contains(&format!("Version v1 of policy {p0} removed")));
    let st = cloud.sim.state_json();
    assert_eq!(st["users"].as_array().unwrap().len(), 0);
    assert_eq!(st["policies"].as_array().unwrap().len(), 0);
    assert_eq!(st["attachments"].as_array().unwrap().len(), 0);
    let o = w
        .run_async(
            &ccoctl,
            &["alibabacloud", "delete-ram-users", "--name", "demo"],
            &cloud.env(),
        )
        .await;
    assert!(o.status.success() && o.stderr.is_empty() && o.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ccoctl_failures_and_faults() {
    let w = World::new();
    let cloud = Cloud::start().await;
    let ccoctl = w.extract_ccoctl();
    assert!(
        w.run(
            "oc",
            &[
                "adm",
                "release",
                "extract",
                "--credentials-requests",
                "--cloud=alibabacloud",
                "--to=crs",
                "r"
            ],
            &[]
        )
        .status
        .success()
    );

    // Missing flags: cobra's error + usage, then log.Fatal; the output dirs exist anyway.
    let o = w.run(
        &ccoctl,
        &["alibabacloud", "create-ram-users", "--output-dir=early"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.starts_with("Error: required flag(s) \"credentials-requests-dir\", \"name\" not set\nUsage:\n  ccoctl alibabacloud create-ram-users [flags]\n"));
    assert_eq!(
        log_lines(&o.stderr).last().unwrap(),
        "required flag(s) \"credentials-requests-dir\", \"name\" not set"
    );
    assert!(w.path("early/manifests").is_dir());
    let nested = w.run(
        &ccoctl,
        &["alibabacloud", "create-ram-users", "--output-dir=a/b"],
        &[],
    );
    assert!(log_lines(&nested.stderr)[0].starts_with("Failed to create target directory at "));

    let args = [
        "alibabacloud",
        "create-ram-users",
        "--name=f",
        "--credentials-requests-dir=crs",
        "--output-dir=o",
    ];
    // No credentials anywhere.
    let o = w.run(
        &ccoctl,
        &args,
        &[("RAMWIZ_RAM_ENDPOINT", &cloud.sim.endpoint())],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        log_lines(&o.stderr),
        ["Failed to resolve an authentication provider: No credential found"]
    );
    // Credentials from the file, but no endpoint: unreachable like the real ram.aliyuncs.com.
    std::fs::write(
        w.path("creds.ini"),
        format!(
            "[default]\ntype = access_key\naccess_key_id = {}\naccess_key_secret = {}\n",
            cloud.sim.owner_access_key_id(),
            cloud.sim.owner_secret().expose()
        ),
    )
    .unwrap();
    let file_env = [("ALIBABA_CLOUD_CREDENTIALS_FILE", "creds.ini")];
    let o = w.run(&ccoctl, &args, &file_env);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains(
        "Failed while processing each CredentialsRequest: Failed to create user and attach policy for CredentialsRequest openshift-machine-api-alibabacloud: Failed while creating RAM User: Failed to create RAM user: [SDK.ServerUnreachable] Server unreachable"
    ));
    // A wrong secret: the server error in the SDK's multi-line rendering.
    let bad = [
        ("RAMWIZ_RAM_ENDPOINT", cloud.sim.endpoint()),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            cloud.sim.owner_access_key_id(),
        ),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "wrong".to_owned()),
    ];
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let o = w.run_async(&ccoctl, &args, &bad).await;
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("Failed to create RAM user: SDK.ServerError\nErrorCode: SignatureDoesNotMatch\nRecommend: "), "{err}");
    assert!(err.contains("\nRequestId: ") && err.contains("\nMessage: "));

    // Killed after two CredentialsRequests: exit 137, two manifests, nothing printed after.
    let mut env = cloud.env();
    env.push((ENV_FAULT, "ccoctl-die-after=2"));
    let o = w.run_async(&ccoctl, &args, &env).await;
    assert_eq!(o.status.code(), Some(137));
    assert_eq!(std::fs::read_dir(w.path("o/manifests")).unwrap().count(), 2);
    assert!(
        log_lines(&o.stderr)
            .last()
            .unwrap()
            .starts_with("Saved credentials configuration to: ")
    );
    assert_eq!(cloud.sim.state_json()["users"].as_array().unwrap().len(), 2);

    // Without --cloud, oc extracts a foreign (AWS) request too, and ccoctl refuses it.
    let o = w.run(
        "oc",
        &[
            "adm",
            "release",
            "extract",
            "--credentials-requests",
            "--to=all",
            "r",
        ],
        &[],
    );
    assert!(o.status.success());
    assert_eq!(std::fs::read_dir(w.path("all")).unwrap().count(), 5);
    let all = [
        "alibabacloud",
        "create-ram-users",
        "--name=g",
        "--credentials-requests-dir=all",
        "--output-dir=g",
    ];
    let o = w.run_async(&ccoctl, &all, &cloud.env()).await;
    assert_eq!(o.status.code(), Some(1));
    assert!(log_lines(&o.stderr).last().unwrap().ends_with(
        "Failed to create user and attach policy for CredentialsRequest cloud-credential-operator-iam-ro: CredentialsRequest openshift-cloud-credential-operator/cloud-credential-operator-iam-ro is not of type Alibaba Cloud"
    ));

    // slow=MS: a pause before every line.
    let started = Instant::now();
    let o = w.run(
        "openshift-install",
        &["version"],
        &[(ENV_FAULT, "slow=60"), (ENV_ARCH, "amd64")],
    );
    assert!(o.status.success());
    assert!(started.elapsed() >= Duration::from_millis(4 * 60));
}

//! `openshift-install create manifests --dir D`, as the real installer leaves the dir
//! (reference §5 step 3): it validates install-config.yaml (for Alibaba Cloud a
//! `credentialsMode` other than empty or `Manual` is refused, reference §2.3), writes
//! `manifests/` (the infrastructure manifest with a fresh infrastructure ID, `cluster-config.yaml`
//! embedding the install-config, and the cluster's other config) and `openshift/`, records the
//! state file, and removes install-config.yaml: the installer consumes it.

use std::path::Path;

use super::Ctx;
use super::installer::{fatal, info, state_file};

/// What the manifests need of an install-config.yaml.
pub(super) struct Config {
    pub text: String,
    pub name: String,
    pub region: String,
}

/// Reads and validates `D/install-config.yaml` as `create manifests` and `create cluster` do.
pub(super) fn load_config(dir: &Path) -> Result<Config, String> {
    let path = dir.join("install-config.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "failed to load asset \"Install Config\": open {}: {e}",
            path.display()
        )
    })?;
    let invalid = |why: String| {
        format!(
            "failed to load asset \"Install Config\": failed to create install config: invalid \"install-config.yaml\" file: {why}"
        )
    };
    let v: serde_json::Value =
        serde_saphyr::from_str(&text).map_err(|e| invalid(format!("{e}")))?;
    let s = |p: &[&str]| -> Option<String> {
        p.iter()
            .try_fold(&v, |v, k| v.get(*k))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let name =
        s(&["metadata", "name"]).ok_or_else(|| invalid("metadata.name: Required value".into()))?;
    if s(&["baseDomain"]).is_none() {
        return Err(invalid("baseDomain: Required value".into()));
    }
    let region = s(&["platform", "alibabacloud", "region"]).ok_or_else(|| {
        invalid("platform: Invalid value: the simulated installer knows only platform alibabacloud (with a region)".into())
    })?;
    if let Some(m) = s(&["credentialsMode"]).filter(|m| !m.is_empty() && m != "Manual") {
        return Err(invalid(format!(
            "credentialsMode: Unsupported value: \"{m}\": supported values: \"Manual\""
        )));
    }
    Ok(Config { text, name, region })
}

/// A fresh infrastructure ID: the cluster name and 5 random characters.
fn infra_id(name: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let suffix: String = bytes[..5]
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    let base: String = name.chars().take(21).collect();
    format!("{}-{suffix}", base.trim_end_matches('-'))
}

pub(super) fn create(ctx: &Ctx, dir: &Path) -> u8 {
    if !dir.join("install-config.yaml").exists() && dir.join("manifests").is_dir() {
        // Made already: the state holds them; nothing to do (as the real one).
        info(
            ctx,
            &format!(
                "Manifests created in: {0}/manifests and {0}/openshift (from the state)",
                dir.display()
            ),
        );
        return 0;
    }
    let config = match load_config(dir) {
        Ok(c) => c,
        Err(e) => {
            return fatal(
                ctx,
                &format!(
                    "failed to fetch Master Machines: failed to fetch dependency of \"Master Machines\": {e}"
                ),
            );
        }
    };
    info(ctx, "Consuming Install Config from target directory");
    match write_manifests(dir, &config) {
        Ok(()) => {
            info(
                ctx,
                &format!(
                    "Manifests created in: {0}/manifests and {0}/openshift",
                    dir.display()
                ),
            );
            0
        }
        Err(e) => fatal(
            ctx,
            &format!("failed to write asset (Manifests) to disk: {e}"),
        ),
    }
}

fn write_manifests(dir: &Path, c: &Config) -> std::io::Result<()> {
    let manifests = dir.join("manifests");
    let openshift = dir.join("openshift");
    std::fs::create_dir_all(&manifests)?;
    std::fs::create_dir_all(&openshift)?;
    let infra = infra_id(&c.name);
    let embedded: String = c.text.lines().map(|l| format!("    {l}\n")).collect();
    let files = [
        (
            manifests.join("cluster-config.yaml"),
            format!(
                "apiVersion: v1\ndata:\n  install-config: |\n{embedded}kind: ConfigMap\nmetadata:\n  name: cluster-config-v1\n  namespace: kube-system\n"
            ),
        ),
        (
            manifests.join("cluster-infrastructure-02-config.yml"),
            format!(
                "apiVersion: config.openshift.io/v1\nkind: Infrastructure\nmetadata:\n  creationTimestamp: null\n  name: cluster\nspec:\n  cloudConfig:\n    name: \"\"\n  platformSpec:\n    type: AlibabaCloud\nstatus:\n  apiServerInternalURI: https://api-int.{name}.example:6443\n  apiServerURL: https://api.{name}.example:6443\n  controlPlaneTopology: HighlyAvailable\n  infrastructureName: {infra}\n  infrastructureTopology: HighlyAvailable\n  platform: AlibabaCloud\n  platformStatus:\n    alibabaCloud:\n      region: {region}\n    type: AlibabaCloud\n",
                name = c.name,
                region = c.region
            ),
        ),
        (
            manifests.join("cluster-dns-02-config.yml"),
            format!(
                "apiVersion: config.openshift.io/v1\nkind: DNS\nmetadata:\n  name: cluster\nspec:\n  baseDomain: {}.example\n",
                c.name
            ),
        ),
        (
            manifests.join("cluster-network-02-config.yml"),
            "apiVersion: config.openshift.io/v1\nkind: Network\nmetadata:\n  name: cluster\nspec:\n  clusterNetwork:\n  - cidr: 10.128.0.0/14\n    hostPrefix: 23\n  networkType: OVNKubernetes\n  serviceNetwork:\n  - 172.30.0.0/16\n".to_owned(),
        ),
        (
            openshift.join("99_openshift-cluster-api_master-user-data-secret.yaml"),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: master-user-data\n  namespace: openshift-machine-api\ntype: Opaque\n".to_owned(),
        ),
    ];
    for (path, body) in files {
        std::fs::write(path, body)?;
    }
    let state = serde_json::json!({
        "*installconfig.InstallConfig": { "file": "install-config.yaml", "consumed": true },
        "*installconfig.ClusterID": { "InfraID": infra },
        "*manifests.Manifests": { "dir": "manifests" },
    });
    std::fs::write(state_file(dir), state.to_string())?;
    // The installer consumes its input: the config now lives in manifests/cluster-config.yaml.
    std::fs::remove_file(dir.join("install-config.yaml"))
}

/// The install-config embedded in `manifests/cluster-config.yaml`.
pub(super) fn embedded_config(dir: &Path) -> Result<String, String> {
    let path = dir.join("manifests/cluster-config.yaml");
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("open {}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    v.get("data")
        .and_then(|d| d.get("install-config"))
        .and_then(|c| c.as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: no data.install-config", path.display()))
}

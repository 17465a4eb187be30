//! Reading the CredentialsRequests for the simulated ccoctl: `*.yaml`/`*.yml` files of a
//! directory, sorted, every document; the delete and feature-set annotations skip a request
//! (reference §4.2 step 2).

use std::path::{Path, PathBuf};

use super::Ctx;
use super::ccoctl::log;
use super::yaml::{Yaml, parse_documents};

/// One statement of an AlibabaCloudProviderSpec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Statement {
    pub effect: String,
    pub action: Vec<String>,
    pub resource: String,
}

/// The fields of a CredentialsRequest ccoctl uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CredReq {
    pub name: String,
    pub namespace: String,
    pub secret_name: String,
    pub secret_ns: String,
    pub provider_kind: Option<String>,
    pub statements: Vec<Statement>,
    annotations: Vec<(String, String)>,
}

impl CredReq {
    fn from_yaml(y: &Yaml) -> Option<CredReq> {
        if y.get("kind").and_then(Yaml::as_str) != Some("CredentialsRequest") {
            return None;
        }
        let s = |p: &[&str]| {
            y.path(p)
                .and_then(Yaml::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let spec = y.path(&["spec", "providerSpec"]);
        Some(CredReq {
            name: s(&["metadata", "name"]),
            namespace: s(&["metadata", "namespace"]),
            secret_name: s(&["spec", "secretRef", "name"]),
            secret_ns: s(&["spec", "secretRef", "namespace"]),
            provider_kind: spec
                .and_then(|p| p.get("kind"))
                .and_then(Yaml::as_str)
                .map(str::to_owned),
            statements: spec
                .and_then(|p| p.get("statementEntries"))
                .map(Yaml::items)
                .unwrap_or_default()
                .iter()
                .map(|st| Statement {
                    effect: st
                        .get("effect")
                        .and_then(Yaml::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    action: st.get("action").map(Yaml::strings).unwrap_or_default(),
                    resource: st
                        .get("resource")
                        .and_then(Yaml::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                })
                .collect(),
            annotations: y
                .path(&["metadata", "annotations"])
                .map(Yaml::entries)
                .unwrap_or_default()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect(),
        })
    }

    fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Every CredentialsRequest in `dir` (`*.yaml`/`*.yml`, sorted by name), minus the skipped
/// ones (logged).
pub(super) fn load_crs(ctx: &Ctx, dir: &Path, tech_preview: bool) -> Result<Vec<CredReq>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("open {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("open {}: {e}", f.display()))?;
        let docs = parse_documents(&text)
            .map_err(|e| format!("Failed to decode file {}: {e}", f.display()))?;
        for cr in docs.iter().filter_map(CredReq::from_yaml) {
            if cr.annotation("release.openshift.io/delete") == Some("true") {
                log(
                    ctx,
                    &format!(
                        "Ignoring CredentialsRequest {}/{} as it is marked for in-cluster deletion",
                        cr.namespace, cr.name
                    ),
                );
                continue;
            }
            if let Some(fs) = cr.annotation("release.openshift.io/feature-set")
                && !(tech_preview && fs == "TechPreviewNoUpgrade")
            {
                log(
                    ctx,
                    &format!(
                        "Ignoring CredentialsRequest {}/{} as it is not part of the enabled feature set ({fs})",
                        cr.namespace, cr.name
                    ),
                );
                continue;
            }
            out.push(cr);
        }
    }
    Ok(out)
}

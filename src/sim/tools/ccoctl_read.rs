//! Reading the CredentialsRequests for the simulated ccoctl: `*.yaml`/`*.yml` files of a
//! directory, sorted, every document (YAML or JSON, read by serde-saphyr into the fields of
//! ccoctl's Go types); the delete and feature-set annotations skip a request (reference §4.2
//! step 2).

use std::path::{Path, PathBuf};

use super::Ctx;
use super::ccoctl::log;
use serde::Deserialize;

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

/// A document as ccoctl decodes it (the Go types' field names); what it does not use is
/// ignored, and a document of another kind is no request.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Document {
    kind: Option<String>,
    metadata: Metadata,
    spec: Spec,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Metadata {
    name: String,
    namespace: String,
    annotations: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Spec {
    secret_ref: SecretRef,
    provider_spec: Option<ProviderSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SecretRef {
    name: String,
    namespace: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct ProviderSpec {
    kind: Option<String>,
    statement_entries: Vec<Entry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entry {
    effect: String,
    action: Actions,
    resource: String,
}

/// `action` is a list in the Go type; a single string is read as a list of one.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Actions {
    One(String),
    Many(Vec<String>),
}

impl Default for Actions {
    fn default() -> Self {
        Actions::Many(Vec::new())
    }
}

impl CredReq {
    fn from_document(d: Document) -> Option<CredReq> {
        if d.kind.as_deref() != Some("CredentialsRequest") {
            return None;
        }
        let spec = d.spec.provider_spec;
        Some(CredReq {
            name: d.metadata.name,
            namespace: d.metadata.namespace,
            secret_name: d.spec.secret_ref.name,
            secret_ns: d.spec.secret_ref.namespace,
            provider_kind: spec.as_ref().and_then(|p| p.kind.clone()),
            statements: spec
                .map(|p| p.statement_entries)
                .unwrap_or_default()
                .into_iter()
                .map(|st| Statement {
                    effect: st.effect,
                    action: match st.action {
                        Actions::One(a) => vec![a],
                        Actions::Many(v) => v,
                    },
                    resource: st.resource,
                })
                .collect(),
            annotations: d.metadata.annotations.into_iter().collect(),
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
        let docs: Vec<Document> = serde_saphyr::from_multiple(&text)
            .map_err(|e| format!("Failed to decode file {}: {e}", f.display()))?;
        for cr in docs.into_iter().filter_map(CredReq::from_document) {
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn requests(text: &str) -> Result<Vec<CredReq>, serde_saphyr::Error> {
        let docs: Vec<Document> = serde_saphyr::from_multiple(text)?;
        Ok(docs
            .into_iter()
            .filter_map(CredReq::from_document)
            .collect())
    }

    #[test]
    fn reads_a_credentials_request_in_any_layout() {
        let a = "---\n# c\napiVersion: v1\nkind: CredentialsRequest\nmetadata:\n  annotations:\n    release.openshift.io/delete: \"true\"\n  name: x # trailing\nspec:\n  secretRef: {}\n  providerSpec:\n    statementEntries:\n    - action:\n      - ecs:A\n      - 'ecs:B'\n      effect: Allow\n      resource: '*'\n";
        let b = "kind: CredentialsRequest\nspec:\n    providerSpec:\n        statementEntries:\n            -   resource: \"*\"\n                effect: Allow\n                action: [ecs:A, \"ecs:B\"]\nmetadata:\n    name: x\n    annotations: {\"release.openshift.io/delete\": \"true\"}\n---\n{\"kind\": \"CredentialsRequest\", \"metadata\": {\"name\": \"j\"}}\n";
        let ra = requests(a).unwrap();
        let rb = requests(b).unwrap();
        assert_eq!(ra.len(), 1);
        assert_eq!(rb.len(), 2);
        for r in [&ra[0], &rb[0]] {
            assert_eq!(r.name, "x");
            let st = &r.statements[0];
            assert_eq!(st.action, vec!["ecs:A", "ecs:B"]);
            assert_eq!((st.resource.as_str(), st.effect.as_str()), ("*", "Allow"));
            assert_eq!(r.annotation("release.openshift.io/delete"), Some("true"));
        }
        assert_eq!(rb[1].name, "j");
    }

    #[test]
    fn one_action_reads_as_a_list_of_one_and_other_kinds_are_no_request() {
        let t = "kind: CredentialsRequest\nspec:\n  providerSpec:\n    statementEntries:\n    - action: ecs:A\n---\nkind: ConfigMap\n";
        let r = requests(t).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].statements[0].action, vec!["ecs:A"]);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(requests("a: [b, c\n").is_err());
        assert!(requests("a: b\n- c\n").is_err());
        assert!(requests("{not json").is_err());
        assert!(requests("").unwrap().is_empty());
        // A document that is not a mapping cannot be a request (ccoctl's decoder refuses it).
        assert!(requests("just text").is_err());
    }
}

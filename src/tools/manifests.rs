//! What ramwiz reads of the release's and the installer's YAML, as typed structs read by
//! serde-saphyr (panic-free on malformed input; errors say where): the CredentialsRequests
//! `oc adm release extract` writes, `credentialsMode` of install-config.yaml, and the
//! infrastructure name `openshift-install create manifests` writes. Fields ramwiz does not use
//! are ignored, so a release that adds fields still reads. Pure: text in, facts out.
//!
//! One file the user owns is also rewritten: install-config.yaml, to set `credentialsMode`.
//! That edit is line-preserving (see [`set_credentials_mode`]), not a re-serialisation: the
//! user's comments, key order and quoting stay as they wrote them.

use std::path::PathBuf;

use serde::Deserialize;

use crate::protocol::CredRequest;

/// A document of the CredentialsRequests directory, as far as ramwiz reads it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Document {
    kind: Option<String>,
    metadata: Metadata,
    spec: CrSpec,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Metadata {
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct CrSpec {
    secret_ref: SecretRef,
    provider_spec: ProviderSpec,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SecretRef {
    name: Option<String>,
    namespace: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ProviderSpec {
    kind: Option<String>,
}

/// Every CredentialsRequest of one file (a file may hold several documents, YAML or JSON; the
/// other documents are not requests and are skipped). A request without a complete
/// `spec.secretRef` names no Secret, so ccoctl writes nothing for it: it is skipped too.
/// Each document is read on its own: one that does not fit (a field of another type) is
/// skipped, not the whole file. An error is the file's YAML itself being broken.
pub fn credentials_requests(text: &str, file: PathBuf) -> Result<Vec<CredRequest>, String> {
    let docs: Vec<serde_json::Value> =
        serde_saphyr::from_multiple(text).map_err(|e| e.to_string())?;
    Ok(docs
        .into_iter()
        .filter_map(|v| serde_json::from_value::<Document>(v).ok())
        .filter(|d| d.kind.as_deref() == Some("CredentialsRequest"))
        .filter_map(|d| {
            let secret = d.spec.secret_ref;
            let (Some(ns), Some(name)) = (secret.namespace, secret.name) else {
                return None;
            };
            (!ns.is_empty() && !name.is_empty()).then(|| CredRequest {
                file: file.clone(),
                name: d.metadata.name.unwrap_or_default(),
                secret_namespace: ns,
                secret_name: name,
                alibaba: d.spec.provider_spec.kind.as_deref() == Some("AlibabaCloudProviderSpec"),
            })
        })
        .collect())
}

/// `<install dir>/manifests/cluster-infrastructure-02-config.yml`: the Infrastructure object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Infrastructure {
    status: InfrastructureStatus,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct InfrastructureStatus {
    infrastructure_name: Option<String>,
}

/// The cluster's infrastructure name, from the infrastructure manifest (`None` when the text
/// is not one, or names none).
pub fn infrastructure_name(config_yml: &str) -> Option<String> {
    serde_saphyr::from_str::<Infrastructure>(config_yml)
        .ok()?
        .status
        .infrastructure_name
        .filter(|n| !n.is_empty())
}

/// install-config.yaml, as far as ramwiz reads it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct InstallConfig {
    credentials_mode: Option<String>,
    metadata: Metadata,
}

/// `manifests/cluster-config.yaml`: the ConfigMap that holds the install-config the manifests
/// were made from.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ClusterConfig {
    data: ClusterConfigData,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ClusterConfigData {
    #[serde(rename = "install-config")]
    install_config: Option<String>,
}

/// How install-config.yaml is read: a later duplicate key wins (a hand edit that appends
/// `credentialsMode: Manual` below the shipped one means the later line; UNVERIFIED that
/// openshift-install's YAML reader agrees, but ramwiz's edit removes the duplicate anyway),
/// and a stream of documents is read for its first (a trailing `---` is common).
fn install_config_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
    }
}

/// The first document of `text`, read as `T`.
fn first_document<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<Option<T>, serde_saphyr::Error> {
    let docs: Vec<T> = serde_saphyr::from_multiple_with_options(text, install_config_options())?;
    Ok(docs.into_iter().next())
}

/// The `credentialsMode` an install-config.yaml sets (`None`: it sets none, or it does not
/// read as a YAML mapping; the edit then says where it stopped).
pub fn credentials_mode(install_config: &str) -> Option<String> {
    first_document::<InstallConfig>(install_config)
        .ok()
        .flatten()?
        .credentials_mode
}

/// The cluster's name (`metadata.name`) an install-config.yaml sets.
pub fn cluster_name(install_config: &str) -> Option<String> {
    first_document::<InstallConfig>(install_config)
        .ok()
        .flatten()?
        .metadata
        .name
        .filter(|n| !n.is_empty())
}

/// The install-config that `manifests/cluster-config.yaml` embeds.
pub fn embedded_install_config(cluster_config: &str) -> Option<String> {
    serde_saphyr::from_str::<ClusterConfig>(cluster_config)
        .ok()?
        .data
        .install_config
}

/// Where the YAML library stopped, without its text: install-config.yaml holds the pull
/// secret, and a library message may quote the lines around the error.
fn where_unreadable(e: &serde_saphyr::Error) -> String {
    match e.location() {
        Some(l) => crate::strings::yaml_at(l.line(), l.column()),
        None => crate::strings::YAML_BAD().to_owned(),
    }
}

/// A top-level `credentialsMode` line (the key plain or quoted).
fn is_mode_line(l: &str) -> bool {
    [
        "credentialsMode:",
        "\"credentialsMode\":",
        "'credentialsMode':",
    ]
    .iter()
    .any(|k| l.starts_with(k))
}

/// Where a new top-level key can go: before the first top-level line that is not a comment,
/// a directive or a document marker (so never after a trailing block scalar such as `sshKey: |`).
fn first_key_line(lines: &[&str]) -> usize {
    lines
        .iter()
        .position(|l| {
            let t = l.trim_end();
            !(t.is_empty()
                || t.starts_with('#')
                || t.starts_with('%')
                || t == "---"
                || l.starts_with([' ', '\t']))
        })
        .unwrap_or(lines.len())
}

/// install-config.yaml with `credentialsMode: <mode>` set, every other line as it was.
///
/// Why by lines: the file is the user's, often commented and hand-ordered; a YAML library
/// would rewrite all of it. Only one top-level key changes: the first top-level
/// `credentialsMode` line is replaced (any later duplicate goes), or, when there is none, the
/// key is added before the first top-level key. The result is then read back with the YAML
/// library and must say exactly what the original said but for that key; when it does not (a
/// flow-style or JSON file, a value on several lines), nothing is written and the caller says
/// to set it by hand.
pub fn set_credentials_mode(install_config: &str, mode: &str) -> Result<String, String> {
    let new_line = format!("credentialsMode: {mode}");
    let mut lines: Vec<&str> = install_config.lines().collect();
    match lines.iter().position(|l| is_mode_line(l)) {
        Some(i) => {
            lines[i] = &new_line;
            let mut seen = false;
            lines.retain(|l| {
                let dup = is_mode_line(l) && seen;
                seen |= is_mode_line(l);
                !dup
            });
        }
        None => {
            let at = first_key_line(&lines);
            lines.insert(at, &new_line);
        }
    }
    let out: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let read =
        |t: &str| -> Result<serde_json::Map<String, serde_json::Value>, serde_saphyr::Error> {
            Ok(match first_document::<serde_json::Value>(t)? {
                Some(serde_json::Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            })
        };
    let mut before = read(install_config).map_err(|e| where_unreadable(&e))?;
    if before.is_empty() {
        return Err(crate::strings::YAML_NOT_MAPPING().to_owned());
    }
    let refused = || crate::strings::YAML_LAYOUT().to_owned();
    let mut after = read(&out).map_err(|_| refused())?;
    let set = after.remove("credentialsMode");
    before.remove("credentialsMode");
    if set.as_ref().and_then(|v| v.as_str()) != Some(mode) || before != after {
        return Err(refused());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CR: &str = "apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: openshift-machine-api-alibabacloud\n  namespace: openshift-cloud-credential-operator\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AlibabaCloudProviderSpec\n  secretRef:\n    namespace: openshift-machine-api\n    name: alibabacloud-credentials\n";

    #[test]
    fn a_file_of_several_documents_gives_each_request() {
        let two = format!("{CR}---\nkind: ConfigMap\nmetadata:\n  name: x\n---\n{CR}");
        let rs = credentials_requests(&two, "f.yaml".into()).unwrap();
        assert_eq!(rs.len(), 2);
        assert!(
            rs.iter()
                .all(|r| r.alibaba && r.secret_name == "alibabacloud-credentials")
        );
    }

    #[test]
    fn json_requests_read_as_yaml_does() {
        let json = r#"{"kind":"CredentialsRequest","metadata":{"name":"n"},
            "spec":{"secretRef":{"name":"s","namespace":"ns"},"providerSpec":{"kind":"AWSProviderSpec"}}}"#;
        let rs = credentials_requests(json, "f.json".into()).unwrap();
        assert_eq!(rs.len(), 1);
        assert_eq!(
            (rs[0].secret_namespace.as_str(), rs[0].alibaba),
            ("ns", false)
        );
    }

    #[test]
    fn malformed_yaml_is_an_error_not_a_panic() {
        let e = credentials_requests("kind: [unclosed\n", "f.yaml".into()).unwrap_err();
        assert!(!e.is_empty());
    }

    #[test]
    fn credentials_mode_is_the_top_level_key_only() {
        let nested = "platform:\n  alibabacloud:\n    credentialsMode: Manual\n";
        assert_eq!(credentials_mode(nested), None);
        assert_eq!(
            credentials_mode("apiVersion: v1\ncredentialsMode: Mint # as shipped\n").as_deref(),
            Some("Mint")
        );
        assert_eq!(credentials_mode("- not a mapping\n"), None);
    }

    #[test]
    fn setting_the_mode_keeps_every_other_line_and_comment() {
        let text =
            "# my cluster\napiVersion: v1\ncredentialsMode: Mint\nbaseDomain: example.com # ours\n";
        let out = set_credentials_mode(text, "Manual").unwrap();
        assert_eq!(
            out,
            "# my cluster\napiVersion: v1\ncredentialsMode: Manual\nbaseDomain: example.com # ours\n"
        );
        assert_eq!(credentials_mode(&out).as_deref(), Some("Manual"));
    }

    #[test]
    fn an_unreadable_install_config_is_located_but_never_quoted() {
        let text = "pullSecret: '{\"auths\": {\"x\": {\"auth\": \"c2VjcmV0\"}}}'\nbad: [unclosed\n";
        let e = set_credentials_mode(text, "Manual").unwrap_err();
        assert!(e.starts_with("not valid YAML"), "{e}");
        assert!(!e.contains("c2VjcmV0") && !e.contains("auths"), "{e}");
    }

    #[test]
    fn a_missing_mode_goes_before_the_first_key_never_after_a_trailing_block_scalar() {
        let text = "# header\n---\napiVersion: v1\nsshKey: |\n  ssh-ed25519 AAAA me@host";
        let out = set_credentials_mode(text, "Manual").unwrap();
        assert_eq!(
            out,
            "# header\n---\ncredentialsMode: Manual\napiVersion: v1\nsshKey: |\n  ssh-ed25519 AAAA me@host\n"
        );
    }

    #[test]
    fn duplicates_and_quoted_keys_are_one_key_and_a_trailing_marker_is_no_second_file() {
        let dup = "apiVersion: v1\ncredentialsMode: Mint\ncredentialsMode: Manual\n---\n";
        assert_eq!(credentials_mode(dup).as_deref(), Some("Manual"));
        let out = set_credentials_mode(
            "credentialsMode: Mint\nx: 1\ncredentialsMode: Mint\n",
            "Manual",
        )
        .unwrap();
        assert_eq!(out, "credentialsMode: Manual\nx: 1\n");
        let quoted = set_credentials_mode("\"credentialsMode\": Mint\nx: 1\n", "Manual").unwrap();
        assert_eq!(quoted, "credentialsMode: Manual\nx: 1\n");
    }

    #[test]
    fn a_document_that_does_not_fit_is_skipped_not_its_whole_file() {
        let odd = format!("kind: CredentialsRequest\nmetadata:\n  name: [not, a, name]\n---\n{CR}");
        let rs = credentials_requests(&odd, "f.yaml".into()).unwrap();
        assert_eq!(rs.len(), 1);
    }

    #[test]
    fn a_file_that_cannot_be_edited_by_lines_is_refused() {
        let flow = "{apiVersion: v1, baseDomain: example.com}\n";
        assert!(set_credentials_mode(flow, "Manual").is_err());
        let json = "{\"apiVersion\": \"v1\", \"credentialsMode\": \"Mint\"}\n";
        assert!(set_credentials_mode(json, "Manual").is_err());
        let folded = "apiVersion: v1\ncredentialsMode:\n  Mint\n";
        assert_eq!(
            set_credentials_mode(folded, "Manual").unwrap_err(),
            "the file's layout cannot be edited line by line"
        );
    }
}

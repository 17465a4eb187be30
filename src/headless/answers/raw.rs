//! The answers file as TOML sees it: every table and key, with its type, checked against the
//! schema before anything is read (an unknown key gets a "did you mean").

use serde::Deserialize;

use super::{AnswersError, SCHEMA, err};
use crate::strings::apply as s;

#[derive(Debug, Default, Deserialize)]
pub(super) struct Raw {
    pub(super) mode: Option<String>,
    pub(super) orphans: Option<String>,
    #[serde(default)]
    pub(super) signin: RawSignIn,
    #[serde(default)]
    pub(super) user: RawUser,
    #[serde(default)]
    pub(super) key: RawKey,
    #[serde(default)]
    pub(super) policy: RawPolicy,
    #[serde(default)]
    pub(super) ccoctl: RawCcoctl,
    #[serde(default)]
    pub(super) provision: RawProvision,
    #[serde(default)]
    pub(super) install_config: RawInstallConfig,
    #[serde(default)]
    pub(super) recover: RawRecover,
    #[serde(default)]
    pub(super) teardown: RawTeardown,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawSignIn {
    pub(super) source: Option<String>,
    pub(super) profile: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawUser {
    pub(super) name: Option<String>,
    pub(super) display_name: Option<String>,
    pub(super) comments: Option<String>,
    pub(super) if_exists: Option<String>,
    pub(super) if_missing: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawKey {
    pub(super) file: Option<String>,
    pub(super) profile: Option<String>,
    pub(super) keyring: Option<bool>,
    pub(super) replace_profile: Option<bool>,
    pub(super) move_signed_in_to: Option<String>,
    pub(super) old_key: Option<String>,
    pub(super) retire: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawPolicy {
    pub(super) kind: Option<String>,
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) delete_policy_version: Option<bool>,
    pub(super) update_existing: Option<bool>,
    pub(super) rotate_oldest: Option<bool>,
    pub(super) detach_other: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawCcoctl {
    pub(super) openshift_install: Option<String>,
    pub(super) oc: Option<String>,
    pub(super) pull_secret: Option<String>,
    pub(super) dir: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawProvision {
    pub(super) name: Option<String>,
    pub(super) region: Option<String>,
    pub(super) credentials_requests_dir: Option<String>,
    pub(super) output_dir: Option<String>,
    pub(super) install_dir: Option<String>,
    pub(super) run_again: Option<bool>,
    pub(super) overwrite_manifests: Option<bool>,
    pub(super) set_manual_mode: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawInstallConfig {
    pub(super) base_domain: Option<String>,
    pub(super) cluster_name: Option<String>,
    pub(super) region: Option<String>,
    pub(super) pull_secret: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawRecover {
    pub(super) user: Option<String>,
    pub(super) key_id: Option<String>,
    pub(super) profile: Option<String>,
    pub(super) old_key: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawTeardown {
    pub(super) name: Option<String>,
    pub(super) region: Option<String>,
    pub(super) ccoctl: Option<String>,
}

/// The closest known key, for "did you mean".
fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn unknown(key: &str, known: &[&str], last: &str) -> AnswersError {
    let hint = match closest(last, known) {
        Some(k) => format!(" ({} `{k}`?)", s::A_DID_YOU_MEAN()),
        None => format!(" ({} {})", s::A_KNOWN_HERE(), known.join(", ")),
    };
    err(key, format!("{}{hint}", s::A_UNKNOWN_KEY()))
}

/// The keys whose value is true or false (every other value is text).
const BOOL_KEYS: &[&str] = &[
    "key.keyring",
    "key.replace_profile",
    "policy.delete_policy_version",
    "policy.update_existing",
    "policy.rotate_oldest",
    "policy.detach_other",
    "provision.run_again",
    "provision.overwrite_manifests",
    "provision.set_manual_mode",
];

/// A value of the wrong type, named by its key.
fn check_type(key: &str, v: &toml::Value) -> Result<(), AnswersError> {
    match (BOOL_KEYS.contains(&key), v) {
        (true, toml::Value::Boolean(_)) | (false, toml::Value::String(_)) => Ok(()),
        (true, _) => Err(err(key, s::A_MUST_BE_BOOL())),
        (false, _) => Err(err(key, s::A_MUST_BE_TEXT())),
    }
}

/// Every key of the file must be in [`SCHEMA`], with a value of its type.
pub(super) fn check_keys(table: &toml::Table) -> Result<(), AnswersError> {
    let tables: Vec<&str> = SCHEMA
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| !t.is_empty())
        .collect();
    for (k, v) in table {
        if let Some((_, keys)) = SCHEMA.iter().find(|(t, _)| !t.is_empty() && *t == k) {
            let Some(inner) = v.as_table() else {
                return Err(err(k, s::A_MUST_BE_TABLE()));
            };
            for (ik, iv) in inner {
                let full = format!("{k}.{ik}");
                if !keys.contains(&ik.as_str()) {
                    return Err(unknown(&full, keys, ik));
                }
                check_type(&full, iv)?;
            }
        } else if k == "mode" {
            check_type(k, v)?;
        } else {
            let mut known = tables.clone();
            known.push("mode");
            return Err(unknown(k, &known, k));
        }
    }
    Ok(())
}

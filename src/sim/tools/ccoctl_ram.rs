//! The RAM work of the simulated ccoctl: reading the CredentialsRequests, the create-ram-users
//! sequence (reference §4.2: user, policy, attachment, AccessKey with rotation, Secret
//! manifest) and the delete-ram-users sequence (§4.6), with the real tool's log lines and
//! error texts (§4.4: Go SDK `SDK.ServerError` rendering, pkg/errors wrapping).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Ctx;
use super::ccoctl::{fatal, log};
use super::yaml::{Yaml, parse_documents};
use crate::cloud::actions::*;
use crate::cloud::{Action, Client, CloudError};

const POLICY_TYPE: &str = "Custom";
const ROTATE: &str = "DeleteOldestNonDefaultVersionWhenLimitExceeded";
const COMMENT_PREFIX: &str = "openshift.io/ccoctl";

/// The RAM client, or why there is none (no endpoint: the call fails like an unreachable one).
pub(super) struct Ram {
    client: Result<Client, String>,
}

impl Ram {
    pub fn new(client: Result<Client, String>) -> Self {
        Self { client }
    }

    async fn call<A: Action>(&self, req: &A) -> Result<A::Response, CloudError> {
        match &self.client {
            Ok(c) => c.call(req).await,
            Err(why) => Err(CloudError::Transport {
                action: A::NAME,
                endpoint: crate::cloud::endpoint::RAM_DEFAULT.to_owned(),
                detail: why.clone(),
                maybe_applied: false,
            }),
        }
    }
}

/// How the Go SDK prints an error.
pub(super) fn sdk(e: &CloudError) -> String {
    match (e.api(), e) {
        (Some(a), _) => format!(
            "SDK.ServerError\nErrorCode: {}\nRecommend: {}\nRequestId: {}\nMessage: {}",
            a.code,
            a.recommend.as_deref().unwrap_or(""),
            a.request_id.as_deref().unwrap_or(""),
            a.message
        ),
        (None, CloudError::Transport { detail, .. }) => {
            format!("[SDK.ServerUnreachable] Server unreachable: {detail}")
        }
        (None, other) => format!("[SDK.ClientError] {other}"),
    }
}

fn code(e: &CloudError) -> &str {
    e.code().unwrap_or("")
}

fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

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

/// What `create-ram-users` was asked to do.
pub(super) struct CreateJob {
    pub name: String,
    pub cr_dir: PathBuf,
    pub target: PathBuf,
    pub tech_preview: bool,
}

/// A failure inside one CredentialsRequest: wrapped by the callers, or fatal on the spot.
enum Fail {
    Wrap(String),
    Fatal(String),
}

pub(super) async fn create(ctx: &Ctx, ram: Ram, job: CreateJob) -> u8 {
    let crs = match load_crs(ctx, &job.cr_dir, job.tech_preview) {
        Ok(c) => c,
        Err(e) => {
            return fatal(
                ctx,
                &format!("Failed to process files containing CredentialsRequests: {e}"),
            );
        }
    };
    for (i, cr) in crs.iter().enumerate() {
        if ctx.faults.ccoctl_die_after == Some(i) {
            std::process::exit(137);
        }
        match create_one(ctx, &ram, &job, cr).await {
            Ok(()) => {}
            Err(Fail::Fatal(m)) => return fatal(ctx, &m),
            Err(Fail::Wrap(m)) => {
                return fatal(
                    ctx,
                    &format!(
                        "Failed while processing each CredentialsRequest: Failed to create user and attach policy for CredentialsRequest {}: {m}",
                        cr.name
                    ),
                );
            }
        }
    }
    0
}

async fn create_one(ctx: &Ctx, ram: &Ram, job: &CreateJob, cr: &CredReq) -> Result<(), Fail> {
    let name = &job.name;
    let policy = format!(
        "{}-policy",
        cut(
            &format!("{name}-{}-{}-policy", cr.secret_ns, cr.secret_name),
            121
        )
    );
    if cr.provider_kind.as_deref() != Some("AlibabaCloudProviderSpec") {
        return Err(Fail::Wrap(format!(
            "CredentialsRequest {}/{} is not of type Alibaba Cloud",
            cr.namespace, cr.name
        )));
    }
    // a. the user
    let full = format!("{name}-{}-{}", cr.secret_ns, cr.secret_name);
    let user = cut(&full, 64);
    let created = ram
        .call(&CreateUser {
            user_name: user.clone(),
            display_name: Some(cut(&format!("ccoctl user for {full}"), 128)),
            comments: Some(format!("{COMMENT_PREFIX}/{name}")),
            ..CreateUser::default()
        })
        .await;
    let user = match created {
        Ok(r) => {
            log(ctx, &format!("Created RAM User: {}", r.user.user_name));
            r.user.user_name
        }
        Err(e) if code(&e) == "EntityAlreadyExists.User" => {
            log(ctx, &format!("RAM User {user} already exists, continuing"));
            user
        }
        Err(e) => {
            return Err(Fail::Wrap(format!(
                "Failed while creating RAM User: Failed to create RAM user: {}",
                sdk(&e)
            )));
        }
    };
    // b. the policy
    let statements: Vec<serde_json::Value> = cr
        .statements
        .iter()
        .map(
            |s| serde_json::json!({"Effect": s.effect, "Action": s.action, "Resource": s.resource}),
        )
        .collect();
    let document = serde_json::json!({"Version": "1", "Statement": statements}).to_string();
    let got = ram
        .call(&GetPolicy {
            policy_name: policy.clone(),
            policy_type: POLICY_TYPE.into(),
        })
        .await;
    match got {
        Ok(_) => {
            ram.call(&CreatePolicyVersion {
                policy_name: policy.clone(),
                policy_document: document,
                set_as_default: Some(true),
                rotate_strategy: Some(ROTATE.into()),
            })
            .await
            .map_err(|e| Fail::Wrap(sdk(&e)))?;
        }
        Err(e) if code(&e) == "EntityNotExist.Policy" => {
            log(ctx, &format!("Ready for creating new ram policy {policy}"));
            ram.call(&CreatePolicy {
                policy_name: policy.clone(),
                policy_document: document,
                description: Some("Created by OpenShift ccoctl".into()),
            })
            .await
            .map_err(|e| {
                Fail::Fatal(format!(
                    "Failed to create new ram policy {policy}, err is {}",
                    sdk(&e)
                ))
            })?;
        }
        Err(e) => {
            return Err(Fail::Fatal(format!(
                "Failed to create new ram policy {policy}, err is {}",
                sdk(&e)
            )));
        }
    }
    log(ctx, &format!("RAM policy {policy} has created"));
    // c. the attachment
    let attached = ram
        .call(&AttachPolicyToUser {
            policy_type: POLICY_TYPE.into(),
            policy_name: policy.clone(),
            user_name: user.clone(),
        })
        .await;
    match attached {
        Ok(_) => {}
        Err(e) if code(&e) == "EntityAlreadyExists.User.Policy" => {}
        Err(e) => return Err(Fail::Wrap(sdk(&e))),
    }
    log(ctx, &format!("Policy {policy} has attached on user {user}"));
    // d. the AccessKey
    let (id, secret) = access_key(ctx, ram, &user)
        .await
        .map_err(|m| Fail::Wrap(format!("Failed to generate RAM User access keys: {m}")))?;
    // e. the Secret manifest
    let file = job.target.join("manifests").join(format!(
        "{}-{}-credentials.yaml",
        cr.secret_ns, cr.secret_name
    ));
    let body = format!(
        "apiVersion: v1\nstringData:\n  credentials: |-\n    [default]\n    type = access_key\n    access_key_id = {id}\n    access_key_secret = {}\nkind: Secret\nmetadata:\n  name: {}\n  namespace: {}\ntype: Opaque",
        secret.expose(),
        cr.secret_name,
        cr.secret_ns
    );
    write_private(&file, body.as_bytes()).map_err(|e| {
        Fail::Wrap(format!(
            "Failed to save Secret for install manifests: Failed to save Secret file: open {}: {e}",
            file.display()
        ))
    })?;
    log(
        ctx,
        &format!("Saved credentials configuration to: {}", file.display()),
    );
    Ok(())
}

/// `ioutil.WriteFile(path, data, 0600)`: mode 0600 when created, truncated when it exists.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        o.mode(0o600);
    }
    o.open(path)?.write_all(bytes)
}

/// CreateAccessKey, rotating on `LimitExceeded.User.AccessKey`: every non-Active key and the
/// older of the two are deleted first.
async fn access_key(
    ctx: &Ctx,
    ram: &Ram,
    user: &str,
) -> Result<(String, crate::creds::Secret), String> {
    let req = CreateAccessKey {
        user_name: user.to_owned(),
    };
    match ram.call(&req).await {
        Ok(r) => {
            log(ctx, &format!("Created access keys for RAM User: {user}"));
            return Ok((r.access_key.access_key_id, r.access_key.access_key_secret));
        }
        Err(e) if code(&e) == "LimitExceeded.User.AccessKey" => {}
        Err(e) => {
            return Err(format!(
                "Failed to create RAM user access keys: {}",
                sdk(&e)
            ));
        }
    }
    log(
        ctx,
        &format!(
            "RAM User {user}'s accesskey number limit exceeded, will delete original accesskeys"
        ),
    );
    let keys = ram
        .call(&ListAccessKeys {
            user_name: user.to_owned(),
        })
        .await
        .map_err(|e| format!("Failed to list accesskeys: {}", sdk(&e)))?
        .access_keys
        .access_key;
    let mut doomed: Vec<String> = keys
        .iter()
        .filter(|k| k.status != "Active")
        .map(|k| k.access_key_id.clone())
        .collect();
    if let Some(older) = keys.iter().min_by(|a, b| a.create_date.cmp(&b.create_date)) {
        doomed.push(older.access_key_id.clone());
    }
    for id in doomed {
        log(ctx, &format!("Ready to delete user {user} accesskey {id}"));
        ram.call(&DeleteAccessKey {
            user_access_key_id: id,
            user_name: user.to_owned(),
        })
        .await
        .map_err(|e| sdk(&e))?;
    }
    let r = ram.call(&req).await.map_err(|e| sdk(&e))?;
    log(ctx, &format!("Created access keys for RAM User: {user}"));
    Ok((r.access_key.access_key_id, r.access_key.access_key_secret))
}

pub(super) async fn delete(ctx: &Ctx, ram: Ram, name: String) -> u8 {
    match delete_all(ctx, &ram, &name).await {
        Ok(()) => 0,
        Err(m) => fatal(ctx, &m),
    }
}

async fn delete_all(ctx: &Ctx, ram: &Ram, name: &str) -> Result<(), String> {
    let tag = format!("{COMMENT_PREFIX}/{name}");
    let listed = ram
        .call(&ListUsers::default())
        .await
        .map_err(|e| format!("Failed to find users to delete: {}", sdk(&e)))?;
    let mut users = Vec::new();
    for u in listed.users.user {
        if u.comments.as_deref() == Some(tag.as_str()) {
            log(ctx, &format!("Find ram user {} to delete", u.user_name));
            users.push(u.user_name);
        }
    }
    for user in users {
        let policies = match ram
            .call(&ListPoliciesForUser {
                user_name: user.clone(),
            })
            .await
        {
            Ok(r) => r.policies.policy,
            Err(e) if code(&e) == "EntityNotExist.User" => {
                log(ctx, &format!("Ram user {user} has already deleted"));
                continue;
            }
            Err(e) => {
                return Err(format!(
                    "Failed to list ram policies for component user: {}",
                    sdk(&e)
                ));
            }
        };
        for p in policies {
            let detached = ram
                .call(&DetachPolicyFromUser {
                    policy_type: POLICY_TYPE.into(),
                    policy_name: p.policy_name.clone(),
                    user_name: user.clone(),
                })
                .await;
            match detached {
                Ok(_) => {}
                Err(e) if code(&e) == "EntityNotExist.Policy" => {
                    log(
                        ctx,
                        &format!("Ram policy {} has already deleted", p.policy_name),
                    );
                    continue;
                }
                Err(e) => {
                    return Err(format!(
                        "Failed to detach ram policy from user: {}",
                        sdk(&e)
                    ));
                }
            }
            delete_policy(ctx, ram, &p.policy_name).await.map_err(|e| {
                format!("Failed to delete component ram policy after detaching from user please clean up leaked policy manually: {e}")
            })?;
        }
        let keys = ram
            .call(&ListAccessKeys {
                user_name: user.clone(),
            })
            .await
            .map_err(|e| {
                format!(
                    "Failed to delete component user: Failed to list accesskeys: {}",
                    sdk(&e)
                )
            })?;
        for k in keys.access_keys.access_key {
            log(
                ctx,
                &format!("Ready to delete user {user} accesskey {}", k.access_key_id),
            );
            ram.call(&DeleteAccessKey {
                user_access_key_id: k.access_key_id,
                user_name: user.clone(),
            })
            .await
            .map_err(|e| format!("Failed to delete component user: {}", sdk(&e)))?;
        }
        ram.call(&DeleteUser {
            user_name: user.clone(),
        })
        .await
        .map_err(|e| format!("Failed to delete component user: {}", sdk(&e)))?;
    }
    Ok(())
}

async fn delete_policy(ctx: &Ctx, ram: &Ram, policy: &str) -> Result<(), String> {
    let versions = ram
        .call(&ListPolicyVersions {
            policy_name: policy.to_owned(),
            policy_type: POLICY_TYPE.into(),
        })
        .await
        .map_err(|e| sdk(&e))?;
    for v in versions.policy_versions.policy_version {
        if !v.is_default_version {
            ram.call(&DeletePolicyVersion {
                policy_name: policy.to_owned(),
                version_id: v.version_id.clone(),
            })
            .await
            .map_err(|e| sdk(&e))?;
            log(
                ctx,
                &format!("Version {} of policy {policy} removed", v.version_id),
            );
        }
    }
    match ram
        .call(&DeletePolicy {
            policy_name: policy.to_owned(),
            cascading_delete: None,
        })
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if code(&e) == "DeleteConflict.Policy.User" => Ok(()),
        Err(e) => Err(sdk(&e)),
    }
}

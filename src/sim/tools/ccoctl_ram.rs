//! The RAM work of the simulated ccoctl: reading the CredentialsRequests, the create-ram-users
//! sequence (reference §4.2: user, policy, attachment, AccessKey with rotation, Secret
//! manifest) with the real tool's log lines and error texts (§4.4: Go SDK `SDK.ServerError`
//! rendering, pkg/errors wrapping), and the RAM client both commands share.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Ctx;
use super::ccoctl::{fatal, log};
use super::ccoctl_read::{CredReq, load_crs};
use crate::cloud::actions::*;
use crate::cloud::{Action, Client, CloudError};

pub(super) const POLICY_TYPE: &str = "Custom";
const ROTATE: &str = "DeleteOldestNonDefaultVersionWhenLimitExceeded";
pub(super) const COMMENT_PREFIX: &str = "openshift.io/ccoctl";

/// The RAM client, or why there is none (no endpoint: the call fails like an unreachable one).
pub(super) struct Ram {
    client: Result<Client, String>,
}

impl Ram {
    pub fn new(client: Result<Client, String>) -> Self {
        Self { client }
    }

    pub(super) async fn call<A: Action>(&self, req: &A) -> Result<A::Response, CloudError> {
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

pub(super) fn code(e: &CloudError) -> &str {
    e.code().unwrap_or("")
}

fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
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
) -> Result<(String, crate::secret::Secret), String> {
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

//! `ccoctl alibabacloud delete-ram-users` (reference §4.6): one ListUsers, users selected by
//! their Comments tag, every attached policy detached and deleted (non-default versions
//! first), the AccessKeys deleted, then the user; the real tool's log lines and errors.

use super::Ctx;
use super::ccoctl::{fatal, log};
use super::ccoctl_ram::{COMMENT_PREFIX, POLICY_TYPE, Ram, code, sdk};
use crate::cloud::actions::*;

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

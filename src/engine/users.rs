//! Jobs of the user step: create a user (reconciling a lost answer with GetUser), list every
//! user page by page, and load one user's keys, policies and the local profiles that hold them.

use std::path::Path;
use std::sync::Arc;

use super::{Reporter, Shared, report, session};
use crate::cloud::CloudError;
use crate::cloud::actions::{CreateUser, GetUser, ListAccessKeys, ListPoliciesForUser, ListUsers};
use crate::creds::ini;
use crate::protocol::{JobOutput, Outcome, Partial, UserDetails};
use crate::strings;

pub async fn create(
    shared: Arc<Shared>,
    name: String,
    display_name: String,
    comments: String,
    r: Reporter,
) {
    let req = CreateUser {
        user_name: name.clone(),
        display_name: Some(display_name),
        comments: (!comments.is_empty()).then_some(comments),
        ..Default::default()
    };
    if let Some(log) = shared.config.dry_run.clone() {
        return super::dry::create_user(shared, log, req, r).await;
    }
    let outcome = async {
        let client = session(&shared).await?;
        let mut rounds = 0;
        loop {
            match client.call(&req).await {
                Ok(resp) => {
                    // Made now by this run: nothing else can have given it a key or a policy.
                    shared.known.created_user(&resp.user.user_name);
                    break Ok(resp.user);
                }
                // The answer was lost, or the server failed without saying whether it acted:
                // GetUser decides; the user is created again only if it is not there.
                Err(e) if e.maybe_applied() && rounds < super::RECONCILE_ROUNDS => {
                    rounds += 1;
                    tracing::warn!(user = %name, error = %e, "CreateUser may have happened; GetUser decides");
                    let found = client
                        .call(&GetUser {
                            user_name: name.clone(),
                        })
                        .await;
                    match found {
                        Ok(g) => break Ok(g.user),
                        Err(g) if g.code() == Some("EntityNotExist.User") => continue,
                        Err(_) => break Err(e),
                    }
                }
                Err(e) => break Err(e),
            }
        }
    }
    .await;
    r.finish(match outcome {
        Ok(user) => {
            if let Some(j) = &shared.journal {
                j.record("user_created", &[("user", &user.user_name)]);
            }
            Outcome::Done(JobOutput::UserCreated(user))
        }
        Err(e) => Outcome::Failed(report(strings::USER_STEP_FAILED(), &e)),
    });
}

pub async fn list(shared: Arc<Shared>, r: Reporter) {
    let outcome = async {
        let client = session(&shared).await?;
        let mut marker = None;
        loop {
            let page = client
                .call(&ListUsers {
                    marker: marker.take(),
                    max_items: Some(1000),
                })
                .await?;
            r.partial(Partial::Users(page.users.user));
            match page.marker.filter(|m| page.is_truncated && !m.is_empty()) {
                Some(m) => marker = Some(m),
                None => return Ok(()),
            }
        }
    }
    .await;
    r.finish(match outcome {
        Ok(()) => Outcome::Done(JobOutput::UsersLoaded),
        Err(e) => Outcome::Failed(report(strings::USER_STEP_FAILED(), &e)),
    });
}

/// (profile, AccessKey ID) of every profile of a credentials file; empty if it cannot be read.
pub fn local_profiles(file: &Path) -> Vec<(String, String)> {
    let Ok(bytes) = crate::files::read(file, crate::files::Limit::Credentials) else {
        return Vec::new();
    };
    let Ok(doc) = ini::parse_bytes(&bytes) else {
        return Vec::new();
    };
    doc.sections
        .iter()
        .filter_map(|s| {
            s.get("access_key_id")
                .map(|id| (s.name.clone(), id.to_owned()))
        })
        .collect()
}

pub async fn details(shared: Arc<Shared>, user: String, file: std::path::PathBuf, r: Reporter) {
    let outcome = async {
        let client = session(&shared).await?;
        let (list_keys, list_policies) = (
            ListAccessKeys {
                user_name: user.clone(),
            },
            ListPoliciesForUser {
                user_name: user.clone(),
            },
        );
        // A user this run just created has neither: nothing to ask.
        let (keys, policies) = if shared.known.is_fresh(&user) {
            (Ok(Vec::new()), Ok(Vec::new()))
        } else {
            let (k, p) = tokio::join!(client.call(&list_keys), client.call(&list_policies));
            (
                k.map(|k| k.access_keys.access_key),
                p.map(|p| p.policies.policy),
            )
        };
        let keyring = shared.keyring.lock().ok().and_then(|k| k.clone());
        let local = tokio::task::spawn_blocking(move || {
            let mut local = local_profiles(&file);
            if let Some(kr) = keyring
                && let Ok(list) = kr.list()
            {
                local.extend(list.into_iter().map(|(p, id)| (format!("keyring:{p}"), id)));
            }
            local
        })
        .await
        .unwrap_or_default();
        Ok::<_, CloudError>(UserDetails {
            user: user.clone(),
            keys: keys?,
            policies: policies?,
            local_profiles: local,
        })
    }
    .await;
    r.finish(match outcome {
        Ok(d) => Outcome::Done(JobOutput::UserDetails(d)),
        Err(e) => Outcome::Failed(report(strings::USER_STEP_FAILED(), &e)),
    });
}

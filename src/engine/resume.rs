//! Resuming an interrupted run: the journal says what was done; each step is checked again
//! against the cloud and the disk (the user exists, the saved key works as that user, the
//! policy is attached, ccoctl is where it was) before the wizard continues after it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Reporter, Shared, last_run, report, session};
use crate::cloud::CloudError;
use crate::cloud::actions::{GetCallerIdentity, GetUser, ListPoliciesForUser};
use crate::creds::{SourceRef, sources};
use crate::protocol::{JobOutput, Outcome, PolicyPlan, ResumeOffer, ResumePoint};
use crate::strings;

fn has_manifests(output_dir: &str) -> bool {
    std::fs::read_dir(Path::new(output_dir).join("manifests"))
        .map(|d| {
            d.filter_map(Result::ok).any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with("-credentials.yaml")
            })
        })
        .unwrap_or(false)
}

pub async fn check_journal(shared: Arc<Shared>, r: Reporter) {
    let Some(journal) = shared.journal.clone() else {
        r.finish(Outcome::Done(JobOutput::ResumeOffer(None)));
        return;
    };
    let offer = tokio::task::spawn_blocking(move || {
        let record = last_run(&journal.entries())?;
        if record.replaces.is_some() {
            return (!record.finished()).then(|| {
                Box::new(ResumeOffer {
                    record,
                    manifests_gone: false,
                })
            });
        }
        let manifests_gone = match &record.provisioned {
            Some(p) if has_manifests(&p[2]) => return None, // finished, and its manifests are there
            Some(_) => true,
            None => false,
        };
        Some(Box::new(ResumeOffer {
            record,
            manifests_gone,
        }))
    })
    .await
    .unwrap_or(None);
    r.finish(Outcome::Done(JobOutput::ResumeOffer(offer)));
}

/// Whether profile `profile` of `file` holds key `key_id` and it signs as RAM user `user` of
/// account `account` (one signed call, so the key exists and is Active): its credentials and
/// who it is.
async fn held_key_works(
    shared: &Shared,
    client: &crate::cloud::Client,
    user: &str,
    account: Option<&str>,
    key_id: &str,
    file: &str,
    profile: &str,
) -> Option<(
    crate::cloud::Credentials,
    crate::cloud::model::CallerIdentity,
)> {
    let source = SourceRef::Profile {
        path: PathBuf::from(file),
        name: profile.to_owned(),
    };
    let loc = shared.config.locations.clone();
    let creds = tokio::task::spawn_blocking(move || sources::resolve(&loc, &source))
        .await
        .ok()
        .and_then(Result::ok)
        .filter(|r| r.roles.is_empty() && r.creds.access_key_id == key_id)
        .map(|r| r.creds)?;
    let who = client
        .with_credentials(creds.clone())
        .call(&GetCallerIdentity)
        .await
        .ok()?;
    let same_user = who
        .arn
        .rsplit_once(":user/")
        .is_some_and(|(_, n)| n == user);
    let same_account = account.is_none_or(|a| who.account_id == a);
    (same_user && same_account).then_some((creds, who))
}

/// What `check_held` is asked.
pub struct Held {
    pub user: String,
    pub account_id: String,
    pub key_id: String,
    pub file: PathBuf,
    pub profile: String,
}

/// The destination profile holds `key_id`: is it this user's working key (a rerun)? When it
/// is, it waits in `shared.held` until the person keeps it.
pub async fn check_held(shared: Arc<Shared>, h: Held, r: Reporter) {
    let found = match session(&shared).await {
        Ok(client) => {
            let file = h.file.display().to_string();
            let account = Some(h.account_id.as_str()).filter(|a| !a.is_empty());
            held_key_works(
                &shared, &client, &h.user, account, &h.key_id, &file, &h.profile,
            )
            .await
        }
        Err(_) => None,
    };
    let who = match found {
        Some((creds, who)) => {
            *shared.held.lock().await = Some((h.user.clone(), h.key_id.clone(), creds));
            Some(Box::new(who))
        }
        None => None,
    };
    r.finish(Outcome::Done(JobOutput::HeldKey {
        profile: h.profile,
        key_id: h.key_id,
        who,
    }));
}

/// The person keeps the held key: it becomes the installer's key of the session.
pub async fn keep_held(shared: Arc<Shared>, key_id: String, r: Reporter) {
    let held = shared.held.lock().await.take();
    r.finish(match held {
        Some((user, id, creds)) if id == key_id => {
            *shared.installer.lock().await = Some((user, creds));
            Outcome::Done(JobOutput::HeldKeyKept)
        }
        _ => Outcome::Failed(crate::protocol::ErrorReport {
            title: strings::VERIFY_FAILED().into(),
            hint: strings::dest_hint(strings::DestProblem::Other),
            detail: strings::NO_KEY_HELD().into(),
            code: None,
        }),
    });
}

pub async fn recheck(shared: Arc<Shared>, record: crate::protocol::RunRecord, r: Reporter) {
    r.progress(crate::protocol::Progress::Rechecking);
    let outcome = async {
        let client = session(&shared).await?;
        let mut point = ResumePoint {
            provisioned: record.provisioned.clone(),
            ..Default::default()
        };
        match client
            .call(&GetUser {
                user_name: record.user.clone(),
            })
            .await
        {
            Ok(u) => point.user = Some(u.user),
            Err(e) if e.code() == Some("EntityNotExist.User") => return Ok(point),
            Err(e) => return Err(e),
        }
        // The saved key: read it back from its file and sign with it.
        if let Some((key_id, file, profile)) = record.key.clone()
            && let Some((creds, who)) = held_key_works(
                &shared,
                &client,
                &record.user,
                None,
                &key_id,
                &file,
                &profile,
            )
            .await
        {
            *shared.installer.lock().await = Some((record.user.clone(), creds));
            point.key = Some((key_id, file, profile));
            point.identity = Some(who);
        }
        if let Some(old) = &record.replaces {
            let keys = client
                .call(&crate::cloud::actions::ListAccessKeys {
                    user_name: record.user.clone(),
                })
                .await?;
            point.old_key_status = keys
                .access_keys
                .access_key
                .into_iter()
                .find(|k| k.access_key_id == *old)
                .map(|k| k.status);
            return Ok(point);
        }
        if point.key.is_none() {
            return Ok(point);
        }
        if let Some((name, kind)) = record.policy.clone() {
            let attached = client
                .call(&ListPoliciesForUser {
                    user_name: record.user.clone(),
                })
                .await?
                .policies
                .policy;
            if attached.iter().any(|p| p.policy_name == name) {
                point.policy = Some(if kind == "System" {
                    PolicyPlan::System(name)
                } else {
                    PolicyPlan::Reuse(name)
                });
            }
            point.attached = attached;
        }
        if point.policy.is_some()
            && let Some(c) = record.ccoctl.clone()
            && Path::new(&c[0]).is_file()
        {
            point.ccoctl = Some(c);
        }
        Ok::<_, CloudError>(point)
    }
    .await;
    if let (Ok(p), Some(j)) = (&outcome, &shared.journal) {
        let step = if p.ccoctl.is_some() {
            "ccoctl"
        } else if p.policy.is_some() {
            "policy"
        } else if p.key.is_some() {
            "key"
        } else {
            "user"
        };
        j.record("resumed", &[("user", &record.user), ("done_through", step)]);
    }
    r.finish(match outcome {
        Ok(p) => Outcome::Done(JobOutput::Resumed(Box::new(p))),
        Err(e) => Outcome::Failed(report(strings::RESUME_FAILED(), &e)),
    });
}

//! Jobs of the policy step: inspect a custom policy, create or update it and attach it
//! (idempotently: an existing attachment counts as success; a policy created by someone else in
//! the meantime is reused only if it says the same), and probe with the installer's key that the
//! permission is in effect.

use std::sync::Arc;

use super::known::{Prepared, Preparing};
use super::{Reporter, Shared, keep_trying, report, session};
use crate::cloud::CloudError;
use crate::cloud::actions::{
    AttachPolicyToUser, CreatePolicy, CreatePolicyVersion, GetPolicy, ListPoliciesForUser,
    ListPolicyVersions, ListUsers,
};
use crate::policy::Document;
use crate::protocol::{
    ErrorReport, ExistingPolicy, JobOutput, Outcome, PolicyApplied, PolicyPlan, Progress,
};
use crate::strings;

async fn inspect_named(shared: &Shared, name: &str) -> Result<Option<ExistingPolicy>, CloudError> {
    let client = session(shared).await?;
    let got = client
        .call(&GetPolicy {
            policy_name: name.to_owned(),
            policy_type: "Custom".into(),
        })
        .await;
    let got = match got {
        Ok(g) => g,
        Err(e) if e.code() == Some("EntityNotExist.Policy") => return Ok(None),
        Err(e) => return Err(e),
    };
    let versions = client
        .call(&ListPolicyVersions {
            policy_name: name.to_owned(),
            policy_type: "Custom".into(),
        })
        .await?;
    let document = got
        .default_policy_version
        .map(|v| v.policy_document)
        .filter(|d| !d.is_empty())
        .or_else(|| {
            versions
                .policy_versions
                .policy_version
                .iter()
                .find(|v| v.is_default_version)
                .map(|v| v.policy_document.clone())
        })
        .unwrap_or_default();
    Ok(Some(ExistingPolicy {
        document,
        default_version: got.policy.default_version,
        versions: versions.policy_versions.policy_version.len(),
    }))
}

/// Looks `p` up and creates it when it is missing; the outcome goes to `p.outcome` (set once,
/// by this job or by a step that needed it first).
async fn make_ready(shared: &Shared, p: &Preparing) -> Result<Prepared, CloudError> {
    let found = inspect_named(shared, &p.name).await.inspect_err(|e| {
        tracing::info!(policy = %p.name, error = %e, "policy not made ready ahead; its step asks");
    })?;
    if found.is_some() {
        return Ok(Prepared::Found(found));
    }
    let client = session(shared).await?;
    let req = CreatePolicy {
        policy_name: p.name.clone(),
        policy_document: p.document.clone(),
        description: Some(p.description.clone()).filter(|d| !d.is_empty()),
    };
    p.mark_create_sent();
    let e = match client.call(&req).await {
        Ok(made) => return Ok(created_ahead(shared, p, made.policy.default_version)),
        Err(e) => e,
    };
    if !e.maybe_applied() {
        // Refused (a limit, a name taken meanwhile…): the step creates, and says why, as it
        // always did.
        tracing::info!(policy = %p.name, error = %e, "policy not created ahead; its step does");
        return Ok(Prepared::Found(None));
    }
    // Its answer was lost: read it back once. It says ours, so this run made it; absent, so
    // the step creates it; someone else's, so the step shows the difference. Unreadable: the
    // outcome stays unknown (a run that stops here says the policy may have been made).
    match inspect_named(shared, &p.name).await {
        Ok(found) if says(&found, &p.document) => {
            let version = found.map(|f| f.default_version).unwrap_or_default();
            Ok(created_ahead(shared, p, version))
        }
        Ok(found) => Ok(Prepared::Found(found)),
        Err(_) => Err(e),
    }
}

fn created_ahead(shared: &Shared, p: &Preparing, version: String) -> Prepared {
    if let Some(j) = &shared.journal {
        j.record("policy_created", &[("policy", &p.name)]);
    }
    Prepared::Created { version }
}

async fn outcome_of(shared: &Shared, p: &Preparing) -> Result<Prepared, CloudError> {
    p.outcome
        .get_or_init(|| make_ready(shared, p))
        .await
        .clone()
}

/// The look-up ahead; its output says whether this run created the policy (`None`: it may
/// have, its answer was lost), so a run that stops before the policy step can say so.
pub async fn prepare(shared: Arc<Shared>, p: Preparing, r: Reporter) {
    let outcome = outcome_of(&shared, &p).await;
    let created = p.created();
    r.finish(match outcome {
        Err(e) if created == Some(false) => {
            Outcome::Failed(report(strings::POLICY_STEP_FAILED(), &e))
        }
        _ => Outcome::Done(JobOutput::PolicyPrepared {
            name: p.name.clone(),
            created,
        }),
    });
}

pub async fn inspect(shared: Arc<Shared>, name: String, r: Reporter) {
    // Made ready ahead: what it was before this run touched it (absent, when this run created
    // it: the step then plans the create, which is done already).
    if let Some(p) = shared.known.preparing(&name)
        && let Ok(known) = outcome_of(&shared, &p).await
    {
        let found = match known {
            Prepared::Found(f) => f,
            Prepared::Created { .. } => None,
        };
        r.finish(Outcome::Done(JobOutput::PolicyFound(found)));
        return;
    }
    r.finish(match inspect_named(&shared, &name).await {
        Ok(found) => Outcome::Done(JobOutput::PolicyFound(found)),
        Err(e) => Outcome::Failed(report(strings::POLICY_STEP_FAILED(), &e)),
    });
}

/// Whether the policy as it exists says what `document` says.
fn says(existing: &Option<ExistingPolicy>, document: &str) -> bool {
    match (existing, Document::parse(document)) {
        (Some(t), Ok(ours)) => Document::parse(&t.document).is_ok_and(|d| d.same_as(&ours)),
        _ => false,
    }
}

/// Creates or updates the custom policy per the plan; returns the new default version if any.
/// A create whose outcome is unknown (lost answer, 5xx) is settled by reading the policy: it
/// says ours, so it happened; it is absent (or still the old document), so try again.
async fn write_policy(
    shared: &Shared,
    plan: &PolicyPlan,
) -> Result<Result<Option<String>, ErrorReport>, CloudError> {
    let client = session(shared).await?;
    let mut rounds = 0;
    match plan {
        PolicyPlan::System(_) | PolicyPlan::Reuse(_) => Ok(Ok(None)),
        PolicyPlan::Create {
            name,
            document,
            description,
        } => {
            // Created ahead with this very document and description: done already.
            if let Some(p) = shared.known.preparing(name)
                && p.document == *document
                && p.description == *description
                && let Some(Ok(Prepared::Created { version })) = p.outcome.get()
            {
                return Ok(Ok(Some(version.clone())));
            }
            let req = CreatePolicy {
                policy_name: name.clone(),
                policy_document: document.clone(),
                description: Some(description.clone()).filter(|d| !d.is_empty()),
            };
            loop {
                let e = match client.call(&req).await {
                    Ok(p) => {
                        if let Some(j) = &shared.journal {
                            j.record("policy_created", &[("policy", name)]);
                        }
                        return Ok(Ok(Some(p.policy.default_version)));
                    }
                    Err(e) => e,
                };
                let exists = e.code() == Some("EntityAlreadyExists.Policy");
                let unsure = e.maybe_applied() && rounds < super::RECONCILE_ROUNDS;
                if !exists && !unsure {
                    return Err(e);
                }
                rounds += 1;
                // Someone created it meanwhile, or our answer was lost: reuse it only if it
                // says the same; otherwise the user reviews the difference.
                let theirs = inspect_named(shared, name).await?;
                if says(&theirs, document) {
                    return Ok(Ok(None));
                }
                if theirs.is_none() && !exists {
                    continue;
                }
                let mut rep = report(strings::POLICY_STEP_FAILED(), &e);
                rep.code = Some("EntityAlreadyExists.Policy".into());
                rep.detail.push_str(strings::POLICY_RACE());
                return Ok(Err(rep));
            }
        }
        PolicyPlan::NewVersion {
            name,
            document,
            rotate,
        } => {
            let req = CreatePolicyVersion {
                policy_name: name.clone(),
                policy_document: document.clone(),
                set_as_default: Some(true),
                rotate_strategy: rotate
                    .then(|| "DeleteOldestNonDefaultVersionWhenLimitExceeded".to_owned()),
            };
            loop {
                match client.call(&req).await {
                    Ok(v) => {
                        let v = v.policy_version.version_id;
                        if let Some(j) = &shared.journal {
                            j.record(
                                "policy_version_created",
                                &[("policy", name), ("version", &v)],
                            );
                        }
                        return Ok(Ok(Some(v)));
                    }
                    Err(e) if e.maybe_applied() && rounds < super::RECONCILE_ROUNDS => {
                        rounds += 1;
                        let theirs = inspect_named(shared, name).await?;
                        if says(&theirs, document) {
                            return Ok(Ok(theirs.map(|t| t.default_version)));
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
}

pub async fn apply(shared: Arc<Shared>, user: String, plan: PolicyPlan, r: Reporter) {
    let outcome = async {
        let new_version = match write_policy(&shared, &plan).await? {
            Ok(v) => v,
            Err(rep) => return Ok(Err(rep)),
        };
        let client = session(&shared).await?;
        shared.known.no_longer_fresh(&user);
        // What an earlier attach saw in effect says nothing about this one.
        shared.known.clear_in_effect(&user);
        let attach = AttachPolicyToUser {
            policy_type: plan.policy_type().into(),
            policy_name: plan.name().into(),
            user_name: user.clone(),
        };
        match client.call(&attach).await {
            Ok(_) => {}
            Err(e) if e.code() == Some("EntityAlreadyExists.User.Policy") => {}
            Err(e) => return Err(e),
        }
        if let Some(j) = &shared.journal {
            j.record(
                "policy_attached",
                &[
                    ("user", &user),
                    ("policy", plan.name()),
                    ("type", plan.policy_type()),
                ],
            );
        }
        // The read-back and the first probe with the user's new key, together: the probe needs
        // only the attachment, and its pass spares the probe step a round trip.
        let with_key = shared
            .installer
            .lock()
            .await
            .clone()
            .filter(|(u, _)| *u == user)
            .map(|(_, creds)| {
                let id = creds.access_key_id.clone();
                (client.with_credentials(creds), id)
            });
        let read_back = ListPoliciesForUser {
            user_name: user.clone(),
        };
        let probe = ListUsers {
            marker: None,
            max_items: Some(1),
        };
        let (attached, probed) = tokio::join!(client.call(&read_back), async {
            match &with_key {
                Some((c, id)) => Some((c.call(&probe).await, id)),
                None => None,
            }
        });
        let attached = attached?.policies.policy;
        // Believed only once the attachment was read back: a step that failed here is redone,
        // and its probe asks again.
        if let Some((Ok(_), key_id)) = probed {
            shared.known.seen_in_effect(&user, key_id);
        }
        Ok(Ok(PolicyApplied {
            plan: plan.clone(),
            new_version,
            attached,
        }))
    }
    .await;
    r.finish(match outcome {
        Ok(Ok(a)) => Outcome::Done(JobOutput::PolicyApplied(Box::new(a))),
        Ok(Err(rep)) => Outcome::Failed(rep),
        Err(e) => Outcome::Failed(report(strings::POLICY_STEP_FAILED(), &e)),
    });
}

pub async fn detach(
    shared: Arc<Shared>,
    user: String,
    policy_name: String,
    policy_type: String,
    r: Reporter,
) {
    let outcome = async {
        let client = session(&shared).await?;
        let req = crate::cloud::actions::DetachPolicyFromUser {
            policy_type,
            policy_name: policy_name.clone(),
            user_name: user.clone(),
        };
        match client.call(&req).await {
            Ok(_) => {}
            // Detached already (by someone else, or a retry whose answer was lost): done.
            Err(e) if e.code() == Some("EntityNotExist.User.Policy") => {}
            Err(e) => return Err(e),
        }
        if let Some(j) = &shared.journal {
            j.record(
                "policy_detached",
                &[("user", &user), ("policy", &policy_name)],
            );
        }
        Ok(client
            .call(&ListPoliciesForUser { user_name: user })
            .await?
            .policies
            .policy)
    }
    .await;
    r.finish(match outcome {
        Ok(list) => Outcome::Done(JobOutput::PolicyDetached(list)),
        Err(e) => Outcome::Failed(report(strings::POLICY_STEP_FAILED(), &e)),
    });
}

pub async fn probe(shared: Arc<Shared>, user: String, r: Reporter) {
    let held = shared.installer.lock().await.clone();
    let outcome = async {
        let Some((_, creds)) = held else {
            return Err(ErrorReport {
                title: strings::PROBE_FAILED().into(),
                hint: strings::dest_hint(strings::DestProblem::Other),
                detail: strings::NO_KEY_HELD().into(),
                code: None,
            });
        };
        // Its first attempt went with the read-back after attaching, and passed.
        if shared.known.take_in_effect(&user, &creds.access_key_id) {
            return Ok(());
        }
        let client = session(&shared)
            .await
            .map_err(|e| report(strings::PROBE_FAILED(), &e))?
            .with_credentials(creds);
        let progress = |attempt, seconds_left| Progress::Probing {
            attempt,
            seconds_left,
        };
        let not_yet = |e: &CloudError| e.code() == Some("NoPermission");
        let list = ListUsers {
            marker: None,
            max_items: Some(1),
        };
        keep_trying(shared.config.patience.probe, &r, progress, not_yet, || {
            client.call(&list)
        })
        .await
        .map(|_| ())
        .map_err(|e| report(strings::PROBE_FAILED(), &e))
    }
    .await;
    r.finish(match outcome {
        Ok(()) => {
            if let Some(j) = &shared.journal {
                j.record("policy_in_effect", &[("user", &user)]);
            }
            Outcome::Done(JobOutput::Probed)
        }
        Err(rep) => Outcome::Failed(rep),
    });
}

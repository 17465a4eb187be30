//! The sign-in job: read the chosen credentials, ask STS who this is, and probe whether the
//! identity may manage RAM users with the cheapest read (`ListUsers MaxItems=1`).

use std::sync::Arc;

use super::{Reporter, Shared, report};
use crate::cloud::actions::{GetCallerIdentity, ListUsers};
use crate::cloud::{Client, Credentials, RoleSpec};
use crate::creds::sources;
use crate::protocol::{ErrorReport, JobOutput, Outcome, Progress, RamAccess, SignInWith, SignedIn};
use crate::strings;

pub async fn run(shared: Arc<Shared>, with: SignInWith, r: Reporter) {
    let outcome = sign_in(&shared, with, &r).await;
    r.finish(outcome);
}

async fn sign_in(shared: &Shared, with: SignInWith, r: &Reporter) -> Outcome {
    let (resolved, label) = match with {
        SignInWith::Pasted {
            access_key_id,
            secret,
            role_arn,
        } => (
            sources::Resolved {
                creds: Credentials::new(access_key_id, secret),
                roles: role_arn
                    .filter(|a| !a.trim().is_empty())
                    .map(|a| {
                        RoleSpec {
                            role_arn: a.trim().to_owned(),
                            ..RoleSpec::default()
                        }
                        .named_or_default()
                    })
                    .into_iter()
                    .collect(),
            },
            strings::SOURCE_PASTED().to_owned(),
        ),
        SignInWith::Source { source, label } => {
            match sources::resolve(&shared.config.locations, &source) {
                Ok(c) => (c, label),
                Err(detail) => {
                    return Outcome::Failed(ErrorReport {
                        title: strings::SIGNIN_FAILED().into(),
                        hint: strings::source_hint(),
                        detail,
                        code: None,
                    });
                }
            }
        }
    };
    let mut client = match Client::new(shared.config.endpoints.clone(), resolved.creds) {
        Ok(c) => match &shared.config.dry_run {
            Some(log) => c.with_retry(shared.config.retry).read_only(log.clone()),
            None => c.with_retry(shared.config.retry),
        },
        Err(e) => return Outcome::Failed(report(strings::SIGNIN_FAILED(), &e)),
    };
    // Through a role (a chain: each role assumed with the key of the one before).
    for spec in resolved.roles {
        r.progress(Progress::AssumingRole);
        let arn = spec.role_arn.clone();
        client = match client.assume(spec).await {
            Ok(c) => c,
            Err(e) => {
                let mut rep = report(strings::ROLE_SIGNIN_FAILED(), &e);
                if let Some(h) = role_hint(&e) {
                    rep.hint = h;
                }
                // A refusal that names no action: the account's own key (root), which may assume
                // no role at all, is told so rather than sent to the trust policy. Asked of the
                // source, one read, only on this failure.
                if refused_untold(&e)
                    && client
                        .call(&GetCallerIdentity)
                        .await
                        .is_ok_and(|i| i.is_account_owner())
                {
                    rep.hint = strings::role_root_hint();
                }
                rep.detail = format!("{arn}: {}", rep.detail);
                return Outcome::Failed(rep);
            }
        };
    }
    r.progress(Progress::AskingIdentity);
    // Who this is and whether it may manage RAM users, asked together: the probe needs nothing
    // from the answer (one round trip instead of two; its answer is dropped if sign-in fails).
    let probe = ListUsers {
        marker: None,
        max_items: Some(1),
    };
    let (identity, probed) = tokio::join!(client.call(&GetCallerIdentity), client.call(&probe));
    let identity = match identity {
        Ok(i) => i,
        Err(e) => return Outcome::Failed(report(strings::SIGNIN_FAILED(), &e)),
    };
    let ram = match probed {
        Ok(_) => RamAccess::Allowed,
        Err(e) if e.code() == Some("NoPermission") => {
            RamAccess::Denied(e.api().and_then(|a| a.refused_action()).map(str::to_owned))
        }
        Err(e) => RamAccess::Unknown(e.to_string()),
    };
    tracing::info!(account = %identity.account_id, arn = %identity.arn, identity_type = %identity.identity_type, "signed in");
    if let Some(j) = &shared.journal {
        j.record(
            "signed_in",
            &[("account_id", &identity.account_id), ("arn", &identity.arn)],
        );
    }
    let access_key_id = client.access_key_id().to_owned();
    let client_signature = client.endpoints().signature;
    let role = client.role_info().await.map(Box::new);
    *shared.session.lock().await = Some(client);
    // What the last session knew (its users, its policy) is not this one's.
    shared.known.forget();
    if let Ok(mut a) = shared.account.lock() {
        *a = Some(identity.account_id.clone());
    }
    Outcome::Done(JobOutput::SignedIn(SignedIn {
        identity,
        ram,
        source_label: label,
        access_key_id,
        signature: client_signature,
        role,
    }))
}

/// Guidance for a failed AssumeRole. A `NoPermission` says which of two things is wrong: with an
/// `AccessDeniedDetail` naming `sts:AssumeRole`, the source key may not assume the role; without
/// one, the role's trust policy does not name the caller (how Alibaba words that refusal is
/// UNVERIFIED, so that hint names both checks). Other errors keep `report`'s guidance.
fn role_hint(e: &crate::cloud::CloudError) -> Option<strings::Hint> {
    let api = e.api().filter(|a| a.code == "NoPermission")?;
    match api.refused_action() {
        Some(a) if a.eq_ignore_ascii_case("sts:AssumeRole") => {
            Some(strings::role_may_not_assume_hint())
        }
        // Another action named: the usual guidance (from `report`).
        Some(_) => None,
        None => Some(strings::role_not_trusted_hint()),
    }
}

/// A `NoPermission` that names no refused action.
fn refused_untold(e: &crate::cloud::CloudError) -> bool {
    e.api()
        .is_some_and(|a| a.code == "NoPermission" && a.refused_action().is_none())
}

//! The capture of a new AccessKey, in the order DESIGN.md sets: journal the intent, create the
//! key, write the credentials file at once (atomic, 0600, read back), then the keyring if
//! chosen (read back), journal "saved", and only then tell the wizard. Also: saving again after
//! every store failed, adopting a pasted secret, retiring a key, and verifying the new key.
//!
//! The secret travels only inside `Secret`; errors and journal lines carry key IDs, never it.

use std::sync::Arc;

use super::{Reporter, Shared, keep_trying, report, session};
use crate::cloud::actions::{
    CreateAccessKey, DeleteAccessKey, GetCallerIdentity, ListAccessKeys, UpdateAccessKey,
};
use crate::cloud::{Client, CloudError, Credentials};
use crate::creds::store::{self, DestError};
use crate::protocol::{Captured, Destination, ErrorReport, JobOutput, Outcome, Progress, SavedTo};
use crate::secret::Secret;
use crate::strings::{self, DestProblem};

pub fn dest_report(title: &str, e: &DestError) -> ErrorReport {
    let kind = match e {
        DestError::Malformed { .. } => DestProblem::Malformed,
        DestError::IsDirectory { .. } => DestProblem::IsDirectory,
        DestError::NotWritable { .. } => DestProblem::NotWritable,
        DestError::BadProfile(_) => DestProblem::BadProfile,
        DestError::Taken(_) => DestProblem::Taken,
        DestError::Locked { .. } => DestProblem::Locked,
        DestError::UnsafePath(_) => DestProblem::UnsafePath,
        DestError::Io { .. } | DestError::Mismatch { .. } => DestProblem::Other,
    };
    ErrorReport {
        title: title.to_owned(),
        hint: strings::dest_hint(kind),
        detail: e.to_string(),
        code: None,
    }
}

pub async fn preflight(dest: Destination, r: Reporter) {
    let (file, profile) = (dest.file.clone(), dest.profile.clone());
    let res = tokio::task::spawn_blocking(move || store::preflight(&file, &profile)).await;
    r.finish(file_outcome(res, |p| JobOutput::Preflight(Box::new(p))));
}

/// The outcome of a blocking job on the credentials file: its output, its error, or the task
/// that did not finish.
fn file_outcome<T>(
    res: Result<Result<T, DestError>, tokio::task::JoinError>,
    done: impl FnOnce(T) -> JobOutput,
) -> Outcome {
    match res {
        Ok(Ok(v)) => Outcome::Done(done(v)),
        Ok(Err(e)) => Outcome::Failed(dest_report(strings::DEST_TITLE(), &e)),
        Err(e) => Outcome::Failed(ErrorReport {
            title: strings::DEST_TITLE().into(),
            hint: strings::dest_hint(DestProblem::Other),
            detail: e.to_string(),
            code: None,
        }),
    }
}

/// Removes the profiles that hold a deleted key from `file` (backup first).
pub async fn forget(key_id: String, file: std::path::PathBuf, r: Reporter) {
    let f = file.clone();
    let now = time::OffsetDateTime::now_utc();
    let res = tokio::task::spawn_blocking(move || store::forget_key(&f, &key_id, now)).await;
    r.finish(file_outcome(res, |done| JobOutput::KeyForgotten {
        removed: done.removed,
        backup: done.backup,
        file,
    }));
}

/// Writes the key to the file, then to the keyring if chosen; each result on its own.
async fn save_all(
    shared: &Shared,
    dest: &Destination,
    key_id: &str,
    secret: &Secret,
    r: &Reporter,
) -> (Result<SavedTo, String>, Option<Result<(), String>>) {
    r.progress(Progress::SavingFile);
    // Test-only (debug builds): every store fails, as on a full disk with the keyring gone.
    if cfg!(debug_assertions) && std::env::var_os("RAMWIZ_TEST_FAIL_SAVES").is_some() {
        tracing::warn!("RAMWIZ_TEST_FAIL_SAVES: failing every save on purpose");
        let why = "saving was made to fail on purpose (RAMWIZ_TEST_FAIL_SAVES)".to_owned();
        return (Err(why.clone()), dest.keyring.then_some(Err(why)));
    }
    let (file, profile, id, s, backup, move_to) = (
        dest.file.clone(),
        dest.profile.clone(),
        key_id.to_owned(),
        secret.clone(),
        dest.backup,
        dest.move_existing_to.clone(),
    );
    let now = time::OffsetDateTime::now_utc();
    let file_result = match tokio::task::spawn_blocking(move || {
        store::save(&file, &profile, &id, &s, backup, move_to.as_deref(), now)
    })
    .await
    {
        Ok(Ok(saved)) => Ok(SavedTo {
            target: saved.target,
            backup: saved.backup,
            loose_mode: saved.loose_mode,
            notes: saved.notes,
        }),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let keyring_result = if dest.keyring {
        r.progress(Progress::SavingKeyring);
        let kr = shared.keyring.lock().map(|k| k.clone()).unwrap_or(None);
        Some(match kr {
            None => Err(strings::KEYRING_FAILED().to_owned()),
            Some(kr) => {
                let (profile, id, s) = (dest.profile.clone(), key_id.to_owned(), secret.clone());
                tokio::task::spawn_blocking(move || {
                    kr.store(&profile, &id, &s).map_err(|e| e.plain())?;
                    match kr.read(&profile, &id) {
                        Ok(back) if back == s => Ok(()),
                        Ok(_) => Err(crate::strings::KEYRING_READ_BACK().to_owned()),
                        Err(e) => Err(e.plain()),
                    }
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
            }
        })
    } else {
        None
    };
    if let Some(j) = &shared.journal {
        let file_s = file_result
            .as_ref()
            .map(|s| s.target.display().to_string())
            .unwrap_or_default();
        let kr_s = match &keyring_result {
            Some(Ok(())) => "yes",
            Some(Err(_)) => "failed",
            None => "not chosen",
        };
        let event = if file_result.is_ok() || matches!(keyring_result, Some(Ok(()))) {
            "key_saved"
        } else {
            "key_save_failed"
        };
        j.record(
            event,
            &[
                ("key_id", key_id),
                ("file", &file_s),
                ("profile", &dest.profile),
                ("keyring", kr_s),
            ],
        );
    }
    (file_result, keyring_result)
}

async fn remember(shared: &Shared, user: &str, key_id: &str, secret: &Secret) {
    *shared.installer.lock().await =
        Some((user.to_owned(), Credentials::new(key_id, secret.clone())));
}

pub async fn create_key(
    shared: Arc<Shared>,
    user: String,
    dest: Destination,
    replaces: Option<String>,
    r: Reporter,
) {
    let outcome = async {
        let client = session(&shared).await.map_err(Failure::Settled)?;
        // The keys before, so a lost answer can be told apart from a key that was made, and
        // so a later run can tell an orphan by its ID alone (no clock compared: a local clock
        // ahead of the cloud's hid one).
        // A user this run created has no key yet: its baseline is empty without asking.
        let before = if shared.known.no_longer_fresh(&user) {
            Vec::new()
        } else {
            key_ids(&client, &user).await.map_err(Failure::Settled)?
        };
        if let Some(j) = &shared.journal {
            let account = shared.account.lock().ok().and_then(|a| a.clone());
            // The run's lock, named in the intent: while this run lives, no other run's orphan
            // check takes its key for an orphan.
            let lock = shared.run_lock.lock().ok().and_then(|mut slot| {
                if slot.is_none() {
                    *slot = j.run_lock();
                }
                slot.as_ref().map(|l| l.path.display().to_string())
            });
            j.record(
                "key_intent",
                &[
                    ("account_id", account.as_deref().unwrap_or_default()),
                    ("run_lock", lock.as_deref().unwrap_or_default()),
                    ("user", &user),
                    ("file", &dest.file.display().to_string()),
                    ("profile", &dest.profile),
                    ("replaces", replaces.as_deref().unwrap_or_default()),
                    ("baseline", &before.join(",")),
                ],
            );
        }
        r.progress(Progress::CreatingKey);
        let mut rounds = 0;
        let created = loop {
            let err = match client
                .call(&CreateAccessKey {
                    user_name: user.clone(),
                })
                .await
            {
                Ok(c) => break c.access_key,
                Err(e) => e,
            };
            if !err.maybe_applied() {
                // A definite refusal created nothing: the intent is closed.
                if let Some(j) = &shared.journal {
                    j.record("key_not_created", &[("user", &user)]);
                }
                return Err(Failure::Settled(err));
            }
            // Unknown outcome: ListAccessKeys decides. A new key there was made, and nobody
            // will ever have its secret: it is an orphan (the journal's intent stays open), and
            // no other key is attempted. No new key: nothing happened, so try again.
            let Ok(after) = key_ids(&client, &user).await else {
                return Err(Failure::Cloud(err));
            };
            let new: Vec<String> = after.into_iter().filter(|k| !before.contains(k)).collect();
            if let Some(key_id) = new.into_iter().next() {
                tracing::warn!(user = %user, key_id = %key_id, "CreateAccessKey answer lost; the key it made is orphaned");
                if let Some(j) = &shared.journal {
                    // Its ID, so the orphan check finds exactly this key.
                    j.record("key_created", &[("user", &user), ("key_id", &key_id)]);
                }
                return Err(Failure::Orphaned { key_id, cause: err });
            }
            rounds += 1;
            if rounds >= super::RECONCILE_ROUNDS {
                // The list was read each time and showed nothing new: nothing was made.
                if let Some(j) = &shared.journal {
                    j.record("key_not_created", &[("user", &user)]);
                }
                return Err(Failure::Settled(err));
            }
            tracing::warn!(user = %user, error = %err, "CreateAccessKey did not happen; trying again");
        };
        if rounds > 0 {
            // Tried again because the key list showed nothing new. Should that list have lagged
            // behind a key that was made after all, that key is an orphan: journal it, so the
            // orphan check of the next start offers it.
            let now = key_ids(&client, &user).await.unwrap_or_default();
            for id in now
                .iter()
                .filter(|k| !before.contains(k) && **k != created.access_key_id)
            {
                tracing::warn!(user = %user, key_id = %id, "a key the list did not show yet appeared: orphaned");
                if let Some(j) = &shared.journal {
                    j.record("key_orphaned", &[("user", &user), ("key_id", id)]);
                }
            }
        }
        if let Some(j) = &shared.journal {
            j.record(
                "key_created",
                &[("user", &user), ("key_id", &created.access_key_id)],
            );
        }
        // Where a real crash would hurt most (key made, secret not yet saved).
        crate::crashpoint::here("after CreateAccessKey");
        remember(
            &shared,
            &user,
            &created.access_key_id,
            &created.access_key_secret,
        )
        .await;
        let (file, keyring) = save_all(
            &shared,
            &dest,
            &created.access_key_id,
            &created.access_key_secret,
            &r,
        )
        .await;
        Ok::<_, Failure>(Captured {
            key_id: created.access_key_id,
            create_date: created.create_date,
            secret: Some(created.access_key_secret),
            dest,
            file,
            keyring,
        })
    }
    .await;
    r.finish(match outcome {
        Ok(c) => Outcome::Done(JobOutput::Captured(Box::new(c))),
        Err(Failure::Settled(e)) => Outcome::Failed(report(strings::CAPTURE_FAILED(), &e)),
        Err(Failure::Cloud(e)) => {
            let mut rep = report(strings::CAPTURE_FAILED(), &e);
            rep.detail.push_str(strings::CAPTURE_MAYBE_CREATED());
            Outcome::Failed(rep)
        }
        Err(Failure::Orphaned { key_id, cause }) => {
            let mut rep = report(strings::CAPTURE_FAILED(), &cause);
            rep.hint = strings::orphan_made_hint();
            rep.detail = crate::protocol::orphaned_detail(&key_id, &cause.to_string());
            rep.code = Some(crate::protocol::CODE_ORPHANED.into());
            Outcome::Failed(rep)
        }
    });
}

/// Why a key creation failed.
enum Failure {
    /// Nothing was created (a refusal, or the key list showed nothing new).
    Settled(CloudError),
    /// The outcome is unknown: the key list could not be read to settle it.
    Cloud(CloudError),
    /// The answer was lost after the key was made: its secret is gone.
    Orphaned { key_id: String, cause: CloudError },
}

async fn key_ids(client: &Client, user: &str) -> Result<Vec<String>, CloudError> {
    client
        .call(&ListAccessKeys {
            user_name: user.to_owned(),
        })
        .await
        .map(|l| {
            l.access_keys
                .access_key
                .into_iter()
                .map(|k| k.access_key_id)
                .collect()
        })
}

pub async fn save_again(shared: Arc<Shared>, dest: Destination, r: Reporter) {
    let held = shared.installer.lock().await.clone();
    let Some((_, creds)) = held else {
        r.finish(Outcome::Failed(ErrorReport {
            title: strings::CAPTURE_FAILED().into(),
            hint: strings::dest_hint(DestProblem::Other),
            detail: strings::NO_KEY_HELD().into(),
            code: None,
        }));
        return;
    };
    let (file, keyring) = save_all(&shared, &dest, &creds.access_key_id, &creds.secret, &r).await;
    r.finish(Outcome::Done(JobOutput::Captured(Box::new(Captured {
        key_id: creds.access_key_id.clone(),
        create_date: String::new(),
        secret: Some(creds.secret.clone()),
        dest,
        file,
        keyring,
    }))));
}

/// Whether an identity is the RAM user `user`.
fn names_user(arn: &str, user: &str) -> bool {
    arn.rsplit_once(":user/").is_some_and(|(_, n)| n == user)
}

pub async fn adopt_key(
    shared: Arc<Shared>,
    user: String,
    key_id: String,
    secret: Secret,
    dest: Destination,
    r: Reporter,
) {
    let outcome = async {
        let base = session(&shared).await?;
        let client = base.with_credentials(Credentials::new(key_id.clone(), secret.clone()));
        r.progress(Progress::AskingIdentity);
        let who = client.call(&GetCallerIdentity).await?;
        if !names_user(&who.arn, &user) {
            return Ok(Err(ErrorReport {
                title: strings::CAPTURE_FAILED().into(),
                hint: strings::wrong_user_hint(),
                detail: format!("{} ≠ user/{user}", who.arn),
                code: None,
            }));
        }
        remember(&shared, &user, &key_id, &secret).await;
        let (file, keyring) = save_all(&shared, &dest, &key_id, &secret, &r).await;
        Ok::<_, CloudError>(Ok(Captured {
            key_id: key_id.clone(),
            create_date: String::new(),
            secret: None,
            dest,
            file,
            keyring,
        }))
    }
    .await;
    r.finish(match outcome {
        Ok(Ok(c)) => Outcome::Done(JobOutput::Captured(Box::new(c))),
        Ok(Err(rep)) => Outcome::Failed(rep),
        Err(e) => Outcome::Failed(report(strings::CAPTURE_FAILED(), &e)),
    });
}

pub async fn retire(shared: Arc<Shared>, user: String, key_id: String, delete: bool, r: Reporter) {
    let outcome = async {
        let client = session(&shared).await?;
        if delete {
            client
                .call(&DeleteAccessKey {
                    user_access_key_id: key_id.clone(),
                    user_name: user.clone(),
                })
                .await?;
        } else {
            client
                .call(&UpdateAccessKey {
                    user_access_key_id: key_id.clone(),
                    status: "Inactive".into(),
                    user_name: user.clone(),
                })
                .await?;
        }
        Ok::<_, CloudError>(())
    }
    .await;
    if outcome.is_ok()
        && let Some(j) = &shared.journal
    {
        j.record(
            if delete {
                "key_deleted"
            } else {
                "key_deactivated"
            },
            &[("user", &user), ("key_id", &key_id)],
        );
    }
    r.finish(match outcome {
        Ok(()) => Outcome::Done(JobOutput::KeyRetired),
        Err(e) => Outcome::Failed(report(strings::CAPTURE_FAILED(), &e)),
    });
}

/// Whether a failure of a brand-new key may just be propagation (worth waiting for).
pub(super) fn may_be_propagating(e: &CloudError) -> bool {
    matches!(
        e.code(),
        Some("InvalidAccessKeyId.NotFound") | Some("InvalidAccessKeyId.Inactive")
    ) || matches!(e, CloudError::Transport { .. })
}

pub async fn verify(shared: Arc<Shared>, user: String, r: Reporter) {
    let held = shared.installer.lock().await.clone();
    let outcome = async {
        let Some((_, creds)) = held else {
            return Err(ErrorReport {
                title: strings::VERIFY_FAILED().into(),
                hint: strings::dest_hint(DestProblem::Other),
                detail: strings::NO_KEY_HELD().into(),
                code: None,
            });
        };
        let base = session(&shared)
            .await
            .map_err(|e| report(strings::VERIFY_FAILED(), &e))?;
        let client: Client = base.with_credentials(creds);
        let progress = |attempt, seconds_left| Progress::Verifying {
            attempt,
            seconds_left,
        };
        let who = keep_trying(
            shared.config.patience.verify,
            &r,
            progress,
            may_be_propagating,
            || client.call(&GetCallerIdentity),
        )
        .await
        .map_err(|e| report(strings::VERIFY_FAILED(), &e))?;
        if names_user(&who.arn, &user) {
            Ok(who)
        } else {
            Err(ErrorReport {
                title: strings::VERIFY_FAILED().into(),
                hint: strings::wrong_user_hint(),
                detail: who.arn,
                code: None,
            })
        }
    }
    .await;
    r.finish(match outcome {
        Ok(who) => {
            if let Some(j) = &shared.journal {
                j.record("key_verified", &[("user", &user), ("arn", &who.arn)]);
            }
            Outcome::Done(JobOutput::Verified(who))
        }
        Err(rep) => Outcome::Failed(rep),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_must_name_the_user_exactly() {
        assert!(names_user("acs:ram::1:user/okd", "okd"));
        assert!(!names_user("acs:ram::1:user/okd-2", "okd"));
        assert!(!names_user("acs:ram::1:root", "okd"));
    }
}

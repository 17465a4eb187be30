//! Orphaned keys: an interrupted run may have created an AccessKey whose secret was never
//! saved. The journal says which creations never reached "saved"; ListAccessKeys and every
//! local store (the credentials file's profiles, the keyring) say which such keys exist and
//! are stored nowhere. Deleting one is the user's choice, confirmed in the wizard.

use std::sync::Arc;

use super::{Reporter, Shared, report, session, unsaved_keys, users};
use crate::cloud::actions::{DeleteAccessKey, ListAccessKeys};
use crate::protocol::{JobOutput, Orphan, Outcome};
use crate::strings;

/// AccessKey IDs stored on this machine.
fn local_key_ids(shared: &Shared) -> Vec<String> {
    let mut ids: Vec<String> = users::local_profiles(&shared.config.locations.credentials_file)
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    if let Ok(slot) = shared.keyring.lock()
        && let Some(kr) = slot.as_ref()
        && let Ok(list) = kr.list()
    {
        ids.extend(list.into_iter().map(|(_, id)| id));
    }
    ids
}

pub async fn find(shared: Arc<Shared>, r: Reporter) {
    let Some(journal) = shared.journal.clone() else {
        r.finish(Outcome::Done(JobOutput::Orphans(Vec::new())));
        return;
    };
    let j = journal.clone();
    let entries = tokio::task::spawn_blocking(move || j.entries())
        .await
        .unwrap_or_default();
    let open = unsaved_keys(&entries);
    let outcome = async {
        if open.is_empty() {
            return Ok(Vec::new());
        }
        let client = session(&shared).await?;
        let s2 = shared.clone();
        let local = tokio::task::spawn_blocking(move || local_key_ids(&s2))
            .await
            .unwrap_or_default();
        let mut found = Vec::new();
        for u in open {
            let keys = match client
                .call(&ListAccessKeys {
                    user_name: u.user.clone(),
                })
                .await
            {
                Ok(k) => k.access_keys.access_key,
                Err(e) if e.code() == Some("EntityNotExist.User") => Vec::new(),
                Err(e) => return Err(e),
            };
            let candidates: Vec<Orphan> = keys
                .into_iter()
                .filter(|k| !local.contains(&k.access_key_id))
                .filter(|k| match &u.key_id {
                    Some(id) => *id == k.access_key_id,
                    None => k.create_date.as_str() >= u.at.as_str(),
                })
                .map(|k| Orphan {
                    user: u.user.clone(),
                    key_id: k.access_key_id,
                    create_date: k.create_date,
                })
                .collect();
            if candidates.is_empty() {
                journal.record("orphans_checked", &[("user", &u.user)]);
            }
            found.extend(candidates);
        }
        Ok(found)
    }
    .await;
    r.finish(match outcome {
        Ok(found) => {
            tracing::info!(orphans = found.len(), "orphaned keys checked");
            Outcome::Done(JobOutput::Orphans(found))
        }
        Err(e) => Outcome::Failed(report(strings::ORPHANS_FAILED, &e)),
    });
}

pub async fn resolve(shared: Arc<Shared>, user: String, key_id: String, delete: bool, r: Reporter) {
    let outcome = async {
        if delete {
            let client = session(&shared).await?;
            match client
                .call(&DeleteAccessKey {
                    user_access_key_id: key_id.clone(),
                    user_name: user.clone(),
                })
                .await
            {
                Ok(_) => {}
                Err(e) if e.code() == Some("EntityNotExist.User.AccessKey") => {}
                Err(e) => return Err(e),
            }
        }
        if let Some(j) = &shared.journal {
            j.record(
                "orphan_resolved",
                &[
                    ("user", &user),
                    ("key_id", &key_id),
                    ("action", if delete { "deleted" } else { "kept" }),
                ],
            );
        }
        Ok(())
    }
    .await;
    r.finish(match outcome {
        Ok(()) => Outcome::Done(JobOutput::OrphanResolved(key_id)),
        Err(e) => Outcome::Failed(report(strings::ORPHANS_FAILED, &e)),
    });
}

//! Orphaned keys: an interrupted run may have created an AccessKey whose secret was never
//! saved. The journal says which creations never reached "saved"; ListAccessKeys and every
//! local store (the credentials file's profiles, the keyring) say which such keys exist and
//! are stored nowhere. Deleting one is the user's choice, confirmed in the wizard. An orphan is
//! told by its ID alone (not in the user's keys before the creation, held by no profile): no
//! clock is compared. When the interrupted run got as far as writing the new credentials file
//! but not renaming it, the secret is taken from that file and the key saved after all.

use std::sync::Arc;

use std::path::PathBuf;

use super::{Reporter, Shared, report, session, unsaved_keys, users};
use crate::cloud::Credentials;
use crate::cloud::actions::{DeleteAccessKey, GetCallerIdentity, ListAccessKeys};
use crate::creds::leftovers;
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
        r.finish(Outcome::Done(JobOutput::Orphans(Vec::new(), Vec::new())));
        return;
    };
    let j = journal.clone();
    let read = tokio::task::spawn_blocking(move || j.try_entries())
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)));
    let mut notes = Vec::new();
    // A journal that cannot be read says nothing about orphans: no leftover that may hold a
    // secret is removed then.
    let journal_read = read.is_ok();
    let entries = read.unwrap_or_else(|e| {
        notes.push(format!(
            "{} {}: {e}",
            strings::JOURNAL_UNREADABLE(),
            journal.path().display()
        ));
        Vec::new()
    });
    // Only this account's creations: a key of a same-named user in another account is none
    // of them (and the other account's intents stay open for when it is signed in again).
    let account = shared
        .account
        .lock()
        .ok()
        .and_then(|a| a.clone())
        .unwrap_or_default();
    let all = unsaved_keys(&entries);
    // Nor a creation whose run is still going (another ramwiz, or this one before a new
    // sign-in): its key is that run's to save.
    let open: Vec<_> = all
        .iter()
        .filter(|u| u.account.is_empty() || account.is_empty() || u.account == account)
        .filter(|u| !super::journal::run_alive(&u.run_lock))
        .cloned()
        .collect();
    journal.clear_dead_run_locks();
    // Leftovers of interrupted writes beside every credentials file a creation meant to use,
    // and beside the one found on this machine.
    let mut files: Vec<PathBuf> = all
        .iter()
        .filter(|u| !u.file.is_empty())
        .map(|u| PathBuf::from(&u.file))
        .collect();
    files.push(shared.config.locations.credentials_file.clone());
    files.dedup();
    let leftovers = tokio::task::spawn_blocking(move || {
        let mut all = Vec::new();
        for f in files {
            all.extend(leftovers::list(&f));
        }
        all.sort();
        all.dedup();
        all
    })
    .await
    .unwrap_or_default();
    let outcome = async {
        let mut found = Vec::new();
        let mut keep_files = Vec::new();
        if open.is_empty() {
            return Ok((found, keep_files));
        }
        let client = session(&shared).await?;
        let s2 = shared.clone();
        let local = tokio::task::spawn_blocking(move || local_key_ids(&s2))
            .await
            .unwrap_or_default();
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
            let mut candidates = Vec::new();
            for k in keys
                .into_iter()
                .filter(|k| !local.contains(&k.access_key_id))
                .filter(|k| u.may_have_made(&k.access_key_id, &k.create_date))
            {
                let orphan = Orphan {
                    user: u.user.clone(),
                    key_id: k.access_key_id,
                    create_date: k.create_date,
                };
                match recover(&shared, &client, &u, &orphan, &leftovers, &r).await {
                    Recovery::Saved(note, tmp) => {
                        notes.push(note);
                        let _ = std::fs::remove_file(&tmp);
                    }
                    Recovery::Failed(note, tmp) => {
                        notes.push(note);
                        keep_files.push(tmp);
                        candidates.push(orphan);
                    }
                    Recovery::NoCopy => candidates.push(orphan),
                }
            }
            if candidates.is_empty() {
                journal.record("orphans_checked", &[("user", &u.user)]);
            }
            found.extend(candidates);
        }
        Ok((found, keep_files))
    }
    .await;
    let keep: Vec<PathBuf> = match &outcome {
        Ok((_, keep)) => keep.clone(),
        // The check did not finish: no leftover is removed (one may hold a secret).
        Err(_) => leftovers.clone(),
    };
    // A leftover that holds a secret goes only when every key it holds a secret of is stored
    // on this computer now (in a profile or the keyring; a recovered key is): else it may be
    // the only copy, whatever the journal says (another journal, another account).
    let s2 = shared.clone();
    let local = tokio::task::spawn_blocking(move || local_key_ids(&s2))
        .await
        .unwrap_or_default();
    for tmp in leftovers.iter().filter(|t| !keep.contains(t) && t.exists()) {
        if leftovers::may_hold_secret(tmp) {
            let unstored: Vec<String> = leftovers::key_ids_in(tmp)
                .into_iter()
                .filter(|id| !local.contains(id))
                .collect();
            if !journal_read || !unstored.is_empty() {
                notes.push(format!(
                    "{} {} ({})",
                    strings::LEFTOVER_KEPT(),
                    tmp.display(),
                    unstored.join(", ")
                ));
                continue;
            }
        }
        match std::fs::remove_file(tmp) {
            Ok(()) => notes.push(format!("{} {}", strings::LEFTOVER_REMOVED(), tmp.display())),
            Err(e) => notes.push(format!("{}: {e}", tmp.display())),
        }
    }
    r.finish(match outcome {
        Ok((found, _)) => {
            tracing::info!(
                orphans = found.len(),
                notes = notes.len(),
                "orphaned keys checked"
            );
            Outcome::Done(JobOutput::Orphans(found, notes))
        }
        Err(e) => Outcome::Failed(report(strings::ORPHANS_FAILED(), &e)),
    });
}

enum Recovery {
    /// The key's secret was in a leftover: saved where the run meant to, and it works.
    Saved(String, PathBuf),
    /// It was there but could not be used (said why); the file is kept.
    Failed(String, PathBuf),
    NoCopy,
}

/// An orphan whose secret survives in a leftover of the interrupted save (a complete new
/// credentials file that was never renamed into place): the key is checked with a signed
/// call, then saved into the profile the run meant, as that run would have.
async fn recover(
    shared: &Shared,
    client: &crate::cloud::Client,
    u: &super::Unsaved,
    o: &Orphan,
    leftovers: &[PathBuf],
    r: &Reporter,
) -> Recovery {
    if u.file.is_empty() || u.profile.is_empty() {
        return Recovery::NoCopy;
    }
    let Some((tmp, secret)) = leftovers.iter().find_map(|t| {
        crate::creds::leftovers::secret_in(t, &u.profile, &o.key_id).map(|s| (t.clone(), s))
    }) else {
        return Recovery::NoCopy;
    };
    let failed = |why: String| {
        Recovery::Failed(
            format!(
                "{} {} ({}): {why}",
                strings::LEFTOVER_NOT_RECOVERED(),
                o.key_id,
                tmp.display()
            ),
            tmp.clone(),
        )
    };
    let with_key = client.with_credentials(Credentials::new(&o.key_id, secret.clone()));
    let progress = |attempt, seconds_left| crate::protocol::Progress::Verifying {
        attempt,
        seconds_left,
    };
    let who = super::keep_trying(
        shared.config.patience.verify,
        r,
        progress,
        super::capture::may_be_propagating,
        || with_key.call(&GetCallerIdentity),
    )
    .await;
    if let Err(e) = who {
        return failed(e.to_string());
    }
    let (file, profile, id) = (PathBuf::from(&u.file), u.profile.clone(), o.key_id.clone());
    let now = time::OffsetDateTime::now_utc();
    let saved = tokio::task::spawn_blocking(move || {
        crate::creds::store::save(&file, &profile, &id, &secret, true, None, now)
    })
    .await;
    match saved {
        Ok(Ok(s)) => {
            if let Some(j) = &shared.journal {
                let file = s.target.display().to_string();
                let fields = [
                    ("key_id", o.key_id.as_str()),
                    ("file", file.as_str()),
                    ("profile", u.profile.as_str()),
                    ("keyring", "no"),
                    ("recovered_from", &tmp.display().to_string()),
                ];
                j.record("key_saved", &fields);
            }
            tracing::warn!(key_id = %o.key_id, "an orphan's secret was recovered from a leftover file");
            Recovery::Saved(
                format!(
                    "{} {} ({}) {} [{}] of {}, {}",
                    strings::LEFTOVER_RECOVERED(),
                    o.key_id,
                    o.user,
                    strings::LEFTOVER_RECOVERED_TO(),
                    u.profile,
                    s.target.display(),
                    strings::LEFTOVER_RECOVERED_WORKS(),
                ),
                tmp,
            )
        }
        Ok(Err(e)) => failed(e.to_string()),
        Err(e) => failed(e.to_string()),
    }
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
        Err(e) => Outcome::Failed(report(strings::ORPHANS_FAILED(), &e)),
    });
}

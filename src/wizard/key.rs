//! The installer's AccessKey: the user's current keys (retiring one when there are already
//! two), creating a key or adopting one whose secret the person has. Where it goes is `dest`;
//! the secret screen and verification are `secret`.

use super::input::Edit;
use super::*;
use crate::strings;

/// Retiring one of the user's keys: typed confirmation of the ID's last 4 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetireConfirm {
    pub key_id: String,
    pub delete: bool,
    pub typed: TextField,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyStep {
    pub details: Option<UserDetails>,
    pub selected: usize,
    pub confirm: Option<RetireConfirm>,
    /// Pasting the secret of an existing key: (key ID, the secret).
    pub paste: Option<(String, SecretField)>,
    pub notice: Option<String>,
    pub dest: Option<Destination>,
    /// The key being deactivated or deleted (delete: true), until the cloud answers.
    pub retiring: Option<(String, bool)>,
    /// What became of the local profiles of a key deleted through ramwiz.
    pub forget_note: Option<Result<String, String>>,
    /// The older key of this user that the new key replaced in its profile.
    pub replaced: Option<Replaced>,
}

/// The user's older key that the new one replaced in the profile: still Active and held by no
/// profile, it is retired once the new key works (offered, default yes), or kept if chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub key_id: String,
    pub status: super::recover::OldKeyStatus,
    /// The person chose, or the key is no longer Active: the flow goes on.
    pub settled: bool,
}

/// Deactivates or deletes a key of the chosen user, remembering which (a deleted key's
/// profiles are removed from the file after).
pub(super) fn retire_command(w: &mut Wizard, key_id: String, delete: bool) -> Command {
    w.keys.retiring = Some((key_id.clone(), delete));
    w.keys.forget_note = None;
    let job = w.start_job(JobKind::RetireKey);
    Command::RetireKey {
        job,
        user: chosen_name(w),
        key_id,
        delete,
    }
}

/// A key was retired: when it was deleted and profiles of the destination file hold it, they
/// go too (backup first): a profile holding a deleted key can only fail.
pub(super) fn after_retire(w: &mut Wizard, outcome: &Outcome) -> Vec<Command> {
    let Some((key_id, delete)) = w.keys.retiring.take() else {
        return Vec::new();
    };
    if !delete || !matches!(outcome, Outcome::Done(_)) {
        return Vec::new();
    }
    let held = w.keys.details.as_ref().is_some_and(|d| {
        d.local_profiles
            .iter()
            .any(|(p, id)| *id == key_id && !p.starts_with("keyring:"))
    });
    if !held {
        return Vec::new();
    }
    let job = w.start_job(JobKind::ForgetKey);
    vec![Command::ForgetKey {
        job,
        key_id,
        file: w.dest.file_path(),
    }]
}

pub(super) fn on_forgotten(w: &mut Wizard, outcome: Outcome) {
    w.keys.forget_note = match outcome {
        Outcome::Done(JobOutput::KeyForgotten {
            removed,
            backup,
            file,
        }) if !removed.is_empty() => Some(Ok(strings::profiles_removed(
            &removed,
            &file,
            backup.as_deref(),
        ))),
        Outcome::Done(_) => None,
        Outcome::Failed(r) => Some(Err(strings::profiles_not_removed(&r.detail))),
        Outcome::Cancelled => Some(Err(
            strings::profiles_not_removed(strings::TOOL_CANCELLED()),
        )),
    };
}

pub(super) fn open_keys(w: &mut Wizard) -> Vec<Command> {
    w.screen = Screen::Keys;
    w.keys.confirm = None;
    w.keys.paste = None;
    reload_keys(w)
}

pub(super) fn reload(w: &mut Wizard) -> Vec<Command> {
    reload_keys(w)
}

pub(super) fn reload_keys(w: &mut Wizard) -> Vec<Command> {
    let Some(user) = w.chosen_user.as_ref().map(|u| u.user_name.clone()) else {
        return Vec::new();
    };
    w.users.details.retain(|d| d.user != user);
    w.keys.details = None;
    let job = w.start_job(JobKind::UserDetails);
    vec![Command::LoadUserDetails {
        job,
        user,
        credentials_file: w.dest.file_path(),
    }]
}

pub(super) fn chosen_name(w: &Wizard) -> String {
    w.chosen_user
        .as_ref()
        .map(|u| u.user_name.clone())
        .unwrap_or_default()
}

/// The last four characters of a key ID (what the user types to confirm).
pub fn last4(id: &str) -> String {
    let n = id.chars().count();
    id.chars().skip(n.saturating_sub(4)).collect()
}

/// The user's keys: create one, retire one (typed confirmation), or adopt one whose secret
/// the person has (pasted).
pub(super) fn on_keys(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    if w.keys.confirm.is_some() {
        return on_retire_confirm(w, intent);
    }
    if w.keys.paste.is_some() {
        return on_adopt(w, intent);
    }
    let busy = w.job_of(JobKind::UserDetails).is_some() || w.job_of(JobKind::RetireKey).is_some();
    let keys = w
        .keys
        .details
        .as_ref()
        .map(|d| d.keys.clone())
        .unwrap_or_default();
    let picking = recover::stage(w) == Some(recover::RecoveryStage::PickLost);
    let named = |id: &str| keys.iter().find(|k| k.access_key_id == id).cloned();
    match intent {
        Intent::Back => w.screen = Screen::Destination,
        Intent::MoveSelection(d) if d < 0 => {
            w.keys.selected = w.keys.selected.saturating_sub(d.unsigned_abs() as usize)
        }
        Intent::MoveSelection(d) => {
            w.keys.selected = (w.keys.selected + d as usize).min(keys.len().saturating_sub(1))
        }
        Intent::Reload | Intent::Deactivate(_) | Intent::Delete(_) | Intent::HaveSecret(_)
            if busy => {}
        Intent::ChooseLostKey(_) | Intent::CreateKey if busy => {}
        Intent::Reload => {
            w.keys.notice = None;
            return Some(reload_keys(w));
        }
        Intent::Deactivate(id) => match named(&id) {
            Some(k)
                if k.status.eq_ignore_ascii_case("Active")
                    && keys
                        .iter()
                        .filter(|x| x.status.eq_ignore_ascii_case("Active"))
                        .count()
                        < 2 =>
            {
                w.keys.notice = Some(strings::KEY_ONLY_ACTIVE().into());
                return Some(Vec::new());
            }
            Some(k) if k.status.eq_ignore_ascii_case("Active") => {
                w.keys.confirm = Some(RetireConfirm {
                    key_id: k.access_key_id,
                    delete: false,
                    typed: TextField::default(),
                });
            }
            Some(_) => {
                w.keys.notice = Some(strings::KEY_ALREADY_INACTIVE().into());
                return Some(Vec::new());
            }
            None => {}
        },
        Intent::Delete(id) => match named(&id) {
            Some(k) if k.status.eq_ignore_ascii_case("Active") => {
                w.keys.notice = Some(strings::KEY_DEACTIVATE_FIRST().into());
                return Some(Vec::new());
            }
            Some(k) => {
                w.keys.confirm = Some(RetireConfirm {
                    key_id: k.access_key_id,
                    delete: true,
                    typed: TextField::default(),
                })
            }
            None => {}
        },
        Intent::HaveSecret(id) => match named(&id) {
            Some(k) => w.keys.paste = Some((k.access_key_id, SecretField::default())),
            None => {
                w.keys.notice = Some(strings::KEY_NONE_TO_PASTE().into());
                return Some(Vec::new());
            }
        },
        Intent::ChooseLostKey(id) if picking => {
            w.keys.notice = None;
            if named(&id).is_some() {
                return Some(recover::pick_lost(w, id));
            }
            return Some(Vec::new());
        }
        Intent::CreateKey if !picking => {
            w.keys.notice = None;
            return Some(create_key(w, keys.len()));
        }
        _ => return None,
    }
    w.keys.notice = None;
    Some(Vec::new())
}

/// A new key for the chosen user, unless an orphan of theirs waits or they have two already.
fn create_key(w: &mut Wizard, count: usize) -> Vec<Command> {
    if w.keys.details.is_none() {
        return Vec::new();
    }
    if orphans::unresolved(w, &chosen_name(w)) {
        w.orphans.notice = Some(strings::KEY_ORPHAN_FIRST().into());
        w.orphans.after_capture = true;
        w.screen = Screen::Orphans;
        return Vec::new();
    }
    if count >= 2 {
        w.keys.notice = Some(strings::KEY_LIMIT_CHOOSE().into());
        return Vec::new();
    }
    let Some(dest) = w.keys.dest.clone() else {
        return Vec::new();
    };
    let job = w.start_job(JobKind::Capture);
    w.screen = Screen::Capturing;
    let replaces = w.recovery.as_ref().and_then(|r| r.old_key.clone());
    vec![Command::CreateKey {
        job,
        user: chosen_name(w),
        dest,
        replaces,
    }]
}

/// Typing the last 4 characters of the key to retire, then confirming.
fn on_retire_confirm(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let c = w.keys.confirm.as_mut()?;
    match intent {
        Intent::Back => w.keys.confirm = None,
        Intent::Type(Typed(ch)) => c.typed.push(ch),
        Intent::Erase => c.typed.backspace(),
        Intent::Confirm(typed) if typed == last4(&c.key_id) => {
            let (key_id, delete) = (c.key_id.clone(), c.delete);
            w.keys.confirm = None;
            // A mistyped try before this one is no longer true.
            w.keys.notice = None;
            return Some(vec![retire_command(w, key_id, delete)]);
        }
        Intent::Confirm(_) => w.keys.notice = Some(strings::RETIRE_MISTYPED().into()),
        _ => return None,
    }
    Some(Vec::new())
}

/// Pasting the secret of an existing key, then checking and saving it.
fn on_adopt(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let (key_id, secret) = w.keys.paste.as_mut()?;
    match &intent {
        Intent::Back => w.keys.paste = None,
        Intent::Continue if !secret.value.is_empty() => {
            let (key_id, secret) = (key_id.clone(), secret.value.clone());
            w.keys.paste = None;
            let Some(dest) = w.keys.dest.clone() else {
                return Some(Vec::new());
            };
            let job = w.start_job(JobKind::Capture);
            w.screen = Screen::Capturing;
            return Some(vec![Command::AdoptKey {
                job,
                user: chosen_name(w),
                key_id,
                secret,
                dest,
            }]);
        }
        Intent::Continue | Intent::Type(_) | Intent::Erase | Intent::ClearField => {
            if let Some(edit) = Edit::of(&intent) {
                secret.apply(edit);
            }
        }
        _ => return None,
    }
    Some(Vec::new())
}

pub(super) fn paste_into_keys(w: &mut Wizard, text: &str) {
    if let Some((_, s)) = &mut w.keys.paste {
        s.paste(text);
    } else if let Some(c) = &mut w.keys.confirm {
        c.typed.paste(text);
    }
}

pub(super) fn on_retired(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    if let Outcome::Failed(r) = outcome {
        w.keys.notice = Some(format!("{} {}", r.hint.what, r.detail));
        return Vec::new();
    }
    reload_keys(w)
}

/// The new key works. Did it replace, in its profile, an older key of this user that is still
/// Active? Then nobody holds that one any more: it is offered for retirement.
pub(super) fn note_replaced(w: &mut Wizard) {
    if super::recover::active(w) {
        return;
    }
    let new_key = w.saved.as_ref().map(|c| c.key_id.clone());
    let replaced = w
        .keys
        .dest
        .as_ref()
        .filter(|d| d.backup && d.move_existing_to.is_none())
        .and(w.dest.preflight.as_ref())
        .and_then(|p| p.existing_key.clone())
        .filter(|k| Some(k) != new_key.as_ref());
    let Some(old) = replaced else { return };
    let profile = w
        .keys
        .dest
        .as_ref()
        .map(|d| d.profile.clone())
        .unwrap_or_default();
    let active = w.keys.details.as_ref().is_some_and(|d| {
        d.keys
            .iter()
            .any(|k| k.access_key_id == old && k.status.eq_ignore_ascii_case("Active"))
    });
    // Another profile (or the keyring) holds it still: it is in use, not abandoned.
    let held_elsewhere = w.keys.details.as_ref().is_some_and(|d| {
        d.local_profiles
            .iter()
            .any(|(p, id)| *id == old && *p != profile)
    });
    if active && !held_elsewhere {
        w.keys.replaced = Some(Replaced {
            key_id: old,
            status: super::recover::OldKeyStatus::Active,
            settled: false,
        });
    }
}

/// The verified screen of setup: with an older key replaced, Enter deactivates it first (the
/// safe default), `k` keeps it Active; once deactivated, `x` deletes it (typed confirmation).
/// Enter then goes on to the policy.
pub(super) fn on_verified_setup(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    use super::recover::OldKeyStatus as S;
    let retiring = w.job_of(JobKind::RetireKey).is_some();
    if w.keys.confirm.is_some() {
        return on_retire_confirm(w, intent);
    }
    let pending = w.keys.replaced.clone().filter(|r| !r.settled);
    match (pending, intent) {
        (_, _) if retiring => Some(Vec::new()),
        (Some(r), Intent::Continue | Intent::Deactivate(_)) if r.status == S::Active => {
            Some(vec![retire_command(w, r.key_id, false)])
        }
        (Some(_), Intent::KeepOldKey) => {
            if let Some(r) = &mut w.keys.replaced {
                r.settled = true;
            }
            Some(Vec::new())
        }
        (Some(r), Intent::Delete(_)) if r.status == S::Inactive => {
            w.keys.confirm = Some(RetireConfirm {
                key_id: r.key_id,
                delete: true,
                typed: TextField::default(),
            });
            Some(Vec::new())
        }
        (_, Intent::Continue) => {
            if let Some(r) = &mut w.keys.replaced {
                r.settled = true;
            }
            super::policy::open(w);
            Some(Vec::new())
        }
        _ => None,
    }
}

/// A retirement of the replaced key finished.
pub(super) fn on_replaced_retired(w: &mut Wizard, outcome: Outcome) {
    use super::recover::OldKeyStatus as S;
    let Some(r) = &mut w.keys.replaced else {
        return;
    };
    match outcome {
        Outcome::Done(_) => {
            r.status = if r.status == S::Active {
                S::Inactive
            } else {
                S::Deleted
            };
            if r.status == S::Deleted {
                r.settled = true;
            }
            w.keys.notice = None;
        }
        Outcome::Failed(rep) => w.keys.notice = Some(format!("{} {}", rep.hint.what, rep.detail)),
        Outcome::Cancelled => {}
    }
}

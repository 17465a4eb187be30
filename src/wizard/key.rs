//! The installer's AccessKey: where it will be saved (checked before any key exists), the
//! user's current keys (retiring one when there are already two), creating or adopting a key,
//! the secret screen, and verification.

use std::path::PathBuf;

use super::input::Edit;
use super::*;
use crate::creds::store::Preflight;
use crate::strings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestForm {
    /// File path, profile name.
    pub fields: [TextField; 2],
    /// 0 file, 1 profile, 2 keyring toggle.
    pub focus: usize,
    pub keyring: bool,
    /// Whether the OS keyring answered (`None` while unknown).
    pub keyring_available: Option<Result<(), String>>,
    pub error: Option<String>,
    /// The profile holds this other key: back up and replace, or pick another name.
    pub replace_offer: Option<String>,
    pub preflight: Option<Preflight>,
    /// The destination is for a secret already in hand (every store failed before).
    pub resave: bool,
}

impl DestForm {
    pub fn new(file: PathBuf) -> Self {
        let f = TextField {
            value: file.display().to_string(),
        };
        let p = TextField {
            value: "default".into(),
        };
        Self {
            fields: [f, p],
            focus: 0,
            keyring: false,
            keyring_available: None,
            error: None,
            replace_offer: None,
            preflight: None,
            resave: false,
        }
    }
    pub fn file_path(&self) -> PathBuf {
        PathBuf::from(self.fields[0].value.trim())
    }
    pub fn profile(&self) -> &str {
        self.fields[1].value.trim()
    }
    pub fn destination(&self, backup: bool) -> Destination {
        Destination {
            file: self.file_path(),
            profile: self.profile().to_owned(),
            keyring: self.keyring && matches!(self.keyring_available, Some(Ok(()))),
            backup,
        }
    }
}

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
}

/// The secret screen's state. The secret lives here until the user confirms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretView {
    pub captured: Captured,
    pub revealed: bool,
    pub copied: bool,
    pub confirming: bool,
}

pub(super) fn open_destination(w: &mut Wizard) -> Vec<Command> {
    w.screen = Screen::Destination;
    w.dest.error = None;
    w.dest.replace_offer = None;
    if w.dest.keyring_available.is_none() && w.job_of(JobKind::Keyring).is_none() {
        let job = w.start_job(JobKind::Keyring);
        return vec![Command::ProbeKeyring { job }];
    }
    Vec::new()
}

pub(super) fn on_keyring(w: &mut Wizard, outcome: Outcome) {
    w.dest.keyring_available = Some(match outcome {
        Outcome::Done(JobOutput::Keyring(r)) => r,
        Outcome::Failed(r) => Err(r.detail),
        _ => Err(strings::KEYRING_UNKNOWN.into()),
    });
}

/// The destination form: file, profile, keyring; Continue checks it before any key exists.
/// When the profile holds another key, the only question is: replace it, or another name.
pub(super) fn on_dest(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let d = &mut w.dest;
    if d.replace_offer.is_some() {
        match intent {
            Intent::ReplaceProfile => {
                d.replace_offer = None;
                return Some(destination_ready(w, true));
            }
            Intent::OtherProfile => {
                d.replace_offer = None;
                d.focus = 1;
                d.fields[1].clear();
            }
            _ => return None,
        }
        return Some(Vec::new());
    }
    let keyring = matches!(d.keyring_available, Some(Ok(())));
    let fields = if keyring { 3 } else { 2 };
    match &intent {
        Intent::Back if d.resave => w.screen = Screen::SecretShown,
        Intent::Back => {
            w.screen = if w.users.loaded || !w.users.users.is_empty() {
                Screen::SelectUser
            } else {
                Screen::UserChoice
            }
        }
        Intent::NextField => d.focus = (d.focus + 1) % fields,
        Intent::PrevField => d.focus = (d.focus + fields - 1) % fields,
        Intent::Set(Choice::Keyring, on) if keyring => {
            d.keyring = *on;
            d.focus = 2;
        }
        Intent::Continue => {
            if w.job_of(JobKind::Preflight).is_some() {
                return Some(Vec::new());
            }
            let dest = w.dest.destination(false);
            let job = w.start_job(JobKind::Preflight);
            return Some(vec![Command::Preflight { job, dest }]);
        }
        other => {
            let edit = Edit::of(other)?;
            match other {
                Intent::Fill(Field::DestFile, _) => d.focus = 0,
                Intent::Fill(Field::DestProfile, _) => d.focus = 1,
                Intent::Fill(..) => return None,
                _ if d.focus >= 2 => return None,
                _ => {}
            }
            d.fields[d.focus].apply(edit);
            if edit != Edit::Clear {
                d.error = None;
            }
        }
    }
    Some(Vec::new())
}

pub(super) fn paste_into_dest(w: &mut Wizard, text: &str) {
    let d = &mut w.dest;
    if d.focus < 2 {
        d.fields[d.focus].paste(text);
        d.error = None;
    }
}

pub(super) fn on_preflight(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(JobOutput::Preflight(p)) => {
            // Replacing a profile that exists loses what it holds from this file (a key's
            // secret, or a profile of another kind): always ask first.
            // A recovery replaces the lost key's own profile in place (after a backup).
            let in_place = p
                .existing_key
                .as_deref()
                .is_some_and(|k| recover::replaces_lost_key(w, k));
            let other = p.existing_key.clone().filter(|_| !in_place);
            w.dest.preflight = Some(*p);
            match other {
                Some(k) => {
                    w.dest.replace_offer = Some(k);
                    Vec::new()
                }
                None => destination_ready(w, in_place),
            }
        }
        Outcome::Failed(r) => {
            w.dest.error = Some(format!("{} {}", r.detail, r.hint.todo));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn destination_ready(w: &mut Wizard, backup: bool) -> Vec<Command> {
    let dest = w.dest.destination(backup);
    if w.dest.resave {
        let job = w.start_job(JobKind::Capture);
        w.screen = Screen::Capturing;
        return vec![Command::SaveAgain { job, dest }];
    }
    w.keys.dest = Some(dest);
    open_keys(w)
}

fn open_keys(w: &mut Wizard) -> Vec<Command> {
    w.screen = Screen::Keys;
    w.keys.confirm = None;
    w.keys.paste = None;
    reload_keys(w)
}

pub(super) fn reload(w: &mut Wizard) -> Vec<Command> {
    reload_keys(w)
}

fn reload_keys(w: &mut Wizard) -> Vec<Command> {
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

fn chosen_name(w: &Wizard) -> String {
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
                w.keys.notice = Some(strings::KEY_ONLY_ACTIVE.into());
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
                w.keys.notice = Some(strings::KEY_ALREADY_INACTIVE.into());
                return Some(Vec::new());
            }
            None => {}
        },
        Intent::Delete(id) => match named(&id) {
            Some(k) if k.status.eq_ignore_ascii_case("Active") => {
                w.keys.notice = Some(strings::KEY_DEACTIVATE_FIRST.into());
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
                w.keys.notice = Some(strings::KEY_NONE_TO_PASTE.into());
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
        w.orphans.notice = Some(strings::KEY_ORPHAN_FIRST.into());
        w.orphans.after_capture = true;
        w.screen = Screen::Orphans;
        return Vec::new();
    }
    if count >= 2 {
        w.keys.notice = Some(strings::KEY_LIMIT_CHOOSE.into());
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
            let job = w.start_job(JobKind::RetireKey);
            return Some(vec![Command::RetireKey {
                job,
                user: chosen_name(w),
                key_id,
                delete,
            }]);
        }
        Intent::Confirm(_) => w.keys.notice = Some(strings::RETIRE_MISTYPED.into()),
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

pub(super) fn on_captured(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    w.progress = None;
    match outcome {
        Outcome::Done(JobOutput::Captured(c)) => {
            w.dest.resave = false;
            w.secret = Some(SecretView {
                captured: *c,
                revealed: false,
                copied: false,
                confirming: false,
            });
            w.screen = Screen::SecretShown;
        }
        Outcome::Failed(report) => {
            let back_to = if w.secret.is_some() {
                Screen::SecretShown
            } else {
                Screen::Keys
            };
            let orphan = orphaned_key(&report).map(str::to_owned);
            w.error = Some(ErrorView { report, back_to });
            w.screen = Screen::Error;
            if let Some(key_id) = orphan {
                // The key was made and its answer lost: offer it at once (leaving the error
                // goes to it), and make no other key for this user until it is resolved.
                orphans::add_after_capture(w, chosen_name(w), key_id);
            }
            if back_to == Screen::Keys {
                return reload_keys(w);
            }
        }
        Outcome::Cancelled | Outcome::Done(_) => w.screen = Screen::Keys,
    }
    Vec::new()
}

/// The one-time secret: reveal, copy, save elsewhere when every store failed, and continue
/// once the person says it is saved.
pub(super) fn on_secret(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let s = w.secret.as_mut()?;
    if s.confirming {
        return match intent {
            Intent::Answer(true) => Some(confirm_secret(w)),
            Intent::Answer(false) => {
                s.confirming = false;
                Some(Vec::new())
            }
            _ => None,
        };
    }
    match intent {
        Intent::Reveal => s.revealed = !s.revealed,
        Intent::Copy => {
            if let Some(secret) = s.captured.secret.clone() {
                s.copied = true;
                return Some(vec![Command::CopyToClipboard(secret)]);
            }
        }
        Intent::OtherDestination if !s.captured.stored_anywhere() => {
            w.dest.resave = true;
            w.dest.error = None;
            w.screen = Screen::Destination;
        }
        Intent::Continue => s.confirming = true,
        _ => return None,
    }
    Some(Vec::new())
}

/// The user confirmed: the secret leaves the wizard and the screen, and verification starts.
/// (The engine keeps the key in memory only, to verify it and hand it to later steps.)
fn confirm_secret(w: &mut Wizard) -> Vec<Command> {
    let Some(s) = w.secret.take() else {
        return Vec::new();
    };
    let mut c = s.captured;
    c.secret = None;
    w.saved = Some(c);
    let job = w.start_job(JobKind::Verify);
    w.screen = Screen::Verifying;
    vec![Command::VerifyKey {
        job,
        user: chosen_name(w),
    }]
}

pub(super) fn on_verified(w: &mut Wizard, outcome: Outcome) {
    w.progress = None;
    match outcome {
        Outcome::Done(JobOutput::Verified(id)) => {
            w.verified = Some(id);
            w.screen = Screen::Verified;
        }
        Outcome::Failed(report) => {
            // Enter verifies again (a new key can take a while); Esc goes to the keys.
            w.error = Some(ErrorView {
                report,
                back_to: Screen::Verifying,
            });
            w.screen = Screen::Error;
        }
        _ => w.screen = Screen::Keys,
    }
}

/// Verifies the saved key again (after a failed verification).
pub(super) fn verify_again(w: &mut Wizard) -> Vec<Command> {
    let job = w.start_job(JobKind::Verify);
    w.screen = Screen::Verifying;
    vec![Command::VerifyKey {
        job,
        user: chosen_name(w),
    }]
}

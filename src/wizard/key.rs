//! The installer's AccessKey: where it will be saved (checked before any key exists), the
//! user's current keys (retiring one when there are already two), creating or adopting a key,
//! the secret screen, and verification.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

pub(super) fn on_dest_key(w: &mut Wizard, key: KeyEvent) -> Vec<Command> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let d = &mut w.dest;
    if d.replace_offer.is_some() {
        match key.code {
            KeyCode::Char('b') => {
                d.replace_offer = None;
                return destination_ready(w, true);
            }
            KeyCode::Char('n') | KeyCode::Esc => {
                d.replace_offer = None;
                d.focus = 1;
                d.fields[1].clear();
            }
            _ => {}
        }
        return Vec::new();
    }
    let fields = if matches!(d.keyring_available, Some(Ok(()))) {
        3
    } else {
        2
    };
    match key.code {
        KeyCode::Esc if d.resave => w.screen = Screen::SecretShown,
        KeyCode::Esc if !d.resave => {
            w.screen = if w.users.loaded || !w.users.users.is_empty() {
                Screen::SelectUser
            } else {
                Screen::UserChoice
            }
        }
        KeyCode::Tab | KeyCode::Down => d.focus = (d.focus + 1) % fields,
        KeyCode::BackTab | KeyCode::Up => d.focus = (d.focus + fields - 1) % fields,
        KeyCode::Char(' ') if d.focus == 2 => d.keyring = !d.keyring,
        KeyCode::Char('u') if ctrl && d.focus < 2 => d.fields[d.focus].clear(),
        KeyCode::Char(c) if !ctrl && d.focus < 2 => {
            d.fields[d.focus].push(c);
            d.error = None;
        }
        KeyCode::Backspace if d.focus < 2 => {
            d.fields[d.focus].backspace();
            d.error = None;
        }
        KeyCode::Enter => {
            if w.job_of(JobKind::Preflight).is_some() {
                return Vec::new();
            }
            let dest = w.dest.destination(false);
            let job = w.start_job(JobKind::Preflight);
            return vec![Command::Preflight { job, dest }];
        }
        _ => {}
    }
    Vec::new()
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

pub(super) fn on_keys_key(w: &mut Wizard, key: KeyEvent) -> Vec<Command> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let busy = w.job_of(JobKind::UserDetails).is_some() || w.job_of(JobKind::RetireKey).is_some();
    if let Some(c) = &mut w.keys.confirm {
        match key.code {
            KeyCode::Esc => w.keys.confirm = None,
            KeyCode::Backspace => c.typed.backspace(),
            KeyCode::Char(ch) if !ctrl => c.typed.push(ch),
            KeyCode::Enter if c.typed.value == last4(&c.key_id) => {
                let (key_id, delete) = (c.key_id.clone(), c.delete);
                w.keys.confirm = None;
                let job = w.start_job(JobKind::RetireKey);
                return vec![Command::RetireKey {
                    job,
                    user: chosen_name(w),
                    key_id,
                    delete,
                }];
            }
            KeyCode::Enter => w.keys.notice = Some(strings::RETIRE_MISTYPED.into()),
            _ => {}
        }
        return Vec::new();
    }
    if let Some((key_id, secret)) = &mut w.keys.paste {
        match key.code {
            KeyCode::Esc => w.keys.paste = None,
            KeyCode::Backspace => secret.backspace(),
            KeyCode::Char('u') if ctrl => secret.clear(),
            KeyCode::Char(ch) if !ctrl => secret.push(ch),
            KeyCode::Enter if !secret.value.is_empty() => {
                let (key_id, secret) = (key_id.clone(), secret.value.clone());
                w.keys.paste = None;
                let Some(dest) = w.keys.dest.clone() else {
                    return Vec::new();
                };
                let job = w.start_job(JobKind::Capture);
                w.screen = Screen::Capturing;
                return vec![Command::AdoptKey {
                    job,
                    user: chosen_name(w),
                    key_id,
                    secret,
                    dest,
                }];
            }
            _ => {}
        }
        return Vec::new();
    }
    let keys = w
        .keys
        .details
        .as_ref()
        .map(|d| d.keys.clone())
        .unwrap_or_default();
    let highlighted = keys.get(w.keys.selected).cloned();
    w.keys.notice = None;
    match key.code {
        KeyCode::Esc => w.screen = Screen::Destination,
        KeyCode::Up | KeyCode::Char('k') => w.keys.selected = w.keys.selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => {
            w.keys.selected = (w.keys.selected + 1).min(keys.len().saturating_sub(1))
        }
        KeyCode::Char('r') if !busy => return reload_keys(w),
        KeyCode::Char('d') if !busy => match highlighted {
            Some(k)
                if k.status.eq_ignore_ascii_case("Active")
                    && keys
                        .iter()
                        .filter(|x| x.status.eq_ignore_ascii_case("Active"))
                        .count()
                        < 2 =>
            {
                w.keys.notice = Some(strings::KEY_ONLY_ACTIVE.into());
            }
            Some(k) if k.status.eq_ignore_ascii_case("Active") => {
                w.keys.confirm = Some(RetireConfirm {
                    key_id: k.access_key_id,
                    delete: false,
                    typed: TextField::default(),
                });
            }
            Some(_) => w.keys.notice = Some(strings::KEY_ALREADY_INACTIVE.into()),
            None => {}
        },
        KeyCode::Char('x') if !busy => match highlighted {
            Some(k) if k.status.eq_ignore_ascii_case("Active") => {
                w.keys.notice = Some(strings::KEY_DEACTIVATE_FIRST.into())
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
        KeyCode::Char('p') if !busy => match highlighted {
            Some(k) => w.keys.paste = Some((k.access_key_id, SecretField::default())),
            None => w.keys.notice = Some(strings::KEY_NONE_TO_PASTE.into()),
        },
        KeyCode::Enter if !busy && recover::stage(w) == Some(recover::RecoveryStage::PickLost) => {
            if let Some(k) = highlighted {
                return recover::pick_lost(w, k.access_key_id);
            }
        }
        KeyCode::Enter | KeyCode::Char('n') if !busy => {
            if w.keys.details.is_none() {
                return Vec::new();
            }
            if orphans::unresolved(w, &chosen_name(w)) {
                w.orphans.notice = Some(strings::KEY_ORPHAN_FIRST.into());
                w.orphans.after_capture = true;
                w.screen = Screen::Orphans;
                return Vec::new();
            }
            if keys.len() >= 2 {
                w.keys.notice = Some(strings::KEY_LIMIT_CHOOSE.into());
                return Vec::new();
            }
            let Some(dest) = w.keys.dest.clone() else {
                return Vec::new();
            };
            let job = w.start_job(JobKind::Capture);
            w.screen = Screen::Capturing;
            let replaces = w.recovery.as_ref().and_then(|r| r.old_key.clone());
            return vec![Command::CreateKey {
                job,
                user: chosen_name(w),
                dest,
                replaces,
            }];
        }
        _ => {}
    }
    Vec::new()
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

pub(super) fn on_secret_key(w: &mut Wizard, key: KeyEvent) -> Vec<Command> {
    let Some(s) = &mut w.secret else {
        return Vec::new();
    };
    if s.confirming {
        return match key.code {
            KeyCode::Char('y') => confirm_secret(w),
            _ => {
                s.confirming = false;
                Vec::new()
            }
        };
    }
    match key.code {
        KeyCode::Char('r') => s.revealed = !s.revealed,
        KeyCode::Char('c') => {
            if let Some(secret) = s.captured.secret.clone() {
                s.copied = true;
                return vec![Command::CopyToClipboard(secret)];
            }
        }
        KeyCode::Char('o') if !s.captured.stored_anywhere() => {
            w.dest.resave = true;
            w.dest.error = None;
            w.screen = Screen::Destination;
        }
        KeyCode::Enter => s.confirming = true,
        _ => {}
    }
    Vec::new()
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

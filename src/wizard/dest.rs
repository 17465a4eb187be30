//! Where the installer's key will be saved: the credentials file and profile, and the OS
//! keyring. Checked before any key exists (the preflight); a profile holding another key is
//! replaced only when the person says so (after a backup).

use std::path::PathBuf;

use super::input::Edit;
use super::key::open_keys;
use super::*;
use crate::creds::store::Preflight;
use crate::strings;

/// Whether the key the profile holds already is the chosen user's, working (checked by one
/// signed call with it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum HeldCheck {
    #[default]
    NotAsked,
    Checking,
    Works(Box<crate::cloud::model::CallerIdentity>),
    DoesNot,
}

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
    /// The profile's key is the one this session signed in with: never replaced, only moved.
    pub held_is_signed_in: bool,
    /// The name the signed-in key moves to, while it is being typed (after `m`).
    pub move_to: Option<TextField>,
    /// Is the held key the chosen user's own, working?
    pub held: HeldCheck,
    /// That key was kept: no new key in this run.
    pub kept_held: bool,
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
            held_is_signed_in: false,
            move_to: None,
            held: HeldCheck::NotAsked,
            kept_held: false,
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
            move_existing_to: None,
        }
    }
}

pub(super) fn open_destination(w: &mut Wizard) -> Vec<Command> {
    w.screen = Screen::Destination;
    w.dest.error = None;
    w.dest.replace_offer = None;
    w.dest.move_to = None;
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
        _ => Err(strings::KEYRING_UNKNOWN().into()),
    });
}

/// The destination form: file, profile, keyring; Continue checks it before any key exists.
/// When the profile holds another key, the only question is: replace it, or another name.
pub(super) fn on_dest(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let d = &mut w.dest;
    if d.move_to.is_some() {
        return on_move_name(w, intent);
    }
    if d.replace_offer.is_some() {
        match intent {
            // The signed-in key is never replaced: only moved (m) or kept (n).
            Intent::ReplaceProfile if !d.held_is_signed_in => {
                d.replace_offer = None;
                return Some(destination_ready(w, true, None));
            }
            Intent::KeepHeldKey if matches!(d.held, HeldCheck::Works(_)) => {
                return Some(keep_held(w));
            }
            Intent::MoveSignedIn if d.held_is_signed_in => {
                let name = move_name_for(w);
                let d = &mut w.dest;
                d.move_to = Some(TextField { value: name });
                d.error = None;
            }
            Intent::OtherProfile => {
                d.replace_offer = None;
                d.focus = 1;
                d.fields[1].clear();
            }
            Intent::Back => {
                d.replace_offer = None;
                d.focus = 1;
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
                    w.dest.held_is_signed_in =
                        w.signed_in.as_ref().is_some_and(|s| s.access_key_id == k);
                    w.dest.held = HeldCheck::NotAsked;
                    w.dest.replace_offer = Some(k.clone());
                    // An existing user's key there may be this user's working key (a rerun):
                    // one signed call says, and it can be kept instead of making another.
                    let user = w.chosen_user.as_ref().map(|u| u.user_name.clone());
                    match user {
                        Some(user)
                            if !w.dest.held_is_signed_in
                                && !k.is_empty()
                                && !w.new_user.created
                                && !w.dest.resave
                                && !recover::active(w) =>
                        {
                            w.dest.held = HeldCheck::Checking;
                            let job = w.start_job(JobKind::HeldKey);
                            let account_id = w
                                .signed_in
                                .as_ref()
                                .map(|s| s.identity.account_id.clone())
                                .unwrap_or_default();
                            vec![Command::CheckHeldKey {
                                job,
                                user,
                                account_id,
                                key_id: k,
                                file: w.dest.file_path(),
                                profile: w.dest.profile().to_owned(),
                            }]
                        }
                        _ => Vec::new(),
                    }
                }
                None => destination_ready(w, in_place, None),
            }
        }
        Outcome::Failed(r) => {
            let stop = if r.detail.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            w.dest.error = Some(format!("{}{stop} {}", r.detail, r.hint.todo));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The name typed for the signed-in key's new profile: Enter checks it and goes on (the move
/// and the new key are one write), Esc goes back to the question.
fn on_move_name(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let d = &mut w.dest;
    let field = d.move_to.as_mut()?;
    match &intent {
        Intent::Back => {
            d.move_to = None;
            d.error = None;
        }
        Intent::Continue => {
            let name = field.value.trim().to_owned();
            let taken = d
                .preflight
                .as_ref()
                .is_some_and(|p| p.profiles.contains(&name));
            d.error = if !crate::creds::editor::valid_profile_name(&name) {
                Some(strings::move_name_bad(&name))
            } else if name == d.profile() || taken {
                Some(strings::move_name_taken(&name))
            } else {
                d.move_to = None;
                d.replace_offer = None;
                return Some(destination_ready(w, true, Some(name)));
            };
        }
        Intent::Fill(Field::MoveTo, _) | Intent::Type(_) | Intent::Erase | Intent::ClearField => {
            field.apply(Edit::of(&intent)?);
            d.error = None;
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// `<identity>-admin`: the RAM user's name, or `root` for the account owner; a free name.
fn move_name_for(w: &Wizard) -> String {
    let who = w.signed_in.as_ref().map(|s| &s.identity);
    let base = match who {
        Some(i) if i.is_account_owner() => "root".to_owned(),
        Some(i) => i
            .user_name()
            .filter(|n| crate::creds::editor::valid_profile_name(&format!("{n}-admin")))
            .unwrap_or("signed-in")
            .to_owned(),
        None => "signed-in".to_owned(),
    };
    let taken = |n: &str| {
        n == w.dest.profile()
            || w.dest
                .preflight
                .as_ref()
                .is_some_and(|p| p.profiles.iter().any(|x| x == n))
    };
    let first = format!("{base}-admin");
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|i| format!("{base}-admin-{i}"))
        .find(|n| !taken(n))
        .unwrap_or(first)
}

fn destination_ready(w: &mut Wizard, backup: bool, move_to: Option<String>) -> Vec<Command> {
    let mut dest = w.dest.destination(backup);
    dest.move_existing_to = move_to;
    if w.dest.resave {
        let job = w.start_job(JobKind::Capture);
        w.screen = Screen::Capturing;
        return vec![Command::SaveAgain { job, dest }];
    }
    w.keys.dest = Some(dest);
    open_keys(w)
}

pub(super) fn on_held(w: &mut Wizard, outcome: Outcome) {
    // An answer for another key or profile (the question moved on since) is dropped.
    let current = |profile: &str, key_id: &str| {
        w.dest.replace_offer.as_deref() == Some(key_id) && w.dest.profile() == profile
    };
    w.dest.held = match outcome {
        Outcome::Done(JobOutput::HeldKey {
            profile,
            key_id,
            who,
        }) => {
            if !current(&profile, &key_id) {
                return;
            }
            match who {
                Some(who) => HeldCheck::Works(who),
                None => HeldCheck::DoesNot,
            }
        }
        _ => HeldCheck::DoesNot,
    };
}

/// `k`: the engine takes the held key as the installer's key; then the flow goes on as after
/// a verified new key.
fn keep_held(w: &mut Wizard) -> Vec<Command> {
    let Some(key_id) = w.dest.replace_offer.clone() else {
        return Vec::new();
    };
    if w.job_of(JobKind::KeepHeld).is_some() {
        return Vec::new();
    }
    let job = w.start_job(JobKind::KeepHeld);
    vec![Command::KeepHeldKey { job, key_id }]
}

/// The held key is the session's installer key now: nothing was made or written.
pub(super) fn on_held_kept(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    let (HeldCheck::Works(who), Some(key_id)) = (w.dest.held.clone(), w.dest.replace_offer.clone())
    else {
        return Vec::new();
    };
    if let Outcome::Failed(r) = outcome {
        w.dest.error = Some(format!("{} {}", r.hint.what, r.detail));
        w.dest.held = HeldCheck::DoesNot;
        return Vec::new();
    }
    let target = w
        .dest
        .preflight
        .as_ref()
        .map_or_else(|| w.dest.file_path(), |p| p.target.clone());
    w.saved = Some(Captured {
        key_id,
        create_date: String::new(),
        secret: None,
        dest: w.dest.destination(false),
        file: Ok(SavedTo {
            target,
            backup: None,
            loose_mode: None,
            notes: Vec::new(),
        }),
        keyring: None,
    });
    w.verified = Some(*who);
    w.dest.kept_held = true;
    w.dest.replace_offer = None;
    w.screen = Screen::Verified;
    // Its keys and policies as they are now (the policy step acts only on a difference).
    super::key::reload_keys(w)
}

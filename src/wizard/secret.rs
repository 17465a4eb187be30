//! The one-time secret: shown masked once the key is saved, revealed or copied on request,
//! dropped from the wizard when the person says it is saved; then the new key is verified.

use super::key::{chosen_name, reload_keys};
use super::*;
use crate::strings;

/// The secret screen's state. The secret lives here until the user confirms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretView {
    pub captured: Captured,
    pub revealed: bool,
    pub copied: bool,
    /// The local clipboard tool that took it too (`wl-copy`…), when there was one.
    pub copied_with: Option<&'static str>,
    pub confirming: bool,
}

pub(super) fn on_captured(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    w.progress = None;
    match outcome {
        Outcome::Done(JobOutput::Captured(c)) => {
            w.dest.resave = false;
            // The signed-in key moved to a profile of its own (a role profile whole, its role
            // with it): say where it is now (when it came from that profile; the environment
            // still holds it as it did).
            if let (Some(to), Ok(_), Some(s)) =
                (&c.dest.move_existing_to, &c.file, w.signed_in.as_mut())
            {
                use crate::creds::sources::{profile_label, with_role};
                let role = s.role.as_ref().map(|r| r.role_arn.clone());
                if s.source_label == with_role(profile_label(&c.dest.profile), role.as_deref()) {
                    s.source_label = with_role(strings::moved_source_label(to), role.as_deref());
                }
            }
            w.secret = Some(SecretView {
                captured: *c,
                revealed: false,
                copied: false,
                copied_with: None,
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
            super::key::note_replaced(w);
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

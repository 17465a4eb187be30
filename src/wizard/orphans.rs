//! Orphaned keys found after sign-in: keys an interrupted run created and nobody saved.
//! Each can be deleted (confirmed by the last 4 characters of its ID) or kept.

use super::*;
use crate::strings;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrphanStep {
    pub list: Vec<Orphan>,
    pub selected: usize,
    /// Typing the last 4 characters of the highlighted key's ID, to delete it.
    pub confirm: Option<TextField>,
    pub notice: Option<String>,
    /// The check followed a key creation whose answer was lost (not a sign-in): leaving the
    /// list goes back to the user's keys.
    pub after_capture: bool,
    /// What the check did on its own: a key recovered from an interrupted run's file, files
    /// it left removed (shown with the identity).
    pub notes: Vec<String>,
}

/// After a sign-in: look for orphans (quietly; a screen appears only if there are some).
pub(super) fn check(w: &mut Wizard) -> Vec<Command> {
    let job = w.start_job(JobKind::Orphans);
    vec![Command::FindOrphans { job }]
}

/// A key creation made `key_id` but its answer was lost: it is an orphan of `user` from now on,
/// offered when the error is left.
pub(super) fn add_after_capture(w: &mut Wizard, user: String, key_id: String) {
    w.orphans.list.retain(|o| o.key_id != key_id);
    w.orphans.list.push(Orphan {
        user,
        key_id,
        create_date: String::new(),
    });
    w.orphans.selected = w.orphans.list.len() - 1;
    w.orphans.after_capture = true;
    if let Some(e) = &mut w.error {
        e.back_to = Screen::Orphans;
    }
}

pub(super) fn on_found(w: &mut Wizard, outcome: Outcome) {
    let Outcome::Done(JobOutput::Orphans(list, notes)) = outcome else {
        return;
    };
    w.orphans.notes.extend(notes);
    if !list.is_empty() {
        let after_capture = w.orphans.after_capture;
        w.orphans = OrphanStep {
            list,
            after_capture,
            notes: std::mem::take(&mut w.orphans.notes),
            ..Default::default()
        };
        if w.screen == Screen::Identity {
            w.screen = Screen::Orphans;
        }
    }
}

/// Leaves the list: back to the user's keys after a capture, else to the identity.
fn leave(w: &mut Wizard) -> Vec<Command> {
    if w.orphans.after_capture {
        w.orphans.after_capture = false;
        w.screen = Screen::Keys;
        key::reload(w)
    } else {
        w.screen = Screen::Identity;
        Vec::new()
    }
}

/// Whether `user` has an orphan nobody resolved yet (no new key until it is).
pub fn unresolved(w: &Wizard, user: &str) -> bool {
    w.orphans.list.iter().any(|o| o.user == user)
}

/// The orphan list: delete one (typed confirmation), keep one, or leave them for later.
pub(super) fn on_intent(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let busy = w.job_of(JobKind::ResolveOrphan).is_some();
    let o = &mut w.orphans;
    let current = o.list.get(o.selected).cloned();
    if let Some(typed) = &mut o.confirm {
        match intent {
            Intent::Back => o.confirm = None,
            Intent::Type(Typed(c)) => typed.push(c),
            Intent::Erase => typed.backspace(),
            Intent::Confirm(text) => {
                let Some(orphan) = current else {
                    return Some(Vec::new());
                };
                if text != key::last4(&orphan.key_id) {
                    o.notice = Some(strings::RETIRE_MISTYPED().into());
                    return Some(Vec::new());
                }
                o.confirm = None;
                let job = w.start_job(JobKind::ResolveOrphan);
                return Some(vec![Command::ResolveOrphan {
                    job,
                    user: orphan.user,
                    key_id: orphan.key_id,
                    delete: true,
                }]);
            }
            _ => return None,
        }
        return Some(Vec::new());
    }
    let named = |id: &str| o.list.iter().position(|x| x.key_id == id);
    match intent {
        Intent::MoveSelection(d) if d < 0 => {
            o.selected = o.selected.saturating_sub(d.unsigned_abs() as usize)
        }
        Intent::MoveSelection(d) => {
            o.selected = (o.selected + d as usize).min(o.list.len().saturating_sub(1))
        }
        Intent::Delete(_) | Intent::Keep(_) if busy => {}
        Intent::Delete(id) => {
            if let Some(i) = named(&id) {
                o.selected = i;
                o.confirm = Some(TextField::default());
            }
        }
        Intent::Keep(id) => {
            if let Some(orphan) = named(&id).and_then(|i| o.list.get(i).cloned()) {
                o.notice = None;
                let job = w.start_job(JobKind::ResolveOrphan);
                return Some(vec![Command::ResolveOrphan {
                    job,
                    user: orphan.user,
                    key_id: orphan.key_id,
                    delete: false,
                }]);
            }
        }
        Intent::Back => {
            o.notice = None;
            return Some(leave(w));
        }
        _ => return None,
    }
    w.orphans.notice = None;
    Some(Vec::new())
}

pub(super) fn on_resolved(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(JobOutput::OrphanResolved(id)) => {
            w.orphans.list.retain(|o| o.key_id != id);
            w.orphans.selected = w
                .orphans
                .selected
                .min(w.orphans.list.len().saturating_sub(1));
            if w.orphans.list.is_empty() && w.screen == Screen::Orphans {
                return leave(w);
            }
        }
        Outcome::Failed(r) => w.orphans.notice = Some(format!("{} {}", r.hint.what, r.detail)),
        _ => {}
    }
    Vec::new()
}

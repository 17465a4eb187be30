//! "Recover a lost AccessKey": pick the user and the key whose secret is lost, create its
//! replacement through the same capture path (saved into the profile that held the lost key),
//! verify it, then deactivate the old key and, once the user says nothing broke, delete it.
//! The old key is never touched before the new one works.

use super::*;
use crate::strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryStage {
    /// Choosing the key whose secret is lost.
    PickLost,
    /// Creating, saving and verifying its replacement.
    Rotating,
    /// The replacement works; the old key is deactivated, waiting for "nothing broke".
    Deactivated,
    Done,
}

/// What became of the lost key: the person decides, at each step, to go on or keep it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldKeyStatus {
    Active,
    Inactive,
    Deleted,
}

impl OldKeyStatus {
    /// As Alibaba names a key's status (and the report's `lost_key_status`).
    pub fn name(self) -> &'static str {
        match self {
            OldKeyStatus::Active => "Active",
            OldKeyStatus::Inactive => "Inactive",
            OldKeyStatus::Deleted => "Deleted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    pub stage: RecoveryStage,
    /// The key whose secret is lost.
    pub old_key: Option<String>,
    /// Where the replacement goes, when chosen ahead (`ramwiz apply`); else the profile that
    /// held the lost key.
    pub profile: Option<String>,
    pub old_status: OldKeyStatus,
}

pub(super) fn start(w: &mut Wizard) {
    w.recovery = Some(Recovery {
        stage: RecoveryStage::PickLost,
        old_key: None,
        profile: None,
        old_status: OldKeyStatus::Active,
    });
    w.cco.teardown_mode = false;
    w.screen = Screen::SignIn;
}

pub fn active(w: &Wizard) -> bool {
    w.recovery.is_some()
}

pub fn stage(w: &Wizard) -> Option<RecoveryStage> {
    w.recovery.as_ref().map(|r| r.stage)
}

/// The user is chosen: show its keys and where each is stored (the keyring is asked too).
pub(super) fn open_keys(w: &mut Wizard) -> Vec<Command> {
    let mut cmds = Vec::new();
    if w.dest.keyring_available.is_none() && w.job_of(JobKind::Keyring).is_none() {
        let job = w.start_job(JobKind::Keyring);
        cmds.push(Command::ProbeKeyring { job });
    }
    w.keys.dest = None;
    cmds.extend(key::reload(w));
    w.screen = Screen::Keys;
    cmds
}

/// Enter on a key while picking: this is the lost one. Its profile becomes the destination.
pub(super) fn pick_lost(w: &mut Wizard, key_id: String) -> Vec<Command> {
    let chosen = w.recovery.as_ref().and_then(|r| r.profile.clone());
    let profile = chosen
        .clone()
        .or_else(|| {
            w.keys.details.as_ref().and_then(|d| {
                d.local_profiles
                    .iter()
                    .find(|(p, id)| *id == key_id && !p.starts_with("keyring:"))
                    .map(|(p, _)| p.clone())
            })
        })
        .unwrap_or_else(|| "default".to_owned());
    w.dest.fields[1].value = profile;
    w.recovery = Some(Recovery {
        stage: RecoveryStage::Rotating,
        old_key: Some(key_id),
        profile: chosen,
        old_status: OldKeyStatus::Active,
    });
    let dest = w.dest.destination(true);
    let job = w.start_job(JobKind::Preflight);
    vec![Command::Preflight { job, dest }]
}

/// The profile holds the lost key: replace it in place (after a backup), no question asked.
pub fn replaces_lost_key(w: &Wizard, existing: &str) -> bool {
    w.recovery.as_ref().and_then(|r| r.old_key.as_deref()) == Some(existing)
}

/// The verified screen during a recovery: deactivate, then delete (typed confirmation), the
/// old key.
pub(super) fn on_verified(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let r = w.recovery.clone()?;
    let old = r.old_key.clone()?;
    let retiring = w.job_of(JobKind::RetireKey).is_some();
    if let Some(c) = &mut w.keys.confirm {
        match intent {
            _ if retiring => {}
            Intent::Back => w.keys.confirm = None,
            Intent::Type(Typed(ch)) => c.typed.push(ch),
            Intent::Erase => c.typed.backspace(),
            Intent::Confirm(typed) if typed == key::last4(&old) => {
                w.keys.confirm = None;
                return Some(vec![key::retire_command(w, old, true)]);
            }
            Intent::Confirm(_) => w.keys.notice = Some(strings::RETIRE_MISTYPED().into()),
            _ => return None,
        }
        return Some(Vec::new());
    }
    match (r.stage, intent) {
        // The old key stays as it is now (active, or deactivated): the recovery ends here.
        (RecoveryStage::Rotating | RecoveryStage::Deactivated, Intent::KeepOldKey) => {
            if !retiring && let Some(r) = &mut w.recovery {
                r.stage = RecoveryStage::Done;
                w.keys.notice = None;
            }
            Some(Vec::new())
        }
        (RecoveryStage::Done, Intent::SaveReport) => Some(cco::save_report(w)),
        (RecoveryStage::Rotating, Intent::Deactivate(id)) if id == old => {
            if retiring {
                return Some(Vec::new());
            }
            Some(vec![key::retire_command(w, old, false)])
        }
        (RecoveryStage::Deactivated, Intent::Delete(id)) if id == old => {
            if !retiring {
                w.keys.confirm = Some(key::RetireConfirm {
                    key_id: old,
                    delete: true,
                    typed: TextField::default(),
                });
            }
            Some(Vec::new())
        }
        _ => None,
    }
}

/// A retirement finished during a recovery.
pub(super) fn on_retired(w: &mut Wizard, outcome: Outcome) {
    let Some(r) = &mut w.recovery else { return };
    match outcome {
        Outcome::Done(_) => {
            (r.stage, r.old_status) = match r.stage {
                RecoveryStage::Rotating => (RecoveryStage::Deactivated, OldKeyStatus::Inactive),
                _ => (RecoveryStage::Done, OldKeyStatus::Deleted),
            };
            w.keys.notice = None;
        }
        Outcome::Failed(rep) => w.keys.notice = Some(format!("{} {}", rep.hint.what, rep.detail)),
        Outcome::Cancelled => {}
    }
}

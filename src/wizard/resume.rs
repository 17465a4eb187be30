//! "Resume where you left off": offered on the welcome screen when the journal shows an
//! unfinished run (or a finished one whose manifests are gone). After sign-in every step is
//! checked again, and the wizard continues at the first step that does not hold.

use super::*;
use crate::protocol::InstallerVersion;

pub(super) fn on_offer(w: &mut Wizard, outcome: Outcome) {
    if let Outcome::Done(JobOutput::ResumeOffer(offer)) = outcome {
        w.resume_offer = offer.map(|o| *o);
    }
}

pub(super) fn start(w: &mut Wizard) -> bool {
    if w.resume_offer.is_none() {
        return false;
    }
    w.resuming = true;
    w.recovery = None;
    w.cco.teardown_mode = false;
    w.screen = Screen::SignIn;
    true
}

/// Signed in: check the earlier run again.
pub(super) fn recheck(w: &mut Wizard) -> Vec<Command> {
    let Some(offer) = w.resume_offer.clone() else {
        return Vec::new();
    };
    let job = w.start_job(JobKind::Recheck);
    w.progress = Some(Progress::Rechecking);
    w.screen = Screen::Checking;
    vec![Command::Recheck {
        job,
        record: Box::new(offer.record),
    }]
}

/// Continues at the first step that does not hold.
pub(super) fn on_rechecked(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    w.progress = None;
    w.resuming = false;
    let p = match outcome {
        Outcome::Done(JobOutput::Resumed(p)) => *p,
        Outcome::Failed(report) => {
            w.error = Some(ErrorView {
                report,
                back_to: Screen::Identity,
            });
            w.screen = Screen::Error;
            return Vec::new();
        }
        _ => {
            w.screen = Screen::Identity;
            return Vec::new();
        }
    };
    let Some(user) = p.user else {
        w.screen = Screen::UserChoice;
        return Vec::new();
    };
    w.chosen_user = Some(user);
    if let Some(old) = w
        .resume_offer
        .as_ref()
        .and_then(|o| o.record.replaces.clone())
    {
        return resume_recovery(w, p.key.is_some(), p.identity, old, p.old_key_status);
    }
    let Some((key_id, file, profile)) = p.key else {
        return dest::open_destination(w);
    };
    w.dest.fields[0].value = file.clone();
    w.dest.fields[1].value = profile.clone();
    let dest = Destination {
        file: file.clone().into(),
        profile,
        keyring: false,
        backup: false,
        move_existing_to: None,
    };
    w.saved = Some(Captured {
        key_id,
        create_date: String::new(),
        secret: None,
        dest,
        file: Ok(SavedTo {
            target: file.into(),
            backup: None,
            loose_mode: None,
            notes: Vec::new(),
        }),
        keyring: None,
    });
    w.verified = p.identity;
    let Some(plan) = p.policy else {
        w.screen = Screen::PolicyChoice;
        return Vec::new();
    };
    w.policy.applied = Some(PolicyApplied {
        plan,
        new_version: None,
        attached: p.attached,
    });
    let Some(c) = p.ccoctl else {
        // The policy holds: check it is in effect for the key, then on to ccoctl.
        w.policy.probe = Some(policy::ProbeState::Running);
        w.screen = Screen::PolicyDone;
        let job = w.start_job(JobKind::Probe);
        let user = w
            .chosen_user
            .as_ref()
            .map(|u| u.user_name.clone())
            .unwrap_or_default();
        return vec![Command::ProbePermission {
            job,
            user,
            kept_key: true,
        }];
    };
    w.policy.probe = Some(policy::ProbeState::Passed);
    let [path, version, release_image, installer, oc, pull] = c;
    let installer_path = PathBuf::from(&installer);
    w.cco.tools[cco::TOOL_INSTALLER].value = installer;
    w.cco.tools[cco::TOOL_OC].value = oc;
    w.cco.tools[cco::TOOL_PULL_SECRET].value = pull;
    if let Some(dir) = std::path::Path::new(&path).parent() {
        w.cco.tools[cco::TOOL_DIR].value = dir.display().to_string();
    }
    w.cco.ready = Some(CcoctlReady {
        version: InstallerVersion {
            version,
            release_image: Some(release_image.clone()),
            ..Default::default()
        },
        release_image,
        ccoctl: path.into(),
        installer: installer_path,
        warnings: Vec::new(),
        unchanged: false,
    });
    if let Some([name, region, output, credreqs]) = p.provisioned {
        w.cco.prov[cco::PROV_NAME].value = name;
        w.cco.prov[cco::PROV_REGION].value = region;
        w.cco.prov[cco::PROV_OUTPUT].value = output;
        w.cco.prov[cco::PROV_CREDREQ].value = credreqs;
        w.cco.manifests_gone = true;
    }
    w.screen = Screen::ProvisionSetup;
    Vec::new()
}

/// A recovery stopped midway: with the new key working, on to retiring the old one; else pick
/// the lost key again.
fn resume_recovery(
    w: &mut Wizard,
    new_key_works: bool,
    identity: Option<crate::cloud::model::CallerIdentity>,
    old: String,
    old_status: Option<String>,
) -> Vec<Command> {
    use recover::{Recovery, RecoveryStage};
    if !new_key_works {
        w.recovery = Some(Recovery {
            stage: RecoveryStage::PickLost,
            old_key: None,
            profile: None,
            old_status: crate::wizard::recover::OldKeyStatus::Active,
        });
        return recover::open_keys(w);
    }
    let stage = match old_status.as_deref() {
        None => RecoveryStage::Done,
        Some(s) if s.eq_ignore_ascii_case("Active") => RecoveryStage::Rotating,
        Some(_) => RecoveryStage::Deactivated,
    };
    w.recovery = Some(Recovery {
        stage,
        old_key: Some(old),
        profile: None,
        old_status: crate::wizard::recover::OldKeyStatus::Active,
    });
    w.verified = identity;
    w.screen = Screen::Verified;
    Vec::new()
}

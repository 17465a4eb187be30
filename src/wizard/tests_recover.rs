//! Transitions of "Recover a lost AccessKey", one per branch, without a terminal.

use super::*;
use crate::cloud::model::{AccessKeyMeta, CallerIdentity, User};
use crate::creds::store::Preflight;
use recover::RecoveryStage;

fn done(job: JobId, out: JobOutput) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(out)),
    })
}
fn last_job(cmds: &[Command]) -> JobId {
    match cmds.last() {
        Some(
            Command::LoadUserDetails { job, .. }
            | Command::Preflight { job, .. }
            | Command::RetireKey { job, .. }
            | Command::ListUsers { job },
        ) => *job,
        other => panic!("{other:?}"),
    }
}
fn meta(id: &str) -> AccessKeyMeta {
    AccessKeyMeta {
        access_key_id: id.into(),
        status: "Active".into(),
        create_date: "2026-01-01T00:00:00Z".into(),
    }
}

/// Recovery chosen, signed in, user `okd` picked: its keys are loaded.
fn at_keys() -> Wizard {
    let (mut w, _) = Wizard::new(true, (100, 30), "/d/credentials".into());
    w.jobs.clear();
    w.update(Msg::Intent(Intent::StartRecovery));
    assert_eq!(w.screen, Screen::SignIn);
    w.signed_in = Some(SignedIn {
        identity: CallerIdentity::default(),
        ram: RamAccess::Allowed,
        source_label: "p".into(),
        access_key_id: "LTAI".into(),
        signature: crate::cloud::SignatureVersion::V1,
        role: None,
    });
    w.screen = Screen::Identity;
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert_eq!(
        w.screen,
        Screen::SelectUser,
        "recovery goes straight to the user list"
    );
    w.update(Msg::from(EngineEvent {
        job: last_job(&cmds[..1]),
        kind: EventKind::Partial(Box::new(Partial::Users(vec![User {
            user_name: "okd".into(),
            ..Default::default()
        }]))),
    }));
    w.jobs.clear();
    let cmds = w.update(Msg::Intent(Intent::ChooseUser("okd".into())));
    assert_eq!(w.screen, Screen::Keys);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Command::ProbeKeyring { .. })),
        "the keyring is asked where keys are stored"
    );
    let details = UserDetails {
        user: "okd".into(),
        keys: vec![meta("LTAIaaaa1111"), meta("LTAIbbbb2222")],
        policies: vec![],
        local_profiles: vec![("installer".into(), "LTAIbbbb2222".into())],
    };
    w.update(done(last_job(&cmds), JobOutput::UserDetails(details)));
    w
}

#[test]
fn picking_the_lost_key_targets_its_profile_and_replaces_it_without_asking() {
    let mut w = at_keys();
    assert_eq!(recover::stage(&w), Some(RecoveryStage::PickLost));
    w.update(Msg::Intent(Intent::MoveSelection(1)));
    let cmds = w.update(Msg::Intent(Intent::ChooseLostKey("LTAIbbbb2222".into())));
    let [Command::Preflight { job, ref dest }] = cmds[..] else {
        panic!("{cmds:?}")
    };
    assert_eq!(dest.profile, "installer");
    assert_eq!(
        w.recovery.as_ref().unwrap().old_key.as_deref(),
        Some("LTAIbbbb2222")
    );
    let pf = Preflight {
        target: "/d/credentials".into(),
        is_symlink: false,
        file_exists: true,
        existing_key: Some("LTAIbbbb2222".into()),
        profiles: vec![],
        loose_mode: None,
        notes: Vec::new(),
    };
    let cmds = w.update(done(job, JobOutput::Preflight(Box::new(pf))));
    assert!(
        w.dest.replace_offer.is_none(),
        "the lost key's own profile is replaced in place"
    );
    assert!(
        w.keys
            .dest
            .as_ref()
            .is_some_and(|d| d.backup && d.profile == "installer")
    );
    assert!(matches!(cmds[..], [Command::LoadUserDetails { .. }]));
}

#[test]
fn a_lost_key_in_no_profile_goes_to_default() {
    let mut w = at_keys();
    let cmds = w.update(Msg::Intent(Intent::ChooseLostKey("LTAIaaaa1111".into())));
    assert!(matches!(&cmds[..], [Command::Preflight { dest, .. }] if dest.profile == "default"));
}

fn verified() -> Wizard {
    let mut w = at_keys();
    w.recovery = Some(recover::Recovery {
        stage: RecoveryStage::Rotating,
        old_key: Some("LTAIbbbb2222".into()),
        profile: None,
        old_status: crate::wizard::recover::OldKeyStatus::Active,
    });
    w.chosen_user = Some(User {
        user_name: "okd".into(),
        ..Default::default()
    });
    w.screen = Screen::Verified;
    w
}

#[test]
fn after_verification_the_old_key_is_deactivated_then_deleted_with_its_last_4() {
    let mut w = verified();
    assert!(
        w.update(Msg::Intent(Intent::Delete("LTAIbbbb2222".into())))
            .is_empty(),
        "no deletion before deactivation"
    );
    let cmds = w.update(Msg::Intent(Intent::Deactivate("LTAIbbbb2222".into())));
    let [
        Command::RetireKey {
            job,
            ref key_id,
            delete: false,
            ..
        },
    ] = cmds[..]
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(key_id, "LTAIbbbb2222");
    w.update(done(job, JobOutput::KeyRetired));
    assert_eq!(recover::stage(&w), Some(RecoveryStage::Deactivated));
    w.update(Msg::Intent(Intent::Delete("LTAIbbbb2222".into())));
    assert!(w.typing());
    for c in "1111".chars() {
        w.update(Msg::Intent(Intent::Type(Typed(c))));
    }
    assert!(
        w.update(Msg::Intent(Intent::Confirm("1111".into())))
            .is_empty(),
        "wrong digits"
    );
    w.keys.confirm.as_mut().unwrap().typed.value.clear();
    w.update(Msg::Paste("2222\n".into()));
    let cmds = w.update(Msg::Intent(Intent::Confirm("2222".into())));
    let [
        Command::RetireKey {
            job, delete: true, ..
        },
    ] = cmds[..]
    else {
        panic!("{cmds:?}")
    };
    w.update(done(job, JobOutput::KeyRetired));
    assert_eq!(recover::stage(&w), Some(RecoveryStage::Done));
}

#[test]
fn the_old_key_can_be_kept_active_or_deactivated_and_the_end_offers_a_report() {
    use crate::wizard::recover::OldKeyStatus;
    let hints = |w: &Wizard| {
        crate::wizard::keymap::hints(w)
            .iter()
            .map(|h| h.label())
            .collect::<Vec<_>>()
    };
    let status = |w: &Wizard| w.recovery.as_ref().map(|r| r.old_status);
    // Kept active, right after the new key works.
    let mut w = verified();
    assert!(hints(&w).contains(&"keep it active"), "{:?}", hints(&w));
    w.update(Msg::Intent(Intent::KeepOldKey));
    assert_eq!(recover::stage(&w), Some(RecoveryStage::Done));
    assert_eq!(status(&w), Some(OldKeyStatus::Active));
    let r = w.report(crate::wizard::Mode::Recover, false, false, true);
    assert_eq!(r.recovery.unwrap().lost_key_status, "Active");
    // The end is a summary with a report to save, not a screen with only help and quit.
    assert!(hints(&w).contains(&"save a report"), "{:?}", hints(&w));
    let cmds = w.update(Msg::Intent(Intent::SaveReport));
    assert!(
        matches!(&cmds[..], [Command::SaveReport { text, .. }] if text.contains("LTAIbbbb2222") && text.contains("Active")),
        "{cmds:?}"
    );
    // Kept deactivated.
    let mut w = verified();
    let cmds = w.update(Msg::Intent(Intent::Deactivate("LTAIbbbb2222".into())));
    let [Command::RetireKey { job, .. }] = cmds[..] else {
        panic!("{cmds:?}")
    };
    w.update(done(job, JobOutput::KeyRetired));
    assert!(hints(&w).contains(&"keep it deactivated"));
    w.update(Msg::Intent(Intent::KeepOldKey));
    assert_eq!(recover::stage(&w), Some(RecoveryStage::Done));
    assert_eq!(status(&w), Some(OldKeyStatus::Inactive));
    let r = w.report(crate::wizard::Mode::Recover, false, false, true);
    assert_eq!(r.recovery.unwrap().lost_key_status, "Inactive");
}

#[test]
fn enter_from_the_welcome_screen_is_the_normal_setup() {
    let (mut w, _) = Wizard::new(true, (100, 30), "/d/credentials".into());
    w.update(Msg::Intent(Intent::StartRecovery));
    w.screen = Screen::Welcome;
    w.update(Msg::Intent(Intent::StartSetup));
    assert!(w.recovery.is_none());
}

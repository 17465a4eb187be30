//! Wizard transitions, driven event by event without a terminal.

use super::*;
use crate::cloud::model::CallerIdentity;
use crate::creds::{SourceInfo, SourceRef, SourceStatus};

fn source(name: &str, status: SourceStatus) -> SourceInfo {
    SourceInfo {
        source: SourceRef::Profile {
            path: "/tmp/c".into(),
            name: name.into(),
        },
        label: format!("profile {name}"),
        origin: "/tmp/c".into(),
        access_key_id: Some("LTAI5tAAAAAAAAAAAAAAAAAA".into()),
        status,
    }
}

/// A wizard on the sign-in screen with a ready profile and an unsupported one.
fn at_sign_in() -> Wizard {
    let (mut w, cmds) = Wizard::new(false, (100, 30), "/demo/credentials".into());
    let Command::DiscoverSources { job } = cmds[0] else {
        panic!("{cmds:?}")
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::Sources(Discovery {
            sources: vec![
                source("role", SourceStatus::Unsupported("ram_role_arn".into())),
                source("default", SourceStatus::Ready),
            ],
            problems: vec![],
            looked_in: Vec::new(),
        }))),
    }));
    let Command::CheckJournal { job } = cmds[1] else {
        panic!("{cmds:?}")
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::ResumeOffer(None))),
    }));
    w.update(Msg::Intent(Intent::StartSetup));
    assert_eq!(w.screen, Screen::SignIn);
    w
}

fn identity(owner: bool) -> CallerIdentity {
    CallerIdentity {
        request_id: "r".into(),
        account_id: "1234567890123456".into(),
        user_id: (!owner).then(|| "2".into()),
        identity_type: if owner { "Account" } else { "RAMUser" }.into(),
        principal_id: "2".into(),
        arn: if owner {
            "acs:ram::1234567890123456:root".into()
        } else {
            "acs:ram::1234567890123456:user/admin".into()
        },
        role_id: None,
    }
}

fn sign_in_job(cmds: &[Command]) -> JobId {
    match cmds {
        [Command::SignIn { job, .. }] => *job,
        other => panic!("expected one SignIn, got {other:?}"),
    }
}

#[test]
fn starting_asks_for_discovery_and_shows_welcome() {
    let (w, cmds) = Wizard::new(true, (100, 30), "/demo/credentials".into());
    assert_eq!(w.screen, Screen::Welcome);
    assert!(matches!(
        cmds.as_slice(),
        [
            Command::DiscoverSources { .. },
            Command::CheckJournal { .. }
        ]
    ));
    assert!(w.busy());
}

#[test]
fn discovery_preselects_the_first_usable_source() {
    let w = at_sign_in();
    assert_eq!(w.selected, 1);
    assert!(!w.busy());
}

#[test]
fn enter_on_an_unsupported_profile_explains_and_starts_nothing() {
    let mut w = at_sign_in();
    w.update(Msg::Intent(Intent::MoveSelection(-1)));
    assert!(w.update(Msg::Intent(Intent::ChooseSource(0))).is_empty());
    assert!(w.notice.as_deref().unwrap_or("").contains("ram_role_arn"));
    assert_eq!(w.screen, Screen::SignIn);
}

#[test]
fn signing_in_with_a_profile_shows_progress_then_the_identity_card() {
    let mut w = at_sign_in();
    let job = sign_in_job(&w.update(Msg::Intent(Intent::ChooseSource(1))));
    assert_eq!(w.screen, Screen::Checking);
    w.update(Msg::Tick);
    assert_eq!(w.spinner, 1);
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::Progress(Progress::AskingIdentity),
    }));
    assert_eq!(w.progress, Some(Progress::AskingIdentity));
    let cmds = w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::SignedIn(SignedIn {
            identity: identity(false),
            ram: RamAccess::Allowed,
            source_label: "profile default".into(),
            access_key_id: "LTAI5tAAAAAAAAAAAAAAAAAA".into(),
            signature: crate::cloud::SignatureVersion::V1,
            role: None,
        }))),
    }));
    assert_eq!(w.screen, Screen::Identity);
    let [Command::FindOrphans { job }] = cmds[..] else {
        panic!("{cmds:?}")
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::Orphans(vec![], vec![]))),
    }));
    assert!(!w.busy());
    w.update(Msg::Tick);
    assert_eq!(w.spinner, 1, "no ticking when idle");
}

#[test]
fn a_failed_sign_in_shows_the_error_and_esc_goes_back_to_the_list() {
    let mut w = at_sign_in();
    let job = sign_in_job(&w.update(Msg::Intent(Intent::ChooseSource(1))));
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "x".into(),
            hint: crate::strings::error_hint("NoPermission", 403),
            detail: "d".into(),
            code: None,
        })),
    }));
    assert_eq!(w.screen, Screen::Error);
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::SignIn);
}

#[test]
fn esc_while_checking_cancels_the_job_and_its_late_answer_is_ignored() {
    let mut w = at_sign_in();
    let job = sign_in_job(&w.update(Msg::Intent(Intent::ChooseSource(1))));
    assert_eq!(
        w.update(Msg::Intent(Intent::Cancel)),
        vec![Command::Cancel { job }]
    );
    assert_eq!(w.screen, Screen::SignIn);
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::SignedIn(SignedIn {
            identity: identity(true),
            ram: RamAccess::Allowed,
            source_label: "x".into(),
            access_key_id: "x".into(),
            signature: crate::cloud::SignatureVersion::V1,
            role: None,
        }))),
    }));
    assert_eq!(w.screen, Screen::SignIn, "stale job ignored");
    assert!(w.signed_in.is_none());
}

#[test]
fn pasting_a_pair_trims_it_and_requires_both_fields() {
    let mut w = at_sign_in();
    w.update(Msg::Intent(Intent::PastePair));
    assert_eq!(w.screen, Screen::Paste);
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(w.paste.error, Some(crate::strings::PASTE_ID_EMPTY()));
    w.update(Msg::Paste("  LTAI5tBBBBBBBBBBBBBBBBBB\n".into()));
    // q and ? are letters while typing, not shortcuts
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.paste.focus, PasteFocus::Secret);
    w.update(Msg::Paste(" q?secretsecretsecretsecret12\r\n".into()));
    assert!(!w.help);
    let cmds = w.update(Msg::Intent(Intent::Continue));
    match cmds.as_slice() {
        [
            Command::SignIn {
                with:
                    SignInWith::Pasted {
                        access_key_id,
                        secret,
                        ..
                    },
                ..
            },
        ] => {
            assert_eq!(access_key_id, "LTAI5tBBBBBBBBBBBBBBBBBB");
            assert_eq!(secret.expose(), "q?secretsecretsecretsecret12");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !format!("{:?}", w).contains("secretsecret"),
        "wizard Debug leaks the secret"
    );
}

#[test]
fn a_successful_sign_in_drops_the_pasted_secret_from_the_wizard() {
    let mut w = at_sign_in();
    w.update(Msg::Intent(Intent::PastePair));
    w.update(Msg::Paste("LTAI5tBBBBBBBBBBBBBBBBBB".into()));
    w.update(Msg::Intent(Intent::NextField));
    w.update(Msg::Paste("abcabcabcabcabcabcabcabcabcabc".into()));
    let job = sign_in_job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::SignedIn(SignedIn {
            identity: identity(false),
            ram: RamAccess::Denied(None),
            source_label: "pasted".into(),
            access_key_id: "LTAI5tBBBBBBBBBBBBBBBBBB".into(),
            signature: crate::cloud::SignatureVersion::V1,
            role: None,
        }))),
    }));
    assert!(w.paste.secret.value.is_empty());
}

#[test]
fn a_failed_paste_sign_in_returns_to_the_form() {
    let mut w = at_sign_in();
    w.update(Msg::Intent(Intent::PastePair));
    w.update(Msg::Paste("LTAI5tBBBBBBBBBBBBBBBBBB".into()));
    w.update(Msg::Intent(Intent::NextField));
    w.update(Msg::Intent(Intent::Type(Typed('x'))));
    let job = sign_in_job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "t".into(),
            hint: crate::strings::decode_hint(),
            detail: "d".into(),
            code: None,
        })),
    }));
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::Paste);
}

#[test]
fn quitting_asks_first_only_while_a_sign_in_runs() {
    let mut w = at_sign_in();
    assert_eq!(w.update(Msg::Intent(Intent::Quit)), vec![Command::Quit]);
    let job = sign_in_job(&w.update(Msg::Intent(Intent::ChooseSource(1))));
    assert!(w.update(Msg::Intent(Intent::Quit)).is_empty());
    assert!(w.confirm_quit);
    assert!(w.update(Msg::Intent(Intent::ConfirmQuit(false))).is_empty());
    assert!(!w.confirm_quit);
    w.update(Msg::Intent(Intent::Quit));
    assert_eq!(
        w.update(Msg::Intent(Intent::ConfirmQuit(true))),
        vec![Command::Cancel { job }, Command::Quit]
    );
}

#[test]
fn help_opens_with_question_mark_and_any_key_closes_it() {
    let mut w = at_sign_in();
    w.update(Msg::Intent(Intent::Help));
    assert!(w.help);
    assert!(
        w.update(Msg::Intent(Intent::CloseHelp)).is_empty(),
        "q closes help, does not quit"
    );
    assert!(!w.help);
}

#[test]
fn list_navigation_wraps_and_esc_goes_back_to_welcome() {
    let mut w = at_sign_in();
    w.update(Msg::Intent(Intent::MoveSelection(1)));
    assert_eq!(w.selected, 2);
    w.update(Msg::Intent(Intent::MoveSelection(1)));
    assert_eq!(w.selected, 0);
    w.update(Msg::Intent(Intent::MoveSelection(-1)));
    assert_eq!(w.selected, 2);
    w.update(Msg::Intent(Intent::ChooseSource(2)));
    assert_eq!(w.screen, Screen::Paste, "the last entry is paste");
    w.update(Msg::Intent(Intent::Back));
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::Welcome);
}

#[test]
fn resize_is_recorded() {
    let mut w = at_sign_in();
    w.update(Msg::Resize(70, 20));
    assert_eq!(w.size, (70, 20));
}

#[test]
fn odd_ids_warn() {
    assert!(!signin::id_looks_odd("LTAI5tAAAAAAAAAAAAAAAAAA"));
    assert!(signin::id_looks_odd("hello"));
    assert!(!signin::id_looks_odd(""));
    assert!(signin::secret_looks_odd(5, true));
    assert!(!signin::secret_looks_odd(30, true));
}

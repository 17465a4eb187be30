//! Transitions of the install-policy step, one test per branch, without a terminal.

use super::*;
use crate::cloud::model::{CallerIdentity, Policy, User};

fn done(job: JobId, out: JobOutput) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(out)),
    })
}
fn failed(job: JobId, code: &str) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "t".into(),
            hint: crate::strings::error_hint(code, 409),
            detail: "d".into(),
            code: Some(code.into()),
        })),
    })
}
fn job(cmds: &[Command]) -> JobId {
    match cmds.last() {
        Some(
            Command::InspectPolicy { job, .. }
            | Command::ApplyPolicy { job, .. }
            | Command::ProbePermission { job, .. },
        ) => *job,
        other => panic!("no job in {other:?}"),
    }
}

fn verified() -> Wizard {
    let (mut w, _) = Wizard::new(true, (100, 30), "/d/credentials".into());
    w.jobs.clear();
    w.chosen_user = Some(User {
        user_name: "okd".into(),
        ..Default::default()
    });
    w.verified = Some(CallerIdentity {
        arn: "acs:ram::1:user/okd".into(),
        ..Default::default()
    });
    w.screen = Screen::Verified;
    w
}

fn applied(plan: PolicyPlan, attached: &[(&str, &str)]) -> JobOutput {
    JobOutput::PolicyApplied(Box::new(PolicyApplied {
        plan,
        new_version: None,
        attached: attached
            .iter()
            .map(|(n, t)| Policy {
                policy_name: (*n).into(),
                policy_type: (*t).into(),
                ..Default::default()
            })
            .collect(),
    }))
}

fn existing(doc: &str, versions: usize) -> JobOutput {
    JobOutput::PolicyFound(Some(ExistingPolicy {
        document: doc.into(),
        default_version: "v1".into(),
        versions,
    }))
}

#[test]
fn enter_on_the_verified_key_offers_the_choice_with_least_privilege_preselected() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::PolicyChoice);
    assert_eq!(w.policy.choice, 1);
}

/// AdministratorAccess chosen, and the confirmation that says what it grants answered yes.
fn choose_admin(w: &mut Wizard) -> Vec<Command> {
    assert!(
        w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Administrator)))
            .is_empty()
    );
    w.update(Msg::Intent(Intent::Answer(true)))
}

#[test]
fn administrator_access_asks_first_saying_what_it_grants() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::MoveSelection(-1)));
    let enter = crate::wizard::keymap::translate(
        &w,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter),
    );
    assert_eq!(enter, Some(Intent::ChoosePolicy(PolicyKind::Administrator)));
    assert!(
        w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Administrator)))
            .is_empty()
    );
    assert!(w.policy.confirm_admin, "nothing attached on one Enter");
    assert_eq!(w.screen, Screen::PolicyChoice);
    // n (or Esc) goes back to the choice, attaching nothing.
    let n = crate::wizard::keymap::translate(
        &w,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Esc),
    );
    assert_eq!(n, Some(Intent::Answer(false)));
    assert!(w.update(Msg::Intent(Intent::Answer(false))).is_empty());
    assert!(!w.policy.confirm_admin);
    let cmds = choose_admin(&mut w);
    assert!(matches!(
        &cmds[..],
        [Command::ApplyPolicy {
            plan: PolicyPlan::System(_),
            ..
        }]
    ));
}

#[test]
fn switching_policies_offers_to_detach_the_first_and_does_it_when_confirmed() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    w.screen = Screen::Applying;
    w.jobs.clear();
    let job_id = w.start_job(JobKind::ApplyPolicy);
    let cmds = w.update(done(
        job_id,
        applied(
            PolicyPlan::Reuse("okd-installer".into()),
            &[
                ("AdministratorAccess", "System"),
                ("okd-installer", "Custom"),
            ],
        ),
    ));
    w.update(done(job(&cmds), JobOutput::Probed));
    assert_eq!(w.screen, Screen::PolicyDone);
    let d = crate::wizard::keymap::translate(
        &w,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('d')),
    );
    assert_eq!(d, Some(Intent::DetachOther));
    assert!(
        w.update(Msg::Intent(Intent::DetachOther)).is_empty(),
        "asks first"
    );
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    let [
        Command::DetachPolicy {
            job: dj,
            policy_name,
            policy_type,
            user,
        },
    ] = &cmds[..]
    else {
        panic!("{cmds:?}");
    };
    assert_eq!(
        (policy_name.as_str(), policy_type.as_str(), user.as_str()),
        ("AdministratorAccess", "System", "okd")
    );
    w.update(done(
        *dj,
        JobOutput::PolicyDetached(vec![Policy {
            policy_name: "okd-installer".into(),
            policy_type: "Custom".into(),
            ..Default::default()
        }]),
    ));
    let a = w.policy.applied.clone().unwrap();
    assert_eq!(a.attached.len(), 1);
    assert_eq!(crate::wizard::policy::other_install_policy(&a), None);
    assert_eq!(
        w.policy.detach.as_ref().unwrap().state,
        policy::DetachState::Done
    );
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::CcoSetup, "on to ccoctl");
}

#[test]
fn administrator_access_is_applied_once_confirmed_then_probed() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::MoveSelection(-1)));
    let cmds = choose_admin(&mut w);
    assert!(
        matches!(&cmds[..], [Command::ApplyPolicy { plan: PolicyPlan::System(n), user, .. }] if n == "AdministratorAccess" && user == "okd")
    );
    let cmds = w.update(done(
        job(&cmds),
        applied(
            PolicyPlan::System("AdministratorAccess".into()),
            &[("AdministratorAccess", "System")],
        ),
    ));
    assert_eq!(w.screen, Screen::PolicyDone);
    assert!(matches!(&cmds[..], [Command::ProbePermission { .. }]));
    w.update(done(job(&cmds), JobOutput::Probed));
    assert_eq!(w.policy.probe, Some(policy::ProbeState::Passed));
}

#[test]
fn the_viewer_scrolls_and_returns() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ViewPolicy));
    assert_eq!(w.screen, Screen::PolicyViewer);
    w.set_scroll_limit(15);
    w.update(Msg::Intent(Intent::Scroll(10)));
    w.update(Msg::Intent(Intent::Scroll(1)));
    assert_eq!(w.scroll, Some(11));
    w.update(Msg::Intent(Intent::Scroll(10)));
    assert_eq!(w.scroll, Some(15), "no further than the frame's limit");
    w.update(Msg::Intent(Intent::Scroll(-1)));
    assert_eq!(w.scroll, Some(14), "one key back up, not ten");
    w.update(Msg::Intent(Intent::Top));
    assert_eq!(w.scroll, Some(0));
    w.update(Msg::Intent(Intent::Bottom));
    assert_eq!(w.scroll, Some(15));
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::PolicyChoice);
    assert_eq!(w.scroll, None, "a new screen starts at its top");
}

#[test]
fn an_invalid_policy_name_is_explained_and_nothing_is_sent() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    assert_eq!(w.screen, Screen::PolicyForm);
    w.update(Msg::Intent(Intent::Type(Typed('_'))));
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(
        w.policy.error.as_deref(),
        Some(crate::strings::POLICY_NAME_CHARS())
    );
}

#[test]
fn an_absent_policy_is_created_with_the_compact_document() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert!(matches!(&cmds[..], [Command::InspectPolicy { name, .. }] if name == "okd-installer"));
    let cmds = w.update(done(job(&cmds), JobOutput::PolicyFound(None)));
    match &cmds[..] {
        [
            Command::ApplyPolicy {
                plan: PolicyPlan::Create { document, .. },
                ..
            },
        ] => {
            assert!(!document.contains('\n') && document.chars().count() == 3585);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(w.screen, Screen::Applying);
}

#[test]
fn the_same_document_in_another_layout_is_reused() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(done(job(&cmds), existing(crate::policy::OKD_POLICY, 1)));
    assert!(
        matches!(
            &cmds[..],
            [Command::ApplyPolicy {
                plan: PolicyPlan::Reuse(_),
                ..
            }]
        ),
        "{cmds:?}"
    );
}

#[test]
fn a_different_document_is_reviewed_and_updated_only_on_yes() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    let other =
        r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"#;
    assert!(w.update(done(job(&cmds), existing(other, 2))).is_empty());
    assert_eq!(w.screen, Screen::PolicyReview);
    assert!(
        w.policy
            .differences()
            .iter()
            .any(|(s, _, removed)| s == "ecs" && removed == &vec!["ecs:*".to_owned()])
    );
    w.update(Msg::Intent(Intent::Answer(false)));
    assert_eq!(w.screen, Screen::PolicyForm);
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(done(job(&cmds), existing(other, 2)));
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    assert!(
        matches!(
            &cmds[..],
            [Command::ApplyPolicy {
                plan: PolicyPlan::NewVersion { rotate: false, .. },
                ..
            }]
        ),
        "{cmds:?}"
    );
}

#[test]
fn five_versions_mean_rotation_with_consent() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(done(
        job(&cmds),
        existing(
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"x:y","Resource":"*"}]}"#,
            5,
        ),
    ));
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    assert!(matches!(
        &cmds[..],
        [Command::ApplyPolicy {
            plan: PolicyPlan::NewVersion { rotate: true, .. },
            ..
        }]
    ));
}

#[test]
fn the_delete_policy_version_toggle_changes_the_document() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    w.update(Msg::Intent(Intent::NextField));
    w.update(Msg::Intent(Intent::NextField));
    w.update(Msg::Intent(Intent::Set(Choice::DeletePolicyVersion, true)));
    assert!(w.policy.add_delete_version);
    assert!(
        w.policy
            .document()
            .unwrap()
            .allowed_actions()
            .contains("ram:DeletePolicyVersion")
    );
}

#[test]
fn a_policy_created_meanwhile_with_another_document_returns_to_the_form() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::ChoosePolicy(PolicyKind::Okd)));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(done(job(&cmds), JobOutput::PolicyFound(None)));
    w.update(failed(job(&cmds), "EntityAlreadyExists.Policy"));
    assert_eq!(w.screen, Screen::Error);
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::PolicyForm);
}

#[test]
fn other_failures_return_to_the_choice() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::MoveSelection(-1)));
    let cmds = choose_admin(&mut w);
    w.update(failed(job(&cmds), "LimitExceeded.User.Policy"));
    assert_eq!(w.screen, Screen::Error);
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::PolicyChoice);
}

#[test]
fn a_failed_probe_can_be_retried() {
    let mut w = verified();
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::MoveSelection(-1)));
    let cmds = choose_admin(&mut w);
    let cmds = w.update(done(
        job(&cmds),
        applied(PolicyPlan::System("AdministratorAccess".into()), &[]),
    ));
    w.update(failed(job(&cmds), "NoPermission"));
    assert!(matches!(
        w.policy.probe,
        Some(policy::ProbeState::Failed(_))
    ));
    let cmds = w.update(Msg::Intent(Intent::Retry));
    assert!(matches!(&cmds[..], [Command::ProbePermission { .. }]));
}

#[test]
fn warnings_for_both_policies_and_for_others() {
    let both = PolicyApplied {
        plan: PolicyPlan::Reuse("okd-installer".into()),
        new_version: None,
        attached: vec![
            Policy {
                policy_name: "AdministratorAccess".into(),
                policy_type: "System".into(),
                ..Default::default()
            },
            Policy {
                policy_name: "okd-installer".into(),
                policy_type: "Custom".into(),
                ..Default::default()
            },
            Policy {
                policy_name: "AliyunOSSFullAccess".into(),
                policy_type: "System".into(),
                ..Default::default()
            },
        ],
    };
    let w = policy::attachment_warnings(&both);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[1].contains("AliyunOSSFullAccess"));
    let alone = PolicyApplied {
        attached: both.attached[1..2].to_vec(),
        ..both
    };
    assert!(policy::attachment_warnings(&alone).is_empty());
}

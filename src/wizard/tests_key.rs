//! Transitions of the user and AccessKey steps, one test per branch, without a terminal.

use super::*;
use crate::cloud::model::{AccessKeyMeta, CallerIdentity, User};
use crate::creds::store::Preflight;
use crate::secret::Secret;

fn typed(w: &mut Wizard, s: &str) {
    for c in s.chars() {
        w.update(Msg::Intent(Intent::Type(Typed(c))));
    }
}
fn done(job: JobId, out: JobOutput) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(out)),
    })
}
fn failed(job: JobId, code: Option<&str>) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "t".into(),
            hint: crate::strings::error_hint(code.unwrap_or("X"), 400),
            detail: "d".into(),
            code: code.map(str::to_owned),
        })),
    })
}
fn job(cmds: &[Command]) -> JobId {
    match cmds.last() {
        Some(
            Command::CreateUser { job, .. }
            | Command::ListUsers { job }
            | Command::LoadUserDetails { job, .. }
            | Command::ProbeKeyring { job }
            | Command::Preflight { job, .. }
            | Command::RetireKey { job, .. }
            | Command::CreateKey { job, .. }
            | Command::SaveAgain { job, .. }
            | Command::AdoptKey { job, .. }
            | Command::VerifyKey { job, .. },
        ) => *job,
        other => panic!("no job in {other:?}"),
    }
}
fn user(name: &str) -> User {
    User {
        user_name: name.into(),
        display_name: name.into(),
        create_date: "2026-11-29T00:00:00Z".into(),
        ..Default::default()
    }
}
fn meta(id: &str, status: &str) -> AccessKeyMeta {
    AccessKeyMeta {
        access_key_id: id.into(),
        status: status.into(),
        create_date: "2026-11-29T00:00:00Z".into(),
    }
}

/// Signed in with RAM rights, on the identity card.
fn signed_in(ram: RamAccess) -> Wizard {
    let (mut w, _) = Wizard::new(true, (100, 30), "/d/credentials".into());
    w.signed_in = Some(SignedIn {
        identity: CallerIdentity {
            account_id: "1".into(),
            arn: "acs:ram::1:root".into(),
            identity_type: "Account".into(),
            ..Default::default()
        },
        ram,
        source_label: "p".into(),
        access_key_id: "LTAI".into(),
        signature: crate::cloud::SignatureVersion::V1,
        role: None,
    });
    w.jobs.clear();
    w.screen = Screen::Identity;
    w
}

/// On the destination screen for user `okd`, with the keyring answered.
fn at_destination() -> Wizard {
    let mut w = signed_in(RamAccess::Allowed);
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::CreateUser));
    typed(&mut w, "okd");
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    let cmds = w.update(done(j, JobOutput::UserCreated(user("okd"))));
    assert_eq!(w.screen, Screen::Destination);
    let kj = job(&cmds);
    w.update(done(kj, JobOutput::Keyring(Ok(()))));
    w
}

fn preflight(existing: Option<&str>) -> JobOutput {
    JobOutput::Preflight(Box::new(Preflight {
        target: "/d/credentials".into(),
        is_symlink: false,
        file_exists: existing.is_some(),
        existing_key: existing.map(str::to_owned),
        profiles: vec![],
        loose_mode: None,
        notes: Vec::new(),
    }))
}

/// On the keys screen of `okd` with these keys loaded.
fn at_keys(keys: Vec<AccessKeyMeta>) -> Wizard {
    let mut w = at_destination();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    let cmds = w.update(done(j, preflight(None)));
    assert_eq!(w.screen, Screen::Keys);
    let dj = job(&cmds);
    w.update(done(
        dj,
        JobOutput::UserDetails(UserDetails {
            user: "okd".into(),
            keys,
            policies: vec![],
            local_profiles: vec![],
        }),
    ));
    w
}

fn captured(stored: bool) -> JobOutput {
    JobOutput::Captured(Box::new(Captured {
        key_id: "LTAInew".into(),
        create_date: String::new(),
        secret: Some(Secret::new("TheOneTimeSecret0123456789abcd")),
        dest: Destination {
            file: "/d/credentials".into(),
            profile: "default".into(),
            keyring: false,
            backup: false,
            move_existing_to: None,
        },
        file: if stored {
            Ok(SavedTo {
                target: "/d/credentials".into(),
                backup: None,
                loose_mode: None,
                notes: Vec::new(),
            })
        } else {
            Err("read-only".into())
        },
        keyring: None,
    }))
}

#[test]
fn enter_on_the_identity_card_goes_to_the_user_step_unless_ram_is_denied() {
    let mut w = signed_in(RamAccess::Denied(None));
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::Identity);
    assert!(w.notice.is_some());
    let mut w = signed_in(RamAccess::Allowed);
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::UserChoice);
}

#[test]
fn an_invalid_name_is_explained_and_nothing_is_sent() {
    let mut w = signed_in(RamAccess::Allowed);
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::CreateUser));
    typed(&mut w, "bad name!");
    assert_eq!(
        w.new_user.fields[1].value, "bad name!",
        "display name follows the name"
    );
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(
        w.new_user.error.as_deref(),
        Some(crate::strings::USER_NAME_CHARS())
    );
    assert!(w.typing(), "q is a letter here");
    assert!(w.update(Msg::Intent(Intent::Type(Typed('q')))).is_empty());
}

#[test]
fn a_valid_form_creates_the_user_then_checks_the_keyring() {
    let mut w = signed_in(RamAccess::Allowed);
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::CreateUser));
    typed(&mut w, "okd-installer");
    let cmds = w.update(Msg::Intent(Intent::Continue));
    match &cmds[..] {
        [
            Command::CreateUser {
                name,
                display_name,
                comments,
                ..
            },
        ] => {
            assert_eq!(
                (name.as_str(), display_name.as_str()),
                ("okd-installer", "okd-installer")
            );
            assert_eq!(comments, user::comments_default());
        }
        other => panic!("{other:?}"),
    }
    let cmds = w.update(done(
        job(&cmds),
        JobOutput::UserCreated(user("okd-installer")),
    ));
    assert!(matches!(cmds[..], [Command::ProbeKeyring { .. }]));
    assert_eq!(
        w.chosen_user.as_ref().map(|u| u.user_name.as_str()),
        Some("okd-installer")
    );
}

#[test]
fn a_taken_name_offers_to_select_that_user() {
    let mut w = signed_in(RamAccess::Allowed);
    w.update(Msg::Intent(Intent::Continue));
    w.update(Msg::Intent(Intent::CreateUser));
    typed(&mut w, "taken");
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(failed(j, Some("EntityAlreadyExists.User")));
    assert_eq!(w.new_user.exists.as_deref(), Some("taken"));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::SelectUser);
    assert_eq!(w.users.filter.value, "taken");
    assert!(matches!(cmds[..], [Command::ListUsers { .. }]));
}

#[test]
fn the_user_list_shows_pages_as_they_come_filters_and_loads_details_lazily() {
    let mut w = signed_in(RamAccess::Allowed);
    w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::SelectUser));
    let lj = job(&cmds);
    let cmds = w.update(Msg::from(EngineEvent {
        job: lj,
        kind: EventKind::Partial(Box::new(Partial::Users(vec![user("alice"), user("bob")]))),
    }));
    assert_eq!(w.users.users.len(), 2, "first page shown before the rest");
    let dj = match &cmds[..] {
        [Command::LoadUserDetails { job, user, .. }] => {
            assert_eq!(user, "alice");
            *job
        }
        other => panic!("{other:?}"),
    };
    typed(&mut w, "bo");
    assert_eq!(w.users.filtered().len(), 1);
    let cmds = w.update(done(
        dj,
        JobOutput::UserDetails(UserDetails {
            user: "alice".into(),
            keys: vec![],
            policies: vec![],
            local_profiles: vec![],
        }),
    ));
    assert!(
        matches!(&cmds[..], [Command::LoadUserDetails { user, .. }] if user == "bob"),
        "{cmds:?}"
    );
    w.update(Msg::Intent(Intent::ChooseUser("bob".into())));
    assert_eq!(w.screen, Screen::Destination);
    assert_eq!(
        w.chosen_user.as_ref().map(|u| u.user_name.as_str()),
        Some("bob")
    );
}

#[test]
fn a_profile_holding_another_key_asks_backup_or_rename() {
    let mut w = at_destination();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    assert!(w.update(done(j, preflight(Some("LTAIold")))).is_empty());
    assert_eq!(w.dest.replace_offer.as_deref(), Some("LTAIold"));
    w.update(Msg::Intent(Intent::OtherProfile));
    assert_eq!((w.dest.focus, w.dest.profile()), (1, ""));
    typed(&mut w, "okd");
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(done(j, preflight(Some("LTAIold"))));
    let cmds = w.update(Msg::Intent(Intent::ReplaceProfile));
    assert_eq!(w.screen, Screen::Keys);
    assert!(matches!(cmds[..], [Command::LoadUserDetails { .. }]));
    assert!(
        w.keys
            .dest
            .as_ref()
            .is_some_and(|d| d.backup && d.profile == "okd")
    );
}

#[test]
fn esc_at_the_replace_question_goes_back_and_keeps_the_name() {
    let mut w = at_destination();
    let typed_name = w.dest.profile().to_owned();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(done(j, preflight(Some("LTAIold"))));
    assert!(w.dest.replace_offer.is_some());
    let esc = crate::wizard::keymap::translate(
        &w,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Esc),
    );
    assert_eq!(esc, Some(Intent::Back));
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::Destination);
    assert_eq!(w.dest.replace_offer, None);
    assert_eq!(w.dest.profile(), typed_name, "the name as typed");
    assert_eq!(w.dest.focus, 1, "on the profile, to change it");
}

#[test]
fn a_failed_preflight_stays_with_the_message() {
    let mut w = at_destination();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(failed(j, None));
    assert_eq!(w.screen, Screen::Destination);
    assert!(w.dest.error.is_some());
}

#[test]
fn the_keyring_toggle_is_offered_only_when_it_answers() {
    let mut w = at_destination();
    w.update(Msg::Intent(Intent::NextField));
    w.update(Msg::Intent(Intent::NextField));
    assert_eq!(w.dest.focus, 2);
    w.update(Msg::Intent(Intent::Set(Choice::Keyring, true)));
    assert!(w.dest.destination(false).keyring);
    w.dest.keyring_available = Some(Err("no bus".into()));
    assert!(!w.dest.destination(false).keyring);
}

#[test]
fn with_two_keys_one_must_be_retired_first_confirmed_by_its_last_4() {
    let mut w = at_keys(vec![
        meta("LTAIaaaa1111", "Active"),
        meta("LTAIbbbb2222", "Active"),
    ]);
    assert!(w.update(Msg::Intent(Intent::CreateKey)).is_empty());
    assert_eq!(
        w.keys.notice.as_deref(),
        Some(crate::strings::KEY_LIMIT_CHOOSE())
    );
    w.update(Msg::Intent(Intent::Delete("LTAIaaaa1111".into())));
    assert_eq!(
        w.keys.notice.as_deref(),
        Some(crate::strings::KEY_DEACTIVATE_FIRST())
    );
    w.update(Msg::Intent(Intent::MoveSelection(1)));
    w.update(Msg::Intent(Intent::Deactivate("LTAIbbbb2222".into())));
    typed(&mut w, "1111");
    assert!(
        w.update(Msg::Intent(Intent::Confirm("1111".into())))
            .is_empty(),
        "wrong last 4"
    );
    assert_eq!(
        w.keys.notice.as_deref(),
        Some(crate::strings::RETIRE_MISTYPED())
    );
    for _ in 0..4 {
        w.update(Msg::Intent(Intent::Erase));
    }
    typed(&mut w, "2222");
    let cmds = w.update(Msg::Intent(Intent::Confirm("2222".into())));
    assert!(
        matches!(&cmds[..], [Command::RetireKey { key_id, delete: false, .. }] if key_id == "LTAIbbbb2222")
    );
    assert_eq!(w.keys.notice, None, "the mistyped try's warning went");
    let cmds = w.update(done(job(&cmds), JobOutput::KeyRetired));
    assert!(
        matches!(cmds[..], [Command::LoadUserDetails { .. }]),
        "reloads the keys"
    );
}

#[test]
fn creating_a_key_shows_the_secret_masked_and_confirming_drops_it() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    assert!(matches!(&cmds[..], [Command::CreateKey { user, .. }] if user == "okd"));
    assert_eq!(w.screen, Screen::Capturing);
    w.update(done(job(&cmds), captured(true)));
    assert_eq!(w.screen, Screen::SecretShown);
    w.update(Msg::Intent(Intent::Reveal));
    assert!(w.secret.as_ref().is_some_and(|s| s.revealed));
    assert!(
        matches!(w.update(Msg::Intent(Intent::Quit))[..], []),
        "quit asks first while the secret is unconfirmed"
    );
    assert!(w.confirm_quit);
    w.update(Msg::Intent(Intent::ConfirmQuit(false)));
    w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    assert!(matches!(&cmds[..], [Command::VerifyKey { user, .. }] if user == "okd"));
    assert!(w.secret.is_none());
    assert!(w.saved.as_ref().is_some_and(|c| c.secret.is_none()));
    assert!(!format!("{w:?}").contains("TheOneTimeSecret"));
    assert_eq!(w.screen, Screen::Verifying);
    w.update(done(
        job(&cmds),
        JobOutput::Verified(CallerIdentity {
            arn: "acs:ram::1:user/okd".into(),
            ..Default::default()
        }),
    ));
    assert_eq!(w.screen, Screen::Verified);
}

#[test]
fn copying_sends_the_secret_to_the_clipboard_command_only() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    w.update(done(job(&cmds), captured(true)));
    let cmds = w.update(Msg::Intent(Intent::Copy));
    assert!(
        matches!(&cmds[..], [Command::CopyToClipboard(s)] if s.expose() == "TheOneTimeSecret0123456789abcd")
    );
}

#[test]
fn when_every_store_fails_another_destination_saves_the_held_secret() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    w.update(done(job(&cmds), captured(false)));
    w.update(Msg::Intent(Intent::OtherDestination));
    assert_eq!(w.screen, Screen::Destination);
    assert!(w.dest.resave);
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(
        w.screen,
        Screen::SecretShown,
        "Esc leads back to the secret, still held"
    );
    assert!(
        w.secret
            .as_ref()
            .is_some_and(|s| s.captured.secret.is_some())
    );
    w.update(Msg::Intent(Intent::OtherDestination));
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    let cmds = w.update(done(j, preflight(None)));
    assert!(matches!(cmds[..], [Command::SaveAgain { .. }]));
    w.update(done(job(&cmds), captured(true)));
    assert_eq!(w.screen, Screen::SecretShown);
    assert!(!w.dest.resave);
}

#[test]
fn a_pasted_secret_of_an_existing_key_is_adopted() {
    let mut w = at_keys(vec![meta("LTAIaaaa1111", "Active")]);
    w.update(Msg::Intent(Intent::HaveSecret("LTAIaaaa1111".into())));
    assert!(w.typing());
    w.update(Msg::Paste(" pasted-secret \n".into()));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert!(
        matches!(&cmds[..], [Command::AdoptKey { key_id, secret, .. }] if key_id == "LTAIaaaa1111" && secret.expose() == "pasted-secret")
    );
}

#[test]
fn a_failed_capture_returns_to_the_keys_and_reloads_them() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    let cmds = w.update(failed(job(&cmds), Some("LimitExceeded.User.AccessKey")));
    assert_eq!(w.screen, Screen::Error);
    assert!(matches!(cmds[..], [Command::LoadUserDetails { .. }]));
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::Keys);
}

#[test]
fn a_failed_verification_is_an_error() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    w.update(done(job(&cmds), captured(true)));
    w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    w.update(failed(job(&cmds), Some("InvalidAccessKeyId.NotFound")));
    assert_eq!(w.screen, Screen::Error);
}

#[test]
fn the_only_active_key_is_never_deactivated() {
    let mut w = at_keys(vec![
        meta("LTAIaaaa1111", "Active"),
        meta("LTAIbbbb2222", "Inactive"),
    ]);
    w.update(Msg::Intent(Intent::Deactivate("LTAIaaaa1111".into())));
    assert!(w.keys.confirm.is_none());
    assert_eq!(
        w.keys.notice.as_deref(),
        Some(crate::strings::KEY_ONLY_ACTIVE())
    );
}

#[test]
fn a_failed_verification_can_be_retried_with_enter() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    w.update(done(job(&cmds), captured(true)));
    w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    w.update(failed(job(&cmds), Some("InvalidAccessKeyId.NotFound")));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert!(matches!(&cmds[..], [Command::VerifyKey { .. }]), "{cmds:?}");
    assert_eq!(w.screen, Screen::Verifying);
    w.update(failed(job(&cmds), Some("InvalidAccessKeyId.NotFound")));
    let cmds = w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::Keys);
    assert!(
        matches!(&cmds[..], [Command::LoadUserDetails { .. }]),
        "the keys are reloaded"
    );
}

#[test]
fn a_key_made_with_its_answer_lost_is_offered_as_an_orphan_and_blocks_another_key() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    let cmds = w.update(Msg::from(EngineEvent {
        job: job(&cmds),
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "t".into(),
            hint: crate::strings::orphan_made_hint(),
            detail: orphaned_detail("LTAIcccc3333", "connection dropped"),
            code: Some(CODE_ORPHANED.into()),
        })),
    }));
    assert_eq!(w.screen, Screen::Error);
    assert!(matches!(cmds[..], [Command::LoadUserDetails { .. }]));
    assert!(
        orphans::unresolved(&w, "okd"),
        "blocked before anything else arrives"
    );
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::Orphans);
    assert_eq!(w.orphans.list[0].key_id, "LTAIcccc3333");
    // Leaving without resolving it: back to the keys, where no new key is made.
    let cmds = w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::Keys);
    let details = UserDetails {
        user: "okd".into(),
        keys: vec![meta("LTAIcccc3333", "Active")],
        policies: vec![],
        local_profiles: vec![],
    };
    assert!(matches!(cmds[..], [Command::LoadUserDetails { .. }]));
    for j in w.jobs.clone() {
        w.update(done(j.id, JobOutput::UserDetails(details.clone())));
    }
    assert!(
        w.update(Msg::Intent(Intent::CreateKey)).is_empty(),
        "no other key"
    );
    assert_eq!(w.screen, Screen::Orphans);
    assert!(w.orphans.notice.is_some());
    // Deleting it (its last 4, pasted) returns to the keys.
    w.update(Msg::Intent(Intent::Delete("LTAIcccc3333".into())));
    w.update(Msg::Paste("3333".into()));
    let cmds = w.update(Msg::Intent(Intent::Confirm("3333".into())));
    let [
        Command::ResolveOrphan {
            job: rj,
            delete: true,
            ..
        },
    ] = cmds[..]
    else {
        panic!("{cmds:?}")
    };
    let cmds = w.update(done(rj, JobOutput::OrphanResolved("LTAIcccc3333".into())));
    assert_eq!(w.screen, Screen::Keys);
    assert!(matches!(cmds[..], [Command::LoadUserDetails { .. }]));
}

#[test]
fn slash_starts_a_new_filter_in_the_user_list() {
    let mut w = at_destination();
    w.screen = Screen::SelectUser;
    w.users.filter.value = "okd".into();
    w.users.selected = 3;
    w.update(Msg::Intent(Intent::Filter(String::new())));
    assert_eq!(w.users.filter.value, "");
    assert_eq!(w.users.selected, 0);
    w.update(Msg::Intent(Intent::Type(Typed('o'))));
    assert_eq!(w.users.filter.value, "o");
}

#[test]
fn quitting_on_the_secret_screen_asks_about_the_secret_not_a_request() {
    let mut w = at_keys(vec![]);
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    w.update(done(job(&cmds), captured(true)));
    assert_eq!(w.screen, Screen::SecretShown);
    assert!(!w.busy(), "nothing runs");
    w.update(Msg::Intent(Intent::Quit));
    assert!(w.confirm_quit);
    assert_eq!(
        w.quit_question(),
        Some(crate::strings::QUIT_CONFIRM_SECRET_SAVED())
    );
    w.update(Msg::Intent(Intent::ConfirmQuit(false)));
    if let Some(s) = w.secret.as_mut() {
        s.captured.file = Err("read-only".into());
        s.captured.keyring = None;
    }
    assert_eq!(
        w.quit_question(),
        Some(crate::strings::QUIT_CONFIRM_UNSAVED())
    );
    // Past the secret screen, with nothing running, q quits at once.
    w.secret = None;
    assert_eq!(w.quit_question(), None);
}

#[test]
fn the_signed_in_key_is_never_replaced_only_moved() {
    let mut w = at_destination();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    let mut pf = Preflight {
        target: "/d/credentials".into(),
        is_symlink: false,
        file_exists: true,
        existing_key: Some("LTAI".into()),
        profiles: vec!["default".into(), "root-admin".into()],
        loose_mode: None,
        notes: Vec::new(),
    };
    w.update(done(j, JobOutput::Preflight(Box::new(pf.clone()))));
    assert!(w.profile_holds_signed_in_key());
    // b is not offered, and the intent does nothing.
    let b = crate::wizard::keymap::translate(
        &w,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('b')),
    );
    assert_eq!(b, None);
    assert!(w.update(Msg::Intent(Intent::ReplaceProfile)).is_empty());
    assert_eq!(w.screen, Screen::Destination);
    assert!(w.keys.dest.is_none());
    // m offers a free `<identity>-admin` name, editable.
    w.update(Msg::Intent(Intent::MoveSignedIn));
    assert_eq!(
        w.field(Field::MoveTo),
        "root-admin-2",
        "root-admin is taken"
    );
    assert!(w.typing(), "letters go into the name");
    w.update(Msg::Intent(Intent::Fill(Field::MoveTo, "default".into())));
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert!(w.dest.error.as_deref().unwrap().contains("[default]"));
    w.update(Msg::Intent(Intent::Fill(Field::MoveTo, "bad name".into())));
    w.update(Msg::Intent(Intent::Continue));
    assert!(
        w.dest
            .error
            .as_deref()
            .unwrap()
            .contains("cannot be a profile name")
    );
    // Esc goes back to the question, not past it.
    w.update(Msg::Intent(Intent::Back));
    assert!(w.dest.move_to.is_none() && w.profile_holds_signed_in_key());
    w.update(Msg::Intent(Intent::MoveSignedIn));
    w.update(Msg::Intent(Intent::Fill(Field::MoveTo, "admin".into())));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::Keys, "{cmds:?}");
    let d = w.keys.dest.clone().unwrap();
    assert_eq!(
        (d.profile.as_str(), d.backup, d.move_existing_to.as_deref()),
        ("default", true, Some("admin"))
    );
    // Another key in the profile is still offered b / n.
    let mut w = at_destination();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    pf.existing_key = Some("LTAIother".into());
    w.update(done(j, JobOutput::Preflight(Box::new(pf))));
    assert!(!w.profile_holds_signed_in_key());
    assert!(w.update(Msg::Intent(Intent::MoveSignedIn)).is_empty());
    assert!(w.dest.move_to.is_none());
}

#[test]
fn a_replaced_older_key_of_the_user_is_retired_once_the_new_one_works() {
    let mut w = at_destination();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(done(j, preflight(Some("LTAIold"))));
    let cmds = w.update(Msg::Intent(Intent::ReplaceProfile));
    assert_eq!(w.screen, Screen::Keys);
    w.update(done(
        job(&cmds),
        JobOutput::UserDetails(UserDetails {
            user: "okd".into(),
            keys: vec![meta("LTAIold", "Active")],
            policies: vec![],
            // Only the profile the new key takes holds it.
            local_profiles: vec![("default".into(), "LTAIold".into())],
        }),
    ));
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    w.update(done(job(&cmds), captured(true)));
    w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    w.update(done(
        job(&cmds),
        JobOutput::Verified(CallerIdentity {
            arn: "acs:ram::1:user/okd".into(),
            ..Default::default()
        }),
    ));
    assert_eq!(w.screen, Screen::Verified);
    assert_eq!(w.replaced_key_pending().as_deref(), Some("LTAIold"));
    // Enter deactivates it (the default), and stays to say so.
    let enter = crate::wizard::keymap::translate(
        &w,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter),
    );
    assert_eq!(enter, Some(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert!(
        matches!(&cmds[..], [Command::RetireKey { key_id, delete: false, .. }] if key_id == "LTAIold"),
        "{cmds:?}"
    );
    w.update(done(job(&cmds), JobOutput::KeyRetired));
    assert_eq!(w.screen, Screen::Verified);
    let r = w.keys.replaced.clone().unwrap();
    assert_eq!(r.status, crate::wizard::recover::OldKeyStatus::Inactive);
    // x, then the typed last 4, deletes it.
    w.update(Msg::Intent(Intent::Delete("LTAIold".into())));
    assert!(w.keys.confirm.is_some());
    let cmds = w.update(Msg::Intent(Intent::Confirm("Iold".into())));
    assert!(matches!(
        &cmds[..],
        [Command::RetireKey { delete: true, .. }]
    ));
    w.update(done(job(&cmds), JobOutput::KeyRetired));
    let report = w.report(Mode::Setup, false, true, false);
    let k = report.key.unwrap();
    assert_eq!(
        (k.replaced.as_deref(), k.replaced_status.as_deref()),
        (Some("LTAIold"), Some("Deleted"))
    );
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::PolicyChoice);
}

#[test]
fn a_replaced_older_key_can_be_kept_and_another_users_key_is_not_touched() {
    let run = |keys: Vec<AccessKeyMeta>| {
        let mut w = at_destination();
        let j = job(&w.update(Msg::Intent(Intent::Continue)));
        w.update(done(j, preflight(Some("LTAIold"))));
        let cmds = w.update(Msg::Intent(Intent::ReplaceProfile));
        w.update(done(
            job(&cmds),
            JobOutput::UserDetails(UserDetails {
                user: "okd".into(),
                keys,
                policies: vec![],
                local_profiles: vec![],
            }),
        ));
        let cmds = w.update(Msg::Intent(Intent::CreateKey));
        w.update(done(job(&cmds), captured(true)));
        w.update(Msg::Intent(Intent::Continue));
        let cmds = w.update(Msg::Intent(Intent::Answer(true)));
        w.update(done(
            job(&cmds),
            JobOutput::Verified(CallerIdentity::default()),
        ));
        w
    };
    let mut w = run(vec![meta("LTAIold", "Active")]);
    assert!(w.update(Msg::Intent(Intent::KeepOldKey)).is_empty());
    assert_eq!(w.replaced_key_pending(), None);
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::PolicyChoice, "kept: Enter goes on");
    // Not this user's key (another user's, or gone): nothing to retire, Enter goes on.
    let mut w = run(vec![]);
    assert_eq!(w.replaced_key_pending(), None);
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::PolicyChoice);
}

#[test]
fn a_profile_holding_the_users_working_key_offers_to_keep_it() {
    let mut w = at_destination();
    w.new_user.created = false; // an existing user (a rerun)
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    let cmds = w.update(done(j, preflight(Some("LTAIheld"))));
    let [
        Command::CheckHeldKey {
            job: hj,
            user,
            key_id,
            profile,
            account_id,
            ..
        },
    ] = &cmds[..]
    else {
        panic!("{cmds:?}");
    };
    assert_eq!(
        (user.as_str(), key_id.as_str(), profile.as_str()),
        ("okd", "LTAIheld", "default")
    );
    assert!(
        !w.can_keep_held_key(),
        "not before the signed call answered"
    );
    let (hj, account) = (*hj, account_id.clone());
    assert_eq!(account, "1", "only a key of the signed-in account counts");
    w.update(done(
        hj,
        JobOutput::HeldKey {
            profile: "default".into(),
            key_id: "LTAIheld".into(),
            who: Some(Box::new(CallerIdentity {
                arn: "acs:ram::1:user/okd".into(),
                ..Default::default()
            })),
        },
    ));
    assert!(w.can_keep_held_key());
    let k = crate::wizard::keymap::translate(
        &w,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('k')),
    );
    assert_eq!(k, Some(Intent::KeepHeldKey));
    let cmds = w.update(Msg::Intent(Intent::KeepHeldKey));
    let [Command::KeepHeldKey { job: kj, key_id }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    assert_eq!(key_id, "LTAIheld");
    let cmds = w.update(done(*kj, JobOutput::HeldKeyKept));
    assert!(
        matches!(&cmds[..], [Command::LoadUserDetails { .. }]),
        "{cmds:?}"
    );
    assert!(
        !cmds.iter().any(|c| matches!(c, Command::CreateKey { .. })),
        "no key is made"
    );
    assert_eq!(w.screen, Screen::Verified);
    assert_eq!(
        w.saved.as_ref().map(|c| c.key_id.as_str()),
        Some("LTAIheld")
    );
    let r = w.report(Mode::Setup, false, false, false);
    assert_eq!(r.key.unwrap().change, "unchanged");

    // A key that does not sign as the user: only b / n, as before.
    let mut w = at_destination();
    w.new_user.created = false;
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    let cmds = w.update(done(j, preflight(Some("LTAIheld"))));
    let [Command::CheckHeldKey { job: hj, .. }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    w.update(done(
        *hj,
        JobOutput::HeldKey {
            profile: "default".into(),
            key_id: "LTAIheld".into(),
            who: None,
        },
    ));
    assert!(!w.can_keep_held_key());
    assert!(w.update(Msg::Intent(Intent::KeepHeldKey)).is_empty());
    assert_eq!(w.screen, Screen::Destination);

    // An answer about another profile (the question moved on since) is dropped.
    let mut w = at_destination();
    w.new_user.created = false;
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    let cmds = w.update(done(j, preflight(Some("LTAIheld"))));
    let [Command::CheckHeldKey { job: hj, .. }] = &cmds[..] else {
        panic!("{cmds:?}");
    };
    w.update(done(
        *hj,
        JobOutput::HeldKey {
            profile: "other".into(),
            key_id: "LTAIheld".into(),
            who: Some(Box::default()),
        },
    ));
    assert!(!w.can_keep_held_key());
}

#[test]
fn a_key_another_profile_still_holds_is_not_offered_for_retirement() {
    let mut w = at_destination();
    let j = job(&w.update(Msg::Intent(Intent::Continue)));
    w.update(done(j, preflight(Some("LTAIold"))));
    let cmds = w.update(Msg::Intent(Intent::ReplaceProfile));
    w.update(done(
        job(&cmds),
        JobOutput::UserDetails(UserDetails {
            user: "okd".into(),
            keys: vec![meta("LTAIold", "Active")],
            policies: vec![],
            local_profiles: vec![
                ("default".into(), "LTAIold".into()),
                ("copy".into(), "LTAIold".into()),
            ],
        }),
    ));
    let cmds = w.update(Msg::Intent(Intent::CreateKey));
    w.update(done(job(&cmds), captured(true)));
    w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::Answer(true)));
    w.update(done(
        job(&cmds),
        JobOutput::Verified(CallerIdentity::default()),
    ));
    assert_eq!(w.replaced_key_pending(), None, "[copy] still uses it");
}

#[test]
fn deleting_a_key_a_profile_holds_removes_that_profile_after() {
    let mut w = at_keys(vec![
        meta("LTAIaaaa1111", "Inactive"),
        meta("LTAIbbbb2222", "Active"),
    ]);
    if let Some(d) = &mut w.keys.details {
        d.local_profiles = vec![("old".into(), "LTAIaaaa1111".into())];
    }
    w.update(Msg::Intent(Intent::Delete("LTAIaaaa1111".into())));
    let cmds = w.update(Msg::Intent(Intent::Confirm("1111".into())));
    assert!(
        matches!(&cmds[..], [Command::RetireKey { delete: true, .. }]),
        "{cmds:?}"
    );
    let cmds = w.update(done(job(&cmds), JobOutput::KeyRetired));
    let Some(Command::ForgetKey {
        job: fj,
        key_id,
        file,
    }) = cmds.iter().find(|c| matches!(c, Command::ForgetKey { .. }))
    else {
        panic!("{cmds:?}");
    };
    assert_eq!(
        (key_id.as_str(), file.to_str()),
        ("LTAIaaaa1111", Some("/d/credentials"))
    );
    w.update(done(
        *fj,
        JobOutput::KeyForgotten {
            removed: vec!["old".into()],
            backup: Some("/d/credentials.ramwiz-backup-x".into()),
            file: "/d/credentials".into(),
        },
    ));
    assert!(
        w.forget_note()
            .unwrap()
            .unwrap()
            .contains("[old] is removed")
    );
    // Deactivating removes nothing (the key still exists).
    let mut w = at_keys(vec![
        meta("LTAIaaaa1111", "Active"),
        meta("LTAIbbbb2222", "Active"),
    ]);
    if let Some(d) = &mut w.keys.details {
        d.local_profiles = vec![("old".into(), "LTAIaaaa1111".into())];
    }
    w.update(Msg::Intent(Intent::Deactivate("LTAIaaaa1111".into())));
    let cmds = w.update(Msg::Intent(Intent::Confirm("1111".into())));
    let cmds = w.update(done(job(&cmds), JobOutput::KeyRetired));
    assert!(!cmds.iter().any(|c| matches!(c, Command::ForgetKey { .. })));
}

/// A role session's facts, as a sign-in through `okd-admin` gives them.
fn okd_admin_session() -> crate::cloud::RoleInfo {
    crate::cloud::RoleInfo {
        role_arn: "acs:ram::1:role/okd-admin".into(),
        session_name: "ramwiz-1".into(),
        expiration: "2026-12-03T12:00:00Z".into(),
        renewals: 0,
        renew_before: std::time::Duration::from_secs(300),
    }
}

/// When the signed-in key's profile moves aside for the installer's key, the identity's label
/// follows it; a role profile moves whole, its role with it.
#[test]
fn the_signed_in_label_follows_a_moved_profile_role_and_all() {
    let role = okd_admin_session();
    for (label, with_role, now) in [
        (
            "profile default",
            None,
            "profile admin (moved there by ramwiz)",
        ),
        (
            "profile default → role okd-admin",
            Some(role),
            "profile admin (moved there by ramwiz) → role okd-admin",
        ),
    ] {
        let mut w = at_keys(vec![]);
        if let Some(s) = w.signed_in.as_mut() {
            s.source_label = label.into();
            s.role = with_role.map(Box::new);
        }
        let cmds = w.update(Msg::Intent(Intent::CreateKey));
        let JobOutput::Captured(mut c) = captured(true) else {
            unreachable!()
        };
        c.dest.move_existing_to = Some("admin".into());
        w.update(done(job(&cmds), JobOutput::Captured(c)));
        assert_eq!(w.screen, Screen::SecretShown, "{label}");
        assert_eq!(w.signed_in.as_ref().unwrap().source_label, now, "{label}");
    }
}

/// Provisioning or tearing down through a role session stops on the identity card: ccoctl,
/// which those paths run, takes no temporary key.
#[test]
fn tool_paths_refuse_a_role_session_on_the_identity_card() {
    for teardown in [false, true] {
        let mut w = signed_in(RamAccess::Allowed);
        if teardown {
            w.cco.teardown_mode = true;
        } else {
            w.set_provision_only();
        }
        if let Some(s) = w.signed_in.as_mut() {
            s.role = Some(Box::new(okd_admin_session()));
        }
        // The footer offers no way on, and Enter is no key here.
        let enter = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter);
        assert_eq!(crate::wizard::keymap::translate(&w, enter), None);
        assert!(
            crate::wizard::keymap::bindings(&w)
                .iter()
                .all(|b| b.hint.is_none_or(|h| h.keys != "Enter"))
        );
        let cmds = w.update(Msg::Intent(Intent::Continue));
        assert!(cmds.is_empty(), "{cmds:?}");
        assert_eq!(w.screen, Screen::Identity);
        let notice = w.notice.clone().unwrap_or_default();
        assert!(
            notice.contains("temporary STS credentials") && notice.contains("role/okd-admin"),
            "{notice}"
        );
    }
}

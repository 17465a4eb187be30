//! Screens rendered into a `TestBackend` and compared as insta snapshots (100×30).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::cloud::model::CallerIdentity;
use crate::creds::{Discovery, SourceInfo, SourceRef, SourceStatus};
use crate::wizard::*;

fn draw(w: &Wizard, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| super::render(w, f)).unwrap();
    t
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn discovered() -> Wizard {
    let (mut w, cmds) = Wizard::new(true, (100, 30));
    let Command::DiscoverSources { job } = cmds[0] else {
        panic!()
    };
    let src = |name: &str, id: &str, status| SourceInfo {
        source: SourceRef::Profile {
            path: "/demo/credentials".into(),
            name: name.into(),
        },
        label: format!("profile {name}"),
        origin: "/demo/credentials".into(),
        access_key_id: Some(id.into()),
        status,
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::Sources(Discovery {
            sources: vec![
                src(
                    "demo-admin",
                    "LTAI5tDEMO0000000000000A",
                    SourceStatus::Ready,
                ),
                src(
                    "ci-role",
                    "-",
                    SourceStatus::Unsupported("ram_role_arn".into()),
                ),
            ],
            problems: vec![
                "/home/u/.aliyun/config.json: not valid JSON (expected value at line 1 column 1)"
                    .into(),
            ],
        }))),
    }));
    w
}

fn signed_in(owner: bool, ram: RamAccess) -> Wizard {
    let mut w = discovered();
    w.update(key(KeyCode::Enter));
    let cmds = w.update(key(KeyCode::Enter));
    let Command::SignIn { job, .. } = cmds[0] else {
        panic!()
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::SignedIn(SignedIn {
            identity: CallerIdentity {
                request_id: "r".into(),
                account_id: "5123456789012345".into(),
                user_id: (!owner).then(|| "26512345678901".into()),
                identity_type: if owner { "Account" } else { "RAMUser" }.into(),
                principal_id: "5123456789012345".into(),
                arn: if owner {
                    "acs:ram::5123456789012345:root".into()
                } else {
                    "acs:ram::5123456789012345:user/ops".into()
                },
                role_id: None,
            },
            ram,
            source_label: "profile demo-admin (/demo/credentials)".into(),
            access_key_id: "LTAI5tDEMO0000000000000A".into(),
        }))),
    }));
    w
}

#[test]
fn welcome_screen() {
    let (w, _) = Wizard::new(true, (100, 30));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn sign_in_screen() {
    let mut w = discovered();
    w.update(key(KeyCode::Enter));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn paste_screen_masks_the_secret() {
    let mut w = discovered();
    w.update(key(KeyCode::Enter));
    w.update(key(KeyCode::Char('p')));
    w.update(Msg::Paste("not-an-id".into()));
    w.update(key(KeyCode::Tab));
    w.update(Msg::Paste("TopSecretValue".into()));
    let t = draw(&w, 100, 30);
    let text = format!("{:?}", t.backend());
    assert!(!text.contains("TopSecretValue"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn checking_screen() {
    let mut w = discovered();
    w.update(key(KeyCode::Enter));
    w.update(key(KeyCode::Enter));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn identity_card_of_the_account_owner() {
    let w = signed_in(true, RamAccess::Allowed);
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn identity_card_of_a_ram_user_without_ram_rights() {
    let w = signed_in(false, RamAccess::Denied);
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn error_screen() {
    let mut w = discovered();
    w.update(key(KeyCode::Enter));
    let cmds = w.update(key(KeyCode::Enter));
    let Command::SignIn { job, .. } = cmds[0] else {
        panic!()
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "Sign-in failed".into(),
            hint: crate::strings::error_hint("InvalidAccessKeyId.NotFound", 404),
            detail: "GetCallerIdentity: InvalidAccessKeyId.NotFound (404), request 5E1F…".into(),
        })),
    }));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn help_overlay() {
    let mut w = discovered();
    w.update(key(KeyCode::Enter));
    w.update(key(KeyCode::Char('?')));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn too_small_terminal() {
    let (w, _) = Wizard::new(false, (60, 20));
    insta::assert_snapshot!(draw(&w, 60, 20).backend());
}

#[test]
fn every_screen_fits_80_by_24_without_panicking() {
    for w in [
        discovered(),
        signed_in(true, RamAccess::Unknown("timeout".into())),
    ] {
        draw(&w, 80, 24);
    }
}

//! Transitions of the orphaned-keys screen.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}
fn done(job: JobId, out: JobOutput) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(out)),
    })
}
fn orphan(id: &str) -> Orphan {
    Orphan {
        user: "okd".into(),
        key_id: id.into(),
        create_date: "2026-11-29T00:00:00Z".into(),
    }
}

/// Signed in; the orphan check is running.
fn signed_in() -> (Wizard, JobId) {
    let (mut w, cmds) = Wizard::new(true, (100, 30), "/d/c".into());
    let Command::DiscoverSources { job } = cmds[0] else {
        panic!()
    };
    w.update(done(job, JobOutput::Sources(Default::default())));
    w.update(key(KeyCode::Enter));
    w.update(key(KeyCode::Char('p')));
    w.update(Msg::Paste("LTAIxxxxxxxxxxxxxxxx".into()));
    w.update(key(KeyCode::Tab));
    w.update(Msg::Paste("secretsecretsecretsecretsecret".into()));
    let cmds = w.update(key(KeyCode::Enter));
    let Command::SignIn { job, .. } = cmds[0] else {
        panic!()
    };
    let signed = SignedIn {
        identity: Default::default(),
        ram: RamAccess::Allowed,
        source_label: "p".into(),
        access_key_id: "LTAI".into(),
        signature: crate::cloud::SignatureVersion::V1,
    };
    let cmds = w.update(done(job, JobOutput::SignedIn(signed)));
    let [Command::FindOrphans { job }] = cmds[..] else {
        panic!("{cmds:?}")
    };
    (w, job)
}

#[test]
fn no_orphans_means_no_screen() {
    let (mut w, job) = signed_in();
    w.update(done(job, JobOutput::Orphans(vec![])));
    assert_eq!(w.screen, Screen::Identity);
}

#[test]
fn orphans_are_shown_and_deleted_only_with_the_right_last_4() {
    let (mut w, job) = signed_in();
    w.update(done(
        job,
        JobOutput::Orphans(vec![orphan("LTAIaaaa1111"), orphan("LTAIbbbb2222")]),
    ));
    assert_eq!(w.screen, Screen::Orphans);
    w.update(key(KeyCode::Down));
    w.update(key(KeyCode::Char('x')));
    assert!(w.typing());
    for c in "1111".chars() {
        w.update(key(KeyCode::Char(c)));
    }
    assert!(
        w.update(key(KeyCode::Enter)).is_empty(),
        "wrong key's digits"
    );
    w.orphans.confirm = Some(TextField {
        value: "2222".into(),
    });
    let cmds = w.update(key(KeyCode::Enter));
    let [
        Command::ResolveOrphan {
            job,
            ref key_id,
            delete: true,
            ..
        },
    ] = cmds[..]
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(key_id, "LTAIbbbb2222");
    w.update(done(job, JobOutput::OrphanResolved("LTAIbbbb2222".into())));
    assert_eq!(w.orphans.list.len(), 1);
    let cmds = w.update(key(KeyCode::Char('k')));
    let [
        Command::ResolveOrphan {
            job, delete: false, ..
        },
    ] = cmds[..]
    else {
        panic!("{cmds:?}")
    };
    w.update(done(job, JobOutput::OrphanResolved("LTAIaaaa1111".into())));
    assert_eq!(w.screen, Screen::Identity, "all handled");
}

#[test]
fn esc_leaves_them_for_later() {
    let (mut w, job) = signed_in();
    w.update(done(job, JobOutput::Orphans(vec![orphan("LTAIaaaa1111")])));
    assert!(w.update(key(KeyCode::Esc)).is_empty());
    assert_eq!(w.screen, Screen::Identity);
}

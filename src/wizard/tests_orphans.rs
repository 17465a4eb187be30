//! Transitions of the orphaned-keys screen.

use super::*;

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
    w.update(Msg::Intent(Intent::StartSetup));
    w.update(Msg::Intent(Intent::PastePair));
    w.update(Msg::Paste("LTAIxxxxxxxxxxxxxxxx".into()));
    w.update(Msg::Intent(Intent::NextField));
    w.update(Msg::Paste("secretsecretsecretsecretsecret".into()));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    let Command::SignIn { job, .. } = cmds[0] else {
        panic!()
    };
    let signed = SignedIn {
        identity: Default::default(),
        ram: RamAccess::Allowed,
        source_label: "p".into(),
        access_key_id: "LTAI".into(),
        signature: crate::cloud::SignatureVersion::V1,
        role: None,
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
    w.update(done(job, JobOutput::Orphans(vec![], vec![])));
    assert_eq!(w.screen, Screen::Identity);
}

#[test]
fn orphans_are_shown_and_deleted_only_with_the_right_last_4() {
    let (mut w, job) = signed_in();
    w.update(done(
        job,
        JobOutput::Orphans(vec![orphan("LTAIaaaa1111"), orphan("LTAIbbbb2222")], vec![]),
    ));
    assert_eq!(w.screen, Screen::Orphans);
    w.update(Msg::Intent(Intent::MoveSelection(1)));
    w.update(Msg::Intent(Intent::Delete("LTAIbbbb2222".into())));
    assert!(w.typing());
    for c in "1111".chars() {
        w.update(Msg::Intent(Intent::Type(Typed(c))));
    }
    assert!(
        w.update(Msg::Intent(Intent::Confirm("1111".into())))
            .is_empty(),
        "wrong key's digits"
    );
    w.orphans.confirm = Some(TextField {
        value: "2222".into(),
    });
    let cmds = w.update(Msg::Intent(Intent::Confirm("2222".into())));
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
    let cmds = w.update(Msg::Intent(Intent::Keep("LTAIaaaa1111".into())));
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
    w.update(done(
        job,
        JobOutput::Orphans(vec![orphan("LTAIaaaa1111")], vec![]),
    ));
    assert!(w.update(Msg::Intent(Intent::Back)).is_empty());
    assert_eq!(w.screen, Screen::Identity);
}

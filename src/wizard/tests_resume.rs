//! Transitions of "resume where you left off", one per branch of the re-check.

use super::*;
use crate::cloud::model::{CallerIdentity, User};
use crate::protocol::RunRecord;

fn done(job: JobId, out: JobOutput) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(out)),
    })
}

/// An offer was made; the user pressed u, signed in, and pressed Enter: the re-check runs.
fn rechecking() -> (Wizard, JobId) {
    let (mut w, cmds) = Wizard::new(true, (100, 30), "/d/c".into());
    let [_, Command::CheckJournal { job }] = cmds[..] else {
        panic!("{cmds:?}")
    };
    let offer = ResumeOffer {
        record: RunRecord {
            user: "okd".into(),
            ..Default::default()
        },
        manifests_gone: false,
    };
    w.update(done(job, JobOutput::ResumeOffer(Some(Box::new(offer)))));
    w.jobs.clear();
    w.update(Msg::Intent(Intent::Resume));
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
    let [Command::Recheck { job, ref record }] = cmds[..] else {
        panic!("{cmds:?}")
    };
    assert_eq!(record.user, "okd");
    assert_eq!(w.progress, Some(Progress::Rechecking));
    (w, job)
}

fn user() -> Option<User> {
    Some(User {
        user_name: "okd".into(),
        ..Default::default()
    })
}

#[test]
fn a_user_that_is_gone_starts_at_the_user_step() {
    let (mut w, job) = rechecking();
    w.update(done(job, JobOutput::Resumed(Box::default())));
    assert_eq!(w.screen, Screen::UserChoice);
}

#[test]
fn a_key_that_no_longer_works_starts_at_the_key_step() {
    let (mut w, job) = rechecking();
    let cmds = w.update(done(
        job,
        JobOutput::Resumed(Box::new(ResumePoint {
            user: user(),
            ..Default::default()
        })),
    ));
    assert_eq!(w.screen, Screen::Destination);
    assert!(matches!(cmds[..], [Command::ProbeKeyring { .. }]));
}

#[test]
fn a_working_key_without_policy_starts_at_the_policy() {
    let (mut w, job) = rechecking();
    let p = ResumePoint {
        user: user(),
        key: Some(("K".into(), "/d/c".into(), "default".into())),
        identity: Some(CallerIdentity::default()),
        ..Default::default()
    };
    w.update(done(job, JobOutput::Resumed(Box::new(p))));
    assert_eq!(w.screen, Screen::PolicyChoice);
    assert_eq!(w.saved.as_ref().map(|c| c.key_id.as_str()), Some("K"));
}

#[test]
fn an_attached_policy_is_probed_then_ccoctl_follows() {
    let (mut w, job) = rechecking();
    let p = ResumePoint {
        user: user(),
        key: Some(("K".into(), "/d/c".into(), "default".into())),
        policy: Some(PolicyPlan::Reuse("okd-installer".into())),
        ..Default::default()
    };
    let cmds = w.update(done(job, JobOutput::Resumed(Box::new(p))));
    assert_eq!(w.screen, Screen::PolicyDone);
    assert!(matches!(cmds[..], [Command::ProbePermission { .. }]));
}

#[test]
fn ccoctl_in_place_starts_at_the_provisioning_with_the_earlier_inputs() {
    let (mut w, job) = rechecking();
    let p = ResumePoint {
        user: user(),
        key: Some(("K".into(), "/d/c".into(), "default".into())),
        policy: Some(PolicyPlan::System("AdministratorAccess".into())),
        ccoctl: Some(
            [
                "/w/ccoctl",
                "4.15.0",
                "quay.io/x@sha256:1",
                "/w/bin/openshift-install",
                "/w/bin/oc",
                "",
            ]
            .map(str::to_owned),
        ),
        provisioned: Some(["okd-1", "cn-beijing", "/w/out", "/w/cr"].map(str::to_owned)),
        ..Default::default()
    };
    w.update(done(job, JobOutput::Resumed(Box::new(p))));
    assert_eq!(w.screen, Screen::ProvisionSetup);
    assert_eq!(w.cco.prov[cco::PROV_REGION].value, "cn-beijing");
    assert_eq!(w.cco.tools[cco::TOOL_DIR].value, "/w");
    assert!(w.cco.manifests_gone);
    assert_eq!(
        w.cco.ready.as_ref().map(|r| r.release_image.as_str()),
        Some("quay.io/x@sha256:1")
    );
}

#[test]
fn u_does_nothing_without_an_offer() {
    let (mut w, _) = Wizard::new(true, (100, 30), "/d/c".into());
    w.update(Msg::Intent(Intent::Resume));
    assert_eq!(w.screen, Screen::Welcome);
}

//! The install-policy step end to end without a terminal: the real wizard and engine against
//! the simulated cloud (which enforces attached policies).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ramwiz::cloud::actions::{CreatePolicyVersion, ListUsers};
use ramwiz::cloud::{Client, Credentials, Endpoints};
use ramwiz::protocol::PolicyPlan;
use ramwiz::wizard::policy::ProbeState;
use ramwiz::wizard::{Choice, Intent, PolicyKind, Screen};
use support::headless::Headless;

/// From the verified key: the custom policy, with or without ram:DeletePolicyVersion.
async fn attach_custom(h: &mut Headless, with_delete_version: bool) {
    if h.w.screen == Screen::Verified {
        h.say(Intent::Continue).await;
        assert_eq!(h.w.policy.choice, 1, "least privilege is the default");
    }
    assert_eq!(h.w.screen, Screen::PolicyChoice);
    if h.w.policy.choice != 1 {
        h.say(Intent::MoveSelection(1)).await;
    }
    h.say(Intent::ChoosePolicy(PolicyKind::Okd)).await;
    assert_eq!(h.w.screen, Screen::PolicyForm);
    if h.w.policy.add_delete_version != with_delete_version {
        h.say(Intent::Set(
            Choice::DeletePolicyVersion,
            with_delete_version,
        ))
        .await;
    }
    h.say(Intent::Continue).await;
}

fn probe_passed(h: &Headless) -> bool {
    matches!(h.w.policy.probe, Some(ProbeState::Passed))
}

#[tokio::test]
async fn first_run_creates_and_attaches_a_second_changes_nothing_a_change_adds_one_version() {
    let mut h = Headless::start(5).await;
    h.walk_to_verified_key("okd-installer").await;
    attach_custom(&mut h, false).await;
    assert_eq!(h.w.screen, Screen::PolicyDone, "{:?}", h.w.error);
    assert!(matches!(
        h.w.policy.applied.as_ref().unwrap().plan,
        PolicyPlan::Create { .. }
    ));
    assert!(probe_passed(&h), "{:?}", h.w.policy.probe);
    assert_eq!(h.policy_versions("okd-installer"), Some(("v1".into(), 1)));
    let attached = &h.w.policy.applied.as_ref().unwrap().attached;
    assert_eq!(attached.len(), 1);

    // again, same document: reused, no new version, attach counts as success
    h.say(Intent::Back).await;
    h.say(Intent::ChoosePolicy(PolicyKind::Okd)).await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::PolicyDone, "{:?}", h.w.error);
    assert!(matches!(
        h.w.policy.applied.as_ref().unwrap().plan,
        PolicyPlan::Reuse(_)
    ));
    assert_eq!(h.policy_versions("okd-installer"), Some(("v1".into(), 1)));

    // with ram:DeletePolicyVersion: a review of the difference, then exactly one new default
    h.say(Intent::Back).await;
    attach_custom(&mut h, true).await;
    assert_eq!(h.w.screen, Screen::PolicyReview);
    let diff = h.w.policy.differences();
    assert_eq!(
        diff,
        vec![(
            "ram".to_owned(),
            vec!["ram:DeletePolicyVersion".to_owned()],
            vec![]
        )]
    );
    h.say(Intent::Answer(true)).await;
    assert_eq!(h.w.screen, Screen::PolicyDone, "{:?}", h.w.error);
    assert_eq!(
        h.w.policy.applied.as_ref().unwrap().new_version.as_deref(),
        Some("v2")
    );
    assert_eq!(h.policy_versions("okd-installer"), Some(("v2".into(), 2)));
    assert!(probe_passed(&h));
}

#[tokio::test]
async fn with_five_versions_the_user_is_asked_and_the_oldest_is_rotated_out() {
    let mut h = Headless::start(5).await;
    h.walk_to_verified_key("okd").await;
    attach_custom(&mut h, false).await;
    // Someone added 4 more versions (non-default), so the policy is at the limit of 5.
    let owner = Client::new(
        Endpoints::single(&h.demo.sim.endpoint()).unwrap(),
        Credentials::new(h.demo.sim.owner_access_key_id(), h.demo.sim.owner_secret()),
    )
    .unwrap();
    for i in 0..4 {
        let doc = format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":["ecs:Describe{i}"],"Resource":"*"}}]}}"#
        );
        owner
            .call(&CreatePolicyVersion {
                policy_name: "okd-installer".into(),
                policy_document: doc,
                set_as_default: Some(false),
                rotate_strategy: None,
            })
            .await
            .unwrap();
    }
    assert_eq!(h.policy_versions("okd-installer"), Some(("v1".into(), 5)));
    h.say(Intent::Back).await;
    attach_custom(&mut h, true).await;
    assert_eq!(h.w.screen, Screen::PolicyReview);
    assert_eq!(
        h.w.policy.existing.as_ref().unwrap().versions,
        5,
        "the user is told"
    );
    h.say(Intent::Answer(false)).await;
    assert_eq!(
        h.w.screen,
        Screen::PolicyForm,
        "no consent, nothing changes"
    );
    assert_eq!(h.policy_versions("okd-installer"), Some(("v1".into(), 5)));
    h.say(Intent::Continue).await;
    h.say(Intent::Answer(true)).await;
    assert_eq!(h.w.screen, Screen::PolicyDone, "{:?}", h.w.error);
    let (default, count) = h.policy_versions("okd-installer").unwrap();
    assert_eq!(count, 5, "the oldest non-default version was rotated out");
    assert_eq!(
        default,
        h.w.policy
            .applied
            .as_ref()
            .unwrap()
            .new_version
            .clone()
            .unwrap()
    );
}

#[tokio::test]
async fn administrator_access_path_attaches_the_system_policy() {
    let mut h = Headless::start(5).await;
    h.walk_to_verified_key("admin-installer").await;
    h.say(Intent::Continue).await;
    h.say(Intent::MoveSelection(-1)).await;
    assert_eq!(h.w.policy.choice, 0);
    h.say(Intent::ChoosePolicy(PolicyKind::Administrator)).await;
    assert!(
        h.w.policy.confirm_admin,
        "asked first, saying what it grants"
    );
    h.say(Intent::Answer(true)).await;
    assert_eq!(h.w.screen, Screen::PolicyDone, "{:?}", h.w.error);
    let a = h.w.policy.applied.clone().unwrap();
    assert_eq!(a.plan, PolicyPlan::System("AdministratorAccess".into()));
    assert_eq!(
        a.attached
            .iter()
            .map(|p| (p.policy_name.as_str(), p.policy_type.as_str()))
            .collect::<Vec<_>>(),
        vec![("AdministratorAccess", "System")]
    );
    assert!(probe_passed(&h));
    assert!(
        h.policy_versions("okd-installer").is_none(),
        "no custom policy created"
    );
    // now the custom one too: the screen warns that both are attached
    h.say(Intent::Back).await;
    h.say(Intent::MoveSelection(1)).await;
    h.say(Intent::ChoosePolicy(PolicyKind::Okd)).await;
    h.say(Intent::Continue).await;
    let warnings =
        ramwiz::wizard::policy::attachment_warnings(h.w.policy.applied.as_ref().unwrap());
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("both AdministratorAccess")),
        "{warnings:?}"
    );
}

#[tokio::test]
async fn the_probe_fails_before_attach_and_passes_after() {
    let mut h = Headless::start(1).await;
    h.walk_to_verified_key("probe-me").await;
    let creds = {
        let creds_file = std::fs::read_to_string(h.dir.path().join("credentials")).unwrap();
        let section = &creds_file[creds_file.find("[default]").unwrap()..];
        let get = |k: &str| {
            section
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{k} = ")).map(str::to_owned))
                .unwrap()
        };
        Credentials::new(
            get("access_key_id"),
            ramwiz::secret::Secret::new(get("access_key_secret")),
        )
    };
    let installer = Client::new(Endpoints::single(&h.demo.sim.endpoint()).unwrap(), creds).unwrap();
    let before = installer
        .call(&ListUsers {
            marker: None,
            max_items: Some(1),
        })
        .await;
    assert_eq!(
        before.unwrap_err().code(),
        Some("NoPermission"),
        "no policy yet"
    );
    attach_custom(&mut h, false).await;
    assert!(probe_passed(&h));
    installer
        .call(&ListUsers {
            marker: None,
            max_items: Some(1),
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn the_engine_probe_reports_no_permission_when_nothing_is_attached() {
    let mut h = Headless::start(1).await;
    h.walk_to_verified_key("unprivileged").await;
    // Drive the probe directly, as the wizard does after attaching.
    let cmds = vec![ramwiz::protocol::Command::ProbePermission {
        job: 999,
        user: "unprivileged".into(),
        kept_key: false,
    }];
    for c in cmds {
        h.engine.run(c);
    }
    let ev = loop {
        let ev = h.rx.recv().await.unwrap();
        if ev.job == 999
            && let ramwiz::protocol::EventKind::Finished(o) = ev.kind
        {
            break *o;
        }
    };
    match ev {
        ramwiz::protocol::Outcome::Failed(r) => {
            assert_eq!(r.code.as_deref(), Some("NoPermission"));
            assert!(
                r.detail.contains("ram:ListUsers"),
                "names the missing action: {}",
                r.detail
            );
        }
        other => panic!("{other:?}"),
    }
}

/// Runs one engine command to its outcome.
async fn outcome(
    h: &mut Headless,
    job: u64,
    cmd: ramwiz::protocol::Command,
) -> ramwiz::protocol::Outcome {
    h.engine.run(cmd);
    loop {
        let ev = h.rx.recv().await.unwrap();
        if ev.job == job
            && let ramwiz::protocol::EventKind::Finished(o) = ev.kind
        {
            return *o;
        }
    }
}

#[tokio::test]
async fn a_signed_in_identity_without_rights_is_told_which_ram_action_is_missing() {
    use ramwiz::cloud::actions::{AttachPolicyToUser, CreateAccessKey, CreateUser};
    use ramwiz::protocol::{Command, Outcome, SignInWith};
    let mut h = Headless::start(1).await;
    let owner = Client::new(
        Endpoints::single(&h.demo.sim.endpoint()).unwrap(),
        Credentials::new(h.demo.sim.owner_access_key_id(), h.demo.sim.owner_secret()),
    )
    .unwrap();
    owner
        .call(&CreateUser {
            user_name: "viewer".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    owner
        .call(&AttachPolicyToUser {
            policy_type: "System".into(),
            policy_name: "AliyunRAMReadOnlyAccess".into(),
            user_name: "viewer".into(),
        })
        .await
        .unwrap();
    let key = owner
        .call(&CreateAccessKey {
            user_name: "viewer".into(),
        })
        .await
        .unwrap()
        .access_key;
    let with = SignInWith::Pasted {
        access_key_id: key.access_key_id,
        secret: key.access_key_secret,
        role_arn: None,
    };
    assert!(matches!(
        outcome(&mut h, 900, Command::SignIn { job: 900, with }).await,
        Outcome::Done(_)
    ));
    let plan = PolicyPlan::Create {
        name: "okd-installer".into(),
        document: ramwiz::policy::Document::parse(ramwiz::policy::OKD_POLICY)
            .unwrap()
            .compact(),
        description: String::new(),
    };
    match outcome(
        &mut h,
        901,
        Command::ApplyPolicy {
            job: 901,
            user: "viewer".into(),
            plan,
        },
    )
    .await
    {
        Outcome::Failed(r) => {
            assert_eq!(r.code.as_deref(), Some("NoPermission"));
            assert!(
                r.detail.contains("this identity lacks ram:CreatePolicy"),
                "{}",
                r.detail
            );
            assert!(r.hint.todo.contains("AliyunRAMFullAccess"), "{:?}", r.hint);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        h.policy_versions("okd-installer").is_none(),
        "nothing half-done"
    );
    let plan = PolicyPlan::System("AdministratorAccess".into());
    match outcome(
        &mut h,
        902,
        Command::ApplyPolicy {
            job: 902,
            user: "viewer".into(),
            plan,
        },
    )
    .await
    {
        Outcome::Failed(r) => assert!(r.detail.contains("ram:AttachPolicyToUser"), "{}", r.detail),
        other => panic!("{other:?}"),
    }
}

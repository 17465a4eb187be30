//! Transitions of the ccoctl, components and teardown steps, without a terminal.

use super::*;
use crate::cloud::model::{CallerIdentity, User};
use crate::protocol::CredRequest;

fn done(job: JobId, out: JobOutput) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(out)),
    })
}
fn line(job: JobId, l: &str) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::Partial(Box::new(Partial::Tool(ToolLog::Line(l.into())))),
    })
}
fn failed(job: JobId) -> Msg {
    Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "t".into(),
            hint: crate::strings::tool_hint(crate::strings::ToolProblem::Unauthorized),
            detail: "d".into(),
            code: None,
        })),
    })
}
fn job(cmds: &[Command]) -> JobId {
    match cmds.last() {
        Some(
            Command::LocateTools { job }
            | Command::CompletePath { job, .. }
            | Command::PrepareCcoctl { job, .. }
            | Command::ExtractCredRequests { job, .. }
            | Command::RunCcoctl { job, .. }
            | Command::PlaceManifests { job, .. }
            | Command::RunTeardown { job, .. }
            | Command::SaveReport { job, .. },
        ) => *job,
        other => panic!("no job in {other:?}"),
    }
}

fn cr(ns: &str, name: &str) -> CredRequest {
    CredRequest {
        file: format!("/c/{ns}.yaml").into(),
        name: ns.into(),
        secret_namespace: ns.into(),
        secret_name: name.into(),
        alibaba: true,
    }
}

/// The policy is in effect; Enter leads to the tools form, whose tools were found.
fn at_tools() -> Wizard {
    let (w, _) = Wizard::new(true, (100, 30), "/d/credentials".into());
    let mut w = w.with_workspace(std::path::Path::new("/work"), Some("/work/install".into()));
    w.jobs.clear();
    w.chosen_user = Some(User {
        user_name: "okd".into(),
        ..Default::default()
    });
    w.policy.probe = Some(policy::ProbeState::Passed);
    w.screen = Screen::PolicyDone;
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::CcoSetup);
    w.update(done(
        job(&cmds),
        JobOutput::ToolsFound(
            Some("/bin/openshift-install".into()),
            Some("/bin/oc".into()),
            None,
            None,
        ),
    ));
    w
}

fn ready() -> JobOutput {
    JobOutput::CcoctlReady(Box::new(CcoctlReady {
        installer: "/bin/openshift-install".into(),
        version: crate::protocol::InstallerVersion {
            version: "4.15.0-0.okd-2024-03-10-010116".into(),
            ..Default::default()
        },
        release_image: "quay.io/openshift/okd@sha256:1".into(),
        ccoctl: "/work/ccoctl".into(),
        warnings: vec![],
        unchanged: false,
    }))
}

fn at_review(requests: Vec<CredRequest>) -> Wizard {
    let mut w = at_tools();
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(done(job(&cmds), ready()));
    w.update(Msg::Intent(Intent::Continue));
    let cmds = w.update(Msg::Intent(Intent::Continue));
    match &cmds[..] {
        [
            Command::ExtractCredRequests {
                dir,
                release_image,
                install_dir,
                ..
            },
        ] => {
            assert_eq!(dir, &std::path::PathBuf::from("/work/credrequests"));
            assert_eq!(release_image, "quay.io/openshift/okd@sha256:1");
            assert_eq!(
                install_dir.as_deref(),
                Some(std::path::Path::new("/work/install"))
            );
        }
        other => panic!("{other:?}"),
    }
    w.update(done(
        job(&cmds),
        JobOutput::CredRequests {
            requests,
            install: Some(InstallDirKind::Manifests {
                infra_name: Some("okd-x7k2p".into()),
                credentials_mode: Some("Manual".into()),
            }),
            earlier_run: false,
            unchanged: false,
            made_with: None,
            found: Vec::new(),
            in_install_dir: false,
        },
    ));
    assert_eq!(w.screen, Screen::ProvisionReview);
    w
}

#[test]
fn tools_found_fill_the_form_and_missing_ones_are_asked_for() {
    let mut w = at_tools();
    assert_eq!(w.cco.tools[cco::TOOL_OC].value, "/bin/oc");
    assert_eq!(w.cco.tools[cco::TOOL_DIR].value, "/work");
    w.cco.tools[cco::TOOL_INSTALLER].clear();
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(
        w.cco.error.as_deref(),
        Some(crate::strings::TOOL_INSTALLER_MISSING())
    );
    assert!(w.typing(), "letters go into the fields");
}

#[test]
fn tab_completes_a_path_field() {
    let mut w = at_tools();
    let cmds = w.update(Msg::Intent(Intent::CompletePath));
    assert!(
        matches!(&cmds[..], [Command::CompletePath { field: 0, value, .. }] if value == "/bin/openshift-install")
    );
    w.update(done(
        job(&cmds),
        JobOutput::Completion {
            field: 0,
            value: "/bin/openshift-install-4.15".into(),
            candidates: vec![],
        },
    ));
    assert_eq!(w.cco.tools[0].value, "/bin/openshift-install-4.15");
}

#[test]
fn preparing_streams_the_log_and_can_be_cancelled() {
    let mut w = at_tools();
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::CcoRunning);
    let j = job(&cmds);
    w.update(Msg::from(EngineEvent {
        job: j,
        kind: EventKind::Partial(Box::new(Partial::Tool(ToolLog::Start {
            reason: "why".into(),
            command: "oc x".into(),
        }))),
    }));
    w.update(line(j, "quay.io/openshift/okd-content@sha256:2"));
    assert_eq!(w.cco.log.len(), 3);
    assert_eq!(
        w.update(Msg::Intent(Intent::Cancel)),
        vec![Command::Cancel { job: j }]
    );
    assert_eq!(w.screen, Screen::CcoSetup);
}

#[test]
fn a_failed_preparation_is_explained_and_returns_to_the_form() {
    let mut w = at_tools();
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(failed(job(&cmds)));
    assert_eq!(w.screen, Screen::Error);
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::CcoSetup);
}

#[test]
fn a_bad_region_is_refused_before_anything_runs() {
    let mut w = at_tools();
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(done(job(&cmds), ready()));
    assert_eq!(w.screen, Screen::CcoRunning, "the extraction stays in view");
    assert!(w.cco.log.iter().any(|l| l.contains("ccoctl is ready")));
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::ProvisionSetup);
    w.cco.prov[cco::PROV_REGION].value = "Hangzhou".into();
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(w.cco.error.as_deref(), Some(crate::strings::REGION_BAD()));
}

#[test]
fn the_review_prefills_the_infrastructure_name_and_runs_ccoctl() {
    let mut w = at_review(vec![cr(
        "openshift-machine-api",
        "alibabacloud-credentials",
    )]);
    assert_eq!(w.cco.prov[cco::PROV_NAME].value, "okd-x7k2p");
    let cmds = w.update(Msg::Intent(Intent::Continue));
    match &cmds[..] {
        [Command::RunCcoctl { run, .. }] => {
            assert_eq!(
                (run.name.as_str(), run.region.as_str()),
                ("okd-x7k2p", "cn-hangzhou")
            );
            assert_eq!(
                run.output_dir,
                std::path::PathBuf::from("/work/ccoctl-output")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(w.screen, Screen::Provisioning);
}

#[test]
fn colliding_names_block_the_run() {
    let long = "a".repeat(40);
    let mut w = at_review(vec![
        cr("openshift-machine-api", "alibabacloud-credentials-1"),
        cr("openshift-machine-api", "alibabacloud-credentials-2"),
    ]);
    w.cco.prov[cco::PROV_NAME].value = long;
    assert!(!w.cco.name_check().0.is_empty());
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(w.screen, Screen::ProvisionReview);
}

#[test]
fn ccoctl_lines_drive_the_progress_then_the_manifests_are_placed() {
    let mut w = at_review(vec![cr(
        "openshift-machine-api",
        "alibabacloud-credentials",
    )]);
    let cmds = w.update(Msg::Intent(Intent::Continue));
    let j = job(&cmds);
    let u = "okd-x7k2p-openshift-machine-api-alibabacloud-credentials";
    w.update(line(
        j,
        &format!("2024/03/10 01:01:16 Created RAM User: {u}"),
    ));
    w.update(line(
        j,
        &format!("2024/03/10 01:01:16 RAM policy {u}-policy-policy has created"),
    ));
    assert_eq!(w.cco.progress, vec![(u.to_owned(), cco::Stage::Policy)]);
    w.update(line(
        j,
        &format!("2024/03/10 01:01:17 Policy {u}-policy-policy has attached on user {u}"),
    ));
    w.update(line(
        j,
        &format!("2024/03/10 01:01:17 Created access keys for RAM User: {u}"),
    ));
    w.update(line(j, "2024/03/10 01:01:17 Saved credentials configuration to: /work/ccoctl-output/manifests/x-credentials.yaml"));
    assert_eq!(w.cco.progress, vec![(u.to_owned(), cco::Stage::Saved)]);
    let cmds = w.update(done(
        j,
        JobOutput::Provisioned(Provisioned {
            manifests: vec![("x-credentials.yaml".into(), true)],
            output_dir: "/work/ccoctl-output".into(),
            unchanged: false,
        }),
    ));
    assert_eq!(w.screen, Screen::ProvisionDone);
    assert!(
        matches!(&cmds[..], [Command::PlaceManifests { placement: p, .. }] if p.overwrite.is_empty() && p.manual)
    );
    let state = InstallDirState {
        differing: vec!["x-credentials.yaml".into()],
        needs_manual: true,
        ..Default::default()
    };
    w.update(done(job(&cmds), JobOutput::Placed(state)));
    let cmds = w.update(Msg::Intent(Intent::OverwriteDiffering));
    assert!(
        matches!(&cmds[..], [Command::PlaceManifests { placement: p, .. }] if p.overwrite == vec!["x-credentials.yaml".to_owned()])
    );
    w.update(done(
        job(&cmds),
        JobOutput::Placed(InstallDirState {
            needs_manual: true,
            ..Default::default()
        }),
    ));
    let cmds = w.update(Msg::Intent(Intent::SetManualMode));
    assert!(matches!(
        &cmds[..],
        [Command::PlaceManifests {
            placement: Placement { manual: true, .. },
            ..
        }]
    ));
    assert_eq!(w.status, None);
    w.update(done(
        job(&cmds),
        JobOutput::Placed(InstallDirState {
            needs_manual: true,
            manual_set: true,
            backup: Some("/w/install/install-config.yaml.ramwiz-backup-1".into()),
            ..Default::default()
        }),
    ));
    // What m did, on the status line, with the backup's path.
    let status = w.status.clone().unwrap_or_default();
    assert!(
        status.contains("credentialsMode: Manual set") && status.contains("ramwiz-backup-1"),
        "{status}"
    );
    // s: where the report went.
    let cmds = w.update(Msg::Intent(Intent::SaveReport));
    assert_eq!(w.status, None, "the next key clears it");
    w.update(done(
        job(&cmds),
        JobOutput::ReportSaved("/w/ramwiz-report.md".into()),
    ));
    assert!(
        w.status
            .as_deref()
            .is_some_and(|s| s.contains("/w/ramwiz-report.md")),
        "{:?}",
        w.status
    );
}

#[test]
fn an_error_code_from_ccoctl_is_kept_and_a_failure_returns_to_the_review() {
    let mut w = at_review(vec![cr("a", "b")]);
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(line(job(&cmds), "ErrorCode: NoPermission"));
    assert_eq!(w.cco.error_codes, vec!["NoPermission".to_owned()]);
    w.update(failed(job(&cmds)));
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::ProvisionReview);
}

#[test]
fn teardown_starts_from_the_welcome_screen_and_needs_the_name_typed_twice() {
    let (w, _) = Wizard::new(true, (100, 30), "/d/credentials".into());
    let mut w = w.with_workspace(std::path::Path::new("/work"), None);
    w.jobs.clear();
    w.update(Msg::Intent(Intent::StartTeardown));
    assert_eq!(w.screen, Screen::SignIn);
    assert!(w.cco.teardown_mode);
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
    assert_eq!(w.screen, Screen::TeardownSetup);
    w.update(done(
        job(&cmds),
        JobOutput::ToolsFound(None, None, None, Some("okd-x7k2p".into())),
    ));
    assert_eq!(w.cco.down[cco::DOWN_CCOCTL].value, "/work/ccoctl");
    assert_eq!(
        w.cco.down[cco::DOWN_NAME].value,
        "okd-x7k2p",
        "prefilled from the journal"
    );
    w.cco.down[cco::DOWN_CONFIRM].value = "okd".into();
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(
        w.cco.error.as_deref(),
        Some(crate::strings::TEARDOWN_CONFIRM_MISMATCH())
    );
    w.cco.down[cco::DOWN_CONFIRM].value = "okd-x7k2p".into();
    let cmds = w.update(Msg::Intent(Intent::Continue));
    assert!(
        matches!(&cmds[..], [Command::RunTeardown { name, region, .. }] if name == "okd-x7k2p" && region == "cn-hangzhou")
    );
    assert_eq!(w.screen, Screen::TearingDown);
    w.update(done(job(&cmds), JobOutput::TornDown));
    assert_eq!(w.screen, Screen::TornDown);
}

#[test]
fn manifests_made_without_manual_mode_stop_the_review_and_its_footer_offers_no_run() {
    let mut w = at_review(vec![cr(
        "openshift-machine-api",
        "alibabacloud-credentials",
    )]);
    let offers_run = |w: &Wizard| {
        crate::wizard::keymap::hints(w)
            .iter()
            .any(|h| h.label() == "run ccoctl")
    };
    assert!(w.cco.can_provision() && offers_run(&w));
    w.cco.install = Some(InstallDirKind::Manifests {
        infra_name: Some("okd-x7k2p".into()),
        credentials_mode: None,
    });
    assert!(!w.cco.can_provision());
    assert!(!offers_run(&w), "{:?}", crate::wizard::keymap::hints(&w));
    assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
    assert_eq!(w.screen, Screen::ProvisionReview, "nothing ran");
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(
        w.screen,
        Screen::ProvisionSetup,
        "another install dir can be typed"
    );
}

#[test]
fn an_install_dir_that_names_no_cluster_keeps_the_form_and_asks_for_a_name() {
    let mut w = at_tools();
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(done(job(&cmds), ready()));
    assert_eq!(w.screen, Screen::CcoRunning, "the extraction stays in view");
    assert!(w.cco.log.iter().any(|l| l.contains("ccoctl is ready")));
    w.update(Msg::Intent(Intent::Continue));
    assert_eq!(w.screen, Screen::ProvisionSetup);
    w.cco.prov[cco::PROV_NAME].clear();
    w.cco.prov_focus = cco::PROV_INSTALL;
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(done(job(&cmds), empty_dir_found()));
    assert_eq!(
        w.screen,
        Screen::ProvisionSetup,
        "no review of nameless users"
    );
    assert_eq!(
        w.cco.error.as_deref(),
        Some(crate::strings::PROV_NAME_NEEDED())
    );
    assert_eq!(
        w.cco.prov_focus,
        cco::PROV_NAME,
        "the name field is where to type"
    );
    for c in "okd-p".chars() {
        w.update(Msg::Intent(Intent::Type(crate::wizard::intent::Typed(c))));
    }
    let cmds = w.update(Msg::Intent(Intent::Continue));
    w.update(done(job(&cmds), empty_dir_found()));
    assert_eq!(w.screen, Screen::ProvisionReview);
    assert_eq!(w.cco.prov[cco::PROV_NAME].value, "okd-p");
}

/// The CredentialsRequests extracted, and an install dir with nothing in it.
fn empty_dir_found() -> JobOutput {
    JobOutput::CredRequests {
        requests: vec![cr("openshift-machine-api", "alibabacloud-credentials")],
        install: Some(InstallDirKind::Empty),
        earlier_run: false,
        unchanged: false,
        made_with: None,
        found: Vec::new(),
        in_install_dir: false,
    }
}

#[test]
fn the_final_screen_shows_the_runs_tool_output_on_l_and_the_results_again() {
    let mut w = at_tools();
    w.cco.log = vec![
        "▶ why".into(),
        "  $ ccoctl alibabacloud create-ram-users".into(),
    ];
    w.screen = Screen::ProvisionDone;
    assert!(!w.scroll_follows_end());
    w.update(Msg::Intent(Intent::ToolOutput));
    assert!(w.cco.show_log);
    assert!(w.scroll_follows_end(), "the output opens at its end");
    w.update(Msg::Intent(Intent::Back));
    assert!(!w.cco.show_log, "Esc: the results, not the review");
    assert_eq!(w.screen, Screen::ProvisionDone);
    w.update(Msg::Intent(Intent::ToolOutput));
    w.update(Msg::Intent(Intent::Back));
    w.update(Msg::Intent(Intent::Back));
    assert_eq!(w.screen, Screen::ProvisionReview);
}

//! The ccoctl and components steps end to end without a terminal: the real wizard and engine,
//! the simulated tools as real child processes, the simulated cloud. Faults included.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ramwiz::cloud::actions::GetCallerIdentity;
use ramwiz::cloud::{Client, Credentials, Endpoints};
use ramwiz::secret::Secret;
use ramwiz::wizard::cco;
use ramwiz::wizard::{Intent, Screen};
use support::headless::Headless;

fn error_what(h: &Headless) -> String {
    h.w.error
        .as_ref()
        .map(|e| {
            format!(
                "{} | {} | {}",
                e.report.hint.what, e.report.hint.todo, e.report.detail
            )
        })
        .unwrap_or_default()
}

/// (id, secret) of a Secret manifest written by ccoctl.
fn manifest_key(text: &str) -> (String, String) {
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{k} = ")).map(str::to_owned))
            .unwrap()
    };
    (get("access_key_id"), get("access_key_secret"))
}

#[tokio::test]
async fn the_whole_flow_provisions_one_user_per_component_and_places_the_manifests() {
    let mut h = Headless::start(5).await;
    h.walk_to_ccoctl("okd-installer").await;
    assert!(
        h.w.cco.tools[cco::TOOL_INSTALLER]
            .value
            .ends_with("bin/openshift-install"),
        "located"
    );
    h.say(Intent::Continue).await; // version, release info, image extract, chmod, --help
    assert_eq!(h.w.screen, Screen::CcoRunning, "{}", error_what(&h));
    assert!(
        h.w.cco
            .log
            .iter()
            .any(|l| l.contains("$ ") && l.contains("oc image extract"))
    );
    h.say(Intent::Continue).await; // seen: on to the components' form
    assert_eq!(h.w.screen, Screen::ProvisionSetup, "{}", error_what(&h));
    let ready = h.w.cco.ready.clone().unwrap();
    assert!(ready.version.version.starts_with("4.15"));
    assert!(
        h.w.cco.log.iter().any(|l| l.contains("oc image extract")),
        "the log pane shows each command"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&ready.ccoctl)
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o775
        );
    }
    h.say(Intent::Continue).await; // CredentialsRequests
    assert_eq!(h.w.screen, Screen::ProvisionReview, "{:?}", h.w.cco.error);
    assert_eq!(h.w.cco.requests.len(), 4);
    let name = h.w.cco.prov[cco::PROV_NAME].value.clone();
    assert_eq!(
        name, "okd-demo",
        "prefilled from the cluster name of the install-config (no manifests yet)"
    );
    h.say(Intent::Continue).await; // ccoctl create-ram-users, then the manifests into the install dir
    assert_eq!(h.w.screen, Screen::ProvisionDone, "{}", error_what(&h));
    let p = h.w.cco.provisioned.clone().unwrap();
    assert_eq!(p.manifests.len(), 4);
    assert!(p.manifests.iter().all(|(_, private)| *private), "0600");
    assert!(
        h.w.cco
            .progress
            .iter()
            .all(|(_, s)| *s == cco::Stage::Saved),
        "{:?}",
        h.w.cco.progress
    );
    // The install dir held install-config.yaml only: Manual mode set (after a backup), then
    // `openshift-install create manifests` made the manifests (consuming it), then the copy.
    let placed = h.w.cco.placed.clone().unwrap();
    assert_eq!(placed.copied.len(), 4);
    assert!(placed.manual_set && placed.manifests_made && !placed.needs_manual);
    let inst = h.demo.install_dir();
    assert!(!inst.join("install-config.yaml").exists(), "consumed");
    assert!(placed.backup.as_ref().is_some_and(|b| b.is_file()));
    let config = std::fs::read_to_string(inst.join("manifests/cluster-config.yaml")).unwrap();
    assert!(config.contains("credentialsMode: Manual"));
    assert!(
        h.w.cco
            .log
            .iter()
            .any(|l| l.contains("create manifests --dir")),
        "create manifests ran as a logged tool"
    );
    // The command printed to create the cluster finds the key by path.
    let next = h.w.next_commands();
    assert_eq!(next.len(), 1, "{next:?}");
    assert!(
        next[0]
            .command
            .starts_with("ALIBABA_CLOUD_CREDENTIALS_FILE=")
            && next[0]
                .command
                .ends_with(&format!("create cluster --dir {}", inst.display())),
        "{next:?}"
    );

    // The cloud holds one user per CredentialsRequest, with its policy and one key, and each
    // manifest's key works as that user.
    let state = h.demo.sim.state_json();
    let users: Vec<_> = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["comments"] == format!("openshift.io/ccoctl/{name}"))
        .cloned()
        .collect();
    assert_eq!(users.len(), 4);
    let attachments = state["attachments"].as_array().unwrap();
    for u in &users {
        assert_eq!(u["access_keys"].as_array().unwrap().len(), 1);
        let un = u["user_name"].as_str().unwrap();
        assert!(
            attachments.iter().any(|a| a["user_name"] == un
                && a["policy_name"]
                    .as_str()
                    .unwrap()
                    .ends_with("-policy-policy")),
            "{un}"
        );
    }
    let endpoints = Endpoints::single(&h.demo.sim.endpoint()).unwrap();
    for (file, _) in &p.manifests {
        let text =
            std::fs::read_to_string(h.demo.install_dir().join("manifests").join(file)).unwrap();
        let (id, secret) = manifest_key(&text);
        let c = Client::new(endpoints.clone(), Credentials::new(id, Secret::new(secret))).unwrap();
        let who = c.call(&GetCallerIdentity).await.unwrap();
        assert!(who.arn.contains(&format!(":user/{name}-")), "{}", who.arn);
    }

    // Teardown (what the welcome screen's `t` leads to): everything ccoctl made is gone.
    let ccoctl = ready.ccoctl.clone();
    h.engine.run(ramwiz::protocol::Command::RunTeardown {
        job: 9000,
        ccoctl,
        name: name.clone(),
        region: "cn-hangzhou".into(),
    });
    loop {
        let ev = h.rx.recv().await.unwrap();
        if ev.job == 9000
            && let ramwiz::protocol::EventKind::Finished(o) = ev.kind
        {
            assert!(matches!(*o, ramwiz::protocol::Outcome::Done(_)), "{o:?}");
            break;
        }
    }
    let state = h.demo.sim.state_json();
    assert!(
        !state["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["comments"] == format!("openshift.io/ccoctl/{name}"))
    );
    assert!(
        state["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["user_name"] == "okd-installer"),
        "the installer's user is not ccoctl's"
    );
}

async fn prepare_fails_with(env: &[(&str, &str)]) -> String {
    let mut h = Headless::start_env(5, env).await;
    h.walk_to_ccoctl("okd").await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::Error, "{:?}", h.w.cco.log);
    error_what(&h)
}

#[tokio::test]
async fn failing_tools_get_plain_guidance() {
    let e = prepare_fails_with(&[("RAMWIZ_SIM_FAULT", "installer-fail")]).await;
    assert!(e.contains("stopped with an error"), "{e}");
    let e = prepare_fails_with(&[("RAMWIZ_SIM_FAULT", "oc-unauthorized")]).await;
    assert!(
        e.contains("unauthorized") && e.contains("pull secret"),
        "{e}"
    );
    let e = prepare_fails_with(&[("RAMWIZ_SIM_FAULT", "ccoctl-glibc")]).await;
    assert!(e.contains("C library"), "{e}");
    let e = prepare_fails_with(&[("RAMWIZ_SIM_FAULT", "ccoctl-no-alibabacloud")]).await;
    assert!(e.contains("does not know Alibaba Cloud"), "{e}");
    let e = prepare_fails_with(&[("RAMWIZ_SIM_RELEASE", "4.16.0-0.okd-2024-06-01-000000")]).await;
    assert!(e.contains("From 4.16 on"), "{e}");
    let e = prepare_fails_with(&[("RAMWIZ_SIM_RELEASE", "4.9.0")]).await;
    assert!(e.contains("older than 4.10"), "{e}");
    let other = if ramwiz::tools::release::this_host() == "s390x" {
        "amd64"
    } else {
        "s390x"
    };
    let e = prepare_fails_with(&[("RAMWIZ_SIM_ARCH", other)]).await;
    assert!(e.contains("another processor architecture"), "{e}");
}

#[tokio::test]
async fn a_missing_tool_says_what_to_install_and_an_unknown_arch_only_warns() {
    let mut h = Headless::start(5).await;
    h.walk_to_ccoctl("okd").await;
    h.w.cco.tools[cco::TOOL_INSTALLER].value = "/nonexistent/openshift-install".into();
    h.say(Intent::Continue).await;
    assert!(error_what(&h).contains("Install it"), "{}", error_what(&h));

    let mut h = Headless::start_env(5, &[("RAMWIZ_SIM_ARCH", "none")]).await;
    h.walk_to_ccoctl("okd").await;
    h.say(Intent::Continue).await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::ProvisionSetup, "{}", error_what(&h));
    assert_eq!(h.w.cco.ready.as_ref().unwrap().warnings.len(), 1);
}

#[tokio::test]
async fn a_ccoctl_that_dies_mid_run_is_an_error_and_a_cancelled_run_stops_the_tool() {
    let mut h = Headless::start_env(5, &[("RAMWIZ_SIM_FAULT", "ccoctl-die-after=2")]).await;
    h.walk_to_ccoctl("okd").await;
    h.say(Intent::Continue).await;
    h.say(Intent::Continue).await;
    h.say(Intent::Continue).await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::Error, "{:?}", h.w.cco.log);
    let state = h.demo.sim.state_json();
    let made = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["comments"]
                .as_str()
                .is_some_and(|c| c.starts_with("openshift.io/ccoctl/"))
        })
        .count();
    assert_eq!(made, 2, "the first two components were made before it died");

    let mut h = Headless::start_env(5, &[("RAMWIZ_SIM_FAULT", "slow=400")]).await;
    h.walk_to_ccoctl("okd").await;
    h.say(Intent::Continue).await;
    h.say(Intent::Continue).await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::ProvisionReview, "{}", error_what(&h));
    h.say_nowait(Intent::Continue);
    assert_eq!(h.w.screen, Screen::Provisioning);
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    h.say(Intent::Cancel).await;
    assert_eq!(h.w.screen, Screen::ProvisionReview);
    assert!(h.w.cco.log.iter().any(|l| l.contains("cancelled")));
    let before = h.demo.sim.state_json()["users"].as_array().unwrap().len();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let after = h.demo.sim.state_json()["users"].as_array().unwrap().len();
    assert_eq!(before, after, "the killed ccoctl made nothing more");
}

//! Resume where you left off: the setup is stopped at each step boundary, ramwiz restarts on
//! the same demo dir and cloud, resumes (every step checked again), and reaches the same end
//! state as an uninterrupted run: one installer key, four component users with one key each,
//! the manifests in the install dir.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ramwiz::wizard::{Intent, Screen};
use support::headless::Headless;

fn keys_of(h: &Headless, user: &str) -> usize {
    let state = h.demo.sim.state_json();
    state["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user_name"] == user)
        .map_or(0, |u| u["access_keys"].as_array().unwrap().len())
}

fn component_users(h: &Headless) -> Vec<usize> {
    let state = h.demo.sim.state_json();
    state["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| {
            u["comments"]
                .as_str()
                .is_some_and(|c| c.starts_with("openshift.io/ccoctl/"))
        })
        .map(|u| u["access_keys"].as_array().unwrap().len())
        .collect()
}

fn manifests_in_install_dir(h: &Headless) -> usize {
    support::process::credentials_manifests_in(&h.demo.install_dir().join("manifests"))
}

fn assert_end_state(h: &Headless) {
    assert_eq!(h.w.screen, Screen::ProvisionDone);
    assert_eq!(keys_of(h, "okd"), 1, "no second installer key");
    assert_eq!(component_users(h), vec![1, 1, 1, 1]);
    assert_eq!(manifests_in_install_dir(h), 4);
}

/// Runs the setup up to `stop` (a screen reached at a step boundary), restarts, resumes.
async fn interrupted_at(stop: Screen) -> Headless {
    let mut h = Headless::start(5).await;
    h.walk_until(stop).await;
    assert_eq!(h.w.screen, stop);
    h.restart().await;
    assert!(
        h.w.resume_offer.is_some(),
        "the journal shows an unfinished run at {stop:?}"
    );
    h.say(Intent::Resume).await;
    assert_eq!(h.w.screen, Screen::SignIn);
    h.sign_in().await; // sign in
    h.say(Intent::Continue).await; // identity → re-check → the first step that does not hold
    h
}

#[tokio::test]
async fn stopped_after_the_user_was_created_it_resumes_at_the_key() {
    let mut h = interrupted_at(Screen::Destination).await;
    assert_eq!(h.w.screen, Screen::Destination, "{:?}", h.w.error);
    h.finish_setup("okd").await;
    assert_end_state(&h);
}

#[tokio::test]
async fn stopped_after_the_key_was_verified_it_resumes_at_the_policy() {
    let mut h = interrupted_at(Screen::Verified).await;
    assert_eq!(h.w.screen, Screen::PolicyChoice, "{:?}", h.w.error);
    h.finish_setup("okd").await;
    assert_end_state(&h);
}

#[tokio::test]
async fn stopped_after_the_policy_it_resumes_at_ccoctl() {
    let mut h = interrupted_at(Screen::PolicyDone).await;
    assert_eq!(h.w.screen, Screen::PolicyDone, "{:?}", h.w.error);
    h.finish_setup("okd").await;
    assert_end_state(&h);
}

#[tokio::test]
async fn stopped_after_ccoctl_it_resumes_at_the_provisioning() {
    let mut h = interrupted_at(Screen::ProvisionSetup).await;
    assert_eq!(h.w.screen, Screen::ProvisionSetup, "{:?}", h.w.error);
    h.finish_setup("okd").await;
    assert_end_state(&h);
}

#[tokio::test]
async fn lost_component_manifests_route_to_the_provisioning_again() {
    let mut h = Headless::start(5).await;
    h.finish_setup("okd").await;
    assert_end_state(&h);
    let out = h.dir.path().join("ccoctl-output/manifests");
    std::fs::remove_dir_all(&out).unwrap();
    h.restart().await;
    let offer = h.w.resume_offer.clone().expect("offered again");
    assert!(offer.manifests_gone);
    h.say(Intent::Resume).await;
    h.sign_in().await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::ProvisionSetup, "{:?}", h.w.error);
    assert!(h.w.cco.manifests_gone, "the rerun is explained");
    h.say(Intent::Continue).await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::ProvisionDone, "{:?}", h.w.error);
    assert_eq!(
        component_users(&h),
        vec![2, 2, 2, 2],
        "a re-run mints a new key per component"
    );
}

#[tokio::test]
async fn a_resume_never_trusts_the_journal_alone() {
    let mut h = Headless::start(5).await;
    h.walk_until(Screen::PolicyChoice).await;
    // The saved key was deleted behind ramwiz's back: the resume must notice.
    let text = std::fs::read_to_string(h.dir.path().join("credentials")).unwrap();
    let key = text[text.find("[default]").unwrap()..]
        .lines()
        .find_map(|l| l.strip_prefix("access_key_id = "))
        .unwrap()
        .to_owned();
    let owner = ramwiz::cloud::Client::new(
        ramwiz::cloud::Endpoints::single(&h.demo.sim.endpoint()).unwrap(),
        ramwiz::cloud::Credentials::new(
            h.demo.sim.owner_access_key_id(),
            h.demo.sim.owner_secret(),
        ),
    )
    .unwrap();
    owner
        .call(&ramwiz::cloud::actions::DeleteAccessKey {
            user_access_key_id: key,
            user_name: "okd".into(),
        })
        .await
        .unwrap();
    h.restart().await;
    h.say(Intent::Resume).await;
    h.sign_in().await;
    h.say(Intent::Continue).await;
    assert_eq!(
        h.w.screen,
        Screen::Destination,
        "the key step again, since the key no longer works"
    );
}

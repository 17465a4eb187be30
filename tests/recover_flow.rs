//! "Recover a lost AccessKey" end to end without a terminal: a user with two keys, one of them
//! in the credentials file, ends with a new key in that same profile, verified, and the old key
//! deactivated then deleted; the file never holds a key that does not work.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ramwiz::cloud::actions::CreateAccessKey;
use ramwiz::cloud::{Client, Credentials, Endpoints};
use ramwiz::wizard::recover::RecoveryStage;
use ramwiz::wizard::{Intent, Screen};
use support::headless::Headless;

/// The [default] profile's key ID.
fn file_key(h: &Headless) -> String {
    let text = std::fs::read_to_string(h.dir.path().join("credentials")).unwrap();
    let section = &text[text.find("[default]").unwrap()..];
    section
        .lines()
        .find_map(|l| l.strip_prefix("access_key_id = ").map(str::to_owned))
        .unwrap()
}

/// Status of each of the user's keys in the simulated cloud.
fn keys(h: &Headless, user: &str) -> Vec<(String, String)> {
    let state = h.demo.sim.state_json();
    state["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user_name"] == user)
        .unwrap()["access_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["access_key_id"].as_str().unwrap().to_owned(),
                k["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The key in the file is active in the cloud.
fn file_key_works(h: &Headless, user: &str) -> bool {
    let id = file_key(h);
    keys(h, user).iter().any(|(k, s)| *k == id && s == "Active")
}

/// Deactivates (or deletes) `key`, confirming with its last 4 characters typed.
async fn retire(h: &mut Headless, key: &str, delete: bool) {
    let intent = if delete {
        Intent::Delete(key.to_owned())
    } else {
        Intent::Deactivate(key.to_owned())
    };
    h.say(intent).await;
    confirm_last4(h, key).await;
}

/// Types the last 4 characters of `key`, then confirms them.
async fn confirm_last4(h: &mut Headless, key: &str) {
    let last4 = &key[key.len() - 4..];
    h.typed(last4).await;
    h.say(Intent::Confirm(last4.to_owned())).await;
}

#[tokio::test]
async fn a_lost_key_is_replaced_in_its_profile_then_retired() {
    let mut h = Headless::start(5).await;
    h.walk_to_verified_key("okd").await;
    let lost = file_key(&h);
    // A second key exists, made elsewhere.
    let owner = Client::new(
        Endpoints::single(&h.demo.sim.endpoint()).unwrap(),
        Credentials::new(h.demo.sim.owner_access_key_id(), h.demo.sim.owner_secret()),
    )
    .unwrap();
    let other = owner
        .call(&CreateAccessKey {
            user_name: "okd".into(),
        })
        .await
        .unwrap()
        .access_key
        .access_key_id;
    assert_eq!(keys(&h, "okd").len(), 2);

    // From the welcome screen: r, sign in, pick the user.
    h.w.screen = Screen::Welcome;
    h.say(Intent::StartRecovery).await;
    assert_eq!(h.w.screen, Screen::SignIn);
    h.sign_in().await;
    assert_eq!(h.w.screen, Screen::Identity, "{:?}", h.w.error);
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::SelectUser);
    h.typed("okd").await;
    h.say(Intent::ChooseUser("okd".into())).await;
    assert_eq!(h.w.screen, Screen::Keys);
    let details = h.w.keys.details.clone().unwrap();
    assert!(
        details
            .local_profiles
            .iter()
            .any(|(p, id)| p == "default" && *id == lost),
        "where each key is stored: {:?}",
        details.local_profiles
    );

    // This one is lost: its profile becomes the destination, replaced in place.
    retire_pick(&mut h, &lost).await;
    assert_eq!(h.w.screen, Screen::Keys, "{:?}", h.w.dest.error);
    assert_eq!(h.w.keys.dest.as_ref().unwrap().profile, "default");
    // Two keys: the other one is deactivated, then deleted, to make room.
    h.say(Intent::CreateKey).await;
    assert!(h.w.keys.notice.is_some(), "the 2-key limit is explained");
    retire(&mut h, &other, false).await;
    assert!(file_key_works(&h, "okd"));
    retire(&mut h, &other, true).await;
    assert_eq!(keys(&h, "okd").len(), 1);
    assert!(file_key_works(&h, "okd"));

    // The new key: created, saved where the lost one was, verified.
    h.say(Intent::CreateKey).await;
    assert_eq!(h.w.screen, Screen::SecretShown, "{:?}", h.w.error);
    h.say(Intent::Continue).await;
    h.say(Intent::Answer(true)).await;
    assert_eq!(h.w.screen, Screen::Verified, "{:?}", h.w.error);
    let new = file_key(&h);
    assert_ne!(new, lost);
    assert!(file_key_works(&h, "okd"));
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Rotating)
    );

    // Then the old key: deactivated, and deleted once the user says nothing broke.
    h.say(Intent::Deactivate(lost.clone())).await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Deactivated)
    );
    assert!(keys(&h, "okd").contains(&(lost.clone(), "Inactive".to_owned())));
    assert!(file_key_works(&h, "okd"));
    h.say(Intent::Delete(lost.clone())).await;
    confirm_last4(&mut h, &lost).await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Done)
    );
    assert_eq!(keys(&h, "okd"), vec![(new, "Active".to_owned())]);
    assert!(file_key_works(&h, "okd"));
}

/// "This is the key whose secret is lost."
async fn retire_pick(h: &mut Headless, key: &str) {
    h.say(Intent::ChooseLostKey(key.to_owned())).await;
}

#[tokio::test]
async fn a_stopped_recovery_resumes_at_the_step_it_reached() {
    let mut h = Headless::start(5).await;
    h.walk_to_verified_key("okd").await;
    let lost = file_key(&h);
    h.w.screen = Screen::Welcome;
    h.say(Intent::StartRecovery).await;
    h.sign_in().await;
    h.say(Intent::Continue).await;
    h.typed("okd").await;
    h.say(Intent::ChooseUser("okd".into())).await;
    retire_pick(&mut h, &lost).await;
    h.say(Intent::CreateKey).await; // the new key
    h.say(Intent::Continue).await;
    h.say(Intent::Answer(true)).await;
    assert_eq!(h.w.screen, Screen::Verified);

    // Stopped before the old key was touched: resumes there.
    h.restart().await;
    let offer = h.w.resume_offer.clone().expect("the recovery is offered");
    assert_eq!(offer.record.replaces.as_deref(), Some(lost.as_str()));
    h.say(Intent::Resume).await;
    h.sign_in().await;
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::Verified, "{:?}", h.w.error);
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Rotating)
    );
    h.say(Intent::Deactivate(lost.clone())).await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Deactivated)
    );

    // Stopped after the deactivation: resumes at the deletion.
    h.restart().await;
    h.say(Intent::Resume).await;
    h.sign_in().await;
    h.say(Intent::Continue).await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Deactivated),
        "{:?}",
        h.w.error
    );
    h.say(Intent::Delete(lost.clone())).await;
    confirm_last4(&mut h, &lost).await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Done)
    );
    assert_eq!(keys(&h, "okd").len(), 1);

    // Finished: nothing to resume.
    h.restart().await;
    assert!(h.w.resume_offer.is_none());
}

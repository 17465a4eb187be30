//! "Recover a lost AccessKey" end to end without a terminal: a user with two keys, one of them
//! in the credentials file, ends with a new key in that same profile, verified, and the old key
//! deactivated then deleted; the file never holds a key that does not work.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use crossterm::event::KeyCode;
use ramwiz::cloud::actions::CreateAccessKey;
use ramwiz::cloud::{Client, Credentials, Endpoints};
use ramwiz::wizard::Screen;
use ramwiz::wizard::recover::RecoveryStage;
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

async fn retire(h: &mut Headless, key: &str, code: char) {
    let index =
        h.w.keys
            .details
            .as_ref()
            .unwrap()
            .keys
            .iter()
            .position(|k| k.access_key_id == key)
            .unwrap();
    while h.w.keys.selected > index {
        h.key(KeyCode::Up).await;
    }
    while h.w.keys.selected < index {
        h.key(KeyCode::Down).await;
    }
    h.key(KeyCode::Char(code)).await;
    h.typed(&key[key.len() - 4..]).await;
    h.enter().await;
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
    h.key(KeyCode::Char('r')).await;
    assert_eq!(h.w.screen, Screen::SignIn);
    h.enter().await;
    assert_eq!(h.w.screen, Screen::Identity, "{:?}", h.w.error);
    h.enter().await;
    assert_eq!(h.w.screen, Screen::SelectUser);
    h.typed("okd").await;
    h.enter().await;
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
    h.enter().await;
    assert!(h.w.keys.notice.is_some(), "the 2-key limit is explained");
    retire(&mut h, &other, 'd').await;
    assert!(file_key_works(&h, "okd"));
    retire(&mut h, &other, 'x').await;
    assert_eq!(keys(&h, "okd").len(), 1);
    assert!(file_key_works(&h, "okd"));

    // The new key: created, saved where the lost one was, verified.
    h.enter().await;
    assert_eq!(h.w.screen, Screen::SecretShown, "{:?}", h.w.error);
    h.enter().await;
    h.key(KeyCode::Char('y')).await;
    assert_eq!(h.w.screen, Screen::Verified, "{:?}", h.w.error);
    let new = file_key(&h);
    assert_ne!(new, lost);
    assert!(file_key_works(&h, "okd"));
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Rotating)
    );

    // Then the old key: deactivated, and deleted once the user says nothing broke.
    h.key(KeyCode::Char('d')).await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Deactivated)
    );
    assert!(keys(&h, "okd").contains(&(lost.clone(), "Inactive".to_owned())));
    assert!(file_key_works(&h, "okd"));
    h.key(KeyCode::Char('x')).await;
    h.typed(&lost[lost.len() - 4..]).await;
    h.enter().await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Done)
    );
    assert_eq!(keys(&h, "okd"), vec![(new, "Active".to_owned())]);
    assert!(file_key_works(&h, "okd"));
}

/// Highlights `key` and presses Enter: "this is the key whose secret is lost".
async fn retire_pick(h: &mut Headless, key: &str) {
    let index =
        h.w.keys
            .details
            .as_ref()
            .unwrap()
            .keys
            .iter()
            .position(|k| k.access_key_id == key)
            .unwrap();
    while h.w.keys.selected < index {
        h.key(KeyCode::Down).await;
    }
    h.enter().await;
}

#[tokio::test]
async fn a_stopped_recovery_resumes_at_the_step_it_reached() {
    let mut h = Headless::start(5).await;
    h.walk_to_verified_key("okd").await;
    let lost = file_key(&h);
    h.w.screen = Screen::Welcome;
    h.key(KeyCode::Char('r')).await;
    h.enter().await;
    h.enter().await;
    h.typed("okd").await;
    h.enter().await;
    retire_pick(&mut h, &lost).await;
    h.enter().await; // the new key
    h.enter().await;
    h.key(KeyCode::Char('y')).await;
    assert_eq!(h.w.screen, Screen::Verified);

    // Stopped before the old key was touched: resumes there.
    h.restart().await;
    let offer = h.w.resume_offer.clone().expect("the recovery is offered");
    assert_eq!(offer.record.replaces.as_deref(), Some(lost.as_str()));
    h.key(KeyCode::Char('u')).await;
    h.enter().await;
    h.enter().await;
    assert_eq!(h.w.screen, Screen::Verified, "{:?}", h.w.error);
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Rotating)
    );
    h.key(KeyCode::Char('d')).await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Deactivated)
    );

    // Stopped after the deactivation: resumes at the deletion.
    h.restart().await;
    h.key(KeyCode::Char('u')).await;
    h.enter().await;
    h.enter().await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Deactivated),
        "{:?}",
        h.w.error
    );
    h.key(KeyCode::Char('x')).await;
    h.typed(&lost[lost.len() - 4..]).await;
    h.enter().await;
    assert_eq!(
        ramwiz::wizard::recover::stage(&h.w),
        Some(RecoveryStage::Done)
    );
    assert_eq!(keys(&h, "okd").len(), 1);

    // Finished: nothing to resume.
    h.restart().await;
    assert!(h.w.resume_offer.is_none());
}

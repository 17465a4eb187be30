//! The real `cloud::Client` against the simulated cloud over loopback HTTP: user and AccessKey
//! actions with their error codes, paging, retries on injected throttling, key
//! deactivation/deletion, a wrong secret, and `--state` persistence.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sim_support;

use ramwiz::cloud::actions::*;
use ramwiz::secret::Secret;
use ramwiz::sim::{Faults, SimConfig, SimHandle};
use sim_support::*;

#[tokio::test]
async fn users_and_access_keys_lifecycle() {
    let sim = sim().await;
    let c = owner(&sim);
    let created = c
        .call(&CreateUser {
            user_name: "okd-installer".into(),
            display_name: Some("OKD installer".into()),
            comments: Some("made by ramwiz".into()),
            email: Some("ops@example.com".into()),
            mobile_phone: Some("86-18688888888".into()),
        })
        .await
        .unwrap();
    let u = &created.user;
    assert_eq!(
        (u.user_name.as_str(), u.display_name.as_str()),
        ("okd-installer", "OKD installer")
    );
    assert_eq!(u.user_id.len(), 16);
    assert!(!created.request_id.is_empty());
    let got = c
        .call(&GetUser {
            user_name: "okd-installer".into(),
        })
        .await
        .unwrap()
        .user;
    assert_eq!(got.comments.as_deref(), Some("made by ramwiz"));
    assert_eq!(got.email.as_deref(), Some("ops@example.com"));
    assert_eq!(got.update_date.as_deref(), Some(got.create_date.as_str()));
    assert_eq!(got.create_date.len(), 20);
    let listed = c.call(&ListUsers::default()).await.unwrap();
    assert!(!listed.is_truncated && listed.marker.is_none());
    assert_eq!(listed.users.user.len(), 1);

    let (k1, s1) = key_for(&c, "okd-installer").await;
    assert!(k1.starts_with("LTAI") && k1.len() == 24 && s1.len() == 30);
    let (k2, _) = key_for(&c, "okd-installer").await;
    let keys = c
        .call(&ListAccessKeys {
            user_name: "okd-installer".into(),
        })
        .await
        .unwrap();
    let ids: Vec<_> = keys
        .access_keys
        .access_key
        .iter()
        .map(|k| k.access_key_id.clone())
        .collect();
    assert_eq!(ids, vec![k1.clone(), k2.clone()]);
    assert!(
        keys.access_keys
            .access_key
            .iter()
            .all(|k| k.status == "Active")
    );
    let update = |id: &str, status: &str| UpdateAccessKey {
        user_access_key_id: id.into(),
        status: status.into(),
        user_name: "okd-installer".into(),
    };
    c.call(&update(&k1, "Inactive")).await.unwrap();
    let keys = c
        .call(&ListAccessKeys {
            user_name: "okd-installer".into(),
        })
        .await
        .unwrap();
    assert_eq!(keys.access_keys.access_key[0].status, "Inactive");
    for id in [&k1, &k2] {
        c.call(&DeleteAccessKey {
            user_access_key_id: id.clone(),
            user_name: "okd-installer".into(),
        })
        .await
        .unwrap();
    }
    c.call(&DeleteUser {
        user_name: "okd-installer".into(),
    })
    .await
    .unwrap();
    expect(
        c.call(&GetUser {
            user_name: "okd-installer".into(),
        })
        .await,
        "EntityNotExist.User",
        404,
    );
    // the state knows nothing of the deleted user any more
    assert_eq!(sim.state_json()["users"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn user_and_key_errors() {
    let sim = sim().await;
    let c = owner(&sim);
    c.call(&user("alice")).await.unwrap();
    let long = |n: usize| Some("x".repeat(n));
    expect(
        c.call(&user("bad name")).await,
        "InvalidParameter.UserName.InvalidChars",
        400,
    );
    expect(
        c.call(&user("a_b@c")).await,
        "InvalidParameter.UserName.InvalidChars",
        400,
    );
    expect(
        c.call(&user(&"a".repeat(65))).await,
        "InvalidParameter.UserName.Length",
        400,
    );
    expect(c.call(&user("")).await, "MissingParameter", 400);
    let dn = CreateUser {
        user_name: "bob".into(),
        display_name: long(129),
        ..Default::default()
    };
    expect(
        c.call(&dn).await,
        "InvalidParameter.DisplayName.Length",
        400,
    );
    let cm = CreateUser {
        user_name: "bob".into(),
        comments: long(129),
        ..Default::default()
    };
    expect(c.call(&cm).await, "InvalidParameter.Comments.Length", 400);
    expect(
        c.call(&user("alice")).await,
        "EntityAlreadyExists.User",
        409,
    );
    expect(
        c.call(&DeleteUser {
            user_name: "nobody".into(),
        })
        .await,
        "EntityNotExist.User",
        404,
    );
    expect(
        c.call(&CreateAccessKey {
            user_name: "nobody".into(),
        })
        .await,
        "EntityNotExist.User",
        404,
    );
    expect(
        c.call(&ListAccessKeys {
            user_name: "nobody".into(),
        })
        .await,
        "EntityNotExist.User",
        404,
    );
    for max in [0, 1001] {
        let r = c
            .call(&ListUsers {
                marker: None,
                max_items: Some(max),
            })
            .await;
        expect(r, "InvalidParameter.MaxItems", 400);
    }
    let r = c
        .call(&ListUsers {
            marker: Some("garbage".into()),
            max_items: None,
        })
        .await;
    expect(r, "InvalidParameter.Marker", 400);

    let (k1, _) = key_for(&c, "alice").await;
    key_for(&c, "alice").await;
    expect(
        c.call(&CreateAccessKey {
            user_name: "alice".into(),
        })
        .await,
        "LimitExceeded.User.AccessKey",
        409,
    );
    expect(
        c.call(&DeleteUser {
            user_name: "alice".into(),
        })
        .await,
        "DeleteConflict.User.AccessKey",
        409,
    );
    let upd = |id: &str, status: &str| UpdateAccessKey {
        user_access_key_id: id.into(),
        status: status.into(),
        user_name: "alice".into(),
    };
    expect(
        c.call(&upd(&k1, "Disabled")).await,
        "InvalidParameter.Status",
        400,
    );
    expect(
        c.call(&upd("LTAInope", "Active")).await,
        "EntityNotExist.User.AccessKey",
        404,
    );
    let del = DeleteAccessKey {
        user_access_key_id: "LTAInope".into(),
        user_name: "alice".into(),
    };
    expect(c.call(&del).await, "EntityNotExist.User.AccessKey", 404);
    // owner must name the user of a key call
    let del = DeleteAccessKey {
        user_access_key_id: k1.clone(),
        user_name: String::new(),
    };
    expect(c.call(&del).await, "MissingParameter", 400);
}

#[tokio::test]
async fn user_limit_is_5000() {
    let sim = sim().await;
    sim.seed_users(5000);
    expect(
        owner(&sim).call(&user("one-too-many")).await,
        "LimitExceeded.User",
        409,
    );
}

#[tokio::test]
async fn paging_over_2500_users() {
    let sim = sim().await;
    sim.seed_users(2500);
    let c = owner(&sim);
    c.call(&user("last-one")).await.unwrap();
    let mut marker = None;
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let page = c
            .call(&ListUsers {
                marker: marker.clone(),
                max_items: Some(1000),
            })
            .await
            .unwrap();
        pages += 1;
        names.extend(page.users.user.into_iter().map(|u| u.user_name));
        if !page.is_truncated {
            assert!(page.marker.is_none());
            break;
        }
        marker = Some(page.marker.unwrap());
    }
    assert_eq!(pages, 3);
    assert_eq!(names.len(), 2501);
    let unique: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(unique.len(), 2501);
    assert_eq!(names.last().map(String::as_str), Some("last-one"));
    let default_page = c.call(&ListUsers::default()).await.unwrap();
    assert_eq!(default_page.users.user.len(), 100);
    assert!(default_page.is_truncated);
}

#[tokio::test]
async fn new_keys_work_at_once_and_disabled_or_deleted_keys_stop() {
    let sim = sim().await;
    let c = owner(&sim);
    c.call(&user("bot")).await.unwrap();
    let (id, secret) = key_for(&c, "bot").await;
    let bot = client(&sim, &id, secret);
    bot.call(&GetCallerIdentity).await.unwrap();
    let upd = |s: &str| UpdateAccessKey {
        user_access_key_id: id.clone(),
        status: s.into(),
        user_name: "bot".into(),
    };
    c.call(&upd("Inactive")).await.unwrap();
    expect(
        bot.call(&GetCallerIdentity).await,
        "InvalidAccessKeyId.Inactive",
        400,
    );
    c.call(&upd("Active")).await.unwrap();
    bot.call(&GetCallerIdentity).await.unwrap();
    c.call(&DeleteAccessKey {
        user_access_key_id: id.clone(),
        user_name: "bot".into(),
    })
    .await
    .unwrap();
    expect(
        bot.call(&GetCallerIdentity).await,
        "InvalidAccessKeyId.NotFound",
        404,
    );
    let stranger = client(&sim, "LTAIdoesnotexist0000000", Secret::new("x"));
    expect(
        stranger.call(&ListUsers::default()).await,
        "InvalidAccessKeyId.NotFound",
        404,
    );
}

#[tokio::test]
async fn wrong_secret_is_diagnosed_by_the_client() {
    let sim = sim().await;
    let c = client(
        &sim,
        &sim.owner_access_key_id(),
        Secret::new("not-the-secret"),
    );
    expect_wrong_secret(&c).await;
}

#[tokio::test]
async fn throttling_is_retried_even_for_creates() {
    let sim = sim().await;
    let c = owner(&sim);
    sim.set_faults(Faults {
        throttle_first: 2,
        throttle_actions: vec![],
        ..Default::default()
    });
    // two attempts are not enough, the third succeeds
    let twice = c.clone().with_retry(retry(2));
    expect(twice.call(&ListUsers::default()).await, "Throttling", 400);
    sim.set_faults(Faults {
        throttle_first: 2,
        throttle_actions: vec![],
        ..Default::default()
    });
    c.call(&ListUsers::default()).await.unwrap();
    sim.set_faults(Faults {
        throttle_first: 2,
        throttle_actions: vec!["CreateUser".into()],
        ..Default::default()
    });
    c.call(&GetCallerIdentity).await.unwrap(); // not a matching action: not throttled
    c.call(&user("once")).await.unwrap();
    assert_eq!(sim.state_json()["users"].as_array().map(Vec::len), Some(1));
    // more throttling than attempts: the client gives up with the throttling error
    sim.set_faults(Faults {
        throttle_first: 10,
        throttle_actions: vec![],
        ..Default::default()
    });
    expect(
        c.call(&GetUser {
            user_name: "once".into(),
        })
        .await,
        "Throttling",
        400,
    );
}

#[tokio::test]
async fn state_file_persists_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sim-state.json");
    let cfg = || SimConfig {
        state_file: Some(path.clone()),
        ..SimConfig::default()
    };
    let first = SimHandle::start(cfg()).await.unwrap();
    let (acct, key) = (first.account_id(), first.owner_access_key_id());
    owner(&first).call(&user("survivor")).await.unwrap();
    first.shutdown().await;
    let second = SimHandle::start(cfg()).await.unwrap();
    assert_eq!(
        (second.account_id(), second.owner_access_key_id()),
        (acct, key)
    );
    let got = owner(&second)
        .call(&GetUser {
            user_name: "survivor".into(),
        })
        .await
        .unwrap();
    assert_eq!(got.user.user_name, "survivor");
    second.shutdown().await;
}

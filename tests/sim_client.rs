//! The real `cloud::Client` against the simulated cloud over loopback HTTP: every RAM action on
//! success, the error codes each action can produce, paging, retries on injected throttling,
//! permissions of RAM users, key deactivation/deletion, and `--state` persistence.

use std::time::Duration;

use ramwiz::cloud::actions::*;
use ramwiz::cloud::{Client, CloudError, Credentials, Endpoints, RetryPolicy, SignatureVerdict};
use ramwiz::creds::Secret;
use ramwiz::sim::{Faults, SimConfig, SimHandle};

const DOC: &str =
    r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*"],"Resource":"*"}]}"#;

fn retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    }
}

async fn sim() -> SimHandle {
    SimHandle::start(SimConfig::default()).await.unwrap()
}

fn client(sim: &SimHandle, id: &str, secret: Secret) -> Client {
    Client::new(
        Endpoints::single(&sim.endpoint()).unwrap(),
        Credentials::new(id, secret),
    )
    .unwrap()
    .with_retry(retry())
}

fn owner(sim: &SimHandle) -> Client {
    client(sim, &sim.owner_access_key_id(), sim.owner_secret())
}

/// Asserts an API error with this code and HTTP status.
#[track_caller]
fn expect<T: std::fmt::Debug>(r: Result<T, CloudError>, code: &str, status: u16) {
    let e = r.expect_err(code);
    let api = e
        .api()
        .unwrap_or_else(|| panic!("{code}: not an API error: {e:?}"));
    assert_eq!((api.code.as_str(), api.status), (code, status), "{e:?}");
    assert!(api.request_id.as_deref().is_some_and(|r| r.len() == 36));
}

fn user(name: &str) -> CreateUser {
    CreateUser {
        user_name: name.into(),
        ..Default::default()
    }
}

fn policy(name: &str, doc: &str) -> CreatePolicy {
    CreatePolicy {
        policy_name: name.into(),
        policy_document: doc.into(),
        description: Some("test policy".into()),
    }
}

fn attach(ptype: &str, policy: &str, user: &str) -> AttachPolicyToUser {
    AttachPolicyToUser {
        policy_type: ptype.into(),
        policy_name: policy.into(),
        user_name: user.into(),
    }
}

async fn key_for(c: &Client, user: &str) -> (String, Secret) {
    let k = c
        .call(&CreateAccessKey {
            user_name: user.into(),
        })
        .await
        .unwrap()
        .access_key;
    (k.access_key_id, k.access_key_secret)
}

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
async fn policies_lifecycle_and_errors() {
    let sim = sim().await;
    let c = owner(&sim);
    c.call(&user("u1")).await.unwrap();
    let p = c.call(&policy("ecs-read", DOC)).await.unwrap().policy;
    assert_eq!(
        (p.policy_type.as_str(), p.default_version.as_str()),
        ("Custom", "v1")
    );
    expect(
        c.call(&policy("ecs-read", DOC)).await,
        "EntityAlreadyExists.Policy",
        409,
    );
    expect(
        c.call(&policy("ecs_read", DOC)).await,
        "InvalidParameter.PolicyName.InvalidChars",
        400,
    );
    expect(
        c.call(&policy(&"p".repeat(129), DOC)).await,
        "InvalidParameter.PolicyName.Length",
        400,
    );
    let huge = format!("{}{}", DOC, " ".repeat(6144));
    expect(
        c.call(&policy("big", &huge)).await,
        "InvalidParameter.PolicyDocument.Length",
        400,
    );
    for bad in [
        "{",
        r#"{"Version":"2","Statement":[]}"#,
        r#"{"Version":"1","Statement":[{"Effect":"Allow"}]}"#,
    ] {
        expect(
            c.call(&policy("bad", bad)).await,
            "MalformedPolicyDocument",
            400,
        );
    }
    let get = |t: &str, n: &str| GetPolicy {
        policy_name: n.into(),
        policy_type: t.into(),
    };
    let got = c.call(&get("Custom", "ecs-read")).await.unwrap();
    assert_eq!(got.policy.attachment_count, Some(0));
    let dv = got.default_policy_version.unwrap();
    assert!(dv.is_default_version && dv.policy_document == DOC && dv.version_id == "v1");
    expect(
        c.call(&get("Managed", "ecs-read")).await,
        "InvalidParameter.PolicyType",
        400,
    );
    expect(
        c.call(&get("Custom", "nope")).await,
        "EntityNotExist.Policy",
        404,
    );
    expect(
        c.call(&get("System", "ecs-read")).await,
        "EntityNotExist.Policy",
        404,
    );
    let admin = c.call(&get("System", "AdministratorAccess")).await.unwrap();
    assert_eq!(admin.policy.policy_type, "System");

    let version = |set: bool, rotate: Option<&str>| CreatePolicyVersion {
        policy_name: "ecs-read".into(),
        policy_document: DOC.into(),
        set_as_default: Some(set),
        rotate_strategy: rotate.map(Into::into),
    };
    let v2 = c.call(&version(true, None)).await.unwrap().policy_version;
    assert!(v2.version_id == "v2" && v2.is_default_version);
    for _ in 0..3 {
        c.call(&version(false, Some("None"))).await.unwrap();
    }
    expect(
        c.call(&version(false, None)).await,
        "LimitExceeded.Policy.Version",
        409,
    );
    expect(
        c.call(&version(false, Some("Sometimes"))).await,
        "InvalidParameter.RotateStrategy",
        400,
    );
    let v6 = c
        .call(&version(
            false,
            Some("DeleteOldestNonDefaultVersionWhenLimitExceeded"),
        ))
        .await
        .unwrap()
        .policy_version;
    assert!(v6.version_id == "v6" && !v6.is_default_version);
    let lv = |t: &str| ListPolicyVersions {
        policy_name: "ecs-read".into(),
        policy_type: t.into(),
    };
    let ids: Vec<_> = c
        .call(&lv("Custom"))
        .await
        .unwrap()
        .policy_versions
        .policy_version
        .into_iter()
        .map(|v| v.version_id)
        .collect();
    assert_eq!(ids, ["v2", "v3", "v4", "v5", "v6"]);
    let sys = ListPolicyVersions {
        policy_name: "AliyunRAMFullAccess".into(),
        policy_type: "System".into(),
    };
    assert_eq!(
        c.call(&sys)
            .await
            .unwrap()
            .policy_versions
            .policy_version
            .len(),
        1
    );

    let set = |v: &str| SetDefaultPolicyVersion {
        policy_name: "ecs-read".into(),
        version_id: v.into(),
    };
    let del = |v: &str| DeletePolicyVersion {
        policy_name: "ecs-read".into(),
        version_id: v.into(),
    };
    c.call(&set("v3")).await.unwrap();
    expect(
        c.call(&set("v1")).await,
        "EntityNotExist.Policy.Version",
        404,
    );
    expect(
        c.call(&del("v3")).await,
        "DeleteConflict.Policy.Version.Default",
        409,
    );
    expect(
        c.call(&del("v9")).await,
        "EntityNotExist.Policy.Version",
        404,
    );
    c.call(&del("v2")).await.unwrap();
    assert_eq!(
        c.call(&get("Custom", "ecs-read"))
            .await
            .unwrap()
            .policy
            .default_version,
        "v3"
    );

    c.call(&attach("Custom", "ecs-read", "u1")).await.unwrap();
    c.call(&attach("System", "AliyunRAMReadOnlyAccess", "u1"))
        .await
        .unwrap();
    expect(
        c.call(&attach("Custom", "ecs-read", "u1")).await,
        "EntityAlreadyExists.User.Policy",
        409,
    );
    expect(
        c.call(&attach("Custom", "nope", "u1")).await,
        "EntityNotExist.Policy",
        404,
    );
    expect(
        c.call(&attach("Custom", "ecs-read", "nobody")).await,
        "EntityNotExist.User",
        404,
    );
    expect(
        c.call(&attach("Both", "ecs-read", "u1")).await,
        "InvalidParameter.PolicyType",
        400,
    );
    assert_eq!(
        c.call(&get("Custom", "ecs-read"))
            .await
            .unwrap()
            .policy
            .attachment_count,
        Some(1)
    );
    let lp = c
        .call(&ListPoliciesForUser {
            user_name: "u1".into(),
        })
        .await
        .unwrap()
        .policies
        .policy;
    assert_eq!(lp.len(), 2);
    assert!(
        lp.iter()
            .all(|p| p.attach_date.as_deref().is_some_and(|d| d.ends_with('Z')))
    );
    expect(
        c.call(&ListPoliciesForUser {
            user_name: "nobody".into(),
        })
        .await,
        "EntityNotExist.User",
        404,
    );
    expect(
        c.call(&DeleteUser {
            user_name: "u1".into(),
        })
        .await,
        "DeleteConflict.User.Policy",
        409,
    );

    let dp = |cascade: Option<bool>| DeletePolicy {
        policy_name: "ecs-read".into(),
        cascading_delete: cascade,
    };
    expect(c.call(&dp(None)).await, "DeleteConflict.Policy.User", 409);
    let detach = |t: &str, p: &str| DetachPolicyFromUser {
        policy_type: t.into(),
        policy_name: p.into(),
        user_name: "u1".into(),
    };
    c.call(&detach("Custom", "ecs-read")).await.unwrap();
    c.call(&detach("System", "AliyunRAMReadOnlyAccess"))
        .await
        .unwrap();
    expect(
        c.call(&detach("Custom", "ecs-read")).await,
        "EntityNotExist.User.Policy",
        404,
    );
    expect(
        c.call(&dp(Some(false))).await,
        "DeleteConflict.Policy.Version",
        409,
    );
    c.call(&dp(Some(true))).await.unwrap();
    expect(c.call(&dp(None)).await, "EntityNotExist.Policy", 404);
    c.call(&DeleteUser {
        user_name: "u1".into(),
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn attachment_limits() {
    let sim = sim().await;
    let c = owner(&sim);
    c.call(&user("u")).await.unwrap();
    for i in 0..11 {
        c.call(&policy(&format!("p{i}"), DOC)).await.unwrap();
    }
    for i in 0..10 {
        c.call(&attach("Custom", &format!("p{i}"), "u"))
            .await
            .unwrap();
    }
    expect(
        c.call(&attach("Custom", "p10", "u")).await,
        "LimitExceeded.User.Policy",
        409,
    );
    // system policies have their own quota
    c.call(&attach("System", "AdministratorAccess", "u"))
        .await
        .unwrap();
}

#[tokio::test]
async fn caller_identity_and_permissions() {
    let sim = sim().await;
    let c = owner(&sim);
    let me = c.call(&GetCallerIdentity).await.unwrap();
    assert!(me.is_account_owner() && me.user_id.is_none());
    assert_eq!(me.account_id, sim.account_id());
    assert_eq!(me.arn, format!("acs:ram::{}:root", sim.account_id()));

    c.call(&user("reader")).await.unwrap();
    c.call(&attach("System", "AliyunRAMReadOnlyAccess", "reader"))
        .await
        .unwrap();
    let (id, secret) = key_for(&c, "reader").await;
    let reader = client(&sim, &id, secret);
    let who = reader.call(&GetCallerIdentity).await.unwrap();
    assert_eq!(who.identity_type, "RAMUser");
    assert_eq!(who.user_name(), Some("reader"));
    assert_eq!(who.user_id.as_deref(), Some(who.principal_id.as_str()));
    reader.call(&ListUsers::default()).await.unwrap();
    expect(reader.call(&user("intruder")).await, "NoPermission", 403);

    // a user with no policy can still ask who it is
    c.call(&user("nobody")).await.unwrap();
    let (id, secret) = key_for(&c, "nobody").await;
    let nobody = client(&sim, &id, secret);
    assert_eq!(
        nobody.call(&GetCallerIdentity).await.unwrap().user_name(),
        Some("nobody")
    );
    expect(
        nobody.call(&ListUsers::default()).await,
        "NoPermission",
        403,
    );

    // Allow ram:* but an explicit Deny on deletes wins; a RAM user may omit UserName for itself
    c.call(&user("admin")).await.unwrap();
    let deny =
        r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":"ram:Delete*","Resource":"*"}]}"#;
    c.call(&policy("no-deletes", deny)).await.unwrap();
    c.call(&attach("System", "AliyunRAMFullAccess", "admin"))
        .await
        .unwrap();
    c.call(&attach("Custom", "no-deletes", "admin"))
        .await
        .unwrap();
    let (id, secret) = key_for(&c, "admin").await;
    let admin = client(&sim, &id, secret);
    admin.call(&user("made-by-admin")).await.unwrap();
    expect(
        admin
            .call(&DeleteUser {
                user_name: "made-by-admin".into(),
            })
            .await,
        "NoPermission",
        403,
    );
    let own = admin
        .call(&CreateAccessKey {
            user_name: String::new(),
        })
        .await
        .unwrap();
    let mine = admin
        .call(&ListAccessKeys {
            user_name: String::new(),
        })
        .await
        .unwrap();
    assert!(
        mine.access_keys
            .access_key
            .iter()
            .any(|k| k.access_key_id == own.access_key.access_key_id)
    );
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
    match c.call(&GetCallerIdentity).await {
        Err(CloudError::Signature { api, verdict }) => {
            assert_eq!(verdict, SignatureVerdict::WrongSecret);
            assert_eq!(
                (api.code.as_str(), api.status),
                ("SignatureDoesNotMatch", 400)
            );
        }
        other => panic!("expected a signature error, got {other:?}"),
    }
}

#[tokio::test]
async fn throttling_is_retried_even_for_creates() {
    let sim = sim().await;
    let c = owner(&sim);
    sim.set_faults(Faults {
        throttle_first: 2,
        throttle_actions: vec![],
    });
    c.call(&ListUsers::default()).await.unwrap();
    sim.set_faults(Faults {
        throttle_first: 2,
        throttle_actions: vec!["CreateUser".into()],
    });
    c.call(&GetCallerIdentity).await.unwrap(); // not a matching action: not throttled
    c.call(&user("once")).await.unwrap();
    assert_eq!(sim.state_json()["users"].as_array().map(Vec::len), Some(1));
    // more throttling than attempts: the client gives up with the throttling error
    sim.set_faults(Faults {
        throttle_first: 10,
        throttle_actions: vec![],
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

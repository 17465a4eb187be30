//! The real `cloud::Client` against the simulated cloud: custom and system policies (versions,
//! attachments, limits, every policy error code), GetCallerIdentity, and what RAM users may do
//! according to their attached policies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sim_support;

use ramwiz::cloud::actions::*;
use sim_support::*;

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
async fn a_description_over_1024_characters_is_refused() {
    let sim = sim().await;
    let c = owner(&sim);
    let mut p = policy("long-description", DOC);
    p.description = Some("d".repeat(1025));
    expect(c.call(&p).await, "InvalidParameter.Description.Length", 400);
    p.description = Some("d".repeat(1024));
    c.call(&p).await.unwrap();
}

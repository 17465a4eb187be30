//! Signing in through a RAM role (issue 24), against the simulated cloud without a terminal:
//! the role session signs as the role (GetCallerIdentity says `AssumedRoleUser`), is renewed
//! before it ends and again when it ends early, and each way AssumeRole can fail reaches the
//! person as plain guidance: the source key may not assume, the role does not trust the
//! caller, no such role, a duration above the role's maximum, an expired token.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ramwiz::cloud::{Action, Client, Credentials, Endpoints, RetryPolicy, RoleSpec, Service};
use ramwiz::creds::{Locations, SourceRef, keyring};
use ramwiz::engine::{Engine, EngineConfig, KeyringChoice};
use ramwiz::protocol::*;
use ramwiz::secret::Secret;
use ramwiz::sim::{Faults, SimConfig, SimHandle};
use tokio::sync::mpsc;

/// An action of the test's own, answered as raw JSON (ramwiz's client has no role management:
/// it never creates roles).
macro_rules! raw_action {
    ($ty:ident, $name:literal, $service:expr) => {
        struct $ty(Vec<(String, String)>);
        impl Action for $ty {
            const NAME: &'static str = $name;
            const SERVICE: Service = $service;
            type Response = serde_json::Value;
            fn params(&self) -> Vec<(String, String)> {
                self.0.clone()
            }
        }
    };
}

raw_action!(CreateRole, "CreateRole", Service::Ram);
raw_action!(CreateUser, "CreateUser", Service::Ram);
raw_action!(CreateAccessKey, "CreateAccessKey", Service::Ram);
raw_action!(ListUsers, "ListUsers", Service::Ram);
raw_action!(GetCallerIdentity, "GetCallerIdentity", Service::Sts);
raw_action!(AttachPolicyToRole, "AttachPolicyToRole", Service::Ram);
raw_action!(DetachPolicyFromRole, "DetachPolicyFromRole", Service::Ram);
raw_action!(ListPoliciesForRole, "ListPoliciesForRole", Service::Ram);
raw_action!(DeleteRole, "DeleteRole", Service::Ram);
raw_action!(CreatePolicy, "CreatePolicy", Service::Ram);
raw_action!(DeletePolicy, "DeletePolicy", Service::Ram);
raw_action!(AttachPolicyToUser, "AttachPolicyToUser", Service::Ram);

fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

struct World {
    sim: SimHandle,
    dir: tempfile::TempDir,
    owner: Client,
    /// The operator who may only assume `okd-admin`, and that role's ARN.
    operator: Credentials,
    role_arn: String,
}

async fn world(faults: Faults) -> World {
    let sim = SimHandle::start(SimConfig {
        faults,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let (id, secret, role_arn) = sim.seed_role_operator("operator", "okd-admin");
    let endpoints = Endpoints::single(&sim.endpoint()).unwrap();
    let owner = Client::new(
        endpoints,
        Credentials::new(sim.owner_access_key_id(), sim.owner_secret()),
    )
    .unwrap();
    World {
        dir: tempfile::tempdir().unwrap(),
        owner,
        operator: Credentials::new(id, secret),
        role_arn,
        sim,
    }
}

impl World {
    /// The operator signed in through `okd-admin` (session `tester`).
    async fn operator_as_role(&self) -> Client {
        self.owner
            .with_credentials(self.operator.clone())
            .assume(spec(&self.role_arn))
            .await
            .unwrap()
    }
}

fn spec(arn: &str) -> RoleSpec {
    RoleSpec {
        role_arn: arn.to_owned(),
        session_name: "tester".into(),
        ..RoleSpec::default()
    }
}

#[tokio::test]
async fn a_role_session_signs_as_the_role_and_is_renewed_before_it_ends() {
    let w = world(Faults::parse("sts_lifetime=6").unwrap()).await;
    let operator = w.owner.with_credentials(w.operator.clone());
    let e = operator.call(&ListUsers(vec![])).await.unwrap_err();
    assert_eq!(e.code(), Some("NoPermission"), "the operator alone may not");
    let role = operator.assume(spec(&w.role_arn)).await.unwrap();
    let who = role.call(&GetCallerIdentity(vec![])).await.unwrap();
    assert_eq!(who["IdentityType"], "AssumedRoleUser");
    let arn = who["Arn"].as_str().unwrap();
    assert!(arn.ends_with(":assumed-role/okd-admin/tester"), "{arn}");
    role.call(&ListUsers(vec![])).await.unwrap();
    assert_eq!(
        role.access_key_id(),
        w.operator.access_key_id,
        "the source key"
    );
    let key = role.signing_credentials().await.unwrap();
    assert!(key.access_key_id.starts_with("STS.") && key.security_token.is_some());
    assert_eq!(w.sim.served("AssumeRole"), 1);
    // A 6 s session is renewed once a third of it is left: after 4.5 s the next call renews.
    tokio::time::sleep(Duration::from_millis(4_500)).await;
    role.call(&ListUsers(vec![])).await.unwrap();
    assert_eq!(w.sim.served("AssumeRole"), 2, "renewed before it ended");
    let info = role.role_info().await.unwrap();
    assert_eq!((info.renewals, info.session_name.as_str()), (1, "tester"));
    assert_ne!(
        role.signing_credentials().await.unwrap().access_key_id,
        key.access_key_id
    );
    // Long after the first key ended, it is refused; the session goes on.
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    let old = w.owner.with_credentials(key);
    let e = old.call(&GetCallerIdentity(vec![])).await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidSecurityToken.Expired"));
    role.call(&ListUsers(vec![])).await.unwrap();
    ramwiz::reliability::record(
        "role sessions",
        "a 6 s role session used past its end; the old key tried after it ended",
        2,
        "renewed once before it ended (2 AssumeRole); the old key refused with InvalidSecurityToken.Expired",
    );
}

/// The servers' clock 10 minutes ahead of ours (within the 15 minutes a signature may be off,
/// so no request is refused for it): a 9 s session is still renewed on time, counted on the
/// clock of their answers' `Date`. On our clock it would seem to last 609 s, and its key would
/// be used until the cloud refused it.
#[tokio::test]
async fn a_session_is_renewed_on_time_when_our_clock_is_behind_the_servers() {
    let w = world(Faults::parse("sts_lifetime=9,skew=600").unwrap()).await;
    let role = w.operator_as_role().await;
    role.call(&ListUsers(vec![])).await.unwrap();
    assert_eq!(w.sim.served("AssumeRole"), 1);
    // Renewed once a third of it is left (3 s; up to a second later for `Date`'s rounding),
    // before the key's end at 9 s.
    tokio::time::sleep(Duration::from_millis(7_200)).await;
    role.call(&ListUsers(vec![])).await.unwrap();
    assert_eq!(
        w.sim.served("AssumeRole"),
        2,
        "renewed before it ended, not after a refusal"
    );
    assert_eq!(role.role_info().await.unwrap().renewals, 1);
}

/// A role key's request refused for its signature: the server's string to sign quotes the
/// SecurityToken, and the error keeps none of it (V1 and V3).
#[tokio::test]
async fn a_signature_refusal_keeps_no_security_token() {
    let w = world(Faults::default()).await;
    let role = w.operator_as_role().await;
    let key = role.signing_credentials().await.unwrap();
    let token = key.security_token.clone().unwrap();
    let mut wrong = key.clone();
    wrong.secret = Secret::new("not-the-secret-of-this-key");
    for sig in [
        ramwiz::cloud::SignatureVersion::V1,
        ramwiz::cloud::SignatureVersion::V3,
    ] {
        let mut endpoints = Endpoints::single(&w.sim.endpoint()).unwrap();
        endpoints.signature = sig;
        let c = Client::new(endpoints, wrong.clone()).unwrap();
        let e = c.call(&ListUsers(vec![])).await.unwrap_err();
        assert_eq!(e.code(), Some("SignatureDoesNotMatch"), "{sig:?}");
        let all = format!("{e:?} {e}");
        assert!(!all.contains(token.expose()), "{sig:?}: {all}");
    }
}

#[tokio::test]
async fn a_session_that_ends_early_is_renewed_once_and_the_call_signed_again() {
    let w = world(Faults::parse("sts_early=1").unwrap()).await;
    let role = w.operator_as_role().await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    // The key says an hour; the cloud ended it: InvalidSecurityToken.Expired, renewed, signed
    // again, answered. The renewed key ends early as well, so the next call renews again.
    role.call(&ListUsers(vec![])).await.unwrap();
    assert_eq!(w.sim.served("AssumeRole"), 2);
    assert_eq!(role.role_info().await.unwrap().renewals, 1);
}

/// A sign-in through the engine, as the wizard asks for it.
async fn sign_in(config: EngineConfig, with: SignInWith) -> Outcome {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut engine = Engine::new(config, tx);
    engine.run(Command::SignIn { job: 1, with });
    loop {
        let ev = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .unwrap()
            .unwrap();
        if ev.job == 1
            && let EventKind::Finished(o) = ev.kind
        {
            return *o;
        }
    }
}

fn config(w: &World, env: Option<ramwiz::creds::sources::EnvCredentials>) -> EngineConfig {
    EngineConfig {
        endpoints: Endpoints::single(&w.sim.endpoint()).unwrap(),
        locations: Locations {
            credentials_file: w.dir.path().join("credentials"),
            aliyun_config: None,
            env,
        },
        retry: RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(1),
        },
        journal: None,
        keyring: KeyringChoice::Given(keyring::mock()),
        patience: ramwiz::engine::Patience::default(),
        tools: ramwiz::engine::ToolsConfig::default(),
        dry_run: None,
    }
}

fn pasted(c: &Credentials, role: &str) -> SignInWith {
    SignInWith::Pasted {
        access_key_id: c.access_key_id.clone(),
        secret: c.secret.clone(),
        role_arn: Some(role.to_owned()),
    }
}

/// The failure's (title, what happened, code), or a panic naming what came instead.
fn failed(o: Outcome) -> (String, String, Option<String>, String) {
    match o {
        Outcome::Failed(r) => (r.title, r.hint.what.to_owned(), r.code, r.detail),
        other => panic!("expected a failure: {other:?}"),
    }
}

#[tokio::test]
async fn each_way_a_role_sign_in_fails_is_said_in_plain_words() {
    let w = world(Faults::default()).await;
    let acct = w.sim.account_id();

    // Signed in through the role: the identity card's facts.
    let ok = sign_in(config(&w, None), pasted(&w.operator, &w.role_arn)).await;
    let Outcome::Done(JobOutput::SignedIn(s)) = ok else {
        panic!("{ok:?}");
    };
    assert!(s.identity.arn.contains(":assumed-role/okd-admin/ramwiz-"));
    assert_eq!(s.ram, RamAccess::Allowed);
    let role = s.role.unwrap();
    assert_eq!(role.role_arn, w.role_arn);
    assert!(role.expiration.ends_with('Z'), "{}", role.expiration);
    assert_eq!(s.access_key_id, w.operator.access_key_id);

    // 1. The source key may not assume: a user with no policy at all.
    w.owner
        .call(&CreateUser(p(&[("UserName", "nobody")])))
        .await
        .unwrap();
    let k = w
        .owner
        .call(&CreateAccessKey(p(&[("UserName", "nobody")])))
        .await
        .unwrap();
    let nobody = Credentials::new(
        k["AccessKey"]["AccessKeyId"].as_str().unwrap(),
        Secret::new(k["AccessKey"]["AccessKeySecret"].as_str().unwrap()),
    );
    let (title, what, code, _) =
        failed(sign_in(config(&w, None), pasted(&nobody, &w.role_arn)).await);
    assert!(title.contains("sts:AssumeRole"), "{title}");
    assert!(what.contains("may not assume this role"), "{what}");
    assert_eq!(code.as_deref(), Some("NoPermission"));

    // 2. The role does not trust the caller: its trust policy names another user only, and
    // `nobody` may now assume any role.
    w.owner
        .call(&CreatePolicy(p(&[
            ("PolicyName", "assume-any"),
            (
                "PolicyDocument",
                r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#,
            ),
        ])))
        .await
        .unwrap();
    w.owner
        .call(&AttachPolicyToUser(p(&[
            ("PolicyType", "Custom"),
            ("PolicyName", "assume-any"),
            ("UserName", "nobody"),
        ])))
        .await
        .unwrap();
    let trust = format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{{"RAM":["acs:ram::{acct}:user/someone-else"]}}}}]}}"#
    );
    w.owner
        .call(&CreateRole(p(&[
            ("RoleName", "closed"),
            ("AssumeRolePolicyDocument", &trust),
        ])))
        .await
        .unwrap();
    let closed = format!("acs:ram::{acct}:role/closed");
    let (_, what, code, _) = failed(sign_in(config(&w, None), pasted(&nobody, &closed)).await);
    assert!(what.contains("does not trust this caller"), "{what}");
    assert_eq!(code.as_deref(), Some("NoPermission"));

    // 2b. The account's own key (root) assumes no role, even one that trusts its account.
    let owner_key = Credentials::new(w.sim.owner_access_key_id(), w.sim.owner_secret());
    let (_, what, code, _) =
        failed(sign_in(config(&w, None), pasted(&owner_key, &w.role_arn)).await);
    assert!(what.contains("no root account assume"), "{what}");
    assert_eq!(code.as_deref(), Some("NoPermission"));

    // 3. No such role.
    let missing = format!("acs:ram::{acct}:role/gone");
    let (_, what, code, detail) =
        failed(sign_in(config(&w, None), pasted(&w.operator, &missing)).await);
    assert!(what.contains("no such RAM role"), "{what}");
    assert_eq!(code.as_deref(), Some("EntityNotExist.Role"));
    assert!(
        detail.starts_with(&missing),
        "the detail names the role: {detail}"
    );

    // 4. A duration above the role's maximum (1 hour), from a ram_role_arn profile.
    let file = w.dir.path().join("credentials");
    std::fs::write(
        &file,
        format!(
            "[long]\ntype = ram_role_arn\naccess_key_id = {}\naccess_key_secret = {}\nrole_arn = {}\nrole_session_expiration = 7200\n",
            w.operator.access_key_id,
            w.operator.secret.expose(),
            w.role_arn
        ),
    )
    .unwrap();
    let from_file = SignInWith::Source {
        source: SourceRef::Profile {
            path: file.clone(),
            name: "long".into(),
        },
        label: "profile long".into(),
    };
    let (_, what, code, _) = failed(sign_in(config(&w, None), from_file).await);
    assert!(what.contains("session duration"), "{what}");
    assert_eq!(code.as_deref(), Some("InvalidParameter.DurationSeconds"));

    // 5. An expired token: a temporary key of an ended session, from the environment.
    w.sim.set_faults(Faults::parse("sts_lifetime=1").unwrap());
    let short = w.operator_as_role().await;
    let key = short.signing_credentials().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let env = ramwiz::creds::sources::EnvCredentials {
        access_key_id: key.access_key_id.clone(),
        secret: key.secret.clone(),
        security_token: key.security_token.clone(),
    };
    let (_, what, code, _) = failed(
        sign_in(
            config(&w, Some(env)),
            SignInWith::Source {
                source: SourceRef::Env,
                label: "env".into(),
            },
        )
        .await,
    );
    assert!(what.contains("expired"), "{what}");
    assert_eq!(code.as_deref(), Some("InvalidSecurityToken.Expired"));
    ramwiz::reliability::record(
        "role sessions",
        "role sign-ins that fail: may not assume, not trusted, no such role, duration over the maximum, expired token",
        5,
        "each answered with its own plain guidance and Alibaba's code",
    );
}

/// The error code a call answered with.
fn code_of<T: std::fmt::Debug>(r: Result<T, ramwiz::cloud::CloudError>) -> String {
    r.expect_err("the call should have been refused")
        .code()
        .unwrap_or("")
        .to_owned()
}

/// The simulated cloud refuses a role's attachments as RAM refuses a user's: twice the same,
/// past the limit of a type, a detach of what is not attached, and a delete of a role or a
/// policy still attached.
#[tokio::test]
async fn role_attachments_are_refused_as_users_are() {
    let w = world(Faults::default()).await;
    let c = &w.owner;
    let attach = |t: &str, n: &str| {
        AttachPolicyToRole(p(&[
            ("PolicyType", t),
            ("PolicyName", n),
            ("RoleName", "okd-admin"),
        ]))
    };
    let detach = |t: &str, n: &str| {
        DetachPolicyFromRole(p(&[
            ("PolicyType", t),
            ("PolicyName", n),
            ("RoleName", "okd-admin"),
        ]))
    };
    // The seeded role holds AdministratorAccess already.
    assert_eq!(
        code_of(c.call(&attach("System", "AdministratorAccess")).await),
        "EntityAlreadyExists.Role.Policy"
    );
    assert_eq!(
        code_of(c.call(&attach("Custom", "nope")).await),
        "EntityNotExist.Policy"
    );
    let doc = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}]}"#;
    for i in 0..11 {
        c.call(&CreatePolicy(p(&[
            ("PolicyName", &format!("p{i}")),
            ("PolicyDocument", doc),
        ])))
        .await
        .unwrap();
    }
    for i in 0..10 {
        c.call(&attach("Custom", &format!("p{i}"))).await.unwrap();
    }
    assert_eq!(
        code_of(c.call(&attach("Custom", "p10")).await),
        "LimitExceeded.Role.Policy"
    );
    let listed = c
        .call(&ListPoliciesForRole(p(&[("RoleName", "okd-admin")])))
        .await
        .unwrap();
    let rows = listed["Policies"]["Policy"].as_array().unwrap();
    assert_eq!(rows.len(), 11, "AdministratorAccess and p0..p9");
    assert!(
        rows.iter()
            .all(|r| r["AttachDate"].as_str().is_some_and(|d| d.ends_with('Z')))
    );
    assert_eq!(
        code_of(c.call(&DeletePolicy(p(&[("PolicyName", "p0")]))).await),
        "DeleteConflict.Policy.Role"
    );
    assert_eq!(
        code_of(c.call(&DeleteRole(p(&[("RoleName", "okd-admin")]))).await),
        "DeleteConflict.Role.Policy"
    );
    c.call(&detach("Custom", "p0")).await.unwrap();
    assert_eq!(
        code_of(c.call(&detach("Custom", "p0")).await),
        "EntityNotExist.Role.Policy"
    );
    c.call(&DeletePolicy(p(&[("PolicyName", "p0")])))
        .await
        .unwrap();
    c.call(&detach("System", "AdministratorAccess"))
        .await
        .unwrap();
    for i in 1..10 {
        c.call(&detach("Custom", &format!("p{i}"))).await.unwrap();
    }
    c.call(&DeleteRole(p(&[("RoleName", "okd-admin")])))
        .await
        .unwrap();
    assert_eq!(
        code_of(c.call(&DeleteRole(p(&[("RoleName", "okd-admin")]))).await),
        "EntityNotExist.Role"
    );
}

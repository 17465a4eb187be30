//! Signature V3 end to end against the simulated cloud: the client signs with
//! `ACS3-HMAC-SHA256` and every kind of call works on an account that refuses V1; raw requests
//! changed after signing (query, action header, signed body, method, signature) answer
//! `SignatureDoesNotMatch`; an unsigned `x-acs-*` or `content-type` header answers
//! `IncompleteSignature`; a replay answers `SignatureNonceUsed`; and an account that no longer
//! takes V1 refuses V1 with guidance that names `--signature v3`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sim_support;

use ramwiz::cloud::actions::{GetCallerIdentity, GetUser, ListUsers};
use ramwiz::cloud::sign::v3;
use ramwiz::cloud::{Client, Credentials, Endpoints, SignatureVersion};
use ramwiz::secret::Secret;
use ramwiz::sim::{Faults, SimConfig, SimHandle};
use sim_support::*;
use time::OffsetDateTime;

fn client_v3(sim: &SimHandle, id: &str, secret: Secret) -> Client {
    Client::new(
        Endpoints::single(&sim.endpoint())
            .unwrap()
            .with_signature(SignatureVersion::V3),
        Credentials::new(id, secret),
    )
    .unwrap()
    .with_retry(retry(4))
}

fn owner_v3(sim: &SimHandle) -> Client {
    client_v3(sim, &sim.owner_access_key_id(), sim.owner_secret())
}

/// A simulated account that refuses V1, so a client that fell back to V1 would fail.
async fn v3_only() -> SimHandle {
    SimHandle::start(SimConfig {
        faults: Faults::parse("v1=off").unwrap(),
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_v3_client_does_everything_a_v1_client_does() {
    let sim = v3_only().await;
    let c = owner_v3(&sim);
    let me = c.call(&GetCallerIdentity).await.unwrap();
    assert_eq!(me.account_id, sim.account_id());
    // Parameters that need encoding: spaces, quotes, '*', '~', non-ASCII, a long document.
    c.call(&user("okd-v3")).await.unwrap();
    let doc = format!(
        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":["ecs:Describe*","oss:Get~"],"Resource":"*","Condition":{{"StringLike":{{"acs:SourceVpc":["vpc-{}"]}}}}}}]}}"#,
        "ü x".repeat(400)
    );
    c.call(&policy("okd-v3-policy", &doc)).await.unwrap();
    c.call(&attach("Custom", "okd-v3-policy", "okd-v3"))
        .await
        .unwrap();
    let users = c.call(&ListUsers::default()).await.unwrap();
    assert!(users.users.user.iter().any(|u| u.user_name == "okd-v3"));
    // The installer's own key, used with V3 too.
    let (id, secret) = key_for(&c, "okd-v3").await;
    let installer = client_v3(&sim, &id, secret);
    let who = installer.call(&GetCallerIdentity).await.unwrap();
    assert!(who.arn.ends_with("user/okd-v3"), "{}", who.arn);
}

#[tokio::test]
async fn a_wrong_secret_under_v3_is_diagnosed_as_such() {
    let sim = v3_only().await;
    let c = client_v3(
        &sim,
        &sim.owner_access_key_id(),
        Secret::new("not-the-secret"),
    );
    let message = expect_wrong_secret(&c).await;
    assert!(message.contains("ACS3-HMAC-SHA256"), "{message}");
}

/// A V3 request signed by the owner, to be sent (or changed first) by hand.
struct RawV3 {
    query: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    method: &'static str,
}

fn raw_v3(sim: &SimHandle, action: &str, params: &[(&str, &str)]) -> RawV3 {
    let secret = sim.owner_secret();
    let id = sim.owner_access_key_id();
    let url = reqwest::Url::parse(&sim.endpoint()).unwrap();
    let host = ramwiz::cloud::endpoint::host_header(&url);
    let nonce = uuid::Uuid::new_v4().to_string();
    let input = ramwiz::cloud::sign::SigningInput {
        method: "POST",
        action,
        version: "2015-05-01",
        access_key_id: &id,
        secret: &secret,
        security_token: None,
        timestamp: OffsetDateTime::now_utc(),
        nonce: &nonce,
    };
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let signed = v3::sign_request(&input, &host, &[], &params);
    RawV3 {
        query: signed.query,
        headers: signed
            .headers
            .into_iter()
            .filter(|(k, _)| k != "host")
            .collect(),
        body: None,
        method: "POST",
    }
}

impl RawV3 {
    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(k, _)| k != name);
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    async fn send(&self, sim: &SimHandle) -> RawAnswer {
        send_with(
            sim,
            self.method,
            &self.query,
            &self.headers,
            self.body.as_deref(),
        )
        .await
    }
}

#[tokio::test]
async fn a_tampered_v3_request_is_refused_with_signature_does_not_match() {
    let sim = sim().await;
    c_user(&sim, "alice").await;
    let good = raw_v3(&sim, "GetUser", &[("UserName", "alice")]);
    let a = good.send(&sim).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert_eq!(a.body["User"]["UserName"], "alice");
    let again = good.send(&sim).await;
    assert_eq!(
        (again.status, again.code()),
        (400, "SignatureNonceUsed"),
        "a replay"
    );

    let mismatch = |a: &RawAnswer, what: &str| {
        assert_eq!(
            (a.status, a.code()),
            (400, "SignatureDoesNotMatch"),
            "{what}: {:?}",
            a.body
        );
        let msg = a.body["Message"].as_str().unwrap();
        assert!(
            msg.contains("server string to sign is:ACS3-HMAC-SHA256\n"),
            "{msg}"
        );
    };
    let mut query = raw_v3(&sim, "GetUser", &[("UserName", "alice")]);
    query.query = query.query.replace("alice", "alicf");
    mismatch(&query.send(&sim).await, "a changed query value");

    let action =
        raw_v3(&sim, "GetUser", &[("UserName", "alice")]).header("x-acs-action", "DeleteUser");
    mismatch(&action.send(&sim).await, "a changed action header");

    let mut body = raw_v3(&sim, "GetUser", &[("UserName", "alice")]);
    body.body = Some("UserName=mallory".to_owned());
    let a = body.send(&sim).await;
    // content-type arrives unsigned with the body: the form of the signature is wrong first.
    assert_eq!(
        (a.status, a.code()),
        (400, "IncompleteSignature"),
        "{:?}",
        a.body
    );

    let mut method = raw_v3(&sim, "GetUser", &[("UserName", "alice")]);
    method.method = "GET";
    mismatch(&method.send(&sim).await, "another method");

    let extra = raw_v3(&sim, "GetUser", &[("UserName", "alice")]).header("x-acs-extra", "1");
    let a = extra.send(&sim).await;
    assert_eq!((a.status, a.code()), (400, "IncompleteSignature"));

    let auth = raw_v3(&sim, "GetUser", &[("UserName", "alice")]);
    let sig = auth
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.clone())
        .unwrap();
    let flipped = {
        let last = sig.chars().last().unwrap();
        let other = if last == '0' { '1' } else { '0' };
        format!("{}{other}", &sig[..sig.len() - 1])
    };
    let auth = auth.header("authorization", &flipped);
    mismatch(&auth.send(&sim).await, "a changed signature");

    // None of the refused requests changed anything.
    let c = owner_v3(&sim);
    assert!(
        c.call(&GetUser {
            user_name: "alice".into()
        })
        .await
        .is_ok()
    );
}

#[tokio::test]
async fn a_body_signed_as_such_is_accepted_and_a_changed_one_is_not() {
    let sim = sim().await;
    // Sign by hand with the form body and its content-type, as a V3 client sending formData
    // would: the server hashes the body it received.
    let secret = sim.owner_secret();
    let id = sim.owner_access_key_id();
    let url = reqwest::Url::parse(&sim.endpoint()).unwrap();
    let host = ramwiz::cloud::endpoint::host_header(&url);
    let body = "UserName=from-body";
    let sign = |body: &str, nonce: &str| {
        let headers: Vec<(String, String)> = [
            ("host", host.as_str()),
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-acs-action", "CreateUser"),
            ("x-acs-version", "2015-05-01"),
            (
                "x-acs-date",
                &ramwiz::cloud::sign::format_timestamp(OffsetDateTime::now_utc()),
            ),
            ("x-acs-signature-nonce", nonce),
            ("x-acs-content-sha256", &v3::sha256_hex(body.as_bytes())),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let (canonical, names) = v3::canonical_headers(&headers);
        let request = v3::canonical_request(
            "POST",
            "/",
            "",
            &canonical,
            &names,
            &v3::sha256_hex(body.as_bytes()),
        );
        let sig = v3::signature(&secret, &v3::string_to_sign(&request));
        let mut headers: Vec<(String, String)> =
            headers.into_iter().filter(|(k, _)| k != "host").collect();
        headers.push((
            "authorization".to_owned(),
            v3::authorization(&id, &names, &sig),
        ));
        headers
    };
    let ok = RawV3 {
        query: String::new(),
        headers: sign(body, "b1"),
        body: Some(body.to_owned()),
        method: "POST",
    };
    let a = ok.send(&sim).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert_eq!(a.body["User"]["UserName"], "from-body");
    let changed = RawV3 {
        query: String::new(),
        headers: sign(body, "b2"),
        body: Some("UserName=mallory".to_owned()),
        method: "POST",
    };
    let a = changed.send(&sim).await;
    assert_eq!((a.status, a.code()), (400, "SignatureDoesNotMatch"));
}

#[tokio::test]
async fn an_account_that_takes_v3_only_refuses_v1_and_says_what_to_do() {
    let sim = v3_only().await;
    let err = owner(&sim).call(&GetCallerIdentity).await.unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.code, "IncompleteSignature");
    assert!(
        err.hint().todo.contains("--signature v3"),
        "{:?}",
        err.hint()
    );
    owner_v3(&sim).call(&GetCallerIdentity).await.unwrap();
}

async fn c_user(sim: &SimHandle, name: &str) {
    owner(sim).call(&user(name)).await.unwrap();
}

//! Shared helpers of the simulator tests: start a simulator, build clients against it, sign and
//! send raw requests, and assert error codes.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ramwiz::cloud::actions::{AttachPolicyToUser, CreateAccessKey, CreatePolicy, CreateUser};
use ramwiz::cloud::sign::{SigningInput, sign_request};
use ramwiz::cloud::{Client, CloudError, Credentials, Endpoints, RetryPolicy};
use ramwiz::secret::Secret;
use ramwiz::sim::{SimConfig, SimHandle};
use time::OffsetDateTime;

pub const DOC: &str =
    r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*"],"Resource":"*"}]}"#;

pub fn retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    }
}

pub async fn sim() -> SimHandle {
    SimHandle::start(SimConfig::default()).await.unwrap()
}

pub fn client(sim: &SimHandle, id: &str, secret: Secret) -> Client {
    Client::new(
        Endpoints::single(&sim.endpoint()).unwrap(),
        Credentials::new(id, secret),
    )
    .unwrap()
    .with_retry(retry(4))
}

pub fn owner(sim: &SimHandle) -> Client {
    client(sim, &sim.owner_access_key_id(), sim.owner_secret())
}

/// Asserts an API error with this code and HTTP status.
#[track_caller]
pub fn expect<T: std::fmt::Debug>(r: Result<T, CloudError>, code: &str, status: u16) {
    let e = r.expect_err(code);
    let api = e
        .api()
        .unwrap_or_else(|| panic!("{code}: not an API error: {e:?}"));
    assert_eq!((api.code.as_str(), api.status), (code, status), "{e:?}");
    assert!(api.request_id.as_deref().is_some_and(|r| r.len() == 36));
}

pub fn user(name: &str) -> CreateUser {
    CreateUser {
        user_name: name.into(),
        ..Default::default()
    }
}

pub fn policy(name: &str, doc: &str) -> CreatePolicy {
    CreatePolicy {
        policy_name: name.into(),
        policy_document: doc.into(),
        description: Some("test policy".into()),
    }
}

pub fn attach(ptype: &str, policy: &str, user: &str) -> AttachPolicyToUser {
    AttachPolicyToUser {
        policy_type: ptype.into(),
        policy_name: policy.into(),
        user_name: user.into(),
    }
}

pub async fn key_for(c: &Client, user: &str) -> (String, Secret) {
    let k = c
        .call(&CreateAccessKey {
            user_name: user.into(),
        })
        .await
        .unwrap()
        .access_key;
    (k.access_key_id, k.access_key_secret)
}

/// What to sign for a raw request.
pub struct RawCall<'a> {
    pub method: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub params: Vec<(String, String)>,
    pub timestamp: OffsetDateTime,
    pub nonce: String,
}

impl<'a> RawCall<'a> {
    pub fn ram(action: &'a str) -> Self {
        Self {
            method: "POST",
            action,
            version: "2015-05-01",
            params: Vec::new(),
            timestamp: OffsetDateTime::now_utc(),
            nonce: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// The signed query string, by the owner's key.
    pub fn signed(&self, sim: &SimHandle) -> String {
        let secret = sim.owner_secret();
        let key = sim.owner_access_key_id();
        let input = SigningInput {
            method: self.method,
            action: self.action,
            version: self.version,
            access_key_id: &key,
            secret: &secret,
            security_token: None,
            timestamp: self.timestamp,
            nonce: &self.nonce,
        };
        sign_request(&input, &self.params).query
    }
}

/// One raw answer.
#[derive(Debug)]
pub struct RawAnswer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: serde_json::Value,
}

impl RawAnswer {
    pub fn code(&self) -> &str {
        self.body["Code"].as_str().unwrap_or("")
    }
}

/// Sends `query` (and an optional form body) with `method`.
pub async fn send(sim: &SimHandle, method: &str, query: &str, form: Option<&str>) -> RawAnswer {
    send_with(sim, method, query, &[], form).await
}

/// The same with `headers` added (a V3 request's).
pub async fn send_with(
    sim: &SimHandle,
    method: &str,
    query: &str,
    headers: &[(String, String)],
    form: Option<&str>,
) -> RawAnswer {
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = format!("{}/?{query}", sim.endpoint());
    let mut req = http.request(method.parse().unwrap(), url);
    for (k, v) in headers {
        req = req.header(k, v);
    }
    if let Some(f) = form {
        // A content-type given (and signed) by the caller is sent once, as given: a second one
        // would be a second value, which V3 canonicalization joins to the first.
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header("content-type", "application/x-www-form-urlencoded");
        }
        req = req.body(f.to_owned());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    RawAnswer {
        status,
        headers,
        body,
    }
}

/// Asserts that `c`, signing with a secret that is not its key's, gets `SignatureDoesNotMatch`
/// diagnosed as a wrong secret; returns the server's message.
pub async fn expect_wrong_secret(c: &Client) -> String {
    use ramwiz::cloud::SignatureVerdict;
    match c.call(&ramwiz::cloud::actions::GetCallerIdentity).await {
        Err(CloudError::Signature { api, verdict }) => {
            assert_eq!(verdict, SignatureVerdict::WrongSecret);
            assert_eq!(
                (api.code.as_str(), api.status),
                ("SignatureDoesNotMatch", 400)
            );
            api.message
        }
        other => panic!("expected a signature error, got {other:?}"),
    }
}

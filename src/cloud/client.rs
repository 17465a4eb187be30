//! The transport: signs each call, sends it over HTTPS (reqwest + rustls), retries what is safe
//! to retry, and turns answers into typed responses or typed errors.
//!
//! Retries (reference §4): only retryable codes, 5xx and transport errors; a fresh nonce and
//! timestamp each attempt; bounded exponential backoff with jitter; `x-acs-retry-after` honoured.
//! A create call is retried only when the server provably did not act (throttling, or a
//! connection that never opened). Logs action, status, RequestId, attempt and duration, never
//! the query string, the signature or a secret.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::actions::{Action, Service};
use super::endpoint::{Endpoints, Url};
use super::error::{self, ApiError, CloudError, SignatureVerdict};
use super::model::{self, ErrorBody};
use crate::secret::Secret;
pub use answer::parse_http_date;
use answer::{Body, error_chain, read_body, request_id_of};
pub use retry::RetryPolicy;
use retry::jitter;
use signed::no_token;

mod answer;
mod retry;
mod signed;

/// The AccessKey a client signs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret: Secret,
    pub security_token: Option<Secret>,
}

impl Credentials {
    pub fn new(access_key_id: impl Into<String>, secret: Secret) -> Self {
        Self {
            access_key_id: access_key_id.into().trim().to_owned(),
            secret,
            security_token: None,
        }
    }
}

/// To open a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Between two reads of an answer (the first byte included).
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// For one whole answer.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);
/// One call with all its retries: no retry starts after this.
pub const CALL_BUDGET: Duration = Duration::from_secs(60);
/// Attempts that timed out before one more is not tried (a silent server fails in ~20 s).
const MAX_TIMEOUTS: u32 = 2;
/// The largest answer read (RAM answers are a few KiB; a page of 1,000 users is ~0.5 MiB).
pub const MAX_BODY: usize = 1024 * 1024;
/// Error fields longer than this are cut before they are logged or reported.
pub const MAX_ERROR_FIELD: usize = 512;

/// Cuts `s` to at most `MAX_ERROR_FIELD` bytes (on a character boundary), saying so.
pub fn cut(mut s: String) -> String {
    if s.len() > MAX_ERROR_FIELD {
        let mut end = MAX_ERROR_FIELD;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let total = s.len();
        s.truncate(end);
        s.push_str(&format!("… ({total} bytes, cut)"));
    }
    s
}

/// A signed RAM/STS client. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoints: Endpoints,
    creds: Arc<Credentials>,
    retry: RetryPolicy,
    /// Seconds to add to the local clock, learnt from a server's `Date` after a skew error.
    skew_secs: Arc<AtomicI64>,
    /// Seconds the servers' clock is ahead of ours, by the last answer's `Date` (0 when within
    /// its one-second resolution): when a role's key ends is counted on it.
    date_skew_secs: Arc<AtomicI64>,
    /// A dry run: only read-only actions are sent, and each is recorded here.
    read_only: Option<crate::plan::PlanLog>,
    /// Signed in through a role: calls sign with its temporary key (renewed as it ends), and
    /// `creds` is the source's key.
    role: Option<Arc<super::role::RoleSession>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoints", &self.endpoints)
            .field("access_key_id", &self.creds.access_key_id)
            .field("role", &self.role.is_some())
            .finish_non_exhaustive()
    }
}

const USER_AGENT: &str = concat!("ramwiz/", env!("CARGO_PKG_VERSION"));

impl Client {
    pub fn new(endpoints: Endpoints, creds: Credentials) -> Result<Self, CloudError> {
        Self::with_agent(endpoints, creds, USER_AGENT)
    }

    /// The same, announcing itself as `agent` (the simulated tools say who they are).
    pub fn with_agent(
        endpoints: Endpoints,
        creds: Credentials,
        agent: &str,
    ) -> Result<Self, CloudError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(agent)
            // The RPC APIs never redirect, and a redirect would carry V3's headers (the STS
            // token among them) to wherever it points, past the HTTPS rule of `endpoint`.
            .redirect(reqwest::redirect::Policy::none())
            // As patient as Alibaba's own SDKs (5 s to connect, 10 s to read), and never more
            // than 30 s for one answer; a call with its retries stays within CALL_BUDGET.
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .timeout(ANSWER_TIMEOUT);
        if endpoints.all_loopback() {
            // The simulated cloud is on this machine: never route it through a proxy.
            builder = builder.no_proxy();
            if endpoints.cleartext_http2 {
                builder = builder.http2_prior_knowledge();
            }
        }
        let http = builder
            .build()
            .map_err(|e| CloudError::Config(crate::strings::https_setup(e.to_string())))?;
        Ok(Self {
            http,
            endpoints,
            creds: Arc::new(creds),
            retry: RetryPolicy::default(),
            skew_secs: Arc::new(AtomicI64::new(0)),
            date_skew_secs: Arc::new(AtomicI64::new(0)),
            read_only: None,
            role: None,
        })
    }

    /// A client of the same endpoints and pool that signs as the role `spec` names, assumed
    /// now with this client's key (which may itself be a role session: a chain).
    pub async fn assume(&self, spec: super::role::RoleSpec) -> Result<Self, CloudError> {
        let session = super::role::RoleSession::start(self.clone(), spec).await?;
        Ok(Self {
            role: Some(Arc::new(session)),
            ..self.clone()
        })
    }

    /// The role session's state, when signed in through a role.
    pub async fn role_info(&self) -> Option<super::role::RoleInfo> {
        match &self.role {
            Some(r) => Some(r.info().await),
            None => None,
        }
    }

    /// This machine's clock, corrected by the server's when a skew was learnt.
    pub fn server_now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + time::Duration::seconds(self.skew_secs.load(Ordering::Relaxed))
    }

    /// The servers' time now, by the `Date` of their last answer (the signing clock,
    /// [`Self::server_now`], learns a skew only when a request is refused for it, so a clock a
    /// few minutes off goes unnoticed there).
    pub fn answered_now(&self) -> OffsetDateTime {
        match self.date_skew_secs.load(Ordering::Relaxed) {
            0 => self.server_now(),
            s => OffsetDateTime::now_utc() + time::Duration::seconds(s),
        }
    }

    /// A client for a dry run: an action that could change the account is refused before
    /// anything is sent; every read-only action is recorded in `log`.
    pub fn read_only(mut self, log: crate::plan::PlanLog) -> Self {
        self.read_only = Some(log);
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The same endpoints and HTTP pool, signing with other credentials (never a role's).
    pub fn with_credentials(&self, creds: Credentials) -> Self {
        Self {
            creds: Arc::new(creds),
            role: None,
            ..self.clone()
        }
    }

    /// The credentials this client signs with now (to hand a tool the same identity): a role
    /// session's temporary key, renewed first if it ends soon.
    pub async fn signing_credentials(&self) -> Result<Credentials, CloudError> {
        Ok((*self.key_now().await?).clone())
    }

    async fn key_now(&self) -> Result<Arc<Credentials>, CloudError> {
        match &self.role {
            Some(r) => r.key().await,
            None => Ok(self.creds.clone()),
        }
    }

    /// What names this client's key when it is temporary (an STS key, or a role session's,
    /// which the tools that need a long-term pair refuse): the role's ARN or the STS key's ID.
    /// `None` for a long-term pair. Asks nothing of the cloud (no renewal).
    pub fn temporary_key(&self) -> Option<&str> {
        match &self.role {
            Some(r) => Some(r.role_arn()),
            None => self
                .creds
                .security_token
                .is_some()
                .then_some(self.creds.access_key_id.as_str()),
        }
    }

    /// The long-term key behind this client: its own, or the one that assumed the role (at the
    /// start of a chain).
    pub fn access_key_id(&self) -> &str {
        match &self.role {
            Some(r) => r.source_key_id(),
            None => &self.creds.access_key_id,
        }
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    fn endpoint(&self, service: Service) -> &Url {
        match service {
            Service::Ram => &self.endpoints.ram,
            Service::Sts => &self.endpoints.sts,
        }
    }

    /// Sleeps the backoff and says to try again, when retrying is safe, attempts are left, and
    /// the call's budget allows one more.
    async fn wait_to_retry(&self, attempt: u32, safe: bool, since: Instant) -> bool {
        let wait = self.retry.backoff(attempt, jitter());
        let within = since.elapsed() + wait + ANSWER_TIMEOUT / 3 < CALL_BUDGET;
        if safe && attempt < self.retry.max_attempts && within {
            tokio::time::sleep(wait).await;
            true
        } else {
            false
        }
    }

    /// Runs one action to completion (with the retries that are safe for it).
    pub async fn call<A: Action>(&self, req: &A) -> Result<A::Response, CloudError> {
        if let Some(log) = &self.read_only {
            if !A::READ_ONLY {
                return Err(CloudError::Config(format!(
                    "{}: {}",
                    A::NAME,
                    crate::strings::DRY_RUN_REFUSED()
                )));
            }
            crate::plan::push(log, crate::plan::PlanStep::api(req, true, None));
        }
        let params = req.params();
        let endpoint = self.endpoint(A::SERVICE).clone();
        let mut attempt: u32 = 0;
        let mut timeouts: u32 = 0;
        let mut skew_corrected = false;
        let mut renewed = false;
        let since = Instant::now();
        loop {
            attempt += 1;
            let nonce = uuid::Uuid::new_v4().to_string();
            let now = self.server_now();
            let creds = self.key_now().await?;
            let (request, signed) =
                self.signed_request::<A>(&endpoint, &params, &creds, now, &nonce, attempt)?;
            let started = Instant::now();
            let sent = request.send().await;
            let resp = match sent {
                Ok(r) => r,
                Err(e) => {
                    // A connection that never opened cannot have reached the server.
                    let maybe_applied = !e.is_connect();
                    timeouts += u32::from(e.is_timeout());
                    let detail = error_chain(e);
                    tracing::warn!(action = A::NAME, attempt, maybe_applied, ms = started.elapsed().as_millis() as u64, error = %detail, "transport error");
                    let patient = timeouts < MAX_TIMEOUTS;
                    if patient
                        && self
                            .wait_to_retry(attempt, !A::CREATES || !maybe_applied, since)
                            .await
                    {
                        continue;
                    }
                    return Err(transport::<A>(&endpoint, detail, maybe_applied));
                }
            };
            let status = resp.status().as_u16();
            let retry_after = resp
                .headers()
                .get("x-acs-retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let server_date = resp
                .headers()
                .get(reqwest::header::DATE)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_http_date);
            if let Some(d) = server_date {
                // `Date` has whole seconds: an offset under 2 s is its rounding, not a skew.
                let off = (d - OffsetDateTime::now_utc()).whole_seconds();
                let off = if off.abs() < 2 { 0 } else { off };
                self.date_skew_secs.store(off, Ordering::Relaxed);
            }
            let body = match read_body(resp).await {
                Ok(b) => b,
                Err(Body::TooLarge(n)) => {
                    tracing::warn!(
                        action = A::NAME,
                        status,
                        attempt,
                        bytes = n,
                        "answer too large"
                    );
                    return Err(CloudError::Decode {
                        action: A::NAME,
                        status,
                        detail: crate::strings::answer_too_large(n, MAX_BODY),
                    });
                }
                Err(Body::Lost(e)) => {
                    timeouts += u32::from(e.is_timeout());
                    let detail = error_chain(e);
                    tracing::warn!(action = A::NAME, status, attempt, error = %detail, "response body lost");
                    if timeouts < MAX_TIMEOUTS
                        && self.wait_to_retry(attempt, !A::CREATES, since).await
                    {
                        continue;
                    }
                    return Err(transport::<A>(&endpoint, detail, true));
                }
            };
            let elapsed_ms = started.elapsed().as_millis() as u64;
            if (200..300).contains(&status) {
                let parsed = model::parse::<A::Response>(&body);
                let request_id = parsed
                    .as_ref()
                    .ok()
                    .map(|_| request_id_of(&body))
                    .unwrap_or_default();
                tracing::info!(action = A::NAME, status, request_id = %request_id, attempt, ms = elapsed_ms, "api call");
                if parsed.is_err() && !A::CREATES && self.wait_to_retry(attempt, true, since).await
                {
                    // An unreadable answer to a call that creates nothing: ask again.
                    tracing::warn!(action = A::NAME, attempt, "unreadable answer; asking again");
                    continue;
                }
                return parsed.map_err(|e| CloudError::Decode {
                    action: A::NAME,
                    status,
                    detail: e.0,
                });
            }
            let Ok(eb) = model::parse::<ErrorBody>(&body) else {
                // An error answer that cannot be read: a read asks again; a create's outcome
                // is unknown (the caller reconciles).
                tracing::warn!(action = A::NAME, status, attempt, "unreadable error answer");
                if !A::CREATES && self.wait_to_retry(attempt, true, since).await {
                    continue;
                }
                return Err(CloudError::Decode {
                    action: A::NAME,
                    status,
                    detail: crate::strings::UNREADABLE_ERROR().into(),
                });
            };
            let api = ApiError {
                action: A::NAME,
                status,
                // A hostile answer's fields never fill the log or the report.
                code: cut(eb.code.unwrap_or_default()),
                message: cut(eb.message.unwrap_or_default()),
                request_id: eb.request_id,
                recommend: eb.recommend.map(String::into_boxed_str),
                denied: eb
                    .access_denied_detail
                    .as_ref()
                    .and_then(crate::cloud::error::AccessDenied::from_json)
                    .map(Box::new),
            };
            tracing::info!(action = A::NAME, status, code = %api.code, request_id = %api.request_id.as_deref().unwrap_or(""), attempt, ms = elapsed_ms, "api call failed");

            if api.code == "SignatureDoesNotMatch" {
                let mut api = api;
                let verdict = match api.server_string_to_sign() {
                    Some(s) if s == signed.string_to_sign => SignatureVerdict::WrongSecret,
                    Some(s) => {
                        // Neither string holds the signature; a security token is cut out.
                        tracing::warn!(ours = %signed.diagnosis, server = %no_token(s), "string to sign differs");
                        SignatureVerdict::RequestAltered
                    }
                    None => SignatureVerdict::Unknown,
                };
                // The server's string to sign quotes a role session's SecurityToken: compared
                // above, it is cut out before the error goes anywhere.
                api.message = no_token(&api.message);
                return Err(CloudError::Signature { api, verdict });
            }
            if api.code == "InvalidTimeStamp.Expired"
                && !skew_corrected
                && let Some(server) = server_date
            {
                // The request was rejected outright, so re-signing is safe even for creates.
                let skew = (server - OffsetDateTime::now_utc()).whole_seconds();
                tracing::warn!(
                    skew_secs = skew,
                    "clock skew detected; re-signing once with the server's time"
                );
                self.skew_secs.store(skew, Ordering::Relaxed);
                skew_corrected = true;
                continue;
            }
            // The role session ended before its time by our clock: renewed once, the call is
            // signed again (it was refused outright, so this is safe even for a create).
            if api.code == "InvalidSecurityToken.Expired"
                && !renewed
                && let Some(role) = &self.role
            {
                role.renew(&creds).await?;
                renewed = true;
                continue;
            }
            let retryable = error::is_retryable_code(&api.code)
                || (api.code.is_empty() && error::is_retryable_status(status))
                || (api.code == "SignatureNonceUsed" && !A::CREATES);
            let safe = !A::CREATES || error::proves_not_applied(&api.code);
            if retryable
                && safe
                && attempt < self.retry.max_attempts
                && since.elapsed() < CALL_BUDGET
            {
                let wait = match retry_after {
                    // UNVERIFIED unit: read as seconds, bounded so a bad header cannot stall us.
                    Some(secs) => Duration::from_secs(secs).min(self.retry.max_delay),
                    None => self.retry.backoff(attempt, jitter()),
                };
                tokio::time::sleep(wait).await;
                continue;
            }
            return Err(CloudError::Api(api));
        }
    }
}

fn transport<A: Action>(endpoint: &Url, detail: String, maybe_applied: bool) -> CloudError {
    CloudError::Transport {
        action: A::NAME,
        endpoint: endpoint.to_string(),
        detail,
        maybe_applied,
    }
}

#[cfg(test)]
mod tests {
    use super::signed::without_token;
    use super::*;

    #[test]
    fn backoff_is_bounded_and_grows() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(300));
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(600));
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(150));
        assert_eq!(p.backoff(30, 1.0), Duration::from_secs(8));
        let j = jitter();
        assert!((0.0..1.0).contains(&j));
    }

    #[test]
    fn security_tokens_are_cut_out_of_strings_to_sign() {
        let ours = "POST&%2F&AccessKeyId%3Dx%26SecurityToken%3DTOKENVALUE%26Version%3D1";
        assert_eq!(
            without_token(ours),
            "POST&%2F&AccessKeyId%3Dx%26SecurityToken%3D<redacted>%26Version%3D1"
        );
        assert!(!without_token("a%26SecurityToken%253DTOK%2526b").contains("TOK"));
        assert_eq!(without_token("no token"), "no token");
    }

    #[test]
    fn http_dates_parse() {
        let d = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(d.unix_timestamp(), 784111777);
        assert!(parse_http_date("yesterday").is_none());
    }

    #[test]
    fn debug_of_credentials_hides_the_secret() {
        let c = Credentials::new(" fake-key-id ", Secret::new("verysecretvalue"));
        assert_eq!(c.access_key_id, "fake-key-id");
        assert!(!format!("{c:?}").contains("verysecret"));
    }
}

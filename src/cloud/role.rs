//! Signing in through a RAM role: STS AssumeRole with a source key, then every call signed with
//! the temporary key and its `SecurityToken`, renewed before it ends.
//!
//! A session is renewed when less than [`RENEW_BEFORE`] of it remains (or less than a third of
//! its lifetime, for sessions shorter than 15 minutes, as only a test makes), and at once when a
//! call answers `InvalidSecurityToken.Expired` (the clocks disagreed, or the role's session was
//! cut short). Concurrent calls renew once: the session is behind a lock.

use std::sync::Arc;
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use super::actions::AssumeRole;
use super::client::{Client, Credentials};
use super::error::CloudError;

/// Renew when less than this remains.
pub const RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);

/// What to assume, and how (from a profile, or typed on the sign-in screen).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleSpec {
    pub role_arn: String,
    pub session_name: String,
    /// Seconds; Alibaba's default (3600) when `None`.
    pub duration_secs: Option<u32>,
    /// A session policy: the session may do only what it and the role's policies both allow.
    pub policy: Option<String>,
    pub external_id: Option<String>,
}

impl RoleSpec {
    /// The spec with a session name of ramwiz's when none is given (`ramwiz-<unix time>`, as
    /// Alibaba's credential libraries name theirs).
    pub fn named_or_default(mut self) -> Self {
        if self.session_name.trim().is_empty() {
            self.session_name = format!("ramwiz-{}", OffsetDateTime::now_utc().unix_timestamp());
        }
        self
    }
}

/// One temporary key and what is known of it.
#[derive(Debug, Clone)]
pub struct Assumed {
    pub creds: Arc<Credentials>,
    /// When it ends, as the server said (its clock): `YYYY-MM-DDThh:mm:ssZ`.
    pub expiration_text: String,
    /// How long it was given for, as received.
    pub lifetime: Duration,
    /// When to renew it, on this machine's monotonic clock: `lifetime` less the margin after it
    /// was received, so a wrong local clock (or one changed meanwhile) moves nothing.
    pub renew_at: Instant,
    /// Times it was renewed after the first.
    pub renewals: u32,
}

/// What the identity card shows of a role session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    pub role_arn: String,
    pub session_name: String,
    /// `YYYY-MM-DDThh:mm:ssZ`: when the current key ends (renewed before then).
    pub expiration: String,
    pub renewals: u32,
    /// How long before `expiration` ramwiz renews it: [`RENEW_BEFORE`], or a third of a
    /// shorter session.
    pub renew_before: Duration,
}

impl RoleInfo {
    /// `expiration` as people read it, `YYYY-MM-DD hh:mm:ss` (UTC); as received when it has
    /// another form.
    pub fn ends_text(&self) -> String {
        match self.expiration.strip_suffix('Z') {
            Some(t) if t.len() == 19 && t.as_bytes().get(10) == Some(&b'T') => {
                t.replacen('T', " ", 1)
            }
            _ => self.expiration.clone(),
        }
    }
}

/// When a key given for `lifetime` is renewed: this long before it ends.
fn margin(lifetime: Duration) -> Duration {
    RENEW_BEFORE.min(lifetime / 3)
}

/// A role session: the source that signs AssumeRole, and the key it last gave.
#[derive(Debug)]
pub struct RoleSession {
    spec: RoleSpec,
    source: Client,
    current: tokio::sync::Mutex<Assumed>,
}

impl RoleSession {
    /// Assumes the role once, now: its errors are the sign-in's.
    pub async fn start(source: Client, spec: RoleSpec) -> Result<Self, CloudError> {
        let first = assume(&source, &spec, 0).await?;
        Ok(Self {
            spec,
            source,
            current: tokio::sync::Mutex::new(first),
        })
    }

    /// The key to sign with: the current one, renewed first when it ends soon.
    pub async fn key(&self) -> Result<Arc<Credentials>, CloudError> {
        let mut current = self.current.lock().await;
        if Instant::now() >= current.renew_at {
            tracing::info!(role = %self.spec.role_arn, renew_before_secs = margin(current.lifetime).as_secs(), "role session ends soon; renewing");
            *current = assume(&self.source, &self.spec, current.renewals + 1).await?;
        }
        Ok(current.creds.clone())
    }

    /// Renews now (a call answered `InvalidSecurityToken.Expired` with `used`), unless another
    /// call already did.
    pub async fn renew(&self, used: &Arc<Credentials>) -> Result<(), CloudError> {
        let mut current = self.current.lock().await;
        if Arc::ptr_eq(&current.creds, used) {
            tracing::info!(role = %self.spec.role_arn, "role session expired early; renewing");
            *current = assume(&self.source, &self.spec, current.renewals + 1).await?;
        }
        Ok(())
    }

    pub async fn info(&self) -> RoleInfo {
        let current = self.current.lock().await;
        RoleInfo {
            role_arn: self.spec.role_arn.clone(),
            session_name: self.spec.session_name.clone(),
            expiration: current.expiration_text.clone(),
            renewals: current.renewals,
            renew_before: margin(current.lifetime),
        }
    }

    pub fn role_arn(&self) -> &str {
        &self.spec.role_arn
    }

    /// The source key's ID (the long-term key that assumes the role, at the start of a chain).
    pub fn source_key_id(&self) -> &str {
        self.source.access_key_id()
    }
}

async fn assume(source: &Client, spec: &RoleSpec, renewals: u32) -> Result<Assumed, CloudError> {
    let req = AssumeRole {
        role_arn: spec.role_arn.clone(),
        role_session_name: spec.session_name.clone(),
        duration_seconds: spec.duration_secs,
        policy: spec.policy.clone(),
        external_id: spec.external_id.clone(),
    };
    // Boxed: a chain's source is itself a role client, whose calls come back here.
    let got = Box::pin(source.call(&req)).await?;
    let key = got.credentials;
    let expiration =
        crate::cloud::sign::parse_timestamp(&key.expiration).ok_or_else(|| CloudError::Decode {
            action: "AssumeRole",
            status: 200,
            detail: crate::strings::role_expiration_unreadable(
                crate::cloud::client::cut(key.expiration.clone()).as_str(),
            ),
        })?;
    // Counted on the servers' clock (their answer's `Date`), not on ours, which may be off.
    let now = source.answered_now();
    let lifetime = Duration::try_from(expiration - now).unwrap_or_default();
    let renew_at = Instant::now() + lifetime.saturating_sub(margin(lifetime));
    tracing::info!(role = %spec.role_arn, session = %spec.session_name, expiration = %key.expiration, renewals, "role assumed");
    Ok(Assumed {
        creds: Arc::new(Credentials {
            access_key_id: key.access_key_id,
            secret: key.access_key_secret,
            security_token: Some(key.security_token),
        }),
        expiration_text: key.expiration,
        lifetime,
        renew_at,
        renewals,
    })
}

//! Authentication and authorization in the simulated cloud: verifies the RPC V1 signature the way
//! the real gateway does (reusing `cloud::sign`), remembers nonces, and decides whether a RAM
//! user's attached policies allow a `ram:<Action>`.
//!
//! Order of checks (each a distinct error): required parameters, signature method/version,
//! AccessKey lookup, key status, timestamp format, timestamp window (±15 min), signature, nonce.
//! The nonce is checked only once the signature is proven, so a forged request cannot burn one.

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use super::error::ApiErr;
use super::handlers::Params;
use super::policy_doc::{self, Decision};
use super::state::State;
use crate::cloud::sign::{parse_timestamp, signature, string_to_sign};
use crate::creds::Secret;

/// How far a request's `Timestamp` may be from the server's clock, and how long nonces are kept.
pub const WINDOW: Duration = Duration::minutes(15);

/// Who signed a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Owner,
    User { user_name: String, user_id: String },
}

/// Nonces seen recently, per AccessKey id.
#[derive(Debug, Default)]
pub struct NonceBook {
    seen: HashMap<String, HashMap<String, OffsetDateTime>>,
}

impl NonceBook {
    /// Records `nonce` for `key`; false when it was already used within the window.
    pub fn record(&mut self, key: &str, nonce: &str, now: OffsetDateTime) -> bool {
        let book = self.seen.entry(key.to_owned()).or_default();
        book.retain(|_, at| now - *at <= WINDOW);
        if book.contains_key(nonce) {
            return false;
        }
        book.insert(nonce.to_owned(), now);
        true
    }
}

const REQUIRED: [&str; 5] = [
    "Signature",
    "AccessKeyId",
    "SignatureNonce",
    "Timestamp",
    "SignatureMethod",
];

/// Verifies a request's signature and returns its caller.
pub fn authenticate(
    st: &State,
    nonces: &mut NonceBook,
    method: &str,
    params: &Params,
    now: OffsetDateTime,
) -> Result<Caller, ApiErr> {
    for name in REQUIRED {
        if params.get(name).is_none_or(str::is_empty) {
            return Err(ApiErr::missing(name));
        }
    }
    let incomplete = || {
        ApiErr::bad(
            "IncompleteSignature",
            "The request signature does not conform to Aliyun standards.",
        )
    };
    if params.get("SignatureMethod") != Some("HMAC-SHA1") {
        return Err(incomplete());
    }
    if params.get("SignatureVersion").is_some_and(|v| v != "1.0") {
        return Err(incomplete());
    }
    let key_id = params.get("AccessKeyId").unwrap_or_default();
    let (caller, secret) = if key_id == st.owner.access_key_id {
        (Caller::Owner, st.owner.access_key_secret.as_str())
    } else if let Some((user, key)) = st.find_key(key_id) {
        if !key.is_active() {
            return Err(ApiErr::bad(
                "InvalidAccessKeyId.Inactive",
                "Specified access key is disabled.",
            ));
        }
        let caller = Caller::User {
            user_name: user.user_name.clone(),
            user_id: user.user_id.clone(),
        };
        (caller, key.access_key_secret.as_str())
    } else {
        return Err(ApiErr::not_found(
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ));
    };
    let ts = params.get("Timestamp").unwrap_or_default();
    let Some(at) = parse_timestamp(ts) else {
        return Err(ApiErr::bad(
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        ));
    };
    if (now - at).abs() > WINDOW {
        return Err(ApiErr::bad(
            "InvalidTimeStamp.Expired",
            format!(
                "Specified time stamp or date value is expired. Server time is {}.",
                crate::cloud::sign::format_timestamp(now)
            ),
        ));
    }
    let signed: Vec<(String, String)> = params
        .pairs()
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    let server_sts = string_to_sign(method, &signed);
    let expected = signature(&Secret::new(secret), &server_sts);
    if params.get("Signature") != Some(expected.as_str()) {
        return Err(ApiErr::bad(
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{server_sts}"
            ),
        ));
    }
    let nonce = params.get("SignatureNonce").unwrap_or_default();
    if !nonces.record(key_id, nonce, now) {
        return Err(ApiErr::bad(
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        ));
    }
    Ok(caller)
}

/// The owner may do everything; a RAM user needs an Allow (and no Deny) for `ram:<action>` in the
/// default versions of its attached policies.
pub fn authorize(st: &State, caller: &Caller, action: &str) -> Result<(), ApiErr> {
    let Caller::User { user_name, .. } = caller else {
        return Ok(());
    };
    let docs: Vec<&str> = st
        .attachments_of(user_name)
        .filter_map(|a| {
            if a.policy_type == "System" {
                policy_doc::system_policy(&a.policy_name).map(|p| p.document)
            } else {
                st.policy(&a.policy_name).map(|p| p.default_document())
            }
        })
        .collect();
    match policy_doc::evaluate(docs, &format!("ram:{action}")) {
        Decision::Allow => Ok(()),
        Decision::ExplicitDeny | Decision::ImplicitDeny => Err(ApiErr::no_permission()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::cloud::sign::{SigningInput, sign_request};
    use crate::sim::state::Rng;

    fn signed(st: &State, nonce: &str, at: OffsetDateTime, secret: &str) -> Params {
        let secret = Secret::new(secret);
        let input = SigningInput {
            method: "POST",
            action: "ListUsers",
            version: "2015-05-01",
            access_key_id: &st.owner.access_key_id,
            secret: &secret,
            security_token: None,
            timestamp: at,
            nonce,
        };
        Params::from_query(&sign_request(&input, &[]).query)
    }

    #[test]
    fn checks_run_in_order() {
        let st = State::new(&mut Rng::new(1));
        let mut book = NonceBook::default();
        let now = OffsetDateTime::now_utc();
        let good = signed(&st, "n1", now, &st.owner.access_key_secret);
        assert_eq!(
            authenticate(&st, &mut book, "POST", &good, now),
            Ok(Caller::Owner)
        );
        let code = |r: Result<Caller, ApiErr>| r.unwrap_err().code;
        assert_eq!(
            code(authenticate(&st, &mut book, "POST", &good, now)),
            "SignatureNonceUsed"
        );
        let e = authenticate(&st, &mut book, "GET", &good, now).unwrap_err();
        assert_eq!(e.code, "SignatureDoesNotMatch");
        assert!(e.message.contains("server string to sign is:GET&%2F&"));
        let old = signed(
            &st,
            "n2",
            now - Duration::minutes(16),
            &st.owner.access_key_secret,
        );
        assert_eq!(
            code(authenticate(&st, &mut book, "POST", &old, now)),
            "InvalidTimeStamp.Expired"
        );
        let bad = signed(&st, "n3", now, "wrong");
        assert_eq!(
            code(authenticate(&st, &mut book, "POST", &bad, now)),
            "SignatureDoesNotMatch"
        );
        // the forged request did not burn the nonce
        let fine = signed(&st, "n3", now, &st.owner.access_key_secret);
        assert!(authenticate(&st, &mut book, "POST", &fine, now).is_ok());
        let missing = Params::from_query("AccessKeyId=x");
        assert_eq!(
            code(authenticate(&st, &mut book, "POST", &missing, now)),
            "MissingParameter"
        );
    }
}

//! Authentication and authorization in the simulated cloud: verifies the signature the way the
//! real gateway does (reusing `cloud::sign`), either scheme, remembers nonces, and decides
//! whether a RAM user's attached policies allow a `ram:<Action>`.
//!
//! V1 checks, in order, each a distinct error: required parameters, signature method/version,
//! AccessKey lookup, key status, timestamp format, timestamp window (±15 min), signature, nonce.
//! V3 (an `ACS3-HMAC-SHA256` `Authorization` header) checks: the header's form and algorithm
//! (`IncompleteSignature` when it cannot be read or names another algorithm), the required
//! `x-acs-*` headers (`MissingParameter`), that those and `host` are signed, that every `host`,
//! `content-type` and `x-acs-*` header sent is signed and every signed one (any header may be)
//! was sent (`IncompleteSignature`), then AccessKey,
//! date, signature and nonce as V1 does, with V1's codes. The server rebuilds the canonical
//! request from what it received, hashing the body itself, so a changed query, signed header or
//! body answers `SignatureDoesNotMatch`.
//! The nonce is checked only once the signature is proven, so a forged request cannot burn one.

use std::collections::HashMap;

use time::{Duration, OffsetDateTime};

use super::error::ApiErr;
use super::handlers::Params;
use super::policy_doc::{self, Decision};
use super::state::State;
use crate::cloud::sign::{canonical_query, parse_timestamp, signature, string_to_sign, v3};
use crate::secret::Secret;

/// How far a request's `Timestamp` may be from the server's clock, and how long nonces are kept.
pub const WINDOW: Duration = Duration::minutes(15);

/// Who signed a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Owner,
    User {
        user_name: String,
        user_id: String,
    },
    /// A temporary key of STS AssumeRole: the role's policies (and the session policy) apply.
    Role {
        role_name: String,
        role_id: String,
        session_name: String,
        session_policy: Option<String>,
    },
}

impl Caller {
    /// The caller's ARN as a trust policy names it: the account's root, a user, or a role.
    pub fn principal_arn(&self, account: &str) -> String {
        match self {
            Caller::Owner => format!("acs:ram::{account}:root"),
            Caller::User { user_name, .. } => format!("acs:ram::{account}:user/{user_name}"),
            Caller::Role { role_name, .. } => {
                format!("acs:ram::{account}:role/{}", role_name.to_ascii_lowercase())
            }
        }
    }
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

/// How a request was signed, with what V3 verification needs beyond the parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    /// Common parameters and `Signature` in the query or form (read from the parameters).
    V1,
    V3(V3Request),
}

/// The parts of a request V3 signs, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V3Request {
    pub authorization: String,
    /// Every header received (name, value), names as they came.
    pub headers: Vec<(String, String)>,
    /// The query's parameters, decoded (the form body is covered by its hash instead).
    pub query: Vec<(String, String)>,
    pub path: String,
    /// The hex SHA-256 of the body as received.
    pub body_sha256: String,
}

impl V3Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

const REQUIRED: [&str; 5] = [
    "Signature",
    "AccessKeyId",
    "SignatureNonce",
    "Timestamp",
    "SignatureMethod",
];

const REQUIRED_V3: [&str; 5] = [
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
];

fn incomplete() -> ApiErr {
    ApiErr::bad(
        "IncompleteSignature",
        "The request signature does not conform to Aliyun standards.",
    )
}

/// Verifies a request's signature and returns its caller. `accept_v1` is false when the
/// account is simulated to accept V3 only.
pub fn authenticate(
    st: &State,
    nonces: &mut NonceBook,
    method: &str,
    params: &Params,
    signing: &Signing,
    accept_v1: bool,
    now: OffsetDateTime,
) -> Result<Caller, ApiErr> {
    match signing {
        Signing::V1 if !accept_v1 => Err(ApiErr::bad(
            "IncompleteSignature",
            "The request signature does not conform to Aliyun standards. Signature version 1.0 is not accepted for this account; sign with ACS3-HMAC-SHA256. (simulated)",
        )),
        Signing::V1 => authenticate_v1(st, nonces, method, params, now),
        Signing::V3(req) => authenticate_v3(st, nonces, method, req, now),
    }
}

fn authenticate_v1(
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
    if params.get("SignatureMethod") != Some("HMAC-SHA1") {
        return Err(incomplete());
    }
    if params.get("SignatureVersion").is_some_and(|v| v != "1.0") {
        return Err(incomplete());
    }
    let key_id = params.get("AccessKeyId").unwrap_or_default();
    let (caller, secret) = lookup(st, key_id, params.get("SecurityToken"), now)?;
    check_time(params.get("Timestamp").unwrap_or_default(), now)?;
    let signed: Vec<(String, String)> = params
        .pairs()
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    let server_sts = string_to_sign(method, &signed);
    let expected = signature(&Secret::new(secret), &server_sts);
    if params.get("Signature") != Some(expected.as_str()) {
        return Err(mismatch(&server_sts));
    }
    record_nonce(nonces, key_id, params.get("SignatureNonce"), now)?;
    Ok(caller)
}

fn authenticate_v3(
    st: &State,
    nonces: &mut NonceBook,
    method: &str,
    req: &V3Request,
    now: OffsetDateTime,
) -> Result<Caller, ApiErr> {
    let auth = v3::parse_authorization(&req.authorization).ok_or_else(incomplete)?;
    if auth.algorithm != v3::ALGORITHM {
        return Err(incomplete());
    }
    for name in REQUIRED_V3 {
        if req.header(name).is_none_or(|v| v.trim().is_empty()) {
            return Err(ApiErr::missing(name));
        }
    }
    let listed: Vec<String> = auth
        .signed_headers
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    // The gateway's rules as ramwiz models them. From the official signers' code: any header
    // may be signed (the Python SDK signs `accept` and `user-agent` too), and what is listed is
    // covered by the signature. Inferred (no official statement found): the common headers must
    // be signed, and so must every `host`, `content-type` and `x-acs-*` header sent, as every
    // official signer does; a listed header that was not sent cannot be verified.
    let required_unsigned = REQUIRED_V3
        .iter()
        .chain(&["host"])
        .any(|h| !listed.iter().any(|l| l == h));
    let unsigned = req
        .headers
        .iter()
        .any(|(k, _)| v3::is_signed_header(k) && !listed.contains(&k.to_ascii_lowercase()));
    if required_unsigned || unsigned {
        return Err(incomplete());
    }
    let canonical = v3::listed_canonical_headers(&req.headers, &listed).ok_or_else(incomplete)?;
    let (caller, secret) = lookup(
        st,
        &auth.credential,
        req.header("x-acs-security-token").map(str::trim),
        now,
    )?;
    check_time(req.header("x-acs-date").unwrap_or_default().trim(), now)?;
    let request = v3::canonical_request(
        method,
        &req.path,
        &canonical_query(&req.query),
        &canonical,
        &listed.join(";"),
        &req.body_sha256,
    );
    let server_sts = v3::string_to_sign(&request);
    let expected = v3::signature(&Secret::new(secret), &server_sts);
    // The claimed body hash must be the body's: the canonical request holds both, but a client
    // that hashed one body and sent another must not get through either.
    let claimed = req
        .header("x-acs-content-sha256")
        .unwrap_or_default()
        .trim();
    if auth.signature != expected || claimed != req.body_sha256 {
        // The simulation answers as V1 does; the real gateway's V3 wording is unverified.
        return Err(mismatch(&server_sts));
    }
    record_nonce(
        nonces,
        &auth.credential,
        req.header("x-acs-signature-nonce").map(str::trim),
        now,
    )?;
    Ok(caller)
}

/// The AccessKey ID a request names as its signer (V1's `AccessKeyId`, V3's `Credential`).
pub fn key_id(params: &Params, signing: &Signing) -> Option<String> {
    match signing {
        Signing::V1 => params.opt("AccessKeyId").map(str::to_owned),
        Signing::V3(req) => v3::parse_authorization(&req.authorization).map(|a| a.credential),
    }
}

/// The caller and secret of an AccessKey ID, or the gateway's error for it. An STS key must
/// come with its own `SecurityToken` and be within its expiration.
fn lookup<'s>(
    st: &'s State,
    key_id: &str,
    token: Option<&str>,
    now: OffsetDateTime,
) -> Result<(Caller, &'s str), ApiErr> {
    if key_id == st.owner.access_key_id {
        return Ok((Caller::Owner, st.owner.access_key_secret.as_str()));
    }
    if let Some(session) = st.session(key_id) {
        // The codes are Alibaba's STS codes as its docs list them; which one the gateway gives
        // for a missing token (rather than a wrong one) is UNVERIFIED.
        if token != Some(session.security_token.as_str()) {
            return Err(ApiErr::bad(
                "InvalidSecurityToken.MismatchWithAccessKey",
                "The SecurityToken does not match the AccessKeyId.",
            ));
        }
        let ended =
            crate::cloud::sign::parse_timestamp(&session.expiration).is_none_or(|end| now >= end);
        if ended {
            return Err(ApiErr::bad(
                "InvalidSecurityToken.Expired",
                "Specified SecurityToken is expired.",
            ));
        }
        let role_id = st
            .role(&session.role_name)
            .map(|r| r.role_id.clone())
            .unwrap_or_default();
        let caller = Caller::Role {
            role_name: session.role_name.clone(),
            role_id,
            session_name: session.session_name.clone(),
            session_policy: session.policy.clone(),
        };
        return Ok((caller, session.access_key_secret.as_str()));
    }
    let Some((user, key)) = st.find_key(key_id) else {
        return Err(ApiErr::not_found(
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ));
    };
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
    Ok((caller, key.access_key_secret.as_str()))
}

/// A `Timestamp` / `x-acs-date` that parses and is within the window of the server's clock.
fn check_time(ts: &str, now: OffsetDateTime) -> Result<(), ApiErr> {
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
    Ok(())
}

fn mismatch(server_sts: &str) -> ApiErr {
    ApiErr::bad(
        "SignatureDoesNotMatch",
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{server_sts}"
        ),
    )
}

fn record_nonce(
    nonces: &mut NonceBook,
    key_id: &str,
    nonce: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), ApiErr> {
    if nonces.record(key_id, nonce.unwrap_or_default(), now) {
        Ok(())
    } else {
        Err(ApiErr::bad(
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        ))
    }
}

/// The owner may do everything; a RAM user needs an Allow (and no Deny) for `ram:<action>` in the
/// default versions of its attached policies; a role session, in its role's, and in its
/// session policy too when it has one.
pub fn authorize(st: &State, caller: &Caller, action: &str) -> Result<(), ApiErr> {
    allowed(st, caller, &format!("ram:{action}"), None)
}

/// The default documents of the policies in `attached` (type, name).
fn documents<'s>(
    st: &'s State,
    attached: impl Iterator<Item = (&'s str, &'s str)>,
) -> Vec<&'s str> {
    attached
        .filter_map(|(ptype, name)| {
            if ptype == "System" {
                policy_doc::system_policy(name).map(|p| p.document)
            } else {
                st.policy(name).map(|p| p.default_document())
            }
        })
        .collect()
}

/// Whether `caller` may do `wanted` (`ram:CreateUser`, `sts:AssumeRole`) on `resource` (every
/// resource when `None`); the refusal as Alibaba words it otherwise.
pub fn allowed(
    st: &State,
    caller: &Caller,
    wanted: &str,
    resource: Option<&str>,
) -> Result<(), ApiErr> {
    let (decision, who, id, principal_type) = match caller {
        Caller::Owner => return Ok(()),
        Caller::User { user_name, user_id } => {
            let docs = documents(
                st,
                st.attachments_of(user_name)
                    .map(|a| (a.policy_type.as_str(), a.policy_name.as_str())),
            );
            let d = policy_doc::evaluate_on(docs, wanted, resource);
            (d, user_name.clone(), user_id.clone(), "SubUser")
        }
        Caller::Role {
            role_name,
            role_id,
            session_name,
            session_policy,
        } => {
            let docs = documents(
                st,
                st.role_attachments_of(role_name)
                    .map(|a| (a.policy_type.as_str(), a.policy_name.as_str())),
            );
            let by_role = policy_doc::evaluate_on(docs, wanted, resource);
            let d = match session_policy {
                // What both allow; a Deny in either wins.
                Some(p) => match (
                    by_role,
                    policy_doc::evaluate_on([p.as_str()], wanted, resource),
                ) {
                    (Decision::ExplicitDeny, _) | (_, Decision::ExplicitDeny) => {
                        Decision::ExplicitDeny
                    }
                    (Decision::Allow, Decision::Allow) => Decision::Allow,
                    _ => Decision::ImplicitDeny,
                },
                None => by_role,
            };
            (
                d,
                format!("{role_name}/{session_name}"),
                format!("{role_id}:{session_name}"),
                "AssumedRoleUser",
            )
        }
    };
    let kind = match decision {
        Decision::Allow => return Ok(()),
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    };
    Err(ApiErr::no_permission(crate::sim::error::Denied {
        action: wanted.to_owned(),
        kind,
        principal_type,
        user_name: who,
        user_id: id,
        account_id: st.account_id.clone(),
    }))
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
            authenticate(&st, &mut book, "POST", &good, &Signing::V1, true, now),
            Ok(Caller::Owner)
        );
        let code = |r: Result<Caller, ApiErr>| r.unwrap_err().code;
        assert_eq!(
            code(authenticate(
                &st,
                &mut book,
                "POST",
                &good,
                &Signing::V1,
                true,
                now
            )),
            "SignatureNonceUsed"
        );
        let e = authenticate(&st, &mut book, "GET", &good, &Signing::V1, true, now).unwrap_err();
        assert_eq!(e.code, "SignatureDoesNotMatch");
        assert!(e.message.contains("server string to sign is:GET&%2F&"));
        let old = signed(
            &st,
            "n2",
            now - Duration::minutes(16),
            &st.owner.access_key_secret,
        );
        assert_eq!(
            code(authenticate(
                &st,
                &mut book,
                "POST",
                &old,
                &Signing::V1,
                true,
                now
            )),
            "InvalidTimeStamp.Expired"
        );
        let bad = signed(&st, "n3", now, "wrong");
        assert_eq!(
            code(authenticate(
                &st,
                &mut book,
                "POST",
                &bad,
                &Signing::V1,
                true,
                now
            )),
            "SignatureDoesNotMatch"
        );
        // the forged request did not burn the nonce
        let fine = signed(&st, "n3", now, &st.owner.access_key_secret);
        assert!(authenticate(&st, &mut book, "POST", &fine, &Signing::V1, true, now).is_ok());
        let missing = Params::from_query("AccessKeyId=x");
        assert_eq!(
            code(authenticate(
                &st,
                &mut book,
                "POST",
                &missing,
                &Signing::V1,
                true,
                now
            )),
            "MissingParameter"
        );
    }

    /// A V3 request as the server receives it: signed for `secret`, one query parameter.
    fn signed_v3(st: &State, nonce: &str, at: OffsetDateTime, secret: &str) -> V3Request {
        let secret = Secret::new(secret);
        let input = SigningInput {
            method: "POST",
            action: "GetUser",
            version: "2015-05-01",
            access_key_id: &st.owner.access_key_id,
            secret: &secret,
            security_token: None,
            timestamp: at,
            nonce,
        };
        let params = vec![("UserName".to_owned(), "okd installer".to_owned())];
        let signed = v3::sign_request(&input, "127.0.0.1:8080", &[], &params);
        let mut headers = signed.headers;
        headers.push(("user-agent".to_owned(), "not signed".to_owned()));
        V3Request {
            authorization: headers
                .iter()
                .find(|(k, _)| k == "authorization")
                .map(|(_, v)| v.clone())
                .unwrap(),
            headers,
            query: Params::from_query(&signed.query).pairs().to_vec(),
            path: "/".to_owned(),
            body_sha256: v3::EMPTY_BODY_SHA256.to_owned(),
        }
    }

    #[test]
    fn v3_checks_run_in_order_with_the_v1_codes() {
        let st = State::new(&mut Rng::new(1));
        let mut book = NonceBook::default();
        let now = OffsetDateTime::now_utc();
        let secret = st.owner.access_key_secret.clone();
        let none = Params::default();
        let mut run = |req: &V3Request, method: &str, accept_v1: bool| {
            let signing = Signing::V3(req.clone());
            authenticate(&st, &mut book, method, &none, &signing, accept_v1, now)
        };
        let code = |r: Result<Caller, ApiErr>| r.unwrap_err().code;

        let good = signed_v3(&st, "n1", now, &secret);
        assert_eq!(
            run(&good, "POST", false),
            Ok(Caller::Owner),
            "V1 off, V3 fine"
        );
        assert_eq!(code(run(&good, "POST", true)), "SignatureNonceUsed");

        let fresh = || signed_v3(&st, "n2", now, &secret);
        let mut tampered = fresh();
        tampered.query[0].1.push('x');
        let e = run(&tampered, "POST", true).unwrap_err();
        assert_eq!(e.code, "SignatureDoesNotMatch");
        assert!(
            e.message
                .contains("server string to sign is:ACS3-HMAC-SHA256\n")
        );
        assert_eq!(code(run(&fresh(), "GET", true)), "SignatureDoesNotMatch");
        let mut action = fresh();
        for h in &mut action.headers {
            if h.0 == "x-acs-action" {
                h.1 = "DeleteUser".to_owned();
            }
        }
        assert_eq!(code(run(&action, "POST", true)), "SignatureDoesNotMatch");
        let mut body = fresh();
        body.body_sha256 = v3::sha256_hex(b"UserName=other");
        assert_eq!(code(run(&body, "POST", true)), "SignatureDoesNotMatch");
        assert_eq!(
            code(run(&signed_v3(&st, "n2", now, "wrong"), "POST", true)),
            "SignatureDoesNotMatch"
        );
        let old = signed_v3(&st, "n2", now - Duration::minutes(16), &secret);
        assert_eq!(code(run(&old, "POST", true)), "InvalidTimeStamp.Expired");

        let mut unsigned = fresh();
        unsigned
            .headers
            .push(("x-acs-extra".to_owned(), "1".to_owned()));
        assert_eq!(code(run(&unsigned, "POST", true)), "IncompleteSignature");
        let mut algorithm = fresh();
        algorithm.authorization = algorithm
            .authorization
            .replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3");
        assert_eq!(code(run(&algorithm, "POST", true)), "IncompleteSignature");
        let mut garbled = fresh();
        garbled.authorization = "ACS3-HMAC-SHA256 Credential".to_owned();
        assert_eq!(code(run(&garbled, "POST", true)), "IncompleteSignature");
        let mut no_date = fresh();
        no_date.headers.retain(|(k, _)| k != "x-acs-date");
        assert_eq!(code(run(&no_date, "POST", true)), "MissingParameter");

        // None of the refused requests burnt the nonce.
        assert_eq!(run(&fresh(), "POST", true), Ok(Caller::Owner));
    }

    /// Signs `req` again as a client whose canonical request ends with `payload_hash`.
    fn resign(st: &State, req: &mut V3Request, payload_hash: &str) {
        let (canonical, names) = v3::canonical_headers(&req.headers);
        let request = v3::canonical_request(
            "POST",
            "/",
            &canonical_query(&req.query),
            &canonical,
            &names,
            payload_hash,
        );
        let secret = Secret::new(st.owner.access_key_secret.clone());
        let sig = v3::signature(&secret, &v3::string_to_sign(&request));
        req.authorization = v3::authorization(&st.owner.access_key_id, &names, &sig);
    }

    /// Signs `req` again over the headers named in `names`, as the Python SDK signs every header
    /// it sets.
    fn resign_listed(st: &State, req: &mut V3Request, names: &[&str]) {
        let listed: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let canonical = v3::listed_canonical_headers(&req.headers, &listed).unwrap_or_default();
        let request = v3::canonical_request(
            "POST",
            "/",
            &canonical_query(&req.query),
            &canonical,
            &listed.join(";"),
            &req.body_sha256,
        );
        let secret = Secret::new(st.owner.access_key_secret.clone());
        let sig = v3::signature(&secret, &v3::string_to_sign(&request));
        req.authorization = v3::authorization(&st.owner.access_key_id, &listed.join(";"), &sig);
    }

    const COMMON: [&str; 6] = [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ];

    #[test]
    fn any_header_may_be_signed_and_what_is_signed_is_covered() {
        let st = State::new(&mut Rng::new(1));
        let mut book = NonceBook::default();
        let now = OffsetDateTime::now_utc();
        let none = Params::default();
        let mut run = |req: &V3Request| {
            let signing = Signing::V3(req.clone());
            authenticate(&st, &mut book, "POST", &none, &signing, true, now).map_err(|e| e.code)
        };
        let with = |nonce: &str, names: &[&str]| {
            let mut req = signed_v3(&st, nonce, now, &st.owner.access_key_secret);
            req.headers
                .push(("accept".to_owned(), "application/json".to_owned()));
            req.headers
                .push(("accept".to_owned(), "text/xml".to_owned()));
            resign_listed(&st, &mut req, names);
            req
        };
        let python: Vec<&str> = {
            let mut v = vec!["accept", "user-agent"];
            v.extend(COMMON);
            v.sort_unstable();
            v
        };
        // As the Python SDK signs: `accept` (twice, values sorted and joined) and `user-agent`.
        assert_eq!(run(&with("a1", &python)), Ok(Caller::Owner));
        // A signed header altered on the way fails the signature.
        let mut altered = with("a2", &python);
        for h in &mut altered.headers {
            if h.0 == "user-agent" {
                h.1 = "another agent".to_owned();
            }
        }
        assert_eq!(run(&altered), Err("SignatureDoesNotMatch".to_owned()));
        // Unsigned headers that are neither `host`, `content-type` nor `x-acs-*` are not checked.
        assert_eq!(run(&with("a3", &COMMON)), Ok(Caller::Owner));
        // A listed header that was not sent, or a common one left unsigned, is refused.
        let mut absent = python.clone();
        absent.push("x-forwarded-for");
        assert_eq!(
            run(&with("a4", &absent)),
            Err("IncompleteSignature".to_owned())
        );
        for left_out in COMMON {
            let names: Vec<&str> = COMMON.iter().copied().filter(|n| *n != left_out).collect();
            assert_eq!(
                run(&with("a5", &names)),
                Err("IncompleteSignature".to_owned()),
                "{left_out} unsigned"
            );
        }
        assert_eq!(run(&with("a5", &COMMON)), Ok(Caller::Owner));
    }

    #[test]
    fn a_claimed_body_hash_that_is_not_the_bodys_is_refused() {
        let st = State::new(&mut Rng::new(1));
        let mut book = NonceBook::default();
        let now = OffsetDateTime::now_utc();
        let none = Params::default();
        // Signed correctly over the empty body, but claiming another body's hash.
        let mut req = signed_v3(&st, "h1", now, &st.owner.access_key_secret);
        let claimed = v3::sha256_hex(b"UserName=other");
        for h in &mut req.headers {
            if h.0 == "x-acs-content-sha256" {
                h.1 = claimed.clone();
            }
        }
        resign(&st, &mut req, v3::EMPTY_BODY_SHA256);
        let signing = Signing::V3(req.clone());
        let e = authenticate(&st, &mut book, "POST", &none, &signing, true, now).unwrap_err();
        assert_eq!(e.code, "SignatureDoesNotMatch");
        // With the claim made true, the same kind of request is accepted.
        req.body_sha256 = claimed.clone();
        resign(&st, &mut req, &claimed);
        let signing = Signing::V3(req);
        assert_eq!(
            authenticate(&st, &mut book, "POST", &none, &signing, true, now),
            Ok(Caller::Owner)
        );
    }

    #[test]
    fn an_account_without_v1_refuses_v1_before_anything_else() {
        let st = State::new(&mut Rng::new(1));
        let mut book = NonceBook::default();
        let now = OffsetDateTime::now_utc();
        let good = signed(&st, "n1", now, &st.owner.access_key_secret);
        let e = authenticate(&st, &mut book, "POST", &good, &Signing::V1, false, now).unwrap_err();
        assert_eq!(e.code, "IncompleteSignature");
        assert!(authenticate(&st, &mut book, "POST", &good, &Signing::V1, true, now).is_ok());
    }
}

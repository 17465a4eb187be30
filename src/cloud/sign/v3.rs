//! Signature V3 (`ACS3-HMAC-SHA256`), sans IO: the common parameters travel as `x-acs-*` headers
//! and an `Authorization` header carries the HMAC-SHA256 of a hashed canonical request.
//!
//! Source: Alibaba Cloud SDK documentation, "Request syntax and signature method V3"
//! (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature,
//! Chinese original help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature).
//! Its worked example (ECS `RunInstances`, fixed date and nonce) is reproduced byte for byte in
//! this module's tests. What the page specifies and this code follows:
//! - canonical request = method, canonical URI (`/` for RPC APIs), canonical query, canonical
//!   headers, signed headers, hex SHA-256 of the body; each on its own line;
//! - the query is sorted by name and RFC 3986 encoded exactly as in V1 (`percent_encode`);
//! - the signed headers are `host`, `content-type` and every `x-acs-*` header, names lowercased,
//!   values trimmed, sorted by name;
//! - string to sign = `ACS3-HMAC-SHA256` + `\n` + hex SHA-256 of the canonical request;
//! - signature = lowercase hex HMAC-SHA256 keyed with the AccessKey secret itself (no `&`,
//!   unlike V1);
//! - `Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`;
//! - with STS credentials the token goes in `x-acs-security-token` (signed like any `x-acs-*`).
//!
//! UNVERIFIED against a real account (ramwiz defaults to V1 until it is): whether RAM and STS
//! accept the action parameters in the query of a POST with an empty body (the documented
//! example and the generated RAM SDK put them there), and the exact message of a V3
//! `SignatureDoesNotMatch`.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::{SigningInput, canonical_query, format_timestamp};
use crate::secret::Secret;

pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The hex SHA-256 of an empty body, which every RPC call of ramwiz sends.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Lowercase hex of the SHA-256 of `data` (`HexEncode(Hash(...))` in the documentation).
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// True for the headers V3 signs: `host`, `content-type` and `x-acs-*` (any case).
pub fn is_signed_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "host" || n == "content-type" || n.starts_with("x-acs-")
}

/// The canonical headers (`name:value\n` each) and the signed-headers list (`a;b;c`) of the
/// headers V3 signs among `headers`. Names are lowercased, values trimmed, entries sorted by
/// name; any other header is left out. A name given twice keeps its first value.
pub fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut picked: Vec<(String, &str)> = Vec::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        if is_signed_header(&name) && !picked.iter().any(|(n, _)| *n == name) {
            picked.push((name, value.trim()));
        }
    }
    picked.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonical = String::new();
    let mut signed = String::new();
    for (i, (name, value)) in picked.iter().enumerate() {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value);
        canonical.push('\n');
        if i > 0 {
            signed.push(';');
        }
        signed.push_str(name);
    }
    (canonical, signed)
}

/// The canonical headers of a request as the server rebuilds them: the headers named in
/// `SignedHeaders` (`listed`, lowercase, in the order given), each with every value it was sent
/// with, trimmed, sorted and joined by `,`. This is what both official signers compute over the
/// headers they choose to sign (`get_canonicalized_headers` in the Python `alibabacloud_tea_openapi`
/// 0.4.6 `utils.py`, `getAuthorizationHeaders` in the Node `@alicloud/openapi-util`): the
/// Python one signs every header it sets, the Node one only `host`, `content-type` and
/// `x-acs-*`, so the server cannot assume a fixed set. `None` when a listed header was not sent.
pub fn listed_canonical_headers(headers: &[(String, String)], listed: &[String]) -> Option<String> {
    let mut canonical = String::new();
    for name in listed {
        let mut values: Vec<&str> = headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        if values.is_empty() {
            return None;
        }
        values.sort_unstable();
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(&values.join(","));
        canonical.push('\n');
    }
    Some(canonical)
}

/// The six parts of the canonical request, one per line. `canonical_headers` already ends with
/// a line feed, so an empty line follows it, as in the documentation's example.
pub fn canonical_request(
    method: &str,
    canonical_uri: &str,
    canonical_query: &str,
    canonical_headers: &str,
    signed_headers: &str,
    hashed_payload: &str,
) -> String {
    format!(
        "{method}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{hashed_payload}"
    )
}

/// `ACS3-HMAC-SHA256` and the hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// Lowercase hex HMAC-SHA256 of the string to sign, keyed with the secret as it is.
pub fn signature(secret: &Secret, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length, so this constructor cannot fail.
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose().as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The `Authorization` header value.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
    )
}

/// An `Authorization` header taken apart (the simulated cloud verifies with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub algorithm: String,
    pub credential: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses `ALGORITHM Credential=..,SignedHeaders=a;b,Signature=..`; `None` when a part is
/// missing or empty. Spaces after the commas are tolerated.
pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let (algorithm, rest) = value.trim().split_once(' ')?;
    let (mut credential, mut signed, mut sig) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => sig = Some(v),
            _ => return None,
        }
    }
    let (credential, signed, sig) = (credential?, signed?, sig?);
    if credential.is_empty() || signed.is_empty() || sig.is_empty() {
        return None;
    }
    Some(Authorization {
        algorithm: algorithm.to_owned(),
        credential: credential.to_owned(),
        signed_headers: signed.split(';').map(str::to_owned).collect(),
        signature: sig.to_owned(),
    })
}

/// A V3-signed call: the query string and the headers to send (with `Authorization`), and the
/// intermediate strings for diagnosis. `canonical_request` holds the security token when there
/// is one, so it is never logged as is.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub canonical_request: String,
    pub string_to_sign: String,
}

impl std::fmt::Debug for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signed")
            .field("query", &self.query)
            .field("string_to_sign", &self.string_to_sign)
            .finish_non_exhaustive()
    }
}

/// Signs an RPC call whose parameters travel in the query string of a request with an empty
/// body (no `content-type`), the shape of the documentation's example. The common inputs are
/// V1's (`timestamp` becomes `x-acs-date`); `host` is the `Host` header as it will be sent (the
/// endpoint's host, with `:port` when not the scheme's default); `extra_headers` are further
/// `x-acs-*` headers to send and so to sign (e.g. `x-acs-retry-attempts`), one whose name the
/// signer sets already being left out. The canonical URI is
/// `/`, as the documentation prescribes for RPC APIs, whatever path the endpoint has. Every
/// header name in the result is lowercase and appears once.
pub fn sign_request(
    input: &SigningInput<'_>,
    host: &str,
    extra_headers: &[(String, String)],
    params: &[(String, String)],
) -> Signed {
    let query = canonical_query(params);
    let mut headers: Vec<(String, String)> = vec![
        ("host".to_owned(), host.to_owned()),
        ("x-acs-action".to_owned(), input.action.to_owned()),
        ("x-acs-version".to_owned(), input.version.to_owned()),
        ("x-acs-date".to_owned(), format_timestamp(input.timestamp)),
        ("x-acs-signature-nonce".to_owned(), input.nonce.to_owned()),
        (
            "x-acs-content-sha256".to_owned(),
            EMPTY_BODY_SHA256.to_owned(),
        ),
    ];
    if let Some(token) = input.security_token {
        headers.push(("x-acs-security-token".to_owned(), token.to_owned()));
    }
    for (name, value) in extra_headers {
        let name = name.to_ascii_lowercase();
        if !headers.iter().any(|(n, _)| *n == name) {
            headers.push((name, value.clone()));
        }
    }
    let (canonical, signed_headers) = canonical_headers(&headers);
    let request = canonical_request(
        input.method,
        "/",
        &query,
        &canonical,
        &signed_headers,
        EMPTY_BODY_SHA256,
    );
    let sts = string_to_sign(&request);
    let sig = signature(input.secret, &sts);
    headers.push((
        "authorization".to_owned(),
        authorization(input.access_key_id, &signed_headers, &sig),
    ));
    Signed {
        query,
        headers,
        canonical_request: request,
        string_to_sign: sts,
    }
}

/// A canonical request with the security token's value cut out (it is a secret).
pub fn without_token(canonical_request: &str) -> String {
    canonical_request
        .split('\n')
        .map(|line| {
            if line.starts_with("x-acs-security-token:") {
                "x-acs-security-token:<redacted>"
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests;

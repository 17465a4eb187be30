//! RPC signature V1 (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`), sans IO.
//!
//! Owns: percent-encoding, the canonical query, the string to sign and the signature, and the
//! common parameters of a signed call. Time and nonce are parameters, so every step is a pure
//! function tested against the vendor's published vectors (reference §1.4). Never does I/O,
//! never logs, and never puts the secret anywhere but the HMAC key.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::secret::Secret;

/// RFC 3986 unreserved characters stay; every other byte becomes `%XY` (upper-case hex).
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes the UTF-8 bytes of `s` the way Alibaba's signers do.
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, RFC3986).to_string()
}

/// `Timestamp` as the API wants it: UTC, whole seconds, `Z` suffix.
pub fn format_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    // Formatting a valid date with a fixed description cannot fail for years 0..=9999.
    t.format(&fmt)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

/// Parses a `Timestamp` value back (used by the simulated cloud and for clock-skew checks).
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(s, &fmt)
        .ok()
        .map(|p| p.assume_utc())
}

/// Sorted `name=value` pairs, each side encoded, joined with `&`. Sorting is by raw bytes of the
/// name (upper case before lower case), as the SDKs do. `Signature` must not be in `params`.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = String::new();
    for (i, (k, v)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(k));
        out.push('=');
        out.push_str(&percent_encode(v));
    }
    out
}

/// `METHOD&%2F&percentEncode(canonical query)`.
pub fn string_to_sign(method: &str, params: &[(String, String)]) -> String {
    format!(
        "{method}&{}&{}",
        percent_encode("/"),
        percent_encode(&canonical_query(params))
    )
}

/// Base64 of HMAC-SHA1 over `data` with `key` used as is.
pub fn hmac_sha1_base64(key: &[u8], data: &str) -> String {
    // HMAC accepts keys of any length, so this constructor cannot fail.
    let mut mac = match <Hmac<Sha1> as Mac>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(data.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The signature of a string to sign: the HMAC key is the secret followed by one `&`.
pub fn signature(secret: &Secret, string_to_sign: &str) -> String {
    let mut key = zeroize::Zeroizing::new(Vec::with_capacity(secret.expose().len() + 1));
    key.extend_from_slice(secret.expose().as_bytes());
    key.push(b'&');
    hmac_sha1_base64(&key, string_to_sign)
}

/// Everything needed to sign one call except the action's own parameters.
#[derive(Clone)]
pub struct SigningInput<'a> {
    pub method: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    pub access_key_id: &'a str,
    pub secret: &'a Secret,
    pub security_token: Option<&'a str>,
    pub timestamp: OffsetDateTime,
    pub nonce: &'a str,
}

impl std::fmt::Debug for SigningInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningInput")
            .field("action", &self.action)
            .field("access_key_id", &self.access_key_id)
            .field("security_token", &self.security_token.map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

/// A signed call: the full query string (with `Signature`) and the string that was signed.
/// Both hold the security token when there is one, so `Debug` shows neither.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    pub query: String,
    pub string_to_sign: String,
}

impl std::fmt::Debug for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signed").finish_non_exhaustive()
    }
}

/// The common parameters of an RPC call (reference §1.1), without `Signature`.
pub fn common_params(input: &SigningInput<'_>) -> Vec<(String, String)> {
    let mut p = vec![
        ("Action".to_owned(), input.action.to_owned()),
        ("Version".to_owned(), input.version.to_owned()),
        ("Format".to_owned(), "JSON".to_owned()),
        ("AccessKeyId".to_owned(), input.access_key_id.to_owned()),
        ("SignatureMethod".to_owned(), "HMAC-SHA1".to_owned()),
        ("SignatureVersion".to_owned(), "1.0".to_owned()),
        ("SignatureNonce".to_owned(), input.nonce.to_owned()),
        ("Timestamp".to_owned(), format_timestamp(input.timestamp)),
    ];
    if let Some(token) = input.security_token {
        p.push(("SecurityToken".to_owned(), token.to_owned()));
    }
    p
}

/// Signs an action call: common parameters plus `params`, all sent in the query string.
pub fn sign_request(input: &SigningInput<'_>, params: &[(String, String)]) -> Signed {
    let mut all = common_params(input);
    all.extend(params.iter().cloned());
    let sts = string_to_sign(input.method, &all);
    let sig = signature(input.secret, &sts);
    let mut query = canonical_query(&all);
    query.push_str("&Signature=");
    query.push_str(&percent_encode(&sig));
    Signed {
        query,
        string_to_sign: sts,
    }
}

pub mod v3;

/// Which scheme signs every call: V1 (`SignatureVersion=1.0`, HMAC-SHA1 in the query) or V3
/// (`ACS3-HMAC-SHA256` in an `Authorization` header). V1 stays the default until V3 has been
/// verified against a real account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureVersion {
    #[default]
    V1,
    V3,
}

impl SignatureVersion {
    /// The environment variable that chooses the scheme (also read by the simulated tools).
    pub const ENV: &'static str = "RAMWIZ_SIGNATURE";

    /// The spelling of `--signature` and `RAMWIZ_SIGNATURE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V3 => "v3",
        }
    }

    /// For people: the name and the algorithm.
    pub fn describe(self) -> &'static str {
        match self {
            Self::V1 => "V1 (HMAC-SHA1)",
            Self::V3 => "V3 (ACS3-HMAC-SHA256)",
        }
    }

    /// `v1` or `v3`, any case, surrounding spaces ignored.
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "v1" => Ok(Self::V1),
            "v3" => Ok(Self::V3),
            other => Err(crate::strings::signature_bad(other)),
        }
    }
}

#[cfg(test)]
mod tests;

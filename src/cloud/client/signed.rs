//! One attempt's signed request (V1 or V3), and what it leaves for diagnosing a
//! `SignatureDoesNotMatch`, with the security token kept out of it.

use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::Client;
use super::Credentials;
use crate::cloud::actions::Action;
use crate::cloud::endpoint::Url;
use crate::cloud::error::CloudError;
use crate::cloud::sign::{SignatureVersion, SigningInput, sign_request, v3};

/// What a signed attempt leaves for diagnosing a `SignatureDoesNotMatch`.
pub(super) struct SignedAttempt {
    /// What the server answers with after "server string to sign is:" when it computed the same.
    pub(super) string_to_sign: String,
    /// What to log when the server computed something else: V1's string to sign or V3's
    /// canonical request, with any security token cut out.
    pub(super) diagnosis: String,
}

impl Client {
    /// One attempt's request, signed with the endpoints' scheme. The common parameters go in
    /// the query (V1) or in `x-acs-*` headers (V3); the action's parameters always go in the
    /// query of a POST with an empty body.
    pub(super) fn signed_request<A: Action>(
        &self,
        endpoint: &Url,
        params: &[(String, String)],
        creds: &Credentials,
        now: OffsetDateTime,
        nonce: &str,
        attempt: u32,
    ) -> Result<(reqwest::RequestBuilder, SignedAttempt), CloudError> {
        let token = creds
            .security_token
            .as_ref()
            .map(|t| Zeroizing::new(t.expose().to_owned()));
        let token = token.as_ref().map(|t| t.as_str());
        let mut url = endpoint.clone();
        let retries = ("x-acs-retry-attempts".to_owned(), (attempt - 1).to_string());
        let input = SigningInput {
            method: "POST",
            action: A::NAME,
            version: A::SERVICE.version(),
            access_key_id: &creds.access_key_id,
            secret: &creds.secret,
            security_token: token,
            timestamp: now,
            nonce,
        };
        let (request, diagnosis) = match self.endpoints.signature {
            SignatureVersion::V1 => {
                let signed = sign_request(&input, params);
                url.set_query(Some(&signed.query));
                let request = self
                    .http
                    .post(url)
                    .header(
                        reqwest::header::CONTENT_TYPE,
                        "application/x-www-form-urlencoded",
                    )
                    .header(retries.0, retries.1);
                let diagnosis = without_token(&signed.string_to_sign);
                let diagnosis = SignedAttempt {
                    string_to_sign: signed.string_to_sign,
                    diagnosis,
                };
                (request, diagnosis)
            }
            SignatureVersion::V3 => {
                let host = crate::cloud::endpoint::host_header(endpoint);
                let signed = v3::sign_request(&input, &host, &[retries], params);
                url.set_query((!signed.query.is_empty()).then_some(signed.query.as_str()));
                let mut headers = reqwest::header::HeaderMap::new();
                for (name, value) in &signed.headers {
                    if name == "host" {
                        // reqwest writes the same value from the URL (see `host_header`).
                        continue;
                    }
                    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| bad_header(name))?;
                    let mut value = reqwest::header::HeaderValue::from_str(value)
                        .map_err(|_| bad_header(name.as_str()))?;
                    if name == reqwest::header::AUTHORIZATION || name == "x-acs-security-token" {
                        value.set_sensitive(true);
                    }
                    headers.insert(name, value);
                }
                headers.insert(
                    reqwest::header::ACCEPT,
                    reqwest::header::HeaderValue::from_static("application/json"),
                );
                let diagnosis = SignedAttempt {
                    diagnosis: v3::without_token(&signed.canonical_request),
                    string_to_sign: signed.string_to_sign,
                };
                (self.http.post(url).headers(headers), diagnosis)
            }
        };
        Ok((request, diagnosis))
    }
}

/// A header value that cannot be sent (a control character in the key ID or the token). The
/// value is never shown: the token is a secret.
fn bad_header(name: &str) -> CloudError {
    let what = match name {
        "authorization" => crate::strings::HEADER_KEY_ID(),
        "x-acs-security-token" => crate::strings::HEADER_TOKEN(),
        _ => name,
    };
    CloudError::Config(crate::strings::header_bad(what))
}

/// A string to sign with the `SecurityToken` value cut out (it is a secret), in either of the
/// encodings it appears in.
pub(super) fn without_token(sts: &str) -> String {
    let mut out = sts.to_owned();
    for marker in ["SecurityToken%3D", "SecurityToken%253D"] {
        if let Some(start) = out.find(marker) {
            let from = start + marker.len();
            let end = out[from..].find("%26").map_or(out.len(), |i| from + i);
            out.replace_range(from..end, "<redacted>");
        }
    }
    out
}

/// A server's message or string to sign with a security token cut out, in V1's encodings and
/// V3's header alike.
pub(super) fn no_token(s: &str) -> String {
    v3::without_token(&without_token(s))
}

//! Reading an answer: its body (bounded, zeroized), its RequestId, its `Date`, and a transport
//! error in one line without the signed URL.

use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::MAX_BODY;
use crate::cloud::model;

pub(super) enum Body {
    TooLarge(usize),
    Lost(reqwest::Error),
}

/// The answer's body, read chunk by chunk up to `MAX_BODY` (a declared length above it is
/// refused before any byte is read). It may hold a secret (CreateAccessKey), so it is zeroized.
pub(super) async fn read_body(mut resp: reqwest::Response) -> Result<Zeroizing<String>, Body> {
    if let Some(n) = resp.content_length().filter(|n| *n > MAX_BODY as u64) {
        return Err(Body::TooLarge(usize::try_from(n).unwrap_or(usize::MAX)));
    }
    let mut buf = Zeroizing::new(Vec::new());
    while let Some(chunk) = resp.chunk().await.map_err(Body::Lost)? {
        if buf.len() + chunk.len() > MAX_BODY {
            return Err(Body::TooLarge(buf.len() + chunk.len()));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Zeroizing::new(String::from_utf8_lossy(&buf).into_owned()))
}

pub(super) fn request_id_of(body: &str) -> String {
    model::parse::<model::Empty>(body)
        .map(|e| e.request_id)
        .unwrap_or_default()
}

/// The error and its causes in one line, without the URL (it carries the signed query).
pub(super) fn error_chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut out = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        out.push_str(": ");
        out.push_str(&s.to_string());
        src = s.source();
    }
    out
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn parse_http_date(s: &str) -> Option<OffsetDateTime> {
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .ok()
        .map(|p| p.assume_utc())
}

//! Typed errors of the cloud client: what the server said, what went wrong on the way, and a
//! plain-language hint for each Alibaba error code (the sentences live in `strings`).
//!
//! Never holds a secret: error text is built from codes, messages and request IDs only.

use crate::strings;

/// An error answer from the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub action: &'static str,
    pub status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub recommend: Option<String>,
}

impl ApiError {
    /// What happened and what to do, in plain words, for this code.
    pub fn hint(&self) -> strings::Hint {
        strings::error_hint(&self.code, self.status)
    }

    /// The server's string to sign, quoted at the end of a `SignatureDoesNotMatch` message.
    pub fn server_string_to_sign(&self) -> Option<&str> {
        let (_, rest) = self.message.split_once("server string to sign is:")?;
        Some(rest.trim())
    }
}

/// What a `SignatureDoesNotMatch` means once the two strings to sign are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVerdict {
    /// Both sides signed the same string: the secret does not belong to the AccessKey ID.
    WrongSecret,
    /// The server saw a different request than we signed (a proxy rewrote it, or a bug).
    RequestAltered,
    /// The server did not say what it signed.
    Unknown,
}

impl SignatureVerdict {
    /// The verdict in a few words, for the error's one line.
    pub fn says(self) -> &'static str {
        match self {
            SignatureVerdict::WrongSecret => strings::SIGNATURE_VERDICT_WRONG_SECRET,
            SignatureVerdict::RequestAltered => strings::SIGNATURE_VERDICT_ALTERED,
            SignatureVerdict::Unknown => strings::SIGNATURE_VERDICT_UNKNOWN,
        }
    }

    /// What happened and what to do, for this verdict.
    pub fn hint(self) -> strings::Hint {
        match self {
            SignatureVerdict::WrongSecret => strings::SIGNATURE_HINT_WRONG_SECRET,
            SignatureVerdict::RequestAltered => strings::SIGNATURE_HINT_ALTERED,
            SignatureVerdict::Unknown => strings::error_hint("SignatureDoesNotMatch", 400),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloudError {
    #[error("{}: {} ({}){}", .0.action, .0.code, .0.status, request_id_suffix(.0.request_id.as_deref()))]
    Api(ApiError),
    #[error("{}: the signature was rejected ({})", .api.action, .verdict.says())]
    Signature {
        api: ApiError,
        verdict: SignatureVerdict,
    },
    #[error("{action}: could not reach {endpoint}: {detail}")]
    Transport {
        action: &'static str,
        endpoint: String,
        detail: String,
        /// The request may have reached the server (a timeout or a dropped connection after
        /// sending). For a create call this means: reconcile before trying again.
        maybe_applied: bool,
    },
    #[error("{action}: the answer could not be read (HTTP {status}): {detail}")]
    Decode {
        action: &'static str,
        status: u16,
        detail: String,
    },
    #[error("{0}")]
    Config(String),
}

fn request_id_suffix(id: Option<&str>) -> String {
    id.map(|i| format!(", request {i}")).unwrap_or_default()
}

impl CloudError {
    /// The Alibaba error code, when the server answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            CloudError::Api(a) | CloudError::Signature { api: a, .. } => Some(&a.code),
            _ => None,
        }
    }

    pub fn api(&self) -> Option<&ApiError> {
        match self {
            CloudError::Api(a) | CloudError::Signature { api: a, .. } => Some(a),
            _ => None,
        }
    }

    /// Whether the call may have been carried out although it failed: the answer was lost or
    /// unreadable, or the server failed in a way that does not say (a 5xx). A create call that
    /// ends like this is reconciled (Get*/List*) before anything is created again.
    pub fn maybe_applied(&self) -> bool {
        match self {
            CloudError::Transport { maybe_applied, .. } => *maybe_applied,
            CloudError::Decode { .. } => true,
            CloudError::Api(a) => a.status >= 500 && !proves_not_applied(&a.code),
            CloudError::Signature { .. } | CloudError::Config(_) => false,
        }
    }

    /// Plain guidance for the person at the keyboard.
    pub fn hint(&self) -> strings::Hint {
        match self {
            CloudError::Api(a) => a.hint(),
            CloudError::Signature { verdict, .. } => verdict.hint(),
            CloudError::Transport { maybe_applied, .. } => strings::transport_hint(*maybe_applied),
            CloudError::Decode { .. } => strings::decode_hint(),
            CloudError::Config(_) => strings::config_hint(),
        }
    }
}

/// Whether an error code is worth retrying (reference §4): throttling, and the server's own
/// temporary failures.
pub fn is_retryable_code(code: &str) -> bool {
    code.starts_with("Throttling")
        || matches!(
            code,
            "ServiceUnavailable" | "InternalError" | "UnknownError"
        )
}

/// Whether an error code proves the server did not act (so even a create call may be retried).
pub fn proves_not_applied(code: &str) -> bool {
    code.starts_with("Throttling")
}

/// Whether an HTTP status without a useful code is worth retrying.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: &str, msg: &str) -> ApiError {
        ApiError {
            action: "GetUser",
            status: 400,
            code: code.into(),
            message: msg.into(),
            request_id: Some("R1".into()),
            recommend: None,
        }
    }

    #[test]
    fn retry_classification_follows_the_reference() {
        for c in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "ServiceUnavailable",
            "InternalError",
        ] {
            assert!(is_retryable_code(c), "{c}");
        }
        for c in [
            "NoPermission",
            "EntityNotExist.User",
            "SignatureDoesNotMatch",
            "LimitExceeded.User.AccessKey",
        ] {
            assert!(!is_retryable_code(c), "{c}");
        }
        assert!(proves_not_applied("Throttling.User"));
        assert!(!proves_not_applied("InternalError"));
    }

    #[test]
    fn server_string_to_sign_is_extracted() {
        let e = api(
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&A%3D1",
        );
        assert_eq!(e.server_string_to_sign(), Some("POST&%2F&A%3D1"));
        assert_eq!(api("X", "nothing").server_string_to_sign(), None);
    }

    #[test]
    fn display_names_code_and_request() {
        let s = CloudError::Api(api("NoPermission", "You are not authorized")).to_string();
        assert_eq!(s, "GetUser: NoPermission (400), request R1");
    }
}

//! Errors of the simulated cloud: [`SimError`] (starting, loading and saving the simulator) and
//! [`ApiErr`] (an Alibaba-style error answer: code, HTTP status and message, reference §3.1/§4).

use std::path::PathBuf;

/// Why the simulator could not start or keep its state.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("could not read the state file {path}: {source}")]
    ReadState {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the state file {path} is not valid simulator state: {detail}")]
    BadState { path: PathBuf, detail: String },
    #[error("could not write the state file {path}: {detail}")]
    WriteState { path: PathBuf, detail: String },
    #[error("simulator I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// One error answer: the HTTP status, the Alibaba code and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiErr {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// A `NoPermission`'s `AccessDeniedDetail`: the action refused and whom it was refused.
    pub denied: Option<Box<Denied>>,
}

/// What the simulated cloud says of a refusal, in the fields Alibaba's answer carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    /// `ram:<Action>`.
    pub action: String,
    /// `ImplicitDeny` (no policy allows it) or `ExplicitDeny` (one denies it).
    pub kind: &'static str,
    /// `SubUser` or `AssumedRoleUser` (UNVERIFIED: the values Alibaba sends for a role session).
    pub principal_type: &'static str,
    pub user_name: String,
    pub user_id: String,
    pub account_id: String,
}

impl ApiErr {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            denied: None,
        }
    }

    /// `InvalidParameter*` and other validation failures.
    pub fn bad(code: &str, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }

    pub fn not_found(code: &str, message: impl Into<String>) -> Self {
        Self::new(404, code, message)
    }

    pub fn conflict(code: &str, message: impl Into<String>) -> Self {
        Self::new(409, code, message)
    }

    pub fn missing(param: &str) -> Self {
        Self::bad(
            "MissingParameter",
            format!(
                "The input parameter \"{param}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    pub fn no_user(name: &str) -> Self {
        Self::not_found(
            "EntityNotExist.User",
            format!("The user does not exist: {name}."),
        )
    }

    pub fn no_policy(name: &str) -> Self {
        Self::not_found(
            "EntityNotExist.Policy",
            format!("The policy does not exist: {name}."),
        )
    }

    pub fn no_permission(denied: Denied) -> Self {
        let mut e = Self::new(
            403,
            "NoPermission",
            "You are not authorized to do this action. You should be authorized by RAM.",
        );
        e.denied = Some(Box::new(denied));
        e
    }
}

//! The Alibaba Cloud RAM and STS client: a sans-IO signer, typed requests and response parsers,
//! typed errors with plain-language hints, and a thin reqwest transport with safe retries.

pub mod actions;
pub mod client;
pub mod endpoint;
pub mod error;
pub mod model;
pub mod role;
pub mod sign;

pub use actions::{Action, Service};
pub use client::{Client, Credentials, RetryPolicy};
pub use endpoint::Endpoints;
pub use error::{ApiError, CloudError, SignatureVerdict};
pub use role::{RoleInfo, RoleSpec};
pub use sign::SignatureVersion;

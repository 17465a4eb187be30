//! Credentials on this machine: the `Secret` type, reading the credentials file and the aliyun
//! CLI config to offer sign-in sources.

pub mod atomic;
pub mod ini;
pub mod keyring;
pub mod secret;
pub mod sources;

pub use secret::Secret;
pub use sources::{Discovery, Locations, SourceInfo, SourceRef, SourceStatus};

//! Credentials on this machine: the `Secret` type, reading the credentials file and the aliyun
//! CLI config to offer sign-in sources.

pub mod secret;

pub use secret::Secret;

//! Credentials on this machine: reading the credentials file and the aliyun CLI config to offer
//! sign-in sources, writing a new key into the file, and the OS keyring.

mod aliyun_cli;
pub mod atomic;
pub mod editor;
pub mod ini;
pub mod keyring;
pub mod leftovers;
pub mod sources;
pub mod store;

pub use sources::{Discovery, Locations, SourceInfo, SourceRef, SourceStatus};

//! What the engine is told about the outside world: the endpoints and the signature, where
//! credentials live, the journal, the keyring, how long to wait for Alibaba's side, and the
//! tools' search path and environment. Plain data, set up by `main` and the demo.

use std::path::PathBuf;

use crate::cloud::{Endpoints, RetryPolicy};
use crate::creds::Locations;
use crate::creds::keyring::Keyring;

/// What the engine needs to know about the outside world.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub endpoints: Endpoints,
    pub locations: Locations,
    pub retry: RetryPolicy,
    pub journal: Option<PathBuf>,
    pub keyring: KeyringChoice,
    pub patience: Patience,
    pub tools: ToolsConfig,
    /// A dry run: read-only actions are sent (and recorded), everything else is only
    /// described in this plan (see `dry.rs`).
    pub dry_run: Option<crate::plan::PlanLog>,
}

impl EngineConfig {
    /// Signs every call with `signature`: ramwiz's own (through the endpoints) and the
    /// simulated tools' (through their environment; the real ccoctl ignores it).
    pub fn set_signature(&mut self, signature: crate::cloud::SignatureVersion) {
        self.endpoints.signature = signature;
        let name = crate::cloud::SignatureVersion::ENV;
        self.tools.env.retain(|(k, _)| k != name);
        self.tools
            .env
            .push((name.to_owned(), signature.as_str().to_owned()));
    }
}

/// Where the outside tools are looked for, and what their environment gets.
#[derive(Debug, Clone, Default)]
pub struct ToolsConfig {
    /// Searched before PATH (the demo's simulated tools; the current directory).
    pub search: Vec<PathBuf>,
    /// Added to every tool's environment (the demo points the simulated tools at its cloud).
    pub env: Vec<(String, String)>,
    /// The pull secret offered by default when it exists (`~/.pull-secret`).
    pub default_pull_secret: Option<PathBuf>,
    /// The credentials file a shell's openshift-install reads with nothing set
    /// (`ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`): a key in its
    /// `[default]` needs no variable on the printed commands. `None` in the demo.
    pub installer_default_credentials: Option<PathBuf>,
}

/// How long to keep trying things that take a while to happen on Alibaba's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Patience {
    /// A new AccessKey may take seconds to work.
    pub verify: std::time::Duration,
    /// An attached policy may take seconds to be in effect.
    pub probe: std::time::Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Self {
            verify: std::time::Duration::from_secs(30),
            probe: std::time::Duration::from_secs(15),
        }
    }
}

/// Which keyring the engine offers.
#[derive(Clone)]
pub enum KeyringChoice {
    /// The platform's (Secret Service, Keychain, Credential Manager), if it answers.
    Platform,
    /// A given store (the demo's in-memory one, tests).
    Given(Keyring),
    /// None at all.
    Off,
}

impl std::fmt::Debug for KeyringChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyringChoice::Platform => "Platform",
            KeyringChoice::Given(_) => "Given",
            KeyringChoice::Off => "Off",
        })
    }
}

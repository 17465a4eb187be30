//! What crosses about the tools: their paths, one ccoctl run, what a run prints, and what the
//! tools' output says (the installer's version, the CredentialsRequests, the manifests placed).
//! The parsers that produce these live in `tools`; these are only the data.

use std::path::PathBuf;

/// The tools and inputs of the ccoctl step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ToolPaths {
    pub installer: PathBuf,
    pub oc: PathBuf,
    pub pull_secret: Option<PathBuf>,
    /// Where ccoctl is extracted to.
    pub ccoctl_dir: PathBuf,
}

/// One run of `ccoctl alibabacloud create-ram-users`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CcoctlRun {
    pub ccoctl: PathBuf,
    pub name: String,
    pub region: String,
    pub credentials_requests_dir: PathBuf,
    pub output_dir: PathBuf,
    /// Provisioning only: ccoctl gets the signed-in identity's key (no key was made this run).
    pub use_signed_in_key: bool,
}

/// Something a tool run shows in the log pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolLog {
    /// A tool starts: why, and the command line (never a secret in it).
    Start {
        reason: String,
        command: String,
    },
    Line(String),
}

/// The release and the extracted ccoctl.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CcoctlReady {
    pub version: crate::protocol::InstallerVersion,
    pub release_image: String,
    pub ccoctl: PathBuf,
    pub warnings: Vec<String>,
}

/// After ccoctl: the manifests written, and what is in the install dir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioned {
    /// (file name, mode is 0600).
    pub manifests: Vec<(String, bool)>,
}

/// The install dir as it relates to the manifests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstallDirState {
    /// Manifests already there with other content (never overwritten without asking).
    pub differing: Vec<String>,
    pub copied: Vec<String>,
    /// install-config.yaml exists and lacks `credentialsMode: Manual`.
    pub needs_manual: bool,
    pub manual_set: bool,
    pub backup: Option<PathBuf>,
}

/// One CredentialsRequest: where its Secret goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredRequest {
    pub file: PathBuf,
    pub name: String,
    pub secret_namespace: String,
    pub secret_name: String,
    pub alibaba: bool,
}

impl CredRequest {
    /// The RAM user ccoctl creates for it, before the 64-character cut.
    pub fn user_name(&self, name: &str) -> String {
        format!("{name}-{}-{}", self.secret_namespace, self.secret_name)
    }
    /// The manifest ccoctl writes for it.
    pub fn manifest_name(&self) -> String {
        format!(
            "{}-{}-credentials.yaml",
            self.secret_namespace, self.secret_name
        )
    }
}

/// The parsed output of `openshift-install version` (stdout only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstallerVersion {
    pub version: String,
    pub commit: Option<String>,
    pub release_image: Option<String>,
    /// `None` when the installer is too old to print the line.
    pub architecture: Option<String>,
    pub default_architecture: Option<String>,
}

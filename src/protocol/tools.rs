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
    /// The openshift-install that was asked (absolute: the commands printed at the end use it).
    pub installer: PathBuf,
    pub warnings: Vec<String>,
    /// The ccoctl extracted earlier from this very release was in place: not extracted again.
    pub unchanged: bool,
}

/// After ccoctl: the manifests written, and what is in the install dir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioned {
    /// (file name, mode is 0600).
    pub manifests: Vec<(String, bool)>,
    /// Where ccoctl wrote them (absolute).
    pub output_dir: PathBuf,
    /// They were there already, complete for the release's CredentialsRequests: ccoctl did
    /// not run again.
    pub unchanged: bool,
}

/// What an install dir holds, as `openshift-install` leaves it (reference §5): nothing yet,
/// the install-config, or the manifests made from it (which consume the install-config).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum InstallDirKind {
    /// Not there, or nothing of the installer's in it: `create install-config` comes first.
    #[default]
    Empty,
    /// `create install-config` ran: install-config.yaml, with the cluster's name and mode.
    Config {
        cluster_name: Option<String>,
        credentials_mode: Option<String>,
    },
    /// `create manifests` ran: the infrastructure name, and the credentialsMode of the
    /// install-config that `manifests/cluster-config.yaml` embeds.
    Manifests {
        infra_name: Option<String>,
        credentials_mode: Option<String>,
    },
}

impl InstallDirKind {
    /// Whether the install-config (in its file or in the manifests) says `Manual`.
    pub fn is_manual(&self) -> bool {
        match self {
            InstallDirKind::Empty => false,
            InstallDirKind::Config {
                credentials_mode, ..
            }
            | InstallDirKind::Manifests {
                credentials_mode, ..
            } => credentials_mode.as_deref() == Some("Manual"),
        }
    }

    /// The manifests exist and their mode is not Manual: only a new install-config fixes that.
    pub fn manifests_not_manual(&self) -> bool {
        matches!(self, InstallDirKind::Manifests { .. }) && !self.is_manual()
    }
}

/// Placing ccoctl's manifests in an install dir: as it is found, the install-config is set to
/// Manual and `openshift-install create manifests` run (when `manual`), then the credentials
/// manifests copied into `<install dir>/manifests/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub output_dir: PathBuf,
    pub install_dir: PathBuf,
    /// Differing manifests the person agreed to replace.
    pub overwrite: Vec<String>,
    /// Set `credentialsMode: Manual` and make the manifests (an install-config only).
    pub manual: bool,
    /// openshift-install, for `create manifests`.
    pub installer: Option<PathBuf>,
    /// A credentials file whose `[default]` is the installer's key, for openshift-install.
    pub credentials_file: Option<PathBuf>,
}

/// The install dir as it relates to the manifests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstallDirState {
    /// The install dir (absolute).
    pub dir: PathBuf,
    /// What the install dir holds now (after ramwiz's part).
    pub kind: InstallDirKind,
    /// Manifests already there with other content (never overwritten without asking).
    pub differing: Vec<String>,
    pub copied: Vec<String>,
    /// Of those, the ones written by this run (the others were there, identical).
    pub written: Vec<String>,
    /// install-config.yaml exists and lacks `credentialsMode: Manual`.
    pub needs_manual: bool,
    pub manual_set: bool,
    pub backup: Option<PathBuf>,
    /// ramwiz ran `openshift-install create manifests` (which consumed install-config.yaml).
    pub manifests_made: bool,
}

/// A credentials file whose `[default]` holds the installer's key: what openshift-install
/// (which reads only `[default]`) is pointed at, by path, never by the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallerFile {
    pub path: PathBuf,
    /// ramwiz wrote it now (the key was in another profile).
    pub written: bool,
    /// It is the file a shell's openshift-install reads with nothing set: a plain command
    /// finds the key.
    pub plain: bool,
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

//! What comes back from the engine: events tagged with their job, each job ending in exactly
//! one [`Outcome`], whose success carries a [`JobOutput`] and whose failure an [`ErrorReport`].

use std::path::PathBuf;

use super::JobId;
use super::records::*;
use super::tools::{
    CcoctlReady, InstallDirKind, InstallDirState, InstallerFile, Provisioned, ToolLog,
};
use crate::cloud::model::{CallerIdentity, User};
use crate::creds::Discovery;
use crate::creds::store::Preflight;
use crate::strings::Hint;

/// The error code of a key creation whose key was made but whose answer (and secret) was lost:
/// the key is an orphan, and the wizard offers to delete it.
pub const CODE_ORPHANED: &str = "ramwiz.OrphanedKey";

/// The detail of a [`CODE_ORPHANED`] report: the orphan's key ID first, then why.
pub fn orphaned_detail(key_id: &str, cause: &str) -> String {
    format!("{key_id}: {cause}")
}

/// The orphan's key ID of a [`CODE_ORPHANED`] report (the inverse of [`orphaned_detail`]).
pub fn orphaned_key(report: &ErrorReport) -> Option<&str> {
    if report.code.as_deref() != Some(CODE_ORPHANED) {
        return None;
    }
    report.detail.split_once(": ").map(|(id, _)| id)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineEvent {
    pub job: JobId,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    /// The job moved on to another step (shown beside the spinner).
    Progress(Progress),
    /// Part of the result, ahead of the rest (a page of users).
    Partial(Box<Partial>),
    /// The job's one and only outcome.
    Finished(Box<Outcome>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Partial {
    Users(Vec<User>),
    Tool(ToolLog),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Signing in through a role: STS AssumeRole with the source key.
    AssumingRole,
    AskingIdentity,
    /// Re-checking an earlier run before resuming it.
    Rechecking,
    CreatingKey,
    SavingFile,
    SavingKeyring,
    /// Waiting for a new key to work: attempt number and seconds left.
    Verifying {
        attempt: u32,
        seconds_left: u32,
    },
    /// Waiting for an attached policy to take effect: attempt number and seconds left.
    Probing {
        attempt: u32,
        seconds_left: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done(JobOutput),
    Failed(ErrorReport),
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutput {
    Sources(Discovery),
    SignedIn(SignedIn),
    UserCreated(User),
    UsersLoaded,
    UserDetails(UserDetails),
    Keyring(Result<(), String>),
    Preflight(Box<Preflight>),
    KeyRetired,
    /// A policy was detached; every policy still attached to the user.
    PolicyDetached(Vec<crate::cloud::model::Policy>),
    /// The profiles of `file` that held a deleted key were removed (after the backup).
    KeyForgotten {
        removed: Vec<String>,
        backup: Option<PathBuf>,
        file: PathBuf,
    },
    Captured(Box<Captured>),
    Verified(CallerIdentity),
    PolicyFound(Option<ExistingPolicy>),
    /// A custom policy made ready ahead of its step (headless only): whether this run created
    /// it (`None`: CreatePolicy was sent and its answer lost).
    PolicyPrepared {
        name: String,
        created: Option<bool>,
    },
    PolicyApplied(Box<PolicyApplied>),
    /// The installer's key may now manage RAM users: the policy is in effect.
    Probed,
    /// Tools found: (openshift-install, oc, pull secret), and the `--name` of the last
    /// provisioning the journal recorded (for a teardown).
    ToolsFound(
        Option<PathBuf>,
        Option<PathBuf>,
        Option<PathBuf>,
        Option<String>,
    ),
    Completion {
        field: usize,
        value: String,
        candidates: Vec<String>,
    },
    CcoctlReady(Box<CcoctlReady>),
    /// The CredentialsRequests, the install dir's infrastructure name, and whether the output
    /// dir already holds manifests (a second run mints new keys).
    CredRequests {
        requests: Vec<crate::protocol::CredRequest>,
        /// What the install dir holds (`None`: no install dir given).
        install: Option<InstallDirKind>,
        earlier_run: bool,
        /// The output dir's manifests are complete for these requests and match the install
        /// dir's: ccoctl need not run again.
        unchanged: bool,
        /// The (--name, --region) the output dir's manifests were made with, when noted.
        made_with: Option<(String, String)>,
        /// The output dir's manifests as found (file name, mode is 0600).
        found: Vec<(String, bool)>,
        /// Every one of them is in the install dir's `manifests/` already, byte for byte.
        in_install_dir: bool,
    },
    Provisioned(Provisioned),
    Placed(InstallDirState),
    InstallerFile(InstallerFile),
    /// The survey ended: whether `openshift-install create install-config` succeeded.
    Surveyed(bool),
    TornDown,
    /// The orphans found, and what the user is told about the check (a key recovered from a
    /// file an interrupted run left, leftover files removed).
    Orphans(Vec<Orphan>, Vec<String>),
    OrphanResolved(String),
    ResumeOffer(Option<Box<ResumeOffer>>),
    ReportSaved(PathBuf),
    Resumed(Box<ResumePoint>),
    /// The destination profile's key signs as the chosen user (`None`: it does not, or it
    /// could not be read).
    HeldKey {
        /// What was checked: the profile and its key.
        profile: String,
        key_id: String,
        who: Option<Box<crate::cloud::model::CallerIdentity>>,
    },
    /// The held key is now the installer's key of the session.
    HeldKeyKept,
}

/// An error as the user should see it: a title, plain guidance, and the technical detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    pub title: String,
    pub hint: Hint,
    pub detail: String,
    /// The Alibaba error code, when there is one (some codes change what the wizard offers).
    pub code: Option<String>,
}

impl EventKind {
    pub fn finished(outcome: Outcome) -> Self {
        EventKind::Finished(Box::new(outcome))
    }
}

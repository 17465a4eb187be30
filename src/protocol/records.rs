//! The records a job's success carries: who signed in, a user's keys, where a key was saved,
//! the policy step's result, orphans, and an earlier run to resume.

use std::path::PathBuf;

use super::command::{Destination, PolicyPlan};
use crate::cloud::model::{AccessKeyMeta, CallerIdentity, Policy, User};
use crate::secret::Secret;

/// A custom policy that exists already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingPolicy {
    pub document: String,
    pub default_version: String,
    pub versions: usize,
}

/// What the policy step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyApplied {
    pub plan: PolicyPlan,
    /// The new default version, when one was created.
    pub new_version: Option<String>,
    /// Every policy attached to the user afterwards.
    pub attached: Vec<Policy>,
}

/// An earlier run to resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeOffer {
    pub record: crate::protocol::RunRecord,
    /// The run provisioned the components, but their manifests are gone.
    pub manifests_gone: bool,
}

/// What still holds of an earlier run, checked against the cloud and the disk.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResumePoint {
    pub user: Option<User>,
    /// The saved key works and names the user: (key ID, file, profile), and who it is.
    pub key: Option<(String, String, String)>,
    pub identity: Option<CallerIdentity>,
    /// The install policy is still attached.
    pub policy: Option<PolicyPlan>,
    pub attached: Vec<Policy>,
    /// ccoctl is still where it was: path, version, release image, installer, oc, pull secret.
    pub ccoctl: Option<[String; 6]>,
    /// The earlier provisioning's inputs, when there was one.
    pub provisioned: Option<[String; 4]>,
    /// A recovery: the replaced key's status now ("Active", "Inactive"; `None` when deleted).
    pub old_key_status: Option<String>,
}

/// A key that exists in the cloud, was created by an interrupted ramwiz run, and is stored
/// nowhere on this machine: nobody has its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub user: String,
    pub key_id: String,
    pub create_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDetails {
    pub user: String,
    pub keys: Vec<AccessKeyMeta>,
    pub policies: Vec<Policy>,
    /// Local profiles (name, AccessKey ID) of the destination file, to flag keys in use.
    pub local_profiles: Vec<(String, String)>,
}

/// A key that was created (or adopted) and where it was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub key_id: String,
    pub create_date: String,
    /// The one-time secret, for the secret screen only; `None` when the user pasted it.
    pub secret: Option<Secret>,
    pub dest: Destination,
    /// The file save: where it went, or why it failed.
    pub file: Result<SavedTo, String>,
    /// The keyring: `None` when not chosen.
    pub keyring: Option<Result<(), String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedTo {
    pub target: PathBuf,
    pub backup: Option<PathBuf>,
    pub loose_mode: Option<u32>,
    /// What the user is told about the file (another user's, a hard link split).
    pub notes: Vec<String>,
}

impl Captured {
    /// Whether the secret is stored somewhere.
    pub fn stored_anywhere(&self) -> bool {
        self.file.is_ok() || matches!(self.keyring, Some(Ok(())))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub identity: CallerIdentity,
    pub ram: RamAccess,
    pub source_label: String,
    pub access_key_id: String,
    /// The scheme the session's calls are signed with (`--signature`).
    pub signature: crate::cloud::SignatureVersion,
    /// Signed in through a RAM role: the role, the session and when its key ends.
    pub role: Option<Box<crate::cloud::RoleInfo>>,
}

/// Whether the signed-in identity may manage RAM users (from `ListUsers MaxItems=1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RamAccess {
    Allowed,
    /// Refused; with the action the server named (`AccessDeniedDetail.AuthAction`), if it did.
    Denied(Option<String>),
    Unknown(String),
}

impl RamAccess {
    pub fn is_denied(&self) -> bool {
        matches!(self, RamAccess::Denied(_))
    }
}

/// What the journal says of the latest setup run. The resume re-checks every part of it
/// against the cloud and the disk before trusting it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunRecord {
    pub user: String,
    /// (key ID, credentials file, profile) of the saved key.
    pub key: Option<(String, String, String)>,
    pub verified: bool,
    /// (policy name, type) attached to the user.
    pub policy: Option<(String, String)>,
    /// The extracted ccoctl and its release: path, version, release image, installer, oc, pull secret.
    pub ccoctl: Option<[String; 6]>,
    /// (name, region, output dir, CredentialsRequests dir) of the provisioning.
    pub provisioned: Option<[String; 4]>,
    /// A recovery: the key being replaced, and what became of it ("deactivated", "deleted").
    pub replaces: Option<String>,
    pub old_key_state: Option<String>,
}

impl RunRecord {
    /// Whether there is nothing left to do.
    pub fn finished(&self) -> bool {
        match &self.replaces {
            Some(_) => self.old_key_state.as_deref() == Some("deleted"),
            None => self.provisioned.is_some(),
        }
    }
}

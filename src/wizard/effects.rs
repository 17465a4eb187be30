//! The data that crosses between the wizard and the engine: commands out, events in.
//! Plain data only; no I/O and no async here.

use std::path::PathBuf;

use crate::cloud::model::{AccessKeyMeta, CallerIdentity, Policy, User};
use crate::creds::store::Preflight;
use crate::creds::{Discovery, Secret, SourceRef};
use crate::strings::Hint;

/// Every job the wizard starts has an id; events of an older job are ignored.
pub type JobId = u64;

/// What the wizard asks the outside world to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Look for credentials on this machine.
    DiscoverSources { job: JobId },
    /// Sign in, ask who this is, and whether it may manage RAM users.
    SignIn { job: JobId, with: SignInWith },
    /// Stop a running job; it ends as cancelled.
    Cancel { job: JobId },
    /// Create a RAM user.
    CreateUser {
        job: JobId,
        name: String,
        display_name: String,
        comments: String,
    },
    /// Load every user, page by page (`Partial::Users` for each page).
    ListUsers { job: JobId },
    /// Load one user's AccessKeys and attached policies, and which local profiles hold its keys.
    LoadUserDetails {
        job: JobId,
        user: String,
        credentials_file: PathBuf,
    },
    /// Whether the OS keyring answers.
    ProbeKeyring { job: JobId },
    /// Check a destination before any key is created.
    Preflight { job: JobId, dest: Destination },
    /// Deactivate (`delete: false`) or delete an AccessKey of a user.
    RetireKey {
        job: JobId,
        user: String,
        key_id: String,
        delete: bool,
    },
    /// Journal the intent, create the key, save it at once, then report (with the secret).
    CreateKey {
        job: JobId,
        user: String,
        dest: Destination,
    },
    /// Save the key the engine still holds to another destination (after every store failed).
    SaveAgain { job: JobId, dest: Destination },
    /// Check a pasted secret against the user's key, then save it like a new one.
    AdoptKey {
        job: JobId,
        user: String,
        key_id: String,
        secret: Secret,
        dest: Destination,
    },
    /// Call STS with the new key until it works (up to 30 s), and check it names the user.
    VerifyKey { job: JobId, user: String },
    /// Look up a custom policy: absent, or its default document and how many versions it has.
    InspectPolicy { job: JobId, name: String },
    /// Create or update the policy as planned, attach it to the user, list the user's policies.
    ApplyPolicy {
        job: JobId,
        user: String,
        plan: PolicyPlan,
    },
    /// Sign `ListUsers MaxItems=1` with the installer's key until the permission is in effect.
    ProbePermission { job: JobId, user: String },
    /// Put text on the clipboard with OSC 52 (the terminal's clipboard).
    CopyToClipboard(Secret),
    /// Leave the program.
    Quit,
}

/// What to do with the install policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyPlan {
    /// Attach a system policy (AdministratorAccess).
    System(String),
    /// Create the custom policy, then attach it.
    Create {
        name: String,
        document: String,
        description: String,
    },
    /// Add a new default version (rotating the oldest out only when `rotate`), then attach.
    NewVersion {
        name: String,
        document: String,
        rotate: bool,
    },
    /// The policy already says exactly this: only attach it.
    Reuse(String),
}

impl PolicyPlan {
    pub fn name(&self) -> &str {
        match self {
            PolicyPlan::System(n) | PolicyPlan::Reuse(n) => n,
            PolicyPlan::Create { name, .. } | PolicyPlan::NewVersion { name, .. } => name,
        }
    }
    pub fn policy_type(&self) -> &'static str {
        if matches!(self, PolicyPlan::System(_)) {
            "System"
        } else {
            "Custom"
        }
    }
}

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

/// Where a new key goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub file: PathBuf,
    pub profile: String,
    pub keyring: bool,
    /// Back up the file first when the profile holds another key.
    pub backup: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInWith {
    Source {
        source: SourceRef,
        label: String,
    },
    Pasted {
        access_key_id: String,
        secret: Secret,
    },
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    AskingIdentity,
    CheckingRam,
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
    Captured(Box<Captured>),
    Verified(CallerIdentity),
    PolicyFound(Option<ExistingPolicy>),
    PolicyApplied(Box<PolicyApplied>),
    /// The installer's key may now manage RAM users: the policy is in effect.
    Probed,
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
}

/// Whether the signed-in identity may manage RAM users (from `ListUsers MaxItems=1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RamAccess {
    Allowed,
    Denied,
    Unknown(String),
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

impl From<EngineEvent> for super::Msg {
    fn from(ev: EngineEvent) -> Self {
        super::Msg::Engine(Box::new(ev))
    }
}

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
    /// Put text on the clipboard with OSC 52 (the terminal's clipboard).
    CopyToClipboard(Secret),
    /// Leave the program.
    Quit,
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

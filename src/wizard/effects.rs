//! The data that crosses between the wizard and the engine: commands out, events in.
//! Plain data only; no I/O and no async here.

use std::path::PathBuf;

use crate::cloud::model::{AccessKeyMeta, CallerIdentity, Policy, User};
use crate::creds::store::Preflight;
use crate::creds::{Discovery, Secret, SourceRef};
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
        /// During a recovery: the key this one replaces (journaled, so the recovery resumes).
        replaces: Option<String>,
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
    /// Find openshift-install and oc (PATH, the current directory) and the default pull secret.
    LocateTools { job: JobId },
    /// Complete a typed path (Tab): the longest common completion and the candidates.
    CompletePath {
        job: JobId,
        field: usize,
        value: String,
    },
    /// `openshift-install version`, the version and architecture checks, then ccoctl out of the
    /// release image (`oc adm release info`, `oc image extract`, chmod, `ccoctl --help`).
    PrepareCcoctl { job: JobId, tools: ToolPaths },
    /// `oc adm release extract --credentials-requests --cloud=alibabacloud --to=DIR`.
    ExtractCredRequests {
        job: JobId,
        tools: ToolPaths,
        release_image: String,
        dir: PathBuf,
        install_dir: Option<PathBuf>,
        output_dir: PathBuf,
    },
    /// `ccoctl alibabacloud create-ram-users`, with the installer's key in its environment.
    RunCcoctl { job: JobId, run: CcoctlRun },
    /// Copy the manifests into `<install dir>/manifests/`; `overwrite` lists differing files the
    /// user agreed to replace. Also sets `credentialsMode: Manual` when `manual` is true.
    PlaceManifests {
        job: JobId,
        output_dir: PathBuf,
        install_dir: PathBuf,
        overwrite: Vec<String>,
        manual: bool,
    },
    /// `ccoctl alibabacloud delete-ram-users`, with the signed-in identity's key.
    RunTeardown {
        job: JobId,
        ccoctl: PathBuf,
        name: String,
        region: String,
    },
    /// Look for keys an interrupted run may have created and nobody saved (journal intents
    /// without a "saved" record, checked against ListAccessKeys and every local store).
    FindOrphans { job: JobId },
    /// Delete an orphaned key, or keep it (`delete: false`: the user knows where it is).
    ResolveOrphan {
        job: JobId,
        user: String,
        key_id: String,
        delete: bool,
    },
    /// Read the journal for an unfinished setup run (or a finished one whose manifests are gone).
    CheckJournal { job: JobId },
    /// Re-check each step of that run against the cloud and the disk.
    Recheck {
        job: JobId,
        record: Box<crate::engine::RunRecord>,
    },
    /// Write the summary report (Markdown, no secret) into `dir` as
    /// `ramwiz-report-<UTC time>.md`.
    SaveReport {
        job: JobId,
        dir: PathBuf,
        text: String,
    },
    /// Put text on the clipboard with OSC 52 (the terminal's clipboard).
    CopyToClipboard(Secret),
    /// Leave the program.
    Quit,
}

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
    pub version: crate::tools::release::InstallerVersion,
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
    Tool(ToolLog),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    AskingIdentity,
    CheckingRam,
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
    Captured(Box<Captured>),
    Verified(CallerIdentity),
    PolicyFound(Option<ExistingPolicy>),
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
        requests: Vec<crate::tools::ccoctl::CredRequest>,
        infra_name: Option<String>,
        earlier_run: bool,
    },
    Provisioned(Provisioned),
    Placed(InstallDirState),
    TornDown,
    Orphans(Vec<Orphan>),
    OrphanResolved(String),
    ResumeOffer(Option<Box<ResumeOffer>>),
    ReportSaved(PathBuf),
    Resumed(Box<ResumePoint>),
}

/// An earlier run to resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeOffer {
    pub record: crate::engine::RunRecord,
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

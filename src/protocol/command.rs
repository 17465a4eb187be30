//! What the wizard asks the engine to do: one [`Command`] per job, and the plain inputs those
//! commands carry (where a key goes, how to sign in, what to do with the policy).

use std::path::PathBuf;

use super::JobId;
use super::tools::{CcoctlRun, Placement, ToolPaths};
use crate::creds::SourceRef;
use crate::secret::Secret;

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
    /// Detach a policy from the user, then list what stays attached.
    DetachPolicy {
        job: JobId,
        user: String,
        policy_name: String,
        policy_type: String,
    },
    /// Remove from `file` the profiles holding `key_id` (deleted in the cloud), backup first.
    ForgetKey {
        job: JobId,
        key_id: String,
        file: PathBuf,
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
    /// Ahead of the policy step (`apply`, which knows the answers): look the custom policy up
    /// and create it when it is missing, while the user and its key are made. The step's
    /// `InspectPolicy` and `ApplyPolicy` then use what this found instead of asking again.
    PreparePolicy {
        job: JobId,
        name: String,
        document: String,
        description: String,
    },
    /// Create or update the policy as planned, attach it to the user, list the user's policies.
    ApplyPolicy {
        job: JobId,
        user: String,
        plan: PolicyPlan,
    },
    /// Sign `ListUsers MaxItems=1` with the installer's key until the permission is in effect.
    ProbePermission {
        job: JobId,
        user: String,
        /// The key already existed (kept) and the policy was attached already: nothing is
        /// planned, so a dry run may read with that key for real.
        kept_key: bool,
    },
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
        /// ccoctl is unchanged (same release): CredentialsRequests already in `dir` are used
        /// as they are, not extracted again.
        reuse_existing: bool,
    },
    /// `ccoctl alibabacloud create-ram-users`, with the installer's key in its environment.
    RunCcoctl { job: JobId, run: CcoctlRun },
    /// The install dir as it is found: with an install-config only, set it to Manual and run
    /// `openshift-install create manifests` (when asked), then copy the credentials manifests
    /// into `<install dir>/manifests/`.
    PlaceManifests { job: JobId, placement: Placement },
    /// A credentials file whose `[default]` is the installer's key (the file the key was saved
    /// to when its profile is `default`; else one written beside it, 0600), for openshift-install.
    InstallerCredentials {
        job: JobId,
        /// Where the installer's key was saved (file, profile), when it was.
        saved: Option<(PathBuf, String)>,
    },
    /// `openshift-install create install-config --dir DIR` (the survey). The terminal face runs
    /// it on the terminal (suspending its own screen) when there are no `answers`; otherwise
    /// the engine feeds it the answers, one a line (the pull secret is one: a `Secret`).
    RunSurvey {
        job: JobId,
        installer: PathBuf,
        dir: PathBuf,
        credentials_file: Option<PathBuf>,
        answers: Option<Secret>,
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
    /// Whether the key the destination profile holds is `user`'s and works (signed as them).
    CheckHeldKey {
        job: JobId,
        user: String,
        /// The signed-in account: a key of another account's user of that name is not it.
        account_id: String,
        key_id: String,
        file: std::path::PathBuf,
        profile: String,
    },
    /// Keep the held key found by `CheckHeldKey`: it becomes the installer's key of the session.
    KeepHeldKey { job: JobId, key_id: String },
    /// Read the journal for an unfinished setup run (or a finished one whose manifests are gone).
    CheckJournal { job: JobId },
    /// Re-check each step of that run against the cloud and the disk.
    Recheck {
        job: JobId,
        record: Box<crate::protocol::RunRecord>,
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

/// Where a new key goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub file: PathBuf,
    pub profile: String,
    pub keyring: bool,
    /// Back up the file first when the profile holds another key.
    pub backup: bool,
    /// What the profile holds now (the signed-in key) moves to this profile, in the same write.
    pub move_existing_to: Option<String>,
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
        /// A RAM role to assume with the pasted key (typed on the same screen).
        role_arn: Option<String>,
    },
}

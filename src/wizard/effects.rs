//! The data that crosses between the wizard and the engine: commands out, events in.
//! Plain data only; no I/O and no async here.

use crate::cloud::model::CallerIdentity;
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
    /// Leave the program.
    Quit,
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
    /// The job's one and only outcome.
    Finished(Box<Outcome>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    AskingIdentity,
    CheckingRam,
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

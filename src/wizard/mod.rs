//! The wizard: a pure state machine. `update(Msg) -> Vec<Command>`; no I/O, no async, no clock
//! (time arrives as `Msg::Tick`). Its input is what a person means ([`Intent`]), never a key:
//! the keymap translates keys for the terminal, and the headless face sends intents from the
//! answers file. Its output is the protocol's commands, for the engine. Every transition is
//! tested without a terminal.

pub mod autoplay;
pub mod cco;
pub mod dest;
mod events;
mod farewell;
mod flow;
pub mod input;
pub mod intent;
pub mod key;
pub mod keymap;
pub mod next;
pub mod orphans;
pub mod policy;
mod query;
pub mod recover;
pub mod resume;
pub mod secret;
pub mod signin;
pub mod summary;
pub mod user;

use crate::protocol::*;
use input::{SecretField, TextField};
pub use intent::{Choice, Field, Intent, PolicyKind, Typed};
pub use summary::Mode;

use std::path::PathBuf;

use crate::cloud::model::{CallerIdentity, User};
use crate::creds::Discovery;
use dest::DestForm;
use key::KeyStep;
use secret::SecretView;
use user::{NewUserForm, UserList};

/// Where ccoctl and its inputs and outputs go by default, and the install dir if known.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub dir: PathBuf,
    pub install_dir: Option<PathBuf>,
}

/// Anything that can happen to the wizard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// What the person means (from a key through the keymap, or from the answers file).
    Intent(Intent),
    Paste(String),
    Resize(u16, u16),
    /// The spinner's clock; the app sends it only while a job runs.
    Tick,
    Engine(Box<EngineEvent>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    SignIn,
    Paste,
    Checking,
    Identity,
    UserChoice,
    CreateUser,
    SelectUser,
    Destination,
    Keys,
    Capturing,
    SecretShown,
    Verifying,
    Verified,
    PolicyChoice,
    PolicyViewer,
    PolicyForm,
    PolicyReview,
    Applying,
    PolicyDone,
    CcoSetup,
    CcoRunning,
    ProvisionSetup,
    ProvisionReview,
    Provisioning,
    ProvisionDone,
    TeardownSetup,
    TearingDown,
    TornDown,
    Orphans,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PasteFocus {
    #[default]
    Id,
    Secret,
    /// The RAM role to assume with the pair (optional).
    Role,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasteForm {
    pub id: TextField,
    pub secret: SecretField,
    /// A role ARN; empty signs in as the pair itself.
    pub role: TextField,
    pub focus: PasteFocus,
    pub error: Option<&'static str>,
}

/// A running job and what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub kind: JobKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Discover,
    SignIn,
    CreateUser,
    ListUsers,
    UserDetails,
    Keyring,
    Preflight,
    RetireKey,
    Capture,
    Verify,
    InspectPolicy,
    ApplyPolicy,
    Probe,
    Locate,
    Complete,
    Prepare,
    CredRequests,
    Ccoctl,
    Place,
    InstallerFile,
    Survey,
    Teardown,
    Orphans,
    ResolveOrphan,
    Journal,
    Recheck,
    SaveReport,
    HeldKey,
    KeepHeld,
    ForgetKey,
    DetachPolicy,
}

/// The state of `--autoplay`, as the footer shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Autoplay {
    /// Space paused it (→ still takes one step).
    pub paused: bool,
    /// It walked to the end: the closing caption is up until a key.
    pub over: bool,
}

/// An error being shown, and where Enter/Esc go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorView {
    pub report: ErrorReport,
    pub back_to: Screen,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wizard {
    pub screen: Screen,
    pub demo: bool,
    pub size: (u16, u16),
    pub discovery: Option<Discovery>,
    /// Index in the sign-in list (sources, then the paste entry).
    pub selected: usize,
    /// A one-line message under the sign-in list (e.g. why a source cannot be used).
    pub notice: Option<String>,
    pub paste: PasteForm,
    pub jobs: Vec<Job>,
    pub progress: Option<Progress>,
    pub signing_in_as: Option<String>,
    pub signed_in: Option<SignedIn>,
    pub error: Option<ErrorView>,
    pub help: bool,
    pub confirm_quit: bool,
    pub spinner: usize,
    /// 0: create a new user, 1: select an existing one.
    pub user_choice: usize,
    pub new_user: NewUserForm,
    pub users: UserList,
    pub chosen_user: Option<User>,
    pub dest: DestForm,
    pub keys: KeyStep,
    pub secret: Option<SecretView>,
    /// Where the key went, once the secret screen is confirmed (no secret in it).
    pub saved: Option<Captured>,
    pub verified: Option<CallerIdentity>,
    pub policy: policy::PolicyStep,
    pub cco: cco::CcoStep,
    pub orphans: orphans::OrphanStep,
    /// Set when the user came to recover a lost AccessKey.
    pub recovery: Option<recover::Recovery>,
    /// An earlier run that can be resumed (from the journal at start).
    pub resume_offer: Option<ResumeOffer>,
    /// The user chose to resume: after sign-in the run is checked again.
    pub resuming: bool,
    /// `--autoplay` is walking the flow (the caption and its keys replace the key hints).
    pub autoplay: Option<Autoplay>,
    /// Where the screen's scrolling pane is scrolled to: `None` at its start (a tool's output:
    /// following its end). Back to `None` whenever the screen changes.
    pub scroll: Option<u16>,
    /// How far it can go, as the last frame drew it (`None` before a frame is drawn).
    pub scroll_limit: Option<u16>,
    /// A one-line result of the last action that has no screen of its own (where `s` saved
    /// the report, what `m` changed), shown above the key hints until the next key.
    pub status: Option<String>,
    next_job: JobId,
}

impl Wizard {
    /// A new wizard, and the commands to run at start.
    /// `credentials_file` is the default destination of a new key.
    pub fn new(demo: bool, size: (u16, u16), credentials_file: PathBuf) -> (Self, Vec<Command>) {
        let mut w = Self {
            screen: Screen::Welcome,
            demo,
            size,
            discovery: None,
            selected: 0,
            notice: None,
            paste: PasteForm::default(),
            jobs: Vec::new(),
            progress: None,
            signing_in_as: None,
            signed_in: None,
            error: None,
            help: false,
            confirm_quit: false,
            spinner: 0,
            user_choice: 0,
            new_user: NewUserForm::default(),
            users: UserList::default(),
            chosen_user: None,
            dest: DestForm::new(credentials_file),
            keys: KeyStep::default(),
            secret: None,
            saved: None,
            verified: None,
            policy: policy::PolicyStep::default(),
            cco: cco::CcoStep::new(std::path::Path::new("."), None),
            orphans: orphans::OrphanStep::default(),
            recovery: None,
            resume_offer: None,
            resuming: false,
            autoplay: None,
            scroll: None,
            scroll_limit: None,
            status: None,
            next_job: 1,
        };
        let job = w.start_job(JobKind::Discover);
        let journal = w.start_job(JobKind::Journal);
        (
            w,
            vec![
                Command::DiscoverSources { job },
                Command::CheckJournal { job: journal },
            ],
        )
    }

    /// Where ccoctl, the CredentialsRequests and its output go by default, and the install dir.
    pub fn with_workspace(mut self, work: &std::path::Path, install_dir: Option<PathBuf>) -> Self {
        self.cco = cco::CcoStep::new(work, install_dir);
        self
    }

    /// True while a job runs: the app then sends `Tick`s for the spinner.
    pub fn busy(&self) -> bool {
        !self.jobs.is_empty()
    }

    fn start_job(&mut self, kind: JobKind) -> JobId {
        let id = self.next_job;
        self.next_job += 1;
        self.jobs.push(Job { id, kind });
        id
    }

    fn job_of(&self, kind: JobKind) -> Option<JobId> {
        self.jobs.iter().find(|j| j.kind == kind).map(|j| j.id)
    }

    fn finish_job(&mut self, id: JobId) -> Option<JobKind> {
        let pos = self.jobs.iter().position(|j| j.id == id)?;
        Some(self.jobs.remove(pos).kind)
    }

    /// Whether the current screen takes typed text (so letters are not shortcuts).
    pub fn typing(&self) -> bool {
        let typing_screen = match self.screen {
            Screen::Paste | Screen::CreateUser | Screen::SelectUser => true,
            Screen::Destination => {
                self.dest.move_to.is_some()
                    || (self.dest.focus < 2 && self.dest.replace_offer.is_none())
            }
            Screen::Keys => self.keys.confirm.is_some() || self.keys.paste.is_some(),
            Screen::PolicyForm => self.policy.focus < 2,
            Screen::Orphans => self.orphans.confirm.is_some(),
            Screen::Verified => self.keys.confirm.is_some(),
            Screen::CcoSetup | Screen::ProvisionSetup | Screen::TeardownSetup => true,
            _ => false,
        };
        typing_screen && !self.help && !self.confirm_quit
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        let screen = self.screen;
        let cmds = self.update_inner(msg);
        if self.screen != screen {
            self.scroll = None;
            self.scroll_limit = None;
            self.status = None;
            self.cco.show_log = false;
        }
        cmds
    }

    /// What the last frame drew: how far the scrolling pane can go. A position past it (the
    /// terminal grew, the text shrank) comes back to it.
    pub fn set_scroll_limit(&mut self, max: u16) {
        self.scroll_limit = Some(max);
        if let Some(s) = self.scroll
            && s > max
        {
            self.scroll = Some(max);
        }
    }

    /// Whether the screen's scrolling pane follows its end (a tool's output) rather than
    /// starting at its top.
    pub fn scroll_follows_end(&self) -> bool {
        matches!(
            self.screen,
            Screen::CcoRunning | Screen::Provisioning | Screen::TearingDown | Screen::TornDown
        ) || (self.screen == Screen::ProvisionDone && self.cco.show_log)
    }

    /// The app copied the secret: with this local clipboard tool too, or with OSC 52 alone.
    pub fn copied_with(&mut self, tool: Option<&'static str>) {
        if let Some(s) = &mut self.secret {
            s.copied_with = tool;
        }
    }

    /// Whether the scroll keys are not the pane's here: the user list scrolls with its
    /// selection (its ↑↓ and PgUp/PgDn move it), and a question that any other key answers
    /// ("continue? y / any key") keeps every key for its answer.
    pub fn scrolls_itself(&self) -> bool {
        self.screen == Screen::SelectUser
            || (self.screen == Screen::SecretShown
                && self.secret.as_ref().is_some_and(|s| s.confirming))
    }

    /// Scrolls the screen's pane (any screen: one with more text than fits has a pane).
    pub(super) fn scroll_by(&mut self, intent: &Intent) -> bool {
        if self.scrolls_itself() {
            return false;
        }
        let limit = self.scroll_limit.unwrap_or(u16::MAX);
        let here = self
            .scroll
            .unwrap_or(if self.scroll_follows_end() { limit } else { 0 });
        let to = match *intent {
            Intent::Scroll(n) if n < 0 => here.saturating_sub(n.unsigned_abs().min(65535) as u16),
            Intent::Scroll(n) => here.saturating_add(n.min(65535) as u16).min(limit),
            Intent::Top => 0,
            Intent::Bottom => limit,
            _ => return false,
        };
        // At the end of a tool's output it follows the output again.
        self.scroll = if self.scroll_follows_end() && to >= limit {
            None
        } else {
            Some(to)
        };
        true
    }

    fn update_inner(&mut self, msg: Msg) -> Vec<Command> {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Tick => {
                if self.busy() {
                    self.spinner = self.spinner.wrapping_add(1);
                }
                Vec::new()
            }
            Msg::Paste(text) => {
                if self.typing() {
                    match self.screen {
                        Screen::Paste => signin::paste_text(self, &text),
                        Screen::CreateUser => user::paste_into_form(self, &text),
                        Screen::SelectUser => {
                            self.users.filter.paste(&text);
                            self.users.selected = 0;
                        }
                        Screen::Destination => dest::paste_into_dest(self, &text),
                        // The typed confirmation of a retirement (the keys, or a recovery's
                        // old key on the verified screen).
                        Screen::Keys | Screen::Verified => key::paste_into_keys(self, &text),
                        Screen::Orphans => {
                            if let Some(t) = &mut self.orphans.confirm {
                                t.paste(&text);
                            }
                        }
                        Screen::PolicyForm => policy::paste_into_form(self, &text),
                        Screen::CcoSetup | Screen::ProvisionSetup | Screen::TeardownSetup => {
                            cco::paste_into_form(self, &text)
                        }
                        _ => {}
                    }
                }
                Vec::new()
            }
            Msg::Engine(ev) => self.on_engine(*ev),
            Msg::Intent(i) => self.on_intent(i),
        }
    }
}

impl From<EngineEvent> for Msg {
    fn from(ev: EngineEvent) -> Self {
        Msg::Engine(Box::new(ev))
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cco;
#[cfg(test)]
mod tests_key;
#[cfg(test)]
mod tests_orphans;
#[cfg(test)]
mod tests_policy;
#[cfg(test)]
mod tests_recover;
#[cfg(test)]
mod tests_resume;

//! The wizard: a pure state machine. `update(Msg) -> Vec<Command>`; no I/O, no async, no clock
//! (time arrives as `Msg::Tick`). Every transition is tested without a terminal.

pub mod autoplay;
pub mod cco;
pub mod input;
pub mod key;
pub mod keymap;
pub mod orphans;
pub mod policy;
pub mod recover;
pub mod resume;
pub mod signin;
pub mod summary;
pub mod user;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::protocol::*;
use input::{SecretField, TextField};
pub use summary::Mode;

use std::path::PathBuf;

use crate::cloud::model::{CallerIdentity, User};
use crate::creds::Discovery;
use key::{DestForm, KeyStep, SecretView};
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
    Key(KeyEvent),
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
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasteForm {
    pub id: TextField,
    pub secret: SecretField,
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
    Teardown,
    Orphans,
    ResolveOrphan,
    Journal,
    Recheck,
    SaveReport,
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
    /// `--autoplay`: what is happening, shown instead of the key hints.
    pub caption: Option<&'static str>,
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
            caption: None,
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
            Screen::Destination => self.dest.focus < 2 && self.dest.replace_offer.is_none(),
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
                        Screen::Destination => key::paste_into_dest(self, &text),
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
            Msg::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
            Msg::Key(key) => self.on_key(key),
        }
    }

    fn on_engine(&mut self, ev: EngineEvent) -> Vec<Command> {
        let Some(kind) = self.jobs.iter().find(|j| j.id == ev.job).map(|j| j.kind) else {
            return Vec::new(); // a stale job: ignored
        };
        match ev.kind {
            EventKind::Progress(p) => {
                self.progress = Some(p);
                Vec::new()
            }
            EventKind::Partial(p) => {
                match *p {
                    Partial::Users(page) => user::on_users_page(self, page),
                    Partial::Tool(log) => cco::on_tool_log(self, log),
                }
                user::want_details(self)
            }
            EventKind::Finished(outcome) => {
                let outcome = *outcome;
                self.finish_job(ev.job);
                match kind {
                    JobKind::Discover => {
                        signin::on_discovered(self, outcome);
                        Vec::new()
                    }
                    JobKind::SignIn => {
                        let signed_in = matches!(outcome, Outcome::Done(JobOutput::SignedIn(_)));
                        signin::on_signed_in(self, outcome);
                        if signed_in {
                            orphans::check(self)
                        } else {
                            Vec::new()
                        }
                    }
                    JobKind::Orphans => {
                        orphans::on_found(self, outcome);
                        Vec::new()
                    }
                    JobKind::Journal => {
                        resume::on_offer(self, outcome);
                        Vec::new()
                    }
                    JobKind::Recheck => resume::on_rechecked(self, outcome),
                    JobKind::ResolveOrphan => orphans::on_resolved(self, outcome),
                    JobKind::CreateUser => user::on_user_created(self, outcome),
                    JobKind::ListUsers => user::on_users_loaded(self, outcome),
                    JobKind::UserDetails => user::on_details(self, outcome),
                    JobKind::Keyring => {
                        key::on_keyring(self, outcome);
                        Vec::new()
                    }
                    JobKind::Preflight => key::on_preflight(self, outcome),
                    JobKind::RetireKey
                        if self.screen == Screen::Verified && recover::active(self) =>
                    {
                        recover::on_retired(self, outcome);
                        Vec::new()
                    }
                    JobKind::RetireKey => key::on_retired(self, outcome),
                    JobKind::Capture => key::on_captured(self, outcome),
                    JobKind::Verify => {
                        key::on_verified(self, outcome);
                        Vec::new()
                    }
                    JobKind::InspectPolicy => policy::on_found(self, outcome),
                    JobKind::ApplyPolicy => policy::on_applied(self, outcome),
                    JobKind::Probe => {
                        policy::on_probed(self, outcome);
                        Vec::new()
                    }
                    JobKind::Locate => {
                        cco::on_located(self, outcome);
                        Vec::new()
                    }
                    JobKind::Complete => {
                        cco::on_completion(self, outcome);
                        Vec::new()
                    }
                    JobKind::Prepare => {
                        cco::on_prepared(self, outcome);
                        Vec::new()
                    }
                    JobKind::CredRequests => {
                        cco::on_cred_requests(self, outcome);
                        Vec::new()
                    }
                    JobKind::Ccoctl => cco::on_provisioned(self, outcome),
                    JobKind::Place => {
                        cco::on_placed(self, outcome);
                        Vec::new()
                    }
                    JobKind::Teardown => {
                        cco::on_torn_down(self, outcome);
                        Vec::new()
                    }
                    JobKind::SaveReport => {
                        cco::on_report_saved(self, outcome);
                        Vec::new()
                    }
                }
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if self.confirm_quit {
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => self.quit_now(),
                _ if ctrl_c => self.quit_now(),
                _ => {
                    self.confirm_quit = false;
                    Vec::new()
                }
            };
        }
        if self.help {
            self.help = false;
            return Vec::new();
        }
        if ctrl_c {
            return self.request_quit();
        }
        if !self.typing() {
            match key.code {
                KeyCode::Char('?') => {
                    self.help = true;
                    return Vec::new();
                }
                KeyCode::Char('q') => return self.request_quit(),
                _ => {}
            }
        }
        match self.screen {
            Screen::Welcome => match key.code {
                KeyCode::Enter => {
                    self.recovery = None;
                    self.resuming = false;
                    self.cco.teardown_mode = false;
                    self.screen = Screen::SignIn;
                    Vec::new()
                }
                KeyCode::Char('r') => {
                    self.resuming = false;
                    recover::start(self);
                    Vec::new()
                }
                KeyCode::Char('u') => {
                    resume::start(self);
                    Vec::new()
                }
                KeyCode::Char('t') => {
                    self.recovery = None;
                    self.cco.teardown_mode = true;
                    self.screen = Screen::SignIn;
                    Vec::new()
                }
                KeyCode::Esc => self.request_quit(),
                _ => Vec::new(),
            },
            Screen::SignIn => signin::on_list_key(self, key),
            Screen::Paste => signin::on_paste_key(self, key),
            Screen::Checking => match key.code {
                KeyCode::Esc => signin::cancel_sign_in(self),
                _ => Vec::new(),
            },
            Screen::Identity => match key.code {
                KeyCode::Esc => {
                    self.screen = Screen::SignIn;
                    Vec::new()
                }
                KeyCode::Enter => {
                    // Provisioning only signs in as the installer, whose policy is all it needs.
                    if !self.cco.provision_only
                        && self
                            .signed_in
                            .as_ref()
                            .is_some_and(|s| s.ram == RamAccess::Denied)
                    {
                        self.notice = Some(crate::strings::IDENTITY_NO_RAM.to_owned());
                    } else if self.cco.teardown_mode || self.cco.provision_only {
                        return cco::open(self);
                    } else if self.resuming {
                        return resume::recheck(self);
                    } else if recover::active(self) {
                        return user::open_list(self, None);
                    } else {
                        self.screen = Screen::UserChoice;
                    }
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Screen::UserChoice => user::on_choice_key(self, key),
            Screen::CreateUser => user::on_create_key(self, key),
            Screen::SelectUser => user::on_list_key(self, key),
            Screen::Destination => key::on_dest_key(self, key),
            Screen::Keys => key::on_keys_key(self, key),
            Screen::Capturing | Screen::Verifying | Screen::Applying => Vec::new(),
            Screen::Verified if recover::active(self) => recover::on_verified_key(self, key),
            Screen::Verified => match key.code {
                KeyCode::Enter => {
                    policy::open(self);
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Screen::PolicyChoice => policy::on_choice_key(self, key),
            Screen::PolicyViewer => policy::on_viewer_key(self, key),
            Screen::PolicyForm => policy::on_form_key(self, key),
            Screen::PolicyReview => policy::on_review_key(self, key),
            Screen::PolicyDone => match key.code {
                KeyCode::Enter if self.policy.probe == Some(policy::ProbeState::Passed) => {
                    cco::open(self)
                }
                _ => policy::on_done_key(self, key),
            },
            Screen::CcoSetup => cco::on_tools_key(self, key),
            Screen::CcoRunning => {
                cco::on_running_key(self, key, JobKind::Prepare, Screen::CcoSetup)
            }
            Screen::ProvisionSetup => cco::on_prov_key(self, key),
            Screen::ProvisionReview => cco::on_review_key(self, key),
            Screen::Provisioning => {
                cco::on_running_key(self, key, JobKind::Ccoctl, Screen::ProvisionReview)
            }
            Screen::ProvisionDone => cco::on_done_key(self, key),
            Screen::TeardownSetup => cco::on_teardown_key(self, key),
            Screen::TearingDown => {
                cco::on_running_key(self, key, JobKind::Teardown, Screen::TeardownSetup)
            }
            Screen::TornDown => Vec::new(),
            Screen::Orphans => orphans::on_key(self, key),
            Screen::SecretShown => key::on_secret_key(self, key),
            Screen::Error => match key.code {
                KeyCode::Enter
                    if self
                        .error
                        .as_ref()
                        .is_some_and(|e| e.back_to == Screen::Verifying) =>
                {
                    self.error = None;
                    key::verify_again(self)
                }
                KeyCode::Esc
                    if self
                        .error
                        .as_ref()
                        .is_some_and(|e| e.back_to == Screen::Verifying) =>
                {
                    self.error = None;
                    self.screen = Screen::Keys;
                    key::reload(self)
                }
                KeyCode::Esc | KeyCode::Enter => {
                    let back = self
                        .error
                        .take()
                        .map(|e| e.back_to)
                        .unwrap_or(Screen::SignIn);
                    self.screen = back;
                    Vec::new()
                }
                _ => Vec::new(),
            },
        }
    }

    /// Quit at once when nothing would be lost, otherwise ask first.
    fn request_quit(&mut self) -> Vec<Command> {
        let busy = self.jobs.iter().any(|j| {
            !matches!(
                j.kind,
                JobKind::Discover
                    | JobKind::ListUsers
                    | JobKind::UserDetails
                    | JobKind::Keyring
                    | JobKind::Locate
                    | JobKind::Complete
                    | JobKind::Orphans
                    | JobKind::Journal
            )
        });
        if busy || self.secret.is_some() {
            self.confirm_quit = true;
            Vec::new()
        } else {
            self.quit_now()
        }
    }

    fn quit_now(&mut self) -> Vec<Command> {
        let mut cmds: Vec<Command> = self
            .jobs
            .iter()
            .map(|j| Command::Cancel { job: j.id })
            .collect();
        cmds.push(Command::Quit);
        cmds
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

//! Intents into the wizard: the overlays first (a quit being confirmed, the help), then the
//! current screen's step. A screen answers `None` for an intent that is not its own, so the
//! keymap's tests can ask which intents each screen takes (`Wizard::handles`).

use super::*;

impl Wizard {
    pub(super) fn on_intent(&mut self, intent: Intent) -> Vec<Command> {
        if self.confirm_quit {
            return match intent {
                Intent::ConfirmQuit(true) => self.quit_now(),
                _ => {
                    self.confirm_quit = false;
                    Vec::new()
                }
            };
        }
        if self.help {
            // Whatever the person does next closes the help first.
            self.help = false;
            return Vec::new();
        }
        self.status = None;
        self.dispatch(intent).unwrap_or_default()
    }

    /// Whether the wizard, as it stands, takes this intent (for the keymap's tests: every key
    /// shown leads somewhere, and everything a screen takes has a key).
    pub fn handles(&self, intent: &Intent) -> bool {
        if self.confirm_quit {
            return matches!(intent, Intent::ConfirmQuit(_));
        }
        if self.help {
            return *intent == Intent::CloseHelp;
        }
        self.clone().dispatch(intent.clone()).is_some()
    }

    fn dispatch(&mut self, intent: Intent) -> Option<Vec<Command>> {
        match intent {
            // Not while typing: `?` is a character there.
            Intent::Help if !self.typing() => {
                self.help = true;
                return Some(Vec::new());
            }
            Intent::Quit => return Some(self.request_quit()),
            _ => {}
        }
        let scroll = matches!(intent, Intent::Scroll(_) | Intent::Top | Intent::Bottom)
            .then(|| intent.clone());
        let done = self.step(intent);
        // Scrolling is every screen's: a screen's own use of the keys (a list) comes first.
        match (done, scroll) {
            (None, Some(i)) if self.scroll_by(&i) => Some(Vec::new()),
            (done, _) => done,
        }
    }

    fn step(&mut self, intent: Intent) -> Option<Vec<Command>> {
        match self.screen {
            Screen::Welcome => self.on_welcome(intent),
            Screen::SignIn => signin::on_list(self, intent),
            Screen::Paste => signin::on_paste(self, intent),
            Screen::Checking => match intent {
                Intent::Cancel => Some(signin::cancel_sign_in(self)),
                _ => None,
            },
            Screen::Identity => self.on_identity(intent),
            Screen::UserChoice => user::on_choice(self, intent),
            Screen::CreateUser => user::on_create(self, intent),
            Screen::SelectUser => user::on_list(self, intent),
            Screen::Destination => dest::on_dest(self, intent),
            Screen::Keys => key::on_keys(self, intent),
            Screen::Capturing | Screen::Verifying | Screen::Applying | Screen::TornDown => None,
            Screen::Verified if recover::active(self) => recover::on_verified(self, intent),
            Screen::Verified => key::on_verified_setup(self, intent),
            Screen::SecretShown => secret::on_secret(self, intent),
            Screen::PolicyChoice => policy::on_choice(self, intent),
            Screen::PolicyViewer => policy::on_viewer(self, intent),
            Screen::PolicyForm => policy::on_form(self, intent),
            Screen::PolicyReview => policy::on_review(self, intent),
            Screen::PolicyDone => policy::on_done(self, intent),
            Screen::CcoSetup => cco::on_tools(self, intent),
            Screen::CcoRunning => cco::on_extracting(self, intent),
            Screen::ProvisionSetup => cco::on_prov(self, intent),
            Screen::ProvisionReview => cco::on_review(self, intent),
            Screen::Provisioning => {
                cco::on_running(self, intent, JobKind::Ccoctl, Screen::ProvisionReview)
            }
            Screen::ProvisionDone => cco::on_done(self, intent),
            Screen::TeardownSetup => cco::on_teardown(self, intent),
            Screen::TearingDown => {
                cco::on_running(self, intent, JobKind::Teardown, Screen::TeardownSetup)
            }
            Screen::Orphans => orphans::on_intent(self, intent),
            Screen::Error => self.on_error(intent),
        }
    }

    /// The welcome screen: which path to take.
    fn on_welcome(&mut self, intent: Intent) -> Option<Vec<Command>> {
        match intent {
            Intent::StartSetup => {
                self.recovery = None;
                self.resuming = false;
                self.cco.teardown_mode = false;
                self.screen = Screen::SignIn;
            }
            Intent::StartRecovery => {
                self.resuming = false;
                recover::start(self);
            }
            Intent::Resume if self.resume_offer.is_some() => {
                resume::start(self);
            }
            Intent::StartTeardown => {
                self.recovery = None;
                self.cco.teardown_mode = true;
                self.screen = Screen::SignIn;
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    /// Who signed in: on along the chosen path, unless this identity may not manage RAM.
    fn on_identity(&mut self, intent: Intent) -> Option<Vec<Command>> {
        match intent {
            Intent::Back => self.screen = Screen::SignIn,
            Intent::Continue => {
                // Provisioning only signs in as the installer, whose policy is all it needs.
                let denied = self.signed_in.as_ref().is_some_and(|s| s.ram.is_denied());
                if !self.cco.provision_only && denied {
                    self.notice = Some(crate::strings::IDENTITY_NO_RAM().to_owned());
                } else if let Some(role) = self.tools_refuse_role() {
                    // ccoctl, which these paths run, takes no role session's key: said here
                    // (and on the card), before anything is extracted for it.
                    let h = crate::strings::tool_hint(crate::strings::ToolProblem::StsKey);
                    self.notice = Some(format!("{} {} ({role})", h.what, h.todo));
                } else if self.cco.teardown_mode || self.cco.provision_only {
                    return Some(cco::open(self));
                } else if self.resuming {
                    return Some(resume::recheck(self));
                } else if recover::active(self) {
                    return Some(user::open_list(self, None));
                } else {
                    self.screen = Screen::UserChoice;
                }
            }
            _ => return None,
        }
        Some(Vec::new())
    }

    /// An error: back where it came from; a failed verification can be tried again.
    fn on_error(&mut self, intent: Intent) -> Option<Vec<Command>> {
        let verifying = self
            .error
            .as_ref()
            .is_some_and(|e| e.back_to == Screen::Verifying);
        match intent {
            Intent::Continue if verifying => {
                self.error = None;
                Some(secret::verify_again(self))
            }
            Intent::Back if verifying => {
                self.error = None;
                self.screen = Screen::Keys;
                Some(key::reload(self))
            }
            Intent::Back => {
                let back = self
                    .error
                    .take()
                    .map(|e| e.back_to)
                    .unwrap_or(Screen::SignIn);
                self.screen = back;
                Some(Vec::new())
            }
            _ => None,
        }
    }

    /// Quit at once when nothing would be lost, otherwise ask first.
    pub(super) fn request_quit(&mut self) -> Vec<Command> {
        if self.quit_question().is_some() {
            self.confirm_quit = true;
            Vec::new()
        } else {
            self.quit_now()
        }
    }

    /// What quitting now would lose, as the question to ask; `None` when nothing would.
    pub fn quit_question(&self) -> Option<&'static str> {
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
        // A secret on screen is never shown again once ramwiz quits: the question says whether
        // it is saved (then nothing is lost) or not (then it is gone for good).
        match &self.secret {
            Some(s) if s.captured.secret.is_some() && !s.captured.stored_anywhere() => {
                return Some(crate::strings::QUIT_CONFIRM_UNSAVED());
            }
            Some(s) if s.captured.secret.is_some() => {
                return Some(crate::strings::QUIT_CONFIRM_SECRET_SAVED());
            }
            _ => {}
        }
        if busy {
            Some(crate::strings::QUIT_CONFIRM())
        } else {
            None
        }
    }

    pub(super) fn quit_now(&mut self) -> Vec<Command> {
        let mut cmds: Vec<Command> = self
            .jobs
            .iter()
            .map(|j| Command::Cancel { job: j.id })
            .collect();
        cmds.push(Command::Quit);
        cmds
    }
}

//! Drives the wizard without a terminal: the same state machine and engine as the TUI, with
//! each question answered from the answers file. On every screen it does what a person would
//! (fills the form, says what they mean), then waits for the engine; a screen it cannot answer
//! ends the run with a report that names the answers key. It sends intents and reads the
//! wizard through its query methods; it knows no key and no screen's fields.
//!
//! One file per phase: `signin` (sign-in and identity), `user` (the installer's user), `key`
//! (its AccessKey, and orphans), `policy`, `tools` (ccoctl and the components), `recover` and
//! `teardown`.

mod key;
mod policy;
mod recover;
mod signin;
mod teardown;
mod tools;
mod user;

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::mpsc;

use super::answers::Answers;
use crate::engine::Engine;
use crate::protocol::{
    Command, EngineEvent, ErrorReport, EventKind, JobId, Outcome, Partial, ToolLog,
};
use crate::report::{ErrorOut, exit};
use crate::strings::apply as s;
use crate::wizard::Mode;
use crate::wizard::{Field, Intent, Msg, Screen, Wizard};

/// How long one job may stay silent before the run gives up on it.
const SILENCE: Duration = Duration::from_secs(900);
/// Screens visited before the run is declared stuck (a full setup visits about 25).
const MAX_STEPS: usize = 400;
/// Job ids the driver uses for its own commands (the wizard ignores them).
const OWN_JOBS: JobId = 1 << 62;

/// Why the run stopped early.
#[derive(Debug)]
pub struct Stop {
    pub code: u8,
    pub error: Box<ErrorOut>,
}

fn stop(code: u8, key: Option<&str>, title: &str, todo: &str, detail: impl Into<String>) -> Stop {
    Stop {
        code,
        error: Box::new(ErrorOut {
            title: title.to_owned(),
            what: String::new(),
            todo: todo.to_owned(),
            detail: detail.into(),
            key: key.map(str::to_owned),
            code: None,
        }),
    }
}

fn from_report(code: u8, r: &ErrorReport) -> Stop {
    Stop {
        code,
        error: Box::new(ErrorOut {
            title: r.title.clone(),
            what: r.hint.what.to_owned(),
            todo: r.hint.todo.to_owned(),
            detail: r.detail.clone(),
            key: None,
            code: r.code.clone(),
        }),
    }
}

type Step = Result<bool, Stop>;

pub struct Driver<'a> {
    pub w: Wizard,
    engine: Engine,
    rx: mpsc::UnboundedReceiver<EngineEvent>,
    a: Answers,
    dry: bool,
    say: &'a mut dyn FnMut(&str),
    next_own: JobId,
    own_done: Vec<(JobId, Outcome)>,
    /// The job making the custom policy ready ahead, until a stopped run asked what it did.
    prepared: Option<JobId>,
    pub user_created: bool,
    /// The user list was read before creating (an existing user is chosen, not re-created).
    looked_up_user: bool,
    pub warnings: Vec<String>,
    said_identity: bool,
    /// How many of the orphan check's notes were said already.
    orphan_notes_said: usize,
    /// When set, the wizard as it stood on each screen the drive answered (for benchmarks).
    pub screens: Option<Vec<Wizard>>,
}

impl<'a> Driver<'a> {
    pub fn new(
        w: Wizard,
        engine: Engine,
        rx: mpsc::UnboundedReceiver<EngineEvent>,
        a: Answers,
        dry: bool,
        say: &'a mut dyn FnMut(&str),
    ) -> Self {
        Self {
            w,
            engine,
            rx,
            a,
            dry,
            say,
            next_own: OWN_JOBS,
            own_done: Vec::new(),
            prepared: None,
            user_created: false,
            looked_up_user: false,
            warnings: Vec::new(),
            said_identity: false,
            orphan_notes_said: 0,
            screens: None,
        }
    }

    pub fn answers(&self) -> &Answers {
        &self.a
    }

    fn run(&mut self, cmds: Vec<Command>) {
        for c in cmds {
            match c {
                Command::Quit | Command::CopyToClipboard(_) => {}
                // No terminal here: the survey gets its answers from the answers file.
                Command::RunSurvey {
                    job,
                    installer,
                    dir,
                    credentials_file,
                    answers: None,
                } => {
                    let answers = self.survey_answers();
                    self.engine.run(Command::RunSurvey {
                        job,
                        installer,
                        dir,
                        credentials_file,
                        answers,
                    });
                }
                other => self.engine.run(other),
            }
        }
    }

    fn on_event(&mut self, ev: EngineEvent) {
        if ev.job >= OWN_JOBS {
            if let EventKind::Finished(o) = ev.kind {
                self.own_done.push((ev.job, *o));
            }
            return;
        }
        if let EventKind::Partial(p) = &ev.kind
            && let Partial::Tool(log) = p.as_ref()
        {
            match log {
                ToolLog::Start { command, .. } => {
                    let command = command.clone();
                    self.tell(s::SAY_RUNNING, &command);
                }
                ToolLog::Line(l) => tracing::info!(target: "tool", "{l}"),
            }
        }
        let cmds = self.w.update(Msg::from(ev));
        self.run(cmds);
    }

    /// A progress line, worded for a run or a dry run.
    /// A progress line: what was done (or, in a dry run, would be), in the language of the
    /// progress lines (which `--output json` keeps apart from its English report).
    fn tell(&mut self, what: fn() -> s::Say, rest: &str) {
        let what = in_progress(what);
        let verb = if self.dry { what.1 } else { what.0 };
        let line = if rest.is_empty() {
            verb.to_owned()
        } else if verb.ends_with('：') {
            // A full-width colon carries its own space.
            format!("{verb}{rest}")
        } else {
            format!("{verb} {rest}")
        };
        (self.say)(&line);
    }

    /// A warning line of the progress (the report keeps the same text in its own language).
    pub(in crate::headless) fn warn_line(&mut self, text: &str) {
        let line = in_progress(|| s::t_warning(text));
        (self.say)(&line);
    }

    async fn next_event(&mut self) -> Result<(), Stop> {
        match tokio::time::timeout(SILENCE, self.rx.recv()).await {
            Ok(Some(ev)) => {
                self.on_event(ev);
                Ok(())
            }
            Ok(None) => Err(stop(
                self.step_code(),
                None,
                s::STOP_STUCK(),
                "",
                s::ENGINE_GONE(),
            )),
            Err(_) => Err(stop(
                self.step_code(),
                None,
                s::STOP_STUCK(),
                "",
                format!("{} {} s", s::SILENT_FOR(), SILENCE.as_secs()),
            )),
        }
    }

    /// Feeds engine events to the wizard until no job of its runs.
    async fn settle(&mut self) -> Result<(), Stop> {
        while self.w.busy() {
            self.next_event().await?;
        }
        Ok(())
    }

    /// Runs a command of the driver's own and waits for its outcome.
    async fn own(&mut self, make: impl FnOnce(JobId) -> Command) -> Result<Outcome, Stop> {
        let job = self.next_own;
        self.next_own += 1;
        self.engine.run(make(job));
        loop {
            if let Some(i) = self.own_done.iter().position(|(j, _)| *j == job) {
                return Ok(self.own_done.remove(i).1);
            }
            self.next_event().await?;
        }
    }

    /// Says what the person means, then waits until the engine has answered.
    async fn say(&mut self, intent: Intent) -> Result<(), Stop> {
        let cmds = self.w.update(Msg::Intent(intent));
        self.run(cmds);
        self.settle().await
    }

    /// Walks the wizard to the end of the mode's path.
    pub async fn drive(&mut self) -> Result<(), Stop> {
        self.settle().await?;
        let mut last = (self.w.screen, 0usize);
        for _ in 0..MAX_STEPS {
            if let Some(seen) = &mut self.screens {
                seen.push(self.w.clone());
            }
            if self.act().await? {
                return Ok(());
            }
            self.settle().await?;
            // The same screen again and again: something the answers cannot move past.
            last = if last.0 == self.w.screen {
                (last.0, last.1 + 1)
            } else {
                (self.w.screen, 0)
            };
            if last.1 > 8 {
                return Err(self.stuck());
            }
        }
        Err(self.stuck())
    }

    fn stuck(&self) -> Stop {
        let visible = self.w.visible_problems().join(" ");
        let code = if self.in_tools() {
            exit::TOOL
        } else {
            exit::CLOUD
        };
        stop(
            code,
            None,
            s::STOP_STUCK(),
            "",
            format!("{} {:?}: {visible}", s::ON_STEP(), self.w.screen),
        )
    }

    /// The exit code of a stop on the current step: a tool step's is 4, the others' 3.
    fn step_code(&self) -> u8 {
        if self.in_tools() {
            exit::TOOL
        } else {
            exit::CLOUD
        }
    }

    fn in_tools(&self) -> bool {
        matches!(
            self.w.screen,
            Screen::CcoSetup
                | Screen::CcoRunning
                | Screen::ProvisionSetup
                | Screen::ProvisionReview
                | Screen::Provisioning
                | Screen::ProvisionDone
                | Screen::TeardownSetup
                | Screen::TearingDown
        )
    }

    /// One screen: answer it. `Ok(true)` when the mode's path is complete.
    async fn act(&mut self) -> Step {
        match self.w.screen {
            Screen::Welcome => self.welcome().await,
            Screen::SignIn => self.sign_in().await,
            Screen::Identity => self.identity().await,
            Screen::Orphans => self.orphans().await,
            Screen::UserChoice => self.user_choice().await,
            Screen::CreateUser => self.create_user().await,
            Screen::SelectUser => self.select_user().await,
            Screen::Destination => self.destination().await,
            Screen::Keys => self.keys().await,
            Screen::SecretShown => self.secret_shown().await,
            Screen::Verified => self.verified().await,
            Screen::PolicyChoice => self.policy_choice().await,
            Screen::PolicyViewer => {
                self.say(Intent::Back).await?;
                Ok(false)
            }
            Screen::PolicyForm => self.policy_form().await,
            Screen::PolicyReview => self.policy_review().await,
            Screen::PolicyDone => self.policy_done().await,
            Screen::CcoSetup => self.tools().await,
            // ccoctl is ready: the screen that showed its extraction waits for Enter.
            Screen::CcoRunning if self.w.cco.ready.is_some() && !self.w.busy() => {
                self.say(Intent::Continue).await?;
                Ok(false)
            }
            Screen::ProvisionSetup => self.provision_setup().await,
            Screen::ProvisionReview => self.provision_review().await,
            Screen::ProvisionDone => self.provision_done().await,
            Screen::TeardownSetup => self.teardown().await,
            Screen::TornDown => Ok(self.torn_down()),
            Screen::Error
                if self.w.shown_error().and_then(|e| e.report.code.as_deref())
                    == Some(crate::protocol::CODE_ORPHANED) =>
            {
                Err(self.orphan_made().await)
            }
            Screen::Error => Err(self.error_stop()),
            Screen::Paste
            | Screen::Checking
            | Screen::Capturing
            | Screen::Verifying
            | Screen::Applying
            | Screen::CcoRunning
            | Screen::Provisioning
            | Screen::TearingDown => Err(self.stuck()),
        }
    }

    /// The path the answers choose, and what it needs set before sign-in.
    async fn welcome(&mut self) -> Step {
        self.destination_readable()?;
        let start = match self.a.mode {
            Mode::Setup | Mode::Provision => Intent::StartSetup,
            Mode::Recover => Intent::StartRecovery,
            Mode::Teardown => Intent::StartTeardown,
        };
        self.say(start).await?;
        if self.a.mode == Mode::Provision {
            self.w.set_provision_only();
        }
        if let Some(ans) = &self.a.recover {
            self.w.set_recovery_profile(ans.profile.clone());
        }
        Ok(false)
    }

    /// The key's file, read (never written) before anything else: one that cannot take the key
    /// (a FIFO, a directory, a malformed file, a path that is not safe) stops the run before a
    /// user or a key is made for it. The preflight before `CreateAccessKey` checks it again.
    fn destination_readable(&self) -> Result<(), Stop> {
        let Some(k) = self.a.key.as_ref().filter(|_| self.a.mode == Mode::Setup) else {
            return Ok(());
        };
        let file = k
            .file
            .clone()
            .unwrap_or_else(|| PathBuf::from(self.w.field(Field::DestFile)));
        crate::creds::store::inspect(&file, &k.profile).map_err(|e| {
            let mut stop = from_report(
                exit::STORE,
                &crate::engine::dest_report(s::DEST_UNUSABLE(), &e),
            );
            stop.error.key = Some("key.file".into());
            stop
        })?;
        Ok(())
    }

    /// A region ramwiz does not know goes on (new regions appear), with a warning; once.
    fn warn_unknown_region(&mut self, key: &str, region: &str) {
        if let Ok(Some(warn)) = crate::wizard::cco::CcoStep::region_check(region.trim()) {
            let w = format!("{key} = \"{}\": {warn}", region.trim());
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
    }

    /// The error line the current screen's form shows, as a stop with `code` (the answers key
    /// to change, when there is one).
    fn form_stop(&self, code: u8, key: Option<&str>, title: &str) -> Result<(), Stop> {
        match self.w.form_error() {
            Some(e) => Err(stop(code, key, title, "", e)),
            None => Ok(()),
        }
    }

    fn error_stop(&self) -> Stop {
        let Some(e) = self.w.shown_error() else {
            return self.stuck();
        };
        let code = match e.back_to {
            Screen::CcoSetup | Screen::ProvisionReview | Screen::TeardownSetup => exit::TOOL,
            _ => exit::CLOUD,
        };
        from_report(code, &e.report)
    }
}

/// Runs `f` reading the catalogues in the progress lines' language (with `--output json` it is
/// not the process's, which the report speaks).
fn in_progress<R>(f: impl FnOnce() -> R) -> R {
    crate::i18n::with_lang(crate::i18n::progress_lang(), f)
}

//! Drives the wizard without a terminal: the same state machine and engine as the TUI, with
//! each question answered from the answers file. On every screen it does what a person would
//! (fills the form, presses the key), then waits for the engine; a screen it cannot answer
//! ends the run with a report that names the answers key.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

use super::answers::{Answers, OldKey, SignInFrom};
use crate::creds::{SourceRef, SourceStatus};
use crate::engine::Engine;
use crate::protocol::{
    Command, EngineEvent, ErrorReport, EventKind, JobId, Outcome, Partial, RamAccess, ToolLog,
};
use crate::report::{ErrorOut, exit};
use crate::strings::apply as s;
use crate::wizard::Mode;
use crate::wizard::cco::{
    DOWN_CCOCTL, DOWN_CONFIRM, DOWN_NAME, DOWN_REGION, PROV_CREDREQ, PROV_INSTALL, PROV_NAME,
    PROV_OUTPUT, PROV_REGION, TOOL_DIR, TOOL_INSTALLER, TOOL_OC, TOOL_PULL_SECRET,
};
use crate::wizard::policy::ProbeState;
use crate::wizard::recover::RecoveryStage;
use crate::wizard::{Msg, Screen, Wizard};

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
    pub user_created: bool,
    pub warnings: Vec<String>,
    said_identity: bool,
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
            user_created: false,
            warnings: Vec::new(),
            said_identity: false,
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
    fn tell(&mut self, what: s::Say, rest: &str) {
        let verb = if self.dry { what.1 } else { what.0 };
        let line = if rest.is_empty() {
            verb.to_owned()
        } else {
            format!("{verb} {rest}")
        };
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
                s::STOP_STUCK,
                "",
                s::ENGINE_GONE,
            )),
            Err(_) => Err(stop(
                self.step_code(),
                None,
                s::STOP_STUCK,
                "",
                format!("{} {} s", s::SILENT_FOR, SILENCE.as_secs()),
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

    async fn key(&mut self, code: KeyCode) -> Result<(), Stop> {
        let cmds = self
            .w
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.run(cmds);
        self.settle().await
    }

    async fn enter(&mut self) -> Result<(), Stop> {
        self.key(KeyCode::Enter).await
    }

    async fn paste(&mut self, text: &str) -> Result<(), Stop> {
        let cmds = self.w.update(Msg::Paste(text.to_owned()));
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
        let visible = [
            self.w.notice.clone(),
            self.w.new_user.error.clone(),
            self.w.users.error.clone(),
            self.w.dest.error.clone(),
            self.w.keys.notice.clone(),
            self.w.policy.error.clone(),
            self.w.cco.error.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let code = if self.in_tools() {
            exit::TOOL
        } else {
            exit::CLOUD
        };
        stop(
            code,
            None,
            s::STOP_STUCK,
            "",
            format!("{} {:?}: {visible}", s::ON_STEP, self.w.screen),
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
            Screen::Welcome => {
                match self.a.mode {
                    Mode::Setup | Mode::Provision => self.enter().await?,
                    Mode::Recover => self.key(KeyCode::Char('r')).await?,
                    Mode::Teardown => self.key(KeyCode::Char('t')).await?,
                }
                if self.a.mode == Mode::Provision {
                    self.w.cco.provision_only = true;
                }
                if let (Some(r), Some(ans)) = (&mut self.w.recovery, &self.a.recover) {
                    r.profile = ans.profile.clone();
                }
                Ok(false)
            }
            Screen::SignIn => self.sign_in().await,
            Screen::Identity => self.identity().await,
            Screen::Orphans => {
                for o in &self.w.orphans.list {
                    self.warnings.push(format!(
                        "{} {} ({}, {}): {}",
                        crate::strings::ORPHANS_TITLE,
                        o.key_id,
                        o.user,
                        o.create_date,
                        crate::strings::ORPHANS_INTRO
                    ));
                }
                self.key(KeyCode::Esc).await?;
                Ok(false)
            }
            Screen::UserChoice => {
                let create = self.a.user.as_ref().is_some_and(|u| u.create_missing);
                if create {
                    self.w.user_choice = 0;
                    self.enter().await?;
                } else {
                    self.key(KeyCode::Char('s')).await?;
                }
                Ok(false)
            }
            Screen::CreateUser => self.create_user().await,
            Screen::SelectUser => self.select_user().await,
            Screen::Destination => self.destination().await,
            Screen::Keys => self.keys().await,
            Screen::SecretShown => self.secret_shown().await,
            Screen::Verified => self.verified().await,
            Screen::PolicyChoice => {
                let admin = self.a.policy.as_ref().is_some_and(|p| p.administrator);
                self.w.policy.choice = if admin { 0 } else { 1 };
                self.enter().await?;
                Ok(false)
            }
            Screen::PolicyViewer => {
                self.key(KeyCode::Esc).await?;
                Ok(false)
            }
            Screen::PolicyForm => self.policy_form().await,
            Screen::PolicyReview => self.policy_review().await,
            Screen::PolicyDone => self.policy_done().await,
            Screen::CcoSetup => self.tools().await,
            Screen::ProvisionSetup => self.provision_setup().await,
            Screen::ProvisionReview => self.provision_review().await,
            Screen::ProvisionDone => self.provision_done().await,
            Screen::TeardownSetup => self.teardown().await,
            Screen::TornDown => {
                let t = &self.w.cco;
                let rest = format!(
                    "{} ({} user(s))",
                    t.down[DOWN_NAME].value.trim(),
                    t.found_for_delete.len()
                );
                self.tell(s::SAY_TORN_DOWN, &rest);
                Ok(true)
            }
            Screen::Error
                if self.w.error.as_ref().and_then(|e| e.report.code.as_deref())
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

    /// A key was made but its answer was lost: nobody has its secret. With nobody to offer it
    /// to, delete that key (as the wizard's orphan list would; no other orphan is touched),
    /// create no other, and stop.
    async fn orphan_made(&mut self) -> Stop {
        let mut st = self.error_stop();
        let key_id = self
            .w
            .error
            .as_ref()
            .and_then(|e| crate::protocol::orphaned_key(&e.report))
            .map(str::to_owned);
        let mut deleted = false;
        if let Some(id) = &key_id
            && let Err(e) = self.delete_orphan(id).await
        {
            return e;
        }
        if let Some(id) = &key_id {
            deleted = !self.w.orphans.list.iter().any(|o| &o.key_id == id);
        }
        st.error.what = match (&key_id, deleted) {
            (Some(id), true) => format!("{} {} {id}", st.error.what, s::ORPHAN_DELETED),
            _ => format!("{} {}", st.error.what, s::ORPHAN_KEPT),
        };
        st.error.todo = s::ORPHAN_TODO.into();
        st
    }

    /// Leaves the capture's error for the orphan list and deletes `key_id` there.
    async fn delete_orphan(&mut self, key_id: &str) -> Result<(), Stop> {
        self.enter().await?;
        if self.w.screen != Screen::Orphans {
            return Ok(());
        }
        let Some(i) = self.w.orphans.list.iter().position(|o| o.key_id == key_id) else {
            return Ok(());
        };
        self.w.orphans.selected = i;
        self.key(KeyCode::Char('x')).await?;
        self.paste(&crate::wizard::key::last4(key_id)).await?;
        self.enter().await
    }

    fn error_stop(&self) -> Stop {
        let Some(e) = &self.w.error else {
            return self.stuck();
        };
        let code = match e.back_to {
            Screen::CcoSetup | Screen::ProvisionReview | Screen::TeardownSetup => exit::TOOL,
            _ => exit::CLOUD,
        };
        from_report(code, &e.report)
    }

    async fn sign_in(&mut self) -> Step {
        let Some(d) = self.w.discovery.clone() else {
            return Err(self.stuck());
        };
        let ready = |src: &crate::creds::SourceInfo| src.status == SourceStatus::Ready;
        let found = match &self.a.signin {
            // The SDKs' order: the environment first, then the files.
            SignInFrom::Auto => d
                .sources
                .iter()
                .position(|x| x.source == SourceRef::Env && ready(x))
                .or_else(|| d.sources.iter().position(ready)),
            SignInFrom::Env => d.sources.iter().position(|x| x.source == SourceRef::Env),
            SignInFrom::Profile(p) => d
                .sources
                .iter()
                .position(|x| matches!(&x.source, SourceRef::Profile { name, .. } if name == p)),
        };
        let key = match self.a.signin {
            SignInFrom::Profile(_) => "signin.profile",
            _ => "signin.source",
        };
        let Some(i) = found else {
            let mut detail: Vec<String> = d.sources.iter().map(|x| x.label.clone()).collect();
            detail.extend(d.problems.iter().cloned());
            let detail = if detail.is_empty() {
                "none found".to_owned()
            } else {
                format!("found: {}", detail.join(", "))
            };
            return Err(stop(
                exit::ANSWERS,
                Some(key),
                s::STOP_NO_SOURCE,
                s::STOP_NO_SOURCE_TODO,
                detail,
            ));
        };
        if let Some(src) = d.sources.get(i)
            && !ready(src)
        {
            return Err(stop(
                exit::ANSWERS,
                Some(key),
                s::STOP_NO_SOURCE,
                s::STOP_NO_SOURCE_TODO,
                format!("{}: {:?}", src.label, src.status),
            ));
        }
        self.w.selected = i;
        self.enter().await?;
        Ok(false)
    }

    async fn identity(&mut self) -> Step {
        if let Some(si) = self.w.signed_in.clone() {
            if !self.said_identity {
                self.said_identity = true;
                let rest = format!("{} ({})", si.identity.arn, si.source_label);
                self.tell(s::SAY_SIGNED_IN, &rest);
            }
            if si.ram == RamAccess::Denied && self.a.mode != Mode::Provision {
                return Err(stop(
                    exit::CLOUD,
                    None,
                    crate::strings::IDENTITY_NO_RAM,
                    s::STOP_NO_RAM_TODO,
                    si.identity.arn.clone(),
                ));
            }
        }
        self.enter().await?;
        Ok(false)
    }

    async fn create_user(&mut self) -> Step {
        let Some(u) = self.a.user.clone() else {
            return Err(self.stuck());
        };
        if self.w.new_user.exists.as_deref() == Some(u.name.as_str()) {
            if !u.use_existing {
                return Err(stop(
                    exit::ANSWERS,
                    Some("user.if_exists"),
                    s::USER_EXISTS,
                    "",
                    u.name,
                ));
            }
            self.enter().await?; // on to the list, filtered to that name
            return Ok(false);
        }
        if let Some(e) = self.w.new_user.error.clone() {
            return Err(stop(
                exit::CLOUD,
                None,
                crate::strings::USER_STEP_FAILED,
                "",
                e,
            ));
        }
        let f = &mut self.w.new_user;
        f.fields[0].value = u.name.clone();
        f.fields[1].value = u.display_name.clone();
        f.fields[2].value = u.comments.clone();
        f.display_touched = true;
        self.enter().await?;
        if self.w.screen == Screen::Destination {
            self.user_created = true;
            self.tell(s::SAY_USER_CREATED, &u.name);
        }
        Ok(false)
    }

    async fn select_user(&mut self) -> Step {
        let name = match (&self.a.user, &self.a.recover) {
            (Some(u), _) => u.name.clone(),
            (None, Some(r)) => r.user.clone(),
            _ => return Err(self.stuck()),
        };
        if let Some(e) = self.w.users.error.clone() {
            return Err(stop(
                exit::CLOUD,
                None,
                crate::strings::USER_STEP_FAILED,
                "",
                e,
            ));
        }
        self.w.users.filter.value = name.clone();
        let pos = self
            .w
            .users
            .filtered()
            .iter()
            .position(|x| x.user_name == name);
        let Some(i) = pos else {
            let key = if self.a.mode == Mode::Recover {
                "recover.user"
            } else {
                "user.if_missing"
            };
            return Err(stop(exit::ANSWERS, Some(key), s::USER_MISSING, "", name));
        };
        if self.a.user.as_ref().is_some_and(|u| !u.use_existing) {
            return Err(stop(
                exit::ANSWERS,
                Some("user.if_exists"),
                s::USER_EXISTS,
                "",
                name,
            ));
        }
        self.w.users.selected = i;
        self.enter().await?;
        if !self.user_created && self.a.mode == Mode::Setup {
            self.tell(s::SAY_USER_USED, &name);
        }
        Ok(false)
    }

    async fn destination(&mut self) -> Step {
        let Some(k) = self.a.key.clone() else {
            return Err(self.stuck());
        };
        if self.w.dest.replace_offer.is_some() {
            if !k.replace_profile {
                let held = self.w.dest.replace_offer.clone().unwrap_or_default();
                return Err(stop(
                    exit::ANSWERS,
                    Some("key.replace_profile"),
                    s::PROFILE_TAKEN,
                    s::PROFILE_TAKEN_TODO,
                    format!("[{}] holds {held}", k.profile),
                ));
            }
            self.key(KeyCode::Char('b')).await?;
            return Ok(false);
        }
        if let Some(e) = self.w.dest.error.clone() {
            return Err(stop(exit::STORE, Some("key.file"), s::DEST_UNUSABLE, "", e));
        }
        if k.keyring
            && let Some(Err(why)) = &self.w.dest.keyring_available
        {
            return Err(stop(
                exit::STORE,
                Some("key.keyring"),
                s::KEYRING_UNAVAILABLE,
                s::KEYRING_UNAVAILABLE_TODO,
                why.clone(),
            ));
        }
        let d = &mut self.w.dest;
        if let Some(f) = &k.file {
            d.fields[0].value = f.display().to_string();
        }
        d.fields[1].value = k.profile.clone();
        d.keyring = k.keyring;
        self.enter().await?;
        Ok(false)
    }

    async fn keys(&mut self) -> Step {
        if self.w.dest.replace_offer.is_some() {
            let held = self.w.dest.replace_offer.clone().unwrap_or_default();
            return Err(stop(
                exit::ANSWERS,
                Some("recover.profile"),
                s::PROFILE_TAKEN,
                s::RECOVER_PROFILE_TAKEN_TODO,
                held,
            ));
        }
        if let Some(e) = self.w.dest.error.clone() {
            return Err(stop(exit::STORE, None, s::DEST_UNUSABLE, "", e));
        }
        let keys = self
            .w
            .keys
            .details
            .as_ref()
            .map(|d| d.keys.clone())
            .unwrap_or_default();
        if crate::wizard::recover::stage(&self.w) == Some(RecoveryStage::PickLost) {
            let wanted = self.a.recover.as_ref().and_then(|r| r.key_id.clone());
            let pos = match &wanted {
                Some(id) => keys.iter().position(|k| &k.access_key_id == id),
                None if keys.len() == 1 => Some(0),
                None => None,
            };
            let Some(i) = pos else {
                let ids: Vec<&str> = keys.iter().map(|k| k.access_key_id.as_str()).collect();
                return Err(stop(
                    exit::ANSWERS,
                    Some("recover.key_id"),
                    s::RECOVER_WHICH,
                    s::RECOVER_WHICH_TODO,
                    format!("the user's keys: {}", ids.join(", ")),
                ));
            };
            self.w.keys.selected = i;
            self.enter().await?;
            return Ok(false);
        }
        if keys.len() >= 2 {
            return self.retire(&keys).await;
        }
        self.enter().await?;
        Ok(false)
    }

    /// The user has two keys: retire the one the answers name (deactivate, then delete).
    async fn retire(&mut self, keys: &[crate::cloud::model::AccessKeyMeta]) -> Step {
        let target = self.a.key.as_ref().and_then(|k| k.retire.clone());
        let recovering = self.a.mode == Mode::Recover;
        let Some(id) = target.filter(|_| !recovering) else {
            let ids: Vec<String> = keys
                .iter()
                .map(|k| format!("{} ({})", k.access_key_id, k.status))
                .collect();
            let todo = if recovering {
                s::RECOVER_LIMIT_TODO
            } else {
                s::KEY_LIMIT_TODO
            };
            let key = (!recovering).then_some("key.retire");
            return Err(stop(exit::ANSWERS, key, s::KEY_LIMIT, todo, ids.join(", ")));
        };
        let Some(i) = keys.iter().position(|k| k.access_key_id == id) else {
            return Err(stop(
                exit::ANSWERS,
                Some("key.retire"),
                s::RETIRE_UNKNOWN,
                "",
                id,
            ));
        };
        let last4 = crate::wizard::key::last4(&id);
        let active = keys[i].status.eq_ignore_ascii_case("Active");
        for (step, needed) in [('d', active), ('x', true)] {
            if !needed {
                continue;
            }
            let now = self
                .w
                .keys
                .details
                .as_ref()
                .map(|d| d.keys.clone())
                .unwrap_or_default();
            let Some(i) = now.iter().position(|k| k.access_key_id == id) else {
                break; // gone already (a dry run's stand-in)
            };
            self.w.keys.selected = i;
            self.key(KeyCode::Char(step)).await?;
            if self.w.keys.confirm.is_none() {
                let why = self.w.keys.notice.clone().unwrap_or_default();
                return Err(stop(
                    exit::ANSWERS,
                    Some("key.retire"),
                    s::KEY_LIMIT,
                    s::KEY_LIMIT_TODO,
                    why,
                ));
            }
            self.paste(&last4).await?;
            self.enter().await?;
            if self.dry {
                // Nothing was retired: the stand-in list drops it as the real one would.
                if let Some(d) = &mut self.w.keys.details {
                    if step == 'x' {
                        d.keys.retain(|k| k.access_key_id != id);
                    } else if let Some(k) = d.keys.iter_mut().find(|k| k.access_key_id == id) {
                        k.status = "Inactive".into();
                    }
                }
            }
        }
        Ok(false)
    }

    async fn secret_shown(&mut self) -> Step {
        let Some(view) = &self.w.secret else {
            return Err(self.stuck());
        };
        let c = view.captured.clone();
        if !c.stored_anywhere() {
            return Err(self.unstorable(&c).await);
        }
        let mut places = Vec::new();
        if let Ok(f) = &c.file {
            places.push(format!("{} [{}]", f.target.display(), c.dest.profile));
        } else if let Err(e) = &c.file {
            self.warnings.push(format!("the credentials file: {e}"));
        }
        match &c.keyring {
            Some(Ok(())) => places.push("the OS keyring".into()),
            Some(Err(e)) => self.warnings.push(format!("the OS keyring: {e}")),
            None => {}
        }
        let rest = format!("{}, {} {}", c.key_id, s::SAY_SAVED_TO, places.join(" and "));
        self.tell(s::SAY_KEY_SAVED, &rest);
        self.enter().await?;
        self.key(KeyCode::Char('y')).await?;
        if self.w.screen == Screen::Verified {
            self.tell(s::SAY_VERIFIED, "");
        }
        Ok(false)
    }

    /// Every store failed: nobody can be shown the secret, so the key is deleted again.
    async fn unstorable(&mut self, c: &crate::protocol::Captured) -> Stop {
        let user = self
            .w
            .chosen_user
            .as_ref()
            .map(|u| u.user_name.clone())
            .unwrap_or_default();
        let key_id = c.key_id.clone();
        // The secret leaves memory now: it was never shown and never will be.
        self.w.secret = None;
        let deleted = self
            .own(|job| Command::ResolveOrphan {
                job,
                user: user.clone(),
                key_id: key_id.clone(),
                delete: true,
            })
            .await;
        let mut why = Vec::new();
        if let Err(e) = &c.file {
            why.push(format!("credentials file: {e}"));
        }
        if let Some(Err(e)) = &c.keyring {
            why.push(format!("OS keyring: {e}"));
        }
        let what = match deleted {
            Ok(Outcome::Done(_)) => format!("AccessKey {key_id} {}", s::STORE_DELETED),
            Ok(Outcome::Failed(r)) => {
                format!("AccessKey {key_id} {} ({})", s::STORE_NOT_DELETED, r.detail)
            }
            _ => format!("AccessKey {key_id} {}", s::STORE_NOT_DELETED),
        };
        let mut st = stop(
            exit::STORE,
            None,
            s::STOP_STORE,
            s::STORE_TODO,
            why.join("; "),
        );
        st.error.what = what;
        st
    }

    async fn verified(&mut self) -> Step {
        let Some(r) = self.a.recover.clone() else {
            self.enter().await?;
            return Ok(false);
        };
        let old = self
            .w
            .recovery
            .as_ref()
            .and_then(|r| r.old_key.clone())
            .unwrap_or_default();
        match (crate::wizard::recover::stage(&self.w), r.old_key) {
            (_, OldKey::Keep) | (Some(RecoveryStage::Done), _) => Ok(true),
            (Some(RecoveryStage::Deactivated), OldKey::Deactivate) => Ok(true),
            (Some(RecoveryStage::Rotating), _) => {
                self.key(KeyCode::Char('d')).await?;
                self.check_retired(s::SAY_DEACTIVATED, &old)
            }
            (Some(RecoveryStage::Deactivated), OldKey::Delete) => {
                self.key(KeyCode::Char('x')).await?;
                self.paste(&crate::wizard::key::last4(&old)).await?;
                self.enter().await?;
                self.check_retired(s::SAY_DELETED, &old)
            }
            _ => Err(self.stuck()),
        }
    }

    fn check_retired(&mut self, done: s::Say, old: &str) -> Step {
        match self.w.keys.notice.clone() {
            Some(n) => Err(stop(
                exit::CLOUD,
                Some("recover.old_key"),
                s::STOP_STUCK,
                "",
                n,
            )),
            None => {
                self.tell(done, old);
                Ok(false)
            }
        }
    }

    async fn policy_form(&mut self) -> Step {
        let Some(p) = self.a.policy.clone() else {
            return Err(self.stuck());
        };
        if let Some(e) = self.w.policy.error.clone() {
            return Err(stop(
                exit::CLOUD,
                None,
                crate::strings::POLICY_STEP_FAILED,
                "",
                e,
            ));
        }
        let f = &mut self.w.policy;
        f.fields[0].value = p.name.clone();
        f.fields[1].value = p.description.clone();
        f.add_delete_version = p.delete_policy_version;
        self.enter().await?;
        Ok(false)
    }

    async fn policy_review(&mut self) -> Step {
        let Some(p) = self.a.policy.clone() else {
            return Err(self.stuck());
        };
        let diff: Vec<String> = self
            .w
            .policy
            .differences()
            .into_iter()
            .map(|(svc, add, del)| format!("{svc}: +{} -{}", add.join(" +"), del.join(" -")))
            .collect();
        if !p.update_existing {
            return Err(stop(
                exit::ANSWERS,
                Some("policy.update_existing"),
                s::POLICY_DIFFERS,
                s::POLICY_DIFFERS_TODO,
                diff.join("; "),
            ));
        }
        let full = self
            .w
            .policy
            .existing
            .as_ref()
            .is_some_and(|e| e.versions >= 5);
        if full && !p.rotate_oldest {
            return Err(stop(
                exit::ANSWERS,
                Some("policy.rotate_oldest"),
                s::POLICY_FULL,
                s::POLICY_FULL_TODO,
                p.name,
            ));
        }
        self.key(KeyCode::Char('y')).await?;
        Ok(false)
    }

    async fn policy_done(&mut self) -> Step {
        match self.w.policy.probe.clone() {
            Some(ProbeState::Passed) => {
                if let Some(a) = self.w.policy.applied.clone() {
                    self.tell(s::SAY_POLICY, a.plan.name());
                    self.warnings
                        .extend(crate::wizard::policy::attachment_warnings(&a));
                }
                self.enter().await?;
                Ok(false)
            }
            Some(ProbeState::Failed(why)) => Err(stop(
                exit::CLOUD,
                None,
                crate::strings::PROBE_FAILED,
                s::PROBE_FAILED_TODO,
                why,
            )),
            _ => Err(self.stuck()),
        }
    }

    async fn tools(&mut self) -> Step {
        let c = self.a.ccoctl.clone();
        let t = &mut self.w.cco.tools;
        let set = |f: &mut crate::wizard::input::TextField, v: &Option<std::path::PathBuf>| {
            if let Some(p) = v {
                f.value = p.display().to_string();
            }
        };
        set(&mut t[TOOL_INSTALLER], &c.openshift_install);
        set(&mut t[TOOL_OC], &c.oc);
        set(&mut t[TOOL_PULL_SECRET], &c.pull_secret);
        set(&mut t[TOOL_DIR], &c.dir);
        for (i, key, what) in [
            (
                TOOL_INSTALLER,
                "ccoctl.openshift_install",
                crate::strings::TOOL_INSTALLER_MISSING,
            ),
            (TOOL_OC, "ccoctl.oc", crate::strings::TOOL_OC_MISSING),
        ] {
            if t[i].value.trim().is_empty() {
                return Err(stop(exit::TOOL, Some(key), what, s::TOOL_MISSING_TODO, ""));
            }
        }
        self.enter().await?;
        if let Some(r) = self.w.cco.ready.clone() {
            let rest = format!("{} (release {})", r.ccoctl.display(), r.version.version);
            self.tell(s::SAY_CCOCTL, &rest);
            self.warnings.extend(r.warnings);
        }
        Ok(false)
    }

    fn provision_answers(&self) -> Result<super::answers::ProvisionAnswers, Stop> {
        self.a.provision.clone().ok_or_else(|| self.stuck())
    }

    /// The ccoctl step's visible error (the form's line), as a tool stop.
    fn tool_error(&self, key: Option<&str>, title: &str) -> Result<(), Stop> {
        match self.w.cco.error.clone() {
            Some(e) => Err(stop(exit::TOOL, key, title, "", e)),
            None => Ok(()),
        }
    }

    async fn provision_setup(&mut self) -> Step {
        let p = self.provision_answers()?;
        self.tool_error(None, crate::strings::PROVISION_FAILED)?;
        let f = &mut self.w.cco.prov;
        if let Some(n) = &p.name {
            f[PROV_NAME].value = n.clone();
        }
        f[PROV_REGION].value = p.region.clone();
        for (i, v) in [
            (PROV_CREDREQ, &p.credentials_requests_dir),
            (PROV_OUTPUT, &p.output_dir),
            (PROV_INSTALL, &p.install_dir),
        ] {
            if let Some(v) = v {
                f[i].value = v.display().to_string();
            }
        }
        self.enter().await?;
        Ok(false)
    }

    async fn provision_review(&mut self) -> Step {
        let p = self.provision_answers()?;
        if self.w.cco.prov[PROV_NAME].value.trim().is_empty() {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.name"),
                s::NAME_MISSING,
                s::NAME_MISSING_TODO,
                "",
            ));
        }
        if self.w.cco.earlier_run && !p.run_again {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.run_again"),
                s::EARLIER_RUN,
                s::EARLIER_RUN_TODO,
                self.w.cco.prov[PROV_OUTPUT].value.clone(),
            ));
        }
        if self.dry {
            return self.plan_provisioning();
        }
        let (errors, warnings) = self.w.cco.name_check();
        if !errors.is_empty() {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.name"),
                crate::strings::PROVISION_FAILED,
                "",
                errors.join(" "),
            ));
        }
        self.warnings.extend(warnings);
        self.enter().await?;
        Ok(false)
    }

    /// A dry run has no CredentialsRequests to review: it plans the run ccoctl would make.
    fn plan_provisioning(&mut self) -> Step {
        let (errors, _) =
            crate::tools::ccoctl::check_name(self.w.cco.prov[PROV_NAME].value.trim(), &[]);
        if let Some(e) = errors.first() {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.name"),
                crate::strings::PROVISION_FAILED,
                "",
                e.clone(),
            ));
        }
        let Some(ready) = &self.w.cco.ready else {
            return Err(self.stuck());
        };
        let path = |i: usize| std::path::PathBuf::from(self.w.cco.prov[i].value.trim());
        let run = crate::protocol::CcoctlRun {
            ccoctl: ready.ccoctl.clone(),
            name: self.w.cco.prov[PROV_NAME].value.trim().to_owned(),
            region: self.w.cco.prov[PROV_REGION].value.trim().to_owned(),
            credentials_requests_dir: path(PROV_CREDREQ),
            output_dir: path(PROV_OUTPUT),
            use_signed_in_key: self.w.cco.provision_only,
        };
        let output_dir = run.output_dir.clone();
        self.engine.run(Command::RunCcoctl {
            job: self.next_own,
            run,
        });
        self.next_own += 1;
        if let Some(install_dir) = self.w.cco.install_dir() {
            let manual = self.a.provision.as_ref().is_some_and(|p| p.set_manual_mode);
            self.engine.run(Command::PlaceManifests {
                job: self.next_own,
                output_dir,
                install_dir,
                overwrite: Vec::new(),
                manual,
            });
            self.next_own += 1;
        }
        Ok(true)
    }

    async fn provision_done(&mut self) -> Step {
        let p = self.provision_answers()?;
        self.tool_error(None, crate::strings::PROVISION_FAILED)?;
        let placed = self.w.cco.placed.clone().unwrap_or_default();
        if !placed.differing.is_empty() {
            if p.overwrite_manifests {
                self.key(KeyCode::Char('o')).await?;
            } else {
                self.warnings.push(format!(
                    "{} {}",
                    s::DIFFERING_KEPT,
                    placed.differing.join(", ")
                ));
            }
        }
        let placed = self.w.cco.placed.clone().unwrap_or_default();
        if placed.needs_manual && !placed.manual_set && p.set_manual_mode {
            self.key(KeyCode::Char('m')).await?;
        }
        self.tool_error(None, crate::strings::PROVISION_FAILED)?;
        let n = self
            .w
            .cco
            .provisioned
            .as_ref()
            .map_or(0, |p| p.manifests.len());
        self.tell(s::SAY_PROVISIONED, &format!("{n} manifest(s)"));
        Ok(true)
    }

    async fn teardown(&mut self) -> Step {
        let Some(t) = self.a.teardown.clone() else {
            return Err(self.stuck());
        };
        self.tool_error(Some("teardown.name"), crate::strings::TEARDOWN_FAILED)?;
        let ccoctl = t
            .ccoctl
            .clone()
            .or_else(|| self.a.ccoctl.dir.as_ref().map(|d| d.join("ccoctl")));
        let f = &mut self.w.cco.down;
        if let Some(c) = ccoctl {
            f[DOWN_CCOCTL].value = c.display().to_string();
        }
        f[DOWN_NAME].value = t.name.clone();
        f[DOWN_REGION].value = t.region.clone();
        f[DOWN_CONFIRM].value = t.name.clone();
        self.enter().await?;
        Ok(false)
    }
}

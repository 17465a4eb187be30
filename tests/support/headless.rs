//! The wizard and the engine wired together without a terminal, against the demo's simulated
//! cloud: intents go in, commands run for real, events come back, until nothing is running.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ramwiz::demo::Demo;
use ramwiz::engine::Engine;
use ramwiz::protocol::{Command, EngineEvent};
use ramwiz::wizard::{Intent, Msg, PolicyKind, Screen, Typed, Wizard};
use tokio::sync::mpsc;

pub struct Headless {
    pub w: Wizard,
    pub engine: Engine,
    pub rx: mpsc::UnboundedReceiver<EngineEvent>,
    pub demo: Demo,
    pub dir: tempfile::TempDir,
}

impl Headless {
    /// A demo in a temp dir; the probe gives up after `probe_secs`.
    pub async fn start(probe_secs: u64) -> Headless {
        Self::start_env(probe_secs, &[]).await
    }

    /// The same, with extra environment for the simulated tools (faults, release, arch).
    pub async fn start_env(probe_secs: u64, tool_env: &[(&str, &str)]) -> Headless {
        Self::start_in(tempfile::tempdir().unwrap(), 0, probe_secs, tool_env).await
    }

    /// A demo in `dir`, its simulated cloud's ids and secrets drawn from `seed` (0: random).
    pub async fn start_in(
        dir: tempfile::TempDir,
        seed: u64,
        probe_secs: u64,
        tool_env: &[(&str, &str)],
    ) -> Headless {
        let exe = std::path::Path::new(env!("CARGO_BIN_EXE_ramwiz"));
        let mut demo =
            ramwiz::demo::start_seeded(Some(dir.path()), exe, ramwiz::sim::Faults::default(), seed)
                .await
                .unwrap();
        demo.config.patience.probe = Duration::from_secs(probe_secs);
        for (k, v) in tool_env {
            demo.config
                .tools
                .env
                .push(((*k).to_owned(), (*v).to_owned()));
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let mut engine = Engine::new(demo.config.clone(), tx);
        let (w, cmds) = Wizard::new(
            true,
            (100, 30),
            demo.config.locations.credentials_file.clone(),
        );
        let w = w.with_workspace(&demo.dir, Some(demo.install_dir()));
        for c in cmds {
            engine.run(c);
        }
        let mut h = Headless {
            w,
            engine,
            rx,
            demo,
            dir,
        };
        h.settle().await;
        h
    }

    fn run(&mut self, cmds: Vec<Command>) {
        for c in cmds {
            match c {
                Command::Quit | Command::CopyToClipboard(_) => {}
                other => self.engine.run(other),
            }
        }
    }

    /// Feeds engine events to the wizard until no job is running.
    pub async fn settle(&mut self) {
        while self.w.busy() {
            let ev = tokio::time::timeout(Duration::from_secs(30), self.rx.recv())
                .await
                .expect("a job hung")
                .expect("engine gone");
            let cmds = self.w.update(Msg::from(ev));
            self.run(cmds);
        }
    }

    /// What a person means, then waits until nothing runs.
    pub async fn say(&mut self, intent: Intent) {
        self.say_nowait(intent);
        self.settle().await;
    }

    /// The same, without waiting for what it starts.
    pub fn say_nowait(&mut self, intent: Intent) {
        let cmds = self.w.update(Msg::Intent(intent));
        self.run(cmds);
    }

    /// Signs in with the highlighted source (the demo's admin profile).
    pub async fn sign_in(&mut self) {
        self.say(Intent::ChooseSource(self.w.selected)).await;
    }

    /// Types `s` into the field being edited, one character at a time.
    pub async fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.say(Intent::Type(Typed(c))).await;
        }
    }

    /// What a person does on `screen` to go on with the setup (typing `user` as the name).
    async fn go_on(&mut self, user: &str) {
        let next = match self.w.screen {
            Screen::Welcome => Intent::StartSetup,
            Screen::SignIn => Intent::ChooseSource(self.w.selected),
            Screen::UserChoice => Intent::CreateUser,
            Screen::CreateUser => {
                self.typed(user).await;
                Intent::Continue
            }
            Screen::PolicyChoice => Intent::ChoosePolicy(PolicyKind::Okd),
            Screen::Keys => Intent::CreateKey,
            Screen::SecretShown => {
                self.say(Intent::Continue).await;
                Intent::Answer(true)
            }
            _ => Intent::Continue,
        };
        self.say(next).await;
    }

    /// Stops this ramwiz (wizard and engine) and starts a new one on the same demo dir and
    /// cloud, as a person restarting it after a crash would.
    pub async fn restart(&mut self) {
        let (tx, rx) = mpsc::unbounded_channel();
        self.engine = Engine::new(self.demo.config.clone(), tx);
        self.rx = rx;
        let (w, cmds) = Wizard::new(
            true,
            (100, 30),
            self.demo.config.locations.credentials_file.clone(),
        );
        self.w = w.with_workspace(&self.demo.dir, Some(self.demo.install_dir()));
        self.run(cmds);
        self.settle().await;
    }

    /// From wherever the wizard is, walks on to the manifests in the install dir.
    pub async fn finish_setup(&mut self, user: &str) {
        for _ in 0..40 {
            match self.w.screen {
                Screen::ProvisionDone => return,
                Screen::Destination => {
                    self.go_on(user).await;
                    if self.w.dest.replace_offer.is_some() {
                        self.say(Intent::ReplaceProfile).await;
                    }
                }
                Screen::Welcome
                | Screen::SignIn
                | Screen::Identity
                | Screen::UserChoice
                | Screen::PolicyChoice
                | Screen::PolicyForm
                | Screen::CreateUser
                | Screen::Keys
                | Screen::SecretShown
                | Screen::Verified
                | Screen::PolicyDone
                | Screen::CcoSetup
                | Screen::CcoRunning
                | Screen::ProvisionSetup
                | Screen::ProvisionReview => self.go_on(user).await,
                other => panic!(
                    "stuck on {other:?}: {:?} {:?}",
                    self.w.error, self.w.cco.error
                ),
            }
        }
        panic!("did not reach the end: {:?}", self.w.screen);
    }

    /// Walks the setup (user `okd` created) until `stop` is the screen.
    pub async fn walk_until(&mut self, stop: Screen) {
        for _ in 0..40 {
            if self.w.screen == stop {
                return;
            }
            self.go_on("okd").await;
        }
        panic!("never reached {stop:?}; on {:?}", self.w.screen);
    }

    /// From the verified key: the custom policy, attached and in effect; then Enter to ccoctl.
    pub async fn walk_to_ccoctl(&mut self, user: &str) {
        self.walk_to_verified_key(user).await;
        self.say(Intent::Continue).await; // policy choice
        self.say(Intent::ChoosePolicy(PolicyKind::Okd)).await; // custom form
        self.say(Intent::Continue).await; // create, attach, probe
        assert!(
            matches!(
                self.w.policy.probe,
                Some(ramwiz::wizard::policy::ProbeState::Passed)
            ),
            "{:?}",
            self.w.policy.probe
        );
        self.say(Intent::Continue).await; // ccoctl tools form, tools located
        assert_eq!(self.w.screen, Screen::CcoSetup);
    }

    /// Signs in with the demo profile, creates `user` and its key, confirms and verifies it.
    pub async fn walk_to_verified_key(&mut self, user: &str) {
        self.say(Intent::StartSetup).await; // welcome
        self.sign_in().await; // demo-admin
        assert_eq!(self.w.screen, Screen::Identity, "{:?}", self.w.error);
        self.say(Intent::Continue).await;
        self.say(Intent::CreateUser).await;
        self.typed(user).await;
        self.say(Intent::Continue).await;
        assert_eq!(
            self.w.screen,
            Screen::Destination,
            "{:?}",
            self.w.new_user.error
        );
        self.say(Intent::Continue).await; // preflight
        assert_eq!(self.w.screen, Screen::Keys, "{:?}", self.w.dest.error);
        self.say(Intent::CreateKey).await; // create the key
        assert_eq!(self.w.screen, Screen::SecretShown, "{:?}", self.w.error);
        self.say(Intent::Continue).await;
        self.say(Intent::Answer(true)).await;
        assert_eq!(self.w.screen, Screen::Verified, "{:?}", self.w.error);
    }

    /// The simulated cloud's view of one custom policy: (default version, number of versions).
    pub fn policy_versions(&self, name: &str) -> Option<(String, usize)> {
        let state = self.demo.sim.state_json();
        let p = state["policies"]
            .as_array()?
            .iter()
            .find(|p| p["name"] == name || p["policy_name"] == name)?
            .clone();
        let versions = p["versions"].as_array().map_or(0, Vec::len);
        let default = p["default_version"].as_str().unwrap_or_default().to_owned();
        Some((default, versions))
    }
}

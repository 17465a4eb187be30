//! The engine: the only place that waits on the network, the disk or a child process.
//!
//! It runs each [`Command`] as a tokio task, streams [`EngineEvent`]s tagged with the job id, and
//! ends every job with exactly one outcome (done, failed as data, or cancelled). It owns the
//! signed-in client (and so the sign-in secret); the wizard only ever sees descriptions.

mod capture;
mod cco;
mod config;
pub mod dry;
mod installer;
mod journal;
pub mod known;
mod locate;
mod orphans;
mod paths;
mod place;
mod policy;
mod resume;
mod signin;
mod users;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{Mutex, mpsc};
use tokio::task::AbortHandle;

pub use capture::dest_report;
pub use config::{EngineConfig, KeyringChoice, Patience, ToolsConfig};
pub use installer::FILE_VAR as INSTALLER_CREDENTIALS_VAR;
pub use journal::{Journal, Unsaved, last_run, unsaved_keys};

use crate::cloud::{Client, CloudError, Credentials};
use crate::creds::keyring::Keyring;
use crate::protocol::{Command, EngineEvent, ErrorReport, EventKind, JobId, Outcome};
use crate::strings;

/// How many times a create call whose outcome is unknown is reconciled (and, when it proves
/// not to have happened, tried again) before the job gives up.
pub const RECONCILE_ROUNDS: u32 = 3;

/// Calls `call` until it succeeds, fails in a way `wait_for` does not accept, or `window` runs
/// out; reports each attempt with `progress(attempt, seconds_left)`. Costs nothing when the
/// first attempt works.
pub async fn keep_trying<T, F, Fut>(
    window: std::time::Duration,
    r: &Reporter,
    progress: fn(u32, u32) -> crate::protocol::Progress,
    wait_for: fn(&CloudError) -> bool,
    mut call: F,
) -> Result<T, CloudError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, CloudError>>,
{
    let started = std::time::Instant::now();
    let step = std::time::Duration::from_secs(1);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let left = window.saturating_sub(started.elapsed());
        r.progress(progress(attempt, left.as_secs() as u32));
        match call().await {
            Err(e) if wait_for(&e) && started.elapsed() + step < window => {
                tracing::info!(attempt, code = ?e.code(), "not in effect yet; waiting");
                tokio::time::sleep(step).await;
            }
            other => return other,
        }
    }
}

/// Sends a job's events; guarantees a single outcome even when a cancel races the finish.
#[derive(Clone)]
pub struct Reporter {
    job: JobId,
    tx: mpsc::UnboundedSender<EngineEvent>,
    finished: Arc<AtomicBool>,
}

impl Reporter {
    pub fn partial(&self, p: crate::protocol::Partial) {
        if !self.finished.load(Ordering::SeqCst) {
            let _ = self.tx.send(EngineEvent {
                job: self.job,
                kind: EventKind::Partial(Box::new(p)),
            });
        }
    }

    pub fn progress(&self, p: crate::protocol::Progress) {
        if !self.finished.load(Ordering::SeqCst) {
            let _ = self.tx.send(EngineEvent {
                job: self.job,
                kind: EventKind::Progress(p),
            });
        }
    }

    /// Sends the outcome unless one was sent already. Returns whether it was sent.
    pub fn finish(&self, outcome: Outcome) -> bool {
        if self.finished.swap(true, Ordering::SeqCst) {
            return false;
        }
        let _ = self.tx.send(EngineEvent {
            job: self.job,
            kind: EventKind::Finished(Box::new(outcome)),
        });
        true
    }
}

/// State shared by the engine's tasks.
pub struct Shared {
    pub config: EngineConfig,
    /// The client of the signed-in identity, for the steps after sign-in.
    pub session: Mutex<Option<Client>>,
    /// The signed-in account's ID: key intents are recorded with it, and the orphan check
    /// looks only at this account's.
    pub account: std::sync::Mutex<Option<String>>,
    pub journal: Option<Journal>,
    /// This run's lock, taken at its first key intent and held until the engine goes.
    pub run_lock: std::sync::Mutex<Option<journal::RunLock>>,
    /// The keyring once it answered a probe.
    pub keyring: std::sync::Mutex<Option<Keyring>>,
    /// The installer user's new key (name, credentials): memory only, for verifying it and
    /// for the steps after it. Never sent to the wizard after the secret screen.
    pub installer: Mutex<Option<(String, Credentials)>>,
    /// A working key of the installer's user found in the destination profile (a rerun),
    /// waiting for the person to keep it: (user, key ID, credentials).
    pub held: Mutex<Option<(String, String, Credentials)>>,
    /// What this run knows without asking again (fresh users, a policy made ready ahead).
    pub known: known::Known,
}

/// Writes the summary report as `ramwiz-report-<UTC time>.md` in `dir`.
async fn save_report(dir: PathBuf, text: String, r: Reporter) {
    let stamp = crate::cloud::sign::format_timestamp(time::OffsetDateTime::now_utc())
        .replace([':', '-'], "");
    let path = dir.join(format!("ramwiz-report-{stamp}.md"));
    let p = path.clone();
    let written = tokio::task::spawn_blocking(move || {
        crate::creds::atomic::write_private(&p, text.as_bytes())
    })
    .await
    .map_err(std::io::Error::other)
    .and_then(|w| w);
    r.finish(match written {
        Ok(_) => Outcome::Done(crate::protocol::JobOutput::ReportSaved(path)),
        Err(e) => Outcome::Failed(ErrorReport {
            title: strings::REPORT_FAILED().into(),
            hint: strings::dest_hint(strings::DestProblem::NotWritable),
            detail: format!("{}: {e}", path.display()),
            code: None,
        }),
    });
}

/// The signed-in client, or an error saying nobody is signed in.
pub async fn session(shared: &Shared) -> Result<Client, CloudError> {
    shared
        .session
        .lock()
        .await
        .clone()
        .ok_or_else(|| CloudError::Config(strings::NOT_SIGNED_IN().into()))
}

pub struct Engine {
    shared: Arc<Shared>,
    tx: mpsc::UnboundedSender<EngineEvent>,
    running: HashMap<JobId, (AbortHandle, Reporter)>,
}

impl Engine {
    pub fn new(config: EngineConfig, tx: mpsc::UnboundedSender<EngineEvent>) -> Self {
        let journal = config.journal.clone().map(Journal::new);
        Self {
            shared: Arc::new(Shared {
                config,
                session: Mutex::new(None),
                account: std::sync::Mutex::new(None),
                journal,
                run_lock: std::sync::Mutex::new(None),
                keyring: std::sync::Mutex::new(None),
                installer: Mutex::new(None),
                held: Mutex::new(None),
                known: known::Known::default(),
            }),
            tx,
            running: HashMap::new(),
        }
    }

    pub fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    /// Starts a command. Must be called inside a tokio runtime. `Quit` is the app's business.
    pub fn run(&mut self, cmd: Command) {
        let cmd = paths::absolute(cmd);
        self.running.retain(|_, (h, _)| !h.is_finished());
        if let Some(log) = &self.shared.config.dry_run
            && let Some((job, outcome)) = dry::intercept(&cmd, log)
        {
            self.spawn(job, move |r| async move {
                r.finish(outcome);
            });
            return;
        }
        match cmd {
            Command::Quit => {}
            Command::Cancel { job } => {
                if let Some((handle, reporter)) = self.running.remove(&job) {
                    handle.abort();
                    reporter.finish(Outcome::Cancelled);
                    tracing::info!(job, "job cancelled");
                }
            }
            Command::DiscoverSources { job } => {
                let loc = self.shared.config.locations.clone();
                self.spawn(job, move |r| async move {
                    let found =
                        tokio::task::spawn_blocking(move || crate::creds::sources::discover(&loc))
                            .await;
                    match found {
                        Ok(d) => r.finish(Outcome::Done(crate::protocol::JobOutput::Sources(d))),
                        Err(e) => r.finish(Outcome::Failed(ErrorReport {
                            title: strings::DISCOVERY_FAILED().into(),
                            hint: strings::decode_hint(),
                            detail: e.to_string(),
                            code: None,
                        })),
                    };
                });
            }
            Command::SignIn { job, with } => {
                self.spawn_shared(job, move |shared, r| signin::run(shared, with, r))
            }
            Command::CreateUser {
                job,
                name,
                display_name,
                comments,
            } => {
                self.spawn_shared(job, move |shared, r| {
                    users::create(shared, name, display_name, comments, r)
                });
            }
            Command::ListUsers { job } => self.spawn_shared(job, users::list),
            Command::LoadUserDetails {
                job,
                user,
                credentials_file,
            } => {
                self.spawn_shared(job, move |shared, r| {
                    users::details(shared, user, credentials_file, r)
                });
            }
            Command::ProbeKeyring { job } => self.spawn_shared(job, probe_keyring),
            Command::Preflight { job, dest } => {
                self.spawn(job, move |r| capture::preflight(dest, r))
            }
            Command::DetachPolicy {
                job,
                user,
                policy_name,
                policy_type,
            } => self.spawn_shared(job, move |shared, r| {
                policy::detach(shared, user, policy_name, policy_type, r)
            }),
            Command::ForgetKey { job, key_id, file } => {
                self.spawn(job, move |r| capture::forget(key_id, file, r))
            }
            Command::RetireKey {
                job,
                user,
                key_id,
                delete,
            } => {
                self.spawn_shared(job, move |shared, r| {
                    capture::retire(shared, user, key_id, delete, r)
                });
            }
            Command::CreateKey {
                job,
                user,
                dest,
                replaces,
            } => {
                self.spawn_shared(job, move |shared, r| {
                    capture::create_key(shared, user, dest, replaces, r)
                });
            }
            Command::SaveAgain { job, dest } => {
                self.spawn_shared(job, move |shared, r| capture::save_again(shared, dest, r))
            }
            Command::AdoptKey {
                job,
                user,
                key_id,
                secret,
                dest,
            } => {
                self.spawn_shared(job, move |shared, r| {
                    capture::adopt_key(shared, user, key_id, secret, dest, r)
                });
            }
            Command::VerifyKey { job, user } => {
                self.spawn_shared(job, move |shared, r| capture::verify(shared, user, r))
            }
            Command::PreparePolicy {
                job,
                name,
                document,
                description,
            } => {
                // Recorded before the job starts, so a later InspectPolicy waits for it.
                let p = self.shared.known.prepare(&name, &document, &description);
                self.spawn_shared(job, move |shared, r| policy::prepare(shared, p, r))
            }
            Command::InspectPolicy { job, name } => {
                self.spawn_shared(job, move |shared, r| policy::inspect(shared, name, r))
            }
            Command::ApplyPolicy { job, user, plan } => {
                self.spawn_shared(job, move |shared, r| policy::apply(shared, user, plan, r))
            }
            Command::ProbePermission { job, user, .. } => {
                self.spawn_shared(job, move |shared, r| policy::probe(shared, user, r))
            }
            Command::LocateTools { job } => self.spawn_shared(job, locate::locate_tools),
            Command::CompletePath { job, field, value } => {
                self.spawn(job, move |r| locate::complete_path(field, value, r))
            }
            Command::PrepareCcoctl { job, tools } => {
                self.spawn_shared(job, move |shared, r| cco::prepare_ccoctl(shared, tools, r))
            }
            Command::ExtractCredRequests {
                job,
                tools,
                release_image,
                dir,
                install_dir,
                output_dir,
                reuse_existing,
            } => {
                let shared = self.shared.clone();
                self.spawn(job, move |r| {
                    let req = cco::RequestsJob {
                        tools,
                        release_image,
                        dir,
                        install_dir,
                        output_dir,
                        reuse_existing,
                    };
                    cco::extract_requests(shared, req, r)
                });
            }
            Command::RunCcoctl { job, run } => {
                self.spawn_shared(job, move |shared, r| cco::run_ccoctl(shared, run, r))
            }
            Command::PlaceManifests { job, placement } => {
                self.spawn_shared(job, move |shared, r| {
                    place::place_manifests(shared, placement, r)
                });
            }
            Command::InstallerCredentials { job, saved } => {
                self.spawn_shared(job, move |shared, r| {
                    installer::installer_credentials(shared, saved, r)
                });
            }
            Command::RunSurvey {
                job,
                installer,
                dir,
                credentials_file,
                answers,
            } => self.spawn_shared(job, move |shared, r| {
                installer::run_survey(shared, installer, dir, credentials_file, answers, r)
            }),
            Command::RunTeardown {
                job,
                ccoctl,
                name,
                region,
            } => self.spawn_shared(job, move |shared, r| {
                cco::teardown(shared, ccoctl, name, region, r)
            }),
            Command::FindOrphans { job } => self.spawn_shared(job, orphans::find),
            Command::SaveReport { job, dir, text } => {
                self.spawn(job, move |r| save_report(dir, text, r))
            }
            Command::ResolveOrphan {
                job,
                user,
                key_id,
                delete,
            } => {
                self.spawn_shared(job, move |shared, r| {
                    orphans::resolve(shared, user, key_id, delete, r)
                });
            }
            Command::CheckHeldKey {
                job,
                user,
                account_id,
                key_id,
                file,
                profile,
            } => self.spawn_shared(job, move |shared, r| {
                let held = resume::Held {
                    user,
                    account_id,
                    key_id,
                    file,
                    profile,
                };
                resume::check_held(shared, held, r)
            }),
            Command::KeepHeldKey { job, key_id } => {
                self.spawn_shared(job, move |shared, r| resume::keep_held(shared, key_id, r))
            }
            Command::CheckJournal { job } => self.spawn_shared(job, resume::check_journal),
            Command::Recheck { job, record } => {
                self.spawn_shared(job, move |shared, r| resume::recheck(shared, *record, r))
            }
            // The terminal's business, not the engine's.
            Command::CopyToClipboard(_) => {}
        }
    }

    /// `spawn` for a job that needs the engine's shared state.
    fn spawn_shared<F, Fut>(&mut self, job: JobId, f: F)
    where
        F: FnOnce(Arc<Shared>, Reporter) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let shared = self.shared.clone();
        self.spawn(job, move |r| f(shared, r));
    }

    fn spawn<F, Fut>(&mut self, job: JobId, f: F)
    where
        F: FnOnce(Reporter) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let reporter = Reporter {
            job,
            tx: self.tx.clone(),
            finished: Arc::new(AtomicBool::new(false)),
        };
        let fut = f(reporter.clone());
        let guard = reporter.clone();
        let handle = tokio::spawn(async move {
            // A job that panics, or forgets its outcome, still ends with exactly one.
            let ended =
                futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(fut)).await;
            let detail = if ended.is_err() {
                strings::JOB_PANICKED()
            } else {
                ""
            };
            guard.finish(Outcome::Failed(ErrorReport {
                title: strings::JOB_ENDED().into(),
                hint: strings::decode_hint(),
                detail: detail.into(),
                code: None,
            }));
        });
        self.running.insert(job, (handle.abort_handle(), reporter));
    }
}

/// An error as the user sees it, built from a cloud error.
pub fn report(title: &str, e: &CloudError) -> ErrorReport {
    let mut title = title.to_owned();
    let mut detail = e.to_string();
    if let Some(api) = e.api()
        && api.code == "NoPermission"
    {
        match api.refused_action() {
            // The server named what it refused: said first, in the title and in the detail
            // (forms that show an error inline show only the detail).
            Some(refused) => {
                let lacks = format!("{} {refused}", strings::IDENTITY_LACKS());
                title = format!("{title}: {lacks}");
                detail = match api
                    .denied
                    .as_ref()
                    .and_then(|d| d.no_permission_type.as_ref())
                {
                    Some(t) => format!("{lacks} ({t}) — {detail}"),
                    None => format!("{lacks} — {detail}"),
                };
            }
            // It did not: the call's own RAM action is the likely one.
            None => {
                detail = format!(
                    "{} ram:{} — {detail}",
                    strings::MISSING_PERMISSION(),
                    api.action
                )
            }
        }
    }
    // A signature mismatch's message quotes the server's string to sign: not shown.
    if let Some(api) = e.api()
        && !api.message.is_empty()
        && api.code != "SignatureDoesNotMatch"
    {
        let msg: String = api.message.chars().take(300).collect();
        detail.push_str(" — ");
        detail.push_str(&msg);
    }
    ErrorReport {
        title,
        hint: e.hint(),
        detail,
        code: e.code().map(str::to_owned),
    }
}

/// Finds out whether a keyring answers, and keeps it for the save.
async fn probe_keyring(shared: Arc<Shared>, r: Reporter) {
    let choice = shared.config.keyring.clone();
    let found = tokio::task::spawn_blocking(move || {
        let kr = match choice {
            KeyringChoice::Off => return Err(strings::KEYRING_OFF().to_owned()),
            KeyringChoice::Given(k) => k,
            KeyringChoice::Platform => Keyring::platform().map_err(|e| e.plain())?,
        };
        kr.probe().map_err(|e| e.plain())?;
        Ok(kr)
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    let answer = match found {
        Ok(kr) => {
            if let Ok(mut slot) = shared.keyring.lock() {
                *slot = Some(kr);
            }
            Ok(())
        }
        Err(e) => Err(e),
    };
    r.finish(Outcome::Done(crate::protocol::JobOutput::Keyring(answer)));
}

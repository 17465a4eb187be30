//! The engine: the only place that waits on the network, the disk or a child process.
//!
//! It runs each [`Command`] as a tokio task, streams [`EngineEvent`]s tagged with the job id, and
//! ends every job with exactly one outcome (done, failed as data, or cancelled). It owns the
//! signed-in client (and so the sign-in secret); the wizard only ever sees descriptions.

mod journal;
mod signin;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{Mutex, mpsc};
use tokio::task::AbortHandle;

pub use journal::Journal;

use crate::cloud::{Client, CloudError, Endpoints, RetryPolicy};
use crate::creds::Locations;
use crate::strings;
use crate::wizard::{Command, EngineEvent, ErrorReport, EventKind, JobId, Outcome};

/// What the engine needs to know about the outside world.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    pub endpoints: Endpoints,
    pub locations: Locations,
    pub retry: RetryPolicy,
    pub journal: Option<PathBuf>,
}

/// Sends a job's events; guarantees a single outcome even when a cancel races the finish.
#[derive(Clone)]
pub struct Reporter {
    job: JobId,
    tx: mpsc::UnboundedSender<EngineEvent>,
    finished: Arc<AtomicBool>,
}

impl Reporter {
    pub fn progress(&self, p: crate::wizard::Progress) {
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
    pub journal: Option<Journal>,
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
                journal,
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
        self.running.retain(|_, (h, _)| !h.is_finished());
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
                        Ok(d) => r.finish(Outcome::Done(crate::wizard::JobOutput::Sources(d))),
                        Err(e) => r.finish(Outcome::Failed(ErrorReport {
                            title: strings::DISCOVERY_FAILED.into(),
                            hint: strings::decode_hint(),
                            detail: e.to_string(),
                        })),
                    };
                });
            }
            Command::SignIn { job, with } => {
                let shared = self.shared.clone();
                self.spawn(job, move |r| signin::run(shared, with, r));
            }
        }
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
            fut.await;
            // A job that forgot its outcome still ends with one.
            guard.finish(Outcome::Failed(ErrorReport {
                title: strings::JOB_ENDED.into(),
                hint: strings::decode_hint(),
                detail: String::new(),
            }));
        });
        self.running.insert(job, (handle.abort_handle(), reporter));
    }
}

/// An error as the user sees it, built from a cloud error.
pub fn report(title: &str, e: &CloudError) -> ErrorReport {
    let mut detail = e.to_string();
    if let Some(api) = e.api()
        && !api.message.is_empty()
    {
        let msg: String = api.message.chars().take(300).collect();
        detail.push_str(" — ");
        detail.push_str(&msg);
    }
    ErrorReport {
        title: title.to_owned(),
        hint: e.hint(),
        detail,
    }
}

//! The simulated Alibaba RAM + STS service (real HTTP on loopback). A test double of the outside
//! world for `--demo`, `ramwiz sim` and the tests; never a code path of the real flow.
//!
//! Owns the public surface ([`SimConfig`], [`Faults`], [`SimHandle`], [`run_cli`], [`SimError`])
//! and the one lock around the whole mutable state. The parts: `state` (data, ids, persistence),
//! `auth` (signature, nonces, permissions), `policy_doc` (documents and evaluation), `handlers`
//! (parameters and the action table), `users` / `policies` (the actions), `http` (axum).

mod auth;
mod error;
mod faults;
mod handlers;
mod http;
pub use handlers::served_actions;
pub use http::{HEADER_READ_TIMEOUT, MAX_REQUEST_BODY};
mod policies;
mod policy_doc;
mod roles;
mod state;
pub mod tools;
mod users;

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use error::SimError;
pub use faults::{Fault, Faults};
pub use http::TOOL_AGENT;

use crate::secret::Secret;

/// How to start the simulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Where to listen; the default `127.0.0.1:0` picks a free port.
    pub listen: SocketAddr,
    /// Load the state from this file at start (absent file = new state) and save it after every
    /// change. `None` keeps the state in memory only.
    pub state_file: Option<PathBuf>,
    pub faults: Faults,
    /// Seed for generated ids and secrets; 0 (the default) means random.
    pub seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            state_file: None,
            faults: Faults::default(),
            seed: 0,
        }
    }
}

/// Everything mutable, behind one lock.
pub(crate) struct Inner {
    st: state::State,
    rng: state::Rng,
    nonces: auth::NonceBook,
    faults: Faults,
    /// Draws the random faults (seeded by the fault spec, apart from the ids' generator).
    fault_rng: state::Rng,
    throttle_left: u32,
    state_file: Option<PathBuf>,
    /// How many requests of each action were answered (tests count what a step asked).
    served: std::collections::BTreeMap<String, u64>,
}

impl Inner {
    /// Saves the state when it has a file. A failed save is logged; the request still succeeds.
    fn persist(&self) {
        if let Some(path) = &self.state_file
            && let Err(e) = self.st.save(path)
        {
            tracing::warn!(error = %e, "sim: could not save the state");
        }
    }
}

struct Shared {
    inner: Mutex<Inner>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the state half-written in a way that
        // matters for a test double; keep serving.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running simulator. Stops when dropped or on [`SimHandle::shutdown`].
pub struct SimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl SimHandle {
    /// Binds, loads or creates the state, and serves on the current tokio runtime.
    pub async fn start(cfg: SimConfig) -> Result<SimHandle, SimError> {
        let mut rng = state::Rng::new(cfg.seed);
        let st = match &cfg.state_file {
            Some(path) => state::State::load_or_new(path, &mut rng)?,
            None => state::State::new(&mut rng),
        };
        let listener = tokio::net::TcpListener::bind(cfg.listen)
            .await
            .map_err(|source| SimError::Bind {
                addr: cfg.listen,
                source,
            })?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                st,
                rng,
                nonces: auth::NonceBook::default(),
                throttle_left: cfg.faults.throttle_first,
                served: std::collections::BTreeMap::new(),
                fault_rng: state::Rng::new(cfg.faults.seed.max(1)),
                faults: cfg.faults,
                state_file: cfg.state_file,
            }),
        });
        let (tx, rx) = oneshot::channel::<()>();
        let app = http::router(shared.clone());
        let task = tokio::spawn(http::serve(listener, app, rx));
        Ok(SimHandle {
            shared,
            addr,
            stop: Some(tx),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn account_id(&self) -> String {
        self.shared.lock().st.account_id.clone()
    }

    pub fn owner_access_key_id(&self) -> String {
        self.shared.lock().st.owner.access_key_id.clone()
    }

    pub fn owner_secret(&self) -> Secret {
        Secret::new(self.shared.lock().st.owner.access_key_secret.clone())
    }

    /// How many `action` requests were answered so far (an error answer counts too).
    pub fn served(&self, action: &str) -> u64 {
        self.shared.lock().served.get(action).copied().unwrap_or(0)
    }

    /// A snapshot of the whole state (secrets included: it is a test double).
    pub fn state_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.shared.lock().st).unwrap_or(serde_json::Value::Null)
    }

    /// Replaces the faults; the throttle counter restarts at `throttle_first`.
    pub fn set_faults(&self, f: Faults) {
        let mut inner = self.shared.lock();
        inner.throttle_left = f.throttle_first;
        inner.fault_rng = state::Rng::new(f.seed.max(1));
        inner.faults = f;
    }

    /// Adds `n` users straight into the state (for paging tests), named `seed-user-<seq>`.
    #[doc(hidden)]
    pub fn seed_users(&self, n: usize) {
        let mut guard = self.shared.lock();
        let inner = &mut *guard;
        for _ in 0..n {
            let name = format!("seed-user-{}", inner.st.next_user_seq);
            inner.st.push_user(&mut inner.rng, &name, &name);
        }
        inner.persist();
    }

    /// An operator who may only assume a role, as enterprise accounts have them: a RAM user
    /// `operator` with one AccessKey, whose one policy (`<operator>-assume`) allows
    /// `sts:AssumeRole` on `role` and nothing else; and the role, trusting this account, with
    /// AdministratorAccess. Made once and found again after (the demo's `demo-operator`).
    /// Returns the operator's key and the role's ARN.
    pub fn seed_role_operator(&self, operator: &str, role: &str) -> (String, Secret, String) {
        let mut guard = self.shared.lock();
        let inner = &mut *guard;
        let st = &mut inner.st;
        let account = st.account_id.clone();
        let arn = format!("acs:ram::{account}:role/{}", role.to_ascii_lowercase());
        let date = state::now();
        if st.role(role).is_none() {
            st.roles.push(state::Role {
                role_id: inner.rng.digits(18),
                role_name: role.to_owned(),
                arn: arn.clone(),
                description: "The installer's rights, for operators who assume it".to_owned(),
                assume_role_policy_document: format!(
                    r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{{"RAM":["acs:ram::{account}:root"]}}}}]}}"#
                ),
                max_session_duration: 3600,
                create_date: date.clone(),
                update_date: date.clone(),
            });
            st.role_attachments.push(state::RoleAttachment {
                role_name: role.to_owned(),
                policy_name: "AdministratorAccess".to_owned(),
                policy_type: "System".to_owned(),
                attach_date: date.clone(),
            });
        }
        let policy = format!("{operator}-assume");
        if st.policy(&policy).is_none() {
            st.policies.push(state::Policy {
                policy_name: policy.clone(),
                description: format!("May assume {role}, nothing else"),
                versions: vec![state::PolicyVersion {
                    version_id: "v1".to_owned(),
                    document: format!(
                        r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"{arn}"}}]}}"#
                    ),
                    create_date: date.clone(),
                }],
                default_version: "v1".to_owned(),
                next_version: 2,
                create_date: date.clone(),
                update_date: date.clone(),
            });
        }
        if st.user(operator).is_none() {
            st.push_user(&mut inner.rng, operator, operator);
        }
        if !st.attachments_of(operator).any(|a| a.policy_name == policy) {
            st.attachments.push(state::Attachment {
                user_name: operator.to_owned(),
                policy_name: policy,
                policy_type: "Custom".to_owned(),
                attach_date: date.clone(),
            });
        }
        let has_key = st.user(operator).is_some_and(|u| !u.access_keys.is_empty());
        if !has_key {
            let id = st.fresh_key_id(&mut inner.rng);
            let secret = inner.rng.alnum(30);
            if let Some(u) = st.user_mut(operator) {
                u.access_keys.push(state::AccessKey {
                    access_key_id: id,
                    access_key_secret: secret,
                    status: "Active".to_owned(),
                    create_date: date,
                    last_used_date: None,
                });
            }
        }
        let key = st
            .user(operator)
            .and_then(|u| u.access_keys.first())
            .map(|k| {
                (
                    k.access_key_id.clone(),
                    Secret::new(k.access_key_secret.clone()),
                )
            })
            .unwrap_or_else(|| (String::new(), Secret::new(String::new())));
        inner.persist();
        (key.0, key.1, arn)
    }

    /// Stops serving and waits (briefly) for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take() {
            let waited = tokio::time::timeout(std::time::Duration::from_secs(3), &mut task).await;
            if waited.is_err() {
                task.abort();
            }
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// SIGINT/SIGTERM listeners, registered before the credentials line is printed so a supervisor
/// that stops us right after reading it still gets a clean shutdown.
struct StopSignals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn register() -> Result<Self, SimError> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                int: signal(SignalKind::interrupt())?,
                term: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    async fn wait(mut self) -> Result<(), SimError> {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.int.recv() => {}
                _ = self.term.recv() => {}
            }
            Ok(())
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await?;
            Ok(())
        }
    }
}

/// The one stdout line of `ramwiz sim`, keys in a fixed order.
fn credentials_line(endpoint: &str, account_id: &str, key_id: &str, secret: &Secret) -> String {
    let q = |v: &str| serde_json::Value::from(v).to_string();
    format!(
        "{{\"endpoint\":{},\"account_id\":{},\"access_key_id\":{},\"access_key_secret\":{}}}",
        q(endpoint),
        q(account_id),
        q(key_id),
        q(secret.expose())
    )
}

/// `ramwiz sim`: starts the simulator, prints one JSON line with the endpoint and the owner's
/// credentials on stdout, explains itself on stderr, and serves until SIGINT/SIGTERM.
pub async fn run_cli(
    listen: SocketAddr,
    state_file: Option<PathBuf>,
    faults: Faults,
) -> Result<(), SimError> {
    let persisted = state_file.clone();
    let sim = SimHandle::start(SimConfig {
        listen,
        state_file,
        faults,
        ..SimConfig::default()
    })
    .await?;
    let signals = StopSignals::register()?;
    let line = credentials_line(
        &sim.endpoint(),
        &sim.account_id(),
        &sim.owner_access_key_id(),
        &sim.owner_secret(),
    );
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}")?;
        out.flush()?;
    }
    eprintln!(
        "ramwiz sim: a simulated Alibaba Cloud RAM + STS service (a test double, not the real cloud) is listening on {}.",
        sim.endpoint()
    );
    match &persisted {
        Some(p) => eprintln!("State is saved to {} after every change.", p.display()),
        None => eprintln!("State is kept in memory only (use --state FILE to keep it)."),
    }
    eprintln!(
        "The line on stdout holds the owner's AccessKey for this simulated account. Press Ctrl-C to stop."
    );
    let stopped = signals.wait().await;
    sim.shutdown().await;
    stopped
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn start_binds_loopback_and_shutdown_frees_the_port() {
        let sim = SimHandle::start(SimConfig::default()).await.unwrap();
        let addr = sim.addr;
        assert!(addr.ip().is_loopback() && addr.port() != 0);
        assert_eq!(sim.endpoint(), format!("http://127.0.0.1:{}", addr.port()));
        let busy = SimHandle::start(SimConfig {
            listen: addr,
            ..SimConfig::default()
        })
        .await;
        assert!(matches!(busy, Err(SimError::Bind { .. })));
        assert!(matches!(
            run_cli(addr, None, Faults::default()).await,
            Err(SimError::Bind { .. })
        ));
        sim.shutdown().await;
        let again = SimHandle::start(SimConfig {
            listen: addr,
            ..SimConfig::default()
        })
        .await
        .unwrap();
        again.shutdown().await;
    }

    #[test]
    fn the_credentials_line_is_one_json_object_in_order() {
        let line = credentials_line("http://127.0.0.1:1", "123", "LTAIx", &Secret::new("s\"q"));
        assert_eq!(
            line,
            r#"{"endpoint":"http://127.0.0.1:1","account_id":"123","access_key_id":"LTAIx","access_key_secret":"s\"q"}"#
        );
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["access_key_secret"], "s\"q");
    }

    #[tokio::test]
    async fn a_seed_makes_the_account_reproducible() {
        let cfg = || SimConfig {
            seed: 99,
            ..SimConfig::default()
        };
        let a = SimHandle::start(cfg()).await.unwrap();
        let b = SimHandle::start(cfg()).await.unwrap();
        assert_eq!(a.account_id(), b.account_id());
        assert_eq!(a.owner_access_key_id(), b.owner_access_key_id());
        assert_eq!(a.owner_secret(), b.owner_secret());
        assert!(!format!("{:?}", a.owner_secret()).contains(a.owner_secret().expose()));
        a.seed_users(3);
        let users = &a.state_json()["users"];
        assert_eq!(users.as_array().map(Vec::len), Some(3));
        assert_eq!(users[2]["user_name"], "seed-user-3");
    }
}

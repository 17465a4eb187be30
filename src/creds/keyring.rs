//! The OS keyring as an optional second store for an AccessKey secret.
//!
//! Owns: the connection to the platform's store (Secret Service on Linux, the login keychain on
//! macOS, Credential Manager on Windows), the entry naming (service `ramwiz`, account
//! `<profile>/<AccessKeyId>`), a bounded probe, and the mapping of the store's errors to
//! [`KeyringError`]. Every call runs on a short-lived helper thread with a time limit, so it never
//! hangs the caller and is safe from a plain thread, a `spawn_blocking` thread, or (though it blocks)
//! an async task.
//!
//! Never: puts a secret in an error, a log line or a label; decides whether the keyring is used
//! (the engine does); falls back to another store on its own.
//!
//! The macOS and Windows store crates are declared for those targets but could not be compiled
//! here (this machine has only the Linux standard library); Linux is what is built and tested.

use std::sync::Arc;
use std::sync::mpsc::{RecvTimeoutError, sync_channel};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};
use zeroize::Zeroize;

use crate::secret::Secret;
use crate::strings;

pub const SERVICE: &str = "ramwiz";
const PROBE_SERVICE: &str = "ramwiz-probe";
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Account name used for an entry: `"<profile>/<AccessKeyId>"`.
pub fn account(profile: &str, access_key_id: &str) -> String {
    format!("{profile}/{access_key_id}")
}

/// Why the keyring could not do what was asked. Messages never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// No Secret Service, no session bus, or no store on this platform.
    #[error("the OS keyring is not available: {0}")]
    Unavailable(String),
    #[error("the OS keyring is locked: {0}")]
    Locked(String),
    /// The store said no (access denied).
    #[error("the OS keyring refused access: {0}")]
    Refused(String),
    #[error("the OS keyring has no such entry")]
    NotFound,
    #[error("the OS keyring failed: {0}")]
    Other(String),
}

impl KeyringError {
    /// For the screen: what happened and what to do, in plain words first; the store's own
    /// text (a D-Bus error name, say) last, in parentheses, for whoever debugs it.
    pub fn plain(&self) -> String {
        let (what, detail) = match self {
            Self::Unavailable(d) => (strings::KEYRING_WHAT_UNAVAILABLE(), Some(d)),
            Self::Locked(d) => (strings::KEYRING_WHAT_LOCKED(), Some(d)),
            Self::Refused(d) => (strings::KEYRING_WHAT_REFUSED(), Some(d)),
            Self::NotFound => (strings::KEYRING_WHAT_NOT_FOUND(), None),
            Self::Other(d) => (strings::KEYRING_WHAT_OTHER(), Some(d)),
        };
        // The detail is the store's own words (or ramwiz's for the log): as it is.
        match detail.filter(|d| !d.is_empty()) {
            Some(d) => strings::keyring_plain_detail(what, self.hint(), d.as_str()),
            None => strings::keyring_plain(what, self.hint()),
        }
    }

    /// One plain sentence: what the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Unavailable(_) => strings::KEYRING_TODO_UNAVAILABLE(),
            Self::Locked(_) => strings::KEYRING_TODO_LOCKED(),
            Self::Refused(_) => strings::KEYRING_TODO_REFUSED(),
            Self::NotFound => strings::KEYRING_TODO_NOT_FOUND(),
            Self::Other(_) => strings::KEYRING_TODO_OTHER(),
        }
    }
}

/// A handle to the platform keyring. Cheap to clone. All methods block (bounded by a time limit).
#[derive(Clone)]
pub struct Keyring {
    store: Arc<StoreHandle>,
    /// Set by [`mock_failing`]: every call returns this error.
    fail: Option<KeyringError>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("store", &self.store.0)
            .finish()
    }
}

impl Keyring {
    /// Connect to the platform's default store. `Err(Unavailable)` when there is none.
    pub fn platform() -> Result<Keyring, KeyringError> {
        let store = bounded(CONNECT_TIMEOUT, "connect", platform_store)?;
        let store = Arc::new(StoreHandle(Some(store)));
        Ok(Keyring { store, fail: None })
    }

    /// Whether the keyring answers right now: writes, reads back and deletes a probe entry.
    pub fn probe(&self) -> Result<(), KeyringError> {
        self.run(PROBE_TIMEOUT, "probe", move |store| {
            let user = format!("probe-{}", uuid::Uuid::new_v4());
            let entry = entry(&store, PROBE_SERVICE, &user)?;
            let value = Secret::new(format!("probe-{}", uuid::Uuid::new_v4()));
            entry.set_password(value.expose()).map_err(map_error)?;
            let back = read_entry(&entry);
            let deleted = entry.delete_credential().map_err(map_error);
            match back? == value {
                true => deleted,
                false => Err(KeyringError::Other(
                    "the probe read back a different value".into(),
                )),
            }
        })
    }

    /// Stores (or replaces) the secret of `access_key_id` under `profile`.
    pub fn store(
        &self,
        profile: &str,
        access_key_id: &str,
        secret: &Secret,
    ) -> Result<(), KeyringError> {
        let (user, secret) = (account(profile, access_key_id), secret.clone());
        crate::crashpoint::here("keyring: before a write");
        let stored = self.run(CALL_TIMEOUT, "store", move |store| {
            let entry = entry(&store, SERVICE, &user)?;
            entry.set_password(secret.expose()).map_err(map_error)
        });
        crate::crashpoint::here("keyring: written");
        stored
    }

    /// Reads the secret of `access_key_id` under `profile`.
    pub fn read(&self, profile: &str, access_key_id: &str) -> Result<Secret, KeyringError> {
        let user = account(profile, access_key_id);
        self.run(CALL_TIMEOUT, "read", move |store| {
            read_entry(&entry(&store, SERVICE, &user)?)
        })
    }

    /// Deletes the entry of `access_key_id` under `profile`; `NotFound` if there is none.
    pub fn delete(&self, profile: &str, access_key_id: &str) -> Result<(), KeyringError> {
        let user = account(profile, access_key_id);
        self.run(CALL_TIMEOUT, "delete", move |store| {
            entry(&store, SERVICE, &user)?
                .delete_credential()
                .map_err(map_error)
        })
    }

    /// Every AccessKey stored by ramwiz, as `(profile, access_key_id)`, sorted.
    pub fn list(&self) -> Result<Vec<(String, String)>, KeyringError> {
        self.run(CALL_TIMEOUT, "list", move |store| {
            let spec = SEARCH_SPEC.iter().copied().collect();
            let found = Entry::search_in_store(&store, &spec).map_err(|e| match e {
                keyring_core::Error::NotSupportedByStore(why) => KeyringError::Other(format!(
                    "this keyring cannot search its entries ({why}), so ramwiz cannot list its keys"
                )),
                other => map_error(other),
            })?;
            let mut keys = Vec::new();
            for entry in found {
                // Stores may match loosely (the mock matches substrings) or keep deleted entries.
                let Some((service, user)) = entry.get_specifiers() else {
                    continue;
                };
                let Some((profile, id)) = user.rsplit_once('/') else {
                    continue;
                };
                let gone = || matches!(entry.get_credential(), Err(keyring_core::Error::NoEntry));
                if service == SERVICE && !gone() {
                    keys.push((profile.to_owned(), id.to_owned()));
                }
            }
            keys.sort();
            keys.dedup();
            Ok(keys)
        })
    }

    /// Returns the injected error, or runs `call` with the store on a bounded helper thread.
    fn run<T: Send + 'static>(
        &self,
        limit: Duration,
        what: &str,
        call: impl FnOnce(Arc<CredentialStore>) -> Result<T, KeyringError> + Send + 'static,
    ) -> Result<T, KeyringError> {
        if let Some(err) = &self.fail {
            return Err(err.clone());
        }
        let store = self
            .store
            .0
            .clone()
            .ok_or_else(|| KeyringError::Other("the keyring handle is closed".into()))?;
        bounded(limit, what, move || call(store))
    }
}

/// Owns the store. The zbus store's blocking connection blocks on its own tokio runtime when it
/// is dropped, which panics on a thread that drives async tasks; so when the last handle goes away
/// inside a tokio runtime, the store is dropped on a plain thread instead.
struct StoreHandle(Option<Arc<CredentialStore>>);

impl Drop for StoreHandle {
    fn drop(&mut self) {
        if let Some(store) = self.0.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            let _ = std::thread::Builder::new()
                .name("ramwiz-keyring-drop".into())
                .spawn(move || drop(store));
        }
    }
}

/// An in-memory keyring (`keyring_core::mock::Store`) for tests of the code that uses it.
pub fn mock() -> Keyring {
    let store = keyring_core::mock::Store {
        id: format!("ramwiz mock {}", uuid::Uuid::new_v4()),
        inner: std::sync::Mutex::new(std::cell::RefCell::new(Vec::new())),
    };
    let store = Arc::new(StoreHandle(Some(Arc::new(store))));
    Keyring { store, fail: None }
}

/// A mock keyring whose every call (probe, store, read, delete, list) returns `err`.
pub fn mock_failing(err: KeyringError) -> Keyring {
    Keyring {
        fail: Some(err),
        ..mock()
    }
}

fn entry(store: &Arc<CredentialStore>, service: &str, user: &str) -> Result<Entry, KeyringError> {
    Entry::new_in_store(store, service, user).map_err(map_error)
}

#[cfg(target_os = "macos")]
use apple_native_keyring_store::keychain::Store as PlatformStore;
#[cfg(target_os = "windows")]
use windows_native_keyring_store::Store as PlatformStore;
#[cfg(target_os = "linux")]
use zbus_secret_service_keyring_store::Store as PlatformStore;

/// What `search` is given to find ramwiz's entries; results are filtered on the service after.
/// (Windows' store searches by a target-name pattern, so there it lists everything.)
const SEARCH_SPEC: &[(&str, &str)] = if cfg!(windows) {
    &[]
} else {
    &[("service", SERVICE)]
};

fn platform_store() -> Result<Arc<CredentialStore>, KeyringError> {
    #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
    let found = PlatformStore::new().map(|store| store as Arc<CredentialStore>);
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    let found = Err(keyring_core::Error::NoDefaultStore);
    found.map_err(|e| KeyringError::Unavailable(cause(&e)))
}

/// The store's error and its cause, for a message (store errors never carry the secret here).
fn cause(err: &keyring_core::Error) -> String {
    match std::error::Error::source(err) {
        Some(inner) => inner.to_string(),
        None => err.to_string(),
    }
}

fn read_entry(entry: &Entry) -> Result<Secret, KeyringError> {
    let bytes = entry.get_secret().map_err(map_error)?;
    String::from_utf8(bytes).map(Secret::new).map_err(|e| {
        e.into_bytes().zeroize();
        KeyringError::Other("the stored value is not text".into())
    })
}

/// Runs `call` on a helper thread and waits at most `limit` for it.
///
/// The helper thread has no tokio context, so the zbus store's private runtime can block on it
/// whatever thread the caller is on. On a timeout the helper is left to finish on its own.
fn bounded<T: Send + 'static>(
    limit: Duration,
    what: &str,
    call: impl FnOnce() -> Result<T, KeyringError> + Send + 'static,
) -> Result<T, KeyringError> {
    let (tx, rx) = sync_channel(1);
    std::thread::Builder::new()
        .name(format!("ramwiz-keyring-{what}"))
        .spawn(move || {
            let _ = tx.send(call());
        })
        .map_err(|e| KeyringError::Other(format!("could not start a keyring thread: {e}")))?;
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => Err(KeyringError::Unavailable(format!(
            "the keyring did not answer within {} s ({what})",
            limit.as_secs()
        ))),
        Err(RecvTimeoutError::Disconnected) => Err(KeyringError::Other(format!(
            "the keyring call stopped unexpectedly ({what})"
        ))),
    }
}

/// Maps a store error to [`KeyringError`], dropping any secret bytes it carries.
fn map_error(err: keyring_core::Error) -> KeyringError {
    use keyring_core::Error as E;
    match err {
        E::NoEntry => KeyringError::NotFound,
        E::NoStorageAccess(inner) => platform_error(inner.as_ref())
            .unwrap_or_else(|| KeyringError::Refused(inner.to_string())),
        E::PlatformFailure(inner) => {
            platform_error(inner.as_ref()).unwrap_or_else(|| KeyringError::Other(inner.to_string()))
        }
        E::NoDefaultStore => KeyringError::Unavailable("no keyring store is set up".into()),
        E::BadEncoding(mut bytes) | E::BadDataFormat(mut bytes, _) => {
            bytes.zeroize();
            KeyringError::Other("the stored value is malformed".into())
        }
        E::Ambiguous(entries) => KeyringError::Other(format!(
            "{} keyring entries match this key; remove the extra ones",
            entries.len()
        )),
        E::NotSupportedByStore(why) => KeyringError::Other(format!("not supported: {why}")),
        other => KeyringError::Other(other.to_string()),
    }
}

/// Recognises the Secret Service's own errors (locked, dismissed prompt, no provider, denied).
#[cfg(target_os = "linux")]
fn platform_error(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Option<KeyringError> {
    use secret_service::Error as S;
    let err = inner.downcast_ref::<S>()?;
    Some(match err {
        S::Locked => KeyringError::Locked("the keyring collection is locked".into()),
        S::Prompt => KeyringError::Locked("the unlock prompt was dismissed".into()),
        S::PromptDisconnected => KeyringError::Unavailable(err.to_string()),
        S::NoResult => {
            KeyringError::Unavailable("the Secret Service has no default collection".into())
        }
        S::Unavailable => KeyringError::Unavailable(err.to_string()),
        S::Zbus(_) | S::ZbusFdo(_) => dbus_error(err.to_string()),
        _ => KeyringError::Other(err.to_string()),
    })
}

#[cfg(not(target_os = "linux"))]
fn platform_error(
    _inner: &(dyn std::error::Error + Send + Sync + 'static),
) -> Option<KeyringError> {
    None
}

/// Classifies a D-Bus error by the standard error names in its text.
#[cfg(target_os = "linux")]
fn dbus_error(text: String) -> KeyringError {
    const GONE: [&str; 6] = [
        "ServiceUnknown",
        "NameHasNoOwner",
        "NoReply",
        "Timeout",
        "NoServer",
        "Disconnected",
    ];
    if text.contains("AccessDenied") || text.contains("NotAuthorized") {
        KeyringError::Refused(text)
    } else if text.contains("IsLocked") {
        KeyringError::Locked(text)
    } else if GONE.iter().any(|name| text.contains(name)) {
        KeyringError::Unavailable(text)
    } else {
        KeyringError::Other(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyringError as K;

    fn keys(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(p, k)| (p.to_string(), k.to_string()))
            .collect()
    }

    #[test]
    fn account_joins_profile_and_key_id_with_a_slash() {
        assert_eq!(account("okd", "LTAI5tExample"), "okd/LTAI5tExample");
        assert_eq!(account("a/b", "K1").rsplit_once('/'), Some(("a/b", "K1")));
    }

    #[test]
    fn mock_stores_reads_lists_and_deletes() {
        let kr = mock();
        kr.probe().unwrap();
        kr.store("p1", "K1", &Secret::new("s1")).unwrap();
        kr.store("p2", "K2", &Secret::new("s2")).unwrap();
        kr.clone().store("p1", "K1", &Secret::new("s1b")).unwrap();
        assert_eq!(kr.read("p1", "K1").unwrap().expose(), "s1b");
        assert_eq!(kr.list().unwrap(), keys(&[("p1", "K1"), ("p2", "K2")]));
        kr.delete("p1", "K1").unwrap();
        assert_eq!(kr.read("p1", "K1"), Err(K::NotFound));
        assert_eq!(kr.delete("p1", "K1"), Err(K::NotFound));
        assert_eq!(
            kr.list().unwrap(),
            keys(&[("p2", "K2")]),
            "no deleted or probe entries"
        );
        assert_eq!(
            mock().read("p2", "K2"),
            Err(K::NotFound),
            "each mock is its own store"
        );
    }

    #[test]
    fn a_failing_mock_returns_its_error_from_every_call() {
        let err = K::Locked("test".into());
        let kr = mock_failing(err.clone());
        assert_eq!(kr.probe(), Err(err.clone()));
        assert_eq!(kr.store("p", "K", &Secret::new("s")), Err(err.clone()));
        assert_eq!(kr.read("p", "K"), Err(err.clone()));
        assert_eq!(kr.delete("p", "K"), Err(err.clone()));
        assert_eq!(kr.list(), Err(err));
    }

    #[test]
    fn an_error_injected_into_the_mock_store_is_mapped() {
        let kr = mock();
        kr.store("p", "K", &Secret::new("s")).unwrap();
        let store = kr.store.0.clone().unwrap();
        let entry = Entry::new_in_store(&store, SERVICE, &account("p", "K")).unwrap();
        let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
        cred.set_error(keyring_core::Error::NoStorageAccess("denied".into()));
        assert_eq!(kr.read("p", "K"), Err(K::Refused("denied".into())));
        assert_eq!(
            kr.read("p", "K").unwrap().expose(),
            "s",
            "the error is one-shot"
        );
    }

    #[test]
    fn a_keyring_error_reads_as_plain_words_before_the_stores_own_text() {
        let raw = "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files";
        let e = KeyringError::Unavailable(raw.into());
        let shown = e.plain();
        assert!(
            shown.starts_with("No OS keyring answers on this computer."),
            "{shown}"
        );
        assert!(shown.contains("credentials file only"), "{shown}");
        assert!(shown.ends_with(&format!("(detail: {raw})")), "{shown}");
        assert!(
            KeyringError::Locked("x".into())
                .plain()
                .contains("Unlock your login keyring")
        );
        assert!(
            KeyringError::Refused("x".into())
                .plain()
                .contains("Allow ramwiz")
        );
    }

    #[test]
    fn store_errors_map_faithfully_and_never_carry_secret_bytes() {
        use keyring_core::Error as E;
        assert_eq!(map_error(E::NoEntry), K::NotFound);
        assert!(matches!(map_error(E::NoDefaultStore), K::Unavailable(_)));
        assert!(matches!(map_error(E::Ambiguous(Vec::new())), K::Other(_)));
        let bytes = b"Sup3rSecret\xff".to_vec();
        for bad in [
            E::BadEncoding(bytes.clone()),
            E::BadDataFormat(bytes, "x".into()),
        ] {
            let shown = map_error(bad);
            assert!(!format!("{shown} {shown:?}").contains("Sup3r"), "{shown}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn secret_service_errors_map_to_locked_refused_and_unavailable() {
        use keyring_core::Error as E;
        use secret_service::Error as S;
        let access = |s: S| map_error(E::NoStorageAccess(Box::new(s)));
        let failure = |s: S| map_error(E::PlatformFailure(Box::new(s)));
        assert!(matches!(access(S::Locked), K::Locked(_)));
        assert!(matches!(failure(S::Locked), K::Locked(_)));
        assert!(matches!(access(S::Prompt), K::Locked(_)));
        assert!(matches!(access(S::NoResult), K::Unavailable(_)));
        assert!(matches!(failure(S::Unavailable), K::Unavailable(_)));
        assert!(matches!(failure(S::Crypto("bad")), K::Other(_)));
        let denied = "org.freedesktop.DBus.Error.AccessDenied: no".to_owned();
        assert!(matches!(dbus_error(denied), K::Refused(_)));
        let gone = "org.freedesktop.DBus.Error.ServiceUnknown: no".to_owned();
        assert!(matches!(dbus_error(gone), K::Unavailable(_)));
    }

    #[test]
    fn every_hint_is_one_plain_sentence() {
        let none = String::new;
        for err in [
            K::Unavailable(none()),
            K::Locked(none()),
            K::Refused(none()),
            K::NotFound,
            K::Other(none()),
        ] {
            let hint = err.hint();
            assert!(hint.ends_with('.') && !hint.contains(". "), "{hint}");
        }
    }
}

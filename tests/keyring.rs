//! The OS keyring against a real Secret Service.
//!
//! Each test first checks that a Secret Service answers; if none does it prints the SKIPPED line
//! and returns, unless `RAMWIZ_REQUIRE_SECRET_SERVICE` is set (scripts/with-secret-service.sh sets
//! it), in which case it fails. Accounts are unique per test, so tests can run in parallel.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use ramwiz::creds::keyring::{Keyring, KeyringError};
use ramwiz::secret::Secret;

const SKIPPED: &str = "SKIPPED: no Secret Service (run under scripts/with-secret-service.sh)";

fn keyring_or_skip() -> Option<Keyring> {
    let reachable = Keyring::platform().and_then(|kr| kr.probe().map(|()| kr));
    match reachable {
        Ok(kr) => Some(kr),
        Err(err) if std::env::var_os("RAMWIZ_REQUIRE_SECRET_SERVICE").is_some() => {
            panic!("a Secret Service was required but: {err} ({})", err.hint())
        }
        Err(_) => {
            eprintln!("{SKIPPED}");
            None
        }
    }
}

/// A profile and AccessKey id no other test (or earlier run) uses.
fn unique_key() -> (String, String) {
    let id = uuid::Uuid::new_v4().simple().to_string();
    (format!("test-{}", &id[..8]), format!("LTAI{id}"))
}

/// store → read back equals → list contains it → delete → read gives NotFound.
fn round_trip(kr: &Keyring, value: &str) {
    let (profile, id) = unique_key();
    let secret = Secret::new(value);
    kr.store(&profile, &id, &secret).unwrap();
    assert_eq!(kr.read(&profile, &id).unwrap(), secret);
    assert!(kr.list().unwrap().contains(&(profile.clone(), id.clone())));
    kr.delete(&profile, &id).unwrap();
    assert_eq!(kr.read(&profile, &id), Err(KeyringError::NotFound));
    assert!(!kr.list().unwrap().contains(&(profile.clone(), id.clone())));
}

#[test]
fn a_stored_secret_reads_back_is_listed_and_is_gone_after_delete() {
    let Some(kr) = keyring_or_skip() else { return };
    let started = Instant::now();
    round_trip(&kr, "Sup3rSecretValue1234567890abcd");
    eprintln!(
        "real Secret Service round trip took {:?}",
        started.elapsed()
    );
}

#[test]
fn storing_again_replaces_the_secret_without_a_duplicate() {
    let Some(kr) = keyring_or_skip() else { return };
    let (profile, id) = unique_key();
    kr.store(&profile, &id, &Secret::new("first-value"))
        .unwrap();
    kr.store(&profile, &id, &Secret::new("second-value"))
        .unwrap();
    assert_eq!(kr.read(&profile, &id).unwrap().expose(), "second-value");
    let listed = kr.list().unwrap();
    assert_eq!(
        listed
            .iter()
            .filter(|k| **k == (profile.clone(), id.clone()))
            .count(),
        1
    );
    kr.delete(&profile, &id).unwrap();
}

#[test]
fn a_secret_with_unusual_characters_survives() {
    let Some(kr) = keyring_or_skip() else { return };
    round_trip(
        &kr,
        "ä€漢字🔑 \"quoted\" 'single' `$(rm -rf /)` \\back\tslash\nline %s %n ;|&<>",
    );
}

#[test]
fn missing_entries_are_not_found() {
    let Some(kr) = keyring_or_skip() else { return };
    let (profile, id) = unique_key();
    assert_eq!(kr.read(&profile, &id), Err(KeyringError::NotFound));
    assert_eq!(kr.delete(&profile, &id), Err(KeyringError::NotFound));
}

#[test]
fn works_from_a_plain_thread() {
    let Some(kr) = keyring_or_skip() else { return };
    std::thread::spawn(move || round_trip(&kr, "from-a-plain-thread"))
        .join()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_from_spawn_blocking_in_a_multi_thread_runtime() {
    let Some(kr) = tokio::task::spawn_blocking(keyring_or_skip).await.unwrap() else {
        return;
    };
    tokio::task::spawn_blocking(move || round_trip(&kr, "from-spawn-blocking"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn works_from_spawn_blocking_in_a_current_thread_runtime() {
    let Some(kr) = tokio::task::spawn_blocking(keyring_or_skip).await.unwrap() else {
        return;
    };
    tokio::task::spawn_blocking(move || round_trip(&kr, "from-current-thread"))
        .await
        .unwrap();
}

/// Not how the engine should call it (it blocks a worker), but it must not panic with
/// "Cannot start a runtime from within a runtime".
#[tokio::test(flavor = "current_thread")]
async fn even_a_direct_call_from_an_async_task_does_not_panic() {
    let Some(kr) = keyring_or_skip() else { return };
    round_trip(&kr, "from-an-async-task");
}

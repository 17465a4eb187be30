//! The engine's capture path against the simulated cloud, without a terminal: every store
//! failing keeps the secret and saves it elsewhere later; a refusing keyring does not stop the
//! file; a pasted secret of another user is refused; a taken name is reported with its code.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use ramwiz::cloud::{Endpoints, RetryPolicy};
use ramwiz::creds::Locations;
use ramwiz::creds::keyring::{self, KeyringError};
use ramwiz::engine::{Engine, EngineConfig, KeyringChoice};
use ramwiz::protocol::*;
use ramwiz::secret::Secret;
use ramwiz::sim::{SimConfig, SimHandle};
use tokio::sync::mpsc;

struct Rig {
    sim: SimHandle,
    engine: Engine,
    rx: mpsc::UnboundedReceiver<EngineEvent>,
    dir: tempfile::TempDir,
    next: JobId,
}

impl Rig {
    async fn new() -> Rig {
        let sim = SimHandle::start(SimConfig::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::unbounded_channel();
        let config = EngineConfig {
            endpoints: Endpoints::single(&sim.endpoint()).unwrap(),
            locations: Locations {
                credentials_file: dir.path().join("credentials"),
                aliyun_config: None,
                env: None,
            },
            retry: RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
            },
            journal: Some(dir.path().join("journal.jsonl")),
            keyring: KeyringChoice::Given(keyring::mock()),
            patience: ramwiz::engine::Patience::default(),
            tools: ramwiz::engine::ToolsConfig::default(),
            dry_run: None,
        };
        let mut rig = Rig {
            engine: Engine::new(config, tx),
            sim,
            rx,
            dir,
            next: 1,
        };
        let with = SignInWith::Pasted {
            access_key_id: rig.sim.owner_access_key_id(),
            secret: rig.sim.owner_secret(),
            role_arn: None,
        };
        let out = rig.run(|job| Command::SignIn { job, with }).await;
        assert!(
            matches!(out, Outcome::Done(JobOutput::SignedIn(_))),
            "{out:?}"
        );
        rig
    }

    async fn run(&mut self, cmd: impl FnOnce(JobId) -> Command) -> Outcome {
        let job = self.next;
        self.next += 1;
        self.engine.run(cmd(job));
        loop {
            let ev = tokio::time::timeout(Duration::from_secs(20), self.rx.recv())
                .await
                .unwrap()
                .unwrap();
            if ev.job == job
                && let EventKind::Finished(o) = ev.kind
            {
                return *o;
            }
        }
    }

    async fn create_user(&mut self, name: &str) {
        let name = name.to_owned();
        let out = self
            .run(|job| Command::CreateUser {
                job,
                name,
                display_name: "d".into(),
                comments: String::new(),
            })
            .await;
        assert!(
            matches!(out, Outcome::Done(JobOutput::UserCreated(_))),
            "{out:?}"
        );
    }

    fn dest(&self, file: std::path::PathBuf, keyring: bool) -> Destination {
        Destination {
            file,
            profile: "default".into(),
            keyring,
            backup: false,
            move_existing_to: None,
        }
    }
}

fn captured(o: Outcome) -> Captured {
    match o {
        Outcome::Done(JobOutput::Captured(c)) => *c,
        other => panic!("expected a capture, got {other:?}"),
    }
}

#[tokio::test]
async fn when_every_store_fails_the_secret_is_held_and_saved_elsewhere_later() {
    let mut rig = Rig::new().await;
    rig.create_user("okd").await;
    // A path under a regular file cannot be created, even by root.
    std::fs::write(rig.dir.path().join("afile"), "x").unwrap();
    let bad = rig.dest(rig.dir.path().join("afile/credentials"), true);
    *rig.engine.shared().keyring.lock().unwrap() = Some(keyring::mock_failing(
        KeyringError::Locked("collection is locked".into()),
    ));
    let c = captured(
        rig.run(|job| Command::CreateKey {
            job,
            user: "okd".into(),
            dest: bad,
            replaces: None,
        })
        .await,
    );
    assert!(!c.stored_anywhere());
    assert!(
        c.file.is_err() && matches!(c.keyring, Some(Err(_))),
        "{c:?}"
    );
    let secret = c.secret.clone().expect("the secret is still held");
    let journal = std::fs::read_to_string(rig.dir.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("key_save_failed") && !journal.contains(secret.expose()));

    let good = rig.dest(rig.dir.path().join("ok/credentials"), false);
    let again = captured(rig.run(|job| Command::SaveAgain { job, dest: good }).await);
    assert!(again.file.is_ok(), "{again:?}");
    assert_eq!(again.key_id, c.key_id);
    let text = std::fs::read_to_string(rig.dir.path().join("ok/credentials")).unwrap();
    assert!(text.contains(secret.expose()));
    // and the key works: verification passes
    let out = rig
        .run(|job| Command::VerifyKey {
            job,
            user: "okd".into(),
        })
        .await;
    assert!(
        matches!(&out, Outcome::Done(JobOutput::Verified(id)) if id.arn.ends_with(":user/okd")),
        "{out:?}"
    );
    // exactly one key exists in the cloud
    let state = rig.sim.state_json();
    let u = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user_name"] == "okd")
        .unwrap()
        .clone();
    assert_eq!(u["access_keys"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_refusing_keyring_does_not_stop_the_file() {
    let mut rig = Rig::new().await;
    rig.create_user("okd").await;
    *rig.engine.shared().keyring.lock().unwrap() = Some(keyring::mock_failing(
        KeyringError::Refused("access denied".into()),
    ));
    let dest = rig.dest(rig.dir.path().join("credentials"), true);
    let c = captured(
        rig.run(|job| Command::CreateKey {
            job,
            user: "okd".into(),
            dest,
            replaces: None,
        })
        .await,
    );
    assert!(c.file.is_ok());
    assert!(
        matches!(&c.keyring, Some(Err(e)) if e.contains("denied")),
        "{:?}",
        c.keyring
    );
    assert!(c.stored_anywhere());
}

#[tokio::test]
async fn the_mock_keyring_is_written_and_read_back() {
    let mut rig = Rig::new().await;
    rig.create_user("okd").await;
    let probe = rig.run(|job| Command::ProbeKeyring { job }).await;
    assert!(
        matches!(probe, Outcome::Done(JobOutput::Keyring(Ok(())))),
        "{probe:?}"
    );
    let dest = rig.dest(rig.dir.path().join("credentials"), true);
    let c = captured(
        rig.run(|job| Command::CreateKey {
            job,
            user: "okd".into(),
            dest,
            replaces: None,
        })
        .await,
    );
    assert_eq!(c.keyring, Some(Ok(())));
    let kr = rig.engine.shared().keyring.lock().unwrap().clone().unwrap();
    assert_eq!(kr.read("default", &c.key_id).unwrap(), c.secret.unwrap());
}

#[tokio::test]
async fn a_secret_pasted_for_the_wrong_user_is_refused_and_nothing_is_written() {
    let mut rig = Rig::new().await;
    rig.create_user("alice").await;
    rig.create_user("bob").await;
    let dest = rig.dest(rig.dir.path().join("credentials"), false);
    let c = captured(
        rig.run(|job| Command::CreateKey {
            job,
            user: "alice".into(),
            dest: dest.clone(),
            replaces: None,
        })
        .await,
    );
    let alice_secret = c.secret.unwrap();
    std::fs::remove_file(rig.dir.path().join("credentials")).unwrap();
    let out = rig
        .run(|job| Command::AdoptKey {
            job,
            user: "bob".into(),
            key_id: c.key_id.clone(),
            secret: alice_secret.clone(),
            dest: dest.clone(),
        })
        .await;
    assert!(
        matches!(&out, Outcome::Failed(r) if r.detail.contains("user/alice")),
        "{out:?}"
    );
    assert!(
        !rig.dir.path().join("credentials").exists(),
        "nothing saved"
    );
    // with a wrong secret: a clear signature error
    let out = rig
        .run(|job| Command::AdoptKey {
            job,
            user: "alice".into(),
            key_id: c.key_id.clone(),
            secret: Secret::new("WrongWrongWrongWrongWrongWrong"),
            dest: dest.clone(),
        })
        .await;
    assert!(
        matches!(&out, Outcome::Failed(r) if r.code.as_deref() == Some("SignatureDoesNotMatch")),
        "{out:?}"
    );
    // the right user: adopted and saved, not shown again
    let ok = captured(
        rig.run(|job| Command::AdoptKey {
            job,
            user: "alice".into(),
            key_id: c.key_id.clone(),
            secret: alice_secret,
            dest,
        })
        .await,
    );
    assert!(ok.secret.is_none() && ok.file.is_ok());
}

#[tokio::test]
async fn taken_names_and_the_key_limit_come_back_with_their_codes() {
    let mut rig = Rig::new().await;
    rig.create_user("okd").await;
    let out = rig
        .run(|job| Command::CreateUser {
            job,
            name: "okd".into(),
            display_name: "d".into(),
            comments: String::new(),
        })
        .await;
    assert!(
        matches!(&out, Outcome::Failed(r) if r.code.as_deref() == Some("EntityAlreadyExists.User")),
        "{out:?}"
    );
    for i in 0..2 {
        let dest = rig.dest(rig.dir.path().join(format!("c{i}")), false);
        captured(
            rig.run(|job| Command::CreateKey {
                job,
                user: "okd".into(),
                dest,
                replaces: None,
            })
            .await,
        );
    }
    let dest = rig.dest(rig.dir.path().join("c3"), false);
    let out = rig
        .run(|job| Command::CreateKey {
            job,
            user: "okd".into(),
            dest,
            replaces: None,
        })
        .await;
    assert!(
        matches!(&out, Outcome::Failed(r) if r.code.as_deref() == Some("LimitExceeded.User.AccessKey")),
        "{out:?}"
    );
    assert!(!rig.dir.path().join("c3").exists());
}

/// The keys of `user`, through the engine (its details job).
async fn details(rig: &mut Rig, user: &str) -> UserDetails {
    let (user, file) = (user.to_owned(), rig.dir.path().join("credentials"));
    match rig
        .run(|job| Command::LoadUserDetails {
            job,
            user,
            credentials_file: file,
        })
        .await
    {
        Outcome::Done(JobOutput::UserDetails(d)) => d,
        other => panic!("expected details, got {other:?}"),
    }
}

#[tokio::test]
async fn a_user_this_run_created_is_given_its_key_without_listing_keys() {
    let mut rig = Rig::new().await;
    rig.create_user("fresh").await;
    let asked = |rig: &Rig| {
        (
            rig.sim.served("ListAccessKeys"),
            rig.sim.served("ListPoliciesForUser"),
        )
    };
    let before = asked(&rig);
    // The keys screen of a user made a moment ago: empty, and nothing asked.
    let d = details(&mut rig, "fresh").await;
    assert!(d.keys.is_empty() && d.policies.is_empty(), "{d:?}");
    assert_eq!(asked(&rig), before);
    // Its key: no baseline asked either (it has none), and the key is made and saved.
    let dest = rig.dest(rig.dir.path().join("credentials"), false);
    let c = captured(
        rig.run(|job| Command::CreateKey {
            job,
            user: "fresh".into(),
            dest,
            replaces: None,
        })
        .await,
    );
    assert_eq!(asked(&rig), before);
    // From now on it has a key: its lists are asked again, and show it.
    let d = details(&mut rig, "fresh").await;
    assert_eq!(asked(&rig).0, before.0 + 1);
    assert_eq!(d.keys.len(), 1);
    assert_eq!(d.keys[0].access_key_id, c.key_id);
}

#[tokio::test]
async fn an_existing_users_baseline_is_still_read_so_a_lost_answer_names_the_new_key() {
    let mut rig = Rig::new().await;
    // A user made before this run, with a key of its own.
    let owner = ramwiz::cloud::Client::new(
        Endpoints::single(&rig.sim.endpoint()).unwrap(),
        ramwiz::cloud::Credentials::new(rig.sim.owner_access_key_id(), rig.sim.owner_secret()),
    )
    .unwrap();
    owner
        .call(&ramwiz::cloud::actions::CreateUser {
            user_name: "old".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let theirs = owner
        .call(&ramwiz::cloud::actions::CreateAccessKey {
            user_name: "old".into(),
        })
        .await
        .unwrap()
        .access_key
        .access_key_id;
    let lists = rig.sim.served("ListAccessKeys");
    // The answer to CreateAccessKey is lost after the key was made.
    rig.sim
        .set_faults(ramwiz::sim::Faults::parse("drop=CreateAccessKey").unwrap());
    let dest = rig.dest(rig.dir.path().join("credentials"), false);
    let out = rig
        .run(|job| Command::CreateKey {
            job,
            user: "old".into(),
            dest,
            replaces: None,
        })
        .await;
    // The baseline before, the list after: the key found is the one this run made, not theirs.
    assert!(rig.sim.served("ListAccessKeys") >= lists + 2);
    let Outcome::Failed(r) = out else {
        panic!("expected the orphan, got {out:?}")
    };
    assert_eq!(r.code.as_deref(), Some(ramwiz::protocol::CODE_ORPHANED));
    assert!(!r.detail.contains(&theirs), "{}", r.detail);
}

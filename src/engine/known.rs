//! What this run knows without asking the cloud again, so the critical path makes fewer round
//! trips (issue 23) and loses no check:
//! - a user this run created (CreateUser answered) has no AccessKey and no policy until this run
//!   gives it one: its key list, its policy list and the baseline before CreateAccessKey are
//!   empty without a `ListAccessKeys`/`ListPoliciesForUser`;
//! - a custom policy made ready ahead of its step (`apply` knows it from the answers): looked up,
//!   and created when missing, while the user and its key are made; the policy step then reads
//!   that outcome instead of asking again;
//! - the permission seen in effect by the first probe, sent together with the read-back after
//!   attaching.
//!
//! Each fact is taken once by the step it saves a call for; anything uncertain (a lost answer,
//! a failed look-up) is not recorded, and the step asks the cloud as it always did. A new
//! sign-in forgets everything (another account's users are not this run's), and a created user
//! is believed fresh for [`FRESH_FOR`] only: after that someone may have given it a key in the
//! console, and its lists are asked again.

/// How long a user this run created is believed to have nothing this run did not give it.
/// Headless runs take seconds; a person on the TUI moves from the user to its key in a minute.
pub const FRESH_FOR: Duration = Duration::from_secs(5 * 60);

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use crate::cloud::CloudError;
use crate::protocol::ExistingPolicy;

/// A custom policy made ready ahead: what was found, or that this run created it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    /// It was there (or not, and creating it failed: `None` then, and the step decides).
    Found(Option<ExistingPolicy>),
    /// It was missing and this run created it with the document below; its default version.
    Created { version: String },
}

/// A policy being made ready: its name, document and description, and the outcome once known.
#[derive(Debug, Clone)]
pub struct Preparing {
    pub name: String,
    pub document: String,
    pub description: String,
    /// `Err` when the look-up failed: the step then asks as it always did.
    pub outcome: Arc<OnceCell<Result<Prepared, CloudError>>>,
    /// Set once CreatePolicy was sent: an outcome that is still unknown may then have created
    /// it (a run that stops says so).
    pub create_sent: Arc<AtomicBool>,
}

impl Preparing {
    pub fn mark_create_sent(&self) {
        self.create_sent.store(true, Ordering::SeqCst);
    }

    /// Whether this run created the policy: `Some(true)` it did, `Some(false)` it did not,
    /// `None` when CreatePolicy was sent and its outcome is not known (or not known yet).
    pub fn created(&self) -> Option<bool> {
        match self.outcome.get() {
            Some(Ok(Prepared::Created { .. })) => Some(true),
            Some(Ok(Prepared::Found(_))) => Some(false),
            Some(Err(_)) | None => (!self.create_sent.load(Ordering::SeqCst)).then_some(false),
        }
    }

    fn same_policy(&self, name: &str, document: &str, description: &str) -> bool {
        self.name == name && self.document == document && self.description == description
    }
}

#[derive(Debug, Default)]
pub struct Known {
    /// Users this run created, and when.
    fresh_users: Mutex<HashMap<String, Instant>>,
    /// (user, AccessKey ID) whose first probe passed.
    in_effect: Mutex<HashSet<(String, String)>>,
    preparing: Mutex<Option<Preparing>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere while holding it leaves a set that is still valid.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Known {
    /// Forgets everything: a new sign-in (perhaps to another account) starts from nothing.
    pub fn forget(&self) {
        lock(&self.fresh_users).clear();
        lock(&self.in_effect).clear();
        *lock(&self.preparing) = None;
    }

    /// `user` was just created by this run: it has no keys and no policies.
    pub fn created_user(&self, user: &str) {
        lock(&self.fresh_users).insert(user.to_owned(), Instant::now());
    }

    /// Whether `user` still has nothing this run did not give it (no key, no policy), and was
    /// created less than [`FRESH_FOR`] ago.
    pub fn is_fresh(&self, user: &str) -> bool {
        self.fresh_at(user, Instant::now())
    }

    fn fresh_at(&self, user: &str, now: Instant) -> bool {
        lock(&self.fresh_users)
            .get(user)
            .is_some_and(|made| now.saturating_duration_since(*made) < FRESH_FOR)
    }

    /// `user` is about to get something (a key, a policy): from now on its lists are asked.
    /// Returns whether it was fresh until now.
    pub fn no_longer_fresh(&self, user: &str) -> bool {
        let fresh = self.is_fresh(user);
        lock(&self.fresh_users).remove(user);
        fresh
    }

    /// The first probe with `user`'s new key `key_id` passed, and the attachment was read back.
    pub fn seen_in_effect(&self, user: &str, key_id: &str) {
        lock(&self.in_effect).insert((user.to_owned(), key_id.to_owned()));
    }

    /// Whether the permission was seen in effect for `user` with `key_id` (taken: said once).
    pub fn take_in_effect(&self, user: &str, key_id: &str) -> bool {
        lock(&self.in_effect).remove(&(user.to_owned(), key_id.to_owned()))
    }

    /// Forgets what was seen in effect for `user` (with any key): a new attach starts over.
    pub fn clear_in_effect(&self, user: &str) {
        lock(&self.in_effect).retain(|(u, _)| u != user);
    }

    /// Starts making `name` ready; the returned cell is set by whoever runs the look-up first.
    /// The same policy asked again keeps its look-up (and its outcome).
    pub fn prepare(&self, name: &str, document: &str, description: &str) -> Preparing {
        let mut held = lock(&self.preparing);
        if let Some(p) = held
            .as_ref()
            .filter(|p| p.same_policy(name, document, description))
        {
            return p.clone();
        }
        let p = Preparing {
            name: name.to_owned(),
            document: document.to_owned(),
            description: description.to_owned(),
            outcome: Arc::new(OnceCell::new()),
            create_sent: Arc::new(AtomicBool::new(false)),
        };
        *held = Some(p.clone());
        p
    }

    /// The policy being made ready, when it is `name`.
    pub fn preparing(&self, name: &str) -> Option<Preparing> {
        lock(&self.preparing)
            .as_ref()
            .filter(|p| p.name == name)
            .cloned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_user_stays_fresh_until_it_gets_something() {
        let k = Known::default();
        assert!(!k.is_fresh("okd"));
        k.created_user("okd");
        assert!(k.is_fresh("okd"));
        assert!(k.no_longer_fresh("okd"));
        assert!(!k.is_fresh("okd"));
        assert!(!k.no_longer_fresh("okd"));
    }

    #[test]
    fn a_fresh_user_is_believed_for_a_few_minutes_only() {
        let k = Known::default();
        k.created_user("okd");
        let later = Instant::now() + FRESH_FOR + Duration::from_secs(1);
        assert!(k.fresh_at("okd", Instant::now()));
        assert!(!k.fresh_at("okd", later));
    }

    #[test]
    fn in_effect_is_taken_once_and_only_for_its_user_and_key() {
        let k = Known::default();
        k.seen_in_effect("a", "LTAI1");
        assert!(!k.take_in_effect("b", "LTAI1"));
        assert!(
            !k.take_in_effect("a", "LTAI2"),
            "another key of the same user"
        );
        assert!(k.take_in_effect("a", "LTAI1"));
        assert!(!k.take_in_effect("a", "LTAI1"));
        k.seen_in_effect("a", "LTAI1");
        k.clear_in_effect("a");
        assert!(!k.take_in_effect("a", "LTAI1"));
    }

    #[test]
    fn a_new_sign_in_forgets_everything() {
        let k = Known::default();
        k.created_user("okd");
        k.seen_in_effect("okd", "LTAI1");
        k.prepare("p", "{}", "d");
        k.forget();
        assert!(!k.is_fresh("okd"));
        assert!(!k.take_in_effect("okd", "LTAI1"));
        assert!(k.preparing("p").is_none());
    }

    #[test]
    fn the_same_policy_prepared_again_keeps_its_look_up() {
        let k = Known::default();
        let first = k.prepare("p", "{}", "d");
        assert!(first.outcome.set(Ok(Prepared::Found(None))).is_ok());
        let again = k.prepare("p", "{}", "d");
        assert!(Arc::ptr_eq(&first.outcome, &again.outcome));
        let other = k.prepare("p", "{\"x\":1}", "d");
        assert!(!Arc::ptr_eq(&first.outcome, &other.outcome));
        assert!(other.outcome.get().is_none());
    }

    #[test]
    fn whether_this_run_created_the_policy() {
        let k = Known::default();
        let p = k.prepare("p", "{}", "d");
        assert_eq!(p.created(), Some(false), "nothing sent yet");
        p.mark_create_sent();
        assert_eq!(p.created(), None, "sent, no answer yet");
        assert!(
            p.outcome
                .set(Ok(Prepared::Created {
                    version: "v1".into()
                }))
                .is_ok()
        );
        assert_eq!(p.created(), Some(true));
    }

    #[test]
    fn only_the_policy_being_prepared_is_found() {
        let k = Known::default();
        assert!(k.preparing("p").is_none());
        k.prepare("p", "{}", "d");
        assert!(k.preparing("q").is_none());
        assert_eq!(k.preparing("p").unwrap().document, "{}");
    }
}

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
//! a failed look-up) is not recorded, and the step asks the cloud as it always did.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

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
}

#[derive(Debug, Default)]
pub struct Known {
    fresh_users: Mutex<HashSet<String>>,
    in_effect: Mutex<HashSet<String>>,
    preparing: Mutex<Option<Preparing>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere while holding it leaves a set that is still valid.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Known {
    /// `user` was just created by this run: it has no keys and no policies.
    pub fn created_user(&self, user: &str) {
        lock(&self.fresh_users).insert(user.to_owned());
    }

    /// Whether `user` still has nothing this run did not give it (no key, no policy).
    pub fn is_fresh(&self, user: &str) -> bool {
        lock(&self.fresh_users).contains(user)
    }

    /// `user` is about to get something (a key, a policy): from now on its lists are asked.
    /// Returns whether it was fresh until now.
    pub fn no_longer_fresh(&self, user: &str) -> bool {
        lock(&self.fresh_users).remove(user)
    }

    /// The first probe with `user`'s new key passed.
    pub fn seen_in_effect(&self, user: &str) {
        lock(&self.in_effect).insert(user.to_owned());
    }

    /// Whether the permission was seen in effect for `user` (taken: said once).
    pub fn take_in_effect(&self, user: &str) -> bool {
        lock(&self.in_effect).remove(user)
    }

    /// Starts making `name` ready; the returned cell is set by whoever runs the look-up first.
    pub fn prepare(&self, name: &str, document: &str, description: &str) -> Preparing {
        let p = Preparing {
            name: name.to_owned(),
            document: document.to_owned(),
            description: description.to_owned(),
            outcome: Arc::new(OnceCell::new()),
        };
        *lock(&self.preparing) = Some(p.clone());
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
    fn in_effect_is_taken_once_and_only_for_its_user() {
        let k = Known::default();
        k.seen_in_effect("a");
        assert!(!k.take_in_effect("b"));
        assert!(k.take_in_effect("a"));
        assert!(!k.take_in_effect("a"));
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

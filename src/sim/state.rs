//! The simulated account's state: the owner's AccessKey, RAM users and their AccessKeys, custom
//! policies with their versions, and user→policy attachments. Also owns id generation (a small
//! seedable PRNG), UTC dates, lookups, and persistence (JSON, atomic temp-file + rename).
//!
//! System policies are constants (see `policy_doc`) and are never stored.

use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::error::SimError;

/// The account owner's (root) AccessKey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerKey {
    pub access_key_id: String,
    pub access_key_secret: String,
    pub create_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessKey {
    pub access_key_id: String,
    pub access_key_secret: String,
    /// `Active` or `Inactive`.
    pub status: String,
    pub create_date: String,
    /// When a request signed with this key was last accepted (GetAccessKeyLastUsed). Kept in
    /// memory and saved with the next change: a read does not write the state file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_date: Option<String>,
}

impl AccessKey {
    pub fn is_active(&self) -> bool {
        self.status == "Active"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Creation sequence number: the stable order of ListUsers and the basis of its Marker.
    pub seq: u64,
    pub user_id: String,
    pub user_name: String,
    pub display_name: String,
    pub comments: Option<String>,
    pub email: Option<String>,
    pub mobile_phone: Option<String>,
    pub create_date: String,
    pub update_date: String,
    #[serde(default)]
    pub access_keys: Vec<AccessKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersion {
    pub version_id: String,
    pub document: String,
    pub create_date: String,
}

/// A custom policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub policy_name: String,
    pub description: String,
    /// Oldest first.
    pub versions: Vec<PolicyVersion>,
    pub default_version: String,
    /// Version numbers are never reused: the next one is `v{next_version}`.
    pub next_version: u32,
    pub create_date: String,
    pub update_date: String,
}

impl Policy {
    pub fn version(&self, id: &str) -> Option<&PolicyVersion> {
        self.versions.iter().find(|v| v.version_id == id)
    }

    pub fn default_document(&self) -> &str {
        self.version(&self.default_version)
            .map(|v| v.document.as_str())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub user_name: String,
    pub policy_name: String,
    /// `System` or `Custom`.
    pub policy_type: String,
    pub attach_date: String,
}

/// A RAM role: who may assume it (its trust policy) and for how long at most.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub role_id: String,
    pub role_name: String,
    /// `acs:ram::ACCOUNT:role/<name in lower case>`: Alibaba's role ARNs seen in its docs are
    /// lower case; that every one is, is UNVERIFIED (the lookup ignores case either way).
    pub arn: String,
    pub description: String,
    pub assume_role_policy_document: String,
    /// Seconds, 3600–43200.
    pub max_session_duration: u64,
    pub create_date: String,
    pub update_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAttachment {
    pub role_name: String,
    pub policy_name: String,
    /// `System` or `Custom`.
    pub policy_type: String,
    pub attach_date: String,
}

/// A temporary key STS AssumeRole handed out: it signs as the role until `expiration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StsSession {
    /// `STS.` + alphanumerics.
    pub access_key_id: String,
    pub access_key_secret: String,
    pub security_token: String,
    pub role_name: String,
    pub session_name: String,
    /// When the key stops working (`YYYY-MM-DDThh:mm:ssZ`, the server's clock). With the
    /// `sts_early` fault it stops earlier than the `Expiration` it was handed out with.
    pub expiration: String,
    /// The session `Policy`: what the session may do is what the role's policies and it both
    /// allow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
}

/// Everything the simulated account holds; serialized as is to the state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub account_id: String,
    pub owner: OwnerKey,
    /// In creation order.
    pub users: Vec<User>,
    pub next_user_seq: u64,
    pub policies: Vec<Policy>,
    pub attachments: Vec<Attachment>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub role_attachments: Vec<RoleAttachment>,
    #[serde(default)]
    pub sessions: Vec<StsSession>,
}

/// splitmix64: small, seedable, good enough for ids in a test double (not for real secrets).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A fixed seed gives reproducible ids; 0 means "random" (from the OS via UUID v4).
    pub fn new(seed: u64) -> Self {
        let s = if seed == 0 {
            uuid::Uuid::new_v4().as_u128() as u64
        } else {
            seed
        };
        Self(s)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next_u64() % alphabet.len() as u64) as usize] as char)
            .collect()
    }

    /// `n` decimal digits, the first one non-zero.
    pub fn digits(&mut self, n: usize) -> String {
        let first = self.pick(b"123456789", 1);
        first + &self.pick(b"0123456789", n.saturating_sub(1))
    }

    pub fn alnum(&mut self, n: usize) -> String {
        self.pick(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            n,
        )
    }
}

/// `YYYY-MM-DDThh:mm:ssZ`, UTC.
pub fn fmt_date(t: OffsetDateTime) -> String {
    crate::cloud::sign::format_timestamp(t)
}

pub fn now() -> String {
    fmt_date(OffsetDateTime::now_utc())
}

/// `.sim-state.json-` for `sim-state.json`: the temporary files of one state file.
fn temp_prefix(path: &Path) -> String {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}-")
}

/// Removes the temporary files a killed sim left beside `path` (the ones no live writer holds
/// locked). A kill mid-write left partial `.tmp*` files that no later run cleaned.
fn remove_leftovers(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(&prefix) && name.ends_with(".tmp")) {
            continue;
        }
        let free = std::fs::File::open(e.path()).is_ok_and(|f| f.try_lock().is_ok());
        if free && std::fs::remove_file(e.path()).is_ok() {
            tracing::info!(file = %e.path().display(), "removed a state file a killed sim left");
        }
    }
}

impl State {
    /// A fresh account: random 16-digit id and a new owner AccessKey.
    pub fn new(rng: &mut Rng) -> Self {
        Self {
            account_id: rng.digits(16),
            owner: OwnerKey {
                access_key_id: format!("LTAI{}", rng.alnum(20)),
                access_key_secret: rng.alnum(30),
                create_date: now(),
            },
            users: Vec::new(),
            next_user_seq: 1,
            policies: Vec::new(),
            attachments: Vec::new(),
            roles: Vec::new(),
            role_attachments: Vec::new(),
            sessions: Vec::new(),
        }
    }

    /// Loads `path`, or makes (and saves) a new state when the file does not exist.
    pub fn load_or_new(path: &Path, rng: &mut Rng) -> Result<Self, SimError> {
        remove_leftovers(path);
        match crate::files::read_string(path, crate::files::Limit::Credentials) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| SimError::BadState {
                path: path.to_owned(),
                detail: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let st = Self::new(rng);
                st.save(path)?;
                Ok(st)
            }
            Err(source) => Err(SimError::ReadState {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Writes the state atomically: a temp file in the same directory, then a rename.
    pub fn save(&self, path: &Path) -> Result<(), SimError> {
        let err = |detail: String| SimError::WriteState {
            path: path.to_owned(),
            detail,
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let json = serde_json::to_vec_pretty(self).map_err(|e| err(e.to_string()))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(path))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| err(e.to_string()))?;
        // Locked while this process lives: a leftover of a killed sim is one nobody holds.
        let _ = tmp.as_file().try_lock();
        tmp.write_all(&json).map_err(|e| err(e.to_string()))?;
        tmp.as_file().sync_all().map_err(|e| err(e.to_string()))?;
        tmp.persist(path).map_err(|e| err(e.error.to_string()))?;
        Ok(())
    }

    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.user_name == name)
    }

    pub fn user_mut(&mut self, name: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.user_name == name)
    }

    pub fn policy(&self, name: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.policy_name == name)
    }

    pub fn policy_mut(&mut self, name: &str) -> Option<&mut Policy> {
        self.policies.iter_mut().find(|p| p.policy_name == name)
    }

    /// The user that owns an AccessKey, with the key.
    pub fn find_key(&self, access_key_id: &str) -> Option<(&User, &AccessKey)> {
        self.users.iter().find_map(|u| {
            u.access_keys
                .iter()
                .find(|k| k.access_key_id == access_key_id)
                .map(|k| (u, k))
        })
    }

    /// Notes that a request signed with `access_key_id` was accepted at `at` (the owner's key
    /// is not tracked).
    pub fn touch_key(&mut self, access_key_id: &str, at: OffsetDateTime) {
        let key = self
            .users
            .iter_mut()
            .flat_map(|u| u.access_keys.iter_mut())
            .find(|k| k.access_key_id == access_key_id);
        if let Some(k) = key {
            k.last_used_date = Some(fmt_date(at));
        }
    }

    /// A role by name (any case, as the ARN's lower-case name finds it).
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles
            .iter()
            .find(|r| r.role_name.eq_ignore_ascii_case(name))
    }

    pub fn role_attachments_of<'a>(
        &'a self,
        role: &'a str,
    ) -> impl Iterator<Item = &'a RoleAttachment> {
        self.role_attachments
            .iter()
            .filter(move |a| a.role_name.eq_ignore_ascii_case(role))
    }

    pub fn session(&self, access_key_id: &str) -> Option<&StsSession> {
        self.sessions
            .iter()
            .find(|s| s.access_key_id == access_key_id)
    }

    pub fn attachments_of<'a>(&'a self, user: &'a str) -> impl Iterator<Item = &'a Attachment> {
        self.attachments.iter().filter(move |a| a.user_name == user)
    }

    /// A user id no one has: 16 digits.
    pub fn fresh_user_id(&self, rng: &mut Rng) -> String {
        loop {
            let id = rng.digits(16);
            if id != self.account_id && !self.users.iter().any(|u| u.user_id == id) {
                return id;
            }
        }
    }

    /// An AccessKey id no one has: `LTAI` + 20 alphanumerics.
    pub fn fresh_key_id(&self, rng: &mut Rng) -> String {
        loop {
            let id = format!("LTAI{}", rng.alnum(20));
            if id != self.owner.access_key_id && self.find_key(&id).is_none() {
                return id;
            }
        }
    }

    /// Adds a user (no validation: callers validate first). Returns its index.
    pub fn push_user(&mut self, rng: &mut Rng, name: &str, display_name: &str) -> usize {
        let date = now();
        let user = User {
            seq: self.next_user_seq,
            user_id: self.fresh_user_id(rng),
            user_name: name.to_owned(),
            display_name: display_name.to_owned(),
            comments: None,
            email: None,
            mobile_phone: None,
            create_date: date.clone(),
            update_date: date,
            access_keys: Vec::new(),
        };
        self.next_user_seq += 1;
        self.users.push(user);
        self.users.len() - 1
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_documented_shapes_and_seeds_repeat() {
        let mut rng = Rng::new(42);
        let st = State::new(&mut rng);
        assert_eq!(st.account_id.len(), 16);
        assert!(st.account_id.chars().all(|c| c.is_ascii_digit()));
        assert!(st.owner.access_key_id.starts_with("LTAI"));
        assert_eq!(st.owner.access_key_id.len(), 24);
        assert_eq!(st.owner.access_key_secret.len(), 30);
        let again = State::new(&mut Rng::new(42));
        assert_eq!(again.account_id, st.account_id);
        assert_ne!(State::new(&mut Rng::new(0)).account_id, st.account_id);
    }

    #[test]
    fn save_and_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut rng = Rng::new(7);
        let mut st = State::load_or_new(&path, &mut rng).unwrap();
        assert!(path.exists());
        st.push_user(&mut rng, "alice", "Alice");
        st.save(&path).unwrap();
        let back = State::load_or_new(&path, &mut rng).unwrap();
        assert_eq!(back, st);
        // A killed sim's partial state goes at the next load; a live writer's stays.
        let left = dir.path().join(".state.json-Xy12.tmp");
        std::fs::write(&left, "{\"account_id\": \"12").unwrap();
        let live = dir.path().join(".state.json-Live.tmp");
        std::fs::write(&live, "").unwrap();
        let held = std::fs::File::open(&live).unwrap();
        held.lock().unwrap();
        State::load_or_new(&path, &mut rng).unwrap();
        assert!(!left.exists() && live.exists());
        drop(held);
        std::fs::write(&path, "{nope").unwrap();
        assert!(matches!(
            State::load_or_new(&path, &mut rng),
            Err(SimError::BadState { .. })
        ));
    }
}

//! The journal: an append-only JSON-lines record of what ramwiz did (never a secret), so an
//! interrupted run can be understood and resumed. Each line is `{"at": …, "event": …, …}`.
//! Writing is best effort: a journal that cannot be written is logged, never fatal.

use crate::protocol::RunRecord;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// A lock file beside the journal, held by this process for as long as it lives (and
    /// removed when dropped): a key intent names it, so a later orphan check knows a creation
    /// whose run is still going (its secret on a screen, its save being retried) from one whose
    /// run died. `None` where no lock can be had (the check then goes by the journal alone).
    pub fn run_lock(&self) -> Option<RunLock> {
        let dir = self.path.parent()?;
        std::fs::create_dir_all(dir).ok()?;
        let path = dir.join(format!(
            "{RUN_LOCK_PREFIX}{}.lock",
            uuid::Uuid::new_v4().simple()
        ));
        let mut opts = std::fs::OpenOptions::new();
        opts.create_new(true).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&path).ok()?;
        file.try_lock().ok()?;
        Some(RunLock { path, _file: file })
    }

    /// Removes the run locks beside the journal that no live run holds.
    pub fn clear_dead_run_locks(&self) {
        let Some(dir) = self.path.parent() else {
            return;
        };
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(RUN_LOCK_PREFIX) && name.ends_with(".lock") {
                let _ = run_alive(&e.path().display().to_string());
            }
        }
    }

    /// Appends one event with string fields. Callers pass identifiers only, never secrets.
    pub fn record(&self, event: &str, fields: &[(&str, &str)]) {
        let mut obj = serde_json::Map::new();
        let now = crate::cloud::sign::format_timestamp(time::OffsetDateTime::now_utc());
        obj.insert("at".into(), now.into());
        obj.insert("event".into(), event.into());
        for (k, v) in fields {
            obj.insert((*k).into(), (*v).into());
        }
        let line = serde_json::Value::Object(obj).to_string();
        if let Err(e) = self.append(&line) {
            tracing::warn!(path = %self.path.display(), error = %e, "could not write the journal");
        }
    }

    fn append(&self, line: &str) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut opts = std::fs::OpenOptions::new();
        opts.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        crate::crashpoint::here("journal: before a write");
        // One write of the whole line, under a lock: jobs that run together (the policy made
        // ready ahead, a key intent) each append whole lines, never halves of two. O_APPEND
        // alone does not promise it, and `writeln!` writes the line and its newline apart.
        let _one_at_a_time = APPENDING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut f = opts.open(&self.path)?;
        let mut whole = String::with_capacity(line.len() + 1);
        whole.push_str(line);
        whole.push('\n');
        f.write_all(whole.as_bytes())?;
        crate::crashpoint::here("journal: written, not synced");
        f.sync_data()
    }

    /// Every entry, oldest first; unreadable lines are skipped.
    pub fn entries(&self) -> Vec<serde_json::Value> {
        self.try_entries().unwrap_or_default()
    }

    /// The same, or why the file could not be read (a journal not made yet has no entries).
    pub fn try_entries(&self) -> std::io::Result<Vec<serde_json::Value>> {
        match crate::files::read_string(&self.path, crate::files::Limit::Credentials) {
            Ok(s) => Ok(s
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }
}

const RUN_LOCK_PREFIX: &str = ".ramwiz-run-";

/// Held while a line is appended (by any journal of this process).
static APPENDING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A run's lock file (see [`Journal::run_lock`]).
#[derive(Debug)]
pub struct RunLock {
    pub path: PathBuf,
    _file: std::fs::File,
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether the run holding the lock file `lock` is alive. A lock nobody holds belongs to a
/// run that died: the file is removed. A missing or empty name: not alive.
pub fn run_alive(lock: &str) -> bool {
    if lock.is_empty() {
        return false;
    }
    let Ok(f) = std::fs::File::open(lock) else {
        return false;
    };
    match f.try_lock() {
        Ok(()) => {
            let _ = std::fs::remove_file(lock);
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(_)) => false,
    }
}

/// A key creation the journal saw start but never saw saved: a key whose secret nobody has
/// may exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsaved {
    pub user: String,
    /// When the intent was recorded (`YYYY-MM-DDThh:mm:ssZ`).
    pub at: String,
    /// The key's ID, when the journal got to record it.
    pub key_id: Option<String>,
    /// The user's key IDs just before the creation; `None` in a journal older than the field.
    pub baseline: Option<Vec<String>>,
    /// Where the key was to be saved (file as given, and profile).
    pub file: String,
    pub profile: String,
    /// The account it was made in; empty in a journal older than the field.
    pub account: String,
    /// The lock file its run held (see [`Journal::run_lock`]); empty when none.
    pub run_lock: String,
}

impl Unsaved {
    /// Whether `key` (its ID, and `CreateDate` as the cloud gives it) may be the key this
    /// creation made: the very key when its ID was journaled; else any key not in the baseline.
    /// Only a journal from before the baseline falls back on comparing times.
    pub fn may_have_made(&self, key_id: &str, create_date: &str) -> bool {
        match (&self.key_id, &self.baseline) {
            (Some(id), _) => id == key_id,
            (None, Some(before)) => !before.iter().any(|b| b == key_id),
            (None, None) => create_date >= self.at.as_str(),
        }
    }
}

fn field(e: &serde_json::Value, k: &str) -> String {
    e[k].as_str().unwrap_or_default().to_owned()
}

/// Intents to create a key with no "saved" (or "resolved") record after them.
pub fn unsaved_keys(entries: &[serde_json::Value]) -> Vec<Unsaved> {
    let mut open: Vec<Unsaved> = Vec::new();
    for e in entries {
        match e["event"].as_str().unwrap_or_default() {
            "key_intent" => open.push(Unsaved {
                user: field(e, "user"),
                at: field(e, "at"),
                key_id: None,
                baseline: e["baseline"].as_str().map(|b| {
                    b.split(',')
                        .filter(|k| !k.is_empty())
                        .map(str::to_owned)
                        .collect()
                }),
                file: field(e, "file"),
                profile: field(e, "profile"),
                account: field(e, "account_id"),
                run_lock: field(e, "run_lock"),
            }),
            // A key known to be made and never saved (found after a retried creation).
            "key_orphaned" => open.push(Unsaved {
                user: field(e, "user"),
                at: field(e, "at"),
                key_id: Some(field(e, "key_id")),
                baseline: None,
                file: String::new(),
                profile: String::new(),
                account: String::new(),
                run_lock: String::new(),
            }),
            "key_created" => {
                let user = field(e, "user");
                if let Some(u) = open
                    .iter_mut()
                    .rev()
                    .find(|u| u.user == user && u.key_id.is_none())
                {
                    u.key_id = Some(field(e, "key_id"));
                }
            }
            "key_saved" | "orphan_resolved" => {
                let id = field(e, "key_id");
                open.retain(|u| u.key_id.as_deref() != Some(id.as_str()));
            }
            "key_not_created" | "orphans_checked" => {
                let user = field(e, "user");
                open.retain(|u| {
                    !(u.user == user && (u.key_id.is_none() || e["event"] == "orphans_checked"))
                });
            }
            _ => {}
        }
    }
    open
}

/// The latest setup run, if it has begun (a user created or a key intended).
pub fn last_run(entries: &[serde_json::Value]) -> Option<RunRecord> {
    let mut run: Option<RunRecord> = None;
    for e in entries {
        let ev = e["event"].as_str().unwrap_or_default();
        match ev {
            "user_created" | "key_intent" => {
                let user = field(e, "user");
                let replaces = Some(field(e, "replaces")).filter(|r| !r.is_empty());
                let restart = replaces.is_some()
                    || run
                        .as_ref()
                        .is_none_or(|r| r.finished() || r.user != user || r.replaces.is_some());
                if restart {
                    run = Some(RunRecord {
                        user,
                        replaces,
                        ..Default::default()
                    });
                }
            }
            "key_deactivated" | "key_deleted" => {
                let id = field(e, "key_id");
                if let Some(r) = run
                    .as_mut()
                    .filter(|r| r.replaces.as_deref() == Some(id.as_str()))
                {
                    r.old_key_state = Some(
                        if ev == "key_deleted" {
                            "deleted"
                        } else {
                            "deactivated"
                        }
                        .to_owned(),
                    );
                }
            }
            "key_saved" => {
                if let Some(r) = run.as_mut() {
                    r.key = Some((field(e, "key_id"), field(e, "file"), field(e, "profile")));
                }
            }
            "key_verified" => {
                if let Some(r) = run.as_mut() {
                    r.verified = true;
                }
            }
            "policy_attached" => {
                if let Some(r) = run.as_mut().filter(|r| r.user == field(e, "user")) {
                    r.policy = Some((field(e, "policy"), field(e, "type")));
                }
            }
            "ccoctl_extracted" => {
                if let Some(r) = run.as_mut() {
                    r.ccoctl = Some(
                        [
                            "path",
                            "release",
                            "release_image",
                            "installer",
                            "oc",
                            "pull_secret",
                        ]
                        .map(|k| field(e, k)),
                    );
                }
            }
            "components_provisioned" => {
                if let Some(r) = run.as_mut() {
                    r.provisioned = Some(
                        ["name", "region", "output_dir", "credentials_requests_dir"]
                            .map(|k| field(e, k)),
                    );
                }
            }
            _ => {}
        }
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(v: serde_json::Value) -> serde_json::Value {
        v
    }

    /// Jobs that record together (the policy made ready ahead beside a key intent) leave whole
    /// lines: every entry reads back.
    #[test]
    fn entries_recorded_together_are_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path().join("journal.jsonl"));
        let long = "x".repeat(3000);
        std::thread::scope(|s| {
            for t in 0..6 {
                let (j, long) = (&j, &long);
                s.spawn(move || {
                    for i in 0..40 {
                        j.record(
                            "e",
                            &[("t", &t.to_string()), ("i", &i.to_string()), ("pad", long)],
                        );
                    }
                });
            }
        });
        let text = std::fs::read_to_string(j.path()).unwrap();
        assert_eq!(text.lines().count(), 240);
        assert_eq!(j.entries().len(), 240, "a torn line does not parse");
    }

    #[test]
    fn a_run_lock_says_a_run_is_alive_until_it_goes() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path().join("journal.jsonl"));
        let lock = j.run_lock().unwrap();
        let path = lock.path.display().to_string();
        assert!(run_alive(&path), "held by this run");
        j.clear_dead_run_locks();
        assert!(lock.path.exists(), "a live run's lock stays");
        drop(lock);
        assert!(!run_alive(&path), "gone with its run");
        // A run that died: its file is there, nobody holds it.
        let dead = dir.path().join(".ramwiz-run-dead.lock");
        std::fs::write(&dead, "").unwrap();
        assert!(!run_alive(&dead.display().to_string()));
        assert!(!dead.exists(), "removed once found free");
        assert!(!run_alive(""));
    }

    #[test]
    fn an_orphan_is_told_by_the_baseline_whatever_the_clocks_say() {
        use serde_json::json;
        // The local clock was two minutes ahead: the key's CreateDate is before the intent.
        let entries = vec![
            json!({"event":"key_intent","user":"a","at":"2026-01-01T00:02:00Z",
            "baseline":"LTAIold1,LTAIold2","file":"/c","profile":"default"}),
        ];
        let open = unsaved_keys(&entries);
        let u = &open[0];
        assert_eq!(
            u.baseline.as_deref(),
            Some(&["LTAIold1".to_owned(), "LTAIold2".to_owned()][..])
        );
        assert_eq!((u.file.as_str(), u.profile.as_str()), ("/c", "default"));
        assert!(u.may_have_made("LTAInew", "2026-01-01T00:00:00Z"));
        assert!(!u.may_have_made("LTAIold2", "2026-01-01T00:03:00Z"));
        // A user with no key before: an empty baseline, not a missing one.
        let none = unsaved_keys(&[
            json!({"event":"key_intent","user":"a","at":"2026-01-01T00:02:00Z","baseline":""}),
        ]);
        assert_eq!(none[0].baseline.as_deref(), Some(&[][..]));
        assert!(none[0].may_have_made("LTAInew", "2026-01-01T00:00:00Z"));
        // A journal from before the baseline: the time rule, as it was.
        let old =
            unsaved_keys(&[json!({"event":"key_intent","user":"a","at":"2026-01-01T00:02:00Z"})]);
        assert!(!old[0].may_have_made("LTAInew", "2026-01-01T00:00:00Z"));
    }

    #[test]
    fn an_intent_without_a_save_is_unsaved_until_resolved() {
        use serde_json::json;
        let mut entries = vec![
            ev(json!({"event":"key_intent","user":"a","at":"2026-01-01T00:00:00Z"})),
            ev(json!({"event":"key_created","user":"a","key_id":"K1"})),
            ev(json!({"event":"key_saved","key_id":"K1"})),
            ev(json!({"event":"key_intent","user":"a","at":"2026-01-02T00:00:00Z"})),
            ev(json!({"event":"key_created","user":"a","key_id":"K2"})),
            ev(json!({"event":"key_intent","user":"b","at":"2026-01-03T00:00:00Z"})),
            ev(
                json!({"event":"key_orphaned","user":"c","key_id":"K9","at":"2026-01-03T00:00:00Z"}),
            ),
        ];
        let open = unsaved_keys(&entries);
        assert_eq!(open.len(), 3);
        assert_eq!(open[0].key_id.as_deref(), Some("K2"));
        assert_eq!(
            (open[1].user.as_str(), open[1].key_id.as_deref()),
            ("b", None)
        );
        assert_eq!(
            (open[2].user.as_str(), open[2].key_id.as_deref()),
            ("c", Some("K9"))
        );
        entries.push(ev(json!({"event":"orphan_resolved","key_id":"K2"})));
        entries.push(ev(json!({"event":"key_not_created","user":"b"})));
        entries.push(ev(json!({"event":"orphan_resolved","key_id":"K9"})));
        assert!(unsaved_keys(&entries).is_empty());
    }

    #[test]
    fn the_last_run_collects_its_steps_and_a_new_user_starts_another() {
        use serde_json::json;
        let mut entries = vec![
            json!({"event":"user_created","user":"a"}),
            json!({"event":"key_intent","user":"a"}),
            json!({"event":"key_saved","key_id":"K","file":"/c","profile":"default"}),
            json!({"event":"key_verified","user":"a"}),
            json!({"event":"policy_attached","user":"a","policy":"okd-installer","type":"Custom"}),
        ];
        let r = last_run(&entries).unwrap();
        assert_eq!(r.key, Some(("K".into(), "/c".into(), "default".into())));
        assert!(r.verified && r.policy.is_some() && r.ccoctl.is_none());
        entries.push(json!({"event":"user_created","user":"b"}));
        assert_eq!(
            last_run(&entries).unwrap(),
            RunRecord {
                user: "b".into(),
                ..Default::default()
            }
        );
        assert_eq!(last_run(&[]), None);
    }

    #[test]
    fn appends_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path().join("sub/journal.jsonl"));
        j.record("signed_in", &[("account_id", "1")]);
        j.record("other", &[]);
        let e = j.entries();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0]["event"], "signed_in");
        assert_eq!(e[0]["account_id"], "1");
    }
}

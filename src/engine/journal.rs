//! The journal: an append-only JSON-lines record of what ramwiz did (never a secret), so an
//! interrupted run can be understood and resumed. Each line is `{"at": …, "event": …, …}`.
//! Writing is best effort: a journal that cannot be written is logged, never fatal.

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
        let mut f = opts.open(&self.path)?;
        writeln!(f, "{line}")?;
        f.sync_data()
    }

    /// Every entry, oldest first; unreadable lines are skipped.
    pub fn entries(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.path)
            .map(|s| {
                s.lines()
                    .filter_map(|l| serde_json::from_str(l).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

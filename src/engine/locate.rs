//! Finding the tools (`openshift-install` and `oc` on the search path, the default pull
//! secret) and completing a typed path (Tab), both off the async threads.

use std::sync::Arc;

use super::{Reporter, Shared};
use crate::protocol::{JobOutput, Outcome};
use crate::tools::locate;

pub async fn locate_tools(shared: Arc<Shared>, r: Reporter) {
    let cfg = shared.config.tools.clone();
    let found = tokio::task::spawn_blocking(move || {
        let path = std::env::var_os("PATH");
        let installer = locate("openshift-install", &cfg.search, path.as_deref());
        let oc = locate("oc", &cfg.search, path.as_deref());
        let pull = cfg.default_pull_secret.filter(|p| p.is_file());
        (installer, oc, pull)
    })
    .await
    .unwrap_or((None, None, None));
    let last_name = shared
        .journal
        .as_ref()
        .and_then(|j| {
            j.entries()
                .into_iter()
                .rev()
                .find(|e| e["event"] == "components_provisioned")
        })
        .and_then(|e| e["name"].as_str().map(str::to_owned));
    r.finish(Outcome::Done(JobOutput::ToolsFound(
        found.0, found.1, found.2, last_name,
    )));
}

/// The longest completion of a typed path, and the names that start with it.
pub fn complete(value: &str) -> (String, Vec<String>) {
    let (dir, prefix) = match value.rfind('/') {
        Some(i) => (&value[..=i], &value[i + 1..]),
        None => ("", value),
    };
    let read_dir = if dir.is_empty() { "." } else { dir };
    let Ok(entries) = std::fs::read_dir(read_dir) else {
        return (value.to_owned(), Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.path().is_dir();
            (name.starts_with(prefix) && (!name.starts_with('.') || prefix.starts_with('.')))
                .then(|| if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let Some(first) = names.first() else {
        return (value.to_owned(), Vec::new());
    };
    let mut common = first.clone();
    for n in &names[1..] {
        let len = common
            .chars()
            .zip(n.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(len).collect();
    }
    (
        format!("{dir}{common}"),
        if names.len() > 1 { names } else { Vec::new() },
    )
}

pub async fn complete_path(field: usize, value: String, r: Reporter) {
    let (value, candidates) = tokio::task::spawn_blocking(move || complete(&value))
        .await
        .unwrap_or_default();
    r.finish(Outcome::Done(JobOutput::Completion {
        field,
        value,
        candidates,
    }));
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn completion_finds_the_common_prefix_and_marks_directories() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("install-a")).unwrap();
        std::fs::create_dir(d.path().join("install-b")).unwrap();
        std::fs::write(d.path().join("oc"), "").unwrap();
        let base = format!("{}/", d.path().display());
        let (v, c) = complete(&format!("{base}ins"));
        assert_eq!(v, format!("{base}install-"));
        assert_eq!(c, vec!["install-a/".to_owned(), "install-b/".to_owned()]);
        assert_eq!(complete(&format!("{base}o")).0, format!("{base}oc"));
        assert_eq!(
            complete(&format!("{base}install-a")).0,
            format!("{base}install-a/")
        );
        assert_eq!(complete(&format!("{base}zzz")).0, format!("{base}zzz"));
    }
}

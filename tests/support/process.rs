//! Child processes as the tests run them.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `cmd` with `stdin` written to it (as a person typing answers), its output captured.
pub fn output_with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// How many components' Secret manifests (`*-credentials.yaml`) are in `dir` (none when the
/// directory is not there).
pub fn credentials_manifests_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with("-credentials.yaml")
            })
        })
        .count()
}

/// (AccessKey ID, status) of every key of `user` in a demo dir's simulated cloud.
pub fn demo_keys(dir: &std::path::Path, user: &str) -> Vec<(String, String)> {
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sim-state.json")).unwrap()).unwrap();
    state["users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["user_name"] == user)
        .flat_map(|u| u["access_keys"].as_array().cloned().unwrap_or_default())
        .map(|k| {
            (
                k["access_key_id"].as_str().unwrap_or_default().to_owned(),
                k["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

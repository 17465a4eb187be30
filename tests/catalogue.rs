//! The message catalogues and the source, checked together (issue 22):
//! - every message of the catalogue is used by the code (an unused one would be translated for
//!   nothing, and hides that a screen still says something of its own);
//! - no source file of ramwiz (the simulated cloud aside) holds an English sentence of its own:
//!   a string literal with three or more words is a failure, unless it is in a log line, or is
//!   data ramwiz sends, stores or matches, or a diagnostic detail (listed below, each with why).
//!
//! The IDs and variables of the two catalogues are checked beside the code (`i18n` tests), and
//! an ID the code names but the catalogue lacks does not compile (`build.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::rust_files;

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn all_source() -> String {
    let mut files = Vec::new();
    for d in ["src", "tests", "benches", "examples"] {
        let dir = root().join(d);
        if dir.exists() {
            rust_files(&dir, &mut files);
        }
    }
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

/// The names the code reaches a message by: its ID in quotes, its accessor (called, or passed
/// as a function: `s::CLI_DEMO,`), its `id::` constant.
fn names(id: &str) -> Vec<String> {
    let short = id.strip_prefix("apply-").unwrap_or(id).replace('-', "_");
    let upper = short.to_ascii_uppercase();
    vec![
        format!("\"{id}\""),
        format!("{upper}()"),
        format!("::{upper},"),
        format!("::{upper})"),
        format!("{short}("),
        format!("id::{}", id.replace('-', "_").to_ascii_uppercase()),
    ]
}

#[test]
fn every_message_of_the_catalogue_is_used() {
    let ftl = std::fs::read_to_string(root().join("assets/locales/en-US/ramwiz.ftl")).unwrap();
    let src = all_source();
    let unused: Vec<&str> = ramwiz::i18n::ids(&ftl)
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| !names(id).iter().any(|n| src.contains(n.as_str())))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

/// Literals that are not sentences for a person to read in ramwiz's voice.
const NOT_PROSE: &[(&str, &str)] = &[
    (
        "printf 'credentialsMode: Manual\\\\n' >> {}",
        "a shell command of the next steps, run as printed",
    ),
    ("user ✓ policy ✓", "ccoctl's own output, quoted"),
    ("user ✓ policy ✓ attached ✓", "ccoctl's own output, quoted"),
    (
        "user ✓ policy ✓ attached ✓ key ✓",
        "ccoctl's own output, quoted",
    ),
    (
        "user ✓ policy ✓ attached ✓ key ✓ saved ✓",
        "ccoctl's own output, quoted",
    ),
    // Data stored in the account or written to a file, the same in every language.
    (
        "# Written by ramwiz: the ccoctl run that made manifests/.\\nname={name}\\nregion={region}\\n",
        "a stamp file ramwiz reads back",
    ),
    (
        "apiVersion: v1\\ncredentialsMode: Mint\\n",
        "YAML ramwiz parses",
    ),
    (
        "apiVersion: v1\\ncredentialsMode: Manual\\n",
        "YAML ramwiz parses",
    ),
    (
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT",
        "the HTTP date format",
    ),
    ("Max core file size", "a line of /proc/self/limits, matched"),
    // What tools and servers print, matched by ramwiz.
    (
        "built from commit ",
        "openshift-install version's output, matched",
    ),
    (
        "server string to sign is:",
        "Alibaba's SignatureDoesNotMatch message, matched",
    ),
    ("Created RAM User: ", "ccoctl's log line, matched"),
    (" already exists, continuing", "ccoctl's log line, matched"),
    (
        "'s accesskey number limit exceeded, will delete original accesskeys",
        "ccoctl's log line, matched",
    ),
    (
        "Ready for creating new ram policy ",
        "ccoctl's log line, matched",
    ),
    (" has attached on user ", "ccoctl's log line, matched"),
    ("Ready to delete user ", "ccoctl's log line, matched"),
    (
        "Created access keys for RAM User: ",
        "ccoctl's log line, matched",
    ),
    (
        "Saved credentials configuration to: ",
        "ccoctl's log line, matched",
    ),
    ("Find ram user ", "ccoctl's log line, matched"),
    // Diagnostic details: shown after the translated sentence, in parentheses ("detail: …"),
    // beside the keyring's own (English) D-Bus texts, and written to the log as they are.
    ("the probe read back a different value", "a keyring detail"),
    (
        "this keyring cannot search its entries ({why}), so ramwiz cannot list its keys",
        "a keyring detail",
    ),
    ("the keyring handle is closed", "a keyring detail"),
    ("the stored value is not text", "a keyring detail"),
    ("could not start a keyring thread: {e}", "a keyring detail"),
    (
        "the keyring did not answer within {} s ({what})",
        "a keyring detail",
    ),
    (
        "the keyring call stopped unexpectedly ({what})",
        "a keyring detail",
    ),
    ("no keyring store is set up", "a keyring detail"),
    ("the stored value is malformed", "a keyring detail"),
    (
        "{} keyring entries match this key; remove the extra ones",
        "a keyring detail",
    ),
    ("the keyring collection is locked", "a keyring detail"),
    ("the unlock prompt was dismissed", "a keyring detail"),
    (
        "the Secret Service has no default collection",
        "a keyring detail",
    ),
    ("no free backup name", "an I/O error's detail"),
    ("no output pipes", "an I/O error's detail"),
    (
        "{e} (at line {}, column {})",
        "serde's own message, with where",
    ),
    // Not for a person at all.
    (
        "ramwiz: {GUARD_ARG}: no program",
        "the child guard's usage, never run by hand",
    ),
    (
        "reliability row not written to {}: {e}",
        "the test suite's own output (docs/RELIABILITY.md)",
    ),
    (
        "| area | fault or bad input | cases | what was checked | result |\\n| --- | --- | ---: | --- | --- |\\n",
        "docs/RELIABILITY.md's table head",
    ),
    (
        "saving was made to fail on purpose (RAMWIZ_TEST_FAIL_SAVES)",
        "a test-only failure of debug builds",
    ),
    (
        "RAMWIZ_TEST_PANIC is set: panicking on purpose after the first frame",
        "a test-only panic of debug builds",
    ),
];

/// String literals of `text` outside `#[cfg(test)]` code, with their line numbers.
fn literals(text: &str) -> Vec<(usize, String)> {
    let code = text
        .split("#[cfg(test)]")
        .next()
        .and_then(|c| c.split("#[cfg(all(test").next())
        .unwrap_or("");
    let mut out = Vec::new();
    // Inside a log macro or a crash point (the log stays English; crash points are names).
    let mut in_log = false;
    for (n, line) in code.lines().enumerate() {
        let t = line.trim_start();
        if ["tracing::", "crashpoint::here("]
            .iter()
            .any(|m| t.contains(m))
        {
            in_log = true;
        }
        if in_log {
            in_log = !t.ends_with(';') && !t.ends_with(");");
            continue;
        }
        if t.starts_with("//") || t.starts_with("#[") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            // A comment after the code ends what is read of the line.
            if rest.find("//").is_some_and(|c| c < start) {
                break;
            }
            let after = &rest[start + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            out.push((n + 1, after[..end].to_owned()));
            rest = &after[end + 1..];
        }
    }
    out
}

/// Three or more words of letters: a sentence, not a key name, a code or a command.
fn looks_like_prose(s: &str) -> bool {
    let words = s
        .split(|c: char| c.is_whitespace())
        .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2)
        .filter(|w| !w.starts_with('-') && !w.contains('{') && !w.contains('/'))
        .count();
    words >= 3 && s.chars().any(|c| c.is_ascii_lowercase())
}

/// Every source file of ramwiz but the simulated cloud (the double of Alibaba's, which speaks
/// English as Alibaba's API does) and the test modules.
#[test]
fn ramwiz_says_nothing_outside_the_catalogue() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let sim = root().join("src/sim");
    let mut found = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        if f.starts_with(&sim) || name.starts_with("tests") || name == "svg.rs" || name == "fit.rs"
        {
            continue;
        }
        for (line, lit) in literals(&std::fs::read_to_string(f).unwrap()) {
            if looks_like_prose(&lit) && !NOT_PROSE.iter().any(|(l, _)| *l == lit) {
                found.push(format!(
                    "{}:{line}: {lit:?}",
                    f.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "sentences outside the catalogue (move them to assets/locales/*/ramwiz.ftl):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_prose_detector_tells_sentences_from_keys_and_commands() {
    assert!(looks_like_prose("Press Enter to sign in."));
    assert!(!looks_like_prose("Enter"));
    assert!(!looks_like_prose("↑↓ PgUp PgDn"));
    assert!(!looks_like_prose(
        "{} alibabacloud delete-ram-users --name {} --region {}"
    ));
    assert_eq!(
        literals("let a = \"one \\\"two\\\" three\"; // \"not this\""),
        vec![(1, "one \\\"two\\\" three".to_owned())]
    );
    // A log line, over several lines, is not read; the code after it is.
    assert_eq!(
        literals("tracing::info!(\n    n = 1,\n    \"a log line here\"\n);\nlet x = \"a b c d\";"),
        vec![(5, "a b c d".to_owned())]
    );
}

#[test]
fn every_allowed_literal_is_still_in_the_source() {
    let src = all_source();
    let stale: Vec<&str> = NOT_PROSE
        .iter()
        .map(|(l, _)| *l)
        .filter(|l| !src.contains(*l))
        .collect();
    assert!(stale.is_empty(), "allowed but gone: {stale:?}");
}

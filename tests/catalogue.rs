//! The message catalogues and the source, checked together (issue 22):
//! - every message of the catalogue is used by the code (an unused one would be translated for
//!   nothing, and hides that a screen still says something of its own);
//! - the screens, the wizard and the strings modules hold no English sentence of their own:
//!   a string literal there with three or more words is a failure, unless it is data ramwiz
//!   sends or a tool prints (listed below, each with why).
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
        "created by ramwiz for an OKD installation",
        "the RAM user's Comments: data stored in the account, the same in every language",
    ),
    (
        "printf 'credentialsMode: Manual\\\\n' >> {}",
        "a shell command of the next steps, run as printed",
    ),
    (
        "profile {to} (moved there by ramwiz)",
        "a sign-in source's label, which the JSON report records as it is",
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
];

/// String literals of `text` outside `#[cfg(test)]` code, with their line numbers.
fn literals(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let t = line.trim_start();
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

#[test]
fn the_screens_and_the_wizard_say_nothing_of_their_own() {
    let mut files = Vec::new();
    for d in ["src/ui", "src/wizard", "src/strings"] {
        rust_files(&root().join(d), &mut files);
    }
    files.push(root().join("src/strings.rs"));
    files.push(root().join("src/report.rs"));
    let mut found = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy();
        if name.starts_with("tests") || name == "svg.rs" || name == "fit.rs" {
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
}

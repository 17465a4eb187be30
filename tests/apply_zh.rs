//! `ramwiz apply` in Simplified Chinese (issue 22): with `LANG=zh_CN.UTF-8` the progress lines
//! and the text report are Chinese, while `--output json` is the same report once the run's own
//! IDs, dates and directory are set aside, and the exit codes are the same.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const EXAMPLE: &str = include_str!("../assets/answers.example.toml");

fn apply(dir: &Path, lang: &str, answers: &str, output: &str) -> Output {
    let file = dir.with_extension("toml");
    std::fs::write(&file, answers).unwrap();
    Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(dir)
        .args(["apply", "--output", output, "--answers"])
        .arg(&file)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("RAMWIZ_LANG")
        .env("LANG", lang)
        .output()
        .unwrap()
}

/// The JSON with what differs between two runs of the same answers replaced: the demo
/// directory, AccessKey and account IDs, dates, request IDs, the version's commit.
fn normalized(json: &[u8], dir: &Path) -> String {
    let text = String::from_utf8_lossy(json).replace(dir.to_str().unwrap(), "DIR");
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let w = std::mem::take(word);
        let is_key = w.starts_with("LTAI") && w.len() > 12;
        let is_number = w.len() >= 12 && w.chars().all(|c| c.is_ascii_digit());
        out.push_str(if is_key {
            "KEY"
        } else if is_number {
            "NUMBER"
        } else {
            &w
        });
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    // Dates (2026-12-02T13:37:57Z) and clock times.
    let mut s = String::new();
    for line in out.lines() {
        let mut l = line.to_owned();
        while let Some(at) = l.find("T").filter(|&i| {
            i >= 10
                && l[..i].ends_with(|c: char| c.is_ascii_digit())
                && l[i + 1..].starts_with(|c: char| c.is_ascii_digit())
        }) {
            let start = at - 10;
            let end = l[at..].find(['Z', '"']).map_or(l.len(), |e| at + e + 1);
            l.replace_range(start..end, "DATE");
        }
        s.push_str(&l);
        s.push('\n');
    }
    s
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn the_progress_is_chinese_and_the_json_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = EXAMPLE.replace("# name = \"mycluster-x7k2p\"", "name = \"ci-cluster\"");
    let (en_dir, zh_dir) = (tmp.path().join("en"), tmp.path().join("zh"));
    let en = apply(&en_dir, "en_US.UTF-8", &answers, "json");
    let zh = apply(&zh_dir, "zh_CN.UTF-8", &answers, "json");
    let (en_err, zh_err) = (
        String::from_utf8_lossy(&en.stderr),
        String::from_utf8_lossy(&zh.stderr),
    );
    assert_eq!(en.status.code(), Some(0), "{en_err}");
    assert_eq!(zh.status.code(), en.status.code(), "{zh_err}");
    assert!(en_err.contains("policy attached and in effect"), "{en_err}");
    assert!(!has_cjk(&en_err), "{en_err}");
    assert!(zh_err.contains("权限策略已授权并已生效"), "{zh_err}");
    assert!(zh_err.contains("已创建 RAM用户"), "{zh_err}");
    let (a, b) = (
        normalized(&en.stdout, &en_dir),
        normalized(&zh.stdout, &zh_dir),
    );
    assert!(!has_cjk(&b), "no Chinese in the JSON:\n{b}");
    assert_eq!(a, b);

    // The text report speaks the person's language.
    let zh_text = apply(&tmp.path().join("zh-text"), "zh_CN.UTF-8", &answers, "text");
    assert_eq!(zh_text.status.code(), Some(0));
    let report = String::from_utf8_lossy(&zh_text.stdout);
    assert!(report.contains("ramwiz apply (setup): 完成"), "{report}");
    assert!(report.contains("4 个清单"), "{report}");
}

#[test]
fn an_answers_error_exits_the_same_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = "mode = \"setup\"\n[user]\nname = \"bad name!\"\n";
    let en = apply(&tmp.path().join("en"), "en_US.UTF-8", broken, "json");
    let zh = apply(&tmp.path().join("zh"), "zh_CN.UTF-8", broken, "json");
    assert_eq!(en.status.code(), Some(2));
    assert_eq!(zh.status.code(), Some(2));
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&en.stdout).unwrap(),
        serde_json::from_slice(&zh.stdout).unwrap(),
    );
    assert_eq!(a["exit_code"], b["exit_code"]);
    let what = |v: &serde_json::Value| {
        v["error"]["what"]
            .as_str()
            .unwrap_or_default()
            .replace("en.toml", "X.toml")
            .replace("zh.toml", "X.toml")
    };
    assert_eq!(a["error"]["title"], b["error"]["title"]);
    assert_eq!(
        what(&a),
        what(&b),
        "the stop's sentences are English in both"
    );
    assert!(!has_cjk(&b.to_string()));
}

//! The demo in Simplified Chinese, chosen the way the issue says: `LANG=zh_CN.UTF-8` alone
//! makes the whole wizard speak Chinese at 80×24, its help says which language and why;
//! `--lang` wins over the locale; a Traditional locale stays English.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::pty::Pty;

fn demo(home: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let dir = home.join("demo");
    let dir = dir.to_str().unwrap();
    let mut all = vec!["--demo", "--demo-dir", dir];
    all.extend_from_slice(args);
    Pty::spawn_with_env(&all, home, 80, 24, env)
}

#[test]
fn lang_zh_cn_signs_in_in_chinese_and_the_help_says_why() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = demo(home.path(), &[], &[("LANG", "zh_CN.UTF-8")]);
    pty.wait_for("按 Enter 登录", 20);
    let welcome = pty.screen();
    assert!(welcome.contains("演示 · 模拟云"), "{welcome}");
    assert!(
        welcome.contains("Enter 开始"),
        "the key hints too: {welcome}"
    );
    pty.send("\r");
    pty.wait_for("粘贴 AccessKey ID 和 Secret", 10);
    pty.send("\r");
    pty.wait_for("可管理 RAM用户", 10);
    let card = pty.screen();
    assert!(card.contains("✓ 是"), "{card}");
    assert!(card.contains("阿里云账号，即主账号"), "{card}");
    pty.send("?");
    pty.wait_for("语言：简体中文，依据：LANG=zh_CN.UTF-8。", 10);
    pty.send(" ");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    pty.assert_terminal_restored();
}

#[test]
fn the_flag_wins_over_the_locale_and_traditional_chinese_stays_english() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = demo(
        home.path(),
        &["--lang", "zh-CN"],
        &[("LANG", "en_US.UTF-8")],
    );
    pty.wait_for("按 Enter 登录", 20);
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);

    let home = tempfile::tempdir().unwrap();
    let mut pty = demo(home.path(), &[], &[("LC_ALL", "zh_TW.UTF-8")]);
    pty.wait_for("Press Enter to sign in", 20);
    pty.send("?");
    pty.wait_for("Traditional Chinese", 10);
    pty.send(" ");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
}

#[test]
fn an_unknown_language_is_a_clear_usage_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ramwiz"))
        .args(["--demo", "--lang", "fr"])
        .env_remove("RAMWIZ_LANG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("use en or zh-CN"), "{err}");
}

//! The demo in Simplified Chinese, chosen the way the issue says: `LANG=zh_CN.UTF-8` alone
//! makes the whole wizard speak Chinese at 80×24, its help says which language and why;
//! `--lang` wins over the locale; a Traditional locale stays English; the whole flow, from
//! sign-in to the final screen with the next commands, is Chinese at 80×24.

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

/// No sentence of the English catalogue on the screen: a few of its most common words, spaced.
fn assert_no_english(screen: &str, where_: &str) {
    for w in [" the ", "Press ", " to continue", " is ", " and "] {
        assert!(!screen.contains(w), "{w:?} {where_}:\n{screen}");
    }
}

#[test]
fn the_whole_demo_in_chinese_reaches_the_final_screen_at_80_by_24() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = demo(home.path(), &[], &[("LANG", "zh_CN.UTF-8")]);
    let step = |pty: &mut Pty, wait: &str, secs: u64, keys: &str| {
        pty.wait_for(wait, secs);
        assert_no_english(&pty.screen(), &format!("on the screen of {wait:?}"));
        pty.send(keys);
    };
    step(&mut pty, "按 Enter 登录", 20, "\r");
    step(&mut pty, "粘贴 AccessKey ID 和 Secret", 10, "\r");
    step(&mut pty, "可管理 RAM用户", 10, "\r");
    step(&mut pty, "创建新的 RAM用户", 5, "\r");
    step(&mut pty, "创建安装程序的 RAM用户", 5, "okd-installer");
    step(&mut pty, "登录名称有效", 5, "\r");
    step(&mut pty, "同时把 Secret 保存到系统密钥环", 10, "\t\t ");
    step(&mut pty, "[x] 同时把", 5, "\r");
    step(&mut pty, "此用户还没有 AccessKey", 10, "\r");
    step(&mut pty, "阿里云只在此时显示这个 Secret", 10, "\r");
    step(&mut pty, "继续吗？（y / n）", 5, "y");
    step(&mut pty, "安装程序的 AccessKey 可用", 40, "\r");
    step(&mut pty, "OKD 安装权限策略（最小权限）", 15, "\r");
    step(&mut pty, "权限策略名称有效", 5, "\r");
    step(&mut pty, "权限策略已生效", 30, "\r");
    step(&mut pty, "ccoctl：您的 release 所用的工具", 10, "\r");
    // The tools' own output is English (ccoctl and openshift-install speak nothing else), so
    // this screen is not checked for English words.
    pty.wait_for("ccoctl 已就绪：", 60);
    pty.send("\r");
    step(&mut pty, "组件凭据：ccoctl create-ram-users", 10, "\r");
    step(&mut pty, "ccoctl 将创建的内容", 30, "\r");
    pty.wait_for("组件凭据已就绪", 60);
    pty.wait_for("4 个清单位于", 20);
    pty.wait_for("已设置 credentialsMode: Manual", 10);
    let last = pty.screen();
    for w in [
        "下一步：创建集群",
        "openshift-install create cluster --dir",
        "权限策略 okd-installer（自定义策略）",
    ] {
        assert!(last.contains(w), "{w:?} not on the final screen:\n{last}");
    }
    assert_no_english(&last, "on the final screen");
    pty.send("q");
    assert_eq!(pty.wait_exit(10), 0);
    pty.assert_terminal_restored();
    let after = pty.screen();
    assert!(
        after.contains("openshift-install create cluster --dir"),
        "the next command is left in the terminal:\n{after}"
    );
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

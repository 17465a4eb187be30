//! The screens in Simplified Chinese (issue 22): every screen of the gallery drawn with the
//! zh-CN catalogue, as snapshots at 80×24 and 120×40, and the nothing-is-cut check of every
//! screen at every supported size, with CJK characters two columns wide.

use super::fit::{check_all, draw};
use super::tests::gallery;
use crate::i18n::{Lang, with_lang};

#[test]
fn every_screen_in_chinese_at_80_by_24_and_120_by_40() {
    with_lang(Lang::ZhCn, || {
        for (name, mut w) in gallery() {
            w.jobs.clear();
            for (width, height) in [(80, 24), (120, 40)] {
                w.size = (width, height);
                let (t, _) = draw(&w, width, height);
                insta::assert_snapshot!(format!("zh_CN_{width}x{height}_{name}"), t.backend());
            }
        }
    });
}

#[test]
fn nothing_is_cut_in_chinese_at_any_supported_size() {
    with_lang(Lang::ZhCn, || {
        for (name, mut w) in gallery() {
            w.jobs.clear();
            if let Err(e) = check_all(&mut w) {
                panic!("{name} (zh-CN): {e}");
            }
        }
    });
}

/// The screenshots of README-CN.md: six screens drawn in zh-CN at 120×40, as SVG (a viewer's
/// CJK font draws the characters; every cell stays on its column). Fails when one no longer
/// matches what the code draws; `RAMWIZ_UPDATE_SCREENSHOTS=1 cargo test --lib screenshots`
/// rewrites them.
#[test]
fn chinese_screenshots_are_up_to_date() {
    const SHOWN: [&str; 6] = [
        "01-welcome",
        "05-identity",
        "13-secret",
        "16-policy-choice",
        "25-provision-review",
        "27-provision-done",
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots/zh-CN");
    let update = std::env::var_os("RAMWIZ_UPDATE_SCREENSHOTS").is_some();
    let mut stale = Vec::new();
    with_lang(Lang::ZhCn, || {
        for (name, mut w) in gallery().into_iter().filter(|(n, _)| SHOWN.contains(n)) {
            w.jobs.clear();
            w.size = (120, 40);
            let t = super::theme::with_theme(&super::theme::COLOR, || draw(&w, 120, 40).0);
            let svg = super::svg::render(t.backend().buffer(), &format!("ramwiz: {name}"));
            let path = dir.join(format!("{name}.svg"));
            if update {
                std::fs::create_dir_all(&dir).unwrap_or_default();
                std::fs::write(&path, &svg).unwrap_or_default();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
                stale.push(name);
            }
        }
    });
    assert!(
        stale.is_empty(),
        "zh-CN screenshots out of date: {stale:?}; run RAMWIZ_UPDATE_SCREENSHOTS=1 cargo test --lib screenshots"
    );
}

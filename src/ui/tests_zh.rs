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

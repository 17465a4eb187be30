//! Nothing is cut: every screen of the gallery, at 80×24, 100×30 and 120×40, shows each line of
//! its content whole, at once or by scrolling its pane, and its help overlay fits.

use ratatui::layout::Rect;

use super::fit::{check_all, draw, row_text};
use super::tests::gallery;

#[test]
fn every_line_of_every_screen_can_be_seen_at_three_sizes() {
    let mut scrolled = Vec::new();
    for (name, mut w) in gallery() {
        w.jobs.clear();
        match check_all(&mut w) {
            Ok(s) => scrolled.extend(
                s.into_iter()
                    .map(|s| format!("{name} {}×{} (+{})", s.size.0, s.size.1, s.max)),
            ),
            Err(e) => panic!("{name}: {e}"),
        }
    }
    // Which screens need their scroll, for the record (`--nocapture`).
    println!("scrolling: {scrolled:#?}");
}

#[test]
fn a_pane_with_more_says_so_and_the_footer_names_the_keys() {
    let (_, mut w) = gallery()
        .into_iter()
        .find(|(n, _)| *n == "17-policy-viewer")
        .unwrap();
    w.jobs.clear();
    let (t, drawn) = draw(&w, 80, 24);
    assert!(drawn.scroll_max > 0);
    w.set_scroll_limit(drawn.scroll_max);
    let text = format!("{:?}", t.backend());
    assert!(text.contains(crate::strings::MORE_DOWN()), "{text}");
    let (t, _) = draw(&w, 80, 24);
    let footer = row_text(&t, Rect::new(0, 23, 80, 1), 23);
    assert!(footer.contains("PgUp PgDn scroll"), "{footer}");
    w.scroll = Some(drawn.scroll_max);
    let (t, _) = draw(&w, 80, 24);
    let text = format!("{:?}", t.backend());
    assert!(text.contains(crate::strings::MORE_UP()), "{text}");
    assert!(
        !text.contains(crate::strings::MORE_DOWN()),
        "at the end: {text}"
    );
}

/// Autoplay's caption names the screen under it (its name, before the "—", is on that screen)
/// and fits the footer of an 80-column terminal whole.
#[test]
fn each_autoplay_caption_names_the_screen_under_it() {
    let mut named = 0;
    for (name, mut w) in gallery() {
        w.jobs.clear();
        w.autoplay = Some(crate::wizard::Autoplay::default());
        let Some(caption) = crate::wizard::autoplay::caption(&w) else {
            continue;
        };
        let (screen_name, _) = caption
            .split_once(" — ")
            .unwrap_or_else(|| panic!("{name}: {caption:?} has no screen name"));
        assert!(
            crate::ui::text::width(caption) + 3 <= 80,
            "{name}: the caption is wider than the footer: {caption:?}"
        );
        let (t, _) = draw(&w, 80, 24);
        // Below the title and the step bar (whose step names would match anything).
        let body: String = (3..22)
            .map(|y| row_text(&t, Rect::new(0, y, 80, 1), y))
            .collect::<Vec<_>>()
            .join("\n");
        let footer = row_text(&t, Rect::new(0, 22, 80, 1), 22);
        assert!(
            body.contains(screen_name)
                || screen_name == "AccessKeys of the user" && body.contains("AccessKeys of"),
            "{name}: the caption says {screen_name:?}, the screen shows:\n{body}"
        );
        assert!(footer.contains(caption), "{name}: {footer:?}");
        named += 1;
    }
    assert!(named >= 20, "{named} screens captioned");
}

//! Nothing is cut: every screen of the gallery, at 80×24, 100×30 and 120×40, shows each line of
//! its content whole, at once or by scrolling its pane, and its help overlay fits.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::pane::Drawn;
use super::tests::gallery;
use crate::wizard::Wizard;

const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 40)];

fn draw(w: &Wizard, width: u16, height: u16) -> (Terminal<TestBackend>, Drawn) {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut drawn = Drawn::default();
    t.draw(|f| drawn = super::render(w, f)).unwrap();
    (t, drawn)
}

/// The text of one row of the buffer inside `area`.
fn row_text(t: &Terminal<TestBackend>, area: Rect, y: u16) -> String {
    let b = t.backend().buffer();
    (area.x..area.right()).map(|x| b[(x, y)].symbol()).collect()
}

/// Without any whitespace: a wide character's second cell, a hanging indent and the wrap's
/// line ends are layout, not content.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks one screen at one size (only its overlay, the last pane, with `overlay`); returns how
/// far it scrolls.
fn check(name: &str, w: &mut Wizard, (width, height): (u16, u16), overlay: bool) -> u16 {
    w.size = (width, height);
    w.scroll = None;
    let (_, first) = draw(w, width, height);
    let max = first.scroll_max;
    let mut seen: Vec<Vec<bool>> = first
        .panes
        .iter()
        .map(|p| vec![false; p.rows.len()])
        .collect();
    for s in 0..=max {
        w.scroll = Some(s);
        let (t, drawn) = draw(w, width, height);
        assert_eq!(
            drawn.panes.len(),
            first.panes.len(),
            "{name}: panes change with scrolling"
        );
        let from = if overlay { drawn.panes.len() - 1 } else { 0 };
        for (i, p) in drawn.panes.iter().enumerate().skip(from) {
            assert_eq!(
                squeeze(&p.content.concat()),
                squeeze(&p.rows.concat()),
                "{name} {width}×{height}: wrapping lost text"
            );
            for k in 0..p.shown {
                let y = p.area.y + k as u16;
                let want = &p.rows[p.top + k];
                assert!(
                    crate::ui::text::width(want) <= usize::from(p.area.width),
                    "{name} {width}×{height}: a row wider than its pane: {want:?}"
                );
                let got = row_text(&t, p.area, y);
                assert_eq!(
                    squeeze(&got),
                    squeeze(want),
                    "{name} {width}×{height}: row {y} shows {got:?}, not {want:?}"
                );
                seen[i][p.top + k] = true;
            }
        }
    }
    let from = if overlay { first.panes.len() - 1 } else { 0 };
    for (i, p) in first.panes.iter().enumerate().skip(from) {
        let missed: Vec<&String> = p
            .rows
            .iter()
            .zip(&seen[i])
            .filter(|(_, s)| !**s)
            .map(|(r, _)| r)
            .collect();
        assert!(
            missed.is_empty(),
            "{name} {width}×{height}: pane {i} ({}) never shows {missed:?}",
            if p.scrolls { "scrolls" } else { "fixed" }
        );
    }
    max
}

#[test]
fn every_line_of_every_screen_can_be_seen_at_three_sizes() {
    let mut scrolled = Vec::new();
    for (name, mut w) in gallery() {
        w.jobs.clear();
        for size in SIZES {
            let max = check(name, &mut w, size, false);
            if max > 0 {
                scrolled.push(format!("{name} {}×{} (+{max})", size.0, size.1));
            }
            // The help over it, whole.
            w.help = true;
            w.scroll = None;
            check(&format!("{name} help"), &mut w, size, true);
            w.help = false;
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
    assert!(text.contains(crate::strings::MORE_DOWN), "{text}");
    let (t, _) = draw(&w, 80, 24);
    let footer = row_text(&t, Rect::new(0, 23, 80, 1), 23);
    assert!(footer.contains("PgUp PgDn scroll"), "{footer}");
    w.scroll = Some(drawn.scroll_max);
    let (t, _) = draw(&w, 80, 24);
    let text = format!("{:?}", t.backend());
    assert!(text.contains(crate::strings::MORE_UP), "{text}");
    assert!(
        !text.contains(crate::strings::MORE_DOWN),
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

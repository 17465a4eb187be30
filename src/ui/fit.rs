//! The nothing-is-cut check: a screen at a size shows each line of its content whole, at once
//! or by scrolling its pane (and an open overlay fits whole). Used by the tests on the gallery's
//! states and on the recorded demo run.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::pane::Drawn;
use crate::wizard::Wizard;

/// The sizes every screen is checked at: the smallest supported, and two common ones.
pub const SIZES: [(u16, u16); 3] = [(80, 24), (100, 30), (120, 40)];

/// Draws `w` on a test terminal of this size.
pub fn draw(w: &Wizard, width: u16, height: u16) -> (Terminal<TestBackend>, Drawn) {
    let mut drawn = Drawn::default();
    let mut t = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    let _ = t.draw(|f| drawn = super::render(w, f));
    (t, drawn)
}

/// The text of row `y` of the buffer inside `area`.
pub fn row_text(t: &Terminal<TestBackend>, area: Rect, y: u16) -> String {
    let b = t.backend().buffer();
    (area.x..area.right()).map(|x| b[(x, y)].symbol()).collect()
}

/// Without any whitespace: a wide character's second cell, a hanging indent and the wrap's
/// line ends are layout, not content.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks `w` at one size (only its overlay, the last pane, with `overlay`); how far it
/// scrolls, or what is cut.
pub fn check(w: &mut Wizard, (width, height): (u16, u16), overlay: bool) -> Result<u16, String> {
    let at = format!("{width}×{height}");
    w.size = (width, height);
    w.scroll = None;
    let (_, first) = draw(w, width, height);
    let max = first.scroll_max;
    let mut seen: Vec<Vec<bool>> = first
        .panes
        .iter()
        .map(|p| vec![false; p.rows.len()])
        .collect();
    let from = |n: usize| if overlay { n.saturating_sub(1) } else { 0 };
    for s in 0..=max {
        w.scroll = Some(s);
        let (t, drawn) = draw(w, width, height);
        if drawn.panes.len() != first.panes.len() {
            return Err(format!("{at}: the panes change with scrolling"));
        }
        for (i, p) in drawn.panes.iter().enumerate().skip(from(drawn.panes.len())) {
            if squeeze(&p.content.concat()) != squeeze(&p.rows.concat()) {
                return Err(format!("{at}: wrapping lost text of {:?}", p.content));
            }
            for k in 0..p.shown {
                let y = p.area.y + k as u16;
                let want = &p.rows[p.top + k];
                if super::text::width(want) > usize::from(p.area.width) {
                    return Err(format!("{at}: a row wider than its pane: {want:?}"));
                }
                let got = row_text(&t, p.area, y);
                if squeeze(&got) != squeeze(want) {
                    return Err(format!("{at}: row {y} shows {got:?}, not {want:?}"));
                }
                seen[i][p.top + k] = true;
            }
        }
    }
    for (i, p) in first.panes.iter().enumerate().skip(from(first.panes.len())) {
        let missed: Vec<&String> = p
            .rows
            .iter()
            .zip(&seen[i])
            .filter(|(_, s)| !**s)
            .map(|(r, _)| r)
            .collect();
        if !missed.is_empty() {
            return Err(format!(
                "{at}: pane {i} ({}) never shows {missed:?}",
                if p.scrolls { "scrolls" } else { "fixed" }
            ));
        }
    }
    w.scroll = None;
    Ok(max)
}

/// A size at which a screen scrolls, and how far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scrolled {
    pub size: (u16, u16),
    pub max: u16,
}

/// The whole check: every size, the screen and its help overlay; where it scrolls.
pub fn check_all(w: &mut Wizard) -> Result<Vec<Scrolled>, String> {
    let mut scrolled = Vec::new();
    for size in SIZES {
        let max = check(w, size, false)?;
        if max > 0 {
            scrolled.push(Scrolled { size, max });
        }
        w.help = true;
        let help = check(w, size, true).map_err(|e| format!("the help overlay: {e}"));
        w.help = false;
        help?;
    }
    Ok(scrolled)
}

//! A pane of text: wrapped to its width (hanging indents kept), scrolled by the wizard's one
//! scroll position when it is the screen's scrolling pane, with "↑ more" and "more ↓" marks
//! where text is out of sight. Each frame notes what its panes held and showed ([`Drawn`]):
//! the app hands the scroll limit back to the wizard, and the tests check that every line of
//! every screen can be seen.

use std::cell::RefCell;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{width, wrap_all};
use super::theme::theme;
use crate::strings;
use crate::wizard::Wizard;

/// How a pane moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    /// Always from its first line: its content must fit (the tests say so).
    Fixed,
    /// The screen's scrolling pane, from its first line until scrolled.
    Top,
    /// The screen's scrolling pane, following its last line (a tool's output) until scrolled
    /// back.
    Tail,
    /// Always its last lines (a tool's output beside a screen that scrolls something else).
    Follow,
}

impl Scroll {
    fn scrolls(self) -> bool {
        matches!(self, Scroll::Top | Scroll::Tail)
    }
}

/// What one pane held and showed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaneDrawn {
    /// The text area (inside the border).
    pub area: Rect,
    /// Its lines before wrapping, as plain text.
    pub content: Vec<String>,
    /// Its lines after wrapping.
    pub rows: Vec<String>,
    /// The first row shown.
    pub top: usize,
    /// How many rows it shows.
    pub shown: usize,
    pub scrolls: bool,
}

/// What a frame drew.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    pub panes: Vec<PaneDrawn>,
    /// The furthest the scrolling pane can go (0: everything is in sight).
    pub scroll_max: u16,
}

thread_local! {
    // Filled while one frame renders: every screen draws its text through `pane`, and the
    // frame's caller takes it (rendering stays a function of `&Wizard`).
    static DRAWN: RefCell<Drawn> = RefCell::new(Drawn::default());
}

pub(super) fn begin() {
    DRAWN.with(|d| *d.borrow_mut() = Drawn::default());
}

pub(super) fn take() -> Drawn {
    DRAWN.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

fn plain(l: &Line<'_>) -> String {
    l.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Draws `lines` in `area` (inside `block`, if any) and notes what it showed.
pub(super) fn pane(
    w: &Wizard,
    f: &mut Frame,
    area: Rect,
    block: Option<Block<'_>>,
    lines: Vec<Line<'_>>,
    scroll: Scroll,
) {
    let inner = block.as_ref().map_or(area, |b| b.inner(area));
    let rows = wrap_all(&lines, usize::from(inner.width));
    let height = usize::from(inner.height);
    let total = rows.len();
    // Without a border to carry it, the "more" mark takes the pane's last row.
    let room = if block.is_none() && total > height {
        height.saturating_sub(1)
    } else {
        height
    };
    let max = total.saturating_sub(room);
    let top = match scroll {
        Scroll::Fixed => 0,
        Scroll::Top => w.scroll.map_or(0, usize::from).min(max),
        Scroll::Tail => w.scroll.map_or(max, usize::from).min(max),
        Scroll::Follow => max,
    };
    let shown = room.min(total - top);
    if let Some(b) = block {
        f.render_widget(b, area);
    }
    f.render_widget(
        Paragraph::new(rows[top..top + shown].to_vec()),
        Rect {
            height: shown as u16,
            ..inner
        },
    );
    let up = top > 0;
    let down = top + shown < total;
    if up || down {
        marks(f, area, inner, up, down, scroll.scrolls());
    }
    DRAWN.with(|d| {
        let mut d = d.borrow_mut();
        if scroll.scrolls() {
            d.scroll_max = d.scroll_max.max(max.min(usize::from(u16::MAX)) as u16);
        }
        d.panes.push(PaneDrawn {
            area: inner,
            content: lines.iter().map(plain).collect(),
            rows: rows.iter().map(plain).collect(),
            top,
            shown,
            scrolls: scroll.scrolls(),
        });
    });
}

/// "↑ more" on the top edge and "more ↓" on the bottom one (the border, or the pane's last
/// row), at the right.
fn marks(f: &mut Frame, area: Rect, inner: Rect, up: bool, down: bool, scrolls: bool) {
    let bordered = inner != area;
    let put = |f: &mut Frame, text: String, y: u16| {
        let w = width(&text) as u16;
        let x = area
            .right()
            .saturating_sub(w + if bordered { 2 } else { 0 });
        f.render_widget(
            Line::from(Span::styled(text, theme().accent)),
            Rect::new(x.max(area.x), y, w.min(area.width), 1),
        );
    };
    let keys = if scrolls { strings::MORE_KEYS() } else { "" };
    if up && bordered {
        put(f, format!(" {} ", strings::MORE_UP()), area.y);
    }
    if down {
        let y = if bordered {
            area.bottom().saturating_sub(1)
        } else {
            inner.bottom().saturating_sub(1)
        };
        put(f, format!(" {}{keys} ", strings::MORE_DOWN()), y);
    }
}

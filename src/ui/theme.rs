//! The one palette every screen draws with. Colours carry no meaning alone: every state also
//! has a word or a symbol beside it. With `NO_COLOR` set (https://no-color.org), a palette of
//! bold, dim and reversed text only.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::style::{Color, Modifier, Style};

pub struct Theme {
    pub title: Style,
    pub text: Style,
    pub dim: Style,
    pub accent: Style,
    pub selected: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub demo: Style,
    pub key: Style,
    pub border: Style,
    pub focus_border: Style,
}

pub const COLOR: Theme = Theme {
    title: Style::new().add_modifier(Modifier::BOLD),
    text: Style::new(),
    dim: Style::new().fg(Color::DarkGray),
    accent: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    ok: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
    warn: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    demo: Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD),
    key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    border: Style::new().fg(Color::DarkGray),
    focus_border: Style::new().fg(Color::Cyan),
};

/// No colour at all: the same distinctions with bold, dim and reversed text.
pub const MONO: Theme = Theme {
    title: Style::new().add_modifier(Modifier::BOLD),
    text: Style::new(),
    dim: Style::new().add_modifier(Modifier::DIM),
    accent: Style::new().add_modifier(Modifier::BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    ok: Style::new().add_modifier(Modifier::BOLD),
    warn: Style::new().add_modifier(Modifier::BOLD),
    error: Style::new().add_modifier(Modifier::BOLD),
    demo: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    key: Style::new().add_modifier(Modifier::BOLD),
    border: Style::new(),
    focus_border: Style::new().add_modifier(Modifier::BOLD),
};

static NO_COLOR: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// A palette forced for this thread (tests render both without touching the process).
    static FORCED: Cell<Option<&'static Theme>> = const { Cell::new(None) };
}

/// Chooses the palette from the environment at start: `NO_COLOR` set and not empty.
pub fn init_from_env() {
    let off = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    NO_COLOR.store(off, Ordering::Relaxed);
}

/// The palette to draw with now.
pub fn theme() -> &'static Theme {
    FORCED
        .with(Cell::get)
        .unwrap_or(if NO_COLOR.load(Ordering::Relaxed) {
            &MONO
        } else {
            &COLOR
        })
}

/// Runs `f` with `t` as this thread's palette.
pub fn with_theme<R>(t: &'static Theme, f: impl FnOnce() -> R) -> R {
    let before = FORCED.with(|c| c.replace(Some(t)));
    let out = f();
    FORCED.with(|c| c.set(before));
    out
}

/// Spinner frames (ASCII-safe braille dots are widely supported by terminal fonts).
pub const SPINNER: [&str; 8] = ["⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"];

//! The keys of each screen, as data: the footer's hints and the help overlay are both generated
//! from here, so they cannot drift from what `update` does.

use super::{Screen, Wizard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: &'static str,
    pub action: &'static str,
}

const fn k(keys: &'static str, action: &'static str) -> KeyHint {
    KeyHint { keys, action }
}

const HELP: KeyHint = k("?", "help");
const QUIT: KeyHint = k("q", "quit");

/// The keys that work on the wizard's current screen, most useful first.
pub fn keymap(w: &Wizard) -> Vec<KeyHint> {
    if w.confirm_quit {
        return vec![k("y", "quit"), k("n", "stay")];
    }
    match w.screen {
        Screen::Welcome => vec![k("Enter", "start"), HELP, QUIT],
        Screen::SignIn => vec![
            k("↑↓ j k", "move"),
            k("Enter", "sign in"),
            k("p", "paste a pair"),
            k("Esc", "back"),
            HELP,
            QUIT,
        ],
        Screen::Paste => vec![
            k("Tab", "next field"),
            k("Enter", "sign in"),
            k("Ctrl-U", "clear field"),
            k("Esc", "back"),
        ],
        Screen::Checking => vec![k("Esc", "cancel"), HELP, QUIT],
        Screen::Identity => vec![k("Esc", "sign in again"), HELP, QUIT],
        Screen::Error => vec![k("Enter/Esc", "back"), HELP, QUIT],
    }
}

/// Keys that work everywhere, for the help overlay.
pub const GLOBAL: [KeyHint; 3] = [
    k("?", "show this help (not while typing)"),
    k(
        "q",
        "quit (asks first while a request runs; not while typing)",
    ),
    k("Ctrl-C", "quit"),
];

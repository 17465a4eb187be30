//! The one table of keys: for each screen (and the state it is in), which key means which
//! [`Intent`], and the hint shown for it. The footer, the help overlay and the translation of a
//! key press all read this table, so what is shown cannot drift from what a key does. This is
//! the only place in the wizard that knows key codes.
//!
//! On a screen where the person types, printable characters, Backspace and Ctrl-U go to the
//! field being edited (`?` and `q` are letters there; Ctrl-C still quits).

mod late;
mod start;

use crate::i18n::{Id, id};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::intent::{Choice, Intent, PolicyKind, Typed};
use super::policy::ProbeState;
use super::recover::{self, RecoveryStage};
use super::{Screen, Wizard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: &'static str,
    /// What the key does, as a message of the catalogue.
    pub action: Id,
}

impl KeyHint {
    /// What the key does, in the current language.
    pub fn label(&self) -> &'static str {
        self.action.text()
    }
}

const fn k(keys: &'static str, action: Id) -> KeyHint {
    KeyHint { keys, action }
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// This character (whatever the modifiers, as before the table: Ctrl-Q quits too; a
    /// Ctrl binding of the same letter, listed earlier, wins).
    Char(char),
    /// Ctrl and this letter.
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Any character without Ctrl (typing into a field).
    Printable,
    /// Any key at all (the answer "no" to a yes/no question).
    Any,
}

impl Key {
    /// Whether this key of the table is the key pressed; the character it carries, if any.
    fn matches(self, ev: &KeyEvent) -> Option<char> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let typed = match ev.code {
            KeyCode::Char(c) if !ctrl => Some(c),
            _ => None,
        };
        let hit = match self {
            Key::Char(c) => ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Enter => ev.code == KeyCode::Enter,
            Key::Esc => ev.code == KeyCode::Esc,
            Key::Tab => ev.code == KeyCode::Tab,
            Key::BackTab => ev.code == KeyCode::BackTab,
            Key::Backspace => ev.code == KeyCode::Backspace,
            Key::Up => ev.code == KeyCode::Up,
            Key::Down => ev.code == KeyCode::Down,
            Key::PageUp => ev.code == KeyCode::PageUp,
            Key::PageDown => ev.code == KeyCode::PageDown,
            Key::Home => ev.code == KeyCode::Home,
            Key::End => ev.code == KeyCode::End,
            Key::Printable => typed.is_some(),
            Key::Any => true,
        };
        hit.then_some(typed.unwrap_or('\0'))
    }

    /// A key press of this key (for tests, and for the exhaustive checks of the table).
    pub fn event(self) -> KeyEvent {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match self {
            Key::Char(c) => plain(KeyCode::Char(c)),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Enter => plain(KeyCode::Enter),
            Key::Esc => plain(KeyCode::Esc),
            Key::Tab => plain(KeyCode::Tab),
            Key::BackTab => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            Key::Backspace => plain(KeyCode::Backspace),
            Key::Up => plain(KeyCode::Up),
            Key::Down => plain(KeyCode::Down),
            Key::PageUp => plain(KeyCode::PageUp),
            Key::PageDown => plain(KeyCode::PageDown),
            Key::Home => plain(KeyCode::Home),
            Key::End => plain(KeyCode::End),
            Key::Printable => plain(KeyCode::Char('a')),
            Key::Any => plain(KeyCode::F(5)),
        }
    }
}

/// What a key means on a screen: the intent, made from the wizard's state (the highlighted
/// row, the typed text) and the character typed.
type Make = fn(&Wizard, char) -> Option<Intent>;

/// One row of the table.
#[derive(Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    /// Shown in the footer and the help; `None` for a key that only the help's general lines
    /// describe (an alias, a second direction, typing).
    pub hint: Option<KeyHint>,
    make: Make,
}

impl Binding {
    /// The intent this binding stands for in `w`'s state, as if `c` were typed.
    pub fn intent(&self, w: &Wizard, c: char) -> Option<Intent> {
        (self.make)(w, c)
    }
}

impl std::fmt::Debug for Binding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binding")
            .field("keys", &self.keys)
            .field("hint", &self.hint)
            .finish()
    }
}

const fn on(keys: &'static [Key], hint: KeyHint, make: Make) -> Binding {
    Binding {
        keys,
        hint: Some(hint),
        make,
    }
}

const fn hidden(keys: &'static [Key], make: Make) -> Binding {
    Binding {
        keys,
        hint: None,
        make,
    }
}

const UP: &[Key] = &[Key::Up];
const DOWN: &[Key] = &[Key::Down];
const ENTER: &[Key] = &[Key::Enter];
const ESC: &[Key] = &[Key::Esc];
const TAB: &[Key] = &[Key::Tab];

const HELP: Binding = on(&[Key::Char('?')], k("?", id::KEY_HELP), |_, _| {
    Some(Intent::Help)
});
const QUIT: Binding = on(&[Key::Char('q')], k("q", id::KEY_QUIT), |_, _| {
    Some(Intent::Quit)
});

/// Up and down a list (also j/k and Tab/Shift-Tab), shown as `label`.
fn updown(label: &'static str, action: Id) -> [Binding; 2] {
    [
        on(
            &[Key::Up, Key::Char('k'), Key::BackTab],
            k(label, action),
            |_, _| Some(Intent::MoveSelection(-1)),
        ),
        hidden(&[Key::Down, Key::Char('j'), Key::Tab], |_, _| {
            Some(Intent::MoveSelection(1))
        }),
    ]
}

/// Typing into the field being edited: characters, Backspace, and (unless shown elsewhere)
/// Ctrl-U.
fn typing() -> [Binding; 2] {
    [
        hidden(&[Key::Printable], |_, c| Some(Intent::Type(Typed(c)))),
        hidden(&[Key::Backspace], |_, _| Some(Intent::Erase)),
    ]
}

const CLEAR: Binding = on(
    &[Key::Ctrl('u')],
    k("Ctrl-U", id::KEY_CLEAR_FIELD),
    |_, _| Some(Intent::ClearField),
);
const CLEAR_HIDDEN: Binding = hidden(&[Key::Ctrl('u')], |_, _| Some(Intent::ClearField));

/// Tab / Shift-Tab (and the arrows) between the fields of a form.
fn next_prev() -> [Binding; 2] {
    [
        on(
            &[Key::Tab, Key::Down],
            k("Tab", id::KEY_NEXT_FIELD),
            |_, _| Some(Intent::NextField),
        ),
        hidden(&[Key::BackTab, Key::Up], |_, _| Some(Intent::PrevField)),
    ]
}

/// A typed confirmation of a key ID's last 4 characters: `action` is what Enter does, `enter`
/// makes the confirmation from the screen's typed text.
fn confirm_last4(action: Id, enter: Make) -> Vec<Binding> {
    vec![
        on(
            &[Key::Printable],
            k("type", id::KEY_LAST_4_CHARACTERS),
            |_, c| Some(Intent::Type(Typed(c))),
        ),
        on(ENTER, k("Enter", action), enter),
        on(ESC, k("Esc", id::KEY_CANCEL), |_, _| Some(Intent::Back)),
        hidden(&[Key::Backspace], |_, _| Some(Intent::Erase)),
    ]
}

fn keys_typed(w: &Wizard) -> String {
    w.keys
        .confirm
        .as_ref()
        .map(|c| c.typed.value.clone())
        .unwrap_or_default()
}

fn orphan_typed(w: &Wizard) -> String {
    w.orphans
        .confirm
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_default()
}

/// The key ID highlighted on the keys screen (empty when there is none).
fn highlighted_key(w: &Wizard) -> String {
    w.keys
        .details
        .as_ref()
        .and_then(|d| d.keys.get(w.keys.selected))
        .map(|k| k.access_key_id.clone())
        .unwrap_or_default()
}

fn highlighted_orphan(w: &Wizard) -> Option<String> {
    w.orphans
        .list
        .get(w.orphans.selected)
        .map(|o| o.key_id.clone())
}

fn old_key(w: &Wizard) -> Option<String> {
    w.recovery.as_ref().and_then(|r| r.old_key.clone())
}

/// The keys of the wizard's screen in its current state, most useful first (the footer drops
/// the ones before "Esc back · ? help · q quit" when it is narrow).
pub fn bindings(w: &Wizard) -> Vec<Binding> {
    match w.screen {
        Screen::PolicyChoice
        | Screen::PolicyViewer
        | Screen::PolicyForm
        | Screen::PolicyReview
        | Screen::PolicyDone
        | Screen::CcoSetup
        | Screen::ProvisionSetup
        | Screen::TeardownSetup
        | Screen::CcoRunning
        | Screen::Provisioning
        | Screen::TearingDown
        | Screen::ProvisionReview
        | Screen::ProvisionDone
        | Screen::TornDown => late::bindings(w),
        _ => start::bindings(w),
    }
}

/// A quit being confirmed: yes (also Ctrl-C again), or any other key to stay.
const CONFIRM_QUIT: [Binding; 2] = [
    on(
        &[Key::Char('y'), Key::Char('Y'), Key::Ctrl('c')],
        k("y", id::KEY_QUIT),
        |_, _| Some(Intent::ConfirmQuit(true)),
    ),
    on(&[Key::Any], k("n", id::KEY_STAY), |_, _| {
        Some(Intent::ConfirmQuit(false))
    }),
];

/// The help is open: any key closes it.
const CLOSE_HELP: Binding = hidden(&[Key::Any], |_, _| Some(Intent::CloseHelp));

/// Ctrl-C quits from every screen (it asks first when something would be lost).
const CTRL_C: Binding = hidden(&[Key::Ctrl('c')], |_, _| Some(Intent::Quit));

/// Every key that means something right now, in the order a press is matched: the open
/// overlay's keys alone; else Ctrl-C, then `?` and `q` (unless the screen takes typing), then
/// the screen's own.
pub fn active(w: &Wizard) -> Vec<Binding> {
    if w.confirm_quit {
        return CONFIRM_QUIT.to_vec();
    }
    if w.help {
        return vec![CLOSE_HELP];
    }
    let mut v = vec![CTRL_C];
    if !w.typing() {
        v.extend([HELP, QUIT]);
    }
    let own = bindings(w);
    v.extend(scrolling(w, &own));
    v.extend(own);
    v
}

/// Whether one of `own` already takes `key`.
fn taken(own: &[Binding], key: Key) -> bool {
    own.iter().any(|b| b.keys.contains(&key))
}

/// Scrolling the screen's pane, on every screen: the keys the screen does not use for itself
/// (a list keeps ↑↓, a form its fields, a field its letters). A mouse wheel arrives as ↑↓:
/// ramwiz asks the terminal for that (alternate scroll mode) rather than capture the mouse,
/// so selecting text with it still works. Listed after the screen's own keys are matched.
fn scrolling(w: &Wizard, own: &[Binding]) -> Vec<Binding> {
    if w.scrolls_itself() {
        return Vec::new();
    }
    let mut keys: Vec<(Key, Make)> = vec![
        (Key::PageUp, |_, _| Some(Intent::Scroll(-10))),
        (Key::PageDown, |_, _| Some(Intent::Scroll(10))),
        (Key::Home, |_, _| Some(Intent::Top)),
        (Key::End, |_, _| Some(Intent::Bottom)),
        (Key::Up, |_, _| Some(Intent::Scroll(-1))),
        (Key::Down, |_, _| Some(Intent::Scroll(1))),
    ];
    if !w.typing() {
        keys.push((Key::Char('k'), |_, _| Some(Intent::Scroll(-1))));
        keys.push((Key::Char('j'), |_, _| Some(Intent::Scroll(1))));
        keys.push((Key::Char(' '), |_, _| Some(Intent::Scroll(10))));
    }
    keys.into_iter()
        .filter(|(k, _)| !taken(own, *k))
        .map(|(k, make)| Binding {
            keys: key_slice(k),
            hint: None,
            make,
        })
        .collect()
}

/// A key of the scrolling rows as a table entry.
fn key_slice(k: Key) -> &'static [Key] {
    match k {
        Key::PageUp => &[Key::PageUp],
        Key::PageDown => &[Key::PageDown],
        Key::Home => &[Key::Home],
        Key::End => &[Key::End],
        Key::Up => UP,
        Key::Down => DOWN,
        Key::Char('k') => &[Key::Char('k')],
        Key::Char('j') => &[Key::Char('j')],
        _ => &[Key::Char(' ')],
    }
}

/// The hint for scrolling, when the screen has text out of sight.
fn scroll_hint(w: &Wizard, own: &[Binding]) -> Option<KeyHint> {
    // A screen that scrolls with its own keys (the policy's text) names them itself.
    if w.scroll_limit.unwrap_or(0) == 0 || w.confirm_quit || taken(own, Key::PageDown) {
        return None;
    }
    Some(if taken(own, Key::Down) {
        k("PgUp PgDn", id::KEY_SCROLL)
    } else {
        k("↑↓ PgUp PgDn", id::KEY_SCROLL)
    })
}

/// The hints of the wizard's current state, in order: the footer shows these, and the help
/// overlay lists them as the keys of the screen under it.
pub fn hints(w: &Wizard) -> Vec<KeyHint> {
    let shown = if w.confirm_quit {
        CONFIRM_QUIT.to_vec()
    } else {
        bindings(w)
    };
    let mut hints: Vec<KeyHint> = shown.iter().filter_map(|b| b.hint).collect();
    if let Some(h) = scroll_hint(w, &shown) {
        // Before "Esc back · ? help · q quit", which stay last.
        let tail = hints
            .iter()
            .rev()
            .take_while(|h| matches!(h.keys, "?" | "q" | "Esc"))
            .count();
        let at = hints.len() - tail;
        hints.insert(at, h);
    }
    hints
}

/// The rows of the destination's question about a profile that holds a key: `first` (back up
/// and replace, or move the signed-in key away), then n (another name) and Esc (back to the
/// form: the question goes, the name stays as typed).
fn replace_offer_rows(first: Binding) -> Vec<Binding> {
    vec![
        first,
        on(
            &[Key::Char('n')],
            k("n", id::KEY_ANOTHER_PROFILE_NAME),
            |_, _| Some(Intent::OtherProfile),
        ),
        on(ESC, k("Esc", id::KEY_BACK_TO_THE_FORM), |_, _| {
            Some(Intent::Back)
        }),
    ]
}

/// Keys that work everywhere, for the help overlay.
pub const GLOBAL: [KeyHint; 4] = [
    k("PgUp PgDn", id::KEY_SCROLL_TEXT_MARKED_MORE),
    k("?", id::KEY_SHOW_THIS_HELP_NOT_WHILE_TYPING),
    k("q", id::KEY_QUIT_ASKS_FIRST),
    k("Ctrl-C", id::KEY_QUIT),
];

/// What a key press means on the wizard's current screen (`None`: nothing).
pub fn translate(w: &Wizard, ev: KeyEvent) -> Option<Intent> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    // A key the table names wins over "any character", which wins over "any key": '/' on the
    // user list starts a new filter even though the list also types what is pressed.
    let all = active(w);
    for pass in [Pass::Named, Pass::Printable, Pass::Any] {
        for b in &all {
            let hit = b
                .keys
                .iter()
                .filter(|k| Pass::of(**k) == pass)
                .find_map(|k| k.matches(&ev));
            if let Some(c) = hit {
                return b.intent(w, c);
            }
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Named,
    Printable,
    Any,
}

impl Pass {
    fn of(k: Key) -> Pass {
        match k {
            Key::Printable => Pass::Printable,
            Key::Any => Pass::Any,
            _ => Pass::Named,
        }
    }
}

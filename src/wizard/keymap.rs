//! The one table of keys: for each screen (and the state it is in), which key means which
//! [`Intent`], and the hint shown for it. The footer, the help overlay and the translation of a
//! key press all read this table, so what is shown cannot drift from what a key does. This is
//! the only place in the wizard that knows key codes.
//!
//! On a screen where the person types, printable characters, Backspace and Ctrl-U go to the
//! field being edited (`?` and `q` are letters there; Ctrl-C still quits).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::intent::{Choice, Intent, PolicyKind, Typed};
use super::policy::ProbeState;
use super::recover::{self, RecoveryStage};
use super::{Screen, Wizard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: &'static str,
    pub action: &'static str,
}

const fn k(keys: &'static str, action: &'static str) -> KeyHint {
    KeyHint { keys, action }
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// This character, without Ctrl.
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
            Key::Char(c) => typed == Some(c),
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

const HELP: Binding = on(&[Key::Char('?')], k("?", "help"), |_, _| Some(Intent::Help));
const QUIT: Binding = on(&[Key::Char('q')], k("q", "quit"), |_, _| Some(Intent::Quit));

/// Up and down a list (also j/k and Tab/Shift-Tab), shown as `label`.
fn updown(label: &'static str, action: &'static str) -> [Binding; 2] {
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

const CLEAR: Binding = on(&[Key::Ctrl('u')], k("Ctrl-U", "clear field"), |_, _| {
    Some(Intent::ClearField)
});
const CLEAR_HIDDEN: Binding = hidden(&[Key::Ctrl('u')], |_, _| Some(Intent::ClearField));

/// Tab / Shift-Tab (and the arrows) between the fields of a form.
fn next_prev() -> [Binding; 2] {
    [
        on(&[Key::Tab, Key::Down], k("Tab", "next field"), |_, _| {
            Some(Intent::NextField)
        }),
        hidden(&[Key::BackTab, Key::Up], |_, _| Some(Intent::PrevField)),
    ]
}

/// A typed confirmation of a key ID's last 4 characters: `action` is what Enter does, `enter`
/// makes the confirmation from the screen's typed text.
fn confirm_last4(action: &'static str, enter: Make) -> Vec<Binding> {
    vec![
        on(&[Key::Printable], k("type", "last 4 characters"), |_, c| {
            Some(Intent::Type(Typed(c)))
        }),
        on(ENTER, k("Enter", action), enter),
        on(ESC, k("Esc", "cancel"), |_, _| Some(Intent::Back)),
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
    let mut v: Vec<Binding> = match w.screen {
        Screen::Welcome => {
            let mut v = vec![on(ENTER, k("Enter", "start"), |_, _| {
                Some(Intent::StartSetup)
            })];
            if w.resume_offer.is_some() {
                v.push(on(&[Key::Char('u')], k("u", "resume"), |_, _| {
                    Some(Intent::Resume)
                }));
            }
            v.extend([
                on(&[Key::Char('r')], k("r", "recover a lost key"), |_, _| {
                    Some(Intent::StartRecovery)
                }),
                on(&[Key::Char('t')], k("t", "teardown"), |_, _| {
                    Some(Intent::StartTeardown)
                }),
                HELP,
                QUIT,
                hidden(ESC, |_, _| Some(Intent::Quit)),
            ]);
            v
        }
        Screen::SignIn => {
            let mut v = Vec::from(updown("↑↓ j k", "move"));
            v.extend([
                on(ENTER, k("Enter", "sign in"), |w, _| {
                    Some(Intent::ChooseSource(w.selected))
                }),
                on(&[Key::Char('p')], k("p", "paste a pair"), |_, _| {
                    Some(Intent::PastePair)
                }),
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                hidden(&[Key::Home], |_, _| Some(Intent::Top)),
                hidden(&[Key::End], |_, _| Some(Intent::Bottom)),
            ]);
            v
        }
        Screen::Paste => {
            let mut v = vec![
                on(
                    &[Key::Tab, Key::BackTab, Key::Up, Key::Down],
                    k("Tab", "next field"),
                    |_, _| Some(Intent::NextField),
                ),
                on(ENTER, k("Enter", "sign in"), |_, _| Some(Intent::Continue)),
                CLEAR,
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
            ];
            v.extend(typing());
            v
        }
        Screen::Checking => vec![
            on(ESC, k("Esc", "cancel"), |_, _| Some(Intent::Cancel)),
            HELP,
            QUIT,
        ],
        Screen::Identity => vec![
            on(ENTER, k("Enter", "continue"), |_, _| Some(Intent::Continue)),
            on(ESC, k("Esc", "sign in again"), |_, _| Some(Intent::Back)),
            HELP,
            QUIT,
        ],
        Screen::UserChoice => {
            let [up, down] = updown("↑↓", "move");
            vec![
                up,
                on(ENTER, k("Enter", "choose"), |w, _| {
                    Some(if w.user_choice == 0 {
                        Intent::CreateUser
                    } else {
                        Intent::SelectUser
                    })
                }),
                on(&[Key::Char('c')], k("c", "create"), |_, _| {
                    Some(Intent::CreateUser)
                }),
                on(&[Key::Char('s')], k("s", "select"), |_, _| {
                    Some(Intent::SelectUser)
                }),
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                down,
            ]
        }
        Screen::CreateUser => {
            let [next, prev] = next_prev();
            let mut v = if w.new_user.exists.is_some() {
                vec![
                    on(ENTER, k("Enter", "select the existing user"), |_, _| {
                        Some(Intent::Continue)
                    }),
                    next,
                    on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                    CLEAR_HIDDEN,
                ]
            } else {
                vec![
                    next,
                    on(ENTER, k("Enter", "create"), |_, _| Some(Intent::Continue)),
                    CLEAR,
                    on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                ]
            };
            v.push(prev);
            v.extend(typing());
            v
        }
        Screen::SelectUser => vec![
            on(&[Key::Printable], k("type", "filter"), |_, c| {
                Some(Intent::Type(Typed(c)))
            }),
            on(&[Key::Char('/')], k("/", "new filter"), |_, _| {
                Some(Intent::Filter(String::new()))
            }),
            on(UP, k("↑↓ PgUp PgDn", "move"), |_, _| {
                Some(Intent::MoveSelection(-1))
            }),
            on(ENTER, k("Enter", "select"), |w, _| {
                w.users
                    .highlighted()
                    .map(|u| Intent::ChooseUser(u.user_name.clone()))
            }),
            on(&[Key::Ctrl('u')], k("Ctrl-U", "clear filter"), |_, _| {
                Some(Intent::Filter(String::new()))
            }),
            on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
            hidden(DOWN, |_, _| Some(Intent::MoveSelection(1))),
            hidden(&[Key::PageUp], |_, _| Some(Intent::MoveSelection(-10))),
            hidden(&[Key::PageDown], |_, _| Some(Intent::MoveSelection(10))),
            hidden(&[Key::Backspace], |_, _| Some(Intent::Erase)),
        ],
        Screen::Destination if w.dest.replace_offer.is_some() => vec![
            on(&[Key::Char('b')], k("b", "back up and replace"), |_, _| {
                Some(Intent::ReplaceProfile)
            }),
            on(
                &[Key::Char('n'), Key::Esc],
                k("n", "another profile name"),
                |_, _| Some(Intent::OtherProfile),
            ),
        ],
        Screen::Destination => {
            let [next, prev] = next_prev();
            let mut v = vec![
                next,
                on(ENTER, k("Enter", "check and continue"), |_, _| {
                    Some(Intent::Continue)
                }),
            ];
            if w.dest.focus == 2 {
                v.push(on(&[Key::Char(' ')], k("Space", "toggle"), |w, _| {
                    Some(Intent::Set(Choice::Keyring, !w.dest.keyring))
                }));
            }
            v.push(if w.dest.resave {
                on(ESC, k("Esc", "back to the secret"), |_, _| {
                    Some(Intent::Back)
                })
            } else {
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back))
            });
            v.push(prev);
            if w.dest.focus < 2 {
                v.push(CLEAR_HIDDEN);
                v.extend(typing());
            }
            v
        }
        Screen::Keys if w.keys.confirm.is_some() => {
            confirm_last4("confirm", |w, _| Some(Intent::Confirm(keys_typed(w))))
        }
        Screen::Keys if w.keys.paste.is_some() => {
            let mut v = vec![
                on(&[Key::Printable], k("paste", "the secret"), |_, c| {
                    Some(Intent::Type(Typed(c)))
                }),
                on(ENTER, k("Enter", "check and save"), |_, _| {
                    Some(Intent::Continue)
                }),
                on(ESC, k("Esc", "cancel"), |_, _| Some(Intent::Back)),
                CLEAR_HIDDEN,
            ];
            v.push(hidden(&[Key::Backspace], |_, _| Some(Intent::Erase)));
            v
        }
        Screen::Keys if recover::stage(w) == Some(RecoveryStage::PickLost) => {
            let [up, down] = updown("↑↓", "move");
            vec![
                up,
                on(
                    ENTER,
                    k("Enter", "this is the key whose secret is lost"),
                    |w, _| {
                        let id = highlighted_key(w);
                        (!id.is_empty()).then_some(Intent::ChooseLostKey(id))
                    },
                ),
                on(&[Key::Char('r')], k("r", "reload"), |_, _| {
                    Some(Intent::Reload)
                }),
                HELP,
                QUIT,
                down,
                // Not in the hints while picking (the choice is the lost key), but they work.
                hidden(&[Key::Char('d')], |w, _| {
                    Some(Intent::Deactivate(highlighted_key(w)))
                }),
                hidden(&[Key::Char('x')], |w, _| {
                    Some(Intent::Delete(highlighted_key(w)))
                }),
                hidden(&[Key::Char('p')], |w, _| {
                    Some(Intent::HaveSecret(highlighted_key(w)))
                }),
                hidden(ESC, |_, _| Some(Intent::Back)),
            ]
        }
        Screen::Keys => {
            vec![
                on(
                    &[Key::Enter, Key::Char('n')],
                    k("Enter", "create a key"),
                    |_, _| Some(Intent::CreateKey),
                ),
                on(&[Key::Up, Key::Char('k')], k("↑↓", "move"), |_, _| {
                    Some(Intent::MoveSelection(-1))
                }),
                on(&[Key::Char('d')], k("d", "deactivate"), |w, _| {
                    Some(Intent::Deactivate(highlighted_key(w)))
                }),
                on(&[Key::Char('x')], k("x", "delete"), |w, _| {
                    Some(Intent::Delete(highlighted_key(w)))
                }),
                on(&[Key::Char('p')], k("p", "I have its secret"), |w, _| {
                    Some(Intent::HaveSecret(highlighted_key(w)))
                }),
                on(&[Key::Char('r')], k("r", "reload"), |_, _| {
                    Some(Intent::Reload)
                }),
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                hidden(&[Key::Down, Key::Char('j')], |_, _| {
                    Some(Intent::MoveSelection(1))
                }),
            ]
        }
        Screen::Verified if w.keys.confirm.is_some() => confirm_last4("delete for ever", |w, _| {
            Some(Intent::Confirm(keys_typed(w)))
        }),
        Screen::Verified if recover::active(w) => match recover::stage(w) {
            Some(RecoveryStage::Rotating) => vec![
                on(
                    &[Key::Char('d')],
                    k("d", "deactivate the old key"),
                    |w, _| old_key(w).map(Intent::Deactivate),
                ),
                HELP,
                QUIT,
            ],
            Some(RecoveryStage::Deactivated) => vec![
                on(&[Key::Char('x')], k("x", "delete the old key"), |w, _| {
                    old_key(w).map(Intent::Delete)
                }),
                HELP,
                QUIT,
            ],
            _ => vec![HELP, QUIT],
        },
        Screen::Verified => vec![
            on(ENTER, k("Enter", "attach the install policy"), |_, _| {
                Some(Intent::Continue)
            }),
            HELP,
            QUIT,
        ],
        Screen::Capturing | Screen::Verifying | Screen::Applying => vec![HELP],
        Screen::SecretShown if w.secret.as_ref().is_some_and(|s| s.confirming) => vec![
            on(&[Key::Char('y')], k("y", "continue"), |_, _| {
                Some(Intent::Answer(true))
            }),
            on(&[Key::Any], k("n", "stay"), |_, _| {
                Some(Intent::Answer(false))
            }),
        ],
        Screen::SecretShown => {
            let mut v = vec![
                on(&[Key::Char('r')], k("r", "reveal / hide"), |_, _| {
                    Some(Intent::Reveal)
                }),
                on(&[Key::Char('c')], k("c", "copy"), |_, _| Some(Intent::Copy)),
                on(ENTER, k("Enter", "continue"), |_, _| Some(Intent::Continue)),
            ];
            if w.secret
                .as_ref()
                .is_some_and(|s| !s.captured.stored_anywhere())
            {
                v.push(on(
                    &[Key::Char('o')],
                    k("o", "other destination"),
                    |_, _| Some(Intent::OtherDestination),
                ));
            }
            v.push(HELP);
            v
        }
        Screen::PolicyChoice => {
            let [up, down] = updown("↑↓", "move");
            vec![
                up,
                on(ENTER, k("Enter", "choose"), |w, _| {
                    Some(Intent::ChoosePolicy(if w.policy.choice == 0 {
                        PolicyKind::Administrator
                    } else {
                        PolicyKind::Okd
                    }))
                }),
                on(&[Key::Char('v')], k("v", "read the OKD policy"), |_, _| {
                    Some(Intent::ViewPolicy)
                }),
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                down,
            ]
        }
        Screen::PolicyViewer => vec![
            on(
                &[Key::Up, Key::Char('k')],
                k("↑↓ PgUp PgDn", "scroll"),
                |_, _| Some(Intent::Scroll(-1)),
            ),
            on(
                &[Key::Home, Key::Char('g')],
                k("Home/End", "top/bottom"),
                |_, _| Some(Intent::Top),
            ),
            on(
                &[Key::Esc, Key::Enter, Key::Char('v')],
                k("Esc", "back"),
                |_, _| Some(Intent::Back),
            ),
            hidden(&[Key::Down, Key::Char('j')], |_, _| Some(Intent::Scroll(1))),
            hidden(&[Key::PageUp], |_, _| Some(Intent::Scroll(-10))),
            hidden(&[Key::PageDown, Key::Char(' ')], |_, _| {
                Some(Intent::Scroll(10))
            }),
            hidden(&[Key::End, Key::Char('G')], |_, _| Some(Intent::Bottom)),
        ],
        Screen::PolicyForm => {
            let [next, prev] = next_prev();
            let mut v = vec![
                next,
                on(ENTER, k("Enter", "check and continue"), |_, _| {
                    Some(Intent::Continue)
                }),
            ];
            if w.policy.focus == 2 {
                v.push(on(&[Key::Char(' ')], k("Space", "toggle"), |w, _| {
                    Some(Intent::Set(
                        Choice::DeletePolicyVersion,
                        !w.policy.add_delete_version,
                    ))
                }));
            }
            v.push(on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)));
            v.push(prev);
            if w.policy.focus < 2 {
                v.push(CLEAR_HIDDEN);
                v.extend(typing());
            }
            v
        }
        Screen::PolicyReview => vec![
            on(&[Key::Char('y')], k("y", "update the policy"), |_, _| {
                Some(Intent::Answer(true))
            }),
            on(&[Key::Char('n'), Key::Esc], k("n", "back"), |_, _| {
                Some(Intent::Answer(false))
            }),
        ],
        Screen::PolicyDone => match w.policy.probe {
            Some(ProbeState::Failed(_)) => vec![
                on(&[Key::Char('r')], k("r", "probe again"), |_, _| {
                    Some(Intent::Retry)
                }),
                on(ESC, k("Esc", "choose again"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
            ],
            Some(ProbeState::Passed) => vec![
                on(ENTER, k("Enter", "on to ccoctl"), |_, _| {
                    Some(Intent::Continue)
                }),
                on(ESC, k("Esc", "choose again"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
            ],
            Some(ProbeState::Running) => vec![HELP],
            None => vec![
                on(ESC, k("Esc", "choose again"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
            ],
        },
        Screen::CcoSetup | Screen::ProvisionSetup | Screen::TeardownSetup => {
            let mut v = vec![
                on(&[Key::Up, Key::BackTab], k("↑↓", "field"), |_, _| {
                    Some(Intent::PrevField)
                }),
                on(TAB, k("Tab", "complete path / next"), |w, _| {
                    Some(if super::cco::path_field_focused(w) {
                        Intent::CompletePath
                    } else {
                        Intent::NextField
                    })
                }),
                on(ENTER, k("Enter", "continue"), |_, _| Some(Intent::Continue)),
                on(&[Key::Ctrl('u')], k("Ctrl-U", "clear"), |_, _| {
                    Some(Intent::ClearField)
                }),
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                hidden(DOWN, |_, _| Some(Intent::NextField)),
            ];
            v.extend(typing());
            v
        }
        Screen::CcoRunning | Screen::Provisioning | Screen::TearingDown => vec![
            on(ESC, k("Esc", "cancel (stops the tool)"), |_, _| {
                Some(Intent::Cancel)
            }),
            HELP,
        ],
        Screen::ProvisionReview => vec![
            on(ENTER, k("Enter", "run ccoctl"), |_, _| {
                Some(Intent::Continue)
            }),
            on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
            HELP,
            QUIT,
        ],
        Screen::ProvisionDone => {
            let placed = w.cco.placed.as_ref();
            let mut v = Vec::new();
            if placed.is_some_and(|p| !p.differing.is_empty()) {
                v.push(on(
                    &[Key::Char('o')],
                    k("o", "overwrite differing"),
                    |_, _| Some(Intent::OverwriteDiffering),
                ));
            }
            if placed.is_some_and(|p| p.needs_manual) {
                v.push(on(&[Key::Char('m')], k("m", "Manual mode"), |_, _| {
                    Some(Intent::SetManualMode)
                }));
            }
            v.extend([
                on(&[Key::Char('s')], k("s", "save a report"), |_, _| {
                    Some(Intent::SaveReport)
                }),
                on(ESC, k("Esc", "back"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
            ]);
            v
        }
        Screen::TornDown => vec![HELP, QUIT],
        Screen::Orphans if w.orphans.confirm.is_some() => {
            confirm_last4("delete", |w, _| Some(Intent::Confirm(orphan_typed(w))))
        }
        Screen::Orphans => vec![
            on(UP, k("↑↓", "move"), |_, _| {
                Some(Intent::MoveSelection(-1))
            }),
            on(&[Key::Char('x')], k("x", "delete"), |w, _| {
                highlighted_orphan(w).map(Intent::Delete)
            }),
            on(&[Key::Char('k')], k("k", "keep"), |w, _| {
                highlighted_orphan(w).map(Intent::Keep)
            }),
            on(&[Key::Esc, Key::Enter], k("Esc", "decide later"), |_, _| {
                Some(Intent::Back)
            }),
            HELP,
            QUIT,
            hidden(DOWN, |_, _| Some(Intent::MoveSelection(1))),
        ],
        Screen::Error
            if w.error
                .as_ref()
                .is_some_and(|e| e.back_to == Screen::Verifying) =>
        {
            vec![
                on(ENTER, k("Enter", "verify again"), |_, _| {
                    Some(Intent::Continue)
                }),
                on(ESC, k("Esc", "to the keys"), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
            ]
        }
        Screen::Error => vec![
            on(&[Key::Enter, Key::Esc], k("Enter/Esc", "back"), |_, _| {
                Some(Intent::Back)
            }),
            HELP,
            QUIT,
        ],
    };
    v.shrink_to_fit();
    v
}

/// The hints of the wizard's current state, in order: the footer and the help overlay show
/// these.
pub fn hints(w: &Wizard) -> Vec<KeyHint> {
    if w.confirm_quit {
        return vec![k("y", "quit"), k("n", "stay")];
    }
    bindings(w).iter().filter_map(|b| b.hint).collect()
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

/// What a key press means on the wizard's current screen (`None`: nothing).
pub fn translate(w: &Wizard, ev: KeyEvent) -> Option<Intent> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl_c = Key::Ctrl('c').matches(&ev).is_some();
    if w.confirm_quit {
        let yes = ctrl_c || matches!(ev.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        return Some(Intent::ConfirmQuit(yes));
    }
    if w.help {
        return Some(Intent::CloseHelp);
    }
    if ctrl_c {
        return Some(Intent::Quit);
    }
    if !w.typing() {
        for b in [HELP, QUIT] {
            if b.keys.iter().any(|k| k.matches(&ev).is_some()) {
                return b.intent(w, '\0');
            }
        }
    }
    // A key the table names wins over "any character", which wins over "any key": '/' on the
    // user list starts a new filter even though the list also types what is pressed.
    let all = bindings(w);
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

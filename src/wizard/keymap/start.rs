//! The table's rows for the first half of the flow: the welcome screen, signing in, the
//! installer's user, its key and secret, orphans, and errors.

use super::*;
use crate::i18n::id;

pub(super) fn bindings(w: &Wizard) -> Vec<Binding> {
    match w.screen {
        Screen::Welcome => {
            let mut v = vec![on(ENTER, k("Enter", id::KEY_START), |_, _| {
                Some(Intent::StartSetup)
            })];
            if w.resume_offer.is_some() {
                v.push(on(&[Key::Char('u')], k("u", id::KEY_RESUME), |_, _| {
                    Some(Intent::Resume)
                }));
            }
            v.extend([
                on(
                    &[Key::Char('r')],
                    k("r", id::KEY_RECOVER_A_LOST_KEY),
                    |_, _| Some(Intent::StartRecovery),
                ),
                on(&[Key::Char('t')], k("t", id::KEY_TEARDOWN), |_, _| {
                    Some(Intent::StartTeardown)
                }),
                HELP,
                QUIT,
                hidden(ESC, |_, _| Some(Intent::Quit)),
            ]);
            v
        }
        Screen::SignIn => {
            let mut v = Vec::from(updown("↑↓ j k", id::KEY_MOVE));
            v.extend([
                on(ENTER, k("Enter", id::KEY_SIGN_IN), |w, _| {
                    Some(Intent::ChooseSource(w.selected))
                }),
                on(&[Key::Char('p')], k("p", id::KEY_PASTE_A_PAIR), |_, _| {
                    Some(Intent::PastePair)
                }),
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                hidden(&[Key::Home], |_, _| Some(Intent::Top)),
                hidden(&[Key::End], |_, _| Some(Intent::Bottom)),
            ]);
            v
        }
        Screen::Paste => {
            let [next, prev] = next_prev();
            let mut v = vec![
                next,
                on(ENTER, k("Enter", id::KEY_SIGN_IN), |_, _| {
                    Some(Intent::Continue)
                }),
                CLEAR,
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                prev,
            ];
            v.extend(typing());
            v
        }
        Screen::Checking => vec![
            on(ESC, k("Esc", id::KEY_CANCEL), |_, _| Some(Intent::Cancel)),
            HELP,
            QUIT,
        ],
        Screen::Identity => {
            // No Enter where the card says this identity cannot go on.
            let mut v = Vec::new();
            if !w.identity_blocked() {
                v.push(on(ENTER, k("Enter", id::KEY_CONTINUE), |_, _| {
                    Some(Intent::Continue)
                }));
            }
            v.extend([
                on(ESC, k("Esc", id::KEY_SIGN_IN_AGAIN), |_, _| {
                    Some(Intent::Back)
                }),
                HELP,
                QUIT,
            ]);
            v
        }
        Screen::UserChoice => {
            let [up, down] = updown("↑↓", id::KEY_MOVE);
            vec![
                up,
                on(ENTER, k("Enter", id::KEY_CHOOSE), |w, _| {
                    Some(if w.user_choice == 0 {
                        Intent::CreateUser
                    } else {
                        Intent::SelectUser
                    })
                }),
                on(&[Key::Char('c')], k("c", id::KEY_CREATE), |_, _| {
                    Some(Intent::CreateUser)
                }),
                on(&[Key::Char('s')], k("s", id::KEY_SELECT), |_, _| {
                    Some(Intent::SelectUser)
                }),
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                down,
            ]
        }
        Screen::CreateUser => {
            let [next, prev] = next_prev();
            let mut v = if w.new_user.exists.is_some() {
                vec![
                    on(
                        ENTER,
                        k("Enter", id::KEY_SELECT_THE_EXISTING_USER),
                        |_, _| Some(Intent::Continue),
                    ),
                    next,
                    on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                    CLEAR_HIDDEN,
                ]
            } else {
                vec![
                    next,
                    on(ENTER, k("Enter", id::KEY_CREATE), |_, _| {
                        Some(Intent::Continue)
                    }),
                    CLEAR,
                    on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                ]
            };
            v.push(prev);
            v.extend(typing());
            v
        }
        Screen::SelectUser => vec![
            on(&[Key::Printable], k("type", id::KEY_FILTER), |_, c| {
                Some(Intent::Type(Typed(c)))
            }),
            on(&[Key::Char('/')], k("/", id::KEY_NEW_FILTER), |_, _| {
                Some(Intent::Filter(String::new()))
            }),
            on(UP, k("↑↓ PgUp PgDn", id::KEY_MOVE), |_, _| {
                Some(Intent::MoveSelection(-1))
            }),
            on(ENTER, k("Enter", id::KEY_SELECT), |w, _| {
                w.users
                    .highlighted()
                    .map(|u| Intent::ChooseUser(u.user_name.clone()))
            }),
            on(
                &[Key::Ctrl('u')],
                k("Ctrl-U", id::KEY_CLEAR_FILTER),
                |_, _| Some(Intent::Filter(String::new())),
            ),
            on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
            hidden(DOWN, |_, _| Some(Intent::MoveSelection(1))),
            hidden(&[Key::PageUp], |_, _| Some(Intent::MoveSelection(-10))),
            hidden(&[Key::PageDown], |_, _| Some(Intent::MoveSelection(10))),
            hidden(&[Key::Backspace], |_, _| Some(Intent::Erase)),
        ],
        Screen::Destination if w.dest.move_to.is_some() => {
            let mut v = vec![
                on(ENTER, k("Enter", id::KEY_MOVE_IT_AND_SAVE), |_, _| {
                    Some(Intent::Continue)
                }),
                CLEAR,
                on(ESC, k("Esc", id::KEY_BACK_TO_THE_QUESTION), |_, _| {
                    Some(Intent::Back)
                }),
            ];
            v.extend(typing());
            v
        }
        Screen::Destination if w.dest.replace_offer.is_some() && w.dest.held_is_signed_in => {
            replace_offer_rows(on(
                &[Key::Char('m')],
                k("m", id::KEY_MOVE_YOUR_KEY_THEN_SAVE),
                |_, _| Some(Intent::MoveSignedIn),
            ))
        }
        Screen::Destination if w.dest.replace_offer.is_some() => {
            let mut v = Vec::new();
            if matches!(w.dest.held, crate::wizard::dest::HeldCheck::Works(_)) {
                v.push(on(
                    &[Key::Char('k')],
                    k("k", id::KEY_KEEP_THAT_KEY),
                    |_, _| Some(Intent::KeepHeldKey),
                ));
            }
            v.extend(replace_offer_rows(on(
                &[Key::Char('b')],
                k("b", id::KEY_BACK_UP_AND_REPLACE),
                |_, _| Some(Intent::ReplaceProfile),
            )));
            v
        }
        Screen::Destination => {
            let [next, prev] = next_prev();
            let mut v = vec![
                next,
                on(ENTER, k("Enter", id::KEY_CHECK_AND_CONTINUE), |_, _| {
                    Some(Intent::Continue)
                }),
            ];
            if w.dest.focus == 2 {
                v.push(on(&[Key::Char(' ')], k("Space", id::KEY_TOGGLE), |w, _| {
                    Some(Intent::Set(Choice::Keyring, !w.dest.keyring))
                }));
            }
            v.push(if w.dest.resave {
                on(ESC, k("Esc", id::KEY_BACK_TO_THE_SECRET), |_, _| {
                    Some(Intent::Back)
                })
            } else {
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back))
            });
            v.push(prev);
            if w.dest.focus < 2 {
                v.push(CLEAR_HIDDEN);
                v.extend(typing());
            }
            v
        }
        Screen::Keys if w.keys.confirm.is_some() => {
            confirm_last4(id::KEY_CONFIRM, |w, _| Some(Intent::Confirm(keys_typed(w))))
        }
        Screen::Keys if w.keys.paste.is_some() => {
            let mut v = vec![
                on(&[Key::Printable], k("paste", id::KEY_THE_SECRET), |_, c| {
                    Some(Intent::Type(Typed(c)))
                }),
                on(ENTER, k("Enter", id::KEY_CHECK_AND_SAVE), |_, _| {
                    Some(Intent::Continue)
                }),
                on(ESC, k("Esc", id::KEY_CANCEL), |_, _| Some(Intent::Back)),
                CLEAR_HIDDEN,
            ];
            v.push(hidden(&[Key::Backspace], |_, _| Some(Intent::Erase)));
            v
        }
        Screen::Keys if recover::stage(w) == Some(RecoveryStage::PickLost) => {
            vec![
                on(
                    &[Key::Up, Key::Char('k')],
                    k("↑↓", id::KEY_MOVE),
                    |_, _| Some(Intent::MoveSelection(-1)),
                ),
                on(
                    ENTER,
                    k("Enter", id::KEY_THIS_IS_THE_KEY_WHOSE_SECRET_IS_LOST),
                    |w, _| {
                        let id = highlighted_key(w);
                        (!id.is_empty()).then_some(Intent::ChooseLostKey(id))
                    },
                ),
                on(&[Key::Char('r')], k("r", id::KEY_RELOAD), |_, _| {
                    Some(Intent::Reload)
                }),
                HELP,
                QUIT,
                hidden(&[Key::Down, Key::Char('j')], |_, _| {
                    Some(Intent::MoveSelection(1))
                }),
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
                    k("Enter", id::KEY_CREATE_A_KEY),
                    |_, _| Some(Intent::CreateKey),
                ),
                on(
                    &[Key::Up, Key::Char('k')],
                    k("↑↓", id::KEY_MOVE),
                    |_, _| Some(Intent::MoveSelection(-1)),
                ),
                on(&[Key::Char('d')], k("d", id::KEY_DEACTIVATE), |w, _| {
                    Some(Intent::Deactivate(highlighted_key(w)))
                }),
                on(&[Key::Char('x')], k("x", id::KEY_DELETE), |w, _| {
                    Some(Intent::Delete(highlighted_key(w)))
                }),
                on(
                    &[Key::Char('p')],
                    k("p", id::KEY_I_HAVE_ITS_SECRET),
                    |w, _| Some(Intent::HaveSecret(highlighted_key(w))),
                ),
                on(&[Key::Char('r')], k("r", id::KEY_RELOAD), |_, _| {
                    Some(Intent::Reload)
                }),
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                hidden(&[Key::Down, Key::Char('j')], |_, _| {
                    Some(Intent::MoveSelection(1))
                }),
            ]
        }
        Screen::Verified if w.keys.confirm.is_some() => {
            confirm_last4(id::KEY_DELETE_FOR_EVER, |w, _| {
                Some(Intent::Confirm(keys_typed(w)))
            })
        }
        Screen::Verified if recover::active(w) => match recover::stage(w) {
            Some(RecoveryStage::Rotating) => vec![
                on(
                    &[Key::Char('d')],
                    k("d", id::KEY_DEACTIVATE_THE_OLD_KEY),
                    |w, _| old_key(w).map(Intent::Deactivate),
                ),
                on(&[Key::Char('k')], k("k", id::KEY_KEEP_IT_ACTIVE), |_, _| {
                    Some(Intent::KeepOldKey)
                }),
                HELP,
                QUIT,
            ],
            Some(RecoveryStage::Deactivated) => vec![
                on(
                    &[Key::Char('x')],
                    k("x", id::KEY_DELETE_THE_OLD_KEY),
                    |w, _| old_key(w).map(Intent::Delete),
                ),
                on(
                    &[Key::Char('k')],
                    k("k", id::KEY_KEEP_IT_DEACTIVATED),
                    |_, _| Some(Intent::KeepOldKey),
                ),
                HELP,
                QUIT,
            ],
            _ => vec![
                on(&[Key::Char('s')], k("s", id::KEY_SAVE_A_REPORT), |_, _| {
                    Some(Intent::SaveReport)
                }),
                HELP,
                QUIT,
            ],
        },
        Screen::Verified => {
            use crate::wizard::recover::OldKeyStatus as S;
            let pending = w.keys.replaced.as_ref().filter(|r| !r.settled);
            match pending.map(|r| r.status) {
                Some(S::Active) => vec![
                    on(
                        ENTER,
                        k("Enter", id::KEY_DEACTIVATE_THE_OLDER_KEY),
                        |_, _| Some(Intent::Continue),
                    ),
                    on(&[Key::Char('k')], k("k", id::KEY_KEEP_IT_ACTIVE), |_, _| {
                        Some(Intent::KeepOldKey)
                    }),
                    HELP,
                    QUIT,
                ],
                Some(S::Inactive) => vec![
                    on(
                        ENTER,
                        k("Enter", id::KEY_ATTACH_THE_INSTALL_POLICY),
                        |_, _| Some(Intent::Continue),
                    ),
                    on(
                        &[Key::Char('x')],
                        k("x", id::KEY_DELETE_THE_OLDER_KEY),
                        |w, _| {
                            w.keys
                                .replaced
                                .as_ref()
                                .map(|r| Intent::Delete(r.key_id.clone()))
                        },
                    ),
                    HELP,
                    QUIT,
                ],
                _ => vec![
                    on(
                        ENTER,
                        k("Enter", id::KEY_ATTACH_THE_INSTALL_POLICY),
                        |_, _| Some(Intent::Continue),
                    ),
                    HELP,
                    QUIT,
                ],
            }
        }
        Screen::Capturing | Screen::Verifying | Screen::Applying => vec![HELP],
        Screen::SecretShown if w.secret.as_ref().is_some_and(|s| s.confirming) => vec![
            on(&[Key::Char('y')], k("y", id::KEY_CONTINUE), |_, _| {
                Some(Intent::Answer(true))
            }),
            on(&[Key::Any], k("n", id::KEY_STAY), |_, _| {
                Some(Intent::Answer(false))
            }),
        ],
        Screen::SecretShown => {
            let mut v = Vec::new();
            // A pasted secret is not ramwiz's to show or copy: the person has it already.
            if w.secret
                .as_ref()
                .is_some_and(|s| s.captured.secret.is_some())
            {
                v.extend([
                    on(&[Key::Char('r')], k("r", id::KEY_REVEAL_HIDE), |_, _| {
                        Some(Intent::Reveal)
                    }),
                    on(&[Key::Char('c')], k("c", id::KEY_COPY), |_, _| {
                        Some(Intent::Copy)
                    }),
                ]);
            }
            v.push(on(ENTER, k("Enter", id::KEY_CONTINUE), |_, _| {
                Some(Intent::Continue)
            }));
            if w.secret
                .as_ref()
                .is_some_and(|s| !s.captured.stored_anywhere())
            {
                v.push(on(
                    &[Key::Char('o')],
                    k("o", id::KEY_OTHER_DESTINATION),
                    |_, _| Some(Intent::OtherDestination),
                ));
            }
            v.push(HELP);
            v
        }
        Screen::Orphans if w.orphans.confirm.is_some() => confirm_last4(id::KEY_DELETE, |w, _| {
            Some(Intent::Confirm(orphan_typed(w)))
        }),
        Screen::Orphans => vec![
            on(UP, k("↑↓", id::KEY_MOVE), |_, _| {
                Some(Intent::MoveSelection(-1))
            }),
            on(&[Key::Char('x')], k("x", id::KEY_DELETE), |w, _| {
                highlighted_orphan(w).map(Intent::Delete)
            }),
            on(&[Key::Char('k')], k("k", id::KEY_KEEP), |w, _| {
                highlighted_orphan(w).map(Intent::Keep)
            }),
            on(
                &[Key::Esc, Key::Enter],
                k("Esc", id::KEY_DECIDE_LATER),
                |_, _| Some(Intent::Back),
            ),
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
                on(ENTER, k("Enter", id::KEY_VERIFY_AGAIN), |_, _| {
                    Some(Intent::Continue)
                }),
                on(ESC, k("Esc", id::KEY_TO_THE_KEYS), |_, _| {
                    Some(Intent::Back)
                }),
                HELP,
                QUIT,
            ]
        }
        Screen::Error => vec![
            on(
                &[Key::Enter, Key::Esc],
                k("Enter/Esc", id::KEY_BACK),
                |_, _| Some(Intent::Back),
            ),
            HELP,
            QUIT,
        ],
        _ => Vec::new(),
    }
}

//! The table's rows for the second half of the flow: the install policy, ccoctl and the
//! components, and teardown.

use super::*;
use crate::i18n::id;

pub(super) fn bindings(w: &Wizard) -> Vec<Binding> {
    match w.screen {
        Screen::PolicyChoice if w.policy.confirm_admin => vec![
            on(
                &[Key::Char('y')],
                k("y", id::KEY_ATTACH_ADMINISTRATORACCESS),
                |_, _| Some(Intent::Answer(true)),
            ),
            on(
                &[Key::Char('n'), Key::Esc],
                k("n", id::KEY_CHOOSE_AGAIN),
                |_, _| Some(Intent::Answer(false)),
            ),
            HELP,
            QUIT,
        ],
        Screen::PolicyDone
            if w.policy
                .detach
                .as_ref()
                .is_some_and(|d| d.state == crate::wizard::policy::DetachState::Asking) =>
        {
            vec![
                on(&[Key::Char('y')], k("y", id::KEY_DETACH_IT), |_, _| {
                    Some(Intent::Answer(true))
                }),
                on(
                    &[Key::Char('n'), Key::Esc],
                    k("n", id::KEY_KEEP_BOTH),
                    |_, _| Some(Intent::Answer(false)),
                ),
                HELP,
                QUIT,
            ]
        }
        Screen::PolicyChoice => {
            let [up, down] = updown("↑↓", id::KEY_MOVE);
            vec![
                up,
                on(ENTER, k("Enter", id::KEY_CHOOSE), |w, _| {
                    Some(Intent::ChoosePolicy(if w.policy.choice == 0 {
                        PolicyKind::Administrator
                    } else {
                        PolicyKind::Okd
                    }))
                }),
                on(
                    &[Key::Char('v')],
                    k("v", id::KEY_READ_THE_OKD_POLICY),
                    |_, _| Some(Intent::ViewPolicy),
                ),
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
                down,
            ]
        }
        Screen::PolicyViewer => vec![
            on(
                &[Key::Up, Key::Char('k')],
                k("↑↓ PgUp PgDn", id::KEY_SCROLL),
                |_, _| Some(Intent::Scroll(-1)),
            ),
            on(
                &[Key::Home, Key::Char('g')],
                k("Home/End", id::KEY_TOP_BOTTOM),
                |_, _| Some(Intent::Top),
            ),
            on(
                &[Key::Esc, Key::Enter, Key::Char('v')],
                k("Esc", id::KEY_BACK),
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
                on(ENTER, k("Enter", id::KEY_CHECK_AND_CONTINUE), |_, _| {
                    Some(Intent::Continue)
                }),
            ];
            if w.policy.focus == 2 {
                v.push(on(&[Key::Char(' ')], k("Space", id::KEY_TOGGLE), |w, _| {
                    Some(Intent::Set(
                        Choice::DeletePolicyVersion,
                        !w.policy.add_delete_version,
                    ))
                }));
            }
            v.push(on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)));
            v.push(prev);
            if w.policy.focus < 2 {
                v.push(CLEAR_HIDDEN);
                v.extend(typing());
            }
            v
        }
        Screen::PolicyReview => vec![
            on(
                &[Key::Char('y')],
                k("y", id::KEY_UPDATE_THE_POLICY),
                |_, _| Some(Intent::Answer(true)),
            ),
            on(&[Key::Char('n'), Key::Esc], k("n", id::KEY_BACK), |_, _| {
                Some(Intent::Answer(false))
            }),
        ],
        Screen::PolicyDone => {
            let mut v = policy_done_rows(w);
            let detachable = w
                .policy
                .applied
                .as_ref()
                .and_then(crate::wizard::policy::other_install_policy)
                .is_some()
                && w.policy.detach.as_ref().is_none_or(|d| {
                    matches!(d.state, crate::wizard::policy::DetachState::Failed(_))
                });
            if detachable && w.policy.probe != Some(ProbeState::Running) {
                v.insert(
                    0,
                    on(
                        &[Key::Char('d')],
                        k("d", id::KEY_DETACH_THE_OTHER_POLICY),
                        |_, _| Some(Intent::DetachOther),
                    ),
                );
            }
            v
        }
        Screen::CcoSetup | Screen::ProvisionSetup | Screen::TeardownSetup => {
            let mut v = vec![
                on(
                    &[Key::Up, Key::BackTab],
                    k("↑↓", id::KEY_FIELD),
                    |_, _| Some(Intent::PrevField),
                ),
                on(TAB, k("Tab", id::KEY_COMPLETE_PATH_NEXT), |w, _| {
                    Some(if crate::wizard::cco::path_field_focused(w) {
                        Intent::CompletePath
                    } else {
                        Intent::NextField
                    })
                }),
                on(ENTER, k("Enter", id::KEY_CONTINUE), |_, _| {
                    Some(Intent::Continue)
                }),
                on(&[Key::Ctrl('u')], k("Ctrl-U", id::KEY_CLEAR), |_, _| {
                    Some(Intent::ClearField)
                }),
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                hidden(DOWN, |_, _| Some(Intent::NextField)),
            ];
            v.extend(typing());
            v
        }
        Screen::CcoRunning if w.cco.ready.is_some() && !w.busy() => vec![
            on(ENTER, k("Enter", id::KEY_CONTINUE), |_, _| {
                Some(Intent::Continue)
            }),
            on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
            HELP,
            QUIT,
        ],
        Screen::CcoRunning | Screen::Provisioning | Screen::TearingDown => vec![
            on(ESC, k("Esc", id::KEY_CANCEL_STOPS_THE_TOOL), |_, _| {
                Some(Intent::Cancel)
            }),
            HELP,
        ],
        Screen::ProvisionReview if w.cco.can_provision() && w.cco.keeps_manifests() => vec![
            on(ENTER, k("Enter", id::KEY_GO_ON_NOTHING_TO_RUN), |_, _| {
                Some(Intent::Continue)
            }),
            on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
            HELP,
            QUIT,
        ],
        Screen::ProvisionReview if w.cco.can_provision() => vec![
            on(ENTER, k("Enter", id::KEY_RUN_CCOCTL), |_, _| {
                Some(Intent::Continue)
            }),
            on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
            HELP,
            QUIT,
        ],
        Screen::ProvisionReview => vec![
            on(
                ESC,
                k("Esc", id::KEY_BACK_CHANGE_WHAT_THE_REVIEW_STOPS_AT),
                |_, _| Some(Intent::Back),
            ),
            HELP,
            QUIT,
        ],
        Screen::ProvisionDone if w.cco.show_log => vec![
            on(
                &[Key::Char('l'), Key::Esc],
                k("l/Esc", id::KEY_BACK_TO_THE_RESULTS),
                |_, _| Some(Intent::ToolOutput),
            ),
            HELP,
            QUIT,
        ],
        Screen::ProvisionDone => {
            let placed = w.cco.placed.as_ref();
            let mut v = Vec::new();
            if placed.is_some_and(|p| !p.differing.is_empty()) {
                v.push(on(
                    &[Key::Char('o')],
                    k("o", id::KEY_OVERWRITE_DIFFERING),
                    |_, _| Some(Intent::OverwriteDiffering),
                ));
            }
            if w.can_survey() {
                v.push(on(
                    &[Key::Char('i')],
                    k("i", id::KEY_CREATE_INSTALL_CONFIG),
                    |_, _| Some(Intent::CreateInstallConfig),
                ));
            }
            if placed.is_some_and(|p| p.needs_manual) {
                v.push(on(
                    &[Key::Char('m')],
                    k("m", id::KEY_MANUAL_MODE),
                    |_, _| Some(Intent::SetManualMode),
                ));
            }
            v.extend([
                on(&[Key::Char('s')], k("s", id::KEY_SAVE_A_REPORT), |_, _| {
                    Some(Intent::SaveReport)
                }),
                on(&[Key::Char('l')], k("l", id::KEY_TOOL_OUTPUT), |_, _| {
                    Some(Intent::ToolOutput)
                }),
                on(ESC, k("Esc", id::KEY_BACK), |_, _| Some(Intent::Back)),
                HELP,
                QUIT,
            ]);
            v
        }
        Screen::TornDown => vec![HELP, QUIT],
        _ => Vec::new(),
    }
}

/// The done screen's rows, as the probe stands.
fn policy_done_rows(w: &Wizard) -> Vec<Binding> {
    match w.policy.probe {
        Some(ProbeState::Failed(_)) => vec![
            on(&[Key::Char('r')], k("r", id::KEY_PROBE_AGAIN), |_, _| {
                Some(Intent::Retry)
            }),
            on(ESC, k("Esc", id::KEY_CHOOSE_AGAIN), |_, _| {
                Some(Intent::Back)
            }),
            HELP,
            QUIT,
        ],
        Some(ProbeState::Passed) => vec![
            on(ENTER, k("Enter", id::KEY_ON_TO_CCOCTL), |_, _| {
                Some(Intent::Continue)
            }),
            on(ESC, k("Esc", id::KEY_CHOOSE_AGAIN), |_, _| {
                Some(Intent::Back)
            }),
            HELP,
            QUIT,
        ],
        Some(ProbeState::Running) => vec![HELP],
        None => vec![
            on(ESC, k("Esc", id::KEY_CHOOSE_AGAIN), |_, _| {
                Some(Intent::Back)
            }),
            HELP,
            QUIT,
        ],
    }
}

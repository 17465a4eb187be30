//! The keymap against the wizard, on every screen of the gallery and the states within them:
//! every key shown (and every key bound) leads to an intent the screen takes, and everything a
//! screen takes has a key. Also how a key press is translated (typing, overlays, precedence).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tests::{gallery, key_step};
use crate::cloud::model::AccessKeyMeta;
use crate::protocol::*;
use crate::wizard::keymap;
use crate::wizard::policy::ProbeState;
use crate::wizard::recover::{Recovery, RecoveryStage};
use crate::wizard::*;

fn with(mut w: Wizard, f: impl FnOnce(&mut Wizard)) -> Wizard {
    f(&mut w);
    w
}

fn two_keys() -> UserDetails {
    let key = |id: &str, status: &str| AccessKeyMeta {
        access_key_id: id.into(),
        status: status.into(),
        create_date: "2026-11-02T09:01:00Z".into(),
    };
    UserDetails {
        user: "okd-installer".into(),
        keys: vec![
            key("LTAI5tKEY0000000000000001", "Active"),
            key("LTAI5tKEY0000000000000002", "Inactive"),
        ],
        policies: vec![],
        local_profiles: vec![],
    }
}

fn recovering(stage: RecoveryStage, w: &mut Wizard) {
    w.recovery = Some(Recovery {
        stage,
        old_key: (stage != RecoveryStage::PickLost).then(|| "LTAI5tKEY0000000000000001".into()),
        profile: None,
        old_status: crate::wizard::recover::OldKeyStatus::Active,
    });
}

/// The gallery's screens, and the states each can be in (a question open, a field focused,
/// a recovery's stages, the overlays).
fn states() -> Vec<(String, Wizard)> {
    let mut v: Vec<(String, Wizard)> = gallery()
        .into_iter()
        .map(|(n, w)| (n.to_owned(), w))
        .collect();
    let find = |name: &str| -> Wizard {
        gallery()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, w)| w)
            .unwrap_or_else(|| panic!("no gallery screen {name}"))
    };
    let keys = with(key_step::at(Screen::Keys), |w| {
        w.keys.details = Some(two_keys());
        w.keys.dest = Some(Destination {
            file: "/demo/credentials".into(),
            profile: "default".into(),
            keyring: false,
            backup: false,
            move_existing_to: None,
        });
    });
    let extra: Vec<(&str, Wizard)> = vec![
        (
            "welcome with a run to resume",
            with(find("01-welcome"), |w| {
                w.resume_offer = Some(ResumeOffer {
                    record: RunRecord::default(),
                    manifests_gone: false,
                })
            }),
        ),
        (
            "select user, a list to choose from",
            with(key_step::at(Screen::SelectUser), |w| {
                w.users.users = vec![crate::cloud::model::User {
                    user_name: "okd-installer".into(),
                    ..Default::default()
                }];
                w.users.loaded = true;
            }),
        ),
        (
            "create user, the name exists",
            with(key_step::at(Screen::CreateUser), |w| {
                w.new_user.exists = Some("okd".into())
            }),
        ),
        (
            "destination asking to replace",
            with(key_step::at(Screen::Destination), |w| {
                w.dest.replace_offer = Some("LTAI5tOLD00000000000000001".into())
            }),
        ),
        (
            "destination holding the signed-in key",
            with(key_step::at(Screen::Destination), |w| {
                w.dest.replace_offer = Some("LTAI5tADMIN0000000000001".into());
                w.dest.held_is_signed_in = true;
            }),
        ),
        (
            "destination naming the signed-in key's profile",
            with(key_step::at(Screen::Destination), |w| {
                w.dest.replace_offer = Some("LTAI5tADMIN0000000000001".into());
                w.dest.held_is_signed_in = true;
                w.dest.move_to = Some(crate::wizard::input::TextField::default());
            }),
        ),
        (
            "destination on the keyring toggle",
            with(key_step::at(Screen::Destination), |w| w.dest.focus = 2),
        ),
        (
            "destination without a keyring",
            with(key_step::at(Screen::Destination), |w| {
                w.dest.keyring_available = Some(Err("no Secret Service".into()))
            }),
        ),
        ("keys, two of them", keys.clone()),
        (
            "keys, a deletion being confirmed",
            with(keys.clone(), |w| {
                w.update(Msg::Intent(Intent::Delete(
                    "LTAI5tKEY0000000000000002".into(),
                )));
                assert!(w.keys.confirm.is_some());
            }),
        ),
        (
            "keys, a secret being pasted",
            with(keys.clone(), |w| {
                w.update(Msg::Intent(Intent::HaveSecret(
                    "LTAI5tKEY0000000000000001".into(),
                )));
                assert!(w.keys.paste.is_some());
            }),
        ),
        (
            "keys, picking the lost one",
            with(keys.clone(), |w| recovering(RecoveryStage::PickLost, w)),
        ),
        (
            "secret, asked whether it is saved",
            with(key_step::with_secret(true), |w| {
                w.update(Msg::Intent(Intent::Continue));
            }),
        ),
        ("secret, stored nowhere", key_step::with_secret(false)),
        (
            "verified, recovery rotating",
            with(key_step::at(Screen::Verified), |w| {
                recovering(RecoveryStage::Rotating, w)
            }),
        ),
        (
            "verified, recovery deactivated",
            with(key_step::at(Screen::Verified), |w| {
                recovering(RecoveryStage::Deactivated, w)
            }),
        ),
        (
            "verified, the old key's deletion being confirmed",
            with(key_step::at(Screen::Verified), |w| {
                recovering(RecoveryStage::Deactivated, w);
                w.update(Msg::Intent(Intent::Delete(
                    "LTAI5tKEY0000000000000001".into(),
                )));
                assert!(w.keys.confirm.is_some());
            }),
        ),
        (
            "verified, recovery done",
            with(key_step::at(Screen::Verified), |w| {
                recovering(RecoveryStage::Done, w)
            }),
        ),
        (
            "policy form on the toggle",
            with(find("18-policy-form"), |w| w.policy.focus = 2),
        ),
        (
            "policy done, probe failed",
            with(find("21-policy-done"), |w| {
                w.policy.probe = Some(ProbeState::Failed("denied".into()))
            }),
        ),
        (
            "policy done, probing",
            with(find("21-policy-done"), |w| {
                w.policy.probe = Some(ProbeState::Running)
            }),
        ),
        (
            "policy done, no probe",
            with(find("21-policy-done"), |w| w.policy.probe = None),
        ),
        (
            "provision done, manifests differ, Manual mode missing",
            with(find("27-provision-done"), |w| {
                w.cco.placed = Some(InstallDirState {
                    differing: vec!["a-credentials.yaml".into()],
                    needs_manual: true,
                    ..Default::default()
                })
            }),
        ),
        (
            "provision setup on a path field",
            with(find("24-provision-setup"), |w| w.cco.prov_focus = 3),
        ),
        (
            "orphans, a deletion being confirmed",
            with(find("06-orphans"), |w| {
                w.update(Msg::Intent(Intent::Delete(
                    "LTAI5tORPHAN000000000001".into(),
                )));
                assert!(w.orphans.confirm.is_some());
            }),
        ),
        (
            "error after a failed verification",
            with(find("31-error"), |w| {
                if let Some(e) = &mut w.error {
                    e.back_to = Screen::Verifying;
                }
            }),
        ),
        (
            "help open",
            with(find("11-keys"), |w| {
                w.update(Msg::Intent(Intent::Help));
                assert!(w.help);
            }),
        ),
        (
            "quit being confirmed",
            with(key_step::with_secret(true), |w| {
                w.update(Msg::Intent(Intent::Quit));
                assert!(w.confirm_quit);
            }),
        ),
    ];
    v.extend(extra.into_iter().map(|(n, w)| (n.to_owned(), w)));
    v
}

/// One intent of every kind, with what the state offers to act on (the highlighted key, the
/// orphan, the typed text).
fn catalogue(w: &Wizard) -> Vec<Intent> {
    use Intent as I;
    let mut v = vec![
        I::Help,
        I::CloseHelp,
        I::Quit,
        I::ConfirmQuit(true),
        I::ConfirmQuit(false),
        I::Continue,
        I::Back,
        I::Cancel,
        I::Retry,
        I::MoveSelection(1),
        I::MoveSelection(-1),
        I::Scroll(1),
        I::Top,
        I::Bottom,
        I::StartSetup,
        I::StartRecovery,
        I::StartTeardown,
        I::Resume,
        I::ChooseSource(w.selected),
        I::PastePair,
        I::Type(Typed('a')),
        I::Erase,
        I::ClearField,
        I::NextField,
        I::PrevField,
        I::CompletePath,
        I::Set(Choice::Keyring, true),
        I::Set(Choice::DeletePolicyVersion, true),
        I::Answer(true),
        I::Answer(false),
        I::CreateUser,
        I::SelectUser,
        I::Filter(String::new()),
        I::ReplaceProfile,
        I::OtherProfile,
        I::CreateKey,
        I::Reload,
        I::Reveal,
        I::Copy,
        I::OtherDestination,
        I::ChoosePolicy(PolicyKind::Administrator),
        I::ChoosePolicy(PolicyKind::Okd),
        I::ViewPolicy,
        I::OverwriteDiffering,
        I::SetManualMode,
        I::SaveReport,
        I::ToolOutput,
    ];
    if let Some(u) = w.users.highlighted() {
        v.push(I::ChooseUser(u.user_name.clone()));
    }
    let mut ids: Vec<String> = w
        .user_keys()
        .iter()
        .map(|k| k.access_key_id.clone())
        .collect();
    ids.extend(w.orphans().iter().map(|o| o.key_id.clone()));
    ids.extend(w.lost_key().map(str::to_owned));
    for id in ids {
        v.extend([
            I::Deactivate(id.clone()),
            I::Delete(id.clone()),
            I::Keep(id.clone()),
            I::HaveSecret(id.clone()),
            I::ChooseLostKey(id),
        ]);
    }
    let typed = w
        .keys
        .confirm
        .as_ref()
        .map(|c| c.typed.value.clone())
        .or_else(|| w.orphans.confirm.as_ref().map(|t| t.value.clone()))
        .unwrap_or_default();
    v.push(I::Confirm(typed));
    v
}

/// Same kind of intent (what it acts on may differ: the highlighted row, the typed text).
fn same_kind(a: &Intent, b: &Intent) -> bool {
    match (a, b) {
        (Intent::Set(x, _), Intent::Set(y, _)) => x == y,
        (Intent::ChoosePolicy(x), Intent::ChoosePolicy(y)) => x == y,
        (Intent::MoveSelection(x), Intent::MoveSelection(y)) => x.signum() == y.signum(),
        (Intent::Answer(x), Intent::Answer(y))
        | (Intent::ConfirmQuit(x), Intent::ConfirmQuit(y)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// The intents the active keys make in this state.
fn keyed(w: &Wizard) -> Vec<Intent> {
    keymap::active(w)
        .iter()
        .filter_map(|b| b.intent(w, 'a'))
        .collect()
}

/// The states a person reaches from `w` by moving between the fields of its form or the rows
/// of its list (a few moves deep).
fn moves(w: &Wizard) -> Vec<Wizard> {
    let steps = [
        Intent::NextField,
        Intent::MoveSelection(1),
        Intent::MoveSelection(-1),
    ];
    let mut seen = vec![w.clone()];
    let mut frontier = vec![w.clone()];
    for _ in 0..6 {
        let mut next = Vec::new();
        for s in &frontier {
            for step in &steps {
                if !s.handles(step) {
                    continue;
                }
                let mut t = s.clone();
                t.update(Msg::Intent(step.clone()));
                if !seen.contains(&t) {
                    seen.push(t.clone());
                    next.push(t);
                }
            }
        }
        frontier = next;
    }
    seen
}

#[test]
fn every_key_on_every_screen_leads_to_an_intent_the_screen_takes() {
    let mut checked = 0;
    // A hint with nothing to act on (Enter on an empty list) must act in some other state of
    // the same screen, or it is dead.
    let mut idle: Vec<(Screen, keymap::KeyHint)> = Vec::new();
    let mut acted: Vec<(Screen, keymap::KeyHint)> = Vec::new();
    for (name, w) in states() {
        for b in keymap::active(&w) {
            let Some(intent) = b.intent(&w, 'a') else {
                idle.extend(b.hint.map(|h| (w.screen, h)));
                continue;
            };
            acted.extend(b.hint.map(|h| (w.screen, h)));
            assert!(
                w.handles(&intent),
                "{name}: {:?} ({:?}) means {intent:?}, which the screen does not take",
                b.keys,
                b.hint
            );
            checked += 1;
        }
    }
    for (screen, hint) in idle {
        assert!(
            acted.contains(&(screen, hint)),
            "{screen:?}: the hint {hint:?} never has anything to act on"
        );
    }
    assert!(checked > 300, "only {checked} bindings checked");
}

#[test]
fn everything_a_screen_takes_has_a_key() {
    for (name, w) in states() {
        let reachable: Vec<Intent> = moves(&w).iter().flat_map(keyed).collect();
        let fields: Vec<Field> = moves(&w).iter().filter_map(Wizard::focused_field).collect();
        for intent in catalogue(&w) {
            if !w.handles(&intent) {
                continue;
            }
            assert!(
                reachable.iter().any(|k| same_kind(k, &intent)),
                "{name}: the screen takes {intent:?} but no key gives it"
            );
        }
        // A form's fields are filled by the headless face; a person reaches each with Tab.
        for f in ALL_FIELDS {
            let fill = Intent::Fill(f, "x".into());
            if w.handles(&fill) {
                assert!(
                    fields.contains(&f),
                    "{name}: {f:?} can be filled but Tab never reaches it"
                );
            }
        }
    }
}

const ALL_FIELDS: [Field; 21] = [
    Field::PasteId,
    Field::UserName,
    Field::DisplayName,
    Field::Comments,
    Field::DestFile,
    Field::DestProfile,
    Field::PolicyName,
    Field::PolicyDescription,
    Field::Installer,
    Field::Oc,
    Field::PullSecret,
    Field::CcoctlDir,
    Field::InfraName,
    Field::Region,
    Field::CredRequestsDir,
    Field::OutputDir,
    Field::InstallDir,
    Field::TeardownCcoctl,
    Field::TeardownName,
    Field::TeardownRegion,
    Field::TeardownConfirm,
];

#[test]
fn the_footer_and_the_help_show_the_table_hints_in_order() {
    for (name, w) in states() {
        let hints: Vec<_> = keymap::hints(&w);
        let table: Vec<_> = if w.confirm_quit {
            keymap::active(&w).iter().filter_map(|b| b.hint).collect()
        } else {
            keymap::bindings(&w).iter().filter_map(|b| b.hint).collect()
        };
        assert_eq!(hints, table, "{name}");
    }
}

fn press(w: &Wizard, code: KeyCode, mods: KeyModifiers) -> Option<Intent> {
    keymap::translate(w, KeyEvent::new(code, mods))
}

fn plain(w: &Wizard, code: KeyCode) -> Option<Intent> {
    press(w, code, KeyModifiers::NONE)
}

#[test]
fn q_and_question_mark_are_letters_where_the_screen_takes_typing() {
    let create = key_step::at(Screen::CreateUser);
    assert!(create.typing());
    assert_eq!(
        plain(&create, KeyCode::Char('q')),
        Some(Intent::Type(Typed('q')))
    );
    assert_eq!(
        plain(&create, KeyCode::Char('?')),
        Some(Intent::Type(Typed('?')))
    );
    let choice = key_step::at(Screen::UserChoice);
    assert_eq!(plain(&choice, KeyCode::Char('q')), Some(Intent::Quit));
    assert_eq!(plain(&choice, KeyCode::Char('?')), Some(Intent::Help));
    // A letter with Ctrl is that letter's key (as before the table), but never typed.
    let ctrl = KeyModifiers::CONTROL;
    assert_eq!(press(&choice, KeyCode::Char('q'), ctrl), Some(Intent::Quit));
    assert_eq!(press(&create, KeyCode::Char('x'), ctrl), None);
    assert_eq!(
        press(&create, KeyCode::Char('u'), ctrl),
        Some(Intent::ClearField)
    );
}

#[test]
fn ctrl_c_quits_everywhere_and_confirms_a_quit_being_asked() {
    for (name, w) in states() {
        let i = press(&w, KeyCode::Char('c'), KeyModifiers::CONTROL);
        let want = if w.confirm_quit {
            Intent::ConfirmQuit(true)
        } else if w.help {
            Intent::CloseHelp
        } else {
            Intent::Quit
        };
        assert_eq!(i, Some(want), "{name}");
    }
}

#[test]
fn a_named_key_wins_over_typing_and_typing_over_any_key() {
    let mut list = key_step::at(Screen::SelectUser);
    list.users.filter.value = "okd".into();
    assert_eq!(
        plain(&list, KeyCode::Char('/')),
        Some(Intent::Filter(String::new()))
    );
    assert_eq!(
        plain(&list, KeyCode::Char('o')),
        Some(Intent::Type(Typed('o')))
    );
    let mut asked = key_step::with_secret(true);
    asked.update(Msg::Intent(Intent::Continue));
    assert_eq!(
        plain(&asked, KeyCode::Char('y')),
        Some(Intent::Answer(true))
    );
    assert_eq!(
        plain(&asked, KeyCode::Char('n')),
        Some(Intent::Answer(false))
    );
    assert_eq!(plain(&asked, KeyCode::Esc), Some(Intent::Answer(false)));
}

#[test]
fn releases_and_unbound_keys_mean_nothing() {
    let w = key_step::at(Screen::UserChoice);
    let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    assert_eq!(keymap::translate(&w, release), None);
    assert_eq!(plain(&w, KeyCode::F(7)), None);
    assert_eq!(plain(&w, KeyCode::Char('z')), None);
}

#[test]
fn the_key_a_hint_shows_gives_that_hint_s_intent() {
    for (name, w) in states() {
        for b in keymap::active(&w) {
            let (Some(hint), Some(first)) = (b.hint, b.keys.first()) else {
                continue;
            };
            let ev = first.event();
            let c = match ev.code {
                KeyCode::Char(c) => c,
                _ => 'a',
            };
            assert_eq!(
                keymap::translate(&w, ev),
                b.intent(&w, c),
                "{name}: {hint:?} is shadowed by another binding"
            );
        }
    }
}

/// "Continue? (y / any key)": a scroll key is an answer there, not a scroll.
#[test]
fn a_question_any_key_answers_keeps_the_scroll_keys_for_its_answer() {
    let (_, w) = states()
        .into_iter()
        .find(|(n, _)| n == "secret, asked whether it is saved")
        .unwrap();
    use keymap::Key;
    for key in [Key::PageDown, Key::Down, Key::Home, Key::Char('j')] {
        assert_eq!(
            keymap::translate(&w, key.event()),
            Some(Intent::Answer(false)),
            "{key:?}"
        );
    }
}

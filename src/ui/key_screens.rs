//! Screens of the installer's AccessKey: destination, keys, capture, the secret, verification.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::pane::{Scroll, pane};
use super::screens::{block, fields};
use super::theme::{SPINNER, theme};
use super::verified_screen::forget_line;
use crate::protocol::Progress;
use crate::strings;
use crate::wizard::{JobKind, Wizard};

fn spin(w: &Wizard) -> Span<'static> {
    Span::styled(
        format!("{} ", SPINNER[w.spinner % SPINNER.len()]),
        theme().accent,
    )
}

pub(super) fn mark(ok: bool) -> Span<'static> {
    if ok {
        Span::styled("✓ ", theme().ok)
    } else {
        Span::styled("✗ ", theme().error)
    }
}

fn user_name(w: &Wizard) -> String {
    w.chosen_user
        .as_ref()
        .map(|u| u.user_name.clone())
        .unwrap_or_default()
}

pub fn destination(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::DEST_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [intro, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    let d = &w.dest;
    let intro_text = if d.resave {
        Line::styled(strings::DEST_RESAVE(), theme().warn)
    } else {
        Line::raw(strings::DEST_INTRO())
    };
    pane(w, f, intro, None, vec![intro_text], Scroll::Fixed);
    let msgs = fields(f, rest, &strings::DEST_FIELDS(), &d.fields, d.focus);
    let mut lines = Vec::new();
    match &d.keyring_available {
        None => lines.push(Line::from(vec![
            spin(w),
            Span::styled(strings::DEST_KEYRING_CHECKING(), theme().dim),
        ])),
        Some(Ok(())) => {
            let focused = d.focus == 2;
            let text = format!(
                "{} [{}] {}{}",
                if focused { "▶" } else { " " },
                if d.keyring { "x" } else { " " },
                strings::DEST_KEYRING(),
                if w.demo {
                    strings::DEST_KEYRING_DEMO()
                } else {
                    ""
                }
            );
            lines.push(Line::styled(
                text,
                if focused {
                    theme().selected
                } else {
                    theme().text
                },
            ));
        }
        // Why, in plain words (the store's own text last): the credentials file alone.
        Some(Err(why)) => lines.push(Line::styled(
            format!("  ○ {}. {why}", strings::DEST_KEYRING_NONE()),
            theme().dim,
        )),
    }
    if d.profile() != "default" {
        lines.push(Line::from(vec![
            Span::styled("ℹ ", theme().accent),
            Span::raw(strings::DEST_PROFILE_NOTE()),
        ]));
    }
    if let Some(k) = &d.replace_offer {
        lines.push(Line::raw(""));
        if d.held_is_signed_in {
            lines.push(Line::from(vec![
                Span::styled("⚠ ", theme().warn),
                Span::raw(format!("{} ({k}).", strings::DEST_HOLDS_SIGNED_IN())),
            ]));
            lines.push(Line::raw(format!(
                "  {}",
                strings::DEST_HOLDS_SIGNED_IN_WHY()
            )));
            match &d.move_to {
                None => lines.push(Line::styled(strings::DEST_MOVE_CHOICE(), theme().title)),
                Some(name) => {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{} ", strings::DEST_MOVE_ASK()), theme().title),
                        Span::styled(format!("[{}]", name.value), theme().selected),
                        Span::styled("▏", theme().accent),
                    ]));
                    lines.push(Line::styled(
                        format!("  {} [{}].", strings::DEST_MOVE_HOW(), d.profile()),
                        theme().dim,
                    ));
                }
            }
        } else {
            let text = if k.is_empty() {
                strings::DEST_REPLACE_OTHER().to_owned()
            } else {
                format!("{} {k}.", strings::DEST_REPLACE())
            };
            lines.push(Line::from(vec![
                Span::styled("⚠ ", theme().warn),
                Span::raw(text),
            ]));
            use crate::wizard::dest::HeldCheck;
            match &d.held {
                HeldCheck::Checking => lines.push(Line::from(vec![
                    spin(w),
                    Span::raw(strings::DEST_HELD_CHECKING()),
                ])),
                HeldCheck::Works(_) => {
                    lines.push(Line::from(vec![
                        mark(true),
                        Span::raw(strings::held_works(user_name(w))),
                    ]));
                    lines.push(Line::styled(strings::DEST_KEEP_CHOICE(), theme().title));
                }
                HeldCheck::NotAsked | HeldCheck::DoesNot => {}
            }
            lines.push(Line::styled(strings::DEST_REPLACE_CHOICE(), theme().title));
        }
    }
    if let Some(e) = &d.error {
        lines.push(Line::from(vec![mark(false), Span::raw(e.clone())]));
    }
    if w.jobs.iter().any(|j| j.kind == JobKind::Preflight) {
        lines.push(Line::from(vec![
            spin(w),
            Span::raw(strings::DEST_CHECKING()),
        ]));
    }
    pane(w, f, msgs, None, lines, Scroll::Top);
}

pub fn keys(w: &Wizard, f: &mut Frame, area: Rect) {
    let title = strings::keys_title(user_name(w));
    let k = &w.keys;
    let mut lines = vec![Line::raw(strings::KEYS_INTRO()), Line::raw("")];
    if crate::wizard::recover::stage(w) == Some(crate::wizard::recover::RecoveryStage::PickLost) {
        lines.insert(0, Line::styled(strings::RECOVER_INTRO(), theme().warn));
    }
    match &k.details {
        None => lines.push(Line::from(vec![
            spin(w),
            Span::raw(strings::KEYS_LOADING()),
        ])),
        Some(d) if d.keys.is_empty() => lines.push(Line::styled(strings::KEYS_NONE(), theme().dim)),
        Some(d) => {
            let active: Vec<_> = d
                .keys
                .iter()
                .filter(|k| k.status.eq_ignore_ascii_case("Active"))
                .collect();
            for (i, key) in d.keys.iter().enumerate() {
                let users: Vec<&str> = d
                    .local_profiles
                    .iter()
                    .filter(|(_, id)| *id == key.access_key_id)
                    .map(|(p, _)| p.as_str())
                    .collect();
                let mut note = if users.is_empty() {
                    String::new()
                } else {
                    format!("  {} {}", strings::KEYS_USED_BY(), users.join(", "))
                };
                let is_active = key.status.eq_ignore_ascii_case("Active");
                if is_active && !users.is_empty() && active.len() == 1 {
                    note.push_str(&format!("  ⚠ {}", strings::KEYS_ONLY_ACTIVE_USED()));
                }
                let chosen = i == k.selected;
                let (status_mark, status) = if is_active {
                    ("●", strings::KEY_STATUS_ACTIVE())
                } else {
                    ("○", strings::KEY_STATUS_INACTIVE())
                };
                let status_w = super::text::width(strings::KEY_STATUS_ACTIVE())
                    .max(super::text::width(strings::KEY_STATUS_INACTIVE()));
                let text = format!(
                    "{} {:<28} {status_mark} {}  {}{note}",
                    if chosen { "▶" } else { " " },
                    key.access_key_id,
                    super::text::pad(status, status_w),
                    key.create_date
                );
                lines.push(Line::styled(
                    text,
                    if chosen {
                        theme().selected
                    } else {
                        theme().text
                    },
                ));
            }
        }
    }
    if let Some(c) = &k.confirm {
        lines.push(Line::raw(""));
        let verb = if c.delete {
            strings::RETIRE_PROMPT_DELETE()
        } else {
            strings::RETIRE_PROMPT_DEACTIVATE()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{verb} {}: ", c.key_id), theme().warn),
            Span::raw(format!(
                "{} › {}▏",
                strings::RETIRE_PROMPT_TYPE(),
                c.typed.value
            )),
        ]));
    }
    if let Some((id, secret)) = &k.paste {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", strings::paste_key_secret(id.as_str())),
                theme().title,
            ),
            Span::raw(format!("{}▏", secret.value.masked())),
        ]));
    }
    if let Some(n) = &k.notice {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(n.clone()),
        ]));
    }
    forget_line(w, &mut lines);
    if let Some(d) = &k.dest {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "→ {} [{}]{}",
                d.file.display(),
                d.profile,
                if d.keyring {
                    format!(" + {}", strings::SECRET_KEYRING())
                } else {
                    String::new()
                }
            ),
            theme().dim,
        ));
        if let Some(to) = &d.move_existing_to {
            lines.push(Line::styled(
                format!("  {}", strings::moving_to(&d.profile, to)),
                theme().dim,
            ));
        }
    }
    pane(w, f, area, Some(block(&title)), lines, Scroll::Top);
}

pub fn capturing(w: &Wizard, f: &mut Frame, area: Rect) {
    let step = match w.progress {
        Some(Progress::SavingFile) => strings::CAPTURE_SAVING(),
        Some(Progress::SavingKeyring) => strings::CAPTURE_KEYRING(),
        _ => strings::CAPTURE_CREATING(),
    };
    let lines = vec![Line::from(vec![spin(w), Span::raw(step)])];
    pane(
        w,
        f,
        area,
        Some(block(strings::CAPTURE_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub(super) fn row<'a>(label: &'a str, value: Vec<Span<'a>>) -> Line<'a> {
    let mut spans = vec![Span::styled(
        format!("  {}", super::text::pad(label, 20)),
        theme().dim,
    )];
    spans.extend(value);
    Line::from(spans)
}

pub fn secret_shown(w: &Wizard, f: &mut Frame, area: Rect) {
    let Some(s) = &w.secret else { return };
    let c = &s.captured;
    let mut lines = Vec::new();
    let pasted = c.secret.is_none();
    if c.stored_anywhere() && pasted {
        lines.push(Line::raw(strings::SECRET_PASTED_SAVED()));
    } else if c.stored_anywhere() {
        lines.push(Line::styled(strings::SECRET_ONCE(), theme().warn));
    } else {
        lines.push(Line::styled(strings::SECRET_NOT_SAVED(), theme().error));
    }
    lines.push(Line::raw(""));
    lines.push(row(
        strings::SECRET_KEY_ID(),
        vec![Span::styled(c.key_id.clone(), theme().title)],
    ));
    let secret_text = match &c.secret {
        None => strings::SECRET_PASTED().to_owned(),
        Some(sec) if s.revealed => sec.expose().to_owned(),
        Some(sec) => sec.masked(),
    };
    let mut sv = vec![Span::raw(secret_text)];
    if s.copied {
        let said = match s.copied_with {
            Some(tool) => format!(
                "  ✓ {} {tool} {}",
                strings::SECRET_COPIED_WITH(),
                strings::SECRET_COPIED_ALSO()
            ),
            None => format!("  ({})", strings::SECRET_COPIED()),
        };
        sv.push(Span::styled(
            said,
            if s.copied_with.is_some() {
                theme().ok
            } else {
                theme().warn
            },
        ));
    }
    lines.push(row(strings::SECRET_SECRET(), sv));
    match &c.file {
        Ok(saved) => {
            lines.push(row(
                strings::SECRET_FILE(),
                vec![
                    mark(true),
                    Span::raw(format!("{} [{}]", saved.target.display(), c.dest.profile)),
                ],
            ));
            if let Some(to) = &c.dest.move_existing_to {
                lines.push(row("", vec![mark(true), Span::raw(strings::moved_to(to))]));
            }
            if let Some(m) = saved.loose_mode {
                lines.push(row(
                    "",
                    vec![Span::styled(
                        strings::secret_mode_fixed(format!("{m:o}")),
                        theme().warn,
                    )],
                ));
            }
            for n in &saved.notes {
                lines.push(row("", vec![Span::styled(n.clone(), theme().warn)]));
            }
            if let Some(b) = &saved.backup {
                lines.push(row(
                    "",
                    vec![Span::raw(format!(
                        "{} {}",
                        strings::SECRET_BACKUP(),
                        b.display()
                    ))],
                ));
            }
        }
        Err(e) => lines.push(row(
            strings::SECRET_FILE(),
            vec![mark(false), Span::raw(e.clone())],
        )),
    }
    match &c.keyring {
        None => {}
        Some(Ok(())) => lines.push(row(
            strings::SECRET_KEYRING(),
            vec![
                mark(true),
                Span::raw(strings::keyring_entry(
                    c.dest.profile.as_str(),
                    c.key_id.as_str(),
                )),
            ],
        )),
        Some(Err(e)) => lines.push(row(
            strings::SECRET_KEYRING(),
            vec![mark(false), Span::raw(e.clone())],
        )),
    }
    if s.confirming {
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::SECRET_CONFIRM(), theme().title));
    }
    let title = if pasted {
        strings::SECRET_TITLE_PASTED()
    } else {
        strings::SECRET_TITLE()
    };
    pane(w, f, area, Some(block(title)), lines, Scroll::Top);
}

pub fn verifying(w: &Wizard, f: &mut Frame, area: Rect) {
    let mut lines = vec![Line::from(vec![spin(w), Span::raw(strings::VERIFY_WAIT())])];
    if let Some(Progress::Verifying {
        attempt,
        seconds_left,
    }) = w.progress
    {
        lines.push(Line::styled(
            format!("  {}", strings::attempt_line(attempt, seconds_left)),
            theme().dim,
        ));
    }
    pane(
        w,
        f,
        area,
        Some(block(strings::VERIFY_TITLE())),
        lines,
        Scroll::Top,
    );
}

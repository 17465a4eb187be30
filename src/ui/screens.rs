//! The body of each screen, drawn from `&Wizard`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph};

use super::pane::{Scroll, pane};
use super::text;
use super::theme::{SPINNER, theme};
use crate::creds::SourceStatus;
use crate::protocol::Progress;
use crate::strings;
use crate::wizard::signin::{id_looks_odd, secret_looks_odd};
use crate::wizard::{PasteFocus, Wizard};

pub(super) fn block(title: &str) -> Block<'_> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme().border)
        .title(Span::styled(format!(" {title} "), theme().title))
        .padding(Padding::horizontal(1))
}

pub fn welcome(w: &Wizard, f: &mut Frame, area: Rect) {
    let mut lines = vec![Line::raw(strings::WELCOME_INTRO()), Line::raw("")];
    for (i, (name, what)) in strings::WELCOME_STEPS().iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}. {}", i + 1, super::text::pad(name, 16)),
                theme().accent,
            ),
            Span::raw(*what),
        ]));
    }
    lines.push(Line::raw(""));
    if w.demo {
        lines.push(Line::styled(strings::WELCOME_DEMO(), theme().warn));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(strings::WELCOME_START(), theme().title));
    if let Some(offer) = &w.resume_offer {
        let text = if offer.manifests_gone {
            strings::WELCOME_MANIFESTS_GONE().to_owned()
        } else if offer.record.replaces.is_some() {
            strings::welcome_resume_recovery(offer.record.user.as_str())
        } else {
            strings::welcome_resume(offer.record.user.as_str())
        };
        lines.push(Line::styled(text, theme().warn));
    }
    lines.push(Line::styled(strings::WELCOME_RECOVER(), theme().dim));
    lines.push(Line::styled(strings::WELCOME_TEARDOWN(), theme().dim));
    pane(
        w,
        f,
        area,
        Some(block(strings::WELCOME_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub fn sign_in(w: &Wizard, f: &mut Frame, area: Rect) {
    let mut lines = vec![Line::raw(strings::SIGNIN_INTRO()), Line::raw("")];
    match &w.discovery {
        None => lines.push(Line::styled(
            format!(
                "{} {}",
                SPINNER[w.spinner % SPINNER.len()],
                strings::SIGNIN_LOOKING()
            ),
            theme().dim,
        )),
        Some(d) => {
            // Columns sized to the pane: a long label or path loses its middle, the key ID
            // stays whole; why a source cannot be used goes on its own line below it.
            let cells: Vec<Vec<String>> = d
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mark = if matches!(s.status, SourceStatus::Ready) {
                        "●"
                    } else {
                        "✗"
                    };
                    vec![
                        format!(
                            "{} {mark} {}",
                            if i == w.selected { "▶" } else { " " },
                            s.label
                        ),
                        s.access_key_id.clone().unwrap_or_else(|| "-".into()),
                        s.origin.clone(),
                    ]
                })
                .collect();
            let rows = text::table(&cells, pane_width(area), &[1]);
            for (i, (s, row)) in d.sources.iter().zip(rows).enumerate() {
                let chosen = i == w.selected;
                let (status, style) = match s.status.problem() {
                    None => (None, theme().text),
                    Some(p) => (Some(format!("      ({p})")), theme().dim),
                };
                lines.push(Line::styled(
                    row,
                    if chosen { theme().selected } else { style },
                ));
                if let Some(st) = status {
                    lines.push(Line::styled(st, theme().dim));
                }
            }
            if d.sources.is_empty() {
                lines.push(Line::styled(strings::SIGNIN_NO_SOURCES(), theme().warn));
                for place in &d.looked_in {
                    lines.push(Line::raw(format!("  • {place}")));
                }
                lines.push(Line::raw(strings::SIGNIN_MAKE_KEY()));
                lines.push(Line::raw(""));
            }
            let paste_chosen = w.selected >= d.sources.len();
            lines.push(Line::styled(
                format!(
                    "{} + {}",
                    if paste_chosen { "▶" } else { " " },
                    strings::SIGNIN_PASTE()
                ),
                if paste_chosen {
                    theme().selected
                } else {
                    theme().accent
                },
            ));
            for p in &d.problems {
                lines.push(Line::raw(""));
                lines.push(Line::from(vec![
                    Span::styled("⚠ ", theme().warn),
                    Span::styled(
                        format!("{} ", strings::SOURCE_UNREADABLE_LINE()),
                        theme().warn,
                    ),
                    Span::raw(p.clone()),
                ]));
            }
        }
    }
    if let Some(n) = &w.notice {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(n.clone()),
        ]));
    }
    pane(
        w,
        f,
        area,
        Some(block(strings::SIGNIN_TITLE())),
        lines,
        Scroll::Top,
    );
}

/// The text width of a bordered, padded pane drawn in `area`.
pub(super) fn pane_width(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(4))
}

pub(super) fn field<'a>(label: &'a str, value: String, focused: bool) -> Paragraph<'a> {
    let border = if focused {
        theme().focus_border
    } else {
        theme().border
    };
    let cursor = if focused { "▏" } else { "" };
    Paragraph::new(Line::raw(format!("{value}{cursor}"))).block(
        Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(border)
            .title(format!(" {label}{} ", if focused { " ◀" } else { "" })),
    )
}

pub fn paste(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::PASTE_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [help, id, secret, role, msgs] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Min(0),
    ])
    .areas(inner);
    pane(
        w,
        f,
        help,
        None,
        vec![Line::styled(strings::PASTE_HELP(), theme().dim)],
        Scroll::Fixed,
    );
    let p = &w.paste;
    f.render_widget(
        field(
            strings::PASTE_ID(),
            p.id.value.clone(),
            p.focus == PasteFocus::Id,
        ),
        id,
    );
    f.render_widget(
        field(
            strings::PASTE_SECRET(),
            p.secret.value.masked(),
            p.focus == PasteFocus::Secret,
        ),
        secret,
    );
    f.render_widget(
        field(
            strings::PASTE_ROLE(),
            p.role.value.clone(),
            p.focus == PasteFocus::Role,
        ),
        role,
    );
    let mut lines = Vec::new();
    if let Some(e) = p.error {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(e),
        ]));
    }
    if id_looks_odd(&p.id.value) {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(strings::PASTE_ID_ODD()),
        ]));
    }
    let s = p.secret.value.expose();
    if secret_looks_odd(
        s.chars().count(),
        s.chars().all(|c| c.is_ascii_alphanumeric()),
    ) {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(strings::PASTE_SECRET_ODD()),
        ]));
    }
    pane(w, f, msgs, None, lines, Scroll::Top);
}

pub fn checking(w: &Wizard, f: &mut Frame, area: Rect) {
    let step = match w.progress {
        Some(Progress::Rechecking) => strings::RECHECKING(),
        Some(Progress::AssumingRole) => strings::ASSUMING_ROLE(),
        _ => strings::CHECKING(),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} ", SPINNER[w.spinner % SPINNER.len()]),
                theme().accent,
            ),
            Span::raw(step),
        ]),
        Line::raw(""),
        Line::styled(
            format!(
                "{}: {}",
                strings::IDENTITY_SOURCE(),
                w.signing_in_as.as_deref().unwrap_or("")
            ),
            theme().dim,
        ),
    ];
    pane(
        w,
        f,
        area,
        Some(block(strings::SIGNIN_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub fn error(w: &Wizard, f: &mut Frame, area: Rect) {
    let Some(e) = &w.error else {
        return;
    };
    let r = &e.report;
    let lines = vec![
        Line::styled(format!("✗ {}", r.title), theme().error),
        Line::raw(""),
        Line::styled(strings::ERROR_WHAT(), theme().title),
        Line::raw(format!("  {}", r.hint.what)),
        Line::raw(""),
        Line::styled(strings::ERROR_TODO(), theme().title),
        Line::raw(format!("  {}", r.hint.todo)),
        Line::raw(""),
        Line::styled(strings::ERROR_DETAIL(), theme().dim),
        Line::styled(format!("  {}", r.detail), theme().dim),
    ];
    pane(
        w,
        f,
        area,
        Some(block(strings::ERROR_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub fn orphans(w: &Wizard, f: &mut Frame, area: Rect) {
    let o = &w.orphans;
    let mut lines = vec![
        Line::raw(if w.orphans.after_capture {
            strings::ORPHANS_INTRO_NOW()
        } else {
            strings::ORPHANS_INTRO()
        }),
        Line::raw(""),
        Line::styled(strings::ORPHANS_ADVICE(), theme().dim),
        Line::raw(""),
    ];
    let cells: Vec<Vec<String>> = o
        .list
        .iter()
        .enumerate()
        .map(|(i, orphan)| {
            vec![
                format!(
                    "{} {}",
                    if i == o.selected { "▶" } else { " " },
                    orphan.key_id
                ),
                orphan.user.clone(),
                orphan.create_date.clone(),
            ]
        })
        .collect();
    for (i, text) in text::table(&cells, pane_width(area), &[0, 2])
        .into_iter()
        .enumerate()
    {
        lines.push(Line::styled(
            text,
            if i == o.selected {
                theme().selected
            } else {
                theme().text
            },
        ));
    }
    if let (Some(typed), Some(orphan)) = (&o.confirm, o.list.get(o.selected)) {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {}: ", strings::RETIRE_PROMPT_DELETE(), orphan.key_id),
                theme().warn,
            ),
            Span::raw(format!(
                "{} › {}▏",
                strings::RETIRE_PROMPT_TYPE(),
                typed.value
            )),
        ]));
    }
    if let Some(n) = &o.notice {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(n.clone()),
        ]));
    }
    pane(
        w,
        f,
        area,
        Some(block(strings::ORPHANS_TITLE())),
        lines,
        Scroll::Top,
    );
}

/// A column of labelled text fields; `focus` is the focused index.
pub(super) fn fields(
    f: &mut Frame,
    area: Rect,
    labels: &[&str],
    values: &[crate::wizard::input::TextField],
    focus: usize,
) -> Rect {
    let mut cons: Vec<Constraint> = labels.iter().map(|_| Constraint::Length(3)).collect();
    cons.push(Constraint::Min(0));
    let areas = Layout::vertical(cons).split(area);
    for (i, label) in labels.iter().enumerate() {
        f.render_widget(field(label, values[i].value.clone(), focus == i), areas[i]);
    }
    areas[labels.len()]
}

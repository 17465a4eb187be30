//! Screens of the installer's RAM user: create or select, the create form, the user list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::{Scroll, pane};
use super::screens::{block, field};
use super::text;
use super::theme::{SPINNER, theme};
use crate::strings;
use crate::wizard::user::user_name_problem;
use crate::wizard::{JobKind, Wizard};

fn spinner(w: &Wizard) -> &'static str {
    SPINNER[w.spinner % SPINNER.len()]
}

fn busy(w: &Wizard, kind: JobKind) -> bool {
    w.jobs.iter().any(|j| j.kind == kind)
}

pub fn user_choice(w: &Wizard, f: &mut Frame, area: Rect) {
    let mut lines = vec![Line::raw(strings::USER_CHOICE_INTRO()), Line::raw("")];
    for (i, (what, why)) in [
        (
            strings::USER_CHOICE_CREATE(),
            strings::USER_CHOICE_CREATE_WHY(),
        ),
        (
            strings::USER_CHOICE_SELECT(),
            strings::USER_CHOICE_SELECT_WHY(),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let chosen = w.user_choice == i;
        let text = format!(
            "{} {} {why}",
            if chosen { "▶" } else { " " },
            super::text::pad(what, 26)
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
    pane(
        w,
        f,
        area,
        Some(block(strings::USER_CHOICE_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub fn create_user(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::CREATE_USER_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [rule, a, b, c, msgs] = Layout::vertical([
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
        rule,
        None,
        vec![Line::styled(strings::CREATE_USER_RULE(), theme().dim)],
        Scroll::Fixed,
    );
    let form = &w.new_user;
    for (i, area) in [a, b, c].into_iter().enumerate() {
        f.render_widget(
            field(
                strings::CREATE_USER_FIELDS()[i],
                form.fields[i].value.clone(),
                form.focus == i,
            ),
            area,
        );
    }
    let mut lines = Vec::new();
    let live = (!form.name().is_empty())
        .then(|| user_name_problem(form.name()))
        .flatten();
    if let Some(p) = live {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(p),
        ]));
    } else if !form.name().is_empty() {
        lines.push(Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::raw(strings::USER_NAME_VALID()),
        ]));
    }
    // The name's rule, already said live above, is not said again.
    if crate::wizard::user::looks_like_component_user(form.name()) {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(strings::USER_LIKE_COMPONENT()),
        ]));
    }
    if let Some(e) = form.error.as_ref().filter(|e| live != Some(e.as_str())) {
        let style = if form.exists.is_some() {
            theme().warn
        } else {
            theme().error
        };
        lines.push(Line::from(vec![
            Span::styled("⚠ ", style),
            Span::raw(e.clone()),
        ]));
    }
    if busy(w, JobKind::CreateUser) {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", spinner(w)), theme().accent),
            Span::raw(strings::CREATE_USER_BUSY()),
        ]));
    }
    pane(w, f, msgs, None, lines, Scroll::Top);
}

pub fn select_user(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::SELECT_USER_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [filter, list, details] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(7),
    ])
    .areas(inner);
    let u = &w.users;
    let loading = busy(w, JobKind::ListUsers);
    let filtered = u.filtered();
    let count = format!(
        "{}{}",
        strings::n_of_m(filtered.len(), u.users.len()),
        if loading {
            format!(", {} {}", spinner(w), strings::SELECT_LOADING())
        } else {
            String::new()
        }
    );
    f.render_widget(
        field(
            &format!("{} ({count})", strings::SELECT_FILTER()),
            u.filter.value.clone(),
            true,
        ),
        filter,
    );

    let rows = list.height as usize;
    let start = u.selected.saturating_sub(rows.saturating_sub(1));
    // Columns sized to the list: long names lose their middle, dates stay whole.
    let shown: Vec<(usize, &&crate::cloud::model::User)> =
        filtered.iter().enumerate().skip(start).take(rows).collect();
    let cells: Vec<Vec<String>> = shown
        .iter()
        .map(|(i, user)| {
            vec![
                format!(
                    "{} {}",
                    if *i == u.selected { "▶" } else { " " },
                    user.user_name
                ),
                user.display_name.clone(),
                user.create_date.clone(),
            ]
        })
        .collect();
    let mut lines: Vec<Line> = text::table(&cells, usize::from(list.width), &[2])
        .into_iter()
        .zip(&shown)
        .map(|(text, (i, _))| {
            Line::styled(
                text,
                if *i == u.selected {
                    theme().selected
                } else {
                    theme().text
                },
            )
        })
        .collect();
    if filtered.is_empty() && !loading {
        lines.push(Line::styled(strings::SELECT_NONE(), theme().dim));
    }
    if let Some(e) = &u.error {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(e.clone()),
        ]));
    }
    f.render_widget(Paragraph::new(lines), list);

    let mut d = Vec::new();
    let highlighted = filtered.get(u.selected).copied();
    let title = highlighted.map(|x| x.user_name.clone()).unwrap_or_default();
    if let Some(user) = highlighted {
        match u.details_of(&user.user_name) {
            None => d.push(Line::styled(strings::SELECT_DETAILS_LOADING(), theme().dim)),
            Some(det) => {
                let keys = det
                    .keys
                    .iter()
                    .map(|k| format!("{} ({})", k.access_key_id, k.status))
                    .collect::<Vec<_>>()
                    .join(", ");
                let pols = det
                    .policies
                    .iter()
                    .map(|p| p.policy_name.clone())
                    .collect::<Vec<_>>()
                    .join(", ");
                d.push(Line::from(vec![
                    Span::styled(super::text::pad(strings::SELECT_KEYS(), 12), theme().dim),
                    Span::raw(if keys.is_empty() { "-".into() } else { keys }),
                ]));
                d.push(Line::from(vec![
                    Span::styled(
                        super::text::pad(strings::SELECT_POLICIES(), 12),
                        theme().dim,
                    ),
                    Span::raw(if pols.is_empty() { "-".into() } else { pols }),
                ]));
            }
        }
        if crate::wizard::user::is_component_user(user) {
            d.push(Line::from(vec![
                Span::styled("⚠ ", theme().warn),
                Span::raw(strings::USER_LIKE_COMPONENT()),
            ]));
        }
    }
    pane(w, f, details, Some(block(&title)), d, Scroll::Fixed);
}

//! Screens of the install policy: the choice, the policy viewer, the custom policy form, the
//! review of a differing policy, attaching, and the result with the probe.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::pane::{Scroll, pane};
use super::screens::{block, fields};
use super::theme::{SPINNER, theme};
use crate::policy;
use crate::protocol::{PolicyApplied, PolicyPlan, Progress};
use crate::strings;
use crate::wizard::policy::{ProbeState, attachment_warnings};
use crate::wizard::{JobKind, Wizard};

fn spin(w: &Wizard) -> Span<'static> {
    Span::styled(
        format!("{} ", SPINNER[w.spinner % SPINNER.len()]),
        theme().accent,
    )
}

fn user_name(w: &Wizard) -> String {
    w.chosen_user
        .as_ref()
        .map(|u| u.user_name.clone())
        .unwrap_or_default()
}

fn per_service_line(w: &Wizard) -> String {
    match w.policy.summary() {
        Ok(d) => {
            // ram:PassRole is told apart on the next line, so it is not counted here.
            let pass_role = usize::from(d.pass_role);
            d.per_service
                .iter()
                // A no-break space: a service and its count never part at a line's end.
                .map(|(s, n)| format!("{s}\u{a0}{}", if s == "ram" { n - pass_role } else { *n }))
                .collect::<Vec<_>>()
                .join(" · ")
        }
        Err(e) => e.clone(),
    }
}

pub fn choice(w: &Wizard, f: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::raw(strings::policy_choice_intro(user_name(w))),
        Line::raw(""),
    ];
    let options = [
        (
            strings::POLICY_ADMIN(),
            strings::POLICY_ADMIN_TEXT(),
            theme().warn,
        ),
        (
            strings::POLICY_CUSTOM(),
            strings::POLICY_CUSTOM_TEXT(),
            theme().text,
        ),
    ];
    for (i, (name, text, style)) in options.into_iter().enumerate() {
        let chosen = w.policy.choice == i;
        let head = format!("{} {name}", if chosen { "▶" } else { " " });
        lines.push(Line::styled(
            head,
            if chosen {
                theme().selected
            } else {
                theme().title
            },
        ));
        let mark = if i == 0 { "⚠ " } else { "  " };
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark}"), style),
            Span::raw(text),
        ]));
        if i == 1 {
            lines.push(Line::styled(
                format!("    {}", per_service_line(w)),
                theme().accent,
            ));
            lines.push(Line::raw(format!("    {}", strings::POLICY_PASSROLE())));
        }
        lines.push(Line::raw(""));
    }
    if w.policy.confirm_admin {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::styled(strings::ADMIN_CONFIRM_HEAD(), theme().title),
        ]));
        lines.push(Line::raw(strings::ADMIN_CONFIRM_TEXT()));
        lines.push(Line::styled(strings::ADMIN_CONFIRM_ASK(), theme().title));
    }
    pane(
        w,
        f,
        area,
        Some(block(strings::POLICY_CHOICE_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub fn viewer(w: &Wizard, f: &mut Frame, area: Rect) {
    let text = match w.policy.document() {
        Ok(d) => serde_json::to_string_pretty(&d.value).unwrap_or_default(),
        Err(e) => e.to_string(),
    };
    let lines: Vec<Line> = text.lines().map(|l| Line::raw(l.to_owned())).collect();
    // The title counts the rows the pane scrolls (a long line wraps into more than one).
    let total = super::text::wrap_all(&lines, super::screens::pane_width(area)).len();
    let rows = usize::from(area.height.saturating_sub(2));
    let top = w
        .scroll
        .map_or(0, usize::from)
        .min(total.saturating_sub(rows));
    // The long title on a wide terminal; the short one keeps the line count and the marks.
    let name = if area.width < 100 {
        strings::POLICY_VIEWER_TITLE_SHORT()
    } else {
        strings::POLICY_VIEWER_TITLE()
    };
    let title = strings::viewer_lines(name, top + 1, (top + rows).min(total), total);
    pane(w, f, area, Some(block(&title)), lines, Scroll::Top);
}

pub fn form(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::POLICY_FORM_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [rule, form] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    let p = &w.policy;
    pane(
        w,
        f,
        rule,
        None,
        vec![Line::styled(strings::POLICY_FORM_RULE(), theme().dim)],
        Scroll::Fixed,
    );
    let rest = fields(f, form, &strings::POLICY_FORM_FIELDS(), &p.fields, p.focus);
    let mut lines = Vec::new();
    match policy::name_problem(p.name()) {
        Some(problem) => lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(problem),
        ])),
        None => lines.push(Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::raw(strings::POLICY_NAME_VALID()),
        ])),
    }
    let focused = p.focus == 2;
    let toggle = format!(
        "{} [{}] {}",
        if focused { "▶" } else { " " },
        if p.add_delete_version { "x" } else { " " },
        strings::POLICY_DELETE_VERSION()
    );
    lines.push(Line::styled(
        toggle,
        if focused {
            theme().selected
        } else {
            theme().text
        },
    ));
    lines.push(Line::styled(
        format!("      {}", strings::POLICY_DELETE_VERSION_WHY()),
        theme().dim,
    ));
    match p.summary() {
        Ok(d) => lines.push(Line::styled(
            format!("  {} {}", d.compact_chars, strings::POLICY_DOC_SIZE()),
            theme().dim,
        )),
        Err(e) => lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(e.clone()),
        ])),
    }
    if let Some(e) = &p.error {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(e.clone()),
        ]));
    }
    if w.jobs.iter().any(|j| j.kind == JobKind::InspectPolicy) {
        lines.push(Line::from(vec![
            spin(w),
            Span::raw(strings::POLICY_CHECKING()),
        ]));
    }
    pane(w, f, rest, None, lines, Scroll::Top);
}

pub fn review(w: &Wizard, f: &mut Frame, area: Rect) {
    let p = &w.policy;
    let mut lines = vec![Line::raw(strings::POLICY_REVIEW_INTRO()), Line::raw("")];
    if let Some(e) = &p.existing {
        lines.push(Line::styled(
            strings::policy_versions(p.name(), e.default_version.as_str(), e.versions),
            theme().title,
        ));
    }
    let diff = p.differences();
    if diff.is_empty() {
        lines.push(Line::styled(
            strings::POLICY_REVIEW_SAME_ACTIONS(),
            theme().dim,
        ));
    }
    for (service, added, removed) in diff {
        lines.push(Line::styled(format!("  {service}"), theme().accent));
        for a in added {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("    + {} ", strings::POLICY_REVIEW_ADDED()),
                    theme().ok,
                ),
                Span::raw(a),
            ]));
        }
        for r in removed {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("    − {} ", strings::POLICY_REVIEW_REMOVED()),
                    theme().error,
                ),
                Span::raw(r),
            ]));
        }
    }
    lines.push(Line::raw(""));
    if p.existing.as_ref().is_some_and(|e| e.versions >= 5) {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(strings::POLICY_REVIEW_ROTATE()),
        ]));
    }
    lines.push(Line::styled(strings::POLICY_REVIEW_ASK(), theme().title));
    pane(
        w,
        f,
        area,
        Some(block(strings::POLICY_REVIEW_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub fn applying(w: &Wizard, f: &mut Frame, area: Rect) {
    let lines = vec![Line::from(vec![spin(w), Span::raw(strings::APPLYING())])];
    pane(
        w,
        f,
        area,
        Some(block(strings::APPLYING_TITLE())),
        lines,
        Scroll::Top,
    );
}

pub fn done(w: &Wizard, f: &mut Frame, area: Rect) {
    let p = &w.policy;
    let mut lines = Vec::new();
    if let Some(a) = &p.applied {
        let what = match (&a.plan, &a.new_version) {
            (PolicyPlan::System(_), _) => strings::POLICY_DONE_SYSTEM().to_owned(),
            (PolicyPlan::Reuse(_), _) => strings::POLICY_DONE_REUSED().to_owned(),
            (PolicyPlan::NewVersion { .. }, Some(v)) => {
                format!("{} {v}", strings::POLICY_DONE_VERSION())
            }
            (PolicyPlan::Create { .. }, _) | (PolicyPlan::NewVersion { .. }, None) => {
                strings::POLICY_DONE_CREATED().to_owned()
            }
        };
        lines.push(Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::styled(a.plan.name().to_owned(), theme().title),
            Span::raw(format!("{} → {}", strings::paren(what), user_name(w))),
        ]));
        lines.push(Line::raw(""));
        lines.push(Line::styled(strings::POLICY_ATTACHED_NOW(), theme().dim));
        for pol in &a.attached {
            lines.push(Line::raw(format!(
                "  • {}{}",
                pol.policy_name,
                strings::paren(strings::policy_type_label(&pol.policy_type))
            )));
        }
        let detached = p
            .detach
            .as_ref()
            .is_some_and(|d| d.state == crate::wizard::policy::DetachState::Done);
        if !detached {
            for warning in attachment_warnings(a) {
                lines.push(Line::from(vec![
                    Span::styled("⚠ ", theme().warn),
                    Span::raw(warning),
                ]));
            }
        }
        detach_lines(w, a, &mut lines);
        lines.push(Line::raw(""));
    }
    match &p.probe {
        Some(ProbeState::Running) | None => {
            lines.push(Line::from(vec![
                spin(w),
                Span::raw(strings::PROBE_RUNNING()),
            ]));
            if let Some(Progress::Probing {
                attempt,
                seconds_left,
            }) = w.progress
            {
                lines.push(Line::styled(
                    format!("  {}", strings::attempt_line(attempt, seconds_left)),
                    theme().dim,
                ));
            }
        }
        Some(ProbeState::Passed) => {
            lines.push(Line::from(vec![
                Span::styled("✓ ", theme().ok),
                Span::raw(strings::PROBE_PASSED()),
            ]));
            lines.push(Line::raw(""));
            lines.push(Line::styled(strings::POLICY_NEXT(), theme().dim));
        }
        Some(ProbeState::Failed(why)) => {
            lines.push(Line::from(vec![
                Span::styled("✗ ", theme().error),
                Span::raw(format!("{}: {why}", strings::PROBE_FAILED())),
            ]));
        }
    }
    pane(
        w,
        f,
        area,
        Some(block(strings::POLICY_DONE_TITLE())),
        lines,
        Scroll::Top,
    );
}

/// The other install policy after a switch: the offer to detach it, the question, the result.
fn detach_lines(w: &Wizard, a: &PolicyApplied, lines: &mut Vec<Line<'static>>) {
    use crate::wizard::policy::{DetachState as D, other_install_policy};
    match &w.policy.detach {
        None => {
            if let Some((name, _)) = other_install_policy(a) {
                lines.push(Line::styled(strings::detach_offer(&name), theme().dim));
            }
        }
        Some(d) => {
            let line = match &d.state {
                D::Asking => Line::styled(
                    strings::detach_ask(d.name.as_str(), user_name(w)),
                    theme().title,
                ),
                D::Running => {
                    Line::from(vec![spin(w), Span::raw(strings::detach_running(&d.name))])
                }
                D::Done => Line::from(vec![
                    Span::styled("✓ ", theme().ok),
                    Span::raw(strings::detach_done(&d.name)),
                ]),
                D::Failed(why) => Line::from(vec![
                    Span::styled("✗ ", theme().error),
                    Span::raw(format!("{}: {why}", strings::detach_failed(&d.name))),
                ]),
            };
            lines.push(line);
        }
    }
}

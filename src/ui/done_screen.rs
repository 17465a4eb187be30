//! The last screen of a setup: what to run next, where the manifests went, Manual mode, then
//! what the run did; or, on `l`, everything the tools printed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::cco_screens::{log_pane, messages, spin};
use super::pane::{Scroll, pane};
use super::screens::block;
use super::theme::theme;
use crate::protocol::InstallDirKind;
use crate::strings;
use crate::wizard::Wizard;
use crate::wizard::cco;

/// What the run did before the components: user, key and where it went, policy, ccoctl.
fn done_so_far(w: &Wizard) -> Vec<Line<'static>> {
    let mut rows: Vec<(&str, String)> = Vec::new();
    if let Some(u) = &w.chosen_user {
        rows.push((strings::SUMMARY_USER(), u.user_name.clone()));
    }
    if let Some(k) = &w.saved {
        let mut at = Vec::new();
        if let Ok(f) = &k.file {
            at.push(format!("{} [{}]", f.target.display(), k.dest.profile));
        }
        if matches!(k.keyring, Some(Ok(()))) {
            at.push(strings::SUMMARY_KEYRING().to_owned());
        }
        rows.push((
            strings::SUMMARY_KEY(),
            format!("{} → {}", k.key_id, at.join(strings::LIST_SEP())),
        ));
    }
    if let Some(a) = &w.policy.applied {
        rows.push((
            strings::SUMMARY_POLICY(),
            format!(
                "{}{}",
                a.plan.name(),
                strings::paren(strings::policy_type_label(a.plan.policy_type()))
            ),
        ));
    }
    if let Some(r) = &w.cco.ready {
        rows.push((
            strings::SUMMARY_CCOCTL(),
            format!(
                "{}{}",
                r.ccoctl.display(),
                strings::paren(r.version.version.as_str())
            ),
        ));
    }
    // Two per line: the screen must keep its next commands on an 80×24 terminal.
    rows.chunks(2)
        .map(|pair| {
            let mut spans = vec![Span::styled("✓ ", theme().ok)];
            for (i, (k, v)) in pair.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled(" · ", theme().dim));
                }
                spans.push(Span::styled(format!("{k} "), theme().dim));
                spans.push(Span::raw(v.clone()));
            }
            Line::from(spans)
        })
        .collect()
}

pub fn provision_done(w: &Wizard, f: &mut Frame, area: Rect) {
    let c = &w.cco;
    // `l`: what the tools printed in this run, from the extraction to the last copy.
    if c.show_log {
        log_pane(w, f, area, strings::CCO_LOG_ALL(), Scroll::Tail);
        return;
    }
    let out = c.prov[cco::PROV_OUTPUT].value.trim();
    // In the order a person needs them: what to run next, where the manifests went, Manual
    // mode; then what the run did. On a small terminal the rest scrolls, not these.
    let mut lines = Vec::new();
    if w.can_survey() {
        lines.push(Line::from(vec![
            Span::styled("ℹ ", theme().accent),
            Span::raw(strings::PROV_OFFER_SURVEY()),
        ]));
    }
    let commands = w.next_commands();
    if !commands.is_empty() {
        lines.push(Line::styled(strings::PROV_NEXT(), theme().title));
        for cmd in commands {
            lines.push(Line::raw(format!("  {}", cmd.command)));
        }
    }
    lines.extend(placed_lines(w));
    let teardown = w.teardown_commands();
    if !teardown.is_empty() {
        lines.push(Line::styled(strings::PROV_TEARDOWN_LATER(), theme().dim));
        for cmd in teardown {
            lines.push(Line::raw(format!("  {}", cmd.command)));
        }
    }
    lines.push(Line::raw(""));
    lines.extend(done_so_far(w));
    let kept = c.provisioned.as_ref().is_some_and(|p| p.unchanged);
    let head = if kept {
        strings::PROV_KEPT()
    } else {
        strings::PROV_WRITTEN()
    };
    lines.push(Line::styled(
        format!("{head} {out}/manifests"),
        theme().title,
    ));
    for (name, private) in c
        .provisioned
        .as_ref()
        .map(|p| p.manifests.as_slice())
        .unwrap_or_default()
    {
        let (mark, style, note) = if *private {
            ("✓", theme().ok, "0600")
        } else {
            ("⚠", theme().warn, strings::PROV_NOT_PRIVATE())
        };
        lines.push(Line::from(vec![
            Span::styled(format!("  {mark} "), style),
            Span::raw(format!("{name}  ({note})")),
        ]));
    }
    if let Some(p) = &c.placed
        && p.manifests_made
    {
        lines.push(Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::raw(strings::PROV_MANIFESTS_MADE()),
        ]));
    }
    if let Some(f) = c.installer_file().filter(|f| f.written) {
        lines.push(Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::raw(format!(
                "{} {}",
                strings::PROV_FILE_WRITTEN(),
                f.path.display()
            )),
        ]));
    }
    lines.extend(report_line(&c.report));
    // While the install dir is being made (the survey, create manifests), its output shows.
    let working = w.jobs.iter().any(|j| {
        matches!(
            j.kind,
            crate::wizard::JobKind::Place
                | crate::wizard::JobKind::Survey
                | crate::wizard::JobKind::InstallerFile
        )
    });
    let (body, log) = if working {
        let [b, p] = Layout::vertical([Constraint::Min(6), Constraint::Length(8)]).areas(area);
        (b, Some(p))
    } else {
        (area, None)
    };
    pane(
        w,
        f,
        body,
        Some(block(strings::PROV_DONE_TITLE())),
        messages(w, lines),
        Scroll::Top,
    );
    if let Some(p) = log {
        log_pane(w, f, p, strings::CCO_LOG(), Scroll::Follow);
    }
}

/// Where the manifests went in the install dir, then Manual mode and what differs.
fn placed_lines(w: &Wizard) -> Vec<Line<'static>> {
    let c = &w.cco;
    let mut lines = Vec::new();
    match (&c.placed, c.install_dir()) {
        (_, None) => lines.push(Line::styled(strings::PROV_NO_INSTALL_DIR(), theme().dim)),
        (None, Some(_)) => lines.push(Line::from(vec![
            spin(w),
            Span::raw(strings::PROV_PLACING()),
        ])),
        (Some(p), Some(_)) => {
            if p.kind == InstallDirKind::Empty {
                lines.push(Line::from(vec![
                    Span::styled("ℹ ", theme().accent),
                    Span::raw(strings::PROV_NOTHING_COPIED_YET()),
                ]));
            } else {
                lines.push(Line::from(vec![
                    Span::styled("✓ ", theme().ok),
                    Span::raw(format!(
                        "{} {} {}",
                        p.copied.len(),
                        if p.copied.len() == 1 {
                            strings::PROV_COPIED_ONE()
                        } else {
                            strings::PROV_COPIED()
                        },
                        p.dir.join("manifests").display()
                    )),
                ]));
            }
            if p.needs_manual && !p.manual_set {
                lines.push(Line::from(vec![
                    Span::styled("⚠ ", theme().warn),
                    Span::raw(strings::PROV_NEEDS_MANUAL()),
                ]));
            }
            if p.manual_set {
                let b = p
                    .backup
                    .as_ref()
                    .map(|b| b.display().to_string())
                    .unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled("✓ ", theme().ok),
                    Span::raw(format!("{} {b}", strings::PROV_MANUAL_SET())),
                ]));
            }
            if !p.differing.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled("⚠ ", theme().warn),
                    Span::raw(format!(
                        "{} {}",
                        strings::PROV_DIFFERING(),
                        p.differing.join(", ")
                    )),
                ]));
            }
        }
    }
    lines
}

/// Where `s` saved the report, or why it could not (the recovery's end shows it too).
pub(super) fn report_line(
    report: &Option<Result<std::path::PathBuf, String>>,
) -> Option<Line<'static>> {
    match report {
        Some(Ok(p)) => Some(Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::raw(strings::report_saved(p.display().to_string())),
        ])),
        Some(Err(e)) => Some(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(e.clone()),
        ])),
        None => None,
    }
}

//! Screens of the ccoctl and components steps, and of teardown: the forms, the log pane of tool
//! runs, the review of the CredentialsRequests, per-component progress, and the results.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::{Scroll, pane};
use super::screens::{block, fields};
use super::theme::{SPINNER, theme};
use crate::protocol::InstallDirKind;
use crate::strings;
use crate::wizard::cco::{self, CcoStep, Stage};
use crate::wizard::{Screen, Wizard};

pub(super) fn spin(w: &Wizard) -> Span<'static> {
    Span::styled(
        format!("{} ", SPINNER[w.spinner % SPINNER.len()]),
        theme().accent,
    )
}

/// The tool log in `area`: its end, unless scrolled back (the whole output stays reachable).
pub(super) fn log_pane(w: &Wizard, f: &mut Frame, area: Rect, title: &str, scroll: Scroll) {
    let lines: Vec<Line> = w
        .cco
        .log
        .iter()
        .map(|l| {
            let style = if l.starts_with('▶') {
                theme().accent
            } else if l.contains("ErrorCode:") || l.contains("error") || l.starts_with('✗') {
                theme().error
            } else {
                theme().dim
            };
            Line::styled(l.clone(), style)
        })
        .collect();
    pane(w, f, area, Some(block(title)), lines, scroll);
}

pub(super) fn messages(w: &Wizard, mut lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    if let Some(e) = &w.cco.error {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(e.clone()),
        ]));
    }
    if !w.cco.candidates.is_empty() {
        lines.push(Line::styled(w.cco.candidates.join("  "), theme().dim));
    }
    lines
}

pub fn tools(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::CCO_TOOLS_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [intro, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    pane(
        w,
        f,
        intro,
        None,
        vec![Line::raw(strings::CCO_TOOLS_INTRO())],
        Scroll::Fixed,
    );
    let below = fields(
        f,
        rest,
        &strings::CCO_TOOL_FIELDS(),
        &w.cco.tools,
        w.cco.tools_focus,
    );
    let lines = messages(
        w,
        vec![Line::styled(strings::CCO_PULL_SECRET_NOTE(), theme().dim)],
    );
    pane(w, f, below, None, lines, Scroll::Top);
}

pub fn running(w: &Wizard, f: &mut Frame, area: Rect, title: &str) {
    let [head, pane] = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
    // ccoctl extracted: what the tools did stays in view until Enter.
    let ready = w
        .cco
        .ready
        .as_ref()
        .filter(|_| w.screen == Screen::CcoRunning && !w.busy());
    let line = match ready {
        Some(r) => Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::styled(
                format!(
                    "{} · {}",
                    strings::cco_ready_release(
                        r.ccoctl.display().to_string(),
                        r.version.version.as_str()
                    ),
                    strings::CCO_READY_GO()
                ),
                theme().title,
            ),
        ]),
        None => Line::from(vec![spin(w), Span::styled(title.to_owned(), theme().title)]),
    };
    super::pane::pane(w, f, head, None, vec![line], Scroll::Fixed);
    log_pane(w, f, pane, strings::CCO_LOG(), Scroll::Tail);
}

pub fn provision_setup(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::PROV_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [intro, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let ready = w
        .cco
        .ready
        .as_ref()
        .map(|r| {
            format!(
                "{} {} · {}",
                strings::PROV_RELEASE(),
                r.version.version,
                r.ccoctl.display()
            )
        })
        .unwrap_or_default();
    f.render_widget(Line::styled(ready, theme().ok), intro);
    let below = fields(
        f,
        rest,
        &strings::PROV_FIELDS(),
        &w.cco.prov,
        w.cco.prov_focus,
    );
    let region = w.cco.prov[cco::PROV_REGION].value.trim();
    let mut lines = vec![region_line(region)];
    if w.cco.prov_focus == cco::PROV_REGION {
        let ids: Vec<&str> = crate::tools::ccoctl::REGIONS
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| id.starts_with(region))
            .collect();
        lines.push(Line::styled(ids.join(" "), theme().dim));
    }
    if w.cco.manifests_gone {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(strings::WELCOME_MANIFESTS_GONE()),
        ]));
    }
    for warning in w.cco.ready.iter().flat_map(|r| r.warnings.iter()) {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(warning.clone()),
        ]));
    }
    if w.cco.prov[cco::PROV_NAME].value.trim().is_empty() {
        lines.push(Line::styled(strings::PROV_NAME_NOTE(), theme().dim));
    }
    if w.jobs
        .iter()
        .any(|j| j.kind == crate::wizard::JobKind::CredRequests)
    {
        lines.push(Line::from(vec![
            spin(w),
            Span::raw(strings::WHY_CREDREQS()),
        ]));
    }
    pane(w, f, below, None, messages(w, lines), Scroll::Top);
}

pub fn provision_review(w: &Wizard, f: &mut Frame, area: Rect) {
    let c = &w.cco;
    let name = c.prov[cco::PROV_NAME].value.trim();
    let earlier = c.earlier_made_with.as_ref().is_some_and(|(n, _)| n == name);
    let from = match (&c.install, c.name_suggested) {
        (_, true) if earlier && c.keeps_manifests() => strings::PROV_NAME_FROM_EARLIER(),
        (Some(InstallDirKind::Manifests { .. }), true) => strings::PROV_NAME_FROM_INFRA(),
        (Some(InstallDirKind::Config { .. }), true) => strings::PROV_NAME_FROM_CLUSTER(),
        _ => "",
    };
    let mut lines = vec![
        Line::raw(format!(
            "{} {}{from} · {} {}",
            strings::PROV_NAME_IS(),
            name,
            strings::PROV_REGION_IS(),
            c.prov[cco::PROV_REGION].value.trim()
        )),
        Line::raw(""),
        Line::styled(
            strings::prov_components_count(c.requests.len()),
            theme().title,
        ),
    ];
    // An unknown region is said again here, the last look before ccoctl runs.
    let region = c.prov[cco::PROV_REGION].value.trim();
    if let Ok(Some(_)) = CcoStep::region_check(region) {
        lines.insert(1, region_line(region));
    }
    // One line each where it fits; else the RAM user under its Secret, after the arrow.
    let room = super::screens::pane_width(area);
    for r in &c.requests {
        let secret = format!("{}/{}", r.secret_namespace, r.secret_name);
        let user = r.user_name(name);
        let one = format!("  • {secret}  →  {user}");
        if super::text::width(&one) <= room {
            lines.push(Line::raw(one));
        } else {
            lines.push(Line::raw(format!("  • {secret}")));
            lines.push(Line::raw(format!("      → {user}")));
        }
    }
    lines.push(Line::raw(""));
    let (errors, warnings) = c.name_check();
    for e in &errors {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(e.clone()),
        ]));
    }
    for wn in &warnings {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(wn.clone()),
        ]));
    }
    if c.rerun_replaces_manifests() {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(strings::PROV_RERUN()),
        ]));
    }
    let blocked = install_dir_plan(w, &mut lines);
    if c.keeps_manifests() && errors.is_empty() && !blocked {
        lines.push(Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::raw(strings::prov_kept_all(
                c.prov[cco::PROV_OUTPUT].value.trim(),
                c.requests.len(),
            )),
        ]));
        lines.push(Line::styled(strings::PROV_GO_KEPT(), theme().title));
    } else if errors.is_empty() && !blocked {
        lines.push(Line::styled(strings::PROV_GO(), theme().title));
    }
    pane(
        w,
        f,
        area,
        Some(block(strings::PROV_REVIEW_TITLE())),
        lines,
        Scroll::Top,
    );
}

/// What the install dir holds and what ramwiz will do with it after ccoctl; `true` when it
/// cannot go on (manifests made without Manual mode).
fn install_dir_plan(w: &Wizard, lines: &mut Vec<Line<'static>>) -> bool {
    let c = &w.cco;
    let dir = c
        .install_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let (mark, style, text, blocked) = match &c.install {
        None => (
            "ℹ ",
            theme().accent,
            strings::PROV_NO_INSTALL_DIR().to_owned(),
            false,
        ),
        Some(InstallDirKind::Empty) => (
            "ℹ ",
            theme().accent,
            format!("{dir}: {}", strings::PROV_STATE_EMPTY()),
            false,
        ),
        Some(InstallDirKind::Config { .. }) => (
            "ℹ ",
            theme().accent,
            format!("{dir}: {}", strings::PROV_STATE_CONFIG()),
            false,
        ),
        Some(k) if k.manifests_not_manual() => {
            let h = strings::tool_hint(strings::ToolProblem::ManifestsNotManual);
            (
                "✗ ",
                theme().error,
                format!("{dir}: {} {}", h.what, h.todo),
                true,
            )
        }
        Some(InstallDirKind::Manifests { .. }) => (
            "ℹ ",
            theme().accent,
            format!("{dir}: {}", strings::PROV_STATE_MANIFESTS()),
            false,
        ),
    };
    lines.push(Line::from(vec![Span::styled(mark, style), Span::raw(text)]));
    if !blocked
        && !c.provision_only
        && let Some(k) = &w.saved
        && k.dest.profile != "default"
    {
        let file = crate::creds::store::default_profile_file(&k.dest.file, &k.dest.profile);
        lines.push(Line::from(vec![
            Span::styled("ℹ ", theme().accent),
            Span::raw(format!(
                "{} {} {}",
                strings::PROV_WRITES_FILE(),
                file.display(),
                strings::PROV_WRITES_FILE_WHY()
            )),
        ]));
    }
    blocked
}

fn stage_text(s: Stage) -> &'static str {
    match s {
        Stage::User => "user ✓",
        Stage::Policy => "user ✓ policy ✓",
        Stage::Attached => "user ✓ policy ✓ attached ✓",
        Stage::Keys => "user ✓ policy ✓ attached ✓ key ✓",
        Stage::Saved => "user ✓ policy ✓ attached ✓ key ✓ saved ✓",
    }
}

pub fn provisioning(w: &Wizard, f: &mut Frame, area: Rect) {
    let n = w.cco.requests.len().max(w.cco.progress.len());
    let [head, list, pane] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(n as u16 + 2),
        Constraint::Min(3),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            spin(w),
            Span::styled(strings::PROV_RUNNING(), theme().title),
        ])),
        head,
    );
    let name = w.cco.prov[cco::PROV_NAME].value.trim();
    let cells: Vec<Vec<String>> = w
        .cco
        .requests
        .iter()
        .map(|r| {
            let user: String = r.user_name(name).chars().take(64).collect();
            let stage = w
                .cco
                .progress
                .iter()
                .find(|(u, _)| *u == user)
                .map(|(_, s)| *s);
            let (mark, text) = match stage {
                Some(s) => (if s == Stage::Saved { "✓" } else { "…" }, stage_text(s)),
                None => ("○", "waiting"),
            };
            vec![
                format!("{mark} {}/{}", r.secret_namespace, r.secret_name),
                text.to_owned(),
            ]
        })
        .collect();
    let lines: Vec<Line> = super::text::table(&cells, super::screens::pane_width(list), &[1])
        .into_iter()
        .map(Line::raw)
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(block(strings::PROV_COMPONENTS())),
        list,
    );
    log_pane(w, f, pane, strings::CCO_LOG(), Scroll::Tail);
}

/// The region as checked against Alibaba's region IDs: its name, an unknown-region warning, or
/// what is wrong with it. The same wherever a region is entered or reviewed.
fn region_line(region: &str) -> Line<'static> {
    match CcoStep::region_check(region) {
        Ok(None) => {
            let label = crate::tools::ccoctl::REGIONS
                .iter()
                .find(|(id, _)| *id == region)
                .map(|(_, name)| name())
                .unwrap_or_default();
            Line::from(vec![
                Span::styled("✓ ", theme().ok),
                Span::raw(format!("{region}: {label}")),
            ])
        }
        Ok(Some(warn)) => Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(format!("{region}: {warn}")),
        ]),
        Err(e) => Line::from(vec![Span::styled("✗ ", theme().error), Span::raw(e)]),
    }
}

pub fn teardown(w: &Wizard, f: &mut Frame, area: Rect) {
    let outer = block(strings::TEARDOWN_TITLE());
    let inner = outer.inner(area);
    f.render_widget(outer, area);
    let [intro, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(inner);
    pane(
        w,
        f,
        intro,
        None,
        vec![Line::styled(strings::TEARDOWN_WARNING(), theme().warn)],
        Scroll::Fixed,
    );
    let below = fields(
        f,
        rest,
        &strings::TEARDOWN_FIELDS(),
        &w.cco.down,
        w.cco.down_focus,
    );
    let region = w.cco.down[cco::DOWN_REGION].value.trim();
    let lines = if region.is_empty() {
        Vec::new()
    } else {
        vec![region_line(region)]
    };
    pane(w, f, below, None, messages(w, lines), Scroll::Top);
}

pub fn torn_down(w: &Wizard, f: &mut Frame, area: Rect) {
    let [head, log] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let name = w.cco.down[cco::DOWN_NAME].value.trim();
    let line = if w.cco.found_for_delete.is_empty() {
        Line::from(vec![
            Span::styled("ℹ ", theme().accent),
            Span::raw(format!("{} {name}.", strings::TORN_DOWN_NOTHING())),
        ])
    } else {
        Line::from(vec![
            Span::styled("✓ ", theme().ok),
            Span::raw(format!(
                "{} ({}) {name}",
                strings::TORN_DOWN(),
                w.cco.found_for_delete.len()
            )),
        ])
    };
    pane(w, f, head, None, vec![line], Scroll::Fixed);
    log_pane(w, f, log, strings::CCO_LOG(), Scroll::Tail);
}

pub fn screen(w: &Wizard, f: &mut Frame, area: Rect) {
    match w.screen {
        Screen::CcoSetup => tools(w, f, area),
        Screen::CcoRunning => running(w, f, area, strings::CCO_PREPARING()),
        Screen::ProvisionSetup => provision_setup(w, f, area),
        Screen::ProvisionReview => provision_review(w, f, area),
        Screen::Provisioning => provisioning(w, f, area),
        Screen::ProvisionDone => super::done_screen::provision_done(w, f, area),
        Screen::TeardownSetup => teardown(w, f, area),
        Screen::TearingDown => running(w, f, area, strings::TEARING_DOWN()),
        Screen::TornDown => torn_down(w, f, area),
        _ => {}
    }
}

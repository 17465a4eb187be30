//! What surrounds every screen: the title and DEMO marker, the step bar, the key hints, and the
//! help and quit overlays.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::theme::theme;
use crate::strings;
use crate::wizard::keymap::{self, KeyHint};
use crate::wizard::{Screen, Wizard};

/// Index of the mission step the screen belongs to (none on the welcome screen).
fn current_step(w: &Wizard) -> Option<usize> {
    Some(match w.screen {
        Screen::Welcome => return None,
        // A recovery ends on the verified key: it stays on the key step.
        Screen::Verified if w.recovery.is_some() => 2,
        // An orphan found right after a key creation belongs to the key step.
        Screen::Orphans if w.orphans.after_capture => 2,
        Screen::SignIn | Screen::Paste | Screen::Checking | Screen::Identity | Screen::Orphans => 0,
        Screen::UserChoice | Screen::CreateUser | Screen::SelectUser => 1,
        Screen::Destination
        | Screen::Keys
        | Screen::Capturing
        | Screen::SecretShown
        | Screen::Verifying => 2,
        Screen::Verified
        | Screen::PolicyChoice
        | Screen::PolicyViewer
        | Screen::PolicyForm
        | Screen::PolicyReview
        | Screen::Applying
        | Screen::PolicyDone => 3,
        Screen::CcoSetup | Screen::CcoRunning => 4,
        Screen::ProvisionSetup
        | Screen::ProvisionReview
        | Screen::Provisioning
        | Screen::ProvisionDone => 5,
        Screen::TeardownSetup | Screen::TearingDown | Screen::TornDown => 5,
        Screen::Error => match w.error.as_ref().map(|e| e.back_to) {
            Some(Screen::Keys | Screen::SecretShown) => 2,
            Some(Screen::Orphans) if w.orphans.after_capture => 2,
            Some(Screen::CreateUser | Screen::SelectUser) => 1,
            Some(Screen::PolicyChoice | Screen::PolicyForm) => 3,
            Some(Screen::CcoSetup) => 4,
            Some(Screen::ProvisionReview | Screen::TeardownSetup) => 5,
            _ => 0,
        },
    })
}

/// Whether the current path leaves a step out: provisioning only (steps 1-3), a teardown
/// (steps 1-3: it starts from ccoctl), a recovery (the policy and after: the key is replaced).
fn step_skipped(w: &Wizard, i: usize) -> bool {
    if w.cco.provision_only || w.cco.teardown_mode {
        (1..=3).contains(&i)
    } else if w.recovery.is_some() {
        i >= 3
    } else {
        false
    }
}

/// Whether a step is finished.
fn step_done(w: &Wizard, i: usize) -> bool {
    match i {
        0 => w.signed_in.is_some(),
        1 => w.chosen_user.is_some(),
        2 => w.verified.is_some(),
        3 => matches!(
            w.policy.probe,
            Some(crate::wizard::policy::ProbeState::Passed)
        ),
        4 => w.cco.ready.is_some(),
        5 => w.cco.provisioned.is_some(),
        _ => false,
    }
}

pub fn render_header(w: &Wizard, f: &mut Frame, area: Rect) {
    let [top, steps, _gap] = Layout::vertical([Constraint::Length(1); 3]).areas(area);
    let marker = if w.demo { strings::DEMO_MARKER() } else { "" };
    let [left, right] = Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(u16::try_from(super::text::width(marker)).unwrap_or(u16::MAX)),
    ])
    .areas(top);
    f.render_widget(
        Line::styled(format!(" {}", strings::APP_TITLE()), theme().title),
        left,
    );
    if w.demo {
        f.render_widget(Line::styled(marker, theme().demo), right);
    }
    let current = current_step(w);
    let mut spans = vec![Span::raw(" ")];
    let narrow = area.width < 100;
    for (i, (long, _)) in strings::WELCOME_STEPS().iter().enumerate() {
        let name = if narrow {
            strings::STEPS_SHORT()[i]
        } else {
            long
        };
        if i > 0 {
            spans.push(Span::styled(" → ", theme().dim));
        }
        let done = step_done(w, i) && current.is_some_and(|c| c > i);
        let (mark, style) = match current {
            _ if step_skipped(w, i) => ("– ", theme().dim),
            _ if done => ("✓ ", theme().ok),
            Some(c) if c == i => ("▶ ", theme().accent),
            _ => ("○ ", theme().dim),
        };
        spans.push(Span::styled(format!("{mark}{name}"), style));
    }
    f.render_widget(Line::from(spans), steps);
}

fn hint_spans(hints: &[KeyHint]) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(" ")];
    for (i, h) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme().dim));
        }
        spans.push(Span::styled(h.keys, theme().key));
        spans.push(Span::raw(format!(" {}", h.label())));
    }
    spans
}

/// The width the hints take on the footer line.
fn hints_width(hints: &[KeyHint]) -> usize {
    hints
        .iter()
        .map(|h| super::text::width(h.keys) + 1 + super::text::width(h.label()))
        .sum::<usize>()
        + 3 * hints.len().saturating_sub(1)
        + 1
}

pub fn render_footer(w: &Wizard, f: &mut Frame, area: Rect) {
    // Autoplay: the caption of the screen on view, and the presenter's keys under it.
    if let Some(a) = w.autoplay {
        let [caption, keys] = Layout::vertical([Constraint::Length(1); 2]).areas(area);
        let (text, hint) = if a.over {
            (strings::AUTO_OVER(), strings::AUTO_OVER_KEYS())
        } else if a.paused {
            (
                crate::wizard::autoplay::caption(w).unwrap_or_default(),
                strings::AUTO_PAUSED_HINT(),
            )
        } else {
            (
                crate::wizard::autoplay::caption(w).unwrap_or_default(),
                strings::AUTO_KEYS_HINT(),
            )
        };
        f.render_widget(Line::styled(format!(" ▶ {text}"), theme().accent), caption);
        f.render_widget(Line::styled(format!("   {hint}"), theme().dim), keys);
        return;
    }
    // On a narrow terminal the hints before "Esc back · ? help · q quit" give way, last
    // first: going back, help (which lists every key) and quit are always on the line.
    let mut hints = keymap::hints(w);
    let keep = hints
        .iter()
        .rev()
        .take_while(|h| matches!(h.keys, "?" | "q" | "Esc"))
        .count();
    while hints_width(&hints) > usize::from(area.width) && hints.len() > keep {
        hints.remove(hints.len() - keep - 1);
    }
    f.render_widget(Line::from(hint_spans(&hints)), area);
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn render_help(w: &Wizard, f: &mut Frame, area: Rect) {
    let mut lines = vec![Line::styled(strings::HELP_ON_SCREEN(), theme().title)];
    for h in keymap::hints(w) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", super::text::pad(h.keys, 12)), theme().key),
            Span::raw(h.label()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(strings::HELP_EVERYWHERE(), theme().title));
    for h in keymap::GLOBAL {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", super::text::pad(h.keys, 12)), theme().key),
            Span::raw(h.label()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(strings::language_line(), theme().dim));
    lines.push(Line::styled(strings::HELP_CLOSE(), theme().dim));
    // As wide as the longest line needs (within the screen), as tall as its wrapped lines.
    let widest = lines.iter().map(Line::width).max().unwrap_or(0) as u16;
    let width = (widest + 4).min(area.width.saturating_sub(2)).max(20);
    let rows = super::text::wrap_all(&lines, usize::from(width.saturating_sub(4))).len() as u16;
    let popup = centered(area, width, rows + 2);
    f.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme().focus_border)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(format!(" {} ", strings::HELP_TITLE()));
    super::pane::pane(w, f, popup, Some(block), lines, super::pane::Scroll::Fixed);
}

pub fn render_confirm_quit(w: &Wizard, f: &mut Frame, area: Rect) {
    let popup = centered(area, 50, 5);
    f.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme().warn);
    f.render_widget(
        Paragraph::new(w.quit_question().unwrap_or(strings::QUIT_CONFIRM()))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(block),
        popup,
    );
}

//! Rendering only: every frame is drawn from `&Wizard`. No state changes, no I/O.

mod cco_screens;
mod chrome;
mod done_screen;
pub mod fit;
mod identity_screen;
mod key_screens;
pub mod pane;
mod policy_screens;
mod screens;
pub mod svg;
pub mod text;
pub mod theme;
mod user_screens;
mod verified_screen;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::strings;
use crate::wizard::{Screen, Wizard};
use theme::theme;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole screen for the wizard's current state, and says what it drew (the app
/// hands the scroll limit back to the wizard).
pub fn render(w: &Wizard, f: &mut Frame) -> pane::Drawn {
    pane::begin();
    draw(w, f);
    pane::take()
}

fn draw(w: &Wizard, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(vec![
            Line::styled(strings::TOO_SMALL(), theme().warn),
            Line::raw(format!("({}×{} now)", area.width, area.height)),
        ])
        .wrap(Wrap { trim: true });
        f.render_widget(msg, area);
        return;
    }
    // The result of a key with no screen of its own (a report saved, Manual mode set), whole
    // (a path is what the person needs to read), above the key hints.
    let status: Vec<Line> = w
        .status
        .as_ref()
        .map(|s| {
            let style = if s.starts_with('✗') {
                theme().error
            } else {
                theme().ok
            };
            text::wrap(
                &Line::styled(format!(" {s}"), style),
                usize::from(area.width),
            )
        })
        .unwrap_or_default();
    let [header, body, status_area, footer] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(status.len().min(4) as u16),
        // Autoplay's caption takes a line above the keys.
        Constraint::Length(if w.autoplay.is_some() { 2 } else { 1 }),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(status), status_area);
    chrome::render_header(w, f, header);
    match w.screen {
        Screen::Welcome => screens::welcome(w, f, body),
        Screen::SignIn => screens::sign_in(w, f, body),
        Screen::Paste => screens::paste(w, f, body),
        Screen::Checking => screens::checking(w, f, body),
        Screen::Identity => identity_screen::identity(w, f, body),
        Screen::Orphans => screens::orphans(w, f, body),
        Screen::UserChoice => user_screens::user_choice(w, f, body),
        Screen::CreateUser => user_screens::create_user(w, f, body),
        Screen::SelectUser => user_screens::select_user(w, f, body),
        Screen::Destination => key_screens::destination(w, f, body),
        Screen::Keys => key_screens::keys(w, f, body),
        Screen::Capturing => key_screens::capturing(w, f, body),
        Screen::SecretShown => key_screens::secret_shown(w, f, body),
        Screen::Verifying => key_screens::verifying(w, f, body),
        Screen::Verified => verified_screen::verified(w, f, body),
        Screen::PolicyChoice => policy_screens::choice(w, f, body),
        Screen::PolicyViewer => policy_screens::viewer(w, f, body),
        Screen::PolicyForm => policy_screens::form(w, f, body),
        Screen::PolicyReview => policy_screens::review(w, f, body),
        Screen::Applying => policy_screens::applying(w, f, body),
        Screen::PolicyDone => policy_screens::done(w, f, body),
        Screen::CcoSetup
        | Screen::CcoRunning
        | Screen::ProvisionSetup
        | Screen::ProvisionReview
        | Screen::Provisioning
        | Screen::ProvisionDone
        | Screen::TeardownSetup
        | Screen::TearingDown
        | Screen::TornDown => cco_screens::screen(w, f, body),
        Screen::Error => screens::error(w, f, body),
    }
    chrome::render_footer(w, f, footer);
    if w.help {
        chrome::render_help(w, f, area);
    }
    if w.confirm_quit {
        chrome::render_confirm_quit(w, f, area);
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fit;
#[cfg(test)]
mod tests_keymap;
#[cfg(test)]
mod tests_zh;

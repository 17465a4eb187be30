//! The identity card: who signed in, through what, and whether this path can go on with it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane::{Scroll, pane};
use super::screens::block;
use super::theme::theme;
use crate::protocol::RamAccess;
use crate::strings;
use crate::wizard::Wizard;

/// A role session's row: its name, when its key ends and how long before that it is renewed
/// (whole minutes, or seconds for a session shorter than a quarter of an hour).
fn session_ends(role: &crate::cloud::RoleInfo) -> String {
    let secs = role.renew_before.as_secs();
    let (n, unit) = if secs >= 60 && secs.is_multiple_of(60) {
        (secs / 60, "minutes")
    } else {
        (secs, "seconds")
    };
    strings::identity_session_ends(
        role.session_name.as_str(),
        role.ends_text().as_str(),
        n,
        unit,
    )
}

fn row<'a>(label: &'a str, value: impl Into<Span<'a>>) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("  {}", super::text::pad(label, 22)), theme().dim),
        value.into(),
    ])
}

pub fn identity(w: &Wizard, f: &mut Frame, area: Rect) {
    let Some(s) = &w.signed_in else {
        return;
    };
    let id = &s.identity;
    let kind = if id.is_account_owner() {
        strings::identity_owner(if id.identity_type.is_empty() {
            "Account"
        } else {
            id.identity_type.as_str()
        })
    } else {
        id.identity_type.clone()
    };
    let ram = match &s.ram {
        RamAccess::Allowed => {
            Span::styled(format!("✓ {}", strings::IDENTITY_RAM_YES()), theme().ok)
        }
        RamAccess::Denied(None) => {
            Span::styled(format!("✗ {}", strings::IDENTITY_RAM_NO()), theme().error)
        }
        RamAccess::Denied(Some(refused)) => Span::styled(
            format!(
                "✗ {} ({} {refused})",
                strings::IDENTITY_RAM_NO(),
                strings::IDENTITY_LACKS()
            ),
            theme().error,
        ),
        RamAccess::Unknown(why) => Span::styled(
            format!("? {} ({why})", strings::IDENTITY_RAM_UNKNOWN()),
            theme().warn,
        ),
    };
    let mut lines = vec![
        row(
            strings::IDENTITY_ACCOUNT(),
            Span::styled(id.account_id.clone(), theme().title),
        ),
        row(strings::IDENTITY_TYPE(), kind),
        row(strings::IDENTITY_ARN(), id.arn.clone()),
        row(
            strings::IDENTITY_SOURCE(),
            format!("{} · {}", s.source_label, s.access_key_id),
        ),
    ];
    if let Some(role) = &s.role {
        // A role session: the role, the session's name and when its key ends (renewed before).
        lines.push(row(strings::IDENTITY_ROLE(), role.role_arn.clone()));
        lines.push(row(strings::IDENTITY_SESSION(), session_ends(role)));
    }
    lines.extend([
        row(strings::IDENTITY_RAM(), ram),
        row(strings::IDENTITY_SIGNATURE(), s.signature.describe()),
        Line::raw(""),
    ]);
    if id.is_account_owner() {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(strings::IDENTITY_OWNER_WARNING()),
        ]));
        lines.push(Line::raw(""));
    }
    if s.ram.is_denied() {
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(strings::IDENTITY_NO_RAM()),
        ]));
        lines.push(Line::raw(""));
    }
    // What the orphan check did on its own (a key recovered, an interrupted run's files removed).
    for n in &w.orphans.notes {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(n.clone()),
        ]));
    }
    if !w.orphans.notes.is_empty() {
        lines.push(Line::raw(""));
    }
    let refused_role = w.tools_refuse_role();
    if let Some(role) = &refused_role {
        let h = strings::tool_hint(strings::ToolProblem::StsKey);
        lines.push(Line::from(vec![
            Span::styled("✗ ", theme().error),
            Span::raw(format!("{} ({role})", h.what)),
        ]));
        lines.push(Line::raw(format!("  {}", h.todo)));
        lines.push(Line::raw(""));
    }
    if !s.ram.is_denied() && refused_role.is_none() {
        lines.push(Line::styled(strings::IDENTITY_NEXT(), theme().dim));
    }
    pane(
        w,
        f,
        area,
        Some(block(strings::IDENTITY_TITLE())),
        lines,
        Scroll::Top,
    );
}

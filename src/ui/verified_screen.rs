//! The end of the key step: the new (or kept) key works, and what becomes of the key it
//! replaced (a recovery's lost key, or an older key of the same user), with the typed
//! confirmation of a deletion and what became of the deleted key's profiles.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::key_screens::{mark, row};
use super::pane::{Scroll, pane};
use super::screens::block;
use super::theme::theme;
use crate::strings;
use crate::wizard::Wizard;

pub fn verified(w: &Wizard, f: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    if let Some(id) = &w.verified {
        lines.push(row(
            strings::IDENTITY_ARN(),
            vec![mark(true), Span::raw(id.arn.clone())],
        ));
    }
    if let Some(c) = &w.saved {
        lines.push(row(
            strings::SECRET_KEY_ID(),
            vec![Span::raw(c.key_id.clone())],
        ));
        if let Ok(s) = &c.file {
            lines.push(row(
                strings::SECRET_FILE(),
                vec![Span::raw(format!(
                    "{} [{}]",
                    s.target.display(),
                    c.dest.profile
                ))],
            ));
        }
        if let Some(Ok(())) = &c.keyring {
            lines.push(row(
                strings::SECRET_KEYRING(),
                vec![Span::raw(strings::KEYRING_SERVICE())],
            ));
        }
    }
    lines.push(Line::raw(""));
    match (
        crate::wizard::recover::stage(w),
        w.recovery.as_ref().and_then(|r| r.old_key.clone()),
    ) {
        (Some(stage), Some(old)) => {
            use crate::wizard::recover::{OldKeyStatus as S, RecoveryStage as R};
            let status = w.recovery.as_ref().map_or(S::Active, |r| r.old_status);
            let text = match stage {
                R::Rotating | R::PickLost => strings::recover_deactivate(old.as_str()),
                R::Deactivated => strings::recover_check(old.as_str()),
                R::Done => strings::RECOVER_DONE().to_owned(),
            };
            lines.push(Line::styled(text, theme().title));
            // The end, like setup's: what became of each key, and a report to keep.
            if stage == R::Done {
                let (mark_style, said) = match status {
                    S::Deleted => (theme().ok, strings::RECOVER_OLD_DELETED()),
                    S::Inactive => (theme().ok, strings::RECOVER_OLD_INACTIVE()),
                    S::Active => (theme().warn, strings::RECOVER_OLD_ACTIVE()),
                };
                lines.push(row(
                    strings::RECOVER_OLD_KEY(),
                    vec![
                        Span::styled("● ", mark_style),
                        Span::raw(format!("{old}: {said}")),
                    ],
                ));
                lines.push(
                    super::done_screen::report_line(&w.cco.report)
                        .unwrap_or_else(|| Line::styled(strings::RECOVER_SAVE_HINT(), theme().dim)),
                );
            }
            confirm_and_notice(w, &mut lines);
        }
        _ => {
            if w.dest.kept_held {
                lines.push(Line::from(vec![
                    mark(true),
                    Span::raw(strings::VERIFIED_KEPT()),
                ]));
                lines.push(Line::raw(""));
            }
            replaced_lines(w, &mut lines);
            lines.push(Line::styled(strings::VERIFIED_NEXT(), theme().dim));
        }
    }
    forget_line(w, &mut lines);
    pane(
        w,
        f,
        area,
        Some(block(strings::VERIFIED_TITLE())),
        lines,
        Scroll::Top,
    );
}

/// The older key the new one replaced: still Active (deactivate it?), deactivated (delete
/// it?), deleted; and the typed confirmation or the problem, if any.
fn replaced_lines(w: &Wizard, lines: &mut Vec<Line<'static>>) {
    use crate::wizard::recover::OldKeyStatus as S;
    let Some(r) = &w.keys.replaced else { return };
    let (style, text) = match (r.status, r.settled) {
        (S::Active, false) => (theme().warn, strings::replaced_active(&r.key_id)),
        (S::Active, true) => (theme().warn, strings::replaced_kept(&r.key_id)),
        (S::Inactive, false) => (theme().ok, strings::replaced_inactive(&r.key_id)),
        (S::Inactive, true) => (theme().ok, strings::replaced_left_inactive(&r.key_id)),
        (S::Deleted, _) => (theme().ok, strings::replaced_deleted(&r.key_id)),
    };
    let m = if style == theme().warn {
        "⚠ "
    } else {
        "✓ "
    };
    lines.push(Line::from(vec![Span::styled(m, style), Span::raw(text)]));
    confirm_and_notice(w, lines);
    lines.push(Line::raw(""));
}

/// The typed confirmation of a deletion, and the problem of the last try, if any.
fn confirm_and_notice(w: &Wizard, lines: &mut Vec<Line<'static>>) {
    if let Some(c) = &w.keys.confirm {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {}: ", strings::RETIRE_PROMPT_DELETE(), c.key_id),
                theme().warn,
            ),
            Span::raw(format!(
                "{} › {}▏",
                strings::RETIRE_PROMPT_TYPE(),
                c.typed.value
            )),
        ]));
    }
    if let Some(n) = &w.keys.notice {
        lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(n.clone()),
        ]));
    }
}

/// What became of a deleted key's profiles.
pub(super) fn forget_line(w: &Wizard, lines: &mut Vec<Line<'static>>) {
    match &w.keys.forget_note {
        Some(Ok(t)) => lines.push(Line::from(vec![mark(true), Span::raw(t.clone())])),
        Some(Err(t)) => lines.push(Line::from(vec![
            Span::styled("⚠ ", theme().warn),
            Span::raw(t.clone()),
        ])),
        None => {}
    }
}

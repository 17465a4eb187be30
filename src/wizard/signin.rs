//! Sign-in transitions: the list of sources, the paste form, the running check, the outcome.

use super::input::Edit;
use super::*;
use crate::creds::SourceStatus;
use crate::strings;

/// Entries of the sign-in list: every source found, then "paste a pair".
pub fn entry_count(w: &Wizard) -> usize {
    w.discovery.as_ref().map_or(0, |d| d.sources.len()) + 1
}

pub(super) fn on_discovered(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(JobOutput::Sources(d)) => {
            // Start on the first source that can be used, else on "paste".
            w.selected = d
                .sources
                .iter()
                .position(|s| s.status == SourceStatus::Ready)
                .unwrap_or(d.sources.len());
            w.discovery = Some(d);
        }
        Outcome::Failed(report) => {
            w.discovery = Some(Discovery {
                problems: vec![report.detail],
                ..Discovery::default()
            });
            w.selected = 0;
        }
        Outcome::Done(_) | Outcome::Cancelled => {}
    }
}

pub(super) fn on_signed_in(w: &mut Wizard, outcome: Outcome) {
    w.progress = None;
    match outcome {
        Outcome::Done(JobOutput::SignedIn(s)) => {
            w.signed_in = Some(s);
            w.screen = Screen::Identity;
            // The pasted secret has done its job; the engine keeps what it needs.
            w.paste.secret.clear();
        }
        Outcome::Failed(report) => {
            let back_to = if w.signing_in_as.as_deref() == Some(strings::SIGNIN_PASTE()) {
                Screen::Paste
            } else {
                Screen::SignIn
            };
            w.error = Some(ErrorView { report, back_to });
            w.screen = Screen::Error;
        }
        Outcome::Cancelled => w.screen = Screen::SignIn,
        Outcome::Done(_) => {}
    }
}

fn start_sign_in(w: &mut Wizard, with: SignInWith, label: String) -> Vec<Command> {
    let job = w.start_job(JobKind::SignIn);
    w.signing_in_as = Some(label);
    w.progress = None;
    w.signed_in = None;
    w.notice = None;
    w.screen = Screen::Checking;
    vec![Command::SignIn { job, with }]
}

pub(super) fn cancel_sign_in(w: &mut Wizard) -> Vec<Command> {
    match w.job_of(JobKind::SignIn) {
        Some(job) => {
            w.finish_job(job);
            w.progress = None;
            w.screen = Screen::SignIn;
            vec![Command::Cancel { job }]
        }
        None => Vec::new(),
    }
}

/// The sign-in list: move, choose a source (or the paste entry after the last), paste a pair.
pub(super) fn on_list(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let n = entry_count(w);
    match intent {
        Intent::MoveSelection(d) => {
            let at = (w.selected as i64 + i64::from(d)).rem_euclid(n as i64);
            w.selected = usize::try_from(at).unwrap_or(0);
            w.notice = None;
        }
        Intent::Top => w.selected = 0,
        Intent::Bottom => w.selected = n - 1,
        Intent::PastePair => {
            w.selected = n - 1;
            w.screen = Screen::Paste;
        }
        Intent::Back => w.screen = Screen::Welcome,
        Intent::ChooseSource(i) => {
            w.selected = i.min(n - 1);
            return Some(choose_source(w));
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Signs in with the highlighted source, explains why it cannot be used, or opens the paste
/// form (the entry after the last source).
fn choose_source(w: &mut Wizard) -> Vec<Command> {
    let chosen = w
        .discovery
        .as_ref()
        .and_then(|d| d.sources.get(w.selected))
        .cloned();
    match chosen {
        None => {
            w.screen = Screen::Paste;
            w.paste.error = None;
        }
        Some(s) => match &s.status {
            SourceStatus::Ready => {
                let label = format!("{} ({})", s.label, s.origin);
                return start_sign_in(
                    w,
                    SignInWith::Source {
                        source: s.source.clone(),
                        label: label.clone(),
                    },
                    label,
                );
            }
            SourceStatus::Unsupported(kind) => {
                w.notice = Some(format!(
                    "{}: {}",
                    s.label,
                    strings::source_unsupported_kind(format!("'{kind}'"))
                ));
            }
            SourceStatus::Incomplete(what) => {
                w.notice = Some(format!(
                    "{}: {}",
                    s.label,
                    strings::source_incomplete_lacks(what.as_str())
                ));
            }
            SourceStatus::Broken(why) => {
                w.notice = Some(format!("{}: {why}", s.label));
            }
        },
    }
    Vec::new()
}

pub(super) fn paste_text(w: &mut Wizard, text: &str) {
    match w.paste.focus {
        PasteFocus::Id => w.paste.id.paste(text),
        PasteFocus::Secret => w.paste.secret.paste(text),
        PasteFocus::Role => w.paste.role.paste(text),
    }
    w.paste.error = None;
}

/// A warning (not an error) about the ID's shape: long-term keys start with `LTAI`.
pub fn id_looks_odd(id: &str) -> bool {
    let id = id.trim();
    let long_term = id.starts_with("LTAI")
        && (16..=32).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_alphanumeric());
    !(id.is_empty() || long_term || id.starts_with("STS."))
}

/// A warning about the secret's shape (observed: 30 letters and digits).
pub fn secret_looks_odd(len: usize, all_alnum: bool) -> bool {
    len > 0 && (!(20..=40).contains(&len) || !all_alnum)
}

/// The paste form: the AccessKey ID and its secret, then sign in.
pub(super) fn on_paste(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match &intent {
        Intent::Back => {
            w.screen = Screen::SignIn;
            w.paste.error = None;
        }
        Intent::NextField => {
            w.paste.focus = match w.paste.focus {
                PasteFocus::Id => PasteFocus::Secret,
                PasteFocus::Secret => PasteFocus::Role,
                PasteFocus::Role => PasteFocus::Id,
            };
        }
        Intent::PrevField => {
            w.paste.focus = match w.paste.focus {
                PasteFocus::Id => PasteFocus::Role,
                PasteFocus::Secret => PasteFocus::Id,
                PasteFocus::Role => PasteFocus::Secret,
            };
        }
        Intent::Continue => return Some(submit_paste(w)),
        Intent::Fill(f, _) if *f != Field::PasteId && *f != Field::PasteRole => return None,
        other => {
            let edit = Edit::of(other)?;
            match other {
                Intent::Fill(Field::PasteRole, _) => w.paste.focus = PasteFocus::Role,
                Intent::Fill(..) => w.paste.focus = PasteFocus::Id,
                _ => {}
            }
            match w.paste.focus {
                PasteFocus::Id => w.paste.id.apply(edit),
                PasteFocus::Secret => w.paste.secret.apply(edit),
                PasteFocus::Role => w.paste.role.apply(edit),
            }
            if matches!(edit, Edit::Push(_) | Edit::Set(_)) {
                w.paste.error = None;
            }
        }
    }
    Some(Vec::new())
}

fn submit_paste(w: &mut Wizard) -> Vec<Command> {
    let id = w.paste.id.value.trim().to_owned();
    if id.is_empty() {
        w.paste.error = Some(strings::PASTE_ID_EMPTY());
        w.paste.focus = PasteFocus::Id;
    } else if w.paste.secret.value.is_empty() {
        if w.paste.focus == PasteFocus::Id {
            w.paste.focus = PasteFocus::Secret;
        } else {
            w.paste.error = Some(strings::PASTE_SECRET_EMPTY());
        }
    } else if !role_arn_ok(&w.paste.role.value) {
        w.paste.error = Some(strings::PASTE_ROLE_BAD());
        w.paste.focus = PasteFocus::Role;
    } else {
        let role = w.paste.role.value.trim();
        let with = SignInWith::Pasted {
            access_key_id: id,
            secret: w.paste.secret.value.clone(),
            role_arn: Some(role.to_owned()).filter(|r| !r.is_empty()),
        };
        return start_sign_in(w, with, strings::SIGNIN_PASTE().to_owned());
    }
    Vec::new()
}

/// Empty (no role), or `acs:ram::<digits>:role/<name>`.
pub fn role_arn_ok(arn: &str) -> bool {
    let arn = arn.trim();
    if arn.is_empty() {
        return true;
    }
    arn.strip_prefix("acs:ram::")
        .and_then(|r| r.split_once(":role/"))
        .is_some_and(|(account, name)| {
            !account.is_empty()
                && account.chars().all(|c| c.is_ascii_digit())
                && !name.is_empty()
                && !name.contains(['/', ' '])
        })
}

//! `--demo --autoplay`: what a presenter would do next, screen by screen, and a caption for the
//! screen on view (what it is, what happens on it). Pure: the app asks at a readable pace
//! (`delay`) and sends the intent; the caption is drawn from the screen shown, so it never
//! lags behind it.

use super::*;
use crate::strings;

/// The user name autoplay types.
pub const USER: &str = "okd-installer";

/// The default pace: a screen stays this long before autoplay acts on it (long enough to read
/// its caption aloud and point at the screen).
pub const SCREEN_MS: u64 = 3000;
/// Typing, at about 12 characters a second.
pub const TYPE_MS: u64 = 83;

/// How long to wait before `intent`, at `screen_ms` a screen: typing goes at its own pace
/// (never slower than a screen).
pub fn delay(intent: &Intent, screen_ms: u64) -> std::time::Duration {
    let ms = match intent {
        Intent::Type(_) => TYPE_MS.min(screen_ms),
        _ => screen_ms,
    };
    std::time::Duration::from_millis(ms)
}

/// Whether the walk is over: the last screen, with nothing left for autoplay to do there.
pub fn finished(w: &Wizard) -> bool {
    w.screen == Screen::ProvisionDone && !w.busy() && next(w).is_none()
}

/// What the screen on view is, and what happens on it, for the caption under it.
pub fn caption(w: &Wizard) -> Option<&'static str> {
    let manual_next = w
        .cco
        .placed
        .as_ref()
        .is_some_and(|p| p.needs_manual && !p.manual_set);
    Some(match w.screen {
        Screen::Welcome => strings::AUTO_WELCOME(),
        Screen::SignIn => strings::AUTO_SIGN_IN(),
        Screen::Checking => strings::AUTO_CHECKING(),
        Screen::Identity => strings::AUTO_IDENTITY(),
        Screen::Orphans => strings::AUTO_ORPHANS(),
        Screen::UserChoice => strings::AUTO_USER_CHOICE(),
        Screen::CreateUser if matches!(next(w), Some(Intent::Type(_))) => strings::AUTO_TYPE_USER(),
        Screen::CreateUser => strings::AUTO_CREATE_USER(),
        Screen::SelectUser => strings::AUTO_SELECT_USER(),
        Screen::Destination => strings::AUTO_DESTINATION(),
        Screen::Keys => strings::AUTO_KEYS(),
        Screen::Capturing => strings::AUTO_CAPTURING(),
        Screen::SecretShown => strings::AUTO_SECRET(),
        Screen::Verifying => strings::AUTO_VERIFYING(),
        Screen::Verified => strings::AUTO_VERIFIED(),
        Screen::PolicyChoice => strings::AUTO_POLICY(),
        Screen::PolicyForm => strings::AUTO_POLICY_FORM(),
        Screen::PolicyReview => strings::AUTO_POLICY_REVIEW(),
        Screen::Applying => strings::AUTO_APPLYING(),
        Screen::PolicyDone => strings::AUTO_POLICY_DONE(),
        Screen::CcoSetup => strings::AUTO_CCOCTL(),
        Screen::CcoRunning if w.cco.ready.is_some() && !w.busy() => strings::AUTO_EXTRACTED(),
        Screen::CcoRunning => strings::AUTO_EXTRACTING(),
        Screen::ProvisionSetup => strings::AUTO_PROVISION(),
        Screen::ProvisionReview => strings::AUTO_REVIEW(),
        Screen::Provisioning => strings::AUTO_PROVISIONING(),
        Screen::ProvisionDone if manual_next => strings::AUTO_MANUAL(),
        Screen::ProvisionDone => strings::AUTO_DONE(),
        _ => return None,
    })
}

/// The next intent; `None` when the walk is over (or cannot go on by itself).
pub fn next(w: &Wizard) -> Option<Intent> {
    if w.busy() || w.help || w.confirm_quit {
        return None;
    }
    let go = Intent::Continue;
    Some(match w.screen {
        Screen::Welcome => Intent::StartSetup,
        Screen::SignIn => Intent::ChooseSource(w.selected),
        Screen::Identity => go,
        Screen::Orphans => Intent::Back,
        Screen::UserChoice if w.user_choice == 0 => Intent::CreateUser,
        Screen::UserChoice => Intent::SelectUser,
        Screen::CreateUser => {
            let typed = w.new_user.fields[0].value.as_str();
            match USER
                .strip_prefix(typed)
                .and_then(|rest| rest.chars().next())
            {
                Some(c) if w.new_user.exists.is_none() => Intent::Type(Typed(c)),
                _ => go,
            }
        }
        Screen::SelectUser => Intent::ChooseUser(w.users.highlighted()?.user_name.clone()),
        Screen::Destination if w.dest.move_to.is_some() => go,
        Screen::Destination if w.dest.replace_offer.is_some() && w.dest.held_is_signed_in => {
            Intent::MoveSignedIn
        }
        Screen::Destination if w.dest.replace_offer.is_some() => Intent::ReplaceProfile,
        Screen::Destination => go,
        Screen::Keys => Intent::CreateKey,
        Screen::SecretShown if w.secret.as_ref().is_some_and(|s| s.confirming) => {
            Intent::Answer(true)
        }
        Screen::SecretShown => go,
        Screen::Verified => go,
        Screen::PolicyChoice if w.policy.confirm_admin => Intent::Answer(true),
        Screen::PolicyChoice => Intent::ChoosePolicy(if w.policy.choice == 0 {
            PolicyKind::Administrator
        } else {
            PolicyKind::Okd
        }),
        Screen::PolicyForm => go,
        Screen::PolicyReview => Intent::Answer(true),
        Screen::PolicyDone if w.policy.probe == Some(super::policy::ProbeState::Passed) => go,
        Screen::CcoSetup => go,
        Screen::CcoRunning if w.cco.ready.is_some() => go,
        Screen::ProvisionSetup => go,
        Screen::ProvisionReview => go,
        Screen::ProvisionDone
            if w.cco
                .placed
                .as_ref()
                .is_some_and(|p| p.needs_manual && !p.manual_set) =>
        {
            Intent::SetManualMode
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_types_the_user_name_then_creates_it_and_stops_where_it_cannot_go_on() {
        let (mut w, _) = Wizard::new(true, (100, 30), "/d/c".into());
        w.jobs.clear();
        assert_eq!(next(&w), Some(Intent::StartSetup));
        w.screen = Screen::CreateUser;
        w.new_user.fields[0].value = "okd-".into();
        assert_eq!(next(&w), Some(Intent::Type(Typed('i'))));
        assert_eq!(caption(&w), Some(strings::AUTO_TYPE_USER()));
        w.new_user.fields[0].value = USER.into();
        assert_eq!(next(&w), Some(Intent::Continue));
        assert_eq!(caption(&w), Some(strings::AUTO_CREATE_USER()));
        w.screen = Screen::Error;
        assert!(next(&w).is_none(), "an error is for the person to read");
        w.screen = Screen::Welcome;
        w.help = true;
        assert!(next(&w).is_none());
    }
}

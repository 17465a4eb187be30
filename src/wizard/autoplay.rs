//! `--demo --autoplay`: what a presenter would do next, screen by screen, with a caption saying
//! what is happening. Pure: the app asks at a readable pace and sends the intent.

use super::*;
use crate::strings;

/// The user name autoplay types.
pub const USER: &str = "okd-installer";

/// The next intent and its caption; `None` when the walk is over (or cannot go on by itself).
pub fn next(w: &Wizard) -> Option<(Intent, &'static str)> {
    if w.busy() || w.help || w.confirm_quit {
        return None;
    }
    let go = Intent::Continue;
    Some(match w.screen {
        Screen::Welcome => (Intent::StartSetup, strings::AUTO_WELCOME),
        Screen::SignIn => (Intent::ChooseSource(w.selected), strings::AUTO_SIGN_IN),
        Screen::Identity => (go, strings::AUTO_IDENTITY),
        Screen::Orphans => (Intent::Back, strings::AUTO_IDENTITY),
        Screen::UserChoice if w.user_choice == 0 => (Intent::CreateUser, strings::AUTO_USER_CHOICE),
        Screen::UserChoice => (Intent::SelectUser, strings::AUTO_USER_CHOICE),
        Screen::CreateUser => {
            let typed = w.new_user.fields[0].value.as_str();
            match USER
                .strip_prefix(typed)
                .and_then(|rest| rest.chars().next())
            {
                Some(c) if w.new_user.exists.is_none() => {
                    (Intent::Type(Typed(c)), strings::AUTO_TYPE_USER)
                }
                _ => (go, strings::AUTO_CREATE_USER),
            }
        }
        Screen::SelectUser => match w.users.highlighted() {
            Some(u) => (
                Intent::ChooseUser(u.user_name.clone()),
                strings::AUTO_CREATE_USER,
            ),
            None => return None,
        },
        Screen::Destination if w.dest.move_to.is_some() => (go, strings::AUTO_DESTINATION),
        Screen::Destination if w.dest.replace_offer.is_some() && w.dest.held_is_signed_in => {
            (Intent::MoveSignedIn, strings::AUTO_DESTINATION)
        }
        Screen::Destination if w.dest.replace_offer.is_some() => {
            (Intent::ReplaceProfile, strings::AUTO_DESTINATION)
        }
        Screen::Destination => (go, strings::AUTO_DESTINATION),
        Screen::Keys => (Intent::CreateKey, strings::AUTO_KEYS),
        Screen::SecretShown if w.secret.as_ref().is_some_and(|s| s.confirming) => {
            (Intent::Answer(true), strings::AUTO_SECRET)
        }
        Screen::SecretShown => (go, strings::AUTO_SECRET),
        Screen::Verified => (go, strings::AUTO_VERIFIED),
        Screen::PolicyChoice if w.policy.confirm_admin => {
            (Intent::Answer(true), strings::AUTO_POLICY)
        }
        Screen::PolicyChoice => {
            let kind = if w.policy.choice == 0 {
                PolicyKind::Administrator
            } else {
                PolicyKind::Okd
            };
            (Intent::ChoosePolicy(kind), strings::AUTO_POLICY)
        }
        Screen::PolicyForm => (go, strings::AUTO_POLICY),
        Screen::PolicyReview => (Intent::Answer(true), strings::AUTO_POLICY),
        Screen::PolicyDone if w.policy.probe == Some(super::policy::ProbeState::Passed) => {
            (go, strings::AUTO_CCOCTL)
        }
        Screen::CcoSetup => (go, strings::AUTO_CCOCTL),
        Screen::CcoRunning if w.cco.ready.is_some() => (go, strings::AUTO_CCOCTL),
        Screen::ProvisionSetup => (go, strings::AUTO_PROVISION),
        Screen::ProvisionReview => (go, strings::AUTO_PROVISION),
        Screen::ProvisionDone
            if w.cco
                .placed
                .as_ref()
                .is_some_and(|p| p.needs_manual && !p.manual_set) =>
        {
            (Intent::SetManualMode, strings::AUTO_MANUAL)
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
        assert!(matches!(next(&w), Some((Intent::StartSetup, _))));
        w.screen = Screen::CreateUser;
        w.new_user.fields[0].value = "okd-".into();
        assert!(matches!(next(&w), Some((Intent::Type(Typed('i')), _))));
        w.new_user.fields[0].value = USER.into();
        assert!(matches!(next(&w), Some((Intent::Continue, _))));
        w.screen = Screen::Error;
        assert!(next(&w).is_none(), "an error is for the person to read");
        w.screen = Screen::Welcome;
        w.help = true;
        assert!(next(&w).is_none());
    }
}

//! `--demo --autoplay`: what a presenter's hands would do next, screen by screen, with a caption
//! saying what is happening. Pure: the app asks at a readable pace and sends the key.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::strings;

/// The user name autoplay types.
pub const USER: &str = "okd-installer";

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// The next key and its caption; `None` when the walk is over (or cannot go on by itself).
pub fn next(w: &Wizard) -> Option<(Msg, &'static str)> {
    if w.busy() || w.help || w.confirm_quit {
        return None;
    }
    let enter = key(KeyCode::Enter);
    Some(match w.screen {
        Screen::Welcome => (enter, strings::AUTO_WELCOME),
        Screen::SignIn => (enter, strings::AUTO_SIGN_IN),
        Screen::Identity | Screen::Orphans => (enter, strings::AUTO_IDENTITY),
        Screen::UserChoice => (enter, strings::AUTO_USER_CHOICE),
        Screen::CreateUser => {
            let typed = w.new_user.fields[0].value.as_str();
            match USER
                .strip_prefix(typed)
                .and_then(|rest| rest.chars().next())
            {
                Some(c) if w.new_user.exists.is_none() => {
                    (key(KeyCode::Char(c)), strings::AUTO_TYPE_USER)
                }
                _ => (enter, strings::AUTO_CREATE_USER),
            }
        }
        Screen::SelectUser => (enter, strings::AUTO_CREATE_USER),
        Screen::Destination if w.dest.replace_offer.is_some() => {
            (key(KeyCode::Char('b')), strings::AUTO_DESTINATION)
        }
        Screen::Destination => (enter, strings::AUTO_DESTINATION),
        Screen::Keys => (enter, strings::AUTO_KEYS),
        Screen::SecretShown if w.secret.as_ref().is_some_and(|s| s.confirming) => {
            (key(KeyCode::Char('y')), strings::AUTO_SECRET)
        }
        Screen::SecretShown => (enter, strings::AUTO_SECRET),
        Screen::Verified => (enter, strings::AUTO_VERIFIED),
        Screen::PolicyChoice => (enter, strings::AUTO_POLICY),
        Screen::PolicyForm => (enter, strings::AUTO_POLICY),
        Screen::PolicyReview => (key(KeyCode::Char('y')), strings::AUTO_POLICY),
        Screen::PolicyDone if w.policy.probe == Some(super::policy::ProbeState::Passed) => {
            (enter, strings::AUTO_CCOCTL)
        }
        Screen::CcoSetup => (enter, strings::AUTO_CCOCTL),
        Screen::ProvisionSetup => (enter, strings::AUTO_PROVISION),
        Screen::ProvisionReview => (enter, strings::AUTO_PROVISION),
        Screen::ProvisionDone
            if w.cco
                .placed
                .as_ref()
                .is_some_and(|p| p.needs_manual && !p.manual_set) =>
        {
            (key(KeyCode::Char('m')), strings::AUTO_MANUAL)
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
        assert!(matches!(next(&w), Some((Msg::Key(k), _)) if k.code == KeyCode::Enter));
        w.screen = Screen::CreateUser;
        w.new_user.fields[0].value = "okd-".into();
        assert!(matches!(next(&w), Some((Msg::Key(k), _)) if k.code == KeyCode::Char('i')));
        w.new_user.fields[0].value = USER.into();
        assert!(matches!(next(&w), Some((Msg::Key(k), _)) if k.code == KeyCode::Enter));
        w.screen = Screen::Error;
        assert!(next(&w).is_none(), "an error is for the person to read");
        w.screen = Screen::Welcome;
        w.help = true;
        assert!(next(&w).is_none());
    }
}

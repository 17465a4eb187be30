//! The keys of each screen, as data: the footer's hints and the help overlay are both generated
//! from here, so they cannot drift from what `update` does.

use super::{Screen, Wizard};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: &'static str,
    pub action: &'static str,
}

const fn k(keys: &'static str, action: &'static str) -> KeyHint {
    KeyHint { keys, action }
}

const HELP: KeyHint = k("?", "help");
const QUIT: KeyHint = k("q", "quit");

/// The keys that work on the wizard's current screen, most useful first.
pub fn keymap(w: &Wizard) -> Vec<KeyHint> {
    if w.confirm_quit {
        return vec![k("y", "quit"), k("n", "stay")];
    }
    match w.screen {
        Screen::Welcome if w.resume_offer.is_some() => {
            vec![
                k("Enter", "start"),
                k("u", "resume"),
                k("r", "recover a lost key"),
                k("t", "teardown"),
                HELP,
                QUIT,
            ]
        }
        Screen::Welcome => vec![
            k("Enter", "start"),
            k("r", "recover a lost key"),
            k("t", "teardown"),
            HELP,
            QUIT,
        ],
        Screen::SignIn => vec![
            k("↑↓ j k", "move"),
            k("Enter", "sign in"),
            k("p", "paste a pair"),
            k("Esc", "back"),
            HELP,
            QUIT,
        ],
        Screen::Paste => vec![
            k("Tab", "next field"),
            k("Enter", "sign in"),
            k("Ctrl-U", "clear field"),
            k("Esc", "back"),
        ],
        Screen::Checking => vec![k("Esc", "cancel"), HELP, QUIT],
        Screen::Identity => vec![
            k("Enter", "continue"),
            k("Esc", "sign in again"),
            HELP,
            QUIT,
        ],
        Screen::UserChoice => vec![
            k("↑↓", "move"),
            k("Enter", "choose"),
            k("c", "create"),
            k("s", "select"),
            k("Esc", "back"),
            HELP,
            QUIT,
        ],
        Screen::CreateUser if w.new_user.exists.is_some() => {
            vec![
                k("Enter", "select the existing user"),
                k("Tab", "next field"),
                k("Esc", "back"),
            ]
        }
        Screen::CreateUser => vec![
            k("Tab", "next field"),
            k("Enter", "create"),
            k("Ctrl-U", "clear field"),
            k("Esc", "back"),
        ],
        Screen::SelectUser => vec![
            k("type", "filter"),
            k("/", "new filter"),
            k("↑↓ PgUp PgDn", "move"),
            k("Enter", "select"),
            k("Ctrl-U", "clear filter"),
            k("Esc", "back"),
        ],
        Screen::Destination if w.dest.replace_offer.is_some() => {
            vec![
                k("b", "back up and replace"),
                k("n", "another profile name"),
            ]
        }
        Screen::Destination => {
            let mut v = vec![k("Tab", "next field"), k("Enter", "check and continue")];
            if w.dest.focus == 2 {
                v.push(k("Space", "toggle"));
            }
            v.push(if w.dest.resave {
                k("Esc", "back to the secret")
            } else {
                k("Esc", "back")
            });
            v
        }
        Screen::Keys if w.keys.confirm.is_some() => vec![
            k("type", "last 4 characters"),
            k("Enter", "confirm"),
            k("Esc", "cancel"),
        ],
        Screen::Keys if w.keys.paste.is_some() => vec![
            k("paste", "the secret"),
            k("Enter", "check and save"),
            k("Esc", "cancel"),
        ],
        Screen::Keys
            if crate::wizard::recover::stage(w)
                == Some(crate::wizard::recover::RecoveryStage::PickLost) =>
        {
            vec![
                k("↑↓", "move"),
                k("Enter", "this is the key whose secret is lost"),
                k("r", "reload"),
                HELP,
                QUIT,
            ]
        }
        Screen::Verified if w.keys.confirm.is_some() => vec![
            k("type", "last 4 characters"),
            k("Enter", "delete for ever"),
            k("Esc", "cancel"),
        ],
        Screen::Verified if crate::wizard::recover::active(w) => {
            match crate::wizard::recover::stage(w) {
                Some(crate::wizard::recover::RecoveryStage::Rotating) => {
                    vec![k("d", "deactivate the old key"), HELP, QUIT]
                }
                Some(crate::wizard::recover::RecoveryStage::Deactivated) => {
                    vec![k("x", "delete the old key"), HELP, QUIT]
                }
                _ => vec![HELP, QUIT],
            }
        }
        Screen::Keys => vec![
            k("Enter", "create a key"),
            k("↑↓", "move"),
            k("d", "deactivate"),
            k("x", "delete"),
            k("p", "I have its secret"),
            k("r", "reload"),
            k("Esc", "back"),
            HELP,
            QUIT,
        ],
        Screen::Capturing | Screen::Verifying => vec![HELP],
        Screen::SecretShown if w.secret.as_ref().is_some_and(|s| s.confirming) => {
            vec![k("y", "continue"), k("n", "stay")]
        }
        Screen::SecretShown => {
            let mut v = vec![
                k("r", "reveal / hide"),
                k("c", "copy"),
                k("Enter", "continue"),
            ];
            if w.secret
                .as_ref()
                .is_some_and(|s| !s.captured.stored_anywhere())
            {
                v.push(k("o", "other destination"));
            }
            v.push(HELP);
            v
        }
        Screen::Verified => vec![k("Enter", "attach the install policy"), HELP, QUIT],
        Screen::PolicyChoice => vec![
            k("↑↓", "move"),
            k("Enter", "choose"),
            k("v", "read the OKD policy"),
            k("Esc", "back"),
            HELP,
            QUIT,
        ],
        Screen::PolicyViewer => vec![
            k("↑↓ PgUp PgDn", "scroll"),
            k("Home/End", "top/bottom"),
            k("Esc", "back"),
        ],
        Screen::PolicyForm => {
            let mut v = vec![k("Tab", "next field"), k("Enter", "check and continue")];
            if w.policy.focus == 2 {
                v.push(k("Space", "toggle"));
            }
            v.push(k("Esc", "back"));
            v
        }
        Screen::PolicyReview => vec![k("y", "update the policy"), k("n", "back")],
        Screen::Applying => vec![HELP],
        Screen::PolicyDone
            if matches!(
                w.policy.probe,
                Some(crate::wizard::policy::ProbeState::Failed(_))
            ) =>
        {
            vec![k("r", "probe again"), k("Esc", "choose again"), HELP, QUIT]
        }
        Screen::PolicyDone
            if matches!(
                w.policy.probe,
                Some(crate::wizard::policy::ProbeState::Passed)
            ) =>
        {
            vec![
                k("Enter", "on to ccoctl"),
                k("Esc", "choose again"),
                HELP,
                QUIT,
            ]
        }
        Screen::PolicyDone
            if matches!(
                w.policy.probe,
                Some(crate::wizard::policy::ProbeState::Running)
            ) =>
        {
            vec![HELP]
        }
        Screen::PolicyDone => vec![k("Esc", "choose again"), HELP, QUIT],
        Screen::CcoSetup | Screen::ProvisionSetup | Screen::TeardownSetup => vec![
            k("↑↓", "field"),
            k("Tab", "complete path / next"),
            k("Enter", "continue"),
            k("Ctrl-U", "clear"),
            k("Esc", "back"),
        ],
        Screen::CcoRunning | Screen::Provisioning | Screen::TearingDown => {
            vec![k("Esc", "cancel (stops the tool)"), HELP]
        }
        Screen::ProvisionReview => vec![k("Enter", "run ccoctl"), k("Esc", "back"), HELP, QUIT],
        Screen::ProvisionDone => {
            let mut v = Vec::new();
            if w.cco
                .placed
                .as_ref()
                .is_some_and(|p| !p.differing.is_empty())
            {
                v.push(k("o", "overwrite differing"));
            }
            if w.cco.placed.as_ref().is_some_and(|p| p.needs_manual) {
                v.push(k("m", "Manual mode"));
            }
            v.push(k("s", "save a report"));
            v.extend([k("Esc", "back"), HELP, QUIT]);
            v
        }
        Screen::TornDown => vec![HELP, QUIT],
        Screen::Orphans if w.orphans.confirm.is_some() => vec![
            k("type", "last 4 characters"),
            k("Enter", "delete"),
            k("Esc", "cancel"),
        ],
        Screen::Orphans => vec![
            k("↑↓", "move"),
            k("x", "delete"),
            k("k", "keep"),
            k("Esc", "decide later"),
            HELP,
            QUIT,
        ],
        Screen::Error
            if w.error
                .as_ref()
                .is_some_and(|e| e.back_to == Screen::Verifying) =>
        {
            vec![
                k("Enter", "verify again"),
                k("Esc", "to the keys"),
                HELP,
                QUIT,
            ]
        }
        Screen::Error => vec![k("Enter/Esc", "back"), HELP, QUIT],
    }
}

/// Keys that work everywhere, for the help overlay.
pub const GLOBAL: [KeyHint; 3] = [
    k("?", "show this help (not while typing)"),
    k(
        "q",
        "quit (asks first while a request runs; not while typing)",
    ),
    k("Ctrl-C", "quit"),
];

//! Editing the three forms of the ccoctl step (tools, provisioning, teardown): moving between
//! fields, typing, filling, and Tab completing a path.

use super::*;
use crate::wizard::input::Edit;

/// The focused field, when it holds a path (Tab completes it).
pub(super) fn path_field(w: &Wizard) -> Option<usize> {
    match w.screen {
        Screen::CcoSetup => Some(w.cco.tools_focus),
        Screen::ProvisionSetup if w.cco.prov_focus >= PROV_CREDREQ => Some(10 + w.cco.prov_focus),
        Screen::TeardownSetup if w.cco.down_focus == DOWN_CCOCTL => Some(20),
        _ => None,
    }
}

/// Whether the field being edited holds a path (Tab then completes it instead of moving on).
pub fn path_field_focused(w: &Wizard) -> bool {
    path_field(w).is_some()
}

/// The field id (as `field_mut` numbers them) a `Fill` is for, on this screen.
pub(super) fn fill_id(w: &Wizard, f: Field) -> Option<usize> {
    let id = match f {
        Field::Installer => TOOL_INSTALLER,
        Field::Oc => TOOL_OC,
        Field::PullSecret => TOOL_PULL_SECRET,
        Field::CcoctlDir => TOOL_DIR,
        Field::InfraName => 10 + PROV_NAME,
        Field::Region => 10 + PROV_REGION,
        Field::CredRequestsDir => 10 + PROV_CREDREQ,
        Field::OutputDir => 10 + PROV_OUTPUT,
        Field::InstallDir => 10 + PROV_INSTALL,
        Field::TeardownCcoctl => 20 + DOWN_CCOCTL,
        Field::TeardownName => 20 + DOWN_NAME,
        Field::TeardownRegion => 20 + DOWN_REGION,
        Field::TeardownConfirm => 20 + DOWN_CONFIRM,
        _ => return None,
    };
    let on_screen = match w.screen {
        Screen::CcoSetup => id < 10,
        Screen::ProvisionSetup => (10..20).contains(&id),
        Screen::TeardownSetup => id >= 20,
        _ => false,
    };
    on_screen.then_some(id)
}

pub(super) fn field_mut(w: &mut Wizard, id: usize) -> Option<&mut TextField> {
    match id {
        0..=3 => w.cco.tools.get_mut(id),
        10..=14 => w.cco.prov.get_mut(id - 10),
        20..=23 => w.cco.down.get_mut(id - 20),
        _ => None,
    }
}

pub(super) fn focused_id(w: &Wizard) -> Option<usize> {
    match w.screen {
        Screen::CcoSetup => Some(w.cco.tools_focus),
        Screen::ProvisionSetup => Some(10 + w.cco.prov_focus),
        Screen::TeardownSetup => Some(20 + w.cco.down_focus),
        _ => None,
    }
}

pub(in crate::wizard) fn paste_into_form(w: &mut Wizard, text: &str) {
    if let Some(id) = focused_id(w)
        && let Some(f) = field_mut(w, id)
    {
        f.paste(text);
    }
    w.cco.error = None;
}

pub(super) fn focus_mut(w: &mut Wizard) -> &mut usize {
    match w.screen {
        Screen::CcoSetup => &mut w.cco.tools_focus,
        Screen::ProvisionSetup => &mut w.cco.prov_focus,
        _ => &mut w.cco.down_focus,
    }
}

/// Editing shared by the three forms; `n` is the number of fields. `None` when the intent is
/// not an edit of this form.
pub(super) fn edit(w: &mut Wizard, intent: &Intent, n: usize) -> Option<Vec<Command>> {
    match intent {
        Intent::NextField => {
            let f = focus_mut(w);
            *f = (*f + 1) % n;
        }
        Intent::PrevField => {
            let f = focus_mut(w);
            *f = (*f + n - 1) % n;
        }
        Intent::CompletePath => {
            let id = path_field(w)?;
            let value = field_mut(w, id)
                .map(|f| f.value.clone())
                .unwrap_or_default();
            let job = w.start_job(JobKind::Complete);
            return Some(vec![Command::CompletePath {
                job,
                field: id,
                value,
            }]);
        }
        other => {
            let edit = Edit::of(other)?;
            let id = match other {
                Intent::Fill(f, _) => {
                    let id = fill_id(w, *f)?;
                    *focus_mut(w) = id % 10;
                    id
                }
                _ => focused_id(w)?,
            };
            if let Some(f) = field_mut(w, id) {
                f.apply(edit);
            }
            // A --name the person typed is theirs: no later suggestion replaces it.
            if id == 10 + super::PROV_NAME {
                w.cco.name_suggested = false;
            }
        }
    }
    w.cco.error = None;
    w.cco.candidates.clear();
    Some(Vec::new())
}

pub(in crate::wizard) fn on_completion(w: &mut Wizard, outcome: Outcome) {
    if let Outcome::Done(JobOutput::Completion {
        field,
        value,
        candidates,
    }) = outcome
    {
        if let Some(f) = field_mut(w, field) {
            f.value = value;
        }
        w.cco.candidates = candidates;
    }
}

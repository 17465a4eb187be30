//! The install policy step: AdministratorAccess or the least-privilege OKD policy; the viewer;
//! the custom policy form; the review of an existing policy that differs (and the consent to
//! rotate out its oldest version); attaching; and the probe that shows the policy works.

use super::input::Edit;
use super::*;
use crate::policy::{self, Document};
use crate::strings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeState {
    Running,
    Passed,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyStep {
    /// 0: AdministratorAccess, 1: the custom OKD policy.
    pub choice: usize,
    /// Policy name, description.
    pub fields: [TextField; 2],
    pub focus: usize,
    pub add_delete_version: bool,
    pub error: Option<String>,
    /// The policy as it exists in the account (when it differs from ours).
    pub existing: Option<ExistingPolicy>,
    pub applied: Option<PolicyApplied>,
    /// It was attached already, as chosen: nothing was written.
    pub unchanged: bool,
    /// AdministratorAccess was chosen: asking whether to attach it, having said what it grants.
    pub confirm_admin: bool,
    /// Detaching the other install policy (AdministratorAccess, or the custom one): asking, then
    /// running; and what came of it.
    pub detach: Option<Detach>,
    pub probe: Option<ProbeState>,
}

impl Default for PolicyStep {
    fn default() -> Self {
        Self {
            choice: 1,
            fields: [
                TextField {
                    value: policy::DEFAULT_NAME.into(),
                },
                TextField {
                    value: policy::default_description().into(),
                },
            ],
            focus: 0,
            add_delete_version: false,
            error: None,
            existing: None,
            applied: None,
            unchanged: false,
            confirm_admin: false,
            detach: None,
            probe: None,
        }
    }
}

impl PolicyStep {
    pub fn name(&self) -> &str {
        self.fields[0].value.trim()
    }

    /// The document that would be sent, validated (parsed once per variant, then cloned).
    pub fn document(&self) -> Result<Document, policy::PolicyError> {
        okd_document(self.add_delete_version).clone()
    }

    /// What the screens show of that document: the per-service counts and its compact length
    /// (computed once per variant: screens redraw it on every frame).
    pub fn summary(&self) -> &'static Result<Summary, String> {
        static PLAIN: std::sync::OnceLock<Result<Summary, String>> = std::sync::OnceLock::new();
        static WITH_DELETE: std::sync::OnceLock<Result<Summary, String>> =
            std::sync::OnceLock::new();
        let cell = if self.add_delete_version {
            &WITH_DELETE
        } else {
            &PLAIN
        };
        cell.get_or_init(|| {
            let d = okd_document(self.add_delete_version)
                .as_ref()
                .map_err(|e| e.to_string())?;
            Ok(Summary {
                per_service: d.per_service().into_iter().collect(),
                pass_role: d.allowed_actions().contains("ram:PassRole"),
                compact_chars: d.compact().chars().count(),
            })
        })
    }

    /// Per service: (service, added, removed), ours against what exists.
    pub fn differences(&self) -> Vec<(String, Vec<String>, Vec<String>)> {
        match (&self.existing, self.document()) {
            (Some(e), Ok(ours)) => match Document::parse(&e.document) {
                Ok(theirs) => policy::diff(&theirs, &ours),
                Err(_) => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// The OKD document as it is sent (compact), with or without `ram:DeletePolicyVersion`.
pub fn okd_compact(delete_version: bool) -> Option<String> {
    okd_document(delete_version)
        .as_ref()
        .ok()
        .map(Document::compact)
}

/// The OKD document, parsed once per variant.
fn okd_document(delete_version: bool) -> &'static Result<Document, policy::PolicyError> {
    static PLAIN: std::sync::OnceLock<Result<Document, policy::PolicyError>> =
        std::sync::OnceLock::new();
    static WITH_DELETE: std::sync::OnceLock<Result<Document, policy::PolicyError>> =
        std::sync::OnceLock::new();
    let cell = if delete_version { &WITH_DELETE } else { &PLAIN };
    cell.get_or_init(|| {
        let d = Document::parse(policy::OKD_POLICY)?;
        if delete_version {
            d.with_delete_policy_version()
        } else {
            Ok(d)
        }
    })
}

/// The OKD document as the screens describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// (service, number of allowed actions).
    pub per_service: Vec<(String, usize)>,
    pub pass_role: bool,
    pub compact_chars: usize,
}

fn user_name(w: &Wizard) -> String {
    w.chosen_user
        .as_ref()
        .map(|u| u.user_name.clone())
        .unwrap_or_default()
}

/// From the verified key: on to the policy.
pub(super) fn open(w: &mut Wizard) {
    w.screen = Screen::PolicyChoice;
}

fn apply(w: &mut Wizard, plan: PolicyPlan) -> Vec<Command> {
    w.policy.unchanged = false;
    // Already attached and saying the same (a system policy, or ours reused): nothing to do.
    let same_kind = matches!(plan, PolicyPlan::System(_) | PolicyPlan::Reuse(_));
    if let Some(d) = w.keys.details.as_ref().filter(|_| same_kind)
        && d.policies.iter().any(|p| {
            p.policy_name == plan.name() && p.policy_type.eq_ignore_ascii_case(plan.policy_type())
        })
    {
        let applied = PolicyApplied {
            plan,
            new_version: None,
            attached: d.policies.clone(),
        };
        w.policy.detach = None;
        w.policy.unchanged = true;
        return on_applied(
            w,
            Outcome::Done(JobOutput::PolicyApplied(Box::new(applied))),
        );
    }
    let job = w.start_job(JobKind::ApplyPolicy);
    w.screen = Screen::Applying;
    w.policy.detach = None;
    w.policy.applied = None;
    w.policy.probe = None;
    vec![Command::ApplyPolicy {
        job,
        user: user_name(w),
        plan,
    }]
}

/// The other install policy still attached after a switch: asked about, detaching, or done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detach {
    pub name: String,
    pub policy_type: String,
    pub state: DetachState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetachState {
    Asking,
    Running,
    Done,
    Failed(String),
}

/// The install policy attached besides the one just chosen (a switch from one to the other):
/// AdministratorAccess beside the custom policy, or the custom policy beside AdministratorAccess.
pub fn other_install_policy(applied: &PolicyApplied) -> Option<(String, String)> {
    let chosen_custom = applied.plan.policy_type() == "Custom";
    applied
        .attached
        .iter()
        .find(|p| {
            if chosen_custom {
                p.policy_type == "System" && p.policy_name == policy::ADMIN_POLICY
            } else {
                p.policy_type == "Custom" && p.policy_name == policy::DEFAULT_NAME
            }
        })
        .map(|p| (p.policy_name.clone(), p.policy_type.clone()))
}

/// `d` on the done screen: ask; `y`: detach it; `n`: leave both.
pub(super) fn on_detach(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let other = w.policy.applied.as_ref().and_then(other_install_policy);
    match (&w.policy.detach, intent) {
        (
            None
            | Some(Detach {
                state: DetachState::Failed(_),
                ..
            }),
            Intent::DetachOther,
        ) => {
            let (name, policy_type) = other?;
            w.policy.detach = Some(Detach {
                name,
                policy_type,
                state: DetachState::Asking,
            });
            Some(Vec::new())
        }
        (Some(d), Intent::Answer(true)) if d.state == DetachState::Asking => {
            let (name, policy_type) = (d.name.clone(), d.policy_type.clone());
            if let Some(d) = &mut w.policy.detach {
                d.state = DetachState::Running;
            }
            let job = w.start_job(JobKind::DetachPolicy);
            Some(vec![Command::DetachPolicy {
                job,
                user: user_name(w),
                policy_name: name,
                policy_type,
            }])
        }
        (Some(d), Intent::Answer(false) | Intent::Back) if d.state == DetachState::Asking => {
            w.policy.detach = None;
            Some(Vec::new())
        }
        _ => None,
    }
}

pub(super) fn on_detached(w: &mut Wizard, outcome: Outcome) {
    let Some(d) = &mut w.policy.detach else {
        return;
    };
    match outcome {
        Outcome::Done(JobOutput::PolicyDetached(attached)) => {
            d.state = DetachState::Done;
            let name = d.name.clone();
            if let Some(a) = &mut w.policy.applied {
                // A dry run lists nothing: what it would leave is the list without that one.
                a.attached = if attached.is_empty() {
                    a.attached
                        .iter()
                        .filter(|p| p.policy_name != name)
                        .cloned()
                        .collect()
                } else {
                    attached
                };
                if let Some(det) = &mut w.keys.details {
                    det.policies = a.attached.clone();
                }
            }
        }
        Outcome::Failed(r) => {
            d.state = DetachState::Failed(format!("{} {}", r.hint.what, r.detail))
        }
        _ => d.state = DetachState::Failed(strings::TOOL_CANCELLED().into()),
    }
}

/// AdministratorAccess or the OKD policy, and the policy's text.
pub(super) fn on_choice(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    // AdministratorAccess is asked about first: what it grants, in plain words.
    if w.policy.confirm_admin {
        match intent {
            Intent::Answer(true) => {
                w.policy.confirm_admin = false;
                return Some(apply(w, PolicyPlan::System(policy::ADMIN_POLICY.into())));
            }
            Intent::Answer(false) | Intent::Back => w.policy.confirm_admin = false,
            _ => return None,
        }
        return Some(Vec::new());
    }
    match intent {
        Intent::MoveSelection(_) => w.policy.choice = 1 - w.policy.choice.min(1),
        Intent::ViewPolicy => w.screen = Screen::PolicyViewer,
        Intent::ChoosePolicy(PolicyKind::Administrator) => {
            w.policy.choice = 0;
            w.policy.confirm_admin = true;
        }
        Intent::ChoosePolicy(PolicyKind::Okd) => {
            w.policy.choice = 1;
            w.screen = Screen::PolicyForm;
        }
        Intent::Back => w.screen = Screen::Verified,
        _ => return None,
    }
    Some(Vec::new())
}

/// The policy's text (scrolled as every screen is).
pub(super) fn on_viewer(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match intent {
        Intent::Back => w.screen = Screen::PolicyChoice,
        _ => return None,
    }
    Some(Vec::new())
}

/// The custom policy's name, description and the DeletePolicyVersion choice; Continue checks
/// them and looks the policy up.
pub(super) fn on_form(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let inspecting = w.job_of(JobKind::InspectPolicy).is_some();
    let p = &mut w.policy;
    match &intent {
        Intent::Back => w.screen = Screen::PolicyChoice,
        Intent::NextField => p.focus = (p.focus + 1) % 3,
        Intent::PrevField => p.focus = (p.focus + 2) % 3,
        Intent::Set(Choice::DeletePolicyVersion, on) => {
            p.add_delete_version = *on;
            p.focus = 2;
        }
        Intent::Continue if inspecting => {}
        Intent::Continue => return Some(submit_form(w)),
        other => {
            let edit = Edit::of(other)?;
            match other {
                Intent::Fill(Field::PolicyName, _) => p.focus = 0,
                Intent::Fill(Field::PolicyDescription, _) => p.focus = 1,
                Intent::Fill(..) => return None,
                _ if p.focus >= 2 => return None,
                _ => {}
            }
            p.fields[p.focus].apply(edit);
            if edit != Edit::Clear {
                p.error = None;
            }
        }
    }
    Some(Vec::new())
}

fn submit_form(w: &mut Wizard) -> Vec<Command> {
    let p = &mut w.policy;
    if let Some(problem) = policy::name_problem(p.name()) {
        p.error = Some(problem.into());
        return Vec::new();
    }
    if p.fields[1].value.trim().chars().count() > 1024 {
        p.error = Some(strings::POLICY_DESCRIPTION_LONG().into());
        return Vec::new();
    }
    if let Err(e) = p.document() {
        p.error = Some(e.to_string());
        return Vec::new();
    }
    let name = p.name().to_owned();
    let job = w.start_job(JobKind::InspectPolicy);
    vec![Command::InspectPolicy { job, name }]
}

pub(super) fn paste_into_form(w: &mut Wizard, text: &str) {
    let p = &mut w.policy;
    if p.focus < 2 {
        p.fields[p.focus].paste(text);
        p.error = None;
    }
}

pub(super) fn on_found(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    let p = &mut w.policy;
    let doc = match p.document() {
        Ok(d) => d,
        Err(e) => {
            p.error = Some(e.to_string());
            return Vec::new();
        }
    };
    match outcome {
        Outcome::Done(JobOutput::PolicyFound(None)) => {
            let plan = PolicyPlan::Create {
                name: p.name().to_owned(),
                document: doc.compact(),
                description: p.fields[1].value.trim().to_owned(),
            };
            apply(w, plan)
        }
        Outcome::Done(JobOutput::PolicyFound(Some(existing))) => {
            let same = Document::parse(&existing.document).is_ok_and(|d| d.same_as(&doc));
            if same {
                let name = p.name().to_owned();
                return apply(w, PolicyPlan::Reuse(name));
            }
            p.existing = Some(existing);
            w.screen = Screen::PolicyReview;
            Vec::new()
        }
        Outcome::Failed(r) => {
            p.error = Some(format!("{} {} ({})", r.hint.what, r.hint.todo, r.detail));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The policy exists and differs: add our document as its new version, or go back.
pub(super) fn on_review(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match intent {
        Intent::Answer(true) => {
            let Ok(doc) = w.policy.document() else {
                return Some(Vec::new());
            };
            let rotate = w.policy.existing.as_ref().is_some_and(|e| e.versions >= 5);
            let plan = PolicyPlan::NewVersion {
                name: w.policy.name().to_owned(),
                document: doc.compact(),
                rotate,
            };
            Some(apply(w, plan))
        }
        Intent::Answer(false) => {
            w.screen = Screen::PolicyForm;
            Some(Vec::new())
        }
        _ => None,
    }
}

pub(super) fn on_applied(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(JobOutput::PolicyApplied(a)) => {
            // What is attached now, for the next choice (attached already: nothing to do).
            if let Some(d) = &mut w.keys.details {
                d.policies = a.attached.clone();
            }
            w.policy.applied = Some(*a);
            w.policy.probe = Some(ProbeState::Running);
            w.screen = Screen::PolicyDone;
            let job = w.start_job(JobKind::Probe);
            vec![Command::ProbePermission {
                job,
                user: user_name(w),
                kept_key: w.dest.kept_held && w.policy.unchanged,
            }]
        }
        Outcome::Failed(r) => {
            let back_to = if r.code.as_deref() == Some("EntityAlreadyExists.Policy") {
                Screen::PolicyForm
            } else {
                Screen::PolicyChoice
            };
            w.error = Some(ErrorView { report: r, back_to });
            w.screen = Screen::Error;
            Vec::new()
        }
        _ => {
            w.screen = Screen::PolicyChoice;
            Vec::new()
        }
    }
}

pub(super) fn on_probed(w: &mut Wizard, outcome: Outcome) {
    w.progress = None;
    w.policy.probe = Some(match outcome {
        Outcome::Done(_) => ProbeState::Passed,
        Outcome::Failed(r) => ProbeState::Failed(format!("{} {}", r.hint.what, r.detail)),
        Outcome::Cancelled => ProbeState::Failed(strings::PROBE_CANCELLED().into()),
    });
}

/// The policy is attached: on to ccoctl once the probe passed, probe again after a failure,
/// or choose again.
pub(super) fn on_done(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let asking = w
        .policy
        .detach
        .as_ref()
        .is_some_and(|d| d.state == DetachState::Asking);
    if asking || intent == Intent::DetachOther {
        return on_detach(w, intent);
    }
    if w.job_of(JobKind::DetachPolicy).is_some() {
        return Some(Vec::new());
    }
    match (&w.policy.probe, intent) {
        (Some(ProbeState::Passed), Intent::Continue) => Some(cco::open(w)),
        (Some(ProbeState::Failed(_)), Intent::Retry) => {
            w.policy.probe = Some(ProbeState::Running);
            let job = w.start_job(JobKind::Probe);
            Some(vec![Command::ProbePermission {
                job,
                user: user_name(w),
                kept_key: w.dest.kept_held && w.policy.unchanged,
            }])
        }
        (Some(ProbeState::Running), _) => None,
        (_, Intent::Back) => {
            if w.job_of(JobKind::Probe).is_none() {
                w.screen = Screen::PolicyChoice;
            }
            Some(Vec::new())
        }
        _ => None,
    }
}

/// Warnings about what the user carries: both policies, or others besides.
pub fn attachment_warnings(applied: &PolicyApplied) -> Vec<String> {
    let names: Vec<&str> = applied
        .attached
        .iter()
        .map(|p| p.policy_name.as_str())
        .collect();
    let mut out = Vec::new();
    let admin = names.contains(&policy::ADMIN_POLICY);
    let custom = applied.attached.iter().any(|p| {
        p.policy_type == "Custom"
            && p.policy_name == applied.plan.name()
            && applied.plan.policy_type() == "Custom"
    });
    let other_custom_install = applied.plan.policy_type() == "System"
        && applied
            .attached
            .iter()
            .any(|p| p.policy_type == "Custom" && p.policy_name == policy::DEFAULT_NAME);
    if admin && (custom || other_custom_install) {
        out.push(strings::POLICY_BOTH_ATTACHED().to_owned());
    }
    let others: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            *n != applied.plan.name() && *n != policy::ADMIN_POLICY && *n != policy::DEFAULT_NAME
        })
        .collect();
    if !others.is_empty() {
        out.push(format!(
            "{} {}",
            strings::POLICY_OTHERS_ATTACHED(),
            others.join(", ")
        ));
    }
    out
}

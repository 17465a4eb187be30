//! The ccoctl and components steps: tools and pull secret, extracting ccoctl from the release
//! image, the inputs of `create-ram-users`, its review and run, the results in the install dir,
//! and teardown (`delete-ram-users`, its own entry on the welcome screen).

use std::path::PathBuf;

use super::input::Edit;
use super::*;
use crate::protocol::CredRequest;
use crate::strings;
use crate::tools::ccoctl;

/// Lines kept in the log pane.
const LOG_KEEP: usize = 400;

/// Fields of the tools form.
pub const TOOL_INSTALLER: usize = 0;
pub const TOOL_OC: usize = 1;
pub const TOOL_PULL_SECRET: usize = 2;
pub const TOOL_DIR: usize = 3;
/// Fields of the provisioning form.
pub const PROV_NAME: usize = 0;
pub const PROV_REGION: usize = 1;
pub const PROV_CREDREQ: usize = 2;
pub const PROV_OUTPUT: usize = 3;
pub const PROV_INSTALL: usize = 4;
/// Fields of the teardown form.
pub const DOWN_CCOCTL: usize = 0;
pub const DOWN_NAME: usize = 1;
pub const DOWN_REGION: usize = 2;
pub const DOWN_CONFIRM: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    User,
    Policy,
    Attached,
    Keys,
    Saved,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CcoStep {
    pub tools: [TextField; 4],
    pub tools_focus: usize,
    pub prov: [TextField; 5],
    pub prov_focus: usize,
    pub down: [TextField; 4],
    pub down_focus: usize,
    pub error: Option<String>,
    pub candidates: Vec<String>,
    pub log: Vec<String>,
    pub ready: Option<CcoctlReady>,
    pub requests: Vec<CredRequest>,
    pub earlier_run: bool,
    /// Per component user: how far ccoctl got.
    pub progress: Vec<(String, Stage)>,
    pub error_codes: Vec<String>,
    pub provisioned: Option<Provisioned>,
    pub placed: Option<InstallDirState>,
    /// The user came for teardown, from the welcome screen.
    pub teardown_mode: bool,
    /// Provisioning only (headless `mode = "provision"`): the signed-in identity is the
    /// installer; after sign-in the wizard goes straight to the ccoctl step.
    pub provision_only: bool,
    pub torn_down: bool,
    /// A resumed run whose manifests are gone: provisioning again is explained.
    pub manifests_gone: bool,
    /// Users ccoctl found to delete (its "Find ram user" lines).
    pub found_for_delete: Vec<String>,
    /// Where the summary report was saved (`s`), or why it was not.
    pub report: Option<Result<PathBuf, String>>,
}

impl CcoStep {
    pub fn new(work: &std::path::Path, install_dir: Option<PathBuf>) -> Self {
        let t = |p: PathBuf| TextField {
            value: p.display().to_string(),
        };
        let mut s = Self::default();
        s.tools[TOOL_DIR] = t(work.to_path_buf());
        s.prov[PROV_REGION] = TextField {
            value: "cn-hangzhou".into(),
        };
        s.prov[PROV_CREDREQ] = t(work.join("credrequests"));
        s.prov[PROV_OUTPUT] = t(work.join("ccoctl-output"));
        s.prov[PROV_INSTALL] = install_dir.map(t).unwrap_or_default();
        s.down[DOWN_REGION] = TextField {
            value: "cn-hangzhou".into(),
        };
        s
    }

    fn path(field: &TextField) -> PathBuf {
        PathBuf::from(field.value.trim())
    }

    pub fn tool_paths(&self) -> ToolPaths {
        let ps = self.tools[TOOL_PULL_SECRET].value.trim();
        ToolPaths {
            installer: Self::path(&self.tools[TOOL_INSTALLER]),
            oc: Self::path(&self.tools[TOOL_OC]),
            pull_secret: (!ps.is_empty()).then(|| PathBuf::from(ps)),
            ccoctl_dir: Self::path(&self.tools[TOOL_DIR]),
        }
    }

    pub fn install_dir(&self) -> Option<PathBuf> {
        let v = self.prov[PROV_INSTALL].value.trim();
        (!v.is_empty()).then(|| PathBuf::from(v))
    }

    /// The region's problem (`Err`) or an unknown-region warning (`Ok(Some)`).
    pub fn region_check(region: &str) -> Result<Option<&'static str>, &'static str> {
        if !ccoctl::region_shape_ok(region) {
            Err(strings::REGION_BAD)
        } else if ccoctl::known_region(region) {
            Ok(None)
        } else {
            Ok(Some(strings::REGION_UNKNOWN))
        }
    }

    /// The `--name` problems and warnings for the requests found.
    pub fn name_check(&self) -> (Vec<String>, Vec<String>) {
        ccoctl::check_name(self.prov[PROV_NAME].value.trim(), &self.requests)
    }

    fn push_log(&mut self, line: String) {
        self.log.push(line);
        if self.log.len() > LOG_KEEP {
            let extra = self.log.len() - LOG_KEEP;
            self.log.drain(..extra);
        }
    }
}

/// The focused field, when it holds a path (Tab completes it).
fn path_field(w: &Wizard) -> Option<usize> {
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
fn fill_id(w: &Wizard, f: Field) -> Option<usize> {
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

fn field_mut(w: &mut Wizard, id: usize) -> Option<&mut TextField> {
    match id {
        0..=3 => w.cco.tools.get_mut(id),
        10..=14 => w.cco.prov.get_mut(id - 10),
        20..=23 => w.cco.down.get_mut(id - 20),
        _ => None,
    }
}

fn focused_id(w: &Wizard) -> Option<usize> {
    match w.screen {
        Screen::CcoSetup => Some(w.cco.tools_focus),
        Screen::ProvisionSetup => Some(10 + w.cco.prov_focus),
        Screen::TeardownSetup => Some(20 + w.cco.down_focus),
        _ => None,
    }
}

pub(super) fn paste_into_form(w: &mut Wizard, text: &str) {
    if let Some(id) = focused_id(w)
        && let Some(f) = field_mut(w, id)
    {
        f.paste(text);
    }
    w.cco.error = None;
}

fn focus_mut(w: &mut Wizard) -> &mut usize {
    match w.screen {
        Screen::CcoSetup => &mut w.cco.tools_focus,
        Screen::ProvisionSetup => &mut w.cco.prov_focus,
        _ => &mut w.cco.down_focus,
    }
}

/// Editing shared by the three forms; `n` is the number of fields. `None` when the intent is
/// not an edit of this form.
fn edit(w: &mut Wizard, intent: &Intent, n: usize) -> Option<Vec<Command>> {
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
        }
    }
    w.cco.error = None;
    w.cco.candidates.clear();
    Some(Vec::new())
}

pub(super) fn on_completion(w: &mut Wizard, outcome: Outcome) {
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

/// From the policy in effect (or the start of a teardown): the tools form, with tools found.
pub(super) fn open(w: &mut Wizard) -> Vec<Command> {
    w.screen = if w.cco.teardown_mode {
        Screen::TeardownSetup
    } else {
        Screen::CcoSetup
    };
    let job = w.start_job(JobKind::Locate);
    vec![Command::LocateTools { job }]
}

pub(super) fn on_located(w: &mut Wizard, outcome: Outcome) {
    if let Outcome::Done(JobOutput::ToolsFound(installer, oc, pull, last_name)) = outcome {
        let set = |f: &mut TextField, p: Option<PathBuf>| {
            if f.value.trim().is_empty()
                && let Some(p) = p
            {
                f.value = p.display().to_string();
            }
        };
        set(&mut w.cco.tools[TOOL_INSTALLER], installer);
        set(&mut w.cco.tools[TOOL_OC], oc);
        set(&mut w.cco.tools[TOOL_PULL_SECRET], pull);
        if let Some(r) = &w.cco.ready {
            let c = r.ccoctl.clone();
            set(&mut w.cco.down[DOWN_CCOCTL], Some(c));
        }
        set(&mut w.cco.down[DOWN_NAME], last_name.map(PathBuf::from));
        let dir = w.cco.tools[TOOL_DIR].value.trim().to_owned();
        let guess = PathBuf::from(dir).join("ccoctl");
        if w.cco.down[DOWN_CCOCTL].value.is_empty() {
            w.cco.down[DOWN_CCOCTL].value = guess.display().to_string();
        }
    }
}

/// The tools form: openshift-install, oc, the pull secret, where ccoctl goes; Continue
/// extracts ccoctl from the release.
pub(super) fn on_tools(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match intent {
        Intent::Back => {
            w.screen = if w.cco.provision_only {
                Screen::Identity
            } else {
                Screen::PolicyDone
            };
            Some(Vec::new())
        }
        Intent::Continue => {
            let t = w.cco.tool_paths();
            if t.installer.as_os_str().is_empty() {
                w.cco.error = Some(strings::TOOL_INSTALLER_MISSING.into());
                return Some(Vec::new());
            }
            if t.oc.as_os_str().is_empty() {
                w.cco.error = Some(strings::TOOL_OC_MISSING.into());
                return Some(Vec::new());
            }
            w.cco.log.clear();
            w.cco.ready = None;
            let job = w.start_job(JobKind::Prepare);
            w.screen = Screen::CcoRunning;
            Some(vec![Command::PrepareCcoctl { job, tools: t }])
        }
        other => edit(w, &other, 4),
    }
}

pub(super) fn on_tool_log(w: &mut Wizard, log: ToolLog) {
    match log {
        ToolLog::Start { reason, command } => {
            w.cco.push_log(format!("▶ {reason}"));
            w.cco.push_log(format!("  $ {command}"));
        }
        ToolLog::Line(l) => {
            if let Some(ev) = ccoctl::parse_log_line(&l) {
                track(&mut w.cco, ev);
            }
            w.cco.push_log(format!("  {l}"));
        }
    }
}

/// Moves a component forward in the progress list from one ccoctl event.
fn track(c: &mut CcoStep, ev: ccoctl::CcoctlEvent) {
    use ccoctl::CcoctlEvent as E;
    let (user, stage) = match ev {
        E::UserCreated(u) | E::UserExists(u) => (u, Stage::User),
        E::Attached { user, .. } => (user, Stage::Attached),
        E::KeysCreated(u) => (u, Stage::Keys),
        E::PolicyReady(p) | E::PolicyCreating(p) => {
            // The policy is named after the user: `<user>-policy-policy` (cut).
            match c
                .progress
                .iter()
                .rev()
                .find(|(u, _)| p.starts_with(u.as_str()))
            {
                Some((u, _)) => (u.clone(), Stage::Policy),
                None => return,
            }
        }
        E::Saved(_) => match c.progress.last() {
            Some((u, _)) => (u.clone(), Stage::Saved),
            None => return,
        },
        E::ErrorCode(code) => {
            c.error_codes.push(code);
            return;
        }
        E::FoundForDelete(u) => {
            c.found_for_delete.push(u);
            return;
        }
        E::KeyRotation(_) | E::DeletingKey { .. } => return,
    };
    match c.progress.iter_mut().find(|(u, _)| *u == user) {
        Some(entry) => entry.1 = stage,
        None => c.progress.push((user, stage)),
    }
}

pub(super) fn on_prepared(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(JobOutput::CcoctlReady(r)) => {
            w.cco.down[DOWN_CCOCTL].value = r.ccoctl.display().to_string();
            w.cco.ready = Some(*r);
            w.screen = Screen::ProvisionSetup;
        }
        Outcome::Failed(report) => {
            w.error = Some(ErrorView {
                report,
                back_to: Screen::CcoSetup,
            });
            w.screen = Screen::Error;
        }
        _ => w.screen = Screen::CcoSetup,
    }
}

/// A tool runs: Cancel stops it (the child is killed) and goes back to `back`.
pub(super) fn on_running(
    w: &mut Wizard,
    intent: Intent,
    kind: JobKind,
    back: Screen,
) -> Option<Vec<Command>> {
    if intent != Intent::Cancel {
        return None;
    }
    let Some(job) = w.job_of(kind) else {
        return Some(Vec::new());
    };
    w.finish_job(job);
    w.cco.push_log(strings::TOOL_CANCELLED.into());
    w.screen = back;
    Some(vec![Command::Cancel { job }])
}

/// The inputs of `create-ram-users`; Continue extracts the CredentialsRequests for review.
pub(super) fn on_prov(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    Some(match intent {
        Intent::Back => {
            w.screen = Screen::CcoSetup;
            match w.job_of(JobKind::CredRequests) {
                Some(job) => {
                    w.finish_job(job);
                    vec![Command::Cancel { job }]
                }
                None => Vec::new(),
            }
        }
        Intent::Continue if w.job_of(JobKind::CredRequests).is_some() => Vec::new(),
        Intent::Continue => {
            let region = w.cco.prov[PROV_REGION].value.trim().to_owned();
            if let Err(e) = CcoStep::region_check(&region) {
                w.cco.error = Some(e.into());
                return Some(Vec::new());
            }
            let Some(ready) = &w.cco.ready else {
                return Some(Vec::new());
            };
            let release_image = ready.release_image.clone();
            let dir = CcoStep::path(&w.cco.prov[PROV_CREDREQ]);
            let job = w.start_job(JobKind::CredRequests);
            let output_dir = CcoStep::path(&w.cco.prov[PROV_OUTPUT]);
            vec![Command::ExtractCredRequests {
                job,
                tools: w.cco.tool_paths(),
                release_image,
                dir,
                install_dir: w.cco.install_dir(),
                output_dir,
            }]
        }
        other => return edit(w, &other, 5),
    })
}

pub(super) fn on_cred_requests(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(JobOutput::CredRequests {
            requests,
            infra_name,
            earlier_run,
        }) => {
            if w.cco.prov[PROV_NAME].value.trim().is_empty()
                && let Some(n) = infra_name
            {
                w.cco.prov[PROV_NAME].value = n;
            }
            w.cco.requests = requests;
            w.cco.earlier_run = earlier_run;
            if w.screen == Screen::ProvisionSetup {
                w.screen = Screen::ProvisionReview;
            }
        }
        Outcome::Failed(r) => {
            w.cco.error = Some(format!("{} {} ({})", r.hint.what, r.hint.todo, r.detail))
        }
        _ => {}
    }
}

/// What ccoctl will create: Continue runs it.
pub(super) fn on_review(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match intent {
        Intent::Back => w.screen = Screen::ProvisionSetup,
        Intent::Continue => {
            let (errors, _) = w.cco.name_check();
            if !errors.is_empty() || w.cco.requests.is_empty() {
                return Some(Vec::new());
            }
            let Some(ready) = &w.cco.ready else {
                return Some(Vec::new());
            };
            let run = CcoctlRun {
                ccoctl: ready.ccoctl.clone(),
                name: w.cco.prov[PROV_NAME].value.trim().to_owned(),
                region: w.cco.prov[PROV_REGION].value.trim().to_owned(),
                credentials_requests_dir: CcoStep::path(&w.cco.prov[PROV_CREDREQ]),
                output_dir: CcoStep::path(&w.cco.prov[PROV_OUTPUT]),
                use_signed_in_key: w.cco.provision_only,
            };
            w.cco.log.clear();
            w.cco.progress.clear();
            w.cco.error_codes.clear();
            w.cco.provisioned = None;
            w.cco.placed = None;
            let job = w.start_job(JobKind::Ccoctl);
            w.screen = Screen::Provisioning;
            return Some(vec![Command::RunCcoctl { job, run }]);
        }
        _ => return None,
    }
    Some(Vec::new())
}

fn place(w: &mut Wizard, overwrite: Vec<String>, manual: bool) -> Vec<Command> {
    let Some(install_dir) = w.cco.install_dir() else {
        return Vec::new();
    };
    let output_dir = CcoStep::path(&w.cco.prov[PROV_OUTPUT]);
    let job = w.start_job(JobKind::Place);
    vec![Command::PlaceManifests {
        job,
        output_dir,
        install_dir,
        overwrite,
        manual,
    }]
}

pub(super) fn on_provisioned(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(JobOutput::Provisioned(p)) => {
            w.cco.provisioned = Some(p);
            w.screen = Screen::ProvisionDone;
            place(w, Vec::new(), false)
        }
        Outcome::Failed(report) => {
            w.error = Some(ErrorView {
                report,
                back_to: Screen::ProvisionReview,
            });
            w.screen = Screen::Error;
            Vec::new()
        }
        _ => {
            w.screen = Screen::ProvisionReview;
            Vec::new()
        }
    }
}

pub(super) fn on_placed(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(JobOutput::Placed(state)) => w.cco.placed = Some(state),
        Outcome::Failed(r) => w.cco.error = Some(format!("{} {}", r.hint.what, r.detail)),
        Outcome::Cancelled | Outcome::Done(_) => {}
    }
}

/// Where the report goes: beside the install dir, else the ccoctl directory (the current
/// directory unless chosen otherwise).
pub fn report_dir(w: &Wizard) -> PathBuf {
    w.cco
        .install_dir()
        .and_then(|d| d.parent().map(std::path::Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| CcoStep::path(&w.cco.tools[TOOL_DIR]))
}

pub(super) fn on_report_saved(w: &mut Wizard, outcome: Outcome) {
    w.cco.report = Some(match outcome {
        Outcome::Done(JobOutput::ReportSaved(p)) => Ok(p),
        Outcome::Failed(r) => Err(format!("{} {}", r.hint.what, r.detail)),
        _ => Err(strings::REPORT_NOT_SAVED.into()),
    });
}

/// The results: save a report, overwrite differing manifests, set Manual mode, or go back.
pub(super) fn on_done(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let placed = w.cco.placed.clone().unwrap_or_default();
    Some(match intent {
        Intent::SaveReport if w.job_of(JobKind::SaveReport).is_some() => Vec::new(),
        Intent::SaveReport => {
            let text = w.summary_markdown();
            let dir = report_dir(w);
            let job = w.start_job(JobKind::SaveReport);
            vec![Command::SaveReport { job, dir, text }]
        }
        Intent::OverwriteDiffering if !placed.differing.is_empty() => {
            place(w, placed.differing, false)
        }
        Intent::SetManualMode if placed.needs_manual && !placed.manual_set => {
            place(w, Vec::new(), true)
        }
        Intent::SetManualMode if placed.needs_manual => Vec::new(),
        Intent::Back => {
            w.screen = Screen::ProvisionReview;
            Vec::new()
        }
        _ => return None,
    })
}

/// The teardown form: ccoctl, `--name` (typed twice), `--region`; Continue deletes.
pub(super) fn on_teardown(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match intent {
        Intent::Back => {
            w.screen = Screen::Identity;
            Some(Vec::new())
        }
        Intent::Continue => {
            let name = w.cco.down[DOWN_NAME].value.trim().to_owned();
            let region = w.cco.down[DOWN_REGION].value.trim().to_owned();
            if let Some(problem) = ccoctl::check_name(&name, &[]).0.into_iter().next() {
                w.cco.error = Some(problem);
            } else if let Err(e) = CcoStep::region_check(&region) {
                w.cco.error = Some(e.into());
            } else if w.cco.down[DOWN_CONFIRM].value.trim() != name {
                w.cco.error = Some(strings::TEARDOWN_CONFIRM_MISMATCH.into());
                w.cco.down_focus = DOWN_CONFIRM;
            } else {
                let ccoctl = CcoStep::path(&w.cco.down[DOWN_CCOCTL]);
                w.cco.log.clear();
                w.cco.found_for_delete.clear();
                let job = w.start_job(JobKind::Teardown);
                w.screen = Screen::TearingDown;
                return Some(vec![Command::RunTeardown {
                    job,
                    ccoctl,
                    name,
                    region,
                }]);
            }
            Some(Vec::new())
        }
        other => edit(w, &other, 4),
    }
}

pub(super) fn on_torn_down(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(_) => {
            w.cco.torn_down = true;
            w.screen = Screen::TornDown;
        }
        Outcome::Failed(report) => {
            w.error = Some(ErrorView {
                report,
                back_to: Screen::TeardownSetup,
            });
            w.screen = Screen::Error;
        }
        Outcome::Cancelled => w.screen = Screen::TeardownSetup,
    }
}

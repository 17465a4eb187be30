//! The ccoctl and components steps. This file: their state, the tools and pull secret, and
//! extracting ccoctl from the release image (with its log pane). `form` edits the three forms;
//! `provision` has the inputs of `create-ram-users`, its review and run, the results in the
//! install dir, the report, and teardown (`delete-ram-users`, its own entry on the welcome
//! screen).

use std::path::PathBuf;

mod form;
mod provision;

use form::edit;
pub use form::path_field_focused;
pub(in crate::wizard) use form::{on_completion, paste_into_form};
pub use provision::report_dir;
pub(in crate::wizard) use provision::{
    on_cred_requests, on_done, on_installer_file, on_placed, on_prov, on_provisioned,
    on_report_saved, on_review, on_surveyed, on_teardown, on_torn_down, save_report,
};

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
    /// The final screen shows the tools' whole output instead of the results (`l`).
    pub show_log: bool,
    pub ready: Option<CcoctlReady>,
    pub requests: Vec<CredRequest>,
    pub earlier_run: bool,
    /// The output dir's manifests are complete for the requests and match the install dir's.
    pub manifests_unchanged: bool,
    /// The (--name, --region) those manifests were made with, when ramwiz noted it.
    pub earlier_made_with: Option<(String, String)>,
    /// The output dir's manifests when the CredentialsRequests were read.
    pub found_manifests: Vec<(String, bool)>,
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
    /// What the install dir held when the CredentialsRequests were read (`None`: none given).
    pub install: Option<InstallDirKind>,
    /// `--name` was filled from the install dir (the infrastructure or the cluster name).
    pub name_suggested: bool,
    /// The file openshift-install finds the installer's key in, or why there is none.
    pub installer_file: Option<Result<InstallerFile, String>>,
}

impl CcoStep {
    /// The output dir's manifests are complete, match the install dir's, were made by ccoctl
    /// of this very release (unchanged since), and with this --name and --region (as noted
    /// beside them): ccoctl need not run again.
    pub fn keeps_manifests(&self) -> bool {
        let same_run = self.earlier_made_with.as_ref().is_some_and(|(n, r)| {
            *n == self.prov[PROV_NAME].value.trim() && *r == self.prov[PROV_REGION].value.trim()
        });
        let same_release = self.ready.as_ref().is_some_and(|r| r.unchanged);
        self.manifests_unchanged && same_run && same_release && !self.manifests_gone
    }

    /// The output dir holds an earlier run's manifests that running ccoctl would replace with
    /// new component keys (they are not kept as they are).
    pub fn rerun_replaces_manifests(&self) -> bool {
        self.earlier_run || (self.manifests_unchanged && !self.keeps_manifests())
    }

    pub fn installer_file(&self) -> Option<&InstallerFile> {
        self.installer_file.as_ref().and_then(|r| r.as_ref().ok())
    }
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

    /// ccoctl may run from the review: a valid --name, components to make, and an install dir
    /// that can install. Manifests made without Manual mode stop it: nothing is made, and the
    /// review says the way out (a new install-config).
    pub fn can_provision(&self) -> bool {
        self.name_check().0.is_empty()
            && !self.requests.is_empty()
            && self.ready.is_some()
            && !self
                .install
                .as_ref()
                .is_some_and(InstallDirKind::manifests_not_manual)
    }

    /// The install dir typed, absolute: resolved against the directory ramwiz runs in, as the
    /// engine resolves every path of a command, so screens and reports show the dir acted on.
    pub fn install_dir(&self) -> Option<PathBuf> {
        let v = self.prov[PROV_INSTALL].value.trim();
        (!v.is_empty()).then(|| {
            // Through components: a trailing '/' (from path completion) is not shown.
            let p = std::path::absolute(v).unwrap_or_else(|_| PathBuf::from(v));
            p.components().collect()
        })
    }

    /// The region's problem (`Err`) or an unknown-region warning (`Ok(Some)`).
    pub fn region_check(region: &str) -> Result<Option<&'static str>, &'static str> {
        if !ccoctl::region_shape_ok(region) {
            Err(strings::REGION_BAD())
        } else if ccoctl::known_region(region) {
            Ok(None)
        } else {
            Ok(Some(strings::REGION_UNKNOWN()))
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
                w.cco.error = Some(strings::TOOL_INSTALLER_MISSING().into());
                return Some(Vec::new());
            }
            if t.oc.as_os_str().is_empty() {
                w.cco.error = Some(strings::TOOL_OC_MISSING().into());
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
            // The extraction stays on screen, its commands and their output with it, until
            // the person has seen it and goes on.
            w.cco.push_log(format!(
                "✓ {}",
                strings::cco_ready(r.ccoctl.display().to_string())
            ));
            w.cco.ready = Some(*r);
            // From its first command: what ran, in order (the end is one End away).
            w.scroll = Some(0);
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

/// ccoctl's extraction: while it runs, as any tool run; once ccoctl is ready, Enter goes on
/// to the components' form and Esc back to the tools.
pub(super) fn on_extracting(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    if w.job_of(JobKind::Prepare).is_some() || w.cco.ready.is_none() {
        return on_running(w, intent, JobKind::Prepare, Screen::CcoSetup);
    }
    match intent {
        Intent::Continue => w.screen = Screen::ProvisionSetup,
        Intent::Back => w.screen = Screen::CcoSetup,
        _ => return None,
    }
    Some(Vec::new())
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
    w.cco.push_log(strings::TOOL_CANCELLED().into());
    w.screen = back;
    Some(vec![Command::Cancel { job }])
}

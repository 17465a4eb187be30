//! `ramwiz apply`: the wizard without a terminal. The answers file answers each question, the
//! same wizard state machine and engine do the work, progress goes to stderr one line per step,
//! and a report (text or JSON) goes to stdout. `--dry-run` makes read-only calls only and
//! prints the plan instead.

pub mod answers;
pub mod driver;
pub mod report;

use std::path::{Path, PathBuf};

use tokio::sync::mpsc;

use crate::app::Workspace;
use crate::engine::{Engine, EngineConfig};
use crate::plan::PlanLog;
use crate::strings::apply as s;
use crate::wizard::{PolicyPlan, Wizard};
use answers::Mode;
use driver::{Driver, Stop};
use report::{
    CcoctlReport, ErrorOut, KeyReport, ManifestsReport, PolicyReport, RecoveryReport, Report,
    SignedInReport, TeardownReport, UserReport, exit,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOptions {
    pub answers: PathBuf,
    pub dry_run: bool,
    pub yes: bool,
}

fn answers_stop(key: &str, message: String) -> Report {
    Report {
        ramwiz: env!("CARGO_PKG_VERSION").into(),
        ok: false,
        exit_code: exit::ANSWERS,
        error: Some(ErrorOut {
            title: s::STOP_ANSWERS.into(),
            what: message.clone(),
            todo: String::new(),
            detail: String::new(),
            key: Some(key.to_owned()),
            code: None,
        }),
        ..Default::default()
    }
}

/// Reads and checks the answers file, then runs it. `say` gets the progress lines.
pub async fn run(
    config: EngineConfig,
    workspace: Workspace,
    demo: bool,
    opts: &ApplyOptions,
    home: &Path,
    say: &mut dyn FnMut(&str),
) -> Report {
    run_collecting(config, workspace, demo, opts, home, say, false)
        .await
        .0
}

/// The same; with `collect`, also the wizard as it stood on every screen it answered.
pub async fn run_collecting(
    mut config: EngineConfig,
    workspace: Workspace,
    demo: bool,
    opts: &ApplyOptions,
    home: &Path,
    say: &mut dyn FnMut(&str),
    collect: bool,
) -> (Report, Vec<Wizard>) {
    let text = match std::fs::read_to_string(&opts.answers) {
        Ok(t) => t,
        Err(e) => {
            let mut r = answers_stop("(file)", format!("{}: {e}", opts.answers.display()));
            r.dry_run = opts.dry_run;
            return (r, Vec::new());
        }
    };
    let answers = match answers::parse(&text, opts.yes, home) {
        Ok(a) => a,
        Err(e) => {
            let mut r = answers_stop(&e.key, format!("{}: {}", opts.answers.display(), e.message));
            r.dry_run = opts.dry_run;
            return (r, Vec::new());
        }
    };
    let plan: Option<PlanLog> = opts.dry_run.then(Default::default);
    if let Some(log) = &plan {
        config.dry_run = Some(log.clone());
        // The journal is a file: a dry run writes nothing.
        config.journal = None;
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let mut engine = Engine::new(config.clone(), tx);
    let (w, cmds) = Wizard::new(demo, (100, 30), config.locations.credentials_file.clone());
    let w = w.with_workspace(&workspace.dir, workspace.install_dir.clone());
    for c in cmds {
        engine.run(c);
    }
    let mode = answers.mode;
    let defaulted = answers.defaulted.clone();
    let mut d = Driver::new(w, engine, rx, answers, opts.dry_run, say);
    if collect {
        d.screens = Some(Vec::new());
    }
    let outcome = d.drive().await;
    let mut r = report_of(&d, mode, opts.dry_run, outcome);
    r.defaulted = defaulted;
    if let Some(log) = &plan {
        r.plan = crate::plan::steps(log);
    }
    (r, d.screens.take().unwrap_or_default())
}

fn report_of(d: &Driver, mode: Mode, dry_run: bool, outcome: Result<(), Stop>) -> Report {
    let mut r = summary(
        &d.w,
        mode,
        dry_run,
        d.user_created || d.w.new_user.created,
        outcome,
    );
    r.warnings = d.warnings.clone();
    r
}

/// What the wizard's mode is, as a report names it.
pub fn mode_of(w: &Wizard) -> Mode {
    if w.cco.teardown_mode {
        Mode::Teardown
    } else if w.cco.provision_only {
        Mode::Provision
    } else if w.recovery.is_some() {
        Mode::Recover
    } else {
        Mode::Setup
    }
}

/// The Markdown report of what the wizard did (the summary screen's `s`). No secret: the
/// wizard holds none after the secret screen.
pub fn summary_markdown(w: &Wizard) -> String {
    summary(w, mode_of(w), false, w.new_user.created, Ok(())).markdown()
}

/// The report, from what the wizard holds at the end (never a secret: the secret screen is
/// gone by then, or the run stopped on it and dropped it).
pub fn summary(
    w: &Wizard,
    mode: Mode,
    dry_run: bool,
    user_created: bool,
    outcome: Result<(), Stop>,
) -> Report {
    let mut r = Report {
        ramwiz: env!("CARGO_PKG_VERSION").into(),
        mode: mode.name().into(),
        dry_run,
        ..Default::default()
    };
    r.signed_in = w.signed_in.as_ref().map(|si| SignedInReport {
        account_id: si.identity.account_id.clone(),
        arn: si.identity.arn.clone(),
        source: si.source_label.clone(),
    });
    if mode == Mode::Setup || mode == Mode::Recover {
        r.user = w.chosen_user.as_ref().map(|u| UserReport {
            name: u.user_name.clone(),
            created: user_created,
        });
    }
    r.key = w.saved.as_ref().map(|c| KeyReport {
        access_key_id: c.key_id.clone(),
        file: c.file.as_ref().ok().map(|f| f.target.display().to_string()),
        profile: c.dest.profile.clone(),
        keyring: matches!(c.keyring, Some(Ok(()))),
        backup: c
            .file
            .as_ref()
            .ok()
            .and_then(|f| f.backup.as_ref())
            .map(|b| b.display().to_string()),
        verified: w.verified.is_some() && !dry_run,
    });
    r.policy = w.policy.applied.as_ref().map(|a| PolicyReport {
        name: a.plan.name().into(),
        policy_type: a.plan.policy_type().into(),
        action: match &a.plan {
            PolicyPlan::System(_) => "attached",
            PolicyPlan::Create { .. } => "created",
            PolicyPlan::NewVersion { .. } => "new_version",
            PolicyPlan::Reuse(_) => "reused",
        }
        .into(),
        new_version: a.new_version.clone(),
        attached: a.attached.iter().map(|p| p.policy_name.clone()).collect(),
        in_effect: w.policy.probe == Some(crate::wizard::policy::ProbeState::Passed) && !dry_run,
    });
    r.ccoctl = w.cco.ready.as_ref().map(|c| CcoctlReport {
        path: c.ccoctl.display().to_string(),
        release: c.version.version.clone(),
        release_image: c.release_image.clone(),
    });
    use crate::wizard::cco::{PROV_NAME, PROV_OUTPUT, PROV_REGION};
    let prov = &w.cco.prov;
    if w.cco.provisioned.is_some() || (dry_run && outcome.is_ok() && w.cco.ready.is_some()) {
        let placed = w.cco.placed.clone().unwrap_or_default();
        r.manifests = Some(ManifestsReport {
            name: prov[PROV_NAME].value.trim().into(),
            region: prov[PROV_REGION].value.trim().into(),
            output_dir: prov[PROV_OUTPUT].value.trim().into(),
            files: w
                .cco
                .provisioned
                .as_ref()
                .map(|p| p.manifests.iter().map(|(f, _)| f.clone()).collect())
                .unwrap_or_default(),
            install_dir: w.cco.install_dir().map(|p| p.display().to_string()),
            copied: placed.copied.clone(),
            differing: placed.differing.clone(),
            manual_mode_set: placed.manual_set,
        });
    }
    if let Some(rec) = &w.recovery
        && let Some(old) = &rec.old_key
    {
        use crate::wizard::recover::RecoveryStage as St;
        r.recovery = Some(RecoveryReport {
            user: w
                .chosen_user
                .as_ref()
                .map(|u| u.user_name.clone())
                .unwrap_or_default(),
            lost_key: old.clone(),
            // A dry run changed nothing: the lost key is as it was.
            lost_key_status: match rec.stage {
                St::Done if !dry_run => "Deleted",
                St::Deactivated if !dry_run => "Inactive",
                _ => "Active",
            }
            .into(),
        });
    }
    if mode == Mode::Teardown && (w.cco.torn_down || dry_run) {
        use crate::wizard::cco::{DOWN_NAME, DOWN_REGION};
        r.teardown = Some(TeardownReport {
            name: w.cco.down[DOWN_NAME].value.trim().into(),
            region: w.cco.down[DOWN_REGION].value.trim().into(),
            deleted_users: w.cco.found_for_delete.clone(),
        });
    }
    match outcome {
        Ok(()) => {
            r.ok = true;
            r.exit_code = exit::OK;
            r.next_steps = next_steps(&r, dry_run);
        }
        Err(stop) => {
            r.ok = false;
            r.exit_code = stop.code;
            r.error = Some(*stop.error);
        }
    }
    r
}

fn next_steps(r: &Report, dry_run: bool) -> Vec<String> {
    if dry_run {
        return vec![s::NEXT_DRY.to_owned()];
    }
    let mut out = Vec::new();
    if let Some(k) = &r.key {
        out.push(format!("{} [{}].", s::NEXT_KEY, k.profile));
    }
    if let Some(m) = &r.manifests {
        match &m.install_dir {
            Some(d) => out.push(format!("{} {d}", s::NEXT_CREATE)),
            None => out.push(format!(
                "{} {}/{}",
                s::NEXT_COPY,
                m.output_dir,
                s::NEXT_INTO_INSTALL_DIR
            )),
        }
        out.push(format!("{} \"{}\".", s::NEXT_TEARDOWN, m.name));
    }
    if let Some(rec) = &r.recovery
        && rec.lost_key_status == "Inactive"
    {
        out.push(format!("{}.", s::NEXT_DELETE_OLD));
    }
    out
}

//! `ramwiz apply`: the wizard without a terminal. The answers file answers each question
//! (`answers`), the driver says what a person would mean on each screen (`driver`: intents,
//! never keys), the same wizard state machine and engine do the work; progress goes to stderr
//! one line per step, and the run's report (`crate::report`, text or JSON) to stdout.
//! `--dry-run` makes read-only calls only and prints the plan instead.

pub mod answers;
pub mod driver;

use std::path::{Path, PathBuf};

use tokio::sync::mpsc;

use crate::engine::{Engine, EngineConfig};
use crate::plan::PlanLog;
use crate::report::{ErrorOut, Report, exit};
use crate::strings::apply as s;
use crate::wizard::{Mode, Wizard, Workspace};
use driver::{Driver, Stop};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyOptions {
    pub answers: PathBuf,
    pub dry_run: bool,
    pub yes: bool,
    /// The report is for a program (`--output json`): its sentences are English whatever the
    /// language of the progress lines, so the JSON is the same in every language.
    pub for_machines: bool,
}

/// A stop before anything ran, at the answers file: unreadable, a key missing, or a value
/// ramwiz cannot use (each titled as what it is). The mode is taken from the file when it
/// names a valid one, so the report says which run stopped.
fn answers_stop(key: &str, message: String, text: Option<&str>) -> Report {
    let title = if key == "(file)" {
        s::STOP_ANSWERS_FILE()
    } else if message.contains(s::A_MISSING()) {
        s::STOP_ANSWERS()
    } else if message.contains(s::A_UNKNOWN_KEY()) {
        s::STOP_ANSWERS_KEY()
    } else {
        s::STOP_ANSWERS_VALUE()
    };
    let mode = text
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("mode").and_then(|m| m.as_str()).map(str::to_owned))
        .filter(|m| ["setup", "recover", "provision", "teardown"].contains(&m.as_str()))
        .unwrap_or_default();
    Report {
        ramwiz: env!("CARGO_PKG_VERSION").into(),
        mode,
        ok: false,
        exit_code: exit::ANSWERS,
        error: Some(ErrorOut {
            title: title.into(),
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
    let text = match crate::files::read_string(&opts.answers, crate::files::Limit::Answers) {
        Ok(t) => t,
        Err(e) => {
            let mut r = answers_stop("(file)", format!("{}: {e}", opts.answers.display()), None);
            r.dry_run = opts.dry_run;
            return (r, Vec::new());
        }
    };
    // The edge: every relative path of the answers is made absolute here, once.
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let dirs = answers::Dirs { home, cwd: &cwd };
    let answers = match answers::parse(&text, opts.yes, &dirs) {
        Ok(a) => a,
        Err(e) => {
            let message = format!("{}: {}", opts.answers.display(), e.message);
            let mut r = answers_stop(&e.key, message, Some(&text));
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
    // A run that stopped before its policy step may leave the policy it made ahead.
    let left_ahead = match &outcome {
        Err(_) => d.policy_left_ahead().await,
        Ok(()) => None,
    };
    let mut r = if opts.for_machines {
        crate::i18n::with_lang(crate::i18n::Lang::En, || {
            report_of(&d, mode, opts.dry_run, outcome)
        })
    } else {
        report_of(&d, mode, opts.dry_run, outcome)
    };
    r.defaulted = defaulted;
    if let Some(w) = left_ahead.filter(|_| r.policy.is_none()) {
        d.warn_line(&w);
        r.warnings.push(w);
    }
    if let Some(log) = &plan {
        r.plan = crate::plan::steps(log);
    }
    (r, d.screens.take().unwrap_or_default())
}

fn report_of(d: &Driver, mode: Mode, dry_run: bool, outcome: Result<(), Stop>) -> Report {
    let user_created = d.user_created || d.w.new_user.created;
    let r = d.w.report(mode, dry_run, user_created, outcome.is_ok());
    let mut r = match outcome {
        Ok(()) => r.succeeded(),
        Err(stop) => r.failed(stop.code, *stop.error),
    };
    r.warnings = d.warnings.clone();
    r
}

//! Jobs of the ccoctl and components steps: check the release and extract ccoctl, extract the
//! CredentialsRequests, run `create-ram-users` with the installer's key in its environment
//! only, and run `delete-ram-users` for a teardown (finding the tools is `locate`, the
//! manifests into the install dir `place`). Every tool run says why it runs, streams its lines
//! to the log pane, and is killed if the job is cancelled.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::mpsc;

use super::place::manifests_of;
use super::{Reporter, Shared};
use crate::cloud::Credentials;
use crate::protocol::{
    CcoctlReady, CcoctlRun, ErrorReport, JobOutput, Outcome, Partial, Provisioned, ToolLog,
    ToolPaths,
};
use crate::secret::Secret;
use crate::strings::{self, ToolProblem};
use crate::tools::ccoctl as cc;
use crate::tools::release::{self, ArchCheck, VersionGate};
use crate::tools::stamp;
use crate::tools::{Invocation, Line, ToolError, commands};

pub(super) fn fail(title: &str, problem: ToolProblem, detail: impl Into<String>) -> ErrorReport {
    ErrorReport {
        title: title.to_owned(),
        hint: strings::tool_hint(problem),
        detail: detail.into(),
        code: None,
    }
}

/// What a tool error means for the user.
pub(super) fn tool_report(title: &str, e: &ToolError) -> ErrorReport {
    let text = e.to_string();
    let problem = match e {
        ToolError::NotFound { .. } => ToolProblem::Missing,
        _ if text.contains("unauthorized") => ToolProblem::Unauthorized,
        _ if text.contains("GLIBC") => ToolProblem::Glibc,
        ToolError::Killed { .. } => ToolProblem::Killed,
        _ => ToolProblem::Failed,
    };
    fail(title, problem, text)
}

/// Runs one tool, streaming its lines to the log pane.
pub(super) async fn run_logged(
    shared: &Shared,
    r: &Reporter,
    mut inv: Invocation,
) -> Result<crate::tools::Finished, ToolError> {
    for (k, v) in &shared.config.tools.env {
        inv.env.push((k.clone(), Secret::new(v.clone())));
    }
    r.partial(Partial::Tool(ToolLog::Start {
        reason: inv.reason.clone(),
        command: inv.display(),
    }));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let run = crate::tools::run(&inv, Some(tx));
    tokio::pin!(run);
    loop {
        tokio::select! {
            done = &mut run => {
                while let Ok(l) = rx.try_recv() {
                    forward(r, l);
                }
                return done;
            }
            Some(l) = rx.recv() => forward(r, l),
        }
    }
}

fn forward(r: &Reporter, l: Line) {
    let text = match l {
        Line::Stdout(s) | Line::Stderr(s) => s,
    };
    r.partial(Partial::Tool(ToolLog::Line(text)));
}

/// Checks the release, then extracts ccoctl and proves it knows `alibabacloud`.
async fn prepare(
    shared: &Shared,
    tools: &ToolPaths,
    r: &Reporter,
) -> Result<CcoctlReady, ErrorReport> {
    let title = strings::PREPARE_FAILED();
    let mut warnings = Vec::new();
    if std::env::consts::OS != "linux" {
        return Err(fail(title, ToolProblem::NotLinux, std::env::consts::OS));
    }
    if let Some(ps) = &tools.pull_secret {
        let text = crate::files::read_string(ps, crate::files::Limit::Config).map_err(|e| {
            fail(
                title,
                ToolProblem::PullSecret,
                format!("{}: {e}", ps.display()),
            )
        })?;
        release::check_pull_secret(&text).map_err(|e| {
            fail(
                title,
                ToolProblem::PullSecret,
                format!("{}: {e}", ps.display()),
            )
        })?;
    }
    let out = run_logged(shared, r, commands::installer_version(tools))
        .await
        .map_err(|e| tool_report(title, &e))?;
    let version = release::parse_installer_version(&out.stdout)
        .ok_or_else(|| fail(title, ToolProblem::Unexpected, out.stdout.clone()))?;
    match release::gate(&version.version) {
        VersionGate::Supported => {}
        VersionGate::TooOld => {
            return Err(fail(title, ToolProblem::TooOld, version.version.clone()));
        }
        VersionGate::TooNew => {
            return Err(fail(title, ToolProblem::TooNew, version.version.clone()));
        }
        VersionGate::Unreadable => {
            return Err(fail(
                title,
                ToolProblem::Unexpected,
                version.version.clone(),
            ));
        }
    }
    let release_image = version
        .release_image
        .clone()
        .ok_or_else(|| fail(title, ToolProblem::NoReleaseImage, out.stdout.clone()))?;
    match release::check_arch(version.architecture.as_deref(), &release::this_host()) {
        ArchCheck::Matches | ArchCheck::Multi => {}
        ArchCheck::Unknown => warnings.push(strings::ARCH_UNKNOWN().to_owned()),
        ArchCheck::Mismatch { release, host } => {
            return Err(fail(
                title,
                ToolProblem::ArchMismatch,
                crate::strings::arch_detail(release.as_str(), host.as_str()),
            ));
        }
    }
    let info = run_logged(shared, r, commands::release_info(tools, &release_image))
        .await
        .map_err(|e| tool_report(title, &e))?;
    let cco_image = info
        .stdout
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .ok_or_else(|| fail(title, ToolProblem::Unexpected, info.stdout.clone()))?
        .to_owned();
    let dir = tools.ccoctl_dir.clone();
    let ccoctl = dir.join("ccoctl");
    // The ccoctl extracted from this very image is there, byte for byte: a rerun keeps it.
    crate::creds::leftovers::clear(&[&dir], true);
    let found = stamp::read(&dir);
    let unchanged = found
        .as_ref()
        .is_some_and(|st| st.matches(&cco_image, &release_image, &ccoctl));
    // The installer it names is this one (what a dry run goes by): else noted again below.
    let stamp_current = unchanged
        && found
            .as_ref()
            .is_some_and(|st| st.matches_installer(&tools.installer, &ccoctl));
    if !unchanged {
        crate::creds::atomic::create_private_dir(&dir).map_err(|e| {
            fail(
                title,
                ToolProblem::Failed,
                format!("{}: {e}", dir.display()),
            )
        })?;
        run_logged(shared, r, commands::extract_ccoctl(tools, &cco_image))
            .await
            .map_err(|e| tool_report(title, &e))?;
        chmod_775(&ccoctl).map_err(|e| {
            fail(
                title,
                ToolProblem::Failed,
                format!("{}: {e}", ccoctl.display()),
            )
        })?;
    }
    let help = run_logged(shared, r, commands::ccoctl_help(&ccoctl))
        .await
        .map_err(|e| tool_report(title, &e))?;
    if !help.stdout.contains("alibabacloud") && !help.stderr.contains("alibabacloud") {
        return Err(fail(
            title,
            ToolProblem::NoAlibaba,
            ccoctl.display().to_string(),
        ));
    }
    if !stamp_current {
        // Only a dry run reads it without running the tools; a failed write costs a re-extract.
        if let Err(e) = stamp::write(
            &dir,
            &cco_image,
            &release_image,
            &version.version,
            &ccoctl,
            &tools.installer,
        ) {
            tracing::warn!(error = %e, "could not write the ccoctl stamp");
        }
    }
    Ok(CcoctlReady {
        version,
        release_image,
        ccoctl,
        installer: tools.installer.clone(),
        warnings,
        unchanged,
    })
}

fn chmod_775(p: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o775))?;
    }
    #[cfg(not(unix))]
    let _ = p;
    Ok(())
}

pub async fn prepare_ccoctl(shared: Arc<Shared>, tools: ToolPaths, r: Reporter) {
    let out = prepare(&shared, &tools, &r).await;
    if let (Ok(ready), Some(j)) = (&out, &shared.journal) {
        j.record(
            "ccoctl_extracted",
            &[
                ("path", &ready.ccoctl.display().to_string()),
                ("release", &ready.version.version),
                ("release_image", &ready.release_image),
                ("installer", &tools.installer.display().to_string()),
                ("oc", &tools.oc.display().to_string()),
                (
                    "pull_secret",
                    &tools
                        .pull_secret
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                ),
            ],
        );
    }
    r.finish(match out {
        Ok(ready) => Outcome::Done(JobOutput::CcoctlReady(Box::new(ready))),
        Err(rep) => Outcome::Failed(rep),
    });
}

/// Whether ccoctl already wrote Secret manifests into this output dir.
pub fn has_manifests(output_dir: &Path) -> bool {
    std::fs::read_dir(output_dir.join("manifests"))
        .map(|d| {
            d.filter_map(Result::ok).any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .ends_with("-credentials.yaml")
            })
        })
        .unwrap_or(false)
}

/// What `extract_requests` is asked.
pub struct RequestsJob {
    pub tools: ToolPaths,
    pub release_image: String,
    pub dir: PathBuf,
    pub install_dir: Option<PathBuf>,
    pub output_dir: PathBuf,
    pub reuse_existing: bool,
}

/// The Alibaba CredentialsRequests of `dir`.
pub(super) fn requests_in(dir: &Path) -> Result<Vec<crate::protocol::CredRequest>, String> {
    Ok(cc::list_credentials_requests(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .into_iter()
        .filter(|c| c.alibaba)
        .collect())
}

/// What the output dir holds for these requests: (an earlier run's manifests that are not
/// complete or differ from the install dir's, complete and matching). Complete means a
/// manifest for every request; matching, that each one in the install dir's `manifests/` is
/// byte-identical (one not copied yet is copied after).
pub fn earlier_manifests(
    requests: &[crate::protocol::CredRequest],
    output_dir: &Path,
    install_dir: Option<&Path>,
) -> (bool, bool) {
    if !has_manifests(output_dir) {
        return (false, false);
    }
    let out = output_dir.join("manifests");
    let complete = !requests.is_empty()
        && requests
            .iter()
            .all(|c| out.join(c.manifest_name()).is_file());
    let matching = install_dir.is_none_or(|d| {
        manifests_of(output_dir).iter().all(|(f, _)| {
            let there = d.join("manifests").join(f);
            !there.exists() || read(&there) == read(&out.join(f))
        })
    });
    let unchanged = complete && matching;
    (!unchanged, unchanged)
}

/// A manifest's bytes, `None` when it cannot be read as a bounded regular file.
fn read(p: &Path) -> Option<Vec<u8>> {
    crate::files::read(p, crate::files::Limit::Config).ok()
}

/// Every manifest of the output dir is in the install dir's `manifests/`, byte for byte.
pub fn copied_already(output_dir: &Path, install_dir: Option<&Path>) -> bool {
    let Some(d) = install_dir else { return false };
    let made = manifests_of(output_dir);
    !made.is_empty()
        && made.iter().all(|(f, _)| {
            let there = read(&d.join("manifests").join(f));
            there.is_some() && there == read(&output_dir.join("manifests").join(f))
        })
}

pub async fn extract_requests(shared: Arc<Shared>, job: RequestsJob, r: Reporter) {
    let title = strings::PROVISION_FAILED();
    let RequestsJob {
        tools,
        release_image,
        dir,
        install_dir,
        output_dir,
        reuse_existing,
    } = job;
    let outcome = async {
        let kept = if reuse_existing {
            requests_in(&dir).ok().filter(|r| !r.is_empty())
        } else {
            None
        };
        let requests = match kept {
            Some(r) => r,
            None => {
                let inv = commands::extract_requests(&tools, &release_image, &dir);
                run_logged(&shared, &r, inv)
                    .await
                    .map_err(|e| tool_report(title, &e))?;
                requests_in(&dir).map_err(|e| fail(title, ToolProblem::Failed, e))?
            }
        };
        if requests.is_empty() {
            return Err(fail(
                title,
                ToolProblem::NoRequests,
                dir.display().to_string(),
            ));
        }
        // What an interrupted run left where this step writes goes first. A partial manifest
        // holds a component's secret, but never the only copy (ccoctl's output has it): in the
        // `manifests/` dirs all go; beside them, where a credentials file may also be, not
        // those that may hold a secret.
        let out_manifests = output_dir.join("manifests");
        let install_manifests = install_dir.as_ref().map(|d| d.join("manifests"));
        let mut beside = vec![output_dir.as_path()];
        let mut inside = vec![out_manifests.as_path()];
        if let (Some(d), Some(m)) = (&install_dir, &install_manifests) {
            beside.push(d);
            inside.push(m);
        }
        crate::creds::leftovers::clear(&beside, true);
        crate::creds::leftovers::clear(&inside, false);
        let (earlier_run, unchanged) =
            earlier_manifests(&requests, &output_dir, install_dir.as_deref());
        Ok(JobOutput::CredRequests {
            requests,
            install: install_dir
                .as_deref()
                .map(crate::tools::installdir::inspect),
            earlier_run,
            unchanged,
            made_with: crate::tools::stamp::read_run(&output_dir),
            found: manifests_of(&output_dir),
            in_install_dir: copied_already(&output_dir, install_dir.as_deref()),
        })
    }
    .await;
    r.finish(match outcome {
        Ok(o) => Outcome::Done(o),
        Err(rep) => Outcome::Failed(rep),
    });
}

/// The installer's key as ccoctl's environment (never an argument).
fn key_env(creds: &Credentials) -> Vec<(String, Secret)> {
    vec![
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID".into(),
            Secret::new(creds.access_key_id.clone()),
        ),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET".into(),
            creds.secret.clone(),
        ),
    ]
}

pub async fn run_ccoctl(shared: Arc<Shared>, run: CcoctlRun, r: Reporter) {
    let title = strings::PROVISION_FAILED();
    // Provisioning only (no key made in this run): the signed-in identity is the installer.
    let held = if run.use_signed_in_key {
        match super::session(&shared).await {
            // ccoctl reads only a long-term pair: a temporary key is refused before it is
            // fetched (a role session would otherwise be renewed only to be refused).
            Ok(c) => match c.temporary_key() {
                Some(which) => Err(fail(title, ToolProblem::StsKey, which)),
                None => c
                    .signing_credentials()
                    .await
                    .map(|creds| Some((String::new(), creds)))
                    .map_err(|e| super::report(title, &e)),
            },
            Err(_) => Ok(None),
        }
    } else {
        Ok(shared.installer.lock().await.clone())
    };
    let outcome = async {
        let (_, creds) =
            held?.ok_or_else(|| fail(title, ToolProblem::NoKey, strings::NO_KEY_HELD()))?;
        if creds.security_token.is_some() {
            // ccoctl reads only an AccessKey pair; a temporary STS key cannot be handed over.
            return Err(fail(
                title,
                ToolProblem::StsKey,
                creds.access_key_id.clone(),
            ));
        }
        let mut i = commands::create_ram_users(&run);
        i.env = key_env(&creds);
        if let Some(parent) = run
            .output_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            crate::creds::atomic::create_private_dir(parent).map_err(|e| {
                fail(
                    title,
                    ToolProblem::Failed,
                    format!("{}: {e}", parent.display()),
                )
            })?;
        }
        // Into an output dir without manifests, the --name and --region are noted before ccoctl
        // runs: a run that dies after ccoctl made them, before noting, still finds its own
        // manifests again. Manifests of an earlier run lose their note until this run is done.
        let note = if has_manifests(&run.output_dir) {
            std::fs::remove_file(run.output_dir.join(stamp::RUN_FILE)).map_err(drop)
        } else {
            stamp::write_run(&run.output_dir, &run.name, &run.region).map_err(drop)
        };
        if note.is_err() {
            tracing::debug!("no note of the run beside the output dir (yet)");
        }
        match run_logged(&shared, &r, i).await {
            Ok(_) => {}
            Err(e) => {
                let mut rep = tool_report(title, &e);
                if let ToolError::Failed { stderr_tail, .. } = &e
                    && let Some(code) = stderr_tail
                        .split(" / ")
                        .find_map(|l| l.trim().strip_prefix("ErrorCode: "))
                {
                    rep.hint = crate::strings::error_hint(code.trim(), 400);
                    rep.code = Some(code.trim().to_owned());
                }
                return Err(rep);
            }
        }
        if let Err(e) = stamp::write_run(&run.output_dir, &run.name, &run.region) {
            tracing::warn!(error = %e, "could not note ccoctl's --name beside its manifests");
        }
        Ok(Provisioned {
            manifests: manifests_of(&run.output_dir),
            output_dir: run.output_dir.clone(),
            unchanged: false,
        })
    }
    .await;
    if let (Ok(_), Some(j)) = (&outcome, &shared.journal) {
        j.record(
            "components_provisioned",
            &[
                ("name", &run.name),
                ("region", &run.region),
                ("output_dir", &run.output_dir.display().to_string()),
                (
                    "credentials_requests_dir",
                    &run.credentials_requests_dir.display().to_string(),
                ),
            ],
        );
    }
    r.finish(match outcome {
        Ok(p) => Outcome::Done(JobOutput::Provisioned(p)),
        Err(rep) => Outcome::Failed(rep),
    });
}

pub async fn teardown(
    shared: Arc<Shared>,
    ccoctl: PathBuf,
    name: String,
    region: String,
    r: Reporter,
) {
    let title = strings::TEARDOWN_FAILED();
    let outcome = async {
        let client = super::session(&shared)
            .await
            .map_err(|e| super::report(title, &e))?;
        // Refused before it is fetched, as in `run_ccoctl`.
        if let Some(which) = client.temporary_key() {
            return Err(fail(title, ToolProblem::StsKey, which));
        }
        let creds = client
            .signing_credentials()
            .await
            .map_err(|e| super::report(title, &e))?;
        let mut i = commands::delete_ram_users(&ccoctl, &name, &region);
        i.env = key_env(&creds);
        run_logged(&shared, &r, i)
            .await
            .map_err(|e| tool_report(title, &e))?;
        Ok(())
    }
    .await;
    if let (Ok(()), Some(j)) = (&outcome, &shared.journal) {
        j.record("components_deleted", &[("name", &name)]);
    }
    r.finish(match outcome {
        Ok(()) => Outcome::Done(JobOutput::TornDown),
        Err(rep) => Outcome::Failed(rep),
    });
}

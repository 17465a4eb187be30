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
    let title = strings::PREPARE_FAILED;
    let mut warnings = Vec::new();
    if std::env::consts::OS != "linux" {
        return Err(fail(title, ToolProblem::NotLinux, std::env::consts::OS));
    }
    if let Some(ps) = &tools.pull_secret {
        let text = std::fs::read_to_string(ps).map_err(|e| {
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
        ArchCheck::Unknown => warnings.push(strings::ARCH_UNKNOWN.to_owned()),
        ArchCheck::Mismatch { release, host } => {
            return Err(fail(
                title,
                ToolProblem::ArchMismatch,
                format!("release {release}, this computer {host}"),
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
    let ccoctl = dir.join("ccoctl");
    chmod_775(&ccoctl).map_err(|e| {
        fail(
            title,
            ToolProblem::Failed,
            format!("{}: {e}", ccoctl.display()),
        )
    })?;
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
    Ok(CcoctlReady {
        version,
        release_image,
        ccoctl,
        installer: tools.installer.clone(),
        warnings,
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

pub async fn extract_requests(
    shared: Arc<Shared>,
    tools: ToolPaths,
    release_image: String,
    dir: PathBuf,
    install_dir: Option<PathBuf>,
    output_dir: PathBuf,
    r: Reporter,
) {
    let title = strings::PROVISION_FAILED;
    let outcome = async {
        let inv = commands::extract_requests(&tools, &release_image, &dir);
        run_logged(&shared, &r, inv)
            .await
            .map_err(|e| tool_report(title, &e))?;
        let requests: Vec<_> = cc::list_credentials_requests(&dir)
            .map_err(|e| {
                fail(
                    title,
                    ToolProblem::Failed,
                    format!("{}: {e}", dir.display()),
                )
            })?
            .into_iter()
            .filter(|c| c.alibaba)
            .collect();
        if requests.is_empty() {
            return Err(fail(
                title,
                ToolProblem::NoRequests,
                dir.display().to_string(),
            ));
        }
        Ok(JobOutput::CredRequests {
            requests,
            install: install_dir
                .as_deref()
                .map(crate::tools::installdir::inspect),
            earlier_run: has_manifests(&output_dir),
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
    let title = strings::PROVISION_FAILED;
    // Provisioning only (no key made in this run): the signed-in identity is the installer.
    let held = if run.use_signed_in_key {
        super::session(&shared)
            .await
            .ok()
            .map(|c| (String::new(), c.credentials()))
    } else {
        shared.installer.lock().await.clone()
    };
    let outcome = async {
        let (_, creds) =
            held.ok_or_else(|| fail(title, ToolProblem::NoKey, strings::NO_KEY_HELD))?;
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
        Ok(Provisioned {
            manifests: manifests_of(&run.output_dir),
            output_dir: run.output_dir.clone(),
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
    let title = strings::TEARDOWN_FAILED;
    let outcome = async {
        let client = super::session(&shared)
            .await
            .map_err(|e| super::report(title, &e))?;
        let creds = client.credentials();
        if creds.security_token.is_some() {
            // ccoctl reads only an AccessKey pair; a temporary STS key cannot be handed over.
            return Err(fail(
                title,
                ToolProblem::StsKey,
                creds.access_key_id.clone(),
            ));
        }
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

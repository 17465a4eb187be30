//! What openshift-install needs of ramwiz: the installer's key reachable by path, and the
//! survey. openshift-install (like ccoctl) reads only the environment or `[default]` of
//! `ALIBABA_CLOUD_CREDENTIALS_FILE` / `~/.alibabacloud/credentials` (reference §2.1, §2.2), so
//! when the key went to another profile a file whose `[default]` is that key is written beside
//! it (0600, atomically) and the installer is pointed at it: a path in its environment, never
//! the secret, and never a survey question that would rewrite the person's credentials file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cco::{fail, run_logged, tool_report};
use super::{Reporter, Shared};
use crate::protocol::{ErrorReport, InstallerFile, JobOutput, Outcome};
use crate::secret::Secret;
use crate::strings::{self, ToolProblem};
use crate::tools::commands;

/// The variable openshift-install and ccoctl read a credentials file's path from.
pub const FILE_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// The file for a key saved to `profile` of `file`: that file itself when the profile is
/// `default`, else `<file>.<profile>` beside it. `plain` when it is the file a shell's
/// openshift-install reads with nothing set (`default_file`).
pub fn file_for(file: &Path, profile: &str, default_file: Option<&Path>) -> InstallerFile {
    if profile == "default" {
        return InstallerFile {
            path: file.to_path_buf(),
            written: false,
            plain: default_file == Some(file),
        };
    }
    InstallerFile {
        path: crate::creds::store::default_profile_file(file, profile),
        written: true,
        plain: false,
    }
}

pub fn no_key() -> ErrorReport {
    fail(
        strings::PROVISION_FAILED(),
        ToolProblem::NoKey,
        strings::NO_KEY_HELD(),
    )
}

/// Makes sure openshift-install can find the installer's key by path (see the module's doc).
pub async fn installer_credentials(
    shared: Arc<Shared>,
    saved: Option<(PathBuf, String)>,
    r: Reporter,
) {
    let out = async {
        let default_file = shared.config.tools.installer_default_credentials.clone();
        let (file, profile) = saved.ok_or_else(no_key)?;
        let f = file_for(&file, &profile, default_file.as_deref());
        if !f.written {
            return Ok(f);
        }
        let held = shared.installer.lock().await.clone();
        let (_, creds) = held.ok_or_else(no_key)?;
        let text = crate::creds::editor::upsert_profile(
            "",
            "default",
            &creds.access_key_id,
            &creds.secret,
        )
        .map_err(|e| {
            fail(
                strings::PROVISION_FAILED(),
                ToolProblem::Failed,
                e.to_string(),
            )
        })?;
        let path = f.path.clone();
        tokio::task::spawn_blocking(move || {
            crate::creds::atomic::write_private(&path, text.as_bytes())
        })
        .await
        .map_err(|e| {
            fail(
                strings::PROVISION_FAILED(),
                ToolProblem::Failed,
                e.to_string(),
            )
        })?
        .map_err(|e| {
            fail(
                strings::PROVISION_FAILED(),
                ToolProblem::Failed,
                format!("{}: {e}", f.path.display()),
            )
        })?;
        if let Some(j) = &shared.journal {
            j.record(
                "installer_file_written",
                &[
                    ("file", &f.path.display().to_string()),
                    ("key", &creds.access_key_id),
                ],
            );
        }
        Ok(f)
    }
    .await;
    r.finish(match out {
        Ok(f) => Outcome::Done(JobOutput::InstallerFile(f)),
        Err(rep) => Outcome::Failed(rep),
    });
}

/// `openshift-install create install-config` with the answers on its stdin (the headless
/// face; the terminal face runs it on the terminal instead).
pub async fn run_survey(
    shared: Arc<Shared>,
    installer: PathBuf,
    dir: PathBuf,
    credentials_file: Option<PathBuf>,
    answers: Option<Secret>,
    r: Reporter,
) {
    let mut inv = commands::create_install_config(&installer, &dir);
    if let Some(f) = &credentials_file {
        inv.env
            .push((FILE_VAR.into(), Secret::new(f.display().to_string())));
    }
    inv.stdin = answers;
    let out = run_logged(&shared, &r, inv).await;
    r.finish(match out {
        Ok(_) => Outcome::Done(JobOutput::Surveyed(true)),
        Err(e) => Outcome::Failed(tool_report(strings::PROVISION_FAILED(), &e)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_profile_is_used_as_it_is_and_any_other_gets_a_file_beside_it() {
        let f = Path::new("/h/.alibabacloud/credentials");
        let d = file_for(f, "default", Some(f));
        assert_eq!((d.path.as_path(), d.written, d.plain), (f, false, true));
        let demo = file_for(Path::new("/demo/credentials"), "default", Some(f));
        assert!(!demo.written && !demo.plain, "not what a shell reads");
        let o = file_for(f, "okd-installer", Some(f));
        assert_eq!(
            o.path,
            PathBuf::from("/h/.alibabacloud/credentials.okd-installer")
        );
        assert!(o.written && !o.plain);
    }
}

//! The manifests into the install dir, as it is found (reference §5):
//! - install-config.yaml only: `credentialsMode: Manual` set in it (after a backup), then
//!   `openshift-install create manifests` run (which consumes it), then the copy;
//! - manifests made: their mode must be Manual (ramwiz never edits `cluster-config.yaml`);
//!   then the copy;
//! - nothing yet: nothing to do until `create install-config` has run.
//!
//! The copy puts ccoctl's `*-credentials.yaml` into `<install dir>/manifests/`, never over a
//! differing file unless the person listed it.

use std::path::Path;
use std::sync::Arc;

use super::cco::{fail, run_logged, tool_report};
use super::{Reporter, Shared};
use crate::protocol::{InstallDirKind, InstallDirState, JobOutput, Outcome, Placement};
use crate::secret::Secret;
use crate::strings::{self, ToolProblem};
use crate::tools::{commands, installdir, manifests};

/// The `*-credentials.yaml` files of `<output>/manifests`, and whether each is 0600.
pub(super) fn manifests_of(output_dir: &Path) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = std::fs::read_dir(output_dir.join("manifests"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .ends_with("-credentials.yaml")
                })
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        mode_is_0600(&e.path()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn mode_is_0600(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o777 == 0o600)
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        true
    }
}

/// Sets `credentialsMode: Manual` in install-config.yaml (backed up first), when it lacks it.
fn set_manual(
    install_dir: &Path,
    st: &mut InstallDirState,
    now: time::OffsetDateTime,
) -> std::io::Result<()> {
    let config = install_dir.join("install-config.yaml");
    let text = crate::files::read_string(&config, crate::files::Limit::Config)?;
    if manifests::credentials_mode(&text).as_deref() == Some("Manual") {
        return Ok(());
    }
    // Checked before the backup: a file that cannot be edited is left as it is.
    let new = manifests::set_credentials_mode(&text, "Manual").map_err(|e| {
        std::io::Error::other(format!(
            "{}: {e}: {}",
            config.display(),
            strings::MANUAL_BY_HAND()
        ))
    })?;
    let stamp = crate::cloud::sign::format_timestamp(now).replace([':', '-'], "");
    let backup = install_dir.join(format!("install-config.yaml.ramwiz-backup-{stamp}"));
    std::fs::copy(&config, &backup)?;
    crate::creds::atomic::write_private(&config, new.as_bytes())?;
    st.manual_set = true;
    st.backup = Some(backup);
    Ok(())
}

/// Copies the manifests into `<install>/manifests/` (never over a differing file unless the
/// user listed it).
pub fn copy_manifests(
    output_dir: &Path,
    install_dir: &Path,
    overwrite: &[String],
    st: &mut InstallDirState,
) -> std::io::Result<()> {
    let target = install_dir.join("manifests");
    crate::creds::atomic::create_private_dir(&target)?;
    for (name, _) in manifests_of(output_dir) {
        let src = crate::files::read(
            &output_dir.join("manifests").join(&name),
            crate::files::Limit::Config,
        )?;
        let dst = target.join(&name);
        match crate::files::read(&dst, crate::files::Limit::Config) {
            Ok(existing) if existing == src => st.copied.push(name),
            Ok(_) if !overwrite.contains(&name) => st.differing.push(name),
            _ => {
                crate::creds::atomic::write_private(&dst, &src)?;
                st.written.push(name.clone());
                st.copied.push(name);
            }
        }
    }
    Ok(())
}

fn io_fail(e: std::io::Error, install_dir: &Path) -> crate::protocol::ErrorReport {
    fail(
        strings::PROVISION_FAILED(),
        ToolProblem::Failed,
        format!("{}: {e}", install_dir.display()),
    )
}

/// The whole placement, as the install dir is found (see the module's doc).
async fn place(
    shared: &Shared,
    p: &Placement,
    r: &Reporter,
) -> Result<InstallDirState, crate::protocol::ErrorReport> {
    let now = time::OffsetDateTime::now_utc();
    let dir = p.install_dir.clone();
    let mut st = InstallDirState {
        dir: dir.clone(),
        kind: installdir::inspect(&dir),
        ..Default::default()
    };
    if let InstallDirKind::Config { .. } = st.kind {
        if !p.manual {
            st.needs_manual = !st.kind.is_manual();
            return Ok(st);
        }
        let d = dir.clone();
        let mut s = st.clone();
        st = tokio::task::spawn_blocking(move || set_manual(&d, &mut s, now).map(|()| s))
            .await
            .map_err(|e| io_fail(std::io::Error::other(e.to_string()), &dir))?
            .map_err(|e| io_fail(e, &dir))?;
        let Some(installer) = &p.installer else {
            st.kind = installdir::inspect(&dir);
            return Ok(st);
        };
        let mut inv = commands::create_manifests(installer, &dir);
        if let Some(f) = &p.credentials_file {
            inv.env.push((
                "ALIBABA_CLOUD_CREDENTIALS_FILE".into(),
                Secret::new(f.display().to_string()),
            ));
        }
        run_logged(shared, r, inv)
            .await
            .map_err(|e| tool_report(strings::PROVISION_FAILED(), &e))?;
        st.manifests_made = true;
        st.kind = installdir::inspect(&dir);
    }
    match &st.kind {
        InstallDirKind::Empty => Ok(st),
        InstallDirKind::Config { .. } => Ok(st),
        k if k.manifests_not_manual() => Err(fail(
            strings::PROVISION_FAILED(),
            ToolProblem::ManifestsNotManual,
            dir.display().to_string(),
        )),
        InstallDirKind::Manifests { .. } => {
            let (o, i, over) = (p.output_dir.clone(), dir.clone(), p.overwrite.clone());
            tokio::task::spawn_blocking(move || {
                let mut s = st;
                copy_manifests(&o, &i, &over, &mut s).map(|()| s)
            })
            .await
            .map_err(|e| io_fail(std::io::Error::other(e.to_string()), &dir))?
            .map_err(|e| io_fail(e, &dir))
        }
    }
}

pub async fn place_manifests(shared: Arc<Shared>, placement: Placement, r: Reporter) {
    let res = place(&shared, &placement, &r).await;
    if let (Ok(st), Some(j)) = (&res, &shared.journal) {
        j.record(
            "manifests_placed",
            &[
                ("install_dir", &placement.install_dir.display().to_string()),
                ("copied", &st.copied.len().to_string()),
            ],
        );
    }
    r.finish(match res {
        Ok(st) => Outcome::Done(JobOutput::Placed(st)),
        Err(rep) => Outcome::Failed(rep),
    });
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn copying_never_overwrites_a_differing_manifest_unless_asked() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let inst = d.path().join("install");
        std::fs::create_dir_all(out.join("manifests")).unwrap();
        std::fs::create_dir_all(inst.join("manifests")).unwrap();
        std::fs::write(out.join("manifests/a-credentials.yaml"), "new").unwrap();
        std::fs::write(out.join("manifests/b-credentials.yaml"), "b").unwrap();
        std::fs::write(inst.join("manifests/a-credentials.yaml"), "old").unwrap();
        let mut st = InstallDirState::default();
        copy_manifests(&out, &inst, &[], &mut st).unwrap();
        assert_eq!(st.differing, vec!["a-credentials.yaml".to_owned()]);
        assert_eq!(st.copied, vec!["b-credentials.yaml".to_owned()]);
        assert_eq!(
            std::fs::read_to_string(inst.join("manifests/a-credentials.yaml")).unwrap(),
            "old"
        );
        let mut st = InstallDirState::default();
        copy_manifests(&out, &inst, &["a-credentials.yaml".to_owned()], &mut st).unwrap();
        assert!(st.differing.is_empty());
        assert_eq!(
            std::fs::read_to_string(inst.join("manifests/a-credentials.yaml")).unwrap(),
            "new"
        );
    }

    #[test]
    fn manual_mode_is_set_after_a_backup_and_only_once() {
        let d = tempfile::tempdir().unwrap();
        let inst = d.path();
        std::fs::write(
            inst.join("install-config.yaml"),
            "apiVersion: v1\ncredentialsMode: Mint\n",
        )
        .unwrap();
        let now = time::macros::datetime!(2026-11-29 10:00:00 UTC);
        let mut st = InstallDirState::default();
        set_manual(inst, &mut st, now).unwrap();
        assert!(st.manual_set);
        let cfg = std::fs::read_to_string(inst.join("install-config.yaml")).unwrap();
        assert_eq!(cfg, "apiVersion: v1\ncredentialsMode: Manual\n");
        assert!(
            std::fs::read_to_string(st.backup.unwrap())
                .unwrap()
                .contains("Mint")
        );
        let mut again = InstallDirState::default();
        set_manual(inst, &mut again, now).unwrap();
        assert!(
            !again.manual_set && again.backup.is_none(),
            "already Manual"
        );
    }
}

//! The manifests into the install dir: ccoctl's `*-credentials.yaml` copied into
//! `<install dir>/manifests/` (never over a differing file unless the person listed it), and
//! `credentialsMode: Manual` set in install-config.yaml when asked (after a backup).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cco::fail;
use super::{Reporter, Shared};
use crate::protocol::{InstallDirState, JobOutput, Outcome};
use crate::strings::{self, ToolProblem};
use crate::tools::manifests;

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

/// Copies the manifests into `<install>/manifests/` (never over a differing file unless the
/// user listed it), and sets `credentialsMode: Manual` when asked (after a backup).
pub fn place(
    output_dir: &Path,
    install_dir: &Path,
    overwrite: &[String],
    manual: bool,
    now: time::OffsetDateTime,
) -> std::io::Result<InstallDirState> {
    let mut st = InstallDirState::default();
    let target = install_dir.join("manifests");
    crate::creds::atomic::create_private_dir(&target)?;
    for (name, _) in manifests_of(output_dir) {
        let src = std::fs::read(output_dir.join("manifests").join(&name))?;
        let dst = target.join(&name);
        match std::fs::read(&dst) {
            Ok(existing) if existing == src => st.copied.push(name),
            Ok(_) if !overwrite.contains(&name) => st.differing.push(name),
            _ => {
                crate::creds::atomic::write_private(&dst, &src)?;
                st.copied.push(name);
            }
        }
    }
    let config = install_dir.join("install-config.yaml");
    if let Ok(text) = std::fs::read_to_string(&config) {
        let mode = manifests::credentials_mode(&text);
        st.needs_manual = mode.as_deref() != Some("Manual");
        if st.needs_manual && manual {
            // Checked before the backup: a file that cannot be edited is left as it is.
            let new = manifests::set_credentials_mode(&text, "Manual").map_err(|e| {
                std::io::Error::other(format!(
                    "{}: {e}: {}",
                    config.display(),
                    strings::MANUAL_BY_HAND
                ))
            })?;
            let stamp = crate::cloud::sign::format_timestamp(now).replace([':', '-'], "");
            let backup = install_dir.join(format!("install-config.yaml.ramwiz-backup-{stamp}"));
            std::fs::copy(&config, &backup)?;
            crate::creds::atomic::write_private(&config, new.as_bytes())?;
            st.needs_manual = false;
            st.manual_set = true;
            st.backup = Some(backup);
        }
    }
    Ok(st)
}

pub async fn place_manifests(
    shared: Arc<Shared>,
    output_dir: PathBuf,
    install_dir: PathBuf,
    overwrite: Vec<String>,
    manual: bool,
    r: Reporter,
) {
    let now = time::OffsetDateTime::now_utc();
    let (o, i) = (output_dir.clone(), install_dir.clone());
    let res = tokio::task::spawn_blocking(move || place(&o, &i, &overwrite, manual, now)).await;
    if let (Ok(Ok(st)), Some(j)) = (&res, &shared.journal) {
        j.record(
            "manifests_placed",
            &[
                ("install_dir", &install_dir.display().to_string()),
                ("copied", &st.copied.len().to_string()),
            ],
        );
    }
    r.finish(match res {
        Ok(Ok(st)) => Outcome::Done(JobOutput::Placed(st)),
        Ok(Err(e)) => Outcome::Failed(fail(
            strings::PROVISION_FAILED,
            ToolProblem::Failed,
            format!("{}: {e}", install_dir.display()),
        )),
        Err(e) => Outcome::Failed(fail(
            strings::PROVISION_FAILED,
            ToolProblem::Failed,
            e.to_string(),
        )),
    });
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn placing_never_overwrites_a_differing_manifest_unless_asked_and_sets_manual_mode() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let inst = d.path().join("install");
        std::fs::create_dir_all(out.join("manifests")).unwrap();
        std::fs::create_dir_all(inst.join("manifests")).unwrap();
        std::fs::write(out.join("manifests/a-credentials.yaml"), "new").unwrap();
        std::fs::write(out.join("manifests/b-credentials.yaml"), "b").unwrap();
        std::fs::write(inst.join("manifests/a-credentials.yaml"), "old").unwrap();
        std::fs::write(
            inst.join("install-config.yaml"),
            "apiVersion: v1\ncredentialsMode: Mint\n",
        )
        .unwrap();
        let now = time::macros::datetime!(2026-11-29 10:00:00 UTC);
        let st = place(&out, &inst, &[], false, now).unwrap();
        assert_eq!(st.differing, vec!["a-credentials.yaml".to_owned()]);
        assert_eq!(st.copied, vec!["b-credentials.yaml".to_owned()]);
        assert!(st.needs_manual);
        assert_eq!(
            std::fs::read_to_string(inst.join("manifests/a-credentials.yaml")).unwrap(),
            "old"
        );
        let st = place(&out, &inst, &["a-credentials.yaml".to_owned()], true, now).unwrap();
        assert!(st.differing.is_empty() && st.manual_set);
        assert_eq!(
            std::fs::read_to_string(inst.join("manifests/a-credentials.yaml")).unwrap(),
            "new"
        );
        let cfg = std::fs::read_to_string(inst.join("install-config.yaml")).unwrap();
        assert_eq!(cfg, "apiVersion: v1\ncredentialsMode: Manual\n");
        assert!(
            std::fs::read_to_string(st.backup.unwrap())
                .unwrap()
                .contains("Mint")
        );
    }
}

//! Which state an install dir is in, read from its files as `openshift-install` leaves them
//! (reference §5): nothing yet; install-config.yaml only (`create install-config` ran); or the
//! manifests (`create manifests` ran and consumed install-config.yaml, whose content now lives
//! in `manifests/cluster-config.yaml`). Reads files, writes nothing.

use std::path::Path;

use super::manifests;
use crate::protocol::InstallDirKind;

/// The infrastructure manifest `create manifests` writes.
pub const INFRA_MANIFEST: &str = "manifests/cluster-infrastructure-02-config.yml";

fn read(p: &Path) -> Option<String> {
    crate::files::read_string(p, crate::files::Limit::Config).ok()
}

/// The state `dir` is in. An install-config.yaml present wins: it is what the installer
/// consumes next, whatever it made before.
pub fn inspect(dir: &Path) -> InstallDirKind {
    if let Some(text) = read(&dir.join("install-config.yaml")) {
        return InstallDirKind::Config {
            cluster_name: manifests::cluster_name(&text),
            credentials_mode: manifests::credentials_mode(&text),
        };
    }
    let infra_name =
        read(&dir.join(INFRA_MANIFEST)).and_then(|t| manifests::infrastructure_name(&t));
    let config = read(&dir.join("manifests/cluster-config.yaml"));
    if config.is_none() && infra_name.is_none() {
        return InstallDirKind::Empty;
    }
    InstallDirKind::Manifests {
        infra_name,
        credentials_mode: config
            .as_deref()
            .and_then(manifests::embedded_install_config)
            .and_then(|c| manifests::credentials_mode(&c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_is_read_from_its_files() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(inspect(&d.path().join("missing")), InstallDirKind::Empty);
        assert_eq!(inspect(d.path()), InstallDirKind::Empty);
        std::fs::write(
            d.path().join("install-config.yaml"),
            "apiVersion: v1\nmetadata:\n  name: okd-a\n",
        )
        .unwrap();
        assert_eq!(
            inspect(d.path()),
            InstallDirKind::Config {
                cluster_name: Some("okd-a".into()),
                credentials_mode: None
            }
        );
        std::fs::remove_file(d.path().join("install-config.yaml")).unwrap();
        std::fs::create_dir(d.path().join("manifests")).unwrap();
        std::fs::write(
            d.path().join("manifests/cluster-config.yaml"),
            "apiVersion: v1\ndata:\n  install-config: |\n    apiVersion: v1\n    credentialsMode: Manual\nkind: ConfigMap\n",
        )
        .unwrap();
        std::fs::write(
            d.path().join(INFRA_MANIFEST),
            "kind: Infrastructure\nstatus:\n  infrastructureName: okd-a-x7k2p\n",
        )
        .unwrap();
        let k = inspect(d.path());
        assert_eq!(
            k,
            InstallDirKind::Manifests {
                infra_name: Some("okd-a-x7k2p".into()),
                credentials_mode: Some("Manual".into())
            }
        );
        assert!(k.is_manual() && !k.manifests_not_manual());
    }
}

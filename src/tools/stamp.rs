//! What ramwiz extracted into a ccoctl directory: `.ccoctl.ramwiz`, beside `ccoctl`, says from
//! which cloud-credential-operator image (and release) it came, and ccoctl's size and mtime as
//! extracted. A rerun for the same release finds it in place and does not extract it again; a
//! dry run, which runs no tool, recognises it by the installer it was found with (its path,
//! size and mtime). Size and mtime, not a hash: any copy or download over a file changes its
//! mtime, and hashing a real ccoctl (~100 MB) and openshift-install (~500 MB) on every run
//! would cost seconds. ccoctl is still run (`--help`) before it is used.

use std::path::Path;

pub const FILE: &str = ".ccoctl.ramwiz";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamp {
    pub cco_image: String,
    pub release_image: String,
    pub version: String,
    pub ccoctl_fingerprint: String,
    pub installer: String,
    pub installer_fingerprint: String,
}

/// A file's size and modification time.
fn fingerprint(p: &Path) -> Option<String> {
    let m = std::fs::metadata(p).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("{}:{mtime}", m.len()))
}

impl Stamp {
    /// The ccoctl there came from `cco_image` of `release_image` (the same release: its
    /// CredentialsRequests are the same too), and is as it was extracted.
    pub fn matches(&self, cco_image: &str, release_image: &str, ccoctl: &Path) -> bool {
        self.cco_image == cco_image
            && self.release_image == release_image
            && fingerprint(ccoctl).as_deref() == Some(&self.ccoctl_fingerprint)
    }

    /// For a dry run: the same installer as when it was extracted, and ccoctl as extracted.
    pub fn matches_installer(&self, installer: &Path, ccoctl: &Path) -> bool {
        self.installer == installer.display().to_string()
            && fingerprint(installer).as_deref() == Some(&self.installer_fingerprint)
            && fingerprint(ccoctl).as_deref() == Some(&self.ccoctl_fingerprint)
    }
}

pub fn read(dir: &Path) -> Option<Stamp> {
    let text = crate::files::read_string(&dir.join(FILE), crate::files::Limit::Config).ok()?;
    let mut s = Stamp::default();
    for line in text.lines() {
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = v.trim().to_owned();
        match k.trim() {
            "cco_image" => s.cco_image = v,
            "release_image" => s.release_image = v,
            "version" => s.version = v,
            "ccoctl_fingerprint" => s.ccoctl_fingerprint = v,
            "installer" => s.installer = v,
            "installer_fingerprint" => s.installer_fingerprint = v,
            _ => {}
        }
    }
    (!s.cco_image.is_empty() && !s.ccoctl_fingerprint.is_empty()).then_some(s)
}

pub fn write(
    dir: &Path,
    cco_image: &str,
    release_image: &str,
    version: &str,
    ccoctl: &Path,
    installer: &Path,
) -> std::io::Result<()> {
    let cc = fingerprint(ccoctl)
        .ok_or_else(|| std::io::Error::other(crate::strings::CCOCTL_UNREADABLE()))?;
    let text = format!(
        "# Written by ramwiz: where ccoctl came from (a rerun for the same release keeps it).\n\
         cco_image={cco_image}\nrelease_image={release_image}\nversion={version}\n\
         ccoctl_fingerprint={cc}\ninstaller={}\ninstaller_fingerprint={}\n",
        installer.display(),
        fingerprint(installer).unwrap_or_default()
    );
    crate::creds::atomic::write_private(&dir.join(FILE), text.as_bytes()).map(drop)
}

/// Beside ccoctl's `manifests/` in its output dir: the `--name` and `--region` they were made
/// with (a rerun that keeps them reports, and tears down, the same names).
pub const RUN_FILE: &str = ".ccoctl-run.ramwiz";

pub fn write_run(output_dir: &Path, name: &str, region: &str) -> std::io::Result<()> {
    let text = format!(
        "# Written by ramwiz: the ccoctl run that made manifests/.\nname={name}\nregion={region}\n"
    );
    crate::creds::atomic::write_private(&output_dir.join(RUN_FILE), text.as_bytes()).map(drop)
}

/// (name, region) of the run that made the output dir's manifests, when ramwiz ran it.
pub fn read_run(output_dir: &Path) -> Option<(String, String)> {
    let text =
        crate::files::read_string(&output_dir.join(RUN_FILE), crate::files::Limit::Config).ok()?;
    let get = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(k)?.strip_prefix('='))
            .map(|v| v.trim().to_owned())
    };
    Some((get("name")?, get("region")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_matches_only_the_same_image_and_the_same_bytes() {
        let d = tempfile::tempdir().unwrap();
        let cc = d.path().join("ccoctl");
        let inst = d.path().join("openshift-install");
        std::fs::write(&cc, "binary v1").unwrap();
        std::fs::write(&inst, "installer").unwrap();
        write(d.path(), "img@sha256:1", "rel", "4.15", &cc, &inst).unwrap();
        let s = read(d.path()).unwrap();
        assert!(s.matches("img@sha256:1", "rel", &cc));
        assert!(
            !s.matches("img@sha256:1", "rel2", &cc),
            "another release, same image"
        );
        assert!(s.matches_installer(&inst, &cc));
        assert!(!s.matches("img@sha256:2", "rel", &cc), "another image");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&cc, "binary v2").unwrap();
        assert!(!s.matches("img@sha256:1", "rel", &cc), "replaced since");
        assert!(!s.matches_installer(&inst, &cc));
        std::fs::remove_file(d.path().join(FILE)).unwrap();
        assert_eq!(read(d.path()), None);
        write_run(d.path(), "okd-x", "cn-beijing").unwrap();
        assert_eq!(
            read_run(d.path()),
            Some(("okd-x".into(), "cn-beijing".into()))
        );
    }
}

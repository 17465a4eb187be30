//! What `openshift-install version` says, the version window Alibaba Cloud installs exist for
//! (4.10–4.15), the release architecture against this host's, and the pull secret's shape.
//! Pure: text in, facts out.

use crate::protocol::InstallerVersion;

/// Reads `openshift-install version`: the first line is `<argv0> <version>`, the rest are
/// matched by prefix, in any order.
pub fn parse_installer_version(stdout: &str) -> Option<InstallerVersion> {
    let mut lines = stdout.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    let version = first.split_whitespace().nth(1)?.to_owned();
    let mut v = InstallerVersion {
        version,
        ..Default::default()
    };
    for l in lines {
        let value = |p: &str| l.strip_prefix(p).map(|x| x.trim().to_owned());
        if let Some(x) = value("built from commit ") {
            v.commit = Some(x);
        } else if let Some(x) = value("release image ") {
            v.release_image = Some(x);
        } else if let Some(x) = value("release architecture ") {
            v.architecture = Some(x);
        } else if let Some(x) = value("default architecture ") {
            v.default_architecture = Some(x);
        }
    }
    Some(v)
}

/// Major and minor of an OKD (`4.15.0-0.okd-2024-03-10-010116`) or OCP (`4.14.8`,
/// `4.11.0-0.nightly-2022-…`) version.
pub fn major_minor(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.trim().trim_start_matches('v').split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// Whether a release can install on Alibaba Cloud, and why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionGate {
    Supported,
    /// Before 4.10 there was no Alibaba Cloud platform.
    TooOld,
    /// From 4.16 the installer has no Alibaba Cloud platform.
    TooNew,
    Unreadable,
}

pub fn gate(version: &str) -> VersionGate {
    match major_minor(version) {
        None => VersionGate::Unreadable,
        Some((4, m)) if (10..=15).contains(&m) => VersionGate::Supported,
        Some((maj, m)) if maj < 4 || (maj == 4 && m < 10) => VersionGate::TooOld,
        Some(_) => VersionGate::TooNew,
    }
}

/// This host's architecture in release-image terms (`uname -m` → Go arch).
pub fn host_arch(uname_m: &str) -> String {
    match uname_m {
        "x86_64" | "amd64" => "amd64".into(),
        "aarch64" | "arm64" => "arm64".into(),
        other => other.into(), // ppc64le, s390x are the same in both
    }
}

/// The host's architecture as Rust knows it, mapped like `uname -m`.
pub fn this_host() -> String {
    host_arch(std::env::consts::ARCH)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchCheck {
    Matches,
    /// `multi`: oc picks the host's variant.
    Multi,
    /// The installer does not say (old installer, or `unknown`): a warning, not a stop.
    Unknown,
    Mismatch {
        release: String,
        host: String,
    },
}

pub fn check_arch(release: Option<&str>, host: &str) -> ArchCheck {
    match release {
        None | Some("unknown") | Some("") => ArchCheck::Unknown,
        Some("multi") => ArchCheck::Multi,
        Some(r) if r == host => ArchCheck::Matches,
        Some(r) => ArchCheck::Mismatch {
            release: r.to_owned(),
            host: host.to_owned(),
        },
    }
}

/// A pull secret must be JSON with an `auths` object.
pub fn check_pull_secret(text: &str) -> Result<usize, String> {
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| crate::strings::pull_secret_not_json(e.to_string()))?;
    match v.get("auths") {
        Some(serde_json::Value::Object(m)) => Ok(m.len()),
        _ => Err(crate::strings::PULL_SECRET_NO_AUTHS().into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &str = "./openshift-install 4.15.0-0.okd-2024-03-10-010116\nbuilt from commit 1d4b4a0cbfe3ec6ea1b3bc1e4f77d5ed45e0b8dc\nrelease image quay.io/openshift/okd@sha256:3f6d1c2e\nrelease architecture amd64\n";
    const OLD: &str = "openshift-install 4.10.0\nbuilt from commit abc\nrelease image quay.io/openshift-release-dev/ocp-release@sha256:0f\n";
    const MULTI: &str = "./openshift-install 4.11.0-0.nightly-multi-2022-05-25-123329\nbuilt from commit x\nrelease image quay.io/openshift-release-dev/ocp-release-nightly@sha256:aa\nrelease architecture multi\ndefault architecture amd64\n";

    #[test]
    fn parses_new_old_and_multi_outputs() {
        let v = parse_installer_version(NEW).unwrap();
        assert_eq!(v.version, "4.15.0-0.okd-2024-03-10-010116");
        assert_eq!(
            v.release_image.as_deref(),
            Some("quay.io/openshift/okd@sha256:3f6d1c2e")
        );
        assert_eq!(v.architecture.as_deref(), Some("amd64"));
        let v = parse_installer_version(OLD).unwrap();
        assert_eq!(v.architecture, None);
        assert_eq!(v.version, "4.10.0");
        let v = parse_installer_version(MULTI).unwrap();
        assert_eq!(
            (v.architecture.as_deref(), v.default_architecture.as_deref()),
            (Some("multi"), Some("amd64"))
        );
        let unknown = NEW.replace("architecture amd64", "architecture unknown");
        assert_eq!(
            parse_installer_version(&unknown)
                .unwrap()
                .architecture
                .as_deref(),
            Some("unknown")
        );
        assert_eq!(parse_installer_version(""), None);
        assert_eq!(parse_installer_version("garbage"), None);
    }

    #[test]
    fn the_version_window_is_4_10_to_4_15() {
        assert_eq!(
            gate("4.15.0-0.okd-2024-03-10-010116"),
            VersionGate::Supported
        );
        assert_eq!(gate("4.14.8"), VersionGate::Supported);
        assert_eq!(
            gate("4.10.0-0.nightly-2022-01-01-000000"),
            VersionGate::Supported
        );
        assert_eq!(gate("4.9.59"), VersionGate::TooOld);
        assert_eq!(gate("4.16.0"), VersionGate::TooNew);
        assert_eq!(gate("5.0.0"), VersionGate::TooNew);
        assert_eq!(gate("latest"), VersionGate::Unreadable);
        assert_eq!(major_minor("v4.12.3"), Some((4, 12)));
    }

    #[test]
    fn architectures_map_and_compare() {
        assert_eq!(host_arch("x86_64"), "amd64");
        assert_eq!(host_arch("aarch64"), "arm64");
        assert_eq!(host_arch("ppc64le"), "ppc64le");
        assert_eq!(check_arch(Some("amd64"), "amd64"), ArchCheck::Matches);
        assert_eq!(check_arch(Some("multi"), "arm64"), ArchCheck::Multi);
        assert_eq!(check_arch(None, "amd64"), ArchCheck::Unknown);
        assert_eq!(check_arch(Some("unknown"), "amd64"), ArchCheck::Unknown);
        assert!(matches!(
            check_arch(Some("arm64"), "amd64"),
            ArchCheck::Mismatch { .. }
        ));
    }

    #[test]
    fn pull_secrets_need_auths() {
        assert_eq!(
            check_pull_secret(r#"{"auths":{"quay.io":{"auth":"x"}}}"#),
            Ok(1)
        );
        assert!(check_pull_secret(r#"{"x":1}"#).is_err());
        assert!(check_pull_secret("nope").is_err());
    }
}

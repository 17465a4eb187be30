//! The simulated outside tools: `openshift-install`, `oc` and `ccoctl`, played by the ramwiz
//! binary itself in multi-call mode (argv[0] decides). A test double of the outside world for
//! `--demo` and the tests, printing what the real tools print (reference `okd-ccoctl.md` §2–5).
//!
//! Owns the public surface ([`dispatch_argv0`], [`install`], the `ENV_*` names), fault parsing,
//! paced output, and the deterministic digests. The tools: `installer` (`openshift-install
//! version`, and the install dir's lifecycle: `installer_config` the survey, `installer_manifests`
//! and `installer_cluster`), `oc` (release info / image extract / credentials-requests extract,
//! with `crs` for the CredentialsRequests), `ccoctl` (command line, help, credentials) and
//! `ccoctl_ram` (the RAM call sequences), with `ccoctl_read` reading the CredentialsRequests
//! back and `ccoctl_creds` the SDK's credential chain both ccoctl and the installer follow.

mod ccoctl;
mod ccoctl_creds;
mod ccoctl_delete;
mod ccoctl_ram;
mod ccoctl_read;
mod crs;
mod installer;
mod installer_cluster;
mod installer_config;
mod installer_manifests;
mod oc;

pub use installer_config::{Survey, write_install_config};

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use sha1::{Digest as _, Sha1};

/// The release version `openshift-install version` reports (and every digest derives from).
/// Default [`DEFAULT_RELEASE`]. A version without `okd` in it (e.g. `4.14.8`) is taken as OCP:
/// its release image lives in `quay.io/openshift-release-dev/ocp-release`.
pub const ENV_RELEASE: &str = "RAMWIZ_SIM_RELEASE";
/// The `release architecture` line of `openshift-install version`: `amd64`, `arm64`,
/// `ppc64le`, `s390x`, `multi`, `unknown` (plus a warning on stderr) or `none` (no line at all,
/// like 4.10-era installers). `multi` and `unknown` add `default architecture amd64`. Default:
/// the host's architecture in Go's spelling (x86_64 → amd64, aarch64 → arm64, …).
pub const ENV_ARCH: &str = "RAMWIZ_SIM_ARCH";
/// Faults to inject, comma-separated: `oc-unauthorized` (every oc command that reads an image
/// fails with `unauthorized: authentication required`), `ccoctl-glibc` (ccoctl fails to start
/// with the GLIBC_2.34 loader error), `ccoctl-no-alibabacloud` (`ccoctl --help` lists no
/// alibabacloud command, and the command is unknown), `ccoctl-die-after=N` (create-ram-users
/// processes N CredentialsRequests, then exits with 137 as if killed, printing nothing more),
/// `slow=MS` (every tool sleeps MS milliseconds before each output line; with
/// `slow-only=WORD`, only a run whose tool or an argument is WORD, e.g. `create-ram-users`),
/// `installer-fail`
/// (openshift-install exits 1 with an error on stderr).
pub const ENV_FAULT: &str = "RAMWIZ_SIM_FAULT";
/// Tests: a directory where each simulated tool run writes which key variables it was given,
/// each value as its SHA-256 (never the value), one file per run.
pub const ENV_DUMP: &str = "RAMWIZ_SIM_ENV_DUMP";

/// Writes `<dir>/<tool>-<pid>.env`: `NAME sha256(value)` for each key variable present.
fn dump_env(tool: &str) {
    use sha2::{Digest, Sha256};
    let Some(dir) = std::env::var_os(ENV_DUMP) else {
        return;
    };
    let mut text = String::new();
    for k in crate::hardening::SECRET_ENV {
        if let Ok(v) = std::env::var(k) {
            let h: String = Sha256::digest(v.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            text.push_str(&format!("{k} {h}\n"));
        }
    }
    let path = Path::new(&dir).join(format!("{tool}-{}.env", std::process::id()));
    let _ = std::fs::write(path, text);
}
/// The RAM endpoint the simulated ccoctl calls (e.g. `http://127.0.0.1:PORT` of the simulated
/// cloud). Required for `create-ram-users` / `delete-ram-users`: when unset, ccoctl fails as a
/// real one that cannot reach `ram.aliyuncs.com` does.
pub const ENV_RAM_ENDPOINT: &str = "RAMWIZ_RAM_ENDPOINT";
/// The release version when [`ENV_RELEASE`] is unset.
pub const DEFAULT_RELEASE: &str = "4.15.0-0.okd-2024-03-10-010116";

/// If argv[0]'s file name is openshift-install, oc or ccoctl, run that simulated tool and return
/// its exit code.
pub fn dispatch_argv0() -> Option<ExitCode> {
    let mut argv = std::env::args_os();
    let argv0 = argv.next()?;
    let name = Path::new(&argv0).file_name()?.to_str()?.to_owned();
    let tool: fn(&Ctx) -> u8 = match name.as_str() {
        "openshift-install" => installer::run,
        "oc" => oc::run,
        "ccoctl" => ccoctl::run,
        _ => return None,
    };
    dump_env(&name);
    let faults = Faults::parse(&std::env::var(ENV_FAULT).unwrap_or_default());
    let args: Vec<String> = argv.map(|a| a.to_string_lossy().into_owned()).collect();
    let slow = faults.slow.filter(|_| {
        faults
            .slow_only
            .as_deref()
            .is_none_or(|w| w == name || args.iter().any(|a| a == w))
    });
    let ctx = Ctx {
        argv0: argv0.to_string_lossy().into_owned(),
        args,
        out: Out { slow },
        faults,
    };
    Some(ExitCode::from(tool(&ctx)))
}

/// Create `bin_dir` (0755) holding copies of the current executable named `openshift-install`
/// and `oc` (mode 0755). Returns the two paths. ccoctl is not placed there: the simulated
/// `oc image extract` writes it, as the real one does.
pub fn install(bin_dir: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    install_from(bin_dir, &std::env::current_exe()?)
}

/// The same, from a given ramwiz executable (tests run from a test binary).
pub fn install_from(bin_dir: &Path, exe: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(bin_dir)?;
    set_mode(bin_dir, 0o755)?;
    let installer = bin_dir.join("openshift-install");
    let oc = bin_dir.join("oc");
    for dest in [&installer, &oc] {
        copy_exe(exe, dest, 0o755)?;
    }
    Ok((installer, oc))
}

/// Copies an executable through a temporary name and a rename, so a running copy at `dest`
/// (busy text file) is replaced rather than written into.
fn copy_exe(exe: &Path, dest: &Path, mode: u32) -> std::io::Result<()> {
    // A copy as large as the executable and made after it is that executable: kept, so a
    // demo dir's tools look to ramwiz as a real install's do from one run to the next.
    if let (Ok(src), Ok(there)) = (std::fs::metadata(exe), std::fs::metadata(dest))
        && src.len() == there.len()
        && let (Ok(made), Ok(built)) = (there.modified(), src.modified())
        && made >= built
    {
        return set_mode(dest, mode);
    }
    let dir = dest.parent().unwrap_or(Path::new("."));
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("tool");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::copy(exe, &tmp)?;
    set_mode(&tmp, mode)?;
    std::fs::rename(&tmp, dest).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// One run of a simulated tool.
pub(crate) struct Ctx {
    /// argv[0] exactly as invoked.
    pub argv0: String,
    pub args: Vec<String>,
    pub faults: Faults,
    pub out: Out,
}

/// The faults of [`ENV_FAULT`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Faults {
    pub oc_unauthorized: bool,
    pub ccoctl_glibc: bool,
    pub ccoctl_no_alibabacloud: bool,
    pub ccoctl_die_after: Option<usize>,
    pub slow: Option<Duration>,
    /// `slow` only for a run of this tool, or with this argument.
    pub slow_only: Option<String>,
    pub installer_fail: bool,
}

impl Faults {
    /// Unknown names are ignored (a typo must not turn into a different fault).
    pub fn parse(s: &str) -> Faults {
        let mut f = Faults::default();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (key, value) = item.split_once('=').unwrap_or((item, ""));
            match key {
                "oc-unauthorized" => f.oc_unauthorized = true,
                "ccoctl-glibc" => f.ccoctl_glibc = true,
                "ccoctl-no-alibabacloud" => f.ccoctl_no_alibabacloud = true,
                "ccoctl-die-after" => f.ccoctl_die_after = value.trim().parse().ok(),
                "slow" => f.slow = value.trim().parse().ok().map(Duration::from_millis),
                "slow-only" => f.slow_only = Some(value.trim().to_owned()),
                "installer-fail" => f.installer_fail = true,
                _ => {}
            }
        }
        f
    }
}

/// Output, paced by the `slow=MS` fault: a sleep before each line.
pub(crate) struct Out {
    pub slow: Option<Duration>,
}

impl Out {
    fn pace(&self) {
        if let Some(d) = self.slow {
            std::thread::sleep(d);
        }
    }

    /// Writes `text` (one or more lines; a newline is added) to stdout.
    pub fn out(&self, text: &str) {
        for line in text.split('\n') {
            self.pace();
            let mut o = std::io::stdout().lock();
            let _ = writeln!(o, "{line}");
            let _ = o.flush();
        }
    }

    /// Writes `text` (one or more lines; a newline is added) to stderr.
    pub fn err(&self, text: &str) {
        for line in text.split('\n') {
            self.pace();
            let mut e = std::io::stderr().lock();
            let _ = writeln!(e, "{line}");
            let _ = e.flush();
        }
    }
}

/// 40 lowercase hex digits derived from `seed` (a commit id).
pub(crate) fn hex40(seed: &str) -> String {
    Sha1::digest(seed.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 64 lowercase hex digits derived from `seed` (a sha256 digest lookalike).
pub(crate) fn hex64(seed: &str) -> String {
    let mut s = hex40(&format!("a:{seed}"));
    s.push_str(&hex40(&format!("b:{seed}")));
    s.truncate(64);
    s
}

/// The release version in use.
pub(crate) fn release_version() -> String {
    std::env::var(ENV_RELEASE)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_RELEASE.to_owned())
}

/// True for an OKD version (`…okd…`), false for an OCP-style one (`4.14.8`).
pub(crate) fn is_okd(version: &str) -> bool {
    version.contains("okd")
}

/// The release image pullspec of a version.
pub(crate) fn release_image(version: &str) -> String {
    let repo = if is_okd(version) {
        "quay.io/openshift/okd"
    } else {
        "quay.io/openshift-release-dev/ocp-release"
    };
    format!("{repo}@sha256:{}", hex64(&format!("release:{version}")))
}

/// The host architecture in Go's spelling.
pub(crate) fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "powerpc64" => "ppc64le",
        "s390x" => "s390x",
        "x86" => "386",
        other => other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_lists_and_ignore_unknown_names() {
        let f = Faults::parse("slow=25, ccoctl-die-after=2,bogus,oc-unauthorized");
        assert_eq!(f.slow, Some(Duration::from_millis(25)));
        assert_eq!(f.ccoctl_die_after, Some(2));
        assert!(f.oc_unauthorized && !f.ccoctl_glibc && !f.installer_fail);
        assert_eq!(Faults::parse(""), Faults::default());
    }

    #[test]
    fn install_copies_the_executable_under_both_names() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        let (installer, oc) = install(&bin).unwrap();
        assert_eq!(
            (installer.file_name().unwrap(), oc.file_name().unwrap()),
            ("openshift-install".as_ref(), "oc".as_ref())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                (mode(&bin), mode(&installer), mode(&oc)),
                (0o755, 0o755, 0o755)
            );
        }
        let exe_len = std::fs::metadata(std::env::current_exe().unwrap())
            .unwrap()
            .len();
        assert_eq!(std::fs::metadata(&oc).unwrap().len(), exe_len);
        assert!(!bin.join("ccoctl").exists());
        install(&bin).unwrap();
        assert_eq!(std::fs::read_dir(&bin).unwrap().count(), 2);
    }

    #[test]
    fn digests_are_deterministic_hex() {
        assert_eq!(hex40("x"), hex40("x"));
        assert_ne!(hex40("x"), hex40("y"));
        let h = hex64("x");
        assert_eq!(h.len(), 64);
        assert!(
            h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert!(
            release_image("4.14.8")
                .starts_with("quay.io/openshift-release-dev/ocp-release@sha256:")
        );
        assert!(release_image(DEFAULT_RELEASE).starts_with("quay.io/openshift/okd@sha256:"));
    }
}

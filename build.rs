//! The version `--version` prints: the package's, and the commit it was built from when built
//! from a git checkout (`0.1.0 (abc1234def567)`). Without git, or outside a checkout (a crate
//! tarball), the package version alone. (No "-dirty" mark: an edit does not rerun this script,
//! so such a mark would go stale.)

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let full = match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=RAMWIZ_VERSION={full}");
    // A new commit or checkout changes HEAD or the ref it names.
    println!("cargo:rerun-if-changed=.git/HEAD");
    if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]) {
        println!("cargo:rerun-if-changed=.git/{r}");
    }
}

//! The simulated `openshift-install`: `version` (reference §3.1, with the architecture line of
//! [`super::ENV_ARCH`] and the `installer-fail` fault), and the install dir's lifecycle as the
//! real one leaves it (reference §5): `create install-config` (the survey, `installer_config`),
//! `create manifests` (consumes install-config.yaml, `installer_manifests`) and `create
//! cluster` (installs nothing: checks all a real install needs, `installer_cluster`).

use std::path::{Path, PathBuf};

use super::{Ctx, ENV_ARCH, hex40, host_arch, installer_cluster, installer_config};
use super::{installer_manifests, release_image, release_version};

const OVERRIDE: &str = "OPENSHIFT_INSTALL_RELEASE_IMAGE_OVERRIDE";

/// The command line: the words, and `--dir` (default: the current directory).
struct Args {
    words: Vec<String>,
    dir: PathBuf,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut words = Vec::new();
    let mut dir = PathBuf::from(".");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("--dir=") {
            dir = PathBuf::from(v);
        } else if a == "--dir" {
            dir = PathBuf::from(it.next().ok_or("Error: flag needs an argument: --dir")?);
        } else if a.starts_with("--log-level") {
            if a == "--log-level" {
                it.next();
            }
        } else if a.starts_with('-') && !matches!(a.as_str(), "-h" | "--help") {
            return Err(format!("Error: unknown flag: {a}"));
        } else {
            words.push(a.clone());
        }
    }
    Ok(Args { words, dir })
}

pub(super) fn run(ctx: &Ctx) -> u8 {
    if ctx.faults.installer_fail {
        ctx.out.err(
            "level=fatal msg=\"Error executing openshift-install: simulated failure (RAMWIZ_SIM_FAULT=installer-fail)\"",
        );
        return 1;
    }
    let args = match parse(&ctx.args) {
        Ok(a) => a,
        Err(e) => {
            ctx.out.err(&e);
            ctx.out.err("Run 'openshift-install --help' for usage.");
            return 1;
        }
    };
    let words: Vec<&str> = args.words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["version"] => {
            version(ctx);
            0
        }
        [] | ["-h" | "--help" | "help", ..] => {
            ctx.out.out(USAGE);
            0
        }
        ["create", "install-config"] => installer_config::create(ctx, &args.dir),
        ["create", "manifests"] => installer_manifests::create(ctx, &args.dir),
        ["create", "cluster"] => installer_cluster::create(ctx, &args.dir),
        ["create", target] => {
            ctx.out.err(&format!(
                "Error: unknown command \"{target}\" for \"openshift-install create\""
            ));
            1
        }
        [first, ..] => {
            ctx.out.err(&format!(
                "Error: unknown command \"{first}\" for \"openshift-install\""
            ));
            ctx.out.err("Run 'openshift-install --help' for usage.");
            1
        }
    }
}

const USAGE: &str = "Creates OpenShift clusters

Usage:
  openshift-install [command]

Available Commands:
  create      Create part of an OpenShift cluster
  version     Print version information

Flags:
      --dir string         assets directory (default \".\")
  -h, --help               help for openshift-install
      --log-level string   log level (e.g. \"debug | info | warn | error\") (default \"info\")

Use \"openshift-install [command] --help\" for more information about a command.";

/// `level=fatal msg=…`, as the installer ends a failed run; exit 1.
pub(super) fn fatal(ctx: &Ctx, msg: &str) -> u8 {
    ctx.out.err(&format!("level=fatal msg={msg}"));
    1
}

pub(super) fn info(ctx: &Ctx, msg: &str) {
    ctx.out.err(&format!("level=info msg={msg}"));
}

/// The install dir's state file: what the real installer records of the assets it made.
pub(super) fn state_file(dir: &Path) -> PathBuf {
    dir.join(".openshift_install_state.json")
}

fn version(ctx: &Ctx) {
    let v = release_version();
    let over = std::env::var(OVERRIDE).ok().filter(|s| !s.is_empty());
    let image = over.clone().unwrap_or_else(|| release_image(&v));
    ctx.out.out(&format!("{} {v}", ctx.argv0));
    ctx.out.out(&format!(
        "built from commit {}",
        hex40(&format!("installer:{v}"))
    ));
    ctx.out.out(&format!("release image {image}"));
    let arch = match std::env::var(ENV_ARCH)
        .ok()
        .filter(|a| !a.trim().is_empty())
    {
        Some(a) => a.trim().to_owned(),
        None if over.is_some() => "unknown".to_owned(),
        None => host_arch().to_owned(),
    };
    if arch == "none" {
        return;
    }
    if arch == "unknown" {
        ctx.out.err(
            "level=warning msg=\"Found override for release image. Release architecture is unknown\"",
        );
    }
    ctx.out.out(&format!("release architecture {arch}"));
    if arch == "multi" || arch == "unknown" {
        ctx.out.out("default architecture amd64");
    }
}

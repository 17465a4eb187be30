//! The simulated `openshift-install`: only `version` (reference §3.1), with the architecture
//! line of [`super::ENV_ARCH`] and the `installer-fail` fault.

use super::{Ctx, ENV_ARCH, hex40, host_arch, release_image, release_version};

const OVERRIDE: &str = "OPENSHIFT_INSTALL_RELEASE_IMAGE_OVERRIDE";

pub(super) fn run(ctx: &Ctx) -> u8 {
    if ctx.faults.installer_fail {
        ctx.out.err(
            "level=fatal msg=\"Error executing openshift-install: simulated failure (RAMWIZ_SIM_FAULT=installer-fail)\"",
        );
        return 1;
    }
    let mut words = ctx
        .args
        .iter()
        .filter(|a| !a.starts_with("--log-level") && !a.starts_with("--dir"));
    match (words.next().map(String::as_str), words.next()) {
        (Some("version"), None) => {
            version(ctx);
            0
        }
        (None, _) | (Some("-h" | "--help" | "help"), _) => {
            ctx.out.out(USAGE);
            0
        }
        (Some(first), _) => {
            let msg = if first.starts_with('-') {
                format!("Error: unknown flag: {first}")
            } else {
                format!("Error: unknown command \"{first}\" for \"openshift-install\"")
            };
            ctx.out.err(&msg);
            ctx.out.err("Run 'openshift-install --help' for usage.");
            1
        }
    }
}

const USAGE: &str = "Creates OpenShift clusters

Usage:
  openshift-install [command]

Available Commands:
  version     Print version information

Flags:
  -h, --help               help for openshift-install
      --log-level string   log level (e.g. \"debug | info | warn | error\") (default \"info\")

Use \"openshift-install [command] --help\" for more information about a command.";

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

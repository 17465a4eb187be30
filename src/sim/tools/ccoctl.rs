//! The simulated `ccoctl`: the command line (cobra-like flags, help texts, required-flag and
//! unknown-command errors), the Go `log` line format and the output directories of step 0.
//! Credentials are in `ccoctl_creds`, the RAM work in `ccoctl_ram` / `ccoctl_delete`.

use std::path::{Path, PathBuf};

use super::ccoctl_creds::resolve_credentials;
use super::{Ctx, ccoctl_delete, ccoctl_ram};

const NAME_HELP: &str = "User-defined name for all created Alibaba Cloud resources (can be separate from the cluster's infra-id)";
const DIR_HELP: &str = "Directory containing files of CredentialsRequests to create RAM AK for (can be created by running 'oc adm release extract --credentials-requests --cloud=alibabacloud' against an OpenShift release image)";
const REGION_HELP: &str = "Alibaba Cloud region endpoint only required for GovCloud";
const OUT_HELP: &str = "Directory to place generated files (defaults to current directory)";
const TP_HELP: &str = "Opt into processing CredentialsRequests marked as tech-preview";

/// A flag: name, takes a value, help text.
type Flag = (&'static str, bool, &'static str);

const CREATE_FLAGS: &[Flag] = &[
    ("credentials-requests-dir", true, DIR_HELP),
    ("enable-tech-preview", false, TP_HELP),
    ("name", true, NAME_HELP),
    ("output-dir", true, OUT_HELP),
    ("region", true, REGION_HELP),
];
const DELETE_FLAGS: &[Flag] = &[("name", true, NAME_HELP), ("region", true, REGION_HELP)];

/// `YYYY/MM/DD HH:MM:SS ` + message, on stderr (Go's `log` with its default flags; UTC).
pub(super) fn log(ctx: &Ctx, msg: &str) {
    let fmt = time::macros::format_description!("[year]/[month]/[day] [hour]:[minute]:[second]");
    let now = time::OffsetDateTime::now_utc()
        .format(&fmt)
        .unwrap_or_default();
    ctx.out.err(&format!("{now} {msg}"));
}

/// `log.Fatal`: the message, then exit status 1.
pub(super) fn fatal(ctx: &Ctx, msg: &str) -> u8 {
    log(ctx, msg);
    1
}

pub(super) fn run(ctx: &Ctx) -> u8 {
    if ctx.faults.ccoctl_glibc {
        ctx.out.err(&format!(
            "{0}: /lib64/libc.so.6: version `GLIBC_2.34' not found (required by {0})",
            ctx.argv0
        ));
        return 1;
    }
    let args = &ctx.args;
    let alibaba = !ctx.faults.ccoctl_no_alibabacloud;
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            ctx.out.out(&root_help(alibaba));
            0
        }
        Some("alibabacloud") if alibaba => alibabacloud(ctx, &args[1..]),
        Some(c @ ("aws" | "gcp" | "ibmcloud" | "nutanix" | "azure" | "completion")) => {
            ctx.out.err(&format!(
                "Error: \"ccoctl {c}\" is not simulated (ramwiz simulates only alibabacloud)"
            ));
            1
        }
        Some(other) => unknown_command(ctx, other, "ccoctl"),
    }
}

fn unknown_command(ctx: &Ctx, cmd: &str, path: &str) -> u8 {
    let e = format!("unknown command \"{cmd}\" for \"{path}\"");
    ctx.out
        .err(&format!("Error: {e}\nRun '{path} --help' for usage."));
    fatal(ctx, &e)
}

fn commands_block(cmds: &[(&str, &str)]) -> String {
    let pad = cmds.iter().map(|(n, _)| n.len()).max().unwrap_or(0).max(11);
    cmds.iter()
        .map(|(n, s)| format!("  {n:<pad$} {s}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn root_help(alibaba: bool) -> String {
    let mut cmds = vec![
        (
            "alibabacloud",
            "Manage credentials objects for alibaba cloud",
        ),
        ("aws", "Manage credentials objects for AWS cloud"),
        ("azure", "Manage credentials objects for Azure"),
        (
            "completion",
            "Generate the autocompletion script for the specified shell",
        ),
        ("gcp", "Manage credentials objects for Google cloud"),
        ("help", "Help about any command"),
        ("ibmcloud", "Manage credentials objects for IBM Cloud"),
        ("nutanix", "Manage credentials objects for Nutanix"),
    ];
    if !alibaba {
        cmds.remove(0);
    }
    format!(
        "OpenShift credentials provisioning tool\n\nUsage:\n  ccoctl [command]\n\nAvailable Commands:\n{}\n\nFlags:\n  -h, --help   help for ccoctl\n\nUse \"ccoctl [command] --help\" for more information about a command.",
        commands_block(&cmds)
    )
}

fn alibaba_help() -> String {
    format!(
        "Creating/deleting cloud credentials objects for alibaba cloud\n\nUsage:\n  ccoctl alibabacloud [command]\n\nAvailable Commands:\n{}\n\nFlags:\n  -h, --help   help for alibabacloud\n\nUse \"ccoctl alibabacloud [command] --help\" for more information about a command.",
        commands_block(&[
            ("create-ram-users", "Create RAM Users and policies"),
            ("delete-ram-users", "Detach RAM Policy from existing user"),
        ])
    )
}

/// cobra's usage of a leaf command (pflag's column layout).
fn usage(sub: &str, flags: &[Flag]) -> String {
    let mut rows: Vec<(String, &str)> = flags
        .iter()
        .map(|(n, v, h)| {
            (
                format!("      --{n}{}", if *v { " string" } else { "" }),
                *h,
            )
        })
        .collect();
    let help = format!("help for {sub}");
    rows.push(("  -h, --help".to_owned(), help.as_str()));
    rows.sort_by_key(|r| flag_name(&r.0));
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let lines: Vec<String> = rows.iter().map(|(l, h)| format!("{l:<w$}   {h}")).collect();
    format!(
        "Usage:\n  ccoctl alibabacloud {sub} [flags]\n\nFlags:\n{}\n",
        lines.join("\n")
    )
}

fn flag_name(left: &str) -> String {
    left.split("--")
        .nth(1)
        .unwrap_or("")
        .split(' ')
        .next()
        .unwrap_or("")
        .to_owned()
}

fn alibabacloud(ctx: &Ctx, args: &[String]) -> u8 {
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help" | "help") => {
            ctx.out.out(&alibaba_help());
            0
        }
        Some("create-ram-users") => create(ctx, &args[1..]),
        Some("delete-ram-users") => delete(ctx, &args[1..]),
        Some(other) => unknown_command(ctx, other, "ccoctl alibabacloud"),
    }
}

/// Parsed flags: (name, value) in order; booleans as "true"/"false".
type Values = Vec<(String, String)>;

fn value<'a>(v: &'a Values, name: &str) -> Option<&'a str> {
    v.iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn parse_flags(args: &[String], flags: &[Flag]) -> Result<Option<Values>, String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(None);
    }
    let mut out = Values::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(body) = a.strip_prefix("--") else {
            if let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
                let c = short.chars().next().unwrap_or('-');
                return Err(format!("unknown shorthand flag: '{c}' in {a}"));
            }
            continue; // cobra accepts stray arguments here
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (body, None),
        };
        let Some((_, takes, _)) = flags.iter().find(|(n, _, _)| *n == name) else {
            return Err(format!("unknown flag: --{name}"));
        };
        let v = if *takes {
            match inline {
                Some(v) => v,
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("flag needs an argument: --{name}"))?,
            }
        } else {
            match inline.as_deref() {
                None | Some("true" | "1" | "t" | "T" | "TRUE" | "True") => "true".to_owned(),
                Some("false" | "0" | "f" | "F" | "FALSE" | "False") => "false".to_owned(),
                Some(x) => {
                    return Err(format!(
                        "invalid argument \"{x}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{x}\": invalid syntax"
                    ));
                }
            }
        };
        out.push((name.to_owned(), v));
    }
    Ok(Some(out))
}

/// cobra's error print (`Error: …` + usage on stderr), then main's `log.Fatal`.
fn cobra_error(ctx: &Ctx, sub: &str, flags: &[Flag], e: &str) -> u8 {
    ctx.out.err(&format!("Error: {e}\n{}", usage(sub, flags)));
    fatal(ctx, e)
}

fn check_required(v: &Values, required: &[&str]) -> Result<(), String> {
    let missing: Vec<String> = required
        .iter()
        .filter(|r| value(v, r).is_none())
        .map(|r| format!("\"{r}\""))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("required flag(s) {} not set", missing.join(", ")))
    }
}

/// `os.Mkdir(path, 0700)` when absent (one level); an existing directory is fine.
fn ensure_dir(path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(std::io::Error::other("not a directory")),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt as _;
                std::fs::DirBuilder::new().mode(0o700).create(path)
            }
            #[cfg(not(unix))]
            {
                std::fs::create_dir(path)
            }
        }
    }
}

fn create(ctx: &Ctx, args: &[String]) -> u8 {
    const SUB: &str = "create-ram-users";
    let v = match parse_flags(args, CREATE_FLAGS) {
        Ok(Some(v)) => v,
        Ok(None) => {
            ctx.out.out(&format!(
                "Create RAM Users and policies\n\n{}",
                usage(SUB, CREATE_FLAGS)
            ));
            return 0;
        }
        Err(e) => return cobra_error(ctx, SUB, CREATE_FLAGS, &e),
    };
    // Step 0 (PersistentPreRun) runs before cobra checks the required flags.
    let target = match value(&v, "output-dir").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d),
        None => match std::env::current_dir() {
            Ok(d) => d,
            Err(e) => return fatal(ctx, &format!("Failed to get current directory: {e}")),
        },
    };
    let target = std::path::absolute(&target).unwrap_or(target);
    if ensure_dir(&target).is_err() {
        return fatal(
            ctx,
            &format!("Failed to create target directory at {}", target.display()),
        );
    }
    let manifests = target.join("manifests");
    if ensure_dir(&manifests).is_err() {
        return fatal(
            ctx,
            &format!(
                "Failed to create manifests directory at {}",
                manifests.display()
            ),
        );
    }
    if let Err(e) = check_required(&v, &["credentials-requests-dir", "name"]) {
        return cobra_error(ctx, SUB, CREATE_FLAGS, &e);
    }
    let job = ccoctl_ram::CreateJob {
        name: value(&v, "name").unwrap_or_default().to_owned(),
        cr_dir: PathBuf::from(value(&v, "credentials-requests-dir").unwrap_or_default()),
        target,
        tech_preview: value(&v, "enable-tech-preview") == Some("true"),
    };
    with_client(ctx, |ram| ccoctl_ram::create(ctx, ram, job))
}

fn delete(ctx: &Ctx, args: &[String]) -> u8 {
    const SUB: &str = "delete-ram-users";
    let v = match parse_flags(args, DELETE_FLAGS) {
        Ok(Some(v)) => v,
        Ok(None) => {
            ctx.out.out(&format!(
                "Detach RAM Policy from existing user\n\n{}",
                usage(SUB, DELETE_FLAGS)
            ));
            return 0;
        }
        Err(e) => return cobra_error(ctx, SUB, DELETE_FLAGS, &e),
    };
    if let Err(e) = check_required(&v, &["name"]) {
        return cobra_error(ctx, SUB, DELETE_FLAGS, &e);
    }
    let name = value(&v, "name").unwrap_or_default().to_owned();
    with_client(ctx, |ram| ccoctl_delete::delete(ctx, ram, name))
}

/// Resolves the credentials (fatal when none), builds the RAM client and a current-thread
/// runtime, and runs `job` to its exit status.
fn with_client<F, Fut>(ctx: &Ctx, job: F) -> u8
where
    F: FnOnce(ccoctl_ram::Ram) -> Fut,
    Fut: std::future::Future<Output = u8>,
{
    let creds = match resolve_credentials(|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            return fatal(
                ctx,
                &format!("Failed to resolve an authentication provider: {e}"),
            );
        }
    };
    let client = super::ccoctl_creds::client(creds);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fatal(ctx, &format!("Failed to create a client: {e}")),
    };
    runtime.block_on(job(ccoctl_ram::Ram::new(client)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn help_texts_have_the_cobra_layout() {
        let root = root_help(true);
        assert!(root.contains("\n  alibabacloud Manage credentials objects for alibaba cloud\n"));
        assert!(root.contains("\n  aws          Manage credentials objects for AWS cloud\n"));
        assert!(!root_help(false).contains("alibabacloud"));
        assert!(alibaba_help().contains("  create-ram-users Create RAM Users and policies\n"));
        let u = usage("delete-ram-users", DELETE_FLAGS);
        assert_eq!(
            u,
            format!(
                "Usage:\n  ccoctl alibabacloud delete-ram-users [flags]\n\nFlags:\n  -h, --help            help for delete-ram-users\n      --name string     {NAME_HELP}\n      --region string   {REGION_HELP}\n"
            )
        );
    }

    #[test]
    fn flags_parse_both_spellings_and_report_cobra_errors() {
        let a = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let v = parse_flags(
            &a(&[
                "--name",
                "n",
                "--region=cn-hangzhou",
                "--enable-tech-preview",
            ]),
            CREATE_FLAGS,
        )
        .unwrap()
        .unwrap();
        assert_eq!(value(&v, "name"), Some("n"));
        assert_eq!(value(&v, "region"), Some("cn-hangzhou"));
        assert_eq!(value(&v, "enable-tech-preview"), Some("true"));
        assert_eq!(
            check_required(&v, &["credentials-requests-dir", "name"]).unwrap_err(),
            "required flag(s) \"credentials-requests-dir\" not set"
        );
        assert!(
            parse_flags(&a(&["--nope"]), CREATE_FLAGS)
                .unwrap_err()
                .contains("unknown flag: --nope")
        );
        assert!(
            parse_flags(&a(&["--name"]), CREATE_FLAGS)
                .unwrap_err()
                .contains("needs an argument")
        );
        assert!(
            parse_flags(&a(&["--name", "x", "-h"]), CREATE_FLAGS)
                .unwrap()
                .is_none()
        );
    }
}

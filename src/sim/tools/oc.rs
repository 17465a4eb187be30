//! The simulated `oc`: `adm release info --image-for=cloud-credential-operator`, `image extract
//! --file=/usr/bin/ccoctl` and `adm release extract --credentials-requests` (reference §3.2,
//! §3.3, §5 step 5), with the pull-secret check of `-a` and the `oc-unauthorized` fault.

use std::path::Path;

use super::{Ctx, copy_exe, crs, hex64, is_okd, release_version};

const VALUE_FLAGS: &[&str] = &[
    "image-for",
    "registry-config",
    "file",
    "to",
    "cloud",
    "from",
    "install-config",
    "output",
    "filter-by-os",
    "path",
    "command",
    "command-os",
    "kubeconfig",
];
const BOOL_FLAGS: &[&str] = &[
    "credentials-requests",
    "included",
    "confirm",
    "insecure",
    "dry-run",
    "client",
];

#[derive(Default)]
struct Args {
    pos: Vec<String>,
    flags: Vec<(String, String)>,
}

impl Args {
    fn get(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(k, _)| k == name)
    }
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut out = Args::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(flag) = a
            .strip_prefix("--")
            .or_else(|| a.strip_prefix('-'))
            .filter(|_| a != "-")
        else {
            out.pos.push(a.clone());
            continue;
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (flag, None),
        };
        let name = match name {
            "a" => "registry-config",
            "o" => "output",
            other => other,
        };
        if BOOL_FLAGS.contains(&name) {
            out.flags
                .push((name.to_owned(), inline.unwrap_or_else(|| "true".into())));
        } else if VALUE_FLAGS.contains(&name) {
            let v = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("flag needs an argument: {a}"))?,
            };
            out.flags.push((name.to_owned(), v));
        } else {
            return Err(format!(
                "unknown flag: {}",
                a.split('=').next().unwrap_or(a)
            ));
        }
    }
    Ok(out)
}

pub(super) fn run(ctx: &Ctx) -> u8 {
    let args = match parse(&ctx.args) {
        Ok(a) => a,
        Err(e) => return fail(ctx, &e),
    };
    let words: Vec<&str> = args.pos.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["adm", "release", "info", rest @ ..] => release_info(ctx, &args, rest),
        ["adm", "release", "extract", rest @ ..] => release_extract(ctx, &args, rest),
        ["image", "extract", rest @ ..] => image_extract(ctx, &args, rest),
        ["version", ..] => {
            ctx.out
                .out(&format!("Client Version: {}", release_version()));
            Ok(())
        }
        [] => {
            ctx.out
                .out("OpenShift Client (simulated by ramwiz)\n\nUsage:\n  oc [flags] [options]");
            Ok(())
        }
        [first, ..] => Err(format!("unknown command \"{first}\" for \"oc\"")),
    };
    match result {
        Ok(()) => 0,
        Err(e) => fail(ctx, &e),
    }
}

fn fail(ctx: &Ctx, msg: &str) -> u8 {
    ctx.out.err(&format!("error: {msg}"));
    1
}

/// The `-a` / `--registry-config` file must exist and hold a JSON object with `auths`.
fn check_auth(args: &Args) -> Result<(), String> {
    let Some(file) = args.get("registry-config") else {
        return Ok(());
    };
    let text = std::fs::read_to_string(file).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
            _ => e.to_string(),
        };
        format!("unable to load --registry-config: open {file}: {why}")
    })?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("unable to load --registry-config: {file}: invalid JSON: {e}"))?;
    if !v.get("auths").is_some_and(serde_json::Value::is_object) {
        return Err(format!(
            "unable to load --registry-config: {file}: not a pull secret (no \"auths\" object)"
        ));
    }
    Ok(())
}

/// Reading `image` from its registry: the pull secret first, then the `oc-unauthorized` fault.
fn read_image(ctx: &Ctx, args: &Args, image: &str) -> Result<(), String> {
    check_auth(args)?;
    if ctx.faults.oc_unauthorized {
        return Err(format!(
            "unable to read image {image}: unauthorized: authentication required"
        ));
    }
    Ok(())
}

/// The CCO image of a release: deterministic from the release pullspec.
pub(super) fn cco_image(release: &str) -> String {
    let repo = if release.contains("openshift-release-dev") || !is_okd(release) {
        "quay.io/openshift-release-dev/ocp-v4.0-art-dev"
    } else {
        "quay.io/openshift/okd-content"
    };
    format!("{repo}@sha256:{}", hex64(&format!("cco:{release}")))
}

fn release_info(ctx: &Ctx, args: &Args, rest: &[&str]) -> Result<(), String> {
    let [release] = rest else {
        return Err("info expects one argument, or a connection to an OpenShift 4.x server".into());
    };
    let Some(tag) = args.get("image-for") else {
        return Err("the simulated oc adm release info supports only --image-for".into());
    };
    if args.has("output") {
        return Err("--image-for and --output cannot be specified together".into());
    }
    read_image(ctx, args, release)?;
    if tag != "cloud-credential-operator" {
        return Err(format!(
            "no image tag \"{tag}\" exists in the release image {release}"
        ));
    }
    ctx.out.out(&cco_image(release));
    Ok(())
}

fn image_extract(ctx: &Ctx, args: &Args, rest: &[&str]) -> Result<(), String> {
    let [image] = rest else {
        return Err("you must specify exactly one image to extract".into());
    };
    let Some(file) = args.get("file") else {
        return Err("the simulated oc image extract supports only --file=/usr/bin/ccoctl".into());
    };
    read_image(ctx, args, image)?;
    if file != "/usr/bin/ccoctl" {
        return Err(format!("file {file} does not exist in image {image}"));
    }
    let exe = std::env::current_exe().map_err(|e| format!("unable to extract {file}: {e}"))?;
    copy_exe(&exe, Path::new("ccoctl"), 0o644)
        .map_err(|e| format!("unable to extract {file} from {image}: {e}"))
}

fn release_extract(ctx: &Ctx, args: &Args, rest: &[&str]) -> Result<(), String> {
    let release = match (rest, args.get("from")) {
        ([r], _) => (*r).to_owned(),
        ([], Some(f)) => f.to_owned(),
        _ => {
            return Err("must specify an image containing a release payload with --from".into());
        }
    };
    if !args.has("credentials-requests") {
        return Err(
            "the simulated oc adm release extract supports only --credentials-requests".into(),
        );
    }
    read_image(ctx, args, &release)?;
    let cloud = args.get("cloud");
    match args.get("to") {
        Some(dir) => {
            crs::write(Path::new(dir), cloud).map_err(|e| format!("unable to write to {dir}: {e}"))
        }
        None => {
            let all: Vec<String> = crs::ALIBABA
                .iter()
                .chain(std::iter::once(&crs::AWS_IAM_RO))
                .filter(|c| match cloud {
                    Some("alibabacloud") => c.provider_kind == "AlibabaCloudProviderSpec",
                    Some(_) => false,
                    None => true,
                })
                .map(|c| crs::render(c).trim_start_matches("---\n").to_owned())
                .collect();
            for doc in all {
                ctx.out.out(&format!("---\n{}", doc.trim_end()));
            }
            Ok(())
        }
    }
}

//! The command lines ramwiz runs, built in one place: the engine runs them, and a dry run
//! prints them. Pure: nothing here starts a process. Secrets never go in an argument; the
//! callers put the installer's key in the environment.

use std::path::Path;

use super::Invocation;
use crate::protocol::{CcoctlRun, ToolPaths};
use crate::strings;

fn inv(program: &Path, args: Vec<String>, reason: &str) -> Invocation {
    let mut i = Invocation::new(program, &[], reason);
    i.args = args;
    i
}

/// `-a PULL_SECRET` when one is given (OKD's public images need none).
fn auth_args(tools: &ToolPaths) -> Vec<String> {
    match &tools.pull_secret {
        Some(p) => vec!["-a".into(), p.display().to_string()],
        None => Vec::new(),
    }
}

/// `openshift-install version`: the release, its image and its architecture.
pub fn installer_version(tools: &ToolPaths) -> Invocation {
    inv(
        &tools.installer,
        vec!["version".into()],
        strings::WHY_VERSION(),
    )
}

/// `oc adm release info --image-for=cloud-credential-operator IMAGE`.
pub fn release_info(tools: &ToolPaths, release_image: &str) -> Invocation {
    let mut args = vec![
        "adm".into(),
        "release".into(),
        "info".into(),
        "--image-for=cloud-credential-operator".into(),
        release_image.to_owned(),
    ];
    args.extend(auth_args(tools));
    inv(&tools.oc, args, strings::WHY_RELEASE_INFO())
}

/// `oc image extract CCO_IMAGE --file=/usr/bin/ccoctl`, run in the ccoctl directory.
pub fn extract_ccoctl(tools: &ToolPaths, cco_image: &str) -> Invocation {
    let mut args = vec![
        "image".into(),
        "extract".into(),
        cco_image.to_owned(),
        "--file=/usr/bin/ccoctl".into(),
    ];
    args.extend(auth_args(tools));
    let mut i = inv(&tools.oc, args, strings::WHY_EXTRACT());
    i.cwd = Some(tools.ccoctl_dir.clone());
    i
}

/// `ccoctl --help`: it runs here, and knows `alibabacloud`.
pub fn ccoctl_help(ccoctl: &Path) -> Invocation {
    inv(ccoctl, vec!["--help".into()], strings::WHY_HELP())
}

/// `oc adm release extract --credentials-requests --cloud=alibabacloud --to=DIR IMAGE`.
pub fn extract_requests(tools: &ToolPaths, release_image: &str, dir: &Path) -> Invocation {
    let mut args = vec![
        "adm".into(),
        "release".into(),
        "extract".into(),
        "--credentials-requests".into(),
        "--cloud=alibabacloud".into(),
        format!("--to={}", dir.display()),
        release_image.to_owned(),
    ];
    args.extend(auth_args(tools));
    inv(&tools.oc, args, strings::WHY_CREDREQS())
}

/// `ccoctl alibabacloud create-ram-users` (the key goes in its environment, by the caller).
pub fn create_ram_users(run: &CcoctlRun) -> Invocation {
    let args = vec![
        "alibabacloud".into(),
        "create-ram-users".into(),
        "--name".into(),
        run.name.clone(),
        "--region".into(),
        run.region.clone(),
        "--credentials-requests-dir".into(),
        run.credentials_requests_dir.display().to_string(),
        "--output-dir".into(),
        run.output_dir.display().to_string(),
    ];
    inv(&run.ccoctl, args, strings::WHY_CREATE_RAM_USERS())
}

/// `ccoctl alibabacloud delete-ram-users` (the key goes in its environment, by the caller).
pub fn delete_ram_users(ccoctl: &Path, name: &str, region: &str) -> Invocation {
    let args = vec![
        "alibabacloud".into(),
        "delete-ram-users".into(),
        "--name".into(),
        name.to_owned(),
        "--region".into(),
        region.to_owned(),
    ];
    inv(ccoctl, args, strings::WHY_DELETE_RAM_USERS())
}

/// `openshift-install create install-config --dir DIR`: the survey (reference §2.2).
pub fn create_install_config(installer: &Path, dir: &Path) -> Invocation {
    inv(
        installer,
        vec![
            "create".into(),
            "install-config".into(),
            "--dir".into(),
            dir.display().to_string(),
        ],
        strings::WHY_SURVEY(),
    )
}

/// `openshift-install create manifests --dir DIR`: consumes install-config.yaml (reference §5).
pub fn create_manifests(installer: &Path, dir: &Path) -> Invocation {
    inv(
        installer,
        vec![
            "create".into(),
            "manifests".into(),
            "--dir".into(),
            dir.display().to_string(),
        ],
        strings::WHY_MANIFESTS(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn tools(pull: bool) -> ToolPaths {
        ToolPaths {
            installer: "/t/openshift-install".into(),
            oc: "/t/oc".into(),
            pull_secret: pull.then(|| PathBuf::from("/p/pull secret")),
            ccoctl_dir: "/w".into(),
        }
    }

    #[test]
    fn command_lines_match_the_okd_procedure() {
        assert_eq!(
            release_info(&tools(true), "quay.io/okd/r:4.14").display(),
            "/t/oc adm release info --image-for=cloud-credential-operator quay.io/okd/r:4.14 -a '/p/pull secret'"
        );
        let x = extract_ccoctl(&tools(false), "quay.io/x@sha256:1");
        assert_eq!(
            x.display(),
            "/t/oc image extract quay.io/x@sha256:1 --file=/usr/bin/ccoctl"
        );
        assert_eq!(x.cwd, Some(PathBuf::from("/w")));
        assert_eq!(
            extract_requests(&tools(false), "img", Path::new("/w/cr")).display(),
            "/t/oc adm release extract --credentials-requests --cloud=alibabacloud --to=/w/cr img"
        );
        let run = CcoctlRun {
            ccoctl: "/w/ccoctl".into(),
            name: "c1".into(),
            region: "cn-hangzhou".into(),
            credentials_requests_dir: "/w/cr".into(),
            output_dir: "/w/out".into(),
            use_signed_in_key: false,
        };
        let c = create_ram_users(&run);
        assert_eq!(
            c.display(),
            "/w/ccoctl alibabacloud create-ram-users --name c1 --region cn-hangzhou --credentials-requests-dir /w/cr --output-dir /w/out"
        );
        assert!(c.env.is_empty());
        assert_eq!(
            delete_ram_users(Path::new("/w/ccoctl"), "c1", "us-west-1").display(),
            "/w/ccoctl alibabacloud delete-ram-users --name c1 --region us-west-1"
        );
        assert_eq!(installer_version(&tools(false)).args, vec!["version"]);
        assert_eq!(ccoctl_help(Path::new("/w/ccoctl")).args, vec!["--help"]);
    }
}

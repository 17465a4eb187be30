//! Every path a command carries, made absolute as it enters the engine (against the directory
//! ramwiz runs in). A person may type `./oc` or `install`; the tools run in other directories
//! (`oc image extract` in the ccoctl dir), so a child is never handed a path that depends on
//! its own working directory.

use std::path::PathBuf;

use crate::protocol::{CcoctlRun, Command, Destination, ToolPaths};

fn abs(p: &mut PathBuf) {
    if p.as_os_str().is_empty() || p.is_absolute() {
        return;
    }
    if let Ok(a) = std::path::absolute(&*p) {
        *p = a;
    }
}

fn abs_opt(p: &mut Option<PathBuf>) {
    if let Some(p) = p {
        abs(p);
    }
}

fn tools(t: &mut ToolPaths) {
    abs(&mut t.installer);
    abs(&mut t.oc);
    abs_opt(&mut t.pull_secret);
    abs(&mut t.ccoctl_dir);
}

fn run(r: &mut CcoctlRun) {
    abs(&mut r.ccoctl);
    abs(&mut r.credentials_requests_dir);
    abs(&mut r.output_dir);
}

fn dest(d: &mut Destination) {
    abs(&mut d.file);
}

/// The command with every path in it absolute.
pub fn absolute(mut cmd: Command) -> Command {
    match &mut cmd {
        Command::LoadUserDetails {
            credentials_file, ..
        } => abs(credentials_file),
        Command::Preflight { dest: d, .. }
        | Command::CreateKey { dest: d, .. }
        | Command::SaveAgain { dest: d, .. }
        | Command::AdoptKey { dest: d, .. } => dest(d),
        Command::PrepareCcoctl { tools: t, .. } => tools(t),
        Command::ExtractCredRequests {
            tools: t,
            dir,
            install_dir,
            output_dir,
            ..
        } => {
            tools(t);
            abs(dir);
            abs_opt(install_dir);
            abs(output_dir);
        }
        Command::RunCcoctl { run: r, .. } => run(r),
        Command::PlaceManifests { placement: p, .. } => {
            abs(&mut p.output_dir);
            abs(&mut p.install_dir);
            abs_opt(&mut p.installer);
            abs_opt(&mut p.credentials_file);
        }
        Command::InstallerCredentials {
            saved: Some((file, _)),
            ..
        } => abs(file),
        Command::RunSurvey {
            installer,
            dir,
            credentials_file,
            ..
        } => {
            abs(installer);
            abs(dir);
            abs_opt(credentials_file);
        }
        Command::RunTeardown { ccoctl, .. } => abs(ccoctl),
        Command::SaveReport { dir, .. } => abs(dir),
        _ => {}
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_tool_paths_become_absolute_and_absolute_ones_stay() {
        let cmd = absolute(Command::PrepareCcoctl {
            job: 1,
            tools: ToolPaths {
                installer: "/opt/openshift-install".into(),
                oc: "bin/oc".into(),
                pull_secret: Some("ps.json".into()),
                ccoctl_dir: ".".into(),
            },
        });
        let Command::PrepareCcoctl { tools: t, .. } = cmd else {
            panic!("{cmd:?}")
        };
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(t.installer, PathBuf::from("/opt/openshift-install"));
        assert_eq!(t.oc, cwd.join("bin/oc"));
        assert_eq!(t.pull_secret, Some(cwd.join("ps.json")));
        assert!(t.ccoctl_dir.is_absolute());
    }
}

//! The commands a person runs after ramwiz, exactly as printed: absolute paths, quoted for a
//! POSIX shell where needed, and the installer's key found by path (`ALIBABA_CLOUD_CREDENTIALS_FILE`
//! for that one command when the key is not in `[default]` of the file a shell's
//! openshift-install reads by itself), never a secret on a command line. What is left to do
//! follows the install dir's state (reference §5): from nothing, the install-config, Manual
//! mode, the manifests, the copy and the cluster; from the manifests, only the cluster.
//! The teardown's command is listed apart, for the day the cluster is removed.

use std::path::{Path, PathBuf};

use super::*;
use crate::report::NextCommand;
use crate::strings;

/// `s` as one word of a POSIX shell.
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:@,%".contains(c));
    if plain {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn word(p: &Path) -> String {
    shell_word(&p.display().to_string())
}

fn cmd(why: &str, command: String) -> NextCommand {
    NextCommand {
        why: why.to_owned(),
        command,
    }
}

impl Wizard {
    /// `ALIBABA_CLOUD_CREDENTIALS_FILE=… ` for openshift-install, or nothing when a plain
    /// command finds the installer's key.
    fn key_prefix(&self) -> String {
        let file = match self.cco.installer_file() {
            Some(f) if f.plain => return String::new(),
            Some(f) => Some(f.path.clone()),
            None => self
                .saved
                .as_ref()
                .filter(|c| c.dest.profile == "default")
                .map(|c| c.dest.file.clone()),
        };
        match file {
            Some(f) => format!("ALIBABA_CLOUD_CREDENTIALS_FILE={} ", word(&f)),
            None => String::new(),
        }
    }

    /// The commands that create the cluster from where ramwiz left the install dir.
    pub fn next_commands(&self) -> Vec<NextCommand> {
        let (Some(ready), Some(prov)) = (&self.cco.ready, &self.cco.provisioned) else {
            return Vec::new();
        };
        let placed = self.cco.placed.as_ref();
        let dir: PathBuf = match placed {
            Some(p) if !p.dir.as_os_str().is_empty() => p.dir.clone(),
            _ => ready
                .ccoctl
                .parent()
                .map(|d| d.join("install"))
                .unwrap_or_else(|| PathBuf::from("install")),
        };
        let kind = placed.map(|p| p.kind.clone()).unwrap_or_default();
        let run = |target: &str| {
            format!(
                "{}{} {target} --dir {}",
                self.key_prefix(),
                word(&ready.installer),
                word(&dir)
            )
        };
        let mut out = Vec::new();
        if kind == InstallDirKind::Empty {
            out.push(cmd(
                strings::NEXT_WHY_SURVEY(),
                run("create install-config"),
            ));
        }
        if matches!(kind, InstallDirKind::Empty | InstallDirKind::Config { .. }) {
            if !kind.is_manual() {
                out.push(cmd(
                    strings::NEXT_WHY_MANUAL(),
                    format!(
                        "printf 'credentialsMode: Manual\\n' >> {}",
                        word(&dir.join("install-config.yaml"))
                    ),
                ));
            }
            out.push(cmd(strings::NEXT_WHY_MANIFESTS(), run("create manifests")));
            out.push(cmd(
                strings::NEXT_WHY_COPY(),
                format!(
                    "cp {}/*credentials.yaml {}/",
                    word(&prov.output_dir.join("manifests")),
                    word(&dir.join("manifests"))
                ),
            ));
        }
        out.push(cmd(strings::NEXT_WHY_CLUSTER(), run("create cluster")));
        out
    }

    /// What removes the components' RAM users, the day the cluster is removed (never before).
    pub fn teardown_commands(&self) -> Vec<NextCommand> {
        let (Some(ready), Some(_)) = (&self.cco.ready, &self.cco.provisioned) else {
            return Vec::new();
        };
        vec![cmd(
            strings::NEXT_WHY_TEARDOWN(),
            format!(
                "{} alibabacloud delete-ram-users --name {} --region {}",
                word(&ready.ccoctl),
                shell_word(self.cco.prov[cco::PROV_NAME].value.trim()),
                shell_word(self.cco.prov[cco::PROV_REGION].value.trim())
            ),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_a_shell_needs_it() {
        assert_eq!(shell_word("/a/b-c_d.e"), "/a/b-c_d.e");
        assert_eq!(shell_word("/my dir/x"), "'/my dir/x'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
    }
}

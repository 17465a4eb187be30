//! The clipboard, honestly: OSC 52 asks the terminal to put text on the clipboard, but nothing
//! says whether it did (tmux's default `set-clipboard external` drops it, and so do many
//! terminals). Where a local clipboard tool is there (`wl-copy` under Wayland, `xclip` or
//! `xsel` under X11, `pbcopy` on macOS), it is used too, and then the copy is certain. The text
//! goes to the tool on its standard input, never on its command line.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::secret::Secret;

/// A local clipboard tool: its name (shown) and how to run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    pub name: &'static str,
    pub program: PathBuf,
    pub args: &'static [&'static str],
}

/// The clipboard tool for this session, read from its environment (`var`): the Wayland one
/// when a Wayland display is set, an X11 one when an X display is, `pbcopy` on macOS.
pub fn local_tool(var: impl Fn(&str) -> Option<String>) -> Option<Tool> {
    let path = var("PATH")?;
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
    let mut wanted: Vec<(&'static str, &'static [&'static str])> = Vec::new();
    if cfg!(target_os = "macos") {
        wanted.push(("pbcopy", &[]));
    }
    if set("WAYLAND_DISPLAY") {
        wanted.push(("wl-copy", &[]));
    }
    if set("DISPLAY") {
        wanted.push(("xclip", &["-selection", "clipboard"]));
        wanted.push(("xsel", &["--clipboard", "--input"]));
    }
    wanted.into_iter().find_map(|(name, args)| {
        crate::tools::locate(name, &[], Some(path.as_ref())).map(|program| Tool {
            name,
            program,
            args,
        })
    })
}

/// Gives `secret` to `tool` on its standard input, and says whether the tool took it: the
/// usual tools fork to serve the clipboard and their first process exits at once, 0 when it
/// worked (`xclip` with a display that is gone exits 1). One still running after half a second
/// is serving the clipboard itself (not waited for). The tool inherits no sign-in key.
pub fn copy_with(tool: &Tool, secret: &Secret) -> std::io::Result<()> {
    let mut cmd = Command::new(&tool.program);
    cmd.args(tool.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for k in crate::hardening::SECRET_ENV {
        cmd.env_remove(k);
    }
    let mut child = cmd.spawn()?;
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(secret.expose().as_bytes()),
        None => Err(std::io::Error::other(crate::strings::CLIPBOARD_NO_STDIN())),
    };
    written?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
    while std::time::Instant::now() < deadline {
        match child.try_wait()? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => {
                return Err(std::io::Error::other(crate::strings::clipboard_exited(
                    tool.name,
                    status.to_string(),
                )));
            }
            None => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
    // Serving the clipboard until something replaces it: reaped in the background.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tool_follows_the_session() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for name in ["wl-copy", "xclip"] {
            let p = dir.path().join(name);
            std::fs::write(&p, "#!/bin/sh\n").unwrap_or_else(|e| panic!("{e}"));
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let path = dir.path().display().to_string();
        let env = |pairs: &'static [(&'static str, &'static str)], path: String| {
            move |k: &str| {
                if k == "PATH" {
                    return Some(path.clone());
                }
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let t = local_tool(env(&[("WAYLAND_DISPLAY", "wayland-0")], path.clone()));
        assert_eq!(t.map(|t| t.name), Some("wl-copy"));
        let t = local_tool(env(&[("DISPLAY", ":0")], path.clone()));
        assert_eq!(t.map(|t| t.name), Some("xclip"));
        if !cfg!(target_os = "macos") {
            // A terminal without a display (ssh, a console): OSC 52 is all there is.
            assert_eq!(local_tool(env(&[], path)), None);
        }
    }

    #[test]
    fn the_secret_goes_in_on_stdin() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("got");
        // A shell that keeps what it reads (no script file: nothing to race an exec with).
        let cmd: &'static str = Box::leak(format!("cat > '{}'", out.display()).into_boxed_str());
        let args: &'static [&'static str] = Box::leak(vec!["-c", cmd].into_boxed_slice());
        let tool = Tool {
            name: "fake",
            program: "/bin/sh".into(),
            args,
        };
        copy_with(&tool, &Secret::new("s3cr3t")).unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..100 {
            if std::fs::read_to_string(&out).is_ok_and(|s| s == "s3cr3t") {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        panic!("the tool never got the secret");
    }

    #[test]
    fn a_tool_that_fails_is_not_claimed() {
        let tool = Tool {
            name: "false",
            program: "/bin/sh".into(),
            args: &["-c", "cat > /dev/null; exit 1"],
        };
        assert!(copy_with(&tool, &Secret::new("s3cr3t")).is_err());
    }
}

//! Running the outside tools (`openshift-install`, `oc`, `ccoctl`): finding them, and running
//! each with a plain-English reason, its output streamed line by line, cancellable, its exit
//! status and stderr turned into a plain error. Parsers of their output live beside this and
//! are pure. Never puts a secret in a command line: secrets go through the environment.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc;

/// One run of a tool, and why it is run (shown to the user before it starts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub reason: String,
    /// Extra environment (names logged, values never).
    pub env: Vec<(String, crate::secret::Secret)>,
    /// The working directory (`oc image extract` writes into it).
    pub cwd: Option<PathBuf>,
    /// What is written to the child's stdin (the survey's answers: the pull secret is among
    /// them, so it is a secret); `None`: stdin is empty.
    pub stdin: Option<crate::secret::Secret>,
}

impl Invocation {
    pub fn new(program: impl Into<PathBuf>, args: &[&str], reason: impl Into<String>) -> Self {
        Self {
            program: program.into(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            reason: reason.into(),
            env: Vec::new(),
            cwd: None,
            stdin: None,
        }
    }

    /// The command line as it would be typed (for the log and the screen).
    pub fn display(&self) -> String {
        let mut s = self.program.display().to_string();
        for a in &self.args {
            s.push(' ');
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || c == '\'' || c == '"') {
                s.push('\'');
                s.push_str(&a.replace('\'', "'\\''"));
                s.push('\'');
            } else {
                s.push_str(a);
            }
        }
        s
    }
}

/// A line of output, as it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Stdout(String),
    Stderr(String),
}

/// How a run ended (a failure to start, or a non-zero exit, is an error instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub stdout: String,
    pub stderr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolError {
    #[error("{tool} was not found; {install}")]
    NotFound { tool: String, install: String },
    #[error("{tool} could not be started: {detail}")]
    Start { tool: String, detail: String },
    #[error("{tool} failed (exit status {code}): {stderr_tail}")]
    Failed {
        tool: String,
        code: i32,
        stderr_tail: String,
    },
    #[error("{tool} was stopped by a signal")]
    Killed { tool: String },
}

/// Looks for an executable named `name` in `extra` directories first, then on `PATH`.
pub fn locate(
    name: &str,
    extra: &[PathBuf],
    path_var: Option<&std::ffi::OsStr>,
) -> Option<PathBuf> {
    let from_path = path_var
        .map(|p| std::env::split_paths(p).collect::<Vec<_>>())
        .unwrap_or_default();
    extra
        .iter()
        .chain(from_path.iter())
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

fn tool_name(inv: &Invocation) -> String {
    inv.program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| inv.program.display().to_string())
}

/// Runs a tool to the end, sending each output line to `lines` as it arrives. Dropping the
/// returned future (cancelling the job) kills the child.
pub async fn run(
    inv: &Invocation,
    lines: Option<mpsc::UnboundedSender<Line>>,
) -> Result<Finished, ToolError> {
    let tool = tool_name(inv);
    tracing::info!(command = %inv.display(), reason = %inv.reason, env = ?inv.env.iter().map(|(k, _)| k).collect::<Vec<_>>(), "running tool");
    // Through ramwiz's guard where there is one (the child dies with ramwiz, however ramwiz
    // ends), in a process group of its own (a cancelled job takes the child's children too).
    let mut cmd = match crate::hardening::child_guard() {
        Some(guard) => {
            if !findable(&inv.program) {
                return Err(ToolError::NotFound {
                    tool,
                    install: crate::strings::TOOL_INSTALL_IT().to_owned(),
                });
            }
            let mut c = Command::new(guard);
            c.arg(crate::hardening::GUARD_ARG)
                .arg(std::process::id().to_string())
                .arg(&inv.program);
            c
        }
        None => Command::new(&inv.program),
    };
    #[cfg(unix)]
    cmd.process_group(0);
    cmd.args(&inv.args)
        .stdin(if inv.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    // No child inherits a key from ramwiz's environment (the sign-in's, when it came from
    // there); only what the invocation names is given (ccoctl: the installer's key).
    for k in crate::hardening::SECRET_ENV {
        cmd.env_remove(k);
    }
    for (k, v) in &inv.env {
        cmd.env(k, v.expose());
    }
    if let Some(dir) = &inv.cwd {
        cmd.current_dir(dir);
    }
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ToolError::NotFound {
            tool: tool.clone(),
            install: crate::strings::TOOL_INSTALL_IT().to_owned(),
        },
        _ => ToolError::Start {
            tool: tool.clone(),
            detail: e.to_string(),
        },
    })?;
    // Armed at once: a job cancelled while writing stdin takes the group too.
    let group = KillGroup(child.id());
    if let (Some(input), Some(mut pipe)) = (&inv.stdin, child.stdin.take()) {
        use tokio::io::AsyncWriteExt as _;
        let bytes = zeroize::Zeroizing::new(input.expose().as_bytes().to_vec());
        // A child that stops reading early closes the pipe: what it did not read is its error
        // to report, not ours.
        let _ = pipe.write_all(&bytes).await;
        drop(pipe);
    }
    let (Some(out), Some(err)) = (child.stdout.take(), child.stderr.take()) else {
        return Err(ToolError::Start {
            tool,
            detail: "no output pipes".into(),
        });
    };
    let (tx_out, tx_err) = (lines.clone(), lines);
    let read_out = read_lines(out, tx_out, Line::Stdout);
    let read_err = read_lines(err, tx_err, Line::Stderr);
    let (stdout, stderr, status) = tokio::join!(read_out, read_err, child.wait());
    group.disarm();
    let status = status.map_err(|e| ToolError::Start {
        tool: tool.clone(),
        detail: e.to_string(),
    })?;
    tracing::info!(tool = %tool, status = ?status.code(), "tool finished");
    match status.code() {
        Some(0) => Ok(Finished { stdout, stderr }),
        Some(code) => {
            let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
            let tail = tail.into_iter().rev().collect::<Vec<_>>().join(" / ");
            Err(ToolError::Failed {
                tool,
                code,
                stderr_tail: tail,
            })
        }
        None => Err(ToolError::Killed { tool }),
    }
}

/// Whether `program` names a file that exists (a path), or one found in `PATH` (a bare name):
/// what spawning it directly would have found.
fn findable(program: &Path) -> bool {
    if program.components().count() > 1 {
        return program.exists();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// Kills a child's process group when dropped before [`KillGroup::disarm`]: a job cancelled
/// mid-run leaves none of the tool's processes behind (the child itself is killed on drop by
/// tokio; what it started is in its group).
struct KillGroup(Option<u32>);

impl KillGroup {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for KillGroup {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some(pid) = self
            .0
            .and_then(|p| rustix::process::Pid::from_raw(p as i32))
        {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }
}

/// Reads a pipe to its end, line by line, sending each line as it comes. Bytes that are not
/// UTF-8 are replaced, never a reason to stop reading (a closed pipe would kill the tool).
async fn read_lines(
    pipe: impl tokio::io::AsyncRead + Unpin,
    tx: Option<mpsc::UnboundedSender<Line>>,
    wrap: fn(String) -> Line,
) -> String {
    let mut all = String::new();
    let mut r = BufReader::new(pipe).split(b'\n');
    while let Ok(Some(raw)) = r.next_segment().await {
        let l = String::from_utf8_lossy(&raw)
            .trim_end_matches('\r')
            .to_owned();
        if let Some(tx) = &tx {
            let _ = tx.send(wrap(l.clone()));
        }
        all.push_str(&l);
        all.push('\n');
    }
    all
}

impl crate::plan::PlanStep {
    /// The plan's record of a tool run: why, the command line, and the names (never the
    /// values) of the variables put in its environment.
    pub fn command(inv: &Invocation) -> Self {
        Self::Command {
            reason: inv.reason.clone(),
            command: inv.display(),
            env: inv.env.iter().map(|(k, _)| k.clone()).collect(),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn streams_lines_and_reports_failure_with_stderr() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let inv = Invocation::new(
            "/bin/sh",
            &["-c", "echo one; echo two >&2; echo three"],
            "testing",
        );
        let done = run(&inv, Some(tx)).await.unwrap();
        assert_eq!(done.stdout, "one\nthree\n");
        let mut got = Vec::new();
        while let Ok(l) = rx.try_recv() {
            got.push(l);
        }
        assert!(got.contains(&Line::Stderr("two".into())));
        let bad = Invocation::new("/bin/sh", &["-c", "echo nope >&2; exit 3"], "testing");
        assert_eq!(
            run(&bad, None).await.unwrap_err(),
            ToolError::Failed {
                tool: "sh".into(),
                code: 3,
                stderr_tail: "nope".into()
            }
        );
    }

    #[tokio::test]
    async fn a_line_that_is_not_utf8_does_not_stop_the_reading() {
        let inv = Invocation::new("/bin/sh", &["-c", "printf 'a\\377b\\nnext\\n'"], "testing");
        let done = run(&inv, None).await.unwrap();
        assert_eq!(done.stdout, "a\u{fffd}b\nnext\n");
    }

    #[tokio::test]
    async fn a_missing_tool_says_so_and_secrets_travel_in_the_environment() {
        let missing = Invocation::new("/nonexistent/oc", &[], "testing");
        assert!(matches!(
            run(&missing, None).await,
            Err(ToolError::NotFound { .. })
        ));
        let mut inv = Invocation::new("/bin/sh", &["-c", "printf %s \"$SECRET_X\""], "testing");
        inv.env
            .push(("SECRET_X".into(), crate::secret::Secret::new("hidden")));
        assert!(!inv.display().contains("hidden"));
        assert_eq!(run(&inv, None).await.unwrap().stdout, "hidden\n");
    }

    #[test]
    fn locate_prefers_extra_dirs_and_needs_the_exec_bit() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("oc");
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        assert_eq!(locate("oc", &[dir.path().to_path_buf()], None), None);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(locate("oc", &[dir.path().to_path_buf()], None), Some(p));
        assert_eq!(
            locate("sh", &[], Some(std::ffi::OsStr::new("/bin"))),
            Some(PathBuf::from("/bin/sh"))
        );
        assert_eq!(
            Invocation::new("oc", &["image", "extract", "a b"], "r").display(),
            "oc image extract 'a b'"
        );
    }
}

//! What the process does to itself before it holds any secret: no core dump (`RLIMIT_CORE` 0,
//! soft and hard, so no child can raise it back) and not dumpable (no core either way, and no
//! ptrace by other processes of the same user). A core of a run during provisioning held the
//! installer's and the sign-in secrets several times over (issue 19).

/// Sets both; the first problem is returned (ramwiz goes on without it, and says so in the log).
#[cfg(target_os = "linux")]
pub fn no_core_dumps() -> Result<(), String> {
    use rustix::process::{DumpableBehavior, Resource, Rlimit, set_dumpable_behavior, setrlimit};
    let zero = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    let limit = setrlimit(Resource::Core, zero).map_err(|e| format!("RLIMIT_CORE: {e}"));
    let dumpable = set_dumpable_behavior(DumpableBehavior::NotDumpable)
        .map_err(|e| format!("PR_SET_DUMPABLE: {e}"));
    limit.and(dumpable)
}

/// Elsewhere there is no prctl; only the limit is set where the platform has one.
#[cfg(not(target_os = "linux"))]
pub fn no_core_dumps() -> Result<(), String> {
    Ok(())
}

/// The environment variables through which Alibaba's tools and SDKs take a key: no child of
/// ramwiz inherits them (only ccoctl is given the installer's key, explicitly).
pub const SECRET_ENV: [&str; 6] = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY",
    "ALICLOUD_SECURITY_TOKEN",
];

/// The hidden first argument that makes the ramwiz binary a child's guard (see [`guard`]).
pub const GUARD_ARG: &str = "__child-guard";

static GUARD_EXE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Called by `main`: children are started through this binary's guard from now on. (A
/// library user, such as a test binary, has no guard to start, and starts them directly.)
pub fn enable_child_guard() {
    #[cfg(target_os = "linux")]
    if let Ok(exe) = std::env::current_exe() {
        let _ = GUARD_EXE.set(exe);
    }
}

/// The binary to start a child through, when there is one.
pub fn child_guard() -> Option<&'static std::path::Path> {
    GUARD_EXE.get().map(std::path::PathBuf::as_path)
}

/// `ramwiz __child-guard PARENT PROGRAM ARGS…`: asks the kernel to kill this process when
/// its parent dies (`PR_SET_PDEATHSIG`, kept across `exec`), checks the parent is still
/// PARENT (it may have died before the request), then becomes PROGRAM. So a tool ramwiz runs
/// dies with it, even when ramwiz is killed with SIGKILL: an aborted run left ccoctl running
/// and writing manifests (issue 19). Done this way because setting the signal between fork
/// and exec needs `unsafe`, which ramwiz forbids. The kernel ties the signal to the thread
/// that started the child: ramwiz starts tools from its runtime's worker threads, which live
/// as long as the process.
pub fn guard(mut args: impl Iterator<Item = std::ffi::OsString>) -> std::process::ExitCode {
    use std::process::ExitCode;
    let parent = args.next().and_then(|p| p.to_str()?.parse::<i32>().ok());
    let Some(program) = args.next() else {
        eprintln!("ramwiz: {GUARD_ARG}: no program");
        return ExitCode::from(2);
    };
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{Signal, getppid, set_parent_process_death_signal};
        if let Err(e) = set_parent_process_death_signal(Some(Signal::KILL)) {
            eprintln!("ramwiz: {GUARD_ARG}: PR_SET_PDEATHSIG: {e}");
        }
        if getppid().map(|p| p.as_raw_nonzero().get()) != parent {
            return ExitCode::from(137);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = parent;
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        let e = std::process::Command::new(&program).args(args).exec();
        eprintln!("ramwiz: {}: {e}", program.to_string_lossy());
        ExitCode::from(if e.kind() == std::io::ErrorKind::NotFound {
            127
        } else {
            126
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (program, args);
        ExitCode::from(2)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn after_it_no_core_can_be_written() {
        // In a child process of its own (the limit is for good): the test binary re-runs
        // itself with a marker.
        if std::env::var_os("RAMWIZ_TEST_NO_CORE_CHILD").is_some() {
            super::no_core_dumps().unwrap();
            let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
            let line = limits
                .lines()
                .find(|l| l.starts_with("Max core file size"))
                .unwrap()
                .to_owned();
            println!("{line}");
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new(exe)
            .args([
                "--exact",
                "hardening::tests::after_it_no_core_can_be_written",
                "--nocapture",
            ])
            .env("RAMWIZ_TEST_NO_CORE_CHILD", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap_or_else(|| panic!("{text}"));
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&fields[4..6], ["0", "0"], "{line}");
    }
}

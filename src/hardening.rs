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

//! Logging with `tracing`, to a file only: never to the terminal while the TUI owns it.
//! The level comes from `RAMWIZ_LOG` (default `info`). Callers never log secrets, signatures or
//! full query strings; the tests scan the log to prove it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// The default log file: `ramwiz.log` in the platform state directory.
pub fn default_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "ramwiz")
        .map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .join("ramwiz.log")
        })
        .unwrap_or_else(|| std::env::temp_dir().join("ramwiz.log"))
}

/// Sends all logging to `path` (appending). Fails if the file cannot be opened.
pub fn init(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::creds::atomic::create_private_dir(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(path)?;
    let filter = EnvFilter::try_from_env("RAMWIZ_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(())
}

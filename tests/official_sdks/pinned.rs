//! The pinned official SDKs, installed once per pin-file content into a cache directory
//! (`RAMWIZ_SDK_CACHE`, or the target's tmp dir): used by tests/official_sdks.rs and by the
//! benchmark's side-by-side row (benches/perf_link).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/official_sdks");

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn cache_root() -> PathBuf {
    std::env::var_os("RAMWIZ_SDK_CACHE").map_or_else(
        || Path::new(env!("CARGO_TARGET_TMPDIR")).join("official-sdks"),
        PathBuf::from,
    )
}

pub fn run(cmd: &mut Command) -> Result<Output, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = err.lines().rev().take(5).collect();
        Err(format!(
            "{cmd:?} exited {}: {}",
            out.status,
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        ))
    }
}

/// A directory made once per pin-file content: `make` fills `dir`; `.complete` marks success,
/// so an interrupted install is redone.
pub fn installed(
    kind: &str,
    pins: &[&str],
    make: impl Fn(&Path) -> Result<(), String>,
) -> Result<PathBuf, String> {
    let mut hash = Vec::new();
    for p in pins {
        hash.extend(std::fs::read(Path::new(DIR).join(p)).map_err(|e| format!("{p}: {e}"))?);
    }
    let dir = cache_root().join(format!("{kind}-{}", &sha256_hex(&hash)[..16]));
    if dir.join(".complete").exists() {
        return Ok(dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    make(&dir)?;
    std::fs::write(dir.join(".complete"), b"").map_err(|e| e.to_string())?;
    Ok(dir)
}

/// The Python interpreter of a venv holding the pinned SDKs.
pub fn python() -> &'static Result<PathBuf, String> {
    static PY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PY.get_or_init(|| {
        run(Command::new("python3").arg("--version"))
            .map_err(|e| format!("python3 is not usable: {e}"))?;
        let dir = installed("python", &["requirements.txt"], |dir| {
            run(Command::new("python3").args(["-m", "venv"]).arg(dir)).map_err(|e| {
                format!("python3 -m venv (Debian: apt-get install python3-venv): {e}")
            })?;
            run(Command::new(dir.join("bin/pip"))
                .args([
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--no-input",
                    "-r",
                ])
                .arg(Path::new(DIR).join("requirements.txt")))
            .map_err(|e| format!("pip install from PyPI: {e}"))?;
            Ok(())
        })?;
        Ok(dir.join("bin/python"))
    })
}

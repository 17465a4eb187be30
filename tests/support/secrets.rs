//! Scanning for a secret: as written, in base64 (standard and URL-safe) and URL-encoded, in
//! bytes and in every file of a tree.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use base64::Engine as _;

/// The forms a leaked secret could take, by name.
pub fn forms(secret: &str) -> Vec<(&'static str, Vec<u8>)> {
    let url: String =
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC).collect();
    let mut out = vec![
        ("plain", secret.as_bytes().to_vec()),
        ("url-encoded", url.into_bytes()),
    ];
    // Base64 of the secret at each of the 3 alignments it can have inside encoded data: the
    // characters that also depend on the bytes around it are cut off.
    for (name, engine) in [
        ("base64", &base64::engine::general_purpose::STANDARD),
        ("base64url", &base64::engine::general_purpose::URL_SAFE),
    ] {
        for shift in 0..3usize {
            let mut bytes = vec![0u8; shift];
            bytes.extend_from_slice(secret.as_bytes());
            let enc = engine.encode(&bytes);
            let skip = (shift * 4).div_ceil(3);
            let end = enc.len().saturating_sub(4);
            if end > skip {
                out.push((name, enc.as_bytes()[skip..end].to_vec()));
            }
        }
    }
    out
}

/// The first form of the secret found in `bytes`.
pub fn find(bytes: &[u8], forms: &[(&'static str, Vec<u8>)]) -> Option<&'static str> {
    forms
        .iter()
        .find(|(_, f)| !f.is_empty() && bytes.windows(f.len()).any(|w| w == f.as_slice()))
        .map(|(n, _)| *n)
}

/// Every regular file below `dir` (symlinks not followed).
pub fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            files(&p, out);
        } else if meta.is_file() {
            out.push(p);
        }
    }
}

/// Scans every file below `dirs` but `allowed`; panics naming the file and the form found.
/// Returns how many files were scanned. A byte-for-byte copy of the ramwiz executable (the
/// simulated tools, and the ccoctl extracted from them) is checked by that identity instead:
/// it was built before the secret existed.
pub fn assert_no_secret_in_files(dirs: &[&Path], allowed: &[PathBuf], secret: &str) -> usize {
    let forms = forms(secret);
    let exe = std::fs::read(env!("CARGO_BIN_EXE_ramwiz")).unwrap();
    let mut all = Vec::new();
    for d in dirs {
        files(d, &mut all);
    }
    let mut scanned = 0;
    for f in all {
        if allowed.contains(&f) {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        if bytes == exe {
            scanned += 1;
            continue;
        }
        if let Some(form) = find(&bytes, &forms) {
            panic!("the secret ({form}) is in {}", f.display());
        }
        scanned += 1;
    }
    scanned
}

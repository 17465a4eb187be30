//! Crash points, for tests of what a crash leaves behind (debug builds only; a release build
//! compiles every call to nothing).
//!
//! Every place where a crash would leave a different state calls [`here`] with its name: each
//! journal write, each step of an atomic file write (temp file made, written, synced, renamed)
//! and each keyring write. With `RAMWIZ_TEST_CRASH_AT=N` the process aborts at the N-th point
//! reached (or, given a name, at the first point of that name); with
//! `RAMWIZ_TEST_CRASH_LIST=FILE` every point reached is appended to FILE, one per line, so a
//! test knows how many there are to sweep. The older `RAMWIZ_TEST_CRASH_AFTER_CREATE_KEY`
//! is the point "after CreateAccessKey".

/// A point where a crash can happen. Never blocks, never fails.
pub fn here(name: &str) {
    #[cfg(debug_assertions)]
    imp::here(name);
    #[cfg(not(debug_assertions))]
    let _ = name;
}

#[cfg(debug_assertions)]
mod imp {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static REACHED: AtomicUsize = AtomicUsize::new(0);

    pub fn here(name: &str) {
        let n = REACHED.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(list) = std::env::var_os("RAMWIZ_TEST_CRASH_LIST")
            && let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(list)
        {
            let _ = writeln!(f, "{n} {name}");
        }
        let at = std::env::var("RAMWIZ_TEST_CRASH_AT").ok();
        let hit = match at.as_deref().map(str::trim) {
            Some(a) => a.parse::<usize>().map_or(a == name, |want| want == n),
            None => {
                name == "after CreateAccessKey"
                    && std::env::var_os("RAMWIZ_TEST_CRASH_AFTER_CREATE_KEY").is_some()
            }
        };
        if hit {
            tracing::warn!(point = n, name, "crash point: aborting on purpose");
            std::process::abort();
        }
    }
}

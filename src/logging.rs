//! Logging with `tracing`, to a file only: never to the terminal while the TUI owns it.
//! The level comes from `RAMWIZ_LOG` (default `info`). Callers never log secrets, signatures or
//! full query strings; the tests scan the log to prove it.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::{DefaultFields, Format, Writer};
use tracing_subscriber::fmt::{FmtContext, FormatEvent};
use tracing_subscriber::registry::LookupSpan;

/// The default format, run with the catalogues read in English: an error logged as `%e` is
/// formatted here, so the log reads the same whatever language the screens speak.
struct English(Format);

impl<S, N> FormatEvent<S, N> for English
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    N: for<'w> tracing_subscriber::fmt::FormatFields<'w> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        writer: Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        crate::i18n::with_lang(crate::lang::Lang::En, || {
            self.0.format_event(ctx, writer, event)
        })
    }
}

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
        .fmt_fields(DefaultFields::new())
        .event_format(English(Format::default().with_ansi(false)))
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_error_logged_while_the_screens_speak_chinese_is_logged_in_english() {
        let buf = Buf::default();
        let out = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .fmt_fields(DefaultFields::new())
            .event_format(English(Format::default().with_ansi(false)))
            .with_writer(move || out.clone())
            .finish();
        let e = crate::files::PathError::Changed {
            path: "/tmp/credentials".into(),
        };
        let shown = crate::i18n::with_lang(crate::lang::Lang::ZhCn, || {
            tracing::subscriber::with_default(subscriber, || tracing::warn!(error = %e, "save"));
            e.to_string()
        });
        let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(shown.contains("发生了变化"), "{shown}");
        assert!(
            log.contains("/tmp/credentials changed while ramwiz was writing"),
            "{log}"
        );
    }
}

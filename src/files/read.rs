//! Bounded reads of regular files only.
//!
//! The file is opened without blocking (`O_NONBLOCK` on Linux, where a FIFO's open would
//! otherwise wait for a writer), then `fstat` on the open descriptor says what it is: the check
//! and the read are on the same file, whatever happens to the path meanwhile.

use std::io::{self, Read};
use std::path::Path;

use crate::strings;

/// How large each kind of file may be. RAM answers, configs and manifests are kilobytes; the
/// bounds are far above any real file and far below what would hurt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `ramwiz apply --answers`.
    Answers,
    /// `~/.alibabacloud/credentials` and the aliyun CLI's `config.json`.
    Credentials,
    /// install-config.yaml, manifests, CredentialsRequests, the pull secret, ramwiz's own
    /// journal and stamps.
    Config,
}

impl Limit {
    pub const fn bytes(self) -> u64 {
        match self {
            Limit::Answers => 1 << 20,
            Limit::Credentials => 64 << 20,
            Limit::Config => 16 << 20,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Limit::Answers => strings::FILE_WHAT_ANSWERS(),
            Limit::Credentials => strings::FILE_WHAT_CREDENTIALS(),
            Limit::Config => strings::FILE_WHAT_CONFIG(),
        }
    }
}

/// What a path is when it is not a regular file, in words.
pub(crate) fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return strings::FILE_KIND_FIFO();
        }
        if t.is_char_device() {
            return strings::FILE_KIND_CHAR();
        }
        if t.is_block_device() {
            return strings::FILE_KIND_BLOCK();
        }
        if t.is_socket() {
            return strings::FILE_KIND_SOCKET();
        }
    }
    if t.is_dir() {
        return strings::FILE_KIND_DIR();
    }
    strings::FILE_KIND_OTHER()
}

#[cfg(target_os = "linux")]
fn open(path: &Path) -> io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
    )?;
    Ok(std::fs::File::from(fd))
}

/// Without `O_NONBLOCK` at hand, a `stat` first keeps a FIFO from being opened; the `fstat`
/// after opening still decides.
#[cfg(not(target_os = "linux"))]
fn open(path: &Path) -> io::Result<std::fs::File> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    std::fs::File::open(path)
}

fn not_regular(meta: &std::fs::Metadata) -> io::Error {
    let kind = if meta.is_dir() {
        io::ErrorKind::IsADirectory
    } else {
        io::ErrorKind::InvalidInput
    };
    io::Error::new(kind, strings::file_not_regular(kind_of(meta)))
}

fn too_large(limit: Limit) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        strings::file_too_large(limit.what(), limit.bytes() >> 20),
    )
}

/// The bytes of a regular file of at most `limit` bytes. A missing file stays `NotFound`.
pub fn read(path: &Path, limit: Limit) -> io::Result<Vec<u8>> {
    let file = open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > limit.bytes() {
        return Err(too_large(limit));
    }
    // The size may change while reading (a file still being written): never past the bound.
    let mut out = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.bytes() + 1).read_to_end(&mut out)?;
    if out.len() as u64 > limit.bytes() {
        return Err(too_large(limit));
    }
    Ok(out)
}

/// The same, as UTF-8 text.
pub fn read_string(path: &Path, limit: Limit) -> io::Result<String> {
    String::from_utf8(read(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, strings::FILE_NOT_UTF8()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_and_keeps_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, "hello").unwrap();
        assert_eq!(read_string(&p, Limit::Answers).unwrap(), "hello");
        let e = read(&dir.path().join("none"), Limit::Answers).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn refuses_a_directory_a_device_and_a_file_too_large() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), Limit::Config).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::IsADirectory);
        assert!(e.to_string().contains("a directory"), "{e}");
        #[cfg(unix)]
        {
            let e = read(Path::new("/dev/zero"), Limit::Answers).unwrap_err();
            assert!(e.to_string().contains("a character device"), "{e}");
        }
        let big = dir.path().join("big");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(Limit::Answers.bytes() + 1).unwrap();
        let e = read(&big, Limit::Answers).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("1 MiB"), "{e}");
        f.set_len(Limit::Answers.bytes()).unwrap();
        assert_eq!(read(&big, Limit::Answers).unwrap().len(), 1 << 20);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&p).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: mkfifo is not available");
            return;
        }
        let e = read(&p, Limit::Credentials).unwrap_err();
        assert!(e.to_string().contains("named pipe (FIFO)"), "{e}");
    }
}

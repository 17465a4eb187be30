//! A server that is not Alibaba Cloud, or a broken one (issue 19): one that accepts and never
//! answers fails a headless sign-in in bounded time, naming the endpoint; a 200 MB answer is
//! refused after 1 MiB, the process staying small (run under a 100 MB data limit).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");

/// `ramwiz apply` signing in from the environment against `endpoint`, under `sh` with `limits`
/// (ulimit arguments) first; killed if it outlives `patience`.
fn apply_against(endpoint: &str, limits: &str, patience: Duration) -> (Output, Duration) {
    let tmp = tempfile::tempdir().unwrap();
    apply_in(tmp.path(), endpoint, limits, patience)
}

/// The same, with HOME (and the log, the journal) in `home`.
fn apply_in(
    home: &std::path::Path,
    endpoint: &str,
    limits: &str,
    patience: Duration,
) -> (Output, Duration) {
    let tmp = home;
    let answers = tmp.join("a.toml");
    std::fs::write(
        &answers,
        "mode = \"setup\"\n[signin]\nsource = \"env\"\n[user]\nname = \"okd\"\n[key]\nprofile = \"default\"\n[policy]\nkind = \"custom\"\n[provision]\nregion = \"cn-hangzhou\"\nname = \"x\"\n",
    )
    .unwrap();
    let script = format!(
        "{limits} exec '{EXE}' apply --output json --answers '{}'",
        answers.display()
    );
    let started = Instant::now();
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .current_dir(tmp)
        .env("HOME", tmp)
        .env("XDG_STATE_HOME", tmp.join("state"))
        .env("RAMWIZ_RAM_ENDPOINT", endpoint)
        .env("RAMWIZ_STS_ENDPOINT", endpoint)
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIhostiletest0000000000")
        .env(
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "HostileTestSecret0000000000000",
        )
        .env_remove("ALIBABA_CLOUD_CREDENTIALS_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > patience {
            let _ = child.kill();
            panic!("ramwiz still waiting after {patience:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

#[test]
fn a_server_that_never_answers_fails_the_sign_in_in_bounded_time() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s); // accepted, read from by nobody, never answered
        }
    });
    let endpoint = format!("http://127.0.0.1:{port}");
    // The bound is generous (CI machines are slow); the figure goes to RELIABILITY.md.
    let (out, took) = apply_against(&endpoint, "", Duration::from_secs(45));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_ne!(out.status.code(), Some(0), "{report}");
    assert!(
        report["error"]
            .to_string()
            .contains(&format!("127.0.0.1:{port}")),
        "the error names the endpoint: {report}"
    );
    ramwiz::reliability::record(
        "a silent server",
        "the endpoint accepts connections and never answers",
        1,
        &format!(
            "a headless sign-in fails naming the endpoint, after {:.1} s (2 attempts × 10 s read timeout)",
            took.as_secs_f64()
        ),
    );
}

#[test]
#[cfg(target_os = "linux")]
fn a_200_mb_answer_is_refused_and_the_process_stays_small() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                let _ = s.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                );
                let chunk = vec![b' '; 1 << 20];
                for _ in 0..200 {
                    if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .is_err()
                        || s.write_all(&chunk).is_err()
                        || s.write_all(b"\r\n").is_err()
                    {
                        return;
                    }
                }
                let _ = s.write_all(b"0\r\n\r\n");
            });
        }
    });
    let endpoint = format!("http://127.0.0.1:{port}");
    // 100 MB of data segment: reading the whole answer would not fit.
    let (out, _) = apply_against(&endpoint, "ulimit -d 102400;", Duration::from_secs(45));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert!(
        report["error"]
            .to_string()
            .contains("larger than ramwiz reads"),
        "{report}\n{stderr}"
    );
    ramwiz::reliability::record(
        "an endless answer",
        "a 200 MB chunked answer to the first call, ramwiz under ulimit -d 100 MB",
        1,
        "refused after 1 MiB with a clear error; the process never needs the memory",
    );
}

/// The longest line of any file under `dir`.
fn longest_line(dir: &std::path::Path) -> usize {
    let mut longest = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            longest = longest.max(longest_line(&p));
        } else if let Ok(b) = std::fs::read(&p) {
            longest = longest.max(b.split(|c| *c == b'\n').map(<[u8]>::len).max().unwrap_or(0));
        }
    }
    longest
}

#[test]
fn a_huge_error_code_is_cut_before_the_log_and_the_report() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // 900 KB of Code and of Message: under the 1 MiB answer cap, so the answer is read whole.
    let body = format!(
        "{{\"Code\":\"{}\",\"Message\":\"{}\",\"RequestId\":\"R\"}}",
        "C".repeat(450_000),
        "M".repeat(450_000)
    );
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let body = body.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let _ = s.read(&mut buf);
                let head = format!(
                    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(head.as_bytes());
                let _ = s.write_all(body.as_bytes());
            });
        }
    });
    let tmp = tempfile::tempdir().unwrap();
    let endpoint = format!("http://127.0.0.1:{port}");
    let (out, _) = apply_in(tmp.path(), &endpoint, "", Duration::from_secs(45));
    assert_ne!(out.status.code(), Some(0));
    assert!(
        out.stdout.len() < 8_192,
        "the report is {} bytes",
        out.stdout.len()
    );
    assert!(
        out.stderr.len() < 8_192,
        "stderr is {} bytes",
        out.stderr.len()
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("CCCC"),
        "the code's start is kept: {report}"
    );
    let longest = longest_line(tmp.path());
    assert!(
        longest < 8_192,
        "a file under HOME has a {longest}-byte line"
    );
    ramwiz::reliability::record(
        "a hostile server",
        "an error answer whose Code and Message are 450 KB each (a 10 MB Code made a 10.5 MB log line and a 21 MB report)",
        1,
        &format!(
            "report {} bytes, stderr {} bytes, longest line of the log and journal {longest} bytes",
            out.stdout.len(),
            out.stderr.len()
        ),
    );
}

//! Drives the real `ramwiz` binary in a pseudo-terminal and reads its screen through vt100.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Pty {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// Starts ramwiz with `args`, HOME pointed at `home`, in a `cols`×`rows` terminal.
    /// `ramwiz --demo --demo-dir DIR` at 100×30.
    pub fn demo(home: &Path, dir: &Path) -> Pty {
        let dir = dir.to_str().unwrap_or_default();
        Self::spawn(&["--demo", "--demo-dir", dir], home, 100, 30)
    }

    pub fn spawn(args: &[&str], home: &Path, cols: u16, rows: u16) -> Pty {
        Self::spawn_with_env(args, home, cols, rows, &[])
    }

    pub fn spawn_with_env(
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        // `ramwiz …`, or with `RAMWIZ_TEST_SHELL` among `env`, `sh -c <that>` (which may
        // `exec` ramwiz after setting limits).
        let mut cmd = match env.iter().find(|(k, _)| *k == "RAMWIZ_TEST_SHELL") {
            Some((_, script)) => {
                let mut c = CommandBuilder::new("sh");
                c.args(["-c", script]);
                c
            }
            None => {
                let mut c = CommandBuilder::new(env!("CARGO_BIN_EXE_ramwiz"));
                c.args(args);
                c
            }
        };
        cmd.env("HOME", home);
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("RAMWIZ_LOG", "trace");
        cmd.env_remove("ALIBABA_CLOUD_ACCESS_KEY_ID");
        cmd.env_remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        cmd.env_remove("ALIBABA_CLOUD_CREDENTIALS_FILE");
        // English unless a test asks otherwise, whatever the machine's locale.
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_MESSAGES");
        cmd.env_remove("RAMWIZ_LANG");
        cmd.env("LANG", "C.UTF-8");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let rows_nz = std::num::NonZeroU16::new(rows).unwrap();
        let cols_nz = std::num::NonZeroU16::new(cols).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows_nz, cols_nz, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            parser,
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// Every byte the program wrote to the terminal (the scrollback included).
    pub fn output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen after `secs`.
    pub fn wait_for(&self, text: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and returns its exit code.
    pub fn wait_exit(&mut self, secs: u64) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // let the reader drain the last bytes
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("ramwiz did not exit; screen:\n{}", self.screen());
    }

    /// Raw mode off, alternate screen left, cursor shown.
    pub fn assert_terminal_restored(&self) {
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
        drop(p);
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        let enter = text.rfind("\x1b[?1049h").unwrap_or(0);
        let leave = text
            .rfind("\x1b[?1049l")
            .expect("never left the alternate screen");
        assert!(leave > enter);
        let paste_off = text
            .rfind("\x1b[?2004l")
            .expect("bracketed paste not disabled");
        assert!(paste_off > text.rfind("\x1b[?2004h").unwrap_or(0));
    }

    /// Walks sign-in → create user → destination (keyring on) → create key → confirm → verify.
    pub fn walk_to_verified_key(&mut self, user: &str, reveal: bool) {
        self.wait_for("Press Enter to sign in", 20);
        self.send("\r");
        self.wait_for("profile demo-admin", 10);
        self.send("\r");
        self.wait_for("Can manage RAM users", 10);
        self.send("\r");
        self.wait_for("Create a new RAM user", 5);
        self.send("\r");
        self.wait_for("Create the installer's RAM user", 5);
        self.send(user);
        self.wait_for("valid user name", 5);
        self.send("\r");
        self.wait_for("Where the new AccessKey will be saved", 10);
        self.wait_for("Also store the secret in the OS keyring", 10);
        self.send("\t\t ");
        self.wait_for("[x] Also store", 5);
        self.send("\r");
        self.wait_for("has no AccessKey yet", 10);
        self.send("\r");
        self.wait_for("Alibaba Cloud shows this secret only now", 10);
        self.wait_for("OS keyring", 5);
        if reveal {
            self.send("r");
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        self.send("\r");
        self.wait_for("Continue? (y / n)", 5);
        self.send("y");
        self.wait_for("The installer's AccessKey works", 40);
    }

    /// From a verified key: the least-privilege policy created, attached and probed.
    pub fn walk_policy(&mut self) {
        self.send("\r");
        self.wait_for("The OKD install policy (least privilege)", 15);
        self.send("\r");
        self.wait_for("valid policy name", 5);
        self.send("\r");
        self.wait_for("the policy is in effect", 30);
    }

    /// From the policy in effect: the tools found, ccoctl extracted (its screen waits for
    /// Enter once ccoctl is ready), on to the provision form.
    pub fn walk_to_provision_form(&mut self) {
        self.send("\r");
        self.wait_for("bin/openshift-install", 10);
        self.send("\r");
        self.wait_for("ccoctl is ready:", 60);
        self.send("\r");
        self.wait_for("The components' credentials: ccoctl create-ram-users", 10);
    }
}

//! The README's screenshots, recorded from a real demo run: the wizard and the engine against
//! the simulated cloud and tools, driven by autoplay's own steps (and, for the screens off its
//! path, by what a person would press there), each screen captured as it is reached. A busy
//! screen is captured on its first frame, an idle one as it stands before the next step, so the
//! final screen shows its next commands.
//!
//! Each recorded screen must pass the nothing-is-cut check at 80×24, 100×30 and 120×40, and its
//! SVG (120×40) must match the committed one in `screenshots/`:
//! `RAMWIZ_UPDATE_SCREENSHOTS=1 cargo test --test screenshots` rewrites them (and the PNGs,
//! with `rsvg-convert`). What differs from one run to the next (the demo directory's random
//! suffix, the dates) is replaced by fixed text of the same width before the comparison, so
//! the layout is the real one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;

use ramwiz::wizard::{Intent, Msg, Screen, Wizard, autoplay};
use support::headless::Headless;

/// The screenshots' names, by the screen they show.
fn name_of(s: Screen) -> Option<&'static str> {
    Some(match s {
        Screen::Welcome => "01-welcome",
        Screen::SignIn => "02-sign-in",
        Screen::Paste => "03-paste",
        Screen::Checking => "04-checking",
        Screen::Identity => "05-identity",
        Screen::UserChoice => "07-user-choice",
        Screen::CreateUser => "08-create-user",
        Screen::SelectUser => "09-select-user",
        Screen::Destination => "10-destination",
        Screen::Keys => "11-keys",
        Screen::Capturing => "12-capturing",
        Screen::SecretShown => "13-secret",
        Screen::Verifying => "14-verifying",
        Screen::Verified => "15-verified",
        Screen::PolicyChoice => "16-policy-choice",
        Screen::PolicyViewer => "17-policy-viewer",
        Screen::PolicyForm => "18-policy-form",
        Screen::Applying => "20-applying",
        Screen::PolicyDone => "21-policy-done",
        Screen::CcoSetup => "22-ccoctl-tools",
        Screen::CcoRunning => "23-ccoctl-running",
        Screen::ProvisionSetup => "24-provision-setup",
        Screen::ProvisionReview => "25-provision-review",
        Screen::Provisioning => "26-provisioning",
        Screen::ProvisionDone => "27-provision-done",
        Screen::TeardownSetup => "28-teardown",
        Screen::TearingDown => "29-tearing-down",
        Screen::TornDown => "30-torn-down",
        Screen::Error => "31-error",
        _ => return None,
    })
}

/// The screenshots this run records (the rest, 06-orphans and 19-policy-review, need an
/// interrupted run and a second one: the library's gallery draws them).
const RECORDED: usize = 29;

struct Recorder {
    h: Headless,
    shots: BTreeMap<&'static str, Wizard>,
}

impl Recorder {
    /// The screen as it stands now (a later capture of the same screen replaces it, but on
    /// the secret's screen, whose first look, with its keys, is the one to show).
    fn keep(&mut self) {
        match name_of(self.h.w.screen) {
            Some("13-secret") => self.keep_first(),
            Some(n) => {
                self.shots.insert(n, self.h.w.clone());
            }
            None => {}
        }
    }

    /// The first frame of a screen (a busy one is captured as it starts).
    fn keep_first(&mut self) {
        if let Some(n) = name_of(self.h.w.screen) {
            self.shots.entry(n).or_insert_with(|| self.h.w.clone());
        }
    }

    async fn step(&mut self, intent: Intent) {
        self.keep();
        self.h.say_nowait(intent);
        self.keep_first();
        self.settle().await;
    }

    /// As `Headless::settle`, keeping the first frame of each screen the events lead to.
    async fn settle(&mut self) {
        while self.h.w.busy() {
            let ev = tokio::time::timeout(std::time::Duration::from_secs(30), self.h.rx.recv())
                .await
                .expect("a job hung")
                .expect("engine gone");
            for c in self.h.w.update(Msg::from(ev)) {
                match c {
                    ramwiz::protocol::Command::Quit
                    | ramwiz::protocol::Command::CopyToClipboard(_) => {}
                    other => self.h.engine.run(other),
                }
            }
            self.keep_first();
        }
    }

    /// Off autoplay's path, where a person would look around: the paste form and a failed
    /// sign-in on the sign-in screen, the user list, the policy's text.
    async fn detour(&mut self) {
        match self.h.w.screen {
            Screen::SignIn if !self.shots.contains_key("03-paste") => {
                self.keep();
                self.h.say(Intent::PastePair).await;
                self.h
                    .w
                    .update(Msg::Paste("LTAI5tNOSUCHKEY000000000".into()));
                self.h.say(Intent::NextField).await;
                self.h
                    .w
                    .update(Msg::Paste("a-secret-of-no-key-at-all-0000".into()));
                self.step(Intent::Continue).await;
                assert_eq!(
                    self.h.w.screen,
                    Screen::Error,
                    "a key the cloud does not know"
                );
                self.keep();
                self.h.say(Intent::Back).await;
                while self.h.w.screen != Screen::SignIn {
                    self.h.say(Intent::Back).await;
                }
                // The highlight back on the demo's profile, where autoplay signs in.
                self.h.say(Intent::Top).await;
            }
            Screen::UserChoice if !self.shots.contains_key("09-select-user") => {
                self.keep();
                self.h.say(Intent::SelectUser).await;
                self.keep();
                self.h.say(Intent::Back).await;
                assert_eq!(self.h.w.screen, Screen::UserChoice);
                self.h.say(Intent::MoveSelection(-1)).await;
            }
            Screen::PolicyChoice if !self.shots.contains_key("17-policy-viewer") => {
                self.keep();
                self.h.say(Intent::ViewPolicy).await;
                self.keep();
                self.h.say(Intent::Back).await;
            }
            _ => {}
        }
    }
}

/// Replaces what changes from run to run by fixed text of the same width.
fn steady(row: &str, dir: &str) -> String {
    let fixed_dir = format!("{}{}", &dir[..dir.len() - 6], "a1B2c3");
    let mut s = row.replace(dir, &fixed_dir);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let digit = |c: char| c.is_ascii_digit();
    // 2026-12-01T09:30:00Z, 2026/12/01 09:30:00 and 20261201T093000Z (dates and backups),
    // and a request ID (a UUID).
    let patterns: [(&str, &str); 4] = [
        ("dddd-dd-ddTdd:dd:dd", "2026-12-01T09:30:00"),
        ("dddd/dd/dd dd:dd:dd", "2026/12/01 09:30:00"),
        ("ddddddddTdddddd", "20261201T093000"),
        (
            "hhhhhhhh-hhhh-hhhh-hhhh-hhhhhhhhhhhh",
            "5A3C7E10-2B4D-4F6A-8C9E-0123456789AB",
        ),
    ];
    'outer: while i < chars.len() {
        for (shape, fixed) in patterns {
            let n = shape.chars().count();
            if i + n <= chars.len()
                && shape.chars().zip(&chars[i..i + n]).all(|(p, c)| match p {
                    'd' => digit(*c),
                    'h' => c.is_ascii_hexdigit(),
                    other => other == *c,
                })
            {
                out.push_str(fixed);
                i += n;
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    s = out;
    s
}

fn svg_of(w: &Wizard, name: &str, dir: &str) -> String {
    let mut w = w.clone();
    w.size = (120, 40);
    let (t, _) = ramwiz::ui::theme::with_theme(&ramwiz::ui::theme::COLOR, || {
        ramwiz::ui::fit::draw(&w, 120, 40)
    });
    let mut buf = t.backend().buffer().clone();
    // Each row made steady, cell by cell (same width, so the layout stands).
    for y in 0..40u16 {
        let cells: Vec<String> = (0..120u16)
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect();
        let row: String = cells.concat();
        let fixed = steady(&row, dir);
        if fixed != row {
            let mut it = fixed.chars();
            for (x, c) in cells.iter().enumerate() {
                // Only single-character cells are rewritten (the patterns are ASCII).
                if c.chars().count() == 1
                    && let Some(ch) = it.next()
                {
                    buf[(x as u16, y)].set_symbol(&ch.to_string());
                } else {
                    for _ in 0..c.chars().count() {
                        it.next();
                    }
                }
            }
        }
    }
    ramwiz::ui::svg::render(&buf, &format!("ramwiz: {name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_screenshots_are_a_recorded_demo_run() {
    let dir = tempfile::Builder::new()
        .prefix("ramwiz-demo-")
        .rand_bytes(6)
        .tempdir_in("/tmp")
        .unwrap();
    let dir_text = dir.path().display().to_string();
    let h = Headless::start_in(dir, 7, 5, &[]).await;
    let mut r = Recorder {
        h,
        shots: BTreeMap::new(),
    };
    // The presenter's walk: autoplay's steps, as `--autoplay` takes them.
    for _ in 0..200 {
        r.detour().await;
        let Some(intent) = autoplay::next(&r.h.w) else {
            break;
        };
        r.step(intent).await;
    }
    assert!(autoplay::finished(&r.h.w), "stopped on {:?}", r.h.w.screen);
    r.keep();
    let last = r.shots.get("27-provision-done").unwrap().clone();
    assert!(
        last.next_commands()
            .iter()
            .any(|c| c.command.contains("openshift-install create cluster")),
        "the final screen shows the next command"
    );

    // Then the day the cluster is removed: a teardown, in a new ramwiz on the same demo.
    r.h.restart().await;
    r.step(Intent::StartTeardown).await;
    r.step(Intent::ChooseSource(r.h.w.selected)).await;
    r.step(Intent::Continue).await;
    assert_eq!(r.h.w.screen, Screen::TeardownSetup, "{:?}", r.h.w.error);
    let name = last.report(ramwiz::wizard::Mode::Setup, false, true, true);
    let name = name.manifests.map(|m| m.name).unwrap_or_default();
    r.h.w.update(Msg::Intent(Intent::Fill(
        ramwiz::wizard::Field::TeardownName,
        name.clone(),
    )));
    r.h.w.update(Msg::Intent(Intent::Fill(
        ramwiz::wizard::Field::TeardownConfirm,
        name,
    )));
    r.step(Intent::Continue).await;
    assert_eq!(
        r.h.w.screen,
        Screen::TornDown,
        "{:?} {:?}",
        r.h.w.error,
        r.h.w.cco.error
    );
    r.keep();

    assert_eq!(
        r.shots.len(),
        RECORDED,
        "{:?}",
        r.shots.keys().collect::<Vec<_>>()
    );

    // Every recorded screen whole at the three sizes; which ones scroll, for the record
    // (`--nocapture`).
    for (name, w) in &r.shots {
        let mut w = w.clone();
        match ramwiz::ui::fit::check_all(&mut w) {
            Ok(s) => {
                for s in s {
                    println!(
                        "scrolls: {name} at {}×{} by {} rows",
                        s.size.0, s.size.1, s.max
                    );
                }
            }
            Err(e) => panic!("{name}: {e}"),
        }
    }

    // The committed screenshots are these.
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let update = std::env::var_os("RAMWIZ_UPDATE_SCREENSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, w) in &r.shots {
        let svg = svg_of(w, name, &dir_text);
        let path = out.join(format!("{name}.svg"));
        if update {
            ramwiz::ui::svg::write_with_png(&path, &svg).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            stale.push(*name);
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots out of date: {stale:?}; run RAMWIZ_UPDATE_SCREENSHOTS=1 cargo test --test screenshots"
    );
}

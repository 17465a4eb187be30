//! The performance benchmarks: `cargo bench --bench perf` prints one row per target of
//! docs/PERFORMANCE.md; `cargo bench --bench perf -- --save` also rewrites that file with the
//! run's table and the machine it ran on. No test asserts a time; this only measures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, Read as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ramwiz::protocol::{Command, EngineEvent, EventKind, Partial};
use ramwiz::wizard::{Intent, Msg, Screen, Wizard};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "perf_link/mod.rs"]
mod link;

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const EXAMPLE: &str = include_str!("../assets/answers.example.toml");

struct Row {
    what: String,
    measured: String,
    target: String,
    met: Option<bool>,
}

fn row(what: &str, measured: String, target: &str, met: Option<bool>) -> Row {
    let r = Row {
        what: what.into(),
        measured,
        target: target.into(),
        met,
    };
    println!(
        "{:<44} {:>34}   target {:<22} {}",
        r.what,
        r.measured,
        r.target,
        verdict(r.met)
    );
    r
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "MISSED",
        None => "-",
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Terminal output, each chunk with the time it arrived.
type Chunks = Arc<Mutex<Vec<(Instant, Vec<u8>)>>>;

/// A ramwiz in a pty: its output, each chunk with the time it arrived.
struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    chunks: Chunks,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _writer: Box<dyn std::io::Write + Send>,
}

impl Pty {
    fn spawn(args: &[&str], home: &Path) -> (Pty, Instant) {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(EXE);
        cmd.args(args);
        cmd.env("HOME", home);
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TERM", "xterm-256color");
        for k in [
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_CREDENTIALS_FILE",
        ] {
            cmd.env_remove(k);
        }
        let t0 = Instant::now();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let chunks = Arc::new(Mutex::new(Vec::new()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(40).unwrap(),
            std::num::NonZeroU16::new(120).unwrap(),
            0,
        )));
        let (c, p) = (chunks.clone(), parser.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let at = Instant::now();
                p.lock().unwrap().process(&buf[..n]);
                c.lock().unwrap().push((at, buf[..n].to_vec()));
            }
        });
        (
            Pty {
                child,
                chunks,
                parser,
                _master: pair.master,
                _writer: writer,
            },
            t0,
        )
    }

    /// When the screen first showed every one of `marks` (the chunk that completed it).
    fn wait_for(&self, marks: &[&str], secs: u64) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            let screen = self.parser.lock().unwrap().screen().contents();
            if marks.iter().all(|m| screen.contains(m)) {
                // Replay the chunks to find the one that completed the frame.
                let chunks = self.chunks.lock().unwrap();
                let mut p = vt100::Parser::new(
                    std::num::NonZeroU16::new(40).unwrap(),
                    std::num::NonZeroU16::new(120).unwrap(),
                    0,
                );
                for (at, bytes) in chunks.iter() {
                    p.process(bytes);
                    let s = p.screen().contents();
                    if marks.iter().all(|m| s.contains(m)) {
                        return *at;
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!(
            "timed out waiting for {marks:?}:\n{}",
            self.parser.lock().unwrap().screen().contents()
        );
    }

    fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    fn output_len(&self) -> usize {
        self.chunks
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| b.len())
            .sum()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU time (user + system) of a process so far, from /proc.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|u| u.parse::<f64>().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    // Linux reports clock ticks of 1/100 s on every platform Rust supports.
    ticks * 10.0
}

/// The welcome screen, drawn to its last line.
const WELCOME: &[&str] = &["Press Enter to sign in", "? help"];

/// The row, and the median in ms (the side-by-side row compares the SDK's start with it).
fn start_to_first_frame(demo: bool) -> (Row, f64) {
    let mut times = Vec::new();
    for _ in 0..20 {
        let home = tempfile::tempdir().unwrap();
        let args: &[&str] = if demo { &["--demo"] } else { &[] };
        let (pty, t0) = Pty::spawn(args, home.path());
        let at = pty.wait_for(WELCOME, 20);
        times.push(ms(at - t0));
    }
    let (m, target) = (median(times), if demo { 50.0 } else { 20.0 });
    let r = row(
        if demo {
            "start to first complete frame (--demo)"
        } else {
            "start to first complete frame (real mode)"
        },
        format!("{m:.1} ms median of 20"),
        &format!("<= {target} ms"),
        Some(m <= target),
    );
    (r, m)
}

fn idle_cost() -> Row {
    let home = tempfile::tempdir().unwrap();
    let (pty, _) = Pty::spawn(&["--demo"], home.path());
    pty.wait_for(WELCOME, 20);
    std::thread::sleep(Duration::from_millis(500));
    let (bytes0, cpu0) = (pty.output_len(), cpu_ms(pty.pid()));
    std::thread::sleep(Duration::from_secs(10));
    let (bytes1, cpu1) = (pty.output_len(), cpu_ms(pty.pid()));
    let redraws = pty
        .chunks
        .lock()
        .unwrap()
        .iter()
        .filter(|(at, _)| at.elapsed() < Duration::from_secs(10))
        .count();
    let cpu = cpu1 - cpu0;
    row(
        "idle cost (10 s, no input, no job)",
        format!(
            "{redraws} redraws, {} bytes, {cpu:.0} ms CPU",
            bytes1 - bytes0
        ),
        "0 redraws; <= 10 ms CPU",
        Some(redraws == 0 && cpu <= 10.0),
    )
}

fn render_median(w: &Wizard, width: u16, height: u16, n: usize) -> f64 {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut w = w.clone();
    w.size = (width, height);
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t0 = Instant::now();
        t.draw(|f| {
            ramwiz::ui::render(&w, f);
        })
        .unwrap();
        times.push(ms(t0.elapsed()));
    }
    median(times)
}

/// Every screen a full headless setup passes, as the wizard stood there (real states).
fn screens_of_a_setup(rt: &tokio::runtime::Runtime) -> (Vec<Wizard>, Duration) {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("a.toml");
    std::fs::write(&answers, EXAMPLE).unwrap();
    rt.block_on(async {
        let demo = ramwiz::demo::start(Some(&tmp.path().join("demo")), Path::new(EXE))
            .await
            .unwrap();
        let ws = ramwiz::wizard::Workspace {
            dir: demo.dir.clone(),
            install_dir: Some(demo.install_dir()),
        };
        let opts = ramwiz::headless::ApplyOptions {
            answers,
            dry_run: false,
            yes: false,
            for_machines: true,
        };
        let t0 = Instant::now();
        let (report, screens) = ramwiz::headless::run_collecting(
            demo.config.clone(),
            ws,
            true,
            &opts,
            tmp.path(),
            &mut |_| {},
            true,
        )
        .await;
        let took = t0.elapsed();
        assert!(report.ok, "{}", report.text());
        demo.sim.shutdown().await;
        (screens, took)
    })
}

/// The cost of a frame that draws nothing: the floor under every screen's number.
fn empty_frame(width: u16, height: u16) -> f64 {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut times = Vec::new();
    for _ in 0..500 {
        let t0 = Instant::now();
        t.draw(|_| {}).unwrap();
        times.push(ms(t0.elapsed()));
    }
    median(times)
}

fn render_rows(screens: &[Wizard]) -> Vec<Row> {
    let mut seen: Vec<Screen> = Vec::new();
    let mut out = Vec::new();
    for (w, h, target) in [(120u16, 40u16, 0.3), (250, 70, 1.0)] {
        let mut worst = (0.0, Screen::Welcome);
        let mut all = Vec::new();
        for s in screens {
            if w == 120 && !seen.contains(&s.screen) {
                seen.push(s.screen);
            }
            let m = render_median(s, w, h, 200);
            all.push(m);
            if m > worst.0 {
                worst = (m, s.screen);
            }
        }
        out.push(row(
            &format!("render of each screen ({w}x{h})"),
            format!(
                "median {:.3} ms, worst {:.3} ms ({:?})",
                median(all),
                worst.0,
                worst.1
            ),
            &format!("<= {target} ms median, every screen"),
            Some(worst.0 <= target),
        ));
    }
    println!("    ({} distinct screens: {seen:?})", seen.len());
    println!(
        "    (an empty frame costs {:.3} ms at 120x40, {:.3} ms at 250x70)",
        empty_frame(120, 40),
        empty_frame(250, 70)
    );
    if std::env::var_os("RAMWIZ_BENCH_PER_SCREEN").is_some() {
        for s in screens {
            println!(
                "    {:?}: {:.3} ms",
                s.screen,
                render_median(s, 120, 40, 200)
            );
        }
    }
    out
}

fn typing_in_the_filter() -> Row {
    let (mut w, _) = Wizard::new(true, (120, 40), "/tmp/credentials".into());
    w.jobs.clear();
    w.screen = Screen::SelectUser;
    w.users.users = (1..=5000)
        .map(|i| ramwiz::cloud::model::User {
            user_name: format!("seed-user-{i}"),
            display_name: format!("Seed user {i}"),
            create_date: "2026-11-29T00:00:00Z".into(),
            ..Default::default()
        })
        .collect();
    w.users.loaded = true;
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut times = Vec::new();
    let typed = "seed-user-4711";
    for _ in 0..20 {
        for c in typed.chars() {
            let t0 = Instant::now();
            press(&mut w, KeyCode::Char(c));
            t.draw(|f| {
                ramwiz::ui::render(&w, f);
            })
            .unwrap();
            times.push(ms(t0.elapsed()));
        }
        for _ in typed.chars() {
            let t0 = Instant::now();
            press(&mut w, KeyCode::Backspace);
            t.draw(|f| {
                ramwiz::ui::render(&w, f);
            })
            .unwrap();
            times.push(ms(t0.elapsed()));
        }
    }
    let (m, p) = (median(times.clone()), p95(times));
    row(
        "typing in the user filter (5,000 users)",
        format!("{m:.3} ms median, {p:.3} ms p95"),
        "<= 2 ms",
        Some(p <= 2.0),
    )
}

/// Feeds engine events to the wizard until `until` says stop (or nothing runs).
async fn pump(
    w: &mut Wizard,
    engine: &mut ramwiz::engine::Engine,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<EngineEvent>,
    mut until: impl FnMut(&Wizard, &EngineEvent) -> bool,
) {
    while w.busy() {
        let ev = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .unwrap()
            .unwrap();
        let stop = until(w, &ev);
        for c in w.update(Msg::from(ev)) {
            if !matches!(c, Command::Quit | Command::CopyToClipboard(_)) {
                engine.run(c);
            }
        }
        if stop {
            return;
        }
    }
}

/// A key as the terminal face handles it: through the keymap, then into the wizard (what a
/// keystroke costs, translation included).
fn press(w: &mut Wizard, code: KeyCode) -> Vec<Command> {
    match ramwiz::wizard::keymap::translate(w, KeyEvent::new(code, KeyModifiers::NONE)) {
        Some(i) => w.update(Msg::Intent(i)),
        None => Vec::new(),
    }
}

/// What a person means, with its commands run.
fn say(w: &mut Wizard, engine: &mut ramwiz::engine::Engine, intent: Intent) {
    for c in w.update(Msg::Intent(intent)) {
        if !matches!(c, Command::Quit | Command::CopyToClipboard(_)) {
            engine.run(c);
        }
    }
}

fn first_page_of_5000(rt: &tokio::runtime::Runtime) -> Row {
    let tmp = tempfile::tempdir().unwrap();
    let (first, all) = rt.block_on(async {
        let demo = ramwiz::demo::start(Some(&tmp.path().join("demo")), Path::new(EXE))
            .await
            .unwrap();
        demo.sim.seed_users(5000);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut engine = ramwiz::engine::Engine::new(demo.config.clone(), tx);
        let (mut w, cmds) = Wizard::new(
            true,
            (120, 40),
            demo.config.locations.credentials_file.clone(),
        );
        for c in cmds {
            engine.run(c);
        }
        pump(&mut w, &mut engine, &mut rx, |_, _| false).await;
        say(&mut w, &mut engine, Intent::StartSetup);
        let admin = w.selected; // the demo's admin profile, the first ready source
        say(&mut w, &mut engine, Intent::ChooseSource(admin));
        pump(&mut w, &mut engine, &mut rx, |_, _| false).await;
        assert_eq!(w.screen, Screen::Identity);
        say(&mut w, &mut engine, Intent::Continue);
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let t0 = Instant::now();
        say(&mut w, &mut engine, Intent::SelectUser);
        pump(&mut w, &mut engine, &mut rx, |_, ev| {
            matches!(&ev.kind, EventKind::Partial(p) if matches!(p.as_ref(), Partial::Users(_)))
        })
        .await;
        t.draw(|f| {
            ramwiz::ui::render(&w, f);
        })
        .unwrap();
        let first = t0.elapsed();
        let shown = w.users.users.len();
        pump(&mut w, &mut engine, &mut rx, |w, _| w.users.loaded).await;
        let all = t0.elapsed();
        assert!(shown > 0 && shown < 5001, "{shown}");
        demo.sim.shutdown().await;
        (first, all)
    });
    row(
        "first page of a 5,000-user account",
        format!(
            "{:.1} ms to the first rows; all in {:.0} ms",
            ms(first),
            ms(all)
        ),
        "<= 100 ms",
        Some(ms(first) <= 100.0),
    )
}

/// A credentials file of `profiles` profiles, about 100 bytes each.
fn credentials_file(path: &Path, profiles: usize) -> u64 {
    let mut text = String::with_capacity(profiles * 110);
    for i in 0..profiles {
        text.push_str(&format!(
            "[p{i:06}]\naccess_key_id = LTAI5t{i:016}\naccess_key_secret = {:030}\n",
            i
        ));
    }
    std::fs::write(path, &text).unwrap();
    text.len() as u64
}

/// Sign-in's discovery over a large credentials file: read (bounded), parsed, every profile
/// listed. The parser was quadratic in the number of profiles (4 MB took 17.6 s, issue 19).
fn reading_credentials() -> Vec<Row> {
    let tmp = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    for (profiles, runs, target_ms) in [(40_000usize, 5usize, 100.0), (505_000, 3, 2000.0)] {
        let path = tmp.path().join(format!("credentials-{profiles}"));
        let bytes = credentials_file(&path, profiles);
        let loc = ramwiz::creds::sources::Locations {
            credentials_file: path.clone(),
            aliyun_config: None,
            env: None,
        };
        let mut times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let found = ramwiz::creds::sources::discover(&loc);
            times.push(ms(t.elapsed()));
            assert_eq!(found.sources.len(), profiles, "{:?}", found.problems);
        }
        let took = median(times);
        out.push(row(
            &format!(
                "credentials file of {:.0} MB ({profiles} profiles) listed",
                bytes as f64 / 1e6
            ),
            format!("{took:.0} ms median of {runs}"),
            &format!("<= {target_ms:.0} ms"),
            Some(took <= target_ms),
        ));
    }
    out
}

/// The median of 500 GetCallerIdentity calls by `client`, after 20 to warm up, in ms.
async fn median_call(client: &ramwiz::cloud::Client) -> f64 {
    let mut times = Vec::new();
    for i in 0..520 {
        let t0 = Instant::now();
        client
            .call(&ramwiz::cloud::actions::GetCallerIdentity)
            .await
            .unwrap();
        if i >= 20 {
            times.push(ms(t0.elapsed()));
        }
    }
    median(times)
}

fn one_api_call(rt: &tokio::runtime::Runtime, signature: ramwiz::cloud::SignatureVersion) -> Row {
    let m = rt.block_on(async {
        let sim = ramwiz::sim::SimHandle::start(Default::default())
            .await
            .unwrap();
        let client = ramwiz::cloud::Client::new(
            ramwiz::cloud::Endpoints::single(&sim.endpoint())
                .unwrap()
                .with_signature(signature),
            ramwiz::cloud::Credentials::new(sim.owner_access_key_id(), sim.owner_secret()),
        )
        .unwrap();
        let m = median_call(&client).await;
        sim.shutdown().await;
        m
    });
    let label = match signature {
        ramwiz::cloud::SignatureVersion::V1 => "one API call (signed, loopback, parsed)",
        ramwiz::cloud::SignatureVersion::V3 => "one API call, signature V3",
    };
    row(
        label,
        format!("{m:.3} ms median of 500"),
        "<= 1 ms median",
        Some(m <= 1.0),
    )
}

/// `ramwiz --demo --demo-dir DIR [EXTRA…] apply` as a process, in English: wall time, per-step
/// times from the progress lines, and the peak RSS seen in /proc.
fn whole_setup(dir: &Path, extra: &[&str]) -> (Duration, Vec<(f64, String)>, u64) {
    let answers = dir.with_extension("toml");
    std::fs::write(&answers, EXAMPLE).unwrap();
    let t0 = Instant::now();
    let mut child = std::process::Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(dir)
        .args(extra)
        .args(["apply", "--answers"])
        .arg(&answers)
        .env("RAMWIZ_LANG", "en")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let stderr = child.stderr.take().unwrap();
    let peak = Arc::new(Mutex::new(0u64));
    let p = peak.clone();
    let watcher = std::thread::spawn(move || {
        while let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                let mut m = p.lock().unwrap();
                *m = (*m).max(kb);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    });
    let mut steps = Vec::new();
    for line in std::io::BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
    {
        steps.push((ms(t0.elapsed()), line));
    }
    let status = child.wait().unwrap();
    let took = t0.elapsed();
    let _ = watcher.join();
    assert!(status.success(), "{steps:?}");
    let kb = *peak.lock().unwrap();
    (took, steps, kb)
}

/// Why each API call of a setup is made.
fn why(action: &str) -> &'static str {
    match action {
        "GetCallerIdentity" => {
            "who signed in (with the MaxItems=1 probe); then the new key, signed with itself (verification)"
        }
        "ListUsers" => {
            "may this identity manage RAM users (MaxItems=1, with sign-in); does the installer's user exist (looked up before any CreateUser, so a rerun creates nothing); then the policy in effect, with the new key, beside the read-back"
        }
        "CreateUser" => "the installer's user",
        "ListAccessKeys" => {
            "an existing user's keys on the keys screen and the baseline before CreateAccessKey (a user this run created has none: not asked)"
        }
        "ListPoliciesForUser" => {
            "what is attached after attaching (and an existing user's policies on the keys screen)"
        }
        "CreateAccessKey" => "the installer's key",
        "GetPolicy" => {
            "does the custom policy exist (create, or compare and reuse); apply asks it right after sign-in"
        }
        "CreatePolicy" => "the custom policy, made while the user and its key are made",
        "AttachPolicyToUser" => "attach it",
        _ => "(made by ccoctl for the components)",
    }
}

fn round_trips(dir: &Path) -> Row {
    let log = std::fs::read_to_string(dir.join("ramwiz.log")).unwrap_or_default();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for l in log.lines().filter(|l| l.contains("ramwiz::cloud::client")) {
        let Some(a) = l
            .split("action=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            continue;
        };
        match counts.iter_mut().find(|(x, _)| x == a) {
            Some(c) => c.1 += 1,
            None => counts.push((a.to_owned(), 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    for (a, n) in &counts {
        println!("    {n:>2} x {a:<22} {}", why(a));
    }
    row(
        "round trips of the whole setup (ramwiz's own)",
        format!(
            "{total} calls: {}",
            counts
                .iter()
                .map(|(a, n)| format!("{a} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "none repeated without cause",
        None,
    )
}

/// A progress line for the doc: the run's AccessKey IDs and temp directory left out (they are
/// the simulated cloud's, but a committed file should not hold key-shaped strings).
fn anonymise(line: &str, dir: &Path) -> String {
    let mut out = line.replace(&dir.display().to_string(), "<demo dir>");
    while let Some(i) = out.find("LTAI") {
        let end = out[i + 4..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(out.len(), |e| i + 4 + e);
        out.replace_range(i..end, "<key ID>");
    }
    out
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:").map(|m| m.trim().to_owned()))
        .unwrap_or_default();
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "{cpu}, {cores} cores, {mem} memory, {} {}, {rustc}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

fn main() {
    let save = std::env::args().any(|a| a == "--save");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    println!("ramwiz performance ({})", machine());
    if std::env::args().any(|a| a == "--credentials-only") {
        reading_credentials();
        return;
    }
    if std::env::args().any(|a| a == "--link-only") {
        let (_, real_ms) = start_to_first_frame(false);
        link::official_sdk_rows(real_ms);
        link::latency_rows(tempfile::tempdir().unwrap().path());
        return;
    }
    if std::env::args().any(|a| a == "--render-only") {
        let (screens, _) = screens_of_a_setup(&rt);
        for _ in 0..20 {
            render_rows(&screens);
        }
        return;
    }
    let (real_frame, real_ms) = start_to_first_frame(false);
    let (demo_frame, _) = start_to_first_frame(true);
    let mut rows = vec![real_frame, demo_frame, idle_cost()];
    let (screens, _) = screens_of_a_setup(&rt);
    rows.extend(render_rows(&screens));
    rows.push(typing_in_the_filter());
    rows.push(first_page_of_5000(&rt));
    rows.push(one_api_call(&rt, ramwiz::cloud::SignatureVersion::V1));
    rows.push(one_api_call(&rt, ramwiz::cloud::SignatureVersion::V3));
    rows.extend(link::official_sdk_rows(real_ms));
    rows.extend(reading_credentials());

    let tmp = tempfile::tempdir().unwrap();
    let mut walls = Vec::new();
    let mut last = None;
    let mut peaks = Vec::new();
    for i in 0..5 {
        let dir = tmp.path().join(format!("setup{i}"));
        let (took, steps, kb) = whole_setup(&dir, &[]);
        walls.push(ms(took));
        peaks.push(kb);
        last = Some((dir, steps));
    }
    let (dir, steps) = last.unwrap();
    let wall = median(walls);
    rows.push(row(
        "the whole setup headless (apply --demo)",
        format!("{wall:.0} ms median of 5"),
        "<= 1500 ms",
        Some(wall <= 1500.0),
    ));
    let mut prev = 0.0;
    let mut per_step = Vec::new();
    for (at, line) in &steps {
        let step = anonymise(line.trim_start_matches("ramwiz: "), &dir);
        println!("    {:>6.0} ms (+{:>4.0})  {}", at, at - prev, step);
        per_step.push(format!(
            "| {at:.0} | +{:.0} | {} |",
            at - prev,
            step.replace('|', "\\|")
        ));
        prev = *at;
    }
    rows.push(round_trips(&dir));
    rows.extend(link::latency_rows(tmp.path()));
    let peak_mb = *peaks.iter().max().unwrap_or(&0) as f64 / 1024.0;
    let size = std::fs::metadata(EXE).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    rows.push(row(
        "peak RSS of the headless demo",
        format!("{peak_mb:.1} MB"),
        "<= 30 MB",
        Some(peak_mb <= 30.0),
    ));
    rows.push(row(
        "release binary (stripped)",
        format!("{size:.1} MB"),
        "<= 12 MB",
        Some(size <= 12.0),
    ));

    if save {
        let mut table = format!(
            "Run of {} on: {}.\n\n| what | measured | target | |\n| --- | --- | --- | --- |\n",
            env!("CARGO_PKG_VERSION"),
            machine()
        );
        for r in &rows {
            table.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                r.what,
                r.measured.replace('|', "\\|"),
                r.target,
                verdict(r.met)
            ));
        }
        table.push_str("\nThe whole setup, step by step (one run):\n\n| at (ms) | step (ms) | progress line |\n| ---: | ---: | --- |\n");
        for l in per_step {
            table.push_str(&l);
            table.push('\n');
        }
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/PERFORMANCE.md");
        let doc = std::fs::read_to_string(&path).unwrap_or_default();
        let (begin, end) = ("<!-- bench:begin -->", "<!-- bench:end -->");
        let new = match (doc.find(begin), doc.find(end)) {
            (Some(b), Some(e)) if b < e => format!("{}{begin}\n{table}{}", &doc[..b], &doc[e..]),
            _ => format!("{doc}\n{begin}\n{table}{end}\n"),
        };
        std::fs::write(&path, new).unwrap();
        println!("wrote {}", path.display());
    }
}

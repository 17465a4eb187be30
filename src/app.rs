//! The terminal face: owns the terminal, turns keys into intents through the keymap, feeds
//! them, resizes, ticks and engine events to the wizard, hands its commands to the engine,
//! and redraws only when something happened.
//! The terminal is restored on normal exit, on a panic, and on SIGINT, SIGTERM and SIGHUP.

use std::io::Write;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyCode, KeyEventKind,
};
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::engine::{Engine, EngineConfig};
use crate::protocol::Command;
use crate::wizard::{Msg, Wizard, Workspace};

/// Restores the terminal when dropped, whatever way the loop ends.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave_terminal();
    }
}

/// Alternate scroll mode (xterm's private mode 1007; several terminals have it on by default,
/// which terminals honour the request is not verified here): on the alternate screen the mouse
/// wheel arrives as ↑ and ↓, which scroll ramwiz's panes, while the mouse is not captured
/// (selecting text still works). A terminal without it ignores the sequence.
const WHEEL_AS_ARROWS_ON: &[u8] = b"\x1b[?1007h";
const WHEEL_AS_ARROWS_OFF: &[u8] = b"\x1b[?1007l";

fn leave_terminal() {
    let mut out = std::io::stdout();
    let _ = out.write_all(WHEEL_AS_ARROWS_OFF);
    let _ = crossterm::execute!(out, DisableBracketedPaste);
    ratatui::restore();
}

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(&'static str),
}

/// How the wizard ended, and what to print once the terminal is given back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub exit: Exit,
    /// The plain-text summary of what the run did (`None`: it changed nothing).
    pub summary: Option<String>,
}

/// Runs the wizard in this terminal until the user quits or a signal arrives.
pub async fn run(
    config: EngineConfig,
    demo: bool,
    workspace: Workspace,
    autoplay: bool,
) -> std::io::Result<Ended> {
    crate::ui::theme::init_from_env();
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave_terminal();
        hook(info);
    }));
    crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
    std::io::stdout().write_all(WHEEL_AS_ARROWS_ON)?;

    let (tx, mut rx) = mpsc::unbounded_channel();
    // Which local clipboard tool took a copied secret (`None`: OSC 52 alone).
    let (clip_tx, mut clip_rx) = mpsc::unbounded_channel::<Option<&'static str>>();
    let credentials_file = config.locations.credentials_file.clone();
    let tool_env = config.tools.env.clone();
    let mut engine = Engine::new(config, tx);
    let size = terminal.size()?;
    let (wizard, first) = Wizard::new(demo, (size.width, size.height), credentials_file);
    let mut wizard = wizard.with_workspace(&workspace.dir, workspace.install_dir);
    for c in first {
        engine.run(c);
    }

    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut signals = Signals::new()?;
    let mut dirty = true;
    // `--autoplay`: a screen's time (`RAMWIZ_AUTOPLAY_MS` overrides the default), counted
    // from when the screen is idle; typing goes at its own pace.
    let pace = std::env::var("RAMWIZ_AUTOPLAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(crate::wizard::autoplay::SCREEN_MS)
        .max(10);
    if autoplay {
        wizard.autoplay = Some(crate::wizard::Autoplay::default());
    }
    let started = tokio::time::Instant::now();
    let mut next_step: Option<tokio::time::Instant> = None;
    loop {
        let playing = wizard.autoplay.is_some_and(|a| !a.over);
        let walking = playing && wizard.autoplay.is_some_and(|a| !a.paused);
        if !walking || wizard.busy() {
            next_step = None;
        } else if next_step.is_none() {
            match crate::wizard::autoplay::next(&wizard) {
                Some(i) => {
                    next_step =
                        Some(tokio::time::Instant::now() + crate::wizard::autoplay::delay(&i, pace))
                }
                None if crate::wizard::autoplay::finished(&wizard) => {
                    tracing::info!(
                        seconds = started.elapsed().as_secs_f64(),
                        "autoplay walked to the end"
                    );
                    wizard.autoplay = Some(crate::wizard::Autoplay {
                        paused: false,
                        over: true,
                    });
                    dirty = true;
                }
                None => {
                    // A screen for the person (an error): the controls are theirs.
                    wizard.autoplay = None;
                    dirty = true;
                }
            }
        }
        if dirty {
            let mut drawn = crate::ui::pane::Drawn::default();
            terminal.draw(|f| drawn = crate::ui::render(&wizard, f))?;
            let before = wizard.scroll_limit;
            // A terminal too small draws no pane: the position is kept for when it grows.
            if !drawn.panes.is_empty() {
                wizard.set_scroll_limit(drawn.scroll_max);
            }
            // A new screen's first frame tells how far it scrolls: drawn once more, so its
            // key hints can say so.
            dirty = before.is_none() && wizard.scroll_limit.is_some_and(|m| m > 0);
            // For the pty test that proves a panic leaves the terminal restored.
            // Test-only (debug builds).
            if cfg!(debug_assertions) && std::env::var_os("RAMWIZ_TEST_PANIC").is_some() {
                panic!("RAMWIZ_TEST_PANIC is set: panicking on purpose after the first frame");
            }
            if dirty {
                continue;
            }
        }
        let msg = tokio::select! {
            ev = events.next() => match ev {
                // The presenter's keys: Space pauses and resumes, → takes the next step now;
                // any other key hands the controls back (and does nothing else).
                // A key's release (where the terminal reports it) means nothing.
                Some(Ok(Event::Key(k))) if k.kind == KeyEventKind::Release => continue,
                Some(Ok(Event::Key(k))) if playing => {
                    match k.code {
                        KeyCode::Char(' ') => {
                            if let Some(a) = &mut wizard.autoplay {
                                a.paused = !a.paused;
                            }
                            next_step = None;
                            dirty = true;
                            continue;
                        }
                        KeyCode::Right => match crate::wizard::autoplay::next(&wizard) {
                            Some(i) => {
                                next_step = None;
                                Msg::Intent(i)
                            }
                            None => continue,
                        },
                        _ => {
                            wizard.autoplay = None;
                            dirty = true;
                            continue;
                        }
                    }
                }
                Some(Ok(Event::Key(k))) => {
                    // After the closing caption, a key is the person's: it clears the caption
                    // and does what it does.
                    if wizard.autoplay.take().is_some() {
                        dirty = true;
                    }
                    match crate::wizard::keymap::translate(&wizard, k) {
                        Some(intent) => Msg::Intent(intent),
                        // A key with no meaning here: nothing to do, nothing to redraw.
                        None => continue,
                    }
                }
                Some(Ok(Event::Paste(s))) => Msg::Paste(s),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e),
                None => return Ok(ended(&wizard, Exit::Quit)),
            },
            Some(ev) = rx.recv() => Msg::Engine(Box::new(ev)),
            Some(tool) = clip_rx.recv() => {
                tracing::info!(tool = tool.unwrap_or("OSC 52 only"), "secret copied");
                wizard.copied_with(tool);
                dirty = true;
                continue;
            }
            _ = tick.tick(), if wizard.busy() => Msg::Tick,
            _ = tokio::time::sleep_until(next_step.unwrap_or_else(tokio::time::Instant::now)),
                if next_step.is_some() => {
                next_step = None;
                match crate::wizard::autoplay::next(&wizard) {
                    Some(intent) => Msg::Intent(intent),
                    None => continue,
                }
            }
            name = signals.recv() => {
                tracing::info!(signal = name, "leaving on a signal");
                return Ok(ended(&wizard, Exit::Signal(name)));
            }
        };
        dirty = true;
        let mut queue = std::collections::VecDeque::from([msg]);
        while let Some(msg) = queue.pop_front() {
            for cmd in wizard.update(msg) {
                match cmd {
                    Command::Quit => {
                        tracing::info!("quit");
                        let _ = std::io::stdout().flush();
                        return Ok(ended(&wizard, Exit::Quit));
                    }
                    Command::CopyToClipboard(secret) => {
                        copy_osc52(&secret);
                        // A local clipboard tool too (in the demo as well: the person asked,
                        // and it is a fake secret), off the loop: the tool is given up to half
                        // a second to say it took it, and the frames go on meanwhile.
                        let tx = clip_tx.clone();
                        tokio::task::spawn_blocking(move || {
                            let tool = crate::clipboard::local_tool(|k| std::env::var(k).ok())
                                .filter(|t| crate::clipboard::copy_with(t, &secret).is_ok())
                                .map(|t| t.name);
                            let _ = tx.send(tool);
                        });
                    }
                    Command::RunSurvey {
                        job,
                        installer,
                        dir,
                        credentials_file,
                        answers: None,
                    } => {
                        // The survey asks on the terminal: the screen is handed to it, and
                        // nothing here reads the keyboard until it ends.
                        drop(events);
                        let ok =
                            survey_on_terminal(&installer, &dir, credentials_file, &tool_env).await;
                        terminal = ratatui::try_init()?;
                        // A fresh alternate screen, cleared without asking the terminal where
                        // its cursor is (Terminal::clear does; not every terminal answers).
                        std::io::stdout().write_all(WHEEL_AS_ARROWS_ON)?;
                        crossterm::execute!(
                            std::io::stdout(),
                            EnableBracketedPaste,
                            crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
                        )?;
                        events = EventStream::new();
                        queue.push_back(Msg::Engine(Box::new(crate::protocol::EngineEvent {
                            job,
                            kind: crate::protocol::EventKind::finished(
                                crate::protocol::Outcome::Done(
                                    crate::protocol::JobOutput::Surveyed(ok),
                                ),
                            ),
                        })));
                    }
                    other => engine.run(other),
                }
            }
        }
    }
}

fn ended(w: &Wizard, exit: Exit) -> Ended {
    Ended {
        exit,
        summary: w.exit_summary(),
    }
}

/// `openshift-install create install-config` on the terminal, ramwiz's screen put away
/// meanwhile; the installer's key is given by path (never asked for, never rewritten).
async fn survey_on_terminal(
    installer: &std::path::Path,
    dir: &std::path::Path,
    credentials_file: Option<std::path::PathBuf>,
    env: &[(String, String)],
) -> bool {
    leave_terminal();
    let inv = crate::tools::commands::create_install_config(installer, dir);
    println!(
        "\n{}\n  $ {}\n",
        crate::strings::SURVEY_HANDOVER(),
        inv.display()
    );
    let mut cmd = tokio::process::Command::new(installer);
    cmd.args(&inv.args)
        .stdin(std::process::Stdio::inherit())
        .stdout(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    // The installer finds its own key by file; it never inherits the sign-in's.
    for k in crate::hardening::SECRET_ENV {
        cmd.env_remove(k);
    }
    if let Some(f) = credentials_file {
        cmd.env(crate::engine::INSTALLER_CREDENTIALS_VAR, f);
    }
    tracing::info!(command = %inv.display(), "survey on the terminal");
    let ok = match cmd.status().await {
        Ok(s) => s.success(),
        Err(e) => {
            eprintln!("{}: {e}", installer.display());
            false
        }
    };
    tracing::info!(ok, "survey ended");
    ok
}

/// SIGINT, SIGTERM and SIGHUP as one stream (Ctrl-C in raw mode arrives as a key instead).
struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            int: signal(SignalKind::interrupt())?,
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
        })
    }

    #[cfg(unix)]
    async fn recv(&mut self) -> &'static str {
        tokio::select! {
            _ = self.int.recv() => "SIGINT",
            _ = self.term.recv() => "SIGTERM",
            _ = self.hup.recv() => "SIGHUP",
        }
    }

    #[cfg(not(unix))]
    fn new() -> std::io::Result<Self> {
        Ok(Self {})
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) -> &'static str {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}

/// Puts text on the clipboard through the terminal (OSC 52). Nothing is logged; the sequence
/// goes straight to the terminal, which may or may not support it.
fn copy_osc52(secret: &crate::secret::Secret) {
    use base64::Engine as _;
    let encoded =
        zeroize::Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(secret.expose()));
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{}\x07", encoded.as_str());
    let _ = out.flush();
}

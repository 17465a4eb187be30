//! The `ramwiz` binary: parses options, sets up logging, the real or demo world, and runs the
//! terminal face or the simulated cloud.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use ramwiz::cli::{Cli, Cmd};
use ramwiz::cloud::{Endpoints, RetryPolicy};
use ramwiz::creds::Locations;
use ramwiz::engine::EngineConfig;
use ramwiz::strings as s;

fn main() -> ExitCode {
    if let Some(code) = ramwiz::sim::tools::dispatch_argv0() {
        return code;
    }
    let mut args = std::env::args_os().skip(1);
    if args
        .next()
        .is_some_and(|a| a == ramwiz::hardening::GUARD_ARG)
    {
        return ramwiz::hardening::guard(args);
    }
    ramwiz::hardening::enable_child_guard();
    // Before any secret is read: no core dump can hold one.
    // (Said once the language is known.)
    let core_dumps = ramwiz::hardening::no_core_dumps();
    // The language first (from the arguments, read before the parse), so the parse, --help and
    // its errors speak it too.
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let (lang, demo) = ramwiz::cli::early_lang(&argv);
    if let Err(e) = choose_language(lang.as_deref(), demo, ramwiz::cli::early_json(&argv)) {
        return fail(2, &e.to_string());
    }
    if let Err(e) = core_dumps {
        eprintln!("{}", s::start_core_dumps(e.to_string()));
    }
    let cli = match ramwiz::cli::parse().resolve() {
        Ok(c) => c,
        Err(e) => return fail(2, &e),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(1, &s::start_runtime(e.to_string())),
    };
    runtime.block_on(run(cli))
}

/// The language of everything ramwiz says from here on (see `ramwiz::lang`). The aliyun CLI's
/// `~/.aliyun/config.json` is only read, and not in the demo, which leaves the home alone.
/// With `--output json` the process speaks English (the report is for programs, the same in every
/// language) and only the progress lines speak the chosen language.
fn choose_language(
    flag: Option<&str>,
    demo: bool,
    json: bool,
) -> Result<(), ramwiz::lang::UnknownLang> {
    let config = if demo {
        None
    } else {
        std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".aliyun").join("config.json"))
            .and_then(|p| std::fs::read_to_string(p).ok())
    };
    let choice = ramwiz::lang::choose(flag, |k| std::env::var(k).ok(), config.as_deref())?;
    if json {
        ramwiz::i18n::set_progress_lang(choice.lang);
        ramwiz::i18n::set_process_choice(ramwiz::lang::Choice {
            lang: ramwiz::lang::Lang::En,
            why: choice.why,
        });
    } else {
        ramwiz::i18n::set_process_choice(choice);
    }
    Ok(())
}

fn fail(code: u8, msg: &str) -> ExitCode {
    eprintln!("{}", s::start_error(msg));
    ExitCode::from(code)
}

/// A path of the command line, made absolute once, here at the edge: no child is ever handed
/// a path that depends on its working directory.
fn absolute(p: Option<PathBuf>) -> Result<Option<PathBuf>, String> {
    p.map(|p| std::path::absolute(&p).map_err(|e| format!("{}: {e}", p.display())))
        .transpose()
}

async fn run(mut cli: Cli) -> ExitCode {
    match (
        absolute(cli.world.demo_dir.take()),
        absolute(cli.diag.log_file.take()),
    ) {
        (Ok(d), Ok(l)) => (cli.world.demo_dir, cli.diag.log_file) = (d, l),
        (Err(e), _) | (_, Err(e)) => return fail(2, &e),
    }
    if let Some(Cmd::Apply { answers, .. }) = &mut cli.command
        && let Ok(a) = std::path::absolute(&*answers)
    {
        *answers = a;
    }
    let signature = cli.world.signature();
    let faults = match cli.diag.faults.as_deref().map(ramwiz::sim::Faults::parse) {
        None => ramwiz::sim::Faults::default(),
        Some(Ok(f)) => f,
        Some(Err(e)) => return fail(2, &format!("--faults: {e}")),
    };
    let simulated = cli.world.demo || matches!(cli.command, Some(Cmd::Sim { .. }));
    if cli.diag.faults.is_some() && !simulated {
        return fail(2, s::START_FAULTS_SIM_ONLY());
    }
    if let Some(Cmd::Man) = cli.command {
        let mut out = Vec::new();
        let mut stdout = std::io::stdout().lock();
        return match clap_mangen::Man::new(ramwiz::cli::command())
            .render(&mut out)
            .and_then(|()| stdout.write_all(&out))
            .and_then(|()| stdout.flush())
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(1, &s::start_man(e.to_string())),
        };
    }
    if let Some(Cmd::Completions { shell }) = cli.command {
        use clap::CommandFactory;
        let mut cmd = Cli::command();
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut cmd, "ramwiz", &mut out);
        let mut stdout = std::io::stdout().lock();
        return match stdout.write_all(&out).and_then(|()| stdout.flush()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(1, &s::start_completions(e.to_string())),
        };
    }
    if let Some(Cmd::Sim { listen, state, .. }) = cli.command {
        if !listen.ip().is_loopback() {
            return fail(2, &s::start_listen(listen.to_string()));
        }
        if let Some(p) = &cli.diag.log_file
            && let Err(e) = ramwiz::logging::init(p)
        {
            return fail(1, &format!("--log-file {}: {e}", p.display()));
        }
        return match ramwiz::sim::run_cli(listen, state, faults).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(1, &e.to_string()),
        };
    }

    let apply = match cli.command {
        Some(Cmd::Apply {
            answers,
            dry_run,
            output,
            yes,
            ..
        }) => Some((
            ramwiz::headless::ApplyOptions {
                answers,
                dry_run,
                yes,
                for_machines: matches!(output, ramwiz::cli::Output::Json),
            },
            output,
        )),
        _ => None,
    };

    if cli.world.demo {
        let exe = match std::env::current_exe() {
            Ok(e) => e,
            Err(e) => {
                return fail(1, &s::start_exe(e.to_string()));
            }
        };
        let mut demo =
            match ramwiz::demo::start_with(cli.world.demo_dir.as_deref(), &exe, faults).await {
                Ok(d) => d,
                Err(e) => return fail(1, &e),
            };
        demo.config.set_signature(signature);
        let log = cli.diag.log_file.clone().unwrap_or_else(|| demo.log_path());
        if let Err(e) = ramwiz::logging::init(&log) {
            return fail(
                1,
                &s::start_log_file(log.display().to_string(), e.to_string()),
            );
        }
        tracing::info!(dir = %demo.dir.display(), endpoint = %demo.sim.endpoint(), signature = signature.as_str(), "demo started");
        let workspace = ramwiz::wizard::Workspace {
            dir: demo.dir.clone(),
            install_dir: Some(demo.install_dir()),
        };
        let code = match apply {
            Some((opts, output)) => {
                run_apply(
                    demo.config.clone(),
                    workspace,
                    true,
                    &opts,
                    &demo.dir,
                    output,
                )
                .await
            }
            None => {
                // A temporary demo dir goes at exit: the summary's paths then say so.
                let goes = cli.world.demo_dir.is_none();
                run_tui(demo.config.clone(), true, workspace, cli.autoplay, goes).await
            }
        };
        demo.sim.shutdown().await;
        return code;
    }

    let endpoints = match Endpoints::from_options(
        cli.world.ram_endpoint.as_deref(),
        cli.world.sts_endpoint.as_deref(),
    ) {
        Ok(e) => e,
        Err(e) => return fail(2, &e),
    };
    let log = cli
        .diag
        .log_file
        .clone()
        .unwrap_or_else(ramwiz::logging::default_path);
    if let Err(e) = ramwiz::logging::init(&log) {
        return fail(
            1,
            &s::start_log_file(log.display().to_string(), e.to_string()),
        );
    }
    let Some(home) = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()) else {
        return fail(1, s::START_NO_HOME());
    };
    let journal = directories::ProjectDirs::from("", "", "ramwiz").map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .join("journal.jsonl")
    });
    let mut config = EngineConfig {
        endpoints,
        locations: Locations::from_env(&home, |k| std::env::var(k).ok()),
        retry: RetryPolicy::default(),
        journal,
        keyring: ramwiz::engine::KeyringChoice::Platform,
        patience: ramwiz::engine::Patience::default(),
        tools: ramwiz::engine::ToolsConfig {
            search: std::env::current_dir().into_iter().collect(),
            env: Vec::new(),
            default_pull_secret: Some(home.join(".pull-secret")),
            installer_default_credentials: None,
        },
        dry_run: None,
    };
    // What a shell's openshift-install reads with nothing set: this file, unless the
    // environment holds a key (the SDK chain reads the environment first).
    if config.locations.env.is_none() {
        config.tools.installer_default_credentials =
            Some(config.locations.credentials_file.clone());
    }
    config.set_signature(signature);
    tracing::info!(ram = %config.endpoints.ram, sts = %config.endpoints.sts, signature = signature.as_str(), "started");
    let workspace = ramwiz::wizard::Workspace {
        dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        install_dir: None,
    };
    match apply {
        Some((opts, output)) => run_apply(config, workspace, false, &opts, &home, output).await,
        None => run_tui(config, false, workspace, false, false).await,
    }
}

/// `ramwiz apply`: progress on stderr, the report on stdout, the exit code of the report.
async fn run_apply(
    config: EngineConfig,
    workspace: ramwiz::wizard::Workspace,
    demo: bool,
    opts: &ramwiz::headless::ApplyOptions,
    home: &std::path::Path,
    output: ramwiz::cli::Output,
) -> ExitCode {
    let mut say = |line: &str| eprintln!("ramwiz: {line}");
    let report = ramwiz::headless::run(config, workspace, demo, opts, home, &mut say).await;
    let text = match output {
        ramwiz::cli::Output::Json => report.json() + "\n",
        ramwiz::cli::Output::Text => report.text(),
    };
    // A closed stdout (`| head`) loses the report, not the exit code.
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        tracing::warn!(error = %e, "the report could not be written to stdout");
    }
    ExitCode::from(report.exit_code)
}

/// The wizard in this terminal; `dir_goes`: the demo's directory is a temporary one.
async fn run_tui(
    config: EngineConfig,
    demo: bool,
    workspace: ramwiz::wizard::Workspace,
    autoplay: bool,
    dir_goes: bool,
) -> ExitCode {
    match ramwiz::app::run(config, demo, workspace, autoplay).await {
        Ok(ended) => {
            // On the normal screen, after the alternate one is gone: it stays in the shell.
            // Not after a hang-up: the terminal is gone (and a failed write is not an error).
            if let Some(text) = &ended.summary
                && ended.exit != ramwiz::app::Exit::Signal("SIGHUP")
            {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                if dir_goes {
                    let _ = writeln!(out, "{}", ramwiz::strings::DEMO_DIR_GOES());
                }
                let _ = out.flush();
            }
            match ended.exit {
                ramwiz::app::Exit::Quit => ExitCode::SUCCESS,
                ramwiz::app::Exit::Signal(name) => {
                    eprintln!("{}", s::start_stopped(name));
                    ExitCode::from(130)
                }
            }
        }
        Err(e) => fail(1, &format!("terminal: {e}")),
    }
}

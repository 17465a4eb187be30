//! Command-line options (clap). Parsing only; `main` acts on them.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "ramwiz",
    version = env!("RAMWIZ_VERSION"),
)]
pub struct Cli {
    #[command(flatten)]
    pub world: World,

    #[command(flatten)]
    pub diag: Diag,

    /// With --demo: walk the whole flow by itself at a readable pace, for presenters (Space pauses, → steps, any other key takes over)
    #[arg(long, requires = "demo")]
    pub autoplay: bool,

    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// Which Alibaba Cloud the wizard and `apply` talk to, and how they sign. Given before or after
/// `apply` (`ramwiz --demo apply …` and `ramwiz apply --demo …` are the same); `sim` has none
/// of them.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct World {
    /// Run against a built-in simulated Alibaba Cloud (no account, no network)
    #[arg(long)]
    pub demo: bool,

    /// With --demo: keep the simulated cloud's state, the credentials file and the journal in DIR across runs (default: a temporary directory)
    #[arg(long, value_name = "DIR")]
    pub demo_dir: Option<PathBuf>,

    /// The language of the screens and messages: en or zh-CN (default: the aliyun CLI profile's language, then LC_ALL / LC_MESSAGES / LANG) [env: RAMWIZ_LANG]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// RAM API endpoint (https://, or http:// on a loopback host only) [env: RAMWIZ_RAM_ENDPOINT]
    #[arg(long, value_name = "URL")]
    pub ram_endpoint: Option<String>,

    /// STS API endpoint (https://, or http:// on a loopback host only) [env: RAMWIZ_STS_ENDPOINT]
    #[arg(long, value_name = "URL")]
    pub sts_endpoint: Option<String>,

    /// Sign every API call with v1 (HMAC-SHA1 in the query, the default) or v3 (ACS3-HMAC-SHA256 in an Authorization header); the simulated tools follow it too [env: RAMWIZ_SIGNATURE]
    #[arg(
        long,
        value_parser = clap::builder::PossibleValuesParser::new(["v1", "v3"])
            .try_map(|s| crate::cloud::SignatureVersion::parse(&s)),
        ignore_case = true,
        value_name = "VERSION"
    )]
    pub signature: Option<crate::cloud::SignatureVersion>,
}

impl World {
    /// The signature version to use (V1 unless chosen).
    pub fn signature(&self) -> crate::cloud::SignatureVersion {
        self.signature.unwrap_or(crate::cloud::SignatureVersion::V1)
    }
}

/// The simulated cloud's faults and the log: for the wizard, `apply` and `sim`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Diag {
    /// Inject faults into the simulated cloud (the demo's or `sim`'s), e.g. "seed=7,throttle=0.3,5xx=0.1,drop=CreateAccessKey" (see README)
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,

    /// Write the log here (default: ramwiz.log in the platform state directory, or in the demo's directory). Level from RAMWIZ_LOG (default info)
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,
}

/// One of two places an option could be given: both is a mistake.
fn either<T>(name: &str, top: Option<T>, sub: Option<T>) -> Result<Option<T>, String> {
    match (top, sub) {
        (Some(_), Some(_)) => Err(crate::strings::start_twice(name)),
        (a, b) => Ok(a.or(b)),
    }
}

impl Cli {
    /// The options as one set: those given after `apply` or `sim` joined to those before it,
    /// then the environment (`RAMWIZ_RAM_ENDPOINT`, `RAMWIZ_STS_ENDPOINT`, `RAMWIZ_SIGNATURE`)
    /// for what the command line leaves out: the command line always wins.
    pub fn resolve(self) -> Result<Self, String> {
        self.resolve_with(|k| std::env::var(k).ok())
    }

    /// The same, reading the environment through `var`.
    pub fn resolve_with(mut self, var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let (world, diag) = match &mut self.command {
            Some(Cmd::Apply { world, diag, .. }) => {
                (Some(std::mem::take(world)), std::mem::take(diag))
            }
            Some(Cmd::Sim { diag, .. }) => (None, std::mem::take(diag)),
            _ => (None, Diag::default()),
        };
        if let Some(w) = world {
            let t = &mut self.world;
            t.demo |= w.demo;
            t.demo_dir = either("demo-dir", t.demo_dir.take(), w.demo_dir)?;
            t.lang = either("lang", t.lang.take(), w.lang)?;
            t.ram_endpoint = either("ram-endpoint", t.ram_endpoint.take(), w.ram_endpoint)?;
            t.sts_endpoint = either("sts-endpoint", t.sts_endpoint.take(), w.sts_endpoint)?;
            t.signature = either("signature", t.signature, w.signature)?;
        }
        let set = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        let t = &mut self.world;
        t.ram_endpoint = t.ram_endpoint.take().or_else(|| set("RAMWIZ_RAM_ENDPOINT"));
        t.sts_endpoint = t.sts_endpoint.take().or_else(|| set("RAMWIZ_STS_ENDPOINT"));
        if t.signature.is_none()
            && let Some(v) = set("RAMWIZ_SIGNATURE")
        {
            t.signature = Some(
                crate::cloud::SignatureVersion::parse(v.trim())
                    .map_err(|e| format!("RAMWIZ_SIGNATURE={v}: {e}"))?,
            );
        }
        self.diag.faults = either("faults", self.diag.faults.take(), diag.faults)?;
        self.diag.log_file = either("log-file", self.diag.log_file.take(), diag.log_file)?;
        if self.world.demo_dir.is_some() && !self.world.demo {
            return Err(crate::strings::START_DEMO_DIR_ALONE().into());
        }
        Ok(self)
    }
}

/// How `apply` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Print a shell completion script: `ramwiz completions bash > /etc/bash_completion.d/ramwiz`,
    /// `ramwiz completions zsh > "${fpath[1]}/_ramwiz"`, or
    /// `ramwiz completions fish > ~/.config/fish/completions/ramwiz.fish`.
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Run the wizard without a terminal, answering its questions from a TOML file.
    ///
    /// Progress goes to stderr, one line per step; the report to stdout. Exit codes: 0 done;
    /// 2 usage or answers error; 3 cloud error; 4 tool error; 5 the new key's secret cannot be
    /// stored (a key made already is deleted again). See assets/answers.example.toml.
    Apply {
        /// The answers file (TOML)
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        /// Print the plan and change nothing (only read-only API calls are made)
        #[arg(long)]
        dry_run: bool,
        /// Report format on stdout
        #[arg(long, value_enum, default_value = "text")]
        output: Output,
        /// Take the documented default for every question the file leaves out
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        world: World,
        #[command(flatten)]
        diag: Diag,
    },
    /// Serve the simulated Alibaba RAM + STS API on a loopback port (for tests and experiments).
    ///
    /// Prints one JSON line on stdout with the endpoint and the fake account owner's AccessKey,
    /// then serves until interrupted.
    Sim {
        /// Loopback address to listen on (port 0 picks a free one)
        #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
        listen: SocketAddr,
        /// Keep the simulated account's state in this JSON file across restarts
        #[arg(long, value_name = "FILE")]
        state: Option<PathBuf>,
        #[command(flatten)]
        diag: Diag,
    },
    /// Print the manual page (roff): `ramwiz man > ~/.local/share/man/man1/ramwiz.1`.
    Man,
}

/// A message of the catalogue, read when the command is built.
type Text = fn() -> &'static str;

/// The command line as clap shows it, in the current language: every `about` and `help` text
/// of ramwiz's own options comes from the catalogue (clap's own words, such as "Usage" or
/// "Options", stay English). Parse with this, not `Cli::command()`, so `--help` and errors speak
/// the chosen language; `ramwiz man` prints it too.
pub fn command() -> clap::Command {
    use crate::strings as s;
    use clap::CommandFactory as _;
    let args: [(&str, Text); 16] = [
        ("demo", s::CLI_DEMO),
        ("demo_dir", s::CLI_DEMO_DIR),
        ("lang", s::CLI_LANG),
        ("ram_endpoint", s::CLI_RAM_ENDPOINT),
        ("sts_endpoint", s::CLI_STS_ENDPOINT),
        ("signature", s::CLI_SIGNATURE),
        ("faults", s::CLI_FAULTS),
        ("log_file", s::CLI_LOG_FILE),
        ("autoplay", s::CLI_AUTOPLAY),
        ("answers", s::CLI_ANSWERS),
        ("dry_run", s::CLI_DRY_RUN),
        ("output", s::CLI_OUTPUT),
        ("yes", s::CLI_YES),
        ("listen", s::CLI_LISTEN),
        ("state", s::CLI_STATE),
        ("shell", s::CLI_SHELL),
    ];
    let helps = |mut cmd: clap::Command| {
        for (id, text) in args {
            if cmd.get_arguments().any(|a| a.get_id() == id) {
                cmd = cmd.mut_arg(id, |a| a.help(text()));
            }
        }
        cmd
    };
    let subs: [(&str, Text); 4] = [
        ("completions", s::CLI_COMPLETIONS),
        ("apply", s::CLI_APPLY),
        ("sim", s::CLI_SIM),
        ("man", s::CLI_MAN),
    ];
    let mut cmd = helps(Cli::command())
        .about(s::CLI_ABOUT())
        .long_about(s::CLI_LONG_ABOUT())
        .after_help(s::CLI_AFTER_HELP());
    for (name, about) in subs {
        cmd = cmd.mut_subcommand(name, |c| helps(c).about(about()).long_about(None::<&str>));
    }
    cmd
}

/// Parses the process's arguments with [`command`]; `--help` and usage errors print and exit
/// as clap does.
pub fn parse() -> Cli {
    use clap::FromArgMatches as _;
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Whether `args` ask for `--output json` (read before the parse, as the language is).
pub fn early_json(args: &[String]) -> bool {
    args.iter().enumerate().any(|(i, a)| {
        a == "--output=json" || (a == "--output" && args.get(i + 1).is_some_and(|v| v == "json"))
    })
}

/// `--lang`'s value among `args` (`--lang X` or `--lang=X`), read before the parse so that the
/// parse itself can speak that language; and whether `--demo` is among them.
pub fn early_lang(args: &[String]) -> (Option<String>, bool) {
    let mut lang = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--lang=") {
            lang = Some(v.to_owned());
        } else if a == "--lang" {
            lang = args.get(i + 1).cloned();
        }
    }
    (lang, args.iter().any(|a| a == "--demo"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    fn parse(args: &[&str]) -> Result<Cli, String> {
        Cli::try_parse_from(args)
            .map_err(|e| e.to_string())
            .and_then(Cli::resolve)
    }

    #[test]
    fn demo_dir_requires_demo() {
        assert!(parse(&["ramwiz", "--demo-dir", "/tmp/x"]).is_err());
        let c = parse(&["ramwiz", "--demo", "--demo-dir", "/tmp/x"]).unwrap();
        assert!(c.world.demo);
        // Before or after `apply`, the same; twice is refused.
        let c = parse(&[
            "ramwiz",
            "--demo",
            "apply",
            "--answers",
            "a",
            "--demo-dir",
            "d",
        ])
        .unwrap();
        assert!(c.world.demo && c.world.demo_dir.is_some());
        assert!(
            parse(&[
                "ramwiz",
                "--faults",
                "seed=1",
                "apply",
                "--answers",
                "a",
                "--faults",
                "seed=2"
            ])
            .is_err()
        );
        // The command line wins over the environment, before or after `apply`.
        let env = |k: &str| (k == "RAMWIZ_SIGNATURE").then(|| "v1".to_owned());
        let c = Cli::try_parse_from(["ramwiz", "--signature", "v3", "apply", "--answers", "a"])
            .unwrap()
            .resolve_with(env)
            .unwrap();
        assert_eq!(c.world.signature(), crate::cloud::SignatureVersion::V3);
        let c = Cli::try_parse_from(["ramwiz", "apply", "--answers", "a"])
            .unwrap()
            .resolve_with(env)
            .unwrap();
        assert_eq!(c.world.signature(), crate::cloud::SignatureVersion::V1);
        let v3 = |k: &str| (k == "RAMWIZ_SIGNATURE").then(|| "v3".to_owned());
        let c = Cli::try_parse_from(["ramwiz", "apply", "--answers", "a"])
            .unwrap()
            .resolve_with(v3)
            .unwrap();
        assert_eq!(c.world.signature(), crate::cloud::SignatureVersion::V3);
        assert!(
            Cli::try_parse_from(["ramwiz", "--signature", "v3"])
                .unwrap()
                .resolve_with(|_| Some("v9".into()))
                .is_ok(),
            "the command line's value leaves the environment unread"
        );
        // `sim` takes the faults and the log, nothing of the wizard's.
        let c = parse(&["ramwiz", "sim", "--faults", "seed=3", "--log-file", "l"]).unwrap();
        assert_eq!(c.diag.faults.as_deref(), Some("seed=3"));
        assert!(Cli::try_parse_from(["ramwiz", "sim", "--demo"]).is_err());
        assert!(Cli::try_parse_from(["ramwiz", "sim", "--autoplay"]).is_err());
        let c = Cli::try_parse_from(["ramwiz", "sim", "--listen", "127.0.0.1:7000"]).unwrap();
        assert!(matches!(c.command, Some(Cmd::Sim { .. })));
        let c = parse(&[
            "ramwiz",
            "apply",
            "--demo",
            "--answers",
            "a.toml",
            "--output",
            "json",
        ])
        .unwrap();
        assert!(c.world.demo);
        assert!(matches!(
            c.command,
            Some(Cmd::Apply {
                output: Output::Json,
                dry_run: false,
                ..
            })
        ));
        assert!(Cli::try_parse_from(["ramwiz", "apply"]).is_err());
        let c = Cli::try_parse_from(["ramwiz", "completions", "zsh"]).unwrap();
        assert!(matches!(
            c.command,
            Some(Cmd::Completions {
                shell: clap_complete::Shell::Zsh
            })
        ));
    }
}

#[cfg(test)]
mod help_tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn sim_help_lists_only_what_sim_uses() {
        let mut cmd = Cli::command();
        let sim = cmd.find_subcommand_mut("sim").unwrap();
        let help = sim.render_long_help().to_string();
        for used in ["--listen", "--state", "--faults", "--log-file"] {
            assert!(help.contains(used), "{used} missing:\n{help}");
        }
        for unused in [
            "--demo",
            "--demo-dir",
            "--autoplay",
            "--signature",
            "--ram-endpoint",
        ] {
            assert!(!help.contains(unused), "{unused} listed:\n{help}");
        }
    }

    #[test]
    fn the_version_names_the_commit_when_built_from_git() {
        let v = Cli::command().render_version().to_string();
        assert!(
            v.starts_with(&format!("ramwiz {}", env!("CARGO_PKG_VERSION"))),
            "{v}"
        );
    }
}

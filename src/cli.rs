//! Command-line options (clap). Parsing only; `main` acts on them.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "ramwiz",
    version,
    about = "A terminal wizard that prepares Alibaba Cloud RAM credentials for an OKD (OpenShift) installation",
    long_about = "A terminal wizard that prepares Alibaba Cloud RAM credentials for an OKD (OpenShift) installation.\n\nWithout a subcommand it runs the wizard against the real Alibaba Cloud. With --demo it runs the same wizard against a simulated cloud on this computer: no account, no network, and your home directory untouched.",
    after_help = "Examples:\n  ramwiz --demo                                     try the whole flow on a simulated cloud\n  ramwiz                                            the wizard, against your Alibaba Cloud account\n  ramwiz apply --answers answers.toml --dry-run     print what a headless run would do\n  ramwiz apply --answers answers.toml --output json the same, done, with a JSON report\n  ramwiz --demo --faults throttle=0.3,5xx=0.1       the demo on a misbehaving cloud\n  ramwiz --signature v3                             sign with ACS3-HMAC-SHA256 instead of HMAC-SHA1\n  ramwiz completions bash                           shell completions"
)]
pub struct Cli {
    /// Run against a built-in simulated Alibaba Cloud (no account, no network)
    #[arg(long, global = true)]
    pub demo: bool,

    /// With --demo: keep the simulated cloud's state, the credentials file and the journal in DIR across runs (default: a temporary directory)
    #[arg(long, global = true, value_name = "DIR", requires = "demo")]
    pub demo_dir: Option<PathBuf>,

    /// Inject faults into the simulated cloud (with --demo or `sim`), e.g. "seed=7,throttle=0.3,5xx=0.1,drop=CreateAccessKey" (see README)
    #[arg(long, global = true, value_name = "SPEC")]
    pub faults: Option<String>,

    /// With --demo: walk the whole flow by itself at a readable pace, for presenters (any key takes over)
    #[arg(long, requires = "demo")]
    pub autoplay: bool,

    /// RAM API endpoint (https://, or http:// on a loopback host only)
    #[arg(long, global = true, env = "RAMWIZ_RAM_ENDPOINT", value_name = "URL")]
    pub ram_endpoint: Option<String>,

    /// STS API endpoint (https://, or http:// on a loopback host only)
    #[arg(long, global = true, env = "RAMWIZ_STS_ENDPOINT", value_name = "URL")]
    pub sts_endpoint: Option<String>,

    /// Sign every API call with V1 (HMAC-SHA1 in the query, the default) or V3 (ACS3-HMAC-SHA256 in an Authorization header); the simulated tools follow it too
    #[arg(
        long,
        global = true,
        env = "RAMWIZ_SIGNATURE",
        value_parser = clap::builder::PossibleValuesParser::new(["v1", "v3"])
            .try_map(|s| crate::cloud::SignatureVersion::parse(&s)),
        ignore_case = true,
        default_value = "v1",
        value_name = "VERSION"
    )]
    pub signature: crate::cloud::SignatureVersion,

    /// Write the log here (default: ramwiz.log in the platform state directory; in the demo directory with --demo). Level from RAMWIZ_LOG (default info)
    #[arg(long, global = true, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Cmd>,
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
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn demo_dir_requires_demo() {
        assert!(Cli::try_parse_from(["ramwiz", "--demo-dir", "/tmp/x"]).is_err());
        let c = Cli::try_parse_from(["ramwiz", "--demo", "--demo-dir", "/tmp/x"]).unwrap();
        assert!(c.demo);
        let c = Cli::try_parse_from(["ramwiz", "sim", "--listen", "127.0.0.1:7000"]).unwrap();
        assert!(matches!(c.command, Some(Cmd::Sim { .. })));
        let c = Cli::try_parse_from([
            "ramwiz",
            "apply",
            "--demo",
            "--answers",
            "a.toml",
            "--output",
            "json",
        ])
        .unwrap();
        assert!(c.demo);
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

//! `openshift-install create install-config --dir D`: the survey, as the real installer asks it
//! (reference §2.2): platform, the Alibaba Cloud credentials when none are found, region, base
//! domain, cluster name, pull secret. On a terminal each question is asked (the secret without
//! echo); otherwise the answers are read from stdin, one line each, an empty line taking the
//! default. It writes install-config.yaml without `credentialsMode`, as the real one does.
//!
//! When neither the environment nor `[default]` of the credentials file gives credentials, the
//! survey asks for the pair and stores it the real installer's way: under
//! `$ALIBABA_CLOUD_CREDENTIALS_FILE` taken as a base *directory* (the real quirk), else `$HOME`,
//! in `.alibabacloud/credentials`, overwriting the file, mode 0644. ramwiz must never let that
//! happen to a person's file; this makes its protection testable.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::Path;

use super::Ctx;
use super::ccoctl_creds::resolve_credentials;
use super::installer::{fatal, info, state_file};

/// The questions' answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub platform: String,
    pub region: String,
    pub base_domain: String,
    pub cluster_name: String,
    pub pull_secret: String,
}

/// Where the answers come from: the person at a terminal, or stdin's lines.
struct Asker {
    terminal: bool,
    lines: std::io::Lines<std::io::StdinLock<'static>>,
}

impl Asker {
    fn new() -> Asker {
        Asker {
            terminal: std::io::stdin().is_terminal(),
            lines: std::io::stdin().lock().lines(),
        }
    }

    /// One answer (`default` when the line is empty); `Err("EOF")` when stdin is closed, as
    /// the survey library reports it.
    fn ask(&mut self, question: &str, default: Option<&str>) -> Result<String, String> {
        if self.terminal {
            let hint = default.map(|d| format!(" [{d}]")).unwrap_or_default();
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "? {question}{hint} ");
            let _ = out.flush();
        }
        let line = match self.lines.next() {
            Some(Ok(l)) => l,
            Some(Err(e)) => return Err(e.to_string()),
            None => return Err("EOF".to_owned()),
        };
        let line = line.trim().to_owned();
        match (line.is_empty(), default) {
            (true, Some(d)) => Ok(d.to_owned()),
            _ => Ok(line),
        }
    }

    /// A secret: on a terminal typed without echo (one `*` a character).
    fn ask_secret(&mut self, question: &str) -> Result<String, String> {
        if !self.terminal {
            return self.ask(question, None);
        }
        print!("? {question} ");
        let _ = std::io::stdout().flush();
        let typed = read_hidden().map_err(|e| e.to_string())?;
        println!();
        Ok(typed)
    }
}

/// Reads a line in raw mode, echoing `*` for each character.
fn read_hidden() -> std::io::Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, read};
    crossterm::terminal::enable_raw_mode()?;
    let mut s = String::new();
    let result = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Backspace => {
                    s.pop();
                }
                KeyCode::Char(c) => {
                    s.push(c);
                    print!("*");
                    let _ = std::io::stdout().flush();
                }
                KeyCode::Esc => break Err(std::io::Error::other("interrupt")),
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    result.map(|()| s)
}

/// The failure of one question, as the installer words it.
fn failed(ctx: &Ctx, asset: &str, e: &str) -> u8 {
    fatal(
        ctx,
        &format!(
            "failed to fetch Install Config: failed to fetch dependency of \"Install Config\": failed to generate asset \"{asset}\": {e}"
        ),
    )
}

pub(super) fn create(ctx: &Ctx, dir: &Path) -> u8 {
    if dir.join("install-config.yaml").exists() {
        info(ctx, "Consuming Install Config from target directory");
        return 0;
    }
    let mut ask = Asker::new();
    let survey = match run_survey(&mut ask) {
        Ok(s) => s,
        Err((asset, e)) => return failed(ctx, asset, &e),
    };
    if let Err(e) = write_install_config(dir, &survey) {
        return fatal(
            ctx,
            &format!("failed to write asset (Install Config) to disk: {e}"),
        );
    }
    info(
        ctx,
        &format!("Install-Config created in: {}", dir.display()),
    );
    0
}

fn run_survey(ask: &mut Asker) -> Result<Survey, (&'static str, String)> {
    let platform = ask
        .ask("Platform", Some("alibabacloud"))
        .map_err(|e| ("Platform", e))?;
    if platform != "alibabacloud" {
        return Err((
            "Platform",
            format!("the simulated installer knows only alibabacloud, not {platform:?}"),
        ));
    }
    // The SDK's chain first; any error falls through to the prompt (reference §2.2).
    if resolve_credentials(|k| std::env::var(k).ok()).is_err() {
        let id = ask
            .ask("Alibaba Cloud Access Key ID", None)
            .map_err(|e| ("Platform", e))?;
        let secret = ask
            .ask_secret("Alibaba Cloud Secret Access Key")
            .map_err(|e| ("Platform", e))?;
        store_credentials(&id, &secret);
    }
    let region = ask
        .ask("Region", Some("cn-hangzhou"))
        .map_err(|e| ("Region", e))?;
    if region.is_empty()
        || !region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(("Region", format!("invalid region {region:?}")));
    }
    let base_domain = ask
        .ask("Base Domain", None)
        .map_err(|e| ("Base Domain", e))?;
    if base_domain.is_empty() || base_domain.contains(char::is_whitespace) {
        return Err(("Base Domain", "a base domain is required".into()));
    }
    let cluster_name = ask
        .ask("Cluster Name", None)
        .map_err(|e| ("Cluster Name", e))?;
    if !dns_label(&cluster_name) {
        return Err((
            "Cluster Name",
            format!(
                "{cluster_name:?}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
            ),
        ));
    }
    let pull_secret = ask
        .ask_secret("Pull Secret")
        .map_err(|e| ("Pull Secret", e))?;
    let auths = serde_json::from_str::<serde_json::Value>(&pull_secret)
        .ok()
        .is_some_and(|v| v.get("auths").is_some_and(serde_json::Value::is_object));
    if !auths {
        return Err((
            "Pull Secret",
            "invalid pull secret: it is not JSON with an \"auths\" object".into(),
        ));
    }
    Ok(Survey {
        platform,
        region,
        base_domain,
        cluster_name,
        pull_secret,
    })
}

fn dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// `storeCredentials()`: the template (with its trailing spaces), overwriting, 0644 (0666
/// before the usual umask); errors are ignored, as the real one ignores them.
fn store_credentials(id: &str, secret: &str) {
    let base = std::env::var("ALIBABA_CLOUD_CREDENTIALS_FILE")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("HOME").ok());
    let Some(base) = base else { return };
    let dir = Path::new(&base).join(".alibabacloud");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("credentials");
    let body = format!(
        "[default]  \nenable = true  \ntype = access_key  \naccess_key_id = {id}\naccess_key_secret = {secret}\n"
    );
    if std::fs::write(&file, body).is_ok() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644));
        }
    }
}

/// install-config.yaml as the survey writes it (no `credentialsMode`), mode 0640, and the
/// state file beside it.
pub fn write_install_config(dir: &Path, s: &Survey) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let quoted = s.pull_secret.replace('\'', "''");
    let text = format!(
        "apiVersion: v1
baseDomain: {bd}
compute:
- architecture: amd64
  hyperthreading: Enabled
  name: worker
  platform: {{}}
  replicas: 3
controlPlane:
  architecture: amd64
  hyperthreading: Enabled
  name: master
  platform: {{}}
  replicas: 3
metadata:
  creationTimestamp: null
  name: {name}
networking:
  clusterNetwork:
  - cidr: 10.128.0.0/14
    hostPrefix: 23
  machineNetwork:
  - cidr: 10.0.0.0/16
  networkType: OVNKubernetes
  serviceNetwork:
  - 172.30.0.0/16
platform:
  {platform}:
    region: {region}
publish: External
pullSecret: '{quoted}'
",
        bd = s.base_domain,
        name = s.cluster_name,
        platform = s.platform,
        region = s.region,
    );
    let path = dir.join("install-config.yaml");
    std::fs::write(&path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))?;
    }
    let state = serde_json::json!({
        "*installconfig.InstallConfig": { "cluster_name": s.cluster_name, "platform": s.platform },
    });
    std::fs::write(state_file(dir), state.to_string())
}

//! Demo mode: the real wizard and engine against the simulated cloud on 127.0.0.1.
//!
//! Everything lives in one directory (a temporary one unless `--demo-dir` is given): the
//! simulated cloud's state, a credentials file holding the fake account owner's key as profile
//! `demo-admin`, the journal and the log. The real home directory is never read or written, the
//! environment's Alibaba variables are ignored, and every connection is to loopback.

use std::path::{Path, PathBuf};

use crate::cloud::{Endpoints, RetryPolicy};
use crate::creds::keyring;
use crate::creds::{Locations, atomic, editor, ini};
use crate::engine::{EngineConfig, KeyringChoice};
use crate::secret::Secret;
use crate::sim::{SimConfig, SimHandle};
use crate::strings;

pub const DEMO_PROFILE: &str = "demo-admin";
/// A profile of an operator who may only assume a role (`ram_role_arn`): the role path.
pub const DEMO_OPERATOR: &str = "demo-operator";
/// The role it assumes, holding AdministratorAccess.
pub const DEMO_ROLE: &str = "okd-admin";

pub struct Demo {
    pub dir: PathBuf,
    pub sim: SimHandle,
    pub config: EngineConfig,
    /// Removes the temporary directory when the demo ends (absent with `--demo-dir`).
    _temp: Option<tempfile::TempDir>,
}

impl Demo {
    pub fn log_path(&self) -> PathBuf {
        self.dir.join("ramwiz.log")
    }

    /// The demo's install dir: at first an install-config.yaml, as the survey leaves it.
    pub fn install_dir(&self) -> PathBuf {
        self.dir.join("install")
    }
}

/// Starts the simulated cloud and prepares the demo directory. `tools_from` is the ramwiz
/// executable copied in as the simulated `openshift-install` and `oc`.
pub async fn start(dir: Option<&Path>, tools_from: &Path) -> Result<Demo, String> {
    start_with(dir, tools_from, crate::sim::Faults::default()).await
}

/// The same, with faults injected into the simulated cloud (`--faults`).
pub async fn start_with(
    dir: Option<&Path>,
    tools_from: &Path,
    faults: crate::sim::Faults,
) -> Result<Demo, String> {
    start_seeded(dir, tools_from, faults, 0).await
}

/// The same, with the simulated cloud's ids and secrets drawn from `seed` (0: random), so a
/// run made the same way makes the same keys (the recorded screenshots).
pub async fn start_seeded(
    dir: Option<&Path>,
    tools_from: &Path,
    faults: crate::sim::Faults,
    seed: u64,
) -> Result<Demo, String> {
    let (dir, temp) = match dir {
        Some(d) => {
            atomic::create_private_dir(d)
                .map_err(|e| format!("--demo-dir {}: {e}", d.display()))?;
            (d.to_path_buf(), None)
        }
        None => {
            let t = tempfile::Builder::new()
                .prefix("ramwiz-demo-")
                .tempdir()
                .map_err(|e| strings::start_demo_tmp(e.to_string()))?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    let sim = SimHandle::start(SimConfig {
        state_file: Some(dir.join("sim-state.json")),
        faults,
        seed,
        ..SimConfig::default()
    })
    .await
    .map_err(|e| strings::start_sim(e.to_string()))?;
    let credentials_file = dir.join("credentials");
    ensure_demo_profile(
        &credentials_file,
        &sim.owner_access_key_id(),
        &sim.owner_secret(),
    )?;
    let (operator_id, operator_secret, role_arn) = sim.seed_role_operator(DEMO_OPERATOR, DEMO_ROLE);
    ensure_role_profile(&credentials_file, &operator_id, &operator_secret, &role_arn)?;
    let aliyun_config = dir.join("aliyun.json");
    write_aliyun_config(&aliyun_config, &operator_id, &operator_secret, &role_arn)?;
    // The simulated cloud speaks HTTP/2 as well: the run's calls share one connection.
    let endpoints = Endpoints::single(&sim.endpoint())?.with_cleartext_http2();
    let bin = dir.join("bin");
    crate::sim::tools::install_from(&bin, tools_from)
        .map_err(|e| strings::start_sim_tools(bin.display().to_string(), e.to_string()))?;
    prepare_install_dir(&dir.join("install"))
        .map_err(|e| strings::start_demo_install(e.to_string()))?;
    let home = dir.join("home");
    atomic::create_private_dir(&home).map_err(|e| format!("{}: {e}", home.display()))?;
    let pull_secret = dir.join("pull-secret");
    if !pull_secret.exists() {
        atomic::write_private(&pull_secret, DEMO_PULL_SECRET.as_bytes())
            .map_err(|e| format!("{}: {e}", pull_secret.display()))?;
    }
    let config = EngineConfig {
        endpoints,
        locations: Locations {
            credentials_file,
            aliyun_config: Some(aliyun_config),
            env: None,
        },
        retry: RetryPolicy::default(),
        journal: Some(dir.join("journal.jsonl")),
        // The demo never writes into the person's real keyring: an in-memory one stands in.
        keyring: KeyringChoice::Given(keyring::mock()),
        patience: crate::engine::Patience::default(),
        tools: crate::engine::ToolsConfig {
            search: vec![bin],
            env: vec![
                (
                    crate::sim::tools::ENV_RAM_ENDPOINT.to_owned(),
                    sim.endpoint(),
                ),
                // Every child's home is the demo's: nothing a tool writes (the survey stores a
                // credentials file there when it finds none) reaches the real one.
                ("HOME".to_owned(), home.display().to_string()),
            ],
            default_pull_secret: Some(pull_secret),
            installer_default_credentials: None,
        },
        dry_run: None,
    };
    Ok(Demo {
        dir,
        sim,
        config,
        _temp: temp,
    })
}

/// A pull secret of the right shape; the simulated registry accepts it.
const DEMO_PULL_SECRET: &str =
    "{\"auths\":{\"quay.io\":{\"auth\":\"ZGVtbzpkZW1v\",\"email\":\"demo@example.com\"}}}\n";

/// The demo's install dir as `openshift-install create install-config` leaves it: an
/// install-config.yaml (without credentialsMode, so the demo shows ramwiz setting it, then
/// making the manifests). Written by the simulated survey's own writer; an install dir that
/// already holds something (a demo dir used before) is kept as it is.
fn prepare_install_dir(dir: &Path) -> std::io::Result<()> {
    let started = dir.join("install-config.yaml").exists() || dir.join("manifests").exists();
    if started {
        return Ok(());
    }
    atomic::create_private_dir(dir)?;
    crate::sim::tools::write_install_config(
        dir,
        &crate::sim::tools::Survey {
            platform: "alibabacloud".into(),
            region: "cn-hangzhou".into(),
            base_domain: "demo.example.com".into(),
            cluster_name: "okd-demo".into(),
            pull_secret: DEMO_PULL_SECRET.trim().into(),
        },
    )
}

/// Makes sure the demo credentials file has a `demo-admin` profile holding the owner's key,
/// keeping every other profile as it is.
fn ensure_demo_profile(path: &Path, id: &str, secret: &Secret) -> Result<(), String> {
    let text = match crate::files::read(path, crate::files::Limit::Credentials) {
        Ok(b) => {
            String::from_utf8(b).map_err(|_| strings::start_not_utf8(path.display().to_string()))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let doc = ini::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(s) = doc.section(DEMO_PROFILE)
        && s.get("access_key_id") == Some(id)
        && s.get("access_key_secret") == Some(secret.expose())
    {
        return Ok(());
    }
    let new = editor::upsert_profile(&text, DEMO_PROFILE, id, secret)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    atomic::write_private(path, new.as_bytes())
        .map(drop)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Makes sure the demo credentials file has `[demo-operator]`: a `ram_role_arn` profile whose
/// key may only assume `role_arn`. Another key under that name (a demo dir whose cloud was
/// reset) is replaced; every other profile is kept.
fn ensure_role_profile(
    path: &Path,
    id: &str,
    secret: &Secret,
    role_arn: &str,
) -> Result<(), String> {
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let text = match crate::files::read(path, crate::files::Limit::Credentials) {
        Ok(b) => {
            String::from_utf8(b).map_err(|_| strings::start_not_utf8(path.display().to_string()))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(at(&e)),
    };
    let doc = ini::parse(&text).map_err(|e| at(&e))?;
    let mut text = zeroize::Zeroizing::new(text);
    if let Some(s) = doc.section(DEMO_OPERATOR) {
        if s.get("access_key_id") == Some(id) && s.get("role_arn") == Some(role_arn) {
            return Ok(());
        }
        if let Some(old) = s.get("access_key_id")
            && let Some((rest, _)) = editor::remove_key_profiles(&text, old).map_err(|e| at(&e))?
        {
            text = rest;
        }
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        let gap = if text.ends_with('\n') { "\n" } else { "\n\n" };
        text.push_str(gap);
    }
    text.push_str(&format!(
        "[{DEMO_OPERATOR}]\ntype = ram_role_arn\nenable = true\naccess_key_id = {id}\naccess_key_secret = "
    ));
    text.push_str(secret.expose());
    text.push_str(&format!(
        "\nrole_arn = {role_arn}\nrole_session_name = {DEMO_OPERATOR}\n"
    ));
    atomic::write_private(path, text.as_bytes())
        .map(drop)
        .map_err(|e| at(&e))
}

/// The demo's aliyun CLI config (its `~/.aliyun/config.json`): the operator's key as an `AK`
/// profile, a `RamRoleArn` profile assuming the role with it, and a `ChainableRamRoleArn` one
/// whose key is the `AK` profile's. Rewritten at each start (only the demo reads it).
fn write_aliyun_config(
    path: &Path,
    id: &str,
    secret: &Secret,
    role_arn: &str,
) -> Result<(), String> {
    let profile = |name: &str, mode: &str, with_key: bool, source: &str| {
        let mut p = serde_json::json!({
            "name": name, "mode": mode, "region_id": "cn-hangzhou",
            "output_format": "json", "language": "en",
        });
        if with_key {
            p["access_key_id"] = id.into();
            p["access_key_secret"] = secret.expose().into();
        }
        if mode != "AK" {
            p["ram_role_arn"] = role_arn.into();
            p["ram_session_name"] = format!("{DEMO_OPERATOR}-cli").into();
            p["expired_seconds"] = 3600.into();
        }
        if !source.is_empty() {
            p["source_profile"] = source.into();
        }
        p
    };
    let config = serde_json::json!({
        "current": DEMO_OPERATOR,
        "profiles": [
            profile(DEMO_OPERATOR, "AK", true, ""),
            profile("demo-role", "RamRoleArn", true, ""),
            profile("demo-chain", "ChainableRamRoleArn", false, DEMO_OPERATOR),
        ],
        "meta_path": "",
    });
    let text =
        zeroize::Zeroizing::new(serde_json::to_string_pretty(&config).map_err(|e| e.to_string())?);
    atomic::write_private(path, text.as_bytes())
        .map(drop)
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_profile_is_added_or_replaced_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("credentials");
        ensure_demo_profile(&p, "LTAIa", &Secret::new("s1")).unwrap();
        assert!(
            std::fs::read_to_string(&p)
                .unwrap()
                .contains("access_key_id = LTAIa")
        );
        std::fs::write(&p, "# mine\n[other]\naccess_key_id = x\n\n[demo-admin]\naccess_key_id = old\n[last]\nk = v").unwrap();
        ensure_demo_profile(&p, "LTAIb", &Secret::new("s2")).unwrap();
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(
            t.starts_with("# mine\n[other]\naccess_key_id = x\n\n[demo-admin]\n"),
            "{t}"
        );
        assert!(
            t.contains("access_key_id = LTAIb") && t.ends_with("[last]\nk = v"),
            "{t}"
        );
        let before = std::fs::read(&p).unwrap();
        ensure_demo_profile(&p, "LTAIb", &Secret::new("s2")).unwrap();
        assert_eq!(
            std::fs::read(&p).unwrap(),
            before,
            "unchanged when already right"
        );
    }
}

//! Where sign-in credentials can come from on this machine, and turning a chosen source into
//! [`Credentials`].
//!
//! Owns: finding the credentials file (`ALIBABA_CLOUD_CREDENTIALS_FILE` or
//! `~/.alibabacloud/credentials`), the `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET` variables, and the
//! aliyun CLI's `~/.aliyun/config.json` (read only). Descriptions carry no secret; the secret is
//! read again only when the engine signs in. Never writes anything.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ini;
use crate::cloud::Credentials;
use crate::secret::Secret;
use crate::strings;

/// Where to look; built from the environment, or by the demo and the tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub credentials_file: PathBuf,
    pub aliyun_config: Option<PathBuf>,
    /// The environment variables' values, as seen at start (the secret wrapped at once).
    pub env: Option<EnvCredentials>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvCredentials {
    pub access_key_id: String,
    pub secret: Secret,
    pub security_token: Option<Secret>,
}

impl Locations {
    /// The real locations: `home` is the user's home directory; `var` reads an environment variable.
    pub fn from_env(home: &Path, var: impl Fn(&str) -> Option<String>) -> Self {
        let credentials_file = var("ALIBABA_CLOUD_CREDENTIALS_FILE")
            .filter(|v| !v.trim().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".alibabacloud").join("credentials"));
        let aliyun_config = Some(
            var("ALIBABA_CLOUD_CONFIG_FILE")
                .filter(|v| !v.trim().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| home.join(".aliyun").join("config.json")),
        );
        let env = match (
            var("ALIBABA_CLOUD_ACCESS_KEY_ID"),
            var("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        ) {
            (Some(id), Some(secret)) if !id.trim().is_empty() && !secret.trim().is_empty() => {
                Some(EnvCredentials {
                    access_key_id: id.trim().to_owned(),
                    secret: Secret::new(secret),
                    security_token: var("ALIBABA_CLOUD_SECURITY_TOKEN")
                        .filter(|t| !t.trim().is_empty())
                        .map(Secret::new),
                })
            }
            _ => None,
        };
        Self {
            credentials_file,
            aliyun_config,
            env,
        }
    }
}

/// Which source, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRef {
    Profile { path: PathBuf, name: String },
    Env,
    Aliyun { path: PathBuf, name: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceStatus {
    Ready,
    /// A profile of a kind ramwiz cannot sign in with (a role, an ECS instance role…).
    Unsupported(String),
    /// Something needed is missing (which key).
    Incomplete(String),
}

impl SourceStatus {
    /// Why a source cannot be used, in words (`None` when it can).
    pub fn problem(&self) -> Option<String> {
        match self {
            Self::Ready => None,
            Self::Unsupported(k) => Some(strings::source_unsupported_kind(k.as_str())),
            Self::Incomplete(k) => Some(strings::source_incomplete_lacks(k.as_str())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub source: SourceRef,
    pub label: String,
    pub origin: String,
    pub access_key_id: Option<String>,
    pub status: SourceStatus,
}

/// What discovery found: usable and unusable sources, and files that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Discovery {
    pub sources: Vec<SourceInfo>,
    pub problems: Vec<String>,
    /// Every place looked in, in order (files and variables), for "nothing found" to name.
    pub looked_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct AliyunConfig {
    #[serde(default)]
    profiles: Vec<AliyunProfile>,
}

#[derive(Debug, Deserialize)]
struct AliyunProfile {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
}

/// The label of a credentials file's profile, as the sign-in list and the report name it.
pub fn profile_label(name: &str) -> String {
    strings::source_profile(name)
}

fn gone(path: &Path) -> String {
    strings::source_gone(path.display().to_string())
}

fn read_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match crate::files::read(path, crate::files::Limit::Credentials) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn profile_status(section: &ini::Section) -> SourceStatus {
    let kind = section.get("type").unwrap_or("access_key");
    if kind != "access_key" {
        return SourceStatus::Unsupported(kind.to_owned());
    }
    if section
        .get("enable")
        .is_some_and(|e| e.eq_ignore_ascii_case("false"))
    {
        return SourceStatus::Incomplete("enable = false".to_owned());
    }
    for key in ["access_key_id", "access_key_secret"] {
        if section.get(key).is_none_or(str::is_empty) {
            return SourceStatus::Incomplete(key.to_owned());
        }
    }
    SourceStatus::Ready
}

fn aliyun_status(p: &AliyunProfile) -> SourceStatus {
    let mode = p.mode.to_ascii_lowercase();
    if mode != "ak" && mode != "ststoken" {
        return SourceStatus::Unsupported(if p.mode.is_empty() {
            strings::SOURCE_NO_MODE().into()
        } else {
            p.mode.clone()
        });
    }
    if p.access_key_id.is_empty() {
        return SourceStatus::Incomplete("access_key_id".into());
    }
    if p.access_key_secret.is_empty() {
        return SourceStatus::Incomplete("access_key_secret".into());
    }
    SourceStatus::Ready
}

/// Lists every source found. Unreadable or malformed files become `problems`; the rest is
/// still offered.
pub fn discover(loc: &Locations) -> Discovery {
    let mut d = Discovery::default();
    let path = &loc.credentials_file;
    let origin = path.display().to_string();
    d.looked_in.push(origin.clone());
    d.looked_in.push(strings::SOURCE_ENV_BOTH().into());
    if let Some(p) = &loc.aliyun_config {
        d.looked_in.push(p.display().to_string());
    }
    match read_file(path) {
        Ok(None) => {}
        Ok(Some(bytes)) => match ini::parse_bytes(&bytes) {
            Ok(doc) => {
                for s in &doc.sections {
                    d.sources.push(SourceInfo {
                        source: SourceRef::Profile {
                            path: path.clone(),
                            name: s.name.clone(),
                        },
                        label: profile_label(&s.name),
                        origin: origin.clone(),
                        access_key_id: s.get("access_key_id").map(str::to_owned),
                        status: profile_status(s),
                    });
                }
            }
            Err(e) => d.problems.push(format!("{origin}: {e}")),
        },
        Err(e) => d.problems.push(e),
    }
    if let Some(env) = &loc.env {
        d.sources.push(SourceInfo {
            source: SourceRef::Env,
            label: strings::SOURCE_ENV().into(),
            origin: "ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET".into(),
            access_key_id: Some(env.access_key_id.clone()),
            status: SourceStatus::Ready,
        });
    }
    if let Some(path) = &loc.aliyun_config {
        match read_file(path) {
            Ok(None) => {}
            Ok(Some(bytes)) => match serde_json::from_slice::<AliyunConfig>(&bytes) {
                Ok(cfg) => {
                    for p in &cfg.profiles {
                        d.sources.push(SourceInfo {
                            source: SourceRef::Aliyun {
                                path: path.clone(),
                                name: p.name.clone(),
                            },
                            label: strings::source_aliyun_profile(p.name.as_str()),
                            origin: path.display().to_string(),
                            access_key_id: (!p.access_key_id.is_empty())
                                .then(|| p.access_key_id.clone()),
                            status: aliyun_status(p),
                        });
                    }
                }
                Err(e) => d.problems.push(strings::source_not_json(
                    path.display().to_string(),
                    e.to_string(),
                )),
            },
            Err(e) => d.problems.push(e),
        }
    }
    d
}

/// Reads the chosen source again and returns its credentials.
pub fn resolve(loc: &Locations, source: &SourceRef) -> Result<Credentials, String> {
    match source {
        SourceRef::Env => {
            let env = loc
                .env
                .as_ref()
                .ok_or_else(|| strings::SOURCE_ENV_UNSET().to_owned())?;
            Ok(Credentials {
                access_key_id: env.access_key_id.clone(),
                secret: env.secret.clone(),
                security_token: env.security_token.clone(),
            })
        }
        SourceRef::Profile { path, name } => {
            let bytes = read_file(path)?.ok_or_else(|| gone(path))?;
            let doc = ini::parse_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            let s = doc.section(name).ok_or_else(|| {
                strings::source_profile_gone(name.as_str(), path.display().to_string())
            })?;
            if let SourceStatus::Unsupported(k) | SourceStatus::Incomplete(k) = profile_status(s) {
                return Err(strings::source_profile_unusable(name.as_str(), k));
            }
            Ok(Credentials::new(
                s.get("access_key_id").unwrap_or_default(),
                Secret::new(s.get("access_key_secret").unwrap_or_default()),
            ))
        }
        SourceRef::Aliyun { path, name } => {
            let bytes = read_file(path)?.ok_or_else(|| gone(path))?;
            let cfg: AliyunConfig = serde_json::from_slice(&bytes)
                .map_err(|e| strings::source_not_json(path.display().to_string(), e.to_string()))?;
            let p = cfg
                .profiles
                .iter()
                .find(|p| &p.name == name)
                .ok_or_else(|| {
                    strings::source_aliyun_gone(name.as_str(), path.display().to_string())
                })?;
            if let SourceStatus::Unsupported(k) | SourceStatus::Incomplete(k) = aliyun_status(p) {
                return Err(strings::source_aliyun_unusable(name.as_str(), k));
            }
            let mut c = Credentials::new(
                p.access_key_id.clone(),
                Secret::new(p.access_key_secret.clone()),
            );
            if !p.sts_token.is_empty() {
                c.security_token = Some(Secret::new(p.sts_token.clone()));
            }
            Ok(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(dir: &Path) -> Locations {
        Locations::from_env(dir, |_| None)
    }

    #[test]
    fn finds_profiles_env_and_cli_and_flags_unsupported_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".alibabacloud")).unwrap();
        std::fs::create_dir_all(dir.path().join(".aliyun")).unwrap();
        std::fs::write(
            dir.path().join(".alibabacloud/credentials"),
            "[default]\ntype = access_key\naccess_key_id = LTAIaaaaaaaaaaaaaaaa\naccess_key_secret = s1\n[role]\ntype = ram_role_arn\n[half]\naccess_key_id = LTAIbbbb\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(".aliyun/config.json"),
            r#"{"current":"a","profiles":[{"name":"a","mode":"AK","access_key_id":"LTAIcc","access_key_secret":"s3"},{"name":"sso","mode":"CloudSSO"}]}"#,
        )
        .unwrap();
        let mut l = Locations::from_env(dir.path(), |k| match k {
            "ALIBABA_CLOUD_ACCESS_KEY_ID" => Some("LTAIenv".into()),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET" => Some(" s2\n".into()),
            _ => None,
        });
        let d = discover(&l);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let st: Vec<_> = d
            .sources
            .iter()
            .map(|s| (s.label.as_str(), s.status.clone()))
            .collect();
        assert_eq!(st[0], ("profile default", SourceStatus::Ready));
        assert_eq!(st[1].1, SourceStatus::Unsupported("ram_role_arn".into()));
        assert_eq!(
            st[2].1,
            SourceStatus::Incomplete("access_key_secret".into())
        );
        assert_eq!(st[3], ("environment variables", SourceStatus::Ready));
        assert_eq!(st[4], ("aliyun CLI profile a", SourceStatus::Ready));
        assert_eq!(st[5].1, SourceStatus::Unsupported("CloudSSO".into()));
        let c = resolve(&l, &d.sources[0].source).unwrap();
        assert_eq!(c.secret.expose(), "s1");
        assert_eq!(resolve(&l, &SourceRef::Env).unwrap().secret.expose(), "s2");
        assert_eq!(
            resolve(&l, &d.sources[4].source).unwrap().secret.expose(),
            "s3"
        );
        assert!(resolve(&l, &d.sources[1].source).is_err());
        l.env = None;
        assert!(resolve(&l, &SourceRef::Env).is_err());
    }

    #[test]
    fn a_malformed_file_is_reported_and_other_sources_still_offered() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".alibabacloud")).unwrap();
        std::fs::create_dir_all(dir.path().join(".aliyun")).unwrap();
        std::fs::write(dir.path().join(".alibabacloud/credentials"), "[a]\n[a]\n").unwrap();
        std::fs::write(
            dir.path().join(".aliyun/config.json"),
            r#"{"profiles":[{"name":"a","mode":"ak","access_key_id":"x","access_key_secret":"y"}]}"#,
        )
        .unwrap();
        let d = discover(&loc(dir.path()));
        assert_eq!(d.problems.len(), 1);
        assert!(d.problems[0].contains("appears twice"), "{:?}", d.problems);
        assert_eq!(d.sources.len(), 1);
    }

    #[test]
    fn a_directory_where_the_file_should_be_is_a_problem_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".alibabacloud/credentials")).unwrap();
        let d = discover(&loc(dir.path()));
        assert_eq!(d.problems.len(), 1);
        assert!(d.sources.is_empty());
    }

    #[test]
    fn the_override_variable_wins() {
        let l = Locations::from_env(Path::new("/h"), |k| {
            (k == "ALIBABA_CLOUD_CREDENTIALS_FILE").then(|| "/x/creds".to_owned())
        });
        assert_eq!(l.credentials_file, PathBuf::from("/x/creds"));
    }
}

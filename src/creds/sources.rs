//! Where sign-in credentials can come from on this machine, and turning a chosen source into
//! [`Credentials`].
//!
//! Owns: finding the credentials file (`ALIBABA_CLOUD_CREDENTIALS_FILE` or
//! `~/.alibabacloud/credentials`), the `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET` variables, and the
//! aliyun CLI's `~/.aliyun/config.json` (read only). Descriptions carry no secret; the secret is
//! read again only when the engine signs in. Never writes anything.
//!
//! Role sources resolve to a key and the roles to assume with it, in order: a credentials-file
//! `ram_role_arn` profile (`access_key_id`, `access_key_secret`, `role_arn`, optional
//! `role_session_name`, `policy`, `role_session_expiration`), an aliyun CLI `RamRoleArn`
//! profile (`ram_role_arn`, `ram_session_name`, `expired_seconds`, `external_id`, and its own
//! key), and a `ChainableRamRoleArn` one, whose key is its `source_profile`'s (which may be a
//! role again: the chain is followed, and a loop is refused).

use std::path::{Path, PathBuf};

use super::aliyun_cli::{AliyunConfig, aliyun_chain, aliyun_key_id, aliyun_status};
use super::ini;
use crate::cloud::{Credentials, RoleSpec};
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
    /// Its `source_profile` chain is broken (why, in words).
    Broken(String),
}

impl SourceStatus {
    /// Why a source cannot be used, in words (`None` when it can).
    pub fn problem(&self) -> Option<String> {
        match self {
            Self::Ready => None,
            Self::Unsupported(k) => Some(strings::source_unsupported_kind(k.as_str())),
            Self::Incomplete(k) => Some(strings::source_incomplete_lacks(k.as_str())),
            Self::Broken(why) => Some(why.clone()),
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

/// A source read again: the key, and the roles to assume with it, first to last.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub creds: Credentials,
    pub roles: Vec<RoleSpec>,
}

impl Resolved {
    pub(super) fn key(creds: Credentials) -> Self {
        Self {
            creds,
            roles: Vec::new(),
        }
    }
}

/// The role's name in its ARN (all of it when it has no `:role/`).
fn role_name(arn: &str) -> &str {
    arn.rsplit_once(":role/").map_or(arn, |(_, n)| n)
}

/// A source's label, and the role it signs in as when it has one ("profile ops → role admin").
pub fn with_role(label: String, role_arn: Option<&str>) -> String {
    match role_arn {
        Some(arn) => strings::source_as_role(label, role_name(arn)),
        None => label,
    }
}

/// A duration in seconds as a profile gives it; outside 1..=u32 it is left to Alibaba's default.
pub(super) fn seconds(v: Option<i64>) -> Option<u32> {
    v.and_then(|s| u32::try_from(s).ok()).filter(|s| *s > 0)
}

pub(super) fn nonempty(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|v| !v.is_empty())
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
    let needs: &[&str] = match kind {
        "access_key" => &["access_key_id", "access_key_secret"],
        "ram_role_arn" => &["access_key_id", "access_key_secret", "role_arn"],
        _ => return SourceStatus::Unsupported(kind.to_owned()),
    };
    if section
        .get("enable")
        .is_some_and(|e| e.eq_ignore_ascii_case("false"))
    {
        return SourceStatus::Incomplete("enable = false".to_owned());
    }
    for key in needs {
        if section.get(key).is_none_or(|v| v.trim().is_empty()) {
            return SourceStatus::Incomplete((*key).to_owned());
        }
    }
    SourceStatus::Ready
}

/// A credentials-file profile's role (`ram_role_arn`), when it is one.
fn profile_role(section: &ini::Section) -> Option<RoleSpec> {
    if section.get("type") != Some("ram_role_arn") {
        return None;
    }
    Some(
        RoleSpec {
            role_arn: section
                .get("role_arn")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            session_name: section
                .get("role_session_name")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            duration_secs: seconds(
                section
                    .get("role_session_expiration")
                    .and_then(|v| v.trim().parse().ok()),
            ),
            policy: section.get("policy").and_then(nonempty),
            external_id: section.get("external_id").and_then(nonempty),
        }
        .named_or_default(),
    )
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
                        label: with_role(
                            profile_label(&s.name),
                            profile_role(s).map(|r| r.role_arn).as_deref(),
                        ),
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
                            label: with_role(
                                strings::source_aliyun_profile(p.name.as_str()),
                                aliyun_chain(&cfg, p, &mut Vec::new())
                                    .ok()
                                    .and_then(|r| r.roles.last().cloned())
                                    .map(|r| r.role_arn)
                                    .as_deref(),
                            ),
                            origin: path.display().to_string(),
                            access_key_id: aliyun_key_id(&cfg, p),
                            status: aliyun_status(&cfg, p),
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

/// Reads the chosen source again and returns its key, and the roles to assume with it.
pub fn resolve(loc: &Locations, source: &SourceRef) -> Result<Resolved, String> {
    match source {
        SourceRef::Env => {
            let env = loc
                .env
                .as_ref()
                .ok_or_else(|| strings::SOURCE_ENV_UNSET().to_owned())?;
            Ok(Resolved::key(Credentials {
                access_key_id: env.access_key_id.clone(),
                secret: env.secret.clone(),
                security_token: env.security_token.clone(),
            }))
        }
        SourceRef::Profile { path, name } => {
            let bytes = read_file(path)?.ok_or_else(|| gone(path))?;
            let doc = ini::parse_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            let s = doc.section(name).ok_or_else(|| {
                strings::source_profile_gone(name.as_str(), path.display().to_string())
            })?;
            if let SourceStatus::Unsupported(k)
            | SourceStatus::Incomplete(k)
            | SourceStatus::Broken(k) = profile_status(s)
            {
                return Err(strings::source_profile_unusable(name.as_str(), k));
            }
            Ok(Resolved {
                creds: Credentials::new(
                    s.get("access_key_id").unwrap_or_default(),
                    Secret::new(s.get("access_key_secret").unwrap_or_default()),
                ),
                roles: profile_role(s).into_iter().collect(),
            })
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
            aliyun_chain(&cfg, p, &mut Vec::new()).map_err(|e| match e {
                SourceStatus::Unsupported(k)
                | SourceStatus::Incomplete(k)
                | SourceStatus::Broken(k) => strings::source_aliyun_unusable(name.as_str(), k),
                SourceStatus::Ready => String::new(),
            })
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
            "[default]\ntype = access_key\naccess_key_id = LTAIdefault\naccess_key_secret = s1\n[role]\ntype = ram_role_arn\n[half]\naccess_key_id = LTAIbbbb\n",
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
        assert_eq!(st[1].1, SourceStatus::Incomplete("access_key_id".into()));
        assert_eq!(
            st[2].1,
            SourceStatus::Incomplete("access_key_secret".into())
        );
        assert_eq!(st[3], ("environment variables", SourceStatus::Ready));
        assert_eq!(st[4], ("aliyun CLI profile a", SourceStatus::Ready));
        assert_eq!(st[5].1, SourceStatus::Unsupported("CloudSSO".into()));
        let c = resolve(&l, &d.sources[0].source).unwrap();
        assert_eq!(c.creds.secret.expose(), "s1");
        assert!(c.roles.is_empty());
        assert_eq!(
            resolve(&l, &SourceRef::Env).unwrap().creds.secret.expose(),
            "s2"
        );
        assert_eq!(
            resolve(&l, &d.sources[4].source)
                .unwrap()
                .creds
                .secret
                .expose(),
            "s3"
        );
        assert!(resolve(&l, &d.sources[1].source).is_err());
        l.env = None;
        assert!(resolve(&l, &SourceRef::Env).is_err());
    }

    /// Role profiles (issue 24): a credentials file's `ram_role_arn`, the aliyun CLI's
    /// `RamRoleArn`, and `ChainableRamRoleArn` chains through `source_profile`, with their
    /// missing links and loops said in words.
    #[test]
    fn role_profiles_resolve_to_a_key_and_the_roles_to_assume_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".alibabacloud")).unwrap();
        std::fs::create_dir_all(dir.path().join(".aliyun")).unwrap();
        std::fs::write(
            dir.path().join(".alibabacloud/credentials"),
            "[ops]\ntype = ram_role_arn\naccess_key_id = LTAIops\naccess_key_secret = s-ops\nrole_arn = acs:ram::123:role/okd-admin\nrole_session_expiration = 1800\npolicy = {\"Version\":\"1\"}\n[unnamed]\ntype = ram_role_arn\naccess_key_id = LTAIu\naccess_key_secret = s-u\nrole_arn = acs:ram::123:role/r\n[blank]\ntype = ram_role_arn\naccess_key_id = LTAIb\naccess_key_secret = s-b\nrole_arn =   \n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(".aliyun/config.json"),
            r#"{"profiles":[
              {"name":"base","mode":"AK","access_key_id":"LTAIbase","access_key_secret":"s-base"},
              {"name":"hop1","mode":"RamRoleArn","access_key_id":"LTAIhop","access_key_secret":"s-hop","ram_role_arn":"acs:ram::123:role/first","ram_session_name":"one","expired_seconds":900},
              {"name":"hop2","mode":"ChainableRamRoleArn","source_profile":"hop1","ram_role_arn":"acs:ram::123:role/second","ram_session_name":"two"},
              {"name":"onbase","mode":"chainableramrolearn","source_profile":"base","ram_role_arn":"acs:ram::123:role/third","ram_session_name":"three","external_id":"x1"},
              {"name":"loopa","mode":"ChainableRamRoleArn","source_profile":"loopb","ram_role_arn":"acs:ram::123:role/a"},
              {"name":"loopb","mode":"ChainableRamRoleArn","source_profile":"loopa","ram_role_arn":"acs:ram::123:role/b"},
              {"name":"dangling","mode":"ChainableRamRoleArn","source_profile":"nobody","ram_role_arn":"acs:ram::123:role/c"},
              {"name":"norole","mode":"RamRoleArn","access_key_id":"LTAIx","access_key_secret":"s-x"},
              {"name":"keyless","mode":"RamRoleArn","access_key_secret":"s-k","ram_role_arn":"acs:ram::123:role/k"},
              {"name":"onkeyless","mode":"ChainableRamRoleArn","source_profile":"keyless","ram_role_arn":"acs:ram::123:role/d"},
              {"name":"ontop","mode":"ChainableRamRoleArn","source_profile":"onkeyless","ram_role_arn":"acs:ram::123:role/e"}
            ]}"#,
        )
        .unwrap();
        let l = loc(dir.path());
        let d = discover(&l);
        let find = |label: &str| {
            d.sources
                .iter()
                .find(|s| s.label.ends_with(label) || s.label.contains(&format!("{label} →")))
                .unwrap_or_else(|| panic!("{label}: {:?}", d.sources))
                .clone()
        };
        assert_eq!(find("profile ops").label, "profile ops → role okd-admin");
        assert_eq!(
            find("profile hop2").label,
            "aliyun CLI profile hop2 → role second"
        );
        let ops = resolve(&l, &find("profile ops").source).unwrap();
        assert_eq!(ops.creds.access_key_id, "LTAIops");
        assert_eq!(ops.roles.len(), 1);
        assert_eq!(ops.roles[0].role_arn, "acs:ram::123:role/okd-admin");
        assert_eq!(ops.roles[0].duration_secs, Some(1800));
        assert_eq!(ops.roles[0].policy.as_deref(), Some("{\"Version\":\"1\"}"));
        assert!(
            ops.roles[0].session_name.starts_with("ramwiz-"),
            "a default name"
        );
        assert!(
            resolve(&l, &find("profile unnamed").source).unwrap().roles[0]
                .session_name
                .starts_with("ramwiz-")
        );

        let hop2 = find("profile hop2");
        assert_eq!(hop2.status, SourceStatus::Ready);
        assert_eq!(
            hop2.access_key_id.as_deref(),
            Some("LTAIhop"),
            "the chain's key"
        );
        let r = resolve(&l, &hop2.source).unwrap();
        assert_eq!(r.creds.access_key_id, "LTAIhop");
        let arns: Vec<&str> = r.roles.iter().map(|x| x.role_arn.as_str()).collect();
        assert_eq!(
            arns,
            ["acs:ram::123:role/first", "acs:ram::123:role/second"]
        );
        assert_eq!(
            (r.roles[0].duration_secs, r.roles[1].session_name.as_str()),
            (Some(900), "two")
        );
        let on_base = resolve(&l, &find("profile onbase").source).unwrap();
        assert_eq!(on_base.creds.secret.expose(), "s-base");
        assert_eq!(on_base.roles[0].external_id.as_deref(), Some("x1"));

        let SourceStatus::Broken(why) = find("profile loopa").status else {
            panic!("a loop is broken");
        };
        assert!(why.contains("loopa → loopb → loopa"), "{why}");
        let e = resolve(&l, &find("profile loopa").source).unwrap_err();
        assert!(e.contains("loopa → loopb → loopa"), "{e}");
        let SourceStatus::Broken(why) = find("profile dangling").status else {
            panic!("a missing source is broken");
        };
        assert!(why.contains("nobody"), "{why}");
        assert_eq!(
            find("profile norole").status,
            SourceStatus::Incomplete("ram_role_arn".into())
        );
        assert_eq!(
            find("profile blank").status,
            SourceStatus::Incomplete("role_arn".into()),
            "a role_arn of spaces is none"
        );
        // The hop that lacks something is the one named, however far up the chain.
        for label in ["profile onkeyless", "profile ontop"] {
            let SourceStatus::Broken(why) = find(label).status else {
                panic!("{label}: a chain through an incomplete profile is broken");
            };
            assert!(
                why.contains("keyless")
                    && !why.contains("onkeyless")
                    && why.contains("access_key_id"),
                "{label}: {why}"
            );
        }
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

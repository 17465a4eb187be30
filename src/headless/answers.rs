//! The answers file of `ramwiz apply`: TOML, one table per step. Parsing and checking only
//! (pure): every problem names the key it is about, and nothing is sent anywhere before the
//! whole file is found good.
//!
//! A key the wizard asks about ("asked" below) must be in the file, unless `--yes` takes its
//! documented default. Keys for situations that may not arise (a profile that already holds a
//! key, a policy that differs, ...) are optional and default to the safe answer.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::creds::editor::valid_profile_name;
use crate::policy;
use crate::strings::apply as s;
use crate::tools::ccoctl;
use crate::wizard::Mode;
use crate::wizard::cco::CcoStep;
use crate::wizard::user::{comments_problem, display_name_problem, user_name_problem};

/// What went wrong in the answers file, and which key it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {message}")]
pub struct AnswersError {
    /// `user.name`, or `(file)` for the file as a whole.
    pub key: String,
    pub message: String,
}

fn err(key: &str, message: impl Into<String>) -> AnswersError {
    AnswersError {
        key: key.to_owned(),
        message: message.into(),
    }
}

/// Every key the file may hold, per table (the top level is `""`).
pub const SCHEMA: &[(&str, &[&str])] = &[
    ("", &["mode"]),
    ("signin", &["source", "profile"]),
    (
        "user",
        &[
            "name",
            "display_name",
            "comments",
            "if_exists",
            "if_missing",
        ],
    ),
    (
        "key",
        &["file", "profile", "keyring", "replace_profile", "retire"],
    ),
    (
        "policy",
        &[
            "kind",
            "name",
            "description",
            "delete_policy_version",
            "update_existing",
            "rotate_oldest",
        ],
    ),
    ("ccoctl", &["openshift_install", "oc", "pull_secret", "dir"]),
    (
        "provision",
        &[
            "name",
            "region",
            "credentials_requests_dir",
            "output_dir",
            "install_dir",
            "run_again",
            "overwrite_manifests",
            "set_manual_mode",
        ],
    ),
    ("recover", &["user", "key_id", "profile", "old_key"]),
    ("teardown", &["name", "region", "ccoctl"]),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInFrom {
    /// The first usable source, in the order the wizard lists them.
    Auto,
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET`.
    Env,
    /// A profile of the credentials file.
    Profile(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldKey {
    Keep,
    Deactivate,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAnswers {
    pub name: String,
    pub display_name: String,
    pub comments: String,
    pub use_existing: bool,
    pub create_missing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAnswers {
    /// `None`: the credentials file ramwiz found (`ALIBABA_CLOUD_CREDENTIALS_FILE` or the default).
    pub file: Option<PathBuf>,
    pub profile: String,
    pub keyring: bool,
    pub replace_profile: bool,
    /// A key to retire when the user already has two.
    pub retire: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyAnswers {
    pub administrator: bool,
    pub name: String,
    pub description: String,
    pub delete_policy_version: bool,
    pub update_existing: bool,
    pub rotate_oldest: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CcoctlAnswers {
    pub openshift_install: Option<PathBuf>,
    pub oc: Option<PathBuf>,
    pub pull_secret: Option<PathBuf>,
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionAnswers {
    /// `None`: the install dir's infrastructure name.
    pub name: Option<String>,
    pub region: String,
    pub credentials_requests_dir: Option<PathBuf>,
    pub output_dir: Option<PathBuf>,
    pub install_dir: Option<PathBuf>,
    pub run_again: bool,
    pub overwrite_manifests: bool,
    pub set_manual_mode: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoverAnswers {
    pub user: String,
    pub key_id: Option<String>,
    pub profile: Option<String>,
    pub old_key: OldKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeardownAnswers {
    pub name: String,
    pub region: String,
    pub ccoctl: Option<PathBuf>,
}

/// The answers, checked, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub mode: Mode,
    pub signin: SignInFrom,
    pub user: Option<UserAnswers>,
    pub key: Option<KeyAnswers>,
    pub policy: Option<PolicyAnswers>,
    pub ccoctl: CcoctlAnswers,
    pub provision: Option<ProvisionAnswers>,
    pub recover: Option<RecoverAnswers>,
    pub teardown: Option<TeardownAnswers>,
    /// Asked keys that were missing and took their default (`--yes`).
    pub defaulted: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Raw {
    mode: Option<String>,
    #[serde(default)]
    signin: RawSignIn,
    #[serde(default)]
    user: RawUser,
    #[serde(default)]
    key: RawKey,
    #[serde(default)]
    policy: RawPolicy,
    #[serde(default)]
    ccoctl: RawCcoctl,
    #[serde(default)]
    provision: RawProvision,
    #[serde(default)]
    recover: RawRecover,
    #[serde(default)]
    teardown: RawTeardown,
}

#[derive(Debug, Default, Deserialize)]
struct RawSignIn {
    source: Option<String>,
    profile: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawUser {
    name: Option<String>,
    display_name: Option<String>,
    comments: Option<String>,
    if_exists: Option<String>,
    if_missing: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawKey {
    file: Option<String>,
    profile: Option<String>,
    keyring: Option<bool>,
    replace_profile: Option<bool>,
    retire: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawPolicy {
    kind: Option<String>,
    name: Option<String>,
    description: Option<String>,
    delete_policy_version: Option<bool>,
    update_existing: Option<bool>,
    rotate_oldest: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct RawCcoctl {
    openshift_install: Option<String>,
    oc: Option<String>,
    pull_secret: Option<String>,
    dir: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawProvision {
    name: Option<String>,
    region: Option<String>,
    credentials_requests_dir: Option<String>,
    output_dir: Option<String>,
    install_dir: Option<String>,
    run_again: Option<bool>,
    overwrite_manifests: Option<bool>,
    set_manual_mode: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct RawRecover {
    user: Option<String>,
    key_id: Option<String>,
    profile: Option<String>,
    old_key: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawTeardown {
    name: Option<String>,
    region: Option<String>,
    ccoctl: Option<String>,
}

/// The closest known key, for "did you mean".
fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn unknown(key: &str, known: &[&str], last: &str) -> AnswersError {
    let hint = match closest(last, known) {
        Some(k) => format!(" ({} `{k}`?)", s::A_DID_YOU_MEAN),
        None => format!(" ({} {})", s::A_KNOWN_HERE, known.join(", ")),
    };
    err(key, format!("{}{hint}", s::A_UNKNOWN_KEY))
}

/// The keys whose value is true or false (every other value is text).
const BOOL_KEYS: &[&str] = &[
    "key.keyring",
    "key.replace_profile",
    "policy.delete_policy_version",
    "policy.update_existing",
    "policy.rotate_oldest",
    "provision.run_again",
    "provision.overwrite_manifests",
    "provision.set_manual_mode",
];

/// A value of the wrong type, named by its key.
fn check_type(key: &str, v: &toml::Value) -> Result<(), AnswersError> {
    match (BOOL_KEYS.contains(&key), v) {
        (true, toml::Value::Boolean(_)) | (false, toml::Value::String(_)) => Ok(()),
        (true, _) => Err(err(key, s::A_MUST_BE_BOOL)),
        (false, _) => Err(err(key, s::A_MUST_BE_TEXT)),
    }
}

/// Every key of the file must be in [`SCHEMA`], with a value of its type.
fn check_keys(table: &toml::Table) -> Result<(), AnswersError> {
    let tables: Vec<&str> = SCHEMA
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| !t.is_empty())
        .collect();
    for (k, v) in table {
        if let Some((_, keys)) = SCHEMA.iter().find(|(t, _)| !t.is_empty() && *t == k) {
            let Some(inner) = v.as_table() else {
                return Err(err(k, s::A_MUST_BE_TABLE));
            };
            for (ik, iv) in inner {
                let full = format!("{k}.{ik}");
                if !keys.contains(&ik.as_str()) {
                    return Err(unknown(&full, keys, ik));
                }
                check_type(&full, iv)?;
            }
        } else if k == "mode" {
            check_type(k, v)?;
        } else {
            let mut known = tables.clone();
            known.push("mode");
            return Err(unknown(k, &known, k));
        }
    }
    Ok(())
}

/// Resolves paths in the file: `~/` is the home directory; relative paths stay relative to
/// the current directory (where `ramwiz apply` runs).
fn path(v: Option<String>, home: &Path) -> Option<PathBuf> {
    v.map(|s| match s.strip_prefix("~/") {
        Some(rest) => home.join(rest),
        None => PathBuf::from(s),
    })
}

/// Reads asked keys: present, or the default under `--yes`, or an error naming the key.
struct Asker {
    yes: bool,
    defaulted: Vec<String>,
}

impl Asker {
    fn ask<T>(
        &mut self,
        key: &str,
        v: Option<T>,
        default: Option<T>,
        what: &str,
    ) -> Result<T, AnswersError> {
        match (v, default) {
            (Some(v), _) => Ok(v),
            (None, Some(d)) if self.yes => {
                self.defaulted.push(key.to_owned());
                Ok(d)
            }
            (None, Some(_)) => Err(err(
                key,
                format!("{} {what} {}", s::A_MISSING, s::A_TAKE_DEFAULT),
            )),
            (None, None) => Err(err(
                key,
                format!("{} {what} {}", s::A_MISSING, s::A_NO_DEFAULT),
            )),
        }
    }
}

fn choice<T: Copy>(
    key: &str,
    v: Option<String>,
    options: &[(&str, T)],
) -> Result<Option<T>, AnswersError> {
    let Some(v) = v else { return Ok(None) };
    options
        .iter()
        .find(|(n, _)| *n == v.trim())
        .map(|(_, t)| Some(*t))
        .ok_or_else(|| {
            let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
            err(
                key,
                format!("\"{v}\" {} {}", s::A_NOT_ONE_OF, names.join(", ")),
            )
        })
}

fn checked(key: &str, v: String, problem: Option<&str>) -> Result<String, AnswersError> {
    match problem {
        Some(p) => Err(err(key, format!("\"{v}\": {p}"))),
        None => Ok(v),
    }
}

fn region(key: &str, v: String) -> Result<String, AnswersError> {
    let v = v.trim().to_owned();
    let problem = CcoStep::region_check(&v).err();
    checked(key, v, problem)
}

/// Parses and checks an answers file's text. `yes` takes the documented default of a missing
/// asked key; `home` expands `~/` in paths.
pub fn parse(text: &str, yes: bool, home: &Path) -> Result<Answers, AnswersError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| err("(file)", e.to_string().trim().to_owned()))?;
    check_keys(&table)?;
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let msg = e.to_string();
        err("(file)", msg.trim().to_owned())
    })?;
    let mut a = Asker {
        yes,
        defaulted: Vec::new(),
    };
    let mode = choice(
        "mode",
        raw.mode,
        &[
            ("setup", Mode::Setup),
            ("recover", Mode::Recover),
            ("provision", Mode::Provision),
            ("teardown", Mode::Teardown),
        ],
    )?;
    let mode = a.ask("mode", mode, Some(Mode::Setup), s::WHAT_MODE)?;

    let source = choice(
        "signin.source",
        raw.signin.source,
        &[("auto", 0u8), ("env", 1), ("profile", 2)],
    )?;
    let source = match (source, raw.signin.profile) {
        (Some(2) | None, Some(p)) => {
            let p = p.trim().to_owned();
            SignInFrom::Profile(checked(
                "signin.profile",
                p.clone(),
                (!valid_profile_name(&p)).then_some(s::A_NOT_PROFILE),
            )?)
        }
        (Some(2), None) => {
            return Err(err(
                "signin.profile",
                format!("{} {}", s::A_MISSING, s::A_WHICH_PROFILE),
            ));
        }
        (Some(_), Some(_)) => {
            return Err(err("signin.profile", s::A_PROFILE_ONLY));
        }
        (Some(1), None) => SignInFrom::Env,
        (s, None) => match a.ask("signin.source", s, Some(0), s::WHAT_SOURCE)? {
            1 => SignInFrom::Env,
            _ => SignInFrom::Auto,
        },
    };

    let setup = mode == Mode::Setup;
    let user = if setup {
        let name = a.ask(
            "user.name",
            raw.user.name.map(|n| n.trim().to_owned()),
            None,
            s::WHAT_USER,
        )?;
        let name = checked("user.name", name.clone(), user_name_problem(&name))?;
        let display_name = raw
            .user
            .display_name
            .map(|d| d.trim().to_owned())
            .unwrap_or_else(|| name.clone());
        let display_name = checked(
            "user.display_name",
            display_name.clone(),
            display_name_problem(&display_name),
        )?;
        let comments = raw
            .user
            .comments
            .map(|c| c.trim().to_owned())
            .unwrap_or_else(|| crate::wizard::user::COMMENTS_DEFAULT.to_owned());
        let comments = checked(
            "user.comments",
            comments.clone(),
            comments_problem(&comments),
        )?;
        let use_existing = choice(
            "user.if_exists",
            raw.user.if_exists,
            &[("use", true), ("fail", false)],
        )?
        .unwrap_or(true);
        let create_missing = choice(
            "user.if_missing",
            raw.user.if_missing,
            &[("create", true), ("fail", false)],
        )?
        .unwrap_or(true);
        Some(UserAnswers {
            name,
            display_name,
            comments,
            use_existing,
            create_missing,
        })
    } else {
        None
    };

    let key = if setup {
        let default_profile = user.as_ref().map(|u| u.name.clone());
        let profile = a.ask(
            "key.profile",
            raw.key.profile.map(|p| p.trim().to_owned()),
            default_profile,
            s::WHAT_PROFILE,
        )?;
        let profile = checked(
            "key.profile",
            profile.clone(),
            (!valid_profile_name(&profile)).then_some(s::A_NOT_PROFILE),
        )?;
        Some(KeyAnswers {
            file: path(raw.key.file, home),
            profile,
            keyring: raw.key.keyring.unwrap_or(false),
            replace_profile: raw.key.replace_profile.unwrap_or(false),
            retire: raw.key.retire.map(|r| r.trim().to_owned()),
        })
    } else {
        None
    };

    let policy = if setup {
        let kind = choice(
            "policy.kind",
            raw.policy.kind,
            &[("custom", false), ("administrator", true)],
        )?;
        let administrator = a.ask("policy.kind", kind, Some(false), s::WHAT_POLICY_KIND)?;
        let name = raw
            .policy
            .name
            .map(|n| n.trim().to_owned())
            .unwrap_or_else(|| policy::DEFAULT_NAME.to_owned());
        let name = checked("policy.name", name.clone(), policy::name_problem(&name))?;
        let description = raw
            .policy
            .description
            .map(|d| d.trim().to_owned())
            .unwrap_or_else(|| policy::DEFAULT_DESCRIPTION.to_owned());
        if description.chars().count() > 1024 {
            return Err(err(
                "policy.description",
                crate::strings::POLICY_DESCRIPTION_LONG,
            ));
        }
        Some(PolicyAnswers {
            administrator,
            name,
            description,
            delete_policy_version: raw.policy.delete_policy_version.unwrap_or(false),
            update_existing: raw.policy.update_existing.unwrap_or(false),
            rotate_oldest: raw.policy.rotate_oldest.unwrap_or(false),
        })
    } else {
        None
    };

    let ccoctl = CcoctlAnswers {
        openshift_install: path(raw.ccoctl.openshift_install, home),
        oc: path(raw.ccoctl.oc, home),
        pull_secret: path(raw.ccoctl.pull_secret, home),
        dir: path(raw.ccoctl.dir, home),
    };

    let provision = if matches!(mode, Mode::Setup | Mode::Provision) {
        let p = raw.provision;
        let name = match p.name.map(|n| n.trim().to_owned()) {
            Some(n) => {
                let problems = ccoctl::check_name(&n, &[]).0;
                Some(checked(
                    "provision.name",
                    n,
                    problems.first().map(String::as_str),
                )?)
            }
            None => None,
        };
        let region_v = a.ask(
            "provision.region",
            p.region,
            Some("cn-hangzhou".to_owned()),
            s::WHAT_REGION,
        )?;
        Some(ProvisionAnswers {
            name,
            region: region("provision.region", region_v)?,
            credentials_requests_dir: path(p.credentials_requests_dir, home),
            output_dir: path(p.output_dir, home),
            install_dir: path(p.install_dir, home),
            run_again: p.run_again.unwrap_or(false),
            overwrite_manifests: p.overwrite_manifests.unwrap_or(false),
            set_manual_mode: p.set_manual_mode.unwrap_or(true),
        })
    } else {
        None
    };

    let recover = if mode == Mode::Recover {
        let r = raw.recover;
        let user = a.ask(
            "recover.user",
            r.user.map(|u| u.trim().to_owned()),
            None,
            s::WHAT_RECOVER_USER,
        )?;
        let user = checked("recover.user", user.clone(), user_name_problem(&user))?;
        let profile = match r.profile.map(|p| p.trim().to_owned()) {
            Some(p) if !valid_profile_name(&p) => {
                return Err(err(
                    "recover.profile",
                    format!("\"{p}\": {}", s::A_NOT_PROFILE),
                ));
            }
            other => other,
        };
        let old = choice(
            "recover.old_key",
            r.old_key,
            &[
                ("keep", OldKey::Keep),
                ("deactivate", OldKey::Deactivate),
                ("delete", OldKey::Delete),
            ],
        )?;
        let old_key = a.ask(
            "recover.old_key",
            old,
            Some(OldKey::Deactivate),
            s::WHAT_OLD_KEY,
        )?;
        Some(RecoverAnswers {
            user,
            key_id: r.key_id.map(|k| k.trim().to_owned()),
            profile,
            old_key,
        })
    } else {
        None
    };

    let teardown = if mode == Mode::Teardown {
        let t = raw.teardown;
        let name = a.ask(
            "teardown.name",
            t.name.map(|n| n.trim().to_owned()),
            None,
            s::WHAT_TEARDOWN_NAME,
        )?;
        let problems = ccoctl::check_name(&name, &[]).0;
        let name = checked("teardown.name", name, problems.first().map(String::as_str))?;
        let region_v = a.ask(
            "teardown.region",
            t.region,
            Some("cn-hangzhou".to_owned()),
            s::WHAT_TEARDOWN_REGION,
        )?;
        Some(TeardownAnswers {
            name,
            region: region("teardown.region", region_v)?,
            ccoctl: path(t.ccoctl, home),
        })
    } else {
        None
    };

    Ok(Answers {
        mode,
        signin: source,
        user,
        key,
        policy,
        ccoctl,
        provision,
        recover,
        teardown,
        defaulted: a.defaulted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str, yes: bool) -> Answers {
        parse(text, yes, Path::new("/home/me")).unwrap()
    }

    fn parse_err(text: &str, yes: bool) -> AnswersError {
        parse(text, yes, Path::new("/home/me")).unwrap_err()
    }

    #[test]
    fn the_example_covers_every_key_and_parses() {
        let example = include_str!("../../assets/answers.example.toml");
        let a = parse_ok(example, false);
        assert_eq!(a.mode, Mode::Setup);
        assert!(a.defaulted.is_empty());
        // Every key of the schema appears in the example (set, or commented out).
        for (table, keys) in SCHEMA {
            for k in *keys {
                let set = format!("\n{k} =");
                let commented = format!("\n# {k} =");
                assert!(
                    example.contains(&set) || example.contains(&commented),
                    "[{table}] {k} is not in the example"
                );
            }
            if !table.is_empty() {
                assert!(example.contains(&format!("[{table}]")), "[{table}] missing");
            }
        }
    }

    #[test]
    fn unknown_keys_are_named_with_a_suggestion() {
        let e = parse_err("mode = \"setup\"\n[user]\nnmae = \"okd\"\n", true);
        assert_eq!(e.key, "user.nmae");
        assert!(e.message.contains("did you mean `name`"), "{e}");
        let e = parse_err("[users]\nname = \"okd\"\n", true);
        assert_eq!(e.key, "users");
        assert!(e.message.contains("`user`"), "{e}");
    }

    #[test]
    fn missing_asked_keys_are_named_unless_yes_takes_the_default() {
        let e = parse_err("[user]\nname = \"okd\"\n", false);
        assert_eq!(e.key, "mode");
        assert!(e.message.contains("--yes"));
        let a = parse_ok("[user]\nname = \"okd\"\n", true);
        assert_eq!(a.mode, Mode::Setup);
        assert_eq!(a.signin, SignInFrom::Auto);
        assert_eq!(a.key.as_ref().unwrap().profile, "okd");
        assert!(!a.policy.as_ref().unwrap().administrator);
        assert_eq!(a.provision.as_ref().unwrap().region, "cn-hangzhou");
        assert!(a.defaulted.contains(&"key.profile".to_owned()));
        // A key with no default is missing even with --yes.
        let e = parse_err("mode = \"setup\"\n", true);
        assert_eq!(e.key, "user.name");
        assert!(e.message.contains("no default"));
        let e = parse_err("mode = \"teardown\"\n", true);
        assert_eq!(e.key, "teardown.name");
    }

    #[test]
    fn invalid_values_are_named() {
        let e = parse_err("[user]\nname = \"bad name!\"\n", true);
        assert_eq!(e.key, "user.name");
        let e = parse_err("mode = \"install\"\n", true);
        assert_eq!(e.key, "mode");
        assert!(e.message.contains("\"setup\""));
        let e = parse_err(
            "[user]\nname = \"okd\"\n[provision]\nregion = \"Hangzhou\"\n",
            true,
        );
        assert_eq!(e.key, "provision.region");
        let e = parse_err("[user]\nname = \"okd\"\n[key]\nprofile = \"a b\"\n", true);
        assert_eq!(e.key, "key.profile");
        let e = parse_err("[user]\nname = \"okd\"\n[policy]\nname = \"\"\n", true);
        assert_eq!(e.key, "policy.name");
        let e = parse_err("[user]\nname = \"okd\"\n[key]\nkeyring = \"yes\"\n", true);
        assert_eq!(e.key, "key.keyring");
        assert!(e.message.contains("true or false"), "{e}");
        let e = parse_err("mode = 1\n", true);
        assert_eq!(e.key, "mode");
        let e = parse_err("[provision]\nregion = 5\n", true);
        assert_eq!(e.key, "provision.region");
        let e = parse_err("user = \"x\"\n", true);
        assert_eq!(e.key, "user");
        let e = parse_err("[signin]\nsource = \"env\"\nprofile = \"x\"\n", true);
        assert_eq!(e.key, "signin.profile");
    }

    #[test]
    fn paths_expand_the_home_directory() {
        let a = parse_ok(
            "[user]\nname = \"okd\"\n[key]\nfile = \"~/c/credentials\"\n",
            true,
        );
        assert_eq!(
            a.key.unwrap().file,
            Some(PathBuf::from("/home/me/c/credentials"))
        );
    }

    #[test]
    fn a_profile_implies_the_profile_source() {
        let a = parse_ok(
            "[signin]\nprofile = \"admin\"\n[user]\nname = \"okd\"\n",
            true,
        );
        assert_eq!(a.signin, SignInFrom::Profile("admin".into()));
    }
}

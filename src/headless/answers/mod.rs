//! The answers file of `ramwiz apply`: TOML, one table per step. Parsing and checking only
//! (pure): every problem names the key it is about, and nothing is sent anywhere before the
//! whole file is found good.
//!
//! A key the wizard asks about ("asked" below) must be in the file, unless `--yes` takes its
//! documented default. Keys for situations that may not arise (a profile that already holds a
//! key, a policy that differs, ...) are optional and default to the safe answer.

mod raw;
mod sections;

use std::path::{Path, PathBuf};

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

/// What relative paths of the file are relative to: `~/` the home directory, anything else the
/// directory `ramwiz apply` runs in.
#[derive(Debug, Clone, Copy)]
pub struct Dirs<'a> {
    pub home: &'a Path,
    pub cwd: &'a Path,
}

/// Every key the file may hold, per table (the top level is `""`).
pub const SCHEMA: &[(&str, &[&str])] = &[
    ("", &["mode", "orphans"]),
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
        &[
            "file",
            "profile",
            "keyring",
            "replace_profile",
            "move_signed_in_to",
            "old_key",
            "retire",
        ],
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
            "detach_other",
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
    (
        "install_config",
        &["base_domain", "cluster_name", "region", "pull_secret"],
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

/// What becomes of an orphaned key (made by an interrupted run, its secret saved nowhere and
/// not recoverable from the run's files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orphans {
    Delete,
    Keep,
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
    /// When the profile holds the signed-in key: move that key to this profile first.
    pub move_signed_in_to: Option<String>,
    /// When the new key replaced an older key of the same user in the profile: what becomes of
    /// that older key once the new one works.
    pub old_key: OldKey,
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
    /// The other install policy is attached too (a switch): detach it.
    pub detach_other: bool,
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
/// The survey's answers, for an empty install dir (`openshift-install create install-config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallConfigAnswers {
    pub base_domain: String,
    pub cluster_name: String,
    pub region: String,
    /// The pull secret's file (read when the survey runs); `None`: the ccoctl step's.
    pub pull_secret: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub mode: Mode,
    pub orphans: Orphans,
    pub signin: SignInFrom,
    pub user: Option<UserAnswers>,
    pub key: Option<KeyAnswers>,
    pub policy: Option<PolicyAnswers>,
    pub ccoctl: CcoctlAnswers,
    pub provision: Option<ProvisionAnswers>,
    /// Given only when the survey may run (an empty install dir).
    pub install_config: Option<InstallConfigAnswers>,
    pub recover: Option<RecoverAnswers>,
    pub teardown: Option<TeardownAnswers>,
    /// Asked keys that were missing and took their default (`--yes`).
    pub defaulted: Vec<String>,
}

/// Parses and checks an answers file's text. `yes` takes the documented default of a missing
/// asked key; `dirs` makes every path absolute (`~/` the home, the rest the current dir). The tables are read in the order of the flow, so
/// the first problem reported is the first a run would meet.
pub fn parse(text: &str, yes: bool, dirs: &Dirs) -> Result<Answers, AnswersError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| err("(file)", e.to_string().trim().to_owned()))?;
    raw::check_keys(&table)?;
    let raw: raw::Raw = toml::from_str(text).map_err(|e| {
        let msg = e.to_string();
        err("(file)", msg.trim().to_owned())
    })?;
    let mut a = sections::Asker {
        yes,
        defaulted: Vec::new(),
    };
    let mode = sections::mode(&mut a, raw.mode)?;
    let orphans = sections::choice(
        "orphans",
        raw.orphans,
        &[("delete", Orphans::Delete), ("keep", Orphans::Keep)],
    )?
    .unwrap_or(Orphans::Delete);
    let signin = sections::signin(&mut a, raw.signin)?;
    let setup = mode == Mode::Setup;
    let user = setup
        .then(|| sections::user(&mut a, raw.user))
        .transpose()?;
    let key = setup
        .then(|| sections::key(&mut a, raw.key, dirs))
        .transpose()?;
    let policy = setup
        .then(|| sections::policy(&mut a, raw.policy))
        .transpose()?;
    let ccoctl = sections::ccoctl(raw.ccoctl, dirs);
    let provision = matches!(mode, Mode::Setup | Mode::Provision)
        .then(|| sections::provision(&mut a, raw.provision, dirs))
        .transpose()?;
    let install_config = match &provision {
        Some(p) => sections::install_config(raw.install_config, p, &ccoctl, dirs)?,
        None => None,
    };
    let recover = (mode == Mode::Recover)
        .then(|| sections::recover(&mut a, raw.recover))
        .transpose()?;
    let teardown = (mode == Mode::Teardown)
        .then(|| sections::teardown(&mut a, raw.teardown, dirs))
        .transpose()?;
    Ok(Answers {
        mode,
        orphans,
        signin,
        user,
        key,
        policy,
        ccoctl,
        provision,
        install_config,
        recover,
        teardown,
        defaulted: a.defaulted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Dirs<'static> {
        Dirs {
            home: Path::new("/home/me"),
            cwd: Path::new("/work/here"),
        }
    }

    fn parse_ok(text: &str, yes: bool) -> Answers {
        parse(text, yes, &dirs()).unwrap()
    }

    fn parse_err(text: &str, yes: bool) -> AnswersError {
        parse(text, yes, &dirs()).unwrap_err()
    }

    #[test]
    fn the_example_covers_every_key_and_parses() {
        let example = include_str!("../../../assets/answers.example.toml");
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
        assert_eq!(
            a.key.as_ref().unwrap().profile,
            "default",
            "[default], as in the TUI"
        );
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
    fn relative_paths_are_made_absolute_against_the_current_directory() {
        let a = parse_ok(
            "[user]\nname = \"okd\"\n[ccoctl]\noc = \"bin/oc\"\ndir = \".\"\n[provision]\ninstall_dir = \"../inst\"\n",
            true,
        );
        assert_eq!(a.ccoctl.oc, Some(PathBuf::from("/work/here/bin/oc")));
        assert!(a.ccoctl.dir.unwrap().is_absolute());
        assert_eq!(
            a.provision.unwrap().install_dir,
            Some(PathBuf::from("/work/here/../inst"))
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

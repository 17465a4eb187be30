//! Each table of the answers file read into what the wizard is told: asked keys present (or
//! defaulted under `--yes`), choices among their names, names, paths and regions checked as
//! the wizard would check them.

use super::raw::{
    RawCcoctl, RawInstallConfig, RawKey, RawPolicy, RawProvision, RawRecover, RawSignIn,
    RawTeardown, RawUser,
};
use super::*;

/// Resolves paths in the file, once, to absolute ones: `~/` is the home directory, and a
/// relative path is relative to the directory `ramwiz apply` runs in. No child is ever handed
/// a path that depends on its own working directory.
pub(super) fn path(v: Option<String>, dirs: &Dirs) -> Option<PathBuf> {
    v.map(|s| match s.strip_prefix("~/") {
        Some(rest) => dirs.home.join(rest),
        None if s == "~" => dirs.home.to_path_buf(),
        None => dirs.cwd.join(s),
    })
}

/// Reads asked keys: present, or the default under `--yes`, or an error naming the key.
pub(super) struct Asker {
    pub(super) yes: bool,
    pub(super) defaulted: Vec<String>,
}

impl Asker {
    pub(super) fn ask<T>(
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
                format!("{} {what} {}", s::A_MISSING(), s::A_TAKE_DEFAULT()),
            )),
            (None, None) => Err(err(
                key,
                format!("{} {what} {}", s::A_MISSING(), s::A_NO_DEFAULT()),
            )),
        }
    }
}

pub(super) fn choice<T: Copy>(
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
                format!("\"{v}\" {} {}", s::A_NOT_ONE_OF(), names.join(", ")),
            )
        })
}

pub(super) fn checked(key: &str, v: String, problem: Option<&str>) -> Result<String, AnswersError> {
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

pub(super) fn mode(a: &mut Asker, raw: Option<String>) -> Result<Mode, AnswersError> {
    let mode = choice(
        "mode",
        raw,
        &[
            ("setup", Mode::Setup),
            ("recover", Mode::Recover),
            ("provision", Mode::Provision),
            ("teardown", Mode::Teardown),
        ],
    )?;
    a.ask("mode", mode, Some(Mode::Setup), s::WHAT_MODE())
}

pub(super) fn signin(a: &mut Asker, raw: RawSignIn) -> Result<SignInFrom, AnswersError> {
    let source = choice(
        "signin.source",
        raw.source,
        &[("auto", 0u8), ("env", 1), ("profile", 2)],
    )?;
    Ok(match (source, raw.profile) {
        (Some(2) | None, Some(p)) => {
            let p = p.trim().to_owned();
            SignInFrom::Profile(checked(
                "signin.profile",
                p.clone(),
                (!valid_profile_name(&p)).then_some(s::A_NOT_PROFILE()),
            )?)
        }
        (Some(2), None) => {
            return Err(err(
                "signin.profile",
                format!("{} {}", s::A_MISSING(), s::A_WHICH_PROFILE()),
            ));
        }
        (Some(_), Some(_)) => {
            return Err(err("signin.profile", s::A_PROFILE_ONLY()));
        }
        (Some(1), None) => SignInFrom::Env,
        (s, None) => match a.ask("signin.source", s, Some(0), s::WHAT_SOURCE())? {
            1 => SignInFrom::Env,
            _ => SignInFrom::Auto,
        },
    })
}

pub(super) fn user(a: &mut Asker, raw: RawUser) -> Result<UserAnswers, AnswersError> {
    let name = a.ask(
        "user.name",
        raw.name.map(|n| n.trim().to_owned()),
        None,
        s::WHAT_USER(),
    )?;
    let name = checked("user.name", name.clone(), user_name_problem(&name))?;
    let display_name = raw
        .display_name
        .map(|d| d.trim().to_owned())
        .unwrap_or_else(|| name.clone());
    let display_name = checked(
        "user.display_name",
        display_name.clone(),
        display_name_problem(&display_name),
    )?;
    let comments = raw
        .comments
        .map(|c| c.trim().to_owned())
        .unwrap_or_else(|| crate::wizard::user::comments_default().to_owned());
    let comments = checked(
        "user.comments",
        comments.clone(),
        comments_problem(&comments),
    )?;
    let use_existing = choice(
        "user.if_exists",
        raw.if_exists,
        &[("use", true), ("fail", false)],
    )?
    .unwrap_or(true);
    let create_missing = choice(
        "user.if_missing",
        raw.if_missing,
        &[("create", true), ("fail", false)],
    )?
    .unwrap_or(true);
    Ok(UserAnswers {
        name,
        display_name,
        comments,
        use_existing,
        create_missing,
    })
}

pub(super) fn key(a: &mut Asker, raw: RawKey, dirs: &Dirs) -> Result<KeyAnswers, AnswersError> {
    // `[default]`, as in the TUI: openshift-install and ccoctl read only that profile.
    let default_profile = Some("default".to_owned());
    let profile = a.ask(
        "key.profile",
        raw.profile.map(|p| p.trim().to_owned()),
        default_profile,
        s::WHAT_PROFILE(),
    )?;
    let profile = checked(
        "key.profile",
        profile.clone(),
        (!valid_profile_name(&profile)).then_some(s::A_NOT_PROFILE()),
    )?;
    let move_signed_in_to = match raw.move_signed_in_to.map(|p| p.trim().to_owned()) {
        Some(p) if !valid_profile_name(&p) || p == profile => {
            let why = if p == profile {
                s::A_MOVE_SAME()
            } else {
                s::A_NOT_PROFILE()
            };
            return Err(err("key.move_signed_in_to", format!("\"{p}\": {why}")));
        }
        other => other,
    };
    let old_key = choice(
        "key.old_key",
        raw.old_key,
        &[
            ("keep", OldKey::Keep),
            ("deactivate", OldKey::Deactivate),
            ("delete", OldKey::Delete),
        ],
    )?
    .unwrap_or(OldKey::Deactivate);
    Ok(KeyAnswers {
        file: path(raw.file, dirs),
        profile,
        keyring: raw.keyring.unwrap_or(false),
        replace_profile: raw.replace_profile.unwrap_or(false),
        move_signed_in_to,
        old_key,
        retire: raw.retire.map(|r| r.trim().to_owned()),
    })
}

pub(super) fn policy(a: &mut Asker, raw: RawPolicy) -> Result<PolicyAnswers, AnswersError> {
    let kind = choice(
        "policy.kind",
        raw.kind,
        &[("custom", false), ("administrator", true)],
    )?;
    let administrator = a.ask("policy.kind", kind, Some(false), s::WHAT_POLICY_KIND())?;
    let name = raw
        .name
        .map(|n| n.trim().to_owned())
        .unwrap_or_else(|| policy::DEFAULT_NAME.to_owned());
    let name = checked("policy.name", name.clone(), policy::name_problem(&name))?;
    let description = raw
        .description
        .map(|d| d.trim().to_owned())
        .unwrap_or_else(|| policy::default_description().to_owned());
    if description.chars().count() > 1024 {
        return Err(err(
            "policy.description",
            crate::strings::POLICY_DESCRIPTION_LONG(),
        ));
    }
    Ok(PolicyAnswers {
        administrator,
        name,
        description,
        delete_policy_version: raw.delete_policy_version.unwrap_or(false),
        update_existing: raw.update_existing.unwrap_or(false),
        rotate_oldest: raw.rotate_oldest.unwrap_or(false),
        detach_other: raw.detach_other.unwrap_or(false),
    })
}

pub(super) fn ccoctl(raw: RawCcoctl, dirs: &Dirs) -> CcoctlAnswers {
    CcoctlAnswers {
        openshift_install: path(raw.openshift_install, dirs),
        oc: path(raw.oc, dirs),
        pull_secret: path(raw.pull_secret, dirs),
        dir: path(raw.dir, dirs),
    }
}

pub(super) fn provision(
    a: &mut Asker,
    p: RawProvision,
    dirs: &Dirs,
) -> Result<ProvisionAnswers, AnswersError> {
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
        s::WHAT_REGION(),
    )?;
    Ok(ProvisionAnswers {
        name,
        region: region("provision.region", region_v)?,
        credentials_requests_dir: path(p.credentials_requests_dir, dirs),
        output_dir: path(p.output_dir, dirs),
        install_dir: path(p.install_dir, dirs),
        run_again: p.run_again.unwrap_or(false),
        overwrite_manifests: p.overwrite_manifests.unwrap_or(false),
        set_manual_mode: p.set_manual_mode.unwrap_or(true),
    })
}

pub(super) fn recover(a: &mut Asker, r: RawRecover) -> Result<RecoverAnswers, AnswersError> {
    let user = a.ask(
        "recover.user",
        r.user.map(|u| u.trim().to_owned()),
        None,
        s::WHAT_RECOVER_USER(),
    )?;
    let user = checked("recover.user", user.clone(), user_name_problem(&user))?;
    let profile = match r.profile.map(|p| p.trim().to_owned()) {
        Some(p) if !valid_profile_name(&p) => {
            return Err(err(
                "recover.profile",
                format!("\"{p}\": {}", s::A_NOT_PROFILE()),
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
        s::WHAT_OLD_KEY(),
    )?;
    Ok(RecoverAnswers {
        user,
        key_id: r.key_id.map(|k| k.trim().to_owned()),
        profile,
        old_key,
    })
}

pub(super) fn teardown(
    a: &mut Asker,
    t: RawTeardown,
    dirs: &Dirs,
) -> Result<TeardownAnswers, AnswersError> {
    let name = a.ask(
        "teardown.name",
        t.name.map(|n| n.trim().to_owned()),
        None,
        s::WHAT_TEARDOWN_NAME(),
    )?;
    let problems = ccoctl::check_name(&name, &[]).0;
    let name = checked("teardown.name", name, problems.first().map(String::as_str))?;
    let region_v = a.ask(
        "teardown.region",
        t.region,
        Some("cn-hangzhou".to_owned()),
        s::WHAT_TEARDOWN_REGION(),
    )?;
    Ok(TeardownAnswers {
        name,
        region: region("teardown.region", region_v)?,
        ccoctl: path(t.ccoctl, dirs),
    })
}

/// `[install_config]`: the survey's answers, all or nothing (an empty install dir is then
/// given an install-config by the survey; without them, the report says how by hand).
pub(super) fn install_config(
    raw: RawInstallConfig,
    provision: &ProvisionAnswers,
    ccoctl: &CcoctlAnswers,
    dirs: &Dirs,
) -> Result<Option<InstallConfigAnswers>, AnswersError> {
    let given = raw.base_domain.is_some()
        || raw.cluster_name.is_some()
        || raw.region.is_some()
        || raw.pull_secret.is_some();
    if !given {
        return Ok(None);
    }
    let need = |key: &str, v: Option<String>| {
        v.map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| err(key, format!("{} {}", s::A_MISSING(), s::A_SURVEY_ALL())))
    };
    let base_domain = need("install_config.base_domain", raw.base_domain)?;
    let cluster_name = need("install_config.cluster_name", raw.cluster_name)?;
    let label_ok = cluster_name.len() <= 63
        && cluster_name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !cluster_name.starts_with('-')
        && !cluster_name.ends_with('-');
    let cluster_name = checked(
        "install_config.cluster_name",
        cluster_name.clone(),
        (!label_ok).then_some(s::A_NOT_DNS_LABEL()),
    )?;
    let region = match raw.region {
        Some(r) => region("install_config.region", r)?,
        None => provision.region.clone(),
    };
    let pull_secret = path(raw.pull_secret, dirs).or_else(|| ccoctl.pull_secret.clone());
    Ok(Some(InstallConfigAnswers {
        base_domain,
        cluster_name,
        region,
        pull_secret,
    }))
}

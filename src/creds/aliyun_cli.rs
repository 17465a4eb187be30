//! The aliyun CLI's `~/.aliyun/config.json` as a sign-in source: its profiles, by mode (`AK`,
//! `StsToken`, `RamRoleArn`, `ChainableRamRoleArn` through `source_profile`, with a loop guard).

use serde::Deserialize;

use super::sources::{Resolved, SourceStatus, nonempty, seconds};
use crate::cloud::{Credentials, RoleSpec};
use crate::secret::Secret;
use crate::strings;

// No `Debug`: a profile holds its AccessKey secret and STS token as read, in plain strings.
#[derive(Deserialize)]
pub(super) struct AliyunConfig {
    #[serde(default)]
    pub(super) profiles: Vec<AliyunProfile>,
}

#[derive(Deserialize)]
pub(super) struct AliyunProfile {
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) mode: String,
    #[serde(default)]
    pub(super) access_key_id: String,
    #[serde(default)]
    pub(super) access_key_secret: String,
    #[serde(default)]
    pub(super) sts_token: String,
    #[serde(default)]
    pub(super) ram_role_arn: String,
    #[serde(default)]
    pub(super) ram_session_name: String,
    #[serde(default)]
    pub(super) expired_seconds: Option<i64>,
    #[serde(default)]
    pub(super) external_id: String,
    #[serde(default)]
    pub(super) source_profile: String,
}

pub(super) fn aliyun_status(cfg: &AliyunConfig, p: &AliyunProfile) -> SourceStatus {
    match aliyun_chain(cfg, p, &mut Vec::new()) {
        Ok(_) => SourceStatus::Ready,
        Err(s) => s,
    }
}

/// Why an aliyun CLI profile cannot be signed in with: its mode, a key it lacks (it, or a
/// source in its chain), or a chain that names a missing profile or comes back to itself.
type ChainError = SourceStatus;

fn aliyun_role(p: &AliyunProfile) -> RoleSpec {
    RoleSpec {
        role_arn: p.ram_role_arn.trim().to_owned(),
        session_name: p.ram_session_name.trim().to_owned(),
        duration_secs: seconds(p.expired_seconds),
        policy: None,
        external_id: nonempty(&p.external_id),
    }
    .named_or_default()
}

/// The key and roles of an aliyun CLI profile, following `source_profile` (`seen`: the chain so
/// far, for the loop guard).
pub(super) fn aliyun_chain(
    cfg: &AliyunConfig,
    p: &AliyunProfile,
    seen: &mut Vec<String>,
) -> Result<Resolved, ChainError> {
    if seen.contains(&p.name) {
        seen.push(p.name.clone());
        return Err(SourceStatus::Broken(strings::source_chain_loop(
            seen.join(" → "),
        )));
    }
    seen.push(p.name.clone());
    let mode = p.mode.to_ascii_lowercase();
    let own_key = || {
        if p.access_key_id.is_empty() {
            return Err(SourceStatus::Incomplete("access_key_id".into()));
        }
        if p.access_key_secret.is_empty() {
            return Err(SourceStatus::Incomplete("access_key_secret".into()));
        }
        let mut c = Credentials::new(
            p.access_key_id.clone(),
            Secret::new(p.access_key_secret.clone()),
        );
        if !p.sts_token.is_empty() {
            c.security_token = Some(Secret::new(p.sts_token.clone()));
        }
        Ok(c)
    };
    let needs_role = || {
        if p.ram_role_arn.trim().is_empty() {
            Err(SourceStatus::Incomplete("ram_role_arn".into()))
        } else {
            Ok(aliyun_role(p))
        }
    };
    match mode.as_str() {
        "ak" | "ststoken" => Ok(Resolved::key(own_key()?)),
        "ramrolearn" => {
            let role = needs_role()?;
            Ok(Resolved {
                creds: own_key()?,
                roles: vec![role],
            })
        }
        "chainableramrolearn" => {
            let role = needs_role()?;
            if p.source_profile.trim().is_empty() {
                return Err(SourceStatus::Incomplete("source_profile".into()));
            }
            let source = cfg
                .profiles
                .iter()
                .find(|s| s.name == p.source_profile.trim())
                .ok_or_else(|| {
                    SourceStatus::Broken(strings::source_chain_missing(
                        p.name.as_str(),
                        p.source_profile.trim(),
                    ))
                })?;
            // A hop further up that cannot be used is named, so its profile is the one edited.
            let mut r = aliyun_chain(cfg, source, seen).map_err(|e| match e {
                SourceStatus::Broken(why) => SourceStatus::Broken(why),
                other => SourceStatus::Broken(strings::source_chain_hop(
                    source.name.as_str(),
                    other.problem().unwrap_or_default(),
                )),
            })?;
            r.roles.push(role);
            Ok(r)
        }
        _ => Err(SourceStatus::Unsupported(if p.mode.is_empty() {
            strings::SOURCE_NO_MODE().into()
        } else {
            p.mode.clone()
        })),
    }
}

/// The AccessKey ID a profile of the aliyun CLI signs with in the end (its chain's first key).
pub(super) fn aliyun_key_id(cfg: &AliyunConfig, p: &AliyunProfile) -> Option<String> {
    aliyun_chain(cfg, p, &mut Vec::new())
        .ok()
        .map(|r| r.creds.access_key_id)
        .or_else(|| (!p.access_key_id.is_empty()).then(|| p.access_key_id.clone()))
}

//! RAM roles and STS AssumeRole in the simulated cloud: CreateRole, GetRole, ListRoles,
//! DeleteRole, AttachPolicyToRole, DetachPolicyFromRole, ListPoliciesForRole, and AssumeRole,
//! which hands out a temporary key (`STS.` ID, secret, `SecurityToken`, `Expiration`) that signs
//! as the role until it expires.
//!
//! AssumeRole checks, in order: the parameters' forms (`InvalidParameter.*`), that the role
//! exists in this account (`EntityNotExist.Role`), that the caller's policies allow
//! `sts:AssumeRole` on the role's ARN (`NoPermission` with an `AccessDeniedDetail`), that the
//! role's trust policy names the caller's account or the caller (`NoPermission`, without a
//! detail), and the duration against the role's maximum. The codes are those of Alibaba's STS
//! docs; the wording of each message, and which code a trust failure gets, are UNVERIFIED.
//! `ExternalId` and trust-policy `Condition`s are accepted and not evaluated.

use serde_json::{Value, json};

use super::error::ApiErr;
use super::handlers::{Ctx, Reply, check_name, invalid, max_items, obj, too_long};
use super::policies::{Holder, attach_args, attached_list, check_attach, not_attached};
use super::policy_doc;
use super::state::{Role, RoleAttachment, StsSession, fmt_date, now};

/// Role names: 1–64 characters, letters, digits, `.` and `-` (RAM's console rule).
const MAX_ROLE_NAME: usize = 64;
/// A role's longest session, and the default and shortest one AssumeRole gives.
const MAX_SESSION_CEILING: u64 = 43_200;
const DEFAULT_MAX_SESSION: u64 = 3_600;
const MIN_DURATION: u64 = 900;
/// The session `Policy` may hold this many characters (UNVERIFIED: the STS docs' figure).
const MAX_SESSION_POLICY: usize = 1_024;
/// Trust policies may hold this many characters (UNVERIFIED, as RAM's policy documents).
const MAX_TRUST_POLICY: usize = 2_048;

fn no_role(name: &str) -> ApiErr {
    ApiErr::not_found(
        "EntityNotExist.Role",
        format!("The role does not exist: {name}."),
    )
}

fn role_json(r: &Role) -> Value {
    json!({
        "RoleId": r.role_id,
        "RoleName": r.role_name,
        "Arn": r.arn,
        "Description": r.description,
        "AssumeRolePolicyDocument": r.assume_role_policy_document,
        "MaxSessionDuration": r.max_session_duration,
        "CreateDate": r.create_date,
        "UpdateDate": r.update_date,
    })
}

pub fn create_role(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("RoleName")?.to_owned();
    check_name("RoleName", &name, MAX_ROLE_NAME, |ch| {
        ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-')
    })?;
    let trust = c.p.req("AssumeRolePolicyDocument")?.to_owned();
    if trust.chars().count() > MAX_TRUST_POLICY {
        return Err(too_long("AssumeRolePolicyDocument", 1, MAX_TRUST_POLICY));
    }
    policy_doc::validate_trust(&trust)?;
    let max_session = match c.p.opt("MaxSessionDuration") {
        None => DEFAULT_MAX_SESSION,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|s| (DEFAULT_MAX_SESSION..=MAX_SESSION_CEILING).contains(s))
            .ok_or_else(|| invalid("MaxSessionDuration"))?,
    };
    if c.st.role(&name).is_some() {
        return Err(ApiErr::conflict(
            "EntityAlreadyExists.Role",
            format!("The role already exists: {name}."),
        ));
    }
    let date = now();
    let role = Role {
        role_id: c.rng.digits(18),
        arn: format!(
            "acs:ram::{}:role/{}",
            c.st.account_id,
            name.to_ascii_lowercase()
        ),
        role_name: name,
        description: c.p.opt("Description").unwrap_or_default().to_owned(),
        assume_role_policy_document: trust,
        max_session_duration: max_session,
        create_date: date.clone(),
        update_date: date,
    };
    let out = obj(json!({ "Role": role_json(&role) }));
    c.st.roles.push(role);
    Ok(out)
}

pub fn get_role(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("RoleName")?;
    let r = c.st.role(name).ok_or_else(|| no_role(name))?;
    Ok(obj(json!({ "Role": role_json(r) })))
}

/// One page of roles; the marker is the index of the next one (opaque to clients).
pub fn list_roles(c: &mut Ctx<'_>) -> Reply {
    let max = max_items(c.p)?;
    let start = match c.p.opt("Marker") {
        None => 0,
        Some(m) => m
            .strip_prefix("role-")
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| invalid("Marker"))?,
    };
    let page: Vec<Value> =
        c.st.roles
            .iter()
            .skip(start)
            .take(max)
            .map(role_json)
            .collect();
    let next = start + page.len();
    let mut out = obj(json!({ "Roles": { "Role": page } }));
    let truncated = next < c.st.roles.len();
    out.insert("IsTruncated".to_owned(), json!(truncated));
    if truncated {
        out.insert("Marker".to_owned(), json!(format!("role-{next}")));
    }
    Ok(out)
}

pub fn delete_role(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("RoleName")?.to_owned();
    let role =
        c.st.role(&name)
            .ok_or_else(|| no_role(&name))?
            .role_name
            .clone();
    if c.st.role_attachments_of(&role).next().is_some() {
        return Err(ApiErr::conflict(
            "DeleteConflict.Role.Policy",
            format!("The role has attached policies; detach them first: {name}."),
        ));
    }
    c.st.roles.retain(|r| r.role_name != role);
    // Its sessions end with it.
    c.st.sessions.retain(|s| s.role_name != role);
    Ok(obj(json!({})))
}

/// The (type, policy, role) of Attach/Detach, the role's name as stored.
fn role_attach_args(c: &Ctx<'_>) -> Result<(String, String, String), ApiErr> {
    let (ptype, policy, role) = attach_args(c, Holder::Role)?;
    let role =
        c.st.role(&role)
            .ok_or_else(|| no_role(&role))?
            .role_name
            .clone();
    Ok((ptype, policy, role))
}

fn is_attachment(a: &RoleAttachment, ptype: &str, policy: &str, role: &str) -> bool {
    a.role_name == role && a.policy_name == policy && a.policy_type == ptype
}

pub fn attach_policy_to_role(c: &mut Ctx<'_>) -> Reply {
    let (ptype, policy, role) = role_attach_args(c)?;
    let attached =
        c.st.role_attachments_of(&role)
            .map(|a| (a.policy_name.as_str(), a.policy_type.as_str()));
    check_attach(Holder::Role, attached, &ptype, &policy)?;
    c.st.role_attachments.push(RoleAttachment {
        role_name: role,
        policy_name: policy,
        policy_type: ptype,
        attach_date: now(),
    });
    Ok(obj(json!({})))
}

pub fn detach_policy_from_role(c: &mut Ctx<'_>) -> Reply {
    let (ptype, policy, role) = role_attach_args(c)?;
    let before = c.st.role_attachments.len();
    c.st.role_attachments
        .retain(|a| !is_attachment(a, &ptype, &policy, &role));
    if c.st.role_attachments.len() == before {
        return Err(not_attached(Holder::Role, &policy));
    }
    Ok(obj(json!({})))
}

pub fn list_policies_for_role(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("RoleName")?;
    let role = c.st.role(name).ok_or_else(|| no_role(name))?;
    let attached = c.st.role_attachments_of(&role.role_name).map(|a| {
        (
            a.policy_name.as_str(),
            a.policy_type.as_str(),
            a.attach_date.as_str(),
        )
    });
    attached_list(c.st, attached)
}

/// `acs:ram::<account>:role/<name>` → (account, name).
fn parse_role_arn(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.strip_prefix("acs:ram::")?;
    let (account, name) = rest.split_once(":role/")?;
    let well_formed = !account.is_empty()
        && account.chars().all(|c| c.is_ascii_digit())
        && !name.is_empty()
        && !name.contains('/');
    well_formed.then_some((account, name))
}

pub fn assume_role(c: &mut Ctx<'_>) -> Reply {
    let arn = c.p.req("RoleArn")?.to_owned();
    let Some((account, name)) = parse_role_arn(&arn) else {
        return Err(invalid("RoleArn"));
    };
    let session = c.p.req("RoleSessionName")?.to_owned();
    let session_ok = (2..=64).contains(&session.chars().count())
        && session
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '@' | '_' | '-'));
    if !session_ok {
        return Err(invalid("RoleSessionName"));
    }
    let asked = match c.p.opt("DurationSeconds") {
        None => None,
        Some(v) => Some(v.parse::<u64>().map_err(|_| invalid("DurationSeconds"))?),
    };
    let session_policy = c.p.opt("Policy").map(str::to_owned);
    if let Some(p) = &session_policy {
        if p.chars().count() > MAX_SESSION_POLICY {
            return Err(too_long("Policy", 1, MAX_SESSION_POLICY));
        }
        policy_doc::validate(p)?;
    }
    // The account's own key assumes no role: STS refuses root callers outright (the refusal's
    // code is as Alibaba's STS FAQ gives it; its wording and its place before the role's lookup
    // are UNVERIFIED).
    if matches!(c.caller, super::auth::Caller::Owner) {
        return Err(ApiErr::new(
            403,
            "NoPermission",
            "Roles may not be assumed by root accounts. (simulated)".to_owned(),
        ));
    }
    // Another account's roles are not simulated: to this account they do not exist.
    let role = match c.st.role(name) {
        Some(r) if account == c.st.account_id => r.clone(),
        _ => return Err(no_role(&arn)),
    };
    super::auth::allowed(c.st, c.caller, "sts:AssumeRole", Some(&role.arn))?;
    let mut principals = vec![format!("acs:ram::{}:root", c.st.account_id)];
    principals.push(c.caller.principal_arn(&c.st.account_id));
    if !policy_doc::trusts(&role.assume_role_policy_document, &principals) {
        return Err(ApiErr::new(
            403,
            "NoPermission",
            format!(
                "You are not authorized to assume the role {}: its trust policy does not name you. (simulated)",
                role.arn
            ),
        ));
    }
    let duration = asked.unwrap_or(DEFAULT_MAX_SESSION.min(role.max_session_duration));
    if !(MIN_DURATION..=role.max_session_duration).contains(&duration) {
        return Err(ApiErr::bad(
            "InvalidParameter.DurationSeconds",
            format!(
                "The Min/Max value of DurationSeconds is 15min/{}s.",
                role.max_session_duration
            ),
        ));
    }
    let lifetime = c.sts.lifetime.unwrap_or(duration);
    let said_end = c.now + time::Duration::seconds(lifetime as i64);
    let real_end = match c.sts.early {
        Some(s) => c.now + time::Duration::seconds(s as i64),
        None => said_end,
    };
    let key = StsSession {
        access_key_id: format!("STS.{}", c.rng.alnum(25)),
        access_key_secret: c.rng.alnum(40),
        security_token: format!("CAIS{}", c.rng.alnum(120)),
        role_name: role.role_name.clone(),
        session_name: session.clone(),
        expiration: fmt_date(real_end),
        policy: session_policy,
    };
    let out = obj(json!({
        "AssumedRoleUser": {
            "AssumedRoleId": format!("{}:{session}", role.role_id),
            "Arn": format!("{}/{session}", role.arn),
        },
        "Credentials": {
            "AccessKeyId": key.access_key_id,
            "AccessKeySecret": key.access_key_secret,
            "SecurityToken": key.security_token,
            "Expiration": fmt_date(said_end),
        },
    }));
    // Sessions long over are forgotten (an hour after they end).
    let cutoff = c.now - time::Duration::hours(1);
    c.st.sessions.retain(|s| {
        crate::cloud::sign::parse_timestamp(&s.expiration).is_some_and(|end| end > cutoff)
    });
    c.st.sessions.push(key);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_are_read_strictly() {
        assert_eq!(
            parse_role_arn("acs:ram::1234567890123456:role/okd-admin"),
            Some(("1234567890123456", "okd-admin"))
        );
        for bad in [
            "",
            "okd-admin",
            "acs:ram::12x:role/a",
            "acs:ram::123:role/",
            "acs:ram::123:user/a",
            "acs:ram::123:role/a/b",
        ] {
            assert_eq!(parse_role_arn(bad), None, "{bad}");
        }
    }
}

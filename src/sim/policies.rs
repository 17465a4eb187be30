//! Policy actions of the simulated cloud: CreatePolicy, GetPolicy, GetPolicyVersion,
//! ListPolicies, CreatePolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion, DeletePolicy,
//! AttachPolicyToUser, DetachPolicyFromUser and ListPoliciesForUser (reference §3–5).

use serde_json::{Value, json};

use super::error::ApiErr;
use super::handlers::{Ctx, Reply, check_name, invalid, max_items, obj, policy_type, too_long};
use super::policy_doc::{self, SYSTEM_DATE};
use super::state::{Attachment, Policy, PolicyVersion, State, now};

/// Most custom policies per account, versions per policy, and policies attached per user.
pub const MAX_POLICIES: usize = 1500;
pub const MAX_VERSIONS: usize = 5;
pub const MAX_ATTACHED_CUSTOM: usize = 10;
pub const MAX_ATTACHED_SYSTEM: usize = 20;

/// A policy of either type, as the read actions show it.
pub(super) struct View {
    pub(super) name: String,
    pub(super) ptype: &'static str,
    pub(super) description: String,
    pub(super) default_version: String,
    create_date: String,
    update_date: String,
    /// (VersionId, document, CreateDate), oldest first.
    versions: Vec<(String, String, String)>,
}

pub(super) fn view(st: &State, name: &str, ptype: &str) -> Result<View, ApiErr> {
    if ptype == "System" {
        let p = policy_doc::system_policy(name).ok_or_else(|| ApiErr::no_policy(name))?;
        return Ok(View {
            name: p.name.to_owned(),
            ptype: "System",
            description: p.description.to_owned(),
            default_version: "v1".to_owned(),
            create_date: SYSTEM_DATE.to_owned(),
            update_date: SYSTEM_DATE.to_owned(),
            versions: vec![(
                "v1".to_owned(),
                p.document.to_owned(),
                SYSTEM_DATE.to_owned(),
            )],
        });
    }
    let p = st.policy(name).ok_or_else(|| ApiErr::no_policy(name))?;
    Ok(View {
        name: p.policy_name.clone(),
        ptype: "Custom",
        description: p.description.clone(),
        default_version: p.default_version.clone(),
        create_date: p.create_date.clone(),
        update_date: p.update_date.clone(),
        versions: p
            .versions
            .iter()
            .map(|v| {
                (
                    v.version_id.clone(),
                    v.document.clone(),
                    v.create_date.clone(),
                )
            })
            .collect(),
    })
}

fn version_json(id: &str, doc: &str, date: &str, default: &str) -> Value {
    json!({"VersionId": id, "IsDefaultVersion": id == default, "PolicyDocument": doc, "CreateDate": date})
}

fn custom<'a>(c: &'a mut Ctx<'_>, name: &str) -> Result<&'a mut Policy, ApiErr> {
    c.st.policy_mut(name).ok_or_else(|| ApiErr::no_policy(name))
}

fn document<'a>(c: &'a Ctx<'_>) -> Result<&'a str, ApiErr> {
    let doc = c.p.req("PolicyDocument")?;
    policy_doc::validate(doc)?;
    Ok(doc)
}

pub fn create_policy(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("PolicyName")?;
    check_name("PolicyName", name, 128, |ch| {
        ch.is_ascii_alphanumeric() || ch == '-'
    })?;
    let description = c.p.opt("Description").unwrap_or("");
    if description.chars().count() > 1024 {
        return Err(too_long("Description", 1, 1024));
    }
    let doc = document(c)?;
    if c.st.policy(name).is_some() {
        return Err(ApiErr::conflict(
            "EntityAlreadyExists.Policy",
            format!("The policy already exists: {name}."),
        ));
    }
    if c.st.policies.len() >= MAX_POLICIES {
        return Err(ApiErr::conflict(
            "LimitExceeded.Policy",
            format!("The count of policies is beyond the current limit ({MAX_POLICIES})."),
        ));
    }
    let date = now();
    c.st.policies.push(Policy {
        policy_name: name.to_owned(),
        description: description.to_owned(),
        versions: vec![PolicyVersion {
            version_id: "v1".to_owned(),
            document: doc.to_owned(),
            create_date: date.clone(),
        }],
        default_version: "v1".to_owned(),
        next_version: 2,
        create_date: date.clone(),
        update_date: date.clone(),
    });
    Ok(obj(json!({ "Policy": {
        "PolicyName": name, "PolicyType": "Custom", "Description": description,
        "DefaultVersion": "v1", "CreateDate": date,
    }})))
}

pub fn get_policy(c: &mut Ctx<'_>) -> Reply {
    let ptype = policy_type(c.p)?;
    let v = view(c.st, c.p.req("PolicyName")?, ptype)?;
    let count = attachment_count(c.st, &v);
    let (id, doc, date) = v
        .versions
        .iter()
        .find(|(id, _, _)| *id == v.default_version)
        .cloned()
        .unwrap_or_default();
    Ok(obj(json!({
        "Policy": {
            "PolicyName": v.name, "PolicyType": v.ptype, "Description": v.description,
            "DefaultVersion": v.default_version, "CreateDate": v.create_date,
            "UpdateDate": v.update_date, "AttachmentCount": count, "PolicyDocument": doc,
        },
        "DefaultPolicyVersion": version_json(&id, &doc, &date, &v.default_version),
    })))
}

pub fn create_policy_version(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("PolicyName")?.to_owned();
    let doc = document(c)?.to_owned();
    let set_default = c.p.bool("SetAsDefault")?.unwrap_or(false);
    let rotate = match c.p.opt("RotateStrategy").unwrap_or("None") {
        "None" => false,
        "DeleteOldestNonDefaultVersionWhenLimitExceeded" => true,
        _ => return Err(invalid("RotateStrategy")),
    };
    let p = custom(c, &name)?;
    if p.versions.len() >= MAX_VERSIONS {
        let oldest = p
            .versions
            .iter()
            .position(|v| v.version_id != p.default_version);
        match (rotate, oldest) {
            (true, Some(i)) => {
                p.versions.remove(i);
            }
            _ => {
                return Err(ApiErr::conflict(
                    "LimitExceeded.Policy.Version",
                    format!(
                        "The count of versions of the policy is beyond the limit ({MAX_VERSIONS})."
                    ),
                ));
            }
        }
    }
    let date = now();
    let id = format!("v{}", p.next_version);
    p.next_version += 1;
    p.versions.push(PolicyVersion {
        version_id: id.clone(),
        document: doc.clone(),
        create_date: date.clone(),
    });
    if set_default {
        p.default_version = id.clone();
    }
    p.update_date = date.clone();
    let out = version_json(&id, &doc, &date, &p.default_version);
    Ok(obj(json!({ "PolicyVersion": out })))
}

pub fn list_policy_versions(c: &mut Ctx<'_>) -> Reply {
    let ptype = policy_type(c.p)?;
    let v = view(c.st, c.p.req("PolicyName")?, ptype)?;
    let list: Vec<Value> = v
        .versions
        .iter()
        .map(|(id, doc, date)| version_json(id, doc, date, &v.default_version))
        .collect();
    Ok(obj(json!({ "PolicyVersions": { "PolicyVersion": list } })))
}

/// One version of a policy of either type.
pub fn get_policy_version(c: &mut Ctx<'_>) -> Reply {
    let ptype = policy_type(c.p)?;
    let v = view(c.st, c.p.req("PolicyName")?, ptype)?;
    let id = c.p.req("VersionId")?;
    let (id, doc, date) = v
        .versions
        .iter()
        .find(|(vid, _, _)| vid == id)
        .ok_or_else(|| no_version(id))?;
    let out = version_json(id, doc, date, &v.default_version);
    Ok(obj(json!({ "PolicyVersion": out })))
}

const POLICIES_MARKER: &str = "ramwiz-sim-policies:";

/// The order of ListPolicies: system policies (in the catalogue's order), then custom ones by
/// name. The real order is UNVERIFIED; a Marker names the first policy of the next page, so a
/// policy created or deleted between pages shifts nothing already seen.
fn list_key(ptype: &str, name: &str) -> (u8, usize, String) {
    match ptype {
        "System" => {
            let at = policy_doc::SYSTEM_POLICIES
                .iter()
                .position(|p| p.name == name)
                .unwrap_or(usize::MAX);
            (0, at, String::new())
        }
        _ => (1, 0, name.to_owned()),
    }
}

fn encode_policies_marker(ptype: &str, name: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("{POLICIES_MARKER}{ptype}:{name}"))
}

fn decode_policies_marker(m: &str) -> Option<(String, String)> {
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD.decode(m).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (ptype, name) = text.strip_prefix(POLICIES_MARKER)?.split_once(':')?;
    matches!(ptype, "System" | "Custom").then(|| (ptype.to_owned(), name.to_owned()))
}

/// ListPolicies: `PolicyType` (`System`, `Custom`, or both when absent), paged by `Marker` and
/// `MaxItems` (1–1000, default 100) as ListUsers is.
pub fn list_policies(c: &mut Ctx<'_>) -> Reply {
    let wanted = match c.p.opt("PolicyType") {
        None => None,
        Some(t @ ("System" | "Custom")) => Some(t),
        Some(_) => return Err(invalid("PolicyType")),
    };
    let max = max_items(c.p)?;
    let from = match c.p.opt("Marker") {
        None => None,
        Some(m) => Some(decode_policies_marker(m).ok_or_else(|| invalid("Marker"))?),
    };
    let mut all: Vec<(&'static str, String)> = Vec::new();
    if wanted != Some("Custom") {
        all.extend(
            policy_doc::SYSTEM_POLICIES
                .iter()
                .map(|p| ("System", p.name.to_owned())),
        );
    }
    if wanted != Some("System") {
        let mut names: Vec<String> =
            c.st.policies
                .iter()
                .map(|p| p.policy_name.clone())
                .collect();
        names.sort();
        all.extend(names.into_iter().map(|n| ("Custom", n)));
    }
    let start = from.map_or(0, |(t, n)| {
        let key = list_key(&t, &n);
        all.iter()
            .position(|(pt, pn)| list_key(pt, pn) >= key)
            .unwrap_or(all.len())
    });
    let mut rest = all.iter().skip(start);
    let page: Vec<Value> = rest
        .by_ref()
        .take(max)
        .filter_map(|(ptype, name)| {
            let v = view(c.st, name, ptype).ok()?;
            Some(json!({
                "PolicyName": v.name, "PolicyType": v.ptype, "Description": v.description,
                "DefaultVersion": v.default_version, "CreateDate": v.create_date,
                "UpdateDate": v.update_date, "AttachmentCount": attachment_count(c.st, &v),
            }))
        })
        .collect();
    let mut out = obj(json!({ "Policies": { "Policy": page } }));
    match rest.next() {
        Some((ptype, name)) => {
            out.insert("IsTruncated".to_owned(), json!(true));
            out.insert(
                "Marker".to_owned(),
                json!(encode_policies_marker(ptype, name)),
            );
        }
        None => {
            out.insert("IsTruncated".to_owned(), json!(false));
        }
    }
    Ok(out)
}

fn attachment_count(st: &State, v: &View) -> usize {
    st.attachments
        .iter()
        .filter(|a| a.policy_name == v.name && a.policy_type == v.ptype)
        .count()
}

fn no_version(id: &str) -> ApiErr {
    ApiErr::not_found(
        "EntityNotExist.Policy.Version",
        format!("The policy version does not exist: {id}."),
    )
}

pub fn delete_policy_version(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("PolicyName")?.to_owned();
    let id = c.p.req("VersionId")?.to_owned();
    let p = custom(c, &name)?;
    p.version(&id).ok_or_else(|| no_version(&id))?;
    if p.default_version == id {
        return Err(ApiErr::conflict(
            "DeleteConflict.Policy.Version.Default",
            "The default version of a policy cannot be deleted.",
        ));
    }
    p.versions.retain(|v| v.version_id != id);
    p.update_date = now();
    Ok(obj(json!({})))
}

pub fn set_default_policy_version(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("PolicyName")?.to_owned();
    let id = c.p.req("VersionId")?.to_owned();
    let p = custom(c, &name)?;
    p.version(&id).ok_or_else(|| no_version(&id))?;
    p.default_version = id;
    p.update_date = now();
    Ok(obj(json!({})))
}

pub fn delete_policy(c: &mut Ctx<'_>) -> Reply {
    let name = c.p.req("PolicyName")?.to_owned();
    let cascade = c.p.bool("CascadingDelete")?.unwrap_or(false);
    let p = c.st.policy(&name).ok_or_else(|| ApiErr::no_policy(&name))?;
    let attached =
        c.st.attachments
            .iter()
            .any(|a| a.policy_name == name && a.policy_type == "Custom");
    if attached {
        return Err(ApiErr::conflict(
            "DeleteConflict.Policy.User",
            format!("The policy is attached to users; detach it first: {name}."),
        ));
    }
    // The code for a policy still attached to a role is UNVERIFIED (by analogy with users').
    if c.st
        .role_attachments
        .iter()
        .any(|a| a.policy_name == name && a.policy_type == "Custom")
    {
        return Err(ApiErr::conflict(
            "DeleteConflict.Policy.Role",
            format!("The policy is attached to roles; detach it first: {name}."),
        ));
    }
    if p.versions.len() > 1 && !cascade {
        return Err(ApiErr::conflict(
            "DeleteConflict.Policy.Version",
            format!("The policy has non-default versions; delete them first: {name}."),
        ));
    }
    c.st.policies.retain(|p| p.policy_name != name);
    Ok(obj(json!({})))
}

/// Who holds an attachment, as error codes and messages name it.
#[derive(Clone, Copy)]
pub(super) enum Holder {
    User,
    Role,
}

impl Holder {
    fn code(self) -> &'static str {
        match self {
            Holder::User => "User",
            Holder::Role => "Role",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Holder::User => "user",
            Holder::Role => "role",
        }
    }

    /// The request parameter naming the holder.
    fn param(self) -> &'static str {
        match self {
            Holder::User => "UserName",
            Holder::Role => "RoleName",
        }
    }
}

/// The (type, policy, holder name) an Attach/Detach names, once the policy exists. The caller
/// checks that the holder does.
pub(super) fn attach_args(c: &Ctx<'_>, holder: Holder) -> Result<(String, String, String), ApiErr> {
    let ptype = policy_type(c.p)?.to_owned();
    let policy = c.p.req("PolicyName")?.to_owned();
    let name = c.p.req(holder.param())?.to_owned();
    if c.p.opt("ResourceGroupId").is_some() {
        // An attachment scoped to a resource group is not modelled; taking it as account-wide
        // would grant more than was asked, so it is refused.
        return Err(ApiErr::bad(
            "InvalidParameter.ResourceGroupId",
            "The parameter \"ResourceGroupId\" is not valid. (simulated: resource-group scoped attachments are not simulated)",
        ));
    }
    view(c.st, &policy, &ptype)?;
    Ok((ptype, policy, name))
}

/// Refuses an attachment the holder already has, or one past the limit for its type;
/// `attached` is the holder's (policy name, policy type) pairs.
pub(super) fn check_attach<'a>(
    holder: Holder,
    attached: impl Iterator<Item = (&'a str, &'a str)>,
    ptype: &str,
    policy: &str,
) -> Result<(), ApiErr> {
    let mut same_type = 0;
    for (name, t) in attached {
        if name == policy && t == ptype {
            return Err(ApiErr::conflict(
                &format!("EntityAlreadyExists.{}.Policy", holder.code()),
                format!(
                    "The policy is already attached to the {}: {policy}.",
                    holder.word()
                ),
            ));
        }
        same_type += usize::from(t == ptype);
    }
    let limit = if ptype == "System" {
        MAX_ATTACHED_SYSTEM
    } else {
        MAX_ATTACHED_CUSTOM
    };
    if same_type >= limit {
        return Err(ApiErr::conflict(
            &format!("LimitExceeded.{}.Policy", holder.code()),
            format!(
                "The count of {ptype} policies attached to the {} is beyond the limit ({limit}).",
                holder.word()
            ),
        ));
    }
    Ok(())
}

/// What a Detach of a policy the holder does not have gets.
pub(super) fn not_attached(holder: Holder, policy: &str) -> ApiErr {
    ApiErr::not_found(
        &format!("EntityNotExist.{}.Policy", holder.code()),
        format!(
            "The policy is not attached to the {}: {policy}.",
            holder.word()
        ),
    )
}

/// ListPoliciesFor*'s answer from the holder's (policy name, policy type, attach date).
pub(super) fn attached_list<'a>(
    st: &State,
    attached: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> Reply {
    let list: Vec<Value> = attached
        .filter_map(|(name, ptype, date)| {
            let v = view(st, name, ptype).ok()?;
            Some(json!({
                "PolicyName": v.name, "PolicyType": v.ptype, "Description": v.description,
                "DefaultVersion": v.default_version, "AttachDate": date,
            }))
        })
        .collect();
    Ok(obj(json!({ "Policies": { "Policy": list } })))
}

fn is_attachment(a: &Attachment, ptype: &str, policy: &str, user: &str) -> bool {
    a.user_name == user && a.policy_name == policy && a.policy_type == ptype
}

pub fn attach_policy_to_user(c: &mut Ctx<'_>) -> Reply {
    let (ptype, policy, user) = attach_args(c, Holder::User)?;
    c.st.user(&user).ok_or_else(|| ApiErr::no_user(&user))?;
    let attached =
        c.st.attachments_of(&user)
            .map(|a| (a.policy_name.as_str(), a.policy_type.as_str()));
    check_attach(Holder::User, attached, &ptype, &policy)?;
    c.st.attachments.push(Attachment {
        user_name: user,
        policy_name: policy,
        policy_type: ptype,
        attach_date: now(),
    });
    Ok(obj(json!({})))
}

pub fn detach_policy_from_user(c: &mut Ctx<'_>) -> Reply {
    let (ptype, policy, user) = attach_args(c, Holder::User)?;
    c.st.user(&user).ok_or_else(|| ApiErr::no_user(&user))?;
    let before = c.st.attachments.len();
    c.st.attachments
        .retain(|a| !is_attachment(a, &ptype, &policy, &user));
    if c.st.attachments.len() == before {
        return Err(not_attached(Holder::User, &policy));
    }
    Ok(obj(json!({})))
}

pub fn list_policies_for_user(c: &mut Ctx<'_>) -> Reply {
    let user = c.p.req("UserName")?;
    c.st.user(user).ok_or_else(|| ApiErr::no_user(user))?;
    let attached = c.st.attachments_of(user).map(|a| {
        (
            a.policy_name.as_str(),
            a.policy_type.as_str(),
            a.attach_date.as_str(),
        )
    });
    attached_list(c.st, attached)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sim::auth::Caller;
    use crate::sim::handlers::Params;
    use crate::sim::state::Rng;

    #[test]
    fn custom_policy_quota_is_1500() {
        let mut rng = Rng::new(3);
        let mut st = State::new(&mut rng);
        let doc = policy_doc::SYSTEM_POLICIES[0].document;
        let mut create = |st: &mut State, name: &str| {
            let p = Params::from_query(&format!(
                "PolicyName={name}&PolicyDocument={}",
                crate::cloud::sign::percent_encode(doc)
            ));
            let mut ctx = Ctx {
                st,
                rng: &mut rng,
                caller: &Caller::Owner,
                p: &p,
                now: time::OffsetDateTime::now_utc(),
                sts: Default::default(),
            };
            create_policy(&mut ctx)
        };
        create(&mut st, "p0").unwrap();
        let template = st.policies[0].clone();
        for i in 1..MAX_POLICIES {
            let mut p = template.clone();
            p.policy_name = format!("p{i}");
            st.policies.push(p);
        }
        let e = create(&mut st, "one-more").unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("LimitExceeded.Policy", 409));
    }
}

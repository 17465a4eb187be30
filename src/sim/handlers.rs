//! Request parameters and action dispatch of the simulated cloud: the [`Params`] bag, the table
//! of RAM actions (name, whether it changes state, its handler), STS GetCallerIdentity, and the
//! validators shared by the user and policy handlers.
//!
//! Handlers are pure functions over the state: they return the success JSON (without
//! `RequestId`, which the HTTP layer adds) or an [`ApiErr`].

use serde_json::{Map, Value, json};

use super::auth::Caller;
use super::error::ApiErr;
use super::state::{Rng, State};
use super::{policies, roles, users};

/// The request's parameters (query string plus form body), in arrival order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses `a=b&c=d` (form-urlencoded: `%XY` and `+` decoded).
    pub fn from_query(q: &str) -> Self {
        let mut p = Self::default();
        p.extend_form(q.as_bytes());
        p
    }

    pub fn extend_form(&mut self, raw: &[u8]) {
        self.0.extend(
            url::form_urlencoded::parse(raw).map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
    }

    /// Sets `name` to `value`, replacing what was sent under that name.
    pub fn set(&mut self, name: &str, value: &str) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_owned(), value.to_owned()));
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The first value of `name`, as sent (possibly empty).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A value that was sent and is not empty.
    pub fn opt(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// A required value: missing or empty gives `MissingParameter`.
    pub fn req(&self, name: &str) -> Result<&str, ApiErr> {
        self.opt(name).ok_or_else(|| ApiErr::missing(name))
    }

    /// An optional boolean (`true`/`false`, any case).
    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiErr> {
        match self.opt(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(invalid(name)),
        }
    }
}

/// `InvalidParameter.<Name>` for a value outside its allowed set.
pub fn invalid(name: &str) -> ApiErr {
    ApiErr::bad(
        &format!("InvalidParameter.{name}"),
        format!("The parameter \"{name}\" is not valid."),
    )
}

/// `InvalidParameter.<Name>.Length`.
pub fn too_long(name: &str, min: usize, max: usize) -> ApiErr {
    ApiErr::bad(
        &format!("InvalidParameter.{name}.Length"),
        format!("The length of the parameter \"{name}\" must be between {min} and {max}."),
    )
}

/// Checks length (in characters) and then the character set of a name.
pub fn check_name(
    param: &str,
    value: &str,
    max: usize,
    allowed: impl Fn(char) -> bool,
) -> Result<(), ApiErr> {
    if value.chars().count() > max {
        return Err(too_long(param, 1, max));
    }
    if !value.chars().all(allowed) {
        return Err(ApiErr::bad(
            &format!("InvalidParameter.{param}.InvalidChars"),
            format!("The parameter \"{param}\" contains invalid characters."),
        ));
    }
    Ok(())
}

/// `System` or `Custom`, else `InvalidParameter.PolicyType`.
pub fn policy_type(p: &Params) -> Result<&str, ApiErr> {
    match p.req("PolicyType")? {
        t @ ("System" | "Custom") => Ok(t),
        _ => Err(invalid("PolicyType")),
    }
}

/// A list action's `MaxItems`: 1–1000, 100 when absent (reference §3), else
/// `InvalidParameter.MaxItems`.
pub fn max_items(p: &Params) -> Result<usize, ApiErr> {
    match p.opt("MaxItems") {
        None => Ok(100),
        Some(v) => match v.parse::<usize>() {
            Ok(n @ 1..=1000) => Ok(n),
            _ => Err(invalid("MaxItems")),
        },
    }
}

/// What a handler sees.
pub struct Ctx<'a> {
    pub st: &'a mut State,
    pub rng: &'a mut Rng,
    pub caller: &'a Caller,
    pub p: &'a Params,
    /// The server's clock (the `skew` fault included): what it stamps on what it makes.
    pub now: time::OffsetDateTime,
    /// How long the STS sessions it hands out live (the `sts_*` faults).
    pub sts: super::faults::StsTimes,
}

pub type Reply = Result<Map<String, Value>, ApiErr>;

/// A request parameter an action reads, as named in the official SDKs' request models
/// (`alibabacloud-ram20150501` 1.3.0, `@alicloud/ram20150501` 1.2.1); whether it is required is
/// from reference §3. `Tag` stands for the `Tag.N.Key` / `Tag.N.Value` pairs the SDKs send for
/// their `Tag` list, which the simulation accepts and ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub required: bool,
}

const fn r(name: &'static str) -> Param {
    Param {
        name,
        required: true,
    }
}

const fn o(name: &'static str) -> Param {
    Param {
        name,
        required: false,
    }
}

/// One RAM action.
pub struct Handler {
    pub name: &'static str,
    /// Changes the state (so the state file is written after it succeeds).
    pub mutates: bool,
    /// The parameters it reads. A required one missing or empty answers `MissingParameter` with
    /// its name before the action runs; any parameter not listed is ignored, as Alibaba does.
    pub params: &'static [Param],
    pub run: fn(&mut Ctx<'_>) -> Reply,
}

const fn h(
    name: &'static str,
    mutates: bool,
    params: &'static [Param],
    run: fn(&mut Ctx<'_>) -> Reply,
) -> Handler {
    Handler {
        name,
        mutates,
        params,
        run,
    }
}

const USER: &[Param] = &[r("UserName")];
const POLICY_OF_TYPE: &[Param] = &[r("PolicyName"), r("PolicyType")];
const POLICY_VERSION: &[Param] = &[r("PolicyName"), r("VersionId")];
const ATTACHMENT: &[Param] = &[
    r("PolicyType"),
    r("PolicyName"),
    r("UserName"),
    o("ResourceGroupId"),
];
const PAGE: &[Param] = &[o("Marker"), o("MaxItems")];
const ROLE: &[Param] = &[r("RoleName")];
const ROLE_ATTACHMENT: &[Param] = &[
    r("PolicyType"),
    r("PolicyName"),
    r("RoleName"),
    o("ResourceGroupId"),
];

pub const RAM_ACTIONS: &[Handler] = &[
    h(
        "CreateUser",
        true,
        &[
            r("UserName"),
            o("DisplayName"),
            o("MobilePhone"),
            o("Email"),
            o("Comments"),
        ],
        users::create_user,
    ),
    h("GetUser", false, USER, users::get_user),
    h("ListUsers", false, PAGE, users::list_users),
    h("DeleteUser", true, USER, users::delete_user),
    h(
        "CreateAccessKey",
        true,
        &[o("UserName")],
        users::create_access_key,
    ),
    h(
        "ListAccessKeys",
        false,
        &[o("UserName")],
        users::list_access_keys,
    ),
    h(
        "UpdateAccessKey",
        true,
        &[r("UserAccessKeyId"), r("Status"), o("UserName")],
        users::update_access_key,
    ),
    h(
        "DeleteAccessKey",
        true,
        &[r("UserAccessKeyId"), o("UserName")],
        users::delete_access_key,
    ),
    h(
        "GetAccessKeyLastUsed",
        false,
        &[r("UserAccessKeyId"), o("UserName")],
        users::get_access_key_last_used,
    ),
    h(
        "CreatePolicy",
        true,
        &[
            r("PolicyName"),
            r("PolicyDocument"),
            o("Description"),
            o("Tag"),
        ],
        policies::create_policy,
    ),
    h("GetPolicy", false, POLICY_OF_TYPE, policies::get_policy),
    h(
        "GetPolicyVersion",
        false,
        &[r("PolicyName"), r("PolicyType"), r("VersionId")],
        policies::get_policy_version,
    ),
    h(
        "ListPolicies",
        false,
        &[o("PolicyType"), o("Marker"), o("MaxItems"), o("Tag")],
        policies::list_policies,
    ),
    h(
        "CreatePolicyVersion",
        true,
        &[
            r("PolicyName"),
            r("PolicyDocument"),
            o("SetAsDefault"),
            o("RotateStrategy"),
        ],
        policies::create_policy_version,
    ),
    h(
        "ListPolicyVersions",
        false,
        POLICY_OF_TYPE,
        policies::list_policy_versions,
    ),
    h(
        "DeletePolicyVersion",
        true,
        POLICY_VERSION,
        policies::delete_policy_version,
    ),
    h(
        "SetDefaultPolicyVersion",
        true,
        POLICY_VERSION,
        policies::set_default_policy_version,
    ),
    h(
        "DeletePolicy",
        true,
        &[r("PolicyName"), o("CascadingDelete")],
        policies::delete_policy,
    ),
    h(
        "AttachPolicyToUser",
        true,
        ATTACHMENT,
        policies::attach_policy_to_user,
    ),
    h(
        "DetachPolicyFromUser",
        true,
        ATTACHMENT,
        policies::detach_policy_from_user,
    ),
    h(
        "ListPoliciesForUser",
        false,
        USER,
        policies::list_policies_for_user,
    ),
    h(
        "CreateRole",
        true,
        &[
            r("RoleName"),
            r("AssumeRolePolicyDocument"),
            o("Description"),
            o("MaxSessionDuration"),
            o("Tag"),
        ],
        roles::create_role,
    ),
    h("GetRole", false, ROLE, roles::get_role),
    h(
        "ListRoles",
        false,
        &[o("Marker"), o("MaxItems"), o("Tag")],
        roles::list_roles,
    ),
    h("DeleteRole", true, ROLE, roles::delete_role),
    h(
        "AttachPolicyToRole",
        true,
        ROLE_ATTACHMENT,
        roles::attach_policy_to_role,
    ),
    h(
        "DetachPolicyFromRole",
        true,
        ROLE_ATTACHMENT,
        roles::detach_policy_from_role,
    ),
    h(
        "ListPoliciesForRole",
        false,
        ROLE,
        roles::list_policies_for_role,
    ),
];

/// The STS actions besides GetCallerIdentity (which needs no permission and changes nothing).
/// Each checks its own permission: AssumeRole's depends on the role asked for.
pub const STS_ACTIONS: &[Handler] = &[h(
    "AssumeRole",
    true,
    &[
        r("RoleArn"),
        r("RoleSessionName"),
        o("DurationSeconds"),
        o("Policy"),
        o("ExternalId"),
        o("SourceIdentity"),
    ],
    roles::assume_role,
)];

pub fn sts_action(name: &str) -> Option<&'static Handler> {
    STS_ACTIONS.iter().find(|h| h.name == name)
}

/// `MissingParameter` for the first required parameter of `handler` that is missing or empty.
pub fn check_required(handler: &Handler, p: &Params) -> Result<(), ApiErr> {
    for param in handler.params.iter().filter(|param| param.required) {
        p.req(param.name)?;
    }
    Ok(())
}

/// Every action the simulated cloud serves, with the parameters it reads, as JSON (for the
/// tests that compare them with the official SDKs' request models).
pub fn served_actions() -> Value {
    let mut list: Vec<Value> = RAM_ACTIONS
        .iter()
        .map(|a| {
            let params: Vec<Value> = a
                .params
                .iter()
                .map(|p| json!({"name": p.name, "required": p.required}))
                .collect();
            json!({"service": "Ram", "version": crate::cloud::Service::Ram.version(),
                   "action": a.name, "params": params})
        })
        .collect();
    list.push(
        json!({"service": "Sts", "version": crate::cloud::Service::Sts.version(),
                     "action": "GetCallerIdentity", "params": []}),
    );
    for a in STS_ACTIONS {
        let params: Vec<Value> = a
            .params
            .iter()
            .map(|p| json!({"name": p.name, "required": p.required}))
            .collect();
        list.push(
            json!({"service": "Sts", "version": crate::cloud::Service::Sts.version(),
                         "action": a.name, "params": params}),
        );
    }
    Value::Array(list)
}

pub fn ram_action(name: &str) -> Option<&'static Handler> {
    RAM_ACTIONS.iter().find(|h| h.name == name)
}

/// A JSON object literal as a reply.
pub fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// STS GetCallerIdentity: needs no permission.
pub fn get_caller_identity(st: &State, caller: &Caller) -> Map<String, Value> {
    let acct = &st.account_id;
    match caller {
        Caller::Owner => obj(json!({
            "AccountId": acct,
            "IdentityType": "Account",
            "PrincipalId": acct,
            "Arn": format!("acs:ram::{acct}:root"),
        })),
        Caller::User { user_name, user_id } => obj(json!({
            "AccountId": acct,
            "UserId": user_id,
            "IdentityType": "RAMUser",
            "PrincipalId": user_id,
            "Arn": format!("acs:ram::{acct}:user/{user_name}"),
        })),
        // As Alibaba's GetCallerIdentity documents a role session: an `assumed-role` ARN and
        // `RoleId:session` as its principal.
        Caller::Role {
            role_name,
            role_id,
            session_name,
            ..
        } => obj(json!({
            "AccountId": acct,
            "RoleId": role_id,
            "IdentityType": "AssumedRoleUser",
            "PrincipalId": format!("{role_id}:{session_name}"),
            "Arn": format!(
                "acs:ram::{acct}:assumed-role/{}/{session_name}",
                role_name.to_ascii_lowercase()
            ),
        })),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn params_decode_and_distinguish_empty() {
        let p = Params::from_query("A=1&B=&C=a%20b%2Bc&D=x+y");
        assert_eq!(p.get("A"), Some("1"));
        assert_eq!(p.get("B"), Some(""));
        assert_eq!(p.opt("B"), None);
        assert_eq!(p.req("B").unwrap_err().code, "MissingParameter");
        assert_eq!(p.get("C"), Some("a b+c"));
        assert_eq!(p.get("D"), Some("x y"));
        assert_eq!(
            Params::from_query("X=yes").bool("X").unwrap_err().code,
            "InvalidParameter.X"
        );
    }

    #[test]
    fn action_names_are_unique() {
        for (i, a) in RAM_ACTIONS.iter().enumerate() {
            assert!(RAM_ACTIONS[i + 1..].iter().all(|b| b.name != a.name));
        }
        assert!(ram_action("ListUsers").is_some_and(|h| !h.mutates));
        assert!(ram_action("GetCallerIdentity").is_none());
        for a in RAM_ACTIONS {
            for (i, p) in a.params.iter().enumerate() {
                assert!(
                    a.params[i + 1..].iter().all(|q| q.name != p.name),
                    "{}",
                    a.name
                );
            }
        }
    }

    #[test]
    fn a_missing_required_parameter_is_named() {
        let get = ram_action("GetPolicyVersion").unwrap();
        let p = Params::from_query("PolicyName=p&PolicyType=Custom&VersionId=&Extra=1");
        let e = check_required(get, &p).unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("MissingParameter", 400));
        assert!(e.message.contains("\"VersionId\""), "{}", e.message);
        let p = Params::from_query("PolicyName=p&PolicyType=Custom&VersionId=v1&Extra=1");
        assert!(
            check_required(get, &p).is_ok(),
            "an unknown parameter is ignored"
        );
    }
}

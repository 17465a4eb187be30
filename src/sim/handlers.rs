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
use super::{policies, users};

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

/// What a handler sees.
pub struct Ctx<'a> {
    pub st: &'a mut State,
    pub rng: &'a mut Rng,
    pub caller: &'a Caller,
    pub p: &'a Params,
    /// The server's clock (the `skew` fault included): what it stamps on what it makes.
    pub now: time::OffsetDateTime,
}

pub type Reply = Result<Map<String, Value>, ApiErr>;

/// One RAM action.
pub struct Handler {
    pub name: &'static str,
    /// Changes the state (so the state file is written after it succeeds).
    pub mutates: bool,
    pub run: fn(&mut Ctx<'_>) -> Reply,
}

const fn h(name: &'static str, mutates: bool, run: fn(&mut Ctx<'_>) -> Reply) -> Handler {
    Handler { name, mutates, run }
}

pub const RAM_ACTIONS: &[Handler] = &[
    h("CreateUser", true, users::create_user),
    h("GetUser", false, users::get_user),
    h("ListUsers", false, users::list_users),
    h("DeleteUser", true, users::delete_user),
    h("CreateAccessKey", true, users::create_access_key),
    h("ListAccessKeys", false, users::list_access_keys),
    h("UpdateAccessKey", true, users::update_access_key),
    h("DeleteAccessKey", true, users::delete_access_key),
    h("CreatePolicy", true, policies::create_policy),
    h("GetPolicy", false, policies::get_policy),
    h("CreatePolicyVersion", true, policies::create_policy_version),
    h("ListPolicyVersions", false, policies::list_policy_versions),
    h("DeletePolicyVersion", true, policies::delete_policy_version),
    h(
        "SetDefaultPolicyVersion",
        true,
        policies::set_default_policy_version,
    ),
    h("DeletePolicy", true, policies::delete_policy),
    h("AttachPolicyToUser", true, policies::attach_policy_to_user),
    h(
        "DetachPolicyFromUser",
        true,
        policies::detach_policy_from_user,
    ),
    h(
        "ListPoliciesForUser",
        false,
        policies::list_policies_for_user,
    ),
];

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
    }
}

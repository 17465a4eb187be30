//! Policy documents in the simulated cloud: the built-in system policies, validation of custom
//! documents (reference §3, §5), and evaluation of `ram:<Action>` against a document's
//! statements (Deny wins over Allow; `*` wildcards; case-insensitive action part).
//!
//! Simplification: `Resource` and `Condition` are not evaluated; every Resource matches.

use serde_json::Value;

use super::error::ApiErr;

/// A built-in policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemPolicy {
    pub name: &'static str,
    pub description: &'static str,
    pub document: &'static str,
}

/// The date every system policy claims (fixed, like the real ones).
pub const SYSTEM_DATE: &str = "2015-04-28T16:12:00Z";

pub const SYSTEM_POLICIES: &[SystemPolicy] = &[
    SystemPolicy {
        name: "AdministratorAccess",
        description: "Provides full access to Alibaba Cloud services and resources.",
        document: r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    },
    SystemPolicy {
        name: "AliyunRAMFullAccess",
        description: "Provides full access to Resource Access Management (RAM).",
        document: r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:*","Resource":"*"}]}"#,
    },
    SystemPolicy {
        name: "AliyunRAMReadOnlyAccess",
        description: "Provides read-only access to Resource Access Management (RAM).",
        document: r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ram:Get*","ram:List*"],"Resource":"*"}]}"#,
    },
];

pub fn system_policy(name: &str) -> Option<&'static SystemPolicy> {
    SYSTEM_POLICIES.iter().find(|p| p.name == name)
}

/// Most characters a policy document may have.
pub const MAX_DOCUMENT_CHARS: usize = 6144;

fn malformed(why: &str) -> ApiErr {
    ApiErr::bad(
        "MalformedPolicyDocument",
        format!("The policy document is malformed: {why}."),
    )
}

fn is_string_or_strings(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty() && a.iter().all(|x| x.is_string()),
        _ => false,
    }
}

/// Checks a custom policy document: length, JSON, `Version` "1", and a non-empty `Statement`
/// array whose entries have `Effect` (Allow/Deny), `Action` and `Resource`.
pub fn validate(doc: &str) -> Result<(), ApiErr> {
    if doc.chars().count() > MAX_DOCUMENT_CHARS {
        return Err(ApiErr::bad(
            "InvalidParameter.PolicyDocument.Length",
            format!(
                "The parameter \"PolicyDocument\" is beyond the length limit of {MAX_DOCUMENT_CHARS} characters."
            ),
        ));
    }
    let v: Value = serde_json::from_str(doc).map_err(|_| malformed("it is not valid JSON"))?;
    if v.get("Version").and_then(Value::as_str) != Some("1") {
        return Err(malformed("\"Version\" must be \"1\""));
    }
    let stmts = v
        .get("Statement")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| malformed("\"Statement\" must be a non-empty array"))?;
    for s in stmts {
        match s.get("Effect").and_then(Value::as_str) {
            Some("Allow") | Some("Deny") => {}
            _ => return Err(malformed("each statement needs \"Effect\": Allow or Deny")),
        }
        if !s.get("Action").is_some_and(is_string_or_strings) {
            return Err(malformed("each statement needs \"Action\""));
        }
        if !s.get("Resource").is_some_and(is_string_or_strings) {
            return Err(malformed("each statement needs \"Resource\""));
        }
    }
    Ok(())
}

/// `*` matches any run of characters; everything else is compared case-insensitively.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let t: Vec<char> = text.to_ascii_lowercase().chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// What a set of documents says about one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

/// Whether a string-or-strings field has an entry matching `text` (by [`glob_match`]).
fn any_matches(field: Option<&Value>, text: &str) -> bool {
    match field {
        Some(Value::String(p)) => glob_match(p, text),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .any(|p| glob_match(p, text)),
        _ => false,
    }
}

/// Evaluates `action` (e.g. `ram:CreateUser`) against documents: any matching Deny wins,
/// otherwise any matching Allow allows. With a `resource` (an ARN), a statement's `Resource`
/// must match it too; without one every `Resource` matches. The one place the simulation reads
/// resources is `sts:AssumeRole`, whose resource is the role.
pub fn evaluate_on<'a>(
    docs: impl IntoIterator<Item = &'a str>,
    action: &str,
    resource: Option<&str>,
) -> Decision {
    let mut allowed = false;
    for doc in docs {
        let Ok(v) = serde_json::from_str::<Value>(doc) else {
            continue;
        };
        let Some(stmts) = v.get("Statement").and_then(Value::as_array) else {
            continue;
        };
        for s in stmts {
            if !any_matches(s.get("Action"), action) {
                continue;
            }
            if let Some(r) = resource
                && !any_matches(s.get("Resource"), r)
            {
                continue;
            }
            match s.get("Effect").and_then(Value::as_str) {
                Some("Deny") => return Decision::ExplicitDeny,
                Some("Allow") => allowed = true,
                _ => {}
            }
        }
    }
    if allowed {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    }
}

/// Checks a role's trust policy (`AssumeRolePolicyDocument`): a `Statement` array whose
/// entries have `Effect`, `Action` and a `Principal` object.
pub fn validate_trust(doc: &str) -> Result<(), ApiErr> {
    let bad = malformed;
    let v: Value = serde_json::from_str(doc).map_err(|_| bad("not JSON"))?;
    let stmts = v
        .get("Statement")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| bad("\"Statement\" must be a non-empty array"))?;
    for s in stmts {
        if !matches!(
            s.get("Effect").and_then(Value::as_str),
            Some("Allow" | "Deny")
        ) {
            return Err(bad("each statement needs \"Effect\": Allow or Deny"));
        }
        if !s.get("Action").is_some_and(is_string_or_strings) {
            return Err(bad("each statement needs \"Action\""));
        }
        if !s.get("Principal").is_some_and(Value::is_object) {
            return Err(bad("each statement needs a \"Principal\" object"));
        }
    }
    Ok(())
}

/// Whether a trust policy lets one of `principals` (ARNs, e.g. `acs:ram::ACCOUNT:root` and the
/// caller's own) assume the role: a `sts:AssumeRole` Allow whose `Principal.RAM` names one, and
/// no Deny that does. Naming the account's root trusts every identity of the account (each
/// still needs its own permission to call AssumeRole).
pub fn trusts(doc: &str, principals: &[String]) -> bool {
    let Ok(v) = serde_json::from_str::<Value>(doc) else {
        return false;
    };
    let Some(stmts) = v.get("Statement").and_then(Value::as_array) else {
        return false;
    };
    let mut allowed = false;
    for s in stmts {
        if !any_matches(s.get("Action"), "sts:AssumeRole") {
            continue;
        }
        let named = s
            .get("Principal")
            .and_then(|p| p.get("RAM"))
            .is_some_and(|ram| principals.iter().any(|p| any_matches(Some(ram), p)));
        if !named {
            continue;
        }
        match s.get("Effect").and_then(Value::as_str) {
            Some("Deny") => return false,
            Some("Allow") => allowed = true,
            _ => {}
        }
    }
    allowed
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn evaluate<'a>(docs: impl IntoIterator<Item = &'a str>, action: &str) -> Decision {
        evaluate_on(docs, action, None)
    }

    #[test]
    fn assume_role_is_allowed_only_on_the_roles_named() {
        let one = r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram::1:role/okd-admin"}]}"#;
        let on = |r| evaluate_on([one], "sts:AssumeRole", Some(r));
        assert_eq!(on("acs:ram::1:role/okd-admin"), Decision::Allow);
        assert_eq!(on("acs:ram::1:role/other"), Decision::ImplicitDeny);
        assert_eq!(evaluate([one], "ram:ListUsers"), Decision::ImplicitDeny);
    }

    #[test]
    fn a_trust_policy_names_the_account_or_the_caller() {
        let trust = |who: &str| {
            format!(
                r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{{"RAM":["{who}"]}}}}]}}"#
            )
        };
        let root = "acs:ram::1:root".to_owned();
        let alice = "acs:ram::1:user/alice".to_owned();
        assert!(trusts(&trust(&root), &[root.clone(), alice.clone()]));
        assert!(trusts(&trust(&alice), &[root.clone(), alice.clone()]));
        assert!(!trusts(&trust("acs:ram::2:root"), &[root.clone(), alice]));
        assert!(!trusts("{nope", std::slice::from_ref(&root)));
        assert!(validate_trust(&trust(&root)).is_ok());
        let no_principal =
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#;
        assert_eq!(
            validate_trust(no_principal).unwrap_err().code,
            "MalformedPolicyDocument"
        );
    }

    #[test]
    fn globs() {
        assert!(glob_match("*", "ram:CreateUser"));
        assert!(glob_match("ram:*", "ram:CreateUser"));
        assert!(glob_match("RAM:list*", "ram:ListUsers"));
        assert!(glob_match("ram:*User", "ram:CreateUser"));
        assert!(glob_match("ram:Get*Policy*", "ram:GetPolicyVersion"));
        assert!(!glob_match("ram:List*", "ram:CreateUser"));
        assert!(!glob_match("ecs:*", "ram:ListUsers"));
        assert!(!glob_match("ram:ListUsers", "ram:ListUsersX"));
    }

    #[test]
    fn deny_wins_and_nothing_means_no() {
        let full = system_policy("AliyunRAMFullAccess").unwrap().document;
        let ro = system_policy("AliyunRAMReadOnlyAccess").unwrap().document;
        let deny = r#"{"Version":"1","Statement":[{"Effect":"Deny","Action":["ram:Delete*"],"Resource":"*"}]}"#;
        assert_eq!(evaluate([ro], "ram:ListUsers"), Decision::Allow);
        assert_eq!(evaluate([ro], "ram:CreateUser"), Decision::ImplicitDeny);
        assert_eq!(
            evaluate([full, deny], "ram:DeleteUser"),
            Decision::ExplicitDeny
        );
        assert_eq!(evaluate([full, deny], "ram:CreateUser"), Decision::Allow);
        assert_eq!(evaluate([], "ram:ListUsers"), Decision::ImplicitDeny);
    }

    #[test]
    fn validation() {
        for p in SYSTEM_POLICIES {
            validate(p.document).unwrap();
        }
        let code = |d: &str| validate(d).unwrap_err().code;
        assert_eq!(code("nope"), "MalformedPolicyDocument");
        assert_eq!(
            code(r#"{"Version":"2","Statement":[]}"#),
            "MalformedPolicyDocument"
        );
        assert_eq!(
            code(r#"{"Version":"1","Statement":[]}"#),
            "MalformedPolicyDocument"
        );
        assert_eq!(
            code(r#"{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}"#),
            "MalformedPolicyDocument"
        );
        assert_eq!(
            code(r#"{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}"#),
            "MalformedPolicyDocument"
        );
        assert_eq!(
            code(&"x".repeat(MAX_DOCUMENT_CHARS + 1)),
            "InvalidParameter.PolicyDocument.Length"
        );
    }
}

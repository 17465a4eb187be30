//! The install policy: the OKD document shipped in `assets/policies/`, its validation before any
//! call, its compact form (what is sent), the opt-in `ram:DeletePolicyVersion`, a per-service
//! summary, and the difference between two documents. Pure: no I/O.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The least-privilege install policy from the OKD docs, byte for byte.
pub const OKD_POLICY: &str = include_str!("../assets/policies/okd-install-policy.json");
pub const DEFAULT_NAME: &str = "okd-installer";
/// The custom policy's Description until changed, in the language of the screens.
pub fn default_description() -> &'static str {
    crate::strings::POLICY_DESCRIPTION_DEFAULT()
}
pub const ADMIN_POLICY: &str = "AdministratorAccess";
/// The limit of a policy document, in characters of what is sent.
pub const MAX_DOCUMENT: usize = 6144;
/// What ccoctl's `delete-ram-users` needs and the published policy lacks.
pub const DELETE_POLICY_VERSION: &str = "ram:DeletePolicyVersion";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the policy document is not valid JSON: {0}")]
    NotJson(String),
    #[error("the policy document's Version must be \"1\"")]
    Version,
    #[error("the policy document has no Statement list")]
    NoStatements,
    #[error("statement {0} lacks {1}")]
    Statement(usize, &'static str),
    #[error("statement {0}: Effect must be Allow or Deny")]
    Effect(usize),
    #[error("the compact policy document has {0} characters; Alibaba Cloud accepts at most 6,144")]
    TooLong(usize),
}

/// Whether a custom policy name is valid, and why not.
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some(crate::strings::POLICY_NAME_EMPTY())
    } else if name.chars().count() > 128 {
        Some(crate::strings::POLICY_NAME_LONG())
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Some(crate::strings::POLICY_NAME_CHARS())
    } else {
        None
    }
}

/// A validated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub value: Value,
}

fn non_empty(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        _ => false,
    }
}

impl Document {
    /// Parses and checks a document: JSON, `Version` "1", statements with Effect, Action and
    /// Resource, and a compact form within the limit.
    pub fn parse(text: &str) -> Result<Document, PolicyError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| PolicyError::NotJson(e.to_string()))?;
        let doc = Document { value };
        doc.check()?;
        Ok(doc)
    }

    fn check(&self) -> Result<(), PolicyError> {
        if self.value.get("Version").and_then(Value::as_str) != Some("1") {
            return Err(PolicyError::Version);
        }
        let statements = self.statements().ok_or(PolicyError::NoStatements)?;
        if statements.is_empty() {
            return Err(PolicyError::NoStatements);
        }
        for (i, s) in statements.iter().enumerate() {
            let n = i + 1;
            match s.get("Effect").and_then(Value::as_str) {
                None => return Err(PolicyError::Statement(n, "Effect")),
                Some("Allow" | "Deny") => {}
                Some(_) => return Err(PolicyError::Effect(n)),
            }
            if !non_empty(s.get("Action")) {
                return Err(PolicyError::Statement(n, "Action"));
            }
            if !non_empty(s.get("Resource")) {
                return Err(PolicyError::Statement(n, "Resource"));
            }
        }
        let len = self.compact().chars().count();
        if len > MAX_DOCUMENT {
            return Err(PolicyError::TooLong(len));
        }
        Ok(())
    }

    fn statements(&self) -> Option<&Vec<Value>> {
        self.value.get("Statement").and_then(Value::as_array)
    }

    /// The document as sent: JSON without white space.
    pub fn compact(&self) -> String {
        self.value.to_string()
    }

    /// The same document with `ram:DeletePolicyVersion` allowed (added to the statement that
    /// already allows other `ram:` actions on every resource, or as a statement of its own).
    pub fn with_delete_policy_version(&self) -> Result<Document, PolicyError> {
        let mut value = self.value.clone();
        if self.allowed_actions().contains(DELETE_POLICY_VERSION) {
            return Ok(Document { value });
        }
        let statements = value
            .get_mut("Statement")
            .and_then(Value::as_array_mut)
            .ok_or(PolicyError::NoStatements)?;
        let target = statements.iter_mut().find(|s| {
            s.get("Effect").and_then(Value::as_str) == Some("Allow")
                && s.get("Condition").is_none()
                && s.get("Action").and_then(Value::as_array).is_some_and(|a| {
                    a.iter()
                        .any(|x| x.as_str().is_some_and(|x| x.starts_with("ram:")))
                })
        });
        match target.and_then(|s| s.get_mut("Action")).and_then(Value::as_array_mut) {
            Some(actions) => actions.push(Value::from(DELETE_POLICY_VERSION)),
            None => statements.push(serde_json::json!({"Effect": "Allow", "Action": [DELETE_POLICY_VERSION], "Resource": "*"})),
        }
        let doc = Document { value };
        doc.check()?;
        Ok(doc)
    }

    /// Every action an Allow statement names (duplicates once).
    pub fn allowed_actions(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for s in self.statements().into_iter().flatten() {
            if s.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            match s.get("Action") {
                Some(Value::String(a)) => {
                    out.insert(a.clone());
                }
                Some(Value::Array(list)) => {
                    out.extend(list.iter().filter_map(Value::as_str).map(str::to_owned))
                }
                _ => {}
            }
        }
        out
    }

    /// How many distinct actions are allowed per service (`ecs`, `ram`, …), in name order.
    pub fn per_service(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for a in self.allowed_actions() {
            *out.entry(service_of(&a).to_owned()).or_insert(0) += 1;
        }
        out
    }

    /// The same policy, whatever the layout or key order (arrays keep their order).
    pub fn same_as(&self, other: &Document) -> bool {
        self.value == other.value
    }
}

fn service_of(action: &str) -> &str {
    action.split_once(':').map_or(action, |(s, _)| s)
}

/// What changes from `old` to `new`, per service: (service, added, removed).
pub fn diff(old: &Document, new: &Document) -> Vec<(String, Vec<String>, Vec<String>)> {
    let (a, b) = (old.allowed_actions(), new.allowed_actions());
    let mut per: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for added in b.difference(&a) {
        per.entry(service_of(added).to_owned())
            .or_default()
            .0
            .push(added.clone());
    }
    for removed in a.difference(&b) {
        per.entry(service_of(removed).to_owned())
            .or_default()
            .1
            .push(removed.clone());
    }
    per.into_iter()
        .map(|(s, (add, rem))| (s, add, rem))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_policy_is_valid_and_counted_per_service() {
        let d = Document::parse(OKD_POLICY).unwrap();
        assert_eq!(d.compact().chars().count(), 3585);
        let per = d.per_service();
        let got: Vec<(&str, usize)> = per.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            got,
            vec![
                ("alidns", 6),
                ("bssapi", 1),
                ("ecs", 21),
                ("oss", 22),
                ("pvtz", 11),
                ("ram", 28),
                ("slb", 13),
                ("tag", 2),
                ("vpc", 20)
            ]
        );
        // ram: 27 unique in the list plus PassRole
        assert!(d.allowed_actions().contains("ram:PassRole"));
        assert!(!d.allowed_actions().contains(DELETE_POLICY_VERSION));
        assert!(
            d.allowed_actions()
                .contains("vpc:ListEnhanhcedNatGatewayAvailableZones"),
            "the real, misspelled name"
        );
    }

    #[test]
    fn delete_policy_version_is_added_once_to_the_ram_statement() {
        let d = Document::parse(OKD_POLICY).unwrap();
        let with = d.with_delete_policy_version().unwrap();
        let changes = diff(&d, &with);
        assert_eq!(
            changes,
            vec![(
                "ram".to_owned(),
                vec![DELETE_POLICY_VERSION.to_owned()],
                vec![]
            )]
        );
        assert_eq!(
            with.value["Statement"].as_array().unwrap().len(),
            10,
            "no new statement"
        );
        assert!(with.with_delete_policy_version().unwrap().same_as(&with));
        let pass_role = &with.value["Statement"][9];
        assert_eq!(
            pass_role["Action"], "ram:PassRole",
            "the conditioned statement is left alone"
        );
    }

    #[test]
    fn layout_and_key_order_do_not_matter() {
        let a = Document::parse(
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["a:b"],"Resource":"*"}]}"#,
        )
        .unwrap();
        let b = Document::parse("{ \"Statement\": [ {\"Resource\": \"*\", \"Action\": [\"a:b\"], \"Effect\": \"Allow\"} ],\n \"Version\": \"1\" }").unwrap();
        assert!(a.same_as(&b));
        let c = Document::parse(
            r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":["a:c"],"Resource":"*"}]}"#,
        )
        .unwrap();
        assert!(!a.same_as(&c));
        assert_eq!(
            diff(&a, &c),
            vec![(
                "a".to_owned(),
                vec!["a:c".to_owned()],
                vec!["a:b".to_owned()]
            )]
        );
    }

    #[test]
    fn invalid_documents_are_refused_before_any_call() {
        assert!(matches!(Document::parse("{"), Err(PolicyError::NotJson(_))));
        assert_eq!(
            Document::parse(r#"{"Version":"2","Statement":[]}"#),
            Err(PolicyError::Version)
        );
        assert_eq!(
            Document::parse(r#"{"Version":"1"}"#),
            Err(PolicyError::NoStatements)
        );
        assert_eq!(
            Document::parse(r#"{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}"#),
            Err(PolicyError::Statement(1, "Action"))
        );
        assert_eq!(
            Document::parse(
                r#"{"Version":"1","Statement":[{"Effect":"Maybe","Action":"a:b","Resource":"*"}]}"#
            ),
            Err(PolicyError::Effect(1))
        );
        let many: Vec<String> = (0..700).map(|i| format!("\"ecs:Action{i:04}\"")).collect();
        let long = format!(
            r#"{{"Version":"1","Statement":[{{"Effect":"Allow","Action":[{}],"Resource":"*"}}]}}"#,
            many.join(",")
        );
        assert!(matches!(Document::parse(&long), Err(PolicyError::TooLong(n)) if n > MAX_DOCUMENT));
    }

    #[test]
    fn policy_names() {
        assert_eq!(name_problem("okd-installer"), None);
        assert!(name_problem("okd_installer").is_some());
        assert!(name_problem("").is_some());
        assert!(name_problem(&"a".repeat(129)).is_some());
    }
}

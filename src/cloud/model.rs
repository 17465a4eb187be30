//! Typed responses of the RAM and STS actions ramwiz uses, parsed from `&str`.
//!
//! Owns: the shapes of reference §2–3 and tolerant parsing (a missing list wrapper means an
//! empty list; unknown fields are ignored). Never does I/O.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::secret::Secret;

/// A response body that did not have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unexpected response shape: {0}")]
pub struct DecodeError(pub String);

/// Parses a success body of any action.
pub fn parse<T: DeserializeOwned>(body: &str) -> Result<T, DecodeError> {
    serde_json::from_str(body)
        .map_err(|e| DecodeError(format!("{e} (at line {}, column {})", e.line(), e.column())))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct User {
    pub user_id: String,
    pub user_name: String,
    pub display_name: String,
    pub mobile_phone: Option<String>,
    pub email: Option<String>,
    pub comments: Option<String>,
    pub create_date: String,
    pub update_date: Option<String>,
    pub last_login_date: Option<String>,
}

/// An AccessKey as listed: no secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessKeyMeta {
    pub access_key_id: String,
    pub status: String,
    pub create_date: String,
}

/// The one response that carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreatedAccessKey {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub create_date: String,
}

/// STS AssumeRole: a temporary key that signs as the role until `Expiration`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssumedRole {
    #[serde(default)]
    pub request_id: String,
    pub credentials: TemporaryKey,
    #[serde(default)]
    pub assumed_role_user: AssumedRoleUser,
}

/// A temporary key: its secret and token are secrets (redacted in `Debug`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemporaryKey {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub security_token: Secret,
    /// `YYYY-MM-DDThh:mm:ssZ`, UTC.
    pub expiration: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AssumedRoleUser {
    pub arn: String,
    pub assumed_role_id: String,
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = zeroize::Zeroizing::new(String::deserialize(d)?);
        Ok(Secret::new(s.as_str()))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Policy {
    pub policy_name: String,
    pub policy_type: String,
    pub description: String,
    pub default_version: String,
    pub create_date: String,
    pub update_date: Option<String>,
    pub attachment_count: Option<i64>,
    pub attach_date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersion {
    pub version_id: String,
    pub is_default_version: bool,
    pub policy_document: String,
    pub create_date: String,
}

/// STS GetCallerIdentity. `UserId` is absent for the account owner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CallerIdentity {
    pub request_id: String,
    pub account_id: String,
    pub user_id: Option<String>,
    pub identity_type: String,
    pub principal_id: String,
    pub arn: String,
    pub role_id: Option<String>,
}

impl CallerIdentity {
    /// True when the caller is the account owner (root). Alibaba documents only `RAMUser` as an
    /// identity type; `Account` and a missing `UserId` are UNVERIFIED signs of the owner, so any
    /// of them counts.
    pub fn is_account_owner(&self) -> bool {
        self.identity_type.eq_ignore_ascii_case("Account")
            || (self.user_id.is_none()
                && self.role_id.is_none()
                && !self.identity_type.eq_ignore_ascii_case("RAMUser")
                && !self.identity_type.eq_ignore_ascii_case("AssumedRoleUser"))
            || self.arn.ends_with(":root")
    }

    /// The RAM user name in the ARN, when the caller is a RAM user.
    pub fn user_name(&self) -> Option<&str> {
        self.arn.rsplit_once(":user/").map(|(_, n)| n)
    }
}

/// A response with nothing but its `RequestId`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Empty {
    pub request_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserResponse {
    pub request_id: String,
    pub user: User,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserList {
    pub user: Vec<User>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListUsersResponse {
    pub request_id: String,
    pub is_truncated: bool,
    pub marker: Option<String>,
    pub users: UserList,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateAccessKeyResponse {
    #[serde(default)]
    pub request_id: String,
    pub access_key: CreatedAccessKey,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessKeyList {
    pub access_key: Vec<AccessKeyMeta>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListAccessKeysResponse {
    pub request_id: String,
    pub access_keys: AccessKeyList,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyResponse {
    pub request_id: String,
    pub policy: Policy,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetPolicyResponse {
    pub request_id: String,
    pub policy: Policy,
    pub default_policy_version: Option<PolicyVersion>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersionResponse {
    pub request_id: String,
    pub policy_version: PolicyVersion,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersionList {
    pub policy_version: Vec<PolicyVersion>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListPolicyVersionsResponse {
    pub request_id: String,
    pub policy_versions: PolicyVersionList,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyList {
    pub policy: Vec<Policy>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListPoliciesForUserResponse {
    pub request_id: String,
    pub policies: PolicyList,
}

/// An error body (reference §3.1). Either case of `Code`/`Message` is accepted, as the Tea SDK does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(rename = "RequestId")]
    pub request_id: Option<String>,
    #[serde(rename = "Code", alias = "code")]
    pub code: Option<String>,
    #[serde(rename = "Message", alias = "message")]
    pub message: Option<String>,
    #[serde(rename = "Recommend")]
    pub recommend: Option<String>,
    #[serde(rename = "HostId")]
    pub host_id: Option<String>,
    /// Kept as JSON: its shape is only partly known (see `AccessDenied::from_json`).
    #[serde(rename = "AccessDeniedDetail", alias = "accessDeniedDetail")]
    pub access_denied_detail: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_users_tolerates_missing_wrappers() {
        let r: ListUsersResponse = parse(r#"{"RequestId":"x","IsTruncated":false}"#).unwrap();
        assert!(r.users.user.is_empty());
        let r: ListUsersResponse = parse(r#"{"RequestId":"x","Users":{}}"#).unwrap();
        assert!(r.users.user.is_empty());
        let r: ListUsersResponse = parse(
            r#"{"RequestId":"x","IsTruncated":true,"Marker":"m1","Users":{"User":[{"UserName":"a","UserId":"1","CreateDate":"2024-01-01T00:00:00Z","Extra":1}]}}"#,
        )
        .unwrap();
        assert_eq!(r.users.user[0].user_name, "a");
        assert_eq!(r.marker.as_deref(), Some("m1"));
    }

    #[test]
    fn created_access_key_secret_is_redacted_in_debug() {
        let r: CreateAccessKeyResponse = parse(
            r#"{"RequestId":"r","AccessKey":{"AccessKeyId":"fake-key-id","AccessKeySecret":"S3cr3tS3cr3tS3cr3tS3cr3tS3cr3t","Status":"Active","CreateDate":"2024-01-01T00:00:00Z"}}"#,
        )
        .unwrap();
        assert_eq!(
            r.access_key.access_key_secret.expose(),
            "S3cr3tS3cr3tS3cr3tS3cr3tS3cr3t"
        );
        assert!(!format!("{r:?}").contains("S3cr3t"));
    }

    #[test]
    fn caller_identity_owner_and_ram_user() {
        let owner: CallerIdentity = parse(
            r#"{"RequestId":"r","AccountId":"1","IdentityType":"Account","PrincipalId":"1","Arn":"acs:ram::1:root"}"#,
        )
        .unwrap();
        assert!(owner.is_account_owner());
        let user: CallerIdentity = parse(
            r#"{"RequestId":"r","AccountId":"1","UserId":"2","IdentityType":"RAMUser","PrincipalId":"2","Arn":"acs:ram::1:user/admin"}"#,
        )
        .unwrap();
        assert!(!user.is_account_owner());
        assert_eq!(user.user_name(), Some("admin"));
    }

    #[test]
    fn error_body_accepts_lower_case_keys() {
        let e: ErrorBody = parse(r#"{"code":"Throttling","message":"slow down"}"#).unwrap();
        assert_eq!(e.code.as_deref(), Some("Throttling"));
    }

    #[test]
    fn garbage_is_a_decode_error_not_a_panic() {
        assert!(parse::<UserResponse>("{not json").is_err());
        assert!(parse::<CreateAccessKeyResponse>(r#"{"RequestId":"r"}"#).is_err());
    }
}

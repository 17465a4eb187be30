//! Typed requests: one struct per RAM/STS action (reference §2–3), each knowing its name, its
//! service, its parameters, whether it creates something, and its response type.
//!
//! Never does I/O. The client signs and sends whatever [`Action::params`] returns.

use serde::de::DeserializeOwned;

use super::model::*;

/// Which API an action belongs to; the two differ only by `Version` and endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Ram,
    Sts,
}

impl Service {
    pub fn version(self) -> &'static str {
        match self {
            Service::Ram => "2015-05-01",
            Service::Sts => "2015-04-01",
        }
    }

    /// The prefix of its actions in a policy (`ram:ListUsers`).
    pub fn prefix(self) -> &'static str {
        match self {
            Service::Ram => "ram",
            Service::Sts => "sts",
        }
    }

    pub fn from_version(v: &str) -> Option<Self> {
        match v {
            "2015-05-01" => Some(Service::Ram),
            "2015-04-01" => Some(Service::Sts),
            _ => None,
        }
    }
}

/// One API action.
pub trait Action {
    const NAME: &'static str;
    const SERVICE: Service = Service::Ram;
    /// A call that creates something is never retried blindly: a lost response may mean it
    /// happened, so the caller reconciles (GetUser, ListAccessKeys, GetPolicy) first.
    const CREATES: bool = false;
    /// Read-only calls (Get*, List*) change nothing and may be retried freely.
    const READ_ONLY: bool = false;
    type Response: DeserializeOwned;
    fn params(&self) -> Vec<(String, String)>;
}

/// How one field becomes zero or one query parameter.
trait Param {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

impl Param for String {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((name.to_owned(), self.clone()));
    }
}

impl Param for Option<String> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(v) = self {
            out.push((name.to_owned(), v.clone()));
        }
    }
}

impl Param for Option<u32> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(v) = self {
            out.push((name.to_owned(), v.to_string()));
        }
    }
}

impl Param for Option<bool> {
    fn push_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(v) = self {
            out.push((name.to_owned(), v.to_string()));
        }
    }
}

macro_rules! action {
    ($(#[$doc:meta])* $name:ident -> $resp:ty, creates: $c:expr, read_only: $ro:expr,
     { $($field:ident : $fty:ty => $pname:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name { $(pub $field: $fty),* }

        impl Action for $name {
            const NAME: &'static str = stringify!($name);
            const CREATES: bool = $c;
            const READ_ONLY: bool = $ro;
            type Response = $resp;
            fn params(&self) -> Vec<(String, String)> {
                #[allow(unused_mut)]
                let mut p = Vec::new();
                $( Param::push_to(&self.$field, $pname, &mut p); )*
                p
            }
        }
    };
}

/// STS: who is calling. No parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetCallerIdentity;

impl Action for GetCallerIdentity {
    const NAME: &'static str = "GetCallerIdentity";
    const SERVICE: Service = Service::Sts;
    const READ_ONLY: bool = true;
    type Response = CallerIdentity;
    fn params(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// STS: a temporary key of a RAM role, signed with the source key. It changes nothing in the
/// account (a dry run makes it, to sign in as the role), and asking again only makes another
/// session, so a lost answer is asked again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub role_session_name: String,
    pub duration_seconds: Option<u32>,
    pub policy: Option<String>,
    pub external_id: Option<String>,
}

impl Action for AssumeRole {
    const NAME: &'static str = "AssumeRole";
    const SERVICE: Service = Service::Sts;
    const READ_ONLY: bool = true;
    type Response = crate::cloud::model::AssumedRole;
    fn params(&self) -> Vec<(String, String)> {
        let mut p = Vec::new();
        Param::push_to(&self.role_arn, "RoleArn", &mut p);
        Param::push_to(&self.role_session_name, "RoleSessionName", &mut p);
        Param::push_to(&self.duration_seconds, "DurationSeconds", &mut p);
        Param::push_to(&self.policy, "Policy", &mut p);
        Param::push_to(&self.external_id, "ExternalId", &mut p);
        p
    }
}

action!(CreateUser -> UserResponse, creates: true, read_only: false, {
    user_name: String => "UserName",
    display_name: Option<String> => "DisplayName",
    mobile_phone: Option<String> => "MobilePhone",
    email: Option<String> => "Email",
    comments: Option<String> => "Comments",
});
action!(GetUser -> UserResponse, creates: false, read_only: true, { user_name: String => "UserName" });
action!(
    /// One page of users; follow `Marker` while `IsTruncated`.
    ListUsers -> ListUsersResponse, creates: false, read_only: true, {
    marker: Option<String> => "Marker",
    max_items: Option<u32> => "MaxItems",
});
action!(DeleteUser -> Empty, creates: false, read_only: false, { user_name: String => "UserName" });
action!(
    /// Always names the user: without `UserName` the key would be created for the caller.
    CreateAccessKey -> CreateAccessKeyResponse, creates: true, read_only: false, {
    user_name: String => "UserName",
});
action!(ListAccessKeys -> ListAccessKeysResponse, creates: false, read_only: true, { user_name: String => "UserName" });
action!(
    /// Note the parameter name: `UserAccessKeyId`, not the caller's `AccessKeyId`.
    UpdateAccessKey -> Empty, creates: false, read_only: false, {
    user_access_key_id: String => "UserAccessKeyId",
    status: String => "Status",
    user_name: String => "UserName",
});
action!(DeleteAccessKey -> Empty, creates: false, read_only: false, {
    user_access_key_id: String => "UserAccessKeyId",
    user_name: String => "UserName",
});
action!(CreatePolicy -> PolicyResponse, creates: true, read_only: false, {
    policy_name: String => "PolicyName",
    policy_document: String => "PolicyDocument",
    description: Option<String> => "Description",
});
action!(GetPolicy -> GetPolicyResponse, creates: false, read_only: true, {
    policy_name: String => "PolicyName",
    policy_type: String => "PolicyType",
});
action!(CreatePolicyVersion -> PolicyVersionResponse, creates: true, read_only: false, {
    policy_name: String => "PolicyName",
    policy_document: String => "PolicyDocument",
    set_as_default: Option<bool> => "SetAsDefault",
    rotate_strategy: Option<String> => "RotateStrategy",
});
action!(ListPolicyVersions -> ListPolicyVersionsResponse, creates: false, read_only: true, {
    policy_name: String => "PolicyName",
    policy_type: String => "PolicyType",
});
action!(DeletePolicyVersion -> Empty, creates: false, read_only: false, {
    policy_name: String => "PolicyName",
    version_id: String => "VersionId",
});
action!(SetDefaultPolicyVersion -> Empty, creates: false, read_only: false, {
    policy_name: String => "PolicyName",
    version_id: String => "VersionId",
});
action!(DeletePolicy -> Empty, creates: false, read_only: false, {
    policy_name: String => "PolicyName",
    cascading_delete: Option<bool> => "CascadingDelete",
});
action!(AttachPolicyToUser -> Empty, creates: false, read_only: false, {
    policy_type: String => "PolicyType",
    policy_name: String => "PolicyName",
    user_name: String => "UserName",
});
action!(DetachPolicyFromUser -> Empty, creates: false, read_only: false, {
    policy_type: String => "PolicyType",
    policy_name: String => "PolicyName",
    user_name: String => "UserName",
});
action!(ListPoliciesForUser -> ListPoliciesForUserResponse, creates: false, read_only: true, {
    user_name: String => "UserName",
});

impl crate::plan::PlanStep {
    /// The plan's record of an API action with its parameters (`made`: really sent).
    pub fn api<A: Action>(req: &A, made: bool, note: Option<String>) -> Self {
        Self::Api {
            action: format!("{}:{}", A::SERVICE.prefix(), A::NAME),
            params: req.params().into_iter().collect(),
            made,
            note,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_parameters_are_left_out_and_names_are_exact() {
        let p = UpdateAccessKey {
            user_access_key_id: "LTAI1".into(),
            status: "Inactive".into(),
            user_name: "u".into(),
        }
        .params();
        assert_eq!(p[0], ("UserAccessKeyId".to_owned(), "LTAI1".to_owned()));
        let p = ListUsers {
            marker: None,
            max_items: Some(1000),
        }
        .params();
        assert_eq!(p, vec![("MaxItems".to_owned(), "1000".to_owned())]);
        assert_eq!(CreateAccessKey::NAME, "CreateAccessKey");
        const { assert!(CreateAccessKey::CREATES && !GetUser::CREATES && GetUser::READ_ONLY) };
        assert_eq!(GetCallerIdentity::SERVICE.version(), "2015-04-01");
    }
}

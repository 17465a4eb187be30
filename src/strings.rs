//! Every sentence a user reads, in one place, so wording stays consistent and a second language
//! can be added without touching screens or logic.
#![allow(non_snake_case)]

pub mod apply;

include!(concat!(env!("OUT_DIR"), "/msgs_main.rs"));

/// Plain guidance: what happened, and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub what: &'static str,
    pub todo: &'static str,
}

const fn h(what: &'static str, todo: &'static str) -> Hint {
    Hint { what, todo }
}

/// Guidance for each Alibaba error code of reference §4. Families are matched by prefix.
pub fn error_hint(code: &str, status: u16) -> Hint {
    match code {
        "EntityAlreadyExists.User" => h(
            crate::i18n::text("error-hint-entityalreadyexists-user-what"),
            crate::i18n::text("error-hint-entityalreadyexists-user-todo"),
        ),
        "EntityNotExist.User" => h(
            crate::i18n::text("error-hint-entitynotexist-user-what"),
            crate::i18n::text("error-hint-entitynotexist-user-todo"),
        ),
        "LimitExceeded.User.AccessKey" => h(
            crate::i18n::text("error-hint-limitexceeded-user-accesskey-what"),
            crate::i18n::text("error-hint-limitexceeded-user-accesskey-todo"),
        ),
        "EntityNotExist.User.AccessKey" => h(
            crate::i18n::text("error-hint-entitynotexist-user-accesskey-what"),
            crate::i18n::text("error-hint-entitynotexist-user-accesskey-todo"),
        ),
        "EntityAlreadyExists.Policy" => h(
            crate::i18n::text("error-hint-entityalreadyexists-policy-what"),
            crate::i18n::text("error-hint-entityalreadyexists-policy-todo"),
        ),
        "EntityNotExist.Policy" | "EntityNotExist.Policy.Version" => h(
            crate::i18n::text("error-hint-entitynotexist-policy-version-what"),
            crate::i18n::text("error-hint-entitynotexist-policy-version-todo"),
        ),
        "EntityAlreadyExists.User.Policy" => h(
            crate::i18n::text("error-hint-entityalreadyexists-user-policy-what"),
            crate::i18n::text("error-hint-entityalreadyexists-user-policy-todo"),
        ),
        "EntityNotExist.User.Policy" => h(
            crate::i18n::text("error-hint-entitynotexist-user-policy-what"),
            crate::i18n::text("error-hint-entitynotexist-user-policy-todo"),
        ),
        "LimitExceeded.Policy.Version" => h(
            crate::i18n::text("error-hint-limitexceeded-policy-version-what"),
            crate::i18n::text("error-hint-limitexceeded-policy-version-todo"),
        ),
        "LimitExceeded.User.Policy" => h(
            crate::i18n::text("error-hint-limitexceeded-user-policy-what"),
            crate::i18n::text("error-hint-limitexceeded-user-policy-todo"),
        ),
        "LimitExceeded.User" | "LimitExceeded.Policy" => h(
            crate::i18n::text("error-hint-limitexceeded-policy-what"),
            crate::i18n::text("error-hint-limitexceeded-policy-todo"),
        ),
        "EntityNotExist.Role" => h(
            crate::i18n::text("error-hint-entitynotexist-role-what"),
            crate::i18n::text("error-hint-entitynotexist-role-todo"),
        ),
        "InvalidParameter.RoleArn" => h(
            crate::i18n::text("error-hint-invalid-rolearn-what"),
            crate::i18n::text("error-hint-invalid-rolearn-todo"),
        ),
        "InvalidParameter.RoleSessionName" => h(
            crate::i18n::text("error-hint-invalid-rolesessionname-what"),
            crate::i18n::text("error-hint-invalid-rolesessionname-todo"),
        ),
        "InvalidParameter.DurationSeconds" => h(
            crate::i18n::text("error-hint-invalid-durationseconds-what"),
            crate::i18n::text("error-hint-invalid-durationseconds-todo"),
        ),
        "InvalidSecurityToken.Expired" => h(
            crate::i18n::text("error-hint-securitytoken-expired-what"),
            crate::i18n::text("error-hint-securitytoken-expired-todo"),
        ),
        "InvalidSecurityToken.MismatchWithAccessKey" | "InvalidSecurityToken.Malformed" => h(
            crate::i18n::text("error-hint-securitytoken-mismatch-what"),
            crate::i18n::text("error-hint-securitytoken-mismatch-todo"),
        ),
        c if c.starts_with("DeleteConflict.") => h(
            crate::i18n::text("error-hint-deleteconflict--what"),
            crate::i18n::text("error-hint-deleteconflict--todo"),
        ),
        c if c.starts_with("InvalidParameter") || c == "MalformedPolicyDocument" => h(
            crate::i18n::text("error-hint-malformedpolicydocument-what"),
            crate::i18n::text("error-hint-malformedpolicydocument-todo"),
        ),
        "NoPermission" => h(
            crate::i18n::text("error-hint-nopermission-what"),
            crate::i18n::text("error-hint-nopermission-todo"),
        ),
        "Inactive" => h(
            crate::i18n::text("error-hint-inactive-what"),
            crate::i18n::text("error-hint-inactive-todo"),
        ),
        "InvalidAccessKeyId.NotFound" => h(
            crate::i18n::text("error-hint-invalidaccesskeyid-notfound-what"),
            crate::i18n::text("error-hint-invalidaccesskeyid-notfound-todo"),
        ),
        "InvalidAccessKeyId.Inactive" | "Forbidden.AccessKeyDisabled" => h(
            crate::i18n::text("error-hint-forbidden-accesskeydisabled-what"),
            crate::i18n::text("error-hint-forbidden-accesskeydisabled-todo"),
        ),
        "SignatureDoesNotMatch" => h(
            crate::i18n::text("error-hint-signaturedoesnotmatch-what"),
            crate::i18n::text("error-hint-signaturedoesnotmatch-todo"),
        ),
        "IncompleteSignature" => h(
            crate::i18n::text("error-hint-incompletesignature-what"),
            crate::i18n::text("error-hint-incompletesignature-todo"),
        ),
        "InvalidTimeStamp.Expired" => h(
            crate::i18n::text("error-hint-invalidtimestamp-expired-what"),
            crate::i18n::text("error-hint-invalidtimestamp-expired-todo"),
        ),
        "InvalidTimeStamp.Format" | "MissingParameter" | "IllegalTimestamp" => h(
            crate::i18n::text("error-hint-illegaltimestamp-what"),
            crate::i18n::text("error-hint-illegaltimestamp-todo"),
        ),
        "InvalidAction.NotFound" => h(
            crate::i18n::text("error-hint-invalidaction-notfound-what"),
            crate::i18n::text("error-hint-invalidaction-notfound-todo"),
        ),
        "SignatureNonceUsed" => h(
            crate::i18n::text("error-hint-signaturenonceused-what"),
            crate::i18n::text("error-hint-signaturenonceused-todo"),
        ),
        c if c.starts_with("Throttling") => h(
            crate::i18n::text("error-hint-throttling-what"),
            crate::i18n::text("error-hint-throttling-todo"),
        ),
        "ServiceUnavailable" | "InternalError" | "UnknownError" => h(
            crate::i18n::text("error-hint-unknownerror-what"),
            crate::i18n::text("error-hint-unknownerror-todo"),
        ),
        _ if status >= 500 => h(
            crate::i18n::text("error-hint-26-what"),
            crate::i18n::text("error-hint-26-todo"),
        ),
        _ => h(
            crate::i18n::text("error-hint-27-what"),
            crate::i18n::text("error-hint-27-todo"),
        ),
    }
}

pub fn SIGNATURE_HINT_WRONG_SECRET() -> Hint {
    h(
        crate::i18n::text("signature-hint-wrong-secret-what"),
        crate::i18n::text("signature-hint-wrong-secret-todo"),
    )
}
pub fn SIGNATURE_HINT_ALTERED() -> Hint {
    h(
        crate::i18n::text("signature-hint-altered-what"),
        crate::i18n::text("signature-hint-altered-todo"),
    )
}

pub fn transport_hint(maybe_applied: bool) -> Hint {
    if maybe_applied {
        h(
            crate::i18n::text("transport-hint-1-what"),
            crate::i18n::text("transport-hint-1-todo"),
        )
    } else {
        h(
            crate::i18n::text("transport-hint-2-what"),
            crate::i18n::text("transport-hint-2-todo"),
        )
    }
}

/// A key was made but its answer (with the one-time secret) was lost.
pub fn orphan_made_hint() -> Hint {
    h(
        crate::i18n::text("orphan-made-hint-1-what"),
        crate::i18n::text("orphan-made-hint-1-todo"),
    )
}

pub fn decode_hint() -> Hint {
    h(
        crate::i18n::text("decode-hint-1-what"),
        crate::i18n::text("decode-hint-1-todo"),
    )
}

pub fn config_hint() -> Hint {
    h(
        crate::i18n::text("config-hint-1-what"),
        crate::i18n::text("config-hint-1-todo"),
    )
}

// ---- screens --------------------------------------------------------------------------------

pub fn WELCOME_STEPS() -> [(&'static str, &'static str); 6] {
    [
        (
            crate::i18n::text("welcome-steps-1-name"),
            crate::i18n::text("welcome-steps-1-what"),
        ),
        (
            crate::i18n::text("welcome-steps-2-name"),
            crate::i18n::text("welcome-steps-2-what"),
        ),
        (
            crate::i18n::text("welcome-steps-3-name"),
            crate::i18n::text("welcome-steps-3-what"),
        ),
        (
            crate::i18n::text("welcome-steps-4-name"),
            crate::i18n::text("welcome-steps-4-what"),
        ),
        (
            crate::i18n::text("welcome-steps-5-name"),
            crate::i18n::text("welcome-steps-5-what"),
        ),
        (
            crate::i18n::text("welcome-steps-6-name"),
            crate::i18n::text("welcome-steps-6-what"),
        ),
    ]
}
/// The steps' names in the step bar when the terminal is narrow.
pub fn STEPS_SHORT() -> [&'static str; 6] {
    [
        crate::i18n::text("steps-short-1"),
        crate::i18n::text("steps-short-2"),
        crate::i18n::text("steps-short-3"),
        crate::i18n::text("steps-short-4"),
        crate::i18n::text("steps-short-5"),
        crate::i18n::text("steps-short-6"),
    ]
}
// One line each at 80 columns: the welcome screen fits 80×24 whole.

/// A failed AssumeRole whose source key may not assume the role.
pub fn role_may_not_assume_hint() -> Hint {
    h(
        crate::i18n::text("role-hint-may-not-assume-what"),
        crate::i18n::text("role-hint-may-not-assume-todo"),
    )
}

/// A failed AssumeRole signed with the account's own key (root), which may assume no role.
pub fn role_root_hint() -> Hint {
    h(
        crate::i18n::text("role-hint-root-what"),
        crate::i18n::text("role-hint-root-todo"),
    )
}

/// A failed AssumeRole refused without saying the action: the role's trust policy, most likely.
pub fn role_not_trusted_hint() -> Hint {
    h(
        crate::i18n::text("role-hint-not-trusted-what"),
        crate::i18n::text("role-hint-not-trusted-todo"),
    )
}

pub fn source_hint() -> Hint {
    h(
        crate::i18n::text("source-hint-1-what"),
        crate::i18n::text("source-hint-1-todo"),
    )
}

// ---- the installer's user ----------------------------------------------------------------------
pub fn CREATE_USER_FIELDS() -> [&'static str; 3] {
    [
        crate::i18n::text("create-user-fields-1"),
        crate::i18n::text("create-user-fields-2"),
        crate::i18n::text("create-user-fields-3"),
    ]
}

// ---- destination and keys ------------------------------------------------------------------------
pub fn DEST_FIELDS() -> [&'static str; 2] {
    [
        crate::i18n::text("dest-fields-1"),
        crate::i18n::text("dest-fields-2"),
    ]
}

pub fn profiles_removed(
    names: &[String],
    file: &std::path::Path,
    backup: Option<&std::path::Path>,
) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("[{n}]")).collect();
    let backup = backup.map_or_else(String::new, |b| backup_note(b.display().to_string()));
    profiles_removed_msg(names.join(", "), file.display().to_string(), backup)
}

pub fn plan_forget(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("[{n}]")).collect();
    plan_forget_msg(names.join(", "))
}

/// A policy type as a person reads it (`System`, `Custom` are the API's words).
pub fn policy_type_label(api: &str) -> &'static str {
    match api {
        "System" => POLICY_TYPE_SYSTEM(),
        _ => POLICY_TYPE_CUSTOM(),
    }
}

/// The sign-in source after the signed-in key moved to `to`.
pub fn moved_source_label(to: &str) -> String {
    source_moved(to)
}

// ---- the secret screen and verification ----------------------------------------------------------

/// Guidance for a destination that cannot take the key.
pub fn dest_hint(kind: DestProblem) -> Hint {
    match kind {
        DestProblem::Malformed => h(
            crate::i18n::text("dest-hint-1-what"),
            crate::i18n::text("dest-hint-1-todo"),
        ),
        DestProblem::IsDirectory => h(
            crate::i18n::text("dest-hint-2-what"),
            crate::i18n::text("dest-hint-2-todo"),
        ),
        DestProblem::NotWritable => h(
            crate::i18n::text("dest-hint-3-what"),
            crate::i18n::text("dest-hint-3-todo"),
        ),
        DestProblem::BadProfile => h(
            crate::i18n::text("dest-hint-4-what"),
            crate::i18n::text("dest-hint-4-todo"),
        ),
        DestProblem::Taken => h(
            crate::i18n::text("dest-hint-5-what"),
            crate::i18n::text("dest-hint-5-todo"),
        ),
        DestProblem::UnsafePath => h(
            crate::i18n::text("dest-hint-6-what"),
            crate::i18n::text("dest-hint-6-todo"),
        ),
        DestProblem::Locked => h(
            crate::i18n::text("dest-hint-7-what"),
            crate::i18n::text("dest-hint-7-todo"),
        ),
        DestProblem::Other => h(
            crate::i18n::text("dest-hint-8-what"),
            crate::i18n::text("dest-hint-8-todo"),
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestProblem {
    Malformed,
    UnsafePath,
    IsDirectory,
    NotWritable,
    BadProfile,
    Taken,
    Locked,
    Other,
}

pub fn wrong_user_hint() -> Hint {
    h(VERIFY_WRONG_USER(), WRONG_USER_HINT_TODO())
}

// ---- the install policy --------------------------------------------------------------------------
pub fn POLICY_FORM_FIELDS() -> [&'static str; 2] {
    [
        crate::i18n::text("policy-form-fields-1"),
        crate::i18n::text("policy-form-fields-2"),
    ]
}

// ---- ccoctl and the components ---------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolProblem {
    Missing,
    Failed,
    Killed,
    Unauthorized,
    Glibc,
    NotLinux,
    PullSecret,
    Unexpected,
    TooOld,
    TooNew,
    NoReleaseImage,
    ArchMismatch,
    NoAlibaba,
    NoRequests,
    NoKey,
    StsKey,
    ManifestsNotManual,
}

/// Guidance for a tool step that went wrong.
pub fn tool_hint(p: ToolProblem) -> Hint {
    match p {
        ToolProblem::Missing => h(
            crate::i18n::text("tool-hint-1-what"),
            crate::i18n::text("tool-hint-1-todo"),
        ),
        ToolProblem::Failed => h(
            crate::i18n::text("tool-hint-2-what"),
            crate::i18n::text("tool-hint-2-todo"),
        ),
        ToolProblem::Killed => h(
            crate::i18n::text("tool-hint-3-what"),
            crate::i18n::text("tool-hint-3-todo"),
        ),
        ToolProblem::Unauthorized => h(
            crate::i18n::text("tool-hint-4-what"),
            crate::i18n::text("tool-hint-4-todo"),
        ),
        ToolProblem::Glibc => h(
            crate::i18n::text("tool-hint-5-what"),
            crate::i18n::text("tool-hint-5-todo"),
        ),
        ToolProblem::NotLinux => h(
            crate::i18n::text("tool-hint-6-what"),
            crate::i18n::text("tool-hint-6-todo"),
        ),
        ToolProblem::PullSecret => h(
            crate::i18n::text("tool-hint-7-what"),
            crate::i18n::text("tool-hint-7-todo"),
        ),
        ToolProblem::Unexpected => h(
            crate::i18n::text("tool-hint-8-what"),
            crate::i18n::text("tool-hint-8-todo"),
        ),
        ToolProblem::TooOld => h(
            crate::i18n::text("tool-hint-9-what"),
            crate::i18n::text("tool-hint-9-todo"),
        ),
        ToolProblem::TooNew => h(
            crate::i18n::text("tool-hint-10-what"),
            crate::i18n::text("tool-hint-10-todo"),
        ),
        ToolProblem::NoReleaseImage => h(
            crate::i18n::text("tool-hint-11-what"),
            crate::i18n::text("tool-hint-11-todo"),
        ),
        ToolProblem::ArchMismatch => h(
            crate::i18n::text("tool-hint-12-what"),
            crate::i18n::text("tool-hint-12-todo"),
        ),
        ToolProblem::NoAlibaba => h(
            crate::i18n::text("tool-hint-13-what"),
            crate::i18n::text("tool-hint-13-todo"),
        ),
        ToolProblem::NoRequests => h(
            crate::i18n::text("tool-hint-14-what"),
            crate::i18n::text("tool-hint-14-todo"),
        ),
        ToolProblem::ManifestsNotManual => h(
            crate::i18n::text("tool-hint-15-what"),
            crate::i18n::text("tool-hint-15-todo"),
        ),
        ToolProblem::StsKey => h(
            crate::i18n::text("tool-hint-16-what"),
            crate::i18n::text("tool-hint-16-todo"),
        ),
        ToolProblem::NoKey => h(
            crate::i18n::text("tool-hint-17-what"),
            crate::i18n::text("tool-hint-17-todo"),
        ),
    }
}
pub fn CCO_TOOL_FIELDS() -> [&'static str; 4] {
    [
        crate::i18n::text("cco-tool-fields-1"),
        crate::i18n::text("cco-tool-fields-2"),
        crate::i18n::text("cco-tool-fields-3"),
        crate::i18n::text("cco-tool-fields-4"),
    ]
}
pub fn PROV_FIELDS() -> [&'static str; 5] {
    [
        crate::i18n::text("prov-fields-1"),
        crate::i18n::text("prov-fields-2"),
        crate::i18n::text("prov-fields-3"),
        crate::i18n::text("prov-fields-4"),
        crate::i18n::text("prov-fields-5"),
    ]
}

/// `--autoplay`'s captions, one per screen: the screen's name as it reads on the screen, then
/// what happens on it (each fits one line of an 80-column terminal).
/// After a demo's summary, when its directory was a temporary one.
/// The first line of what is printed when the wizard exits.
/// ccoctl extracted and checked; the screen that showed it waits for Enter.
pub fn TEARDOWN_FIELDS() -> [&'static str; 4] {
    [
        crate::i18n::text("teardown-fields-1"),
        crate::i18n::text("teardown-fields-2"),
        crate::i18n::text("teardown-fields-3"),
        crate::i18n::text("teardown-fields-4"),
    ]
}

/// Which language ramwiz speaks and what chose it (the help overlay's last line but one).
pub fn language_line() -> String {
    use crate::lang::{Lang, Why};
    let name = match crate::i18n::current() {
        Lang::En => LANG_NAME_EN(),
        Lang::ZhCn => LANG_NAME_ZH_CN(),
    };
    let why = match crate::i18n::process_choice().map(|c| &c.why) {
        Some(Why::Flag) => LANG_WHY_FLAG().to_owned(),
        Some(Why::Env) => LANG_WHY_ENV().to_owned(),
        Some(Why::AliyunProfile(p)) => lang_why_aliyun(p.as_str()),
        Some(Why::Locale { var, value }) => lang_why_locale(*var, value.as_str()),
        Some(Why::Traditional { var, value }) => lang_why_traditional(*var, value.as_str()),
        Some(Why::Default) | None => LANG_WHY_DEFAULT().to_owned(),
    };
    help_language(name, why)
}

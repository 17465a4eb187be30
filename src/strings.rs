//! Every sentence a user reads, in one place, so wording stays consistent and a second language
//! can be added without touching screens or logic.

use crate::cloud::SignatureVerdict;

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
            "A RAM user with this name already exists.",
            "Select the existing user instead, or choose another name.",
        ),
        "EntityNotExist.User" => h(
            "There is no RAM user with this name in the account.",
            "Check the spelling (names are exact), or create the user first.",
        ),
        "LimitExceeded.User.AccessKey" => h(
            "This user already has 2 AccessKeys, the most Alibaba Cloud allows.",
            "Deactivate and delete one of its keys (one nobody uses), then create the new one.",
        ),
        "EntityNotExist.User.AccessKey" => h(
            "That AccessKey does not exist for this user.",
            "Refresh the list of keys; it may have been deleted already.",
        ),
        "EntityAlreadyExists.Policy" => h(
            "A custom policy with this name already exists.",
            "Reuse it, or add a new version of it with the document you want.",
        ),
        "EntityNotExist.Policy" | "EntityNotExist.Policy.Version" => h(
            "The policy (or policy version) does not exist.",
            "Check its name and type (System or Custom), or create it first.",
        ),
        "EntityAlreadyExists.User.Policy" => h(
            "The policy is already attached to this user.",
            "Nothing to do: the user already has it.",
        ),
        "EntityNotExist.User.Policy" => h(
            "The policy is not attached to this user.",
            "Nothing to detach; nothing to do.",
        ),
        "LimitExceeded.Policy.Version" => h(
            "The policy already has 5 versions, the most allowed.",
            "Delete its oldest non-default version, then add the new one.",
        ),
        "LimitExceeded.User.Policy" => h(
            "The user has as many policies attached as Alibaba Cloud allows.",
            "Detach a policy the user no longer needs, then try again.",
        ),
        "LimitExceeded.User" | "LimitExceeded.Policy" => h(
            "The account has reached its quota of RAM users or custom policies.",
            "Delete unused ones in the RAM console, or ask Alibaba Cloud support for a higher quota.",
        ),
        c if c.starts_with("DeleteConflict.") => h(
            "It cannot be deleted while other things still depend on it.",
            "Remove what depends on it first (keys, attached policies, groups, non-default versions).",
        ),
        c if c.starts_with("InvalidParameter") || c == "MalformedPolicyDocument" => h(
            "Alibaba Cloud rejected a value as invalid.",
            "Check the name or document against the rules shown beside the field, then try again.",
        ),
        "NoPermission" => h(
            "The signed-in identity is not allowed to do this.",
            "Ask the account administrator to attach AliyunRAMFullAccess (or AdministratorAccess) to it, or sign in as an identity that has it.",
        ),
        "Inactive" => h(
            "The RAM service is not activated for this account.",
            "Activate RAM in the Alibaba Cloud console, then try again.",
        ),
        "InvalidAccessKeyId.NotFound" => h(
            "Alibaba Cloud does not know this AccessKey ID: it is mistyped, deleted, or so new it is not active yet.",
            "Check the ID; a key created seconds ago may need a moment before it works.",
        ),
        "InvalidAccessKeyId.Inactive" | "Forbidden.AccessKeyDisabled" => h(
            "This AccessKey is disabled.",
            "Enable it in the RAM console, or sign in with another key.",
        ),
        "SignatureDoesNotMatch" => h(
            "Alibaba Cloud could not verify the request's signature.",
            "Check that the AccessKey secret belongs to this AccessKey ID.",
        ),
        "IncompleteSignature" => h(
            "The request's signature was incomplete.",
            "This is a bug in ramwiz or a proxy changed the request; please report it with the log file.",
        ),
        "InvalidTimeStamp.Expired" => h(
            "This computer's clock differs from Alibaba Cloud's by more than 15 minutes.",
            "Set the clock right (enable NTP time sync), then try again.",
        ),
        "InvalidTimeStamp.Format" | "MissingParameter" | "IllegalTimestamp" => h(
            "The request was missing a parameter or had a malformed one.",
            "This is a bug in ramwiz; please report it with the log file.",
        ),
        "SignatureNonceUsed" => h(
            "The request's one-time nonce had been used before.",
            "Try again; if a create call was involved, ramwiz checks first whether it already happened.",
        ),
        c if c.starts_with("Throttling") => h(
            "Alibaba Cloud is limiting the rate of requests.",
            "Wait a little and try again; ramwiz already retried with backoff.",
        ),
        "ServiceUnavailable" | "InternalError" | "UnknownError" => h(
            "Alibaba Cloud had a temporary failure.",
            "Try again in a minute; ramwiz already retried a few times.",
        ),
        _ if status >= 500 => h(
            "Alibaba Cloud answered with a server error.",
            "Try again in a minute.",
        ),
        _ => h(
            "Alibaba Cloud refused the request.",
            "Read the code and message; the log file has the request ID to quote to support.",
        ),
    }
}

pub fn signature_verdict(v: SignatureVerdict) -> &'static str {
    match v {
        SignatureVerdict::WrongSecret => "the AccessKey secret is wrong",
        SignatureVerdict::RequestAltered => "the request was altered on the way",
        SignatureVerdict::Unknown => "no detail from the server",
    }
}

pub fn signature_hint(v: SignatureVerdict) -> Hint {
    match v {
        SignatureVerdict::WrongSecret => h(
            "The AccessKey secret does not belong to this AccessKey ID (both sides signed the same request).",
            "Paste the secret again, or choose another profile.",
        ),
        SignatureVerdict::RequestAltered => h(
            "Alibaba Cloud received a different request from the one ramwiz signed: something on the way (a proxy?) changed it.",
            "Check HTTPS_PROXY and any proxy in between; the log file has both strings to compare.",
        ),
        SignatureVerdict::Unknown => error_hint("SignatureDoesNotMatch", 400),
    }
}

pub fn transport_hint(maybe_applied: bool) -> Hint {
    if maybe_applied {
        h(
            "The connection failed after the request was sent, so it may or may not have taken effect.",
            "ramwiz checks the current state before trying again; nothing is created twice.",
        )
    } else {
        h(
            "Alibaba Cloud could not be reached.",
            "Check the network, the proxy settings (HTTPS_PROXY) and the endpoint, then try again.",
        )
    }
}

pub fn decode_hint() -> Hint {
    h(
        "Alibaba Cloud's answer did not have the expected shape.",
        "Try again; if it keeps happening, report it with the log file.",
    )
}

pub fn config_hint() -> Hint {
    h(
        "A setting is not valid.",
        "Fix the option or environment variable named above.",
    )
}

// ---- screens --------------------------------------------------------------------------------

pub const APP_TITLE: &str = "ramwiz — Alibaba Cloud credentials for OKD";
pub const DEMO_MARKER: &str = " DEMO · simulated cloud ";

pub const WELCOME_INTRO: &str = "ramwiz prepares the Alibaba Cloud credentials an OKD (OpenShift) installation needs, one step at a time. Nothing is changed in your account without you confirming it.";
pub const WELCOME_STEPS: [(&str, &str); 6] = [
    (
        "Sign in",
        "with an identity that may manage RAM users; see who that is",
    ),
    (
        "Installer user",
        "create the RAM user for the installer, or pick an existing one",
    ),
    (
        "AccessKey",
        "create its key and save the one-time secret safely",
    ),
    (
        "Install policy",
        "attach AdministratorAccess or the least-privilege OKD policy",
    ),
    ("ccoctl", "extract it from the OKD release image"),
    (
        "Components",
        "create the cluster components' RAM users with ccoctl",
    ),
];
pub const WELCOME_DEMO: &str = "Demo mode: everything runs against a simulated Alibaba Cloud on this computer. Nothing leaves it, and your home directory is not touched.";
pub const WELCOME_START: &str = "Press Enter to sign in.";

pub const SIGNIN_TITLE: &str = "Sign in";
pub const SIGNIN_INTRO: &str = "Choose the credentials ramwiz signs in with. They must be allowed to manage RAM users (AliyunRAMFullAccess or AdministratorAccess).";
pub const SIGNIN_PASTE: &str = "Paste an AccessKey pair…";
pub const SIGNIN_NO_SOURCES: &str =
    "No credentials were found on this computer; paste an AccessKey pair.";
pub const PASTE_TITLE: &str = "Paste an AccessKey pair";
pub const PASTE_ID: &str = "AccessKey ID";
pub const PASTE_SECRET: &str = "AccessKey secret";
pub const PASTE_HELP: &str = "The secret is masked. Surrounding spaces and newlines are removed.";
pub const PASTE_ID_ODD: &str = "This does not look like a long-term AccessKey ID (they usually start with LTAI); ramwiz will try it anyway.";
pub const PASTE_ID_EMPTY: &str = "Enter the AccessKey ID.";
pub const PASTE_SECRET_EMPTY: &str = "Enter the AccessKey secret.";
pub const PASTE_SECRET_ODD: &str = "This secret looks unusual (secrets are usually 30 letters and digits); ramwiz will try it anyway.";
pub const CHECKING: &str = "Asking Alibaba Cloud who this is (STS GetCallerIdentity)…";
pub const CHECKING_RAM: &str = "Checking whether this identity may manage RAM users (ListUsers)…";

pub const IDENTITY_TITLE: &str = "Signed in";
pub const IDENTITY_ACCOUNT: &str = "Account ID";
pub const IDENTITY_TYPE: &str = "Identity type";
pub const IDENTITY_ARN: &str = "ARN";
pub const IDENTITY_SOURCE: &str = "Credentials";
pub const IDENTITY_RAM: &str = "Can manage RAM users";
pub const IDENTITY_RAM_YES: &str = "yes";
pub const IDENTITY_RAM_NO: &str = "no";
pub const IDENTITY_RAM_UNKNOWN: &str = "could not tell";
pub const IDENTITY_OWNER_WARNING: &str = "This is the account owner's (root) AccessKey. Alibaba Cloud recommends against using it: once the installer's RAM user exists, consider disabling this key in the console.";
pub const IDENTITY_NO_RAM: &str = "This identity may not manage RAM users, so ramwiz cannot create the installer's user with it. Ask the account administrator to attach AliyunRAMFullAccess (or AdministratorAccess), or sign in with another identity.";
pub const IDENTITY_NEXT: &str = "The next step (creating the installer's RAM user) arrives in a later version of ramwiz. Press Esc to sign in with other credentials, q to quit.";

pub const ERROR_TITLE: &str = "Something went wrong";
pub const ERROR_WHAT: &str = "What happened";
pub const ERROR_TODO: &str = "What to do";
pub const ERROR_DETAIL: &str = "Detail";

pub const QUIT_CONFIRM: &str = "A request is still running. Quit anyway? (y / n)";
pub const TOO_SMALL: &str =
    "The terminal is too small. ramwiz needs at least 80×24; make the window larger.";
pub const HELP_TITLE: &str = "Keys";
pub const HELP_CLOSE: &str = "Press any key to close this help.";

pub const SOURCE_UNREADABLE: &str = "could not be read";
pub const SOURCE_UNREADABLE_PREFIX: &str = "A credentials file";
pub const SOURCE_UNSUPPORTED: &str = "unsupported type";
pub const SOURCE_INCOMPLETE: &str = "cannot be used, it lacks";
pub const SOURCE_PASTED: &str = "pasted AccessKey pair";
pub const SIGNIN_FAILED: &str = "Sign-in failed";
pub const DISCOVERY_FAILED: &str = "Looking for credentials failed";
pub const JOB_ENDED: &str = "A background task ended without a result";

pub fn source_hint() -> Hint {
    h(
        "The chosen credentials could not be read.",
        "Check the file named below, or choose another source.",
    )
}

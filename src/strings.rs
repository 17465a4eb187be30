//! Every sentence a user reads, in one place, so wording stays consistent and a second language
//! can be added without touching screens or logic.

pub mod apply;

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
            "Alibaba Cloud did not accept the form of the request's signature.",
            "If ramwiz signed with V1 (the default), the account may accept only V3: run again with --signature v3 (or RAMWIZ_SIGNATURE=v3). Otherwise a proxy changed the request or ramwiz has a bug; please report it with the log file.",
        ),
        "InvalidTimeStamp.Expired" => h(
            "This computer's clock differs from Alibaba Cloud's by more than 15 minutes.",
            "Set the clock right (enable NTP time sync), then try again.",
        ),
        "InvalidTimeStamp.Format" | "MissingParameter" | "IllegalTimestamp" => h(
            "The request was missing a parameter or had a malformed one.",
            "This is a bug in ramwiz; please report it with the log file.",
        ),
        "InvalidAction.NotFound" => h(
            "The endpoint does not have the API ramwiz called: it is not Alibaba Cloud's RAM or STS, or not the version ramwiz speaks.",
            "Check --ram-endpoint and --sts-endpoint (or RAMWIZ_RAM_ENDPOINT, RAMWIZ_STS_ENDPOINT); without them, ramwiz uses ram.aliyuncs.com and sts.aliyuncs.com.",
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

/// Why a signature was refused, as the verdict on `SignatureDoesNotMatch` reads (cloud::error).
pub const SIGNATURE_VERDICT_WRONG_SECRET: &str = "the AccessKey secret is wrong";
pub const SIGNATURE_VERDICT_ALTERED: &str = "the request was altered on the way";
pub const SIGNATURE_VERDICT_UNKNOWN: &str = "no detail from the server";

pub const SIGNATURE_HINT_WRONG_SECRET: Hint = h(
    "The AccessKey secret does not belong to this AccessKey ID (both sides signed the same request).",
    "Paste the secret again, or choose another profile.",
);
pub const SIGNATURE_HINT_ALTERED: Hint = h(
    "Alibaba Cloud received a different request from the one ramwiz signed: something on the way (a proxy?) changed it.",
    "Check HTTPS_PROXY and any proxy in between; the log file has both strings to compare.",
);

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

/// A key was made but its answer (with the one-time secret) was lost.
pub fn orphan_made_hint() -> Hint {
    h(
        "Alibaba Cloud created the AccessKey, but its answer, with the secret, never arrived. Nobody can ever read that secret, so the key is useless; it is listed as orphaned.",
        "Delete the orphaned key (it takes one of the user's two key slots), then create a new one. ramwiz does not create another key on its own.",
    )
}

pub const UNREADABLE_ERROR: &str = "the error answer was not readable JSON";
pub const PLAN_MKDIR: &str = "create the directory if it is missing (mode 0700)";
pub const DRY_RUN_REFUSED: &str = "dry run: this call would change the account, so it was not sent";

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
    ("Sign in", "with an identity that may manage RAM users"),
    (
        "Installer user",
        "create the installer's RAM user, or pick one",
    ),
    (
        "AccessKey",
        "create its key and save the one-time secret safely",
    ),
    (
        "Install policy",
        "AdministratorAccess, or the least-privilege OKD policy",
    ),
    ("ccoctl", "extract it from the OKD release image"),
    (
        "Components",
        "the cluster components' RAM users, made by ccoctl",
    ),
];
/// The steps' names in the step bar when the terminal is narrow.
pub const STEPS_SHORT: [&str; 6] = ["Sign in", "User", "Key", "Policy", "ccoctl", "Components"];
pub const WELCOME_DEMO: &str = "Demo mode: everything runs against a simulated Alibaba Cloud on this computer. Nothing leaves it, and your home directory is not touched.";
pub const WELCOME_START: &str = "Press Enter to sign in.";
// One line each at 80 columns: the welcome screen fits 80×24 whole.
pub const WELCOME_RECOVER: &str =
    "Lost a key's secret? Press r: a new key first, then the old one is retired.";
pub const RECOVER_INTRO: &str = "A secret cannot be read back from Alibaba Cloud, only replaced. Choose the key whose secret is lost: ramwiz creates a new key, saves it where the lost one was, verifies it, and only then deactivates and deletes the old one.";
pub const RECOVER_KEYRING: &str = "in the OS keyring";
pub const RECOVER_DEACTIVATE: &str = "The new key works. Press d to deactivate the old key ({old}), or k to keep it active (then both keys work).";
pub const RECOVER_CHECK: &str = "The old key ({old}) is deactivated. Check that nothing that used it broke (it can still be re-enabled in the console). Then press x to delete it for good, or k to keep it deactivated.";
pub const RECOVER_DONE: &str = "Recovery complete: the new key is saved and verified.";
pub const RECOVER_OLD_KEY: &str = "Old key";
pub const RECOVER_OLD_DELETED: &str = "deleted";
pub const RECOVER_OLD_INACTIVE: &str =
    "deactivated (it can be re-enabled in the console, or deleted there)";
pub const RECOVER_OLD_ACTIVE: &str = "still active: whoever has its secret can still use it; retire it in the console, or with ramwiz (r on the welcome screen)";
pub const RECOVER_SAVE_HINT: &str = "Press s to save a report of the recovery (no secret in it).";
pub const WELCOME_TEARDOWN: &str =
    "Removing a cluster? Press t to delete the RAM users ccoctl made for it.";

pub const SIGNIN_TITLE: &str = "Sign in";
pub const SIGNIN_INTRO: &str = "Choose the credentials ramwiz signs in with. They must be allowed to manage RAM users (AliyunRAMFullAccess or AdministratorAccess).";
pub const SIGNIN_PASTE: &str = "Paste an AccessKey pair…";
pub const SIGNIN_NO_SOURCES: &str = "No credentials were found. ramwiz looked in:";
/// Where a person makes a key when they have none (the RAM console's AccessKey page).
pub const SIGNIN_MAKE_KEY: &str = "To make one: in the RAM console (https://ram.console.aliyun.com/users), open Users, then the user that may manage RAM, then Create AccessKey. Then paste the pair here (Enter on \"Paste an AccessKey pair\", or p).";
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
pub const IDENTITY_SIGNATURE: &str = "Requests signed with";
pub const IDENTITY_RAM_YES: &str = "yes";
pub const IDENTITY_RAM_NO: &str = "no";
pub const IDENTITY_RAM_UNKNOWN: &str = "could not tell";
pub const IDENTITY_OWNER_WARNING: &str = "This is the account owner's (root) AccessKey. Alibaba Cloud recommends against using it: once the installer's RAM user exists, consider disabling this key in the console.";
pub const IDENTITY_NO_RAM: &str = "This identity may not manage RAM users, so ramwiz cannot create the installer's user with it. Ask the account administrator to attach AliyunRAMFullAccess (or AdministratorAccess), or sign in with another identity.";
pub const IDENTITY_NEXT: &str = "Press Enter to continue with the installer's RAM user, or Esc to sign in with other credentials.";

pub const ERROR_TITLE: &str = "Something went wrong";
pub const ERROR_WHAT: &str = "What happened";
pub const ERROR_TODO: &str = "What to do";
pub const ERROR_DETAIL: &str = "Detail";

pub const QUIT_CONFIRM: &str = "A request is still running. Quit anyway? (y / n)";
pub const QUIT_CONFIRM_SECRET_SAVED: &str = "The secret is saved where this screen says, and ramwiz will not show it again. Quit now? (y / n)";
pub const QUIT_CONFIRM_UNSAVED: &str =
    "The new key's secret is saved nowhere: quitting now loses it for good. Quit anyway? (y / n)";
/// The marks of a pane with text out of sight, and the key that scrolls it.
pub const MORE_UP: &str = "↑ more";
pub const MORE_DOWN: &str = "more ↓";
pub const MORE_KEYS: &str = " PgDn";
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
pub const JOB_PANICKED: &str = "an internal error stopped it (see the log file)";
pub const JOB_ENDED: &str = "A background task ended without a result";

pub fn source_hint() -> Hint {
    h(
        "The chosen credentials could not be read.",
        "Check the file named below, or choose another source.",
    )
}

// ---- the installer's user ----------------------------------------------------------------------
pub const USER_NAME_EMPTY: &str = "Enter a user name.";
pub const USER_NAME_LONG: &str = "A user name has at most 64 characters.";
pub const USER_LIKE_COMPONENT: &str = "This name has the shape of the users ccoctl makes for a cluster's components (<name>-openshift-…). The installer needs a user of its own: a component's user would get the install policy, and the cluster's teardown deletes it.";
pub const USER_NAME_CHARS: &str = "Use only letters, digits, '.', '_' and '-'.";
pub const DISPLAY_NAME_EMPTY: &str = "Enter a display name (1 to 128 characters).";
pub const DISPLAY_NAME_LONG: &str = "A display name has at most 128 characters.";
pub const COMMENTS_LONG: &str = "Comments have at most 128 characters.";
pub const USER_EXISTS_OFFER: &str = "A RAM user with this name already exists. Press Enter to select it instead, or change the name.";
pub const USER_CHOICE_TITLE: &str = "The installer's RAM user";
pub const USER_CHOICE_INTRO: &str = "The OKD installer signs in as a RAM user of its own. Create one for it, or use one that already exists.";
pub const USER_CHOICE_CREATE: &str = "Create a new RAM user";
pub const USER_CHOICE_CREATE_WHY: &str = "recommended: a user that does only this";
pub const USER_CHOICE_SELECT: &str = "Use an existing RAM user";
pub const USER_CHOICE_SELECT_WHY: &str = "pick one from this account's users";
pub const CREATE_USER_TITLE: &str = "Create the installer's RAM user";
pub const CREATE_USER_FIELDS: [&str; 3] = ["User name", "Display name", "Comments"];
pub const CREATE_USER_RULE: &str = "1–64 characters: letters, digits, '.', '_' and '-'. The display name follows the user name until you edit it.";
pub const CREATE_USER_BUSY: &str = "Creating the user (CreateUser)…";
pub const SELECT_USER_TITLE: &str = "Select the installer's RAM user";
pub const SELECT_FILTER: &str = "Filter";
pub const SELECT_LOADING: &str = "loading more users…";
pub const SELECT_NONE: &str = "No user matches the filter.";
pub const SELECT_KEYS: &str = "AccessKeys";
pub const SELECT_POLICIES: &str = "Policies";
pub const SELECT_DETAILS_LOADING: &str = "loading…";

// ---- destination and keys ------------------------------------------------------------------------
pub const DEST_TITLE: &str = "Where the new AccessKey will be saved";
pub const DEST_INTRO: &str =
    "This is checked before any key is created, so the one-time secret has somewhere safe to go.";
pub const DEST_FIELDS: [&str; 2] = ["Credentials file", "Profile"];
pub const DEST_KEYRING: &str = "Also store the secret in the OS keyring";
pub const DEST_KEYRING_CHECKING: &str = "Checking whether an OS keyring answers…";
pub const DEST_KEYRING_NONE: &str =
    "No OS keyring answered, so the credentials file is the only store";
pub const DEST_PROFILE_NOTE: &str = "ccoctl reads only the [default] profile; with another name, ramwiz hands the key to ccoctl through its environment later.";
pub const DEST_REPLACE: &str = "This profile already holds AccessKey";
pub const DEST_REPLACE_OTHER: &str =
    "This profile already exists and holds no AccessKey (a profile of another kind).";
pub const DEST_REPLACE_CHOICE: &str =
    "b: back up the file and replace the profile · n: use another profile name";
pub const VERIFIED_KEPT: &str =
    "Unchanged: the profile already held this working key of the user; no key was made.";
pub const DEST_HELD_CHECKING: &str = "Checking whether that key is this user's, and works…";
pub const DEST_KEEP_CHOICE: &str = "k: keep it (no new key is made)";

pub fn held_works(user: &str) -> String {
    format!("It is {user}'s key, and it works (signed in as {user} with it just now).")
}
pub const DEST_HOLDS_SIGNED_IN: &str = "This profile holds the key you are signed in with";
pub const DEST_HOLDS_SIGNED_IN_WHY: &str = "Replacing it would leave you, and every tool that reads this profile, without that sign-in; ramwiz never replaces it.";
pub const DEST_MOVE_CHOICE: &str = "m: move your key to a profile of its own, then put the installer's key here · n: use another profile name";
pub const DEST_MOVE_ASK: &str = "Move your key to profile:";
pub const DEST_MOVE_HOW: &str = "One write of the file (after a backup): your key goes to this profile, unchanged and still working; the installer's key goes to";

pub fn move_name_bad(name: &str) -> String {
    format!(
        "[{name}] cannot be a profile name: use letters, digits, '.', '_', '-' or '@' (at most 64)."
    )
}

pub fn move_name_taken(name: &str) -> String {
    format!("The file already has a profile [{name}]; choose a name no profile has.")
}

pub fn answer_too_large(n: usize, max: usize) -> String {
    format!(
        "the server's answer is larger than ramwiz reads ({n} bytes or more; at most {max}): not an Alibaba Cloud answer"
    )
}

pub fn moving_to(from: &str, to: &str) -> String {
    format!("your signed-in key moves from [{from}] to [{to}] in the same write")
}

pub fn moved_to(to: &str) -> String {
    format!(
        "your signed-in key is now in [{to}], unchanged (sign in with that profile from now on)"
    )
}

pub fn profiles_removed(
    names: &[String],
    file: &std::path::Path,
    backup: Option<&std::path::Path>,
) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("[{n}]")).collect();
    let backup = backup.map_or_else(String::new, |b| format!(" (backup: {})", b.display()));
    format!(
        "The deleted key's profile {} is removed from {}{backup}.",
        names.join(", "),
        file.display()
    )
}

pub const ADMIN_CONFIRM_HEAD: &str = "AdministratorAccess grants everything in this account.";
pub const ADMIN_CONFIRM_TEXT: &str = "Whoever holds the installer's key may then do any action on any resource of the account: read and delete every bucket, instance and database, create and delete RAM users and their keys, change billing. The OKD policy grants only the actions the installer and ccoctl call.";
pub const ADMIN_CONFIRM_ASK: &str =
    "Attach AdministratorAccess to this user? y: attach it · n: choose again";

pub fn detach_offer(name: &str) -> String {
    format!("The policy {name} is attached too (chosen before). d detaches it.")
}
pub fn detach_ask(name: &str, user: &str) -> String {
    format!("Detach the policy {name} from the user {user}? y: detach it · n: keep both")
}
pub fn detach_running(name: &str) -> String {
    format!("Detaching {name}…")
}
pub fn detach_done(name: &str) -> String {
    format!("The policy {name} is detached.")
}
pub fn detach_failed(name: &str) -> String {
    format!("{name} could not be detached")
}

pub fn replaced_active(id: &str) -> String {
    format!(
        "The profile held {id}, an older key of this user. It is still Active, and no profile holds it now: Enter deactivates it (recommended), k keeps it."
    )
}
pub fn replaced_kept(id: &str) -> String {
    format!(
        "{id}, the older key this one replaced, is kept Active; no profile holds it (deactivate it in the RAM console when nothing uses it)."
    )
}
pub fn replaced_inactive(id: &str) -> String {
    format!(
        "{id}, the older key this one replaced, is deactivated. x deletes it for good; Enter goes on."
    )
}
pub fn replaced_left_inactive(id: &str) -> String {
    format!(
        "{id}, the older key this one replaced, is deactivated (kept, it can be activated again)."
    )
}
pub fn replaced_deleted(id: &str) -> String {
    format!("{id}, the older key this one replaced, is deleted.")
}

pub fn plan_forget(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("[{n}]")).collect();
    format!(
        "remove profile {} (it holds the key to delete; the file is backed up first)",
        names.join(", ")
    )
}

pub fn profiles_not_removed(why: &str) -> String {
    format!(
        "The deleted key's profile is still in the credentials file ({why}); remove it by hand, it can only fail now."
    )
}

/// The sign-in source after the signed-in key moved to `to`.
pub fn moved_source_label(to: &str) -> String {
    format!("profile {to} (moved there by ramwiz)")
}
pub const DEST_RESAVE: &str = "Nothing could store the secret. Choose another destination; the secret is still held in memory.";
pub const DEST_CHECKING: &str = "Checking the destination…";
pub const KEYRING_UNKNOWN: &str = "the keyring check did not finish";
pub const KEYS_TITLE: &str = "AccessKeys of";
pub const KEYS_INTRO: &str = "A RAM user may have at most 2 AccessKeys. A secret is shown only once, when its key is created.";
pub const KEYS_NONE: &str = "This user has no AccessKey yet.";
pub const KEYS_LOADING: &str = "Loading the user's AccessKeys…";
pub const KEYS_USED_BY: &str = "used by profile";
pub const KEYS_ONLY_ACTIVE_USED: &str = "the only active key a local profile uses";
pub const KEY_ORPHAN_FIRST: &str =
    "This user has an orphaned key nobody has the secret of: delete or keep it first.";
pub const KEY_LIMIT_CHOOSE: &str = "This user already has 2 AccessKeys. Deactivate one nobody uses (d), then delete it (x), before creating a new one.";
pub const KEY_ONLY_ACTIVE: &str = "This is the user's only active key: it is never deactivated before a new key works. Delete the inactive key (x) to make room, or create the new key first.";
pub const KEY_ALREADY_INACTIVE: &str = "This key is already inactive; x deletes it.";
pub const KEY_DEACTIVATE_FIRST: &str =
    "Deactivate the key first (d) and check nothing broke; then it can be deleted.";
pub const KEY_NONE_TO_PASTE: &str = "Select the key whose secret you have.";
pub const RETIRE_MISTYPED: &str = "That is not the last 4 characters of the key ID.";
pub const RETIRE_PROMPT_DEACTIVATE: &str = "Deactivate";
pub const RETIRE_PROMPT_DELETE: &str = "Delete for ever";
pub const RETIRE_PROMPT_TYPE: &str = "type its last 4 characters and press Enter";
pub const PASTE_KEY_SECRET: &str = "Paste the secret of";
pub const CAPTURE_TITLE: &str = "Creating the AccessKey";
pub const CAPTURE_CREATING: &str = "Creating the AccessKey (CreateAccessKey)…";
pub const CAPTURE_SAVING: &str = "Saving it to the credentials file…";
pub const CAPTURE_KEYRING: &str = "Saving it to the OS keyring…";
pub const CAPTURE_FAILED: &str = "The AccessKey step failed";

// ---- the secret screen and verification ----------------------------------------------------------
pub const SECRET_TITLE: &str = "The new AccessKey";
pub const SECRET_ONCE: &str =
    "Alibaba Cloud shows this secret only now. It has been saved as listed below.";
pub const SECRET_TITLE_PASTED: &str = "The AccessKey you pasted the secret of";
pub const SECRET_PASTED_SAVED: &str = "The secret you pasted belongs to this AccessKey (a signed call said so). It has been saved as listed below.";
pub const SECRET_NOT_SAVED: &str = "NOT SAVED: no store accepted the secret. Choose another destination (o), or copy it (r to reveal, c to copy) and confirm you have it.";
pub const SECRET_FILE: &str = "Credentials file";
pub const SECRET_KEYRING: &str = "OS keyring";
pub const SECRET_KEY_ID: &str = "AccessKey ID";
pub const SECRET_SECRET: &str = "AccessKey secret";
pub const SECRET_PASTED: &str = "(you pasted it; ramwiz does not show it again)";
pub const SECRET_CONFIRM: &str = "Once you continue, ramwiz forgets the secret and it is gone from this screen. Continue? (y / n)";
/// What `c` did, said as it is known: OSC 52 is a request the terminal may ignore.
pub const SECRET_COPIED: &str = "sent to the terminal's clipboard (OSC 52); if your terminal or tmux ignores OSC 52, reveal it (r) and copy it by hand";
pub const SECRET_COPIED_WITH: &str = "copied to the clipboard with";
pub const SECRET_COPIED_ALSO: &str = "and sent to the terminal (OSC 52)";
pub const SECRET_MODE_FIXED: &str = "the file was readable by others (mode {mode}); it is now 0600";
pub const SECRET_BACKUP: &str = "previous file backed up to";
pub const VERIFY_TITLE: &str = "Verifying the new AccessKey";
pub const VERIFY_WAIT: &str = "Signing a call with the new key (STS GetCallerIdentity); a new key can take a few seconds to work…";
pub const VERIFY_FAILED: &str = "The new AccessKey could not be verified";
pub const VERIFY_WRONG_USER: &str =
    "The key works, but it belongs to another identity than the chosen user.";
pub const VERIFIED_TITLE: &str = "The installer's AccessKey works";
pub const VERIFIED_NEXT: &str =
    "Press Enter to attach the install policy to this user (the next step).";
pub const USER_STEP_FAILED: &str = "The RAM user step failed";
pub const KEYRING_FAILED: &str = "the OS keyring did not answer";

/// Guidance for a destination that cannot take the key.
pub fn dest_hint(kind: DestProblem) -> Hint {
    match kind {
        DestProblem::Malformed => h(
            "The credentials file has duplicate sections or lines that Alibaba's SDKs read differently, so ramwiz will not rewrite it.",
            "Fix the file by hand, or choose another file (ALIBABA_CLOUD_CREDENTIALS_FILE tells the tools where it is).",
        ),
        DestProblem::IsDirectory => h(
            "The path is a directory.",
            "Give the path of a file (it will be created).",
        ),
        DestProblem::NotWritable => h(
            "ramwiz cannot create or replace a file there.",
            "Choose a directory you can write to, or fix its permissions.",
        ),
        DestProblem::BadProfile => h(
            "That profile name cannot be written safely.",
            "Use letters, digits, '.', '_', '-' or '@' (at most 64).",
        ),
        DestProblem::Taken => h(
            "The name chosen for your signed-in key is taken by another profile of the file.",
            "Choose a name no profile of the file has.",
        ),
        DestProblem::UnsafePath => h(
            "Another user could change a directory or a link on the way to this file, and so swap what ramwiz writes there.",
            "Fix the permission named above (or give the real path, not the link), or choose a file in a directory only you or root can write.",
        ),
        DestProblem::Locked => h(
            "Another ramwiz is saving a key in the same directory right now.",
            "Wait for it to finish, then save again.",
        ),
        DestProblem::Other => h(
            "The file could not be read or written.",
            "Check the path and its permissions.",
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
pub const CAPTURE_MAYBE_CREATED: &str = " — the outcome is unknown and the key list could not be read to settle it; check the user's keys before creating another.";
pub const NO_KEY_HELD: &str =
    "ramwiz holds no new key in memory (it was never created, or ramwiz restarted).";

pub fn wrong_user_hint() -> Hint {
    h(
        VERIFY_WRONG_USER,
        "Check that the secret belongs to a key of the chosen user.",
    )
}
pub const ORPHANS_FAILED: &str = "Checking for orphaned keys failed";
pub const LEFTOVER_REMOVED: &str =
    "Removed a temporary file an interrupted run of ramwiz left (it held no key to recover):";
pub const LEFTOVER_NOT_RECOVERED: &str = "An interrupted run left the secret of a key in a temporary file, but it could not be used; the file is kept:";
pub const LEFTOVER_RECOVERED: &str = "Recovered the key";
pub const LEFTOVER_KEPT: &str = "Kept a temporary file an interrupted run of ramwiz left: it holds the secret of a key stored nowhere else on this computer (move that profile into your credentials file, or delete the file once the key is deleted):";
pub const JOURNAL_UNREADABLE: &str =
    "The journal could not be read, so no orphaned key was looked for:";
pub const LEFTOVER_RECOVERED_TO: &str = "that an interrupted run had made but not saved: its secret, found in the run's temporary file, is now in";
pub const LEFTOVER_RECOVERED_WORKS: &str = "and a signed call with it works.";
pub const ORPHANS_TITLE: &str = "Orphaned AccessKeys";
pub const ORPHANS_INTRO: &str = "An earlier ramwiz run was interrupted after Alibaba Cloud created these keys and before their secrets were saved. Nobody has their secrets, so they can never be used; they only take one of the user's two key slots.";
pub const ORPHANS_INTRO_NOW: &str = "Alibaba Cloud just created this key, but its answer, with the secret, never arrived. Nobody has the secret, so the key can never be used; it only takes one of the user's two key slots. No other key is created until it is dealt with.";
pub const ORPHANS_ADVICE: &str = "Delete each one (x, then type its last 4 characters), or keep it (k) if you know where its secret is.";
pub const RESUME_FAILED: &str = "The earlier run could not be checked";
pub const RECHECKING: &str =
    "Checking what still holds of the earlier run (the user, the saved key, the policy, ccoctl)…";
pub const WELCOME_RESUME: &str = "An earlier run did not finish: press u to resume where you left off (every step is checked again first). User:";
pub const WELCOME_RESUME_RECOVERY: &str = "A recovery of a lost key did not finish: press u to resume it (the new key is checked first). User:";
pub const WELCOME_MANIFESTS_GONE: &str = "The components' manifests of the last run are gone: press u to provision them again. Each run of create-ram-users mints a new key per component; the third run invalidates the first run's keys.";
pub const NOT_SIGNED_IN: &str = "nobody is signed in (sign in first)";
pub const KEYRING_OFF: &str = "the keyring is turned off";
pub const DEST_KEYRING_DEMO: &str = " (demo: an in-memory stand-in, not your real keyring)";

// ---- the install policy --------------------------------------------------------------------------
pub const POLICY_NAME_EMPTY: &str = "Enter a policy name.";
pub const POLICY_NAME_LONG: &str = "A policy name has at most 128 characters.";
pub const POLICY_NAME_CHARS: &str = "Use only letters, digits and '-' (no '_' or '.').";
pub const POLICY_DESCRIPTION_LONG: &str = "A description has at most 1,024 characters.";
pub const POLICY_BOTH_ATTACHED: &str = "The user has both AdministratorAccess and the OKD install policy attached: AdministratorAccess alone already allows everything; detach one of them to keep the user's rights clear.";
pub const POLICY_OTHERS_ATTACHED: &str =
    "The user also carries other policies, which the installer does not need:";
pub const PROBE_CANCELLED: &str = "the check was stopped";
pub const POLICY_CHOICE_TITLE: &str = "The install policy";
pub const POLICY_CHOICE_INTRO: &str = "The installer's user needs permission to create the cluster's resources and the components' RAM users. Choose what to attach to";
pub const POLICY_ADMIN: &str = "AdministratorAccess";
pub const POLICY_ADMIN_TEXT: &str = "Alibaba's system policy that allows every action on every resource of the whole account. Simple, and it always suffices — but whoever holds this key controls the account: every service, every bill, every user.";
pub const POLICY_CUSTOM: &str = "The OKD install policy (least privilege)";
pub const POLICY_CUSTOM_TEXT: &str = "The custom policy from the OKD documentation: only the actions the installer and ccoctl call. It allows, per service:";
pub const POLICY_PASSROLE: &str =
    "plus ram:PassRole, only towards ECS (condition acs:Service = ecs.aliyuncs.com).";
pub const POLICY_VIEWER_TITLE: &str = "The OKD install policy (as it will be sent, pretty-printed)";
pub const POLICY_VIEWER_TITLE_SHORT: &str = "The OKD install policy";
pub const POLICY_FORM_TITLE: &str = "The custom install policy";
pub const POLICY_FORM_FIELDS: [&str; 2] = ["Policy name", "Description"];
pub const POLICY_FORM_RULE: &str = "1–128 characters: letters, digits and '-'. ramwiz creates it, or reuses it when it already says the same.";
pub const POLICY_DELETE_VERSION: &str = "Also allow ram:DeletePolicyVersion";
pub const POLICY_DELETE_VERSION_WHY: &str = "ccoctl's delete-ram-users needs it when the cluster is torn down (after any re-run of create-ram-users); the published policy lacks it.";
pub const POLICY_DOC_SIZE: &str = "characters sent, of 6,144 allowed";
pub const POLICY_CHECKING: &str = "Looking for an existing policy of that name (GetPolicy)…";
pub const POLICY_REVIEW_TITLE: &str = "The policy exists, with another document";
pub const POLICY_REVIEW_INTRO: &str = "A custom policy of this name already exists and allows something else. Updating adds a new version and makes it the default; other users of the policy get the change too.";
pub const POLICY_REVIEW_ADDED: &str = "added";
pub const POLICY_REVIEW_REMOVED: &str = "removed";
pub const POLICY_REVIEW_SAME_ACTIONS: &str =
    "Same actions; the conditions, resources or layout differ.";
pub const POLICY_REVIEW_ROTATE: &str = "It already has 5 versions, the most allowed: updating deletes its oldest non-default version. Press y only if nothing needs that version.";
pub const POLICY_REVIEW_ASK: &str = "Update the policy? (y / n)";
pub const APPLYING_TITLE: &str = "Attaching the install policy";
pub const APPLYING: &str = "Creating or updating the policy and attaching it to the user…";
pub const POLICY_DONE_TITLE: &str = "The install policy is attached";
pub const POLICY_DONE_CREATED: &str = "created";
pub const POLICY_DONE_REUSED: &str = "already up to date: nothing changed";
pub const POLICY_DONE_VERSION: &str = "updated to version";
pub const POLICY_DONE_SYSTEM: &str = "system policy";
pub const POLICY_ATTACHED_NOW: &str = "Attached to the user now";
pub const PROBE_RUNNING: &str =
    "Checking with the installer's new key that the permission is in effect (ListUsers)…";
pub const PROBE_PASSED: &str = "The installer's key may manage RAM users: the policy is in effect.";
pub const PROBE_FAILED: &str = "The installer's key is not allowed yet";
pub const POLICY_NEXT: &str =
    "Press Enter to go on to ccoctl, which creates the components' credentials.";
pub const POLICY_STEP_FAILED: &str = "The install policy step failed";
pub const POLICY_RACE: &str =
    " — a policy of this name appeared meanwhile with another document; review it again.";
pub const MISSING_PERMISSION: &str = "missing permission";
pub const IDENTITY_LACKS: &str = "this identity lacks";

// ---- ccoctl and the components ---------------------------------------------------------------------
pub const CCO_NAME_EMPTY: &str = "Enter a name for the components' RAM resources.";
pub const CCO_NAME_CHARS: &str = "Use only letters, digits, '.', '_' and '-' in the name.";
pub const CCO_NAME_TRUNCATED: &str = "characters): ccoctl cuts RAM user names to 64";
pub const CCO_NAME_COLLIDES: &str =
    "Two components would get the same RAM user after the cut to 64 characters:";
pub const REGION_BAD: &str =
    "That is not an Alibaba Cloud region ID (like cn-hangzhou or ap-southeast-1).";
pub const REGION_UNKNOWN: &str =
    "ramwiz does not know this region; check the ID (new regions appear over time).";
pub const TOOL_INSTALLER_MISSING: &str =
    "Give the path of openshift-install (the installer of the OKD release you will install).";
pub const TOOL_OC_MISSING: &str = "Give the path of oc (the OpenShift client).";
pub const MANUAL_BY_HAND: &str = "set credentialsMode: Manual in it by hand";
pub const TOOL_CANCELLED: &str = "✗ cancelled: the tool was stopped.";
pub const TEARDOWN_CONFIRM_MISMATCH: &str = "Type the name exactly to confirm the teardown.";
pub const PREPARE_FAILED: &str = "ccoctl could not be prepared";
pub const PROVISION_FAILED: &str = "The components' credentials could not be created";
pub const TEARDOWN_FAILED: &str = "The teardown failed";
pub const ARCH_UNKNOWN: &str = "The installer does not say which architecture its release is for; if ccoctl fails to start, the release may be for another architecture than this computer.";
pub const WHY_VERSION: &str =
    "Ask the installer which release it installs (version, release image, architecture).";
pub const WHY_RELEASE_INFO: &str =
    "Find the cloud-credential-operator image inside the release, where ccoctl lives.";
pub const WHY_EXTRACT: &str = "Copy ccoctl out of that image into the chosen directory.";
pub const WHY_HELP: &str =
    "Check that this ccoctl knows Alibaba Cloud (its help must list alibabacloud).";
pub const SURVEY_HANDOVER: &str = "ramwiz hands the terminal to openshift-install for its questions (platform, region, base domain, cluster name, pull secret); it comes back when they are answered.";
pub const SURVEY_FAILED: &str = "openshift-install create install-config did not finish: the install dir has no install-config.yaml yet.";
pub const WHY_SURVEY: &str = "Ask the installer's questions (platform, region, base domain, cluster name, pull secret) and write install-config.yaml; it finds the installer's key by path, so it never asks for it or rewrites a credentials file.";
pub const WHY_MANIFESTS: &str = "Make the cluster's manifests from install-config.yaml (which the installer then consumes), so the components' Secret manifests can go beside them.";
pub const WHY_CREDREQS: &str = "Extract the release's CredentialsRequests for Alibaba Cloud: one per component that needs a RAM user.";
pub const WHY_CREATE_RAM_USERS: &str = "Create a RAM user, policy and AccessKey per component, and write their Secret manifests (the installer's key is passed in ccoctl's environment only).";
pub const WHY_DELETE_RAM_USERS: &str =
    "Delete the components' RAM users, keys and policies made by ccoctl under this name.";

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
            "The tool was not found.",
            "Install it — openshift-install and oc come from the OKD release you install (https://github.com/okd-project/okd/releases) — or give its full path.",
        ),
        ToolProblem::Failed => h(
            "The tool stopped with an error.",
            "Read its last lines below and in the log pane; fix the cause and try again.",
        ),
        ToolProblem::Killed => h(
            "The tool was killed before it finished.",
            "Run the step again; ccoctl reuses what it already created.",
        ),
        ToolProblem::Unauthorized => h(
            "The image registry refused access (unauthorized).",
            "Give a pull secret that can read this release (from console.redhat.com for OCP); OKD's public images on quay.io need none.",
        ),
        ToolProblem::Glibc => h(
            "This ccoctl was built for a newer C library than this computer has.",
            "Run it on a newer Linux (RHEL 9 era), or use a release whose ccoctl matches this system.",
        ),
        ToolProblem::NotLinux => h(
            "ccoctl runs only on Linux.",
            "Run this step on a Linux computer (a VM or container will do).",
        ),
        ToolProblem::PullSecret => h(
            "The pull secret is not usable: it must be a JSON file with an \"auths\" object.",
            "Download it again, or leave the field empty for OKD's public images.",
        ),
        ToolProblem::Unexpected => h(
            "The tool printed something ramwiz did not expect.",
            "Check the tool's version; the log pane shows what it printed.",
        ),
        ToolProblem::TooOld => h(
            "This release is older than 4.10: it has no Alibaba Cloud support.",
            "Use an OKD/OpenShift 4.10–4.15 release.",
        ),
        ToolProblem::TooNew => h(
            "From 4.16 on, the installer has no Alibaba Cloud platform (it was removed), so ccoctl credentials would be of no use.",
            "Use an OKD/OpenShift 4.10–4.15 release.",
        ),
        ToolProblem::NoReleaseImage => h(
            "The installer did not say which release image it installs.",
            "Use an installer built for a release (not a development build), or set OPENSHIFT_INSTALL_RELEASE_IMAGE_OVERRIDE.",
        ),
        ToolProblem::ArchMismatch => h(
            "The release is for another processor architecture than this computer, so its ccoctl would not run here.",
            "Use the release for this computer's architecture, or run this step on a matching computer.",
        ),
        ToolProblem::NoAlibaba => h(
            "This ccoctl does not know Alibaba Cloud (its help lists no alibabacloud command).",
            "Use a 4.10–4.15 release, whose ccoctl has the alibabacloud commands.",
        ),
        ToolProblem::NoRequests => h(
            "The release has no CredentialsRequests for Alibaba Cloud.",
            "Check that the release supports Alibaba Cloud (4.10–4.15).",
        ),
        ToolProblem::ManifestsNotManual => h(
            "The install dir's manifests were made from an install-config without credentialsMode: Manual, the only mode Alibaba Cloud installs accept. openshift-install consumed that install-config, and ramwiz does not edit the manifests.",
            "Make the install-config again: openshift-install create install-config --dir <a new dir>, then run ramwiz with that dir (it sets credentialsMode: Manual and makes the manifests).",
        ),
        ToolProblem::StsKey => h(
            "You signed in with temporary STS credentials, which ccoctl cannot use (it reads only an AccessKey ID and secret).",
            "Sign in with a long-term AccessKey of a RAM user allowed to manage RAM users.",
        ),
        ToolProblem::NoKey => h(
            "ramwiz holds no installer key in memory (it restarted since the key was created).",
            "Create or paste the installer's key again in the AccessKey step.",
        ),
    }
}
pub const CCO_TOOLS_TITLE: &str = "ccoctl: the tools of your release";
pub const CCO_TOOLS_INTRO: &str = "ccoctl is extracted from the OKD release the installer installs. ramwiz runs each tool below and shows why and what it prints.";
pub const CCO_TOOL_FIELDS: [&str; 4] = [
    "openshift-install",
    "oc",
    "Pull secret (optional)",
    "Extract ccoctl into this directory",
];
pub const CCO_PULL_SECRET_NOTE: &str = "OKD's release images on quay.io are public: leave the pull secret empty unless the release needs one (OCP does).";
pub const CCO_LOG: &str = "Tool output";
pub const CCO_PREPARING: &str = "Checking the release and extracting ccoctl…";
pub const PROV_TITLE: &str = "The components' credentials: ccoctl create-ram-users";
pub const PROV_RELEASE: &str = "Release";
pub const PROV_FIELDS: [&str; 5] = [
    "--name (prefix of every RAM user and policy)",
    "--region",
    "CredentialsRequests directory",
    "--output-dir",
    "Install dir (optional; gets the manifests)",
];
pub const PROV_NAME_NOTE: &str = "Leave --name empty to take it from the install dir: its infrastructure name once the manifests are made, else its install-config.yaml's cluster name.";
pub const PROV_NAME_NEEDED: &str = "Type a --name: the install dir names no cluster yet (no install-config.yaml, no manifests), so there is none to take. The cluster name you will give the installer is a good one.";
pub const PROV_REVIEW_TITLE: &str = "What ccoctl will create";
pub const PROV_NAME_IS: &str = "--name";
pub const PROV_REGION_IS: &str = "--region";
pub const PROV_COMPONENTS: &str = "Components (namespace/secret → RAM user)";
pub const PROV_RERUN: &str = "The output dir already holds manifests from an earlier run. ccoctl mints a new AccessKey for every component on every run; the third run deletes the first run's keys, so a cluster still using those manifests would break.";
pub const PROV_GO: &str = "Press Enter to run ccoctl alibabacloud create-ram-users.";
pub const PROV_GO_KEPT: &str =
    "Press Enter to go on with them: ccoctl does not run again (it would make new component keys).";
pub const PROV_NAME_FROM_EARLIER: &str = " (the earlier run's, whose manifests these are)";

pub fn prov_kept(output_dir: &str, n: usize) -> String {
    format!(
        "{output_dir} already holds the manifests of all {n} components, made by this release's ccoctl with this --name and --region; the install dir's copies match."
    )
}
pub const PROV_RUNNING: &str = "ccoctl is creating the components' RAM users…";
pub const PROV_DONE_TITLE: &str = "The components' credentials are ready";
pub const PROV_WRITTEN: &str = "Manifests written to";
pub const PROV_KEPT: &str = "Manifests unchanged (ccoctl not run again) in";
pub const PROV_NOT_PRIVATE: &str = "readable by others: run chmod 600 on it";
pub const PROV_NO_INSTALL_DIR: &str = "No install dir given: copy the manifests into <install dir>/manifests/ after `openshift-install create manifests`.";
pub const PROV_PLACING: &str = "Copying the manifests into the install dir…";
pub const PROV_COPIED: &str = "manifests are in";
pub const PROV_NOTHING_COPIED_YET: &str = "Nothing is copied into the install dir yet: it has no manifests for these to join. Press i (ramwiz then makes them and copies these in), or run the commands above.";
pub const PROV_COPIED_ONE: &str = "manifest is in";
pub const PROV_DIFFERING: &str =
    "Not overwritten (they differ from the new ones; press o to replace them):";
pub const PROV_NEEDS_MANUAL: &str = "install-config.yaml lacks credentialsMode: Manual, the only mode Alibaba Cloud installs accept. Press m to add it (the file is backed up first).";
pub const PROV_MANUAL_SET: &str =
    "credentialsMode: Manual set; the previous install-config.yaml is at";
/// `--autoplay`'s captions, one per screen: the screen's name as it reads on the screen, then
/// what happens on it (each fits one line of an 80-column terminal).
pub const AUTO_WELCOME: &str = "Welcome — the six steps ramwiz walks through; the setup starts";
pub const AUTO_SIGN_IN: &str = "Sign in — the demo's administrator profile is chosen";
pub const AUTO_CHECKING: &str = "Sign in — Alibaba Cloud is asked who this key belongs to";
pub const AUTO_IDENTITY: &str = "Signed in — an identity that may manage RAM users";
pub const AUTO_ORPHANS: &str = "Orphaned AccessKeys — left by an interrupted run; kept for now";
pub const AUTO_USER_CHOICE: &str = "The installer's RAM user — a new one will be created";
pub const AUTO_TYPE_USER: &str = "Create the installer's RAM user — typing its name";
pub const AUTO_CREATE_USER: &str = "Create the installer's RAM user — the name is valid";
pub const AUTO_SELECT_USER: &str = "Select the installer's RAM user — the highlighted one";
pub const AUTO_DESTINATION: &str =
    "Where the new AccessKey will be saved — checked before the key exists";
pub const AUTO_KEYS: &str = "AccessKeys of the user — none yet; one is created now";
pub const AUTO_CAPTURING: &str = "Creating the AccessKey — its secret is saved as it arrives";
pub const AUTO_SECRET: &str = "The new AccessKey — its one-time secret, masked and already saved";
pub const AUTO_VERIFYING: &str = "Verifying the new AccessKey — a call signed with the new key";
pub const AUTO_VERIFIED: &str = "The installer's AccessKey works — on to the install policy";
pub const AUTO_POLICY: &str = "The install policy — the choice between two policies";
pub const AUTO_POLICY_FORM: &str =
    "The custom install policy — its name, checked before it is sent";
pub const AUTO_POLICY_REVIEW: &str = "The policy exists, with another document — a new version";
pub const AUTO_APPLYING: &str = "Attaching the install policy — then checking it is in effect";
pub const AUTO_POLICY_DONE: &str = "The install policy is attached — and in effect: on to ccoctl";
pub const AUTO_CCOCTL: &str = "ccoctl: the tools of your release — openshift-install and oc";
pub const AUTO_EXTRACTING: &str = "Tool output — ccoctl is extracted from the release image";
pub const AUTO_EXTRACTED: &str = "ccoctl is ready — each command and what it printed, above";
pub const AUTO_PROVISION: &str = "The components' credentials — the cluster's name and region";
pub const AUTO_REVIEW: &str = "What ccoctl will create — a RAM user per component";
pub const AUTO_PROVISIONING: &str = "Components — ccoctl makes a user, policy and key for each";
pub const AUTO_DONE: &str = "The components' credentials are ready — the next commands first";
pub const AUTO_MANUAL: &str = "The components' credentials are ready — Manual mode is set next";
pub const AUTO_OVER: &str = "The demo is over: all six steps are done.";
pub const AUTO_OVER_KEYS: &str = "the controls are yours: PgDn scrolls, s saves a report, q quits";
pub const AUTO_KEYS_HINT: &str = "Space pauses · → next step · any other key takes over";
pub const AUTO_PAUSED_HINT: &str = "paused: Space resumes · → next step · any other key takes over";
pub const SUMMARY_USER: &str = "user";
pub const SUMMARY_KEY: &str = "key";
pub const SUMMARY_KEYRING: &str = "OS keyring";
pub const SUMMARY_POLICY: &str = "policy";
pub const SUMMARY_CCOCTL: &str = "ccoctl";
pub const REPORT_NOT_SAVED: &str = "The report was not saved.";
/// After a demo's summary, when its directory was a temporary one.
pub const DEMO_DIR_GOES: &str = "(The demo's temporary directory, and everything above in it, is removed now; run with --demo-dir DIR to keep it.)";
/// The first line of what is printed when the wizard exits.
pub const EXIT_DONE: &str = "done; what this run did:";
pub const EXIT_PARTIAL: &str = "quit before the end; what this run did so far:";
pub const CCO_LOG_ALL: &str = "Everything the tools printed in this run (l or Esc: the results)";
/// ccoctl extracted and checked; the screen that showed it waits for Enter.
pub const CCO_READY: &str = "ccoctl is ready:";
pub const CCO_READY_GO: &str = "Enter to continue";
pub const REPORT_SAVED: &str = "Report saved (no secrets in it):";
pub const REPORT_FAILED: &str = "The report could not be saved";
pub const PROV_NEXT: &str = "Next: create the cluster (the commands work as printed)";
pub const PROV_NAME_FROM_INFRA: &str = " (the infrastructure name of the manifests)";
pub const PROV_NAME_FROM_CLUSTER: &str = " (the cluster name in install-config.yaml)";
pub const PROV_STATE_EMPTY: &str = "no install-config.yaml yet. After ccoctl, ramwiz offers to run openshift-install create install-config (its questions), then makes the manifests.";
pub const PROV_STATE_CONFIG: &str = "install-config.yaml only. After ccoctl, ramwiz sets credentialsMode: Manual in it (backed up first) and runs openshift-install create manifests (which consumes it), then copies the components' manifests beside them.";
pub const PROV_STATE_MANIFESTS: &str = "the manifests are made, with credentialsMode: Manual. After ccoctl, the components' manifests are copied beside them.";
pub const PROV_WRITES_FILE: &str = "After ccoctl, ramwiz writes";
pub const PROV_WRITES_FILE_WHY: &str =
    "(0600): the installer's key as [default], the only profile openshift-install reads.";
pub const PROV_FILE_WRITTEN: &str =
    "For openshift-install, the installer's key is also the [default] profile (0600) of";
pub const PROV_MANIFESTS_MADE: &str = "openshift-install create manifests made the manifests (install-config.yaml is consumed; its backup stays).";
pub const PROV_OFFER_SURVEY: &str = "The install dir has no install-config.yaml yet: press i to run openshift-install create install-config now (its questions take over the terminal), or run the commands below.";
pub const NEXT_WHY_SURVEY: &str =
    "Answer the installer's questions; it writes install-config.yaml.";
pub const NEXT_WHY_MANUAL: &str = "Alibaba Cloud installs take only credentialsMode: Manual.";
pub const NEXT_WHY_MANIFESTS: &str = "Make the manifests (this consumes install-config.yaml).";
pub const NEXT_WHY_COPY: &str = "Put the components' Secret manifests beside them.";
pub const NEXT_WHY_CLUSTER: &str = "Create the cluster.";
pub const NEXT_WHY_TEARDOWN: &str = "Delete the components' RAM users, the day the cluster is removed (never before: it breaks a live cluster). Run it with an identity allowed to delete RAM users.";
pub const PROV_TEARDOWN_LATER: &str =
    "Keep for the day the cluster is removed (never before: it breaks a live cluster):";
pub const TEARDOWN_TITLE: &str = "Teardown: delete the components' RAM users";
pub const TEARDOWN_WARNING: &str = "Only when the cluster is being removed: this deletes the RAM users, keys and policies ccoctl made under this name, and a live cluster using them stops working.";
pub const TEARDOWN_FIELDS: [&str; 4] = [
    "ccoctl",
    "--name",
    "--region",
    "Type the name again to confirm",
];
pub const TEARING_DOWN: &str = "ccoctl is deleting the components' RAM users…";
pub const TORN_DOWN: &str = "Deleted the components' RAM users, keys and policies";
pub const TORN_DOWN_NOTHING: &str = "ccoctl found no RAM users it had made under the name";

//! The sentences of `ramwiz apply` (headless): progress lines, stops, next steps.

pub const STOP_ANSWERS: &str = "The answers file does not answer this";
pub const STOP_ANSWERS_VALUE: &str = "The answers file gives a value ramwiz cannot use";
pub const STOP_ANSWERS_KEY: &str = "The answers file has a key ramwiz does not know";
pub const STOP_ANSWERS_FILE: &str = "The answers file cannot be read";
pub const STOP_STORE: &str = "The new key's secret could not be stored";
pub const ORPHAN_DELETED: &str = "With nobody to offer it to, ramwiz deleted it:";
pub const ORPHAN_KEPT: &str = "Deleting it failed: delete it in the RAM console.";
pub const ORPHAN_TODO: &str = "No other key was created. Run ramwiz apply again to create one.";
pub const STOP_STUCK: &str = "ramwiz could not go on";
pub const ENGINE_GONE: &str = "the engine stopped";
pub const SILENT_FOR: &str = "a step was silent for";
pub const ON_STEP: &str = "on the step";
pub const RECOVER_PROFILE_TAKEN_TODO: &str = "Choose another recover.profile.";
pub const SAY_DEACTIVATED: Say = ("deactivated the lost key", "would deactivate the lost key");
pub const SAY_DELETED: Say = ("deleted the lost key", "would delete the lost key");
pub const SAY_OLDER_DEACTIVATED: Say = (
    "deactivated the older key",
    "would deactivate the older key",
);
pub const SAY_OLDER_DELETED: Say = ("deleted the older key", "would delete the older key");
pub const STOP_NO_SOURCE: &str = "No usable sign-in credentials were found";
pub const STOP_NO_SOURCE_TODO: &str = "Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or name a profile of the credentials file in signin.profile.";
pub const STOP_NO_RAM_TODO: &str = "Sign in with an identity that may manage RAM users (AliyunRAMFullAccess or AdministratorAccess).";
pub const STORE_DELETED: &str = "was created but could not be saved anywhere, so ramwiz deleted it again: no key with a lost secret is left behind.";
pub const STORE_NOT_DELETED: &str = "was created but could not be saved anywhere, and deleting it again failed: delete it in the RAM console (Users > the user > AccessKeys).";
pub const STORE_TODO: &str = "Fix the destination (disk space, permissions, the keyring) and run ramwiz apply again: it creates a new key.";
pub const KEYRING_UNAVAILABLE: &str =
    "key.keyring is true, but the OS keyring does not answer; no key was created";
pub const KEYRING_UNAVAILABLE_TODO: &str =
    "Start the keyring (a Secret Service such as gnome-keyring), or set key.keyring = false.";
pub const DEST_UNUSABLE: &str = "The key's destination cannot be written; no key was created";
pub const PROFILE_SIGNED_IN: &str =
    "The profile holds the key this run signed in with; ramwiz never replaces it";
pub const PROFILE_SIGNED_IN_TODO: &str = "Set key.move_signed_in_to = \"NAME\" (that key moves there, unchanged, in the same write as the new key), or choose another key.profile.";
pub const MOVE_REFUSED: &str = "The signed-in key cannot move to that profile";
pub const PROFILE_TAKEN: &str = "The profile already holds another AccessKey";
pub const PROFILE_TAKEN_TODO: &str =
    "Set key.replace_profile = true (the file is backed up first), or choose another key.profile.";
pub const USER_EXISTS: &str = "The user already exists and user.if_exists is \"fail\"";
pub const USER_MISSING: &str = "The RAM user does not exist";
pub const KEY_LIMIT: &str = "The user already has 2 AccessKeys, the most Alibaba allows";
pub const KEY_LIMIT_TODO: &str = "Name one to retire in key.retire (never the only active one), or remove one in the RAM console.";
pub const RETIRE_UNKNOWN: &str = "key.retire names a key the user does not have";
pub const RECOVER_WHICH: &str = "The user has several keys: which one was lost?";
pub const RECOVER_WHICH_TODO: &str = "Set recover.key_id to the lost key's ID.";
pub const RECOVER_LIMIT_TODO: &str = "The user has 2 keys, so a replacement cannot be created before the lost one is gone. Delete the other, unused key in the RAM console, or delete the lost one first and run again.";
pub const POLICY_DIFFERS: &str = "A custom policy of that name exists and says something else";
pub const POLICY_DIFFERS_TODO: &str = "Set policy.update_existing = true to add our document as its new default version, or choose another policy.name.";
pub const POLICY_FULL: &str = "The policy already has 5 versions, the most Alibaba allows";
pub const POLICY_FULL_TODO: &str =
    "Set policy.rotate_oldest = true to delete its oldest non-default version.";
pub const PROBE_FAILED_TODO: &str = "The policy is attached but the installer's key is not yet allowed; wait a minute and run again (attached policies count as done).";
pub const TOOL_MISSING_TODO: &str = "Install it, or set its path in the [ccoctl] table.";
pub const NAME_MISSING: &str = "No --name for ccoctl: the install dir names no cluster yet";
pub const NAME_MISSING_TODO: &str = "Set provision.name, or install_config.cluster_name (for an empty install dir), or provision.install_dir to a directory holding install-config.yaml or the manifests.";
pub const EARLIER_RUN: &str = "The output dir already holds manifests of an earlier ccoctl run";
pub const EARLIER_RUN_TODO: &str = "Running ccoctl again makes new component keys. Set provision.run_again = true to do it, or use another provision.output_dir.";
pub const DIFFERING_KEPT: &str = "manifests in the install dir differ from the new ones and were left as they are (provision.overwrite_manifests):";

/// Progress lines: (what a run says, what a dry run says).
pub type Say = (&'static str, &'static str);
pub const SAY_SIGNED_IN: Say = ("signed in as", "signed in as");
pub const SAY_ORPHAN_DELETED: Say = (
    "deleted an orphaned key (an interrupted run made it; nobody has its secret):",
    "would delete an orphaned key (an interrupted run made it; nobody has its secret):",
);
pub const SAY_ORPHAN_KEPT: Say = (
    "kept an orphaned key (orphans = \"keep\"; it stays Active and nobody has its secret):",
    "would keep an orphaned key (orphans = \"keep\"):",
);
pub const ORPHAN_REFUSED: &str = "An orphaned key could not be cleared";
pub const ORPHAN_REFUSED_TODO: &str = "Delete it in the RAM console (Users → the user → AccessKey), or run again with orphans = \"keep\" to leave it.";
pub const SAY_USER_CREATED: Say = ("created RAM user", "would create RAM user");
pub const SAY_USER_USED: Say = ("using existing RAM user", "would use existing RAM user");
pub const SAY_KEY_SAVED: Say = ("created AccessKey", "would create an AccessKey:");
pub const SAY_SAVED_TO: &str = "saved to";
pub const SAY_KEY_KEPT: Say = (
    "key unchanged: the user's working key is kept,",
    "key unchanged: the user's working key would be kept,",
);
pub const SAY_MOVED: Say = ("the signed-in key moved", "would move the signed-in key");
pub const SAY_POLICY_UNCHANGED: Say = (
    "policy unchanged (attached already) and in effect:",
    "policy unchanged (attached already):",
);
pub const SAY_CCOCTL_UNCHANGED: Say = (
    "ccoctl unchanged (extracted earlier from this release):",
    "ccoctl unchanged (extracted earlier from this release):",
);
pub const SAY_PROVISIONED_UNCHANGED: Say = (
    "components unchanged (the manifests are complete; ccoctl not run again):",
    "components unchanged (the manifests are complete; ccoctl would not run again):",
);
pub const SAY_DETACHED: Say = (
    "detached the other install policy:",
    "would detach the other install policy:",
);
pub const SAY_PROFILES: Say = ("credentials file:", "credentials file would change:");
pub const SAY_VERIFIED: Say = ("the new key works", "would verify the new key");
pub const SAY_POLICY: Say = ("policy attached and in effect:", "would attach the policy:");
pub const SAY_CCOCTL: Say = ("ccoctl ready:", "would extract ccoctl to");
pub const SAY_PROVISIONED: Say = ("components provisioned:", "would provision the components");
pub const SAY_TORN_DOWN: Say = ("components deleted:", "would delete the components of");
pub const SAY_RUNNING: Say = ("running", "would run");

pub const NEXT_KEY: &str = "openshift-install and ccoctl read only the [default] profile or the environment: before `openshift-install create cluster`, copy the key into [default] of a file of its own (mode 0600) and point ALIBABA_CLOUD_CREDENTIALS_FILE at that file; it is in profile";
pub const A_SURVEY_ALL: &str = "([install_config] needs base_domain and cluster_name together)";
pub const A_NOT_DNS_LABEL: &str = "a cluster name is a lowercase DNS label: letters, digits and '-', not at either end, at most 63";
pub const INSTALL_DIR_NOT_MANUAL: &str =
    "The install dir's manifests were made without credentialsMode: Manual";
pub const MANUAL_NEEDED: &str =
    "install-config.yaml lacks credentialsMode: Manual, and provision.set_manual_mode = false";
pub const MANUAL_NEEDED_TODO: &str = "Alibaba Cloud installs take only credentialsMode: Manual: set provision.set_manual_mode = true (ramwiz backs the file up first), or add the line yourself.";
pub const SAY_MANIFESTS_MADE: Say = ("made the manifests in", "would make the manifests in");
pub const R_NEXT_COMMANDS: &str = "Next commands (in order, as printed):";
pub const NEXT_CREATE: &str = "Create the cluster: openshift-install create cluster --dir";
pub const NEXT_COPY: &str =
    "After `openshift-install create manifests`, copy the *-credentials.yaml files from";
pub const NEXT_TEARDOWN: &str = "When the cluster is removed (never before), delete the components' users: ramwiz apply with mode = \"teardown\" and teardown.name =";
pub const NEXT_DELETE_OLD: &str = "Once nothing uses the lost key any more, delete it: run again with recover.old_key = \"delete\"";
pub const NEXT_DRY: &str = "Nothing was changed. Run the same command without --dry-run to do it.";

// The answers file's messages (each is shown after the key it is about).
pub const A_UNKNOWN_KEY: &str = "unknown key";
pub const A_DID_YOU_MEAN: &str = "did you mean";
pub const A_KNOWN_HERE: &str = "known here:";
pub const A_MUST_BE_TABLE: &str = "must be a table ([section])";
pub const A_MUST_BE_BOOL: &str = "must be true or false, without quotes";
pub const A_MUST_BE_TEXT: &str = "must be text in double quotes";
pub const A_MISSING: &str = "missing:";
pub const A_TAKE_DEFAULT: &str = "(add it, or run with --yes to take the default)";
pub const A_NO_DEFAULT: &str = "(it has no default)";
pub const A_NOT_ONE_OF: &str = "is not one of";
pub const A_NOT_PROFILE: &str = "not a profile name (letters, digits, - _ . @; up to 64)";
pub const A_PROFILE_ONLY: &str = "only with signin.source = \"profile\"";
pub const A_WHICH_PROFILE: &str = "which profile to sign in with (signin.source = \"profile\")";
pub const A_UNREADABLE: &str = "the file could not be read:";
pub const WHAT_MODE: &str = "what to do";
pub const WHAT_SOURCE: &str = "where the sign-in credentials come from";
pub const WHAT_USER: &str = "the installer's RAM user name";
pub const A_MOVE_SAME: &str = "the signed-in key must move to a profile other than key.profile";
pub const WHAT_PROFILE: &str = "the credentials-file profile the new key goes into";
pub const WHAT_POLICY_KIND: &str = "\"custom\" (least privilege) or \"administrator\"";
pub const WHAT_REGION: &str = "the Alibaba Cloud region of the cluster";
pub const WHAT_RECOVER_USER: &str = "the RAM user whose key was lost";
pub const WHAT_OLD_KEY: &str =
    "what to do with the lost key once the new one works: \"keep\", \"deactivate\" or \"delete\"";
pub const WHAT_TEARDOWN_NAME: &str = "the --name the components were created with";
pub const WHAT_TEARDOWN_REGION: &str = "the region the components were created in";

// The text report.
pub const R_DRY_DONE: &str = "dry run, nothing was changed";
pub const R_DRY_STOPPED: &str = "dry run stopped";
pub const R_DONE: &str = "done";
pub const R_STOPPED: &str = "stopped, exit";
pub const R_TO_BE_CREATED: &str = "to be created";
pub const R_CREATED: &str = "created";
pub const R_EXISTING: &str = "existing";
pub const R_VERIFIED: &str = "verified";
pub const R_KEYRING: &str = "OS keyring";
pub const R_BACKUP: &str = "backup of the previous file:";
pub const R_IN_EFFECT: &str = "in effect";
pub const R_COPIED_TO: &str = "copied to";
pub const R_MANUAL: &str = "install-config.yaml: credentialsMode: Manual";
pub const R_MANIFESTS_MADE: &str = "openshift-install create manifests made the install dir's manifests (it consumed install-config.yaml)";
pub const R_DELETED_USERS: &str = "user(s) deleted";
pub const R_PLAN: &str = "Plan (\"read\" calls were made to decide; nothing else was sent or run):";
pub const R_DEFAULTS: &str = "Defaults taken (--yes):";
pub const R_WHAT: &str = "what happened:";
pub const R_TODO: &str = "what to do:   ";
pub const R_DETAIL: &str = "detail:       ";
pub const R_NEXT: &str = "Next steps:";
pub const NEXT_INTO_INSTALL_DIR: &str = "manifests into <install dir>/manifests.";

// The Markdown report (the summary screen's `s`).
pub const MD_TITLE: &str = "ramwiz report";
pub const MD_SIGNED_IN: &str = "Signed in as";
pub const MD_USER: &str = "Installer's RAM user";
pub const MD_KEY: &str = "Installer's AccessKey";
pub const MD_VERIFIED: &str = ", verified";
pub const MD_BACKUP: &str = "Backup of the previous credentials file";
pub const R_REPLACED: &str = "replaced the older key";
pub const R_KEY_KEPT: &str = "unchanged: the profile already held this user's working key";
pub const MD_REPLACED: &str = "Older key the new one replaced in the profile";
pub const MD_POLICY: &str = "Install policy";
pub const MD_IN_EFFECT: &str = ", in effect";
pub const MD_ATTACHED: &str = "attached to the user:";
pub const MD_CCOCTL: &str = "ccoctl";
pub const MD_COMPONENTS: &str = "Components' credentials";
pub const MD_INSTALL_DIR: &str = "Install dir";
pub const MD_LOST_KEY: &str = "Lost key";
pub const MD_TEARDOWN: &str = "Teardown";
pub const MD_KEEP_FOR_TEARDOWN: &str = "keep for the day the cluster is removed (never before):";
pub const MD_TEARDOWN_TITLE: &str = "The day the cluster is removed (never before)";
pub const MD_FOOTER: &str = "No secret is in this report. Written by ramwiz";

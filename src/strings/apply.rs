//! The sentences of `ramwiz apply` (headless): progress lines, stops, next steps.
#![allow(non_snake_case)]

include!(concat!(env!("OUT_DIR"), "/msgs_apply.rs"));

pub fn SAY_DEACTIVATED() -> Say {
    (
        crate::i18n::text("apply-say-deactivated-done"),
        crate::i18n::text("apply-say-deactivated-would"),
    )
}
pub fn SAY_DELETED() -> Say {
    (
        crate::i18n::text("apply-say-deleted-done"),
        crate::i18n::text("apply-say-deleted-would"),
    )
}
pub fn SAY_OLDER_DEACTIVATED() -> Say {
    (
        crate::i18n::text("apply-say-older-deactivated-done"),
        crate::i18n::text("apply-say-older-deactivated-would"),
    )
}
pub fn SAY_OLDER_DELETED() -> Say {
    (
        crate::i18n::text("apply-say-older-deleted-done"),
        crate::i18n::text("apply-say-older-deleted-would"),
    )
}

/// Progress lines: (what a run says, what a dry run says).
pub type Say = (&'static str, &'static str);
pub fn SAY_SIGNED_IN() -> Say {
    (
        crate::i18n::text("apply-say-signed-in-done"),
        crate::i18n::text("apply-say-signed-in-would"),
    )
}
pub fn SAY_ORPHAN_DELETED() -> Say {
    (
        crate::i18n::text("apply-say-orphan-deleted-done"),
        crate::i18n::text("apply-say-orphan-deleted-would"),
    )
}
pub fn SAY_ORPHAN_KEPT() -> Say {
    (
        crate::i18n::text("apply-say-orphan-kept-done"),
        crate::i18n::text("apply-say-orphan-kept-would"),
    )
}
pub fn SAY_USER_CREATED() -> Say {
    (
        crate::i18n::text("apply-say-user-created-done"),
        crate::i18n::text("apply-say-user-created-would"),
    )
}
pub fn SAY_USER_USED() -> Say {
    (
        crate::i18n::text("apply-say-user-used-done"),
        crate::i18n::text("apply-say-user-used-would"),
    )
}
pub fn SAY_KEY_SAVED() -> Say {
    (
        crate::i18n::text("apply-say-key-saved-done"),
        crate::i18n::text("apply-say-key-saved-would"),
    )
}
pub fn SAY_KEY_KEPT() -> Say {
    (
        crate::i18n::text("apply-say-key-kept-done"),
        crate::i18n::text("apply-say-key-kept-would"),
    )
}
pub fn SAY_MOVED() -> Say {
    (
        crate::i18n::text("apply-say-moved-done"),
        crate::i18n::text("apply-say-moved-would"),
    )
}
pub fn SAY_POLICY_UNCHANGED() -> Say {
    (
        crate::i18n::text("apply-say-policy-unchanged-done"),
        crate::i18n::text("apply-say-policy-unchanged-would"),
    )
}
pub fn SAY_CCOCTL_UNCHANGED() -> Say {
    (
        crate::i18n::text("apply-say-ccoctl-unchanged-done"),
        crate::i18n::text("apply-say-ccoctl-unchanged-would"),
    )
}
pub fn SAY_PROVISIONED_UNCHANGED() -> Say {
    (
        crate::i18n::text("apply-say-provisioned-unchanged-done"),
        crate::i18n::text("apply-say-provisioned-unchanged-would"),
    )
}
pub fn SAY_DETACHED() -> Say {
    (
        crate::i18n::text("apply-say-detached-done"),
        crate::i18n::text("apply-say-detached-would"),
    )
}
pub fn SAY_PROFILES() -> Say {
    (
        crate::i18n::text("apply-say-profiles-done"),
        crate::i18n::text("apply-say-profiles-would"),
    )
}
pub fn SAY_VERIFIED() -> Say {
    (
        crate::i18n::text("apply-say-verified-done"),
        crate::i18n::text("apply-say-verified-would"),
    )
}
pub fn SAY_POLICY() -> Say {
    (
        crate::i18n::text("apply-say-policy-done"),
        crate::i18n::text("apply-say-policy-would"),
    )
}
pub fn SAY_CCOCTL() -> Say {
    (
        crate::i18n::text("apply-say-ccoctl-done"),
        crate::i18n::text("apply-say-ccoctl-would"),
    )
}
pub fn SAY_PROVISIONED() -> Say {
    (
        crate::i18n::text("apply-say-provisioned-done"),
        crate::i18n::text("apply-say-provisioned-would"),
    )
}
pub fn SAY_TORN_DOWN() -> Say {
    (
        crate::i18n::text("apply-say-torn-down-done"),
        crate::i18n::text("apply-say-torn-down-would"),
    )
}
pub fn SAY_RUNNING() -> Say {
    (
        crate::i18n::text("apply-say-running-done"),
        crate::i18n::text("apply-say-running-would"),
    )
}

pub fn SAY_MANIFESTS_MADE() -> Say {
    (
        crate::i18n::text("apply-say-manifests-made-done"),
        crate::i18n::text("apply-say-manifests-made-would"),
    )
}

// The answers file's messages (each is shown after the key it is about).

// The text report.

// The Markdown report (the summary screen's `s`).

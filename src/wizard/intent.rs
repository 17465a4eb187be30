//! What a person means, in the flow's words: the wizard's input. The keymap turns a key on a
//! screen into one of these (`keymap::translate`); the headless face sends them directly. No key
//! code appears here, and no intent names a key.

/// The text fields a person can fill, by what they hold (not by their position on a screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The pasted pair's AccessKey ID (its secret is only ever typed or pasted).
    PasteId,
    /// A RAM role to assume with the pasted pair (optional).
    PasteRole,
    UserName,
    DisplayName,
    Comments,
    /// Where the new key is saved: the credentials file, and the profile in it.
    DestFile,
    DestProfile,
    /// The profile the signed-in key moves to.
    MoveTo,
    PolicyName,
    PolicyDescription,
    /// The ccoctl step's tools: openshift-install, oc, the pull secret, where ccoctl goes.
    Installer,
    Oc,
    PullSecret,
    CcoctlDir,
    /// `ccoctl alibabacloud create-ram-users`: `--name`, `--region`, its input and output
    /// directories, and the install dir the manifests go into.
    InfraName,
    Region,
    CredRequestsDir,
    OutputDir,
    InstallDir,
    /// `ccoctl alibabacloud delete-ram-users`: the ccoctl binary, `--name`, `--region`, and the
    /// name typed again to confirm.
    TeardownCcoctl,
    TeardownName,
    TeardownRegion,
    TeardownConfirm,
}

/// A yes/no choice on a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Save the new key in the OS keyring too.
    Keyring,
    /// Add `ram:DeletePolicyVersion` to the custom policy.
    DeletePolicyVersion,
}

/// The install policy to attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// The system policy `AdministratorAccess`.
    Administrator,
    /// The least-privilege custom policy of the OKD documentation.
    Okd,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    // Everywhere.
    /// Show the keys of this screen.
    Help,
    /// Close the help.
    CloseHelp,
    /// Leave (asks first when something would be lost).
    Quit,
    /// The answer to "quit now?".
    ConfirmQuit(bool),

    // Moving through the flow.
    /// Go on from this screen (sign in, create, check and continue, run…).
    Continue,
    /// Go back one screen, or leave the question being asked.
    Back,
    /// Stop the request or tool that is running.
    Cancel,
    /// Try the last check again (the policy probe).
    Retry,
    /// Move the highlight in a list, by this many rows.
    MoveSelection(i32),
    /// Scroll a document, by this many lines.
    Scroll(i32),
    /// The first, or the last, row or line.
    Top,
    Bottom,

    // The welcome screen.
    StartSetup,
    StartRecovery,
    StartTeardown,
    Resume,

    // Signing in.
    /// Sign in with the n-th source found (the one after the last is "paste a pair").
    ChooseSource(usize),
    PastePair,

    // Forms.
    /// A character typed into the field being edited.
    Type(Typed),
    /// The last character of that field removed.
    Erase,
    /// That field emptied.
    ClearField,
    NextField,
    PrevField,
    /// Complete the path being typed (as a shell does).
    CompletePath,
    /// A field set to this value, as by selecting it and pasting (never a secret: secrets are
    /// only typed or pasted into their field).
    Fill(Field, String),
    /// A yes/no choice on a form set.
    Set(Choice, bool),
    /// The answer to the screen's yes/no question ("saved the secret?", "update the policy?").
    Answer(bool),
    /// A typed confirmation (the last 4 characters of a key ID).
    Confirm(String),

    // The installer's user.
    CreateUser,
    SelectUser,
    /// Show only the users whose name holds this text.
    Filter(String),
    /// This user is the installer's.
    ChooseUser(String),

    // Its AccessKey.
    /// Back up the profile that holds another key, and replace it.
    ReplaceProfile,
    /// Keep that profile: choose another name.
    OtherProfile,
    /// Detach the other install policy still attached after a switch (asks first).
    DetachOther,
    /// That profile holds a working key of the chosen user (a rerun): keep it, make no key.
    KeepHeldKey,
    /// That profile holds the signed-in key: move it to a profile of its own (named next),
    /// then put the installer's key in its place.
    MoveSignedIn,
    CreateKey,
    /// Load the user's keys again.
    Reload,
    Deactivate(String),
    Delete(String),
    /// Keep an orphaned key (the person knows where its secret is).
    Keep(String),
    /// The person has this key's secret and will paste it (no new key is made).
    HaveSecret(String),
    /// During a recovery: this is the key whose secret is lost.
    ChooseLostKey(String),
    /// Show or hide the one-time secret.
    Reveal,
    /// Put the one-time secret on the clipboard.
    Copy,
    /// Every store failed: save the secret somewhere else.
    OtherDestination,

    // The install policy.
    ChoosePolicy(PolicyKind),
    ViewPolicy,

    // The components' credentials.
    /// Replace the manifests in the install dir that differ from ccoctl's.
    OverwriteDiffering,
    /// Set `credentialsMode: Manual` in install-config.yaml.
    SetManualMode,
    /// Run `openshift-install create install-config` (its survey) for an empty install dir.
    CreateInstallConfig,
    SaveReport,
    /// Show the tools' whole output on the final screen, or the results again.
    ToolOutput,
    /// A recovery ends with the lost key as it is now (active, or deactivated).
    KeepOldKey,
}

/// One typed character. It may be part of a secret (the pasted pair's), so it never prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Typed(pub char);

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_character_never_prints() {
        assert_eq!(format!("{:?}", Intent::Type(Typed('s'))), "Type(…)");
        assert_eq!(format!("{:?}", Intent::Continue), "Continue");
    }
}

//! What the wizard shows, asked for by what it means rather than where a screen keeps it: the
//! headless face reads the wizard through these, as a person reads the screen.

use super::policy::ProbeState;
use super::recover::RecoveryStage;
use super::*;
use crate::cloud::model::AccessKeyMeta;

impl Wizard {
    /// The sign-in sources found on this machine (and the problems met looking).
    pub fn sources(&self) -> Option<&Discovery> {
        self.discovery.as_ref()
    }

    /// The value of a text field, wherever it is.
    pub fn field(&self, f: Field) -> &str {
        let c = &self.cco;
        let v = match f {
            Field::MoveTo => return self.dest.move_to.as_ref().map_or("", |t| t.value.trim()),
            Field::PasteId => &self.paste.id,
            Field::PasteRole => &self.paste.role,
            Field::UserName => &self.new_user.fields[0],
            Field::DisplayName => &self.new_user.fields[1],
            Field::Comments => &self.new_user.fields[2],
            Field::DestFile => &self.dest.fields[0],
            Field::DestProfile => &self.dest.fields[1],
            Field::PolicyName => &self.policy.fields[0],
            Field::PolicyDescription => &self.policy.fields[1],
            Field::Installer => &c.tools[cco::TOOL_INSTALLER],
            Field::Oc => &c.tools[cco::TOOL_OC],
            Field::PullSecret => &c.tools[cco::TOOL_PULL_SECRET],
            Field::CcoctlDir => &c.tools[cco::TOOL_DIR],
            Field::InfraName => &c.prov[cco::PROV_NAME],
            Field::Region => &c.prov[cco::PROV_REGION],
            Field::CredRequestsDir => &c.prov[cco::PROV_CREDREQ],
            Field::OutputDir => &c.prov[cco::PROV_OUTPUT],
            Field::InstallDir => &c.prov[cco::PROV_INSTALL],
            Field::TeardownCcoctl => &c.down[cco::DOWN_CCOCTL],
            Field::TeardownName => &c.down[cco::DOWN_NAME],
            Field::TeardownRegion => &c.down[cco::DOWN_REGION],
            Field::TeardownConfirm => &c.down[cco::DOWN_CONFIRM],
        };
        v.value.trim()
    }

    /// The field being edited on this screen, when it is one a `Fill` can set.
    pub fn focused_field(&self) -> Option<Field> {
        const TOOLS: [Field; 4] = [
            Field::Installer,
            Field::Oc,
            Field::PullSecret,
            Field::CcoctlDir,
        ];
        const PROV: [Field; 5] = [
            Field::InfraName,
            Field::Region,
            Field::CredRequestsDir,
            Field::OutputDir,
            Field::InstallDir,
        ];
        const DOWN: [Field; 4] = [
            Field::TeardownCcoctl,
            Field::TeardownName,
            Field::TeardownRegion,
            Field::TeardownConfirm,
        ];
        match self.screen {
            Screen::Paste if self.paste.focus == PasteFocus::Id => Some(Field::PasteId),
            Screen::Paste if self.paste.focus == PasteFocus::Role => Some(Field::PasteRole),
            Screen::CreateUser => [Field::UserName, Field::DisplayName, Field::Comments]
                .get(self.new_user.focus)
                .copied(),
            Screen::Destination if self.dest.move_to.is_some() => Some(Field::MoveTo),
            Screen::Destination if self.dest.replace_offer.is_none() => {
                [Field::DestFile, Field::DestProfile]
                    .get(self.dest.focus)
                    .copied()
            }
            Screen::PolicyForm => [Field::PolicyName, Field::PolicyDescription]
                .get(self.policy.focus)
                .copied(),
            Screen::CcoSetup => TOOLS.get(self.cco.tools_focus).copied(),
            Screen::ProvisionSetup => PROV.get(self.cco.prov_focus).copied(),
            Screen::TeardownSetup => DOWN.get(self.cco.down_focus).copied(),
            _ => None,
        }
    }

    /// The error line of the current screen's form, if it shows one.
    pub fn form_error(&self) -> Option<&str> {
        match self.screen {
            Screen::CreateUser => self.new_user.error.as_deref(),
            Screen::SelectUser => self.users.error.as_deref(),
            Screen::Destination | Screen::Keys => self.dest.error.as_deref(),
            Screen::PolicyForm => self.policy.error.as_deref(),
            Screen::CcoSetup
            | Screen::ProvisionSetup
            | Screen::ProvisionReview
            | Screen::ProvisionDone
            | Screen::TeardownSetup => self.cco.error.as_deref(),
            _ => None,
        }
    }

    /// Every notice and error line the screens hold, for a report of where a run got stuck.
    pub fn visible_problems(&self) -> Vec<String> {
        [
            &self.notice,
            &self.new_user.error,
            &self.users.error,
            &self.dest.error,
            &self.keys.notice,
            &self.policy.error,
            &self.cco.error,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
    }

    /// The error being shown (the Error screen), and where leaving it goes.
    pub fn shown_error(&self) -> Option<&ErrorView> {
        self.error.as_ref()
    }

    /// The name the create form found taken (Continue then selects that user).
    pub fn existing_user_offered(&self) -> Option<&str> {
        self.new_user.exists.as_deref()
    }

    /// Whether the user list, loaded, holds this user.
    pub fn user_listed(&self, name: &str) -> bool {
        self.users.users.iter().any(|u| u.user_name == name)
    }

    /// Where the installer's key was saved: (file, profile).
    pub fn saved_key_at(&self) -> Option<(std::path::PathBuf, String)> {
        self.saved
            .as_ref()
            .map(|c| (c.dest.file.clone(), c.dest.profile.clone()))
    }

    /// What the install dir held when the CredentialsRequests were read (`None`: none given).
    pub fn install_kind(&self) -> Option<&InstallDirKind> {
        self.cco.install.as_ref()
    }

    pub fn chosen_user_name(&self) -> Option<&str> {
        self.chosen_user.as_ref().map(|u| u.user_name.as_str())
    }

    /// The key the destination profile holds, when it is another one (replace, or rename?).
    pub fn profile_taken_by(&self) -> Option<&str> {
        self.dest.replace_offer.as_deref()
    }

    /// The destination profile holds the chosen user's working key: it can be kept.
    pub fn can_keep_held_key(&self) -> bool {
        self.dest.replace_offer.is_some()
            && matches!(self.dest.held, crate::wizard::dest::HeldCheck::Works(_))
    }

    /// The older key the new one replaced, while it is still to be retired (or kept).
    pub fn replaced_key_pending(&self) -> Option<String> {
        self.keys
            .replaced
            .as_ref()
            .filter(|r| !r.settled)
            .map(|r| r.key_id.clone())
    }

    /// What became of a deleted key's profiles (removed, or why not).
    pub fn forget_note(&self) -> Option<Result<String, String>> {
        self.keys.forget_note.clone()
    }

    /// The same, for a headless run that says it once.
    pub fn take_forget_note(&mut self) -> Option<Result<String, String>> {
        self.keys.forget_note.take()
    }

    /// "Attach AdministratorAccess?" is on the screen.
    pub fn admin_confirmation_open(&self) -> bool {
        self.screen == Screen::PolicyChoice && self.policy.confirm_admin
    }

    /// Why detaching the other install policy failed, if it did.
    pub fn detach_failure(&self) -> Option<String> {
        match &self.policy.detach {
            Some(crate::wizard::policy::Detach {
                state: crate::wizard::policy::DetachState::Failed(why),
                ..
            }) => Some(why.clone()),
            _ => None,
        }
    }

    /// The chosen policy was attached already: nothing was written.
    pub fn policy_unchanged(&self) -> bool {
        self.policy.unchanged
    }

    /// The output dir's manifests will be kept as they are (ccoctl would not run again).
    pub fn keeps_manifests(&self) -> bool {
        self.cco.keeps_manifests()
    }

    /// The output dir's manifests were kept as they were (ccoctl did not run again).
    pub fn manifests_unchanged(&self) -> bool {
        self.cco.provisioned.as_ref().is_some_and(|p| p.unchanged)
    }

    /// The installer's key was kept as the profile held it (no key made in this run).
    pub fn key_kept(&self) -> bool {
        self.dest.kept_held
    }

    /// Whether the key the destination profile holds is the one this session signed in with.
    pub fn profile_holds_signed_in_key(&self) -> bool {
        self.dest.replace_offer.is_some() && self.dest.held_is_signed_in
    }

    /// Whether the OS keyring answered (`None` while unknown).
    pub fn keyring_status(&self) -> Option<&Result<(), String>> {
        self.dest.keyring_available.as_ref()
    }

    /// The chosen user's keys, as last loaded.
    pub fn user_keys(&self) -> &[AccessKeyMeta] {
        self.keys
            .details
            .as_ref()
            .map_or(&[], |d| d.keys.as_slice())
    }

    /// Whether a retirement waits for its typed confirmation.
    pub fn retire_confirmation_open(&self) -> bool {
        self.keys.confirm.is_some()
    }

    /// The line the keys screen shows (why a retirement or a new key was refused).
    pub fn key_notice(&self) -> Option<&str> {
        self.keys.notice.as_deref()
    }

    /// The key just made or adopted, while its secret screen is up.
    pub fn captured(&self) -> Option<&Captured> {
        self.secret.as_ref().map(|s| &s.captured)
    }

    pub fn recovery_stage(&self) -> Option<RecoveryStage> {
        recover::stage(self)
    }

    /// The key whose secret is lost, once chosen.
    pub fn lost_key(&self) -> Option<&str> {
        self.recovery.as_ref().and_then(|r| r.old_key.as_deref())
    }

    /// Per service: (service, added, removed), the OKD policy against the one that exists.
    pub fn policy_differences(&self) -> Vec<(String, Vec<String>, Vec<String>)> {
        self.policy.differences()
    }

    /// How many versions the existing policy has (5 is Alibaba's limit).
    pub fn policy_versions(&self) -> Option<usize> {
        self.policy.existing.as_ref().map(|e| e.versions)
    }

    pub fn probe(&self) -> Option<&ProbeState> {
        self.policy.probe.as_ref()
    }

    pub fn policy_applied(&self) -> Option<&PolicyApplied> {
        self.policy.applied.as_ref()
    }

    pub fn ccoctl_ready(&self) -> Option<&CcoctlReady> {
        self.cco.ready.as_ref()
    }

    /// The output dir already holds manifests of an earlier run (a new run mints new keys).
    pub fn earlier_run(&self) -> bool {
        self.cco.rerun_replaces_manifests()
    }

    /// The `--name` problems (errors) and warnings for the CredentialsRequests found.
    pub fn name_check(&self) -> (Vec<String>, Vec<String>) {
        self.cco.name_check()
    }

    pub fn install_dir(&self) -> Option<std::path::PathBuf> {
        self.cco.install_dir()
    }

    /// The install dir after the manifests were placed (what was copied, what differs).
    pub fn placed(&self) -> InstallDirState {
        self.cco.placed.clone().unwrap_or_default()
    }

    /// How many manifests ccoctl wrote.
    pub fn manifest_count(&self) -> usize {
        self.cco
            .provisioned
            .as_ref()
            .map_or(0, |p| p.manifests.len())
    }

    /// The RAM users ccoctl found to delete.
    pub fn found_for_delete(&self) -> &[String] {
        &self.cco.found_for_delete
    }

    pub fn orphans(&self) -> &[Orphan] {
        &self.orphans.list
    }

    /// What the orphan check did on its own (recovered a key, removed leftover files).
    pub fn orphan_notes(&self) -> &[String] {
        &self.orphans.notes
    }

    /// Why the last delete or keep of an orphan failed.
    pub fn orphan_notice(&self) -> Option<&str> {
        self.orphans.notice.as_deref()
    }

    /// Only ccoctl and the components (signed in as the installer).
    /// The role signed in through, when this run's path hands ccoctl the signed-in key
    /// (provisioning only, teardown), which a role session's temporary key cannot be.
    pub fn tools_refuse_role(&self) -> Option<String> {
        let role = self.signed_in.as_ref()?.role.as_ref()?;
        (self.cco.teardown_mode || self.cco.provision_only).then(|| role.role_arn.clone())
    }

    /// Whether the identity card is a dead end: no RAM rights on a path that needs them, or a
    /// role session where ccoctl would be handed its key.
    pub fn identity_blocked(&self) -> bool {
        let denied = self.signed_in.as_ref().is_some_and(|s| s.ram.is_denied());
        (denied && !self.cco.provision_only) || self.tools_refuse_role().is_some()
    }

    pub fn provision_only(&self) -> bool {
        self.cco.provision_only
    }
}

impl Wizard {
    /// Headless `mode = "provision"`: signed in as the installer, the wizard goes from the
    /// identity straight to the ccoctl step.
    pub fn set_provision_only(&mut self) {
        self.cco.provision_only = true;
    }

    /// A dry run retired nothing: its stand-in key list drops (or deactivates) the key as the
    /// real one would have.
    pub fn assume_retired(&mut self, key_id: &str, deleted: bool) {
        if let Some(d) = &mut self.keys.details {
            if deleted {
                d.keys.retain(|k| k.access_key_id != key_id);
            } else if let Some(k) = d.keys.iter_mut().find(|k| k.access_key_id == key_id) {
                k.status = "Inactive".into();
            }
        }
    }

    /// The secret leaves memory at once (it could not be stored, and will never be shown).
    pub fn forget_secret(&mut self) {
        self.secret = None;
    }

    /// A recovery whose replacement key goes into this profile (chosen ahead, by `apply`),
    /// rather than the one that held the lost key.
    pub fn set_recovery_profile(&mut self, profile: Option<String>) {
        if let Some(r) = &mut self.recovery {
            r.profile = profile;
        }
    }
}

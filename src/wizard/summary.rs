//! What the wizard did, as the run's [`Report`]: built from the state it holds at the end, and
//! never a secret (the secret screen is gone by then, or the run stopped on it and dropped it).
//! The summary screen saves it as Markdown; `apply` prints it with its outcome.

use super::cco::{DOWN_NAME, DOWN_REGION, PROV_NAME, PROV_OUTPUT, PROV_REGION};
use super::policy::ProbeState;
use super::*;
use crate::report::{
    CcoctlReport, KeyReport, ManifestsReport, PolicyReport, RecoveryReport, Report, SignedInReport,
    TeardownReport, UserReport,
};

/// The path a run takes through the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Sign in, the installer's user, its key, the policy, ccoctl, the components.
    Setup,
    /// Rotate a user's lost key into a profile; then retire the old key.
    Recover,
    /// ccoctl and the components only, signed in as the installer.
    Provision,
    /// `ccoctl alibabacloud delete-ram-users`.
    Teardown,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Setup => "setup",
            Mode::Recover => "recover",
            Mode::Provision => "provision",
            Mode::Teardown => "teardown",
        }
    }
}

impl Wizard {
    /// The path this run is on.
    pub fn mode(&self) -> Mode {
        if self.cco.teardown_mode {
            Mode::Teardown
        } else if self.cco.provision_only {
            Mode::Provision
        } else if self.recovery.is_some() {
            Mode::Recover
        } else {
            Mode::Setup
        }
    }

    /// The Markdown report of what the wizard did (the summary screen's "save a report").
    pub fn summary_markdown(&self) -> String {
        self.report(self.mode(), false, self.new_user.created, true)
            .succeeded()
            .markdown()
    }

    /// The report of what was done so far on `mode`'s path. `reached_end`: the run went all the
    /// way (a dry run then reports the manifests it would make). The outcome is the caller's
    /// to add ([`Report::succeeded`], [`Report::failed`]).
    pub fn report(
        &self,
        mode: Mode,
        dry_run: bool,
        user_created: bool,
        reached_end: bool,
    ) -> Report {
        let mut r = Report {
            ramwiz: env!("CARGO_PKG_VERSION").into(),
            mode: mode.name().into(),
            dry_run,
            ..Default::default()
        };
        r.signed_in = self.signed_in.as_ref().map(|si| SignedInReport {
            account_id: si.identity.account_id.clone(),
            arn: si.identity.arn.clone(),
            source: si.source_label.clone(),
        });
        if mode == Mode::Setup || mode == Mode::Recover {
            r.user = self.chosen_user.as_ref().map(|u| UserReport {
                name: u.user_name.clone(),
                created: user_created,
                change: if user_created { "created" } else { "unchanged" }.into(),
            });
        }
        r.key = self.saved.as_ref().map(|c| KeyReport {
            access_key_id: c.key_id.clone(),
            file: c.file.as_ref().ok().map(|f| f.target.display().to_string()),
            profile: c.dest.profile.clone(),
            keyring: matches!(c.keyring, Some(Ok(()))),
            backup: c
                .file
                .as_ref()
                .ok()
                .and_then(|f| f.backup.as_ref())
                .map(|b| b.display().to_string()),
            verified: self.verified.is_some() && !dry_run,
            replaced: self.keys.replaced.as_ref().map(|r| r.key_id.clone()),
            replaced_status: self.keys.replaced.as_ref().map(|r| {
                // A dry run changed nothing: the older key is as it was.
                if dry_run {
                    "Active".into()
                } else {
                    r.status.name().into()
                }
            }),
            change: if self.dest.kept_held {
                "unchanged"
            } else if self.recovery.is_some() {
                "replaced"
            } else {
                "created"
            }
            .into(),
        });
        r.policy = self.policy.applied.as_ref().map(|a| PolicyReport {
            name: a.plan.name().into(),
            policy_type: a.plan.policy_type().into(),
            action: match &a.plan {
                PolicyPlan::System(_) => "attached",
                PolicyPlan::Create { .. } => "created",
                PolicyPlan::NewVersion { .. } => "new_version",
                PolicyPlan::Reuse(_) => "reused",
            }
            .into(),
            new_version: a.new_version.clone(),
            attached: a.attached.iter().map(|p| p.policy_name.clone()).collect(),
            in_effect: self.policy.probe == Some(ProbeState::Passed) && !dry_run,
            change: if self
                .policy
                .detach
                .as_ref()
                .is_some_and(|d| d.state == crate::wizard::policy::DetachState::Done)
            {
                "detached_other".into()
            } else if self.policy.unchanged {
                "unchanged".into()
            } else {
                match &a.plan {
                    PolicyPlan::Create { .. } => "created",
                    PolicyPlan::NewVersion { .. } => "updated",
                    PolicyPlan::System(_) | PolicyPlan::Reuse(_) => "attached",
                }
                .into()
            },
        });
        r.ccoctl = self.cco.ready.as_ref().map(|c| CcoctlReport {
            path: c.ccoctl.display().to_string(),
            release: c.version.version.clone(),
            release_image: c.release_image.clone(),
            change: if c.unchanged {
                "unchanged"
            } else {
                "extracted"
            }
            .into(),
        });
        let prov = &self.cco.prov;
        if self.cco.provisioned.is_some() || (dry_run && reached_end && self.cco.ready.is_some()) {
            let placed = self.cco.placed.clone().unwrap_or_default();
            r.manifests = Some(ManifestsReport {
                name: prov[PROV_NAME].value.trim().into(),
                region: prov[PROV_REGION].value.trim().into(),
                output_dir: prov[PROV_OUTPUT].value.trim().into(),
                files: self
                    .cco
                    .provisioned
                    .as_ref()
                    .map(|p| p.manifests.iter().map(|(f, _)| f.clone()).collect())
                    .unwrap_or_default(),
                install_dir: self.cco.install_dir().map(|p| p.display().to_string()),
                copied: placed.copied.clone(),
                differing: placed.differing.clone(),
                manual_mode_set: placed.manual_set,
                install_dir_state: match placed.kind {
                    InstallDirKind::Empty => "empty",
                    InstallDirKind::Config { .. } => "install-config",
                    InstallDirKind::Manifests { .. } => "manifests",
                }
                .into(),
                manifests_made: placed.manifests_made,
                change: match &self.cco.provisioned {
                    Some(p)
                        if p.unchanged
                            && placed.written.is_empty()
                            && !placed.manual_set
                            && !placed.manifests_made =>
                    {
                        "unchanged"
                    }
                    Some(p) if p.unchanged => "copied",
                    _ => "created",
                }
                .into(),
            });
            if !dry_run {
                r.next_commands = self.next_commands();
                r.teardown_commands = self.teardown_commands();
            }
        }
        if let Some(rec) = &self.recovery
            && let Some(old) = &rec.old_key
        {
            r.recovery = Some(RecoveryReport {
                user: self
                    .chosen_user
                    .as_ref()
                    .map(|u| u.user_name.clone())
                    .unwrap_or_default(),
                lost_key: old.clone(),
                // A dry run changed nothing: the lost key is as it was.
                lost_key_status: if dry_run {
                    "Active".into()
                } else {
                    rec.old_status.name().into()
                },
            });
        }
        if mode == Mode::Teardown && (self.cco.torn_down || dry_run) {
            r.teardown = Some(TeardownReport {
                name: self.cco.down[DOWN_NAME].value.trim().into(),
                region: self.cco.down[DOWN_REGION].value.trim().into(),
                deleted_users: self.cco.found_for_delete.clone(),
            });
        }
        r
    }
}

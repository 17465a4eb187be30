//! ccoctl and the components: the tools the answers name, ccoctl out of the release, the
//! inputs of `create-ram-users` and its run (a dry run plans it), then the manifests in the
//! install dir and Manual mode, as far as the answers allow.

use std::path::PathBuf;

use super::{Driver, Step, Stop, stop};
use crate::creds::store as ramwiz_store;
use crate::headless::answers::ProvisionAnswers;
use crate::protocol::InstallDirKind;
use crate::protocol::{CcoctlRun, Command, Placement};
use crate::report::exit;
use crate::strings::apply as s;
use crate::wizard::{Field, Intent, Screen};

impl Driver<'_> {
    pub(super) async fn tools(&mut self) -> Step {
        let c = self.a.ccoctl.clone();
        for (f, v) in [
            (Field::Installer, &c.openshift_install),
            (Field::Oc, &c.oc),
            (Field::PullSecret, &c.pull_secret),
            (Field::CcoctlDir, &c.dir),
        ] {
            if let Some(p) = v {
                self.say(Intent::Fill(f, p.display().to_string())).await?;
            }
        }
        for (f, key, what) in [
            (
                Field::Installer,
                "ccoctl.openshift_install",
                crate::strings::TOOL_INSTALLER_MISSING(),
            ),
            (Field::Oc, "ccoctl.oc", crate::strings::TOOL_OC_MISSING()),
        ] {
            if self.w.field(f).is_empty() {
                return Err(stop(
                    exit::TOOL,
                    Some(key),
                    what,
                    s::TOOL_MISSING_TODO(),
                    "",
                ));
            }
        }
        self.say(Intent::Continue).await?;
        if let Some(r) = self.w.ccoctl_ready().cloned() {
            let rest = super::in_progress(|| {
                s::t_ccoctl(r.ccoctl.display().to_string(), r.version.version.as_str())
            });
            let say = if r.unchanged {
                s::SAY_CCOCTL_UNCHANGED
            } else {
                s::SAY_CCOCTL
            };
            self.tell(say, &rest);
            self.warnings.extend(r.warnings);
        }
        Ok(false)
    }

    /// The survey's answers, one a line, in the order the simulated installer asks them
    /// (platform, region, base domain, cluster name, pull secret). UNVERIFIED whether the real
    /// installer's survey takes answers from a stdin that is not a terminal; when it does
    /// not, it fails and the run says so.
    pub(super) fn survey_answers(&self) -> Option<crate::secret::Secret> {
        let a = self.a.install_config.as_ref()?;
        // The answers' pull secret, else the one the ccoctl step used (found or given).
        let file = a
            .pull_secret
            .clone()
            .or_else(|| Some(PathBuf::from(self.w.field(Field::PullSecret))))
            .filter(|p| !p.as_os_str().is_empty())?;
        let pull = crate::files::read_string(&file, crate::files::Limit::Config).ok()?;
        let pull = zeroize::Zeroizing::new(pull.lines().map(str::trim).collect::<String>());
        let text = zeroize::Zeroizing::new(format!(
            "alibabacloud\n{}\n{}\n{}\n{}\n",
            a.region,
            a.base_domain,
            a.cluster_name,
            pull.as_str()
        ));
        Some(crate::secret::Secret::new(text.as_str()))
    }

    fn provision_answers(&self) -> Result<ProvisionAnswers, Stop> {
        self.a.provision.clone().ok_or_else(|| self.stuck())
    }

    pub(super) async fn provision_setup(&mut self) -> Step {
        let p = self.provision_answers()?;
        self.form_stop(exit::TOOL, None, crate::strings::PROVISION_FAILED())?;
        if let Some(n) = &p.name {
            self.say(Intent::Fill(Field::InfraName, n.clone())).await?;
        }
        self.warn_unknown_region("provision.region", &p.region);
        self.say(Intent::Fill(Field::Region, p.region.clone()))
            .await?;
        for (f, v) in [
            (Field::CredRequestsDir, &p.credentials_requests_dir),
            (Field::OutputDir, &p.output_dir),
            (Field::InstallDir, &p.install_dir),
        ] {
            if let Some(v) = v {
                self.say(Intent::Fill(f, v.display().to_string())).await?;
            }
        }
        // An empty install dir names no cluster yet: the survey's answers do (`--name`
        // derived from the cluster name, as the wizard does for an install-config).
        let dir = std::path::Path::new(self.w.field(Field::InstallDir)).to_path_buf();
        if p.name.is_none()
            && let Some(c) = &self.a.install_config
            && crate::tools::installdir::inspect(&dir) == InstallDirKind::Empty
        {
            let name = c.cluster_name.clone();
            self.say(Intent::Fill(Field::InfraName, name)).await?;
        }
        self.say(Intent::Continue).await?;
        // The install dir gave no name either: the form stays and asks for one.
        if self.w.screen == Screen::ProvisionSetup && self.w.field(Field::InfraName).is_empty() {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.name"),
                s::NAME_MISSING(),
                s::NAME_MISSING_TODO(),
                "",
            ));
        }
        Ok(false)
    }

    pub(super) async fn provision_review(&mut self) -> Step {
        let p = self.provision_answers()?;
        if self.w.earlier_run() && !p.run_again {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.run_again"),
                s::EARLIER_RUN(),
                s::EARLIER_RUN_TODO(),
                self.w.field(Field::OutputDir),
            ));
        }
        // Nothing is made for an install dir that cannot install (checked before ccoctl).
        let dir = self.w.field(Field::InstallDir).to_owned();
        match self.w.install_kind() {
            Some(k) if k.manifests_not_manual() => {
                let h = crate::strings::tool_hint(crate::strings::ToolProblem::ManifestsNotManual);
                let mut st = stop(
                    exit::ANSWERS,
                    Some("provision.install_dir"),
                    s::INSTALL_DIR_NOT_MANUAL(),
                    h.todo,
                    dir,
                );
                st.error.what = h.what.to_owned();
                return Err(st);
            }
            Some(k @ InstallDirKind::Config { .. }) if !k.is_manual() && !p.set_manual_mode => {
                return Err(stop(
                    exit::ANSWERS,
                    Some("provision.set_manual_mode"),
                    s::MANUAL_NEEDED(),
                    s::MANUAL_NEEDED_TODO(),
                    dir,
                ));
            }
            _ => {}
        }
        if self.dry && !self.w.keeps_manifests() {
            return self.plan_provisioning();
        }
        let (errors, warnings) = self.w.name_check();
        if !errors.is_empty() {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.name"),
                crate::strings::PROVISION_FAILED(),
                "",
                errors.join(" "),
            ));
        }
        self.warnings.extend(warnings);
        self.say(Intent::Continue).await?;
        Ok(false)
    }

    /// A dry run has no CredentialsRequests to review: it plans the run ccoctl would make.
    fn plan_provisioning(&mut self) -> Step {
        let name = self.w.field(Field::InfraName).to_owned();
        let (errors, _) = crate::tools::ccoctl::check_name(&name, &[]);
        if let Some(e) = errors.first() {
            return Err(stop(
                exit::ANSWERS,
                Some("provision.name"),
                crate::strings::PROVISION_FAILED(),
                "",
                e.clone(),
            ));
        }
        let Some(ready) = self.w.ccoctl_ready() else {
            return Err(self.stuck());
        };
        let path = |f: Field| PathBuf::from(self.w.field(f));
        let run = CcoctlRun {
            ccoctl: ready.ccoctl.clone(),
            name,
            region: self.w.field(Field::Region).to_owned(),
            credentials_requests_dir: path(Field::CredRequestsDir),
            output_dir: path(Field::OutputDir),
            use_signed_in_key: self.w.provision_only(),
        };
        let output_dir = run.output_dir.clone();
        self.engine.run(Command::RunCcoctl {
            job: self.next_own,
            run,
        });
        self.next_own += 1;
        let saved = self.w.saved_key_at();
        let credentials_file = saved.as_ref().map(|(f, p)| match p.as_str() {
            "default" => f.clone(),
            _ => ramwiz_store::default_profile_file(f, p),
        });
        if saved.is_some() && !self.w.provision_only() {
            self.engine.run(Command::InstallerCredentials {
                job: self.next_own,
                saved,
            });
            self.next_own += 1;
        }
        if let Some(install_dir) = self.w.install_dir() {
            let manual = self.a.provision.as_ref().is_some_and(|p| p.set_manual_mode);
            let placement = Placement {
                output_dir,
                install_dir,
                overwrite: Vec::new(),
                manual,
                installer: Some(ready.installer.clone()),
                credentials_file,
            };
            self.engine.run(Command::PlaceManifests {
                job: self.next_own,
                placement,
            });
            self.next_own += 1;
        }
        Ok(true)
    }

    pub(super) async fn provision_done(&mut self) -> Step {
        let p = self.provision_answers()?;
        self.form_stop(exit::TOOL, None, crate::strings::PROVISION_FAILED())?;
        let placed = self.w.placed();
        if !placed.differing.is_empty() {
            if p.overwrite_manifests {
                self.say(Intent::OverwriteDiffering).await?;
            } else {
                self.warnings.push(format!(
                    "{} {}",
                    s::DIFFERING_KEPT(),
                    placed.differing.join(", ")
                ));
            }
        }
        let placed = self.w.placed();
        if placed.needs_manual && !placed.manual_set && p.set_manual_mode {
            self.say(Intent::SetManualMode).await?;
        }
        // An empty install dir: the survey, when the answers give it its answers.
        if self.w.can_survey() && self.a.install_config.is_some() {
            self.say(Intent::CreateInstallConfig).await?;
            self.form_stop(
                exit::TOOL,
                Some("install_config"),
                crate::strings::PROVISION_FAILED(),
            )?;
        }
        if self.w.placed().manifests_made {
            let dir = self.w.field(Field::InstallDir).to_owned();
            self.tell(s::SAY_MANIFESTS_MADE, &dir);
        }
        self.form_stop(exit::TOOL, None, crate::strings::PROVISION_FAILED())?;
        let n = self.w.manifest_count();
        let say = if self.w.manifests_unchanged() {
            s::SAY_PROVISIONED_UNCHANGED
        } else {
            s::SAY_PROVISIONED
        };
        let rest = super::in_progress(|| s::n_manifests(n));
        self.tell(say, &rest);
        Ok(true)
    }
}

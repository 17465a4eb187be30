//! Provisioning with ccoctl: its inputs and the CredentialsRequests they name, the review
//! (with the state the install dir is in), the run, then the install dir as openshift-install
//! leaves it (the installer's key reachable by path; the survey when there is nothing yet;
//! Manual mode and the manifests from an install-config; the credentials manifests copied),
//! the report, and teardown.

use std::path::PathBuf;

use super::*;

/// The inputs of `create-ram-users`; Continue extracts the CredentialsRequests for review.
pub(in crate::wizard) fn on_prov(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    Some(match intent {
        Intent::Back => {
            w.screen = Screen::CcoSetup;
            match w.job_of(JobKind::CredRequests) {
                Some(job) => {
                    w.finish_job(job);
                    vec![Command::Cancel { job }]
                }
                None => Vec::new(),
            }
        }
        Intent::Continue if w.job_of(JobKind::CredRequests).is_some() => Vec::new(),
        Intent::Continue => {
            let region = w.cco.prov[PROV_REGION].value.trim().to_owned();
            if let Err(e) = CcoStep::region_check(&region) {
                w.cco.error = Some(e.into());
                return Some(Vec::new());
            }
            let Some(ready) = &w.cco.ready else {
                return Some(Vec::new());
            };
            let release_image = ready.release_image.clone();
            let reuse_existing = ready.unchanged;
            let dir = CcoStep::path(&w.cco.prov[PROV_CREDREQ]);
            let job = w.start_job(JobKind::CredRequests);
            let output_dir = CcoStep::path(&w.cco.prov[PROV_OUTPUT]);
            vec![Command::ExtractCredRequests {
                job,
                tools: w.cco.tool_paths(),
                release_image,
                dir,
                install_dir: w.cco.install_dir(),
                output_dir,
                reuse_existing,
            }]
        }
        other => return edit(w, &other, 5),
    })
}

pub(in crate::wizard) fn on_cred_requests(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(JobOutput::CredRequests {
            requests,
            install,
            earlier_run,
            unchanged,
            made_with,
            found,
            in_install_dir,
        }) => {
            // `--name` only tags what ccoctl makes: the infrastructure name when the manifests
            // exist (the convention), else the cluster's name (reference §5).
            let suggested = match &install {
                Some(InstallDirKind::Manifests { infra_name, .. }) => infra_name.clone(),
                Some(InstallDirKind::Config { cluster_name, .. }) => cluster_name.clone(),
                _ => None,
            };
            // Manifests of an earlier run that are in this install dir already (copied there,
            // byte for byte: this cluster's): its --name, unless one was typed here. Manifests
            // found only in the output dir may be another cluster's: they suggest nothing.
            let earlier = made_with.filter(|_| unchanged);
            let suggested = earlier
                .as_ref()
                .filter(|_| in_install_dir)
                .map(|(n, _)| n.clone())
                .or(suggested);
            if (w.cco.prov[PROV_NAME].value.trim().is_empty() || w.cco.name_suggested)
                && let Some(n) = suggested
            {
                w.cco.prov[PROV_NAME].value = n;
                w.cco.name_suggested = true;
            }
            w.cco.earlier_made_with = earlier;
            w.cco.install = install;
            w.cco.requests = requests;
            w.cco.earlier_run = earlier_run;
            w.cco.manifests_unchanged = unchanged;
            w.cco.found_manifests = found;
            if w.screen != Screen::ProvisionSetup {
                return;
            }
            // Nothing to take --name from (no install dir, or one not surveyed yet): the
            // form asks for it, rather than a review of users named "-openshift-…".
            if w.cco.prov[PROV_NAME].value.trim().is_empty() {
                w.cco.error = Some(strings::PROV_NAME_NEEDED().into());
                w.cco.prov_focus = PROV_NAME;
            } else {
                w.screen = Screen::ProvisionReview;
            }
        }
        Outcome::Failed(r) => {
            w.cco.error = Some(format!("{} {} ({})", r.hint.what, r.hint.todo, r.detail))
        }
        _ => {}
    }
}

/// What ccoctl will create: Continue runs it.
pub(in crate::wizard) fn on_review(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match intent {
        Intent::Back => w.screen = Screen::ProvisionSetup,
        Intent::Continue => {
            let (true, Some(ready)) = (w.cco.can_provision(), &w.cco.ready) else {
                return Some(Vec::new());
            };
            // Complete and matching already: ccoctl would only mint new component keys.
            if w.cco.keeps_manifests() {
                let output_dir = CcoStep::path(&w.cco.prov[PROV_OUTPUT]);
                w.cco.placed = None;
                w.cco.installer_file = None;
                let p = Provisioned {
                    manifests: w.cco.found_manifests.clone(),
                    output_dir,
                    unchanged: true,
                };
                return Some(on_provisioned(w, Outcome::Done(JobOutput::Provisioned(p))));
            }
            let run = CcoctlRun {
                ccoctl: ready.ccoctl.clone(),
                name: w.cco.prov[PROV_NAME].value.trim().to_owned(),
                region: w.cco.prov[PROV_REGION].value.trim().to_owned(),
                credentials_requests_dir: CcoStep::path(&w.cco.prov[PROV_CREDREQ]),
                output_dir: CcoStep::path(&w.cco.prov[PROV_OUTPUT]),
                use_signed_in_key: w.cco.provision_only,
            };
            w.cco.log.clear();
            w.cco.progress.clear();
            w.cco.error_codes.clear();
            w.cco.provisioned = None;
            w.cco.placed = None;
            w.cco.installer_file = None;
            let job = w.start_job(JobKind::Ccoctl);
            w.screen = Screen::Provisioning;
            return Some(vec![Command::RunCcoctl { job, run }]);
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// The install dir as it is found, after ccoctl: see `engine::place`.
pub(super) fn place(w: &mut Wizard, overwrite: Vec<String>, manual: bool) -> Vec<Command> {
    let Some(install_dir) = w.cco.install_dir() else {
        return Vec::new();
    };
    let placement = Placement {
        output_dir: CcoStep::path(&w.cco.prov[PROV_OUTPUT]),
        install_dir,
        overwrite,
        manual,
        installer: w.cco.ready.as_ref().map(|r| r.installer.clone()),
        credentials_file: w.cco.installer_file().map(|f| f.path.clone()),
    };
    let job = w.start_job(JobKind::Place);
    vec![Command::PlaceManifests { job, placement }]
}

/// After ccoctl: the installer's key where openshift-install finds it by path, then the
/// install dir. (Provisioning only signs in as the installer: no key of its own was saved.)
fn after_ccoctl(w: &mut Wizard) -> Vec<Command> {
    match w
        .saved
        .as_ref()
        .map(|c| (c.dest.file.clone(), c.dest.profile.clone()))
    {
        Some(saved) if !w.cco.provision_only => {
            let job = w.start_job(JobKind::InstallerFile);
            vec![Command::InstallerCredentials {
                job,
                saved: Some(saved),
            }]
        }
        _ => place(w, Vec::new(), true),
    }
}

pub(in crate::wizard) fn on_installer_file(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    w.cco.installer_file = Some(match outcome {
        Outcome::Done(JobOutput::InstallerFile(f)) => Ok(f),
        Outcome::Failed(r) => Err(format!("{} {}", r.hint.what, r.detail)),
        _ => Err(strings::TOOL_CANCELLED().into()),
    });
    place(w, Vec::new(), true)
}

/// `openshift-install create install-config` for an install dir that has nothing yet.
fn survey(w: &mut Wizard) -> Vec<Command> {
    let (Some(dir), Some(ready)) = (w.cco.install_dir(), w.cco.ready.as_ref()) else {
        return Vec::new();
    };
    let installer = ready.installer.clone();
    let credentials_file = w.cco.installer_file().map(|f| f.path.clone());
    w.cco.error = None;
    let job = w.start_job(JobKind::Survey);
    vec![Command::RunSurvey {
        job,
        installer,
        dir,
        credentials_file,
        answers: None,
    }]
}

pub(in crate::wizard) fn on_surveyed(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(JobOutput::Surveyed(true)) => place(w, Vec::new(), true),
        Outcome::Done(_) => {
            w.cco.error = Some(strings::SURVEY_FAILED().into());
            Vec::new()
        }
        Outcome::Failed(r) => {
            w.cco.error = Some(format!("{} {} ({})", r.hint.what, r.hint.todo, r.detail));
            Vec::new()
        }
        Outcome::Cancelled => Vec::new(),
    }
}

pub(in crate::wizard) fn on_provisioned(w: &mut Wizard, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Done(JobOutput::Provisioned(p)) => {
            w.cco.provisioned = Some(p);
            w.screen = Screen::ProvisionDone;
            after_ccoctl(w)
        }
        Outcome::Failed(report) => {
            w.error = Some(ErrorView {
                report,
                back_to: Screen::ProvisionReview,
            });
            w.screen = Screen::Error;
            Vec::new()
        }
        _ => {
            w.screen = Screen::ProvisionReview;
            Vec::new()
        }
    }
}

pub(in crate::wizard) fn on_placed(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(JobOutput::Placed(state)) => {
            // `m` said on the status line, where it is seen whatever the screen's scroll.
            // Only when `m` asked for it: a first placement that set it says so in the body.
            let asked = w.cco.placed.as_ref().is_some_and(|p| !p.manual_set);
            if state.manual_set && asked {
                let backup = state
                    .backup
                    .as_ref()
                    .map(|b| b.display().to_string())
                    .unwrap_or_default();
                w.status = Some(format!("✓ {} {backup}", strings::PROV_MANUAL_SET()));
            }
            w.cco.placed = Some(state);
        }
        Outcome::Failed(r) => {
            let e = format!("{} {}", r.hint.what, r.detail);
            w.status = Some(format!("✗ {e}"));
            w.cco.error = Some(e);
        }
        Outcome::Cancelled | Outcome::Done(_) => {}
    }
}

/// Where the report goes: beside the install dir, else the ccoctl directory (the current
/// directory unless chosen otherwise).
pub fn report_dir(w: &Wizard) -> PathBuf {
    w.cco
        .install_dir()
        .and_then(|d| d.parent().map(std::path::Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| CcoStep::path(&w.cco.tools[TOOL_DIR]))
}

pub(in crate::wizard) fn on_report_saved(w: &mut Wizard, outcome: Outcome) {
    let report = match outcome {
        Outcome::Done(JobOutput::ReportSaved(p)) => Ok(p),
        Outcome::Failed(r) => Err(format!("{} {}", r.hint.what, r.detail)),
        _ => Err(strings::REPORT_NOT_SAVED().into()),
    };
    w.status = Some(match &report {
        Ok(p) => format!("✓ {}", strings::report_saved(p.display().to_string())),
        Err(e) => format!("✗ {e}"),
    });
    w.cco.report = Some(report);
}

/// Saves the Markdown report of the run (once at a time), beside the install dir or in the
/// work dir.
pub(in crate::wizard) fn save_report(w: &mut Wizard) -> Vec<Command> {
    if w.job_of(JobKind::SaveReport).is_some() {
        return Vec::new();
    }
    let text = w.summary_markdown();
    let dir = report_dir(w);
    let job = w.start_job(JobKind::SaveReport);
    vec![Command::SaveReport { job, dir, text }]
}

/// The results: save a report, overwrite differing manifests, set Manual mode, or go back.
pub(in crate::wizard) fn on_done(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    let placed = w.cco.placed.clone().unwrap_or_default();
    Some(match intent {
        Intent::ToolOutput => {
            w.cco.show_log = !w.cco.show_log;
            w.scroll = None;
            w.scroll_limit = None;
            Vec::new()
        }
        Intent::Back if w.cco.show_log => {
            w.cco.show_log = false;
            w.scroll = None;
            w.scroll_limit = None;
            Vec::new()
        }
        Intent::SaveReport => save_report(w),
        Intent::OverwriteDiffering if !placed.differing.is_empty() => {
            place(w, placed.differing, true)
        }
        Intent::CreateInstallConfig if w.can_survey() => {
            if w.job_of(JobKind::Survey).is_some() || w.job_of(JobKind::Place).is_some() {
                Vec::new()
            } else {
                survey(w)
            }
        }
        Intent::SetManualMode if placed.needs_manual && !placed.manual_set => {
            place(w, Vec::new(), true)
        }
        Intent::SetManualMode if placed.needs_manual => Vec::new(),
        Intent::Back => {
            w.screen = Screen::ProvisionReview;
            Vec::new()
        }
        _ => return None,
    })
}

impl Wizard {
    /// The install dir is there to fill and has nothing yet: the survey can run.
    pub fn can_survey(&self) -> bool {
        self.cco.install_dir().is_some()
            && self.cco.ready.is_some()
            && self
                .cco
                .placed
                .as_ref()
                .is_some_and(|p| p.kind == InstallDirKind::Empty)
    }
}

/// The teardown form: ccoctl, `--name` (typed twice), `--region`; Continue deletes.
pub(in crate::wizard) fn on_teardown(w: &mut Wizard, intent: Intent) -> Option<Vec<Command>> {
    match intent {
        Intent::Back => {
            w.screen = Screen::Identity;
            Some(Vec::new())
        }
        Intent::Continue => {
            let name = w.cco.down[DOWN_NAME].value.trim().to_owned();
            let region = w.cco.down[DOWN_REGION].value.trim().to_owned();
            if let Some(problem) = ccoctl::check_name(&name, &[]).0.into_iter().next() {
                w.cco.error = Some(problem);
            } else if let Err(e) = CcoStep::region_check(&region) {
                w.cco.error = Some(e.into());
            } else if w.cco.down[DOWN_CONFIRM].value.trim() != name {
                w.cco.error = Some(strings::TEARDOWN_CONFIRM_MISMATCH().into());
                w.cco.down_focus = DOWN_CONFIRM;
            } else {
                let ccoctl = CcoStep::path(&w.cco.down[DOWN_CCOCTL]);
                w.cco.log.clear();
                w.cco.found_for_delete.clear();
                let job = w.start_job(JobKind::Teardown);
                w.screen = Screen::TearingDown;
                return Some(vec![Command::RunTeardown {
                    job,
                    ccoctl,
                    name,
                    region,
                }]);
            }
            Some(Vec::new())
        }
        other => edit(w, &other, 4),
    }
}

pub(in crate::wizard) fn on_torn_down(w: &mut Wizard, outcome: Outcome) {
    match outcome {
        Outcome::Done(_) => {
            w.cco.torn_down = true;
            w.screen = Screen::TornDown;
        }
        Outcome::Failed(report) => {
            w.error = Some(ErrorView {
                report,
                back_to: Screen::TeardownSetup,
            });
            w.screen = Screen::Error;
        }
        Outcome::Cancelled => w.screen = Screen::TeardownSetup,
    }
}

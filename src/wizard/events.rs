//! Engine events into the wizard: progress and partial results shown as they come, and each
//! job's one outcome handed to the step that started it. Events of a job the wizard no longer
//! waits for are ignored.

use super::*;

impl Wizard {
    pub(super) fn on_engine(&mut self, ev: EngineEvent) -> Vec<Command> {
        let Some(kind) = self.jobs.iter().find(|j| j.id == ev.job).map(|j| j.kind) else {
            return Vec::new(); // a stale job: ignored
        };
        match ev.kind {
            EventKind::Progress(p) => {
                self.progress = Some(p);
                Vec::new()
            }
            EventKind::Partial(p) => {
                match *p {
                    Partial::Users(page) => user::on_users_page(self, page),
                    Partial::Tool(log) => cco::on_tool_log(self, log),
                }
                user::want_details(self)
            }
            EventKind::Finished(outcome) => {
                let outcome = *outcome;
                self.finish_job(ev.job);
                match kind {
                    JobKind::Discover => {
                        signin::on_discovered(self, outcome);
                        Vec::new()
                    }
                    JobKind::SignIn => {
                        let signed_in = matches!(outcome, Outcome::Done(JobOutput::SignedIn(_)));
                        signin::on_signed_in(self, outcome);
                        if signed_in {
                            orphans::check(self)
                        } else {
                            Vec::new()
                        }
                    }
                    JobKind::Orphans => {
                        orphans::on_found(self, outcome);
                        Vec::new()
                    }
                    JobKind::Journal => {
                        resume::on_offer(self, outcome);
                        Vec::new()
                    }
                    JobKind::Recheck => resume::on_rechecked(self, outcome),
                    JobKind::ResolveOrphan => orphans::on_resolved(self, outcome),
                    JobKind::CreateUser => user::on_user_created(self, outcome),
                    JobKind::ListUsers => user::on_users_loaded(self, outcome),
                    JobKind::UserDetails => user::on_details(self, outcome),
                    JobKind::Keyring => {
                        dest::on_keyring(self, outcome);
                        Vec::new()
                    }
                    JobKind::Preflight => dest::on_preflight(self, outcome),
                    JobKind::HeldKey => {
                        dest::on_held(self, outcome);
                        Vec::new()
                    }
                    JobKind::KeepHeld => dest::on_held_kept(self, outcome),
                    JobKind::RetireKey => {
                        let mut cmds = key::after_retire(self, &outcome);
                        if self.screen == Screen::Verified && recover::active(self) {
                            recover::on_retired(self, outcome);
                        } else if self.screen == Screen::Verified && self.keys.replaced.is_some() {
                            key::on_replaced_retired(self, outcome);
                        } else {
                            cmds.extend(key::on_retired(self, outcome));
                        }
                        cmds
                    }
                    JobKind::DetachPolicy => {
                        policy::on_detached(self, outcome);
                        Vec::new()
                    }
                    JobKind::ForgetKey => {
                        key::on_forgotten(self, outcome);
                        Vec::new()
                    }
                    JobKind::Capture => secret::on_captured(self, outcome),
                    JobKind::Verify => {
                        secret::on_verified(self, outcome);
                        Vec::new()
                    }
                    JobKind::InspectPolicy => policy::on_found(self, outcome),
                    JobKind::ApplyPolicy => policy::on_applied(self, outcome),
                    JobKind::Probe => {
                        policy::on_probed(self, outcome);
                        Vec::new()
                    }
                    JobKind::Locate => {
                        cco::on_located(self, outcome);
                        Vec::new()
                    }
                    JobKind::Complete => {
                        cco::on_completion(self, outcome);
                        Vec::new()
                    }
                    JobKind::Prepare => {
                        cco::on_prepared(self, outcome);
                        Vec::new()
                    }
                    JobKind::CredRequests => {
                        cco::on_cred_requests(self, outcome);
                        Vec::new()
                    }
                    JobKind::Ccoctl => cco::on_provisioned(self, outcome),
                    JobKind::InstallerFile => cco::on_installer_file(self, outcome),
                    JobKind::Survey => cco::on_surveyed(self, outcome),
                    JobKind::Place => {
                        cco::on_placed(self, outcome);
                        Vec::new()
                    }
                    JobKind::Teardown => {
                        cco::on_torn_down(self, outcome);
                        Vec::new()
                    }
                    JobKind::SaveReport => {
                        cco::on_report_saved(self, outcome);
                        Vec::new()
                    }
                }
            }
        }
    }
}

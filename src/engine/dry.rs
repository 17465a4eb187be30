//! A dry run's side of the engine. Commands that only read (sign-in, user lists and details,
//! inspecting a policy, finding tools) run for real, through a client that refuses anything but
//! read-only actions. Every other command is written into the plan, with the exact API
//! parameters and command lines the real run would use, and answered with a stand-in outcome
//! so the wizard walks on. Nothing here writes to the disk, the keyring or the cloud.

use crate::cloud::actions::{
    AttachPolicyToUser, CreateAccessKey, CreatePolicy, CreatePolicyVersion, CreateUser,
    DeleteAccessKey, DetachPolicyFromUser, GetCallerIdentity, GetUser, ListPoliciesForUser,
    ListUsers, UpdateAccessKey,
};
use crate::cloud::model::{CallerIdentity, User};
use crate::creds::store;
use crate::plan::{PlanLog, PlanStep, push};
use crate::protocol::InstallerVersion;
use crate::protocol::{
    Captured, CcoctlReady, Command, InstallDirKind, InstallDirState, JobId, JobOutput, Outcome,
    PolicyApplied, PolicyPlan, Provisioned, SavedTo,
};
use crate::strings;
use crate::tools::commands;

const KEY_ENV: [&str; 2] = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
];

fn done(out: JobOutput) -> Outcome {
    Outcome::Done(out)
}

fn run_with_key(log: &PlanLog, mut inv: crate::tools::Invocation) {
    for k in KEY_ENV {
        inv.env
            .push((k.to_owned(), crate::secret::Secret::new("<redacted>")));
    }
    push(log, PlanStep::command(&inv));
}

/// Whether this dry run planned to create `user` (so asking the cloud about it is pointless).
fn planned_user(log: &PlanLog, user: &str) -> bool {
    crate::plan::steps(log).iter().any(|s| {
        matches!(s, PlanStep::Api { action, params, made: false, .. }
            if action == "ram:CreateUser" && params.get("UserName").map(String::as_str) == Some(user))
    })
}

/// Plans `cmd` if it would change something; `None` when it only reads and runs for real.
pub fn intercept(cmd: &Command, log: &PlanLog) -> Option<(JobId, Outcome)> {
    Some(match cmd {
        Command::Preflight { job, dest } => {
            // The same checks, minus creating the directory and the writability probe.
            let out = match store::inspect(&dest.file, &dest.profile) {
                Ok(p) => done(JobOutput::Preflight(Box::new(p))),
                Err(e) => Outcome::Failed(super::capture::dest_report(strings::DEST_TITLE(), &e)),
            };
            (*job, out)
        }
        Command::DetachPolicy {
            job,
            user,
            policy_name,
            policy_type,
        } => {
            let req = DetachPolicyFromUser {
                policy_type: policy_type.clone(),
                policy_name: policy_name.clone(),
                user_name: user.clone(),
            };
            push(log, PlanStep::api(&req, false, None));
            (*job, done(JobOutput::PolicyDetached(Vec::new())))
        }
        Command::ForgetKey { job, key_id, file } => {
            // Which profiles the real run would remove (reading the file changes nothing).
            let text = zeroize::Zeroizing::new(
                crate::files::read_string(file, crate::files::Limit::Credentials)
                    .unwrap_or_default(),
            );
            let names = crate::creds::editor::remove_key_profiles(&text, key_id)
                .ok()
                .flatten()
                .map(|(_, n)| n)
                .unwrap_or_default();
            if !names.is_empty() {
                push(
                    log,
                    PlanStep::local(file.display().to_string(), strings::plan_forget(&names)),
                );
            }
            let out = JobOutput::KeyForgotten {
                removed: names,
                backup: None,
                file: file.clone(),
            };
            (*job, done(out))
        }
        Command::ProbeKeyring { job } => {
            // Probing writes a test entry: not in a dry run. The plan notes it instead.
            (*job, done(JobOutput::Keyring(Ok(()))))
        }
        Command::LoadUserDetails { job, user, .. } if planned_user(log, user) => {
            // The user exists only in the plan: it would have no keys and no policies yet.
            let details = crate::protocol::UserDetails {
                user: user.clone(),
                keys: Vec::new(),
                policies: Vec::new(),
                local_profiles: Vec::new(),
            };
            (*job, done(JobOutput::UserDetails(details)))
        }
        Command::RetireKey {
            job,
            user,
            key_id,
            delete,
        } => {
            let step = if *delete {
                PlanStep::api(
                    &DeleteAccessKey {
                        user_access_key_id: key_id.clone(),
                        user_name: user.clone(),
                    },
                    false,
                    None,
                )
            } else {
                PlanStep::api(
                    &UpdateAccessKey {
                        user_access_key_id: key_id.clone(),
                        status: "Inactive".into(),
                        user_name: user.clone(),
                    },
                    false,
                    None,
                )
            };
            push(log, step);
            (*job, done(JobOutput::KeyRetired))
        }
        Command::CreateKey {
            job,
            user,
            dest,
            replaces,
        } => {
            let note = replaces
                .as_ref()
                .map(|old| strings::plan_replaces(old.as_str()));
            push(
                log,
                PlanStep::api(
                    &CreateAccessKey {
                        user_name: user.clone(),
                    },
                    false,
                    note,
                ),
            );
            let change = if dest.backup {
                strings::plan_write_profile_backup(dest.profile.as_str())
            } else {
                strings::plan_write_profile(dest.profile.as_str())
            };
            push(
                log,
                PlanStep::local(dest.file.display().to_string(), change),
            );
            if dest.keyring {
                push(
                    log,
                    PlanStep::local(
                        strings::PLAN_KEYRING_TARGET(),
                        strings::plan_keyring(dest.profile.as_str()),
                    ),
                );
            }
            push(
                log,
                PlanStep::api(
                    &GetCallerIdentity,
                    false,
                    Some(strings::plan_verify_key(user.as_str())),
                ),
            );
            let captured = Captured {
                key_id: strings::PLAN_NEW_KEY().into(),
                create_date: String::new(),
                secret: None,
                dest: dest.clone(),
                file: Ok(SavedTo {
                    target: dest.file.clone(),
                    backup: None,
                    loose_mode: None,
                    notes: Vec::new(),
                }),
                keyring: dest.keyring.then_some(Ok(())),
            };
            (*job, done(JobOutput::Captured(Box::new(captured))))
        }
        Command::SaveAgain { job, .. } | Command::AdoptKey { job, .. } => {
            // A dry run never holds a secret, so it never gets here; if it did, nothing happens.
            (*job, Outcome::Cancelled)
        }
        Command::VerifyKey { job, user } => {
            let id = CallerIdentity {
                identity_type: "RAMUser".into(),
                arn: format!("acs:ram::<account>:user/{user}"),
                ..Default::default()
            };
            (*job, done(JobOutput::Verified(id)))
        }
        Command::ApplyPolicy { job, user, plan } => {
            plan_policy(log, user, plan);
            let applied = PolicyApplied {
                plan: plan.clone(),
                new_version: None,
                attached: Vec::new(),
            };
            (*job, done(JobOutput::PolicyApplied(Box::new(applied))))
        }
        Command::ProbePermission {
            job,
            kept_key: false,
            ..
        } => {
            let list = ListUsers {
                marker: None,
                max_items: Some(1),
            };
            push(
                log,
                PlanStep::api(&list, false, Some(strings::PLAN_VERIFY_POLICY().into())),
            );
            (*job, done(JobOutput::Probed))
        }
        Command::PrepareCcoctl { job, tools } => {
            // The ccoctl extracted for this installer's release is in place: nothing to do.
            let ccoctl = tools.ccoctl_dir.join("ccoctl");
            if let Some(st) = crate::tools::stamp::read(&tools.ccoctl_dir)
                .filter(|st| st.matches_installer(&tools.installer, &ccoctl))
            {
                let ready = CcoctlReady {
                    version: InstallerVersion {
                        version: st.version.clone(),
                        release_image: Some(st.release_image.clone()),
                        ..Default::default()
                    },
                    release_image: st.release_image,
                    ccoctl,
                    installer: tools.installer.clone(),
                    warnings: Vec::new(),
                    unchanged: true,
                };
                return Some((*job, done(JobOutput::CcoctlReady(Box::new(ready)))));
            }
            push(log, PlanStep::command(&commands::installer_version(tools)));
            push(
                log,
                PlanStep::local(
                    tools.ccoctl_dir.display().to_string(),
                    strings::PLAN_MKDIR(),
                ),
            );
            push(
                log,
                PlanStep::command(&commands::release_info(
                    tools,
                    strings::PLAN_RELEASE_IMAGE(),
                )),
            );
            push(
                log,
                PlanStep::command(&commands::extract_ccoctl(tools, strings::PLAN_CCO_IMAGE())),
            );
            let ccoctl = tools.ccoctl_dir.join("ccoctl");
            push(
                log,
                PlanStep::local(ccoctl.display().to_string(), "chmod 775"),
            );
            push(log, PlanStep::command(&commands::ccoctl_help(&ccoctl)));
            let ready = CcoctlReady {
                version: InstallerVersion {
                    version: strings::PLAN_RELEASE().into(),
                    ..Default::default()
                },
                release_image: strings::PLAN_RELEASE_IMAGE().into(),
                ccoctl,
                installer: tools.installer.clone(),
                warnings: Vec::new(),
                unchanged: false,
            };
            (*job, done(JobOutput::CcoctlReady(Box::new(ready))))
        }
        Command::ExtractCredRequests {
            job,
            tools,
            release_image,
            dir,
            install_dir,
            output_dir,
            reuse_existing,
        } => {
            // ccoctl unchanged: the requests there are read (reading changes nothing).
            let kept = reuse_existing
                .then(|| super::cco::requests_in(dir).ok())
                .flatten()
                .filter(|r| !r.is_empty());
            let requests = match kept {
                Some(r) => r,
                None => {
                    push(
                        log,
                        PlanStep::command(&commands::extract_requests(tools, release_image, dir)),
                    );
                    Vec::new()
                }
            };
            let (earlier_run, unchanged) =
                super::cco::earlier_manifests(&requests, output_dir, install_dir.as_deref());
            let out = JobOutput::CredRequests {
                requests,
                install: install_dir
                    .as_deref()
                    .map(crate::tools::installdir::inspect),
                earlier_run,
                unchanged,
                made_with: crate::tools::stamp::read_run(output_dir),
                found: super::place::manifests_of(output_dir),
                in_install_dir: super::cco::copied_already(output_dir, install_dir.as_deref()),
            };
            (*job, done(out))
        }
        Command::RunCcoctl { job, run } => {
            if let Some(parent) = run.output_dir.parent() {
                push(
                    log,
                    PlanStep::local(parent.display().to_string(), strings::PLAN_MKDIR()),
                );
            }
            run_with_key(log, commands::create_ram_users(run));
            let out = JobOutput::Provisioned(Provisioned {
                manifests: Vec::new(),
                output_dir: run.output_dir.clone(),
                unchanged: false,
            });
            (*job, done(out))
        }
        Command::PlaceManifests { job, placement: p } => {
            let kind = crate::tools::installdir::inspect(&p.install_dir);
            plan_placing(log, p, &kind);
            let st = InstallDirState {
                dir: p.install_dir.clone(),
                kind,
                ..Default::default()
            };
            (*job, done(JobOutput::Placed(st)))
        }
        Command::InstallerCredentials { job, saved } => {
            let out = match installer_file_plan(log, saved.as_ref()) {
                Some(f) => done(JobOutput::InstallerFile(f)),
                None => Outcome::Failed(super::installer::no_key()),
            };
            (*job, out)
        }
        Command::RunSurvey {
            job,
            installer,
            dir,
            ..
        } => {
            push(
                log,
                PlanStep::command(&commands::create_install_config(installer, dir)),
            );
            (*job, done(JobOutput::Surveyed(true)))
        }
        Command::RunTeardown {
            job,
            ccoctl,
            name,
            region,
        } => {
            run_with_key(log, commands::delete_ram_users(ccoctl, name, region));
            (*job, done(JobOutput::TornDown))
        }
        Command::ResolveOrphan {
            job,
            user,
            key_id,
            delete,
        } => {
            if *delete {
                let req = DeleteAccessKey {
                    user_access_key_id: key_id.clone(),
                    user_name: user.clone(),
                };
                push(log, PlanStep::api(&req, false, None));
            }
            (*job, done(JobOutput::OrphanResolved(key_id.clone())))
        }
        // Making a policy ready ahead would create it: a dry run plans it at its step instead.
        Command::PreparePolicy { job, .. } => (*job, Outcome::Cancelled),
        _ => return None,
    })
}

/// CreateUser in a dry run: GetUser (read-only) decides. An existing user fails the way
/// CreateUser would (EntityAlreadyExists.User), so the wizard offers to use it; otherwise the
/// creation is planned.
pub async fn create_user(
    shared: std::sync::Arc<super::Shared>,
    log: PlanLog,
    req: CreateUser,
    r: super::Reporter,
) {
    let outcome = async {
        let client = super::session(&shared).await?;
        let found = client
            .call(&GetUser {
                user_name: req.user_name.clone(),
            })
            .await;
        match found {
            Ok(_) => Ok(Err(crate::protocol::ErrorReport {
                title: strings::USER_STEP_FAILED().into(),
                hint: strings::error_hint("EntityAlreadyExists.User", 409),
                detail: req.user_name.clone(),
                code: Some("EntityAlreadyExists.User".into()),
            })),
            Err(e) if e.code() == Some("EntityNotExist.User") => {
                push(&log, PlanStep::api(&req, false, None));
                Ok(Ok(User {
                    user_name: req.user_name.clone(),
                    display_name: req.display_name.clone().unwrap_or_default(),
                    comments: req.comments.clone(),
                    ..Default::default()
                }))
            }
            Err(e) => Err(e),
        }
    }
    .await;
    r.finish(match outcome {
        Ok(Ok(user)) => done(JobOutput::UserCreated(user)),
        Ok(Err(rep)) => Outcome::Failed(rep),
        Err(e) => Outcome::Failed(super::report(strings::USER_STEP_FAILED(), &e)),
    });
}

fn plan_policy(log: &PlanLog, user: &str, plan: &PolicyPlan) {
    match plan {
        PolicyPlan::Create {
            name,
            document,
            description,
        } => push(
            log,
            PlanStep::api(
                &CreatePolicy {
                    policy_name: name.clone(),
                    policy_document: document.clone(),
                    description: Some(description.clone()).filter(|d| !d.is_empty()),
                },
                false,
                None,
            ),
        ),
        PolicyPlan::NewVersion {
            name,
            document,
            rotate,
        } => push(
            log,
            PlanStep::api(
                &CreatePolicyVersion {
                    policy_name: name.clone(),
                    policy_document: document.clone(),
                    set_as_default: Some(true),
                    rotate_strategy: rotate
                        .then(|| "DeleteOldestNonDefaultVersionWhenLimitExceeded".to_owned()),
                },
                false,
                None,
            ),
        ),
        PolicyPlan::System(_) | PolicyPlan::Reuse(_) => {}
    }
    push(
        log,
        PlanStep::api(
            &AttachPolicyToUser {
                policy_type: plan.policy_type().into(),
                policy_name: plan.name().into(),
                user_name: user.into(),
            },
            false,
            Some(strings::PLAN_ATTACHED_DONE().into()),
        ),
    );
    push(
        log,
        PlanStep::api(
            &ListPoliciesForUser {
                user_name: user.into(),
            },
            false,
            Some(strings::PLAN_READ_BACK().into()),
        ),
    );
}

fn plan_placing(log: &PlanLog, p: &crate::protocol::Placement, kind: &InstallDirKind) {
    let config = p.install_dir.join("install-config.yaml");
    if let (InstallDirKind::Config { .. }, true) = (kind, p.manual) {
        // The edit is tried on the text (nothing is written), so the plan never promises one
        // the real run would refuse.
        let refused = crate::files::read_string(&config, crate::files::Limit::Config)
            .ok()
            .and_then(|t| crate::tools::manifests::set_credentials_mode(&t, "Manual").err());
        let change = match refused {
            Some(why) => strings::plan_manual_refused(why, strings::MANUAL_BY_HAND()),
            None if kind.is_manual() => strings::PLAN_MANUAL_ALREADY().to_owned(),
            None => strings::PLAN_MANUAL_SET().to_owned(),
        };
        push(log, PlanStep::local(config.display().to_string(), change));
        if let Some(installer) = &p.installer {
            push(
                log,
                PlanStep::command(&commands::create_manifests(installer, &p.install_dir)),
            );
        }
    }
    if matches!(kind, InstallDirKind::Empty) {
        return;
    }
    // Every manifest is in the install dir already, byte for byte: nothing to copy.
    let all_there = super::cco::copied_already(&p.output_dir, Some(&p.install_dir));
    if all_there {
        return;
    }
    push(
        log,
        PlanStep::local(
            p.install_dir.join("manifests").display().to_string(),
            strings::plan_copy(p.output_dir.join("manifests").display().to_string()),
        ),
    );
}

/// The file a dry run would point openshift-install at (and write, when the key's profile is
/// not `default`).
fn installer_file_plan(
    log: &PlanLog,
    saved: Option<&(std::path::PathBuf, String)>,
) -> Option<crate::protocol::InstallerFile> {
    let (file, profile) = saved?;
    let f = super::installer::file_for(file, profile, None);
    if f.written {
        push(
            log,
            PlanStep::local(f.path.display().to_string(), strings::PLAN_INSTALLER_FILE()),
        );
    }
    Some(f)
}

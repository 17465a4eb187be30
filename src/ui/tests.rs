//! Screens rendered into a `TestBackend` and compared as insta snapshots (100×30).

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::cloud::model::CallerIdentity;
use crate::creds::{Discovery, SourceInfo, SourceRef, SourceStatus};
use crate::protocol::*;
use crate::wizard::*;

fn draw(w: &Wizard, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| {
        super::render(w, f);
    })
    .unwrap();
    t
}

fn discovered() -> Wizard {
    let (mut w, cmds) = Wizard::new(true, (100, 30), "/demo/credentials".into());
    let Command::DiscoverSources { job } = cmds[0] else {
        panic!()
    };
    let src = |name: &str, id: &str, status| SourceInfo {
        source: SourceRef::Profile {
            path: "/demo/credentials".into(),
            name: name.into(),
        },
        label: format!("profile {name}"),
        origin: "/demo/credentials".into(),
        access_key_id: Some(id.into()),
        status,
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::Sources(Discovery {
            sources: vec![
                src(
                    "demo-admin",
                    "LTAI5tDEMO0000000000000A",
                    SourceStatus::Ready,
                ),
                src(
                    "ci-role",
                    "-",
                    SourceStatus::Unsupported("ram_role_arn".into()),
                ),
            ],
            problems: vec![
                "/home/u/.aliyun/config.json: not valid JSON (expected value at line 1 column 1)"
                    .into(),
            ],
            looked_in: Vec::new(),
        }))),
    }));
    w
}

fn signed_in(owner: bool, ram: RamAccess) -> Wizard {
    signed_in_with(owner, ram).0
}

/// The same, with the commands the sign-in's answer started (the orphan check among them).
fn signed_in_with(owner: bool, ram: RamAccess) -> (Wizard, Vec<Command>) {
    let mut w = discovered();
    w.update(Msg::Intent(Intent::StartSetup));
    let cmds = w.update(Msg::Intent(Intent::ChooseSource(0)));
    let Command::SignIn { job, .. } = cmds[0] else {
        panic!()
    };
    let started = w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::SignedIn(SignedIn {
            identity: CallerIdentity {
                request_id: "r".into(),
                account_id: "5123456789012345".into(),
                user_id: (!owner).then(|| "26512345678901".into()),
                identity_type: if owner { "Account" } else { "RAMUser" }.into(),
                principal_id: "5123456789012345".into(),
                arn: if owner {
                    "acs:ram::5123456789012345:root".into()
                } else {
                    "acs:ram::5123456789012345:user/ops".into()
                },
                role_id: None,
            },
            ram,
            source_label: "profile demo-admin (/demo/credentials)".into(),
            access_key_id: "LTAI5tDEMO0000000000000A".into(),
            signature: crate::cloud::SignatureVersion::V1,
            role: None,
        }))),
    }));
    (w, started)
}

#[test]
fn welcome_screen() {
    let (w, _) = Wizard::new(true, (100, 30), "/demo/credentials".into());
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn sign_in_screen() {
    let mut w = discovered();
    w.update(Msg::Intent(Intent::StartSetup));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn paste_screen_masks_the_secret() {
    let mut w = discovered();
    w.update(Msg::Intent(Intent::StartSetup));
    w.update(Msg::Intent(Intent::PastePair));
    w.update(Msg::Paste("not-an-id".into()));
    w.update(Msg::Intent(Intent::NextField));
    w.update(Msg::Paste("TopSecretValue".into()));
    let t = draw(&w, 100, 30);
    let text = format!("{:?}", t.backend());
    assert!(!text.contains("TopSecretValue"));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn checking_screen() {
    let mut w = discovered();
    w.update(Msg::Intent(Intent::StartSetup));
    w.update(Msg::Intent(Intent::ChooseSource(0)));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn identity_card_of_the_account_owner() {
    let w = signed_in(true, RamAccess::Allowed);
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn the_identity_card_names_the_signature_scheme_in_use() {
    let mut w = signed_in(true, RamAccess::Allowed);
    if let Some(s) = &mut w.signed_in {
        s.signature = crate::cloud::SignatureVersion::V3;
    }
    let screen = format!("{}", draw(&w, 100, 30).backend());
    assert!(
        screen.contains("Requests signed with  V3 (ACS3-HMAC-SHA256)"),
        "{screen}"
    );
}

/// Signed in through a RAM role: an operator's profile that assumes okd-admin.
fn role_session() -> Wizard {
    let mut w = signed_in(false, RamAccess::Allowed);
    if let Some(s) = &mut w.signed_in {
        s.identity.identity_type = "AssumedRoleUser".into();
        s.identity.user_id = None;
        s.identity.arn =
            "acs:ram::5123456789012345:assumed-role/okd-admin/ramwiz-1764748800".into();
        s.source_label = "profile demo-operator → role okd-admin (/demo/credentials)".into();
        s.role = Some(Box::new(crate::cloud::RoleInfo {
            role_arn: "acs:ram::5123456789012345:role/okd-admin".into(),
            session_name: "ramwiz-1764748800".into(),
            expiration: "2025-12-03T09:00:00Z".into(),
            renewals: 0,
            renew_before: std::time::Duration::from_secs(300),
        }));
    }
    w
}

/// A session of a RAM role: the card names the role, the session and when its key ends, and
/// how long before that ramwiz renews it.
#[test]
fn identity_card_of_a_role_session() {
    let mut w = role_session();
    let t = draw(&w, 100, 30);
    let screen = format!("{}", t.backend());
    assert!(
        screen.contains("ramwiz-1764748800 · its key ends 2025-12-03 09:00:00 UTC, renewed 5")
            && screen.contains("minutes before"),
        "{screen}"
    );
    insta::assert_snapshot!(t.backend());
    // A session shorter than a quarter of an hour (a fault of the simulated cloud) is renewed
    // a third of its life before it ends, and the card says so in seconds.
    if let Some(r) = w.signed_in.as_mut().and_then(|s| s.role.as_mut()) {
        r.renew_before = std::time::Duration::from_secs(2);
    }
    let screen = format!("{}", draw(&w, 120, 40).backend());
    assert!(screen.contains("renewed 2 seconds before"), "{screen}");
}

/// A teardown signed in through a role: the card says at once that ccoctl cannot take its key,
/// and offers no way on.
#[test]
fn identity_card_of_a_role_session_refused_for_a_teardown() {
    let mut w = role_session();
    w.cco.teardown_mode = true;
    let t = draw(&w, 100, 30);
    let screen = format!("{}", t.backend());
    assert!(
        screen.contains("✗ You signed in with temporary STS credentials")
            && !screen.contains("Press Enter to continue"),
        "{screen}"
    );
    insta::assert_snapshot!(t.backend());
}

#[test]
fn identity_card_says_what_the_orphan_check_recovered_and_removed() {
    let (mut w, started) = signed_in_with(false, RamAccess::Allowed);
    let Some(job) = started.iter().find_map(|c| match c {
        Command::FindOrphans { job } => Some(*job),
        _ => None,
    }) else {
        panic!("the sign-in starts the orphan check: {started:?}")
    };
    // As the engine's orphan check words them (a crash between writing and renaming).
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::Orphans(
            Vec::new(),
            vec![
                format!(
                    "{} LTAIrecovered00000000000 (okd-installer) {} [default] of /home/u/.alibabacloud/credentials, {}",
                    crate::strings::LEFTOVER_RECOVERED(),
                    crate::strings::LEFTOVER_RECOVERED_TO(),
                    crate::strings::LEFTOVER_RECOVERED_WORKS()
                ),
                format!(
                    "{} /home/u/.alibabacloud/.ramwiz-Ab12Cd.tmp",
                    crate::strings::LEFTOVER_REMOVED()
                ),
            ],
        ))),
    }));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn identity_card_of_a_ram_user_without_ram_rights() {
    let w = signed_in(false, RamAccess::Denied(Some("ram:ListUsers".into())));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn error_screen() {
    let mut w = discovered();
    w.update(Msg::Intent(Intent::StartSetup));
    let cmds = w.update(Msg::Intent(Intent::ChooseSource(0)));
    let Command::SignIn { job, .. } = cmds[0] else {
        panic!()
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Failed(ErrorReport {
            title: "Sign-in failed".into(),
            hint: crate::strings::error_hint("InvalidAccessKeyId.NotFound", 404),
            detail: "GetCallerIdentity: InvalidAccessKeyId.NotFound (404), request 5E1F…".into(),
            code: None,
        })),
    }));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn help_overlay() {
    let mut w = discovered();
    w.update(Msg::Intent(Intent::StartSetup));
    w.update(Msg::Intent(Intent::Help));
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn too_small_terminal() {
    let (w, _) = Wizard::new(false, (60, 20), "/demo/credentials".into());
    insta::assert_snapshot!(draw(&w, 60, 20).backend());
}

#[test]
fn every_screen_fits_80_by_24_without_panicking() {
    for w in [
        discovered(),
        signed_in(true, RamAccess::Unknown("timeout".into())),
    ] {
        draw(&w, 80, 24);
    }
}

pub(super) mod key_step {
    //! Snapshots of the user and AccessKey screens (100×30).
    use super::*;
    use crate::cloud::model::{AccessKeyMeta, Policy, User};
    use crate::secret::Secret;

    pub(crate) fn at(screen: Screen) -> Wizard {
        let mut w = signed_in(false, RamAccess::Allowed);
        w.jobs.clear();
        w.screen = screen;
        w.chosen_user = Some(User {
            user_name: "okd-installer".into(),
            ..Default::default()
        });
        w.dest.keyring_available = Some(Ok(()));
        w
    }

    fn user(n: &str, d: &str) -> User {
        User {
            user_name: n.into(),
            display_name: d.into(),
            create_date: "2026-11-02T09:00:00Z".into(),
            ..Default::default()
        }
    }

    #[test]
    fn user_choice_screen() {
        insta::assert_snapshot!(draw(&at(Screen::UserChoice), 100, 30).backend());
    }

    #[test]
    fn create_user_screen_with_an_invalid_name() {
        let mut w = at(Screen::CreateUser);
        for c in "okd installer".chars() {
            w.update(Msg::Intent(Intent::Type(Typed(c))));
        }
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn an_invalid_name_submitted_shows_its_rule_once() {
        let mut w = at(Screen::CreateUser);
        for c in "okd installer".chars() {
            w.update(Msg::Intent(Intent::Type(Typed(c))));
        }
        let rule = crate::wizard::user::user_name_problem("okd installer").unwrap();
        assert!(w.update(Msg::Intent(Intent::Continue)).is_empty());
        let screen = draw(&w, 100, 30).backend().to_string();
        assert_eq!(screen.matches(&rule[..20]).count(), 1, "{screen}");
    }

    #[test]
    fn ctrl_u_on_the_user_name_clears_the_display_name_and_the_warning_with_it() {
        let mut w = at(Screen::CreateUser);
        for c in "okd-taken".chars() {
            w.update(Msg::Intent(Intent::Type(Typed(c))));
        }
        w.new_user.error = Some(crate::strings::USER_EXISTS_OFFER().to_owned());
        w.new_user.exists = Some("okd-taken".into());
        w.update(Msg::Intent(Intent::ClearField));
        assert_eq!(w.new_user.fields[0].value, "");
        assert_eq!(w.new_user.fields[1].value, "", "the display name followed");
        assert_eq!(w.new_user.error, None);
        assert_eq!(w.new_user.exists, None);
        let screen = draw(&w, 100, 30).backend().to_string();
        assert!(
            !screen.contains("okd-taken") && !screen.contains('⚠'),
            "{screen}"
        );
    }

    #[test]
    fn a_component_user_as_the_installer_is_warned_about() {
        let warned = |w: &Wizard| {
            draw(w, 100, 30)
                .backend()
                .to_string()
                .contains("This name has the shape of the users ccoctl makes")
        };
        let mut w = at(Screen::CreateUser);
        for c in "okd-openshift-machine-api".chars() {
            w.update(Msg::Intent(Intent::Type(Typed(c))));
        }
        assert!(warned(&w));
        let mut w = at(Screen::SelectUser);
        let mut tagged = user("cluster-a-x", "ccoctl user for cluster-a");
        tagged.comments = Some("openshift.io/ccoctl/cluster-a".into());
        w.users.users = vec![user("okd-installer", "OKD installer"), tagged];
        w.users.loaded = true;
        assert!(!warned(&w), "an installer user");
        w.users.selected = 1;
        assert!(warned(&w), "ccoctl's tag, whatever the name");
    }

    #[test]
    fn select_user_screen_with_details() {
        let mut w = at(Screen::SelectUser);
        w.users.users = vec![
            user("ci-bot", "CI robot"),
            user("okd-installer", "OKD installer"),
            user("ops", "Operations"),
        ];
        w.users.loaded = true;
        w.users.selected = 1;
        w.users.details.push(UserDetails {
            user: "okd-installer".into(),
            keys: vec![AccessKeyMeta {
                access_key_id: "LTAI5tKEY0000000000000001".into(),
                status: "Active".into(),
                create_date: "2026-11-02T09:01:00Z".into(),
            }],
            policies: vec![Policy {
                policy_name: "AdministratorAccess".into(),
                ..Default::default()
            }],
            local_profiles: vec![],
        });
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn destination_screen_asking_to_replace_a_profile() {
        let mut w = at(Screen::Destination);
        w.dest.replace_offer = Some("LTAI5tOLD00000000000000001".into());
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn destination_screen_when_the_profile_holds_the_users_working_key() {
        let mut w = at(Screen::Destination);
        w.dest.replace_offer = Some("LTAI5tKEY0000000000000001".into());
        w.dest.held = crate::wizard::dest::HeldCheck::Works(Box::default());
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn destination_screen_when_the_profile_holds_the_signed_in_key() {
        let mut w = at(Screen::Destination);
        w.dest.replace_offer = Some("LTAI5tADMIN0000000000001".into());
        w.dest.held_is_signed_in = true;
        insta::assert_snapshot!("signed_in_offer", draw(&w, 100, 30).backend());
        w.dest.move_to = Some(crate::wizard::input::TextField {
            value: "root-admin".into(),
        });
        insta::assert_snapshot!("signed_in_move_name", draw(&w, 100, 30).backend());
    }

    #[test]
    fn keys_screen_at_the_limit_with_a_confirmation() {
        let mut w = at(Screen::Keys);
        w.keys.details = Some(UserDetails {
            user: "okd-installer".into(),
            keys: vec![
                AccessKeyMeta {
                    access_key_id: "LTAI5tKEY0000000000000001".into(),
                    status: "Active".into(),
                    create_date: "2026-11-02T09:01:00Z".into(),
                },
                AccessKeyMeta {
                    access_key_id: "LTAI5tKEY0000000000000002".into(),
                    status: "Inactive".into(),
                    create_date: "2026-11-03T10:00:00Z".into(),
                },
            ],
            policies: vec![],
            local_profiles: vec![("default".into(), "LTAI5tKEY0000000000000001".into())],
        });
        w.keys.dest = Some(Destination {
            file: "/demo/credentials".into(),
            profile: "default".into(),
            keyring: true,
            backup: false,
            move_existing_to: None,
        });
        w.keys.notice = Some(crate::strings::KEY_LIMIT_CHOOSE().into());
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    pub(crate) fn with_secret(stored: bool) -> Wizard {
        let mut w = at(Screen::SecretShown);
        w.secret = Some(crate::wizard::secret::SecretView {
            captured: Captured {
                key_id: "LTAI5tNEW0000000000000001".into(),
                create_date: String::new(),
                secret: Some(Secret::new("SnapshotSecretValue0123456789x")),
                dest: Destination {
                    file: "/demo/credentials".into(),
                    profile: "default".into(),
                    keyring: true,
                    backup: true,
                    move_existing_to: None,
                },
                file: if stored {
                    Ok(SavedTo {
                        target: "/demo/credentials".into(),
                        backup: Some("/demo/credentials.ramwiz-backup-20261129T101112Z".into()),
                        loose_mode: Some(0o644),
                        notes: Vec::new(),
                    })
                } else {
                    Err("/demo/credentials: cannot write here: Read-only file system".into())
                },
                keyring: Some(Ok(())),
            },
            revealed: false,
            copied: false,
            copied_with: None,
            confirming: false,
        });
        w
    }

    #[test]
    fn secret_screen_masked() {
        let t = draw(&with_secret(true), 100, 30);
        assert!(!format!("{:?}", t.backend()).contains("SnapshotSecretValue"));
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn a_pasted_secret_is_not_offered_for_reveal_or_copy() {
        let mut w = with_secret(true);
        if let Some(s) = w.secret.as_mut() {
            s.captured.secret = None;
        }
        let screen = draw(&w, 100, 30).backend().to_string();
        assert!(
            screen.contains(crate::strings::SECRET_TITLE_PASTED()),
            "{screen}"
        );
        assert!(screen.contains(crate::strings::SECRET_PASTED()), "{screen}");
        assert!(!screen.contains("shows this secret only now"), "{screen}");
        assert!(
            !screen.contains("reveal") && !screen.contains("c copy"),
            "{screen}"
        );
    }

    #[test]
    fn secret_screen_when_the_file_failed() {
        let mut w = with_secret(false);
        if let Some(s) = w.secret.as_mut() {
            s.captured.keyring = None;
        }
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn the_secret_is_drawn_only_when_revealed() {
        let mut w = with_secret(true);
        w.update(Msg::Intent(Intent::Reveal));
        assert!(
            format!("{:?}", draw(&w, 100, 30).backend()).contains("SnapshotSecretValue0123456789x")
        );
    }

    #[test]
    fn verifying_and_verified_screens() {
        let mut w = at(Screen::Verifying);
        w.progress = Some(Progress::Verifying {
            attempt: 2,
            seconds_left: 28,
        });
        insta::assert_snapshot!("verifying", draw(&w, 100, 30).backend());
        let mut w = at(Screen::Verified);
        w.verified = Some(CallerIdentity {
            arn: "acs:ram::5123456789012345:user/okd-installer".into(),
            ..Default::default()
        });
        insta::assert_snapshot!("verified", draw(&w, 100, 30).backend());
    }

    #[test]
    fn every_new_screen_fits_80_by_24() {
        for s in [
            Screen::UserChoice,
            Screen::CreateUser,
            Screen::SelectUser,
            Screen::Destination,
            Screen::Keys,
            Screen::Capturing,
            Screen::Verifying,
            Screen::Verified,
        ] {
            draw(&at(s), 80, 24);
        }
        draw(&with_secret(true), 80, 24);
    }
}

mod policy_step {
    //! Snapshots of the install-policy screens (100×30).
    use super::*;
    use crate::cloud::model::{Policy, User};
    use crate::wizard::policy::ProbeState;

    pub(super) fn at(screen: Screen) -> Wizard {
        let mut w = signed_in(false, RamAccess::Allowed);
        w.jobs.clear();
        w.chosen_user = Some(User {
            user_name: "okd-installer".into(),
            ..Default::default()
        });
        w.screen = screen;
        w
    }

    #[test]
    fn policy_choice_screen() {
        insta::assert_snapshot!(draw(&at(Screen::PolicyChoice), 100, 30).backend());
    }

    #[test]
    fn policy_choice_asking_to_confirm_administrator_access() {
        let mut w = at(Screen::PolicyChoice);
        w.policy.choice = 0;
        w.policy.confirm_admin = true;
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn policy_viewer_scrolled() {
        let mut w = at(Screen::PolicyViewer);
        w.scroll = Some(40);
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn policy_form_with_the_toggle() {
        let mut w = at(Screen::PolicyForm);
        w.policy.focus = 2;
        w.policy.add_delete_version = true;
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn policy_review_of_a_difference_at_five_versions() {
        let mut w = at(Screen::PolicyReview);
        w.policy.add_delete_version = true;
        let mut old: serde_json::Value = serde_json::from_str(crate::policy::OKD_POLICY).unwrap();
        old["Statement"][0]["Action"] =
            serde_json::json!(["tag:ListTagResources", "tag:TagResources"]);
        w.policy.existing = Some(ExistingPolicy {
            document: old.to_string(),
            default_version: "v5".into(),
            versions: 5,
        });
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn policy_result_with_warnings_and_the_probe_passed() {
        let mut w = at(Screen::PolicyDone);
        let pol = |n: &str, t: &str| Policy {
            policy_name: n.into(),
            policy_type: t.into(),
            ..Default::default()
        };
        w.policy.applied = Some(PolicyApplied {
            plan: PolicyPlan::NewVersion {
                name: "okd-installer".into(),
                document: String::new(),
                rotate: false,
            },
            new_version: Some("v2".into()),
            attached: vec![
                pol("okd-installer", "Custom"),
                pol("AdministratorAccess", "System"),
                pol("AliyunOSSReadOnlyAccess", "System"),
            ],
        });
        w.policy.probe = Some(ProbeState::Passed);
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn policy_result_while_probing() {
        let mut w = at(Screen::PolicyDone);
        w.policy.applied = Some(PolicyApplied {
            plan: PolicyPlan::System("AdministratorAccess".into()),
            new_version: None,
            attached: vec![],
        });
        w.policy.probe = Some(ProbeState::Running);
        w.progress = Some(Progress::Probing {
            attempt: 3,
            seconds_left: 12,
        });
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn policy_screens_fit_80_by_24() {
        for s in [
            Screen::PolicyChoice,
            Screen::PolicyViewer,
            Screen::PolicyForm,
            Screen::PolicyReview,
            Screen::Applying,
            Screen::PolicyDone,
        ] {
            draw(&at(s), 80, 24);
        }
    }
}

mod cco_step {
    //! Snapshots of the ccoctl, components and teardown screens (100×30).
    use super::*;
    use crate::protocol::CredRequest;
    use crate::wizard::cco;

    pub(super) fn at(screen: Screen) -> Wizard {
        // The steps before ccoctl are done, as they are when a person gets here.
        let done = signed_in(true, RamAccess::Allowed);
        let mut w =
            done.with_workspace(std::path::Path::new("/demo"), Some("/demo/install".into()));
        w.jobs.clear();
        w.screen = screen;
        w.chosen_user = Some(crate::cloud::model::User {
            user_name: "okd-installer".into(),
            ..Default::default()
        });
        w.verified = Some(CallerIdentity::default());
        w.policy.probe = Some(crate::wizard::policy::ProbeState::Passed);
        w.saved = Some(Captured {
            key_id: "LTAI5tNEW0000000000000001".into(),
            create_date: String::new(),
            secret: None,
            dest: Destination {
                file: "/demo/credentials".into(),
                profile: "default".into(),
                keyring: false,
                backup: false,
                move_existing_to: None,
            },
            file: Ok(SavedTo {
                target: "/demo/credentials".into(),
                backup: None,
                loose_mode: None,
                notes: Vec::new(),
            }),
            keyring: None,
        });
        w.policy.applied = Some(PolicyApplied {
            plan: PolicyPlan::Reuse("okd-installer".into()),
            new_version: None,
            attached: vec![],
        });
        w.cco.tools[cco::TOOL_INSTALLER].value = "/demo/bin/openshift-install".into();
        w.cco.tools[cco::TOOL_OC].value = "/demo/bin/oc".into();
        w.cco.prov[cco::PROV_NAME].value = "okd-x7k2p".into();
        w.cco.name_suggested = true;
        w.cco.install = Some(crate::protocol::InstallDirKind::Manifests {
            infra_name: Some("okd-x7k2p".into()),
            credentials_mode: Some("Manual".into()),
        });
        w.cco.ready = Some(CcoctlReady {
            installer: "/demo/bin/openshift-install".into(),
            version: crate::protocol::InstallerVersion {
                version: "4.15.0-0.okd-2024-03-10-010116".into(),
                ..Default::default()
            },
            release_image: "quay.io/openshift/okd@sha256:1".into(),
            ccoctl: "/demo/ccoctl".into(),
            warnings: vec![],
            unchanged: false,
        });
        let cr = |ns: &str, n: &str| CredRequest {
            file: "/x".into(),
            name: ns.into(),
            secret_namespace: ns.into(),
            secret_name: n.into(),
            alibaba: true,
        };
        w.cco.requests = vec![
            cr("openshift-machine-api", "alibabacloud-credentials"),
            cr("openshift-image-registry", "installer-cloud-credentials"),
            cr("openshift-ingress-operator", "cloud-credentials"),
            cr("openshift-cluster-csi-drivers", "alibaba-disk-credentials"),
        ];
        w.cco.log = vec![
            "▶ Create a RAM user, policy and AccessKey per component.".into(),
            "  $ /demo/ccoctl alibabacloud create-ram-users --name okd-x7k2p --region cn-hangzhou".into(),
            "  2024/03/10 01:01:16 Created RAM User: okd-x7k2p-openshift-machine-api-alibabacloud-credentials".into(),
        ];
        w
    }

    #[test]
    fn ccoctl_tools_form() {
        insta::assert_snapshot!(draw(&at(Screen::CcoSetup), 100, 30).backend());
    }

    #[test]
    fn ccoctl_running_with_the_log_pane() {
        insta::assert_snapshot!(draw(&at(Screen::CcoRunning), 100, 30).backend());
    }

    #[test]
    fn provision_setup_form() {
        let mut w = at(Screen::ProvisionSetup);
        w.cco.prov_focus = cco::PROV_REGION;
        w.cco.prov[cco::PROV_REGION].value = "ap-south".into();
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn provision_review_with_an_earlier_run() {
        let mut w = at(Screen::ProvisionReview);
        w.cco.earlier_run = true;
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn provision_review_keeping_the_earlier_runs_manifests() {
        let mut w = at(Screen::ProvisionReview);
        w.cco.manifests_unchanged = true;
        w.cco.name_suggested = true;
        let name = w.cco.prov[cco::PROV_NAME].value.trim().to_owned();
        let region = w.cco.prov[cco::PROV_REGION].value.trim().to_owned();
        w.cco.earlier_made_with = Some((name, region));
        if let Some(r) = &mut w.cco.ready {
            r.unchanged = true;
        }
        assert!(w.cco.keeps_manifests());
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn provisioning_progress() {
        let mut w = at(Screen::Provisioning);
        w.cco.progress = vec![
            (
                "okd-x7k2p-openshift-machine-api-alibabacloud-credentials".into(),
                cco::Stage::Saved,
            ),
            (
                "okd-x7k2p-openshift-image-registry-installer-cloud-credentials".into(),
                cco::Stage::Attached,
            ),
        ];
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn provision_done_with_install_dir_questions() {
        let mut w = at(Screen::ProvisionDone);
        w.cco.provisioned = Some(Provisioned {
            manifests: vec![
                (
                    "openshift-machine-api-alibabacloud-credentials-credentials.yaml".into(),
                    true,
                ),
                (
                    "openshift-ingress-operator-cloud-credentials-credentials.yaml".into(),
                    true,
                ),
            ],
            output_dir: "/demo/ccoctl-output".into(),
            unchanged: false,
        });
        w.cco.placed = Some(InstallDirState {
            dir: "/demo/install".into(),
            kind: crate::protocol::InstallDirKind::Manifests {
                infra_name: Some("okd-demo-x7k2p".into()),
                credentials_mode: Some("Manual".into()),
            },
            differing: vec!["openshift-ingress-operator-cloud-credentials-credentials.yaml".into()],
            copied: vec!["openshift-machine-api-alibabacloud-credentials-credentials.yaml".into()],
            manual_set: true,
            backup: Some("/demo/install/install-config.yaml.ramwiz-backup-20261201T100000Z".into()),
            manifests_made: true,
            ..Default::default()
        });
        w.cco.installer_file = Some(Ok(crate::protocol::InstallerFile {
            path: "/demo/credentials.okd-installer".into(),
            written: true,
            plain: false,
        }));
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn provision_done_with_an_empty_install_dir() {
        let mut w = at(Screen::ProvisionDone);
        w.cco.provisioned = Some(Provisioned {
            manifests: vec![(
                "openshift-machine-api-alibabacloud-credentials-credentials.yaml".into(),
                true,
            )],
            output_dir: "/demo/ccoctl-output".into(),
            unchanged: false,
        });
        w.cco.placed = Some(InstallDirState {
            dir: "/demo/cluster".into(),
            kind: crate::protocol::InstallDirKind::Empty,
            ..Default::default()
        });
        w.cco.installer_file = Some(Ok(crate::protocol::InstallerFile {
            path: "/demo/credentials.okd-installer".into(),
            written: true,
            plain: false,
        }));
        let screen = draw(&w, 100, 30).backend().to_string();
        assert!(screen.contains("press i to run"), "{screen}");
        assert!(!screen.contains("0 manifests"), "{screen}");
        insta::assert_snapshot!(draw(&w, 100, 30).backend());
    }

    #[test]
    fn an_unknown_region_is_warned_about_on_the_form_the_review_and_the_teardown() {
        let mut w = at(Screen::ProvisionSetup);
        w.cco.prov[cco::PROV_REGION].value = "us-east-9".into();
        let warned = |w: &Wizard| {
            let s = draw(w, 100, 30).backend().to_string();
            s.contains("⚠ us-east-9: ramwiz does not know this region")
        };
        assert!(warned(&w));
        w.screen = Screen::ProvisionReview;
        assert!(warned(&w), "the review says it again");
        w.cco.prov[cco::PROV_REGION].value = "cn-hangzhou".into();
        assert!(!warned(&w));
        let mut w = at(Screen::TeardownSetup);
        w.cco.down[cco::DOWN_REGION].value = "us-east-9".into();
        assert!(warned(&w));
    }

    #[test]
    fn teardown_form_and_result() {
        let mut w = at(Screen::TeardownSetup);
        w.cco.down[cco::DOWN_CCOCTL].value = "/demo/ccoctl".into();
        w.cco.down[cco::DOWN_NAME].value = "okd-x7k2p".into();
        w.cco.down_focus = cco::DOWN_CONFIRM;
        insta::assert_snapshot!("teardown_form", draw(&w, 100, 30).backend());
        w.screen = Screen::TornDown;
        insta::assert_snapshot!("torn_down", draw(&w, 100, 30).backend());
    }

    #[test]
    fn cco_screens_fit_80_by_24() {
        for s in [
            Screen::CcoSetup,
            Screen::CcoRunning,
            Screen::ProvisionSetup,
            Screen::ProvisionReview,
            Screen::Provisioning,
            Screen::ProvisionDone,
            Screen::TeardownSetup,
            Screen::TearingDown,
            Screen::TornDown,
        ] {
            draw(&at(s), 80, 24);
        }
    }
}

#[test]
fn orphaned_keys_screen() {
    let mut w = signed_in(true, RamAccess::Allowed);
    w.jobs.clear();
    w.orphans.list = vec![Orphan {
        user: "okd-installer".into(),
        key_id: "LTAI5tORPHAN000000000001".into(),
        create_date: "2026-11-29T09:30:00Z".into(),
    }];
    w.screen = Screen::Orphans;
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

#[test]
fn no_color_draws_every_screen_without_a_colour() {
    use ratatui::style::Color;
    let mut w = signed_in(true, RamAccess::Allowed);
    w.jobs.clear();
    let screens = [
        Screen::Welcome,
        Screen::SignIn,
        Screen::Identity,
        Screen::UserChoice,
        Screen::CreateUser,
        Screen::Destination,
        Screen::PolicyChoice,
        Screen::PolicyForm,
        Screen::CcoSetup,
        Screen::Orphans,
    ];
    for s in screens {
        w.screen = s;
        let colours = |mono: bool| {
            let t = if mono {
                super::theme::with_theme(&super::theme::MONO, || draw(&w, 100, 30))
            } else {
                super::theme::with_theme(&super::theme::COLOR, || draw(&w, 100, 30))
            };
            t.backend()
                .buffer()
                .content()
                .iter()
                .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
                .count()
        };
        assert_eq!(colours(true), 0, "{s:?} has colours under NO_COLOR");
        assert!(colours(false) > 0, "{s:?}: the colour theme draws colours");
    }
}

#[test]
fn an_orphan_just_made_is_explained_as_such_on_the_key_step() {
    let mut w = signed_in(true, RamAccess::Allowed);
    w.jobs.clear();
    w.orphans.list = vec![Orphan {
        user: "okd-installer".into(),
        key_id: "LTAI5tORPHAN000000000002".into(),
        create_date: String::new(),
    }];
    w.orphans.after_capture = true;
    w.screen = Screen::Orphans;
    let text = format!("{:?}", draw(&w, 100, 30).backend());
    assert!(
        text.contains("Alibaba Cloud just created this key"),
        "{text}"
    );
    assert!(!text.contains("An earlier ramwiz run"), "{text}");
    assert!(text.contains("▶ AccessKey"), "{text}");
}

#[test]
fn recovery_screens() {
    let mut w = signed_in(false, RamAccess::Allowed);
    w.jobs.clear();
    w.recovery = Some(crate::wizard::recover::Recovery {
        stage: crate::wizard::recover::RecoveryStage::PickLost,
        old_key: None,
        profile: None,
        old_status: crate::wizard::recover::OldKeyStatus::Active,
    });
    w.chosen_user = Some(crate::cloud::model::User {
        user_name: "okd-installer".into(),
        ..Default::default()
    });
    w.keys.details = Some(UserDetails {
        user: "okd-installer".into(),
        keys: vec![crate::cloud::model::AccessKeyMeta {
            access_key_id: "LTAI5tLOST00000000000001".into(),
            status: "Active".into(),
            create_date: "2026-10-01T08:00:00Z".into(),
        }],
        policies: vec![],
        local_profiles: vec![
            ("default".into(), "LTAI5tLOST00000000000001".into()),
            ("keyring:default".into(), "LTAI5tLOST00000000000001".into()),
        ],
    });
    w.screen = Screen::Keys;
    insta::assert_snapshot!("recover_pick_the_lost_key", draw(&w, 100, 30).backend());
    w.recovery = Some(crate::wizard::recover::Recovery {
        stage: crate::wizard::recover::RecoveryStage::Deactivated,
        old_key: Some("LTAI5tLOST00000000000001".into()),
        profile: None,
        old_status: crate::wizard::recover::OldKeyStatus::Active,
    });
    w.verified = Some(CallerIdentity {
        arn: "acs:ram::5123456789012345:user/okd-installer".into(),
        ..Default::default()
    });
    w.screen = Screen::Verified;
    insta::assert_snapshot!("recover_old_key_deactivated", draw(&w, 100, 30).backend());
    // The end: what became of the old key, and the report.
    w.recovery = Some(crate::wizard::recover::Recovery {
        stage: crate::wizard::recover::RecoveryStage::Done,
        old_key: Some("LTAI5tLOST00000000000001".into()),
        profile: None,
        old_status: crate::wizard::recover::OldKeyStatus::Inactive,
    });
    insta::assert_snapshot!("recover_done", draw(&w, 100, 30).backend());
}

#[test]
fn welcome_with_a_run_to_resume() {
    let (mut w, _) = Wizard::new(true, (100, 30), "/demo/credentials".into());
    w.resume_offer = Some(ResumeOffer {
        record: crate::protocol::RunRecord {
            user: "okd-installer".into(),
            ..Default::default()
        },
        manifests_gone: false,
    });
    insta::assert_snapshot!(draw(&w, 100, 30).backend());
}

/// Every screen, in the order of the flow, named for the screenshots.
pub(super) fn gallery() -> Vec<(&'static str, Wizard)> {
    let mut sign_in = discovered();
    sign_in.update(Msg::Intent(Intent::StartSetup));
    let mut paste = sign_in.clone();
    paste.update(Msg::Intent(Intent::PastePair));
    paste.update(Msg::Paste("LTAI5tDEMO0000000000000A".into()));
    let mut checking = sign_in.clone();
    checking.update(Msg::Intent(Intent::ChooseSource(0)));
    let mut error = checking.clone();
    if let Some(job) = error
        .jobs
        .iter()
        .find(|j| j.kind == JobKind::SignIn)
        .map(|j| j.id)
    {
        error.update(Msg::from(EngineEvent {
            job,
            kind: EventKind::finished(Outcome::Failed(ErrorReport {
                title: "Sign-in failed".into(),
                hint: crate::strings::error_hint("InvalidAccessKeyId.NotFound", 404),
                detail: "GetCallerIdentity: InvalidAccessKeyId.NotFound (404)".into(),
                code: None,
            })),
        }));
    }
    let mut orphans = signed_in(true, RamAccess::Allowed);
    orphans.orphans.list = vec![Orphan {
        user: "okd-installer".into(),
        key_id: "LTAI5tORPHAN000000000001".into(),
        create_date: "2026-11-29T09:30:00Z".into(),
    }];
    orphans.screen = Screen::Orphans;
    vec![
        ("01-welcome", discovered()),
        ("02-sign-in", sign_in),
        ("03-paste", paste),
        ("04-checking", checking),
        ("05-identity", signed_in(true, RamAccess::Allowed)),
        ("05-identity-role", role_session()),
        ("06-orphans", orphans),
        ("07-user-choice", key_step::at(Screen::UserChoice)),
        ("08-create-user", key_step::at(Screen::CreateUser)),
        ("09-select-user", key_step::at(Screen::SelectUser)),
        ("10-destination", key_step::at(Screen::Destination)),
        ("11-keys", key_step::at(Screen::Keys)),
        ("12-capturing", key_step::at(Screen::Capturing)),
        ("13-secret", key_step::with_secret(true)),
        ("14-verifying", key_step::at(Screen::Verifying)),
        ("15-verified", key_step::at(Screen::Verified)),
        ("16-policy-choice", policy_step::at(Screen::PolicyChoice)),
        ("17-policy-viewer", policy_step::at(Screen::PolicyViewer)),
        ("18-policy-form", policy_step::at(Screen::PolicyForm)),
        ("19-policy-review", policy_step::at(Screen::PolicyReview)),
        ("20-applying", policy_step::at(Screen::Applying)),
        ("21-policy-done", policy_step::at(Screen::PolicyDone)),
        ("22-ccoctl-tools", cco_step::at(Screen::CcoSetup)),
        ("23-ccoctl-running", cco_step::at(Screen::CcoRunning)),
        ("24-provision-setup", cco_step::at(Screen::ProvisionSetup)),
        ("25-provision-review", cco_step::at(Screen::ProvisionReview)),
        ("26-provisioning", cco_step::at(Screen::Provisioning)),
        ("27-provision-done", cco_step::at(Screen::ProvisionDone)),
        ("28-teardown", cco_step::at(Screen::TeardownSetup)),
        ("29-tearing-down", cco_step::at(Screen::TearingDown)),
        ("30-torn-down", cco_step::at(Screen::TornDown)),
        ("31-error", error),
    ]
}

/// Every screen at 80×24 (the smallest supported terminal): nothing that matters cut off.
#[test]
fn every_screen_at_80_by_24() {
    let shots = gallery();
    let mut seen = std::collections::BTreeSet::new();
    for (name, mut w) in shots {
        w.jobs.clear();
        seen.insert(format!("{:?}", w.screen));
        let t = draw(&w, 80, 24);
        let footer: String = (0..80)
            .map(|x| t.backend().buffer()[(x, 23)].symbol().to_owned())
            .collect();
        assert!(!footer.trim().is_empty(), "{name}: no key hints");
        insta::assert_snapshot!(format!("gallery_80x24_{name}"), t.backend());
    }
    assert_eq!(seen.len(), 31, "every screen once: {seen:?}");
}

/// The screenshots a demo run does not reach by itself (an interrupted run's orphan, a policy
/// changed between two runs), at 120×40 as SVG (and PNG when `rsvg-convert` is there), drawn
/// from the gallery's states. Every other screenshot is recorded from a real demo run
/// (tests/screenshots.rs). Fails when a committed one no longer matches what the code draws;
/// `RAMWIZ_UPDATE_SCREENSHOTS=1 cargo test --lib screenshots` rewrites them.
#[test]
fn screenshots_are_up_to_date() {
    const NOT_RECORDED: [&str; 2] = ["06-orphans", "19-policy-review"];
    let shots: Vec<_> = gallery()
        .into_iter()
        .filter(|(n, _)| NOT_RECORDED.contains(n))
        .collect();
    assert_eq!(shots.len(), NOT_RECORDED.len());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let update = std::env::var_os("RAMWIZ_UPDATE_SCREENSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, mut w) in shots {
        w.jobs.clear();
        w.size = (120, 40);
        let t = super::theme::with_theme(&super::theme::COLOR, || draw(&w, 120, 40));
        let svg = super::svg::render(t.backend().buffer(), &format!("ramwiz: {name}"));
        let path = dir.join(format!("{name}.svg"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            super::svg::write_with_png(&path, &svg).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots out of date: {stale:?}; run RAMWIZ_UPDATE_SCREENSHOTS=1 cargo test --lib screenshots"
    );
}

#[test]
fn the_step_bar_marks_the_steps_a_path_leaves_out() {
    let line = |w: &Wizard| {
        let t = draw(w, 120, 40);
        let b = t.backend().buffer();
        (0..120)
            .map(|x| b[(x, 1)].symbol().to_owned())
            .collect::<String>()
    };
    let mut w = signed_in(true, RamAccess::Allowed);
    w.jobs.clear();
    assert!(!line(&w).contains('–'), "{}", line(&w));
    w.cco.teardown_mode = true;
    let l = line(&w);
    assert!(
        l.contains("– Installer user") && l.contains("– Install policy"),
        "{l}"
    );
    assert!(l.contains("○ ccoctl"), "{l}");
    w.cco.teardown_mode = false;
    w.recovery = Some(crate::wizard::recover::Recovery {
        stage: crate::wizard::recover::RecoveryStage::PickLost,
        old_key: None,
        profile: None,
        old_status: crate::wizard::recover::OldKeyStatus::Active,
    });
    let l = line(&w);
    assert!(
        l.contains("○ Installer user") && l.contains("– Components"),
        "{l}"
    );
}

#[test]
fn no_credentials_found_names_where_it_looked_and_how_to_make_a_key() {
    let (mut w, cmds) = Wizard::new(false, (80, 24), "/home/u/.alibabacloud/credentials".into());
    let Command::DiscoverSources { job } = cmds[0] else {
        panic!()
    };
    w.update(Msg::from(EngineEvent {
        job,
        kind: EventKind::finished(Outcome::Done(JobOutput::Sources(Discovery {
            looked_in: vec![
                "/home/u/.alibabacloud/credentials".into(),
                "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET".into(),
                "/home/u/.aliyun/config.json".into(),
            ],
            ..Default::default()
        }))),
    }));
    w.update(Msg::Intent(Intent::StartSetup));
    let t = draw(&w, 80, 24);
    let text = format!("{:?}", t.backend());
    for seen in [
        "/home/u/.alibabacloud/credentials",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "/home/u/.aliyun/config.json",
        "ram.console.aliyun.com",
        "Create AccessKey",
    ] {
        assert!(text.contains(seen), "{seen}: {text}");
    }
    insta::assert_snapshot!(t.backend());
}

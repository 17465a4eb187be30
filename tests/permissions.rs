//! A refused call names what it refused: the simulated cloud answers a `NoPermission` with an
//! `AccessDeniedDetail` as Alibaba's does, and the client, the wizard's error screen and
//! `apply`'s error all name the action (`ram:CreateUser`) of a user that may only read RAM.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sim_support;
mod support;

use ramwiz::cloud::actions::GetUser;
use ramwiz::secret::Secret;
use ramwiz::sim::SimHandle;
use ramwiz::wizard::{Field, Intent, Msg, Screen};
use sim_support::{attach, key_for, owner, sim, user};

/// A user `viewer` that may read RAM (AliyunRAMReadOnlyAccess) and nothing else, and its key.
async fn viewer(sim: &SimHandle) -> (String, Secret) {
    let o = owner(sim);
    o.call(&user("viewer")).await.unwrap();
    o.call(&attach("System", "AliyunRAMReadOnlyAccess", "viewer"))
        .await
        .unwrap();
    key_for(&o, "viewer").await
}

#[tokio::test]
async fn the_client_reads_the_refused_action_and_the_report_names_it() {
    let sim = sim().await;
    let (id, secret) = viewer(&sim).await;
    let c = sim_support::client(&sim, &id, secret);
    // What the policy allows goes through; what it does not is refused, and said.
    c.call(&GetUser {
        user_name: "viewer".into(),
    })
    .await
    .unwrap();
    let e = c.call(&user("okd-installer")).await.unwrap_err();
    let api = e.api().unwrap();
    assert_eq!((api.code.as_str(), api.status), ("NoPermission", 403));
    assert_eq!(api.refused_action(), Some("ram:CreateUser"));
    let d = api.denied.as_ref().unwrap();
    assert_eq!(d.no_permission_type.as_deref(), Some("ImplicitDeny"));
    assert_eq!(d.principal.as_deref(), Some("viewer"));

    let r = ramwiz::engine::report("Creating the user failed", &e);
    assert_eq!(
        r.title,
        "Creating the user failed: this identity lacks ram:CreateUser"
    );
    assert!(
        r.detail.starts_with(
            "this identity lacks ram:CreateUser (ImplicitDeny) — CreateUser: NoPermission (403)"
        ),
        "{}",
        r.detail
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn the_wizard_error_screen_names_the_refused_action() {
    let mut h = support::headless::Headless::start(5).await;
    let (id, secret) = viewer(&h.demo.sim).await;
    h.say(Intent::StartSetup).await;
    assert_eq!(h.w.screen, Screen::SignIn);
    h.say(Intent::PastePair).await;
    h.say(Intent::Fill(Field::PasteId, id)).await;
    h.say(Intent::NextField).await;
    let cmds = h.w.update(Msg::Paste(secret.expose().to_owned()));
    assert!(cmds.is_empty());
    h.say(Intent::Continue).await;
    assert_eq!(h.w.screen, Screen::Identity, "{:?}", h.w.shown_error());
    h.say(Intent::Continue).await;
    h.say(Intent::CreateUser).await;
    h.typed("okd-installer").await;
    h.say(Intent::Continue).await;
    // The create form shows the refusal inline, and stays (nothing was made).
    assert_eq!(h.w.screen, Screen::CreateUser);
    let e = h.w.new_user.error.clone().unwrap_or_default();
    assert!(e.contains("this identity lacks ram:CreateUser"), "{e}");
    // Drawn, the action is on the screen.
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    t.draw(|f| {
        ramwiz::ui::render(&h.w, f);
    })
    .unwrap();
    let screen = t.backend().to_string();
    assert!(screen.contains("ram:CreateUser"), "{screen}");
}

#[test]
fn apply_names_the_refused_action_and_exits_3() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt.block_on(sim());
    let (id, secret) = rt.block_on(viewer(&sim));
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let creds = home.join(".alibabacloud/credentials");
    std::fs::create_dir_all(creds.parent().unwrap()).unwrap();
    std::fs::write(
        &creds,
        format!(
            "[default]\ntype = access_key\naccess_key_id = {id}\naccess_key_secret = {}\n",
            secret.expose()
        ),
    )
    .unwrap();
    let answers = tmp.path().join("answers.toml");
    std::fs::write(
        &answers,
        "mode = \"setup\"\n[signin]\nsource = \"profile\"\nprofile = \"default\"\n[user]\nname = \"okd-installer\"\n[key]\nprofile = \"default\"\n[policy]\nkind = \"custom\"\n[provision]\nregion = \"cn-hangzhou\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ramwiz"))
        .arg("apply")
        .arg("--answers")
        .arg(&answers)
        .args(["--output", "json"])
        .current_dir(tmp.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("RAMWIZ_RAM_ENDPOINT", sim.endpoint())
        .env("RAMWIZ_STS_ENDPOINT", sim.endpoint())
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(3), "{r:#}");
    let error = r["error"]["detail"].as_str().unwrap_or_default();
    assert!(
        error.contains("this identity lacks ram:CreateUser"),
        "{r:#}"
    );
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains(secret.expose()));
    rt.block_on(sim.shutdown());
}

#[test]
fn a_refusal_without_the_detail_names_the_likely_action() {
    let e = ramwiz::cloud::CloudError::Api(ramwiz::cloud::ApiError {
        action: "GetUser",
        status: 403,
        code: "NoPermission".into(),
        message: "You are not authorized to do this action.".into(),
        request_id: None,
        recommend: None,
        denied: None,
    });
    let r = ramwiz::engine::report("Reading the user failed", &e);
    assert_eq!(r.title, "Reading the user failed");
    assert!(
        r.detail.starts_with("missing permission ram:GetUser — "),
        "{}",
        r.detail
    );
}

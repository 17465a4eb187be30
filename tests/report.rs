//! The summary screen's report (`s`): every step's result and the next commands, as Markdown
//! beside the install dir, and no secret in it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ramwiz::wizard::{Intent, Screen};
use support::headless::Headless;

#[tokio::test]
async fn the_report_lists_every_step_and_holds_no_secret() {
    let mut h = Headless::start(5).await;
    h.finish_setup("okd").await;
    assert_eq!(h.w.screen, Screen::ProvisionDone);
    h.say(Intent::SetManualMode).await; // credentialsMode: Manual
    h.say(Intent::SaveReport).await;
    let path = h.w.cco.report.clone().unwrap().expect("saved");
    assert_eq!(
        path.parent(),
        h.demo.install_dir().parent(),
        "beside the install dir"
    );
    let text = std::fs::read_to_string(&path).unwrap();

    let key_id = h.w.saved.as_ref().unwrap().key_id.clone();
    let creds = std::fs::read_to_string(&h.demo.config.locations.credentials_file).unwrap();
    let secret = creds
        .split("[default]")
        .nth(1)
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.trim().strip_prefix("access_key_secret = "))
        })
        .unwrap()
        .to_owned();
    for want in [
        "acs:ram::",       // signed in
        "`okd` (created)", // the user
        key_id.as_str(),   // the key
        "verified",
        "okd-installer", // the policy
        "in effect",
        "ccoctl",
        "-credentials.yaml", // the manifests
        "credentialsMode: Manual",
        "openshift-install create cluster --dir",
        "ccoctl alibabacloud delete-ram-users --name",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    // The teardown is a block of its own: copying the create-cluster block never deletes the
    // live cluster's users.
    let blocks: Vec<&str> = text.split("```sh").skip(1).collect();
    assert_eq!(blocks.len(), 2, "{text}");
    assert!(blocks[0].contains("create cluster --dir") && !blocks[0].contains("delete-ram-users"));
    let teardown_head = text.find("## The day the cluster is removed").unwrap();
    assert!(teardown_head > text.find("create cluster --dir").unwrap());
    assert!(text[teardown_head..].contains("delete-ram-users"));
    assert!(
        text.contains("openshift-install create manifests made"),
        "{text}"
    );
    let manifests = h.w.cco.provisioned.as_ref().unwrap().manifests.len();
    assert_eq!(text.matches("-credentials.yaml`").count(), manifests);
    let forms = support::secrets::forms(&secret);
    assert_eq!(
        support::secrets::find(text.as_bytes(), &forms),
        None,
        "the secret is in the report"
    );
}

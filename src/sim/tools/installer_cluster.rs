//! `openshift-install create cluster --dir D`: installs nothing. It checks what a real install
//! on Alibaba Cloud needs to get past its first minutes, and fails as the real one would, with
//! a message that says which part is missing:
//! - the manifests (made from install-config.yaml first, when only that is there);
//! - `credentialsMode: Manual` in the install-config they embed (reference §2.3);
//! - for every CredentialsRequest of the release (the list `oc adm release extract
//!   --credentials-requests` gives), its Secret manifest in `manifests/` (reference §5 step 8);
//! - the installer's credentials through the environment or `[default]` of the credentials file,
//!   and a signed `GetCallerIdentity` and `ListUsers` with them that the simulated cloud
//!   accepts (a RAM user carrying the install policy may list users; a bare one may not).
//!
//! The exact wording of the real installer's failures here is not known (UNVERIFIED): the
//! messages keep its `level=fatal msg=` shape and name the missing part plainly.

use std::path::Path;

use super::Ctx;
use super::ccoctl_creds::{client, resolve_credentials};
use super::crs::ALIBABA;
use super::installer::{fatal, info};
use super::installer_manifests::{create as create_manifests, embedded_config};
use crate::cloud::actions::{GetCallerIdentity, ListUsers};

pub(super) fn create(ctx: &Ctx, dir: &Path) -> u8 {
    if !dir.join("manifests/cluster-config.yaml").exists() {
        let code = create_manifests(ctx, dir);
        if code != 0 {
            return code;
        }
    }
    let config = match embedded_config(dir) {
        Ok(c) => c,
        Err(e) => return fatal(ctx, &format!("failed to fetch Cluster: {e}")),
    };
    let mode = crate::tools::manifests::credentials_mode(&config);
    if mode.as_deref() != Some("Manual") {
        return fatal(
            ctx,
            &format!(
                "failed to fetch Cluster: invalid install config: credentialsMode: Required value: Alibaba Cloud installs need credentialsMode: Manual (found {})",
                mode.as_deref().unwrap_or("none")
            ),
        );
    }
    for cr in &ALIBABA {
        let file = dir.join("manifests").join(format!(
            "{}-{}-credentials.yaml",
            cr.secret_ns, cr.secret_name
        ));
        if let Err(why) = secret_manifest_ok(&file, cr.secret_ns, cr.secret_name) {
            return fatal(
                ctx,
                &format!(
                    "failed to fetch Cluster: the Secret {}/{} that CredentialsRequest {} needs in Manual mode is missing from {}/manifests ({why}); copy ccoctl's <output>/manifests/*credentials.yaml there",
                    cr.secret_ns,
                    cr.secret_name,
                    cr.name,
                    dir.display()
                ),
            );
        }
    }
    let creds = match resolve_credentials(|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            return fatal(
                ctx,
                &format!(
                    "failed to fetch Cluster: failed to load Alibaba Cloud credentials (the environment, or [default] of ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials): {e}"
                ),
            );
        }
    };
    let key_id = creds.access_key_id.clone();
    let checked = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(async {
            let c = client(creds)?;
            let who = c
                .call(&GetCallerIdentity)
                .await
                .map_err(|e| e.to_string())?;
            c.call(&ListUsers {
                marker: None,
                max_items: Some(1),
            })
            .await
            .map_err(|e| format!("{} may not list RAM users: {e}", who.arn))?;
            Ok::<String, String>(who.arn)
        }),
        Err(e) => Err(e.to_string()),
    };
    let arn = match checked {
        Ok(a) => a,
        Err(e) => {
            return fatal(
                ctx,
                &format!(
                    "failed to fetch Cluster: the Alibaba Cloud credentials (AccessKey {key_id}) do not work for the install: {e}"
                ),
            );
        }
    };
    info(ctx, &format!("Credentials loaded: {arn}"));
    info(ctx, "Consuming Openshift Manifests from target directory");
    info(ctx, "Consuming Master Machines from target directory");
    info(ctx, "Creating infrastructure resources...");
    info(
        ctx,
        "Simulated: a real install would now create the VPC, the load balancers and the bootstrap and control-plane instances, then wait for the cluster to come up (about 40 minutes).",
    );
    info(ctx, "Install complete!");
    0
}

/// The file is a Secret of this namespace and name, holding credentials.
fn secret_manifest_ok(file: &Path, ns: &str, name: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.kind().to_string())?;
    let v: serde_json::Value = serde_saphyr::from_str(&text).map_err(|_| "not YAML".to_owned())?;
    let s = |p: &[&str]| {
        p.iter()
            .try_fold(&v, |v, k| v.get(*k))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    if s(&["kind"]) != "Secret"
        || s(&["metadata", "namespace"]) != ns
        || s(&["metadata", "name"]) != name
    {
        return Err("not that Secret".into());
    }
    if !s(&["stringData", "credentials"]).contains("access_key_id") {
        return Err("no credentials in it".into());
    }
    Ok(())
}

//! The credential chain of the simulated ccoctl and openshift-install (reference §2.1, §2.2):
//! the two environment variables, then `ALIBABA_CLOUD_CREDENTIALS_FILE` or
//! `~/.alibabacloud/credentials`, section `[default]` with `type = access_key`; the SDK's error
//! texts. And the client both tools call the simulated cloud with.

use std::path::{Path, PathBuf};

use super::ENV_RAM_ENDPOINT;
use crate::cloud::{Client, Credentials, Endpoints, RetryPolicy, SignatureVersion};
use crate::secret::Secret;

/// A client of the simulated cloud ([`ENV_RAM_ENDPOINT`]) signing with `creds`, as ramwiz's
/// `--signature` says (handed down in the environment). Without an endpoint it fails as a real
/// tool that cannot reach `ram.aliyuncs.com` does.
pub(super) fn client(creds: Credentials) -> Result<Client, String> {
    let url = std::env::var(ENV_RAM_ENDPOINT)
        .ok()
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| {
            "Post \"https://ram.aliyuncs.com/\": dial tcp: lookup ram.aliyuncs.com: no such host"
                .to_owned()
        })?;
    let signature = match std::env::var(SignatureVersion::ENV) {
        Ok(v) => {
            SignatureVersion::parse(&v).map_err(|e| format!("{}: {e}", SignatureVersion::ENV))?
        }
        Err(_) => SignatureVersion::default(),
    };
    let ep = Endpoints::single(&url)?.with_signature(signature);
    let c = Client::with_agent(ep, creds, crate::sim::TOOL_AGENT).map_err(|e| e.to_string())?;
    Ok(c.with_retry(RetryPolicy {
        max_attempts: 3,
        base_delay: std::time::Duration::from_millis(50),
        max_delay: std::time::Duration::from_millis(400),
    }))
}

/// The SDK's chain: environment, then the profile file (`[default]`, `type = access_key`).
pub(super) fn resolve_credentials(
    var: impl Fn(&str) -> Option<String>,
) -> Result<Credentials, String> {
    if let (Some(id), Some(secret)) = (
        var("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        var("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    ) {
        if id.is_empty() || secret.is_empty() {
            return Err("Environmental variable (ALIBABACLOUD_ACCESS_KEY_ID or ALIBABACLOUD_ACCESS_KEY_SECRET) is empty".into());
        }
        return Ok(Credentials::new(id, Secret::new(secret)));
    }
    let path = match var("ALIBABA_CLOUD_CREDENTIALS_FILE") {
        Some(p) if p.is_empty() => {
            return Err(
                "Environment variable 'ALIBABA_CLOUD_CREDENTIALS_FILE' cannot be empty".into(),
            );
        }
        Some(p) => PathBuf::from(p),
        None => {
            let Some(home) = var("HOME").filter(|h| !h.is_empty()) else {
                return Err("No credential found".into());
            };
            let p = Path::new(&home).join(".alibabacloud").join("credentials");
            if !p.exists() {
                return Err("No credential found".into());
            }
            p
        }
    };
    let bytes = std::fs::read(&path)
        .map_err(|e| format!("ERROR: Can not open file open {}: {e}", path.display()))?;
    let doc = crate::creds::ini::parse_bytes(&bytes)
        .map_err(|e| format!("ERROR: Can not open file {}: {e}", path.display()))?;
    let sec = doc
        .section("default")
        .ok_or("ERROR: Can not load section section 'default' does not exist")?;
    match sec.get("type") {
        None | Some("") => Err("Missing required type option".into()),
        Some("access_key") => {
            let id = sec.get("access_key_id").filter(|s| !s.is_empty());
            let secret = sec.get("access_key_secret").filter(|s| !s.is_empty());
            match (id, secret) {
                (Some(i), Some(s)) => Ok(Credentials::new(i, Secret::new(s))),
                (None, _) => Err("Missing required access_key_id option in profile for access_key".into()),
                (_, None) => Err("Missing required access_key_secret option in profile for access_key".into()),
            }
        }
        Some(t @ ("ecs_ram_role" | "ram_role_arn" | "rsa_key_pair" | "sts")) => Err(format!(
            "credential type {t} is not supported by the simulated ccoctl (use access_key)"
        )),
        Some(_) => Err("Invalid type option, support: access_key, sts, ecs_ram_role, ram_role_arn, rsa_key_pair".into()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_credential_chain_follows_the_sdk() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().to_str().unwrap().to_owned();
        let env = |pairs: Vec<(&'static str, String)>| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
        };
        let e = resolve_credentials(env(vec![("HOME", home.clone())])).unwrap_err();
        assert_eq!(e, "No credential found");
        let e = resolve_credentials(env(vec![
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id".into()),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", String::new()),
        ]))
        .unwrap_err();
        assert!(e.contains("ALIBABACLOUD_ACCESS_KEY_ID"));
        std::fs::create_dir(dir.path().join(".alibabacloud")).unwrap();
        std::fs::write(
            dir.path().join(".alibabacloud/credentials"),
            "[default]\ntype = access_key\naccess_key_id = LTAIx\naccess_key_secret = s3cr3t\n",
        )
        .unwrap();
        let c = resolve_credentials(env(vec![("HOME", home)])).unwrap();
        assert_eq!(c.access_key_id, "LTAIx");
        let e = resolve_credentials(env(vec![("ALIBABA_CLOUD_CREDENTIALS_FILE", String::new())]))
            .unwrap_err();
        assert!(e.contains("cannot be empty"));
    }
}

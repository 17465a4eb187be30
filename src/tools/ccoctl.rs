//! What ccoctl works with and prints: the CredentialsRequests extracted from the release image,
//! the `--name` rules (RAM user names are `<name>-<namespace>-<secret>` cut to 64), Alibaba
//! region IDs, ccoctl's log lines (reference §4.2, §4.6) and `ErrorCode:` lines, the install
//! dir's infrastructure name and `credentialsMode`. Pure, except `list_credentials_requests`,
//! which reads a directory.

use super::manifests;
use crate::protocol::CredRequest;
use crate::strings as s;
use std::path::{Path, PathBuf};

/// Region IDs of Alibaba Cloud and their names in the catalogue (a snapshot of the public list; a region added later is accepted
/// with a warning, not refused, since the list's completeness is UNVERIFIED).
/// A region's name, read from the catalogue in the current language.
pub type RegionName = fn() -> &'static str;

pub const REGIONS: [(&str, RegionName); 29] = [
    ("cn-hangzhou", s::REGION_CN_HANGZHOU),
    ("cn-shanghai", s::REGION_CN_SHANGHAI),
    ("cn-beijing", s::REGION_CN_BEIJING),
    ("cn-shenzhen", s::REGION_CN_SHENZHEN),
    ("cn-qingdao", s::REGION_CN_QINGDAO),
    ("cn-zhangjiakou", s::REGION_CN_ZHANGJIAKOU),
    ("cn-huhehaote", s::REGION_CN_HUHEHAOTE),
    ("cn-wulanchabu", s::REGION_CN_WULANCHABU),
    ("cn-nanjing", s::REGION_CN_NANJING),
    ("cn-fuzhou", s::REGION_CN_FUZHOU),
    ("cn-heyuan", s::REGION_CN_HEYUAN),
    ("cn-guangzhou", s::REGION_CN_GUANGZHOU),
    ("cn-chengdu", s::REGION_CN_CHENGDU),
    ("cn-hongkong", s::REGION_CN_HONGKONG),
    ("ap-southeast-1", s::REGION_AP_SOUTHEAST_1),
    ("ap-southeast-2", s::REGION_AP_SOUTHEAST_2),
    ("ap-southeast-3", s::REGION_AP_SOUTHEAST_3),
    ("ap-southeast-5", s::REGION_AP_SOUTHEAST_5),
    ("ap-southeast-6", s::REGION_AP_SOUTHEAST_6),
    ("ap-southeast-7", s::REGION_AP_SOUTHEAST_7),
    ("ap-northeast-1", s::REGION_AP_NORTHEAST_1),
    ("ap-northeast-2", s::REGION_AP_NORTHEAST_2),
    ("ap-south-1", s::REGION_AP_SOUTH_1),
    ("us-west-1", s::REGION_US_WEST_1),
    ("us-east-1", s::REGION_US_EAST_1),
    ("eu-central-1", s::REGION_EU_CENTRAL_1),
    ("eu-west-1", s::REGION_EU_WEST_1),
    ("me-east-1", s::REGION_ME_EAST_1),
    ("me-central-1", s::REGION_ME_CENTRAL_1),
];

/// Whether a region ID has the shape of one (`xx-name[-n]`).
pub fn region_shape_ok(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

pub fn known_region(r: &str) -> bool {
    REGIONS.iter().any(|(id, _)| *id == r)
}

/// The first CredentialsRequest of a file's text (`None`: none, or not YAML).
pub fn parse_credentials_request(text: &str, file: PathBuf) -> Option<CredRequest> {
    manifests::credentials_requests(text, file)
        .ok()?
        .into_iter()
        .next()
}

/// Every CredentialsRequest of a directory, sorted by file name (as ccoctl reads them).
pub fn list_credentials_requests(dir: &Path) -> std::io::Result<Vec<CredRequest>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    Ok(files
        .into_iter()
        .flat_map(|f| {
            // A file that does not read as YAML holds no request ramwiz can show; ccoctl will
            // refuse it by name when it runs.
            let read = crate::files::read_string(&f, crate::files::Limit::Config).map_err(|e| e.to_string());
            match read.and_then(|t| manifests::credentials_requests(&t, f.clone())) {
                Ok(requests) => requests,
                Err(e) => {
                    tracing::warn!(file = %f.display(), error = %e, "not a YAML file ramwiz can read");
                    Vec::new()
                }
            }
        })
        .collect())
}

/// What is wrong with a `--name` for these requests: errors stop, warnings inform.
pub fn check_name(name: &str, requests: &[CredRequest]) -> (Vec<String>, Vec<String>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    if name.is_empty() {
        errors.push(crate::strings::CCO_NAME_EMPTY().to_owned());
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        errors.push(crate::strings::CCO_NAME_CHARS().to_owned());
    }
    let mut cut: Vec<(String, String)> = Vec::new();
    for r in requests {
        let full = r.user_name(name);
        let n = full.chars().count();
        let short: String = full.chars().take(64).collect();
        if n > 64 {
            warnings.push(format!(
                "{full} ({n} {}",
                crate::strings::CCO_NAME_TRUNCATED()
            ));
        }
        if let Some((other, _)) = cut.iter().find(|(_, s)| *s == short) {
            errors.push(format!(
                "{} {other} / {full}",
                crate::strings::CCO_NAME_COLLIDES()
            ));
        }
        cut.push((full, short));
    }
    (errors, warnings)
}

/// A step of ccoctl's progress, from one of its log lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CcoctlEvent {
    UserCreated(String),
    UserExists(String),
    PolicyCreating(String),
    PolicyReady(String),
    Attached { policy: String, user: String },
    KeyRotation(String),
    DeletingKey { user: String, key_id: String },
    KeysCreated(String),
    Saved(String),
    ErrorCode(String),
    FoundForDelete(String),
}

/// Drops Go's `log` prefix (`2024/03/10 01:01:16 `) when there is one.
fn strip_log_prefix(line: &str) -> &str {
    let b = line.as_bytes();
    let looks = b.len() > 20
        && b[4] == b'/'
        && b[7] == b'/'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b' ';
    if looks { &line[20..] } else { line }
}

pub fn parse_log_line(line: &str) -> Option<CcoctlEvent> {
    let l = strip_log_prefix(line.trim_end()).trim();
    let between = |pre: &str, post: &str| {
        l.strip_prefix(pre)
            .and_then(|r| r.strip_suffix(post))
            .map(str::to_owned)
    };
    if let Some(u) = l.strip_prefix("Created RAM User: ") {
        return Some(CcoctlEvent::UserCreated(u.to_owned()));
    }
    if let Some(u) = between("RAM User ", " already exists, continuing") {
        return Some(CcoctlEvent::UserExists(u));
    }
    if let Some(u) = between(
        "RAM User ",
        "'s accesskey number limit exceeded, will delete original accesskeys",
    ) {
        return Some(CcoctlEvent::KeyRotation(u));
    }
    if let Some(p) = l.strip_prefix("Ready for creating new ram policy ") {
        return Some(CcoctlEvent::PolicyCreating(p.to_owned()));
    }
    if let Some(p) = between("RAM policy ", " has created") {
        return Some(CcoctlEvent::PolicyReady(p));
    }
    if let Some(rest) = l.strip_prefix("Policy ")
        && let Some((policy, user)) = rest.split_once(" has attached on user ")
    {
        return Some(CcoctlEvent::Attached {
            policy: policy.to_owned(),
            user: user.to_owned(),
        });
    }
    if let Some(rest) = l.strip_prefix("Ready to delete user ")
        && let Some((user, key)) = rest.split_once(" accesskey ")
    {
        return Some(CcoctlEvent::DeletingKey {
            user: user.to_owned(),
            key_id: key.to_owned(),
        });
    }
    if let Some(u) = l.strip_prefix("Created access keys for RAM User: ") {
        return Some(CcoctlEvent::KeysCreated(u.to_owned()));
    }
    if let Some(p) = l.strip_prefix("Saved credentials configuration to: ") {
        return Some(CcoctlEvent::Saved(p.to_owned()));
    }
    if let Some(c) = l.strip_prefix("ErrorCode: ") {
        return Some(CcoctlEvent::ErrorCode(c.trim().to_owned()));
    }
    if let Some(u) = between("Find ram user ", " to delete") {
        return Some(CcoctlEvent::FoundForDelete(u));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::manifests::{credentials_mode, infrastructure_name};

    const CR: &str = "apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: openshift-machine-api-alibabacloud\n  namespace: openshift-cloud-credential-operator\n  annotations:\n    include.release.openshift.io/self-managed-high-availability: \"true\"\nspec:\n  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: AlibabaCloudProviderSpec\n    statementEntries:\n    - action:\n      - ecs:CreateInstance\n      effect: Allow\n      resource: '*'\n  secretRef:\n    namespace: openshift-machine-api\n    name: alibabacloud-credentials\n";

    #[test]
    fn reads_a_credentials_request_in_any_key_order() {
        let r = parse_credentials_request(CR, "a.yaml".into()).unwrap();
        assert_eq!(r.name, "openshift-machine-api-alibabacloud");
        assert_eq!(
            (r.secret_namespace.as_str(), r.secret_name.as_str()),
            ("openshift-machine-api", "alibabacloud-credentials")
        );
        assert!(r.alibaba);
        assert_eq!(
            r.manifest_name(),
            "openshift-machine-api-alibabacloud-credentials-credentials.yaml"
        );
        assert_eq!(
            r.user_name("user1-alicloud"),
            "user1-alicloud-openshift-machine-api-alibabacloud-credentials"
        );
        assert!(parse_credentials_request("kind: Secret\n", "b".into()).is_none());
    }

    #[test]
    fn names_are_checked_for_characters_length_and_collisions() {
        let r = parse_credentials_request(CR, "a.yaml".into()).unwrap();
        let (e, w) = check_name("okd", std::slice::from_ref(&r));
        assert!(e.is_empty() && w.is_empty());
        assert!(!check_name("bad name", &[]).0.is_empty());
        let long = "a".repeat(30);
        let (_, w) = check_name(&long, std::slice::from_ref(&r));
        assert_eq!(w.len(), 1, "{w:?}");
        let mut r2 = r.clone();
        r2.secret_name = format!("{}-other", r.secret_name);
        let (e, _) = check_name(&long, &[r, r2]);
        assert_eq!(e.len(), 1, "truncated names collide: {e:?}");
    }

    #[test]
    fn log_lines_become_events() {
        let cases = [
            (
                "2022/01/20 10:11:12 Created RAM User: u1",
                CcoctlEvent::UserCreated("u1".into()),
            ),
            (
                "2022/01/20 10:11:12 RAM User u1 already exists, continuing",
                CcoctlEvent::UserExists("u1".into()),
            ),
            (
                "2022/01/20 10:11:12 Ready for creating new ram policy p1",
                CcoctlEvent::PolicyCreating("p1".into()),
            ),
            (
                "2022/01/20 10:11:12 RAM policy p1 has created",
                CcoctlEvent::PolicyReady("p1".into()),
            ),
            (
                "2022/01/20 10:11:12 Policy p1 has attached on user u1",
                CcoctlEvent::Attached {
                    policy: "p1".into(),
                    user: "u1".into(),
                },
            ),
            (
                "2022/01/20 10:11:12 RAM User u1's accesskey number limit exceeded, will delete original accesskeys",
                CcoctlEvent::KeyRotation("u1".into()),
            ),
            (
                "2022/01/20 10:11:12 Ready to delete user u1 accesskey LTAI1",
                CcoctlEvent::DeletingKey {
                    user: "u1".into(),
                    key_id: "LTAI1".into(),
                },
            ),
            (
                "2022/01/20 10:11:12 Created access keys for RAM User: u1",
                CcoctlEvent::KeysCreated("u1".into()),
            ),
            (
                "2022/01/20 10:11:12 Saved credentials configuration to: /o/manifests/x-credentials.yaml",
                CcoctlEvent::Saved("/o/manifests/x-credentials.yaml".into()),
            ),
            (
                "ErrorCode: NoPermission",
                CcoctlEvent::ErrorCode("NoPermission".into()),
            ),
            (
                "2022/01/20 10:11:12 Find ram user u1 to delete",
                CcoctlEvent::FoundForDelete("u1".into()),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(parse_log_line(line), Some(want), "{line}");
        }
        assert_eq!(parse_log_line("SDK.ServerError"), None);
        assert_eq!(parse_log_line(""), None);
    }

    #[test]
    fn install_dir_facts() {
        assert_eq!(
            infrastructure_name("spec: {}\nstatus:\n  infrastructureName: okd-x7k2p\n").as_deref(),
            Some("okd-x7k2p")
        );
        assert_eq!(
            credentials_mode(
                "apiVersion: v1\ncredentialsMode: Manual\nplatform:\n  alibabacloud: {}\n"
            )
            .as_deref(),
            Some("Manual")
        );
        assert_eq!(credentials_mode("apiVersion: v1\n"), None);
        assert!(
            region_shape_ok("cn-hangzhou")
                && region_shape_ok("ap-southeast-1")
                && !region_shape_ok("Hangzhou")
        );
        assert!(known_region("eu-central-1"));
    }
}

//! The CredentialsRequests of a 4.10-era payload that `oc adm release extract
//! --credentials-requests` writes (reference §4.3: file names, secretRefs), as realistic YAML.

use std::path::Path;

/// One CredentialsRequest of the simulated payload.
pub(super) struct CrDef {
    pub file: &'static str,
    pub name: &'static str,
    pub secret_ns: &'static str,
    pub secret_name: &'static str,
    pub service_accounts: &'static [&'static str],
    pub provider_kind: &'static str,
    pub actions: &'static [&'static str],
    /// Starts the file with `---` (the real machine-api file is a multi-document one).
    pub leading_separator: bool,
}

/// The four Alibaba CredentialsRequests, in file-name order.
pub(super) const ALIBABA: [CrDef; 4] = [
    CrDef {
        file: "0000_30_machine-api-operator_00_credentials-request.yaml",
        name: "openshift-machine-api-alibabacloud",
        secret_ns: "openshift-machine-api",
        secret_name: "alibabacloud-credentials",
        service_accounts: &["machine-api-controllers"],
        provider_kind: "AlibabaCloudProviderSpec",
        actions: &[
            "ecs:CreateInstance",
            "ecs:DeleteInstances",
            "ecs:DescribeImages",
            "ecs:DescribeInstances",
            "ecs:DescribeSecurityGroups",
            "ecs:RunInstances",
            "ecs:StartInstance",
            "ecs:StopInstance",
            "ecs:TagResources",
            "ecs:ListTagResources",
            "vpc:DescribeVSwitches",
            "vpc:DescribeVpcs",
            "slb:AddBackendServers",
            "slb:DescribeLoadBalancers",
            "slb:RemoveBackendServers",
        ],
        leading_separator: true,
    },
    CrDef {
        file: "0000_50_cluster-image-registry-operator_01-registry-credentials-request-alibaba.yaml",
        name: "openshift-image-registry-alibaba",
        secret_ns: "openshift-image-registry",
        secret_name: "installer-cloud-credentials",
        service_accounts: &["cluster-image-registry-operator", "registry"],
        provider_kind: "AlibabaCloudProviderSpec",
        actions: &[
            "oss:PutBucket",
            "oss:GetBucket",
            "oss:GetBucketInfo",
            "oss:DeleteBucket",
            "oss:ListBuckets",
            "oss:PutBucketEncryption",
            "oss:GetBucketEncryption",
            "oss:PutBucketTags",
            "oss:GetBucketTags",
            "oss:PutBucketLifecycle",
            "oss:GetBucketLifecycle",
            "oss:PutObject",
            "oss:GetObject",
            "oss:DeleteObject",
            "oss:ListObjects",
            "oss:ListMultipartUploads",
            "oss:AbortMultipartUpload",
        ],
        leading_separator: false,
    },
    CrDef {
        file: "0000_50_cluster-ingress-operator_00-ingress-credentials-request.yaml",
        name: "openshift-ingress-alibabacloud",
        secret_ns: "openshift-ingress-operator",
        secret_name: "cloud-credentials",
        service_accounts: &["ingress-operator"],
        provider_kind: "AlibabaCloudProviderSpec",
        actions: &[
            "alidns:AddDomainRecord",
            "alidns:DeleteDomainRecord",
            "alidns:DescribeDomainRecords",
            "alidns:DescribeDomains",
            "alidns:UpdateDomainRecord",
            "pvtz:AddZoneRecord",
            "pvtz:DeleteZoneRecord",
            "pvtz:DescribeZoneRecords",
            "pvtz:DescribeZones",
            "pvtz:UpdateZoneRecord",
        ],
        leading_separator: false,
    },
    CrDef {
        file: "0000_50_cluster-storage-operator_03_credentials_request_alibaba.yaml",
        name: "alibaba-disk-csi-driver-operator",
        secret_ns: "openshift-cluster-csi-drivers",
        secret_name: "alibaba-disk-credentials",
        service_accounts: &[
            "alibaba-disk-csi-driver-operator",
            "alibaba-disk-csi-driver-controller-sa",
        ],
        provider_kind: "AlibabaCloudProviderSpec",
        actions: &[
            "ecs:AttachDisk",
            "ecs:CreateDisk",
            "ecs:CreateSnapshot",
            "ecs:DeleteDisk",
            "ecs:DeleteSnapshot",
            "ecs:DescribeAvailableResource",
            "ecs:DescribeDisks",
            "ecs:DescribeInstances",
            "ecs:DescribeSnapshots",
            "ecs:DetachDisk",
            "ecs:ModifyDiskAttribute",
            "ecs:ResizeDisk",
            "ecs:AddTags",
        ],
        leading_separator: false,
    },
];

/// A foreign (AWS) CredentialsRequest, extracted only when `--cloud` is not given (as the real
/// oc extracts every cloud's requests then); ccoctl alibabacloud refuses it.
pub(super) const AWS_IAM_RO: CrDef = CrDef {
    file: "0000_50_cloud-credential-operator_05-iam-ro-credentialsrequest.yaml",
    name: "cloud-credential-operator-iam-ro",
    secret_ns: "openshift-cloud-credential-operator",
    secret_name: "cloud-credential-operator-iam-ro-creds",
    service_accounts: &[],
    provider_kind: "AWSProviderSpec",
    actions: &["iam:GetUser", "iam:GetUserPolicy", "iam:ListAccessKeys"],
    leading_separator: false,
};

/// The YAML of one CredentialsRequest.
pub(super) fn render(cr: &CrDef) -> String {
    let mut y = String::new();
    if cr.leading_separator {
        y.push_str("---\n");
    }
    y.push_str(
        "apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n",
    );
    y.push_str(&format!(
        "  name: {}\n  namespace: openshift-cloud-credential-operator\n",
        cr.name
    ));
    y.push_str("  annotations:\n    include.release.openshift.io/self-managed-high-availability: \"true\"\n    include.release.openshift.io/single-node-developer: \"true\"\n");
    y.push_str("  labels:\n    controller-tools.k8s.io: \"1.0\"\nspec:\n");
    if !cr.service_accounts.is_empty() {
        y.push_str("  serviceAccountNames:\n");
        for sa in cr.service_accounts {
            y.push_str(&format!("  - {sa}\n"));
        }
    }
    y.push_str(&format!(
        "  secretRef:\n    name: {}\n    namespace: {}\n",
        cr.secret_name, cr.secret_ns
    ));
    y.push_str(&format!(
        "  providerSpec:\n    apiVersion: cloudcredential.openshift.io/v1\n    kind: {}\n    statementEntries:\n    - action:\n",
        cr.provider_kind
    ));
    for a in cr.actions {
        y.push_str(&format!("      - {a}\n"));
    }
    y.push_str("      effect: Allow\n      resource: \"*\"\n");
    y
}

/// Writes the CredentialsRequests for `cloud` (`None` = every cloud) into `dir`, creating it.
pub(super) fn write(dir: &Path, cloud: Option<&str>) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut list: Vec<&CrDef> = Vec::new();
    match cloud {
        Some("alibabacloud") => list.extend(ALIBABA.iter()),
        Some(_) => {}
        None => {
            list.extend(ALIBABA.iter());
            list.push(&AWS_IAM_RO);
        }
    }
    for cr in list {
        std::fs::write(dir.join(cr.file), render(cr))?;
    }
    Ok(())
}

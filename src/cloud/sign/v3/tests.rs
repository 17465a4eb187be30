//! The worked example of the V3 documentation (see the module comment for the source), and
//! properties of the V3 signer.

use super::*;
use proptest::prelude::*;
use time::OffsetDateTime;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The documentation's fixed values: `RunInstances` on ECS with two query parameters.
const EXAMPLE_HOST: &str = "ecs.cn-shanghai.aliyuncs.com";

fn example_input(secret: &Secret) -> SigningInput<'_> {
    SigningInput {
        method: "POST",
        action: "RunInstances",
        version: "2014-05-26",
        access_key_id: "YourAccessKeyId",
        secret,
        security_token: None,
        timestamp: crate::cloud::sign::parse_timestamp("2023-10-26T10:22:32Z")
            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        nonce: "3156853299f313e23d1673dc12e1703d",
    }
}

fn example_params() -> Vec<(String, String)> {
    // Given out of order on purpose: the signer sorts.
    pairs(&[
        ("RegionId", "cn-shanghai"),
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
    ])
}

const EXAMPLE_CANONICAL_REQUEST: &str = "POST
/
ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai
host:ecs.cn-shanghai.aliyuncs.com
x-acs-action:RunInstances
x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
x-acs-date:2023-10-26T10:22:32Z
x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
x-acs-version:2014-05-26

host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const EXAMPLE_STRING_TO_SIGN: &str =
    "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259";

const EXAMPLE_SIGNATURE: &str = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";

#[test]
fn the_documented_example_step_by_step() {
    assert_eq!(sha256_hex(b""), EMPTY_BODY_SHA256);
    let secret = Secret::new("YourAccessKeySecret");
    let signed = sign_request(
        &example_input(&secret),
        EXAMPLE_HOST,
        &[],
        &example_params(),
    );
    assert_eq!(
        signed.query,
        "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
    );
    assert_eq!(signed.canonical_request, EXAMPLE_CANONICAL_REQUEST);
    assert_eq!(signed.string_to_sign, EXAMPLE_STRING_TO_SIGN);
    assert_eq!(
        signature(&secret, EXAMPLE_STRING_TO_SIGN),
        EXAMPLE_SIGNATURE
    );
    let auth = signed
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.as_str());
    assert_eq!(
        auth,
        Some(
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        )
    );
}

#[test]
fn the_pure_steps_reproduce_the_example_on_their_own() {
    let headers = pairs(&[
        ("x-acs-version", "2014-05-26"),
        ("Host", " ecs.cn-shanghai.aliyuncs.com "),
        ("x-acs-action", "RunInstances"),
        ("User-Agent", "not signed"),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("X-Acs-Signature-Nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-content-sha256", EMPTY_BODY_SHA256),
        ("accept", "application/json"),
    ]);
    let (canonical, signed) = canonical_headers(&headers);
    assert_eq!(
        signed,
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    );
    let request = canonical_request(
        "POST",
        "/",
        &canonical_query(&example_params()),
        &canonical,
        &signed,
        EMPTY_BODY_SHA256,
    );
    assert_eq!(request, EXAMPLE_CANONICAL_REQUEST);
    assert_eq!(string_to_sign(&request), EXAMPLE_STRING_TO_SIGN);
}

#[test]
fn a_security_token_is_a_signed_header_and_never_in_the_diagnosis() {
    let secret = Secret::new("YourAccessKeySecret");
    let mut input = example_input(&secret);
    input.security_token = Some("TOKENVALUE");
    let extra = pairs(&[("x-acs-retry-attempts", "1")]);
    let signed = sign_request(&input, EXAMPLE_HOST, &extra, &example_params());
    assert!(signed.canonical_request.contains(
        "\nx-acs-retry-attempts:1\nx-acs-security-token:TOKENVALUE\nx-acs-signature-nonce:"
    ));
    assert!(signed.headers.iter().any(|(k, v)| k == "authorization"
        && v.contains(
            "x-acs-date;x-acs-retry-attempts;x-acs-security-token;x-acs-signature-nonce"
        )));
    assert_ne!(signed.string_to_sign, EXAMPLE_STRING_TO_SIGN);
    let shown = without_token(&signed.canonical_request);
    assert!(!shown.contains("TOKENVALUE"));
    assert!(shown.contains("x-acs-security-token:<redacted>"));
    assert!(!format!("{signed:?}").contains("TOKENVALUE"));
}

#[test]
fn authorization_headers_parse_back() {
    let a = parse_authorization(&authorization("AK", "host;x-acs-date", "abc")).unwrap();
    assert_eq!(a.algorithm, ALGORITHM);
    assert_eq!(a.credential, "AK");
    assert_eq!(a.signed_headers, ["host", "x-acs-date"]);
    assert_eq!(a.signature, "abc");
    let spaced =
        parse_authorization("ACS3-HMAC-SHA256 Credential=AK, SignedHeaders=host, Signature=s");
    assert_eq!(spaced.map(|a| a.credential), Some("AK".to_owned()));
    for bad in [
        "",
        "ACS3-HMAC-SHA256",
        "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host",
        "ACS3-HMAC-SHA256 Credential=,SignedHeaders=host,Signature=s",
        "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=s,Extra=1",
        "ACS3-HMAC-SHA256 Credential",
    ] {
        assert_eq!(parse_authorization(bad), None, "{bad}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn signing_never_panics_and_always_verifies(
        params in proptest::collection::vec((any::<String>(), any::<String>()), 0..6),
        id in any::<String>(),
        secret in any::<String>(),
        token in proptest::option::of(any::<String>()),
        nonce in any::<String>(),
        host in any::<String>(),
        secs in 0i64..253_402_300_799,
    ) {
        let secret = Secret::new(secret);
        let input = SigningInput {
            method: "POST",
            action: "ListUsers",
            version: "2015-05-01",
            access_key_id: &id,
            secret: &secret,
            security_token: token.as_deref(),
            timestamp: OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH),
            nonce: &nonce,
        };
        let signed = sign_request(&input, &host, &[], &params);
        prop_assert!(signed.query.is_ascii());
        prop_assert!(signed.string_to_sign.starts_with("ACS3-HMAC-SHA256\n"));
        prop_assert_eq!(signed.string_to_sign.len(), ALGORITHM.len() + 1 + 64);
        // A verifier that decodes the query it received (as the simulated cloud does) and
        // rebuilds the canonical request from it and the headers gets the same one.
        let received: Vec<(String, String)> = url::form_urlencoded::parse(signed.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let (canonical, names) = canonical_headers(&signed.headers);
        let rebuilt = canonical_request(
            "POST",
            "/",
            &canonical_query(&received),
            &canonical,
            &names,
            EMPTY_BODY_SHA256,
        );
        prop_assert_eq!(string_to_sign(&rebuilt), signed.string_to_sign);
    }

    #[test]
    fn parsing_any_authorization_never_panics(value in any::<String>()) {
        let _ = parse_authorization(&value);
        let _ = without_token(&value);
    }
}

//! The vendor vectors of reference §1.4 (A–F), and property tests of the encoder and signer.

use super::*;
use proptest::prelude::*;

fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn check(method: &str, secret: &str, params: &[(&str, &str)], sts: &str, sig: &str) {
    let params = p(params);
    let got = string_to_sign(method, &params);
    assert_eq!(got, sts, "string to sign");
    assert_eq!(signature(&Secret::new(secret), &got), sig, "signature");
}

#[test]
fn vector_a_ecs_describe_regions_get_and_post() {
    let params = [
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ];
    check(
        "GET",
        "testsecret",
        &params,
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
    );
    let post = string_to_sign("POST", &p(&params));
    assert_eq!(
        signature(&Secret::new("testsecret"), &post),
        "MxbnVAM4w6sft9xjVpe/GCKueuk="
    );
}

#[test]
fn vector_b_ram_create_user_through_sign_request() {
    let ts = parse_timestamp("2015-08-18T03:15:45Z").unwrap();
    let secret = Secret::new("testsecret");
    for (method, sig) in [
        ("GET", "kRA2cnpJVacIhDMzXnoNZG9tDCI="),
        ("POST", "dqKXu+HdMSCjXsbEfrTz+C9T7AE="),
    ] {
        let input = SigningInput {
            method,
            action: "CreateUser",
            version: "2015-05-01",
            access_key_id: "testid",
            secret: &secret,
            security_token: None,
            timestamp: ts,
            nonce: "6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2",
        };
        let signed = sign_request(&input, &p(&[("UserName", "test")]));
        assert_eq!(
            signed.string_to_sign,
            format!(
                "{method}&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2%26SignatureVersion%3D1.0%26Timestamp%3D2015-08-18T03%253A15%253A45Z%26UserName%3Dtest%26Version%3D2015-05-01"
            )
        );
        assert!(
            signed
                .query
                .ends_with(&format!("&Signature={}", percent_encode(sig))),
            "{}",
            signed.query
        );
    }
}

#[test]
fn vector_c_ims_create_user_encodes_at_sign() {
    check(
        "GET",
        "testsecret",
        &[
            ("AccessKeyId", "testid"),
            ("Action", "CreateUser"),
            ("DisplayName", "test"),
            ("Format", "JSON"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3f6b4e80-56f7-11eb-a256-a9f756ea7e85"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2021-01-15T06:02:28Z"),
            ("UserPrincipalName", "test@example.onaliyun.com"),
            ("Version", "2019-08-15"),
        ],
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser%26DisplayName%3Dtest%26Format%3DJSON%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3f6b4e80-56f7-11eb-a256-a9f756ea7e85%26SignatureVersion%3D1.0%26Timestamp%3D2021-01-15T06%253A02%253A28Z%26UserPrincipalName%3Dtest%2540example.onaliyun.com%26Version%3D2019-08-15",
        "02heLegtw4+BFamznl1Ltj+vJ4A=",
    );
}

#[test]
fn vector_d_go_sdk_with_empty_values_space_and_security_token() {
    let mut params = vec![
        ("AccessKeyId", "accessKeyId"),
        ("Action", ""),
        ("Format", "JSON"),
        ("RegionId", "regionId"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "MOCK_UUID"),
        ("SignatureType", ""),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "mock date"),
        ("Version", ""),
    ];
    check(
        "GET",
        "accessKeySecret",
        &params,
        "GET&%2F&AccessKeyId%3DaccessKeyId%26Action%3D%26Format%3DJSON%26RegionId%3DregionId%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DMOCK_UUID%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3Dmock%2520date%26Version%3D",
        "7loPmFjvDnzOVnQeQNj85S6nFGY=",
    );
    params.push(("SecurityToken", "accessKeyStsToken"));
    let sts = string_to_sign("GET", &p(&params));
    assert_eq!(
        signature(&Secret::new("accessKeySecret"), &sts),
        "5Nxdcler+ihqWqv0Hr2On4PsBf4="
    );
    assert_eq!(string_to_sign("GET", &[]), "GET&%2F&");
    assert_eq!(
        string_to_sign("GET", &p(&[("key", "value")])),
        "GET&%2F&key%3Dvalue"
    );
    assert_eq!(
        string_to_sign("GET", &p(&[("q", "http://domain/?q=value&q2=value2")])),
        "GET&%2F&q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue%2526q2%253Dvalue2"
    );
}

#[test]
fn vector_e_openapi_util() {
    check(
        "GET",
        "secret",
        &[("query", "test"), ("body", "test")],
        "GET&%2F&body%3Dtest%26query%3Dtest",
        "XlUyV4sXjOuX5FnjUz9IF9tm5rU=",
    );
    check(
        "",
        "accessKeySecret",
        &[("test", "ok")],
        "&%2F&test%3Dok",
        "jHx/oHoHNrbVfhncHEvPdHXZwHU=",
    );
}

#[test]
fn vector_f_raw_hmac_without_ampersand() {
    assert_eq!(
        hmac_sha1_base64(b"secret", "source"),
        "Jv4yi8SobFhg5t1C7nWLbhBSFZQ="
    );
    assert_eq!(
        hmac_sha1_base64(b"secret", "中文unicode"),
        "szlfHs3WVaO/HgY3Cg7/uyXDaRw="
    );
}

#[test]
fn vector_g_timestamp_spelling_matters() {
    // The misleading `TimeStamp` variant must NOT reproduce vector A's signature.
    let sts = string_to_sign(
        "GET",
        &p(&[
            ("AccessKeyId", "testid"),
            ("TimeStamp", "2016-02-23T12:46:24Z"),
        ]),
    );
    assert_ne!(
        signature(&Secret::new("testsecret"), &sts),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
}

#[test]
fn special_characters_follow_the_reference_table() {
    assert_eq!(percent_encode(" *~/:@+=&%"), "%20%2A~%2F%3A%40%2B%3D%26%25");
    assert_eq!(percent_encode("中"), "%E4%B8%AD");
    assert_eq!(
        format_timestamp(parse_timestamp("2024-01-02T03:04:05Z").unwrap()),
        "2024-01-02T03:04:05Z"
    );
}

/// The RFC 3986 rule, written independently of the encoder under test.
fn reference_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

proptest! {
    #[test]
    fn encoding_matches_rfc3986_for_any_utf8(s in any::<String>()) {
        prop_assert_eq!(percent_encode(&s), reference_encode(&s));
    }

    #[test]
    fn signing_never_panics_and_is_28_chars(
        params in proptest::collection::vec((any::<String>(), any::<String>()), 0..8),
        secret in any::<String>(),
        method in "(GET|POST|)",
    ) {
        let sts = string_to_sign(&method, &params);
        let sig = signature(&Secret::new(secret), &sts);
        prop_assert_eq!(sig.len(), 28);
        // The string to sign never holds a raw '&' inside a value: only the two separators.
        prop_assert_eq!(sts.matches('&').count(), 2);
    }
}

#[test]
fn debug_of_a_signed_call_and_its_input_hides_the_token() {
    let secret = Secret::new("s");
    let input = SigningInput {
        method: "POST",
        action: "ListUsers",
        version: "2015-05-01",
        access_key_id: "id",
        secret: &secret,
        security_token: Some("TOKENVALUE"),
        timestamp: OffsetDateTime::UNIX_EPOCH,
        nonce: "n",
    };
    let signed = sign_request(&input, &[]);
    assert!(signed.query.contains("TOKENVALUE"));
    assert!(!format!("{signed:?} {input:?}").contains("TOKENVALUE"));
}

//! Property tests over arbitrary input, in CI with a bounded number of cases (the same targets
//! run unbounded with cargo-fuzz: see fuzz/). Every parser of outside input must return an
//! error instead of panicking, and the credentials-file editor must never change a byte outside
//! the profile it edits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use ramwiz::cloud::Action;
use ramwiz::cloud::actions::*;
use ramwiz::cloud::model;
use ramwiz::cloud::sign::{SigningInput, sign_request, v3};
use ramwiz::creds::{editor, ini};
use ramwiz::reliability::record;
use ramwiz::secret::Secret;
use ramwiz::tools::{ccoctl, release};

const CASES: u32 = 512;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text that looks like a credentials file often enough to reach the deep paths.
fn ini_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "\\[[a-z0-9_ .@-]{0,8}\\]",
        "[a-z_]{1,12} ?= ?[A-Za-z0-9+/=]{0,20}",
        "[#;][^\r\n]{0,10}",
        "[ \t]{0,3}",
        "[^\r\n]{0,12}",
    ];
    (
        proptest::collection::vec(line, 0..14),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
    )
        .prop_map(|(lines, nl)| lines.join(nl))
}

/// Every action's response type, parsed from `body`: each may fail, none may panic.
fn parse_every_response(body: &str) {
    fn one<A: Action>(body: &str) {
        let _ = model::parse::<A::Response>(body);
    }
    one::<GetCallerIdentity>(body);
    one::<CreateUser>(body);
    one::<GetUser>(body);
    one::<ListUsers>(body);
    one::<DeleteUser>(body);
    one::<CreateAccessKey>(body);
    one::<ListAccessKeys>(body);
    one::<UpdateAccessKey>(body);
    one::<DeleteAccessKey>(body);
    one::<CreatePolicy>(body);
    one::<GetPolicy>(body);
    one::<CreatePolicyVersion>(body);
    one::<ListPolicyVersions>(body);
    one::<DeletePolicyVersion>(body);
    one::<SetDefaultPolicyVersion>(body);
    one::<DeletePolicy>(body);
    one::<AttachPolicyToUser>(body);
    one::<DetachPolicyFromUser>(body);
    one::<ListPoliciesForUser>(body);
}

/// JSON values of any shape, with the field names the parsers look for.
fn json_like() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[^\"]{0,10}".prop_map(serde_json::Value::from),
    ];
    let names = prop_oneof![
        Just("User"),
        Just("Users"),
        Just("AccessKey"),
        Just("AccessKeys"),
        Just("Policy"),
        Just("Policies"),
        Just("PolicyVersion"),
        Just("PolicyVersions"),
        Just("IsTruncated"),
        Just("Marker"),
        Just("AccessKeySecret"),
        Just("RequestId"),
        Just("AccountId"),
        Just("Arn"),
        Just("x"),
    ];
    leaf.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            proptest::collection::vec((names.clone(), inner), 0..5).prop_map(|kv| {
                serde_json::Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
    .prop_map(|v| v.to_string())
}

/// Runs a property over `CASES` inputs; records the row when every case passed.
fn check<S: Strategy>(
    strategy: S,
    what: &str,
    checked: &str,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{what}: {e}");
    }
    record(
        "fuzzing (proptest, bounded)",
        what,
        u64::from(CASES),
        checked,
    );
}

#[test]
fn the_ini_reader_never_panics_and_its_spans_are_in_the_text() {
    check(
        (ini_like(), any::<Vec<u8>>()),
        "credentials-file reader: INI-like text and raw bytes",
        "no panic; every section span lies on character boundaries inside the text",
        |(text, raw)| {
            let _ = ini::parse_bytes(&raw);
            if let Ok(doc) = ini::parse(&text) {
                for s in &doc.sections {
                    prop_assert!(s.span.start <= s.span.end && s.span.end <= text.len());
                    prop_assert!(
                        text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end)
                    );
                }
            }
            Ok(())
        },
    );
}

#[test]
fn the_editor_changes_no_byte_outside_the_edited_profile() {
    check(
        (ini_like(), "[a-z]{1,6}"),
        "credentials-file editor: one profile written into INI-like text",
        "no byte outside the edited profile changes; the other profiles read back the same; the new key reads back",
        |(text, name)| {
            let Ok(doc) = ini::parse(&text) else {
                return Ok(());
            };
            let Ok(out) = editor::upsert_profile(
                &text,
                &name,
                "LTAIfuzzfuzzfuzz",
                &Secret::new("fuzzsecretfuzzsecretfuzzsecret"),
            ) else {
                return Ok(());
            };
            match doc.section(&name) {
                Some(old) => {
                    prop_assert!(out.starts_with(&text[..old.span.start]));
                    prop_assert!(out.ends_with(&text[old.span.end..]));
                }
                None => prop_assert!(out.starts_with(&text)),
            }
            let again = ini::parse(&out).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                again.section(&name).and_then(|s| s.get("access_key_id")),
                Some("LTAIfuzzfuzzfuzz")
            );
            // The other profiles say the same (a line break may be added after the last line).
            let kv = |s: &ini::Section| {
                s.entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect::<Vec<_>>()
            };
            for s in &doc.sections {
                if s.name != name {
                    prop_assert_eq!(again.section(&s.name).map(kv), Some(kv(s)));
                }
            }
            Ok(())
        },
    );
}

#[test]
fn every_api_response_parser_survives_any_body() {
    check(
        (any::<String>(), json_like()),
        "the 19 API response parsers: any text, JSON of any shape, JSON cut in half",
        "no panic (an error instead)",
        |(body, json)| {
            parse_every_response(&body);
            parse_every_response(&json);
            let cut = json.len() / 2;
            if json.is_char_boundary(cut) {
                parse_every_response(&json[..cut]);
            }
            Ok(())
        },
    );
}

#[test]
fn the_tool_output_parsers_survive_any_text() {
    check(
        (
            any::<String>(),
            proptest::collection::vec("[ -~]{0,80}", 0..8),
        ),
        "6 tool-output parsers (openshift-install version, pull secret, ccoctl log, CredentialsRequest, infrastructure name, --name)",
        "no panic on any text",
        |(text, lines)| {
            let joined = lines.join("\n");
            for t in [&text, &joined] {
                let _ = release::parse_installer_version(t);
                let _ = release::check_pull_secret(t);
                let _ = ccoctl::parse_log_line(t);
                let _ = ccoctl::parse_credentials_request(t, "f.yaml".into());
                let _ = ramwiz::tools::manifests::infrastructure_name(t);
                let _ = ccoctl::check_name(t, &[]);
            }
            Ok(())
        },
    );
}

#[test]
fn the_signer_signs_anything() {
    let strategy = (
        proptest::collection::vec((any::<String>(), any::<String>()), 0..6),
        any::<String>(),
        any::<String>(),
        proptest::option::of(any::<String>()),
        any::<String>(),
        0i64..4_000_000_000,
    );
    check(
        strategy,
        "the V1 signer: any parameters, key ID, secret, token, nonce and time",
        "no panic; the query is ASCII and signed",
        |(params, id, secret, token, nonce, secs)| {
            let secret = Secret::new(secret);
            let input = SigningInput {
                method: "POST",
                action: "ListUsers",
                version: "2015-05-01",
                access_key_id: &id,
                secret: &secret,
                security_token: token.as_deref(),
                timestamp: time::OffsetDateTime::from_unix_timestamp(secs)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?,
                nonce: &nonce,
            };
            let signed = sign_request(&input, &params);
            prop_assert!(signed.query.contains("Signature="));
            prop_assert!(signed.query.is_ascii());
            Ok(())
        },
    );
}

#[test]
fn the_v3_signer_signs_anything() {
    let strategy = (
        proptest::collection::vec((any::<String>(), any::<String>()), 0..6),
        any::<String>(),
        any::<String>(),
        any::<String>(),
        proptest::option::of(any::<String>()),
        any::<String>(),
        0i64..4_000_000_000,
    );
    check(
        strategy,
        "the V3 signer: any parameters, host, key ID, secret, token, nonce and time; any Authorization header parsed back",
        "no panic; an ASCII query, a 64-hex signature, and the header parses back",
        |(params, host, id, secret, token, nonce, secs)| {
            let secret = Secret::new(secret);
            let input = SigningInput {
                method: "POST",
                action: "ListUsers",
                version: "2015-05-01",
                access_key_id: &id,
                secret: &secret,
                security_token: token.as_deref(),
                timestamp: time::OffsetDateTime::from_unix_timestamp(secs)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?,
                nonce: &nonce,
            };
            let signed = v3::sign_request(&input, &host, &[], &params);
            prop_assert!(signed.query.is_ascii());
            let auth = signed
                .headers
                .iter()
                .find(|(k, _)| k == "authorization")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let parsed = v3::parse_authorization(&auth);
            let plain_id = !id.is_empty()
                && !id
                    .chars()
                    .any(|c| c == ',' || c == '=' || c.is_whitespace());
            if plain_id {
                prop_assert_eq!(parsed.map(|a| a.credential), Some(id.clone()));
            }
            let _ = v3::parse_authorization(&nonce);
            let sig = auth.rsplit("Signature=").next().unwrap_or_default();
            prop_assert_eq!(sig.len(), 64);
            prop_assert!(sig.bytes().all(|b| b.is_ascii_hexdigit()));
            Ok(())
        },
    );
}

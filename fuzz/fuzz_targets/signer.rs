//! Both signers over arbitrary parameters: never a panic, always an ASCII signed query, and a
//! V3 `Authorization` header (or any string) parses without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ramwiz::cloud::sign::{SigningInput, sign_request, v3};
use ramwiz::secret::Secret;

fuzz_target!(|parts: (Vec<(String, String)>, String, String, u32)| {
    let (params, id, secret, secs) = parts;
    let secret = Secret::new(secret);
    let Ok(timestamp) = time::OffsetDateTime::from_unix_timestamp(i64::from(secs)) else {
        return;
    };
    let input = SigningInput {
        method: "POST",
        action: "ListUsers",
        version: "2015-05-01",
        access_key_id: &id,
        secret: &secret,
        security_token: None,
        timestamp,
        nonce: "n",
    };
    let signed = sign_request(&input, &params);
    assert!(signed.query.is_ascii() && signed.query.contains("Signature="));
    let signed = v3::sign_request(&input, &id, &[], &params);
    assert!(signed.query.is_ascii());
    let _ = v3::parse_authorization(&id);
});

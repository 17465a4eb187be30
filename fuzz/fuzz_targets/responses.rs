//! Every API response parser: an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ramwiz::cloud::Action;
use ramwiz::cloud::actions::*;
use ramwiz::cloud::model;

fn one<A: Action>(body: &str) {
    let _ = model::parse::<A::Response>(body);
}

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    one::<GetCallerIdentity>(&body);
    one::<CreateUser>(&body);
    one::<GetUser>(&body);
    one::<ListUsers>(&body);
    one::<CreateAccessKey>(&body);
    one::<ListAccessKeys>(&body);
    one::<UpdateAccessKey>(&body);
    one::<CreatePolicy>(&body);
    one::<GetPolicy>(&body);
    one::<CreatePolicyVersion>(&body);
    one::<ListPolicyVersions>(&body);
    one::<AttachPolicyToUser>(&body);
    one::<ListPoliciesForUser>(&body);
});

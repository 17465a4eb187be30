//! The parsers of openshift-install, oc and ccoctl output: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ramwiz::tools::{ccoctl, release};

fuzz_target!(|data: &[u8]| {
    let t = String::from_utf8_lossy(data);
    let _ = release::parse_installer_version(&t);
    let _ = release::check_pull_secret(&t);
    let _ = ccoctl::parse_credentials_request(&t, "f.yaml".into());
    let _ = ramwiz::tools::manifests::infrastructure_name(&t);
    let _ = ccoctl::check_name(&t, &[]);
    for line in t.lines() {
        let _ = ccoctl::parse_log_line(line);
    }
});

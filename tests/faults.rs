//! Cloud faults against the whole `apply --demo` run (real processes: ramwiz, its simulated
//! cloud with `--faults`, the simulated tools): throttling and 5xx at a rate, answers dropped,
//! malformed or truncated after the server acted, a skewed server clock. Each run must end like
//! a clean one (the same users, keys, policies and attachments), except a lost CreateAccessKey,
//! whose orphan is deleted and never followed by another key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use ramwiz::reliability::record;

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const EXAMPLE: &str = include_str!("../assets/answers.example.toml");

struct Run {
    code: i32,
    report: serde_json::Value,
    stderr: String,
}

fn apply(dir: &Path, faults: &str) -> Run {
    let answers = dir.with_extension("toml");
    std::fs::write(&answers, EXAMPLE).unwrap();
    let mut c = Command::new(EXE);
    c.args(["--demo", "--demo-dir"]).arg(dir);
    if !faults.is_empty() {
        c.args(["--faults", faults]);
    }
    let out = c
        .args(["apply", "--output", "json", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{faults}: {e}: {}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    Run {
        code: out.status.code().unwrap_or(-1),
        report,
        stderr,
    }
}

/// What the simulated account holds: (users, keys, custom policies, attachments), without the
/// demo's role operator (`demo-operator`, its key, its policy and attachment), seeded before.
fn counts(dir: &Path) -> (usize, usize, usize, usize) {
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sim-state.json")).unwrap()).unwrap();
    let seeded = |v: &serde_json::Value, field: &str| {
        v[field]
            .as_str()
            .is_some_and(|n| n.starts_with(ramwiz::demo::DEMO_OPERATOR))
    };
    let users: Vec<&serde_json::Value> = s["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| !seeded(u, "user_name"))
        .collect();
    let keys = users
        .iter()
        .map(|u| u["access_keys"].as_array().map_or(0, Vec::len))
        .sum();
    let count = |list: &str, field: &str| {
        s[list]
            .as_array()
            .map_or(0, |a| a.iter().filter(|v| !seeded(v, field)).count())
    };
    (
        users.len(),
        keys,
        count("policies", "policy_name"),
        count("attachments", "user_name"),
    )
}

fn clean_counts(tmp: &Path) -> (usize, usize, usize, usize) {
    let dir = tmp.join("clean");
    let r = apply(&dir, "");
    assert_eq!(r.code, 0, "{}", r.report);
    counts(&dir)
}

#[test]
fn throttling_30_and_5xx_10_percent_still_reach_the_manifests_with_a_clean_runs_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let clean = clean_counts(tmp.path());
    assert_eq!(clean.0, 5, "the installer and 4 components");
    let seeds = 1..=6;
    for seed in seeds.clone() {
        let dir = tmp.path().join(format!("seed{seed}"));
        let r = apply(&dir, &format!("seed={seed},throttle=0.3,5xx=0.1"));
        assert_eq!(r.code, 0, "seed {seed}: {}\n{}", r.report, r.stderr);
        assert_eq!(r.report["manifests"]["files"].as_array().unwrap().len(), 4);
        assert_eq!(counts(&dir), clean, "seed {seed}: nothing made twice");
    }
    record(
        "cloud faults",
        "throttling 30% + 5xx 10% on every call (seeded)",
        seeds.count() as u64,
        "apply --demo exits 0 with 4 manifests; users, keys, policies and attachments equal a clean run's",
    );
}

#[test]
fn answers_lost_or_unreadable_after_the_server_acted_are_reconciled() {
    let tmp = tempfile::tempdir().unwrap();
    let clean = clean_counts(tmp.path());
    let cases = [
        "drop=CreateUser",
        "drop=CreatePolicy",
        "drop=AttachPolicyToUser",
        "truncated=CreateUser",
        "malformed=CreatePolicy",
        "drop=ListUsers,truncated=ListAccessKeys",
        "drop=CreateUser,malformed=GetUser",
        "malformed=GetPolicy,truncated=ListPoliciesForUser",
        "truncated=GetCallerIdentity",
        "skew=1200",
        "skew=-3600",
        "latency=40",
    ];
    for (i, f) in cases.iter().enumerate() {
        let dir = tmp.path().join(format!("case{i}"));
        let r = apply(&dir, f);
        assert_eq!(r.code, 0, "{f}: {}\n{}", r.report, r.stderr);
        assert_eq!(counts(&dir), clean, "{f}: nothing made twice");
    }
    record(
        "cloud faults",
        "answer dropped / malformed / truncated after acting; server clock ±20-60 min; latency",
        cases.len() as u64,
        "GetUser / GetPolicy decide after a lost create; reads are asked again; the clock is learnt from Date; counts equal a clean run's",
    );
}

#[test]
fn a_lost_create_access_key_leaves_an_orphan_that_is_deleted_and_no_other_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    let r = apply(&dir, "drop=CreateAccessKey");
    assert_eq!(r.code, 3, "{}", r.report);
    let what = r.report["error"]["what"].as_str().unwrap();
    assert!(
        what.contains("orphaned") && what.contains("deleted it"),
        "{what}"
    );
    assert!(r.report["key"].is_null());
    let (users, keys, _, _) = counts(&dir);
    assert_eq!((users, keys), (1, 0), "the orphan is gone, no other key");
    let journal = std::fs::read_to_string(dir.join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.matches("\"key_intent\"").count(),
        1,
        "one creation only"
    );
    assert!(journal.contains("\"orphan_resolved\""));
    // The next run creates the key normally.
    let r = apply(&dir, "");
    assert_eq!(r.code, 0, "{}", r.report);
    assert_eq!(counts(&dir).1, 5);
    record(
        "cloud faults",
        "CreateAccessKey carried out, its answer (the secret) lost",
        1,
        "ListAccessKeys finds the key, it is reported as orphaned and deleted, no second creation; the next run succeeds",
    );
}

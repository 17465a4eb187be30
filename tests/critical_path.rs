//! The headless setup's own calls on a slow link (issue 23): at 40 ms a call, read from the
//! simulated cloud's request log, they take at most 8 sequential round trips (overlapping
//! requests count once) over one connection, and every safety check still runs: the new key is
//! verified signed with itself, and the permission is seen in effect with it. No time is
//! asserted; the latency only makes the overlaps certain on a loaded machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

const EXE: &str = env!("CARGO_BIN_EXE_ramwiz");
const EXAMPLE: &str = include_str!("../assets/answers.example.toml");

struct Served {
    action: String,
    conn: u64,
    start_us: u64,
    end_us: u64,
}

fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(name)?.strip_prefix('='))
}

fn served(dir: &Path) -> Vec<Served> {
    let log = std::fs::read_to_string(dir.join("ramwiz.log")).unwrap();
    log.lines()
        .filter(|l| l.contains("sim: served") && l.contains("tool=false"))
        .map(|l| Served {
            action: field(l, "action").unwrap().trim_matches('"').to_owned(),
            conn: field(l, "conn").unwrap().parse().unwrap(),
            start_us: field(l, "start_us").unwrap().parse().unwrap(),
            end_us: field(l, "end_us").unwrap().parse().unwrap(),
        })
        .collect()
}

/// Groups of requests that overlap in time, in order: one group is one round trip.
fn round_trips(requests: &[Served]) -> Vec<Vec<&str>> {
    let mut sorted: Vec<&Served> = requests.iter().collect();
    sorted.sort_by_key(|r| r.start_us);
    let mut trips: Vec<Vec<&str>> = Vec::new();
    let mut end = 0;
    for r in sorted {
        match trips.last_mut() {
            Some(t) if r.start_us < end => {
                t.push(&r.action);
                end = end.max(r.end_us);
            }
            _ => {
                trips.push(vec![&r.action]);
                end = r.end_us;
            }
        }
    }
    trips
}

#[test]
fn the_setups_own_calls_take_at_most_8_round_trips_over_one_connection() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let answers = tmp.path().join("answers.toml");
    std::fs::write(&answers, EXAMPLE).unwrap();
    let out = Command::new(EXE)
        .args(["--demo", "--demo-dir"])
        .arg(&dir)
        .args(["--faults", "latency=40", "apply", "--answers"])
        .arg(&answers)
        .env("RAMWIZ_LANG", "en")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = served(&dir);
    let trips = round_trips(&requests);
    let shown: Vec<String> = trips.iter().map(|t| t.join(" + ")).collect();
    assert!(trips.len() <= 8, "{} round trips: {shown:#?}", trips.len());
    // The checks of before, all still made: the new key signed with itself (the second
    // GetCallerIdentity), and the permission in effect with it (a ListUsers after attaching).
    let count = |a: &str| requests.iter().filter(|r| r.action == a).count();
    assert_eq!(count("GetCallerIdentity"), 2, "{shown:#?}");
    let attach = shown
        .iter()
        .position(|t| t.contains("AttachPolicyToUser"))
        .unwrap();
    assert!(
        shown[attach + 1..].iter().any(|t| t.contains("ListUsers")),
        "{shown:#?}"
    );
    // A user this run created has no keys: nothing lists them once it is made. (Before, the
    // user list's highlighted user, the demo's `demo-operator`, has its details read.)
    // By time, not by round trip: that read may still be on its way when CreateUser is sent,
    // and share its trip; a listing of the new user's keys could only start once it exists.
    let created = requests
        .iter()
        .find(|r| r.action == "CreateUser")
        .unwrap()
        .end_us;
    assert!(
        !requests
            .iter()
            .any(|r| r.action == "ListAccessKeys" && r.start_us > created),
        "{shown:#?}"
    );
    let mut conns: Vec<u64> = requests.iter().map(|r| r.conn).collect();
    conns.sort_unstable();
    conns.dedup();
    assert_eq!(conns.len(), 1, "one connection: {conns:?}");
}

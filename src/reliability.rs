//! The reliability tests' record: each test that proves a fault or a bad input harmless adds
//! one row (what was tried, how many cases, what was checked, the result), and
//! `cargo run --example reliability_table` turns the rows of a run into docs/RELIABILITY.md.
//! Rows go to `RAMWIZ_RELIABILITY_DIR`, default `target/reliability` in the crate. Writing a
//! row never fails a test: a row that cannot be written is missing from the table instead.

use std::io::Write as _;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The group in the table ("cloud faults", "disk faults", "fuzzing", ...).
    pub area: String,
    /// The fault or bad input.
    pub fault: String,
    pub cases: u64,
    /// What was checked after it.
    pub checked: String,
    pub result: String,
}

pub fn dir() -> PathBuf {
    std::env::var_os("RAMWIZ_RELIABILITY_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/reliability"))
}

/// Adds a row for a check that passed (call it after the assertions).
pub fn record(area: &str, fault: &str, cases: u64, checked: &str) {
    record_result(area, fault, cases, checked, "pass");
}

/// Adds a row with another result ("skipped: not root", ...).
pub fn record_result(area: &str, fault: &str, cases: u64, checked: &str, result: &str) {
    let row = Row {
        area: area.into(),
        fault: fault.into(),
        cases,
        checked: checked.into(),
        result: result.into(),
    };
    let dir = dir();
    let Ok(line) = serde_json::to_string(&row) else {
        return;
    };
    let file = dir.join(format!("{}.jsonl", std::process::id()));
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&file)
            // One write per row: tests of one binary append to the same file concurrently.
            .and_then(|mut f| f.write_all(format!("{line}\n").as_bytes()))
    });
    if let Err(e) = written {
        eprintln!("reliability row not written to {}: {e}", file.display());
    }
}

/// Every row of a run, sorted by area and fault.
pub fn rows() -> Vec<Row> {
    let mut rows: Vec<Row> = std::fs::read_dir(dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|t| {
            t.lines()
                .filter_map(|l| serde_json::from_str::<Row>(l).ok())
                .collect::<Vec<_>>()
        })
        .collect();
    rows.sort_by(|a, b| (&a.area, &a.fault).cmp(&(&b.area, &b.fault)));
    rows
}

/// The markdown table of the rows.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| area | fault or bad input | cases | what was checked | result |\n| --- | --- | ---: | --- | --- |\n",
    );
    for r in rows {
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&r.area),
            cell(&r.fault),
            r.cases,
            cell(&r.checked),
            cell(&r.result)
        ));
    }
    out
}

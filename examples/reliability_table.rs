//! Writes docs/RELIABILITY.md from the rows the reliability tests recorded in this run
//! (`scripts/test` runs it after the tests).

use std::process::ExitCode;

fn main() -> ExitCode {
    let rows = ramwiz::reliability::rows();
    if rows.is_empty() {
        eprintln!(
            "no reliability rows in {}: run the tests first; docs/RELIABILITY.md left as it is",
            ramwiz::reliability::dir().display()
        );
        return ExitCode::SUCCESS;
    }
    let cases: u64 = rows.iter().map(|r| r.cases).sum();
    let text = format!(
        "# Reliability\n\n\
         Each row is written by a test when its assertions pass (`src/reliability.rs`), and this \
         file is regenerated from those rows by `scripts/test` \
         (`cargo run --example reliability_table`). It is not edited by hand.\n\n\
         {} checks, {cases} cases in all.\n\n{}",
        rows.len(),
        ramwiz::reliability::table(&rows)
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/RELIABILITY.md");
    let written = std::fs::create_dir_all(path.parent().unwrap_or(std::path::Path::new(".")))
        .and_then(|()| std::fs::write(&path, text));
    match written {
        Ok(()) => {
            println!("{} ({} rows)", path.display(), rows.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            ExitCode::from(1)
        }
    }
}

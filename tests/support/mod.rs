pub mod headless;
pub mod process;
pub mod pty;
pub mod secrets;

/// Every `.rs` file under `dir`, recursively.
#[allow(dead_code)]
pub fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

//! The layers, checked on the source: which top-level module may name which (`crate::x`), and
//! that the modules import each other in no loop. A change that reaches the wrong way fails
//! here, with the file and the line that does it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::rust_files;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// (module, modules it must never name) — DESIGN.md's layers.
const FORBIDDEN: &[(&str, &[&str])] = &[
    // The wizard is pure: it knows the protocol, never how commands are carried out, nor
    // either face.
    (
        "wizard",
        &["engine", "headless", "app", "ui", "sim", "demo"],
    ),
    // The protocol is plain data both sides import; it owns neither.
    (
        "protocol",
        &["wizard", "engine", "headless", "app", "ui", "tools", "sim"],
    ),
    ("report", &["wizard", "engine", "headless", "app", "ui"]),
    // Below the wizard and the engine: nothing above them.
    (
        "tools",
        &["wizard", "engine", "headless", "app", "ui", "sim"],
    ),
    (
        "cloud",
        &["wizard", "engine", "headless", "app", "ui", "tools", "sim"],
    ),
    (
        "creds",
        &["wizard", "engine", "headless", "app", "ui", "tools", "sim"],
    ),
    ("engine", &["ui", "wizard", "headless", "app"]),
    ("ui", &["engine", "headless", "app"]),
    ("headless", &["app", "ui"]),
    // The simulated world is the real one's double: it never borrows the flow's code.
    ("sim", &["wizard", "engine", "headless", "app", "ui"]),
];

/// The top-level module a file of `src/` belongs to (`None` for lib.rs and main.rs).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    let name = first.trim_end_matches(".rs").to_owned();
    (!matches!(name.as_str(), "lib" | "main")).then_some(name)
}

/// The code of a file without its comments and without its test modules (a test may build a
/// fixture from any layer).
fn code_of(text: &str) -> String {
    let cut = ["#[cfg(test)]\nmod ", "#[cfg(all(test, unix))]\nmod "]
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::x` a file's code names, with its line.
fn named(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().last();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `ramwiz_crate::`, not ours
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((i + 1, name));
            }
        }
    }
    out
}

struct Tree {
    /// module → (module it names → the first place it does).
    edges: BTreeMap<String, BTreeMap<String, String>>,
}

fn tree() -> Tree {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for f in files {
        let Some(m) = module_of(&src, &f) else {
            continue;
        };
        let file_name = f.file_name().unwrap().to_string_lossy().into_owned();
        if file_name.starts_with("tests") {
            continue; // a module's test files (tests.rs, tests_key.rs, ...)
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let to = edges.entry(m.clone()).or_default();
        for (line, name) in named(&code_of(&text)) {
            if name != m {
                to.entry(name)
                    .or_insert_with(|| format!("{}:{line}", f.display()));
            }
        }
    }
    Tree { edges }
}

#[test]
fn no_module_names_a_layer_it_must_not() {
    let t = tree();
    let mut wrong = Vec::new();
    for (m, banned) in FORBIDDEN {
        let Some(to) = t.edges.get(*m) else {
            panic!("no module {m} under src/ (the table above is stale)");
        };
        for b in *banned {
            if let Some(at) = to.get(*b) {
                wrong.push(format!("{m} → {b} at {at}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports in the wrong direction:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_modules_import_each_other_in_no_loop() {
    let t = tree();
    // Depth-first search for a back edge; the loop found is printed with where each step is.
    fn visit(
        t: &Tree,
        m: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_owned());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_owned());
        for next in t
            .edges
            .get(m)
            .map(|e| e.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            if let Some(c) = visit(t, &next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for m in t.edges.keys() {
        if let Some(cycle) = visit(&t, m, &mut Vec::new(), &mut done) {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| format!("{} → {} ({})", w[0], w[1], t.edges[&w[0]][&w[1]]))
                .collect();
            panic!(
                "the modules import each other in a loop:\n{}",
                steps.join("\n")
            );
        }
    }
}

#[test]
fn the_check_sees_what_it_checks() {
    // The scan itself: a comment is not an import, a test module is left out, `crate::` is
    // found anywhere on a line.
    let code = code_of(
        "use crate::wizard::Intent; // crate::engine\nfn f() { crate::tools::x(); }\n#[cfg(test)]\nmod tests { use crate::ui; }\n",
    );
    let names: Vec<String> = named(&code).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, vec!["wizard", "tools"]);
    let t = tree();
    assert!(t.edges.len() > 15, "{:?}", t.edges.keys());
    assert!(t.edges["engine"].contains_key("protocol"));
    assert!(t.edges["wizard"].contains_key("protocol"));
}

//! The credentials-file reader and editor: no panic, and no byte outside the edited profile
//! changes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ramwiz::secret::Secret;
use ramwiz::creds::{editor, ini};

fuzz_target!(|data: &[u8]| {
    let _ = ini::parse_bytes(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = ini::parse(text) else {
        return;
    };
    let name = doc
        .sections
        .first()
        .map_or_else(|| "fuzz".to_owned(), |s| s.name.clone());
    let Ok(out) = editor::upsert_profile(text, &name, "LTAIfuzz", &Secret::new("fuzzsecret"))
    else {
        return;
    };
    match doc.section(&name) {
        Some(old) => {
            assert!(out.starts_with(&text[..old.span.start]));
            assert!(out.ends_with(&text[old.span.end..]));
        }
        None => assert!(out.starts_with(text)),
    }
});

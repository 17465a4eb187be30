//! Editing the credentials file: put one `access_key` profile in place and keep every other byte.
//!
//! Owns: building the section text (no inline comments; `type`, `enable`, `access_key_id`,
//! `access_key_secret`, then any other keys the profile already had), replacing an existing
//! section where it stands or appending a new one, in the file's own line endings. Refuses a
//! file the parser refuses (duplicate sections, unparseable lines): such a file is never
//! rewritten. Pure: text in, text out; the result holds the secret, so it is zeroized on drop.

use zeroize::Zeroizing;

use super::ini::{self, IniError};
use crate::secret::Secret;

/// The keys ramwiz writes; any other key of an existing profile is kept as it was.
const MANAGED: [&str; 4] = ["type", "enable", "access_key_id", "access_key_secret"];

/// Whether a profile name can be written as a section header every SDK reads the same way.
pub fn valid_profile_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
}

/// The line ending the file already uses (CRLF if any line has it), else LF.
fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Returns `text` with profile `profile` holding this AccessKey.
pub fn upsert_profile(
    text: &str,
    profile: &str,
    access_key_id: &str,
    secret: &Secret,
) -> Result<Zeroizing<String>, IniError> {
    let doc = ini::parse(text)?;
    let nl = line_ending(text);
    let mut section = Zeroizing::new(format!(
        "[{profile}]{nl}type = access_key{nl}enable = true{nl}access_key_id = {access_key_id}{nl}access_key_secret = {}{nl}",
        secret.expose()
    ));
    let mut out = Zeroizing::new(String::with_capacity(text.len() + section.len() + 4));
    match doc.section(profile) {
        Some(old) => {
            // Every line of the old section but its header and the managed keys stays as it
            // was, byte for byte: comments, blank lines, other keys.
            let managed: Vec<&std::ops::Range<usize>> = old
                .entries
                .iter()
                .filter(|e| MANAGED.contains(&e.key.as_str()))
                .map(|e| &e.raw)
                .collect();
            let mut at = old.span.start;
            for line in text[old.span.clone()].split_inclusive('\n') {
                let range = at..at + line.len();
                at = range.end;
                if range.start == old.span.start || managed.iter().any(|m| **m == range) {
                    continue;
                }
                section.push_str(line);
            }
            if !section.ends_with('\n') {
                section.push_str(nl);
            }
            out.push_str(&text[..old.span.start]);
            out.push_str(&section);
            out.push_str(&text[old.span.end..]);
        }
        None => {
            out.push_str(text);
            if !text.is_empty() {
                if !text.ends_with('\n') {
                    out.push_str(nl);
                }
                out.push_str(nl);
            }
            out.push_str(&section);
        }
    }
    Ok(out)
}

/// Returns `text` with section `[from]` renamed `[to]`, every other byte as it was (its keys,
/// comments, the header's own trailing comment). `Ok(None)` when there is no `[from]`; an
/// error when `[to]` exists already (a move never merges two profiles).
pub fn rename_section(
    text: &str,
    from: &str,
    to: &str,
) -> Result<Option<Zeroizing<String>>, RenameError> {
    let doc = ini::parse(text).map_err(RenameError::Ini)?;
    if doc.section(to).is_some() {
        return Err(RenameError::Taken(to.to_owned()));
    }
    let Some(sec) = doc.section(from) else {
        return Ok(None);
    };
    // The header line: `[` + name + `]`, with any spaces inside the brackets as they were.
    let start = sec.span.start;
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let header = &text[start..line_end];
    let close = header
        .find(']')
        .ok_or(RenameError::Ini(IniError::Malformed { line: sec.line }))?;
    let mut out = Zeroizing::new(String::with_capacity(text.len() + to.len()));
    out.push_str(&text[..start]);
    out.push('[');
    out.push_str(to);
    out.push_str(&header[close..]);
    out.push_str(&text[line_end..]);
    Ok(Some(out))
}

/// The text without some profiles, and their names.
pub type Removed = (Zeroizing<String>, Vec<String>);

/// Returns `text` without the profiles whose `access_key_id` is `key_id` (a key deleted in the
/// cloud), and their names; every other byte as it was. `Ok(None)` when no profile holds it.
pub fn remove_key_profiles(text: &str, key_id: &str) -> Result<Option<Removed>, IniError> {
    let doc = ini::parse(text)?;
    let gone: Vec<&ini::Section> = doc
        .sections
        .iter()
        .filter(|s| s.get("access_key_id") == Some(key_id))
        .collect();
    if gone.is_empty() {
        return Ok(None);
    }
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut at = 0;
    for s in &gone {
        out.push_str(&text[at..s.span.start]);
        at = s.span.end;
    }
    out.push_str(&text[at..]);
    Ok(Some((out, gone.iter().map(|s| s.name.clone()).collect())))
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    #[error("{0}")]
    Ini(IniError),
    #[error("the file has a profile [{0}] already")]
    Taken(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(v: &str) -> Secret {
        Secret::new(v)
    }

    #[test]
    fn a_new_file_gets_one_clean_section() {
        let out = upsert_profile("", "default", "LTAIa", &s("sec")).unwrap();
        assert_eq!(
            out.as_str(),
            "[default]\ntype = access_key\nenable = true\naccess_key_id = LTAIa\naccess_key_secret = sec\n"
        );
    }

    #[test]
    fn foreign_sections_comments_blank_lines_and_crlf_are_kept() {
        let text = "# my creds\r\n\r\n[other]\r\naccess_key_id = X ; note\r\n\r\n; before default\r\n[default]\r\naccess_key_id = OLD\r\nregion_id = cn-hangzhou\r\naccess_key_secret = OLDS\r\n\r\n[last]\r\nk = v";
        let out = upsert_profile(text, "default", "LTAInew", &s("NEWS")).unwrap();
        assert_eq!(
            out.as_str(),
            "# my creds\r\n\r\n[other]\r\naccess_key_id = X ; note\r\n\r\n; before default\r\n[default]\r\ntype = access_key\r\nenable = true\r\naccess_key_id = LTAInew\r\naccess_key_secret = NEWS\r\nregion_id = cn-hangzhou\r\n\r\n[last]\r\nk = v"
        );
        let doc = ini::parse(&out).unwrap();
        assert_eq!(doc.sections.len(), 3, "never a duplicate section");
    }

    #[test]
    fn comments_and_blank_lines_inside_the_section_are_kept() {
        let text = "[default]\n# mine\naccess_key_id = OLD\n\n; note\nregion_id = cn\naccess_key_secret = S\n[b]\n";
        let out = upsert_profile(text, "default", "NEW", &s("N")).unwrap();
        assert_eq!(
            out.as_str(),
            "[default]\ntype = access_key\nenable = true\naccess_key_id = NEW\naccess_key_secret = N\n# mine\n\n; note\nregion_id = cn\n[b]\n"
        );
    }

    #[test]
    fn appending_adds_a_separator_even_without_a_final_newline() {
        let out = upsert_profile("[a]\nk = v", "b", "id", &s("x")).unwrap();
        assert!(out.starts_with("[a]\nk = v\n\n[b]\n"), "{}", out.as_str());
    }

    #[test]
    fn refuses_duplicate_sections_and_garbage() {
        assert!(upsert_profile("[a]\n[a]\n", "a", "i", &s("x")).is_err());
        assert!(upsert_profile("garbage\n", "a", "i", &s("x")).is_err());
    }

    #[test]
    fn profile_names() {
        assert!(valid_profile_name("default"));
        assert!(valid_profile_name("okd-installer_2"));
        assert!(!valid_profile_name(""));
        assert!(!valid_profile_name("a]b"));
        assert!(!valid_profile_name("a b"));
    }

    fn section_strategy() -> impl Strategy<Value = String> {
        (
            "[a-z]{1,6}",
            proptest::collection::vec(("[a-z_]{1,8}", "[A-Za-z0-9 #;.=-]{0,12}"), 0..4),
            proptest::collection::vec(
                prop_oneof![
                    Just("".to_owned()),
                    Just("# c".to_owned()),
                    Just("; d".to_owned())
                ],
                0..3,
            ),
        )
            .prop_map(|(name, kvs, trailer)| {
                let mut s = format!("[{name}]\n");
                let mut seen = std::collections::HashSet::new();
                for (k, v) in kvs {
                    if seen.insert(k.clone()) {
                        s.push_str(&format!("{k} = {v}\n"));
                    }
                }
                for t in trailer {
                    s.push_str(&t);
                    s.push('\n');
                }
                s
            })
    }

    proptest! {
        #[test]
        fn editing_one_profile_never_changes_a_byte_outside_it(
            sections in proptest::collection::vec(section_strategy(), 0..5),
            crlf in any::<bool>(),
            pick in any::<prop::sample::Index>(),
        ) {
            let mut text: String = sections.concat();
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let Ok(doc) = ini::parse(&text) else { return Ok(()); }; // duplicate names: refused, tested above
            let target = if doc.sections.is_empty() { "new".to_owned() } else { doc.sections[pick.index(doc.sections.len())].name.clone() };
            let out = upsert_profile(&text, &target, "LTAIid", &s("sekret")).unwrap();
            match doc.section(&target) {
                Some(old) => {
                    prop_assert!(out.starts_with(&text[..old.span.start]));
                    prop_assert!(out.ends_with(&text[old.span.end..]));
                }
                None => prop_assert!(out.starts_with(&text)),
            }
            let new_doc = ini::parse(&out).unwrap();
            prop_assert_eq!(new_doc.sections.len(), doc.sections.len().max(1) + usize::from(doc.section(&target).is_none() && !doc.sections.is_empty()));
            let sec = new_doc.section(&target).unwrap();
            prop_assert_eq!(sec.get("access_key_secret"), Some("sekret"));
            prop_assert_eq!(sec.get("type"), Some("access_key"));
        }
    }

    #[test]
    fn the_profiles_of_a_deleted_key_are_removed_and_nothing_else() {
        let text = "# top\n[a]\naccess_key_id = K1\naccess_key_secret = s\n\n[b]\naccess_key_id = K2\n# note\n[c]\naccess_key_id = K1\n";
        let (out, names) = remove_key_profiles(text, "K1").unwrap().unwrap();
        assert_eq!(names, vec!["a".to_owned(), "c".to_owned()]);
        assert_eq!(out.as_str(), "# top\n\n[b]\naccess_key_id = K2\n# note\n");
        assert_eq!(remove_key_profiles(text, "K9").unwrap(), None);
    }

    #[test]
    fn a_section_is_renamed_in_place_and_nothing_else_moves() {
        let text = "# top\n[a]\nk = 1\n\n[ default ] ; mine\r\naccess_key_id = OLD\r\n# kept\r\naccess_key_secret = S\r\n[z]\n";
        let out = rename_section(text, "default", "root-admin")
            .unwrap()
            .unwrap();
        assert_eq!(
            out.as_str(),
            "# top\n[a]\nk = 1\n\n[root-admin] ; mine\r\naccess_key_id = OLD\r\n# kept\r\naccess_key_secret = S\r\n[z]\n"
        );
        let doc = ini::parse(&out).unwrap();
        assert_eq!(
            doc.section("root-admin")
                .and_then(|s| s.get("access_key_id")),
            Some("OLD")
        );
        assert!(doc.section("default").is_none());
        assert_eq!(rename_section(text, "nope", "x").unwrap(), None);
        assert_eq!(
            rename_section(text, "default", "a").unwrap_err(),
            RenameError::Taken("a".into()),
            "never merged into another profile"
        );
    }
}

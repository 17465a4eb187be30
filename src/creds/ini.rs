//! Reading the Alibaba credentials file (`~/.alibabacloud/credentials`, INI).
//!
//! Owns: a strict, layout-aware parse that records each section's byte range, so a later editor
//! can replace one section and keep every other byte. Refuses what the SDKs' readers disagree on
//! (duplicate sections or keys, lines that are neither comment, header nor `key = value`), since
//! such a file would be read differently by Go, Python and Java (reference §6.1). Never writes.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    /// 1-based line number.
    pub line: usize,
    /// The whole line's bytes, its line break included.
    pub raw: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub line: usize,
    /// Bytes from the start of the header line to the end of its last `key = value` line
    /// (line break included). Comments and blank lines after that belong to no section.
    pub span: Range<usize>,
    pub entries: Vec<Entry>,
}

impl Section {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.value.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IniError {
    #[error("line {line}: section [{name}] appears twice (first on line {first})")]
    DuplicateSection {
        name: String,
        line: usize,
        first: usize,
    },
    #[error("line {line}: key '{key}' appears twice in section [{section}]")]
    DuplicateKey {
        section: String,
        key: String,
        line: usize,
    },
    /// The line's text is never kept: it may be a pasted secret.
    #[error("line {line} is neither a [section], a comment, nor key = value")]
    Malformed { line: usize },
    #[error("line {line}: a key outside any [section]")]
    KeyOutsideSection { line: usize },
    #[error("the file is not valid UTF-8")]
    NotUtf8,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IniDoc {
    pub sections: Vec<Section>,
}

impl IniDoc {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }
}

/// Drops an inline comment: `#` or `;` preceded by white space (the rule every SDK agrees on).
fn strip_inline_comment(s: &str) -> &str {
    let b = s.as_bytes();
    for i in 1..b.len() {
        if (b[i] == b'#' || b[i] == b';') && (b[i - 1] == b' ' || b[i - 1] == b'\t') {
            return &s[..i];
        }
    }
    s
}

fn header_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('[')?;
    let end = rest.find(']')?;
    let after = rest[end + 1..].trim();
    if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
        return None;
    }
    Some(rest[..end].trim())
}

/// Parses bytes as a credentials file.
pub fn parse_bytes(bytes: &[u8]) -> Result<IniDoc, IniError> {
    let text = std::str::from_utf8(bytes).map_err(|_| IniError::NotUtf8)?;
    parse(text)
}

/// Parses the text of a credentials file. Line endings (LF or CRLF) are accepted as they are.
pub fn parse(text: &str) -> Result<IniDoc, IniError> {
    let mut doc = IniDoc::default();
    // Names seen (and their line), and the current section's keys: every check is a hash
    // lookup, so a file of 40,000 profiles reads in linear time (it was quadratic: 4 MB took
    // 17.6 s, issue 19).
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut keys: HashSet<&str> = HashSet::new();
    let mut offset = 0usize;
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text_no_bom.len() != text.len() {
        offset = text.len() - text_no_bom.len();
    }
    for (idx, raw) in text_no_bom.split_inclusive('\n').enumerate() {
        let line_no = idx + 1;
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']).trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if line.starts_with('[') {
            let Some(name) = header_name(line) else {
                return Err(IniError::Malformed { line: line_no });
            };
            if let Some(&first) = seen.get(name) {
                return Err(IniError::DuplicateSection {
                    name: name.to_owned(),
                    line: line_no,
                    first,
                });
            }
            seen.insert(name, line_no);
            keys.clear();
            doc.sections.push(Section {
                name: name.to_owned(),
                line: line_no,
                span: start..offset,
                entries: Vec::new(),
            });
            continue;
        }
        let Some(pos) = line.find(['=', ':']) else {
            return Err(IniError::Malformed { line: line_no });
        };
        let key = line[..pos].trim();
        if key.is_empty() {
            return Err(IniError::Malformed { line: line_no });
        }
        let value = strip_inline_comment(line[pos + 1..].trim()).trim();
        let Some(section) = doc.sections.last_mut() else {
            return Err(IniError::KeyOutsideSection { line: line_no });
        };
        if !keys.insert(key) {
            return Err(IniError::DuplicateKey {
                section: section.name.clone(),
                key: key.to_owned(),
                line: line_no,
            });
        }
        section.entries.push(Entry {
            key: key.to_owned(),
            value: value.to_owned(),
            line: line_no,
            raw: start..offset,
        });
        section.span.end = offset;
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of_doc() -> &'static str {
        "[default]                          # Default client\r\nenable = true   # Java only\r\ntype = access_key\r\naccess_key_id = foo # Key\r\naccess_key_secret = bar\r\n\r\n; other\r\n[other]\naccess_key_id: x\n"
    }

    #[test]
    fn reads_the_documented_example_with_inline_comments() {
        let doc = parse(text_of_doc()).unwrap();
        let d = doc.section("default").unwrap();
        assert_eq!(d.get("access_key_id"), Some("foo"));
        assert_eq!(d.get("enable"), Some("true"));
        assert_eq!(
            doc.section("other").unwrap().get("access_key_id"),
            Some("x")
        );
        assert_eq!(doc.sections[0].span.start, 0);
        let first_end = doc.sections[0].span.end;
        assert!(doc.sections[0].span.end < doc.sections[1].span.start);
        assert!(
            text_of_doc()
                .get(first_end..)
                .unwrap()
                .starts_with("\r\n; other")
        );
    }

    #[test]
    fn refuses_what_readers_disagree_on() {
        assert!(matches!(
            parse("[a]\n[a]\n"),
            Err(IniError::DuplicateSection {
                line: 2,
                first: 1,
                ..
            })
        ));
        assert!(matches!(
            parse("[a]\nk=1\nk=2\n"),
            Err(IniError::DuplicateKey { line: 3, .. })
        ));
        assert!(matches!(
            parse("k=1\n"),
            Err(IniError::KeyOutsideSection { line: 1 })
        ));
        assert!(matches!(
            parse("[a]\njunk\n"),
            Err(IniError::Malformed { line: 2, .. })
        ));
        assert!(matches!(
            parse("[a\n"),
            Err(IniError::Malformed { line: 1, .. })
        ));
        assert!(matches!(
            parse_bytes(b"[a]\n\xff\n"),
            Err(IniError::NotUtf8)
        ));
    }

    #[test]
    fn a_value_with_a_hash_inside_is_kept() {
        let doc = parse("[a]\nregion = cn#x\n").unwrap();
        assert_eq!(doc.section("a").unwrap().get("region"), Some("cn#x"));
    }
}

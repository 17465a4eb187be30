//! A small YAML reader for the CredentialsRequests the simulated ccoctl reads: block maps and
//! sequences at any indentation and key order, `- key: value` items, flow lists `[a, b]`,
//! quoted and plain scalars, comments, `---` separated documents, and JSON documents. Enough
//! for Kubernetes manifests; anchors, tags and folded scalars are not supported.

/// A YAML value. Scalars stay strings (the CR fields read are all strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Yaml {
    Null,
    Str(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn path(&self, keys: &[&str]) -> Option<&Yaml> {
        keys.iter().try_fold(self, |v, k| v.get(k))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A string as a one-element list, a list as itself, anything else as empty.
    pub fn strings(&self) -> Vec<String> {
        match self {
            Yaml::Str(s) => vec![s.clone()],
            Yaml::Seq(v) => v
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn items(&self) -> &[Yaml] {
        match self {
            Yaml::Seq(v) => v,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(String, Yaml)] {
        match self {
            Yaml::Map(m) => m,
            _ => &[],
        }
    }

    fn from_json(v: serde_json::Value) -> Yaml {
        use serde_json::Value as J;
        match v {
            J::Null => Yaml::Null,
            J::String(s) => Yaml::Str(s),
            J::Bool(b) => Yaml::Str(b.to_string()),
            J::Number(n) => Yaml::Str(n.to_string()),
            J::Array(a) => Yaml::Seq(a.into_iter().map(Yaml::from_json).collect()),
            J::Object(o) => Yaml::Map(
                o.into_iter()
                    .map(|(k, v)| (k, Yaml::from_json(v)))
                    .collect(),
            ),
        }
    }
}

struct Line {
    no: usize,
    indent: usize,
    text: String,
}

/// Every non-empty document of a file.
pub(super) fn parse_documents(text: &str) -> Result<Vec<Yaml>, String> {
    let mut docs = Vec::new();
    let mut current: Vec<(usize, &str)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim_end();
        if t == "---" || t.starts_with("--- ") || t == "..." {
            docs.push(std::mem::take(&mut current));
        } else {
            current.push((i + 1, raw));
        }
    }
    docs.push(current);
    let mut out = Vec::new();
    for doc in docs {
        if let Some(y) = parse_document(&doc)? {
            out.push(y);
        }
    }
    Ok(out)
}

fn parse_document(raw: &[(usize, &str)]) -> Result<Option<Yaml>, String> {
    let mut lines: Vec<Line> = raw
        .iter()
        .filter_map(|(no, l)| {
            let text = strip_comment(l).trim_end();
            let body = text.trim_start_matches(' ');
            (!body.is_empty()).then(|| Line {
                no: *no,
                indent: text.len() - body.len(),
                text: body.to_owned(),
            })
        })
        .collect();
    let Some(first) = lines.first() else {
        return Ok(None);
    };
    if first.text.starts_with('{') || first.text.starts_with('[') {
        let joined: Vec<&str> = raw.iter().map(|(_, l)| *l).collect();
        let v: serde_json::Value =
            serde_json::from_str(&joined.join("\n")).map_err(|e| format!("invalid JSON: {e}"))?;
        return Ok(Some(Yaml::from_json(v)));
    }
    let mut i = 0;
    let y = node(&mut lines, &mut i, 0)?;
    if let Some(l) = lines.get(i) {
        return Err(format!("line {}: unexpected indentation", l.no));
    }
    Ok(Some(y))
}

/// Drops a `#` comment that starts a line or follows white space outside quotes.
fn strip_comment(l: &str) -> &str {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in l.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => return &l[..i],
            _ => {}
        }
        prev = c;
    }
    l
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// The node starting at line `i`, which must be indented at least `min`.
fn node(lines: &mut [Line], i: &mut usize, min: usize) -> Result<Yaml, String> {
    let Some(l) = lines.get(*i) else {
        return Ok(Yaml::Null);
    };
    if l.indent < min {
        return Ok(Yaml::Null);
    }
    let indent = l.indent;
    if is_item(&l.text) {
        return seq(lines, i, indent);
    }
    if split_key(&l.text).is_some() {
        return map(lines, i, indent);
    }
    let v = scalar(&l.text);
    *i += 1;
    Ok(v)
}

fn seq(lines: &mut [Line], i: &mut usize, indent: usize) -> Result<Yaml, String> {
    let mut items = Vec::new();
    while let Some(l) = lines.get_mut(*i) {
        if l.indent != indent || !is_item(&l.text) {
            break;
        }
        let rest = l.text[1..].trim_start().to_owned();
        if rest.is_empty() {
            *i += 1;
            items.push(node(lines, i, indent + 1)?);
        } else {
            // The item's content becomes a line of its own, at the column it starts in.
            let offset = l.text.len() - rest.len();
            l.indent = indent + offset;
            l.text = rest;
            items.push(node(lines, i, indent + offset)?);
        }
    }
    Ok(Yaml::Seq(items))
}

fn map(lines: &mut [Line], i: &mut usize, indent: usize) -> Result<Yaml, String> {
    let mut entries = Vec::new();
    while let Some(l) = lines.get(*i) {
        if l.indent != indent || is_item(&l.text) {
            break;
        }
        let Some((key, value)) = split_key(&l.text) else {
            return Err(format!("line {}: expected `key: value`", l.no));
        };
        *i += 1;
        let v = if value.is_empty() {
            match lines.get(*i) {
                Some(n) if n.indent > indent => node(lines, i, indent + 1)?,
                Some(n) if n.indent == indent && is_item(&n.text) => seq(lines, i, indent)?,
                _ => Yaml::Null,
            }
        } else if value.starts_with('|') || value.starts_with('>') {
            let mut block = Vec::new();
            while let Some(n) = lines.get(*i).filter(|n| n.indent > indent) {
                block.push(n.text.clone());
                *i += 1;
            }
            Yaml::Str(block.join("\n"))
        } else {
            scalar(&value)
        };
        entries.push((key, v));
    }
    Ok(Yaml::Map(entries))
}

/// `key: value` → (key, value); the colon must be outside quotes and followed by a space or
/// the end of the line.
fn split_key(text: &str) -> Option<(String, String)> {
    let (mut single, mut double) = (false, false);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            ':' if !single && !double && bytes.get(i + 1).is_none_or(|b| *b == b' ') => {
                let key = text[..i].trim();
                if key.is_empty() || key.starts_with('[') || key.starts_with('{') {
                    return None;
                }
                let key = match scalar(key) {
                    Yaml::Str(s) => s,
                    _ => key.to_owned(),
                };
                return Some((key, text[i + 1..].trim().to_owned()));
            }
            _ => {}
        }
    }
    None
}

fn scalar(s: &str) -> Yaml {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(o) => out.push(o),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        return Yaml::Str(out);
    }
    if let Some(inner) = s.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return Yaml::Str(inner.replace("''", "'"));
    }
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return Yaml::Seq(
            split_flow(inner)
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(|p| scalar(&p))
                .collect(),
        );
    }
    if s == "{}" {
        return Yaml::Map(Vec::new());
    }
    if s == "~" || s == "null" {
        return Yaml::Null;
    }
    Yaml::Str(s.to_owned())
}

fn split_flow(s: &str) -> Vec<String> {
    let (mut single, mut double) = (false, false);
    let mut parts = vec![String::new()];
    for c in s.chars() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            ',' if !single && !double => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_credentials_request_in_any_layout() {
        let a = "---\n# c\napiVersion: v1\nkind: CredentialsRequest\nmetadata:\n  annotations:\n    release.openshift.io/delete: \"true\"\n  name: x # trailing\nspec:\n  secretRef: {}\n  providerSpec:\n    statementEntries:\n    - action:\n      - ecs:A\n      - 'ecs:B'\n      effect: Allow\n      resource: '*'\n";
        let b = "kind: CredentialsRequest\nspec:\n    providerSpec:\n        statementEntries:\n            -   resource: \"*\"\n                effect: Allow\n                action: [ecs:A, \"ecs:B\"]\nmetadata:\n    name: x\n    annotations: {\"release.openshift.io/delete\": \"true\"}\n---\n{\"kind\": \"CredentialsRequest\", \"metadata\": {\"name\": \"j\"}}\n";
        let da = parse_documents(a).unwrap();
        let db = parse_documents(b).unwrap();
        assert_eq!(da.len(), 1);
        assert_eq!(db.len(), 2);
        for d in [&da[0], &db[0]] {
            assert_eq!(
                d.path(&["metadata", "name"]).and_then(Yaml::as_str),
                Some("x")
            );
            let st = &d
                .path(&["spec", "providerSpec", "statementEntries"])
                .unwrap()
                .items()[0];
            assert_eq!(st.get("action").unwrap().strings(), vec!["ecs:A", "ecs:B"]);
            assert_eq!(st.get("resource").and_then(Yaml::as_str), Some("*"));
            assert_eq!(st.get("effect").and_then(Yaml::as_str), Some("Allow"));
        }
        assert_eq!(
            da[0].path(&["metadata", "annotations", "release.openshift.io/delete"]),
            Some(&Yaml::Str("true".into()))
        );
        assert_eq!(
            db[1].path(&["metadata", "name"]).and_then(Yaml::as_str),
            Some("j")
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_documents("a: b\n  - c\n").is_err());
        assert!(parse_documents("{not json").is_err());
        assert!(parse_documents("").unwrap().is_empty());
        assert!(parse_documents("just text").is_ok());
    }
}

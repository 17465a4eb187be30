//! The one type every secret travels in.
//!
//! A [`Secret`] never prints itself: `Debug` and `Display` are redacted, it has no `Serialize`,
//! and its bytes are wiped when it is dropped. Code that truly needs the value (the signer, the
//! credentials-file writer) asks for it with [`Secret::expose`], which is easy to grep for.

use zeroize::Zeroizing;

/// A secret string (an AccessKey secret). Redacted when formatted, zeroized on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a value, trimming surrounding whitespace (pastes often carry a newline).
    pub fn new(value: impl Into<String>) -> Self {
        let mut raw: String = value.into();
        let trimmed = raw.trim();
        if trimmed.len() != raw.len() {
            let kept = trimmed.to_owned();
            zeroize::Zeroize::zeroize(&mut raw);
            raw = kept;
        }
        Self(Zeroizing::new(raw))
    }

    /// The secret's value. Only the signer and the credential stores should call this.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    /// A mask of the same length (at most 40 bullets), for a field being typed.
    pub fn masked(&self) -> String {
        "•".repeat(self.len().min(40))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("  Sup3rSecretValue1234567890abcd\n");
        assert_eq!(s.expose(), "Sup3rSecretValue1234567890abcd");
        let shown = format!("{s:?} {s} {:?}", Some(&s));
        assert!(!shown.contains("Sup3r"), "{shown}");
        assert_eq!(s.masked().chars().count(), 30);
    }
}

//! A one-line text field: typed characters, backspace, paste, clear. Pure state.

use crate::secret::Secret;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    pub value: String,
}

/// Removes line breaks and surrounding white space from pasted text.
pub fn clean_paste(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .collect::<String>()
        .trim()
        .to_owned()
}

impl TextField {
    pub fn push(&mut self, c: char) {
        if !c.is_control() {
            self.value.push(c);
        }
    }
    pub fn paste(&mut self, s: &str) {
        self.value.push_str(&clean_paste(s));
    }
    pub fn backspace(&mut self) {
        self.value.pop();
    }
    pub fn clear(&mut self) {
        self.value.clear();
    }
}

/// A masked field for a secret. The value lives only in a [`Secret`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretField {
    pub value: Secret,
}

impl Default for SecretField {
    fn default() -> Self {
        Self {
            value: Secret::new(""),
        }
    }
}

impl SecretField {
    fn edit(&mut self, f: impl FnOnce(&mut String)) {
        let mut s = zeroize::Zeroizing::new(self.value.expose().to_owned());
        f(&mut s);
        self.value = Secret::new(s.as_str());
    }
    pub fn push(&mut self, c: char) {
        if !c.is_control() && !c.is_whitespace() {
            self.edit(|s| s.push(c));
        }
    }
    pub fn paste(&mut self, text: &str) {
        let cleaned = zeroize::Zeroizing::new(clean_paste(text));
        self.edit(|s| s.push_str(&cleaned));
    }
    pub fn backspace(&mut self) {
        self.edit(|s| {
            s.pop();
        });
    }
    pub fn clear(&mut self) {
        self.value = Secret::new("");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_is_trimmed_and_loses_line_breaks() {
        let mut f = TextField::default();
        f.paste("  LTAI5tabc\r\n");
        assert_eq!(f.value, "LTAI5tabc");
        let mut s = SecretField::default();
        s.paste("\tabc def\n");
        s.push(' ');
        s.push('x');
        assert_eq!(s.value.expose(), "abc defx");
        s.backspace();
        assert_eq!(s.value.expose(), "abc def");
    }
}

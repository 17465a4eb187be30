//! A one-line text field: typed characters, backspace, paste, clear; and the edits a person's
//! intents make to the field being edited. Pure state.

use super::intent::{Intent, Typed};
use crate::secret::Secret;

/// A change to the text of the field being edited, as an intent asks for it. No `Debug`: the
/// character may be part of a secret.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Edit<'a> {
    Push(char),
    Erase,
    Clear,
    /// The whole value (a `Fill`); never applied to a secret field.
    Set(&'a str),
}

impl<'a> Edit<'a> {
    /// The edit an intent makes, if it is one.
    pub fn of(intent: &'a Intent) -> Option<Edit<'a>> {
        match intent {
            Intent::Type(Typed(c)) => Some(Edit::Push(*c)),
            Intent::Erase => Some(Edit::Erase),
            Intent::ClearField => Some(Edit::Clear),
            Intent::Fill(_, v) => Some(Edit::Set(v)),
            _ => None,
        }
    }
}

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
    pub fn apply(&mut self, e: Edit) {
        match e {
            Edit::Push(c) => self.push(c),
            Edit::Erase => self.backspace(),
            Edit::Clear => self.clear(),
            Edit::Set(v) => self.value = v.to_owned(),
        }
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
    /// A secret is typed, pasted or cleared; it is never filled from a plain string.
    pub fn apply(&mut self, e: Edit) {
        match e {
            Edit::Push(c) => self.push(c),
            Edit::Erase => self.backspace(),
            Edit::Clear => self.clear(),
            Edit::Set(_) => {}
        }
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

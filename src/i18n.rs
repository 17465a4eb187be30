//! The message catalogues at run time: Fluent resources for English (`en-US`) and Simplified
//! Chinese (`zh-CN`), embedded in the binary, and the language they are read in.
//!
//! Code never names a message by a string of its own: `build.rs` generates one accessor per
//! message of the English catalogue (`strings::WELCOME_INTRO()`, `strings::held_works(user)`),
//! so an ID or a variable the catalogue lacks does not compile. A test keeps the Chinese
//! catalogue's IDs and variables the same as the English one's.
//!
//! The language is the process's (set once at start from `--lang`, `RAMWIZ_LANG`, the aliyun
//! CLI profile or the locale: [`crate::lang`]), or a thread's own for tests that draw a screen
//! in the other language ([`with_lang`]). A message missing from the chosen catalogue falls back
//! to English. Placeables are not wrapped in Unicode isolation marks: every width on screen is
//! counted in display columns, and the marks would take none but still be characters.
//!
//! Fluent was picked over `i18n-embed` + `i18n-embed-fl`: the same checked IDs come from a
//! 100-line build step, without `rust-embed` and a macro crate in the build, and the accessors
//! keep the types the screens already used (`&'static str` for a sentence without variables).

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub use crate::lang::Lang;

/// A value for a message's variable: a string, or a number (for plural selectors).
pub type Arg<'a> = fluent_bundle::FluentValue<'a>;

const EN_US: &str = include_str!("../assets/locales/en-US/ramwiz.ftl");
const ZH_CN: &str = include_str!("../assets/locales/zh-CN/ramwiz.ftl");

/// The text of a catalogue, by language.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN_US,
        Lang::ZhCn => ZH_CN,
    }
}

static PROCESS: OnceLock<crate::lang::Choice> = OnceLock::new();

thread_local! {
    static THREAD: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Sets the process's language, with why it was chosen; the first call wins (it is set once,
/// at start).
pub fn set_process_choice(choice: crate::lang::Choice) {
    let _ = PROCESS.set(choice);
}

/// The process's language and why it was chosen, once set.
pub fn process_choice() -> Option<&'static crate::lang::Choice> {
    PROCESS.get()
}

/// Runs `f` with this thread reading the catalogues in `lang` (for tests and snapshots).
pub fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    let before = THREAD.with(|t| t.replace(Some(lang)));
    let out = f();
    THREAD.with(|t| t.set(before));
    out
}

/// The language messages are read in on this thread.
pub fn current() -> Lang {
    THREAD
        .with(Cell::get)
        .or_else(|| PROCESS.get().map(|c| c.lang))
        .unwrap_or(Lang::En)
}

struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    /// Every message without variables, formatted once.
    texts: HashMap<String, &'static str>,
}

fn build(lang: Lang) -> Catalogue {
    // The catalogues are part of the binary and tested: a syntax error keeps what did parse.
    let resource = FluentResource::try_new(source(lang).to_owned()).unwrap_or_else(|(r, _)| r);
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    bundle.add_resource_overriding(resource);
    let mut texts = HashMap::new();
    for (id, _) in ids(source(lang)) {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            // Formatted once per message and language, for the life of the process.
            let leaked: &'static str = Box::leak(text.into_owned().into_boxed_str());
            texts.insert(id.to_owned(), leaked);
        }
    }
    Catalogue { bundle, texts }
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| build(Lang::En)),
        Lang::ZhCn => ZH.get_or_init(|| build(Lang::ZhCn)),
    }
}

/// A message without variables, in the current language (English when the catalogue lacks it).
pub fn text(id: &str) -> &'static str {
    let lang = current();
    if let Some(t) = catalogue(lang).texts.get(id) {
        return t;
    }
    catalogue(Lang::En).texts.get(id).copied().unwrap_or("")
}

/// A message with variables, in the current language (English when the catalogue lacks it).
pub fn format(id: &str, args: Vec<(&str, Arg<'_>)>) -> String {
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        fargs.set(name, value);
    }
    for lang in [current(), Lang::En] {
        let bundle = &catalogue(lang).bundle;
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fargs), &mut errors)
                .into_owned();
        }
    }
    String::new()
}

/// (ID, variables in order of first appearance) of each message of a catalogue's text, as
/// `build.rs` reads them.
pub fn ids(ftl: &str) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in ftl.lines() {
        let starts = line.starts_with(|c: char| c.is_ascii_lowercase());
        if starts && let Some((id, rest)) = line.split_once(" =") {
            out.push((id.trim(), Vec::new()));
            vars_into(rest, out.last_mut());
        } else if line.starts_with(' ') {
            vars_into(line, out.last_mut());
        }
    }
    out
}

fn vars_into<'a>(text: &'a str, msg: Option<&mut (&'a str, Vec<&'a str>)>) {
    let Some((_, vars)) = msg else { return };
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        let tail = &rest[at + 1..];
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let name = &tail[..len];
        if !name.is_empty() && !vars.contains(&name) {
            vars.push(name);
        }
        rest = &tail[len..];
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_parse_and_have_the_same_messages_and_variables() {
        for lang in [Lang::En, Lang::ZhCn] {
            if let Err((_, errors)) = FluentResource::try_new(source(lang).to_owned()) {
                panic!("{} does not parse: {errors:?}", lang.tag());
            }
        }
        let en = ids(EN_US);
        let zh: HashMap<&str, Vec<&str>> = ids(ZH_CN).into_iter().collect();
        let mut problems = Vec::new();
        for (id, vars) in &en {
            match zh.get(id) {
                None => problems.push(format!("{id}: missing in zh-CN")),
                Some(z) => {
                    let (mut a, mut b) = (vars.clone(), z.clone());
                    a.sort_unstable();
                    b.sort_unstable();
                    if a != b {
                        problems.push(format!("{id}: variables {a:?} in en-US, {b:?} in zh-CN"));
                    }
                }
            }
        }
        let en_ids: Vec<&str> = en.iter().map(|(id, _)| *id).collect();
        for id in zh.keys() {
            if !en_ids.contains(id) {
                problems.push(format!("{id}: only in zh-CN"));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for id in &en_ids {
            if !seen.insert(id) {
                problems.push(format!("{id}: twice in en-US"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_message_formats_without_errors_in_both_languages() {
        for lang in [Lang::En, Lang::ZhCn] {
            let cat = catalogue(lang);
            for (id, vars) in ids(source(lang)) {
                if vars.is_empty() {
                    assert!(cat.texts.contains_key(id), "{} {id}", lang.tag());
                    assert!(!cat.texts[id].contains('\u{2068}'), "no isolation marks");
                }
            }
        }
    }

    #[test]
    fn a_thread_reads_its_own_language_and_falls_back_to_english() {
        let en = with_lang(Lang::En, || text("app-title"));
        let zh = with_lang(Lang::ZhCn, || text("app-title"));
        assert!(en.starts_with("ramwiz"));
        assert!(!zh.is_empty());
        assert_eq!(with_lang(Lang::ZhCn, || text("no-such-message")), "");
        let held = with_lang(Lang::En, || {
            format("secret-mode-fixed", vec![("mode", "644".into())])
        });
        assert!(held.contains("644") && !held.contains('\u{2068}'), "{held}");
    }
}

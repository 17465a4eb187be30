//! Which language ramwiz speaks (issue 22), chosen the way Alibaba Cloud's own tools choose it,
//! first that answers:
//! 1. `--lang en|zh-CN`, then the `RAMWIZ_LANG` environment variable;
//! 2. the `language` (`zh` or `en`) of the aliyun CLI's current profile in `~/.aliyun/config.json`;
//! 3. the POSIX locale: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty
//!    decides (a later one is not consulted): `zh_CN`, `zh_SG`, `zh-Hans…` and a bare `zh` give
//!    Simplified Chinese; `zh_TW`, `zh_HK`, `zh_MO` and `zh-Hant…` give English until a
//!    Traditional translation exists;
//! 4. else English.
//!
//! Pure: the caller passes the flag, the environment and the aliyun config's text. The result
//! says why, so a screen can tell the user which source decided.

/// A language ramwiz has a catalogue for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    ZhCn,
}

impl Lang {
    /// The BCP 47 tag, as `--lang` takes it and the catalogue directories are named.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// `en`, `en-US`, `zh-CN`, `zh_CN`, `zh-Hans` (any case); `None` for anything else.
    pub fn parse(value: &str) -> Option<Lang> {
        let v = value.trim().replace('_', "-").to_ascii_lowercase();
        match v.as_str() {
            "en" | "en-us" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" | "zh-hans-cn" => Some(Lang::ZhCn),
            _ => None,
        }
    }
}

/// What decided the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    Flag,
    /// `RAMWIZ_LANG`.
    Env,
    /// The `language` of this aliyun CLI profile.
    AliyunProfile(String),
    /// This locale variable, with its value.
    Locale {
        var: &'static str,
        value: String,
    },
    /// A Traditional Chinese locale: English until there is a Traditional translation.
    Traditional {
        var: &'static str,
        value: String,
    },
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub lang: Lang,
    pub why: Why,
}

/// A `--lang` or `RAMWIZ_LANG` value ramwiz has no catalogue for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {value:?} (from {source_name}): use en or zh-CN")]
pub struct UnknownLang {
    pub value: String,
    pub source_name: &'static str,
}

/// Chooses the language; see the module's doc for the order. `aliyun_config` is the text of
/// `~/.aliyun/config.json` when it could be read (a malformed one is passed over).
pub fn choose(
    flag: Option<&str>,
    var: impl Fn(&str) -> Option<String>,
    aliyun_config: Option<&str>,
) -> Result<Choice, UnknownLang> {
    let explicit = [
        (flag.map(str::to_owned), Why::Flag, "--lang"),
        (var("RAMWIZ_LANG"), Why::Env, "RAMWIZ_LANG"),
    ];
    for (value, why, source_name) in explicit {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let lang = Lang::parse(&value).ok_or_else(|| UnknownLang {
            value: value.clone(),
            source_name,
        })?;
        return Ok(Choice { lang, why });
    }
    if let Some(found) = aliyun_config.and_then(aliyun_language) {
        return Ok(found);
    }
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        let Some(value) = var(name).filter(|v| !v.is_empty()) else {
            continue;
        };
        return Ok(from_locale(name, value));
    }
    Ok(Choice {
        lang: Lang::En,
        why: Why::Default,
    })
}

/// The aliyun CLI's current profile's `language`, when it is `zh` or `en`.
fn aliyun_language(text: &str) -> Option<Choice> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let current = v["current"]
        .as_str()
        .filter(|c| !c.is_empty())
        .unwrap_or("default");
    let profile = v["profiles"]
        .as_array()?
        .iter()
        .find(|p| p["name"].as_str() == Some(current))?;
    let lang = match profile["language"].as_str()?.trim() {
        "zh" => Lang::ZhCn,
        "en" => Lang::En,
        _ => return None,
    };
    Some(Choice {
        lang,
        why: Why::AliyunProfile(current.to_owned()),
    })
}

/// `zh_CN.UTF-8`, `zh_TW`, `en_US`, `C`…: the language part, then the region or script.
fn from_locale(var: &'static str, value: String) -> Choice {
    let base = value.split(['.', '@']).next().unwrap_or("");
    let mut parts = base.split(['_', '-']);
    let language = parts.next().unwrap_or("").to_ascii_lowercase();
    let rest: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
    let traditional = rest
        .iter()
        .any(|p| matches!(p.as_str(), "tw" | "hk" | "mo" | "hant"));
    let why_locale = |value: String| Why::Locale { var, value };
    match (language.as_str(), traditional) {
        ("zh", false) => Choice {
            lang: Lang::ZhCn,
            why: why_locale(value),
        },
        ("zh", true) => Choice {
            lang: Lang::En,
            why: Why::Traditional { var, value },
        },
        _ => Choice {
            lang: Lang::En,
            why: why_locale(value),
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn lang(flag: Option<&str>, pairs: &[(&str, &str)], cfg: Option<&str>) -> Lang {
        choose(flag, env(pairs), cfg).unwrap().lang
    }

    const ZH_PROFILE: &str = r#"{"current":"work","profiles":[{"name":"default","language":"en"},{"name":"work","mode":"AK","language":"zh"}]}"#;

    #[test]
    fn the_first_source_that_answers_decides() {
        let zh_locale = [("LANG", "zh_CN.UTF-8")];
        assert_eq!(
            lang(Some("en"), &[("RAMWIZ_LANG", "zh-CN")], None),
            Lang::En
        );
        assert_eq!(lang(None, &[("RAMWIZ_LANG", "zh_CN")], None), Lang::ZhCn);
        assert_eq!(
            choose(None, env(&zh_locale), Some(ZH_PROFILE)).unwrap().why,
            Why::AliyunProfile("work".to_owned())
        );
        let en_profile = ZH_PROFILE.replace("\"zh\"", "\"en\"");
        assert_eq!(lang(None, &zh_locale, Some(&en_profile)), Lang::En);
        assert_eq!(lang(None, &zh_locale, Some("not json")), Lang::ZhCn);
        assert_eq!(
            choose(None, env(&[]), None).unwrap(),
            Choice {
                lang: Lang::En,
                why: Why::Default
            }
        );
    }

    #[test]
    fn locales_map_as_the_issue_says() {
        for (value, want) in [
            ("zh_CN.UTF-8", Lang::ZhCn),
            ("zh_SG", Lang::ZhCn),
            ("zh-Hans", Lang::ZhCn),
            ("zh", Lang::ZhCn),
            ("zh_TW.UTF-8", Lang::En),
            ("zh_HK", Lang::En),
            ("zh-Hant-TW", Lang::En),
            ("en_US.UTF-8", Lang::En),
            ("C", Lang::En),
            ("POSIX", Lang::En),
        ] {
            assert_eq!(lang(None, &[("LANG", value)], None), want, "{value}");
        }
        assert!(matches!(
            choose(None, env(&[("LANG", "zh_TW.UTF-8")]), None)
                .unwrap()
                .why,
            Why::Traditional { var: "LANG", .. }
        ));
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang_and_the_first_set_one_decides() {
        let both = [("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")];
        assert_eq!(lang(None, &both, None), Lang::En);
        let messages = [("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")];
        assert_eq!(lang(None, &messages, None), Lang::ZhCn);
        let empty_all = [("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")];
        assert_eq!(lang(None, &empty_all, None), Lang::ZhCn);
    }

    #[test]
    fn an_unknown_explicit_language_is_an_error_naming_its_source() {
        let e = choose(Some("fr"), env(&[]), None).unwrap_err();
        assert_eq!(e.source_name, "--lang");
        assert!(e.to_string().contains("use en or zh-CN"), "{e}");
        let e = choose(None, env(&[("RAMWIZ_LANG", "zh-TW")]), None).unwrap_err();
        assert_eq!(e.source_name, "RAMWIZ_LANG");
        assert_eq!(Lang::parse(" ZH_cn "), Some(Lang::ZhCn));
        assert_eq!(Lang::ZhCn.tag(), "zh-CN");
    }
}

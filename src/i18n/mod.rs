//! The interface in English and Ukrainian. Strings are written in English in the code, wrapped in
//! [`tr`] or [`trf`]; the Ukrainian table maps each to its translation. A test reads the sources
//! and fails if any wrapped string has no Ukrainian entry.

mod uk;
mod words;

pub use words::status_word;

pub(crate) use words::{compass_word, country_word, kind_word, legend_word, side_word};

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::Locale;

use crate::{Lang, Time};

fn ukrainian() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| uk::UK.iter().copied().collect())
}

/// `en` in `lang` (the English text itself when no translation exists).
///
/// ```
/// use koridor::{Lang, i18n::tr};
/// assert_eq!(tr("Corridors", Lang::En), "Corridors");
/// assert_eq!(tr("Corridors", Lang::Uk), "Коридори");
/// ```
#[must_use]
pub fn tr(en: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Uk => ukrainian().get(en).copied().unwrap_or(en),
    }
}

/// [`tr`] with `{name}` placeholders filled from `args`.
///
/// ```
/// use koridor::{Lang, i18n::trf};
/// assert_eq!(trf("{n} corridors", Lang::En, &[("n", "21".into())]), "21 corridors");
/// ```
#[must_use]
pub fn trf(en: &'static str, lang: Lang, args: &[(&str, String)]) -> String {
    let mut out = tr(en, lang).to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Whether `en` has a Ukrainian translation.
#[cfg(test)]
#[must_use]
pub(crate) fn has_ukrainian(en: &str) -> bool {
    ukrainian().contains_key(en)
}

/// The interface language from the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`): Ukrainian
/// when it starts with `uk`, else English.
#[must_use]
pub fn system_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .map_or(Lang::En, |v| {
            if v.starts_with("uk") {
                Lang::Uk
            } else {
                Lang::En
            }
        })
}

/// Formats `t` with a strftime `pattern`, month and day names in `lang`.
#[must_use]
pub fn date(t: Time, pattern: &str, lang: Lang) -> String {
    match lang {
        Lang::En => t.format(pattern).to_string(),
        Lang::Uk => t.format_localized(pattern, Locale::uk_UA).to_string(),
    }
}

/// `t` on both clocks, the one it was given on first: "7 Mar 2022 10:00 Moscow time (09:00
/// Kyiv time)". Russia announced in Moscow time, Ukraine in Kyiv time; an hour apart until
/// 27 March 2022.
///
/// ```
/// use koridor::{Lang, i18n::on_both_clocks};
/// let t = chrono::DateTime::parse_from_rfc3339("2022-03-07T10:00:00+03:00").unwrap();
/// assert_eq!(on_both_clocks(t, Lang::En), "7 Mar 2022 10:00 Moscow time (09:00 Kyiv time)");
/// ```
#[must_use]
pub fn on_both_clocks(t: Time, lang: Lang) -> String {
    use crate::clock::{Clock, two_clocks};
    let both = two_clocks(t);
    let hm = |t: Time| t.format("%H:%M").to_string();
    let (pattern, day) = match both.given_in {
        Clock::Moscow => ("{day} {moscow} Moscow time ({kyiv} Kyiv time)", both.moscow),
        Clock::Same => ("{day} {kyiv} Kyiv and Moscow time", both.kyiv),
        Clock::Kyiv | Clock::Other => ("{day} {kyiv} Kyiv time ({moscow} Moscow time)", both.kyiv),
    };
    trf(
        pattern,
        lang,
        &[
            ("day", date(day, "%-d %b %Y", lang)),
            ("moscow", hm(both.moscow)),
            ("kyiv", hm(both.kyiv)),
        ],
    )
}

/// A ceasefire window on both clocks: "7 Mar 2022 10:00 Moscow time (09:00 Kyiv time) – …".
#[must_use]
pub(crate) fn window_text(window: &crate::Window, lang: Lang) -> String {
    let end = window.end.map_or_else(
        || tr("end not reported", lang).to_owned(),
        |e| on_both_clocks(e, lang),
    );
    format!("{} – {end}", on_both_clocks(window.start, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string literal passed to `tr(` or `trf(` in `src/`.
    fn keys_in_sources() -> Vec<String> {
        let mut keys = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("i18n/uk.rs")
                    && !path.ends_with("i18n/mod.rs")
                {
                    let text = std::fs::read_to_string(&path).expect("source readable");
                    for marker in ["tr(", "trf("] {
                        for (at, _) in text.match_indices(marker) {
                            // A call, not the end of another name (`attr(`), with a literal first.
                            let before = text[..at].chars().next_back();
                            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                                continue;
                            }
                            let rest = text[at + marker.len()..].trim_start();
                            if let Some(literal) = rest.strip_prefix('"')
                                && let Some(end) = literal.find('"')
                            {
                                keys.push(literal[..end].to_owned());
                            }
                        }
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    #[test]
    fn every_interface_string_has_a_ukrainian_translation() {
        let keys = keys_in_sources();
        assert!(keys.len() > 50, "only {} strings found", keys.len());
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| !has_ukrainian(k) && !k.contains("{\""))
            .collect();
        assert!(missing.is_empty(), "no Ukrainian for: {missing:#?}");
    }

    #[test]
    fn translations_keep_their_placeholders() {
        for (en, uk) in uk::UK {
            assert!(!uk.trim().is_empty(), "empty translation of {en:?}");
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .match_indices('{')
                    .filter_map(|(i, _)| s[i..].find('}').map(|j| s[i..=i + j].to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(holes(en), holes(uk), "placeholders differ in {en:?}");
        }
    }

    #[test]
    fn ukrainian_dates_use_ukrainian_month_names() {
        let t: Time = "2022-03-08T12:00:00+02:00".parse().expect("time");
        assert_eq!(date(t, "%-d %B %Y", Lang::En), "8 March 2022");
        assert!(
            date(t, "%-d %B %Y", Lang::Uk).contains("берез"),
            "{}",
            date(t, "%-d %B %Y", Lang::Uk)
        );
    }

    #[test]
    fn every_country_in_the_table_has_a_ukrainian_name() {
        for (code, name) in crate::data::COUNTRIES {
            assert!(has_ukrainian(name), "{code}: {name}");
            assert_ne!(
                country_word(code, Lang::Uk),
                country_word(code, Lang::En),
                "{code}"
            );
        }
        // A code the table does not know is shown as given.
        assert_eq!(country_word("XK", Lang::Uk), "XK");
    }
}

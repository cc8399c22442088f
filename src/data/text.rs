//! Bilingual text: the dataset's English with its Ukrainian twin (`name` and `name_uk`).

use crate::Lang;

/// A text in English with the dataset's Ukrainian where it gives one. An empty or blank
/// Ukrainian text counts as missing, so every reader falls back to English the same way.
///
/// ```
/// use koridor::{Lang, Text};
/// let name = Text::new("Sumy → Poltava", Some("Суми → Полтава".into()));
/// assert_eq!(name.get(Lang::Uk), "Суми → Полтава");
/// assert_eq!(name.get(Lang::En), "Sumy → Poltava");
/// let untranslated = Text::new("Brahin", Some("  ".into()));
/// assert_eq!(untranslated.get(Lang::Uk), "Brahin");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Text {
    en: String,
    uk: Option<String>,
}

impl Text {
    /// English text and, if any, its Ukrainian (blank counts as none).
    #[must_use]
    pub fn new(en: impl Into<String>, uk: Option<String>) -> Self {
        Self {
            en: en.into(),
            uk: uk.filter(|uk| !uk.trim().is_empty()),
        }
    }

    /// English only.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn english(en: impl Into<String>) -> Self {
        Self::new(en, None)
    }

    /// The English text (may be empty when the dataset gives only the Ukrainian).
    #[must_use]
    pub fn en(&self) -> &str {
        &self.en
    }

    /// The Ukrainian text, if the dataset gives one.
    #[must_use]
    pub(crate) fn uk(&self) -> Option<&str> {
        self.uk.as_deref()
    }

    /// The text in `lang`, English where there is no Ukrainian.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.uk) {
            (Lang::Uk, Some(uk)) => uk,
            _ if self.en.is_empty() => self.uk.as_deref().unwrap_or_default(),
            _ => &self.en,
        }
    }
}

impl std::fmt::Display for Text {
    /// The English text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl serde::Serialize for Text {
    /// As its English string: command-line output names the Ukrainian twin in its own
    /// `…_uk` field where it gives one.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_given_only_in_ukrainian_is_shown_in_both_languages() {
        let only_uk = Text::new("", Some("Лише українською".into()));
        assert_eq!(only_uk.get(Lang::En), "Лише українською");
        assert_eq!(only_uk.get(Lang::Uk), "Лише українською");
    }
}

//! A reference a reader can paste into a report: who published the source, where to read it (and
//! an archived copy), the words that support the fact, and the version of the dataset it was cited
//! from, so that the citation can be checked after the page has moved or changed.

use super::{Dataset, Source};

/// The reference to `source` as cited from `dataset`.
///
/// ```
/// let data = koridor::Dataset::embedded().unwrap();
/// let corridor = data.corridor("kyiv-gomel").unwrap();
/// let text = koridor::citation(&corridor.sources[0], &data);
/// assert!(text.starts_with(&corridor.sources[0].publisher));
/// assert!(text.contains("Koridor dataset"));
/// ```
#[must_use]
pub fn citation(source: &Source, dataset: &Dataset) -> String {
    let mut parts = vec![source.publisher.clone()];
    if let Some(title) = &source.title {
        parts.push(format!("“{title}”"));
    }
    if let Some(date) = &source.date {
        parts.push(date.to_string());
    }
    let mut out = format!("{}.", parts.join(", "));
    if let Some(url) = &source.url {
        out.push_str(&format!(" {url}"));
    }
    if let Some(archive) = &source.archive_url {
        out.push_str(&format!(" (archived copy: {archive})"));
    }
    if let Some(day) = &source.retrieved {
        out.push_str(&format!(" Retrieved {day}."));
    }
    if let Some(excerpt) = &source.excerpt {
        out.push_str(&format!(" Excerpt: “{excerpt}”"));
        match (&source.excerpt_lang, &source.excerpt_en) {
            (Some(lang), Some(english)) if lang != "en" => {
                out.push_str(&format!(" [{lang}; Koridor's translation: “{english}”]"));
            }
            (Some(lang), _) if lang != "en" => out.push_str(&format!(" [{lang}]")),
            _ => {}
        }
        out.push('.');
    }
    let name = dataset
        .name
        .as_ref()
        .map_or("humanitarian corridors", crate::Text::en);
    let version = dataset.updated.map_or_else(String::new, |d| {
        format!(", version of {}", d.format("%Y-%m-%d"))
    });
    out.push_str(&format!(
        " Cited from the Koridor dataset “{name}”{version} ({}), Koridor {}.",
        dataset.origin,
        env!("CARGO_PKG_VERSION")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        Source {
            id: "s".into(),
            publisher: "Interfax-Ukraine".into(),
            title: Some("Only around 400 people evacuated from Volnovakha district".into()),
            date: chrono::NaiveDate::from_ymd_opt(2022, 3, 5),
            about: None,
            url: Some("https://en.interfax.com.ua/news/general/807791.html".into()),
            archive_url: Some(
                "https://web.archive.org/web/2022/https://en.interfax.com.ua/news/general/807791.html"
                    .into(),
            ),
            retrieved: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
            excerpt: Some("Близько 400 людей".into()),
            excerpt_lang: Some("uk".into()),
            excerpt_en: Some("About 400 people".into()),
        }
    }

    #[test]
    fn a_citation_carries_the_page_the_archive_the_words_and_the_dataset_version() {
        let mut data = Dataset::empty(crate::data::EMBEDDED_ORIGIN);
        data.name = Some(crate::Text::english("Humanitarian corridors, March 2022"));
        data.updated = chrono::NaiveDate::from_ymd_opt(2026, 11, 30);
        let text = citation(&source(), &data);
        assert_eq!(
            text,
            format!(
                "Interfax-Ukraine, “Only around 400 people evacuated from Volnovakha district”, \
                 2022-03-05. https://en.interfax.com.ua/news/general/807791.html (archived copy: \
                 https://web.archive.org/web/2022/https://en.interfax.com.ua/news/general/807791.html) \
                 Retrieved 2026-11-30. Excerpt: “Близько 400 людей” [uk; Koridor's translation: \
                 “About 400 people”]. Cited from the Koridor dataset “Humanitarian corridors, March \
                 2022”, version of 2026-11-30 (embedded corridors.geojson), Koridor {}.",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}

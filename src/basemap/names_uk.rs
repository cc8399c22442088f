//! Ukrainian names for the basemap's towns where GeoNames gives none, a Latin one, a Russian
//! form ("Ровно") or a name from before the 2016 renamings: `assets/basemap/names_uk.csv`,
//! a table compiled by hand whose rows the tests check against GeoNames' own names.

use super::layers::BasemapError;

/// The table's file name, for errors.
pub(crate) const FILE: &str = "names_uk.csv";

/// The embedded table.
pub(crate) const TABLE: &str = include_str!("../../assets/basemap/names_uk.csv");

/// How a row's name is known and checked (see the table's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis {
    /// A Ukrainian settlement's official name; romanises to GeoNames' English name.
    Official,
    /// A Ukrainian settlement's official name that GeoNames romanises otherwise (note says why).
    OfficialUnchecked,
    /// A foreign town in Ukrainian spelling; keeps the consonants of GeoNames' Russian name.
    Exonym,
    /// A foreign town in Ukrainian spelling, not checked mechanically (note says why).
    ExonymUnchecked,
}

/// One row: a GeoNames place and its Ukrainian name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UkName {
    /// The GeoNames id of the town.
    pub geonameid: u64,
    /// Its name in Ukrainian.
    pub name_uk: String,
    /// How the name is known and checked.
    pub basis: Basis,
    /// Why an unchecked row is not checked, or what changed.
    pub note: String,
    /// The row's line in the file, for errors.
    pub line: usize,
}

/// Letters of the Ukrainian alphabet, upper and lower case.
const UKRAINIAN_LETTERS: &str =
    "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя";

/// Whether `name` is written in the Ukrainian alphabet (with spaces, hyphens and apostrophes):
/// no Latin letter and no letter only Russian or Belarusian has (ы, э, ё, ъ, ў).
#[must_use]
pub(crate) fn is_ukrainian(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| UKRAINIAN_LETTERS.contains(c) || matches!(c, ' ' | '-' | '\'' | '’' | 'ʼ'))
}

/// Parses the table: `geonameid,name_uk,basis,note` after `#` comment lines and the header; the
/// note is the rest of the line and may hold commas. Every problem names the line and field.
///
/// # Errors
/// On the first row whose id is not a number, whose name is not Ukrainian, whose basis is
/// unknown, or which is unchecked without a note saying why.
pub(crate) fn parse(text: &str) -> Result<Vec<UkName>, BasemapError> {
    let error = |line: usize, message: String| BasemapError {
        layer: FILE,
        message: format!("line {line}: {message}"),
    };
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        if !header_seen {
            if raw.trim() != "geonameid,name_uk,basis,note" {
                return Err(error(line, format!("expected the header, found {raw:?}")));
            }
            header_seen = true;
            continue;
        }
        let mut fields = raw.splitn(4, ',');
        let mut field = |name: &str| {
            fields
                .next()
                .map(str::trim)
                .ok_or_else(|| error(line, format!("field `{name}` is missing")))
        };
        let id = field("geonameid")?;
        let geonameid = id
            .parse()
            .map_err(|_| error(line, format!("field `geonameid`: {id:?} is not a number")))?;
        let name_uk = field("name_uk")?.to_owned();
        if !is_ukrainian(&name_uk) {
            return Err(error(
                line,
                format!("field `name_uk`: {name_uk:?} is not written in the Ukrainian alphabet"),
            ));
        }
        let basis = match field("basis")? {
            "official" => Basis::Official,
            "official-unchecked" => Basis::OfficialUnchecked,
            "exonym" => Basis::Exonym,
            "exonym-unchecked" => Basis::ExonymUnchecked,
            other => return Err(error(line, format!("field `basis`: unknown {other:?}"))),
        };
        let note = field("note").unwrap_or_default().to_owned();
        if matches!(basis, Basis::OfficialUnchecked | Basis::ExonymUnchecked) && note.is_empty() {
            return Err(error(
                line,
                "field `note`: an unchecked row must say why".to_owned(),
            ));
        }
        rows.push(UkName {
            geonameid,
            name_uk,
            basis,
            note,
            line,
        });
    }
    if !header_seen {
        return Err(error(0, "the header line is missing".to_owned()));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::Basemap;

    /// GeoNames' English and Russian names of the embedded towns, by id.
    fn geonames() -> std::collections::HashMap<u64, (String, Option<String>, String)> {
        let layer: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/basemap/towns_geonames.geojson"))
                .expect("towns layer is JSON");
        layer["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| {
                let p = &f["properties"];
                (
                    p["geonameid"].as_u64().expect("id"),
                    (
                        p["name"].as_str().expect("name").to_owned(),
                        p["name_ru"].as_str().map(str::to_owned),
                        p["cc"].as_str().expect("cc").to_owned(),
                    ),
                )
            })
            .collect()
    }

    /// Romanises Ukrainian by the national system (2010): `ye`, `yi`, `y`, `yu`, `ya` at the
    /// start of a word and `ie`, `i`, `i`, `iu`, `ia` elsewhere, or by BGN/PCGN (`ye`, `yi`,
    /// `y`, `yu`, `ya` everywhere).
    fn romanise(name: &str, national: bool) -> String {
        let mut out = String::new();
        let mut start = true;
        let lower = name.to_lowercase();
        let mut chars = lower.chars().peekable();
        while let Some(c) = chars.next() {
            let initial = start || !national;
            let latin = match c {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "h",
                'ґ' => "g",
                'д' => "d",
                'е' => "e",
                'є' if initial => "ye",
                'є' => "ie",
                'ж' => "zh",
                'з' if national && chars.peek() == Some(&'г') => "zg",
                'з' => "z",
                'и' => "y",
                'ї' if initial => "yi",
                'й' if initial => "y",
                'і' | 'ї' | 'й' => "i",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "kh",
                'ц' => "ts",
                'ч' => "ch",
                'ш' => "sh",
                'щ' => "shch",
                'ю' if initial => "yu",
                'ю' => "iu",
                'я' if initial => "ya",
                'я' => "ia",
                ' ' => " ",
                '-' => "-",
                _ => "",
            };
            out.push_str(latin);
            start = matches!(c, ' ' | '-');
        }
        out
    }

    /// Lower case, without apostrophes and diacritics, so that "Novhorod-Sivers’kyy" and
    /// "Novhorod-Siverskyy" compare equal.
    fn plain(latin: &str) -> String {
        latin
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '`'))
            .collect()
    }

    /// The romanisations a GeoNames English name may carry: national or BGN/PCGN, with the
    /// adjective ending `-yi` written `-yy` or `-iy` as GeoNames often does.
    fn romanisations(name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for national in [true, false] {
            let r = romanise(name, national);
            out.push(r.replace("yi", "yy"));
            out.push(r.replace("yi", "iy"));
            out.push(r.replace("ii", "iy"));
            out.push(r);
        }
        out
    }

    /// The consonants of a Cyrillic name, doubled ones once, for comparing a Ukrainian exonym
    /// with the Russian name ("Брянськ" and "Брянск" both give "брнск").
    fn consonants(name: &str) -> String {
        let mut out = String::new();
        for c in name.to_lowercase().chars() {
            if "аеєиіїйоуюяыэёьъ'’ʼ -".contains(c) {
                continue;
            }
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn the_embedded_table_parses_and_every_row_names_a_town_of_the_basemap() {
        let rows = parse(TABLE).expect("names_uk.csv parses");
        assert!(rows.len() > 150, "{} rows", rows.len());
        let towns = geonames();
        for row in &rows {
            assert!(
                towns.contains_key(&row.geonameid),
                "line {}: {} is not a town of the basemap",
                row.line,
                row.geonameid
            );
        }
        let basemap = Basemap::embedded().expect("basemap");
        let rivne = basemap.towns.iter().find(|t| t.name == "Rivne");
        assert_eq!(rivne.and_then(|t| t.name_uk.as_deref()), Some("Рівне"));
    }

    #[test]
    fn official_names_romanise_to_the_english_name_geonames_gives() {
        let towns = geonames();
        let mut wrong = Vec::new();
        for row in parse(TABLE).expect("parses") {
            let (english, _, cc) = &towns[&row.geonameid];
            match row.basis {
                Basis::Official | Basis::OfficialUnchecked => {
                    assert_eq!(
                        cc, "UA",
                        "line {}: an official name outside Ukraine",
                        row.line
                    );
                }
                Basis::Exonym | Basis::ExonymUnchecked => {
                    assert_ne!(cc, "UA", "line {}: an exonym inside Ukraine", row.line);
                }
            }
            if row.basis == Basis::Official
                && !romanisations(&row.name_uk).contains(&plain(english))
            {
                wrong.push(format!("line {}: {} ≠ {english}", row.line, row.name_uk));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn exonyms_keep_the_consonants_of_the_russian_name_geonames_gives() {
        let towns = geonames();
        let mut wrong = Vec::new();
        for row in parse(TABLE).expect("parses") {
            if row.basis != Basis::Exonym {
                continue;
            }
            let russian = towns[&row.geonameid].1.clone().unwrap_or_default();
            if consonants(&row.name_uk) != consonants(&russian) {
                wrong.push(format!("line {}: {} ≠ {russian}", row.line, row.name_uk));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_checks_catch_a_russian_form_and_a_misspelt_exonym() {
        assert!(!romanisations("Ровно").contains(&plain("Rivne")));
        assert!(romanisations("Рівне").contains(&plain("Rivne")));
        assert!(romanisations("Новгород-Сіверський").contains(&plain("Novhorod-Sivers’kyy")));
        assert_ne!(consonants("Брянськ"), consonants("Брянцк"));
        assert_eq!(consonants("Новоросійськ"), consonants("Новороссийск"));
    }

    #[test]
    fn a_bad_row_is_an_error_naming_the_line_and_the_field() {
        let head = "# comment\ngeonameid,name_uk,basis,note\n";
        let cases = [
            ("x1,Київ,official,", "line 3: field `geonameid`"),
            ("703448,Kyiv,official,", "line 3: field `name_uk`"),
            ("515012,Орёл,exonym,", "line 3: field `name_uk`"),
            ("703448,Київ,guess,", "line 3: field `basis`"),
            ("703448,Київ,official-unchecked,", "line 3: field `note`"),
            ("703448", "line 3: field `name_uk` is missing"),
        ];
        for (row, expected) in cases {
            let error = parse(&format!("{head}{row}\n")).expect_err(row).to_string();
            assert!(error.contains(FILE), "{error}");
            assert!(error.contains(expected), "{row}: {error}");
        }
        assert!(parse("703448,Київ,official,\n").is_err());
    }

    #[test]
    fn every_town_in_ukraine_has_a_ukrainian_name_and_none_is_latin_or_russian() {
        let basemap = Basemap::embedded().expect("basemap");
        // Three Crimean settlements renamed by the Verkhovna Rada in 2016 whose present
        // Ukrainian names the table does not yet give with a source: left unnamed in the
        // Ukrainian map rather than named in Russian. Any other town in Ukraine fails here.
        let known = ["Krasnogvardeyskoye", "Oktyabr’skoye", "Sovetskiy"];
        let mut unnamed: Vec<&str> = basemap
            .towns
            .iter()
            .filter(|t| t.cc == "UA" && t.name_uk.is_none())
            .map(|t| t.name.as_str())
            .collect();
        unnamed.sort_unstable();
        assert_eq!(unnamed, known);
        let foreign: Vec<&str> = basemap
            .towns
            .iter()
            .filter_map(|t| t.name_uk.as_deref())
            .filter(|n| !is_ukrainian(n))
            .collect();
        assert!(foreign.is_empty(), "{foreign:?}");
    }
}

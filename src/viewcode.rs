//! View codes: a short text for exactly what a map shows — which dataset (a hash of its
//! content), the moment, the selected route, the map's centre and zoom, the filters and the
//! language — to print under a picture, paste into the window or open with `koridor open`.
//!
//! A code is bytes in Crockford's base32 (no I, L, O or U; read case-blind, with O as 0 and I
//! or L as 1), in groups of five after `KV`, with a checksum so that a mistyped code is refused
//! rather than opened somewhere else.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use crate::{Dataset, Lang, Status, Time};

/// The layout of this release's codes.
const VERSION: u8 = 1;

/// What a view code says.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewCode {
    /// The dataset's content hash ([`dataset_hash`], 24 bits).
    pub dataset: u32,
    /// The moment shown, to the minute, with its offset.
    pub at: Time,
    /// A hash of the selected route's id ([`route_hash`]); the id itself would make the code
    /// long.
    pub route: Option<u32>,
    /// Map centre: longitude and latitude in degrees (to 1e-4°).
    pub center: (f64, f64),
    /// Map zoom (to 0.1).
    pub zoom: f64,
    /// Interface language.
    pub lang: Lang,
    /// Statuses hidden by the filters, in the order statuses are listed in.
    pub hidden_statuses: Vec<Status>,
    /// Destination countries hidden by the filters (ISO 3166-1 alpha-2).
    pub hidden_countries: Vec<String>,
    /// The day chosen on the tally strip.
    pub day: Option<NaiveDate>,
}

/// Why a text is not a view code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewCodeError {
    /// Not `KV` followed by base32.
    #[error("not a view code: it starts with KV and has only the letters and digits of base32")]
    Form,
    /// The checksum does not match: a character is wrong or missing.
    #[error("this view code has a mistake in it (its check does not add up)")]
    Checksum,
    /// Made by a later Koridor.
    #[error("this view code is of layout {0}, made by a later Koridor")]
    Version(u8),
    /// Bytes missing or out of range.
    #[error("this view code is cut short or damaged")]
    Damaged,
}

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// FNV-1a, 64 bits.
fn fnv(bytes: impl IntoIterator<Item = u8>, mut hash: u64) -> u64 {
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// A hash of what a dataset says (24 bits): every route's id, line and dated statuses. The
/// same record read from a file with other spacing or key order has the same hash.
#[must_use]
pub fn dataset_hash(dataset: &Dataset) -> u32 {
    let mut h = FNV_START;
    for c in &dataset.corridors {
        h = fnv(c.id.bytes().chain([0]), h);
        for p in &c.line.0 {
            h = fnv(p.x.to_bits().to_le_bytes(), h);
            h = fnv(p.y.to_bits().to_le_bytes(), h);
        }
        for e in &c.events {
            h = fnv(e.time.timestamp().to_le_bytes(), h);
            h = fnv(format!("{:?}", e.status).bytes(), h);
        }
    }
    fold(h) & 0x00ff_ffff
}

/// A route id's hash, as a code carries it (24 bits).
#[must_use]
pub fn route_hash(id: &str) -> u32 {
    fold(fnv(id.bytes(), FNV_START)) & 0x00ff_ffff
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "folding 64 bits into 32 on purpose"
)]
fn fold(h: u64) -> u32 {
    ((h >> 32) ^ h) as u32
}

/// Codes count minutes from 2020-01-01 00:00 UTC (24 bits: to 2051).
fn epoch() -> DateTime<Utc> {
    DateTime::from_timestamp(1_577_836_800, 0).unwrap_or_default()
}

/// Days from 2000-01-01.
fn day_zero() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
}

impl ViewCode {
    /// The code's text: `KV` and groups of five base32 characters.
    ///
    /// ```
    /// use koridor::viewcode::ViewCode;
    /// let code = ViewCode {
    ///     dataset: 0x12_3456,
    ///     at: "2022-03-08T12:00:00+02:00".parse().unwrap(),
    ///     route: Some(koridor::viewcode::route_hash("kyiv-gomel")),
    ///     center: (30.5234, 50.4501),
    ///     zoom: 7.5,
    ///     lang: koridor::Lang::Uk,
    ///     hidden_statuses: vec![],
    ///     hidden_countries: vec!["RU".into()],
    ///     day: None,
    /// };
    /// let text = code.to_text();
    /// assert!(text.starts_with("KV") && text.len() <= 50, "{text}");
    /// assert_eq!(ViewCode::parse(&text.to_lowercase()).unwrap(), code);
    /// ```
    #[must_use]
    pub fn to_text(&self) -> String {
        let bytes = self.to_bytes();
        let mut chars = String::new();
        let mut bits: u32 = 0;
        let mut count = 0;
        for b in bytes {
            bits = (bits << 8) | u32::from(b);
            count += 8;
            while count >= 5 {
                count -= 5;
                chars.push(char::from(ALPHABET[((bits >> count) & 31) as usize]));
            }
        }
        if count > 0 {
            chars.push(char::from(ALPHABET[((bits << (5 - count)) & 31) as usize]));
        }
        let groups: Vec<&str> = chars
            .as_bytes()
            .chunks(5)
            .map(|g| std::str::from_utf8(g).unwrap_or_default())
            .collect();
        format!("KV-{}", groups.join("-"))
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![VERSION];
        out.extend(&self.dataset.to_be_bytes()[1..]);
        let minutes = (self.at.with_timezone(&Utc) - epoch())
            .num_minutes()
            .clamp(0, 0x00ff_ffff);
        out.extend(&u32::try_from(minutes).unwrap_or(0).to_be_bytes()[1..]);
        let quarter_hours = self.at.offset().local_minus_utc() / 900;
        out.push(i8::try_from(quarter_hours).unwrap_or(0).to_be_bytes()[0]);
        let fixed = |v: f64, offset: f64| -> [u8; 3] {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "clamped to 24 bits"
            )]
            let n = ((v + offset) * 1e4).round().clamp(0.0, 16_777_215.0) as u32;
            let b = n.to_be_bytes();
            [b[1], b[2], b[3]]
        };
        out.extend(fixed(self.center.0, 180.0));
        out.extend(fixed(self.center.1, 90.0));
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to a byte"
        )]
        out.push((self.zoom * 10.0).round().clamp(0.0, 255.0) as u8);
        let mut flags = 0u8;
        if self.lang == Lang::Uk {
            flags |= 1;
        }
        if self.route.is_some() {
            flags |= 2;
        }
        if self.day.is_some() {
            flags |= 4;
        }
        out.push(flags);
        let mut mask = 0u16;
        for (i, s) in Status::ALL.iter().enumerate() {
            if self.hidden_statuses.contains(s) {
                mask |= 1 << i;
            }
        }
        out.extend(mask.to_be_bytes());
        if let Some(route) = self.route {
            out.extend(&route.to_be_bytes()[1..]);
        }
        if let Some(day) = self.day {
            let days = (day - day_zero()).num_days().clamp(0, i64::from(u16::MAX));
            out.extend(u16::try_from(days).unwrap_or(0).to_be_bytes());
        }
        let countries: Vec<u16> = self
            .hidden_countries
            .iter()
            .filter_map(|c| country_number(c))
            .take(255)
            .collect();
        out.push(u8::try_from(countries.len()).unwrap_or(0));
        for c in countries {
            out.extend(c.to_be_bytes());
        }
        let check = fnv(out.iter().copied(), FNV_START).to_be_bytes()[7];
        out.push(check);
        out
    }

    /// Reads a code (case, spaces and dashes do not matter).
    ///
    /// # Errors
    /// [`ViewCodeError`] naming what is wrong.
    pub fn parse(text: &str) -> Result<Self, ViewCodeError> {
        let upper = text.trim().to_ascii_uppercase();
        let body = upper.strip_prefix("KV").ok_or(ViewCodeError::Form)?;
        let mut bytes = Vec::new();
        let (mut bits, mut count) = (0u32, 0);
        for c in body.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let value = ALPHABET
                .iter()
                .position(|&a| char::from(a) == c)
                .ok_or(ViewCodeError::Form)?;
            bits = (bits << 5) | u32::try_from(value).unwrap_or(0);
            count += 5;
            if count >= 8 {
                count -= 8;
                bytes.push(((bits >> count) & 0xff) as u8);
            }
        }
        let (&check, body) = bytes.split_last().ok_or(ViewCodeError::Form)?;
        if fnv(body.iter().copied(), FNV_START).to_be_bytes()[7] != check {
            return Err(ViewCodeError::Checksum);
        }
        Self::from_bytes(body)
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self, ViewCodeError> {
        let mut r = Reader(bytes);
        let version = r.u8()?;
        if version != VERSION {
            return Err(ViewCodeError::Version(version));
        }
        let three = |b: [u8; 3]| u32::from_be_bytes([0, b[0], b[1], b[2]]);
        let dataset = three(r.take::<3>()?);
        let minutes = three(r.take::<3>()?);
        let offset = i8::from_be_bytes([r.u8()?]);
        let zone = FixedOffset::east_opt(i32::from(offset) * 900).ok_or(ViewCodeError::Damaged)?;
        let utc = epoch() + chrono::Duration::minutes(i64::from(minutes));
        let at = zone.from_utc_datetime(&utc.naive_utc());
        // Whole ten-thousandths first, then one division: the degrees read back as written.
        let fixed = |b: [u8; 3], offset: i32| {
            let n = i32::try_from(u32::from_be_bytes([0, b[0], b[1], b[2]])).unwrap_or(0);
            f64::from(n - offset * 10_000) / 1e4
        };
        let center = (fixed(r.take::<3>()?, 180), fixed(r.take::<3>()?, 90));
        let zoom = f64::from(r.u8()?) / 10.0;
        let flags = r.u8()?;
        let mask = u16::from_be_bytes(r.take::<2>()?);
        let hidden_statuses = Status::ALL
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect();
        let route = if flags & 2 != 0 {
            let b = r.take::<3>()?;
            Some(u32::from_be_bytes([0, b[0], b[1], b[2]]))
        } else {
            None
        };
        let day = if flags & 4 != 0 {
            let days = u16::from_be_bytes(r.take::<2>()?);
            Some(day_zero() + chrono::Duration::days(i64::from(days)))
        } else {
            None
        };
        let count = r.u8()?;
        let mut hidden_countries = Vec::new();
        for _ in 0..count {
            let n = u16::from_be_bytes(r.take::<2>()?);
            hidden_countries.push(country_code(n).ok_or(ViewCodeError::Damaged)?);
        }
        Ok(Self {
            dataset,
            at,
            route,
            center,
            zoom,
            lang: if flags & 1 != 0 { Lang::Uk } else { Lang::En },
            hidden_statuses,
            hidden_countries,
            day,
        })
    }

    /// The index of the selected route in `dataset`, by its id's hash.
    #[must_use]
    pub fn route_in(&self, dataset: &Dataset) -> Option<usize> {
        let want = self.route?;
        dataset
            .corridors
            .iter()
            .position(|c| route_hash(&c.id) == want)
    }
}

/// Two capital letters as a number below 676.
fn country_number(code: &str) -> Option<u16> {
    let b = code.as_bytes();
    match b {
        [a @ b'A'..=b'Z', c @ b'A'..=b'Z'] => Some(u16::from(a - b'A') * 26 + u16::from(c - b'A')),
        _ => None,
    }
}

fn country_code(n: u16) -> Option<String> {
    (n < 676).then(|| {
        let (a, b) = (n / 26, n % 26);
        [a, b]
            .iter()
            .map(|&x| char::from(b'A' + u8::try_from(x).unwrap_or(0)))
            .collect()
    })
}

/// Reads a code's bytes in order.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], ViewCodeError> {
        let (head, rest) = self.0.split_at_checked(N).ok_or(ViewCodeError::Damaged)?;
        self.0 = rest;
        head.try_into().map_err(|_| ViewCodeError::Damaged)
    }

    fn u8(&mut self) -> Result<u8, ViewCodeError> {
        Ok(self.take::<1>()?[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ViewCode {
        ViewCode {
            dataset: 0x00ad_beef,
            at: "2022-03-07T10:00:00+03:00".parse().unwrap(),
            route: Some(route_hash("kharkiv-belgorod")),
            center: (-12.3456, -45.6789),
            zoom: 11.3,
            lang: Lang::En,
            hidden_statuses: vec![Status::Unreported, Status::Closed],
            hidden_countries: vec!["BY".into(), "RU".into()],
            day: NaiveDate::from_ymd_opt(2022, 3, 9),
        }
    }

    #[test]
    fn a_code_reads_back_as_what_it_says() {
        let code = sample();
        let text = code.to_text();
        assert_eq!(ViewCode::parse(&text).unwrap(), code);
        // Case, spaces and the letters people confuse do not matter.
        let sloppy = text.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(ViewCode::parse(&sloppy).unwrap(), code);
        let bare = ViewCode {
            route: None,
            day: None,
            hidden_statuses: vec![],
            hidden_countries: vec![],
            ..sample()
        };
        // 20 bytes: 32 characters of base32 in groups of five after "KV".
        assert_eq!(bare.to_text().len(), 41, "{}", bare.to_text());
        assert_eq!(ViewCode::parse(&bare.to_text()).unwrap(), bare);
    }

    #[test]
    fn a_mistyped_or_cut_code_is_refused_not_opened_elsewhere() {
        let text = sample().to_text();
        let mut typo: Vec<char> = text.chars().collect();
        let at = text.len() / 2;
        typo[at] = if typo[at] == 'A' { 'B' } else { 'A' };
        let typo: String = typo.into_iter().collect();
        assert!(ViewCode::parse(&typo).is_err(), "{typo}");
        assert!(ViewCode::parse(&text[..text.len() - 6]).is_err());
        assert_eq!(ViewCode::parse("hello"), Err(ViewCodeError::Form));
        assert_eq!(ViewCode::parse("KV-UUUU"), Err(ViewCodeError::Form));
    }

    #[test]
    fn the_dataset_hash_follows_the_content_not_the_file() {
        let data = Dataset::embedded().unwrap();
        let same = Dataset::from_slice(
            serde_json::to_string_pretty(
                &serde_json::from_str::<serde_json::Value>(crate::EMBEDDED_GEOJSON).unwrap(),
            )
            .unwrap()
            .as_bytes(),
            "reformatted",
        )
        .unwrap();
        assert_eq!(dataset_hash(&data), dataset_hash(&same));
        let mut changed = data.clone();
        changed.corridors.pop();
        assert_ne!(dataset_hash(&data), dataset_hash(&changed));
        let code = ViewCode {
            route: Some(route_hash("sumy-poltava")),
            ..sample()
        };
        assert_eq!(code.route_in(&data), data.index_of("sumy-poltava"));
    }
}

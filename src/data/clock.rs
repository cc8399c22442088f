//! Moscow and Kyiv time. Russia announced its windows in Moscow time (UTC+3 all year); Kyiv
//! keeps UTC+2 in winter and UTC+3 in summer (from the last Sunday of March, 01:00 UTC, to the
//! last Sunday of October, 01:00 UTC, as in the EU). In March 2022 the two clocks were an hour
//! apart until 27 March and the same after it, so "10:00" means different moments depending on
//! whose clock it was read on.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, TimeZone, Utc};

use super::Time;

/// Moscow's offset from UTC (no summer time since 2014).
const MOSCOW_SECONDS: i32 = 3 * 3600;

/// The two clocks of a moment, and which one it was given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoClocks {
    /// The moment on Moscow's clock.
    pub moscow: Time,
    /// The moment on Kyiv's clock.
    pub kyiv: Time,
    /// Which clock the dataset gave it in.
    pub given_in: Clock,
}

/// Whose clock a time was given on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Moscow time (the offset is Moscow's and not Kyiv's at that moment).
    Moscow,
    /// Kyiv time (the offset is Kyiv's and not Moscow's).
    Kyiv,
    /// Both clocks read the same (Kyiv summer time, from 27 March 2022).
    Same,
    /// Neither: another offset, e.g. UTC.
    Other,
}

/// The last Sunday of `month` in `year`, at 01:00 UTC.
fn last_sunday_0100(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let day = last - chrono::Days::new(u64::from(last.weekday().num_days_from_sunday()));
    Some(Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0)?))
}

/// Kyiv's offset from UTC at `moment`.
///
/// ```
/// use koridor::clock::kyiv_offset;
/// let t = chrono::DateTime::parse_from_rfc3339("2022-03-07T10:00:00+03:00").unwrap();
/// assert_eq!(kyiv_offset(t.to_utc()).local_minus_utc(), 2 * 3600);
/// let t = chrono::DateTime::parse_from_rfc3339("2022-03-28T10:00:00+03:00").unwrap();
/// assert_eq!(kyiv_offset(t.to_utc()).local_minus_utc(), 3 * 3600);
/// ```
#[must_use]
pub fn kyiv_offset(moment: DateTime<Utc>) -> FixedOffset {
    let year = moment.year();
    let summer = match (last_sunday_0100(year, 3), last_sunday_0100(year, 10)) {
        (Some(start), Some(end)) => moment >= start && moment < end,
        _ => false,
    };
    let hours = if summer { 3 } else { 2 };
    FixedOffset::east_opt(hours * 3600).unwrap_or(Utc.fix())
}

/// `t` on both clocks, and the clock its offset says it was given in.
///
/// ```
/// use koridor::clock::{Clock, two_clocks};
/// let t = chrono::DateTime::parse_from_rfc3339("2022-03-07T10:00:00+03:00").unwrap();
/// let both = two_clocks(t);
/// assert_eq!(both.given_in, Clock::Moscow);
/// assert_eq!(both.kyiv.format("%H:%M").to_string(), "09:00");
/// ```
#[must_use]
pub fn two_clocks(t: Time) -> TwoClocks {
    let utc = t.to_utc();
    let kyiv_offset = kyiv_offset(utc);
    let moscow_offset = FixedOffset::east_opt(MOSCOW_SECONDS).unwrap_or(Utc.fix());
    let given = t.offset().local_minus_utc();
    let given_in = match (
        given == MOSCOW_SECONDS,
        given == kyiv_offset.local_minus_utc(),
    ) {
        (true, true) => Clock::Same,
        (true, false) => Clock::Moscow,
        (false, true) => Clock::Kyiv,
        (false, false) => Clock::Other,
    };
    TwoClocks {
        moscow: utc.with_timezone(&moscow_offset),
        kyiv: utc.with_timezone(&kyiv_offset),
        given_in,
    }
}

/// Parses an RFC 3339 time with an offset (`--date`, saved states, the Date field).
///
/// # Errors
/// A message naming the expected form.
///
/// ```
/// assert!(koridor::parse_time("2022-03-08T12:00:00+02:00").is_ok());
/// let err = koridor::parse_time("8 March").unwrap_err();
/// assert!(err.starts_with("\"8 March\" is not an RFC 3339 time such as 2022-03-08T12:00:00+02:00"));
/// ```
pub fn parse_time(text: &str) -> Result<Time, String> {
    DateTime::parse_from_rfc3339(text).map_err(|err| {
        format!("\"{text}\" is not an RFC 3339 time such as 2022-03-08T12:00:00+02:00 ({err})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Time {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn summer_time_runs_from_the_last_sunday_of_march_to_the_last_sunday_of_october() {
        let day = |year, month| last_sunday_0100(year, month).unwrap().date_naive().day();
        // 2022: 27 March, 30 October; 2024: 31 March is itself a Sunday; 2023: 29 October.
        assert_eq!((day(2022, 3), day(2022, 10)), (27, 30));
        assert_eq!((day(2024, 3), day(2023, 10)), (31, 29));
        assert_eq!(
            last_sunday_0100(2022, 3).unwrap().to_rfc3339(),
            "2022-03-27T01:00:00+00:00"
        );
    }

    #[test]
    fn kyiv_changes_to_summer_time_on_27_march_2022_at_0100_utc() {
        let before = at("2022-03-27T00:59:59+00:00").to_utc();
        let after = at("2022-03-27T01:00:00+00:00").to_utc();
        assert_eq!(kyiv_offset(before).local_minus_utc(), 7200);
        assert_eq!(kyiv_offset(after).local_minus_utc(), 10800);
        let autumn = at("2022-10-30T01:00:00+00:00").to_utc();
        assert_eq!(kyiv_offset(autumn).local_minus_utc(), 7200);
    }

    #[test]
    fn the_offset_tells_whose_clock_a_time_was_given_on() {
        assert_eq!(
            two_clocks(at("2022-03-07T10:00:00+03:00")).given_in,
            Clock::Moscow
        );
        assert_eq!(
            two_clocks(at("2022-03-08T09:00:00+02:00")).given_in,
            Clock::Kyiv
        );
        assert_eq!(
            two_clocks(at("2022-03-29T09:00:00+03:00")).given_in,
            Clock::Same
        );
        assert_eq!(
            two_clocks(at("2022-03-08T07:00:00+00:00")).given_in,
            Clock::Other
        );
    }

    #[test]
    fn ten_oclock_moscow_time_on_7_march_was_nine_in_kyiv() {
        let both = two_clocks(at("2022-03-07T10:00:00+03:00"));
        assert_eq!(both.moscow.format("%H:%M").to_string(), "10:00");
        assert_eq!(both.kyiv.format("%H:%M").to_string(), "09:00");
    }
}

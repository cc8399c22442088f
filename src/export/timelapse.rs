//! A time-lapse: the export drawn at every step between two moments, with the date, the
//! statuses and who reported them burned in (the title block), and a caption per frame in
//! English and Ukrainian. Which moments to draw and what each caption says; the encoders are in
//! `animation`.

use chrono::Duration;

use super::ExportRequest;
use crate::{Dataset, Lang, Time};

/// Most frames one time-lapse may have (an hourly one over a year is 8,760).
pub const MAX_FRAMES: usize = 10_000;

/// What to animate: the export `still` (its `at` is ignored) from `from` to `to` by `step`.
#[derive(Debug, Clone, PartialEq)]
pub struct Timelapse {
    /// The export every frame is, but for its moment.
    pub still: ExportRequest,
    /// The first moment.
    pub from: Time,
    /// The last moment (drawn when a step lands on it).
    pub to: Time,
    /// Time between frames.
    pub step: Duration,
    /// Leave out a frame when no route's status and no reported event changed since the last
    /// frame kept.
    pub skip_unchanged: bool,
    /// How long each frame shows, in milliseconds.
    pub frame_ms: u32,
}

/// Why a time-lapse cannot be made as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelapseError {
    /// `--step` is not a number of days, hours or minutes.
    #[error("step \"{0}\" is not a number of days, hours or minutes, e.g. 1d, 6h or 30m")]
    Step(String),
    /// The end is before the start.
    #[error("the time-lapse ends ({to}) before it starts ({from})")]
    Backwards {
        /// `--from`.
        from: String,
        /// `--to`.
        to: String,
    },
    /// Too many frames.
    #[error("{0} frames is too many for one time-lapse (at most {MAX_FRAMES}): take a longer step")]
    TooMany(u64),
    /// A frame shows for no time, or for more than a minute.
    #[error("a frame of {0} ms: use 20 to 60,000 ms")]
    FrameTime(u32),
}

/// Parses a step: a whole number of days (`1d`), hours (`6h`) or minutes (`30m`), at least a
/// minute.
///
/// ```
/// use koridor::export::parse_step;
/// assert_eq!(parse_step("6h").unwrap(), chrono::Duration::hours(6));
/// assert!(parse_step("0h").is_err() && parse_step("1w").is_err());
/// ```
///
/// # Errors
/// [`TimelapseError::Step`] for anything else.
pub fn parse_step(text: &str) -> Result<Duration, TimelapseError> {
    let bad = || TimelapseError::Step(text.to_owned());
    let unit = text.chars().last().ok_or_else(bad)?;
    let n: i64 = text[..text.len() - unit.len_utf8()]
        .parse()
        .ok()
        .filter(|n| (1..=100_000).contains(n))
        .ok_or_else(bad)?;
    match unit {
        'd' => Ok(Duration::days(n)),
        'h' => Ok(Duration::hours(n)),
        'm' => Ok(Duration::minutes(n)),
        _ => Err(bad()),
    }
}

impl Timelapse {
    /// Checks the range, the step and the frame time, before anything is drawn.
    ///
    /// # Errors
    /// [`TimelapseError::Backwards`], [`TimelapseError::TooMany`] or
    /// [`TimelapseError::FrameTime`].
    pub fn check(&self) -> Result<(), TimelapseError> {
        if self.to < self.from {
            return Err(TimelapseError::Backwards {
                from: self.from.to_rfc3339(),
                to: self.to.to_rfc3339(),
            });
        }
        if !(20..=60_000).contains(&self.frame_ms) {
            return Err(TimelapseError::FrameTime(self.frame_ms));
        }
        let frames = self.steps();
        if frames > MAX_FRAMES as u64 {
            return Err(TimelapseError::TooMany(frames));
        }
        Ok(())
    }

    /// How many steps the range holds, both ends included (frames before any is skipped).
    #[must_use]
    pub fn steps(&self) -> u64 {
        let span = (self.to - self.from).num_minutes();
        let step = self.step.num_minutes().max(1);
        u64::try_from(span / step + 1).unwrap_or(0)
    }

    /// The moments to draw: `from`, then every step up to `to`; with `skip_unchanged`, only
    /// the first and those where something changed since the last one kept.
    #[must_use]
    pub fn moments(&self, dataset: &Dataset) -> Vec<Time> {
        let mut out = Vec::new();
        let mut last_key: Option<Vec<(Option<crate::Status>, usize)>> = None;
        let mut at = self.from;
        while at <= self.to && out.len() < MAX_FRAMES {
            let key = state_at(dataset, at);
            if !self.skip_unchanged || last_key.as_ref() != Some(&key) {
                out.push(at);
                last_key = Some(key);
            }
            at += self.step;
        }
        out
    }
}

/// What a frame shows that can change: each route's status and how many events it has had.
fn state_at(dataset: &Dataset, at: Time) -> Vec<(Option<crate::Status>, usize)> {
    dataset
        .corridors
        .iter()
        .map(|c| {
            (
                c.status_at(at),
                c.events.iter().filter(|e| e.time <= at).count(),
            )
        })
        .collect()
}

/// `ms` as an SRT time, `HH:MM:SS,mmm`.
fn srt_time(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// The captions of a time-lapse of `moments`, each shown `frame_ms`, as SubRip (SRT): one cue
/// per frame, in English then Ukrainian — the selected route's status with who reported it, or
/// the moment alone for a view.
#[must_use]
pub fn captions(dataset: &Dataset, timelapse: &Timelapse, moments: &[Time]) -> String {
    let mut out = String::new();
    let route = match &timelapse.still.framing {
        super::Framing::Route(id) => dataset.corridor(id),
        super::Framing::View { .. } => None,
    };
    let ms = u64::from(timelapse.frame_ms);
    for (i, at) in moments.iter().enumerate() {
        let i = i as u64;
        let line = |lang: Lang| match route {
            Some(c) => format!(
                "{}: {}",
                c.name.get(lang),
                crate::describe::status_sentence(c, *at, lang)
            ),
            None => crate::i18n::date(*at, "%-d %B %Y %H:%M", lang),
        };
        out.push_str(&format!(
            "{}\n{} --> {}\n{}\n{}\n\n",
            i + 1,
            srt_time(i * ms),
            srt_time((i + 1) * ms),
            line(Lang::En),
            line(Lang::Uk)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Framing;

    fn timelapse(from: &str, to: &str, step: &str, skip: bool) -> Timelapse {
        let data = Dataset::embedded().unwrap();
        Timelapse {
            still: ExportRequest {
                framing: Framing::Route("kyiv-gomel".into()),
                width: 640,
                height: 400,
                scale: 1,
                at: data.latest_event().unwrap(),
                lang: Lang::En,
                tiles: crate::net::TileChoice::Offline,
            },
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            step: parse_step(step).unwrap(),
            skip_unchanged: skip,
            frame_ms: 250,
        }
    }

    #[test]
    fn steps_parse_as_days_hours_or_minutes_and_nothing_else() {
        assert_eq!(parse_step("1d"), Ok(Duration::days(1)));
        assert_eq!(parse_step("30m"), Ok(Duration::minutes(30)));
        for bad in ["", "h", "0d", "-1h", "1.5h", "1w", "1дн", "999999999999d"] {
            assert!(parse_step(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_step_is_a_frame_and_skipping_keeps_only_changes() {
        let data = Dataset::embedded().unwrap();
        let all = timelapse(
            "2022-03-06T00:00:00+02:00",
            "2022-03-12T00:00:00+02:00",
            "1h",
            false,
        );
        let every = all.moments(&data);
        assert_eq!(every.len(), 6 * 24 + 1);
        assert_eq!(every[1] - every[0], Duration::hours(1));
        let changes = Timelapse {
            skip_unchanged: true,
            ..all
        }
        .moments(&data);
        assert!(
            changes.len() < every.len() && changes.len() > 1,
            "{}",
            changes.len()
        );
        assert_eq!(changes[0], every[0]);
        // Each kept frame differs from the one before in some route's status or events.
        for pair in changes.windows(2) {
            assert_ne!(state_at(&data, pair[0]), state_at(&data, pair[1]));
        }
    }

    #[test]
    fn a_backwards_range_too_many_frames_or_a_bad_frame_time_is_refused() {
        let t = timelapse(
            "2022-03-08T00:00:00+02:00",
            "2022-03-07T00:00:00+02:00",
            "1h",
            false,
        );
        assert!(matches!(t.check(), Err(TimelapseError::Backwards { .. })));
        let t = timelapse(
            "2022-03-01T00:00:00+02:00",
            "2023-03-01T00:00:00+02:00",
            "30m",
            false,
        );
        assert!(matches!(t.check(), Err(TimelapseError::TooMany(_))));
        let mut t = timelapse(
            "2022-03-07T00:00:00+02:00",
            "2022-03-08T00:00:00+02:00",
            "1h",
            false,
        );
        t.frame_ms = 5;
        assert_eq!(t.check(), Err(TimelapseError::FrameTime(5)));
    }

    #[test]
    fn captions_are_srt_in_english_then_ukrainian_with_who_said_so() {
        let data = Dataset::embedded().unwrap();
        let t = timelapse(
            "2022-03-07T06:00:00+02:00",
            "2022-03-08T06:00:00+02:00",
            "12h",
            false,
        );
        let moments = t.moments(&data);
        let srt = captions(&data, &t, &moments);
        let cues: Vec<&str> = srt.trim_end().split("\n\n").collect();
        assert_eq!(cues.len(), 3);
        let lines: Vec<&str> = cues[1].lines().collect();
        assert_eq!(lines[0], "2");
        assert_eq!(lines[1], "00:00:00,250 --> 00:00:00,500");
        assert!(
            lines[2].starts_with("Kyiv → Gomel: On 7 March 2022 18:00: rejected"),
            "{}",
            lines[2]
        );
        assert!(lines[2].contains("Reuters"), "{}", lines[2]);
        assert!(lines[3].starts_with("Київ → Гомель: "), "{}", lines[3]);
        assert_eq!(srt_time(3_723_004), "01:02:03,004");
    }
}

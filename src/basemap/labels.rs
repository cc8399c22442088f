//! Town labels placed once per zoom level for the whole basemap, greedily by importance, so
//! that neighbouring tiles agree on which labels are shown and none pile up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::layers::{Basemap, Town};
use crate::Lang;
use crate::projection::{UnitPoint, boxes_overlap, world_px};
use crate::typeface::{Face, measure};

/// A town dot and its label, in world px at one zoom.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// Centre of the dot.
    pub dot: [f64; 2],
    /// Dot radius in px.
    pub radius: f32,
    /// The text.
    pub text: String,
    /// Left end of the text, vertically centred.
    pub text_at: [f64; 2],
    /// Text size in px.
    pub size: f32,
    /// 0 national capital, 1 regional capital, 2 town.
    pub rank: u8,
    /// Box around dot and text: `[min_x, min_y, max_x, max_y]`.
    pub bbox: [f64; 4],
}

/// Smallest population labelled at `zoom` (regional capitals are labelled from zoom 6,
/// national capitals always).
#[must_use]
pub(crate) fn min_population(zoom: u8) -> u64 {
    match zoom {
        0..=4 => 1_000_000,
        5 => 500_000,
        6 => 250_000,
        7 => 100_000,
        8 => 50_000,
        9 => 25_000,
        _ => 0,
    }
}

fn shown(town: &Town, zoom: u8) -> bool {
    town.rank() == 0
        || (town.rank() == 1 && town.cc == "UA" && zoom >= 6)
        || town.pop >= min_population(zoom)
}

/// Towns closer than this (in unit coordinates, about 3 km at 50° N) to a suppressed point are
/// left to the overlay that names that point.
const SUPPRESS_RADIUS: f64 = 1.2e-4;

/// Places the labels of `basemap` at `zoom` in `lang`, most important first; a label that
/// would overlap one already placed is tried on the other side of its dot, then dropped.
/// Towns at `suppress` (unit coordinates: the corridors' ends, which the scene names itself)
/// get no basemap label, so names are not printed twice.
#[must_use]
pub(crate) fn place(
    basemap: &Basemap,
    zoom: u8,
    lang: Lang,
    suppress: &[UnitPoint],
) -> Vec<PlacedLabel> {
    let world = world_px(f64::from(zoom));
    let mut placed: Vec<PlacedLabel> = Vec::new();
    // A coarse grid of placed boxes keeps the overlap test near-constant per label.
    let cell = 128.0;
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let cells = |b: &[f64; 4]| {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "label boxes are within the world at zoom ≤ 20, far below i64::MAX cells"
        )]
        let (x0, y0, x1, y1) = (
            (b[0] / cell).floor() as i64,
            (b[1] / cell).floor() as i64,
            (b[2] / cell).floor() as i64,
            (b[3] / cell).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    };
    let suppressed = |t: &Town| {
        suppress
            .iter()
            .any(|p| (p.x - t.at.x).hypot(p.y - t.at.y) < SUPPRESS_RADIUS)
    };
    for town in basemap
        .towns
        .iter()
        .filter(|t| shown(t, zoom) && !suppressed(t))
    {
        // A town with no Ukrainian name is left unnamed in the Ukrainian map rather than
        // named in another alphabet or language.
        let Some(text) = (match lang {
            Lang::Uk => town.name_uk.as_deref(),
            Lang::En => Some(town.name.as_str()),
        }) else {
            continue;
        };
        let rank = town.rank();
        let size = match rank {
            0 => 13.0,
            1 => 12.0,
            _ => 11.0,
        };
        let radius = match rank {
            0 => 4.0,
            1 => 3.0,
            _ => 2.0,
        };
        let dot = [town.at.x * world, town.at.y * world];
        let width = f64::from(measure(text, size, Face::Regular));
        let half = f64::from(size) * 0.6;
        let gap = f64::from(radius) + 3.0;
        let candidates = [
            (
                [dot[0] + gap, dot[1]],
                [
                    dot[0] - f64::from(radius),
                    dot[1] - half,
                    dot[0] + gap + width,
                    dot[1] + half,
                ],
            ),
            (
                [dot[0] - gap - width, dot[1]],
                [
                    dot[0] - gap - width,
                    dot[1] - half,
                    dot[0] + f64::from(radius),
                    dot[1] + half,
                ],
            ),
        ];
        let free = |b: &[f64; 4], grid: &HashMap<(i64, i64), Vec<usize>>| {
            cells(b).all(|c| {
                grid.get(&c)
                    .is_none_or(|ids| ids.iter().all(|&i| !boxes_overlap(&placed[i].bbox, b)))
            })
        };
        if let Some((text_at, bbox)) = candidates.into_iter().find(|(_, b)| free(b, &grid)) {
            for c in cells(&bbox) {
                grid.entry(c).or_default().push(placed.len());
            }
            placed.push(PlacedLabel {
                dot,
                radius,
                text: text.to_owned(),
                text_at,
                size,
                rank,
                bbox,
            });
        }
    }
    placed
}

/// Placements by zoom and language.
type Placements = HashMap<(u8, Lang), Arc<Vec<PlacedLabel>>>;

/// Label placements computed on demand and kept for the life of the process.
#[derive(Debug, Default)]
pub struct LabelCache {
    placed: Mutex<Placements>,
    leave_out: Vec<UnitPoint>,
}

impl LabelCache {
    /// A cache whose placements leave out the towns at `leave_out` (the places another layer
    /// names itself, such as the scene's route ends and waypoints), so that no name is
    /// printed twice.
    #[must_use]
    pub fn leaving_out(leave_out: Vec<UnitPoint>) -> Self {
        Self {
            placed: Mutex::default(),
            leave_out,
        }
    }

    /// Whether a town at `at` is one another layer names itself (so a street basemap leaves it
    /// unnamed too).
    #[must_use]
    pub fn suppresses(&self, at: UnitPoint) -> bool {
        self.leave_out
            .iter()
            .any(|p| (p.x - at.x).hypot(p.y - at.y) < SUPPRESS_RADIUS)
    }

    /// The placement for `zoom` and `lang`, computing it the first time.
    pub fn get(&self, basemap: &Basemap, zoom: u8, lang: Lang) -> Arc<Vec<PlacedLabel>> {
        let mut map = self.placed.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            map.entry((zoom, lang))
                .or_insert_with(|| Arc::new(place(basemap, zoom, lang, &self.leave_out))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_placed_labels_overlap() {
        let basemap = Basemap::embedded().expect("basemap");
        for zoom in [4, 7, 10] {
            let labels = place(basemap, zoom, Lang::En, &[]);
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[i + 1..] {
                    assert!(
                        !boxes_overlap(&a.bbox, &b.bbox),
                        "{} overlaps {} at zoom {zoom}",
                        a.text,
                        b.text
                    );
                }
            }
        }
    }

    #[test]
    fn more_towns_are_labelled_as_the_map_zooms_in() {
        let basemap = Basemap::embedded().expect("basemap");
        let at = |z| place(basemap, z, Lang::En, &[]).len();
        assert!(
            at(4) < at(7) && at(7) < at(10),
            "{} {} {}",
            at(4),
            at(7),
            at(10)
        );
        assert!(
            place(basemap, 4, Lang::En, &[])
                .iter()
                .any(|l| l.text == "Kyiv")
        );
    }

    #[test]
    fn ukrainian_labels_use_ukrainian_names() {
        let basemap = Basemap::embedded().expect("basemap");
        assert!(
            place(basemap, 6, Lang::Uk, &[])
                .iter()
                .any(|l| l.text == "Київ")
        );
        for zoom in 4..=11 {
            let labels = place(basemap, zoom, Lang::Uk, &[]);
            let other: Vec<&str> = labels
                .iter()
                .map(|l| l.text.as_str())
                .filter(|t| !super::super::names_uk::is_ukrainian(t))
                .collect();
            assert!(other.is_empty(), "zoom {zoom}: {other:?}");
        }
        let texts = |zoom| place(basemap, zoom, Lang::Uk, &[]);
        assert!(texts(7).iter().any(|l| l.text == "Рівне"));
        assert!(texts(9).iter().any(|l| l.text == "Бахмут"));
    }

    #[test]
    fn suppressed_towns_get_no_basemap_label() {
        let basemap = Basemap::embedded().expect("basemap");
        let kyiv = crate::projection::LonLat::new(30.524, 50.455).to_unit();
        let labels = place(basemap, 6, Lang::En, &[kyiv]);
        assert!(!labels.iter().any(|l| l.text == "Kyiv"));
        assert!(labels.iter().any(|l| l.text == "Kharkiv"));
    }
}

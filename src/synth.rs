//! Synthetic datasets of any size with realistic shapes, for benchmarks and scale tests: routes
//! of 2–12 points wandering from a town in Ukraine towards a destination 30–700 km away, with
//! dated events, sources and criticism, in the dataset's own format (so they go through the real
//! loader).

use std::fmt::Write;

/// A small deterministic generator (`SplitMix64`), so the same seed gives the same dataset.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    #[expect(
        clippy::cast_precision_loss,
        reason = "synthetic indices are at most a few hundred thousand"
    )]
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const STATUSES: [&str; 6] = [
    "proposed",
    "agreed",
    "operating",
    "failed",
    "rejected",
    "closed",
];

/// A valid dataset of `n` corridors as GeoJSON text.
///
/// ```
/// let text = koridor::synth::synthetic_geojson(50, 7);
/// let data = koridor::Dataset::from_slice(text.as_bytes(), "synthetic").unwrap();
/// assert_eq!(data.corridors.len(), 50);
/// ```
#[must_use]
pub fn synthetic_geojson(n: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(n * 1400);
    out.push_str(
        "{\"type\":\"FeatureCollection\",\"name\":\"Synthetic corridors\",\"features\":[\n",
    );
    for i in 0..n {
        if i > 0 {
            out.push_str(",\n");
        }
        feature(&mut out, i, &mut rng);
    }
    out.push_str("\n]}\n");
    out
}

fn feature(out: &mut String, i: usize, rng: &mut Rng) {
    let (mut lon, mut lat) = (rng.range(23.5, 39.5), rng.range(46.0, 51.8));
    let heading = rng.range(0.0, std::f64::consts::TAU);
    let length_km = rng.range(30.0, 700.0);
    let points = 2 + rng.below(11);
    #[expect(
        clippy::cast_precision_loss,
        reason = "synthetic indices are at most a few hundred thousand"
    )]
    let step = length_km / (points - 1) as f64 / 111.0;
    let mut coords = vec![(lon, lat)];
    for _ in 1..points {
        let h = heading + rng.range(-0.5, 0.5);
        lon = (lon + step * h.cos() / lat.to_radians().cos()).clamp(-179.9, 179.9);
        lat = (lat + step * h.sin()).clamp(-89.9, 89.9);
        coords.push((lon, lat));
    }
    let country = match rng.below(10) {
        0 | 1 => "RU",
        2 => "BY",
        _ => "UA",
    };
    let line: Vec<String> = coords
        .iter()
        .map(|(x, y)| format!("[{x:.3},{y:.3}]"))
        .collect();
    let waypoints: Vec<String> = (1..coords.len() - 1)
        .map(|w| format!("{{\"name\":\"Waypoint {w}\"}}"))
        .collect();
    let day = 3 + rng.below(20);
    let mut events = Vec::new();
    let mut hour = 6 + rng.below(4);
    for e in 0..1 + rng.below(6) {
        let status = if e == 0 {
            "proposed"
        } else {
            STATUSES[usize::try_from(rng.below(6)).unwrap_or(0)]
        };
        events.push(format!(
            "{{\"time\":\"2022-03-{:02}T{:02}:00:00+02:00\",\"status\":\"{status}\",\"note\":\"Synthetic event {e}.\",\"sources\":[\"s1\"]}}",
            day + e / 3,
            hour
        ));
        hour = (hour + 5).min(23);
    }
    let _ = write!(
        out,
        "{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[{}]}},\"properties\":{{\
\"id\":\"synth-{i:05}\",\"name\":\"Synthetic {i}\",\"origin\":\"Origin {i}\",\"destination\":\"Destination {i}\",\
\"destination_country\":\"{country}\",\"waypoints\":[{}],\"proposer\":\"Synthetic\",\
\"announced\":\"2022-03-{day:02}T00:00:00+02:00\",\"announced_precision\":\"day\",\
\"ceasefire\":[{{\"start\":\"2022-03-{day:02}T09:00:00+02:00\",\"end\":\"2022-03-{day:02}T21:00:00+02:00\"}}],\
\"events\":[{}],\
\"criticism\":[{{\"who\":\"Someone\",\"quote\":\"A synthetic objection.\",\"date\":\"2022-03-{day:02}\",\"sources\":[\"s1\"]}}],\
\"sources\":[{{\"id\":\"s1\",\"publisher\":\"Synthetic Wire\",\"date\":\"2022-03-{day:02}\",\"url\":\"https://example.org/{i}\"}}]}}}}",
        line.join(","),
        waypoints.join(","),
        events.join(",")
    );
}

//! From GeoJSON text to validated corridors, reporting every problem at once.

use std::collections::HashMap;

use super::json_tree::{FeaturesMember, Map, Root, Value};
use geo::{Coord, LineString};
use serde_json::value::RawValue;

use super::fields::{Fields, kind};
use super::{
    Confidence, Corridor, Criticism, Evacuees, Event, Figure, GeodesicKm, Location, Precision,
    Problem, Source, Text, Waypoint, Window,
};

/// The top-level result of parsing: the corridors and the collection's own members.
pub(crate) struct Parsed {
    pub name: Option<Text>,
    pub updated: Option<chrono::NaiveDate>,
    pub corridors: Vec<Corridor>,
    pub refugee_figures: Vec<super::RefugeeFigures>,
    pub claims: Vec<super::Claim>,
    pub tallies: Vec<super::Tally>,
}

fn file_problem(message: impl Into<String>) -> Problem {
    Problem {
        location: Location::File,
        message: message.into(),
    }
}

/// Parses and validates a dataset. Returns every problem found, in file order: keys given twice
/// outside the features, the collection's members, then each feature's (its keys given twice,
/// a duplicate id, its fields), then the collection's lists. The features are read and checked
/// on all cores, each from its own text, so no tree of the whole file is ever held.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, Vec<Problem>> {
    let bytes = utf8_text(bytes).map_err(|message| vec![file_problem(message)])?;
    let (root, duplicate_keys) = super::json_tree::read_collection(bytes).map_err(|err| {
        vec![Problem {
            location: Location::Text {
                line: err.line(),
                column: err.column(),
            },
            message: format!("malformed JSON: {}", strip_position(&err.to_string())),
        }]
    })?;
    let (root, features) = match root {
        Root::Object { members, features } => (members, features),
        Root::Other(value) => {
            return Err(vec![file_problem(format!(
                "expected a GeoJSON FeatureCollection object, found {}",
                kind(&value)
            ))]);
        }
    };
    let mut problems = duplicate_keys;
    if root.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        problems.push(file_problem(
            "`type` must be \"FeatureCollection\" (one LineString feature per corridor)",
        ));
    }
    let name = title(&root, &mut problems);
    let updated = updated(&root, &mut problems);
    let items = features_member(&features, &mut problems);
    let corridors = corridors(items, &mut problems);
    let refugee_figures = super::collection::refugee_figures(&root, &mut problems);
    let claims = super::collection::claims(&root, &mut problems);
    let tallies = super::tally::tallies(&root, &mut problems);
    if items.is_empty() && problems.is_empty() {
        problems.push(file_problem("the collection has no features"));
    }
    if problems.is_empty() {
        Ok(Parsed {
            name,
            updated,
            corridors,
            refugee_figures,
            claims,
            tallies,
        })
    } else {
        Err(problems)
    }
}

/// The collection's `name` and `name_uk`.
fn title(root: &Map<'_>, problems: &mut Vec<Problem>) -> Option<Text> {
    let mut member = |key: &str| {
        let text = root.get(key).and_then(Value::as_str)?;
        if let Some(message) = super::fields::too_long(key, text) {
            problems.push(Problem {
                location: Location::Member { field: key.into() },
                message,
            });
            return None;
        }
        Some(text.to_owned())
    };
    let en = member("name");
    match (en, member("name_uk")) {
        (None, None) => None,
        (en, uk) => Some(Text::new(en.unwrap_or_default(), uk)),
    }
}

/// The collection's `updated` day.
fn updated(root: &Map<'_>, problems: &mut Vec<Problem>) -> Option<chrono::NaiveDate> {
    let value = root.get("updated").filter(|v| !v.is_null())?;
    let day = value
        .as_str()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    if day.is_none() {
        problems.push(Problem {
            location: Location::Member {
                field: "updated".into(),
            },
            message: "expected the day of the dataset's last change, YYYY-MM-DD".into(),
        });
    }
    day
}

/// The texts of the collection's features; a problem when `features` is missing or not an
/// array.
fn features_member<'v>(
    features: &'v FeaturesMember<'v>,
    problems: &mut Vec<Problem>,
) -> &'v [&'v RawValue] {
    match features {
        FeaturesMember::Array(items) => items,
        FeaturesMember::Other(other) => {
            problems.push(file_problem(format!(
                "`features` must be an array, found {}",
                kind(other)
            )));
            &[]
        }
        FeaturesMember::Missing => {
            problems.push(file_problem("`features` is missing"));
            &[]
        }
    }
}

/// One feature read and checked on its own.
struct Checked {
    /// Its id, if it has a usable one.
    id: Option<String>,
    /// A problem for each key it gives twice.
    keys_twice: Vec<Problem>,
    /// Its fields' problems.
    found: Vec<Problem>,
    corridor: Option<Corridor>,
}

/// Every feature as a corridor, each read from its own text and checked on its own, in
/// parallel for large files; then duplicate ids, in file order. Problems go into `problems` in
/// file order: a feature's keys given twice, its duplicate id, its fields.
fn corridors(items: &[&RawValue], problems: &mut Vec<Problem>) -> Vec<Corridor> {
    let check = |index: usize| {
        let (value, keys_twice) = super::json_tree::read_feature(items[index], index);
        let id = value
            .pointer("/properties/id")
            .and_then(Value::as_str)
            .filter(|id| !id.trim().is_empty() && super::fields::too_long("id", id).is_none())
            .map(str::to_owned);
        let mut found = Vec::new();
        let mut fields = Fields {
            index: Some(index),
            id: id.clone(),
            problems: &mut found,
        };
        let corridor = feature_to_corridor(&value, &mut fields);
        Checked {
            id,
            keys_twice,
            found,
            corridor,
        }
    };
    // Many features, or few large ones (the embedded record: 66 features in 3 MB).
    let sizes: Vec<usize> = items.iter().map(|item| item.get().len()).collect();
    let bytes: usize = sizes.iter().sum();
    let parallel = items.len() >= 512 || (items.len() >= 2 && bytes >= PARALLEL_BYTES);
    let checked = in_parallel(&sizes, parallel, &check);
    let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(checked.len());
    let duplicate_of: Vec<Option<usize>> = checked
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let id = c.id.as_deref()?;
            match first_of.get(id) {
                Some(first) => Some(*first),
                None => {
                    first_of.insert(id, index);
                    None
                }
            }
        })
        .collect();
    let mut corridors = Vec::with_capacity(checked.len());
    for (index, (mut c, duplicate)) in checked.into_iter().zip(duplicate_of).enumerate() {
        problems.append(&mut c.keys_twice);
        if let Some(first) = duplicate {
            Fields {
                index: Some(index),
                id: c.id,
                problems: &mut *problems,
            }
            .problem(
                "properties.id",
                format!("duplicate id (also feature {first})"),
            );
        }
        problems.append(&mut c.found);
        corridors.extend(c.corridor);
    }
    corridors
}

/// Features' text from which reading them on several cores pays for the threads.
const PARALLEL_BYTES: usize = 256 * 1024;

/// `f(0) … f(n - 1)` in order, spread over the machine's cores when `parallel`. Each thread,
/// this one among them, takes the next item no other has taken, the largest first by `sizes`:
/// features differ in size by a hundred times, and cut into even runs one core was left
/// reading alone for a third of the time.
fn in_parallel<T: Send>(
    sizes: &[usize],
    parallel: bool,
    f: &(dyn Fn(usize) -> T + Sync),
) -> Vec<T> {
    let n = sizes.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8)
        .min(n);
    if !parallel || threads < 2 {
        return (0..n).map(f).collect();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes.get(i).copied().unwrap_or(0)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            done.push((i, f(i)));
        }
        done
    };
    let parts = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut parts = vec![work()];
        for handle in handles {
            match handle.join() {
                Ok(part) => parts.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        parts
    });
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(n).collect();
    for (i, item) in parts.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(item);
        }
    }
    slots.into_iter().flatten().collect()
}

/// The text of a dataset file as UTF-8: a UTF-8 byte order mark is passed over; UTF-16 and
/// UTF-32 (with or without a mark) are named, so the message says how to fix the file.
fn utf8_text(bytes: &[u8]) -> Result<&[u8], String> {
    const SAVE: &str = "Koridor reads UTF-8: save the file as UTF-8";
    let encoding = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => return Ok(rest),
        [0, 0, 0xFE, 0xFF, ..] | [0, 0, 0, _, ..] => "UTF-32 (big-endian)",
        [0xFF, 0xFE, 0, 0, ..] | [_, 0, 0, 0, ..] => "UTF-32 (little-endian)",
        [0xFE, 0xFF, ..] | [0, _, ..] => "UTF-16 (big-endian)",
        [0xFF, 0xFE, ..] | [_, 0, ..] => "UTF-16 (little-endian)",
        _ => return Ok(bytes),
    };
    Err(format!("the file is {encoding}; {SAVE}"))
}

/// `serde_json` appends " at line L column C"; the location is reported separately.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

fn feature_to_corridor(feature: &Value<'_>, f: &mut Fields<'_>) -> Option<Corridor> {
    let Value::Object(feature) = feature else {
        f.problem(
            "",
            format!("expected a Feature object, found {}", kind(feature)),
        );
        return None;
    };
    let before = f.problems.len();
    if feature.get("type").and_then(Value::as_str) != Some("Feature") {
        f.problem("type", "must be \"Feature\"");
    }
    let line = geometry(feature.get("geometry"), f);
    let props = match feature.get("properties") {
        Some(Value::Object(props)) => props,
        other => {
            f.problem(
                "properties",
                format!(
                    "expected an object, found {}",
                    other.map_or("nothing", kind)
                ),
            );
            return None;
        }
    };
    let p = "properties";
    let id = route_id(f, props);
    let name = f.text(props, p, "name", true);
    let origin = f.text(props, p, "origin", true);
    let destination = f.text(props, p, "destination", true);
    let destination_country = country_code(f, props);
    let proposer = f.text(props, p, "proposer", true);
    let announced = f.time(props, p, "announced", true);
    let announced_precision = precision(f, props, p, "announced_precision");
    let waypoints = waypoints(f, props);
    if let Some(line) = &line
        && props.get("waypoints").is_some()
    {
        check_waypoint_count(f, waypoints.len(), line.0.len());
    }
    let sources = sources(f, props);
    let events = events(f, props, &sources);
    let geometry_basis = f
        .parsed(props, p, "geometry_basis", false)
        .unwrap_or_default();
    let kind = f.parsed(props, p, "kind", false).unwrap_or_default();
    let route_note = f.text(props, p, "route_note", false);
    let announcement = f.text(props, p, "announcement", false);
    let ceasefire = windows(f, props);
    let evacuees = evacuees(f, props, &sources);
    let criticism = criticism(f, props, &sources);
    if f.problems.len() != before {
        return None;
    }
    let line = line?;
    Some(Corridor {
        id: id?,
        name: name?,
        origin: origin?,
        destination: destination?,
        destination_country: destination_country?,
        waypoints,
        length_km: line.geodesic_km(),
        line,
        geometry_basis,
        kind,
        route_note,
        proposer: proposer?,
        announced: announced?,
        announced_precision,
        announcement,
        ceasefire,
        events,
        evacuees,
        criticism,
        sources,
    })
}

/// The feature's `id`: lowercase letters, digits and '-' only.
fn route_id(f: &mut Fields<'_>, props: &Map<'_>) -> Option<String> {
    let id = f.string(props, "properties", "id", true)?;
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        f.problem(
            "properties.id",
            format!("\"{id}\" must use only lowercase letters, digits and '-'"),
        );
    }
    Some(id)
}

/// The feature's `destination_country`: two capital letters.
fn country_code(f: &mut Fields<'_>, props: &Map<'_>) -> Option<String> {
    let cc = f.string(props, "properties", "destination_country", true)?;
    if !(cc.len() == 2 && cc.chars().all(|c| c.is_ascii_uppercase())) {
        f.problem(
            "properties.destination_country",
            format!("\"{cc}\" is not an ISO 3166-1 alpha-2 code such as UA, RU or BY"),
        );
    }
    Some(cc)
}

/// A line must be origin, one point per waypoint, destination.
fn check_waypoint_count(f: &mut Fields<'_>, waypoints: usize, points: usize) {
    if waypoints + 2 != points {
        f.problem(
            "properties.waypoints",
            format!(
                "{waypoints} waypoints, but the line has {points} points (it must be origin, the waypoints, destination)"
            ),
        );
    }
}

fn geometry(geometry: Option<&Value<'_>>, f: &mut Fields<'_>) -> Option<LineString<f64>> {
    let Some(Value::Object(geometry)) = geometry else {
        f.problem(
            "geometry",
            format!(
                "expected a LineString geometry, found {}",
                geometry.map_or("nothing", kind)
            ),
        );
        return None;
    };
    let gtype = geometry
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("none");
    if gtype != "LineString" {
        f.problem(
            "geometry.type",
            format!(
                "wrong geometry type: expected LineString, found {}",
                super::fields::shorten(gtype)
            ),
        );
        return None;
    }
    let Some(Value::Array(points)) = geometry.get("coordinates") else {
        f.problem("geometry.coordinates", "missing or not an array");
        return None;
    };
    if points.len() > super::fields::MAX_POINTS {
        f.problem(
            "geometry.coordinates",
            format!(
                "{} points; a route may have at most {} (simplify the line, e.g. with QGIS's \
                 Simplify tool)",
                points.len(),
                super::fields::MAX_POINTS
            ),
        );
        return None;
    }
    if points.len() < 2 {
        f.problem(
            "geometry.coordinates",
            format!("a route needs at least two points, found {}", points.len()),
        );
        return None;
    }
    let mut coords = Vec::with_capacity(points.len());
    let mut ok = true;
    for (i, point) in points.iter().enumerate() {
        let field = format!("geometry.coordinates[{i}]");
        let pair = point
            .as_array()
            .filter(|pair| pair.len() >= 2)
            .and_then(|pair| Some((pair[0].as_f64()?, pair[1].as_f64()?)));
        let Some((lon, lat)) = pair else {
            f.problem(field, "expected a position [longitude, latitude]");
            ok = false;
            continue;
        };
        if !(-180.0..=180.0).contains(&lon) {
            f.problem(
                field.clone(),
                format!("longitude {lon} is out of range (-180 to 180)"),
            );
            ok = false;
        }
        if !(-90.0..=90.0).contains(&lat) {
            f.problem(field, format!("latitude {lat} is out of range (-90 to 90)"));
            ok = false;
        }
        coords.push(Coord { x: lon, y: lat });
    }
    ok.then(|| LineString::new(coords))
}

fn precision(f: &mut Fields<'_>, obj: &Map<'_>, prefix: &str, key: &str) -> Precision {
    match f.string(obj, prefix, key, false).as_deref() {
        None | Some("minute") => Precision::Minute,
        Some("hour") => Precision::Hour,
        Some("day") => Precision::Day,
        Some(other) => {
            f.problem(
                super::fields::path(prefix, key),
                format!("unknown precision \"{other}\" (expected minute, hour or day)"),
            );
            Precision::Minute
        }
    }
}

fn confidence(f: &mut Fields<'_>, obj: &Map<'_>, prefix: &str) -> Confidence {
    f.parsed(obj, prefix, "confidence", false)
        .unwrap_or_default()
}

fn waypoints(f: &mut Fields<'_>, props: &Map<'_>) -> Vec<Waypoint> {
    f.objects(props, "properties", "waypoints", false)
        .into_iter()
        .filter_map(|(p, w)| {
            Some(Waypoint {
                name: f.text(w, &p, "name", true)?,
                confidence: confidence(f, w, &p),
                note: f.text(w, &p, "note", false),
                routing: f.flag(w, &p, "routing"),
            })
        })
        .collect()
}

fn windows(f: &mut Fields<'_>, props: &Map<'_>) -> Vec<Window> {
    f.objects(props, "properties", "ceasefire", false)
        .into_iter()
        .filter_map(|(p, w)| {
            let start = f.time(w, &p, "start", true)?;
            let end = f.time(w, &p, "end", false);
            if let Some(end) = end
                && end < start
            {
                f.problem(format!("{p}.end"), "ends before it starts");
            }
            Some(Window {
                start,
                end,
                note: f.text(w, &p, "note", false),
            })
        })
        .collect()
}

fn check_refs(f: &mut Fields<'_>, field: &str, refs: &[String], sources: &[Source]) {
    for (i, id) in refs.iter().enumerate() {
        if !sources.iter().any(|s| &s.id == id) {
            f.problem(
                format!("{field}.sources[{i}]"),
                format!("unknown source id \"{id}\" (not in properties.sources)"),
            );
        }
    }
}

fn events(f: &mut Fields<'_>, props: &Map<'_>, sources: &[Source]) -> Vec<Event> {
    let items = f.objects(props, "properties", "events", true);
    if items.is_empty() && props.get("events").is_some_and(Value::is_array) {
        f.problem(
            "properties.events",
            "a corridor needs at least one dated event",
        );
    }
    let mut events: Vec<Event> = Vec::with_capacity(items.len());
    for (p, e) in items {
        let time = f.time(e, &p, "time", true);
        let status = f.parsed(e, &p, "status", false);
        let note = f.text(e, &p, "note", true);
        let claimed_by = f.text(e, &p, "claimed_by", false);
        let refs = f.strings(e, &p, "sources");
        check_refs(f, &p, &refs, sources);
        let (Some(time), Some(note)) = (time, note) else {
            continue;
        };
        if let Some(previous) = events.last()
            && time < previous.time
        {
            f.problem(
                format!("{p}.time"),
                format!(
                    "events out of order: {} is before the previous event ({})",
                    time.to_rfc3339(),
                    previous.time.to_rfc3339()
                ),
            );
        }
        if events.is_empty() && status.is_none() {
            f.problem(format!("{p}.status"), "the first event must set a status");
        }
        events.push(Event {
            time,
            precision: precision(f, e, &p, "precision"),
            status,
            note,
            sources: refs,
            confidence: confidence(f, e, &p),
            claimed_by,
        });
    }
    events
}

fn evacuees(f: &mut Fields<'_>, props: &Map<'_>, sources: &[Source]) -> Vec<Evacuees> {
    f.objects(props, "properties", "evacuees", false)
        .into_iter()
        .filter_map(|(p, e)| {
            let refs = f.strings(e, &p, "sources");
            check_refs(f, &p, &refs, sources);
            Some(Evacuees {
                date: f.day(e, &p, "date", true)?,
                figure: Figure {
                    count: f.count(e, &p, "count")?,
                    qualifier: f.parsed(e, &p, "qualifier", false).unwrap_or_default(),
                },
                claimed_by: f.text(e, &p, "claimed_by", true)?,
                note: f.text(e, &p, "note", false),
                sources: refs,
                confidence: confidence(f, e, &p),
            })
        })
        .collect()
}

fn criticism(f: &mut Fields<'_>, props: &Map<'_>, sources: &[Source]) -> Vec<Criticism> {
    f.objects(props, "properties", "criticism", false)
        .into_iter()
        .filter_map(|(p, c)| {
            let refs = f.strings(c, &p, "sources");
            check_refs(f, &p, &refs, sources);
            Some(Criticism {
                who: f.text(c, &p, "who", true)?,
                role: f.text(c, &p, "role", false),
                country: f.string(c, &p, "country", false),
                quote: f.text(c, &p, "quote", true)?,
                date: f.day(c, &p, "date", true)?,
                sources: refs,
                confidence: confidence(f, c, &p),
                note: f.text(c, &p, "note", false),
            })
        })
        .collect()
}

fn sources(f: &mut Fields<'_>, props: &Map<'_>) -> Vec<Source> {
    sources_at(f, props, "properties")
}

/// The `sources` list of `obj` (at `prefix`): full source objects with their evidence.
pub(crate) fn sources_at(f: &mut Fields<'_>, obj: &Map<'_>, prefix: &str) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for (p, s) in f.objects(obj, prefix, "sources", false) {
        let id = f.string(s, &p, "id", true);
        if let Some(id) = &id
            && out.iter().any(|other| &other.id == id)
        {
            f.problem(format!("{p}.id"), format!("duplicate source id \"{id}\""));
        }
        let publisher = f.string(s, &p, "publisher", true);
        let source = Source {
            title: f.string(s, &p, "title", false),
            date: f.day(s, &p, "date", false),
            about: f.string(s, &p, "about", false),
            url: f.link(s, &p, "url"),
            archive_url: f.link(s, &p, "archive_url"),
            retrieved: f.day(s, &p, "retrieved", false),
            excerpt: f.string(s, &p, "excerpt", false),
            excerpt_lang: f.language(s, &p, "excerpt_lang"),
            excerpt_en: f.string(s, &p, "excerpt_en", false),
            id: id.unwrap_or_default(),
            publisher: publisher.unwrap_or_default(),
        };
        out.push(source);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_spread_over_the_cores_comes_back_in_order() {
        // Sizes out of order, so the largest-first order differs from the items' own.
        let sizes: Vec<usize> = (0..300).map(|i| (i * 7919) % 1000).collect();
        let seen = std::sync::Mutex::new(Vec::new());
        let out = in_parallel(&sizes, true, &|i| {
            if let Ok(mut seen) = seen.lock() {
                seen.push(i);
            }
            i * 2
        });
        assert_eq!(out, (0..300).map(|i| i * 2).collect::<Vec<_>>());
        let mut seen = seen.into_inner().unwrap();
        seen.sort_unstable();
        assert_eq!(seen, (0..300).collect::<Vec<_>>(), "each item once");
        assert_eq!(in_parallel(&[], true, &|i| i), Vec::<usize>::new());
        assert_eq!(in_parallel(&[5], true, &|i| i + 1), [1]);
    }
}

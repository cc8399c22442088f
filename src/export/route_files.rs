//! A route as GIS and navigation files carry it: GeoJSON, KML (Google Earth, QGIS) and GPX
//! (OsmAnd, Organic Maps), each with the route's status at a moment and its sources.

use std::fmt::Write as _;

use crate::canvas::escape;
use crate::i18n::status_word;
use crate::{Corridor, Lang, Time};

/// The route's sources, one line each: "Reuters, 7 March 2022: title — https://…".
fn source_lines(c: &Corridor) -> Vec<String> {
    c.sources
        .iter()
        .map(|s| {
            let mut line = s.publisher.clone();
            if let Some(date) = s.date {
                let _ = write!(line, ", {}", date.format("%-d %B %Y"));
            }
            if let Some(title) = &s.title {
                let _ = write!(line, ": {title}");
            }
            if let Some(url) = &s.url {
                let _ = write!(line, " — {url}");
            }
            if let Some(archive) = &s.archive_url {
                let _ = write!(line, " (archived: {archive})");
            }
            line
        })
        .collect()
}

/// What the files say of the route: name, status at `at` with who reported it, and length.
fn summary(c: &Corridor, at: Time) -> String {
    format!(
        "{} → {}, {} km. {}",
        c.origin.en(),
        c.destination.en(),
        format_args!("{:.0}", c.length_km),
        crate::describe::status_sentence(c, at, Lang::En)
    )
}

/// The route as a GeoJSON FeatureCollection of one LineString feature.
#[must_use]
pub fn route_geojson(c: &Corridor, at: Time) -> String {
    let coordinates: Vec<[f64; 2]> = c.line.0.iter().map(|p| [p.x, p.y]).collect();
    let sources: Vec<serde_json::Value> = c
        .sources
        .iter()
        .map(|s| {
            serde_json::json!({
                "publisher": s.publisher,
                "title": s.title,
                "date": s.date.map(|d| d.to_string()),
                "url": s.url,
                "archive_url": s.archive_url,
            })
        })
        .collect();
    let feature = serde_json::json!({
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": coordinates},
            "properties": {
                "id": c.id,
                "name": c.name.en(),
                "name_uk": c.name.get(Lang::Uk),
                "origin": c.origin.en(),
                "destination": c.destination.en(),
                "destination_country": c.destination_country,
                "status": status_word(c.status_at(at), Lang::En),
                "status_at": at.to_rfc3339(),
                "status_sentence": crate::describe::status_sentence(c, at, Lang::En),
                "length_km": (c.length_km * 10.0).round() / 10.0,
                "sources": sources,
            }
        }]
    });
    serde_json::to_string_pretty(&feature).unwrap_or_default()
}

/// The route as KML 2.2: the line and its two ends as placemarks, the status and sources in
/// the description.
#[must_use]
pub fn route_kml(c: &Corridor, at: Time) -> String {
    let coordinates: Vec<String> = c
        .line
        .0
        .iter()
        .map(|p| format!("{:.6},{:.6},0", p.x, p.y))
        .collect();
    let mut description = escape(&summary(c, at));
    for line in source_lines(c) {
        let _ = write!(description, "\n{}", escape(&line));
    }
    let point = |name: &str, p: Option<&geo::Coord<f64>>| {
        p.map_or_else(String::new, |p| {
            format!(
                "    <Placemark><name>{}</name><Point><coordinates>{:.6},{:.6},0</coordinates></Point></Placemark>\n",
                escape(name),
                p.x,
                p.y
            )
        })
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n  <Document>\n    <name>{name}</name>\n\
    <Style id=\"route\"><LineStyle><color>ff0072b2</color><width>4</width></LineStyle></Style>\n\
    <Placemark>\n      <name>{name}</name>\n      <description>{description}</description>\n\
      <styleUrl>#route</styleUrl>\n      <ExtendedData>\n\
        <Data name=\"id\"><value>{id}</value></Data>\n\
        <Data name=\"status\"><value>{status}</value></Data>\n\
        <Data name=\"status_at\"><value>{at}</value></Data>\n\
        <Data name=\"length_km\"><value>{km:.1}</value></Data>\n      </ExtendedData>\n\
      <LineString><tessellate>1</tessellate><coordinates>{coords}</coordinates></LineString>\n\
    </Placemark>\n{origin}{destination}  </Document>\n</kml>\n",
        name = escape(c.name.en()),
        id = escape(&c.id),
        status = status_word(c.status_at(at), Lang::En),
        at = at.to_rfc3339(),
        km = c.length_km,
        coords = coordinates.join(" "),
        origin = point(c.origin.en(), c.line.0.first()),
        destination = point(c.destination.en(), c.line.0.last()),
    )
}

/// The route as GPX 1.1: a route (`rte`) through the line's points, the status and sources in
/// its description and a link per source.
#[must_use]
pub fn route_gpx(c: &Corridor, at: Time) -> String {
    let mut points = String::new();
    for (i, p) in c.line.0.iter().enumerate() {
        let name = if i == 0 {
            c.origin.en()
        } else if i + 1 == c.line.0.len() {
            c.destination.en()
        } else {
            ""
        };
        let _ = write!(points, "    <rtept lat=\"{:.6}\" lon=\"{:.6}\">", p.y, p.x);
        if !name.is_empty() {
            let _ = write!(points, "<name>{}</name>", escape(name));
        }
        points.push_str("</rtept>\n");
    }
    let links: String = c
        .sources
        .iter()
        .filter_map(|s| {
            s.url.as_ref().map(|url| {
                format!(
                    "    <link href=\"{}\"><text>{}</text></link>\n",
                    escape(url),
                    escape(&s.publisher)
                )
            })
        })
        .collect();
    let description = std::iter::once(summary(c, at))
        .chain(source_lines(c))
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<gpx version=\"1.1\" creator=\"Koridor {version}\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n\
  <metadata><name>{name}</name><time>{at}</time></metadata>\n\
  <rte>\n    <name>{name}</name>\n    <desc>{description}</desc>\n{links}{points}  </rte>\n</gpx>\n",
        version = env!("CARGO_PKG_VERSION"),
        name = escape(c.name.en()),
        at = at.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ"),
        description = escape(&description),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    fn kyiv_gomel() -> (Corridor, Time) {
        let data = Dataset::embedded().unwrap();
        let c = data.corridor("kyiv-gomel").unwrap().clone();
        (c, "2022-03-08T12:00:00+02:00".parse().unwrap())
    }

    #[test]
    fn the_geojson_is_the_route_with_its_status_and_sources() {
        let (c, at) = kyiv_gomel();
        let value: serde_json::Value = serde_json::from_str(&route_geojson(&c, at)).unwrap();
        let feature = &value["features"][0];
        assert_eq!(feature["geometry"]["type"], "LineString");
        assert_eq!(
            feature["geometry"]["coordinates"].as_array().unwrap().len(),
            c.line.0.len()
        );
        assert_eq!(feature["properties"]["status"], "rejected");
        assert!(feature["properties"]["sources"].as_array().unwrap().len() >= 2);
    }

    #[test]
    fn kml_and_gpx_carry_every_point_the_status_and_a_link_per_source() {
        let (c, at) = kyiv_gomel();
        let kml = route_kml(&c, at);
        assert!(kml.contains("<LineString>") && kml.contains("rejected"));
        assert_eq!(kml.matches("<Placemark>").count(), 3);
        let gpx = route_gpx(&c, at);
        assert_eq!(gpx.matches("<rtept ").count(), c.line.0.len());
        let links = c.sources.iter().filter(|s| s.url.is_some()).count();
        assert_eq!(gpx.matches("<link href=").count(), links);
        assert!(gpx.contains("<time>2022-03-08T10:00:00Z</time>"), "{gpx}");
    }
}

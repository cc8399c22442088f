//! The command line: `koridor [list|validate|export]`, as fixed in DESIGN.md.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::net::RemoteOptions;
use crate::source::DataSource;
use crate::{Corridor, Dataset, Time};

mod export;
mod publish;

use export::{Animation, ExportOptions, export};
use publish::{atlas, pack};

/// Koridor: where the humanitarian corridors of March–May 2022 led, how they fared, and who
/// objected to them.
#[derive(Debug, Parser)]
#[command(
    name = "koridor",
    version,
    about,
    long_about = "Koridor shows the humanitarian corridors announced in Ukraine from March to May 2022 on an \
offline map: where each route led, how it fared, who objected to it, and the sources. Without a \
subcommand it opens the window; the dataset, basemap and fonts are built in, so no network is needed.",
    after_help = "Examples:\n  koridor                                   open the window\n  koridor --lang uk --date 2022-03-08T12:00:00+02:00\n  koridor list --json\n  koridor validate my-corridors.geojson\n  koridor export --route kyiv-gomel --out kyiv.png --scale 2"
)]
pub struct Cli {
    /// Dataset to open instead of the embedded one: a GeoJSON file, or an https URL.
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub data: Option<String>,

    /// Show the corridors as they stood at this moment (RFC 3339, e.g. 2022-03-08T12:00:00+02:00).
    #[arg(long, global = true, value_name = "RFC3339", value_parser = crate::parse_time)]
    pub date: Option<Time>,

    /// Tiles for the window and exports: offline (embedded basemap), osm, an XYZ URL template, or
    /// a FILE.pmtiles street basemap (Protomaps or OpenMapTiles vector tiles, or raster tiles)
    /// drawn over the embedded basemap.
    #[arg(
        long,
        global = true,
        value_name = "offline|osm|TEMPLATE|FILE.pmtiles",
        default_value = "offline",
        value_parser = crate::net::TileChoice::parse
    )]
    pub tiles: crate::net::TileChoice,

    /// Interface language: en or uk [default: from the system locale].
    #[arg(long, global = true, value_name = "en|uk", value_parser = parse_lang)]
    pub lang: Option<crate::Lang>,

    /// Select this corridor (by id) when the window opens.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// Save a screenshot of the window to FILE once the map has settled, then close it.
    #[arg(long, value_name = "FILE.png")]
    pub screenshot: Option<PathBuf>,

    /// What to do; without one, the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the corridors with their status and length.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// List the daily tallies instead of the corridors: how many corridors each claimant said
        /// were announced, worked and failed, and how many people were moved, by day.
        #[arg(long)]
        tallies: bool,
    },
    /// Check a dataset: exit 0 with a summary if valid, else 1 and every problem, one a line.
    Validate {
        /// The dataset file or https URL.
        path: String,
    },
    /// Write a snapshot of a route (PNG, SVG or PDF), fitted to the frame, with title, legend,
    /// scale bar and attribution, or a time-lapse of it (APNG, GIF, MP4 or WebM) with captions.
    /// Needs no window and no display.
    Export {
        /// The route's id (see `koridor list`), fitted to the frame.
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "view",
            conflicts_with = "view"
        )]
        route: Option<String>,
        /// Instead of a route, the map centred on a longitude and latitude at a zoom, as the
        /// window shows it (e.g. 30.52,50.45,7).
        #[arg(long, value_name = "LON,LAT,ZOOM", value_parser = parse_view)]
        view: Option<(f64, f64, f64)>,
        /// The file to write, or `-` for standard output (default: `koridor-ROUTE-DATE.png`).
        #[arg(
            long,
            value_name = "FILE.png|FILE.svg|FILE.pdf|-",
            help = "The file to write, or - for standard output [default: koridor-<route>-<date>.<format>]. \
The extension says the format unless --format does; the two must agree. \
Only a regular file is replaced; a link, a device or a FIFO is refused"
        )]
        out: Option<PathBuf>,
        /// png, svg or pdf; apng, gif, mp4 or webm for a time-lapse (default: from the
        /// extension of --out, else png). SVG has named layers and text as text; PDF embeds the
        /// font; MP4 and WebM need ffmpeg.
        #[arg(long, value_name = "png|svg|pdf|apng|gif|mp4|webm")]
        format: Option<crate::export::Format>,
        /// A time-lapse from this moment (default: the route's first event).
        #[arg(long, value_name = "RFC3339", value_parser = crate::parse_time)]
        from: Option<Time>,
        /// A time-lapse to this moment (default: the route's last event).
        #[arg(long, value_name = "RFC3339", value_parser = crate::parse_time)]
        to: Option<Time>,
        /// Time between a time-lapse's frames: days, hours or minutes (1d, 6h, 30m).
        #[arg(long, value_name = "1d|6h|1h", default_value = "1d")]
        step: String,
        /// Leave out a time-lapse frame when no status and no report changed since the last.
        #[arg(long)]
        skip_unchanged: bool,
        /// How long each time-lapse frame shows, in milliseconds.
        #[arg(long, value_name = "MS", default_value_t = 250)]
        frame_ms: u32,
        /// Also write each time-lapse frame as a PNG into this folder.
        #[arg(long, value_name = "DIR")]
        frames: Option<PathBuf>,
        /// Width in px (before scaling).
        #[arg(long, value_name = "PX", default_value_t = 1600)]
        width: u32,
        /// Height in px (before scaling).
        #[arg(long, value_name = "PX", default_value_t = 1000)]
        height: u32,
        /// Pixel density for print: 1, 2 or 3.
        #[arg(long, value_name = "N", default_value_t = 1)]
        scale: u32,
        /// Also write a world file (`.pgw`) and its projection (`.prj`, EPSG:3857) beside the
        /// PNG, so QGIS or GDAL places it on the map.
        #[arg(long)]
        world_file: bool,
    },
    /// Open the window on the map a view code names (its moment, route, place, filters and
    /// language); a code made from another dataset opens what this one has, and says so.
    Open {
        /// The view code, as the status bar or an export shows it (KV-…).
        code: String,
    },
    /// Write a share pack of a route at --date (default: the latest event): a portrait PNG for
    /// messengers, an A4 PDF, a bilingual caption and alt text, and the route as GeoJSON, KML
    /// and GPX, in one folder named `koridor_<route>_<yyyymmdd>`.
    Pack {
        /// The route's id (see `koridor list`).
        #[arg(long, value_name = "ID")]
        route: String,
        /// The folder to make the pack in (default: here).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Write the share pack of every route at --date, or of one route on every day of its
    /// record (--route ID --every-day). One that fails does not stop the rest; all are listed.
    Atlas {
        /// Only this route (with --every-day).
        #[arg(long, value_name = "ID")]
        route: Option<String>,
        /// A pack for every day from the route's first event to its last, at the hour of the
        /// first.
        #[arg(long, requires = "route")]
        every_day: bool,
        /// The folder to make the packs in (default: here).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Parses `LON,LAT,ZOOM` for `--view`.
///
/// # Errors
/// A message saying which part is wrong.
pub(crate) fn parse_view(text: &str) -> Result<(f64, f64, f64), String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [lon, lat, zoom] = parts.as_slice() else {
        return Err(format!(
            "\"{text}\" is not LON,LAT,ZOOM, e.g. 30.52,50.45,7"
        ));
    };
    let number = |part: &str, what: &str, range: std::ops::RangeInclusive<f64>| {
        part.parse::<f64>()
            .ok()
            .filter(|v| range.contains(v))
            .ok_or_else(|| {
                format!(
                    "{what} \"{part}\" is not a number from {} to {}",
                    range.start(),
                    range.end()
                )
            })
    };
    Ok((
        number(lon, "longitude", -180.0..=180.0)?,
        number(lat, "latitude", -85.0..=85.0)?,
        number(zoom, "zoom", 0.0..=20.0)?,
    ))
}

/// Parses `en` or `uk`, for `--lang`.
///
/// # Errors
/// A message naming the accepted values.
pub(crate) fn parse_lang(text: &str) -> Result<crate::Lang, String> {
    match text {
        "en" => Ok(crate::Lang::En),
        "uk" => Ok(crate::Lang::Uk),
        other => Err(format!(
            "\"{other}\" is not a language Koridor speaks: use en or uk"
        )),
    }
}

/// The dataset source named by `--data` (embedded without it).
#[must_use]
pub fn source(data: Option<&str>) -> DataSource {
    data.map_or(DataSource::Embedded, DataSource::parse)
}

/// Loads the dataset named by `--data`, or the embedded one; a note (e.g. "cached copy") goes
/// to `err`.
///
/// # Errors
/// Every problem, one a line.
pub fn load(data: Option<&str>, err: &mut dyn Write) -> Result<Dataset, String> {
    let loaded = crate::source::load(&source(data), &RemoteOptions::default())
        .map_err(|lines| lines.join("\n"))?;
    if let Some(note) = loaded.note {
        let _ = writeln!(err, "koridor: {note}");
    }
    Ok(loaded.dataset)
}

/// One corridor as `list --json` prints it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct ListEntry<'a> {
    /// Stable id.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Origin.
    pub origin: &'a str,
    /// Waypoints in travel order.
    pub waypoints: Vec<&'a str>,
    /// Destination.
    pub destination: &'a str,
    /// ISO 3166-1 alpha-2 code.
    pub destination_country: &'a str,
    /// Russia, Belarus or Ukrainian-held territory.
    pub destination_side: crate::Side,
    /// Evacuation, aid delivery, or both.
    pub kind: crate::Kind,
    /// Status as of `as_of`; `null` before the corridor's first event.
    pub status: Option<crate::Status>,
    /// The moment the status is for.
    pub as_of: String,
    /// Geodesic length in km, to 0.1 km.
    pub length_km: f64,
    /// Who proposed it.
    pub proposer: &'a str,
    /// The sources.
    pub sources: &'a [crate::Source],
    /// The corridor's record day by day (Kyiv days), each with its own result.
    pub days: Vec<DayEntry<'a>>,
}

/// One corridor-day as `list --json` prints it.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DayEntry<'a> {
    /// The Kyiv calendar day, `YYYY-MM-DD`.
    pub date: String,
    /// How the day ended by the record (see [`crate::Instance::result`](crate::Instance)); `null` for a day of
    /// notes or figures only.
    pub result: Option<crate::Status>,
    /// Announcements and refusals: `proposed` or `rejected`, with who made them.
    pub announcements: Vec<StageEntry<'a>>,
    /// Agreements, with who reported them.
    pub agreements: Vec<StageEntry<'a>>,
    /// Ceasefire windows starting that day (RFC 3339; `end` is `null` when none was reported).
    pub windows: Vec<WindowEntry>,
    /// Each claimant's last reported outcome of the day.
    pub outcomes: Vec<StageEntry<'a>>,
    /// Evacuee figures of the day, one per claimant.
    pub evacuees: Vec<FigureEntry<'a>>,
    /// The day's dated notes (events that change no status), in English.
    pub notes: Vec<&'a str>,
}

/// One claimant's word at one stage of a corridor-day.
#[derive(Debug, serde::Serialize)]
pub(crate) struct StageEntry<'a> {
    /// The status they gave.
    pub status: crate::Status,
    /// Who; `null` where the record names no single claimant.
    pub claimed_by: Option<&'a str>,
}

/// A ceasefire window.
#[derive(Debug, serde::Serialize)]
pub(crate) struct WindowEntry {
    /// Start, RFC 3339 as given.
    pub start: String,
    /// End, RFC 3339 as given, if reported.
    pub end: Option<String>,
}

/// An evacuee figure.
#[derive(Debug, serde::Serialize)]
pub(crate) struct FigureEntry<'a> {
    /// The number.
    pub count: u64,
    /// "exact", "about" or "more than".
    pub qualifier: crate::Qualifier,
    /// Who gave it.
    pub claimed_by: &'a str,
}

impl<'a> DayEntry<'a> {
    /// The entry for one corridor-day.
    #[must_use]
    pub(crate) fn new(day: &crate::Instance<'a>) -> Self {
        let stage = |stage: crate::Stage| {
            day.at_stage(stage)
                .filter_map(|e| {
                    Some(StageEntry {
                        status: e.status?,
                        claimed_by: e.claimed_by.as_ref().map(crate::Text::en),
                    })
                })
                .collect()
        };
        Self {
            date: day.day.to_string(),
            result: day.result,
            announcements: stage(crate::Stage::Announcement),
            agreements: stage(crate::Stage::Agreement),
            windows: day
                .windows
                .iter()
                .map(|w| WindowEntry {
                    start: w.start.to_rfc3339(),
                    end: w.end.map(|end| end.to_rfc3339()),
                })
                .collect(),
            outcomes: day
                .outcomes_by_claimant()
                .into_iter()
                .map(|o| StageEntry {
                    status: o.status,
                    claimed_by: o.claimed_by.map(crate::Text::en),
                })
                .collect(),
            evacuees: day
                .evacuees
                .iter()
                .map(|f| FigureEntry {
                    count: f.figure.count,
                    qualifier: f.figure.qualifier,
                    claimed_by: f.claimed_by.en(),
                })
                .collect(),
            notes: day
                .at_stage(crate::Stage::Note)
                .map(|e| e.note.en())
                .collect(),
        }
    }
}

impl<'a> ListEntry<'a> {
    /// The entry for `corridor` as of `at`.
    #[must_use]
    pub(crate) fn new(corridor: &'a Corridor, at: Time) -> Self {
        Self {
            id: &corridor.id,
            name: corridor.name.en(),
            origin: corridor.origin.en(),
            waypoints: corridor.waypoints.iter().map(|w| w.name.en()).collect(),
            destination: corridor.destination.en(),
            destination_country: &corridor.destination_country,
            destination_side: corridor.side(),
            kind: corridor.kind,
            status: corridor.status_at(at),
            as_of: at.to_rfc3339(),
            length_km: (corridor.length_km * 10.0).round() / 10.0,
            proposer: corridor.proposer.en(),
            sources: &corridor.sources,
            days: corridor.instances().iter().map(DayEntry::new).collect(),
        }
    }
}

/// The readable table `koridor list` prints.
#[must_use]
pub(crate) fn table(dataset: &Dataset, at: Time) -> String {
    let rows: Vec<[String; 6]> = dataset
        .corridors
        .iter()
        .map(|c| {
            [
                c.id.clone(),
                c.name.en().to_owned(),
                crate::country_name(&c.destination_country).to_owned(),
                c.status_at(at)
                    .map_or_else(|| "not yet announced".to_owned(), |s| s.to_string()),
                format!("{:.1}", c.length_km),
                c.sources.len().to_string(),
            ]
        })
        .collect();
    let header = ["ID", "ROUTE", "DESTINATION", "STATUS", "KM", "SOURCES"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (cell, w))| {
                // Padded by hand: `format!`'s width is a u16 and panics past 65,535.
                let fill = " ".repeat(w.saturating_sub(cell.chars().count()));
                if i == 4 || i == 5 {
                    format!("{fill}{cell}")
                } else {
                    format!("{cell}{fill}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut out = format!(
        "{} corridors, status as of {}\n",
        rows.len(),
        at.format("%Y-%m-%d %H:%M %:z")
    );
    out.push_str(&line(&header.map(str::to_owned)));
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}

/// Runs a subcommand, writing to `out` and `err`; returns the process exit code.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match command {
        Command::List { json, tallies } => {
            if *tallies {
                list_tallies(cli, *json, out, err)
            } else {
                list(cli, *json, out, err)
            }
        }
        Command::Validate { path } => validate(path, out, err),
        Command::Export {
            route,
            view,
            out: file,
            format,
            from,
            to,
            step,
            skip_unchanged,
            frame_ms,
            frames,
            width,
            height,
            scale,
            world_file,
        } => export(
            cli,
            &ExportOptions {
                route: route.as_deref(),
                view: *view,
                file: file.as_deref(),
                format: *format,
                size: [*width, *height],
                scale: *scale,
                world_file: *world_file,
                animation: Animation {
                    from: *from,
                    to: *to,
                    step,
                    skip_unchanged: *skip_unchanged,
                    frame_ms: *frame_ms,
                    frames: frames.as_deref(),
                },
            },
            out,
            err,
        ),
        Command::Pack { route, out: dir } => pack(cli, route, dir.as_deref(), out, err),
        // The binary opens the window for `open` itself; this dispatcher has no window.
        Command::Open { code } => Err(match crate::viewcode::ViewCode::parse(code) {
            Ok(_) => "opening a view code needs the window: run the koridor binary".to_owned(),
            Err(e) => e.to_string(),
        }),
        Command::Atlas {
            route,
            every_day,
            out: dir,
        } => atlas(cli, route.as_deref(), *every_day, dir.as_deref(), out, err),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "koridor: {message}");
            1
        }
    }
}

fn list(cli: &Cli, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, String> {
    let dataset = load(cli.data.as_deref(), err)?;
    let at = cli
        .date
        .or_else(|| dataset.latest_event())
        .ok_or("the dataset has no events")?;
    let written = if json {
        let entries: Vec<ListEntry<'_>> = dataset
            .corridors
            .iter()
            .map(|c| ListEntry::new(c, at))
            .collect();
        serde_json::to_string_pretty(&entries)
            .map_err(|e| e.to_string())
            .and_then(|text| writeln!(out, "{text}").map_err(|e| e.to_string()))
    } else {
        write!(out, "{}", table(&dataset, at)).map_err(|e| e.to_string())
    };
    written.map(|()| 0)
}

fn list_tallies(
    cli: &Cli,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, String> {
    let dataset = load(cli.data.as_deref(), err)?;
    let text = if json {
        serde_json::to_string_pretty(&dataset.tallies).map_err(|e| e.to_string())? + "\n"
    } else {
        let count = |n: Option<u64>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
        let mut text = format!("{} daily tallies\n", dataset.tallies.len());
        text.push_str("DATE        ANNOUNCED  WORKED  FAILED  PEOPLE           CLAIMED BY\n");
        for t in &dataset.tallies {
            let people = t
                .people
                .as_ref()
                .map_or_else(|| "-".to_owned(), crate::Figure::describe);
            text.push_str(&format!(
                "{}  {:>9}  {:>6}  {:>6}  {people:<15}  {}\n",
                t.date,
                count(t.announced),
                count(t.worked),
                count(t.failed),
                t.claimed_by,
            ));
        }
        text
    };
    write!(out, "{text}").map_err(|e| e.to_string())?;
    Ok(0)
}

fn validate(path: &str, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, String> {
    match crate::source::load(&DataSource::parse(path), &RemoteOptions::default()) {
        Ok(loaded) => {
            if let Some(note) = loaded.note {
                let _ = writeln!(err, "koridor: {note}");
            }
            let dataset = loaded.dataset;
            let events: usize = dataset.corridors.iter().map(|c| c.events.len()).sum();
            writeln!(
                out,
                "{}: valid, {} corridors, {events} events",
                crate::net::redact(path),
                dataset.corridors.len()
            )
            .map_err(|e| e.to_string())?;
            Ok(0)
        }
        Err(lines) => {
            for line in lines {
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            }
            Ok(1)
        }
    }
}

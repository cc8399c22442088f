//! `koridor export`: a still (PNG, SVG, PDF) or a time-lapse of a route or a view, and the
//! world file beside a PNG.

use std::io::Write;
use std::path::PathBuf;

use super::{Cli, load};
use crate::{Dataset, Time};

/// What `koridor export` was asked for.
pub(super) struct ExportOptions<'a> {
    pub(super) route: Option<&'a str>,
    pub(super) view: Option<(f64, f64, f64)>,
    pub(super) file: Option<&'a std::path::Path>,
    pub(super) format: Option<crate::export::Format>,
    pub(super) size: [u32; 2],
    pub(super) scale: u32,
    pub(super) world_file: bool,
    pub(super) animation: Animation<'a>,
}

/// What `koridor export` was asked for a time-lapse.
pub(super) struct Animation<'a> {
    pub(super) from: Option<Time>,
    pub(super) to: Option<Time>,
    pub(super) step: &'a str,
    pub(super) skip_unchanged: bool,
    pub(super) frame_ms: u32,
    pub(super) frames: Option<&'a std::path::Path>,
}

pub(super) fn export(
    cli: &Cli,
    options: &ExportOptions<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, String> {
    let ExportOptions {
        route,
        view,
        file,
        format: _,
        size: [width, height],
        scale,
        world_file,
        animation: _,
    } = *options;
    let to_stdout = file.is_some_and(|f| f.as_os_str() == "-");
    if world_file && to_stdout {
        return Err(
            "--world-file needs --out FILE: the world file sits beside the PNG it describes".into(),
        );
    }
    let format = resolve_format(options, to_stdout)?;
    // The embedded basemap is unpacked, and the locator's map drawn, on another core while
    // the record is read (2 and 3 ms of the whole export's 40).
    let zoom = view.map(|(_, _, zoom)| zoom);
    std::thread::spawn(move || crate::export::warm_up([width, height], scale, zoom));
    let dataset = load(cli.data.as_deref(), err)?;
    let framing = framing(&dataset, route, view)?;

    let at = cli
        .date
        .or_else(|| dataset.latest_event())
        .ok_or("the dataset has no events")?;
    let request = crate::export::ExportRequest {
        framing,
        width,
        height,
        scale,
        at,
        lang: cli.lang.unwrap_or(crate::Lang::En),
        tiles: cli.tiles.clone(),
    };
    let labels = crate::basemap::LabelCache::leaving_out(crate::scene::named_places(&dataset));
    if format.is_animation() {
        return timelapse(
            &dataset,
            request,
            &labels,
            file,
            format,
            &options.animation,
            out,
            err,
        );
    }
    let path = file.map_or_else(
        || PathBuf::from(crate::export::default_file_name(route, at, format)),
        std::path::Path::to_path_buf,
    );
    let report = if to_stdout {
        let (bytes, report) = crate::export::export_bytes(&dataset, &request, &labels, format)
            .map_err(|e| e.to_string())?;
        out.write_all(&bytes)
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write to standard output: {e}"))?;
        report
    } else {
        crate::export::export_file(&dataset, &request, &labels, &path, format)
            .map_err(|e| e.to_string())?
    };
    for line in report.warnings(cli.tiles.label()) {
        let _ = writeln!(err, "koridor: {line}");
    }
    if !to_stdout {
        writeln!(out, "{}", path.display()).map_err(|e| e.to_string())?;
    }
    if world_file {
        for written in write_world_file(&dataset, &request, &path)? {
            writeln!(out, "{}", written.display()).map_err(|e| e.to_string())?;
        }
    }
    // Freeing the record takes half a millisecond; the process ends without waiting for it.
    std::thread::spawn(move || drop((dataset, labels)));
    Ok(0)
}

/// The format asked for (`--format`, else `--out`'s extension, else PNG, or APNG for a
/// time-lapse), checked against the other options.
fn resolve_format(
    options: &ExportOptions<'_>,
    to_stdout: bool,
) -> Result<crate::export::Format, String> {
    let (file, format, world_file) = (options.file, options.format, options.world_file);
    let animating = options.animation.from.is_some() || options.animation.to.is_some();
    let format = match file {
        Some(file) if !to_stdout => {
            crate::export::Format::resolve(format, file).map_err(|e| e.to_string())?
        }
        _ if animating => format.unwrap_or(crate::export::Format::Apng),
        _ => format.unwrap_or_default(),
    };
    if animating && !format.is_animation() {
        return Err(format!(
            "--from and --to make a time-lapse, which .{} cannot hold: use .apng, .gif, .mp4 or .webm",
            format.extension()
        ));
    }
    if format.is_animation() && to_stdout {
        return Err("a time-lapse needs --out FILE: its captions (.srt) go beside it".into());
    }
    if world_file && format != crate::export::Format::Png {
        return Err(
            "--world-file is for a PNG: an SVG or PDF carries its bounding box in its metadata"
                .into(),
        );
    }
    Ok(format)
}

/// What the export frames: `--route` (which must be in `dataset`) or `--view`.
fn framing(
    dataset: &crate::Dataset,
    route: Option<&str>,
    view: Option<(f64, f64, f64)>,
) -> Result<crate::export::Framing, String> {
    Ok(match (route, view) {
        (Some(route), _) => {
            if dataset.index_of(route).is_none() {
                let known: Vec<&str> = dataset.corridors.iter().map(|c| c.id.as_str()).collect();
                return Err(format!(
                    "unknown route \"{route}\"; known routes: {}",
                    known.join(", ")
                ));
            }
            crate::export::Framing::Route(route.to_owned())
        }
        (None, Some((lon, lat, zoom))) => crate::export::Framing::View { lon, lat, zoom },
        (None, None) => return Err("say what to export: --route ID or --view LON,LAT,ZOOM".into()),
    })
}

/// Writes a time-lapse of `still`'s route or view (over the route's record, or the dataset's,
/// unless asked), reporting progress on `err` and the files written on `out`.
#[expect(
    clippy::too_many_arguments,
    reason = "the export's parts, each already checked by `export`"
)]
fn timelapse(
    dataset: &Dataset,
    still: crate::export::ExportRequest,
    labels: &crate::basemap::LabelCache,
    file: Option<&std::path::Path>,
    format: crate::export::Format,
    options: &Animation<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, String> {
    // A route's time-lapse runs over its record by default, a view's over the whole dataset's.
    let (route, first, last) = match &still.framing {
        crate::export::Framing::Route(route) => {
            let corridor = dataset
                .corridor(route)
                .ok_or_else(|| format!("unknown route \"{route}\""))?;
            (
                Some(route.as_str()),
                corridor.events.first().map(|e| e.time),
                corridor.events.last().map(|e| e.time),
            )
        }
        crate::export::Framing::View { .. } => {
            let span = dataset.time_span();
            (None, span.map(|s| s.0), span.map(|s| s.1))
        }
    };
    let from = options
        .from
        .or(first)
        .ok_or("nothing to show has events: give --from and --to")?;
    let to = options
        .to
        .or(last)
        .ok_or("nothing to show has events: give --from and --to")?;
    let step = crate::export::parse_step(options.step).map_err(|e| e.to_string())?;
    let path = file.map_or_else(
        || PathBuf::from(crate::export::default_file_name(route, from, format)),
        std::path::Path::to_path_buf,
    );
    let source = still.tiles.label().to_owned();
    let request = crate::export::Timelapse {
        still: crate::export::ExportRequest { at: from, ..still },
        from,
        to,
        step,
        skip_unchanged: options.skip_unchanged,
        frame_ms: options.frame_ms,
    };
    let mut told = 0;
    let report = crate::export::export_timelapse(
        dataset,
        &request,
        labels,
        &path,
        format,
        options.frames,
        &mut |done, all| {
            // About ten progress lines, whatever the length.
            if done == all || done * 10 / all.max(1) > told {
                told = done * 10 / all.max(1);
                let _ = writeln!(err, "koridor: drawn {done} of {all} frames");
            }
        },
    )
    .map_err(|e| e.to_string())?;
    if report.skipped > 0 {
        let _ = writeln!(
            err,
            "koridor: {} frames; {} steps where nothing changed were left out",
            report.frames, report.skipped
        );
    }
    for line in report.tiles.warnings(&source) {
        let _ = writeln!(err, "koridor: {line}");
    }
    for written in std::iter::once(&path).chain([&report.captions]) {
        writeln!(out, "{}", written.display()).map_err(|e| e.to_string())?;
    }
    if let Some(dir) = options.frames {
        writeln!(out, "{}", dir.display()).map_err(|e| e.to_string())?;
    }
    Ok(0)
}

/// Writes `<png>.pgw`, `<png>.png.aux.xml` and `<png>.prj` beside the PNG at `png`, atomically;
/// returns their paths.
fn write_world_file(
    dataset: &Dataset,
    request: &crate::export::ExportRequest,
    png: &std::path::Path,
) -> Result<[PathBuf; 3], String> {
    let view = crate::export::plan(dataset, request).map_err(|e| e.to_string())?;
    let size = [
        request.width * request.scale,
        request.height * request.scale,
    ];
    let place = crate::export::GeoRef::of(&view, size);
    let mut aux = png.as_os_str().to_owned();
    aux.push(".aux.xml");
    let files = [
        (png.with_extension("pgw"), place.world_file()),
        (PathBuf::from(aux), crate::export::GeoRef::aux_xml()),
        (png.with_extension("prj"), crate::export::PRJ_WKT.to_owned()),
    ];
    for (path, text) in &files {
        crate::fs::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    let [(pgw, _), (aux, _), (prj, _)] = files;
    Ok([pgw, aux, prj])
}

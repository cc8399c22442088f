//! A share pack: one folder with everything a reporter sends or files about a route at a
//! moment, named by one convention, `koridor_<route>_<yyyymmdd>_<what>.<ext>`:
//!
//! | file | what |
//! |---|---|
//! | `…_1080x1350.png` | a portrait picture for messengers, its text drawn twice as large |
//! | `…_a4.pdf` | an A4 landscape page for print (1123 × 794 px at 96 px to the inch) |
//! | `…_caption.txt` | the caption, in English then Ukrainian, with who reported the status |
//! | `…_alt.txt` | the map's text equivalent (alt text), in English then Ukrainian |
//! | `….geojson`, `….kml`, `….gpx` | the route with its status and sources |
//!
//! The folder is made under a temporary name and renamed when every file is written, so it
//! appears whole or not at all.

use std::path::{Path, PathBuf};

use super::route_files::{route_geojson, route_gpx, route_kml};
use super::{ExportError, ExportRequest, Format, Framing, alt_text, export_file, plan};
use crate::basemap::LabelCache;
use crate::scene::RouteIndex;
use crate::{Dataset, Lang, Time};

/// What a share pack wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackReport {
    /// The folder.
    pub folder: PathBuf,
    /// Its files, in the order of the convention.
    pub files: Vec<PathBuf>,
}

/// `koridor_<route>_<yyyymmdd>`, the stem of a pack's folder and files.
///
/// ```
/// let at = "2022-03-08T12:00:00+02:00".parse().unwrap();
/// assert_eq!(koridor::export::pack_stem("kyiv-gomel", at), "koridor_kyiv-gomel_20220308");
/// ```
#[must_use]
pub fn pack_stem(route: &str, at: Time) -> String {
    format!("koridor_{route}_{}", at.format("%Y%m%d"))
}

/// Writes the share pack of `route` at `at` into a new folder under `parent`.
///
/// # Errors
/// The route is unknown, the folder exists already or cannot be made, or a file cannot be
/// drawn or written; nothing is left behind then.
pub fn write_pack(
    dataset: &Dataset,
    route: &str,
    at: Time,
    tiles: &crate::net::TileChoice,
    labels: &LabelCache,
    parent: &Path,
) -> Result<PackReport, ExportError> {
    let corridor = dataset.corridor(route).ok_or(ExportError::NoRoute)?;
    let stem = pack_stem(route, at);
    let folder = parent.join(&stem);
    if folder.symlink_metadata().is_ok() {
        return Err(ExportError::Pack(format!(
            "{} exists already: move it away or choose another folder",
            folder.display()
        )));
    }
    let partial = parent.join(format!(".{stem}.partial-{}", std::process::id()));
    std::fs::create_dir(&partial).map_err(|e| {
        ExportError::Pack(format!("cannot make a folder in {}: {e}", parent.display()))
    })?;
    let written = fill(dataset, corridor, at, tiles, labels, &partial, &stem);
    let names = match written {
        Ok(names) => names,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, &folder).map_err(|e| {
        let _ = std::fs::remove_dir_all(&partial);
        ExportError::Pack(format!("cannot name the folder {}: {e}", folder.display()))
    })?;
    Ok(PackReport {
        files: names.into_iter().map(|n| folder.join(n)).collect(),
        folder,
    })
}

/// Writes every file of the pack into `dir`; returns their names.
fn fill(
    dataset: &Dataset,
    corridor: &crate::Corridor,
    at: Time,
    tiles: &crate::net::TileChoice,
    labels: &LabelCache,
    dir: &Path,
    stem: &str,
) -> Result<Vec<String>, ExportError> {
    let request = |width, height, scale, lang| ExportRequest {
        framing: Framing::Route(corridor.id.clone()),
        width,
        height,
        scale,
        at,
        lang,
        tiles: tiles.clone(),
    };
    let mut names = Vec::new();
    // 540 × 675 drawn at twice the density: 1080 × 1350 px with text a phone can read.
    let name = format!("{stem}_1080x1350.png");
    export_file(
        dataset,
        &request(540, 675, 2, Lang::En),
        labels,
        &dir.join(&name),
        Format::Png,
    )?;
    names.push(name);
    let name = format!("{stem}_a4.pdf");
    export_file(
        dataset,
        &request(1123, 794, 1, Lang::En),
        labels,
        &dir.join(&name),
        Format::Pdf,
    )?;
    names.push(name);
    let caption = [Lang::En, Lang::Uk]
        .map(|lang| {
            format!(
                "{}: {}",
                corridor.name.get(lang),
                crate::describe::status_sentence(corridor, at, lang)
            )
        })
        .join("\n\n");
    let index = RouteIndex::new(dataset);
    let alt = [Lang::En, Lang::Uk]
        .map(|lang| {
            let req = request(1123, 794, 1, lang);
            plan(dataset, &req).map(|view| alt_text(dataset, &index, &req, &view))
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
        .join("\n\n");
    let texts = [
        (format!("{stem}_caption.txt"), format!("{caption}\n")),
        (format!("{stem}_alt.txt"), format!("{alt}\n")),
        (format!("{stem}.geojson"), route_geojson(corridor, at)),
        (format!("{stem}.kml"), route_kml(corridor, at)),
        (format!("{stem}.gpx"), route_gpx(corridor, at)),
    ];
    for (name, text) in texts {
        crate::fs::write_atomic(&dir.join(&name), text.as_bytes())?;
        names.push(name);
    }
    Ok(names)
}

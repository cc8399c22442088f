//! `koridor pack` and `koridor atlas`: share packs of a route, of every route, or of every day
//! of one.

use std::io::Write;

use super::{Cli, load};
use crate::Time;

/// Writes one share pack.
pub(super) fn pack(
    cli: &Cli,
    route: &str,
    dir: Option<&std::path::Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, String> {
    let dataset = load(cli.data.as_deref(), err)?;
    if dataset.corridor(route).is_none() {
        return Err(format!("unknown route \"{route}\""));
    }
    let at = cli
        .date
        .or_else(|| dataset.latest_event())
        .ok_or("the dataset has no events")?;
    let labels = crate::basemap::LabelCache::leaving_out(crate::scene::named_places(&dataset));
    let parent = dir.unwrap_or_else(|| std::path::Path::new("."));
    let report = crate::export::write_pack(&dataset, route, at, &cli.tiles, &labels, parent)
        .map_err(|e| e.to_string())?;
    for file in &report.files {
        writeln!(out, "{}", file.display()).map_err(|e| e.to_string())?;
    }
    Ok(0)
}

/// Writes many share packs, going on past failures; lists what was written and what failed.
pub(super) fn atlas(
    cli: &Cli,
    route: Option<&str>,
    every_day: bool,
    dir: Option<&std::path::Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, String> {
    let dataset = load(cli.data.as_deref(), err)?;
    let items: Vec<(String, Time)> = match (route, every_day) {
        (Some(id), true) => {
            let c = dataset
                .corridor(id)
                .ok_or_else(|| format!("unknown route \"{id}\""))?;
            let (Some(first), Some(last)) = (c.events.first(), c.events.last()) else {
                return Err(format!("{id} has no events"));
            };
            let mut days = Vec::new();
            let mut at = first.time;
            while at.date_naive() <= last.time.date_naive() && days.len() < 1000 {
                days.push((id.to_owned(), at));
                at += chrono::Duration::days(1);
            }
            days
        }
        (one, _) => {
            let at = cli
                .date
                .or_else(|| dataset.latest_event())
                .ok_or("the dataset has no events")?;
            dataset
                .corridors
                .iter()
                .filter(|c| one.is_none_or(|id| id == c.id))
                .map(|c| (c.id.clone(), at))
                .collect()
        }
    };
    if items.is_empty() {
        return Err("no route to write".into());
    }
    let labels = crate::basemap::LabelCache::leaving_out(crate::scene::named_places(&dataset));
    let parent = dir.unwrap_or_else(|| std::path::Path::new("."));
    let mut failed: Vec<String> = Vec::new();
    let mut written = 0usize;
    let width = items.len().to_string().len();
    for (i, (id, at)) in items.iter().enumerate() {
        let day = at.format("%Y-%m-%d");
        match crate::export::write_pack(&dataset, id, *at, &cli.tiles, &labels, parent) {
            Ok(report) => {
                written += 1;
                let _ = writeln!(err, "[{:>width$}/{}] {id} {day}: ok", i + 1, items.len());
                writeln!(out, "{}", report.folder.display()).map_err(|e| e.to_string())?;
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "[{:>width$}/{}] {id} {day}: FAILED: {e}",
                    i + 1,
                    items.len()
                );
                failed.push(format!("{id} {day}: {e}"));
            }
        }
    }
    let _ = writeln!(
        err,
        "koridor: {written} of {} packs written in {}",
        items.len(),
        parent.display()
    );
    if failed.is_empty() {
        return Ok(0);
    }
    let _ = writeln!(err, "koridor: {} failed:", failed.len());
    for line in &failed {
        let _ = writeln!(err, "  {line}");
    }
    Ok(1)
}

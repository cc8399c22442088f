//! Reads the basemap the build script packed (`build.rs`): the layers of `assets/basemap/`,
//! checked and projected to unit Web Mercator at build time.
//!
//! The format, little-endian: the magic `KBM2`, then six sections in this order —
//! countries (`u32` count; each: `a3`, `name_en`, `name_uk` as texts, `u32` polygons), borders
//! and regions (`u32` count of point lists), towns (`u32` count; each: `u64` GeoNames id, `name`,
//! `name_uk`, `cc`, `fc` as texts, `u64` population, one point), lakes (`u32` count of polygons),
//! rivers (`u32` count; each: `u8` level, a point list). A text is a `u32` length and UTF-8; a
//! point list a `u32` count n, n `f64` x, y pairs, then n `u8`: the zoom from which each point
//! is drawn (`super::detail`); a polygon a `u32` count of rings, each a point
//! list. Nothing may follow the rivers.

use super::layers::{Basemap, BasemapError, Country, Detailed, Line, Polygon, Town};
use crate::projection::{UnitPoint, bounding};

/// The packed layers, as `build.rs` wrote them.
pub(crate) const PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/basemap.bin"));

/// Reads packed layers into a basemap (its towns as packed: in file order, with GeoNames'
/// Ukrainian names only).
///
/// # Errors
/// If the bytes end early, a text is not UTF-8, a count is larger than the bytes left could
/// hold, a river's level is not 1–3, or bytes follow the last section; the error names the
/// layer being read and the byte.
pub(crate) fn unpack(bytes: &[u8]) -> Result<Basemap, BasemapError> {
    let mut r = Reader {
        bytes,
        at: 0,
        layer: "basemap.bin",
    };
    if r.take(4)? != b"KBM2" {
        return Err(r.error("not a packed basemap (no KBM2 magic)"));
    }
    r.layer = "countries.geojson";
    let countries = r.list(|r| {
        Ok(Country {
            a3: r.text()?,
            name_en: r.text()?,
            name_uk: r.text()?,
            polygons: r.list(Reader::polygon)?,
        })
    })?;
    r.layer = "borders.geojson";
    let borders = r.list(Reader::line)?;
    r.layer = "ua_oblast_lines.geojson";
    let regions = r.list(Reader::line)?;
    r.layer = "towns_geonames.geojson";
    let towns = r.list(Reader::town)?;
    r.layer = "lakes.geojson";
    let lakes = r.list(Reader::polygon)?;
    r.layer = "rivers.geojson";
    let rivers = r.list(|r| {
        let level = r.take(1)?[0];
        if !(1..=3).contains(&level) {
            return Err(r.error(&format!("a river's level is {level}, not 1, 2 or 3")));
        }
        Ok((level, r.line()?))
    })?;
    if r.at != bytes.len() {
        return Err(r.error("bytes follow the last layer"));
    }
    Ok(Basemap {
        countries,
        borders,
        regions,
        towns,
        lakes,
        rivers,
        extent: super::layers::extent(),
    })
}

/// A cursor over the packed bytes that knows which layer it is in.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    layer: &'static str,
}

impl<'b> Reader<'b> {
    fn error(&self, message: &str) -> BasemapError {
        BasemapError {
            layer: self.layer,
            message: format!("packed basemap, byte {}: {message}", self.at),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'b [u8], BasemapError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let Some(end) = end else {
            return Err(self.error(&format!("ends early ({n} bytes wanted)")));
        };
        let bytes = &self.bytes[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], BasemapError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u64(&mut self) -> Result<u64, BasemapError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A count, checked against the bytes left: each item takes at least `min_bytes`, so a
    /// corrupt count is an error, not a huge allocation.
    fn count(&mut self, min_bytes: usize) -> Result<usize, BasemapError> {
        let n = usize::try_from(u32::from_le_bytes(self.array()?))
            .map_err(|_| self.error("a count beyond this machine's addresses"))?;
        if n.saturating_mul(min_bytes) > self.bytes.len() - self.at {
            return Err(self.error(&format!("a count of {n} is more than the bytes left hold")));
        }
        Ok(n)
    }

    /// A count of items (each at least 1 byte), then the items.
    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, BasemapError>,
    ) -> Result<Vec<T>, BasemapError> {
        let n = self.count(1)?;
        (0..n).map(|_| item(self)).collect()
    }

    fn text(&mut self) -> Result<String, BasemapError> {
        let n = self.count(1)?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.error("a name is not UTF-8"))
    }

    fn point(&mut self) -> Result<UnitPoint, BasemapError> {
        let x = f64::from_le_bytes(self.array()?);
        let y = f64::from_le_bytes(self.array()?);
        Ok(UnitPoint { x, y })
    }

    /// A point list, with each point's zoom of detail.
    fn points(&mut self) -> Result<Detailed, BasemapError> {
        let n = self.count(17)?;
        let points = (0..n).map(|_| self.point()).collect::<Result<_, _>>()?;
        let zooms = self.take(n)?.to_vec();
        Ok(Detailed { points, zooms })
    }

    fn polygon(&mut self) -> Result<Polygon, BasemapError> {
        let rings = self.list(Self::points)?;
        let bbox = rings
            .first()
            .and_then(|outer| bounding(outer.points.iter().copied()))
            .ok_or_else(|| self.error("a polygon without an outer ring"))?;
        Ok(Polygon { rings, bbox })
    }

    fn line(&mut self) -> Result<Line, BasemapError> {
        let line = self.points()?;
        if line.points.len() < 2 {
            return Err(self.error("a line of fewer than two points"));
        }
        let bbox = bounding(line.points.iter().copied())
            .ok_or_else(|| self.error("a line without a box"))?;
        Ok(Line { line, bbox })
    }

    fn town(&mut self) -> Result<Town, BasemapError> {
        let geonameid = self.u64()?;
        let name = self.text()?;
        let name_uk = Some(self.text()?).filter(|n| !n.is_empty());
        let cc = self.text()?;
        let fc = self.text()?;
        let pop = self.u64()?;
        let at = self.point()?;
        Ok(Town {
            geonameid,
            name,
            name_uk,
            cc,
            fc,
            pop,
            at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packed_basemap_reads_to_its_end() {
        let layers = unpack(PACKED).expect("the build script's basemap reads");
        assert_eq!(layers.countries.len(), 14);
        assert_eq!(layers.towns.len(), 1549);
        assert_eq!(layers.lakes.len(), 18);
        assert!(
            layers
                .rivers
                .iter()
                .all(|(level, _)| (1..=3).contains(level))
        );
    }

    #[test]
    fn every_truncation_of_the_packed_basemap_is_an_error_naming_its_layer() {
        // Every 997th length (about 800 cuts) and the last few bytes: never a panic.
        let cuts = (0..PACKED.len())
            .step_by(997)
            .chain(PACKED.len().saturating_sub(20)..PACKED.len());
        for cut in cuts {
            let error = unpack(&PACKED[..cut])
                .err()
                .unwrap_or_else(|| panic!("{cut} bytes of {} read as whole", PACKED.len()));
            assert!(
                error.message.contains("ends early") || error.message.contains("bytes left"),
                "{error}"
            );
            assert!(
                error.layer.ends_with(".geojson") || error.layer == "basemap.bin",
                "{error}"
            );
        }
    }

    #[test]
    fn a_corrupt_count_is_an_error_not_an_allocation() {
        let mut bytes = PACKED.to_vec();
        // The countries' count, just after the magic.
        bytes[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        let error = unpack(&bytes)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error
                .starts_with("basemap layer countries.geojson: packed basemap, byte 8: a count of"),
            "{error}"
        );
    }

    #[test]
    fn bytes_after_the_rivers_are_an_error() {
        let mut bytes = PACKED.to_vec();
        bytes.push(0);
        let error = unpack(&bytes)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("bytes follow the last layer"), "{error}");
    }
}

//! Where an export sits on the Earth, so a GIS can place it: the frame's bounding box in degrees
//! and in Web Mercator metres (EPSG:3857), written into the PNG's metadata and, on request, as a
//! world file (`.pgw`) beside the PNG with its coordinate system in GDAL's side file
//! (`.png.aux.xml`, which QGIS reads through GDAL) and in an ESRI `.prj`.

use crate::projection::{UnitPoint, Viewport};

/// The coordinate reference system of every export.
pub const CRS: &str = "EPSG:3857";

/// The equatorial radius Web Mercator uses, in metres.
const EARTH_RADIUS_M: f64 = 6_378_137.0;

/// EPSG:3857 as OGC WKT (GDAL's own form), for the `.png.aux.xml` side file.
pub(super) const OGC_WKT: &str = "PROJCS[\"WGS 84 / Pseudo-Mercator\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]],PROJECTION[\"Mercator_1SP\"],PARAMETER[\"central_meridian\",0],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",0],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],EXTENSION[\"PROJ4\",\"+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs\"],AUTHORITY[\"EPSG\",\"3857\"]]";

/// The projection of EPSG:3857 in the ESRI WKT that `.prj` files carry.
pub const PRJ_WKT: &str = "PROJCS[\"WGS_84_Pseudo_Mercator\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",0.0],PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0],UNIT[\"Meter\",1.0]]";

/// An export's place on the Earth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoRef {
    /// West, south, east and north edges of the frame, in degrees.
    pub bbox: [f64; 4],
    /// The frame's corners in EPSG:3857 metres: `[min x, min y, max x, max y]`.
    pub metres: [f64; 4],
    /// The image's size in px.
    pub size: [u32; 2],
}

/// A map point in EPSG:3857 metres.
fn metres(p: UnitPoint) -> [f64; 2] {
    let world = 2.0 * std::f64::consts::PI * EARTH_RADIUS_M;
    [(p.x - 0.5) * world, (0.5 - p.y) * world]
}

impl GeoRef {
    /// The place of an image of `size` px drawn through `view`.
    ///
    /// ```
    /// use koridor::export::GeoRef;
    /// use koridor::projection::Viewport;
    /// let whole_world = GeoRef::of(&Viewport::tile(0, 0, 0, 1.0), [256, 256]);
    /// assert!((whole_world.bbox[0] + 180.0).abs() < 1e-9 && (whole_world.bbox[2] - 180.0).abs() < 1e-9);
    /// assert!((whole_world.metres[2] - 20_037_508.34).abs() < 0.01);
    /// ```
    #[must_use]
    pub fn of(view: &Viewport, size: [u32; 2]) -> Self {
        let [x0, y0, x1, y1] = view.rect;
        let top_left = view.to_unit([x0, y0]);
        let bottom_right = view.to_unit([x1, y1]);
        let (nw, se) = (top_left.to_lon_lat(), bottom_right.to_lon_lat());
        let (a, b) = (metres(top_left), metres(bottom_right));
        Self {
            bbox: [nw.lon, se.lat, se.lon, nw.lat],
            metres: [a[0], b[1], b[0], a[1]],
            size,
        }
    }

    /// The bounding box as PNG metadata: `west,south,east,north` in degrees.
    #[must_use]
    pub fn bbox_text(&self) -> String {
        let [w, s, e, n] = self.bbox;
        format!("{w:.6},{s:.6},{e:.6},{n:.6}")
    }

    /// GDAL's side file (`.png.aux.xml`) naming the coordinate system.
    #[must_use]
    pub fn aux_xml() -> String {
        format!(
            "<PAMDataset>\n  <SRS dataAxisToSRSAxisMapping=\"1,2\">{OGC_WKT}</SRS>\n</PAMDataset>\n"
        )
    }

    /// The world file: pixel width, two rotations (0), pixel height (negative: rows go south),
    /// and the centre of the top-left pixel, in EPSG:3857 metres.
    #[must_use]
    pub fn world_file(&self) -> String {
        let [min_x, min_y, max_x, max_y] = self.metres;
        let px_w = (max_x - min_x) / f64::from(self.size[0].max(1));
        let px_h = (max_y - min_y) / f64::from(self.size[1].max(1));
        format!(
            "{px_w:.10}\n0.0\n0.0\n{:.10}\n{:.10}\n{:.10}\n",
            -px_h,
            min_x + px_w / 2.0,
            max_y - px_h / 2.0
        )
    }
}

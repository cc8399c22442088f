//! Which tiles the map shows: the embedded offline basemap, a PMTiles archive over it,
//! OpenStreetMap, or a user's own XYZ server.

use walkers::TileId;
use walkers::sources::{Attribution, TileSource};

/// The tile source chosen with `--tiles` or in the top bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TileChoice {
    /// The embedded basemap only.
    Offline,
    /// OpenStreetMap's standard tiles, over the offline basemap.
    Osm,
    /// An XYZ URL template with `{z}`, `{x}` and `{y}`, over the offline basemap.
    Template(String),
    /// A PMTiles archive on disk (street-level detail offline), over the offline basemap.
    Archive(std::path::PathBuf),
}

impl TileChoice {
    /// Parses `offline`, `osm`, an http(s) URL template or the path of a `.pmtiles` archive.
    ///
    /// # Errors
    /// A message naming the accepted forms.
    ///
    /// ```
    /// use koridor::net::TileChoice;
    /// assert_eq!(TileChoice::parse("osm"), Ok(TileChoice::Osm));
    /// assert!(TileChoice::parse("https://t.example/{z}/{x}/{y}.png").is_ok());
    /// assert!(TileChoice::parse("https://t.example/tiles.png").is_err());
    /// assert!(matches!(TileChoice::parse("kyiv.pmtiles"), Ok(TileChoice::Archive(_))));
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "offline" => Ok(Self::Offline),
            "osm" => Ok(Self::Osm),
            t if (t.starts_with("https://") || t.starts_with("http://"))
                && ["{z}", "{x}", "{y}"].iter().all(|k| t.contains(k)) =>
            {
                Ok(Self::Template(t.to_owned()))
            }
            t if t.to_ascii_lowercase().ends_with(".pmtiles") => {
                Ok(Self::Archive(std::path::PathBuf::from(t)))
            }
            other => Err(format!(
                "\"{other}\" is not a tile source: use offline, osm, a URL template such as https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, or a FILE.pmtiles"
            )),
        }
    }

    /// A short name for the top bar.
    #[must_use]
    pub fn label(&self) -> &str {
        match self {
            Self::Offline => "Offline basemap",
            Self::Osm => "OpenStreetMap",
            Self::Template(_) => "Custom tile server",
            Self::Archive(_) => "Street basemap",
        }
    }

    /// The text `--tiles` and the saved window state take for this choice.
    #[must_use]
    pub fn to_text(&self) -> String {
        match self {
            Self::Offline => "offline".into(),
            Self::Osm => "osm".into(),
            Self::Template(t) => t.clone(),
            Self::Archive(path) => path.display().to_string(),
        }
    }
}

/// A user's XYZ tile server.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    /// The URL template.
    pub template: String,
}

impl TileSource for TemplateSource {
    fn tile_url(&self, tile_id: TileId) -> String {
        self.template
            .replace("{z}", &tile_id.zoom.to_string())
            .replace("{x}", &tile_id.x.to_string())
            .replace("{y}", &tile_id.y.to_string())
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Tiles: custom server (see its terms)",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }
}

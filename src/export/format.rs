//! The export's file format: PNG, SVG or PDF, from `--format` or the file's extension, which
//! must agree.

use std::path::Path;

/// A file format an export can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A PNG image, with its metadata as PNG text.
    #[default]
    Png,
    /// An SVG drawing: named layers, text as text.
    Svg,
    /// A one-page PDF: text as text, the font embedded.
    Pdf,
    /// A time-lapse as an animated PNG.
    Apng,
    /// A time-lapse as an animated GIF (256 colours).
    Gif,
    /// A time-lapse as H.264 video, through `ffmpeg`.
    Mp4,
    /// A time-lapse as VP9 video, through `ffmpeg`.
    Webm,
}

/// Why the format could not be told.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// `--format` names no known format.
    #[error(
        "unknown format \"{0}\": use png, svg or pdf, or apng, gif, mp4 or webm for a time-lapse"
    )]
    Unknown(String),
    /// The file's extension says one format and `--format` another.
    #[error(
        "the file name ends in .{extension}, but the format asked for is {format}: make them agree"
    )]
    Mismatch {
        /// The file's extension.
        extension: String,
        /// The format asked for.
        format: &'static str,
    },
    /// The file's extension is no export format and no `--format` says which.
    #[error(
        "the file name ends in .{0}, which is no export format: use .png, .svg or .pdf (or .apng, .gif, .mp4 or .webm for a time-lapse), or say --format"
    )]
    Extension(String),
}

impl Format {
    /// Every format, stills first.
    pub const ALL: [Format; 7] = [
        Format::Png,
        Format::Svg,
        Format::Pdf,
        Format::Apng,
        Format::Gif,
        Format::Mp4,
        Format::Webm,
    ];

    /// Whether this is a time-lapse (many moments) rather than a still.
    #[must_use]
    pub fn is_animation(self) -> bool {
        matches!(
            self,
            Format::Apng | Format::Gif | Format::Mp4 | Format::Webm
        )
    }

    /// The extension, lower case, without the dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Apng => "apng",
            Format::Gif => "gif",
            Format::Mp4 => "mp4",
            Format::Webm => "webm",
        }
    }

    /// The format an extension names (any case).
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(extension))
    }

    /// The format to write `out` in: `asked` (from `--format`) or the extension of `out`; an
    /// extension that names another format is an error, and so is an unknown one when nothing
    /// is asked. A file with no extension, and standard output (`-`), are PNG unless asked.
    ///
    /// ```
    /// use std::path::Path;
    /// use koridor::export::Format;
    /// assert_eq!(Format::resolve(None, Path::new("map.svg")), Ok(Format::Svg));
    /// assert_eq!(Format::resolve(Some(Format::Pdf), Path::new("-")), Ok(Format::Pdf));
    /// assert!(Format::resolve(Some(Format::Pdf), Path::new("map.svg")).is_err());
    /// ```
    ///
    /// # Errors
    /// [`FormatError::Mismatch`] or [`FormatError::Extension`].
    pub fn resolve(asked: Option<Format>, out: &Path) -> Result<Format, FormatError> {
        let extension = out.extension().map(|e| e.to_string_lossy().into_owned());
        match (asked, extension) {
            (asked, None) => Ok(asked.unwrap_or_default()),
            (asked, Some(ext)) => match (Self::from_extension(&ext), asked) {
                (Some(named), None) => Ok(named),
                (Some(named), Some(asked)) if named == asked => Ok(asked),
                (Some(_), Some(asked)) => Err(FormatError::Mismatch {
                    extension: ext,
                    format: asked.extension(),
                }),
                (None, Some(asked)) => Ok(asked),
                (None, None) => Err(FormatError::Extension(ext)),
            },
        }
    }
}

impl std::str::FromStr for Format {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_extension(s).ok_or_else(|| FormatError::Unknown(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_decides_unless_the_format_is_asked_and_they_must_agree() {
        let p = Path::new;
        assert_eq!(Format::resolve(None, p("a.png")), Ok(Format::Png));
        assert_eq!(Format::resolve(None, p("a.SVG")), Ok(Format::Svg));
        assert_eq!(Format::resolve(None, p("a.pdf")), Ok(Format::Pdf));
        assert_eq!(Format::resolve(None, p("a")), Ok(Format::Png));
        assert_eq!(Format::resolve(Some(Format::Svg), p("a")), Ok(Format::Svg));
        assert_eq!(
            Format::resolve(Some(Format::Svg), p("a.out")),
            Ok(Format::Svg)
        );
        assert_eq!(
            Format::resolve(Some(Format::Png), p("a.svg")),
            Err(FormatError::Mismatch {
                extension: "svg".into(),
                format: "png"
            })
        );
        assert_eq!(
            Format::resolve(None, p("a.jpg")),
            Err(FormatError::Extension("jpg".into()))
        );
        assert_eq!("PDF".parse::<Format>(), Ok(Format::Pdf));
        assert!("tiff".parse::<Format>().is_err());
    }
}

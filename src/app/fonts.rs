//! The embedded DejaVu Sans as egui's font, so the window draws the same glyphs (Cyrillic,
//! arrows) as the tiles and exports, on every machine.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

use crate::typeface::{BOLD_TTF, REGULAR_TTF};

/// The font family for bold text.
#[must_use]
pub(crate) fn bold() -> FontFamily {
    FontFamily::Name("bold".into())
}

/// Installs DejaVu Sans first in every family, keeping egui's fonts as fallbacks.
pub(crate) fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".into(),
        Arc::new(FontData::from_static(REGULAR_TTF)),
    );
    fonts.font_data.insert(
        "dejavu-bold".into(),
        Arc::new(FontData::from_static(BOLD_TTF)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, "dejavu".into());
    }
    let fallback = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let mut bold_family = vec!["dejavu-bold".to_owned()];
    bold_family.extend(fallback);
    fonts.families.insert(bold(), bold_family);
    ctx.set_fonts(fonts);
}

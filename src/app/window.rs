//! Opening the real window: options, icon, remembered state.

use super::{KoridorApp, Startup, state};

/// Opens the window and runs until it is closed.
///
/// # Errors
/// When the window cannot be created (no display, no OpenGL).
pub fn run(startup: Startup) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Koridor — humanitarian corridors, March 2022")
            .with_app_id("koridor")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    let mut options = options;
    if startup.screenshot.is_some() {
        // A screenshot shows the window as a new user sees it: nothing remembered is loaded,
        // and nothing is saved over the user's state.
        options.persist_window = false;
        options.persistence_path =
            Some(std::env::temp_dir().join(format!("koridor-screenshot-{}", std::process::id())));
    }
    if let Some(icon) = icon() {
        options.viewport = options.viewport.with_icon(icon);
    }
    eframe::run_native(
        "Koridor",
        options,
        Box::new(|cc| {
            let mut startup = startup;
            if startup.screenshot.is_none() {
                startup.saved_state = cc.storage.and_then(|s| s.get_string(state::KEY));
            }
            Ok(Box::new(KoridorApp::new(&cc.egui_ctx, startup)))
        }),
    )
}

/// The window icon, decoded from the embedded PNG.
fn icon() -> Option<egui::IconData> {
    let decoder = png::Decoder::new(std::io::Cursor::new(ICON_PNG));
    let mut reader = decoder.read_info().ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut rgba).ok()?;
    (info.color_type == png::ColorType::Rgba).then_some(egui::IconData {
        rgba,
        width: info.width,
        height: info.height,
    })
}

/// Koridor's icon, 256 px.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/koridor-256.png");

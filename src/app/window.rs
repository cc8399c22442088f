//! Opening the real window: options, icon, remembered state.

use super::{KoridorApp, Startup, state};

/// Why the window could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum WindowError {
    /// There is no display to open a window on.
    #[error(
        "no display to open the window on ({reason}): set DISPLAY (X11) or WAYLAND_DISPLAY \
         (Wayland) to a running display, or use `koridor export` to draw a route without a window"
    )]
    NoDisplay {
        /// What the windowing library said, or that neither variable is set.
        reason: String,
    },
    /// The window could not be created (no OpenGL, ...).
    #[error("cannot open the window: {0}")]
    Open(eframe::Error),
    /// `--screenshot` could not be saved.
    #[error("the screenshot was not saved: {0}")]
    Screenshot(String),
}

/// Whether a display server is named in the environment (always true off Linux and the BSDs).
fn display_named() -> bool {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd"
    )) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// Opens the window and runs until it is closed.
///
/// # Errors
/// [`WindowError`]: no display, no OpenGL, or a `--screenshot` that could not be saved.
pub fn run(startup: Startup) -> Result<(), WindowError> {
    if !display_named() {
        return Err(WindowError::NoDisplay {
            reason: "neither DISPLAY nor WAYLAND_DISPLAY is set".into(),
        });
    }
    if let Some(path) = &startup.screenshot {
        // Its folder and name are checked now, not found unusable after the window has run.
        crate::fs::check_target(path).map_err(|e| WindowError::Screenshot(e.to_string()))?;
    }
    let outcome = startup.screenshot_outcome.clone();
    let wants_screenshot = startup.screenshot.is_some();
    open(startup).map_err(|err| {
        let reason = err.to_string();
        if reason.to_ascii_lowercase().contains("display") {
            WindowError::NoDisplay { reason }
        } else {
            WindowError::Open(err)
        }
    })?;
    if !wants_screenshot {
        return Ok(());
    }
    match outcome.take() {
        Some(Ok(())) => Ok(()),
        Some(Err(reason)) => Err(WindowError::Screenshot(reason)),
        None => Err(WindowError::Screenshot(
            "the window was closed before the map had settled".into(),
        )),
    }
}

fn open(startup: Startup) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Koridor — humanitarian corridors in Ukraine, March–May 2022")
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
            // KORIDOR_NO_GPU_ROUTES=1 draws the routes as egui meshes, for a driver that draws
            // the layer wrongly without reporting an error.
            startup.routes_on_gpu = cc.gl.is_some()
                && std::env::var_os("KORIDOR_NO_GPU_ROUTES").is_none_or(|v| v == "0");
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
pub(crate) const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/koridor-256.png");

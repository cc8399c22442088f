//! The window photographing itself once the map has settled (`--screenshot FILE`), for the
//! Xvfb test and the README.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use egui::{ColorImage, Context, ViewportCommand};

use crate::raster::save_png;

/// Frames to wait, at least, before the picture is taken.
const MIN_FRAMES: u32 = 20;
/// Consecutive frames with no tile loading before the picture is taken.
const SETTLED_FRAMES: u32 = 8;

/// How the screenshot went, for whoever opened the window: nothing until it was saved or failed.
#[derive(Debug, Clone, Default)]
pub struct ScreenshotOutcome(Arc<Mutex<Option<Result<(), String>>>>);

impl ScreenshotOutcome {
    fn set(&self, result: Result<(), String>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
    }

    /// The result, once the screenshot was saved (`Ok`) or could not be (`Err`, the reason).
    #[must_use]
    pub fn take(&self) -> Option<Result<(), String>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

/// Takes one screenshot when the map has settled, saves it and closes the window.
pub(crate) struct Screenshot {
    path: PathBuf,
    frames: u32,
    settled: u32,
    requested: bool,
    image: Arc<Mutex<Option<Arc<ColorImage>>>>,
    outcome: ScreenshotOutcome,
}

impl Screenshot {
    /// A screenshot to be saved to `path`, its result reported to `outcome`.
    #[must_use]
    pub(super) fn new(path: PathBuf, outcome: ScreenshotOutcome) -> Self {
        Self {
            path,
            frames: 0,
            settled: 0,
            requested: false,
            image: Arc::default(),
            outcome,
        }
    }

    /// Called once a frame with the number of tiles still loading.
    pub(super) fn frame(&mut self, ctx: &Context, tiles_loading: usize) {
        self.frames += 1;
        self.settled = if tiles_loading == 0 {
            self.settled + 1
        } else {
            0
        };
        ctx.request_repaint();
        if !self.requested && self.frames >= MIN_FRAMES && self.settled >= SETTLED_FRAMES {
            self.requested = true;
            let slot = Arc::clone(&self.image);
            ctx.request_screenshot(move |image| {
                *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(image);
            });
        }
        let taken = self
            .image
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(image) = taken {
            let [w, h] = image.size;
            let rgba: Vec<u8> = image
                .pixels
                .iter()
                .flat_map(egui::Color32::to_srgba_unmultiplied)
                .collect();
            #[expect(
                clippy::cast_possible_truncation,
                reason = "a window is far smaller than u32::MAX px"
            )]
            match save_png(
                &self.path,
                w as u32,
                h as u32,
                &rgba,
                &[("Software", "Koridor")],
            ) {
                Ok(()) => {
                    log::info!("screenshot saved to {}", self.path.display());
                    self.outcome.set(Ok(()));
                }
                Err(err) => self.outcome.set(Err(err.to_string())),
            }
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

//! The desktop's own file chooser (through the XDG desktop portal), asked on a worker thread so
//! the window never waits. Where the desktop offers none, nothing comes back and Koridor's own
//! path field — already filled with a sensible default — stays in use.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A pending "Save as" question to the desktop.
pub struct NativeSave {
    answer: Receiver<Option<PathBuf>>,
}

impl NativeSave {
    /// Asks the desktop where to save `file_name` (in `folder`), filtered by `extension`.
    #[must_use]
    pub fn ask(
        ctx: &egui::Context,
        folder: PathBuf,
        file_name: String,
        extension: &'static str,
    ) -> Option<Self> {
        let (send, answer) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("koridor-file-chooser".into())
            .spawn(move || {
                let chosen = rfd::FileDialog::new()
                    .set_directory(&folder)
                    .set_file_name(file_name)
                    .add_filter(extension.to_uppercase(), &[extension])
                    .save_file();
                let _ = send.send(chosen);
                ctx.request_repaint();
            })
            .ok()?;
        Some(Self { answer })
    }

    /// `Some(answer)` once the desktop has answered (`None` inside: cancelled or no chooser).
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        match self.answer.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(None),
        }
    }
}

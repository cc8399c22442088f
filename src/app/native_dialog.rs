//! The desktop's own file chooser (through the XDG desktop portal), asked as a background
//! [`Job`] so the window never waits. Where the desktop offers none, nothing comes back and
//! Koridor's own path field — already filled with a sensible default — stays in use.

use std::path::PathBuf;

use super::job::Job;

/// Asks the desktop where to save `file_name` (in `folder`), filtered by `extension`; the job
/// answers `None` when the user cancelled or the desktop has no chooser.
pub(crate) fn ask_save(
    ctx: &egui::Context,
    folder: PathBuf,
    file_name: String,
    extension: &'static str,
) -> Option<Job<Option<PathBuf>>> {
    Job::spawn("koridor-file-chooser", ctx, move || {
        rfd::FileDialog::new()
            .set_directory(&folder)
            .set_file_name(file_name)
            .add_filter(extension.to_uppercase(), &[extension])
            .save_file()
    })
    .ok()
}

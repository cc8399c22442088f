//! The `koridor` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use koridor::cli::{Cli, Command, run};

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    koridor::fs::remove_temporaries_on_interrupt();
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(Command::Open { code }) => match koridor::viewcode::ViewCode::parse(code) {
            Ok(view) => open_window(&cli, started, Some(view)),
            Err(err) => {
                eprintln!("koridor: {err}");
                1
            }
        },
        Some(command) => run(
            &cli,
            command,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        None => open_window(&cli, started, None),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn open_window(
    cli: &Cli,
    started: std::time::Instant,
    view_code: Option<koridor::viewcode::ViewCode>,
) -> i32 {
    let startup = koridor::app::Startup {
        source: koridor::cli::source(cli.data.as_deref()),
        tiles: cli.tiles.clone(),
        at: cli.date,
        lang: cli.lang.unwrap_or_else(koridor::i18n::system_lang),
        select: cli.select.clone(),
        screenshot: cli.screenshot.clone(),
        screenshot_outcome: koridor::app::ScreenshotOutcome::default(),
        export_dir: None,
        lang_given: cli.lang.is_some(),
        saved_state: None,
        started: Some(started),
        view_code,
        // The window turns it on once eframe reports an OpenGL context.
        routes_on_gpu: false,
        tile_cache: None,
        data_limit: koridor::MAX_DATASET_BYTES,
    };
    match koridor::app::run(startup) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("koridor: {err}");
            1
        }
    }
}

//! The `koridor` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use koridor::cli::{Cli, run};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => run(
            &cli,
            command,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        None => open_window(&cli),
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn open_window(cli: &Cli) -> i32 {
    if cli.tiles != "offline" {
        eprintln!("koridor: only the offline basemap is available in this build; using it");
    }
    let startup = koridor::app::Startup {
        dataset: koridor::cli::load(cli.data.as_ref()),
        at: cli.date,
        lang: koridor::Lang::En,
        select: cli.select.clone(),
        screenshot: cli.screenshot.clone(),
        export_dir: None,
    };
    if let Err(err) = &startup.dataset {
        for line in err.lines() {
            eprintln!("koridor: {line}");
        }
        eprintln!("koridor: opening the embedded dataset instead");
    }
    match koridor::app::run(startup) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("koridor: cannot open the window: {err}");
            1
        }
    }
}

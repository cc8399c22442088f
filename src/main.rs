//! The `koridor` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use koridor::cli::{Cli, run};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => run(&cli, command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => {
            eprintln!("koridor: the map window is not built yet; try `koridor list`");
            1
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

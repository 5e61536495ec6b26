use std::process::ExitCode;

use clap::Parser;
use mpo_budget::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => {
            eprintln!(
                "the desktop app is not built yet; use `mpo-budget calc DESIGN.ron` (see --help)"
            );
            ExitCode::from(cli::exit::BAD_INPUT)
        }
    }
}

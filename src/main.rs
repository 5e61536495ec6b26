use std::process::ExitCode;

use clap::Parser;
use mpo_budget::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => cli::open_app(args.design, args.catalog),
    }
}

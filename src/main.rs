use std::process::ExitCode;

use clap::Parser;
use mpo_budget::cli::{self, Cli};

// mimalloc: a design of many links is hundreds of thousands of small strings
// and vectors. `calc` of a 100,000-row link schedule took 1.33 s with the
// system allocator (a third of it in malloc and free) and 0.83 s with this.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => cli::open_app(args.design, args.catalog),
    }
}

//! The `sachstand` binary: parse arguments, run, report, exit (0 ok, 1 input, 2 usage/environment).

use std::process::ExitCode;

use clap::Parser;
use sachstand::app::{self, Exit};
use sachstand::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match app::run(cli) {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::InputError) => ExitCode::from(1),
        Err(error) => {
            eprintln!("fehler: {error}");
            ExitCode::from(2)
        }
    }
}

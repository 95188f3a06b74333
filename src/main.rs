//! The `sachstand` binary: parse arguments, run, report, exit (0 ok, 1 input, 2 usage/environment).

use std::process::ExitCode;

use sachstand::app::{self, Exit};
use sachstand::cli_de::{self, Parsed};

/// jemalloc instead of the system's allocator. Typst allocates and frees many small objects;
/// measured side by side (bench/typst_cli.sh), one report as a whole process takes 17.2 ms
/// against 20.0 ms with glibc's allocator, and a batch's workers keep a flat memory profile
/// without a thread per report (src/batch.rs). Its settings: .cargo/config.toml.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = match cli_de::parse() {
        Parsed::Run(cli) => cli,
        Parsed::Done { text, error: false } => {
            sachstand::output::stdout(&text);
            return ExitCode::SUCCESS;
        }
        Parsed::Done { text, error: true } => {
            eprint!("{text}");
            return ExitCode::from(2);
        }
    };
    match app::run(cli) {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::InputError) => ExitCode::from(1),
        Err(error) => {
            eprintln!("fehler: {error}");
            ExitCode::from(2)
        }
    }
}

//! The `sachstand` binary: parse arguments, run, report, exit (0 ok, 1 input, 2 usage/environment).

use std::process::ExitCode;

mod cli;

use cli::Exit;
use cli::de::Parsed;

/// jemalloc instead of the system's allocator. Typst allocates and frees many small objects;
/// measured side by side (bench/typst_cli.sh), one report as a whole process takes 17.2 ms
/// against 20.0 ms with glibc's allocator, and a batch's workers keep a flat memory profile
/// without a thread per report (src/cli/batch.rs). Its settings: .cargo/config.toml. Not on
/// Windows, where it does not build (Cargo.toml).
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    cli::print::show_notices();
    let args = match cli::de::parse() {
        Parsed::Run(args) => args,
        Parsed::Done { text, error: false } => {
            cli::print::stdout(&text);
            return ExitCode::SUCCESS;
        }
        Parsed::Done { text, error: true } => {
            eprint!("{text}");
            return ExitCode::from(2);
        }
    };
    match cli::run(args) {
        Ok(Exit::Success) => ExitCode::SUCCESS,
        Ok(Exit::InputError) => ExitCode::from(1),
        Err(error) => {
            eprintln!("fehler: {error}");
            ExitCode::from(2)
        }
    }
}

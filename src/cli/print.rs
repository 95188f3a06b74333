//! The one printer: results on stdout (ending quietly when the reader has gone), and the
//! library's notices (log records: waiting for a lock, a server's errors) on stderr.

use std::io::Write;

/// Writes `text` to stdout. When the reader has gone (`sachstand archive --verify | head`),
/// the program ends quietly with the status a shell gives a program ended by SIGPIPE (141)
/// instead of panicking as `println!` does.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let Err(e) = written
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(141);
    }
}

/// `println!` for sachstand's results: see [`stdout`].
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::print::stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints the library's log records (sachstand's own, not those of the crates it uses) on
/// stderr, each as the sentence it is: `hinweis: wartet: …`.
struct Notices;

impl log::Log for Notices {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("sachstand") && metadata.level() <= log::Level::Info
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("{}", record.args());
        }
    }

    fn flush(&self) {}
}

static NOTICES: Notices = Notices;

/// Makes the library's notices visible (once, at the start of `main`).
pub fn show_notices() {
    if log::set_logger(&NOTICES).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
}

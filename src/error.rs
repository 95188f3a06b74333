//! Environment errors: "the machine is wrong", not the input.
//!
//! A file that cannot be read, a folder that cannot be written, a bad template folder. Each
//! names the path and the cause in German; they end the run with exit code 2.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Something in the environment that stops sachstand from working.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        /// What failed, as a sentence start (`Die Berichtsdatei kann nicht gelesen werden`).
        what: &'static str,
        /// The path.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// A usage error found after parsing the arguments.
    Usage(String),
    /// Shared state stayed locked by another process longer than sachstand waits.
    Locked(String),
    /// Of several reports, these could not be processed (each was reported where it failed);
    /// the others were.
    Skipped {
        /// The skipped reports, as shown.
        items: Vec<String>,
        /// How many reports there were.
        total: usize,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(what: &'static str, path: &Path, source: io::Error) -> Self {
        Error::Io {
            what,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A German description of an I/O error kind.
fn io_cause(error: &io::Error) -> String {
    use io::ErrorKind as K;
    let text = match error.kind() {
        K::NotFound => "nicht gefunden",
        K::PermissionDenied => "keine Berechtigung",
        K::AlreadyExists => "existiert bereits",
        K::IsADirectory => "ist ein Ordner, keine Datei",
        K::NotADirectory => "ein Teil des Pfades ist kein Ordner",
        K::StorageFull => "der Datenträger ist voll",
        K::ReadOnlyFilesystem => "das Dateisystem ist schreibgeschützt",
        K::InvalidData => "ungültige Daten",
        K::FileTooLarge => "die Datei ist zu groß",
        K::ResourceBusy => "die Datei ist gerade von einem anderen Programm belegt",
        K::StaleNetworkFileHandle => {
            "die Verbindung zum Netzlaufwerk ist veraltet; bitte das Laufwerk neu verbinden"
        }
        K::TimedOut => "Zeitüberschreitung",
        K::InvalidFilename => "ungültiger Dateiname",
        K::TooManyLinks => "zu viele Verweise",
        _ if is_loop(error) => {
            "der Verweis (symbolische Verknüpfung) zeigt im Kreis; bitte den Verweis ersetzen oder entfernen"
        }
        _ => return format!("Fehler des Betriebssystems: {error}"),
    };
    text.to_owned()
}

/// Whether `error` is "too many levels of symbolic links" (ELOOP).
fn is_loop(error: &io::Error) -> bool {
    #[cfg(unix)]
    {
        rustix::io::Errno::from_io_error(error) == Some(rustix::io::Errno::LOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { what, path, source } => {
                write!(f, "{what}: {} ({})", path.display(), io_cause(source))
            }
            Error::Usage(text) | Error::Locked(text) => f.write_str(text),
            Error::Skipped { items, total } => write!(
                f,
                "{} von {} übersprungen: {}; die übrigen wurden bearbeitet",
                items.len(),
                crate::german::count(*total, "Bericht", "Berichten"),
                items.join(", ")
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Usage(_) | Error::Locked(_) | Error::Skipped { .. } => None,
        }
    }
}

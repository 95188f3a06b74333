//! One writer at a time across processes: an OS file lock (`flock` on Unix, `LockFileEx` on
//! Windows, through `std::fs::File::lock`) on a small lock file beside the shared state.
//!
//! Held from the check to the rename: the archive's index and files (`archiv/.sachstand-sperre`),
//! the choice of the next Vorlagen-Nr. and the file that carries it, and each save of the
//! editor (the project's `.sachstand-sperre`). The lock ends with the process, so a run killed
//! with `kill -9` never leaves a lock behind. A run that has to wait says so after a second and
//! gives up with a German error after [`timeout`].

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::Error;

/// The lock file's name, in the archive folder and in the project root.
pub const LOCK_FILE: &str = ".sachstand-sperre";

/// How long a run waits before it says so.
const PATIENCE: Duration = Duration::from_secs(1);

/// How often a waiting run tries again.
const RETRY: Duration = Duration::from_millis(10);

/// How long a run waits at most: `SACHSTAND_SPERRE_SEKUNDEN`, otherwise two minutes, longer
/// than any single archive step takes on a slow network share.
fn timeout() -> Duration {
    std::env::var("SACHSTAND_SPERRE_SEKUNDEN")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(120), Duration::from_secs)
}

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct Held {
    _file: Option<File>,
}

/// Waits for the exclusive lock in `folder`; `what` names the shared state in the nominative
/// for the messages ("das Archiv", "die Vergabe der Vorlagen-Nr.").
pub fn exclusive(folder: &Path, what: &str) -> Result<Held, Error> {
    acquire(folder, what, false)
}

/// Waits for a shared lock in `folder`: readers that need a consistent view (`--verify`) run
/// beside each other but never beside a writer.
pub fn shared(folder: &Path, what: &str) -> Result<Held, Error> {
    acquire(folder, what, true)
}

fn acquire(folder: &Path, what: &str, shared: bool) -> Result<Held, Error> {
    let path = folder.join(LOCK_FILE);
    // A reader opens the lock file read-only (flock needs no write access), so that `--verify`
    // works on a read-only archive (a backup, WORM storage) and for users who may only read.
    let created = || {
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
    };
    let opened = if shared {
        File::open(&path).or_else(|_| created())
    } else {
        created()
    };
    let file = match opened {
        Ok(file) => file,
        // Nobody can write here, so nobody writes: a reader needs no lock.
        Err(e) if shared && e.kind() == std::io::ErrorKind::ReadOnlyFilesystem => {
            return Ok(Held { _file: None });
        }
        Err(e) => {
            return Err(Error::io(
                "Die Sperrdatei kann nicht angelegt werden",
                &path,
                e,
            ));
        }
    };
    share_with_the_folder(folder, &file);
    let start = Instant::now();
    let limit = timeout();
    let mut told = false;
    loop {
        let attempt = if shared {
            file.try_lock_shared()
        } else {
            file.try_lock()
        };
        match attempt {
            Ok(()) => {
                return Ok(Held { _file: Some(file) });
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => {
                return Err(Error::io(
                    "Die Sperrdatei kann nicht gesperrt werden",
                    &path,
                    e,
                ));
            }
        }
        let waited = start.elapsed();
        if waited >= limit {
            return Err(Error::Locked(format!(
                "{what} ist seit {} von einem anderen Vorgang gesperrt ({}); läuft noch ein sachstand, auch auf einem anderen Rechner? Warten Sie, bis er fertig ist, und versuchen Sie es erneut",
                crate::german::count(
                    usize::try_from(limit.as_secs()).unwrap_or(usize::MAX),
                    "Sekunde",
                    "Sekunden"
                ),
                path.display()
            )));
        }
        if !told && waited >= PATIENCE {
            log::warn!(
                "hinweis: wartet: {what} wird gerade von einem anderen Vorgang benutzt ({})",
                path.display()
            );
            told = true;
        }
        std::thread::sleep(RETRY);
    }
}

/// Gives a file sachstand creates in a shared folder the folder's read and write bits, so
/// that colleagues who may write the folder (a group share) may write the file, too.
pub fn share_with_the_folder(folder: &Path, file: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let (Ok(dir), Ok(meta)) = (std::fs::metadata(folder), file.metadata())
            && meta.permissions().mode() & 0o777 != dir.permissions().mode() & 0o666
        {
            // Only the file's owner may change it; for others it already is as it is.
            let _ = file.set_permissions(std::fs::Permissions::from_mode(
                dir.permissions().mode() & 0o666,
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = (folder, file);
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn a_second_exclusive_lock_waits_until_the_first_is_dropped() -> TestResult {
        let dir = tempfile::tempdir()?;
        let first = exclusive(dir.path(), "das Archiv")?;
        let other = File::open(dir.path().join(LOCK_FILE))?;
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        assert!(other.try_lock().is_ok());
        Ok(())
    }

    #[test]
    fn shared_locks_go_together_but_not_with_an_exclusive_one() -> TestResult {
        let dir = tempfile::tempdir()?;
        let a = shared(dir.path(), "das Archiv")?;
        let b = shared(dir.path(), "das Archiv")?;
        let other = File::open(dir.path().join(LOCK_FILE))?;
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop((a, b));
        assert!(other.try_lock().is_ok());
        Ok(())
    }
}

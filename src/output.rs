//! Writing result files so that a reader never sees half of one.
//!
//! Invariant: the bytes go to a temporary file in the target folder and are renamed over the
//! target only when complete; on any failure the previous file is untouched and the
//! temporary file is removed.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write(path, bytes, true)
}

/// Writes `bytes` to a new file at `path`, atomically; an existing file is never replaced.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write(path, bytes, false)
}

/// Syncs `folder` itself to disk, so that a file renamed into it survives a crash (on Unix; a
/// no-op elsewhere, where a rename is durable when it returns).
pub fn sync_folder(folder: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        std::fs::File::open(folder)
            .and_then(|dir| dir.sync_all())
            .map_err(|e| {
                Error::io(
                    "Der Ordner kann nicht auf die Platte geschrieben werden",
                    folder,
                    e,
                )
            })?;
    }
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// The error after a swap went wrong, with the swapped-out file kept (not deleted) and named.
#[cfg(target_os = "linux")]
fn kept(temp: tempfile::TempPath, path: &Path, e: std::io::Error) -> Error {
    match temp.keep() {
        Ok(left) => Error::Usage(format!(
            "{} konnte nicht gespeichert werden ({e}); der vorige Inhalt liegt in {}",
            path.display(),
            left.display()
        )),
        Err(_) => Error::io("Die Datei kann nicht gespeichert werden", path, e),
    }
}

/// The folder `path` lies in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary file beside `path` (`.sachstand-*.tmp`, which `archive` knows as a dead run's
/// when it outlives its run) holding `bytes`, synced to disk; removed when dropped.
fn written_temp(
    path: &Path,
    bytes: &[u8],
    what: &'static str,
) -> Result<tempfile::NamedTempFile, Error> {
    let mut temp = tempfile::Builder::new()
        .prefix(".sachstand-")
        .suffix(".tmp")
        .tempfile_in(folder_of(path))
        .map_err(|e| Error::io(what, path, e))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(what, path, e))?;
    Ok(temp)
}

/// Replaces the file at `path` with `bytes` only if what it held at that moment passes
/// `unchanged` (the content the caller's edit was based on). Returns whether it was replaced.
///
/// Other programs do not take sachstand's lock, so the check has to be part of the swap: on
/// Linux the new file and the old are exchanged in one step (`renameat2` with
/// `RENAME_EXCHANGE`), then the old one is checked; had another program written in between, the
/// two are exchanged back and its content stays. Elsewhere (or on a file system without the
/// exchange) the check comes right before the rename, a window of microseconds.
pub fn replace_unchanged(
    path: &Path,
    bytes: &[u8],
    unchanged: impl Fn(&[u8]) -> bool,
) -> Result<bool, Error> {
    const WHAT: &str = "Die Datei kann nicht gespeichert werden";
    let dir = folder_of(path);
    let temp = written_temp(path, bytes, WHAT)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = temp.as_file().set_permissions(meta.permissions());
    }
    let temp = temp.into_temp_path();
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        let exchange = |a: &Path, b: &Path| renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE);
        match exchange(&temp, path) {
            Ok(()) => {
                // `temp` now holds what was at `path` the moment before. Should anything fail
                // from here on, it stays (as `.sachstand-*.tmp`): it may be someone's change.
                let before = match std::fs::read(&temp) {
                    Ok(before) => before,
                    Err(e) => return Err(kept(temp, path, e)),
                };
                if unchanged(&before) {
                    sync_folder(dir)?;
                    return Ok(true);
                }
                if let Err(e) = exchange(&temp, path) {
                    return Err(kept(temp, path, e.into()));
                }
                // A third write in between: it is newer than the one just put back.
                let ours = std::fs::read(&temp).map_err(|e| Error::io(WHAT, path, e))?;
                if ours != bytes {
                    std::fs::rename(&temp, path).map_err(|e| Error::io(WHAT, path, e))?;
                }
                return Ok(false);
            }
            // No exchange on this file system (some network shares): check, then rename.
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {}
            Err(e) => return Err(Error::io(WHAT, path, e.into())),
        }
    }
    let before = std::fs::read(path).map_err(|e| Error::io(WHAT, path, e))?;
    if !unchanged(&before) {
        return Ok(false);
    }
    temp.persist(path)
        .map_err(|e| Error::io(WHAT, path, e.error))?;
    sync_folder(dir)?;
    Ok(true)
}

fn write(path: &Path, bytes: &[u8], replace: bool) -> Result<(), Error> {
    const WHAT: &str = "Die Ausgabedatei kann nicht geschrieben werden";
    if path.is_dir() {
        return Err(Error::io(
            WHAT,
            path,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        ));
    }
    let temp = written_temp(path, bytes, WHAT)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = temp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    if replace {
        temp.persist(path)
            .map_err(|e| Error::io(WHAT, path, e.error))?;
    } else {
        temp.persist_noclobber(path)
            .map_err(|e| Error::io(WHAT, path, e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() -> TestResult {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("a.pdf");
        write_atomic(&target, b"first")?;
        write_atomic(&target, b"second")?;
        assert_eq!(std::fs::read(&target)?, b"second");
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn a_folder_as_target_is_an_error_naming_it() -> TestResult {
        let dir = tempfile::tempdir()?;
        let err = write_atomic(dir.path(), b"x")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
        assert!(err.contains("Ordner"), "{err}");
        Ok(())
    }

    #[test]
    fn a_new_file_never_replaces_one() -> TestResult {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("b.toml");
        write_new(&target, b"first")?;
        let err = write_new(&target, b"second")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("existiert bereits"), "{err}");
        assert_eq!(std::fs::read(&target)?, b"first");
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn a_replace_happens_only_over_the_content_it_was_based_on() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("bericht.toml");
        std::fs::write(&path, "alt")?;
        assert!(replace_unchanged(&path, b"neu", |b| b == b"alt")?);
        assert_eq!(std::fs::read_to_string(&path)?, "neu");
        // Someone else wrote "neu" after the caller read "alt": theirs stays.
        assert!(!replace_unchanged(&path, b"meins", |b| b == b"alt")?);
        assert_eq!(std::fs::read_to_string(&path)?, "neu");
        let names: Vec<_> = std::fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        Ok(())
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let err = write_atomic(Path::new("/nonexistent-sachstand/x.pdf"), b"x");
        assert!(err.is_err_and(|e| e.to_string().contains("/nonexistent-sachstand/x.pdf")));
    }
}

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

fn write(path: &Path, bytes: &[u8], replace: bool) -> Result<(), Error> {
    const WHAT: &str = "Die Ausgabedatei kann nicht geschrieben werden";
    if path.is_dir() {
        return Err(Error::io(
            WHAT,
            path,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".sachstand-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(WHAT, path, e))?;
    temp.write_all(bytes)
        .map_err(|e| Error::io(WHAT, path, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| Error::io(WHAT, path, e))?;
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
    fn a_missing_folder_is_an_error() {
        let err = write_atomic(Path::new("/nonexistent-sachstand/x.pdf"), b"x");
        assert!(err.is_err_and(|e| e.to_string().contains("/nonexistent-sachstand/x.pdf")));
    }
}

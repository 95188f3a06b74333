//! What a run that died leaves in the archive, and how the next one takes it up: temporary
//! files (removed), files without an index line (adopted by `archive` when they are exactly
//! what it would file, otherwise moved into `fundsachen/` with a line in the index; never
//! deleted).
//!
//! Every function that changes something expects the caller to hold the archive's lock: then
//! no other run is writing, and every temporary file is a dead run's.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::journal::{Fundsache, INDEX, Journal, Line, sha256_hex};
use crate::error::Error;

/// Where set-aside files go, inside the archive folder.
pub const FUNDSACHEN: &str = "fundsachen";

/// The list of Papers older versions wrote beside the index (`oparl --ausgabe` replaced it).
pub const OLD_OPARL: &str = "oparl.json";

/// Whether `name` is what operating systems and file managers leave in any folder (`.DS_Store`,
/// `Thumbs.db`, …): not the archive's, and recreated whenever it is moved away.
fn is_clutter(name: &str) -> bool {
    matches!(
        name,
        ".DS_Store" | "Thumbs.db" | "desktop.ini" | ".directory"
    ) || name.starts_with("._")
}

/// Whether `name` is a temporary file of `output::write_*`.
fn is_temporary(name: &str) -> bool {
    name.starts_with(".sachstand-") && name.ends_with(".tmp")
}

/// Every file below `folder` (not following symlinks), relative to it with `/`.
fn files(folder: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => stack.push(path),
                // Only regular files: a link is never followed (a filed path reached through
                // one is `--verify`'s "Verweis statt Datei"), a FIFO never read.
                Ok(kind) if kind.is_file() => {
                    if let Ok(rel) = path.strip_prefix(folder) {
                        out.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
                _ => {}
            }
        }
    }
    out.sort();
    out
}

/// What lies in the archive besides what its index names.
#[derive(Debug, Default)]
pub struct Leftovers {
    /// Temporary files of runs that died (relative paths).
    pub temporary: Vec<String>,
    /// Files no index line names (relative paths).
    pub unindexed: Vec<String>,
}

/// Finds temporary and unindexed files; linear in the number of files and index lines.
pub fn leftovers(folder: &Path, journal: &Journal) -> Leftovers {
    let mut known: HashSet<&str> = HashSet::new();
    for entry in &journal.entries {
        known.extend(entry.files().map(|(rel, _)| rel));
    }
    for found in &journal.found {
        known.insert(&found.fundsache);
    }
    let mut left = Leftovers::default();
    for rel in files(folder) {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if is_clutter(name) {
            continue;
        }
        if is_temporary(name) {
            left.temporary.push(rel);
        } else if !(known.contains(rel.as_str())
            || rel == INDEX
            || rel == OLD_OPARL
            || rel == crate::lock::LOCK_FILE)
        {
            left.unindexed.push(rel);
        }
    }
    left
}

/// Removes the temporary files of runs that died; returns how many.
pub fn remove_temporaries(folder: &Path, left: &Leftovers) -> Result<usize, Error> {
    for rel in &left.temporary {
        let path = folder.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::io(
                    "Eine übrig gebliebene temporäre Datei kann nicht entfernt werden",
                    &path,
                    e,
                ));
            }
        }
    }
    Ok(left.temporary.len())
}

/// Moves the unindexed file `rel` into `fundsachen/` (same relative path, numbered when taken)
/// and records it in the journal. Returns where it went.
pub fn set_aside(
    folder: &Path,
    journal: &mut Journal,
    rel: &str,
    anlass: &str,
) -> Result<String, Error> {
    let from = folder.join(rel);
    let bytes = std::fs::read(&from)
        .map_err(|e| Error::io("Eine Archivdatei kann nicht gelesen werden", &from, e))?;
    let target = free_name(folder, &format!("{FUNDSACHEN}/{rel}"));
    let to = folder.join(&target);
    let parent = to
        .parent()
        .map_or_else(|| folder.to_path_buf(), Path::to_path_buf);
    std::fs::create_dir_all(&parent).map_err(|e| {
        Error::io(
            "Der Ordner der Fundsachen kann nicht angelegt werden",
            &parent,
            e,
        )
    })?;
    std::fs::rename(&from, &to)
        .map_err(|e| Error::io("Eine Archivdatei kann nicht verschoben werden", &from, e))?;
    crate::output::sync_folder(&parent)?;
    if let Some(old) = from.parent() {
        crate::output::sync_folder(old)?;
    }
    journal.append(&Line::Fundsache(Fundsache {
        fundsache: target.clone(),
        gefunden_als: rel.to_owned(),
        sha256: sha256_hex(&bytes),
        anlass: anlass.to_owned(),
        verschoben: crate::berlin::format(
            crate::berlin::in_berlin(time::OffsetDateTime::now_utc()),
        ),
    }))?;
    Ok(target)
}

/// `rel`, or `rel` with `-2`, `-3`, … before its extension, whichever is free.
fn free_name(folder: &Path, rel: &str) -> String {
    if !folder.join(rel).exists() {
        return rel.to_owned();
    }
    let (stem, ext) = match rel.rfind('.') {
        Some(dot) if dot > rel.rfind('/').map_or(0, |s| s + 1) => rel.split_at(dot),
        _ => (rel, ""),
    };
    (2..)
        .map(|n| format!("{stem}-{n}{ext}"))
        .find(|candidate| !folder.join(candidate).exists())
        .unwrap_or_else(|| rel.to_owned())
}

/// What to do with a file already at a path `archive` is about to write.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// Nothing there.
    Free,
    /// Exactly the bytes that would be written: index it, write nothing.
    Same,
    /// Something else: set it aside first.
    Other,
}

/// Compares the file at `path` with `bytes`.
pub fn compare(path: &Path, bytes: &[u8]) -> Result<Found, Error> {
    match std::fs::read(path) {
        Ok(there) if there == bytes => Ok(Found::Same),
        Ok(_) => Ok(Found::Other),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Found::Free),
        Err(e) => Err(Error::io(
            "Eine Archivdatei kann nicht gelesen werden",
            path,
            e,
        )),
    }
}

/// Sets aside every unindexed file and removes every temporary one (`archive --aufraeumen`).
/// Returns the moves (from, to) and the number of temporary files removed.
pub fn tidy(folder: &Path, journal: &mut Journal) -> Result<(Vec<(String, String)>, usize), Error> {
    let left = leftovers(folder, journal);
    let removed = remove_temporaries(folder, &left)?;
    let mut moved = Vec::new();
    for rel in &left.unindexed {
        let to = set_aside(
            folder,
            journal,
            rel,
            "nicht im Index (sachstand archive --aufraeumen)",
        )?;
        moved.push((rel.clone(), to));
    }
    Ok((moved, removed))
}

/// Paths in the archive as shown to the user.
/// (The folder as the user sees it, then `rel` as filed: a link in it is shown, not followed.)
pub fn shown(folder: &Path, rel: &str) -> PathBuf {
    crate::archive::local(&crate::project::files::shown(folder), rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn leftovers_tell_temporary_from_unindexed_files() -> TestResult {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("2023"))?;
        std::fs::write(dir.path().join("2023/.sachstand-ab12.tmp"), "x")?;
        std::fs::write(dir.path().join("2023/x.pdf"), "x")?;
        std::fs::write(dir.path().join(crate::lock::LOCK_FILE), "")?;
        let journal = Journal::open(dir.path())?;
        let left = leftovers(dir.path(), &journal);
        assert_eq!(left.temporary, vec!["2023/.sachstand-ab12.tmp"]);
        assert_eq!(left.unindexed, vec!["2023/x.pdf"]);
        Ok(())
    }

    #[test]
    fn a_set_aside_file_is_moved_never_over_another_and_recorded() -> TestResult {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("fundsachen/2023"))?;
        std::fs::write(dir.path().join("fundsachen/2023/x.pdf"), "alt")?;
        std::fs::create_dir(dir.path().join("2023"))?;
        std::fs::write(dir.path().join("2023/x.pdf"), "neu")?;
        let mut journal = Journal::open(dir.path())?;
        let to = set_aside(dir.path(), &mut journal, "2023/x.pdf", "test")?;
        assert_eq!(to, "fundsachen/2023/x-2.pdf");
        assert_eq!(std::fs::read_to_string(dir.path().join(&to))?, "neu");
        assert!(!dir.path().join("2023/x.pdf").exists());
        let reread = Journal::open(dir.path())?;
        assert_eq!(reread.found.len(), 1);
        assert_eq!(reread.found[0].gefunden_als, "2023/x.pdf");
        Ok(())
    }
}

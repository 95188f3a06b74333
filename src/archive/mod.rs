//! The archive as data: its journal (`index.jsonl`), its one rule on Vorlagen-Nr. (`guard`), how a
//! run takes up what a dead run left (`recover`), filing reports under the archive's lock (`file`)
//! with their attached files (`anlagen`), checking and tidying it (`verify`), withdrawing a paper
//! (`withdraw`), recording a Beratungsergebnis (`outcome`). OParl only reads it.

pub mod anlagen;
pub mod file;
pub mod guard;
pub mod journal;
pub mod outcome;
pub mod recover;
pub mod verify;
pub mod withdraw;

use std::path::{Component, Path};

use crate::error::Error;
pub use journal::{
    Eintrag, Ergebnis, INDEX, Rueckzug, Sitzung, read_all, read_index, read_results, sha256_hex,
};

/// The file `rel` of the index (always `/`-separated: `2022/x.pdf`) below `folder`, joined part
/// by part so that it prints with the system's separator (`archiv\2022\x.pdf` on Windows).
pub fn local(folder: &Path, rel: &str) -> std::path::PathBuf {
    rel.split('/')
        .filter(|part| !part.is_empty())
        .fold(folder.to_path_buf(), |path, part| path.join(part))
}

/// Whether `rel` below `folder` is, or lies in, a symbolic link: then it is not a file the
/// archive filed, whatever it points to.
pub fn reached_through_link(folder: &Path, rel: &str) -> bool {
    let mut at = folder.to_path_buf();
    Path::new(rel).components().any(|part| {
        at.push(part);
        std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// The bytes of the filed file `rel` in the archive `folder`, only as the index recorded them:
/// a regular file reached without any symbolic link below `folder`, whose SHA-256 is `sha256`.
/// Anything else is an error naming the file and pointing at `archive --verify` (OParl serves
/// nothing the archive did not file, not even through a link to `/etc/passwd`).
pub fn read_filed(folder: &Path, rel: &str, sha256: &str) -> Result<Vec<u8>, Error> {
    let path = folder.join(rel);
    let refuse = |why: &str| {
        Error::Usage(format!(
            "die Archivdatei {} {why}; sie wird nicht ausgeliefert. Prüfen Sie das Archiv mit `sachstand archive --verify`",
            recover::shown(folder, rel).display()
        ))
    };
    if Path::new(rel)
        .components()
        .any(|part| !matches!(part, Component::Normal(_)))
    {
        return Err(refuse("liegt nicht im Archivordner"));
    }
    if reached_through_link(folder, rel) {
        return Err(refuse(
            "ist ein Verweis (symbolische Verknüpfung), keine abgelegte Datei",
        ));
    }
    let bytes = std::fs::read(&path)
        .map_err(|e| Error::io("Eine Archivdatei kann nicht gelesen werden", &path, e))?;
    if sha256_hex(&bytes) != sha256 {
        return Err(refuse(
            "stimmt nicht mehr mit ihrer Prüfsumme im Index überein",
        ));
    }
    Ok(bytes)
}

/// What the archive holds of the report at `file`: its latest version, and whether the file
/// (and every file it attaches) is still exactly that version (`None` when nothing of it is
/// archived).
pub fn state_of(entries: &[Eintrag], file: &Path) -> Option<(u32, bool)> {
    let herkunft = guard::origin(file);
    let latest = entries
        .iter()
        .filter(|e| e.herkunft.as_deref() == Some(herkunft.as_str()))
        .max_by_key(|e| e.version)?;
    let same = std::fs::read(file).is_ok_and(|bytes| sha256_hex(&bytes) == latest.sha256_quelle)
        && anlagen::unchanged(file, &latest.anlagen);
    Some((latest.version, same))
}

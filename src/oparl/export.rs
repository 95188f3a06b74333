//! The static copy of the endpoint: every object and the first page of every list as a file
//! named by its path (no extension), the PDFs (below `pdf/`) and attached files (below
//! `anlage/`) beside them. A plain web server can host it; filters and further pages need the
//! server. A PDF or attached file an earlier export wrote there that is no longer published
//! (its paper withdrawn, or `[oparl] personen_veroeffentlichen` off) is removed: nothing else
//! in the folder is touched.

use std::path::Path;

use super::model::{Endpoint, Filter, MAX_PAGE_SIZE, page};
use crate::error::Error;
use crate::output::write_atomic;

fn put(folder: &Path, path: &str, bytes: &[u8]) -> Result<(), Error> {
    let target = folder.join(path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io("Der Ausgabeordner kann nicht angelegt werden", parent, e))?;
    }
    write_atomic(&target, bytes)
}

/// What `write` wrote.
#[derive(Debug)]
pub struct Written {
    /// Objects (one file each).
    pub objects: usize,
    /// Lists (their first page).
    pub lists: usize,
    /// Archived PDFs.
    pub pdfs: usize,
    /// Archived attached files (Anlagen).
    pub anlagen: usize,
    /// PDFs and attached files of earlier exports removed (no longer published).
    pub removed: usize,
}

/// Writes `endpoint` below `folder`.
pub fn write(endpoint: &Endpoint, folder: &Path) -> Result<Written, Error> {
    for (path, object) in &endpoint.objects {
        put(folder, path, format!("{object:#}\n").as_bytes())?;
    }
    for (path, entries) in &endpoint.lists {
        let filter = Filter {
            limit: Some(entries.len().clamp(1, MAX_PAGE_SIZE)),
            ..Filter::default()
        };
        if let Some(first) = page(&endpoint.url(path), entries, &filter) {
            put(folder, path, format!("{first:#}\n").as_bytes())?;
        }
    }
    for (path, pdf) in &endpoint.pdfs {
        put(folder, path, &pdf.read()?)?;
    }
    for (path, anlage) in &endpoint.anlagen {
        put(folder, path, &anlage.filed.read()?)?;
    }
    Ok(Written {
        objects: endpoint.objects.len(),
        lists: endpoint.lists.len(),
        pdfs: endpoint.pdfs.len(),
        anlagen: endpoint.anlagen.len(),
        removed: remove_unpublished(endpoint, folder, "pdf")?
            + remove_unpublished(endpoint, folder, "anlage")?,
    })
}

/// Whether the export's file `rel` (below `pdf/` or `anlage/`) is one it writes: a PDF, or an
/// attached file's kind.
fn is_exported_kind(rel: &str) -> bool {
    let extension = rel.rsplit_once('.').map_or("", |(_, e)| e);
    if rel.starts_with("pdf/") {
        extension == "pdf"
    } else {
        ["pdf", "png", "jpg", "svg"].contains(&extension)
    }
}

/// Removes the files below `folder/<below>/` (regular files of the kinds the export writes, no
/// link followed) that `endpoint` does not publish; returns how many.
fn remove_unpublished(endpoint: &Endpoint, folder: &Path, below: &str) -> Result<usize, Error> {
    let mut removed = 0;
    let mut stack = vec![folder.join(below)];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(folder)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let published = endpoint.pdfs.contains_key(&rel) || endpoint.anlagen.contains_key(&rel);
            if kind.is_file() && is_exported_kind(&rel) && !published {
                std::fs::remove_file(&path).map_err(|e| {
                    Error::io(
                        "Eine nicht mehr veröffentlichte Datei kann nicht entfernt werden",
                        &path,
                        e,
                    )
                })?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

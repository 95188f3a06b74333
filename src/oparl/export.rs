//! The static copy of the endpoint: every object and the first page of every list as a file
//! named by its path (no extension), the PDFs beside them. A plain web server can host it;
//! filters and further pages need the server. A PDF an earlier export wrote below `pdf/` that
//! is no longer published (its paper withdrawn, or `[oparl] personen_veroeffentlichen` off) is
//! removed: nothing else in the folder is touched.

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
    /// PDFs of earlier exports removed (no longer published).
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
    Ok(Written {
        objects: endpoint.objects.len(),
        lists: endpoint.lists.len(),
        pdfs: endpoint.pdfs.len(),
        removed: remove_unpublished(endpoint, folder)?,
    })
}

/// Removes the `.pdf` files below `folder/pdf/` (regular files, no link followed) that
/// `endpoint` does not publish; returns how many.
fn remove_unpublished(endpoint: &Endpoint, folder: &Path) -> Result<usize, Error> {
    let mut removed = 0;
    let mut stack = vec![folder.join("pdf")];
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
            if kind.is_file() && rel.ends_with(".pdf") && !endpoint.pdfs.contains_key(&rel) {
                std::fs::remove_file(&path).map_err(|e| {
                    Error::io(
                        "Ein nicht mehr veröffentlichtes PDF kann nicht entfernt werden",
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

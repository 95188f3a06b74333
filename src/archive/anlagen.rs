//! The files a Vorlage attaches (`anlagen = [{ titel, datei }]`) in the archive: each version
//! files a copy of every attached file beside its PDF (`<jahr>/<name>.anlage-<n>.<ext>`, named
//! by the version and the Anlage's number, never by the user's file name) and records it in
//! its index line with media type, size and SHA-256.
//!
//! Invariants: an archived attachment is written like the PDF (never over a file, before the
//! index line, folder synced), so a line never names an attachment that is not on disk; the
//! attachments' checksums are part of what makes a new version (same text, other file: a new
//! version, like a changed report). Index lines without attachments (older ones) read as none.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::digest::sha256_hex;
use crate::paths::Canonical;
use crate::project::anlage::AnlageDatei;

/// One attached file as the index keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnlageEintrag {
    /// The Anlage's number in the report's list (1 for the first entry, titles included).
    pub nummer: u32,
    /// Its title.
    pub titel: String,
    /// The archived copy, relative to the archive folder (`2023/2023-0031.anlage-1.pdf`).
    pub datei: String,
    /// The media type (`application/pdf`, `image/png`, `image/jpeg`, `image/svg+xml`).
    pub medientyp: String,
    /// Size in bytes.
    pub groesse: u64,
    /// SHA-256 of the file (hex).
    pub sha256: String,
    /// The file as the report names it (`anlagen/kostenschaetzung.pdf`).
    pub herkunft: String,
}

impl AnlageEintrag {
    /// „Anlage 2 „Lageplan““, as messages name it.
    pub fn shown(&self) -> String {
        format!("Anlage {} „{}“", self.nummer, self.titel)
    }
}

/// An attachment on its way into the archive: its index entry and its bytes.
pub struct Filed<'a> {
    /// What the index line will say.
    pub eintrag: AnlageEintrag,
    /// The bytes to write at `eintrag.datei`.
    pub bytes: &'a [u8],
}

/// The archive's name of attachment `nummer` of the version whose PDF is `pdf`
/// (`2023/x-v2.pdf` → `2023/x-v2.anlage-3.png`).
pub fn archived_name(pdf: &str, nummer: usize, extension: &str) -> String {
    let stem = pdf.strip_suffix(".pdf").unwrap_or(pdf);
    format!("{stem}.anlage-{nummer}.{extension}")
}

/// The attachments `files` as filed with the version whose PDF is `pdf`.
pub fn to_file<'a>(pdf: &str, files: &'a [AnlageDatei]) -> Vec<Filed<'a>> {
    files
        .iter()
        .map(|file| Filed {
            eintrag: AnlageEintrag {
                nummer: u32::try_from(file.nummer).unwrap_or(u32::MAX),
                titel: file.titel.clone(),
                datei: archived_name(pdf, file.nummer, file.art.extension()),
                medientyp: file.art.media_type().to_owned(),
                groesse: file.bytes.len() as u64,
                sha256: sha256_hex(&file.bytes),
                herkunft: file.datei.clone(),
            },
            bytes: file.bytes.as_slice(),
        })
        .collect()
}

/// What of the attachments differs between an archived version (`filed`) and the files the
/// report attaches now (`now`): the Anlagen whose file is new, another or gone, as messages
/// name them (empty: the same files).
pub fn changed(filed: &[AnlageEintrag], now: &[AnlageDatei]) -> Vec<String> {
    let mut changed = Vec::new();
    for file in now {
        let before = filed.iter().find(|e| e.nummer as usize == file.nummer);
        if before.is_none_or(|e| e.sha256 != sha256_hex(&file.bytes)) {
            changed.push(format!(
                "Anlage {} „{}“ ({})",
                file.nummer, file.titel, file.datei
            ));
        }
    }
    for gone in filed
        .iter()
        .filter(|e| !now.iter().any(|f| f.nummer == e.nummer as usize))
    {
        changed.push(format!("{} (ohne Datei)", gone.shown()));
    }
    changed
}

/// Whether the files the report at `report` attaches are still those `filed` recorded: each
/// read where the report names it (confined to the project, as when it was filed), compared by
/// size, then SHA-256. A file that is gone or cannot be read counts as changed.
pub fn unchanged(report: &Path, filed: &[AnlageEintrag]) -> bool {
    if filed.is_empty() {
        return true;
    }
    let Some(root) = crate::project::files::root_of_file(report).and_then(|r| r.canonical().ok())
    else {
        return false;
    };
    let folder = match report.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    filed.iter().all(|anlage| {
        crate::project::anlage::resolve(folder, &root, &anlage.herkunft)
            .ok()
            .filter(|path| std::fs::metadata(path).is_ok_and(|m| m.len() == anlage.groesse))
            .and_then(|path| std::fs::read(path).ok())
            .is_some_and(|bytes| sha256_hex(&bytes) == anlage.sha256)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::anlage::Art;
    use std::sync::Arc;

    fn attached(nummer: usize, bytes: &[u8]) -> AnlageDatei {
        AnlageDatei {
            nummer,
            titel: "Lageplan".into(),
            datei: "anlagen/plan.png".into(),
            pfad: "/p/anlagen/plan.png".into(),
            art: Art::Png,
            bytes: Arc::new(bytes.to_vec()),
            seiten: Vec::new(),
        }
    }

    #[test]
    fn names_follow_the_version_and_the_number() {
        assert_eq!(
            archived_name("2023/2023-0031-v2.pdf", 3, "png"),
            "2023/2023-0031-v2.anlage-3.png"
        );
        let files = [attached(2, b"\x89PNG")];
        let filed = to_file("2023/x.pdf", &files);
        assert_eq!(filed[0].eintrag.datei, "2023/x.anlage-2.png");
        assert_eq!(filed[0].eintrag.medientyp, "image/png");
        assert_eq!(filed[0].eintrag.groesse, 4);
    }

    #[test]
    fn another_file_under_the_same_title_is_a_change() {
        let files = [attached(2, b"eins")];
        let filed: Vec<AnlageEintrag> = to_file("2023/x.pdf", &files)
            .into_iter()
            .map(|f| f.eintrag)
            .collect();
        assert!(changed(&filed, &files).is_empty());
        let other = [attached(2, b"zwei")];
        assert_eq!(
            changed(&filed, &other),
            ["Anlage 2 „Lageplan“ (anlagen/plan.png)"]
        );
        assert_eq!(changed(&filed, &[]), ["Anlage 2 „Lageplan“ (ohne Datei)"]);
        assert_eq!(changed(&[], &files).len(), 1);
    }
}

//! The files a report attaches as Anlagen (`anlagen = [{ titel, datei }]`): where they are,
//! what they are, and whether they may be read.
//!
//! A file is named relative to the report and must lie inside the project (symlinks resolved);
//! it is recognised by its first bytes (PDF, PNG, JPEG, SVG), never by its name alone, and
//! refused above `MAX_BYTES`. Nothing is read from the network. What a PDF holds (pages,
//! encryption, fonts) is judged where it is typeset (`typeset::anlagen`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::paths::Canonical;
use crate::report::load::Loaded;
use crate::report::model::{Anlage, Report};

/// The largest file attached, in bytes (20 MiB): a scanned plan fits, a video does not.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The most pages one attached PDF may have.
pub const MAX_PAGES: usize = 100;

/// The kinds of files that can be attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Art {
    /// A PDF: its pages follow the Vorlage.
    Pdf,
    /// A PNG image, on one page.
    Png,
    /// A JPEG image, on one page.
    Jpeg,
    /// An SVG drawing, on one page.
    Svg,
}

impl Art {
    /// The kind, from the file's first bytes.
    pub fn of(bytes: &[u8]) -> Option<Art> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Art::Pdf);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Art::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(Art::Jpeg);
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        head.contains("<svg").then_some(Art::Svg)
    }

    /// The media type (`application/pdf`), as OParl and HTTP name it.
    pub fn media_type(self) -> &'static str {
        match self {
            Art::Pdf => "application/pdf",
            Art::Png => "image/png",
            Art::Jpeg => "image/jpeg",
            Art::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Art::Pdf => "pdf",
            Art::Png => "png",
            Art::Jpeg => "jpg",
            Art::Svg => "svg",
        }
    }
}

/// An attached file, read.
#[derive(Debug, Clone)]
pub struct AnlageDatei {
    /// The Anlage's number in the report's list (1 for the first entry, titles included).
    pub nummer: usize,
    /// Its title.
    pub titel: String,
    /// The file as written in the report (`anlagen/kostenschaetzung.pdf`).
    pub datei: String,
    /// Where it is, canonical.
    pub pfad: PathBuf,
    /// What it is.
    pub art: Art,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
    /// A PDF's pages, width and height in pt (filled in where it is typeset); empty for an
    /// image.
    pub seiten: Vec<(f32, f32)>,
}

/// The report's Anlagen and the key path of their list (`beschluss.anlagen`), if it has any.
pub fn list(report: &Report) -> Option<(&'static str, &[Anlage])> {
    if let Some(b) = &report.beschluss {
        return Some(("beschluss.anlagen", &b.anlagen));
    }
    report
        .mitteilung
        .as_ref()
        .map(|m| ("mitteilung.anlagen", m.anlagen.as_slice()))
}

/// Reads every file the report attaches; each one that cannot be attached is an error at its
/// `datei` key, saying why and what to do.
pub fn read_all(loaded: &Loaded, root: &Path) -> (Vec<AnlageDatei>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let Some((key, anlagen)) = list(&loaded.data) else {
        return (files, problems);
    };
    let folder = loaded.path.parent().unwrap_or(Path::new("."));
    for (i, anlage) in anlagen.iter().enumerate() {
        let Some(datei) = &anlage.datei else {
            continue;
        };
        let at = format!("{key}[{}].datei", i + 1);
        match read(folder, root, datei) {
            Ok((pfad, art, bytes)) => files.push(AnlageDatei {
                nummer: i + 1,
                titel: anlage.titel.clone(),
                datei: datei.clone(),
                pfad,
                art,
                bytes: Arc::new(bytes),
                seiten: Vec::new(),
            }),
            Err((message, hint)) => problems.push(loaded.error_at(&at, message).hint(hint)),
        }
    }
    (files, problems)
}

/// What the release hash covers of attached files (`report::freigabe::content_hash`): one line
/// `anlage <nummer> <sha256>` per file, in the list's order.
pub fn digests(files: &[AnlageDatei]) -> Vec<String> {
    files
        .iter()
        .map(|f| {
            format!(
                "anlage {} {}",
                f.nummer,
                crate::digest::sha256_hex(&f.bytes)
            )
        })
        .collect()
}

/// `digests` of the files the report at `path` with the text `text` attaches, read from
/// disk (a file that cannot be read is left out, so the paper reads as changed); nothing for
/// a text that is no report.
pub fn digests_of_text(path: &Path, text: &str, root: &Path) -> Vec<String> {
    let name = path.display().to_string();
    match crate::report::load::parse(path.to_path_buf(), &name, text.to_owned()) {
        Ok(loaded) => digests(&read_all(&loaded, root).0),
        Err(_) => Vec::new(),
    }
}

/// A file's path resolved against the report's `folder`, confined to the project `root`.
pub fn resolve(folder: &Path, root: &Path, datei: &str) -> Result<PathBuf, (String, String)> {
    if datei.contains("://") {
        return Err((
            format!("„{datei}“ ist eine Internetadresse; Anlagen werden nie aus dem Netz geladen"),
            "laden Sie die Datei herunter, legen Sie sie in den Ordner `anlagen/` des Projekts und nennen Sie den Pfad".into(),
        ));
    }
    if datei.contains('\\') {
        return Err((
            format!("der Pfad „{datei}“ enthält einen umgekehrten Schrägstrich (\\)"),
            format!(
                "trennen Sie Ordner mit / (auch unter Windows), z. B. `datei = \"{}\"`",
                datei.replace('\\', "/")
            ),
        ));
    }
    let real = folder.join(datei).canonical().map_err(|_| {
        (
            format!("die Anlagendatei „{datei}“ gibt es nicht"),
            "der Pfad gilt relativ zu diesem Bericht; liegt er in `reports/` und die Datei in `anlagen/`: `datei = \"../anlagen/kostenschaetzung.pdf\"`".to_owned(),
        )
    })?;
    if !real.starts_with(root) {
        return Err((
            format!("die Anlagendatei „{datei}“ liegt außerhalb des Projektordners"),
            "kopieren Sie die Datei in den Ordner `anlagen/` des Projekts und nennen Sie diesen Pfad".into(),
        ));
    }
    if !real.is_file() {
        return Err((
            format!("„{datei}“ ist keine Datei"),
            "nennen Sie eine PDF-, PNG-, JPEG- oder SVG-Datei".into(),
        ));
    }
    Ok(real)
}

/// Resolves, measures, reads and recognises one file.
fn read(
    folder: &Path,
    root: &Path,
    datei: &str,
) -> Result<(PathBuf, Art, Vec<u8>), (String, String)> {
    let real = resolve(folder, root, datei)?;
    let unreadable = |e: std::io::Error| {
        (
            format!("die Anlagendatei „{datei}“ kann nicht gelesen werden: {e}"),
            "prüfen Sie die Datei und ihre Zugriffsrechte".to_owned(),
        )
    };
    let size = std::fs::metadata(&real).map_err(unreadable)?.len();
    if size > MAX_BYTES {
        return Err((
            format!(
                "die Anlagendatei „{datei}“ ist {} MB groß; erlaubt sind höchstens {} MB",
                size.div_ceil(1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
            "verkleinern Sie die Datei (z. B. Bilder mit geringerer Auflösung als PDF drucken) oder teilen Sie sie auf mehrere Anlagen auf".into(),
        ));
    }
    if size == 0 {
        return Err((
            format!("die Anlagendatei „{datei}“ ist leer (0 Bytes)"),
            "speichern oder kopieren Sie die Datei erneut; vielleicht wurde sie nicht vollständig übertragen".into(),
        ));
    }
    let bytes = std::fs::read(&real).map_err(unreadable)?;
    let Some(art) = Art::of(&bytes) else {
        return Err((
            format!("die Anlagendatei „{datei}“ ist weder PDF noch PNG, JPEG oder SVG"),
            "drucken oder speichern Sie das Dokument als PDF (am besten PDF/A) und nennen Sie diese Datei".into(),
        ));
    };
    Ok((real, art, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_files_by_their_first_bytes() {
        assert_eq!(Art::of(b"%PDF-1.7\n"), Some(Art::Pdf));
        assert_eq!(Art::of(b"\x89PNG\r\n\x1a\n...."), Some(Art::Png));
        assert_eq!(Art::of(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Art::Jpeg));
        assert_eq!(
            Art::of(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(Art::Svg)
        );
        assert_eq!(Art::of(b"PK\x03\x04 (a .docx)"), None);
    }

    #[test]
    fn refuses_files_outside_the_project_and_addresses() {
        let dir = std::env::temp_dir().join(format!("sachstand-anlage-{}", std::process::id()));
        let root = dir.join("projekt");
        std::fs::create_dir_all(root.join("reports")).unwrap();
        std::fs::write(dir.join("fremd.pdf"), b"%PDF-1.7").unwrap();
        let root = root.canonical().unwrap();
        let outside = resolve(&root.join("reports"), &root, "../../fremd.pdf");
        assert!(
            outside
                .unwrap_err()
                .0
                .contains("außerhalb des Projektordners")
        );
        let web = resolve(&root, &root, "https://example.org/a.pdf");
        assert!(web.unwrap_err().0.contains("Internetadresse"));
        let missing = resolve(&root, &root, "anlagen/fehlt.pdf");
        assert!(missing.unwrap_err().0.contains("gibt es nicht"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

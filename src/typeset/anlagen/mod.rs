//! Anlagen in the PDF: each attached file follows the Vorlage on its own pages, stamped
//! "Anlage n zu Vorlage NR", with a bookmark, as a Figure whose alternative text names it.
//!
//! Images (PNG, JPEG, SVG) are Typst images. A PDF's pages cannot be: typst-pdf refuses
//! embedded PDFs under PDF/A. So each page is laid out as a placeholder image of the page's
//! size (`marker`), and after the export `splice` swaps each placeholder object for a Form
//! XObject of the attached page (hayro-write), stripped of its own tags (`untag`, `lexer`),
//! appended as an incremental update (`increment`). Before any of this `inspect` refuses a
//! PDF that is broken, encrypted, too long or has fonts that are not embedded.

pub mod increment;
pub mod inspect;
pub mod lexer;
pub mod marker;
pub mod splice;
pub mod untag;

use serde::Serialize;

use crate::project::anlage::{AnlageDatei, Art};
use crate::report::model::Report;
use marker::{Marker, file_key};

/// One Anlage as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct AnlageView {
    /// Its number in the list (1 for the first).
    pub nummer: usize,
    /// Its title.
    pub titel: String,
    /// For an attached file: the key its first page is found by (for "Seite 3" in the list).
    pub schluessel: Option<String>,
    /// For an attached file: its pages, each an image Typst lays out.
    pub seiten: Vec<SeiteView>,
}

/// One page of an attached file.
#[derive(Debug, Clone, Serialize)]
pub struct SeiteView {
    /// Where Typst reads the image (`/.sachstand/anlagen/…`).
    pub bild: String,
    /// A PDF page's width and height in hundredths of a pt (whole numbers print as they
    /// are; the placeholder is stretched to them); `None` for an image, which keeps its own
    /// proportions.
    pub mass: Option<(i64, i64)>,
}

/// The report's Anlagen for the templates: every entry of its list, with the pages of those
/// whose file is among `files` (read and measured).
pub fn views(report: &Report, files: &[AnlageDatei]) -> Vec<AnlageView> {
    let Some((_, anlagen)) = crate::project::anlage::list(report) else {
        return Vec::new();
    };
    let nummer = report.kopf.nummer.as_deref().unwrap_or_default();
    anlagen
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let file = files.iter().find(|f| f.nummer == i + 1);
            AnlageView {
                nummer: i + 1,
                titel: a.titel.clone(),
                schluessel: file.map(|f| format!("{nummer}/{}/{}", i + 1, key_hex(&f.bytes))),
                seiten: file.map(seiten).unwrap_or_default(),
            }
        })
        .collect()
}

/// The pages of one attached file.
fn seiten(file: &AnlageDatei) -> Vec<SeiteView> {
    if file.art != Art::Pdf {
        return vec![SeiteView {
            bild: image_path(file),
            mass: None,
        }];
    }
    (0..file.seiten.len())
        .map(|page| SeiteView {
            bild: page_path(file, page),
            mass: file
                .seiten
                .get(page)
                .map(|(w, h)| (hundredths(*w), hundredths(*h))),
        })
        .collect()
}

/// A length in pt as whole hundredths.
fn hundredths(pt: f32) -> i64 {
    (f64::from(pt) * 100.0).round() as i64
}

/// The files Typst reads for `file`: the image itself, or a placeholder per PDF page.
pub fn typst_files(file: &AnlageDatei) -> Vec<(String, Vec<u8>)> {
    if file.art != Art::Pdf {
        return vec![(image_path(file), file.bytes.to_vec())];
    }
    let key = file_key(&file.bytes);
    (0..file.seiten.len())
        .map(|page| {
            let marker = Marker {
                file: key,
                page: u32::try_from(page).unwrap_or(u32::MAX),
            };
            (page_path(file, page), marker.png())
        })
        .collect()
}

/// The hex of the file's key.
fn key_hex(bytes: &[u8]) -> String {
    crate::digest::hex(&file_key(bytes))
}

/// Where Typst reads an attached image.
fn image_path(file: &AnlageDatei) -> String {
    format!(
        "/.sachstand/anlagen/{}.{}",
        key_hex(&file.bytes),
        file.art.extension()
    )
}

/// Where Typst reads the placeholder of a PDF's page (counted from 0).
fn page_path(file: &AnlageDatei, page: usize) -> String {
    format!(
        "/.sachstand/anlagen/{}/seite-{}.png",
        key_hex(&file.bytes),
        page + 1
    )
}

//! What an attached PDF holds, and whether its pages can become part of a PDF/A: readable,
//! not encrypted, at most `MAX_PAGES` pages, every font embedded.
//!
//! A refusal is a German message with what to do (print the file to PDF/A), shown at the
//! report's `datei` key by the pipeline.

use std::collections::HashSet;
use std::ops::Deref;

use hayro_syntax::object::{Dict, MaybeRef, Name, Object, ObjectIdentifier, Stream};
use hayro_syntax::page::Resources;
use hayro_syntax::{LoadPdfError, Pdf};

use crate::project::anlage::MAX_PAGES;

/// The most pixels an attached PNG or JPEG may have (decoded, such an image takes 3 bytes a
/// pixel: 50 million are 150 MB; a scan of A3 at 300 dpi has 17 million).
const MAX_PIXELS: u64 = 50_000_000;

/// How deep Form XObjects may nest before a file is refused (a loop, or a file made to hang).
const MAX_DEPTH: usize = 16;

/// A refusal: message and hint.
pub type Problem = (String, String);

/// What to do with a PDF that cannot be attached as it is.
const PRINT_TO_PDFA: &str = "öffnen Sie die Datei und drucken oder exportieren Sie sie als PDF/A (z. B. „Speichern unter … PDF/A“ in Word oder LibreOffice), dann nennen Sie diese Datei";

/// The pages' sizes (width, height in pt, rotation applied) of the PDF `bytes`, or why it
/// cannot be attached. `datei` names it in messages.
pub fn pages(datei: &str, bytes: &[u8]) -> Result<Vec<(f32, f32)>, Problem> {
    let pdf = open(datei, bytes)?;
    let pages = pdf.pages();
    if pages.is_empty() {
        return Err((
            format!("die PDF-Datei „{datei}“ hat keine Seite"),
            PRINT_TO_PDFA.into(),
        ));
    }
    if pages.len() > MAX_PAGES {
        return Err((
            format!(
                "die PDF-Datei „{datei}“ hat {} Seiten; eine Anlage darf höchstens {MAX_PAGES} Seiten haben",
                pages.len()
            ),
            "teilen Sie sie auf mehrere Anlagen auf oder legen Sie nur die nötigen Seiten bei"
                .into(),
        ));
    }
    let mut walk = Walk::default();
    for page in pages.iter() {
        walk.resources(page.resources(), 0);
    }
    if walk.too_deep {
        return Err((
            format!("die PDF-Datei „{datei}“ ist zu tief verschachtelt"),
            PRINT_TO_PDFA.into(),
        ));
    }
    if let Some(font) = walk.unmapped.first() {
        return Err((
            format!(
                "in der PDF-Datei „{datei}“ fehlt der Schrift „{font}“ die Zuordnung der Zeichen (CIDToGIDMap), die ein PDF/A verlangt"
            ),
            PRINT_TO_PDFA.into(),
        ));
    }
    if let Some(font) = walk.unembedded.first() {
        return Err((
            format!(
                "in der PDF-Datei „{datei}“ ist die Schrift „{font}“ nicht eingebettet; ein PDF/A muss jede Schrift enthalten"
            ),
            PRINT_TO_PDFA.into(),
        ));
    }
    Ok(pages.iter().map(|p| p.render_dimensions()).collect())
}

/// The PDF, refused when it is broken or encrypted.
pub fn open(datei: &str, bytes: &[u8]) -> Result<Pdf, Problem> {
    // A wrong password opens every file that is not encrypted, and none that is.
    match Pdf::new_with_password(bytes.to_vec(), "\u{1}sachstand") {
        Ok(pdf) => Ok(pdf),
        Err(LoadPdfError::Decryption(_)) => Err((
            format!("die PDF-Datei „{datei}“ ist verschlüsselt oder kennwortgeschützt"),
            "speichern Sie sie ohne Kennwort und ohne Schutz oder drucken Sie sie als PDF/A".into(),
        )),
        Err(LoadPdfError::Invalid) => Err((
            format!("die PDF-Datei „{datei}“ ist beschädigt und lässt sich nicht lesen"),
            PRINT_TO_PDFA.into(),
        )),
    }
}

/// A walk over a page's resources and the Form XObjects they use.
#[derive(Default)]
pub struct Walk {
    /// Form XObjects seen, with their ids.
    pub forms: Vec<ObjectIdentifier>,
    /// Fonts without an embedded font program, by `BaseFont`.
    pub unembedded: Vec<String>,
    /// TrueType CID fonts without `CIDToGIDMap`, by `BaseFont`.
    pub unmapped: Vec<String>,
    /// Whether forms nest deeper than `MAX_DEPTH`.
    pub too_deep: bool,
    seen: HashSet<ObjectIdentifier>,
}

impl Walk {
    /// Visits `resources` (and their parents) at nesting `depth`.
    pub fn resources(&mut self, resources: &Resources<'_>, depth: usize) {
        let mut next = Some(resources);
        while let Some(r) = next {
            self.fonts(&r.fonts);
            self.x_objects(&r.x_objects, r, depth);
            next = r.parent();
        }
    }

    fn fonts(&mut self, fonts: &Dict<'_>) {
        for key in fonts.keys() {
            let Some(font) = fonts.get::<Dict<'_>>(key.deref()) else {
                continue;
            };
            for (fine, list) in [
                (gid_mapped(&font), &mut self.unmapped),
                (embedded(&font), &mut self.unembedded),
            ] {
                let name = base_font(&font);
                if !fine && !list.contains(&name) {
                    list.push(name);
                }
            }
        }
    }

    fn x_objects(&mut self, x_objects: &Dict<'_>, parent: &Resources<'_>, depth: usize) {
        for (key, value) in x_objects.entries() {
            let MaybeRef::Ref(r) = value else { continue };
            let id: ObjectIdentifier = r.into();
            let Some(stream) = x_objects.get::<Stream<'_>>(key.deref()) else {
                continue;
            };
            let form = stream
                .dict()
                .get::<Name<'_>>(b"Subtype".as_slice())
                .is_some_and(|n| n.deref() == b"Form");
            if !form || !self.seen.insert(id) {
                continue;
            }
            if depth >= MAX_DEPTH {
                self.too_deep = true;
                continue;
            }
            self.forms.push(id);
            let own = stream
                .dict()
                .get::<Dict<'_>>(b"Resources".as_slice())
                .unwrap_or_default();
            let resources = Resources::from_parent(own, parent.clone());
            self.resources(&resources, depth + 1);
        }
    }
}

/// Whether a font dictionary carries its font program (Type 3 fonts are drawn, not embedded).
fn embedded(font: &Dict<'_>) -> bool {
    let subtype = font.get::<Name<'_>>(b"Subtype".as_slice());
    match subtype.as_deref() {
        Some(b"Type3") => true,
        Some(b"Type0") => font
            .get::<hayro_syntax::object::Array<'_>>(b"DescendantFonts".as_slice())
            .and_then(|a| a.iter::<Dict<'_>>().next())
            .is_some_and(|d| has_program(&d)),
        _ => has_program(font),
    }
}

/// The font's `BaseFont`, or "ohne Namen".
fn base_font(font: &Dict<'_>) -> String {
    font.get::<Name<'_>>(b"BaseFont".as_slice())
        .map(|n| String::from_utf8_lossy(n.deref()).into_owned())
        .unwrap_or_else(|| "ohne Namen".into())
}

/// Whether a Type 0 font whose descendant is a TrueType CID font says how its CIDs map to
/// glyphs (`CIDToGIDMap`; PDF/A-2 requires it, cairo leaves it out).
fn gid_mapped(font: &Dict<'_>) -> bool {
    let Some(descendant) = font
        .get::<hayro_syntax::object::Array<'_>>(b"DescendantFonts".as_slice())
        .and_then(|a| a.iter::<Dict<'_>>().next())
    else {
        return true;
    };
    let truetype = descendant
        .get::<Name<'_>>(b"Subtype".as_slice())
        .is_some_and(|n| n.deref() == b"CIDFontType2");
    !truetype || descendant.contains_key(b"CIDToGIDMap".as_slice())
}

/// Whether a (descendant) font's descriptor names a font file.
fn has_program(font: &Dict<'_>) -> bool {
    font.get::<Dict<'_>>(b"FontDescriptor".as_slice())
        .is_some_and(|d| {
            [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.contains_key(k))
        })
}

/// A value as it can be written again into the same file: a reference as `N G R`, a
/// dictionary or array as its raw text, a name or number as written.
pub fn raw(dict: &Dict<'_>, key: &[u8]) -> Option<Vec<u8>> {
    match dict.get_raw::<Object<'_>>(key)? {
        MaybeRef::Ref(r) => Some(format!("{} {} R", r.obj_number, r.gen_number).into_bytes()),
        MaybeRef::NotRef(Object::Dict(d)) => Some(d.data().to_vec()),
        MaybeRef::NotRef(Object::Array(a)) => Some(a.data().to_vec()),
        MaybeRef::NotRef(Object::Name(n)) => {
            let mut out = b"/".to_vec();
            out.extend_from_slice(n.deref());
            Some(out)
        }
        MaybeRef::NotRef(Object::Number(n)) => Some(format!("{}", n.as_f64()).into_bytes()),
        _ => None,
    }
}

/// Whether an attached image (PNG, JPEG, SVG) can be read, decoded as Typst will.
pub fn image(datei: &str, art: crate::project::anlage::Art, bytes: &[u8]) -> Result<(), Problem> {
    use crate::project::anlage::Art;
    use typst::foundations::Bytes;
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    if let Some((w, h)) = pixels(art, bytes)
        && u64::from(w) * u64::from(h) > MAX_PIXELS
    {
        return Err((
            format!(
                "das Bild „{datei}“ hat {w} × {h} Bildpunkte; erlaubt sind höchstens {} Millionen",
                MAX_PIXELS / 1_000_000
            ),
            "verkleinern Sie das Bild (für den Druck genügen 300 dpi, auf A4 etwa 2500 × 3500 Bildpunkte) und speichern Sie es erneut".into(),
        ));
    }
    if art == Art::Svg
        && let Some(target) = linked_file(bytes)
    {
        return Err((
            format!("die SVG-Datei „{datei}“ verweist auf eine andere Datei („{target}“); Anlagen müssen für sich stehen"),
            "betten Sie verknüpfte Bilder in die SVG ein (in Inkscape: Erweiterungen → Bilder → Einbetten) oder exportieren Sie die Zeichnung als PDF oder PNG".into(),
        ));
    }
    let data = Bytes::new(bytes.to_vec());
    let readable = match art {
        Art::Png => RasterImage::plain(data, ExchangeFormat::Png).is_ok(),
        Art::Jpeg => RasterImage::plain(data, ExchangeFormat::Jpg).is_ok(),
        Art::Svg => SvgImage::new(data).is_ok(),
        Art::Pdf => true,
    };
    if readable {
        return Ok(());
    }
    Err((
        format!("die Bilddatei „{datei}“ ist beschädigt und lässt sich nicht lesen"),
        "öffnen Sie das Bild in einem Bildprogramm und speichern Sie es erneut (PNG oder JPEG), oder drucken Sie es als PDF/A".into(),
    ))
}

/// Width and height of a PNG (its header) or JPEG (its first frame header), read without
/// decoding the image.
fn pixels(art: crate::project::anlage::Art, bytes: &[u8]) -> Option<(u32, u32)> {
    use crate::project::anlage::Art;
    let be16 = |at: usize| -> Option<u32> {
        Some(u32::from(u16::from_be_bytes(
            bytes.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    match art {
        Art::Png => {
            let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
            let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
            Some((w, h))
        }
        Art::Jpeg => {
            let mut at = 2;
            while at + 9 < bytes.len() {
                if bytes[at] != 0xFF {
                    return None;
                }
                let marker = bytes[at + 1];
                let frame =
                    (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
                if frame {
                    return Some((be16(at + 7)?, be16(at + 5)?));
                }
                at += 2 + usize::try_from(be16(at + 2)?).ok()?;
            }
            None
        }
        _ => None,
    }
}

/// The first file an SVG links to (`href` that is neither a data URL nor a fragment).
fn linked_file(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    for part in text.split("href=").skip(1) {
        let Some(quote) = part.chars().next().filter(|q| *q == '"' || *q == '\'') else {
            continue;
        };
        let value: String = part[1..].chars().take_while(|c| *c != quote).collect();
        let value = value.trim();
        if !value.is_empty() && !value.starts_with('#') && !value.starts_with("data:") {
            return Some(value.chars().take(80).collect());
        }
    }
    None
}

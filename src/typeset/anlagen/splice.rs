//! Attached PDF pages into the finished PDF: each page was laid out as a placeholder image
//! (`marker`) inside a Figure with its alternative text; here the image object is replaced,
//! under its own object number, by a Form XObject that draws the attached page (taken over
//! by hayro-write, without its own tags: `untag`) into the same unit square. The page
//! content, the tag tree and the metadata Typst wrote stay untouched (an incremental update).

use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::Arc;

use hayro_syntax::Pdf;
use hayro_syntax::object::{MaybeRef, Name as RawName, ObjectIdentifier, Stream};
use hayro_write::{ChunkSettings, ExtractionQuery, extract};
use pdf_writer::{Chunk, Content, Finish, Name, Rect, Ref};

use super::increment::{self, Object};
use super::marker::{self, Marker};

/// The PDF `pdf` with every placeholder replaced by its page of one of `attached` (found by
/// the file's hash); an error message when the PDF cannot be written.
pub fn apply(pdf: Vec<u8>, attached: &[Arc<Vec<u8>>]) -> Result<Vec<u8>, String> {
    let cannot =
        |what: &str| format!("die Anlagen lassen sich nicht in das PDF übernehmen: {what}");
    let base = Pdf::new(pdf.clone()).map_err(|_| cannot("das erzeugte PDF ist unlesbar"))?;
    let placeholders = placeholders(&base);
    if placeholders.is_empty() {
        return Ok(pdf);
    }
    let (size, trailer) =
        increment::last_trailer(&pdf).ok_or_else(|| cannot("kein Trailer im erzeugten PDF"))?;
    let mut next = Ref::new(size);
    let mut chunk = Chunk::new();
    let mut by_file: BTreeMap<[u8; 16], Vec<(ObjectIdentifier, u32)>> = BTreeMap::new();
    for (id, m) in placeholders {
        by_file.entry(m.file).or_default().push((id, m.page));
    }
    for (file, uses) in by_file {
        let bytes = attached
            .iter()
            .find(|b| marker::file_key(b) == file)
            .ok_or_else(|| cannot("eine Anlage fehlt"))?;
        let source = Pdf::new(bytes.to_vec()).map_err(|_| cannot("eine Anlage ist unlesbar"))?;
        let untagged = super::untag::untagged(&source, bytes)
            .ok_or_else(|| cannot("eine Anlage lässt sich nicht umschreiben"))?;
        let source = Pdf::new(untagged).map_err(|_| cannot("eine Anlage ist unlesbar"))?;
        let queries: Vec<ExtractionQuery> = uses
            .iter()
            .map(|(_, page)| ExtractionQuery::new_xobject(*page as usize))
            .collect();
        let extracted = extract(
            &source,
            Box::new(|| next.bump()),
            ChunkSettings::default(),
            |group| {
                group.color_space().device_rgb();
            },
            &queries,
        )
        .map_err(|_| cannot("eine Seite fehlt"))?;
        let sizes: Vec<(f32, f32)> = source
            .pages()
            .iter()
            .map(|p| p.render_dimensions())
            .collect();
        for ((id, page), root) in uses.iter().zip(&extracted.root_refs) {
            let root = root.map_err(|_| cannot("eine Seite fehlt"))?;
            let (w, h) = sizes.get(*page as usize).copied().unwrap_or((1.0, 1.0));
            wrapper(&mut chunk, id.obj_number, root, w, h);
        }
        chunk.extend(&extracted.chunk);
    }
    let objects = objects_of(&chunk).ok_or_else(|| cannot("Objekte nicht lesbar"))?;
    increment::append(&pdf, &objects, &trailer, next.get())
        .ok_or_else(|| cannot("kein Querverweis im erzeugten PDF"))
}

/// The placeholder images of the PDF's pages, by object id.
fn placeholders(pdf: &Pdf) -> BTreeMap<ObjectIdentifier, Marker> {
    let mut found = BTreeMap::new();
    for page in pdf.pages().iter() {
        let x_objects = &page.resources().x_objects;
        for (key, value) in x_objects.entries() {
            let MaybeRef::Ref(r) = value else { continue };
            let Some(stream) = x_objects.get::<Stream<'_>>(key.deref()) else {
                continue;
            };
            let image = stream
                .dict()
                .get::<RawName<'_>>(b"Subtype".as_slice())
                .is_some_and(|n| n.deref() == b"Image");
            let sized = stream.dict().get::<i32>(b"Width".as_slice()) == Some(marker::WIDTH)
                && stream.dict().get::<i32>(b"Height".as_slice()) == Some(1);
            if !(image && sized) {
                continue;
            }
            if let Some(m) = stream.decoded().ok().and_then(|d| Marker::read(&d)) {
                found.insert(r.into(), m);
            }
        }
    }
    found
}

/// A Form XObject under the placeholder's number `number` that draws the extracted page
/// `page` (`w` × `h` pt) into the unit square, where the image would have been.
fn wrapper(chunk: &mut Chunk, number: i32, page: Ref, w: f32, h: f32) {
    let mut content = Content::new();
    content.save_state();
    content.transform([1.0 / w, 0.0, 0.0, 1.0 / h, 0.0, 0.0]);
    content.x_object(Name(b"Anlage"));
    content.restore_state();
    let data = content.finish();
    let mut form = chunk.form_xobject(Ref::new(number), &data);
    form.bbox(Rect::new(0.0, 0.0, 1.0, 1.0));
    form.resources().x_objects().pair(Name(b"Anlage"), page);
    form.finish();
}

/// The chunk's objects with their numbers, each as written: the chunk is finished as a
/// small PDF of its own, whose cross-reference table gives every object's place.
fn objects_of(chunk: &Chunk) -> Option<Vec<Object>> {
    let mut pdf = pdf_writer::Pdf::new();
    pdf.extend(chunk);
    let bytes = pdf.finish();
    let xref = increment::last_startxref(&bytes)?;
    let table = std::str::from_utf8(bytes.get(xref..)?).ok()?;
    let mut lines = table.lines().skip(1);
    let first: i32 = lines.next()?.split_whitespace().next()?.parse().ok()?;
    let mut places = Vec::new();
    for (number, line) in (first..).zip(lines) {
        if line.starts_with("trailer") {
            break;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [offset, _, "n"] = parts.as_slice() {
            places.push((offset.parse::<usize>().ok()?, number));
        }
    }
    places.sort_unstable();
    let mut objects = Vec::with_capacity(places.len());
    for (i, (offset, number)) in places.iter().enumerate() {
        let end = places.get(i + 1).map_or(xref, |p| p.0);
        objects.push(Object {
            number: *number,
            generation: 0,
            bytes: bytes.get(*offset..end)?.to_vec(),
        });
    }
    Some(objects)
}

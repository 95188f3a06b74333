//! An attached PDF without its own tagging: each content stream of its pages and of the Form
//! XObjects they use is written again without marked-content operators (`lexer`), as an
//! incremental update of the file in memory. Only `splice` reads the result.

use std::io::Write;
use std::ops::Deref;

use hayro_syntax::Pdf;
use hayro_syntax::object::{MaybeRef, Object, ObjectIdentifier, Stream};

use super::increment::{self, Object as Appended};
use super::inspect::{Walk, raw};
use super::lexer::without_marked_content;

/// The keys of a Form XObject kept when its stream is written again (`StructParents` and
/// the like go with the tags).
const FORM_KEYS: [&[u8]; 6] = [
    b"Type",
    b"Subtype",
    b"BBox",
    b"Matrix",
    b"Resources",
    b"Group",
];

/// `bytes` (the PDF `pdf` was read from) with every page's and form's content untagged;
/// `None` when the file cannot be written again.
pub fn untagged(pdf: &Pdf, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut streams: Vec<(ObjectIdentifier, bool)> = Vec::new();
    let mut walk = Walk::default();
    for page in pdf.pages().iter() {
        match page.raw().get_raw::<Object<'_>>(b"Contents".as_slice()) {
            Some(MaybeRef::Ref(r)) => streams.push((r.into(), false)),
            Some(MaybeRef::NotRef(Object::Array(a))) => {
                for item in a.raw_iter() {
                    if let MaybeRef::Ref(r) = item {
                        streams.push((r.into(), false));
                    }
                }
            }
            _ => {}
        }
        walk.resources(page.resources(), 0);
    }
    streams.extend(walk.forms.iter().map(|id| (*id, true)));
    let mut objects = Vec::new();
    let mut highest = 0;
    for (id, form) in streams {
        highest = highest.max(id.obj_number);
        let stream = pdf.xref().get::<Stream<'_>>(id)?;
        let decoded = stream.decoded().ok()?;
        let cleaned = without_marked_content(&decoded);
        if cleaned == decoded.deref() {
            continue;
        }
        objects.push(written(id, &stream, &cleaned, form)?);
    }
    if objects.is_empty() {
        return Some(bytes.to_vec());
    }
    let root = pdf.xref().root_id();
    let trailer = format!("/Root {} {} R", root.obj_number, root.gen_number);
    increment::append(bytes, &objects, trailer.as_bytes(), highest + 1)
}

/// The stream `id` again, with `data` (compressed) and, for a form, its keys.
fn written(id: ObjectIdentifier, stream: &Stream<'_>, data: &[u8], form: bool) -> Option<Appended> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).ok()?;
    let compressed = encoder.finish().ok()?;
    let mut bytes = format!("{} {} obj\n<<", id.obj_number, id.gen_number).into_bytes();
    if form {
        for key in FORM_KEYS {
            if let Some(value) = raw(stream.dict(), key) {
                bytes.push(b'/');
                bytes.extend_from_slice(key);
                bytes.push(b' ');
                bytes.extend_from_slice(&value);
            }
        }
    }
    bytes.extend_from_slice(
        format!(
            "/Filter/FlateDecode/Length {}>>\nstream\n",
            compressed.len()
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(&compressed);
    bytes.extend_from_slice(b"\nendstream\nendobj\n");
    Some(Appended {
        number: id.obj_number,
        generation: u16::try_from(id.gen_number).ok()?,
        bytes,
    })
}

//! An incremental update (ISO 32000-1, 7.5.6): objects appended to a finished PDF, with a
//! cross-reference section for them and a trailer pointing back to the previous one.
//!
//! The bytes before stay as they were, so everything Typst wrote (the tag tree, the XMP
//! metadata, the document id) is kept; an object appended under an existing number replaces
//! it. PDF/A-2 allows incremental updates.

/// One object to append: number, generation and its complete text (`12 0 obj … endobj`).
pub struct Object {
    /// Object number.
    pub number: i32,
    /// Generation number.
    pub generation: u16,
    /// The object, from `N G obj` to `endobj` and a line break.
    pub bytes: Vec<u8>,
}

/// `base` with `objects` appended as an incremental update. `trailer` are the entries to
/// carry over besides `/Size` and `/Prev` (e.g. `/Root 45 0 R/Info 43 0 R/ID[…]`), `size` one
/// more than the highest object number in the file.
pub fn append(base: &[u8], objects: &[Object], trailer: &[u8], size: i32) -> Option<Vec<u8>> {
    let prev = last_startxref(base)?;
    let mut out = base.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut entries = Vec::with_capacity(objects.len());
    for object in objects {
        entries.push((object.number, object.generation, out.len()));
        out.extend_from_slice(&object.bytes);
    }
    entries.sort_unstable();
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < entries.len() {
        let mut j = i;
        while j + 1 < entries.len() && entries[j + 1].0 == entries[j].0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", entries[i].0, j - i + 1).as_bytes());
        for (_, generation, offset) in &entries[i..=j] {
            out.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
        }
        i = j + 1;
    }
    let size = entries.iter().map(|e| e.0 + 1).max().unwrap_or(0).max(size);
    out.extend_from_slice(format!("trailer\n<</Size {size}/Prev {prev}").as_bytes());
    out.extend_from_slice(trailer);
    out.extend_from_slice(format!(">>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    Some(out)
}

/// The offset the file's last `startxref` names.
pub fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let at = rfind(pdf, b"startxref")?;
    let tail = std::str::from_utf8(&pdf[at + 9..]).ok()?;
    tail.split_whitespace().next()?.parse().ok()
}

/// The last classic trailer's entries (`/Size 46/Root 45 0 R/Info 43 0 R/ID[…]`): `/Size`
/// as a number and the rest as written. `None` for a file with a cross-reference stream.
pub fn last_trailer(pdf: &[u8]) -> Option<(i32, Vec<u8>)> {
    let start = rfind(pdf, b"trailer")? + b"trailer".len();
    let end = start + rfind(&pdf[start..], b"startxref")?;
    let dict = trim(&pdf[start..end]);
    let inner = dict.strip_prefix(b"<<")?.strip_suffix(b">>")?;
    let key = find(inner, b"/Size")?;
    let after = &inner[key + 5..];
    let skipped = after.len() - trim_start(after).len();
    let digits = trim_start(after)
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let size = std::str::from_utf8(&trim_start(after)[..digits])
        .ok()?
        .parse()
        .ok()?;
    let mut rest = inner[..key].to_vec();
    rest.extend_from_slice(&after[skipped + digits..]);
    Some((size, rest))
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn trim(b: &[u8]) -> &[u8] {
    let b = trim_start(b);
    let n = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    &b[..b.len() - n]
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &[u8] = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\nxref\n0 2\n0000000000 65535 f\r\n0000000009 00000 n\r\ntrailer\n<</Size 2/Root 1 0 R/ID[(a)(a)]>>\nstartxref\n42\n%%EOF\n";

    #[test]
    fn reads_the_trailer_and_appends_a_section_after_it() {
        let (size, rest) = last_trailer(BASE).unwrap();
        assert_eq!(size, 2);
        assert_eq!(rest, b"/Root 1 0 R/ID[(a)(a)]");
        let object = Object {
            number: 3,
            generation: 0,
            bytes: b"3 0 obj\n42\nendobj\n".to_vec(),
        };
        let out = append(BASE, &[object], &rest, size).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        let at = BASE.len();
        assert!(text.ends_with(&format!("xref\n3 1\n{at:010} 00000 n\r\ntrailer\n<</Size 4/Prev 42/Root 1 0 R/ID[(a)(a)]>>\nstartxref\n{}\n%%EOF\n", at + 18)), "{text}");
        assert_eq!(last_startxref(&out), Some(at + 18));
    }
}

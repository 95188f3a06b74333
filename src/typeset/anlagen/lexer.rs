//! A content stream without its marked-content operators (`BMC`, `BDC`, `EMC`).
//!
//! An attached PDF page becomes one Figure of the Vorlage (see `splice`); its own tags
//! (`/P <</MCID 3>> BDC`) and artifacts (`/Artifact BMC`) would then be nested inside that
//! Figure, which PDF/UA forbids. Everything else (text, paths, images, inline images) stays
//! byte for byte. The lexer knows just enough of the syntax (ISO 32000-1, 7.2 and 8.9.7) to
//! find operators: strings with escapes and nesting, hex strings, dictionaries, names,
//! comments and inline image data.

/// `data` with every `BMC`, `BDC` and `EMC` and their operands replaced by a space.
pub fn without_marked_content(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut copied = 0;
    let mut operands = 0;
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if is_white(c) {
            i += 1;
            continue;
        }
        let end = match c {
            b'%' => skip_comment(data, i),
            b'(' => skip_string(data, i),
            b'<' if data.get(i + 1) == Some(&b'<') => i + 2,
            b'<' => skip_until(data, i, b'>'),
            b'>' if data.get(i + 1) == Some(&b'>') => i + 2,
            b'[' | b']' | b'{' | b'}' | b')' | b'>' => i + 1,
            b'/' => skip_regular(data, i + 1),
            _ => {
                let end = skip_regular(data, i);
                let token = &data[i..end];
                if is_operand(token) {
                    end
                } else {
                    if matches!(token, b"BMC" | b"BDC" | b"EMC") {
                        out.extend_from_slice(&data[copied..operands]);
                        out.push(b' ');
                        copied = end;
                    }
                    let end = if token == b"BI" {
                        skip_inline_image(data, end)
                    } else {
                        end
                    };
                    operands = end;
                    end
                }
            }
        };
        i = end.max(i + 1);
    }
    out.extend_from_slice(&data[copied..]);
    out
}

/// PDF white-space characters.
fn is_white(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// PDF delimiter characters.
fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A number or one of the keywords that are operands, not operators.
fn is_operand(token: &[u8]) -> bool {
    matches!(token, b"true" | b"false" | b"null")
        || token
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'+' | b'-'))
}

/// The end of a run of regular characters from `i`.
fn skip_regular(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && !is_white(data[i]) && !is_delimiter(data[i]) {
        i += 1;
    }
    i
}

/// The end of the comment at `i` (its line).
fn skip_comment(data: &[u8], mut i: usize) -> usize {
    while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
        i += 1;
    }
    i
}

/// Past the first `stop` after `i`.
fn skip_until(data: &[u8], i: usize, stop: u8) -> usize {
    data[i..]
        .iter()
        .position(|&c| c == stop)
        .map_or(data.len(), |p| i + p + 1)
}

/// Past the literal string opening at `i`: balanced parentheses, backslash escapes.
fn skip_string(data: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    data.len()
}

/// Past an inline image whose `BI` ends at `i`: its dictionary up to `ID`, one white-space
/// byte, the data, and `EI` between white space (or at the end).
fn skip_inline_image(data: &[u8], i: usize) -> usize {
    let Some(id) = find(data, i, b"ID") else {
        return data.len();
    };
    let mut j = id + 3;
    while let Some(ei) = find(data, j, b"EI") {
        let before = ei > 0 && is_white(data[ei - 1]);
        let after = data.get(ei + 2).is_none_or(|&c| is_white(c));
        if before && after {
            return ei + 2;
        }
        j = ei + 2;
    }
    data.len()
}

/// The position of `needle` at or after `from`.
fn find(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::without_marked_content as strip;

    fn text(data: &[u8]) -> String {
        String::from_utf8_lossy(&strip(data))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn removes_tags_and_artifacts_and_keeps_the_drawing() {
        let content = b"/P <</MCID 0>> BDC BT /F1 11 Tf (Hallo) Tj ET EMC\n/Artifact BMC 0 0 m 10 10 l S EMC\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q Q EMC";
        assert_eq!(
            text(content),
            "BT /F1 11 Tf (Hallo) Tj ET 0 0 m 10 10 l S q Q"
        );
    }

    #[test]
    fn operator_names_inside_strings_names_and_images_stay() {
        let content = b"BT (EMC \\) BDC) Tj /EMC 1 Tf ET BI /W 2 /H 1 ID \x00EMC\xff EI Q";
        assert_eq!(strip(content), content.to_vec());
        let nested = b"(a (EMC) b) Tj <454d43> Tj % EMC\nq";
        assert_eq!(strip(nested), nested.to_vec());
    }

    #[test]
    fn a_stream_without_marked_content_is_unchanged() {
        let content = b"q 1 0 0 1 0 0 cm /Im1 Do Q";
        assert_eq!(strip(content), content.to_vec());
    }
}

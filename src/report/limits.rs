//! Limits instead of hangs: how large a report file and one text in it may be.
//!
//! Typst's line breaking grows faster than linearly with a paragraph's length, and memory
//! with the text as a whole; these limits keep `check` and `render` under 2 s and 200 MiB
//! for any input (see `bench/hostile.sh`). Both are errors naming the field and the limit.

use std::path::Path;

use crate::diag::{Diagnostic, SourceFile};

/// The largest report file, in bytes (1 MiB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The most characters one text value may have.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The most entries one list (`[[beratungsfolge]]`, `text = [...]`, …) may have.
pub const MAX_LIST_ENTRIES: usize = 500;

/// The most characters all texts of one file may have together.
pub const MAX_TOTAL_CHARS: usize = 60_000;

/// An error when the file at `path` (of `len` bytes) is larger than the limit.
pub fn file_size(path: &Path, len: u64) -> Option<Diagnostic> {
    (len > MAX_FILE_BYTES).then(|| {
        Diagnostic::error(format!(
            "die Datei ist {} groß; erlaubt ist höchstens 1 MiB (1.048.576 Bytes)",
            size(len)
        ))
        .in_file(path.display().to_string())
        .hint("ein Bericht ist wenige Kilobyte groß: prüfen Sie, ob die richtige Datei genannt ist")
    })
}

fn size(len: u64) -> String {
    format!("{} Bytes", crate::german::number(len as f64, 0))
}

/// Errors for every text longer than the limit, and one when all texts together are.
pub fn texts(
    source: &SourceFile,
    strings: &[(String, String, std::ops::Range<usize>)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut total = 0;
    for (path, text, span) in strings {
        let chars = text.chars().count();
        total += chars;
        if chars > MAX_TEXT_CHARS {
            out.push(
                Diagnostic::error(format!(
                    "`{path}` ist {} Zeichen lang; erlaubt sind höchstens {} Zeichen je Text",
                    crate::german::number(chars as f64, 0),
                    crate::german::number(MAX_TEXT_CHARS as f64, 0)
                ))
                .at(source, span.start..span.start + 1)
                .hint("teilen Sie den Text in Absätze oder kürzen Sie ihn; lange Ausführungen gehören in eine Anlage"),
            );
        }
    }
    if out.is_empty() && total > MAX_TOTAL_CHARS {
        out.push(
            Diagnostic::error(format!(
                "die Texte des Berichts sind zusammen {} Zeichen lang; erlaubt sind höchstens {} Zeichen",
                crate::german::number(total as f64, 0),
                crate::german::number(MAX_TOTAL_CHARS as f64, 0)
            ))
            .in_file(source.name.clone())
            .hint("eine Vorlage hat wenige Seiten; lange Ausführungen gehören in eine Anlage"),
        );
    }
    out
}

/// Errors for every list with more entries than the limit, from the index of value spans
/// (`beratungsfolge[501]` and so on).
pub fn lists(
    source: &SourceFile,
    spans: &std::collections::BTreeMap<String, std::ops::Range<usize>>,
) -> Vec<Diagnostic> {
    let mut longest: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for path in spans.keys() {
        let Some(body) = path.strip_suffix(']') else {
            continue;
        };
        let Some((list, n)) = body.rsplit_once('[') else {
            continue;
        };
        if let Ok(n) = n.parse::<usize>() {
            let entry = longest.entry(list).or_default();
            *entry = (*entry).max(n);
        }
    }
    longest
        .into_iter()
        .filter(|(_, n)| *n > MAX_LIST_ENTRIES)
        .map(|(list, n)| {
            let span = spans.get(list).cloned().unwrap_or(0..0);
            Diagnostic::error(format!(
                "`{list}` hat {n} Einträge; erlaubt sind höchstens {MAX_LIST_ENTRIES}"
            ))
            .at(source, span.start..span.start + 1)
            .hint("eine Vorlage hat wenige Seiten; lange Aufstellungen gehören in eine Anlage")
        })
        .collect()
}

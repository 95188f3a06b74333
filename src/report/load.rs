//! Reading TOML files (reports, project settings): text → data, keeping the text and every
//! value's span.
//!
//! Problems in the file become German diagnostics with line and column (syntax, missing or
//! unknown keys with a suggestion, wrong types). The parsed document with spans is kept so that
//! later stages can point at any value by its key path.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, SourceFile, closest};
use crate::error::Error;
use crate::report::model::Report;

/// A TOML file as read from disk (a report unless said otherwise), with everything needed to
/// point into it.
#[derive(Debug)]
pub struct Loaded<T = Report> {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text, for diagnostics.
    pub source: SourceFile,
    /// The data.
    pub data: T,
    /// The span of every value by its key path (`stelle.person`, `beratungsfolge[1].termin`;
    /// array positions count from 1, as a person counts them).
    spans: BTreeMap<String, Range<usize>>,
    /// Every string value: key path, text, span.
    strings: Vec<(String, String, Range<usize>)>,
}

impl<T> Loaded<T> {
    /// The span of the value at `path`, or of its closest existing parent.
    pub fn span(&self, path: &str) -> Range<usize> {
        let mut path = path;
        loop {
            if let Some(span) = self.spans.get(path) {
                return span.clone();
            }
            match path.rfind(['.', '[']) {
                Some(i) => path = &path[..i],
                None => return 0..0,
            }
        }
    }

    /// An error pointing at the value at `path`.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.source, self.span(path))
    }

    /// A warning pointing at the value at `path`.
    pub fn warning_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(message).at(&self.source, self.span(path))
    }

    /// The key path of the value a diagnostic at `offset` concerns (see [`key_path_at`]).
    pub fn path_at(&self, offset: usize) -> Option<&str> {
        path_in(&self.spans, offset)
    }

    /// Every string in the document: key path, text and span.
    pub fn strings(&self) -> &[(String, String, Range<usize>)] {
        &self.strings
    }

    /// The file name without its extension (`2022-11-integrationsstrategie`).
    pub fn stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The key path of the innermost value whose span holds `offset` (a diagnostic's start), so
/// that the editor can show the diagnostic at its field. A diagnostic at a table header
/// (`[[beratungsfolge]]`, a missing key) goes to the first value after it. Works on text that
/// parses as TOML but not as a report (a missing key), where no `Loaded` exists.
pub fn key_path_at(text: &str, offset: usize) -> Option<String> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return None;
    }
    let mut index = Index::default();
    index.table(doc.get_ref(), "");
    path_in(&index.spans, offset).map(str::to_owned)
}

fn path_in(spans: &BTreeMap<String, Range<usize>>, offset: usize) -> Option<&str> {
    let inside = spans
        .iter()
        .filter(|(_, span)| span.start <= offset && offset < span.end.max(span.start + 1))
        .min_by_key(|(_, span)| span.end - span.start)
        .map(|(path, _)| path.as_str());
    // At the header of a list entry or table: the first entry or value below it.
    let below = |outer: &str| {
        spans
            .iter()
            .filter(|(path, span)| {
                span.start >= offset
                    && path.len() > outer.len()
                    && path.starts_with(outer)
                    && path[outer.len()..].starts_with(['.', '['])
            })
            .min_by_key(|(path, span)| (span.start, std::cmp::Reverse(path.len())))
            .map(|(path, _)| path.as_str())
    };
    match inside {
        Some(outer) => below(outer).or(Some(outer)),
        None => spans
            .iter()
            .filter(|(_, span)| span.start >= offset)
            .min_by_key(|(_, span)| span.start)
            .map(|(path, _)| path.as_str()),
    }
}

/// Walks the spanned document and records every value's span and every string.
#[derive(Default)]
struct Index {
    spans: BTreeMap<String, Range<usize>>,
    strings: Vec<(String, String, Range<usize>)>,
}

impl Index {
    fn table(&mut self, table: &DeTable<'_>, prefix: &str) {
        for (key, value) in table.iter() {
            let path = if prefix.is_empty() {
                key.get_ref().to_string()
            } else {
                format!("{prefix}.{}", key.get_ref())
            };
            self.value(value, path);
        }
    }

    fn value(&mut self, value: &toml::Spanned<DeValue<'_>>, path: String) {
        match value.get_ref() {
            DeValue::String(s) => self
                .strings
                .push((path.clone(), s.to_string(), value.span())),
            DeValue::Table(t) => self.table(t, &path),
            DeValue::Array(a) => {
                for (i, item) in a.iter().enumerate() {
                    self.value(item, format!("{path}[{}]", i + 1));
                }
            }
            _ => {}
        }
        self.spans.insert(path, value.span());
    }
}

/// Reads and parses a report file. `Err(Error)` when it cannot be read at all,
/// `Ok(Err(diagnostics))` when its content is wrong.
pub fn load(path: &Path) -> Result<Result<Loaded, Vec<Diagnostic>>, Error> {
    load_as(path, "Die Berichtsdatei kann nicht gelesen werden")
}

/// Reads and parses any TOML file into `T`; `what` starts the message when it cannot be read.
pub fn load_as<T: DeserializeOwned>(
    path: &Path,
    what: &'static str,
) -> Result<Result<Loaded<T>, Vec<Diagnostic>>, Error> {
    let len = std::fs::metadata(path)
        .map_err(|e| Error::io(what, path, e))?
        .len();
    if let Some(diag) = crate::report::limits::file_size(path, len) {
        return Ok(Err(vec![diag]));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(what, path, e))?;
    let name = path.display().to_string();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(&name, lossy);
            return Ok(Err(vec![
                Diagnostic::error("die Datei ist nicht in UTF-8 gespeichert")
                    .at(&file, offset..offset + 1)
                    .hint("speichern Sie die Datei im Editor mit der Kodierung „UTF-8“"),
            ]));
        }
    };
    Ok(parse_as(path.to_path_buf(), &name, text))
}

/// Parses report text; `name` is how the file is shown in diagnostics.
pub fn parse(path: PathBuf, name: &str, text: String) -> Result<Loaded, Vec<Diagnostic>> {
    parse_as(path, name, text)
}

/// Parses TOML text into `T`; `name` is how the file is shown in diagnostics.
pub fn parse_as<T: DeserializeOwned>(
    path: PathBuf,
    name: &str,
    text: String,
) -> Result<Loaded<T>, Vec<Diagnostic>> {
    let source = SourceFile::new(name, text);
    let findings = crate::report::hints::scan(&source.text);
    let (doc, errors) = DeTable::parse_recoverable(&source.text);
    if !errors.is_empty() {
        let toml: Vec<Diagnostic> = errors.iter().map(|e| toml_diagnostic(&source, e)).collect();
        return Err(with_findings(&source, &findings, toml));
    }
    let mut index = Index::default();
    index.table(doc.get_ref(), "");
    let Index { spans, strings } = index;
    let mut too_long = crate::report::limits::lists(&source, &spans);
    too_long.extend(crate::report::limits::texts(&source, &strings));
    if !too_long.is_empty() {
        return Err(too_long);
    }
    // The document parsed above, not the text a second time.
    match T::deserialize(toml::de::Deserializer::from(doc)) {
        Ok(data) => Ok(Loaded {
            path,
            source,
            data,
            spans,
            strings,
        }),
        Err(e) => {
            let mut diag = toml_diagnostic(&source, &e);
            if let Some(path) = missing_key_path(&spans, &e) {
                diag = diag.about(path, crate::diag::Problem::Missing);
            }
            Err(with_findings(&source, &findings, vec![diag]))
        }
    }
}

/// For serde's "missing field `k`": the key path the missing key would have (`kopf.produkt`,
/// `beratungsfolge[2].termin`), from the table the error's span covers.
fn missing_key_path(
    spans: &BTreeMap<String, Range<usize>>,
    error: &toml::de::Error,
) -> Option<String> {
    let key = error
        .message()
        .strip_prefix("missing field `")?
        .split('`')
        .next()?;
    let span = error.span()?;
    let table = spans
        .iter()
        .filter(|(_, s)| s.start <= span.start && span.end <= s.end)
        .min_by_key(|(_, s)| s.end - s.start)
        .map(|(path, _)| path.as_str());
    Some(match table {
        Some(table) => format!("{table}.{key}"),
        None => key.to_owned(),
    })
}

/// The recognised mistakes as diagnostics, plus the parser's errors on other lines, in line
/// order.
fn with_findings(
    source: &SourceFile,
    findings: &[crate::report::hints::Finding],
    toml: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let line = |span: &Range<usize>| source.line_col(span.start).0;
    let lines: Vec<usize> = findings.iter().map(|f| line(&f.span)).collect();
    let mut out: Vec<Diagnostic> = findings
        .iter()
        .map(|f| {
            f.hints.iter().fold(
                Diagnostic::error(f.message.clone()).at(source, f.span.clone()),
                |d, h| d.hint(h.clone()),
            )
        })
        .collect();
    out.extend(toml.into_iter().filter(|d| {
        d.location
            .as_ref()
            .is_none_or(|(_, span)| !lines.contains(&line(span)))
    }));
    crate::diag::sort_by_position(&mut out);
    out
}

/// Turns a `toml` error into a German diagnostic, with a suggestion where one helps.
fn toml_diagnostic(source: &SourceFile, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim();
    let mut span = error.span().unwrap_or(0..0);
    if message.starts_with("unknown field")
        && let Some(key) = message.split('`').nth(1)
        && let Some(at) = key_in(source.text.get(span.clone()).unwrap_or_default(), key)
    {
        // A value read as a whole (an inline table in a list) is reported at its list;
        // point at the key itself.
        span = span.start + at..span.start + at + key.len();
    }
    let (text, hints) = translate(message);
    let mut diag = Diagnostic::error(text).at(source, span);
    for hint in hints {
        diag = diag.hint(hint);
    }
    diag
}

/// Where `key` stands as a key (`key =`, not inside another word) in `text`.
fn key_in(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + key.len()..].trim_start();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && after.starts_with('=')
    })
}

/// Translates the messages of `toml`/`serde` into German, with hints.
fn translate(message: &str) -> (String, Vec<String>) {
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let first = ticked.first().copied().unwrap_or("");
    if message.starts_with("missing field") {
        return (
            format!("der Pflichtschlüssel `{first}` fehlt in diesem Abschnitt"),
            vec![format!("ergänzen Sie `{first} = …` in diesem Abschnitt")],
        );
    }
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let what = if message.starts_with("unknown field") {
            "unbekannter Schlüssel"
        } else {
            "unbekannter Wert"
        };
        let expected = &ticked[1.min(ticked.len())..];
        let mut hints = Vec::new();
        if let Some(best) = closest(first, expected.iter().copied()) {
            hints.push(format!("meinten Sie `{best}`?"));
        }
        if !expected.is_empty() {
            let list: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
            hints.push(format!("erlaubt sind hier: {}", list.join(", ")));
        }
        return (format!("{what} `{first}`"), hints);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            format!(
                "falscher Typ: {}, erwartet wird {}",
                type_name(found),
                type_name(expected)
            ),
            vec!["Zahlen und Daten (z. B. 25 oder 2022-11-16) stehen ohne Anführungszeichen, Texte in Anführungszeichen".into()],
        );
    }
    if message.starts_with("duplicate key") {
        return (
            "dieser Schlüssel steht in diesem Abschnitt zweimal".into(),
            vec!["löschen Sie eine der beiden Zeilen".into()],
        );
    }
    if let Some(rest) = message.strip_prefix("invalid date, expected day between ") {
        let (low, high) = rest.split_once(" and ").unwrap_or(("01", rest));
        return (
            format!(
                "dieses Datum gibt es nicht: der Tag muss in diesem Monat zwischen {low} und {high} liegen"
            ),
            vec!["Daten stehen als JJJJ-MM-TT da, z. B. 2022-11-16".into()],
        );
    }
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string")
    {
        return (
            "der Text ist nicht abgeschlossen: das schließende Anführungszeichen fehlt".into(),
            vec!["setzen Sie an das Ende des Textes ein `\"`; ein Text darf nicht über mehrere Zeilen gehen, außer in `\"\"\"…\"\"\"`".into()],
        );
    }
    // Our own types (Datum, Uhrzeit, Phrase) say what is wrong in German already; the
    // parser's own messages are English ASCII.
    if message.contains("ist kein reines Datum")
        || message.contains("gibt es nicht")
        || !message.is_ascii()
    {
        return (message.to_owned(), Vec::new());
    }
    crate::report::hints::translate_syntax(message)
}

fn type_name(serde_name: &str) -> String {
    let s = serde_name.trim();
    let (kind, value) = s.split_once(' ').unwrap_or((s, ""));
    let value = value.trim();
    let show = |v: &str| {
        if v.is_empty() {
            String::new()
        } else {
            format!(" {v}")
        }
    };
    match kind {
        "string" => format!("ein Text{}", show(value)),
        _ if s.starts_with("a string") => "ein Text".into(),
        "integer" => format!("eine ganze Zahl{}", show(value)),
        "float" | "f64" => format!("eine Zahl{}", show(value)),
        "i64" | "u8" | "u32" | "u64" => "eine ganze Zahl".into(),
        "boolean" | "bool" => format!("wahr/falsch{}", show(value)),
        "sequence" => "eine Liste".into(),
        "map" => "ein Abschnitt".into(),
        _ if s.contains("Datetime") || s.contains("datetime") => "ein Datum (JJJJ-MM-TT)".into(),
        _ if s.starts_with("struct") => "ein Abschnitt".into(),
        _ if s.starts_with("a sequence") => "eine Liste".into(),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_names_its_own_path() {
        let text = "vorlage = \"x\"\n[kopf]\nprodukt = \"1\"\n\n[[beratungsfolge]]\ngremium = \"M\"\ntermin = 2022-01-01\n\n[[beratungsfolge]]\ngremium = \"M\"\n";
        let Err(diags) = parse(PathBuf::from("r.toml"), "r.toml", text.to_owned()) else {
            panic!("a report without keys loaded");
        };
        let paths: Vec<_> = diags
            .iter()
            .filter_map(|d| d.subject.as_ref().map(|s| s.path.as_str()))
            .collect();
        assert_eq!(paths, ["beratungsfolge[2].termin"], "{diags:?}");
    }

    #[test]
    fn translates_unknown_field_with_suggestion() {
        let (msg, hints) =
            translate("unknown field `stellenanteill`, expected one of `person`, `stellenanteil`");
        assert_eq!(msg, "unbekannter Schlüssel `stellenanteill`");
        assert_eq!(hints[0], "meinten Sie `stellenanteil`?");
    }

    #[test]
    fn translates_missing_field() {
        let (msg, _) = translate("missing field `produkt`");
        assert_eq!(
            msg,
            "der Pflichtschlüssel `produkt` fehlt in diesem Abschnitt"
        );
    }

    #[test]
    fn translates_a_number_where_text_belongs() {
        let (msg, _) = translate("invalid type: integer `25`, expected a string");
        assert_eq!(
            msg,
            "falscher Typ: eine ganze Zahl `25`, erwartet wird ein Text"
        );
    }

    #[test]
    fn translates_wrong_type() {
        let (msg, _) = translate("invalid type: string \"fünfundzwanzig\", expected f64");
        assert_eq!(
            msg,
            "falscher Typ: ein Text \"fünfundzwanzig\", erwartet wird eine Zahl"
        );
    }
}

//! Diagnostics: "your input is wrong", with file, line, column and a snippet.
//!
//! One type serves TOML, validation, template and Typst problems alike, and one printer
//! renders them like a compiler does (`fehler: …`, `--> file:line:col`, caret, `hilfe: …`).
//! Lines and columns are 1-based; columns count characters, not bytes.

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The report cannot be rendered.
    Error,
    /// Rendering works, but the result is probably not what was meant.
    Warning,
}

/// A file whose text diagnostics point into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to the user (a path as given, or a template name).
    pub name: String,
    /// The full text.
    pub text: Arc<str>,
}

impl SourceFile {
    /// A file with the given display name and text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// The text of 1-based line `line` (without its line break).
    pub fn line_text(&self, line: usize) -> &str {
        self.text.lines().nth(line.saturating_sub(1)).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// What kind of problem a diagnostic names, so that a form can say it in its own words (the
/// editor names the field by its label and says what to do there); the CLI prints `message`
/// and `hints`, which speak of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A value that must be filled in is missing or empty.
    Missing,
    /// A value still holds the skeleton's placeholder (`1970-01-01`, `betrag = 0`).
    Placeholder,
    /// A milestone (its title here) is done but has no date.
    DoneWithoutDate(String),
    /// Anything else: the form shows the message.
    Other,
}

/// The field a problem concerns, by its key path (`beratungsfolge[2].termin`, indices from 1),
/// and what kind of problem it is. The path may name a value the file does not have (a missing
/// key), which the diagnostic's location cannot point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The key path of the field.
    pub path: String,
    /// The kind of problem.
    pub problem: Problem,
}

/// One problem in the user's input.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in German, one sentence.
    pub message: String,
    /// Where: the file and a byte range in it, when known.
    pub location: Option<(SourceFile, Range<usize>)>,
    /// The file when no position is known.
    pub file_name: Option<String>,
    /// How to fix it, in German.
    pub hints: Vec<String>,
    /// The field it concerns and the kind of problem, when the rule that found it says so.
    pub subject: Option<Subject>,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            file_name: None,
            hints: Vec::new(),
            subject: None,
        }
    }

    /// A warning with a message and nothing else yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Points the diagnostic at `span` in `file`.
    pub fn at(mut self, file: &SourceFile, span: Range<usize>) -> Self {
        self.location = Some((file.clone(), span));
        self
    }

    /// Names the file without a position in it.
    pub fn in_file(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Names the field at key path `path` as what the problem concerns, and its kind.
    pub fn about(mut self, path: impl Into<String>, problem: Problem) -> Self {
        self.subject = Some(Subject {
            path: path.into(),
            problem,
        });
        self
    }

    /// Whether this is an error (and not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or the file alone, or nothing.
    pub fn position(&self) -> Option<String> {
        match (&self.location, &self.file_name) {
            (Some((file, span)), _) => {
                let (line, col) = file.line_col(span.start);
                Some(format!("{}:{line}:{col}", file.name))
            }
            (None, Some(name)) => Some(name.clone()),
            (None, None) => None,
        }
    }

    /// Renders the diagnostic for a terminal (`color`) or a pipe.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_owned()
            }
        };
        let (label, code) = match self.severity {
            Severity::Error => ("fehler", "1;31"),
            Severity::Warning => ("warnung", "1;33"),
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{}",
            paint(code, label),
            paint("1", &format!(": {}", self.message))
        );
        if let Some((file, span)) = &self.location {
            let (line, col) = file.line_col(span.start);
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(
                out,
                "{pad}{} {}:{line}:{col}",
                paint("1;34", "-->"),
                file.name
            );
            let text = file.line_text(line);
            let _ = writeln!(out, "{pad} {}", paint("1;34", "|"));
            let _ = writeln!(
                out,
                "{} {} {text}",
                paint("1;34", &number),
                paint("1;34", "|")
            );
            let end = span.end.max(span.start);
            let (end_line, end_col) = file.line_col(end);
            let width = if end_line == line && end_col > col {
                end_col - col
            } else {
                text.chars().count().saturating_sub(col - 1).max(1)
            };
            let indent: String = text
                .chars()
                .take(col - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(
                out,
                "{pad} {} {indent}{}",
                paint("1;34", "|"),
                paint(code, &"^".repeat(width.min(200)))
            );
        } else if let Some(name) = &self.file_name {
            let _ = writeln!(out, " {} {name}", paint("1;34", "-->"));
        }
        for hint in &self.hints {
            let _ = writeln!(out, "  {} {hint}", paint("1;36", "= hilfe:"));
        }
        out
    }
}

/// The diagnostics of one check or render, as JSON for editors and scripts.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The German message.
    pub message: String,
    /// The file shown to the user.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column in characters.
    pub column: Option<usize>,
    /// 1-based line of the span's end.
    pub end_line: Option<usize>,
    /// 1-based column of the span's end.
    pub end_column: Option<usize>,
    /// German hints.
    pub hints: Vec<String>,
}

impl From<&Diagnostic> for JsonDiagnostic {
    fn from(diag: &Diagnostic) -> Self {
        let (file, start, end) = match &diag.location {
            Some((file, span)) => (
                Some(file.name.clone()),
                Some(file.line_col(span.start)),
                Some(file.line_col(span.end)),
            ),
            None => (diag.file_name.clone(), None, None),
        };
        Self {
            severity: diag.severity,
            message: diag.message.clone(),
            file,
            line: start.map(|p| p.0),
            column: start.map(|p| p.1),
            end_line: end.map(|p| p.0),
            end_column: end.map(|p| p.1),
            hints: diag.hints.clone(),
        }
    }
}

/// Sorts diagnostics by line within each file; files keep the order in which they first
/// appear, and problems without a position stay before the others of their file.
pub fn sort_by_position(diags: &mut [Diagnostic]) {
    let mut files: Vec<String> = Vec::new();
    for d in diags.iter() {
        let name = d.file_key();
        if !files.contains(&name) {
            files.push(name);
        }
    }
    diags.sort_by_key(|d| {
        let file = files.iter().position(|f| *f == d.file_key()).unwrap_or(0);
        let offset = d.location.as_ref().map_or(0, |(_, span)| span.start + 1);
        (file, offset)
    });
}

impl Diagnostic {
    fn file_key(&self) -> String {
        match (&self.location, &self.file_name) {
            (Some((file, _)), _) => file.name.clone(),
            (None, Some(name)) => name.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_snippet_and_hint() {
        let file = SourceFile::new("r.toml", "[stelle]\nstellenanteill = 25\n");
        let diag = Diagnostic::error("unbekannter Schlüssel `stellenanteill`")
            .at(&file, 9..23)
            .hint("meinten Sie `stellenanteil`?");
        assert_eq!(
            diag.render(false),
            "fehler: unbekannter Schlüssel `stellenanteill`\n \
             --> r.toml:2:1\n  |\n2 | stellenanteill = 25\n  | ^^^^^^^^^^^^^^\n  \
             = hilfe: meinten Sie `stellenanteil`?\n"
        );
    }

    #[test]
    fn columns_count_characters() {
        let file = SourceFile::new("r.toml", "a = \"Bürger\"\nü = 1");
        assert_eq!(file.line_col(14), (2, 1));
        assert_eq!(file.line_col(16), (2, 2));
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["stellenanteil", "person", "beginn"];
        assert_eq!(closest("stellenanteill", keys), Some("stellenanteil"));
        assert_eq!(closest("begin", keys), Some("beginn"));
        assert_eq!(closest("xyz", keys), None);
    }
}

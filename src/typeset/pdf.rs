//! Compiling generated Typst to PDF bytes, and mapping Typst's problems back to files.
//!
//! Invariants: the PDF depends only on the source, the template set and the fonts (no wall
//! clock: the document date comes from the report, the PDF ids are content hashes), and a
//! Typst error always names a file and line: a template file, or the generated source.

use std::ops::Range;

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::Smart;
use typst::model::Document as _;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::diag::{Diagnostic, SourceFile};
use crate::typeset::render::{INLINE_BEGIN, INLINE_END};
use crate::typeset::world::SachstandWorld;

/// A compiled document.
#[derive(Debug)]
pub struct Compiled {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Typst's warnings, mapped to files.
    pub warnings: Vec<Diagnostic>,
    /// The document's title (the Betreff) as plain text.
    pub title: Option<String>,
}

/// The document's title (the Betreff) as plain text, as the PDF's metadata carries it.
pub fn title(document: &PagedDocument) -> Option<String> {
    document.info().title.as_ref().map(ToString::to_string)
}

/// Compiles the world's main source; `main_name` is how the generated source is named in
/// messages (e.g. `reports/x.typ (erzeugt aus sachstandsbericht.typ.j2)`).
pub fn compile(
    world: &SachstandWorld,
    main_name: &str,
    standards: &[PdfStandard],
) -> Result<Compiled, Vec<Diagnostic>> {
    let (document, warnings) = layout(world, main_name)?;
    let mapper = Mapper::new(world, main_name);
    let standards = PdfStandards::new(standards).map_err(|e| {
        let names: Vec<String> = standards.iter().map(|s| standard_name(*s)).collect();
        vec![
            Diagnostic::error(format!(
                "diese PDF-Standards lassen sich nicht zusammen erfüllen: {}",
                names.join(", ")
            ))
            .in_file(main_name)
            .hint(format!("Typst: {}", e.message())),
        ]
    })?;
    let options = PdfOptions {
        standards,
        creator: Smart::Custom(Some(format!("sachstand {}", env!("CARGO_PKG_VERSION")))),
        ..PdfOptions::default()
    };
    match typst_pdf::pdf(&document, &options) {
        Ok(pdf) => Ok(Compiled {
            pdf: with_anlagen(world, pdf, main_name)?,
            pages: document.pages().len(),
            warnings,
            title: title(&document),
        }),
        Err(errors) => Err(errors.iter().map(|d| mapper.map(d)).collect()),
    }
}

/// The exported PDF with the pages of the attached PDFs in place of their placeholders.
fn with_anlagen(
    world: &SachstandWorld,
    pdf: Vec<u8>,
    main_name: &str,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    if world.anlagen().is_empty() {
        return Ok(pdf);
    }
    crate::typeset::anlagen::splice::apply(pdf, world.anlagen()).map_err(|message| {
        vec![
            Diagnostic::error(message).in_file(main_name).hint(
                "drucken Sie die angehängten PDF-Dateien als PDF/A und versuchen Sie es erneut",
            ),
        ]
    })
}

/// Lays out the world's main source into pages, without exporting a PDF (the editor's
/// preview); the warnings come with the document.
pub fn layout(
    world: &SachstandWorld,
    main_name: &str,
) -> Result<(PagedDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
    let result = typst::compile::<PagedDocument>(world);
    let mapper = Mapper::new(world, main_name);
    let warnings: Vec<Diagnostic> = result.warnings.iter().map(|d| mapper.map(d)).collect();
    match result.output {
        Ok(document) => Ok((document, warnings)),
        Err(errors) => {
            let mut all: Vec<Diagnostic> = errors.iter().map(|d| mapper.map(d)).collect();
            all.extend(warnings);
            Err(all)
        }
    }
}

/// Forgets Typst's memoized results older than a few documents, so that a long run over many
/// reports keeps a flat memory profile.
pub fn evict_cache() {
    typst::comemo::evict(4);
}

/// A file inlined into the generated source by `typst_datei`.
struct Inlined {
    name: String,
    range: Range<usize>,
}

/// Maps Typst diagnostics to ours.
struct Mapper<'a> {
    world: &'a SachstandWorld,
    main: SourceFile,
    inlined: Vec<Inlined>,
}

impl<'a> Mapper<'a> {
    fn new(world: &'a SachstandWorld, main_name: &str) -> Self {
        let text = world.main_source().text();
        let mut inlined = Vec::new();
        let mut offset = 0;
        let mut open: Option<(String, usize)> = None;
        for line in text.split_inclusive('\n') {
            let end = offset + line.len();
            if let Some(name) = line.strip_prefix(INLINE_BEGIN) {
                open = Some((name.trim_end().to_owned(), end));
            } else if line.trim_end() == INLINE_END
                && let Some((name, start)) = open.take()
            {
                inlined.push(Inlined {
                    name,
                    range: start..offset,
                });
            }
            offset = end;
        }
        Mapper {
            world,
            main: SourceFile::new(main_name, text),
            inlined,
        }
    }

    /// The file and span a Typst span points at.
    fn locate(&self, diag: &SourceDiagnostic) -> Option<(SourceFile, Range<usize>)> {
        let id = diag.span.id()?;
        let range = self.world.range(diag.span)?;
        if id == self.world.main_source().id() {
            for part in &self.inlined {
                if part.range.contains(&range.start) {
                    let file = self.world.set().read(&part.name).ok()?;
                    let text = self.main.text[part.range.clone()].to_owned();
                    let shifted =
                        range.start - part.range.start..range.end.saturating_sub(part.range.start);
                    return Some((
                        SourceFile::new(file.display_name(&part.name), text),
                        shifted,
                    ));
                }
            }
            return Some((self.main.clone(), range));
        }
        let name = id.vpath().get_without_slash();
        let file = self.world.set().read(name).ok()?;
        let text = String::from_utf8_lossy(&file.bytes).into_owned();
        Some((SourceFile::new(file.display_name(name), text), range))
    }

    fn map(&self, diag: &SourceDiagnostic) -> Diagnostic {
        let message = format!("Typst: {}", diag.message);
        let mut out = match diag.severity {
            TypstSeverity::Error => Diagnostic::error(message),
            TypstSeverity::Warning => Diagnostic::warning(message),
        };
        out = match self.locate(diag) {
            Some((file, span)) => out.at(&file, span),
            None => out.in_file(self.main.name.clone()),
        };
        for hint in &diag.hints {
            out = out.hint(format!("Typst: {}", hint.v));
        }
        if diag.severity == TypstSeverity::Error {
            out = out
                .hint("mit --keep-typ schreibt sachstand die erzeugte Typst-Datei neben das PDF");
        }
        out
    }
}

/// The name of a standard as written in settings and on the command line (`a-2a`, `ua-1`).
pub fn standard_name(standard: PdfStandard) -> String {
    serde_json::to_value(standard)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Parses a standard's name (`a-2a`, `a-2b`, `a-2u`, `ua-1`, …).
pub fn parse_standard(name: &str) -> Option<PdfStandard> {
    serde_json::from_value(serde_json::Value::String(name.trim().to_owned())).ok()
}

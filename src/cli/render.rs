//! `sachstand render`: each report to a PDF, written atomically, on all cores (`--jobs`).
//!
//! A report with errors gets no PDF at all, and an earlier PDF at that path stays as it was.
//! Other reports in the same run are still rendered. Messages come in the order the reports
//! were named, whatever the number of workers.

use std::path::{Path, PathBuf};

use crate::cli::batch::{self, Printed};
use crate::cli::{Exit, RenderSettings, Settings};
use sachstand::error::Error;
use sachstand::output::write_atomic;
use sachstand::pipeline::process;
use sachstand::typeset::render::Renderer;

/// Renders every report; prints where each PDF went. Compiling runs on every core; the
/// files are written one after another on the calling thread, so that waiting for the disk
/// never keeps a core from compiling.
pub fn run(settings: &Settings, render: &RenderSettings) -> Result<Exit, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let failed = batch::run_then(
        &render.files,
        render.jobs,
        false,
        |file| compile_one(settings, render, &renderer, file),
        |_, rendered| write_one(rendered),
    )?;
    Ok(if failed {
        Exit::InputError
    } else {
        Exit::Success
    })
}

/// One report compiled, not yet written.
struct Rendered {
    /// The report file.
    file: PathBuf,
    /// Its diagnostics, rendered.
    messages: String,
    /// The Typst source to keep (`--keep-typ`) and where.
    typ: Option<(PathBuf, String)>,
    /// The PDF, its page count and where it goes; `None` when the report has errors.
    pdf: Option<(PathBuf, Vec<u8>, usize)>,
}

/// One report through the pipeline: its messages, and its PDF if it has no errors.
fn compile_one(
    settings: &Settings,
    render: &RenderSettings,
    renderer: &Renderer,
    file: &Path,
) -> Result<Rendered, Error> {
    let pdf_path = render
        .output
        .clone()
        .unwrap_or_else(|| file.with_extension("pdf"));
    let typ_path: PathBuf = pdf_path.with_extension("typ");
    let main_name = render.keep_typ.then(|| typ_path.display().to_string());
    let outcome = process(
        file,
        renderer,
        main_name.as_deref(),
        render.standards.as_deref(),
    )?;
    let messages = outcome
        .diagnostics
        .iter()
        .map(|diag| diag.render(settings.color))
        .collect();
    let has_errors = outcome.diagnostics.iter().any(|d| d.is_error());
    Ok(Rendered {
        file: file.to_path_buf(),
        messages,
        typ: render
            .keep_typ
            .then_some(outcome.markup)
            .flatten()
            .map(|markup| (typ_path, markup)),
        pdf: outcome
            .compiled
            .filter(|_| !has_errors)
            .map(|compiled| (pdf_path, compiled.pdf, compiled.pages)),
    })
}

/// Writes what `compile_one` made (the PDF only when there were no errors) and says so.
fn write_one(rendered: Rendered) -> Result<Printed, Error> {
    let mut printed = Printed {
        stderr: rendered.messages,
        ..Printed::default()
    };
    if let Some((typ_path, markup)) = &rendered.typ {
        write_atomic(typ_path, markup.as_bytes())?;
        printed.stderr.push_str(&format!(
            "Typst-Quelltext geschrieben: {}\n",
            typ_path.display()
        ));
    }
    match &rendered.pdf {
        Some((pdf_path, pdf, pages)) => {
            write_atomic(pdf_path, pdf)?;
            printed.stdout.push_str(&format!(
                "PDF geschrieben: {} ({})\n",
                pdf_path.display(),
                sachstand::german::count(*pages, "Seite", "Seiten")
            ));
        }
        None => {
            printed.stderr.push_str(&format!(
                "Kein PDF für {}: bitte die Fehler oben beheben.\n",
                rendered.file.display()
            ));
            printed.failed = true;
        }
    }
    Ok(printed)
}

//! `sachstand render`: each report to a PDF, written atomically, on all cores (`--jobs`).
//!
//! A report with errors gets no PDF at all, and an earlier PDF at that path stays as it was.
//! Other reports in the same run are still rendered. Messages come in the order the reports
//! were named, whatever the number of workers.

use std::path::{Path, PathBuf};

use crate::app::{Exit, RenderSettings, Settings};
use crate::batch::{self, Printed};
use crate::error::Error;
use crate::output::write_atomic;
use crate::pipeline::process;
use crate::render::Renderer;

/// Renders every report; prints where each PDF went.
pub fn run(settings: &Settings, render: &RenderSettings) -> Result<Exit, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let failed = batch::run(&render.files, render.jobs, false, |file| {
        render_one(settings, render, &renderer, file)
    })?;
    Ok(if failed {
        Exit::InputError
    } else {
        Exit::Success
    })
}

/// One report: its PDF (and `--keep-typ` source) written, its messages returned.
fn render_one(
    settings: &Settings,
    render: &RenderSettings,
    renderer: &Renderer,
    file: &Path,
) -> Result<Printed, Error> {
    let mut printed = Printed::default();
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
    for diag in &outcome.diagnostics {
        printed.stderr.push_str(&diag.render(settings.color));
    }
    if render.keep_typ
        && let Some(markup) = &outcome.markup
    {
        write_atomic(&typ_path, markup.as_bytes())?;
        printed.stderr.push_str(&format!(
            "Typst-Quelltext geschrieben: {}\n",
            typ_path.display()
        ));
    }
    match outcome.compiled {
        Some(compiled) if !outcome.diagnostics.iter().any(|d| d.is_error()) => {
            write_atomic(&pdf_path, &compiled.pdf)?;
            printed.stdout.push_str(&format!(
                "PDF geschrieben: {} ({})\n",
                pdf_path.display(),
                crate::german::count(compiled.pages, "Seite", "Seiten")
            ));
        }
        _ => {
            printed.stderr.push_str(&format!(
                "Kein PDF für {}: bitte die Fehler oben beheben.\n",
                file.display()
            ));
            printed.failed = true;
        }
    }
    Ok(printed)
}

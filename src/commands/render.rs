//! `sachstand render`: each report to a PDF, written atomically.
//!
//! A report with errors gets no PDF at all, and an earlier PDF at that path stays as it was.
//! Other reports in the same run are still rendered.

use std::path::PathBuf;

use crate::app::{Exit, RenderSettings, Settings};
use crate::error::Error;
use crate::output::write_atomic;
use crate::pipeline::process;
use crate::render::Renderer;

/// Renders every report; prints where each PDF went.
pub fn run(settings: &Settings, render: &RenderSettings) -> Result<Exit, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let mut exit = Exit::Success;
    for file in &render.files {
        let pdf_path = render
            .output
            .clone()
            .unwrap_or_else(|| file.with_extension("pdf"));
        let typ_path: PathBuf = pdf_path.with_extension("typ");
        let main_name = render.keep_typ.then(|| typ_path.display().to_string());
        let outcome = process(
            file,
            &renderer,
            main_name.as_deref(),
            render.standards.as_deref(),
        )?;
        for diag in &outcome.diagnostics {
            eprint!("{}", diag.render(settings.color));
        }
        if render.keep_typ
            && let Some(markup) = &outcome.markup
        {
            write_atomic(&typ_path, markup.as_bytes())?;
            eprintln!("Typst-Quelltext geschrieben: {}", typ_path.display());
        }
        match outcome.compiled {
            Some(compiled) if !outcome.diagnostics.iter().any(|d| d.is_error()) => {
                write_atomic(&pdf_path, &compiled.pdf)?;
                let pages = if compiled.pages == 1 {
                    "1 Seite".to_owned()
                } else {
                    format!("{} Seiten", compiled.pages)
                };
                println!("PDF geschrieben: {} ({pages})", pdf_path.display());
            }
            _ => {
                eprintln!(
                    "Kein PDF für {}: bitte die Fehler oben beheben.",
                    file.display()
                );
                exit = Exit::InputError;
            }
        }
    }
    Ok(exit)
}

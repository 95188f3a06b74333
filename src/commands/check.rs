//! `sachstand check`: the whole pipeline without writing anything, all problems of all files.

use crate::app::{CheckSettings, Exit, Settings};
use crate::cli::Format;
use crate::diag::{Diagnostic, JsonDiagnostic};
use crate::error::Error;
use crate::pipeline::process;
use crate::render::Renderer;

/// German count phrase: `1 Fehler`, `2 Warnungen`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Checks every report and prints the problems and a one-line summary.
pub fn run(settings: &Settings, check: &CheckSettings) -> Result<Exit, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let mut all: Vec<Diagnostic> = Vec::new();
    for file in &check.files {
        let outcome = process(file, &renderer, None, None)?;
        if check.formen
            && let Some(loaded) = &outcome.loaded
        {
            println!("{}", crate::commands::formen::describe(loaded));
        }
        if check.format == Format::Text {
            for diag in &outcome.diagnostics {
                eprint!("{}", diag.render(settings.color));
            }
        }
        all.extend(outcome.diagnostics);
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let summary = format!(
        "{} geprüft, {}, {}",
        count(check.files.len(), "Bericht", "Berichte"),
        count(errors, "Fehler", "Fehler"),
        count(warnings, "Warnung", "Warnungen")
    );
    match check.format {
        Format::Text => eprintln!("{summary}"),
        Format::Json => {
            let json = serde_json::json!({
                "berichte": check.files.len(),
                "fehler": errors,
                "warnungen": warnings,
                "befunde": all.iter().map(JsonDiagnostic::from).collect::<Vec<_>>(),
            });
            println!("{json:#}");
        }
    }
    Ok(if errors > 0 {
        Exit::InputError
    } else {
        Exit::Success
    })
}

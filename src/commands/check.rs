//! `sachstand check`: the whole pipeline without writing anything, all problems of all files.

use crate::app::{CheckSettings, Exit, Settings};
use crate::cli::Format;
use crate::diag::{Diagnostic, JsonDiagnostic};
use crate::error::Error;
use crate::pipeline::process;
use crate::render::Renderer;
use crate::{project, project_files};

use crate::german::count;
/// Checks every report and prints the problems and a one-line summary.
pub fn run(settings: &Settings, check: &CheckSettings) -> Result<Exit, Error> {
    let renderer = Renderer::new(settings.templates.clone());
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut show = |diags: Vec<Diagnostic>, all: &mut Vec<Diagnostic>| {
        for diag in diags {
            let text = diag.render(false);
            if !seen.insert(text) {
                continue; // the project's settings are found once per report
            }
            if check.format == Format::Text {
                eprint!("{}", diag.render(settings.color));
            }
            all.push(diag);
        }
    };
    if let Some(root) = &check.project {
        let file = project_files::shown(root).join(project::FILE_NAME);
        match project::find(&file)? {
            Err(diags) => show(diags, &mut all),
            Ok(project) => show(project.warnings, &mut all),
        }
        if check.files.is_empty() && check.format == Format::Text {
            eprintln!(
                "hinweis: im Projekt {} gibt es noch keinen Bericht",
                project_files::shown(root).display()
            );
        }
    }
    let project_reports = match check
        .files
        .first()
        .and_then(|f| project_files::root_of_file(f))
    {
        Some(root) => project_files::reports(&root),
        None => Vec::new(),
    };
    let mut duplicates = project_files::duplicates(&check.files, &project_reports);
    // Of several reports, one that cannot be read is named and skipped; the others are checked.
    let mut skipped = Vec::new();
    for file in &check.files {
        let mut outcome = match process(file, &renderer, None, None) {
            Ok(outcome) => outcome,
            Err(error) if check.files.len() > 1 => {
                if check.format == Format::Text {
                    eprintln!(
                        "fehler: {error}\n  = übersprungen; die übrigen Berichte werden weiter geprüft"
                    );
                }
                skipped.push(project_files::shown(file).display().to_string());
                continue;
            }
            Err(error) => return Err(error),
        };
        if check.formen
            && let Some(loaded) = &outcome.loaded
        {
            crate::say!("{}", crate::commands::formen::describe(loaded));
        }
        let real = file.canonicalize().unwrap_or_else(|_| file.clone());
        let (mine, rest) = duplicates.into_iter().partition(|(p, _)| *p == real);
        duplicates = rest;
        if outcome.loaded.is_some() {
            let mine: Vec<(std::path::PathBuf, Diagnostic)> = mine;
            outcome.diagnostics.extend(mine.into_iter().map(|(_, d)| d));
        }
        show(outcome.diagnostics, &mut all);
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let mut summary = format!(
        "{} geprüft, {}, {}",
        count(check.files.len() - skipped.len(), "Bericht", "Berichte"),
        count(errors, "Fehler", "Fehler"),
        count(warnings, "Warnung", "Warnungen")
    );
    if !skipped.is_empty() {
        summary.push_str(&format!(
            "; {} nicht lesbar und übersprungen: {}",
            count(skipped.len(), "Bericht", "Berichte"),
            skipped.join(", ")
        ));
    }
    match check.format {
        Format::Text => eprintln!("{summary}"),
        Format::Json => {
            let json = serde_json::json!({
                "berichte": check.files.len() - skipped.len(),
                "uebersprungen": skipped,
                "fehler": errors,
                "warnungen": warnings,
                "befunde": all.iter().map(JsonDiagnostic::from).collect::<Vec<_>>(),
            });
            crate::say!("{json:#}");
        }
    }
    if !skipped.is_empty() {
        return Err(Error::Usage(format!(
            "{} von {} übersprungen: {}",
            skipped.len(),
            count(check.files.len(), "Bericht", "Berichten"),
            skipped.join(", ")
        )));
    }
    Ok(if errors > 0 {
        Exit::InputError
    } else {
        Exit::Success
    })
}

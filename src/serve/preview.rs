//! The preview: the report through the same pipeline as `check` (up to Typst's layout), its
//! pages as SVG, and its diagnostics with the key path of the field each concerns.
//!
//! A report with errors keeps the last good pages, marked as outdated.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::state::AppState;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::report::load::Loaded;

/// One diagnostic as the page shows it.
#[derive(Debug, Serialize)]
pub struct Finding {
    /// `fehler` or `warnung`.
    pub severity: &'static str,
    /// `Fehler` or `Warnung`, for a list.
    pub art: &'static str,
    /// The German message.
    pub message: String,
    /// German hints.
    pub hints: Vec<String>,
    /// Line in the report file, when it points there.
    pub line: Option<usize>,
    /// The key path of the field it concerns (`beratungsfolge[2].termin`).
    pub path: Option<String>,
    /// That field's label, or the list entry's name (`Beratung 3`).
    pub label: Option<String>,
}

/// The preview of a report.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// The pages as HTML (SVG with the page's text, `page_text`): the current ones, or the last good ones when `outdated`.
    #[serde(serialize_with = "pages_as_list")]
    pub pages: Option<Arc<Vec<String>>>,
    /// Whether the pages are from an earlier state (the report has errors now).
    pub outdated: bool,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every diagnostic, in file order.
    pub diagnostics: Vec<Finding>,
}

fn pages_as_list<S: serde::Serializer>(
    pages: &Option<Arc<Vec<String>>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    pages.as_deref().serialize(serializer)
}

/// Lays out the report at `path` and makes its preview.
pub fn preview(state: &AppState, path: &Path) -> Result<Preview, Error> {
    let (outcome, document) = crate::pipeline::layout(path, &state.renderer)?;
    let diagnostics = findings(&outcome.diagnostics, outcome.loaded.as_ref(), path);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    // The SVG pages are made before the cache's lock is taken: other previews wait only for
    // the map, never for a conversion.
    let fresh = match document {
        Some(document) if errors == 0 => {
            let options = typst_svg::SvgOptions::default();
            let count = document.pages().len();
            let pages: Vec<String> = document
                .pages()
                .iter()
                .enumerate()
                .map(|(i, page)| super::page_text::page_html(page, i, count, &options))
                .collect();
            Some(Arc::new(pages))
        }
        _ => None,
    };
    let mut cache = state
        .previews
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (pages, outdated) = match fresh {
        Some(pages) => {
            cache.insert(path.to_path_buf(), Arc::clone(&pages));
            (Some(pages), false)
        }
        None => (cache.get(path).cloned(), true),
    };
    drop(cache);
    Ok(Preview {
        pages,
        outdated,
        errors,
        warnings,
        diagnostics,
    })
}

/// The diagnostics as findings, each with its field when it points into the report.
/// `report` is the report's path as diagnostics name it; when it could not be read as a
/// report (`loaded` is `None`), its text is searched for the key path instead.
pub fn findings(
    diagnostics: &[Diagnostic],
    loaded: Option<&Loaded>,
    report: &Path,
) -> Vec<Finding> {
    let name = report.display().to_string();
    diagnostics
        .iter()
        .map(|d| {
            let path = match (&d.location, loaded) {
                (Some((file, span)), Some(l)) if file.name == l.source.name => {
                    l.path_at(span.start).map(str::to_owned)
                }
                (Some((file, span)), None) if file.name == name => {
                    crate::report::load::key_path_at(&file.text, span.start)
                }
                _ => None,
            };
            let line = d
                .location
                .as_ref()
                .map(|(file, span)| file.line_col(span.start).0);
            Finding {
                severity: if d.is_error() { "fehler" } else { "warnung" },
                art: if d.is_error() { "Fehler" } else { "Warnung" },
                message: d.message.clone(),
                hints: d.hints.clone(),
                line,
                label: path.as_deref().and_then(super::schema::describe),
                path,
            }
        })
        .collect()
}

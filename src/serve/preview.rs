//! The preview: the report through the same pipeline as `check` (up to Typst's layout), its
//! pages as SVG, and its diagnostics with the key path of the field each concerns.
//!
//! A report whose only errors are fields still to fill in is shown as a draft with grey
//! placeholders (`pipeline::draft`); with other errors it keeps the last good pages, marked as
//! outdated. The findings speak the form's words (`words`) and list every field still empty.

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
    /// What the form says: the field's words and what to do there (`serve::words`).
    pub text: String,
    /// Whether it is a field still to be filled in: a calm to-do until the field is touched.
    pub offen: bool,
}

/// The preview of a report.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// The pages as HTML (SVG with the page's text, `page_text`): the current ones, or the last good ones when `outdated`.
    #[serde(serialize_with = "pages_as_list")]
    pub pages: Option<Arc<Vec<String>>>,
    /// Whether the pages are from an earlier state (the report has errors now and not even a
    /// draft could be laid out).
    pub outdated: bool,
    /// Whether the pages are a draft: the current state with grey placeholders in the fields
    /// still empty (never a PDF).
    pub draft: bool,
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

/// The pages of a laid-out document as HTML: each SVG page with its text (`page_text`).
fn svg_pages(document: &typst_layout::PagedDocument) -> Arc<Vec<String>> {
    let options = typst_svg::SvgOptions::default();
    let count = document.pages().len();
    Arc::new(
        document
            .pages()
            .iter()
            .enumerate()
            .map(|(i, page)| super::page_text::page_html(page, i, count, &options))
            .collect(),
    )
}

/// Lays out the report at `path` and makes its preview.
pub fn preview(state: &AppState, path: &Path) -> Result<Preview, Error> {
    let (outcome, document) = crate::pipeline::layout(path, &state.renderer)?;
    let diagnostics = with_to_dos(
        findings(&outcome.diagnostics, outcome.loaded.as_ref(), path),
        path,
    );
    // Every field still to fill in counts, not only the first missing key serde names.
    let errors = diagnostics
        .iter()
        .filter(|f| f.severity == "fehler")
        .count();
    let warnings = diagnostics.len() - errors;
    let pipeline_errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    // The SVG pages are made before the cache's lock is taken: other previews wait only for
    // the map, never for a conversion.
    let fresh = match document {
        Some(document) if pipeline_errors == 0 => Some(svg_pages(&document)),
        _ => None,
    };
    // A report whose only errors are fields still to fill in is shown as a draft, its empty
    // fields as grey placeholders; with other errors the last good pages are shown (never a
    // wrong amount as if it were right), or a draft when there are none yet.
    let only_to_dos = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .all(|d| super::words::is_to_do(d.subject.as_ref().map(|s| &s.problem)));
    let has_good = || {
        state
            .previews
            .lock()
            .is_ok_and(|cache| cache.contains_key(path))
    };
    let draft = match fresh {
        None if only_to_dos || !has_good() => {
            crate::pipeline::draft::layout(path, &state.renderer)?.map(|d| svg_pages(&d))
        }
        _ => None,
    };
    let mut cache = state
        .previews
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (pages, outdated) = match (fresh, &draft) {
        (Some(pages), _) => {
            cache.insert(path.to_path_buf(), Arc::clone(&pages));
            (Some(pages), false)
        }
        (None, Some(draft)) => (Some(Arc::clone(draft)), false),
        (None, None) => (cache.get(path).cloned(), true),
    };
    drop(cache);
    Ok(Preview {
        pages,
        outdated,
        draft: draft.is_some(),
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
            let at = match (&d.location, loaded) {
                (Some((file, span)), Some(l)) if file.name == l.source.name => {
                    l.path_at(span.start).map(str::to_owned)
                }
                (Some((file, span)), None) if file.name == name => {
                    crate::report::load::key_path_at(&file.text, span.start)
                }
                _ => None,
            };
            // The field the rule names, else the value the diagnostic points at.
            let path = d.subject.as_ref().map(|s| s.path.clone()).or(at);
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
                label: path.as_deref().and_then(crate::format_schema::ask::name),
                text: super::words::form_text(d, path.as_deref()),
                offen: super::words::is_to_do(d.subject.as_ref().map(|s| &s.problem)),
                path,
            }
        })
        .collect()
}

/// The findings with every field of the file still to be filled in (serde names only the
/// first missing key), each field once.
fn with_to_dos(mut list: Vec<Finding>, report: &Path) -> Vec<Finding> {
    let doc = std::fs::read_to_string(report).ok().and_then(|t| {
        t.trim_start_matches('\u{feff}')
            .parse::<toml_edit::DocumentMut>()
            .ok()
    });
    let unfilled = doc
        .map(|d| crate::format_schema::ask::unfilled(&d))
        .unwrap_or_default();
    for place in unfilled {
        if list.iter().any(|f| f.path.as_deref() == Some(&place.path)) {
            continue;
        }
        list.push(Finding {
            severity: "fehler",
            art: "Fehler",
            message: format!("`{}` fehlt", place.path),
            hints: Vec::new(),
            line: None,
            label: crate::format_schema::ask::name(&place.path),
            text: crate::format_schema::ask::prompt(&place.path),
            offen: true,
            path: Some(place.path),
        });
    }
    // In the order of the form; what concerns no field first.
    list.sort_by_key(|f| {
        f.path
            .as_deref()
            .and_then(crate::format_schema::ask::form_order)
    });
    // One problem, one finding: the same words at the same field once, and at a field still
    // to be filled in only that (a placeholder Termin is not also "before the Vorlage").
    let open: Vec<Option<String>> = list
        .iter()
        .filter(|f| f.offen)
        .map(|f| f.path.clone())
        .collect();
    let mut seen = Vec::new();
    list.retain(|f| {
        let key = (f.path.clone(), f.text.clone());
        let new = !seen.contains(&key) && (f.offen || f.path.is_none() || !open.contains(&f.path));
        seen.push(key);
        new
    });
    list
}

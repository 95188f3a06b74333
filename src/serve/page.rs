//! What every page of the editor shares: rendering a page or an error page, the 404 of a
//! report, blocking work off the async workers, a report's heading (`ReportInfo`), a
//! report's errors as a page, the dates of forms.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use time::Date;

use super::preview::{Finding, findings};
use super::state::{AppState, NotRun};
use crate::diag::Diagnostic;

/// An HTML error page.
pub fn page_error(
    state: &AppState,
    status: StatusCode,
    titel: &str,
    text: &str,
    befunde: &[Finding],
) -> Response {
    let html = state.pages.get_template("fehler.html").and_then(|t| {
        t.render(minijinja::context! {
            projekt => &state.name, titel, text,
            befunde => minijinja::Value::from(minijinja::value::Serde(befunde)),
        })
    });
    match html {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (status, format!("{titel}: {text} ({e})")).into_response(),
    }
}

/// Renders one of the pages; a template error becomes a plain 500.
pub(super) fn page(
    state: &AppState,
    status: StatusCode,
    name: &str,
    ctx: minijinja::Value,
) -> Response {
    let html = state
        .pages
        .get_template(name)
        .and_then(|t| t.render(minijinja::context! { projekt => &state.name, ..ctx }));
    match html {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// The 404 page of a report.
pub(super) fn not_found(state: &AppState) -> Response {
    page_error(
        state,
        StatusCode::NOT_FOUND,
        "Nicht gefunden",
        "Diesen Bericht gibt es im Projekt nicht.",
        &[],
    )
}

/// `AppState::run_blocking`, refusals as HTML pages (the action pages).
pub(super) async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    state.run_blocking(work).await.map_err(|why| match why {
        NotRun::Stopping => page_error(
            state,
            StatusCode::SERVICE_UNAVAILABLE,
            "Server wird beendet",
            "Die Aktion wurde nicht mehr ausgeführt.",
            &[],
        ),
        NotRun::Failed => page_error(
            state,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Interner Fehler",
            "Die Aktion ist abgebrochen.",
            &[],
        ),
    })
}

/// The folder new reports go to: `reports/` in the project, or the project root.
pub(super) fn reports_folder(root: &Path) -> PathBuf {
    let reports = root.join("reports");
    if reports.is_dir() {
        reports
    } else {
        root.to_path_buf()
    }
}

/// Parses the date of a form (`10.05.2023` or `2023-05-10`).
pub(super) fn form_date(text: &str) -> Result<Date, String> {
    crate::german::parse_form_date(text).ok_or_else(|| crate::german::form_date_problem(text))
}

/// Betreff, Datum and Vorlagen-Nr. of a report for the pages' headings.
#[derive(Debug, Default, Serialize)]
pub(super) struct ReportInfo {
    pub(super) pfad: String,
    pub(super) betreff: String,
    pub(super) datum: String,
    pub(super) datum_iso: String,
    pub(super) nummer: String,
}

/// `title`: the Betreff as the PDF has it, when the caller compiled the report.
pub(super) fn info(state: &AppState, path: &Path, title: Option<String>) -> ReportInfo {
    let pfad = state.relative(path);
    match crate::report::load::load(path) {
        Ok(Ok(loaded)) => {
            let kopf = &loaded.data.kopf;
            ReportInfo {
                betreff: title
                    .or_else(|| kopf.betreff.clone())
                    .unwrap_or_else(|| pfad.clone()),
                datum: kopf.datum.to_string(),
                datum_iso: crate::german::date_iso(kopf.datum.0),
                nummer: kopf.nummer.clone().unwrap_or_else(|| "—".into()),
                pfad,
            }
        }
        _ => ReportInfo {
            betreff: pfad.clone(),
            pfad,
            ..ReportInfo::default()
        },
    }
}

/// The Betreff as the PDF has it (the pipeline composes it for some Vorlagenarten): from
/// Typst's layout, without exporting a PDF. Blocking work.
pub(super) fn title(state: &AppState, path: &Path) -> Option<String> {
    let (_, document) = crate::pipeline::layout(path, &state.renderer).ok()?;
    crate::typeset::pdf::title(&document?)
}

/// The diagnostics of `path` as a page (422).
pub(super) fn errors_page(
    state: &AppState,
    path: &Path,
    diagnostics: &[Diagnostic],
    titel: &str,
    text: &str,
) -> Response {
    let loaded = crate::report::load::load(path).ok().and_then(Result::ok);
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    page_error(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        titel,
        text,
        &findings(&errors, loaded.as_ref(), path),
    )
}

/// `sachstandsbericht` → `Sachstandsbericht`.
pub(crate) fn art_label(kind: &str) -> String {
    crate::german::capitalise(kind)
}

//! The Sitzungsmappen of the overview: the Sitzungen the reports' Beratungsfolgen name, and
//! each Mappe built by `commands::mappe::build` (as `sachstand mappe` does) and returned as
//! PDF instead of written. Nothing here writes a file.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::page::{blocking, form_date, page, reports_folder};
use super::state::AppState;
use crate::error::Error;
use crate::mappe;

/// One Sitzung of the overview's list of Sitzungsmappen.
#[derive(Debug, Serialize)]
pub struct SitzungView {
    /// The Gremium's full name.
    gremium: String,
    /// What `/mappe?gremium=` takes.
    schluessel: String,
    /// ISO date, for the link.
    termin_iso: String,
    /// German date.
    termin: String,
    /// How many reports go before it.
    vorlagen: usize,
    /// How many of them are nichtöffentlich (then the public Mappe is offered too).
    nichtoeffentlich: usize,
}

/// The Sitzungen the project's reports name in their Beratungsfolge (as `mappe` finds them).
pub fn sitzungen(state: &AppState) -> Vec<SitzungView> {
    let settings = match crate::project::find(&state.root.join(crate::project::FILE_NAME)) {
        Ok(Ok(project)) => project.settings(),
        _ => return Vec::new(),
    };
    mappe::sitzungen(&settings, &state.reports())
        .into_iter()
        .map(|s| SitzungView {
            gremium: s.gremium,
            schluessel: s.schluessel,
            termin_iso: crate::german::date_iso(s.termin),
            termin: crate::german::date_short(s.termin),
            vorlagen: s.vorlagen,
            nichtoeffentlich: s.nichtoeffentlich,
        })
        .collect()
}

/// The Sitzungsmappe as `sachstand mappe --gremium G --termin D [--doppelseitig]
/// [--oeffentlich]` builds it, returned instead of written.
pub(super) async fn mappe_pdf(
    State(state): State<Arc<AppState>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let gremium = query.get("gremium").cloned().unwrap_or_default();
    let termin = match form_date(query.get("termin").map_or("", String::as_str)) {
        Ok(d) => d,
        Err(text) => return mappe_refused(&state, &[text]),
    };
    if gremium.trim().is_empty() {
        return mappe_refused(&state, &["Bitte nennen Sie ein Gremium.".to_owned()]);
    }
    let doppelseitig = query.contains_key("doppelseitig");
    let oeffentlich = query.contains_key("oeffentlich");
    let work = Arc::clone(&state);
    let built = blocking(&state, move || -> Result<_, Error> {
        let project = match crate::project::find(&work.root.join(crate::project::FILE_NAME))? {
            Ok(project) => project,
            Err(diags) => {
                return Ok((
                    None,
                    diags.into_iter().map(mappe::Note::Diagnostic).collect(),
                ));
            }
        };
        let request = mappe::Request {
            gremium: &gremium,
            termin,
            doppelseitig,
            output: None,
            oeffentlich,
        };
        let mut notes = Vec::new();
        let files = work.reports();
        let folder = reports_folder(&work.root);
        let mappe = mappe::build(
            &work.renderer,
            &project,
            &files,
            &folder,
            &request,
            &mut notes,
        )?;
        Ok((mappe, notes))
    })
    .await;
    let (mappe, notes) = match built {
        Ok(Ok(result)) => result,
        Ok(Err(e)) => return mappe_refused(&state, &[e.to_string()]),
        Err(response) => return response,
    };
    let texts: Vec<String> = notes
        .iter()
        .map(|n| match n {
            mappe::Note::Text(t) => t.trim().to_owned(),
            mappe::Note::Diagnostic(d) => d.render(false).trim().to_owned(),
        })
        .collect();
    let Some(mappe) = mappe else {
        return mappe_refused(&state, &texts);
    };
    let name = mappe
        .target
        .file_name()
        .map(|n| n.to_string_lossy().replace('"', ""))
        .unwrap_or_else(|| "sitzungsmappe.pdf".into());
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        mappe.pdf,
    )
        .into_response()
}

fn mappe_refused(state: &AppState, texts: &[String]) -> Response {
    page(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        "mappe.html",
        minijinja::context! { meldungen => texts.to_vec() },
    )
}

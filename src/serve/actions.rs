//! The overview's actions that create a report: "Neuer Bericht" and "Nächster Zyklus", and
//! what the pages of all actions share. Each action calls the same library function as its
//! CLI command (`commands::new` here, `commands::archive` in `archiving.rs`,
//! `commands::mappe` in `mappe.rs`); nothing here repeats their logic.
//!
//! Invariants: state changes only by POST (the guard checks secret and origin); a new file is
//! only ever created in the project (its reports folder, or beside the report it follows),
//! never over an existing one, under the server's write lock.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};

use super::page::{
    blocking, errors_page, form_date, info, not_found, page, page_error, reports_folder, title,
};
use super::state::{AppState, Notice};
use crate::cycle as new;

/// The routes of the actions (behind the guard, like every route).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/neu", get(new_form).post(new_report))
        .route("/zyklus/{*pfad}", get(cycle_form).post(next_cycle))
}

/// A plain file name for a new report: letters, digits, `-`, `_` and `.`, ending in `.toml`.
fn file_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("Bitte geben Sie einen Dateinamen an.".to_owned());
    }
    let name = if name.ends_with(".toml") {
        name.to_owned()
    } else {
        format!("{name}.toml")
    };
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.')
        && name.len() <= 120
        && name != crate::project::FILE_NAME
        && !name.ends_with(".geruest.toml");
    if plain {
        Ok(name)
    } else {
        Err(format!(
            "„{name}“ taugt nicht als Dateiname: erlaubt sind Buchstaben ohne Umlaute, Ziffern, „-“, „_“ und „.“, z. B. „2023-05-sachstandsbericht.toml“."
        ))
    }
}

/// `name`, or with `-2`, `-3` … before `.toml` when `folder` has it already.
fn free_name(folder: &Path, name: &str) -> String {
    let stem = name.trim_end_matches(".toml");
    (1..100)
        .map(|i| {
            if i == 1 {
                name.to_owned()
            } else {
                format!("{stem}-{i}.toml")
            }
        })
        .find(|n| !folder.join(n).exists())
        .unwrap_or_else(|| name.to_owned())
}

/// The values of the "Neuer Bericht" form.
#[derive(Debug, Default, Deserialize, Serialize)]
struct NewForm {
    #[serde(default)]
    vorlage: String,
    #[serde(default)]
    datum: String,
    #[serde(default)]
    datei: String,
}

/// The Vorlagenarten for the select: (name, label).
fn kinds(state: &AppState) -> Vec<(String, String)> {
    state
        .renderer
        .kinds()
        .iter()
        .map(|k| (k.clone(), super::page::art_label(k)))
        .collect()
}

fn new_page(state: &AppState, status: StatusCode, values: &NewForm, fehler: &str) -> Response {
    let folder = reports_folder(&state.root);
    page(
        state,
        status,
        "neu.html",
        minijinja::context! {
            arten => kinds(state), werte => minijinja::Value::from(minijinja::value::Serde(values)),
            fehler, ordner => state.relative(&folder),
        },
    )
}

async fn new_form(State(state): State<Arc<AppState>>) -> Response {
    let kinds = state.renderer.kinds();
    let vorlage = kinds
        .iter()
        .find(|k| *k == "sachstandsbericht")
        .or(kinds.first())
        .cloned()
        .unwrap_or_default();
    let folder = reports_folder(&state.root);
    let values = NewForm {
        datei: free_name(&folder, &new::skeleton_name(&vorlage, state.today())),
        datum: crate::german::date_short(state.today()),
        vorlage,
    };
    new_page(&state, StatusCode::OK, &values, "")
}

async fn new_report(State(state): State<Arc<AppState>>, Form(values): Form<NewForm>) -> Response {
    let refuse = |status, text: String| new_page(&state, status, &values, &text);
    if !state.renderer.kinds().contains(&values.vorlage) {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Bitte wählen Sie eine Vorlagenart.".into(),
        );
    }
    let datum = match form_date(&values.datum) {
        Ok(d) => d,
        Err(text) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, text),
    };
    let name = match file_name(&values.datei) {
        Ok(n) => n,
        Err(text) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, text),
    };
    let target = reports_folder(&state.root).join(&name);
    let _lock = state.writing.lock().await;
    if target.exists() {
        return refuse(
            StatusCode::CONFLICT,
            format!(
                "Die Datei „{}“ gibt es schon; sachstand überschreibt keinen Bericht. Bitte wählen Sie einen anderen Namen.",
                state.relative(&target)
            ),
        );
    }
    let work = Arc::clone(&state);
    let kind = values.vorlage.clone();
    let written = blocking(&state, move || {
        new::write_skeleton(work.renderer.set(), &kind, datum, &target)
    })
    .await;
    match written {
        Ok(Ok(created)) => {
            let titel = format!(
                "Neuer Bericht „{}“ aus dem Gerüst der Vorlagenart {} angelegt.",
                state.relative(&created.path),
                super::page::art_label(&values.vorlage)
            );
            to_editor(&state, created, titel)
        }
        Ok(Err(e)) => refuse(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        Err(response) => response,
    }
}

/// Keeps what `new` reported for the editor and sends the browser there.
fn to_editor(state: &AppState, created: new::Created, titel: String) -> Response {
    let rel = state.relative(&created.path);
    let Some(path) = state.report(&rel) else {
        return page_error(
            state,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Angelegt, aber nicht im Projekt",
            &format!("„{rel}“ wurde geschrieben, ist aber kein Bericht des Projekts."),
            &[],
        );
    };
    if let Ok(mut notices) = state.notices.lock() {
        notices.insert(
            path,
            Notice {
                titel,
                gesetzt: created.done,
                pruefen: created.todo.iter().map(super::words::to_do).collect(),
            },
        );
    }
    Redirect::to(&format!("/bericht/{}", url_path(&rel))).into_response()
}

/// A relative path for a URL: each segment percent-encoded.
fn url_path(rel: &str) -> String {
    /// What a path segment keeps unencoded here: letters, digits, `-`, `_` and `.`.
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.');
    rel.split('/')
        .map(|seg| percent_encoding::utf8_percent_encode(seg, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The "Nächster Zyklus" form.
#[derive(Debug, Default, Deserialize, Serialize)]
struct CycleForm {
    #[serde(default)]
    datum: String,
}

async fn cycle_page(
    state: &Arc<AppState>,
    status: StatusCode,
    path: &Path,
    values: &CycleForm,
    fehler: &str,
) -> Response {
    // The Betreff as the PDF has it needs a layout: blocking work, off the async workers.
    let (work, file) = (Arc::clone(state), path.to_path_buf());
    let betreff = blocking(state, move || title(&work, &file))
        .await
        .ok()
        .flatten();
    let bericht = info(state, path, betreff);
    let ziel = form_date(&values.datum)
        .ok()
        .map(|d| state.relative(&new::next_cycle_target(path, d)));
    page(
        state,
        status,
        "zyklus.html",
        minijinja::context! {
            bericht => minijinja::Value::from(minijinja::value::Serde(&bericht)),
            werte => minijinja::Value::from(minijinja::value::Serde(values)), fehler, ziel,
        },
    )
}

async fn cycle_form(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let old = info(&state, &path, None);
    let datum = match crate::german::parse_iso_date(&old.datum_iso) {
        Some(d) if d >= state.today() => String::new(),
        _ => crate::german::date_short(state.today()),
    };
    cycle_page(&state, StatusCode::OK, &path, &CycleForm { datum }, "").await
}

async fn next_cycle(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    Form(values): Form<CycleForm>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let datum = match form_date(&values.datum) {
        Ok(d) => d,
        Err(text) => {
            return cycle_page(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                &path,
                &values,
                &text,
            )
            .await;
        }
    };
    let target = new::next_cycle_target(&path, datum);
    let _lock = state.writing.lock().await;
    if target.exists() {
        let text = format!(
            "Die Datei „{}“ gibt es schon; sachstand überschreibt keinen Bericht. Wählen Sie ein Datum in einem anderen Monat, oder benennen Sie die vorhandene Datei um.",
            state.relative(&target)
        );
        return cycle_page(&state, StatusCode::CONFLICT, &path, &values, &text).await;
    }
    let from = path.clone();
    let work = Arc::clone(&state);
    let written = blocking(&state, move || {
        new::write_next_cycle(work.renderer.set(), &from, datum, &target)
    })
    .await;
    match written {
        Ok(Ok((_, Some(created)))) => {
            let titel = format!(
                "Nächster Zyklus von „{}“ angelegt: „{}“.",
                state.relative(&path),
                state.relative(&created.path)
            );
            to_editor(&state, created, titel)
        }
        Ok(Ok((diagnostics, None))) => errors_page(
            &state,
            &path,
            &diagnostics,
            "Kein nächster Zyklus: der Bericht hat Fehler",
            "Beheben Sie diese Befunde zuerst im Formular; dann lässt sich der nächste Zyklus anlegen.",
        ),
        Ok(Err(e)) => {
            cycle_page(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                &path,
                &values,
                &e.to_string(),
            )
            .await
        }
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_plain() {
        assert_eq!(
            file_name(" 2023-05-bericht "),
            Ok("2023-05-bericht.toml".into())
        );
        for bad in [
            "../x.toml",
            "a/b.toml",
            ".versteckt.toml",
            "sachstand.toml",
            "x.geruest.toml",
            "grüße.toml",
            "",
        ] {
            assert!(file_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn url_paths_are_encoded_per_segment() {
        assert_eq!(url_path("reports/a b.toml"), "reports/a%20b.toml");
    }
}

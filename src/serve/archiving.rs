//! "Archivieren" from the overview: a confirmation page (archiving is final) that shows the
//! report's state or the errors that prevent it, then `archive::file::archive_in_project`,
//! exactly as `sachstand archive [--grund]`.
//!
//! Invariant: what is archived is the state the confirmation page showed (its hash, checked
//! under the server's write lock), or nothing.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::page::{ReportInfo, blocking, errors_page, info, not_found, page, page_error};
use super::state::{AppState, hash};
use crate::archive;
use crate::archive::file::{ArchiveResult, Archived, archive_in_project};
use crate::error::Error;

/// The "Archivieren" form.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ArchiveForm {
    /// The hash of the file the confirmation page showed.
    #[serde(default)]
    hash: String,
    #[serde(default)]
    grund: String,
}

pub(super) async fn archive_form(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    confirm_page(&state, &path, "", "", StatusCode::OK).await
}

/// The confirmation step: what will be archived, or the errors that prevent it.
async fn confirm_page(
    state: &Arc<AppState>,
    path: &Path,
    grund: &str,
    fehler: &str,
    status: StatusCode,
) -> Response {
    let shown = Shown {
        grund,
        fehler,
        ..Shown::default()
    };
    archive_page(state, path, &shown, status).await
}

/// What the archive page shows besides the report: what was entered and what went wrong, in
/// the archiving form and in the withdrawal form.
#[derive(Debug, Default)]
pub(super) struct Shown<'a> {
    /// The archiving form's Grund.
    pub grund: &'a str,
    /// Why archiving failed.
    pub fehler: &'a str,
    /// The withdrawal form's Grund.
    pub rueckzug_grund: &'a str,
    /// Why withdrawing failed.
    pub rueckzug_fehler: &'a str,
    /// The Beratungsergebnis form as sent, and what came of it.
    pub ergebnis: Option<&'a Entered>,
}

/// The Beratungsergebnis form, as sent and shown again: each value as entered, and what came
/// of it (`fehler` or `erfolg`).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub(super) struct Entered {
    /// The Gremium as the Beratungsfolge names it.
    #[serde(default)]
    pub(super) gremium: String,
    /// The Sitzung (ISO date).
    #[serde(default)]
    pub(super) termin: String,
    #[serde(default)]
    pub(super) ergebnis: String,
    #[serde(default)]
    pub(super) ja: String,
    #[serde(default)]
    pub(super) nein: String,
    #[serde(default)]
    pub(super) enthaltungen: String,
    /// Why nothing was recorded (not sent by the form).
    #[serde(default, skip_deserializing)]
    pub(super) fehler: String,
    /// What was recorded (not sent by the form).
    #[serde(default, skip_deserializing)]
    pub(super) erfolg: String,
}

impl Entered {
    /// The values as the page shows them: a form of a Beratung no longer open (recorded in the
    /// meantime, not in the Beratungsfolge, or the paper withdrawn) is not on the page, so its
    /// message stands above the forms.
    pub(super) fn placed(&self, known: &crate::archive::outcome::OutcomeState) -> Entered {
        let mut shown = self.clone();
        if known.zurueckgezogen
            || !known
                .offen
                .iter()
                .any(|b| b.gremium == self.gremium && b.termin == self.termin)
        {
            shown.gremium.clear();
            shown.termin.clear();
        }
        shown
    }
}

/// The archive page of `path`: what will be archived, or the errors that prevent it; for an
/// archived Vorlage the withdrawal form, or when and why it was withdrawn.
pub(super) async fn archive_page(
    state: &Arc<AppState>,
    path: &Path,
    shown: &Shown<'_>,
    status: StatusCode,
) -> Response {
    let work = Arc::clone(state);
    let file = path.to_path_buf();
    let checked = blocking(state, move || {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let outcome = crate::pipeline::process(&file, &work.renderer, None, None);
        let archived = archive::read_index(&work.root.join("archiv"))
            .map(|(entries, _)| archive::state_of(&entries, &file))
            .unwrap_or_default();
        let folder = work.root.join(crate::project::files::ARCHIVE);
        let withdrawal = archive::withdraw::withdrawal_state(&folder, &file);
        let results = archive::outcome::outcome_state(&folder, &file);
        (hash(&bytes), outcome, archived, (withdrawal, results))
    })
    .await;
    let (file_hash, outcome, archived, (withdrawal, results)) = match checked {
        Ok((h, Ok(outcome), archived, states)) => (h, outcome, archived, states),
        Ok((_, Err(e), _, _)) => return environment_error(state, &e),
        Err(response) => return response,
    };
    // What the archive holds of it already: said before anything is done.
    let stand = match archived {
        Some((version, true)) => format!(
            "Dieser Stand ist bereits als Version {version} archiviert; noch einmal archivieren ändert nichts."
        ),
        Some((version, false)) => format!(
            "Der Bericht ist als Version {version} archiviert und hat sich seither geändert: er wird als Version {} archiviert und braucht dafür einen Grund.",
            version + 1
        ),
        None => String::new(),
    };
    if outcome.has_errors() {
        return errors_page(
            state,
            path,
            &outcome.diagnostics,
            "Nicht archivierbar: der Bericht hat Fehler",
            "Ein Bericht mit Fehlern kann nicht archiviert werden. Beheben Sie diese Befunde im Formular und archivieren Sie dann.",
        );
    }
    // An example is refused before anything is confirmed (`project::example`).
    if let Some(refusal) = outcome
        .loaded
        .as_ref()
        .and_then(crate::project::example::refusal)
    {
        return page_error(
            state,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Nicht archivierbar: ein Beispiel",
            &refusal,
            &[],
        );
    }
    let warnungen = outcome.diagnostics.len();
    let eingabe = shown.ergebnis.map(|e| e.placed(&results));
    let title = outcome.compiled.as_ref().and_then(|c| c.title.clone());
    page(
        state,
        status,
        "archiv.html",
        minijinja::context! {
            bericht => minijinja::Value::from(minijinja::value::Serde(info(state, path, title))),
            hash => file_hash, grund => shown.grund, fehler => shown.fehler, warnungen, stand,
            rueckzug => minijinja::Value::from(minijinja::value::Serde(withdrawal)),
            rueckzug_grund => shown.rueckzug_grund, rueckzug_fehler => shown.rueckzug_fehler,
            ergebnisse => minijinja::Value::from(minijinja::value::Serde(results)),
            ergebnis_arten => archive::outcome::RESULTS,
            eingabe => minijinja::Value::from(minijinja::value::Serde(eingabe)),
        },
    )
}

pub(super) fn environment_error(state: &AppState, e: &Error) -> Response {
    page_error(
        state,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Fehler",
        &e.to_string(),
        &[],
    )
}

/// "Archivieren" confirmed: archives the file if it is still the state the page showed.
pub(super) async fn archive_report(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    Form(values): Form<ArchiveForm>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let grund = values.grund.trim().to_owned();
    let lock = state.writing.lock().await;
    let seen = std::fs::read(&path).map(|b| hash(&b)).unwrap_or_default();
    if seen != values.hash {
        drop(lock);
        return confirm_page(
            &state,
            &path,
            &grund,
            "Die Datei wurde geändert, seit diese Seite geladen wurde; nichts wurde archiviert. Bitte prüfen Sie den aktuellen Stand unten und bestätigen Sie erneut.",
            StatusCode::CONFLICT,
        )
        .await;
    }
    let work = Arc::clone(&state);
    let file = path.clone();
    let reason = (!grund.is_empty()).then(|| grund.clone());
    let confirmed = values.hash.clone();
    let done = blocking(&state, move || {
        archive_in_project(&work.renderer, &file, reason.as_deref(), Some(&confirmed))
    })
    .await;
    drop(lock);
    let archived = match done {
        Ok(Ok(archived)) => {
            // Notes on the archive itself (files of a run that died, taken up) go to the
            // server's log, where the CLI would print them.
            for note in archived.notes.lines() {
                log::info!("{note}");
            }
            archived
        }
        Ok(Err(e)) => return environment_error(&state, &e),
        Err(response) => return response,
    };
    result_page(&state, &path, &grund, archived).await
}

/// The page that says what came of archiving `path` (`grund`: as entered, for a retry).
async fn result_page(
    state: &Arc<AppState>,
    path: &Path,
    grund: &str,
    archived: Archived,
) -> Response {
    let bericht = info(state, path, None);
    match archived.result {
        ArchiveResult::Filed {
            datei,
            version,
            vorlagen_nr,
        } => archived_page(state, &bericht, &datei, version, vorlagen_nr, true),
        ArchiveResult::Already { datei, version } => {
            archived_page(state, &bericht, &datei, version, None, false)
        }
        ArchiveResult::HasErrors => errors_page(
            state,
            path,
            &archived.diagnostics,
            "Nicht archiviert: der Bericht hat Fehler",
            "Beheben Sie diese Befunde im Formular und archivieren Sie dann.",
        ),
        ArchiveResult::Refused { message, hints } => page_error(
            state,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Nicht archiviert",
            &refused_text(&message, &hints),
            &[],
        ),
        ArchiveResult::Changed => {
            confirm_page(
                state,
                path,
                grund,
                "Die Datei wurde während des Archivierens geändert; nichts wurde archiviert. Bitte prüfen Sie den aktuellen Stand unten und bestätigen Sie erneut.",
                StatusCode::CONFLICT,
            )
            .await
        }
        ArchiveResult::NeedsGrund { version, .. } => {
            confirm_page(
                state,
                path,
                grund,
                &format!(
                    "Dieser Bericht wurde schon als Version {version} archiviert und hat sich seither geändert. Eine neue Version braucht einen Grund: bitte tragen Sie ihn ein."
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The text of a refusal: what is wrong, then each hint.
fn refused_text(message: &str, hints: &[String]) -> String {
    let mut text = format!("Nicht archiviert: {message}.");
    for hint in hints {
        text.push_str(&format!(" Hilfe: {hint}."));
    }
    text
}

fn archived_page(
    state: &AppState,
    bericht: &ReportInfo,
    datei: &Path,
    version: u32,
    vorlagen_nr: Option<String>,
    neu: bool,
) -> Response {
    page(
        state,
        StatusCode::OK,
        "archiviert.html",
        minijinja::context! {
            bericht => minijinja::Value::from(minijinja::value::Serde(bericht)),
            datei => state.relative(datei), version,
            nummer => vorlagen_nr.unwrap_or_else(|| bericht.nummer.clone()), neu,
        },
    )
}

/// What the editor says above a report the archive holds: which version, and whether the file
/// is still that version (from `archiv/index.jsonl`); `None` when nothing of it is archived.
pub(super) fn editor_note(state: &AppState, path: &Path) -> Option<String> {
    let folder = state.root.join(crate::project::files::ARCHIVE);
    let (entries, _) = archive::read_index(&folder).ok()?;
    let (version, same) = archive::state_of(&entries, path)?;
    let filed = entries
        .iter()
        .filter(|e| e.version == version && e.herkunft.is_some())
        .find(|e| archive::state_of(std::slice::from_ref(*e), path).is_some())
        .map(|e| format!(" ({})", e.datei))
        .unwrap_or_default();
    Some(if same {
        format!(
            "Archiviert: diese Fassung ist Version {version} im Archiv{filed}. Änderungen hier ändern nur den Entwurf; erneutes Archivieren legt Version {} an.",
            version + 1
        )
    } else {
        format!(
            "Version {version} ist archiviert{filed}; die Datei wurde seitdem geändert. Erneutes Archivieren legt Version {} an.",
            version + 1
        )
    })
}

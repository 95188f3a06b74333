//! "Vorlage zurückziehen" on a report's archive page: a form with the reason and a confirmation
//! box, then `archive::withdraw::withdraw`, exactly as `sachstand archive --zurueckziehen NR
//! --grund "…"`. The guard (Host, secret, same-origin) covers it like every change; the
//! withdrawal runs under the server's write lock and the archive's lock.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::archiving::{Shown, archive_page, environment_error};
use super::page::{blocking, not_found, page};
use super::state::AppState;
use crate::archive;
use crate::error::Error;

/// What the archive page knows about withdrawing the report's archived Vorlage.
#[derive(Debug, Default, Serialize)]
pub struct WithdrawalState {
    /// What `--zurueckziehen` takes (the Vorlagen-Nr., or the archive's name of the paper);
    /// empty when nothing of the report is archived.
    pub nummer: String,
    /// When it was withdrawn (German date); empty when it was not.
    pub am: String,
    /// Why it was withdrawn.
    pub grund: String,
}

/// Whether the report at `file` in the project `root` is archived, and whether withdrawn.
pub fn withdrawal_state(root: &Path, file: &Path) -> WithdrawalState {
    let folder = root.join(crate::project::files::ARCHIVE);
    let Ok(Ok((entries, withdrawn))) = archive::read_all(&folder) else {
        return WithdrawalState::default();
    };
    let herkunft = archive::guard::origin(file);
    let Some(latest) = entries
        .iter()
        .filter(|e| e.herkunft.as_deref() == Some(herkunft.as_str()))
        .max_by_key(|e| e.version)
    else {
        return WithdrawalState::default();
    };
    let nummer = latest
        .vorlagen_nr
        .clone()
        .unwrap_or_else(|| latest.basis.clone());
    match archive::withdraw::withdrawal_of(&withdrawn, latest) {
        Some(w) => WithdrawalState {
            nummer,
            am: archive::withdraw::shown_date(w),
            grund: w.grund.clone(),
        },
        None => WithdrawalState {
            nummer,
            ..WithdrawalState::default()
        },
    }
}

/// The withdrawal form.
#[derive(Debug, Default, Deserialize)]
pub(super) struct WithdrawForm {
    #[serde(default)]
    grund: String,
    /// `ja` when the confirmation box is ticked.
    #[serde(default)]
    bestaetigt: String,
}

/// "Vorlage zurückziehen" confirmed: withdraws the report's archived Vorlage.
pub(super) async fn withdraw_report(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    Form(values): Form<WithdrawForm>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let grund = values.grund.trim().to_owned();
    let refuse = |fehler: String| {
        let state = Arc::clone(&state);
        let (path, grund) = (path.clone(), grund.clone());
        async move {
            let shown = Shown {
                rueckzug_grund: &grund,
                rueckzug_fehler: &fehler,
                ..Shown::default()
            };
            archive_page(&state, &path, &shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    };
    if grund.is_empty() {
        return refuse("Bitte nennen Sie den Grund des Zurückziehens; er steht im Archivindex. Nichts wurde zurückgezogen.".into()).await;
    }
    if values.bestaetigt != "ja" {
        return refuse(
            "Bitte bestätigen Sie das Zurückziehen mit dem Häkchen. Nichts wurde zurückgezogen."
                .into(),
        )
        .await;
    }
    let lock = state.writing.lock().await;
    let work = Arc::clone(&state);
    let (file, reason) = (path.clone(), grund.clone());
    let done = blocking(&state, move || {
        let nummer = withdrawal_state(&work.root, &file).nummer;
        if nummer.is_empty() {
            return Err(Error::Usage(
                "dieser Bericht ist nicht archiviert; zurückziehen lässt sich nur eine archivierte Vorlage".into(),
            ));
        }
        let folder = work.root.join(crate::project::files::ARCHIVE);
        let now = time::OffsetDateTime::now_utc();
        archive::withdraw::withdraw(&folder, &nummer, &reason, &work.user, now)
    })
    .await;
    drop(lock);
    match done {
        Ok(Ok(withdrawn)) => page(
            &state,
            StatusCode::OK,
            "zurueckgezogen.html",
            minijinja::context! {
                nummer => withdrawn.rueckzug.zurueckgezogen,
                betreff => withdrawn.betreff,
                grund => withdrawn.rueckzug.grund,
                datei => state.relative(&withdrawn.datei),
            },
        ),
        Ok(Err(Error::Usage(message))) => refuse(format!("Nicht zurückgezogen: {message}.")).await,
        Ok(Err(e)) => environment_error(&state, &e),
        Err(response) => response,
    }
}

//! "Vorlage zurückziehen" on a report's archive page: a form with the reason and a confirmation
//! box, then `archive::withdraw::withdraw`, exactly as `sachstand archive --zurueckziehen NR
//! --grund "…"`. The guard (Host, secret, same-origin) covers it like every change; the
//! withdrawal runs under the server's write lock and the archive's lock.

use std::sync::Arc;

use axum::extract::{Form, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::archiving::{Shown, archive_page, environment_error};
use super::page::{blocking, not_found, page};
use super::state::AppState;
use crate::archive;
use crate::error::Error;

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
        let folder = work.root.join(crate::project::files::ARCHIVE);
        let nummer = archive::withdraw::withdrawal_state(&folder, &file).nummer;
        if nummer.is_empty() {
            return Err(Error::Usage(
                "dieser Bericht ist nicht archiviert; zurückziehen lässt sich nur eine archivierte Vorlage".into(),
            ));
        }
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

//! "Freigeben" in the editor: a page that shows where the report stands and asks who releases
//! it, then `freigabe::release`, exactly as `sachstand freigabe DATEI --durch "…"`. The guard
//! (Host, secret, same-origin) covers it like every change; the release runs under the
//! server's write lock (and the project's lock, taken by the library). Refusals (errors, an
//! open Mitzeichnung) are shown on the same page, in German, and nothing is written.
//!
//! `status` is the line the editor shows under the title: "Freigegeben durch … am …",
//! "Entwurf", or "wieder Entwurf: seit der Freigabe geändert".

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Form, Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::archiving::environment_error;
use super::page::{blocking, info, not_found, page};
use super::preview::{Finding, findings};
use super::state::AppState;
use crate::error::Error;
use crate::report::freigabe::{KEY, content_hash, when};
use crate::report::model::Freigabe;

/// The release form.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ReleaseForm {
    #[serde(default)]
    durch: String,
    /// `ja` when the confirmation box is ticked.
    #[serde(default)]
    bestaetigt: String,
}

/// Where a report stands, as the editor and the release page say it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Status {
    /// `freigegeben`, `entwurf` or `geaendert` (for the page's style).
    pub art: &'static str,
    /// The sentence.
    pub text: String,
}

/// The status of the report at `path` whose text is `text` (a byte order mark is ignored), its
/// attached files below `root` included.
pub(super) fn status(text: &str, path: &Path, root: &Path) -> Status {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let record = text.parse::<toml_edit::DocumentMut>().ok().and_then(|doc| {
        let table = doc.get(KEY)?;
        let field = |key: &str| table.get(key)?.as_str().map(str::to_owned);
        Some(Freigabe {
            durch: field("durch")?,
            am: field("am")?,
            inhalt: field("inhalt")?,
        })
    });
    match record {
        None => Status {
            art: "entwurf",
            text: "Entwurf: noch nicht freigegeben.".into(),
        },
        Some(r)
            if content_hash(
                text,
                &crate::project::anlage::digests_of_text(path, text, root),
            )
            .as_deref()
                == Some(r.inhalt.as_str()) =>
        {
            Status {
                art: "freigegeben",
                text: format!("Freigegeben durch {} am {}.", r.durch, when(&r)),
            }
        }
        Some(r) => Status {
            art: "geaendert",
            text: format!(
                "Entwurf – wieder Entwurf: seit der Freigabe (durch {} am {}) geändert. Eine neue Freigabe ist nötig.",
                r.durch,
                when(&r)
            ),
        },
    }
}

/// The release page of a report.
pub(super) async fn release_form(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    release_page(&state, &path, "", "", &[], StatusCode::OK)
}

/// The page: the report, its status, the form, and (after a refusal) why.
fn release_page(
    state: &AppState,
    path: &Path,
    durch: &str,
    fehler: &str,
    befunde: &[Finding],
    status_code: StatusCode,
) -> Response {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    page(
        state,
        status_code,
        "freigabe.html",
        minijinja::context! {
            bericht => minijinja::Value::from(minijinja::value::Serde(info(state, path, None))),
            stand => minijinja::Value::from(minijinja::value::Serde(status(&text, path, &state.root))),
            durch, fehler,
            befunde => minijinja::Value::from(minijinja::value::Serde(befunde)),
        },
    )
}

/// "Freigeben" confirmed: releases the report in the name entered, now.
pub(super) async fn release_report(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    Form(values): Form<ReleaseForm>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let durch = values.durch.trim().to_owned();
    let refuse = |fehler: &str| {
        release_page(
            &state,
            &path,
            &durch,
            fehler,
            &[],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    if durch.is_empty() {
        return refuse(
            "Bitte nennen Sie, wer freigibt (Name, Amtsbezeichnung). Nichts wurde freigegeben.",
        );
    }
    if values.bestaetigt != "ja" {
        return refuse(
            "Bitte bestätigen Sie die Freigabe mit dem Häkchen. Nichts wurde freigegeben.",
        );
    }
    let lock = state.writing.lock().await;
    let work = Arc::clone(&state);
    let (file, name) = (path.clone(), durch.clone());
    let done = blocking(&state, move || {
        let now = time::OffsetDateTime::now_utc();
        crate::freigabe::release(&file, &work.renderer, &name, now)
    })
    .await;
    drop(lock);
    match done {
        Ok(Ok(Ok(_released))) => (
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                format!("/bericht/{}", state.relative(&path)),
            )],
        )
            .into_response(),
        Ok(Ok(Err(problems))) => {
            let loaded = crate::report::load::load(&path).ok().and_then(Result::ok);
            release_page(
                &state,
                &path,
                &durch,
                "Nicht freigegeben: der Bericht bleibt ein Entwurf. Beheben Sie diese Befunde im Formular und geben Sie ihn dann frei.",
                &findings(&problems, loaded.as_ref(), &path),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Ok(Err(Error::Usage(message))) | Ok(Err(Error::Locked(message))) => {
            refuse(&format!("Nicht freigegeben: {message}."))
        }
        Ok(Err(e)) => environment_error(&state, &e),
        Err(response) => response,
    }
}

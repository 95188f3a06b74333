//! The axum router and its handlers. Handlers are thin: they resolve the report path
//! (`AppState::report`), call the pipeline (`pipeline::process`, `preview::preview`) or the
//! form (`form`), and turn the result into a page or JSON. Blocking work runs on tokio's
//! blocking pool.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use toml_edit::DocumentMut;

use super::form;
use super::page::{not_found, page_error};
use super::preview::{findings, preview};
use super::state::{AppState, NotRun, Row, hash};
use crate::archive;

/// The router with every route behind the guard.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/bericht/{*pfad}", get(editor))
        .route("/vorschau/{*pfad}", get(preview_json))
        .route("/pdf/{*pfad}", get(pdf))
        .route("/feld/{*pfad}", post(save_field))
        .route("/liste/{*pfad}", post(change_list))
        .route("/anlage/{*pfad}", post(upload_anlage))
        .route("/assets/app.css", get(css))
        .route("/assets/app.js", get(js))
        .merge(super::actions::routes())
        .route(
            "/archiv/{*pfad}",
            get(super::archiving::archive_form).post(super::archiving::archive_report),
        )
        .route(
            "/freigabe/{*pfad}",
            get(super::releasing::release_form).post(super::releasing::release_report),
        )
        .route(
            "/zurueckziehen/{*pfad}",
            post(super::withdrawing::withdraw_report),
        )
        .route("/ergebnis/{*pfad}", post(super::outcomes::record_outcome))
        .route("/mappe", get(super::mappe::mappe_pdf))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            super::guard::guard,
        ))
        .with_state(state)
}

fn json_error(status: StatusCode, text: impl Into<String>) -> Response {
    (status, Json(json!({ "fehler": text.into() }))).into_response()
}

/// `AppState::run_blocking`, refusals as JSON (the form's requests).
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    state.run_blocking(work).await.map_err(|why| match why {
        NotRun::Stopping => json_error(StatusCode::SERVICE_UNAVAILABLE, "der Server wird beendet"),
        NotRun::Failed => json_error(StatusCode::INTERNAL_SERVER_ERROR, "interner Fehler"),
    })
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/app.css"),
    )
        .into_response()
}

async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/app.js"),
    )
        .into_response()
}

/// The row of the report at `path` as its content is now: taken from the server's memory when
/// the report, the report its `vorheriger` names and `sachstand.toml` are unchanged since it
/// was made, otherwise laid out (no PDF export) and kept. `settings`: the hash of
/// `sachstand.toml`.
fn row(
    state: &AppState,
    path: &std::path::Path,
    archived: &[archive::Eintrag],
    settings: &str,
) -> Row {
    let archiv = match archive::state_of(archived, path) {
        Some((version, true)) => format!("Version {version} archiviert"),
        Some((version, false)) => format!("seit Version {version} geändert"),
        None => String::new(),
    };
    let key = std::fs::read(path).map(|bytes| {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(settings.as_bytes());
        // The row's "Nächste Beratung" depends on the day too.
        hasher.update(crate::german::date_iso(state.today()).as_bytes());
        crate::pipeline::cache::report_content(&mut hasher, path, &bytes);
        crate::digest::hex(&hasher.finalize())
    });
    let cached = key.as_ref().ok().and_then(|key| {
        let rows = state.rows.lock().ok()?;
        rows.get(path)
            .filter(|(k, _)| k == key)
            .map(|(_, row)| row.clone())
    });
    let mut row = match cached {
        Some(row) => row,
        None => {
            let row = fresh_row(state, path);
            if let (Ok(key), Ok(mut rows)) = (key, state.rows.lock()) {
                rows.insert(path.to_path_buf(), (key, row.clone()));
            }
            row
        }
    };
    row.archiv = archiv;
    row
}

/// The row of the report at `path`, from the pipeline up to Typst's layout.
fn fresh_row(state: &AppState, path: &std::path::Path) -> Row {
    let rel = state.relative(path);
    let unreadable = |fehler: usize, warnungen: usize| Row {
        pfad: rel.clone(),
        betreff: rel.clone(),
        art: "—".into(),
        nummer: "—".into(),
        datum: "—".into(),
        beratung: "—".into(),
        fehler,
        warnungen,
        archiv: String::new(),
    };
    let Ok((outcome, document)) = crate::pipeline::layout(path, &state.renderer) else {
        return unreadable(1, 0);
    };
    let fehler = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnungen = outcome.diagnostics.len() - fehler;
    let title = document.as_ref().and_then(|d| {
        typst::model::Document::info(d)
            .title
            .as_ref()
            .map(ToString::to_string)
    });
    let Some(loaded) = &outcome.loaded else {
        return unreadable(fehler, warnungen);
    };
    let report = &loaded.data;
    let betreff = title
        .or_else(|| report.kopf.betreff.clone())
        .unwrap_or_else(|| rel.clone());
    Row {
        betreff,
        art: super::page::art_label(&report.vorlage),
        nummer: report.kopf.nummer.clone().unwrap_or_else(|| "—".into()),
        datum: report.kopf.datum.to_string(),
        beratung: next_beratung(report, state.today()),
        fehler,
        warnungen,
        archiv: String::new(),
        pfad: rel,
    }
}

/// The first Beratung from today on, or the last one before ("zuletzt …").
fn next_beratung(report: &crate::report::model::Report, today: time::Date) -> String {
    let mut list: Vec<&crate::report::model::Beratung> = report.beratungsfolge.iter().collect();
    list.sort_by_key(|b| b.termin);
    let show = |b: &crate::report::model::Beratung| format!("{}, {}", b.termin, b.gremium);
    match list.iter().find(|b| b.termin.0 >= today) {
        Some(b) => show(b),
        None => list
            .last()
            .map_or_else(|| "—".into(), |b| format!("zuletzt {}", show(b))),
    }
}

async fn overview(State(state): State<Arc<AppState>>) -> Response {
    let work = Arc::clone(&state);
    let stichtag = state.today();
    let rows = blocking(&state, move || {
        // An unreadable index only means no archive state is shown here.
        let archived = archive::read_index(&work.root.join(crate::project::files::ARCHIVE))
            .map(|(entries, _)| entries)
            .unwrap_or_default();
        let settings = std::fs::read(work.root.join(crate::project::FILE_NAME))
            .map(|bytes| hash(&bytes))
            .unwrap_or_default();
        // Reports not laid out yet (the first load) are laid out on every core.
        let rows = {
            use rayon::prelude::*;
            work.reports()
                .par_iter()
                .map(|p| row(&work, p, &archived, &settings))
                .collect::<Vec<Row>>()
        };
        let fristen = super::deadlines::list(&work, &archived, &rows, stichtag);
        (rows, super::mappe::sitzungen(&work), fristen)
    })
    .await;
    let (rows, sitzungen, fristen) = match rows {
        Ok(rows) => rows,
        Err(response) => return response,
    };
    let html = state.pages.get_template("uebersicht.html").and_then(|t| {
        t.render(minijinja::context! {
            projekt => &state.name, berichte => minijinja::Value::from(minijinja::value::Serde(&rows)),
            sitzungen => minijinja::Value::from(minijinja::value::Serde(&sitzungen)),
            fristen => minijinja::Value::from(minijinja::value::Serde(&fristen)),
            stichtag => crate::german::date_short(stichtag),
        })
    });
    match html {
        Ok(html) => Html(html).into_response(),
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn editor(State(state): State<Arc<AppState>>, UrlPath(pfad): UrlPath<String>) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return page_error(
                &state,
                StatusCode::INTERNAL_SERVER_ERROR,
                "Nicht lesbar",
                &e.to_string(),
                &[],
            );
        }
    };
    let Some(doc) = std::str::from_utf8(&bytes).ok().and_then(|text| {
        text.strip_prefix('\u{feff}')
            .unwrap_or(text)
            .parse::<DocumentMut>()
            .ok()
    }) else {
        return broken_file(&state, &path);
    };
    let ctx = form::Context {
        vorlagenarten: state.renderer.kinds().to_vec(),
        gremien: state.gremien(&path),
        anlagen: super::anlagen::choices(&state.root, &path),
    };
    let gruppen = form::build(&doc, &ctx);
    let hinweis = state
        .notices
        .lock()
        .ok()
        .and_then(|n| n.get(&path).cloned());
    let html = state.pages.get_template("editor.html").and_then(|t| {
        t.render(minijinja::context! {
            projekt => &state.name, pfad => state.relative(&path), hash => hash(&bytes),
            hinweis => minijinja::Value::from(minijinja::value::Serde(&hinweis)),
            archiv => super::archiving::editor_note(&state, &path),
            freigabe => minijinja::Value::from(minijinja::value::Serde(
                super::releasing::status(&String::from_utf8_lossy(&bytes), &path, &state.root),
            )),
            beispiel => doc.get("beispiel").and_then(toml_edit::Item::as_bool) == Some(true),
            gruppen => minijinja::Value::from(minijinja::value::Serde(&gruppen)),
            anlage_max => crate::project::anlage::MAX_BYTES,
        })
    });
    match html {
        Ok(html) => Html(html).into_response(),
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The page for a file that is not TOML at all: its diagnostics, to be fixed in the file.
fn broken_file(state: &AppState, path: &std::path::Path) -> Response {
    let befunde = match crate::report::load::load(path) {
        Ok(Err(diags)) => findings(&diags, None, path),
        _ => Vec::new(),
    };
    page_error(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Die Datei lässt sich nicht im Formular bearbeiten",
        "Bitte beheben Sie diese Fehler in der Datei (kein gültiges TOML oder nicht in UTF-8); dann lässt sie sich hier bearbeiten.",
        &befunde,
    )
}

async fn preview_json(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
) -> Response {
    let Some(path) = state.report(&pfad) else {
        return json_error(
            StatusCode::NOT_FOUND,
            "Diesen Bericht gibt es im Projekt nicht.",
        );
    };
    let work = Arc::clone(&state);
    match blocking(&state, move || preview(&work, &path)).await {
        Ok(Ok(p)) => Json(p).into_response(),
        Ok(Err(e)) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(response) => response,
    }
}

async fn pdf(State(state): State<Arc<AppState>>, UrlPath(pfad): UrlPath<String>) -> Response {
    let Some(path) = state.report(&pfad) else {
        return not_found(&state);
    };
    let pfad_path = path.clone();
    let work = Arc::clone(&state);
    let run = blocking(&state, move || {
        crate::pipeline::process(&path, &work.renderer, None, None)
    })
    .await;
    let outcome = match run {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => {
            return page_error(
                &state,
                StatusCode::INTERNAL_SERVER_ERROR,
                "Fehler",
                &e.to_string(),
                &[],
            );
        }
        Err(response) => return response,
    };
    match (&outcome.compiled, outcome.has_errors()) {
        (Some(compiled), false) => {
            let name = pfad.rsplit('/').next().unwrap_or("bericht.toml");
            let name = name.trim_end_matches(".toml");
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("inline; filename=\"{}.pdf\"", name.replace('"', "")),
                    ),
                ],
                compiled.pdf.clone(),
            )
                .into_response()
        }
        _ => page_error(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kein PDF: der Bericht hat Fehler",
            "Beheben Sie diese Befunde im Formular; dann entsteht das PDF.",
            &findings(&outcome.diagnostics, outcome.loaded.as_ref(), &pfad_path),
        ),
    }
}

/// A field change from the form.
#[derive(Debug, Deserialize)]
struct FieldChange {
    /// Hash of the file as the page last saw it.
    hash: String,
    /// TOML key path.
    name: String,
    /// The control's value.
    value: String,
}

/// Why `choice` is none of the choices the form offers for a select (checked here, not only in
/// the page): a Vorlagenart of the template set, a Gremium of the register by name or key.
fn not_a_choice(
    state: &AppState,
    report: &std::path::Path,
    choices: super::schema::Choices,
    choice: &str,
) -> Option<String> {
    use super::schema::Choices;
    let allowed: Vec<String> = match choices {
        Choices::Vorlagenarten => state.renderer.kinds().to_vec(),
        Choices::Gremien => match crate::project::find(report) {
            Ok(Ok(project)) => project
                .settings()
                .gremien
                .iter()
                .flat_map(|g| [g.name.clone(), g.key.clone()])
                .collect(),
            _ => return None,
        },
        // Checked with the value's type (`form::typed_value`).
        Choices::Fixed(_) => return None,
    };
    // Without a register the field is free text.
    (!allowed.is_empty() && !allowed.iter().any(|a| a == choice)).then(|| {
        format!("„{choice}“ ist keine der Möglichkeiten dieses Feldes; bitte aus der Liste wählen")
    })
}

/// Why `value` cannot be the file of the Anlage at `name` (`beschluss.anlagen[2].datei`):
/// only the files the form offers, those of the project's `anlagen/` folder.
fn not_an_anlage(
    state: &AppState,
    report: &std::path::Path,
    name: &str,
    value: Option<&toml_edit::Value>,
) -> Option<String> {
    let (_, _, part) = super::schema::anlage_part(name)?;
    let datei = value?.as_str()?;
    let offered = super::anlagen::choices(&state.root, report);
    (part.path == "datei" && !offered.iter().any(|(v, _)| v == datei)).then(|| {
        format!("„{datei}“ ist keine Datei im Ordner anlagen/ des Projekts; bitte aus der Liste wählen oder eine Datei hochladen")
    })
}

/// The answer when the file changed since the page loaded it.
fn changed_outside() -> Response {
    json_error(
        StatusCode::CONFLICT,
        "Nicht gespeichert: die Datei wurde inzwischen außerhalb dieses Fensters geändert. Bitte neu laden.",
    )
}

/// How a report's text is stored on disk, kept when the editor writes it back: a byte order
/// mark at the start, Windows line ends (CRLF).
#[derive(Debug, Clone, Copy)]
struct Stored {
    bom: bool,
    crlf: bool,
}

impl Stored {
    /// `text` in this form.
    fn encode(self, text: &str) -> Vec<u8> {
        let mut out = String::with_capacity(text.len() + 16);
        if self.bom {
            out.push('\u{feff}');
        }
        if self.crlf {
            out.push_str(&text.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            out.push_str(text);
        }
        out.into_bytes()
    }
}

/// Reads the report, refusing when it changed since the page's `seen` hash.
fn read_unchanged(path: &std::path::Path, seen: &str) -> Result<(DocumentMut, Stored), Response> {
    let bytes = std::fs::read(path)
        .map_err(|e| json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    if hash(&bytes) != seen {
        return Err(changed_outside());
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        json_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Die Datei ist nicht in UTF-8 gespeichert; bitte in der Datei beheben.",
        )
    })?;
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let stored = Stored {
        bom,
        crlf: text.contains("\r\n"),
    };
    let doc = text.parse::<DocumentMut>().map_err(|_| {
        json_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Die Datei ist kein gültiges TOML mehr; bitte in der Datei beheben.",
        )
    })?;
    Ok((doc, stored))
}

/// The project's report at `pfad`, or a 404 answer.
fn report_or_404(state: &AppState, pfad: &str) -> Result<PathBuf, Response> {
    state.report(pfad).ok_or_else(|| {
        json_error(
            StatusCode::NOT_FOUND,
            "Diesen Bericht gibt es im Projekt nicht.",
        )
    })
}

/// One change of a report: under the write lock (this server's and the project's, across
/// processes), only if the file still has the hash the page loaded, `edit` applied to the
/// document, written back in the file's own form (BOM, line ends) by a swap that checks the
/// old content once more. Returns the new hash.
async fn edit_report(
    state: &AppState,
    path: PathBuf,
    seen_hash: String,
    edit: impl FnOnce(&mut DocumentMut) -> Result<(), String> + Send + 'static,
) -> Result<String, Response> {
    let _lock = state.writing.lock().await;
    let root = state.root.clone();
    blocking(state, move || -> Result<String, Response> {
        let server_error =
            |e: crate::error::Error| json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        // Another `serve` (a colleague's, on the same folder) takes the same lock.
        let _held = crate::lock::exclusive(&root, "der Projektordner").map_err(|e| match e {
            crate::error::Error::Locked(_) => json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "Gerade speichert ein anderer Vorgang in diesem Projekt (eine Kollegin, ein zweites Fenster, die Kommandozeile).",
            ),
            e => server_error(e),
        })?;
        let (mut doc, stored) = read_unchanged(&path, &seen_hash)?;
        edit(&mut doc).map_err(|text| json_error(StatusCode::UNPROCESSABLE_ENTITY, text))?;
        let bytes = stored.encode(&doc.to_string());
        // Programs that do not take the lock (a text editor) are caught by the swap itself.
        let replaced =
            crate::output::replace_unchanged(&path, &bytes, |before| hash(before) == seen_hash)
                .map_err(server_error)?;
        if replaced {
            Ok(hash(&bytes))
        } else {
            Err(changed_outside())
        }
    })
    .await?
}

async fn save_field(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    Json(change): Json<FieldChange>,
) -> Response {
    let path = match report_or_404(&state, &pfad) {
        Ok(path) => path,
        Err(response) => return response,
    };
    // `[freigabe]` is written by "Freigeben" only (`releasing.rs`).
    let released_field = change
        .name
        .starts_with(&format!("{}.", crate::report::freigabe::KEY));
    let Some(field) = super::schema::field_at(&change.name).filter(|_| !released_field) else {
        return json_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("„{}“ ist kein Feld des Formulars", change.name),
        );
    };
    let value = match form::typed_value(field, &change.value) {
        Ok(value) => value,
        Err(text) => return json_error(StatusCode::UNPROCESSABLE_ENTITY, text),
    };
    if let (Some(choice), super::schema::Kind::Select(choices)) =
        (value.as_ref().and_then(|v| v.as_str()), field.kind)
        && let Some(refusal) = not_a_choice(&state, &path, choices, choice)
    {
        return json_error(StatusCode::UNPROCESSABLE_ENTITY, refusal);
    }
    if let Some(refusal) = not_an_anlage(&state, &path, &change.name, value.as_ref()) {
        return json_error(StatusCode::UNPROCESSABLE_ENTITY, refusal);
    }
    let name = change.name;
    let written = edit_report(&state, path.clone(), change.hash, move |doc| {
        form::set(doc, &name, value)
    })
    .await;
    let new_hash = match written {
        Ok(h) => h,
        Err(response) => return response,
    };
    respond_with_preview(state, path, new_hash).await
}

/// The new hash and the preview after a save.
async fn respond_with_preview(state: Arc<AppState>, path: PathBuf, new_hash: String) -> Response {
    let started = std::time::Instant::now();
    let work = Arc::clone(&state);
    let freigabe = std::fs::read(&path)
        .map(|bytes| super::releasing::status(&String::from_utf8_lossy(&bytes), &path, &state.root))
        .ok();
    match blocking(&state, move || preview(&work, &path)).await {
        Ok(Ok(p)) => {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let mut body = serde_json::to_value(&p).unwrap_or_default();
            if let Some(map) = body.as_object_mut() {
                map.insert("hash".into(), json!(new_hash));
                // Every change may return a released paper to Entwurf: the line says so.
                map.insert("freigabe".into(), json!(freigabe));
            }
            (
                [("server-timing", format!("vorschau;dur={ms:.1}"))],
                Json(body),
            )
                .into_response()
        }
        Ok(Err(e)) => json_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(response) => response,
    }
}

/// Adding, removing or moving a list entry.
#[derive(Debug, Deserialize)]
struct ListChange {
    hash: String,
    liste: String,
    /// `neu`, `weg`, `hoch` or `runter`.
    aktion: String,
    #[serde(default)]
    index: usize,
}

async fn change_list(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    Json(change): Json<ListChange>,
) -> Response {
    let path = match report_or_404(&state, &pfad) {
        Ok(path) => path,
        Err(response) => return response,
    };
    if super::schema::list_at(&change.liste).is_none()
        && super::schema::lines_at(&change.liste).is_none()
    {
        return json_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("„{}“ ist keine Liste des Formulars", change.liste),
        );
    }
    let ListChange {
        hash,
        liste,
        aktion,
        index,
    } = change;
    let written = edit_report(&state, path, hash, move |doc| match aktion.as_str() {
        "neu" => form::add_entry(doc, &liste),
        "weg" => form::remove_entry(doc, &liste, index),
        "hoch" => super::order::move_entry(doc, &liste, index, super::order::Direction::Up),
        "runter" => super::order::move_entry(doc, &liste, index, super::order::Direction::Down),
        other => Err(format!("unbekannte Aktion „{other}“")),
    })
    .await;
    match written {
        Ok(h) => Json(json!({ "hash": h })).into_response(),
        Err(response) => response,
    }
}

/// An uploaded file for an Anlage: which entry, the file's name as the browser sent it, and
/// the hash of the report as the page last saw it. The bytes are the request's body.
#[derive(Debug, Deserialize)]
struct Upload {
    hash: String,
    liste: String,
    index: usize,
    name: String,
}

/// Stores the request's body in the project's `anlagen/` folder (never replacing a file) and
/// names it as the file of the Anlage; the body is read up to `anlage::MAX_BYTES`, no further.
async fn upload_anlage(
    State(state): State<Arc<AppState>>,
    UrlPath(pfad): UrlPath<String>,
    axum::extract::Query(upload): axum::extract::Query<Upload>,
    body: axum::body::Body,
) -> Response {
    use super::anlagen;
    let path = match report_or_404(&state, &pfad) {
        Ok(path) => path,
        Err(response) => return response,
    };
    let at = format!("{}[{}].datei", upload.liste, upload.index);
    if super::schema::anlage_part(&at).is_none() {
        let text = format!("„{}“ ist keine Anlage des Formulars", upload.liste);
        return json_error(StatusCode::UNPROCESSABLE_ENTITY, text);
    }
    let limit = usize::try_from(crate::project::anlage::MAX_BYTES).unwrap_or(usize::MAX);
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return json_error(StatusCode::PAYLOAD_TOO_LARGE, anlagen::too_large());
    };
    let art = match anlagen::kind_of(&upload.name, &bytes) {
        Ok(art) => art,
        Err(text) => return json_error(StatusCode::UNPROCESSABLE_ENTITY, text),
    };
    let name = anlagen::safe_name(&upload.name, art);
    let (root, report) = (state.root.clone(), path.clone());
    let named = Arc::new(std::sync::Mutex::new(String::new()));
    let out = Arc::clone(&named);
    let Upload {
        hash, liste, index, ..
    } = upload;
    let written = edit_report(&state, path, hash, move |doc| {
        let datei = anlagen::attach(doc, &root, &report, (&liste, index), &name, &bytes)?;
        if let Ok(mut out) = out.lock() {
            *out = datei;
        }
        Ok(())
    })
    .await;
    let datei = named.lock().map(|d| d.clone()).unwrap_or_default();
    match written {
        Ok(h) => Json(json!({ "hash": h, "datei": datei })).into_response(),
        Err(response) => response,
    }
}

//! The overview's actions: "Neuer Bericht", "Nächster Zyklus", "Archivieren" and the
//! Sitzungsmappe. Each calls the same library function as its CLI command (`commands::new`,
//! `commands::archive`, `commands::mappe`); nothing here repeats their logic.
//!
//! Invariants: state changes only by POST (the guard checks secret and origin); a new file is
//! only ever created in the project (its reports folder, or beside the report it follows),
//! never over an existing one; archiving takes the file exactly as the confirmation page
//! showed it (same hash), under the server's write lock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Form, Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Router, response::Redirect};
use serde::{Deserialize, Serialize};
use time::Date;

use super::preview::findings;
use super::routes::page_error;
use super::state::{AppState, hash};
use crate::commands::archive::{self, ArchiveResult};
use crate::commands::{mappe, new};
use crate::diag::Diagnostic;
use crate::error::Error;

/// The routes of the actions (behind the guard, like every route).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/neu", get(new_form).post(new_report))
        .route("/zyklus/{*pfad}", get(cycle_form).post(next_cycle))
        .route("/archiv/{*pfad}", get(archive_form).post(archive_report))
        .route("/mappe", get(mappe_pdf))
}

/// What the editor shows above a report that was just created here.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// One sentence: what was created.
    pub titel: String,
    /// What was taken over and set.
    pub gesetzt: Vec<String>,
    /// What the user still has to check or update ("bitte prüfen").
    pub pruefen: Vec<String>,
}

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
        })
        .collect()
}

/// Renders one of the pages; a template error becomes a plain 500.
fn page(state: &AppState, status: StatusCode, name: &str, ctx: minijinja::Value) -> Response {
    let html = state
        .pages
        .get_template(name)
        .and_then(|t| t.render(minijinja::context! { projekt => &state.name, ..ctx }));
    match html {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

fn not_found(state: &AppState) -> Response {
    page_error(
        state,
        StatusCode::NOT_FOUND,
        "Nicht gefunden",
        "Diesen Bericht gibt es im Projekt nicht.",
        &[],
    )
}

/// Runs blocking work off the async workers.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        page_error(
            state,
            StatusCode::INTERNAL_SERVER_ERROR,
            "Interner Fehler",
            "Die Aktion ist abgebrochen.",
            &[],
        )
    })
}

/// The folder new reports go to: `reports/` in the project, or the project root.
fn reports_folder(root: &Path) -> PathBuf {
    let reports = root.join("reports");
    if reports.is_dir() {
        reports
    } else {
        root.to_path_buf()
    }
}

/// Parses the date of a form (`2023-05-10`, as `<input type="date">` sends it).
fn form_date(text: &str) -> Result<Date, String> {
    crate::german::parse_iso_date(text.trim()).ok_or_else(|| {
        if text.trim().is_empty() {
            "Bitte geben Sie ein Datum an.".to_owned()
        } else {
            format!(
                "„{}“ ist kein vollständiges Datum (TT.MM.JJJJ).",
                text.trim()
            )
        }
    })
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
        .map(|k| (k.clone(), super::routes::art_label(k)))
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
        datei: free_name(&folder, &new::skeleton_name(&vorlage, state.today)),
        datum: crate::german::date_iso(state.today),
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
                super::routes::art_label(&values.vorlage)
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
                pruefen: created.todo,
            },
        );
    }
    Redirect::to(&format!("/bericht/{}", url_path(&rel))).into_response()
}

/// A relative path for a URL: each segment percent-encoded.
fn url_path(rel: &str) -> String {
    rel.split('/')
        .map(|seg| {
            seg.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Betreff, Datum and Vorlagen-Nr. of a report for the pages' headings.
#[derive(Debug, Default, Serialize)]
struct ReportInfo {
    pfad: String,
    betreff: String,
    datum: String,
    datum_iso: String,
    nummer: String,
}

/// `title`: the Betreff as the PDF has it, when the caller compiled the report.
fn info(state: &AppState, path: &Path, title: Option<String>) -> ReportInfo {
    let pfad = state.relative(path);
    match crate::load::load(path) {
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

/// The Betreff as the PDF has it (the pipeline composes it for some Vorlagenarten).
fn title(state: &AppState, path: &Path) -> Option<String> {
    crate::pipeline::process(path, &state.renderer, None, None)
        .ok()?
        .compiled?
        .title
}

/// The "Nächster Zyklus" form.
#[derive(Debug, Default, Deserialize, Serialize)]
struct CycleForm {
    #[serde(default)]
    datum: String,
}

fn cycle_page(
    state: &AppState,
    status: StatusCode,
    path: &Path,
    values: &CycleForm,
    fehler: &str,
) -> Response {
    // The pipeline is blocking work; this page is rare enough to do it in place.
    let betreff = tokio::task::block_in_place(|| title(state, path));
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
        Some(d) if d >= state.today => String::new(),
        _ => crate::german::date_iso(state.today),
    };
    cycle_page(&state, StatusCode::OK, &path, &CycleForm { datum }, "")
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
            );
        }
    };
    let target = new::next_cycle_target(&path, datum);
    let _lock = state.writing.lock().await;
    if target.exists() {
        let text = format!(
            "Die Datei „{}“ gibt es schon; sachstand überschreibt keinen Bericht. Wählen Sie ein Datum in einem anderen Monat, oder benennen Sie die vorhandene Datei um.",
            state.relative(&target)
        );
        return cycle_page(&state, StatusCode::CONFLICT, &path, &values, &text);
    }
    let from = path.clone();
    let written = blocking(&state, move || new::write_next_cycle(&from, datum, &target)).await;
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
        Ok(Err(e)) => cycle_page(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            &path,
            &values,
            &e.to_string(),
        ),
        Err(response) => response,
    }
}

/// The diagnostics of `path` as a page (422).
fn errors_page(
    state: &AppState,
    path: &Path,
    diagnostics: &[Diagnostic],
    titel: &str,
    text: &str,
) -> Response {
    let loaded = crate::load::load(path).ok().and_then(Result::ok);
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

/// The "Archivieren" form.
#[derive(Debug, Default, Deserialize)]
struct ArchiveForm {
    /// The hash of the file the confirmation page showed.
    #[serde(default)]
    hash: String,
    #[serde(default)]
    grund: String,
}

async fn archive_form(
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
    let work = Arc::clone(state);
    let file = path.to_path_buf();
    let checked = blocking(state, move || {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let outcome = crate::pipeline::process(&file, &work.renderer, None, None);
        (hash(&bytes), outcome)
    })
    .await;
    let (file_hash, outcome) = match checked {
        Ok((h, Ok(outcome))) => (h, outcome),
        Ok((_, Err(e))) => return environment_error(state, &e),
        Err(response) => return response,
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
    let warnungen = outcome.diagnostics.len();
    let title = outcome.compiled.as_ref().and_then(|c| c.title.clone());
    page(
        state,
        status,
        "archiv.html",
        minijinja::context! {
            bericht => minijinja::Value::from(minijinja::value::Serde(info(state, path, title))),
            hash => file_hash, grund, fehler, warnungen,
        },
    )
}

fn environment_error(state: &AppState, e: &Error) -> Response {
    page_error(
        state,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Fehler",
        &e.to_string(),
        &[],
    )
}

async fn archive_report(
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
    let settings = crate::app::Settings {
        templates: (**state.renderer.set()).clone(),
        color: false,
    };
    let file = path.clone();
    let reason = (!grund.is_empty()).then(|| grund.clone());
    let done = blocking(&state, move || {
        archive::archive_in_project(&settings, &file, reason.as_deref())
    })
    .await;
    drop(lock);
    let archived = match done {
        Ok(Ok(archived)) => archived,
        Ok(Err(e)) => return environment_error(&state, &e),
        Err(response) => return response,
    };
    let bericht = info(&state, &path, None);
    match archived.result {
        ArchiveResult::Filed {
            datei,
            version,
            vorlagen_nr,
        } => archived_page(&state, &bericht, &datei, version, vorlagen_nr, true),
        ArchiveResult::Already { datei, version } => {
            archived_page(&state, &bericht, &datei, version, None, false)
        }
        ArchiveResult::HasErrors => errors_page(
            &state,
            &path,
            &archived.diagnostics,
            "Nicht archiviert: der Bericht hat Fehler",
            "Beheben Sie diese Befunde im Formular und archivieren Sie dann.",
        ),
        ArchiveResult::Refused { message, hints } => {
            let mut text = format!("Nicht archiviert: {message}.");
            for hint in hints {
                text.push_str(&format!(" Hilfe: {hint}."));
            }
            page_error(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Nicht archiviert",
                &text,
                &[],
            )
        }
        ArchiveResult::NeedsGrund { version } => {
            confirm_page(
                &state,
                &path,
                &grund,
                &format!(
                    "Dieser Bericht wurde schon als Version {version} archiviert und hat sich seither geändert. Eine neue Version braucht einen Grund: bitte tragen Sie ihn ein."
                ),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
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

/// The Sitzungsmappe as `sachstand mappe --gremium G --termin D [--doppelseitig]` builds it,
/// returned instead of written.
async fn mappe_pdf(
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
        let app = crate::app::Settings {
            templates: (**work.renderer.set()).clone(),
            color: false,
        };
        let request = mappe::Request {
            gremium: &gremium,
            termin,
            doppelseitig,
            output: None,
        };
        let mut notes = Vec::new();
        let files = work.reports();
        let folder = reports_folder(&work.root);
        let mappe = mappe::build(&app, &project, &files, &folder, &request, &mut notes)?;
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

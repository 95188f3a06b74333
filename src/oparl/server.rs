//! `sachstand oparl --serve`: the endpoint over HTTP, read-only.
//!
//! The endpoint is built at start, ids under `[oparl] basis_url` (without it: under the address
//! actually bound), and built anew when the archive's index changes (checked at most twice a
//! second, so a version archived while the server runs is served within a second). Only read: GET
//! (and HEAD) of an object, a list page, a PDF or an attached file below the base URL's path;
//! OPTIONS answers a browser's CORS preflight; every other method is refused (405). The PDF and the
//! attached files of a withdrawn paper are gone (410). Unknown paths are 404, malformed filters
//! 400, each with a JSON error body. Every answer has an ETag (and the index's time as
//! Last-Modified): a client that sends it back gets 304. Nothing here writes a file.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::EndpointSettings;
use super::model::{Endpoint, Filter, page};
use crate::berlin;
use crate::error::Error;

/// The ETag of a body: its SHA-256, shortened.
fn etag(bytes: &[u8]) -> HeaderValue {
    let hex = crate::digest::sha256_hex(bytes);
    HeaderValue::from_str(&format!("\"{}\"", &hex[..32]))
        .unwrap_or(HeaderValue::from_static("\"\""))
}

/// A JSON response with CORS open (OParl asks for `Access-Control-Allow-Origin: *`).
fn json_response(status: StatusCode, value: &Value) -> Response {
    let text = format!("{value:#}\n");
    let tag = etag(text.as_bytes());
    let mut response = (status, text).into_response();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, tag);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

fn error(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        &json!({ "error": { "status": status.as_u16(), "message": message } }),
    )
}

/// The filters of a list request, or the German reason they are wrong.
pub fn filter(query: &BTreeMap<String, String>) -> Result<Filter, String> {
    let mut filter = Filter {
        page: 1,
        ..Filter::default()
    };
    for (key, value) in query {
        let slot = match key.as_str() {
            "created_since" => &mut filter.created_since,
            "created_until" => &mut filter.created_until,
            "modified_since" => &mut filter.modified_since,
            "modified_until" => &mut filter.modified_until,
            "limit" => {
                filter.limit =
                    Some(value.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("limit={value}: erwartet wird eine ganze Zahl ab 1")
                    })?);
                filter.kept.push((key.clone(), value.clone()));
                continue;
            }
            "page" => {
                filter.page =
                    value.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("page={value}: erwartet wird eine Seitenzahl ab 1")
                    })?;
                continue;
            }
            _ => continue,
        };
        *slot = Some(berlin::parse(value).ok_or_else(|| {
            format!(
                "{key}={value}: erwartet wird ein Zeitpunkt nach RFC 3339, etwa 2023-01-01T00:00:00+01:00"
            )
        })?);
        filter.kept.push((key.clone(), value.clone()));
    }
    Ok(filter)
}

/// The archived PDF, read anew and served only while it is the file the index records.
fn pdf_response(pdf: &super::model::FiledPdf) -> Response {
    filed_response(
        pdf,
        "application/pdf",
        "das archivierte PDF ist nicht mehr die abgelegte Datei und wird nicht ausgeliefert",
    )
}

/// An archived attachment, served like a PDF; an SVG (which may hold scripts) in a sandbox
/// that runs nothing and loads nothing.
fn anlage_response(anlage: &super::model::FiledAnlage) -> Response {
    let mut response = filed_response(
        &anlage.filed,
        &anlage.media_type,
        "die archivierte Anlage ist nicht mehr die abgelegte Datei und wird nicht ausgeliefert",
    );
    if anlage.media_type == "image/svg+xml" {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        );
    }
    response
}

/// A filed file of type `media_type`, read anew and served only while it is the file the
/// index records; otherwise 500 with `changed`.
fn filed_response(filed: &super::model::FiledPdf, media_type: &str, changed: &str) -> Response {
    match filed.read() {
        Ok(bytes) => {
            let tag = etag(&bytes);
            let mut response = Body::from(bytes).into_response();
            let headers = response.headers_mut();
            headers.insert(header::ETAG, tag);
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(media_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            response
        }
        Err(e) => {
            log::error!("fehler: {e}");
            error(StatusCode::INTERNAL_SERVER_ERROR, changed)
        }
    }
}

/// A redirect to `location` (a path on this server).
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::TEMPORARY_REDIRECT.into_response();
    if let Ok(location) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// Answers one request from the endpoint.
pub fn answer(
    endpoint: &Endpoint,
    method: &Method,
    uri: &Uri,
    query: Result<BTreeMap<String, String>, String>,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = error(
            StatusCode::METHOD_NOT_ALLOWED,
            "diese OParl-Schnittstelle ist schreibgeschützt: nur GET",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let prefix = endpoint.prefix();
    let requested = uri.path().trim_end_matches('/');
    if requested.is_empty() || requested == prefix {
        return redirect(&format!("{prefix}/system"));
    }
    let Some(path) = requested
        .strip_prefix(prefix)
        .and_then(|p| p.strip_prefix('/'))
    else {
        return error(
            StatusCode::NOT_FOUND,
            &format!(
                "unbekannt: {}; die Schnittstelle liegt unter {prefix}/",
                uri.path()
            ),
        );
    };
    if let Some(object) = endpoint.objects.get(path) {
        return json_response(StatusCode::OK, object);
    }
    if let Some(pdf) = endpoint.pdfs.get(path) {
        return pdf_response(pdf);
    }
    if let Some(anlage) = endpoint.anlagen.get(path) {
        return anlage_response(anlage);
    }
    if endpoint.withdrawn.contains(path) {
        return error(
            StatusCode::GONE,
            if path.starts_with("anlage/") {
                "diese Vorlage wurde zurückgezogen; ihre Anlagen werden nicht mehr ausgeliefert"
            } else {
                "diese Vorlage wurde zurückgezogen; ihr PDF wird nicht mehr ausgeliefert"
            },
        );
    }
    let Some(entries) = endpoint.lists.get(path) else {
        return error(StatusCode::NOT_FOUND, &format!("unbekannt: {}", uri.path()));
    };
    let filter = match query.and_then(|q| filter(&q)) {
        Ok(filter) => filter,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    match page(&endpoint.url(path), entries, &filter) {
        Some(list) => json_response(StatusCode::OK, &list),
        None => error(
            StatusCode::NOT_FOUND,
            &format!("page={}: diese Liste hat weniger Seiten", filter.page),
        ),
    }
}

/// The endpoint as served, built anew when the archive's index changes.
struct Live {
    archive: PathBuf,
    project: crate::project::Settings,
    base: String,
    current: tokio::sync::Mutex<Current>,
}

/// What is served now.
struct Current {
    endpoint: Arc<Endpoint>,
    /// The index as it was when `endpoint` was built.
    stamp: Option<Stamp>,
    /// Its latest public archiving as an HTTP date (Last-Modified).
    modified: String,
    /// When the index was last looked at.
    checked: Instant,
}

/// Size, time and identity of the index file: any append or replacement changes it.
type Stamp = (u64, SystemTime, u64);

/// How often the index is looked at, at most.
const LOOK_AGAIN: Duration = Duration::from_millis(500);

fn stamp(archive: &std::path::Path) -> Option<Stamp> {
    let meta = std::fs::metadata(archive.join(crate::archive::INDEX)).ok()?;
    #[cfg(unix)]
    let identity = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let identity = 0;
    Some((meta.len(), meta.modified().ok()?, identity))
}

/// The endpoint's Last-Modified: its latest public archiving (never the index file's time,
/// which a nichtöffentliche filing moves too).
fn last_modified(endpoint: &Endpoint) -> String {
    endpoint
        .modified
        .map_or_else(String::new, |at| http_date(SystemTime::from(at)))
}

/// `time` as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(time: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let at = time::OffsetDateTime::from(time);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[usize::from(at.weekday().number_days_from_monday())],
        at.day(),
        MONTHS[usize::from(u8::from(at.month()) - 1)],
        at.year(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

impl Live {
    /// The endpoint to answer from: rebuilt first when the index changed. A rebuild that fails
    /// (a broken line, a changed PDF) keeps serving the last good one and says why on stderr.
    async fn endpoint(self: &Arc<Self>) -> (Arc<Endpoint>, String) {
        let mut current = self.current.lock().await;
        if current.checked.elapsed() >= LOOK_AGAIN {
            current.checked = Instant::now();
            let now = stamp(&self.archive);
            if now != current.stamp {
                let live = Arc::clone(self);
                let built = tokio::task::spawn_blocking(move || {
                    super::build::build(&live.archive, &live.project, &live.base)
                })
                .await;
                // Also after a failed rebuild: the same index is not tried again and again.
                current.stamp = now;
                match built {
                    Ok(Ok(endpoint)) => {
                        current.modified = last_modified(&endpoint);
                        current.endpoint = Arc::new(endpoint);
                    }
                    Ok(Err(e)) => log::error!(
                        "fehler: das Archiv hat sich geändert, wird aber nicht neu veröffentlicht: {e}"
                    ),
                    Err(e) => log::error!("fehler: interner Fehler beim Neuaufbau: {e}"),
                }
            }
        }
        (Arc::clone(&current.endpoint), current.modified.clone())
    }
}

/// The answer to a browser's CORS preflight: GET and HEAD from anywhere, with the headers it
/// asks to send (`If-None-Match`, …).
fn preflight(request: &HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    let asked = request
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static("If-None-Match, If-Modified-Since"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    response
}

/// Adds the caching headers; a client that already has this answer gets 304 without a body.
fn cached(mut response: Response, request: &HeaderMap, modified: &str) -> Response {
    let ok = response.status() == StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Last-Modified"),
    );
    if !ok {
        return response;
    }
    // Clients may keep answers but ask again each time (a 304 costs nothing).
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    if let Ok(value) = HeaderValue::from_str(modified)
        && !modified.is_empty()
    {
        headers.insert(header::LAST_MODIFIED, value);
    }
    let tag = headers.get(header::ETAG).cloned();
    let unchanged = match request.get(header::IF_NONE_MATCH) {
        Some(asked) => tag.as_ref().is_some_and(|tag| {
            asked.to_str().is_ok_and(|a| {
                a.split(',').any(|t| {
                    t.trim() == "*"
                        || t.trim().trim_start_matches("W/") == tag.to_str().unwrap_or("")
                })
            })
        }),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .is_some_and(|since| !modified.is_empty() && since.as_bytes() == modified.as_bytes()),
    };
    if unchanged {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        for name in [
            header::ETAG,
            header::LAST_MODIFIED,
            header::CACHE_CONTROL,
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            header::X_CONTENT_TYPE_OPTIONS,
        ] {
            if let Some(value) = response.headers().get(&name) {
                not_modified.headers_mut().insert(name, value.clone());
            }
        }
        return not_modified;
    }
    response
}

async fn handle(
    State(live): State<Arc<Live>>,
    method: Method,
    request: HeaderMap,
    uri: Uri,
    query: Result<Query<BTreeMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if method == Method::OPTIONS {
        return preflight(&request);
    }
    let (endpoint, modified) = live.endpoint().await;
    let query = query
        .map(|Query(q)| q)
        .map_err(|e| format!("die Abfrage ist fehlerhaft: {e}"));
    // A PDF is read from disk (and its checksum computed): off the async workers.
    let answered = tokio::task::spawn_blocking(move || answer(&endpoint, &method, &uri, query))
        .await
        .unwrap_or_else(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "interner Fehler"));
    cached(answered, &request, &modified)
}

/// The base URL of the ids: `[oparl] basis_url`, or the bound address.
fn base_url(settings: &EndpointSettings, bound: SocketAddr) -> String {
    settings.project.oparl.as_ref().map_or_else(
        || format!("http://{bound}"),
        |o| o.basis_url.trim_end_matches('/').to_owned(),
    )
}

/// What the server has to say once it listens: the System URL (the CLI prints it on stdout)
/// and notes for the user.
#[derive(Debug)]
pub struct Ready {
    /// The System's URL, under `[oparl] basis_url` or this server's address.
    pub system_url: String,
    /// One sentence each: where it serves, and whether the ids point elsewhere.
    pub notes: Vec<String>,
}

/// What the server says once it listens.
fn announce(settings: &EndpointSettings, endpoint: &Endpoint, bound: SocketAddr) -> Ready {
    let local = format!("http://{bound}{}/system", endpoint.prefix());
    let mut notes = vec![format!(
        "OParl-Schnittstelle des Archivs {} unter {local} ({} Objekte, nur lesend); beenden mit Strg+C",
        settings.archive.display(),
        endpoint.objects.len()
    )];
    if !settings
        .project
        .oparl
        .as_ref()
        .is_some_and(|o| o.personen_veroeffentlichen)
    {
        notes.push(super::NO_FILES.to_owned());
    }
    if settings.project.oparl.is_none() {
        notes.push(format!(
            "hinweis: sachstand.toml nennt kein [oparl] basis_url; die Ids nennen darum die Adresse dieses Servers (http://{bound})"
        ));
    } else if endpoint.system_url() != local {
        notes.push(format!(
            "hinweis: die Ids nennen [oparl] basis_url = \"{}\", nicht diesen Server; Clients folgen ihnen dorthin. Zum Testen auf diesem Rechner: basis_url = \"http://{bound}{}\"",
            endpoint.base,
            endpoint.prefix()
        ));
    }
    Ready {
        system_url: endpoint.system_url(),
        notes,
    }
}

/// Binds, builds the endpoint under `[oparl] basis_url` (or the bound address), hands what it
/// has to say to `ready` and serves until Ctrl+C.
pub fn serve(
    settings: &EndpointSettings,
    bind: IpAddr,
    port: u16,
    ready: impl FnOnce(Ready),
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("der Server kann nicht starten: {e}")))?;
    runtime.block_on(async {
        let address = SocketAddr::new(bind, port);
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            Error::Usage(format!(
                "{address} kann nicht geöffnet werden: {e}; wählen Sie mit --port einen anderen Port"
            ))
        })?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("der Server kann nicht starten: {e}")))?;
        let base = base_url(settings, bound);
        let stamp = stamp(&settings.archive);
        let endpoint = super::build::build(&settings.archive, &settings.project, &base)?;
        ready(announce(settings, &endpoint, bound));
        let live = Live {
            archive: settings.archive.clone(),
            project: settings.project.clone(),
            base,
            current: tokio::sync::Mutex::new(Current {
                modified: last_modified(&endpoint),
                endpoint: Arc::new(endpoint),
                stamp,
                checked: Instant::now(),
            }),
        };
        let app = Router::new().fallback(handle).with_state(Arc::new(live));
        crate::shutdown::serve_until_interrupted(listener, app)
            .await
            .map_err(|e| Error::Usage(format!("der Server ist ausgefallen: {e}")))
    })
}

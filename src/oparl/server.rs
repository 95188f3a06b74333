//! `sachstand oparl --serve`: the endpoint over HTTP, read-only.
//!
//! The endpoint is built once at start, ids under `[oparl] basis_url` (without it: under the
//! address actually bound), then only read: GET (and HEAD) of an object, a list page or a PDF
//! below the base URL's path; every other method is refused (405). Unknown paths are 404,
//! malformed filters 400, each with a JSON error body. Nothing here writes a file.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::EndpointSettings;
use super::berlin;
use super::model::{Endpoint, Filter, page};
use crate::app::Exit;
use crate::error::Error;

/// A JSON response with CORS open (OParl asks for `Access-Control-Allow-Origin: *`).
fn json_response(status: StatusCode, value: &Value) -> Response {
    let mut response = (status, format!("{value:#}\n")).into_response();
    let headers = response.headers_mut();
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
    match pdf.read() {
        Ok(bytes) => {
            let mut response = Body::from(bytes).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            response
        }
        Err(e) => {
            eprintln!("fehler: {e}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "das archivierte PDF ist nicht mehr die abgelegte Datei und wird nicht ausgeliefert",
            )
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

async fn handle(
    State(endpoint): State<Arc<Endpoint>>,
    method: Method,
    uri: Uri,
    query: Result<Query<BTreeMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let query = query
        .map(|Query(q)| q)
        .map_err(|e| format!("die Abfrage ist fehlerhaft: {e}"));
    answer(&endpoint, &method, &uri, query)
}

/// The base URL of the ids: `[oparl] basis_url`, or the bound address.
fn base_url(settings: &EndpointSettings, bound: SocketAddr) -> String {
    settings.project.oparl.as_ref().map_or_else(
        || format!("http://{bound}"),
        |o| o.basis_url.trim_end_matches('/').to_owned(),
    )
}

/// Where the server says what it serves: the System URL on stdout, the rest on stderr.
fn announce(settings: &EndpointSettings, endpoint: &Endpoint, bound: SocketAddr) {
    crate::say!("{}", endpoint.system_url());
    let local = format!("http://{bound}{}/system", endpoint.prefix());
    eprintln!(
        "OParl-Schnittstelle des Archivs {} unter {local} ({} Objekte, nur lesend); beenden mit Strg+C",
        settings.archive.display(),
        endpoint.objects.len()
    );
    if settings.project.oparl.is_none() {
        eprintln!(
            "hinweis: sachstand.toml nennt kein [oparl] basis_url; die Ids nennen darum die Adresse dieses Servers (http://{bound})"
        );
    } else if endpoint.system_url() != local {
        eprintln!(
            "hinweis: die Ids nennen [oparl] basis_url = \"{}\", nicht diesen Server; Clients folgen ihnen dorthin. Zum Testen auf diesem Rechner: basis_url = \"http://{bound}{}\"",
            endpoint.base,
            endpoint.prefix()
        );
    }
}

/// Binds, builds the endpoint under `[oparl] basis_url` (or the bound address), prints the
/// System URL and serves until Ctrl+C.
pub fn serve(settings: &EndpointSettings, bind: IpAddr, port: u16) -> Result<Exit, Error> {
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
        let endpoint = super::build::build(
            &settings.archive,
            &settings.project,
            &base_url(settings, bound),
        )?;
        announce(settings, &endpoint, bound);
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::new(endpoint));
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Usage(format!("der Server ist ausgefallen: {e}")))?;
        Ok(Exit::Success)
    })
}

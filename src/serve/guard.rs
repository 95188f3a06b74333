//! The server's door: every request passes here before a handler sees it.
//!
//! Refused (403, German page): a `Host` other than the server's own address (DNS
//! rebinding); a request without the per-start secret (from the printed URL, then a cookie);
//! a state-changing request that is not same-origin (`Origin`, or without it
//! `Sec-Fetch-Site: same-origin`). The assets are public: they are the same for everyone.
//!
//! Every answer carries the headers that keep other pages out: a Content-Security-Policy that
//! allows only the server's own scripts and styles and no framing (clickjacking of
//! "Endgültig archivieren"), `nosniff`, a referrer only within this server (no address of it
//! reaches another site), and
//! `no-store` for everything but the assets.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::page::page_error;
use super::state::{AppState, same_secret};

/// The policy of every page: scripts and styles only from this server, pictures also inline
/// (the preview's logo), no plugins, no framing, forms only to this server.
const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The middleware: the door, then the protective headers on whatever it answers.
pub async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let asset = request.uri().path().starts_with("/assets/");
    let mut response = door(&state, request, next).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not `no-referrer`: with it, browsers send `Origin: null` on form posts, and the
        // same-origin check above could no longer tell this server's pages from others.
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Who may come in.
async fn door(state: &Arc<AppState>, request: Request, next: Next) -> Response {
    let state = state.as_ref();
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !state.hosts.iter().any(|h| h == host) {
        drain(request).await;
        return refuse(
            state,
            "Falsche Adresse",
            "Dieser Server antwortet nur unter seiner eigenen Adresse (127.0.0.1).",
        );
    }
    if request.uri().path().starts_with("/assets/") && request.method() == Method::GET {
        return next.run(request).await;
    }
    let cookie_ok = cookie(headers, &state.cookie).is_some_and(|c| same_secret(c, &state.token));
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        if let Some(token) = query_token(request.uri().query())
            && same_secret(token, &state.token)
        {
            return welcome(state, request.uri().path());
        }
        if !cookie_ok {
            return refuse(
                state,
                "Kein Zugang",
                "Bitte öffnen Sie die Adresse mit dem Schlüssel, die sachstand serve beim Start ausgegeben hat.",
            );
        }
        return next.run(request).await;
    }
    if !same_origin(headers, &state.origins) || !cookie_ok {
        drain(request).await;
        return refuse(
            state,
            "Abgelehnt",
            "Änderungen nimmt der Server nur von seinen eigenen Seiten an.",
        );
    }
    next.run(request).await
}

/// Reads a refused request's body (up to 1 MiB) before answering: a client still sending it
/// would otherwise see the connection closed under it instead of the refusal.
async fn drain(request: Request) {
    let _ = axum::body::to_bytes(request.into_body(), 1024 * 1024).await;
}

/// Sets the cookie and sends the browser on to the same path without the secret in the URL;
/// always a path of this server (`//evil.example/` would be another site).
fn welcome(state: &AppState, path: &str) -> Response {
    let path = format!("/{}", path.trim_start_matches(['/', '\\']));
    let cookie = format!(
        "{}={}; Path=/; HttpOnly; SameSite=Strict",
        state.cookie, state.token
    );
    (
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, path)],
    )
        .into_response()
}

fn refuse(state: &AppState, title: &str, text: &str) -> Response {
    page_error(state, StatusCode::FORBIDDEN, title, text, &[])
}

/// The value of cookie `name`.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn query_token(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

/// Whether the request comes from one of `origins`: its `Origin` header, or when a browser
/// sent none, `Sec-Fetch-Site: same-origin`. A request with neither is refused.
fn same_origin(headers: &HeaderMap, origins: &[String]) -> bool {
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        Some(Ok(origin)) => origins.iter().any(|o| o == origin),
        Some(Err(_)) => false,
        None => headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"same-origin"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_rules() {
        let origins = vec!["http://127.0.0.1:4711".to_owned()];
        let mut h = HeaderMap::new();
        assert!(!same_origin(&h, &origins));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(same_origin(&h, &origins));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h, &origins));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:4711"),
        );
        assert!(same_origin(&h, &origins));
    }

    #[test]
    fn cookies_and_query_are_read() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sachstand-4711=xyz"),
        );
        assert_eq!(cookie(&h, "sachstand-4711"), Some("xyz"));
        assert_eq!(cookie(&h, "sachstand-1"), None);
        assert_eq!(query_token(Some("x=1&token=abc")), Some("abc"));
    }
}

//! Defences every response gets: a refusal of cross-site state-changing requests
//! (on top of the SameSite session cookie) and security headers.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};

use super::capped_body::{CappedBody, Overflow};

/// What the checks need to know about how Seams is reached.
#[derive(Clone, Debug)]
pub struct Security {
    /// Served over HTTPS (adds Strict-Transport-Security).
    pub https: bool,
    /// The bearer token that opens /metrics (closed without one).
    pub metrics_token: Option<String>,
}

/// The largest request body, except for imports.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Requests that may carry an import (up to the import limit).
fn carries_imports(path: &str) -> bool {
    matches!(
        path,
        "/api/projects/create"
            | "/api/projects/edit"
            | "/api/imports/check"
            | "/api/projects/replace-model"
            | "/api/scan"
    ) || path.starts_with("/api/v1/projects/")
}

/// The largest body any request may have: the import limit plus room for JSON.
pub fn max_import_body() -> usize {
    engine::formats::ImportLimits::default().max_bytes * 2
}

/// A policy for responses that are not pages (pages set their own, with a nonce).
const DEFAULT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/// Refuses non-GET requests a browser sent from another site, then adds the
/// security headers to whatever the app answers.
pub async fn protect(State(security): State<Security>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // A request with a bearer token carries no ambient authority a foreign
    // site could borrow; one relying on the session cookie is checked.
    let token_api = request.uri().path().starts_with("/api/v1/")
        && request.headers().contains_key(header::AUTHORIZATION);
    if !safe && !token_api && is_cross_site(&request) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "Refused: this request came from another site.",
        )
            .into_response();
    }
    let limit = if carries_imports(request.uri().path()) {
        max_import_body()
    } else {
        MAX_BODY_BYTES
    };
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(length) = length.filter(|l| *l > limit) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The request is {}; the limit is {}.",
                engine::formats::human_size(length),
                engine::formats::human_size(limit)
            ),
        )
            .into_response();
    }
    let server_function = request.uri().path().starts_with("/api/") && !token_api;
    // Drawn here so the HTML answer gets its policy whatever the render did.
    let nonce = leptos::nonce::Nonce::new().to_string();
    let mut request = request;
    request
        .extensions_mut()
        .insert(app::PageNonce(nonce.clone()));
    // The length a request announces is checked above; the body itself stops at
    // the limit while it is read (chunked bodies announce nothing).
    let overflow = Overflow::default();
    let request = request.map(|body| Body::new(CappedBody::new(body, limit, overflow.clone())));
    let mut response = next.run(request).await;
    if overflow.happened() {
        response = (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The request is over the limit of {}.",
                engine::formats::human_size(limit)
            ),
        )
            .into_response();
    } else if server_function && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        response = undecodable_request_is_a_bad_request(response).await;
    }
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // Nothing is framed but what says so itself (the report, by Seams' pages).
    if !headers.contains_key(header::X_FRAME_OPTIONS) {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let page = HeaderValue::from_str(&app::page_policy(&nonce)).ok();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            match (html, page) {
                (true, Some(page)) => page,
                _ => HeaderValue::from_static(DEFAULT_CSP),
            },
        );
    }
    if security.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// The server-function framework answers 500 when it cannot decode the
/// arguments; that is the client's mistake, so it becomes 400. Errors the
/// functions themselves raise keep their status.
async fn undecodable_request_is_a_bad_request(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    let transport = serde_json::from_slice::<app::errors::AppError>(&bytes)
        .is_ok_and(|error| matches!(error, app::errors::AppError::Transport(_)));
    if transport {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A browser request from another site: `Sec-Fetch-Site` says so, or the `Origin`
/// names another host than the one asked.
fn is_cross_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map_or("", |(_, rest)| rest.trim_end_matches('/'));
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri("/api/projects/edit");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(axum::body::Body::empty()).unwrap()
    }

    #[test]
    fn tells_cross_site_requests_apart() {
        assert!(is_cross_site(&post(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&post(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&post(&[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site(&post(&[
            ("origin", "https://evil.example"),
            ("host", "seams.example")
        ])));
        assert!(!is_cross_site(&post(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&post(&[("origin", "null"), ("host", "x")])));
        assert!(
            !is_cross_site(&post(&[])),
            "non-browser clients carry no cookies of a victim"
        );
    }
}

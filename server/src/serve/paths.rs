//! Page addresses with a trailing slash (`/p/{id}/`, as people type or paste
//! them) lead to the page without it, instead of a 404.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::Method;

/// Redirects a GET of a page path ending in `/` to the same path without it
/// (308), keeping the query. API, asset and protocol-relative paths are left
/// alone.
pub async fn without_trailing_slash(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let page = !path.starts_with("/api/") && !path.starts_with("/pkg/");
    if request.method() == Method::GET && page && path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        if trimmed.starts_with('/') && !trimmed.starts_with("//") {
            let target = match request.uri().query() {
                Some(query) => format!("{trimmed}?{query}"),
                None => trimmed.to_string(),
            };
            return Redirect::permanent(&target).into_response();
        }
    }
    next.run(request).await
}

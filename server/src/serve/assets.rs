//! The built site: the JavaScript, WebAssembly and CSS under `/pkg`, and the few
//! files at the root (the icon).
//!
//! Files under `/pkg` are named by a hash of their content (`scripts/build-site`
//! writes them with Brotli and gzip copies), so they are served precompressed
//! with `Cache-Control: immutable`: a participant downloads the bundle once, and
//! again only when it changed. Files without a hash in their name (a site built
//! by `cargo leptos`) must be revalidated instead.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::{self, HeaderValue};
use tower_http::services::ServeDir;

/// A year, the longest a cache is asked to keep a file.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Revalidate on every use (cheap with `ETag`/`Last-Modified`).
const REVALIDATE: &str = "no-cache";

/// `/pkg/…`: the bundle, precompressed, cached for good when its name is hashed.
pub fn pkg_routes<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_control))
}

/// Whether a file name carries a content hash: `seams.<16 hex digits>.<ext>`.
fn hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let mut parts = name.split('.');
    let (Some(_), Some(hash), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if immutable { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::hashed;

    #[test]
    fn only_content_hashed_names_are_immutable() {
        assert!(hashed("/seams.0123456789abcdef.wasm"));
        assert!(hashed("/pkg/seams.0123456789abcdef.js"));
        assert!(!hashed("/seams.wasm"));
        assert!(!hashed("/seams_bg.wasm"));
        assert!(!hashed("/seams.css"));
        assert!(!hashed("/seams.0123.wasm"));
        assert!(!hashed("/seams.0123456789abcdeg.wasm"));
    }
}

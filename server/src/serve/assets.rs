//! The built site: the JavaScript, WebAssembly and CSS under `/pkg`, and the few
//! files at the root (the icon).
//!
//! Files under `/pkg` are named by a hash of their content (`scripts/build-site`
//! writes them with Brotli and gzip copies): the stylesheet as
//! `seams.<hash>.css`, the bundle's parts — the main part and the lazy chunks,
//! which import each other by plain names — in a folder `pkg/<hash of them
//! all>/`. They are served precompressed with `Cache-Control: immutable`: a
//! participant downloads the bundle once, and again only when it changed. Files
//! without a hash in their path (a site built by `cargo leptos`) must be
//! revalidated instead.

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

/// Whether a text is a content hash: 16 hex digits.
fn is_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a path carries a content hash: a file `seams.<hash>.<ext>`, or any
/// file in a folder `<hash>/` (the bundle's parts).
fn hashed(path: &str) -> bool {
    let mut segments = path.rsplit('/');
    let name = segments.next().unwrap_or("");
    if segments.next().is_some_and(is_hash) {
        return true;
    }
    let mut parts = name.split('.');
    let (Some(_), Some(hash), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    is_hash(hash)
}

/// The site's package folder, relative to the site root, for the Leptos
/// options: `pkg/<hash>` when `hash.txt` names a bundle (`bundle: <hash>`),
/// else `pkg`.
pub fn bundle_folder(hash_file: &Path) -> String {
    std::fs::read_to_string(hash_file)
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("bundle:").map(|h| h.trim().to_string()))
        })
        .filter(|hash| is_hash(hash))
        .map_or_else(|| "pkg".to_string(), |hash| format!("pkg/{hash}"))
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
        assert!(hashed("/pkg/0123456789abcdef/seams.wasm"));
        assert!(hashed("/pkg/0123456789abcdef/__wasm_split.js"));
        assert!(!hashed("/pkg/0123456789abcdeg/seams.wasm"));
        assert!(!hashed("/pkg/seams.wasm"));
    }

    #[test]
    fn the_bundle_folder_comes_from_the_hash_file() {
        let scratch = tempfile::tempdir().expect("a temporary folder");
        let dir = scratch.path();
        let file = dir.join("hash.txt");
        std::fs::write(&file, "bundle: 0123456789abcdef\ncss: fedcba9876543210\n").unwrap();
        assert_eq!(super::bundle_folder(&file), "pkg/0123456789abcdef");
        std::fs::write(&file, "bundle: ../../etc\n").unwrap();
        assert_eq!(super::bundle_folder(&file), "pkg");
        assert_eq!(super::bundle_folder(&dir.join("missing.txt")), "pkg");
    }
}

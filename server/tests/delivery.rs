//! How the site reaches the browser: the bundle under hashed names, served
//! precompressed (Brotli, else gzip) and cacheable for good; pages compressed
//! on the fly; files without a hash must be revalidated.

mod common;

use common::Server;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};

const HASH: &str = "0123456789abcdef";

/// A site folder as scripts/build-site writes it (file contents stand in for
/// the real bundle; the `.br` and `.gz` copies are told apart by content).
fn site(dir: &std::path::Path) -> std::path::PathBuf {
    let site = dir.join("site");
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for (extension, body) in [
        ("wasm", "\0asm-bundle"),
        ("js", "export default 1;"),
        ("css", "body{}"),
    ] {
        let name = format!("seams.{HASH}.{extension}");
        std::fs::write(pkg.join(&name), body.repeat(100)).unwrap();
        std::fs::write(pkg.join(format!("{name}.br")), format!("brotli of {name}")).unwrap();
        std::fs::write(pkg.join(format!("{name}.gz")), format!("gzip of {name}")).unwrap();
    }
    std::fs::write(pkg.join("plain.js"), "console.log(1)").unwrap();
    std::fs::write(
        site.join("hash.txt"),
        format!("js: {HASH}\nwasm: {HASH}\ncss: {HASH}\n"),
    )
    .unwrap();
    site
}

#[tokio::test]
async fn the_bundle_is_precompressed_hashed_and_cached_for_good() {
    let scratch = tempfile::Builder::new()
        .prefix("seams-delivery-")
        .tempdir()
        .expect("a temporary folder");
    let site = site(scratch.path());
    let site_root = site.to_string_lossy().into_owned();
    let server = Server::start_with("delivery", None, &[("SEAMS_SITE_ROOT", &site_root)]);
    let http = reqwest::Client::new();
    let wasm = server.url(&format!("/pkg/seams.{HASH}.wasm"));

    let brotli = http
        .get(&wasm)
        .header(ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(brotli.status(), 200);
    let headers = brotli.headers().clone();
    assert_eq!(headers[CONTENT_ENCODING], "br");
    assert_eq!(headers[CONTENT_TYPE], "application/wasm");
    assert_eq!(
        headers[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        brotli.text().await.unwrap(),
        format!("brotli of seams.{HASH}.wasm")
    );

    let gzip = http
        .get(&wasm)
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzip.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(
        gzip.text().await.unwrap(),
        format!("gzip of seams.{HASH}.wasm")
    );

    let identity = http.get(&wasm).send().await.unwrap();
    assert!(identity.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(identity.text().await.unwrap(), "\0asm-bundle".repeat(100));

    let plain = http.get(server.url("/pkg/plain.js")).send().await.unwrap();
    assert_eq!(
        plain.headers()[CACHE_CONTROL],
        "no-cache",
        "a name without a hash"
    );

    // Pages name the hashed files and are compressed on the fly.
    let page = http
        .get(server.url("/"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()[CONTENT_ENCODING], "br");
    let page = http.get(server.url("/")).send().await.unwrap();
    let html = page.text().await.unwrap();
    for name in ["js", "wasm", "css"] {
        assert!(
            html.contains(&format!("/pkg/seams.{HASH}.{name}")),
            "the page links the hashed {name}: {html}"
        );
    }
    drop(server);
}

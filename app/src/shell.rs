use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::App;

/// The HTML document around the app. Rendered on the server only; the browser
/// hydrates what is inside `<body>`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options)/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The stylesheet's address: named by its content hash in `pkg/` when the site
/// was built with hashed names (`hash.txt` lists `css: <hash>`; the bundle's
/// own folder is apart, see the server's assets), else the plain name.
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let pkg = options.site_pkg_dir.split('/').next().unwrap_or("pkg");
        let hash = options
            .hash_files
            .then(|| std::fs::read_to_string(options.hash_file.as_ref()).ok())
            .flatten()
            .and_then(|text| {
                text.lines()
                    .find_map(|line| line.strip_prefix("css:").map(|h| h.trim().to_string()))
            });
        match hash {
            Some(hash) => format!("/{pkg}/seams.{hash}.css"),
            None => format!("/{pkg}/seams.css"),
        }
    })
    .clone()
}

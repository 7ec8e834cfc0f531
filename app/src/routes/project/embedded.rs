//! The project head a server-rendered page carries for the browser: the server
//! reads it before rendering (see [`crate::ssr::preload`]) and writes it into
//! the page as JSON; the browser hydrates from it without asking again, and
//! without the page waiting in a `Suspense`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::errors::AppError;
use crate::models::ProjectHead;

/// The id of the `<script>` element that carries the head.
const SCRIPT_ID: &str = "project-head";

/// What the page carries: the project id and its head (or why it cannot be seen).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EmbeddedHead {
    /// The project id.
    pub id: String,
    /// The head, or the error to show.
    pub head: Result<ProjectHead, AppError>,
}

/// JSON safe inside `<script>`: `<`, `>` and `&` only occur inside strings in
/// JSON, where `\u003c` and the like mean the same.
#[cfg(any(feature = "ssr", test))]
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The head for project `id` and the text of its script element, when the
/// server read it before rendering (on the server) or the page carries it (in
/// the browser, while hydrating).
pub fn take(id: &str) -> Option<(Result<ProjectHead, AppError>, String)> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let preloaded = parts
            .extensions
            .get::<crate::ssr::preload::PreloadedHead>()?;
        if preloaded.id != id {
            return None;
        }
        let embedded = EmbeddedHead {
            id: preloaded.id.clone(),
            head: preloaded.head.clone(),
        };
        let text = script_safe(&serde_json::to_string(&embedded).ok()?);
        Some((embedded.head, text))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let text = document().get_element_by_id(SCRIPT_ID)?.text_content()?;
        let embedded: EmbeddedHead = serde_json::from_str(&text).ok()?;
        (embedded.id == id).then_some((embedded.head, text))
    }
}

/// The script element carrying `text`.
#[component]
pub fn HeadScript(text: String) -> impl IntoView {
    view! { <script type="application/json" id=SCRIPT_ID>{text}</script> }
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn script_endings_cannot_appear() {
        let json = serde_json::to_string("</script><b>&amp;").unwrap();
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "</script><b>&amp;"
        );
    }
}

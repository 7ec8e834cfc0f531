//! What a server-rendered project page carries for the browser: the server reads
//! it before rendering (see [`crate::ssr::preload`]) and writes it into the page as
//! JSON; the browser hydrates from it without asking again, and without the page
//! waiting in a `Suspense`. Every project page carries the project head; the
//! settings page also its lists, so they show without JavaScript.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::errors::AppError;
use crate::models::{ProjectHead, SettingsLists};

/// The id of the `<script>` element that carries the head.
const HEAD_SCRIPT_ID: &str = "project-head";
/// The id of the `<script>` element that carries the settings lists.
const SETTINGS_SCRIPT_ID: &str = "settings-lists";

/// What the page carries: the project id and a value read for it.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Embedded<T> {
    /// The project id.
    id: String,
    /// What was read.
    value: T,
}

/// JSON safe inside `<script>`: `<`, `>` and `&` only occur inside strings in
/// JSON, where `\u003c` and the like mean the same.
#[cfg(any(feature = "ssr", test))]
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The value for project `id` and the text of its script element: on the server
/// what `preloaded` finds in the request (`(project id, value)`), in the browser
/// what script `script_id` of the page carries.
fn take<T: Serialize + DeserializeOwned>(
    id: &str,
    script_id: &str,
    preloaded: impl FnOnce(&http::request::Parts) -> Option<(String, T)>,
) -> Option<(T, String)> {
    #[cfg(feature = "ssr")]
    {
        let _ = script_id;
        let parts = use_context::<http::request::Parts>()?;
        let (found, value) = preloaded(&parts)?;
        if found != id {
            return None;
        }
        let embedded = Embedded { id: found, value };
        let text = script_safe(&serde_json::to_string(&embedded).ok()?);
        Some((embedded.value, text))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = preloaded;
        let text = document().get_element_by_id(script_id)?.text_content()?;
        let embedded: Embedded<T> = serde_json::from_str(&text).ok()?;
        (embedded.id == id).then_some((embedded.value, text))
    }
}

/// The head for project `id` (or why it cannot be seen) and the text of its
/// script element, when the server read it before rendering.
pub fn take_head(id: &str) -> Option<(Result<ProjectHead, AppError>, String)> {
    take(id, HEAD_SCRIPT_ID, |_parts| {
        #[cfg(feature = "ssr")]
        {
            let preloaded = _parts
                .extensions
                .get::<crate::ssr::preload::PreloadedHead>()?;
            Some((preloaded.id.clone(), preloaded.head.clone()))
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
}

/// The settings lists of project `id` and the text of their script element,
/// when the server read them before rendering the settings page.
pub fn take_settings(id: &str) -> Option<(SettingsLists, String)> {
    take(id, SETTINGS_SCRIPT_ID, |_parts| {
        #[cfg(feature = "ssr")]
        {
            let preloaded = _parts
                .extensions
                .get::<crate::ssr::preload::PreloadedSettings>()?;
            Some((preloaded.id.clone(), preloaded.lists.clone()))
        }
        #[cfg(not(feature = "ssr"))]
        None
    })
}

/// The script element carrying the head.
#[component]
pub fn HeadScript(text: String) -> impl IntoView {
    view! { <script type="application/json" id=HEAD_SCRIPT_ID>{text}</script> }
}

/// The script element carrying the settings lists.
#[component]
pub fn SettingsScript(text: String) -> impl IntoView {
    view! { <script type="application/json" id=SETTINGS_SCRIPT_ID>{text}</script> }
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

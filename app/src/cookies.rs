//! Small choices kept in cookies, so the server renders them exactly as the
//! browser will (a choice kept in local storage would flip after hydration).

/// The value of cookie `name` for this render: on the server from the request,
/// in the browser from the document.
pub fn read(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    let header = leptos::prelude::use_context::<http::request::Parts>()?
        .headers
        .get(http::header::COOKIE)?
        .to_str()
        .ok()?
        .to_string();
    #[cfg(not(feature = "ssr"))]
    let header = {
        use wasm_bindgen::JsCast;
        leptos::prelude::document()
            .dyn_into::<web_sys::HtmlDocument>()
            .ok()?
            .cookie()
            .ok()?
    };
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.to_string())
}

/// Remembers `value` in cookie `name` for a year (in the browser; the server
/// never sets these).
pub fn remember(name: &str, value: &str) {
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        if let Ok(doc) = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&format!(
                "{name}={value}; path=/; max-age=31536000; SameSite=Lax"
            ));
        }
    }
    #[cfg(feature = "ssr")]
    let _ = (name, value);
}

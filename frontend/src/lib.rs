//! The hydrate entry point compiled to WebAssembly: it attaches the reactive app to
//! the HTML the server already rendered.

/// Called by the generated JavaScript once the WebAssembly module is loaded.
/// Hydrates asynchronously, so a lazy route's chunk (every page but sign-in)
/// is fetched before its part of the page is hydrated.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(app::App);
}

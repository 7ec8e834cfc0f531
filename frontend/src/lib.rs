//! The hydrate entry point compiled to WebAssembly: it attaches the reactive app to
//! the HTML the server already rendered.

/// Called by the generated JavaScript once the WebAssembly module is loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

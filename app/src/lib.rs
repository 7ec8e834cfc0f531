//! Seams' user interface: the Leptos pages and components, and the server functions
//! they call. Compiled twice: with `ssr` into the server, with `hydrate` into the
//! browser bundle.

#![recursion_limit = "256"]

pub mod clock;
pub mod components;
pub mod cookies;
pub mod errors;
pub mod functions;
pub mod i18n;
pub mod local_path;
pub mod models;
mod root;
pub mod routes;
pub mod session;
mod shell;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod store;

pub use root::App;
#[cfg(feature = "ssr")]
pub use root::{PageNonce, page_nonce_context, page_policy};
pub use shell::shell;

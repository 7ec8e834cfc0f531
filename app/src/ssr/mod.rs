//! Server-only helpers shared by the server functions.

mod state;

pub use state::AppState;

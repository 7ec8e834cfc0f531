use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::live::Hub;
use crate::store::Db;

/// What every request handler and server function can reach: the Leptos options,
/// the database and the live hub.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    /// Where the site's files are and how the app is served.
    pub leptos_options: LeptosOptions,
    /// The Seams database.
    pub db: Db,
    /// Tells open pages about changes.
    pub hub: Hub,
}

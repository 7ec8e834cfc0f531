use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::heavy::Heavy;
use super::live::Hub;
use super::views::Views;
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
    /// Runs CPU-heavy work off the async threads.
    pub heavy: Heavy,
    /// What has been computed from each project's current revision.
    pub views: Views,
}

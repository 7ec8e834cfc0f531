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
    /// Runs password hashing (slow on purpose) a few at a time, so that a
    /// crowd signing up cannot take the memory each hash needs all at once.
    #[from_ref(skip)]
    pub passwords: Heavy,
    /// Reads uploaded source archives one at a time (each may unpack to a
    /// gigabyte), a few more waiting, apart from the rest of the heavy work.
    #[from_ref(skip)]
    pub scans: Heavy,
    /// The request header a trusted reverse proxy puts the client's address
    /// in (`X-Forwarded-For`, `X-Real-IP`, …); `None` when Seams is reached
    /// directly and the peer address is the client's.
    #[from_ref(skip)]
    pub client_address_header: Option<String>,
    /// Accounts one client address may create per hour.
    #[from_ref(skip)]
    pub sign_ups_per_address_per_hour: i64,
    /// What has been computed from each project's current revision.
    pub views: Views,
}

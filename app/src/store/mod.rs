//! The store: the only module that speaks SQL.
//!
//! One API over SQLite (the embedded default) and PostgreSQL (for several server
//! processes). Queries are written once with `$n` placeholders, which both
//! databases accept, and run through sqlx's `Any` driver; each database has its
//! own migrations folder, kept in step by the shared store test suite.

mod access;
mod backup;
mod connect;
mod error;
mod history;
mod live;
mod load;
mod projects;
mod secrets;
mod snapshot;
mod staged;
mod users;
mod write;

pub use backup::{Inventory, check_sqlite_backup, sqlite_in_use};
pub use connect::{Backend, Db};
pub use error::StoreError;
pub use live::{Change, LIVE_CHANNEL, PRESENCE_TIMEOUT_MILLIS, Signal, listen, parse_signal};
pub use secrets::{hash_secret, new_id, new_secret};
pub use snapshot::Snapshot;
pub use users::UserRecord;

pub use crate::models::DEMO_PROJECT_ID;

/// Runs CPU work proportional to a whole model on a blocking thread, so the
/// async threads keep answering everyone else.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StoreError::Worker(error.to_string()))
}

/// Milliseconds since 1970, the store's clock.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Deleted projects stay restorable this long, then they are purged.
pub const RESTORE_WINDOW_MILLIS: i64 = 30 * 24 * 60 * 60 * 1000;

use thiserror::Error;

/// What can go wrong in the store. The messages are safe to show an operator;
/// server functions turn them into user-facing errors without SQL details.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database URL names a database Seams does not support.
    #[error("unsupported database URL '{0}': use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    /// The database could not be reached or opened.
    #[error("cannot open database {url}: {source}")]
    Connect {
        /// The URL with any password hidden.
        url: String,
        /// The driver's reason.
        #[source]
        source: sqlx::Error,
    },
    /// Applying the migrations failed.
    #[error("cannot migrate database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database answers but is missing migrations this build expects.
    #[error("database is not migrated: {missing} migration(s) not applied")]
    NotMigrated {
        /// How many of this build's migrations are missing.
        missing: usize,
    },
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The thing asked for does not exist (or was deleted).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The email address belongs to another account.
    #[error("the email address is already registered")]
    EmailTaken,
    /// Someone else changed the same object after the writer's view of it.
    #[error("changed by {by} meanwhile (revision {revision}); reload to see their change")]
    Conflict {
        /// Who made the newer change.
        by: String,
        /// The revision of that change.
        revision: i64,
    },
    /// The edit cannot be applied.
    #[error("{0}")]
    Edit(#[from] engine::edit::EditError),
    /// The request breaks a rule (e.g. removing the last owner), said in both languages.
    #[error("{}", .0.en)]
    Refused(engine::text::Text),
    /// Work handed to a background thread did not finish (it panicked).
    #[error("a background step failed: {0}")]
    Worker(String),
    /// Stored data could not be read back (a bug or a hand-edited database).
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether the database could not be reached (it is restarting, shutting
    /// down, or the connection to it broke), as opposed to refusing the
    /// request: the same request will work once it is back.
    pub fn is_unreachable(&self) -> bool {
        match self {
            StoreError::Connect { .. } => true,
            StoreError::Database(error) => match error {
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                // SQLSTATE class 08 (connection exception) and 57P (the
                // server is shutting down or starting up).
                sqlx::Error::Database(db) => db
                    .code()
                    .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
                _ => false,
            },
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_database_is_told_apart_from_a_refused_request() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset");
        assert!(StoreError::Database(sqlx::Error::Io(io)).is_unreachable());
        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_unreachable());
        assert!(!StoreError::Database(sqlx::Error::RowNotFound).is_unreachable());
        assert!(!StoreError::NotFound("project").is_unreachable());
        assert!(!StoreError::EmailTaken.is_unreachable());
    }
}

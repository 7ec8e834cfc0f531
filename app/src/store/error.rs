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
}

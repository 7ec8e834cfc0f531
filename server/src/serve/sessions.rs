//! Sessions in the database (tower-sessions with its sqlx store), so a restart or
//! a second server process keeps everyone signed in.

use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session cookie's name.
pub const COOKIE: &str = "seams_session";

/// A session store on the same database as the rest of Seams.
#[derive(Clone, Debug)]
pub enum Store {
    /// Sessions in the SQLite file.
    Sqlite(SqliteStore),
    /// Sessions in PostgreSQL.
    Postgres(PostgresStore),
}

impl Store {
    /// Opens the store on its own small pool and creates its table if needed.
    pub async fn open(database_url: &str) -> anyhow::Result<Store> {
        let store = if database_url.starts_with("sqlite:") {
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect(database_url)
                .await
                .context("cannot open the session store")?;
            let store = SqliteStore::new(pool)
                .with_table_name("sessions")
                .map_err(anyhow::Error::msg)?;
            store
                .migrate()
                .await
                .context("cannot create the sessions table")?;
            Store::Sqlite(store)
        } else {
            let pool = PgPoolOptions::new()
                .max_connections(4)
                .connect(database_url)
                .await
                .context("cannot open the session store")?;
            let store = PostgresStore::new(pool);
            store
                .migrate()
                .await
                .context("cannot create the sessions table")?;
            Store::Postgres(store)
        };
        Ok(store)
    }

    /// Deletes expired sessions every hour, in the background.
    pub fn spawn_cleanup(&self) {
        let every = Duration::from_secs(60 * 60);
        match self.clone() {
            Store::Sqlite(store) => {
                tokio::spawn(store.continuously_delete_expired(every));
            }
            Store::Postgres(store) => {
                tokio::spawn(store.continuously_delete_expired(every));
            }
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn create(
        &self,
        record: &mut tower_sessions::session::Record,
    ) -> tower_sessions::session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(
        &self,
        record: &tower_sessions::session::Record,
    ) -> tower_sessions::session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(
        &self,
        id: &tower_sessions::session::Id,
    ) -> tower_sessions::session_store::Result<Option<tower_sessions::session::Record>> {
        match self {
            Store::Sqlite(s) => s.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(
        &self,
        id: &tower_sessions::session::Id,
    ) -> tower_sessions::session_store::Result<()> {
        match self {
            Store::Sqlite(s) => s.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

/// The session layer: HTTP-only, SameSite=Lax cookie (Secure when served over
/// HTTPS), expiring after 14 days without use.
pub fn layer(store: Store, secure: bool) -> SessionManagerLayer<Store> {
    SessionManagerLayer::new(store)
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)))
}

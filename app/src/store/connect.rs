use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use tokio::sync::{Mutex, Semaphore, broadcast};

use super::StoreError;
use super::live::{SIGNAL_BACKLOG, Signal};
use super::snapshot::Snapshots;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Which database a [`Db`] talks to; the few dialect differences key off it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file (the default; a single server process).
    Sqlite,
    /// A PostgreSQL server (several server processes may share it).
    Postgres,
}

impl Backend {
    /// Tells the backend from a database URL.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact_password(url)))
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// A connection pool to the Seams database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pub(super) pool: AnyPool,
    pub(super) backend: Backend,
    /// This process's change signals (SQLite; PostgreSQL uses LISTEN/NOTIFY).
    pub(super) signals: broadcast::Sender<Signal>,
    /// Commits and their signals happen in revision order (SQLite).
    pub(super) write_order: Arc<Mutex<()>>,
    /// Projects at their current revision, kept in memory.
    pub(super) snapshots: Arc<Snapshots>,
    /// Big model rewrites (imports, layers, restores) run one at a time (see `staged.rs`).
    pub(super) big_rewrites: Arc<Semaphore>,
}

impl Db {
    /// Opens the database and checks it answers. SQLite connections use WAL with
    /// `synchronous=FULL` so an acknowledged write survives a crash or power cut,
    /// enforce foreign keys, and wait for a busy writer instead of failing.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        let backend = Backend::from_url(url)?;
        install_default_drivers();
        let connect_error = |source| StoreError::Connect {
            url: redact_password(url),
            source,
        };
        // One direct connection first: its error names the real problem (refused,
        // unknown host, wrong password), where the pool would only time out.
        AnyConnection::connect(url)
            .await
            .map_err(connect_error)?
            .close()
            .await
            .map_err(connect_error)?;
        let options = AnyPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5));
        let options = match backend {
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(url).await.map_err(connect_error)?;
        Ok(Db {
            pool,
            backend,
            signals: broadcast::channel(SIGNAL_BACKLOG).0,
            write_order: Arc::new(Mutex::new(())),
            snapshots: Arc::new(Snapshots::default()),
            big_rewrites: Arc::new(Semaphore::new(1)),
        })
    }

    /// Applies the migrations this build carries that the database lacks.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Readiness: the database answers and every migration of this build is applied.
    pub async fn check_ready(&self) -> Result<(), StoreError> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await?;
        let missing = self
            .backend
            .migrator()
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .count();
        if missing > 0 {
            return Err(StoreError::NotMigrated { missing });
        }
        Ok(())
    }

    /// Runs one statement outside any transaction, for administration such as
    /// `CREATE DATABASE` in test set-ups.
    pub async fn execute_admin(&self, statement: &str) -> Result<(), StoreError> {
        sqlx::raw_sql(statement).execute(&self.pool).await?;
        Ok(())
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Waits for the connections in use to be returned, then closes them all.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Hides the password of a database URL so it can be logged or shown.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_the_password_only() {
        assert_eq!(
            redact_password("postgres://seams:secret@db:5432/seams"),
            "postgres://seams:***@db:5432/seams"
        );
        assert_eq!(
            redact_password("postgres://db/seams"),
            "postgres://db/seams"
        );
        assert_eq!(
            redact_password("sqlite://data/seams.db"),
            "sqlite://data/seams.db"
        );
    }

    #[test]
    fn rejects_other_databases() {
        assert!(matches!(
            Backend::from_url("mysql://root:pw@localhost/x"),
            Err(StoreError::UnsupportedUrl(u)) if u == "mysql://root:***@localhost/x"
        ));
        assert_eq!(
            Backend::from_url("sqlite::memory:").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgresql://h/d").ok(),
            Some(Backend::Postgres)
        );
    }
}

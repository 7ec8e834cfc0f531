//! Backups of an SQLite database taken while the server runs, and the check
//! that a file about to be restored is a whole Seams database.

use std::path::Path;

use sqlx::{AnyConnection, Connection, Row};

use super::StoreError;
use super::connect::{Backend, Db};

/// What a Seams database holds, to compare a backup with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// Every project (deleted ones too) with its revision, by id.
    pub projects: Vec<(String, i64)>,
    /// Accounts and guests.
    pub users: i64,
    /// Revisions recorded in the projects' histories.
    pub history_rows: i64,
}

impl Db {
    /// Writes a consistent copy of the whole SQLite database to `path` while
    /// the server keeps serving (`VACUUM INTO`: one read transaction, so the
    /// copy is the database at one moment; in WAL mode writers go on).
    /// PostgreSQL has its own tools for this (`pg_dump`), which Seams names
    /// rather than wraps.
    pub async fn back_up_into(&self, path: &Path) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            return Err(StoreError::Refused(engine::text::Text::new(
                "PostgreSQL 데이터베이스는 pg_dump --format=custom 으로 백업하고 pg_restore 로 복원하세요",
                "back a PostgreSQL database up with pg_dump --format=custom and restore it with pg_restore",
            )));
        }
        if path.exists() {
            return Err(StoreError::Refused(engine::text::Text::new(
                format!(
                    "{} 파일이 이미 있습니다; 다른 이름을 고르세요",
                    path.display()
                ),
                format!("{} already exists; choose another name", path.display()),
            )));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The projects, accounts and history rows this database holds.
    pub async fn inventory(&self) -> Result<Inventory, StoreError> {
        let mut conn = self.pool.acquire().await?;
        inventory_of(&mut conn).await
    }
}

async fn inventory_of(conn: &mut AnyConnection) -> Result<Inventory, StoreError> {
    let projects = sqlx::query("SELECT id, revision FROM projects ORDER BY id")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("revision")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let users = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await?;
    let history_rows = sqlx::query_scalar("SELECT COUNT(*) FROM history")
        .fetch_one(&mut *conn)
        .await?;
    Ok(Inventory {
        projects,
        users,
        history_rows,
    })
}

/// Checks that an SQLite file is a whole Seams database before it replaces
/// one: SQLite's integrity check passes and the Seams tables are there.
/// Returns its inventory.
pub async fn check_sqlite_backup(path: &Path) -> Result<Inventory, StoreError> {
    let mut conn = open_file(path, "ro").await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt(format!(
            "{} fails SQLite's integrity check: {verdict}",
            path.display()
        )));
    }
    let seams_tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('projects', 'users', 'history', '_sqlx_migrations')",
    )
    .fetch_one(&mut conn)
    .await?;
    if seams_tables != 4 {
        return Err(StoreError::Corrupt(format!(
            "{} is an SQLite file but not a Seams database",
            path.display()
        )));
    }
    let inventory = inventory_of(&mut conn).await?;
    conn.close().await?;
    Ok(inventory)
}

/// Whether another connection has the SQLite database at `path` open (a
/// running server): leaving WAL mode needs every other connection closed, so
/// the switch fails with SQLite's "busy" while one is. Only for a file about
/// to be replaced: it leaves the file in rollback-journal mode.
pub async fn sqlite_in_use(path: &Path) -> Result<bool, StoreError> {
    let mut conn = open_file(path, "rw").await?;
    let switched = sqlx::query("PRAGMA journal_mode = DELETE")
        .execute(&mut conn)
        .await;
    conn.close().await?;
    match switched {
        Ok(_) => Ok(false),
        // SQLITE_BUSY (5) and SQLITE_LOCKED (6).
        Err(sqlx::Error::Database(error)) if matches!(error.code().as_deref(), Some("5" | "6")) => {
            Ok(true)
        }
        Err(error) => Err(error.into()),
    }
}

/// One connection to an SQLite file, in `mode` (`ro` or `rw`: never created).
async fn open_file(path: &Path, mode: &str) -> Result<AnyConnection, StoreError> {
    let url = format!("sqlite://{}?mode={mode}", path.display());
    sqlx::any::install_default_drivers();
    AnyConnection::connect(&url)
        .await
        .map_err(|source| StoreError::Connect { url, source })
}

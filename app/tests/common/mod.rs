//! Test databases for the store suites: SQLite always, PostgreSQL too when
//! SEAMS_TEST_POSTGRES_URL points at a server where they may create databases.

use app::store::{Db, UserRecord, new_id};

/// The test databases of one test, one by one; the SQLite file's folder is
/// removed when the loop over them ends.
pub struct Databases {
    each: std::vec::IntoIter<(&'static str, Db, String)>,
    _scratch: tempfile::TempDir,
}

impl Iterator for Databases {
    type Item = (&'static str, Db, String);

    fn next(&mut self) -> Option<Self::Item> {
        self.each.next()
    }
}

/// A fresh, migrated database of each kind available: (kind, db, url).
pub async fn databases() -> Databases {
    let mut dbs = Vec::new();
    let scratch = tempfile::Builder::new()
        .prefix("seams-store-")
        .tempdir()
        .expect("a temporary folder");
    let sqlite_url = format!("sqlite://{}/test.db?mode=rwc", scratch.path().display());
    let sqlite = Db::connect(&sqlite_url).await.unwrap();
    sqlite.migrate().await.unwrap();
    dbs.push(("sqlite", sqlite, sqlite_url));
    if let Ok(admin_url) = std::env::var("SEAMS_TEST_POSTGRES_URL") {
        let name = format!("seams_test_{}", new_id());
        let admin = Db::connect(&admin_url)
            .await
            .expect("SEAMS_TEST_POSTGRES_URL must be reachable");
        admin
            .execute_admin(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        let postgres = Db::connect(&url).await.unwrap();
        postgres.migrate().await.unwrap();
        dbs.push(("postgres", postgres, url));
    }
    Databases {
        each: dbs.into_iter(),
        _scratch: scratch,
    }
}

/// A registered user.
pub async fn someone(db: &Db, name: &str) -> UserRecord {
    db.create_user(&format!("{name}@example.com"), name, "hash")
        .await
        .unwrap()
}
